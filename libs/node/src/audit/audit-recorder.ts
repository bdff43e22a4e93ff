import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { isRole } from '@liandong/shared';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AuthUser, TokenClaims } from '../access/auth-user';
import { CLOCK, type Clock } from '../clock/clock';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { BODY_REFUSAL, type BodyRefusalNote } from '../http/validation';
import { summarizeBody } from './audit-summary';
import { AuditRepository } from './audit.repository';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Maps a request to its route pattern (`/cases/:caseId`) when no route handled it (refused before routing); null if none matches. */
export type RoutePatternOf = (method: string, path: string) => string | null;

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
    private readonly modules: ModuleRef,
  ) {}

  /**
   * Express middleware: records each write request when its response has been sent, also one refused before any
   * route or guard ran (a body refused by the parser, a 405): `routeOf` names its route pattern then.
   */
  middleware(routeOf: RoutePatternOf = () => null): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      if (WRITES.has(req.method)) res.once('finish', () => void this.record(req as Request & { user?: AuthUser }, res, routeOf));
      next();
    };
  }

  private async record(req: Request & { user?: AuthUser }, res: Response, routeOf: RoutePatternOf): Promise<void> {
    // `req.path` is relative inside a mounted middleware (the import route's parser): the original URL is not
    const path = (req.originalUrl ?? req.url).split('?')[0] ?? '/';
    const route = (req.route as { path?: string } | undefined)?.path ?? safe(() => routeOf(req.method, path), null) ?? path;
    try {
      const refused = res.locals[BODY_REFUSAL] as BodyRefusalNote | undefined;
      const body = refused === undefined ? (req.body as unknown) : undefined;
      const attempted =
        route === '/auth/login' && typeof body === 'object' && body !== null && typeof (body as Record<string, unknown>)['username'] === 'string'
          ? ((body as Record<string, unknown>)['username'] as string)
          : null;
      const actor = req.user ?? (await this.tokenHolder(req));
      await this.audit.append({
        id: randomUUID(),
        at: this.clock.now().toISOString(),
        node: this.config.nodeId,
        actor: (actor?.username ?? attempted ?? 'anonymous').slice(0, 64),
        roles: (actor?.roles ?? []).join(',').slice(0, 200),
        method: req.method,
        route: String(route).slice(0, 200),
        target: summarizeBody(req.params ?? {}).slice(0, 500),
        status: res.statusCode,
        summary: refused === undefined ? summarizeBody(body) : `<refused before validation: ${refused.code}, ${refused.reason}; ${String(req.headers['content-length'] ?? '?')} bytes>`,
      });
    } catch (error) {
      this.logger.error(`audit entry not written for ${req.method} ${String(route).slice(0, 200)}: ${String(error)}`);
    }
  }

  /**
   * The holder of the request's bearer token when the guard did not run (the request was refused before it): only a
   * token this node signed, for this node, with an expiry, verified by the node's JwtService; never an unverified one.
   */
  private async tokenHolder(req: Request): Promise<Pick<AuthUser, 'username' | 'roles'> | null> {
    const [scheme, token] = (req.headers['authorization'] ?? '').split(' ');
    if (scheme !== 'Bearer' || token === undefined || token === '' || token.length > 4096) return null;
    try {
      const claims = await this.modules.get(JwtService, { strict: false }).verifyAsync<TokenClaims>(token);
      if (claims.node !== this.config.nodeId || typeof claims.username !== 'string' || typeof claims.exp !== 'number') return null;
      return { username: claims.username, roles: Array.isArray(claims.roles) ? claims.roles.filter(isRole) : [] };
    } catch {
      return null;
    }
  }
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}
