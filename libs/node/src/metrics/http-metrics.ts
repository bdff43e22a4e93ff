import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Counter, Histogram } from 'prom-client';
import { MetricsService } from './metrics.service';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** The route label of a request no route matched (a 404, or a body refused before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

type HttpLabel = 'method' | 'route' | 'status';

/**
 * The route label of a finished request: the matched route's pattern (`/cases/:caseId`), never the URL, so no case
 * id, query string or personal data reaches a label, and the label set stays small. A route that answers more than one
 * method is a middleware's (Nest mounts module middleware on `/{*path}` for every method; each controller route here
 * has one), so a request whose last route is such a one matched no controller route.
 */
export function routeLabel(req: Pick<Request, 'route' | 'baseUrl'>): string {
  const route = req.route as { path?: unknown; methods?: Record<string, boolean> } | undefined;
  if (route === undefined || typeof route.path !== 'string' || Object.keys(route.methods ?? {}).length !== 1) return UNMATCHED_ROUTE;
  return `${req.baseUrl ?? ''}${route.path}`;
}

/**
 * Counts every HTTP request and its duration, by method, matched route and status. `handle` is the first Express
 * middleware of the app (`createNodeApp`), so requests refused before routing (a bad JSON body, a 404) count too.
 */
@Injectable()
export class HttpMetrics {
  private readonly requests: Counter<HttpLabel>;
  private readonly duration: Histogram<HttpLabel>;

  constructor(metrics: MetricsService) {
    const labelNames: HttpLabel[] = ['method', 'route', 'status'];
    this.requests = metrics.counter({ name: 'liandong_http_requests_total', help: 'HTTP requests answered, by method, matched route and status', labelNames });
    this.duration = metrics.histogram({
      name: 'liandong_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, matched route and status',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
  }

  readonly handle = (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const labels = { method: METHODS.has(req.method) ? req.method : 'OTHER', route: routeLabel(req), status: String(res.statusCode) };
      this.requests.inc(labels);
      this.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
