import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json, raw } from 'express';
import { registerDecorator, type ValidationArguments } from 'class-validator';
import { checkIsoDate, type FieldError, type Validated } from '@liandong/shared';
import { errorCode, type ErrorBody } from './http-error.filter';
import { checkJsonLimits, queryParameterCount, type JsonLimits } from './json-limits';

/** Flattens class-validator errors to `{ field, reason }`, nested fields as dotted paths. */
export function fieldErrors(errors: ValidationError[], prefix = ''): Array<{ field: string; reason: string }> {
  return errors.flatMap((error) => {
    const field = prefix === '' ? error.property : `${prefix}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/** The most `{ field, reason }` entries a 400 lists; the last one then counts the rest. */
export const MAX_FIELD_ERRORS = 100;

/** The global pipe: unknown fields are refused, types transformed, every problem named with its field. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      // at most MAX_FIELD_ERRORS: 50 objects of 999 unknown fields each would otherwise answer with 5 MB
      const all = fieldErrors(errors);
      const list = all.length > MAX_FIELD_ERRORS ? [...all.slice(0, MAX_FIELD_ERRORS - 1), { field: 'body', reason: `and ${all.length - MAX_FIELD_ERRORS + 1} more problems` }] : all;
      return new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        code: 'VALIDATION_FAILED',
        message: list.map((e) => `${e.field}: ${e.reason}`).join('; '),
        errors: list,
      });
    },
  });
}

/** What a JSON body parser allows: the body's size (`'1mb'`) and the shape limits checked before parsing. */
export interface JsonBodyOptions extends JsonLimits {
  readonly limit: string;
}

/** The defaults of HTTP_JSON_MAX_DEPTH and HTTP_JSON_MAX_ARRAY with the 1 MB body limit. */
export const DEFAULT_JSON_BODY: JsonBodyOptions = { limit: '1mb', maxDepth: 32, maxArray: 1000 };

/** Thrown from body-parser's `verify` hook, which runs on the raw bytes before JSON.parse. */
class BodyRefused extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * JSON body parser that refuses, before parsing and at a cost linear in the size, a body nested deeper than
 * `maxDepth`, holding an array or an object with more than `maxArray` elements or members (400) or larger than
 * `limit` (413), and answers those and a
 * malformed body with a JSON error body instead of an HTML page.
 */
export function jsonBodyParser(options: JsonBodyOptions = DEFAULT_JSON_BODY): RequestHandler {
  const parse = json({
    limit: options.limit,
    verify: (_req, _res, buf, encoding) => {
      // JSON is UTF-8 (RFC 8259); the byte scan below relies on it.
      if (typeof encoding === 'string' && !/^utf-?8$/i.test(encoding)) throw new BodyRefused(415, 'charset.unsupported', 'UNSUPPORTED_MEDIA_TYPE', `charset ${encoding} not supported, send UTF-8`);
      const problem = checkJsonLimits(buf, options);
      if (problem !== null) throw new BodyRefused(400, 'json.limit', problem.code, problem.reason);
    },
  });
  return guarded(parse, options.limit);
}

/** Raw body parser for one content type (e.g. an .xlsx upload), with the same JSON 4xx answers. */
export function rawBodyParser(type: string, limit: string): RequestHandler {
  return guarded(raw({ type, limit }), limit);
}

const BODY_MESSAGES: Record<string, (reason: string) => string> = {
  JSON_TOO_DEEP: (reason) => `请求内容嵌套层数过多 (${reason})`,
  ARRAY_TOO_LONG: (reason) => `请求内容中的列表过长 (${reason})`,
  OBJECT_TOO_LARGE: (reason) => `请求内容中的字段过多 (${reason})`,
  BODY_TOO_LARGE: (reason) => `请求内容过大 (${reason})`,
  MALFORMED_JSON: (reason) => `请求内容不是有效的 JSON (${reason})`,
  UNSUPPORTED_MEDIA_TYPE: (reason) => `请求内容的编码不受支持 (${reason})`,
};

/** Key in `res.locals` of the note a refused body leaves for the audit log (the body itself is never parsed). */
export const BODY_REFUSAL = 'liandongBodyRefusal';
export interface BodyRefusalNote {
  readonly code: string;
  readonly reason: string;
}

/** The error answer of a body refused before validation: `{ statusCode, error, code, message, errors: [{ field: 'body', reason }] }`. */
export function bodyRefusal(status: number, code: string, reason: string, field = 'body'): ErrorBody {
  const message = (BODY_MESSAGES[code] ?? ((r: string) => `请求内容无效 (${r})`))(reason);
  return { statusCode: status, error: STATUS_TEXT[status] ?? 'Bad Request', code, message, errors: [{ field, reason }] };
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 413: 'Payload Too Large', 415: 'Unsupported Media Type' };

function guarded(parse: RequestHandler, limit: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (error?: unknown) => {
      if (error === undefined || error === null) return next();
      const refuse = (status: number, code: string, reason: string): void => {
        res.locals[BODY_REFUSAL] = { code, reason } satisfies BodyRefusalNote;
        res.status(status).json(bodyRefusal(status, code, reason));
      };
      const e = error as { status?: number; type?: string; message?: string; code?: unknown };
      // body-parser's own errors carry `type`; ours (from `verify`) also a `code`.
      if (e.type === 'entity.too.large') return refuse(413, 'BODY_TOO_LARGE', `request body larger than ${limit}`);
      if (e.type === 'entity.parse.failed') return refuse(400, 'MALFORMED_JSON', 'malformed JSON');
      const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 400;
      refuse(status, typeof e.code === 'string' ? e.code : errorCode(status), (e.message ?? 'bad request body').slice(0, 200));
    });
  };
}

/**
 * Bounds the query string before Express parses it (lazily, on the first read of `req.query`): Express 5 uses Node's
 * `querystring` (flat keys, no nesting: `a[b][c]=1` is the key `a[b][c]`), where repeated keys make an array, so more
 * than `maxArray` parameters are refused with 400 ARRAY_TOO_LONG.
 */
export function queryLimits(maxArray: number): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (queryParameterCount(req.url) <= maxArray) return next();
    res.locals[BODY_REFUSAL] = { code: 'ARRAY_TOO_LONG', reason: `more than ${maxArray} query parameters` } satisfies BodyRefusalNote;
    res.status(400).json(bodyRefusal(400, 'ARRAY_TOO_LONG', `more than ${maxArray} query parameters`, 'query'));
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
