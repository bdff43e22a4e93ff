import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CLOCK, type Clock } from '../clock/clock';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { summarizeBody } from './audit-summary';
import { AuditRepository } from './audit.repository';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * 全程留痕: every write request (POST, PUT, PATCH, DELETE) is appended to the audit log once its response is sent,
 * allowed or refused (401, 403, 400, 409 …): actor, roles, node, time, route pattern, parameters, status and a masked
 * summary of the body. Login attempts carry the user name tried.
 */
@Injectable()
export class AuditRecorder {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly audit: AuditRepository,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Express middleware: records each write request when its response has been sent. */
  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      if (WRITES.has(req.method)) res.once('finish', () => void this.record(req as Request & { user?: AuthUser }, res.statusCode));
      next();
    };
  }

  private async record(req: Request & { user?: AuthUser }, status: number): Promise<void> {
    const body = req.body as Record<string, unknown> | undefined;
    const route = String((req.route as { path?: string } | undefined)?.path ?? req.path);
    const attempted = route === '/auth/login' && typeof body?.['username'] === 'string' ? body['username'] : null;
    try {
      await this.audit.append({
        id: randomUUID(),
        at: this.clock.now().toISOString(),
        node: this.config.nodeId,
        actor: (req.user?.username ?? attempted ?? 'anonymous').slice(0, 64),
        roles: (req.user?.roles ?? []).join(',').slice(0, 200),
        method: req.method,
        route: route.slice(0, 200),
        target: summarizeBody(req.params ?? {}).slice(0, 500),
        status,
        summary: summarizeBody(req.body),
      });
    } catch (error) {
      this.logger.error(`audit entry not written for ${req.method} ${route}: ${String(error)}`);
    }
  }
}
