import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json, raw } from 'express';
import { registerDecorator, type ValidationArguments } from 'class-validator';
import { checkIsoDate, type FieldError, type Validated } from '@liandong/shared';
import type { ErrorBody } from './http-error.filter';

/** Flattens class-validator errors to `{ field, reason }`, nested fields as dotted paths. */
export function fieldErrors(errors: ValidationError[], prefix = ''): Array<{ field: string; reason: string }> {
  return errors.flatMap((error) => {
    const field = prefix === '' ? error.property : `${prefix}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/** The global pipe: unknown fields are refused, types transformed, every problem named with its field. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const list = fieldErrors(errors);
      return new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: list.map((e) => `${e.field}: ${e.reason}`).join('; '),
        errors: list,
      });
    },
  });
}

/** JSON body parser that answers a malformed or oversized body with a JSON 4xx instead of an HTML page. */
export function jsonBodyParser(limit = '1mb'): RequestHandler {
  return guarded(json({ limit }), limit);
}

/** Raw body parser for one content type (e.g. an .xlsx upload), with the same JSON 4xx answers. */
export function rawBodyParser(type: string, limit: string): RequestHandler {
  return guarded(raw({ type, limit }), limit);
}

function guarded(parse: RequestHandler, limit: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (error?: unknown) => {
      if (error === undefined || error === null) return next();
      const e = error as { status?: number; type?: string; message?: string };
      const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 400;
      const reason =
        e.type === 'entity.too.large' ? `request body larger than ${limit}` : e.type === 'entity.parse.failed' ? 'malformed JSON' : (e.message ?? 'bad request body');
      const body: ErrorBody = { statusCode: status, error: 'Bad Request', message: `请求内容无效 (${reason})`, errors: [{ field: 'body', reason }] };
      res.status(status).json(body);
    });
  };
}

/** A 400 in the same shape as the validation pipe's: every field with its reason. */
export function badRequest(errors: readonly FieldError[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: errors.map((e) => `${e.field}: ${e.reason}`).join('; '),
    errors,
  });
}

/** The value of a successful validation, or a 400 listing every problem. */
export function validOrThrow<T>(result: Validated<T>): T {
  if (!result.ok) throw badRequest(result.errors);
  return result.value;
}

/** class-transformer `@Transform` for boolean query parameters: "true"/"false" become booleans, anything else stays for the validator to refuse. */
export const queryBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** class-validator decorator: a real calendar date written YYYY-MM-DD (checked by libs/shared's `checkIsoDate`). */
export function IsIsoDate(): PropertyDecorator {
  return (target: object, property: string | symbol) =>
    registerDecorator({
      name: 'isIsoDate',
      target: target.constructor,
      propertyName: String(property),
      validator: {
        validate: (value: unknown) => checkIsoDate(value) === null,
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? String(property)} must be a date YYYY-MM-DD (${String(checkIsoDate(args?.value))})`,
      },
    });
}
