import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';

/** The body of every error answer. `errors` lists field problems for a 400. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: Array<{ field: string; reason: string }>;
}

/**
 * Turns every exception into a JSON error body. HttpExceptions keep their status; anything else is a 500 with
 * a generic message (the cause goes to the log, never to the client).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      res.status(exception.getStatus()).json(toBody(exception));
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const body: ErrorBody = { statusCode: 500, error: 'Internal Server Error', message: '服务器内部错误 (internal error)' };
    res.status(HttpStatus.INTERNAL_SERVER_ERROR).json(body);
  }
}

function toBody(exception: HttpException): ErrorBody {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return { statusCode: status, error: exception.name, message: response };
  const r = response as Partial<ErrorBody> & { message?: string | string[] };
  const message = Array.isArray(r.message) ? r.message.join('; ') : (r.message ?? exception.message);
  const body: ErrorBody = { statusCode: status, error: r.error ?? exception.name, message };
  if (r.errors !== undefined) body.errors = r.errors;
  return body;
}
