import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';

/** The body of every error answer. `errors` lists field problems for a 400; `code` is stable for clients to branch on. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  /** Stable, machine-readable: the status's default (`ERROR_CODES`) or one an exception sets in its response object. */
  code: string;
  /** Chinese, for people; an English detail may follow in parentheses. */
  message: string;
  errors?: Array<{ field: string; reason: string }>;
}

/** The default `code` of an error answer by HTTP status. */
export const ERROR_CODES: Readonly<Record<number, string>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  431: 'HEADERS_TOO_LARGE',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** The default code for `status`: its own, else the class's (`CLIENT_ERROR`, `INTERNAL`). */
export function errorCode(status: number): string {
  return ERROR_CODES[status] ?? (status < 500 ? 'CLIENT_ERROR' : 'INTERNAL');
}

/** An exception response object may name its own stable code: upper-case letters, digits and `_`. */
const CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,63}$/;

/**
 * Turns every exception into a JSON error body. HttpExceptions keep their status; anything else is a 500 with
 * a generic message (the cause goes to the log, never to the client).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    // a route's own content type (`@Header('content-type', 'text/html')` of a printable notice) is not the error's
    res.setHeader('content-type', 'application/json; charset=utf-8');
    if (exception instanceof HttpException) {
      res.status(exception.getStatus()).json(toBody(exception));
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const body: ErrorBody = { statusCode: 500, error: 'Internal Server Error', code: 'INTERNAL', message: '服务器内部错误 (internal error)' };
    res.status(HttpStatus.INTERNAL_SERVER_ERROR).json(body);
  }
}

function toBody(exception: HttpException): ErrorBody {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return { statusCode: status, error: exception.name, code: errorCode(status), message: response };
  const r = response as Partial<ErrorBody> & { message?: string | string[] };
  const message = Array.isArray(r.message) ? r.message.join('; ') : (r.message ?? exception.message);
  const code = typeof r.code === 'string' && CODE_PATTERN.test(r.code) ? r.code : errorCode(status);
  const body: ErrorBody = { statusCode: status, error: r.error ?? exception.name, code, message };
  if (r.errors !== undefined) body.errors = r.errors;
  return body;
}
