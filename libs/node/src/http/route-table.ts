import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { bodyRefusal } from './validation';
import type { ErrorBody } from './http-error.filter';

/** A route as the table needs it: its method and its Nest path (`/cases/:caseId`). */
export interface RouteEntry {
  readonly method: string;
  readonly path: string;
}

interface CompiledRoute extends RouteEntry {
  readonly pattern: RegExp;
}

/**
 * The node's API routes by path, to answer methods a path does not have (405 with `Allow`) and to name the route
 * pattern of a request refused before routing (the audit log). Paths match like Express's router: case-insensitive,
 * an optional trailing slash, `:param` one non-empty segment.
 */
export class RouteTable {
  private readonly routes: CompiledRoute[];
  private readonly methods: ReadonlySet<string>;

  constructor(routes: readonly RouteEntry[]) {
    this.routes = routes.map((r) => ({ ...r, pattern: compile(r.path) }));
    this.methods = new Set(routes.map((r) => r.method));
  }

  /** The methods routes offer on `path` (empty when no route has the path). */
  allowed(path: string): string[] {
    const methods = new Set(this.routes.filter((r) => r.pattern.test(path)).map((r) => r.method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  }

  /** The pattern of the route for `method` and `path`, else of any route with the path, else null. */
  patternOf(method: string, path: string): string | null {
    const matching = this.routes.filter((r) => r.pattern.test(path));
    return (matching.find((r) => r.method === method) ?? matching[0])?.path ?? null;
  }

  /** True when some route uses `method` (GET and HEAD and OPTIONS always count: static files and Express answer them). */
  usesMethod(method: string): boolean {
    return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || this.methods.has(method);
  }
}

function compile(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`, 'i');
}

/** Methods the web app's static files answer on any path that is not an API route. */
const STATIC_ALLOW = ['GET', 'HEAD'];

function methodNotAllowedBody(method: string, allow: readonly string[]): ErrorBody {
  const body = bodyRefusal(405, 'METHOD_NOT_ALLOWED', `${method} not allowed here; allowed: ${allow.join(', ')}`, 'method');
  return { ...body, error: 'Method Not Allowed', message: `不支持此请求方法 (${method} not allowed; allowed: ${allow.join(', ')})` };
}

/**
 * Express middleware: a method the path's routes do not offer (a POST to a read-only path), or one no route has at
 * all (TRACE, PROPFIND …, on any path), is answered 405 with `Allow` and a JSON error body; OPTIONS on an API path
 * is 204 with `Allow`; anything else goes on (an unknown path to 404). `table` is read per request, as the routes exist only once the app is initialised.
 */
export function methodNotAllowed(table: () => RouteTable | null): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const routes = table();
    if (routes === null) return next();
    const allow = routes.allowed(req.path);
    // OPTIONS on an API path: what it offers (Nest registers no OPTIONS handler; an unknown path stays 404)
    if (req.method === 'OPTIONS') {
      if (allow.length === 0) return next();
      res.setHeader('allow', [...allow, 'OPTIONS'].join(', '));
      return void res.status(204).end();
    }
    if (allow.length > 0 ? allow.includes(req.method) : routes.usesMethod(req.method)) return next();
    const offered = allow.length > 0 ? allow : STATIC_ALLOW;
    res.setHeader('allow', offered.join(', '));
    res.status(405).json(methodNotAllowedBody(req.method, offered));
  };
}

/** HTTP parser errors Node answers itself, before the app sees the request, by its error code. */
const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'HEADERS_TOO_LARGE', '请求头过大 (request line and headers over 16 KB)'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'REQUEST_TIMEOUT', '请求超时 (request timeout)'],
};

/**
 * Node's HTTP server answers a request it cannot parse (headers over 16 KB, a malformed request line, a timeout)
 * before the app sees it, with an empty body: answer with the JSON error body instead, then close. Such a request
 * has no trustworthy method, route or user, so it is not in the audit log.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, code, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'BAD_REQUEST', '请求格式错误 (malformed HTTP request)'];
    const body = JSON.stringify({ statusCode: status, error: status === 400 ? 'Bad Request' : code, code, message } satisfies ErrorBody);
    socket.on('error', () => undefined);
    socket.end(`HTTP/1.1 ${status} ${code}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`, () => socket.destroy());
  });
}

/**
 * Node's HTTP server hands CONNECT requests to a 'connect' listener instead of the app (without one it drops the
 * connection): answer them 405 with the same JSON error body, then close.
 */
export function refuseConnect(server: Server): void {
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    const body = JSON.stringify(methodNotAllowedBody('CONNECT', STATIC_ALLOW));
    socket.on('error', () => undefined);
    socket.end(
      `HTTP/1.1 405 Method Not Allowed\r\nallow: ${STATIC_ALLOW.join(', ')}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      () => socket.destroy(),
    );
    req.resume();
  });
}
