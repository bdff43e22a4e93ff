import type { INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { ROLES } from '@liandong/shared';
import { routeDeclarations, type RouteDeclaration } from '../access/route-declarations';
import { ERROR_CODES } from './http-error.filter';

/** A class (a DTO, a controller). */
type Constructor = abstract new (...args: never[]) => unknown;

/** A JSON schema of the document, as far as this file reads and writes it. */
type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema; required?: string[] };

interface Operation {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>;
  requestBody?: unknown;
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
  security?: unknown[];
}

/** The schema of every error answer (`ErrorBody` in http-error.filter.ts). */
export const ERROR_BODY_SCHEMA: Schema = {
  type: 'object',
  required: ['statusCode', 'error', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer', minimum: 400, maximum: 599 },
    error: { type: 'string' },
    code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]+$', description: `stable error code; by default from the status: ${Object.values(ERROR_CODES).join(', ')}; a request refused before validation: JSON_TOO_DEEP, ARRAY_TOO_LONG, OBJECT_TOO_LARGE, BODY_TOO_LARGE, MALFORMED_JSON` },
    message: { type: 'string', description: 'Chinese, for people (an English detail may follow in parentheses)' },
    errors: {
      type: 'array',
      description: 'for a 400: every field with its problem (`body` or `query` for a request refused before validation)',
      items: { type: 'object', required: ['field', 'reason'], properties: { field: { type: 'string' }, reason: { type: 'string' } } },
    },
  },
};

const ERROR_DESCRIPTIONS: Record<string, string> = {
  '400': '请求无效 (invalid request: a field, the query, or the body refused before validation: JSON_TOO_DEEP, ARRAY_TOO_LONG, OBJECT_TOO_LARGE, MALFORMED_JSON)',
  '401': '需要登录或登录已失效 (missing, invalid or expired bearer token)',
  '403': '无权限 (the user lacks the role, or this node’s tier does not offer the route)',
  '404': '不存在 (not found)',
  '409': '与当前状态冲突 (conflicts with the current state)',
  '413': '请求内容过大 (BODY_TOO_LARGE: over 1 MB; 20 MB for the catalogue import)',
  '415': '请求内容的编码不受支持 (a JSON body not in UTF-8)',
  '429': '请求过于频繁 (too many requests)',
};

const WRITES = new Set(['post', 'put', 'patch', 'delete']);

/**
 * Completes the generated OpenAPI document so that a client or a contract tester can trust it (ADR 0015):
 * - every constraint the server checks with class-validator (length, pattern, range, array size, enum, integer)
 *   appears in the schemas of the bodies and in the query parameters;
 * - every operation lists the error answers it can really give, from its route metadata (`@Public`, `@Roles`,
 *   `@Tiers`, path parameters, write method), with the `ErrorBody` schema; 409 and 429 come from explicit
 *   `@ApiConflictResponse` / `@ApiTooManyRequestsResponse` or, for 409, from being an authenticated write.
 */
export function completeContract(document: OpenAPIObject, app: INestApplication): OpenAPIObject {
  const schemas = (document.components ??= {}).schemas ?? ((document.components.schemas = {}) as Record<string, Schema>);
  schemas['ErrorBody'] = ERROR_BODY_SCHEMA;
  const targets = validationTargets();
  for (const [name, schema] of Object.entries(schemas as Record<string, Schema>)) {
    const target = targets.get(name);
    if (target !== undefined) applyConstraints(schema, target);
    for (const [property, propertySchema] of Object.entries(schema.properties ?? {})) (schema.properties as Record<string, Schema>)[property] = nullableReference(propertySchema);
  }

  const declarations = new Map(routeDeclarations(app).map((r) => [r.handler, r]));
  const queryTypes = queryDtoTypes(app);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item as Record<string, Operation>)) {
      if (typeof value !== 'object' || value === null || !('responses' in value)) continue;
      const operation = value;
      const handler = operation.operationId?.replace('_', '.');
      const route = handler === undefined ? undefined : declarations.get(handler);
      const query = handler === undefined ? undefined : queryTypes.get(handler);
      if (query !== undefined) {
        const constraints = constraintsByProperty(query);
        for (const parameter of operation.parameters ?? []) {
          if (parameter.in === 'query' && parameter.schema !== undefined) applyTo(parameter.schema, constraints.get(parameter.name) ?? []);
        }
      }
      for (const parameter of operation.parameters ?? []) if (parameter.in === 'path') parameter.required = true;
      documentErrors(operation, method, path, route);
    }
  }
  // Nothing refers to the placeholder schema of untyped properties any more.
  if (!JSON.stringify(document).includes('#/components/schemas/Object"')) delete (schemas as Record<string, Schema>)['Object'];
  return document;
}

function documentErrors(operation: Operation, method: string, path: string, route: RouteDeclaration | undefined): void {
  const statuses = new Set<string>(['400']);
  const isPublic = route?.isPublic ?? false;
  if (!isPublic) {
    statuses.add('401');
    const everyRole = route?.roles !== null && route?.roles !== undefined && ROLES.every((r) => route.roles?.includes(r));
    if (!everyRole || route?.tiers !== null) statuses.add('403');
    // an authenticated write may conflict with the state, or name something that does not exist (an item, a case)
    if (WRITES.has(method)) {
      statuses.add('404');
      statuses.add('409');
    }
  }
  if (path.includes('{')) statuses.add('404');
  // every request's JSON body is read (a GET's too) and may be too large or not UTF-8
  statuses.add('413');
  statuses.add('415');
  for (const status of statuses) operation.responses[status] ??= { description: ERROR_DESCRIPTIONS[status] as string };
  // every error answer, documented here or by a decorator, has the error body
  for (const [status, response] of Object.entries(operation.responses)) {
    if (Number(status) >= 400) response.content = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };
  }
}

/**
 * `@ApiProperty({ type: Dto, nullable: true })` gives `{ nullable: true, allOf: [{ $ref }] }`, which OpenAPI 3.0.3 reads
 * as "never null" (nullable only widens a `type` in the same schema, and the reference still refuses null): written as
 * `anyOf` of the reference and null instead.
 */
function nullableReference(schema: Schema): Schema {
  const allOf = schema['allOf'];
  if (schema['nullable'] !== true || !Array.isArray(allOf) || allOf.length !== 1) return schema;
  const rest: Schema = { ...schema };
  delete rest['allOf'];
  delete rest['type'];
  delete rest['nullable'];
  return { ...rest, anyOf: [allOf[0] as Schema, { type: 'object', nullable: true, enum: [null] }] };
}

/** Every class with class-validator metadata, by name (the name @nestjs/swagger gives its schema). */
function validationTargets(): Map<string, Constructor> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Constructor, ValidationMetadata[]> };
  const targets = new Map<string, Constructor>();
  for (const target of storage.validationMetadatas.keys()) if (typeof target === 'function' && !targets.has(target.name)) targets.set(target.name, target);
  return targets;
}

function constraintsByProperty(target: Constructor): Map<string, ValidationMetadata[]> {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) {
    byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  }
  return byProperty;
}

function applyConstraints(schema: Schema, target: Constructor): void {
  const constraints = constraintsByProperty(target);
  for (const [property, propertySchema] of Object.entries(schema.properties ?? {})) applyTo(propertySchema, constraints.get(property) ?? []);
}

/** Writes class-validator constraints into a property schema; a keyword already set (by @ApiProperty) is kept. */
function applyTo(schema: Schema, metadata: readonly ValidationMetadata[]): void {
  // A property without a TypeScript type annotation (`offset = 0`) is documented as `allOf: [Object]`: the validators say what it is.
  const allOf = schema['allOf'];
  if (Array.isArray(allOf) && allOf.length === 1 && (allOf[0] as Schema)['$ref'] === '#/components/schemas/Object' && metadata.some((m) => TYPES[m.name ?? ''] !== undefined)) delete schema['allOf'];
  for (const m of metadata) {
    if (m.each === true) {
      if (schema.type === 'array' && schema.items !== undefined && !('$ref' in schema.items)) applyOne(schema.items, m);
    } else {
      applyOne(schema, m);
    }
  }
}

/** The JSON type a class-validator type check implies. */
const TYPES: Record<string, string> = { isInt: 'integer', isBoolean: 'boolean', isString: 'string', isNumber: 'number' };

function applyOne(schema: Schema, m: ValidationMetadata): void {
  if ('$ref' in schema || 'allOf' in schema) return;
  const c = (m.constraints ?? []) as unknown[];
  const set = (key: string, value: unknown): void => {
    if (schema[key] === undefined && value !== undefined && value !== null) schema[key] = value;
  };
  switch (m.name) {
    case 'isLength':
      set('minLength', c[0]);
      set('maxLength', c[1]);
      break;
    case 'minLength':
      set('minLength', c[0]);
      break;
    case 'maxLength':
      set('maxLength', c[0]);
      break;
    case 'matches':
      if (c[0] instanceof RegExp && c[0].flags.replace(/[gsu]/g, '') === '') set('pattern', c[0].source);
      else if (typeof c[0] === 'string' && (c[1] === undefined || c[1] === '')) set('pattern', c[0]);
      break;
    case 'min':
      set('minimum', c[0]);
      break;
    case 'max':
      set('maximum', c[0]);
      break;
    case 'arrayMinSize':
      set('minItems', c[0]);
      break;
    case 'arrayMaxSize':
      set('maxItems', c[0]);
      break;
    case 'arrayUnique':
      set('uniqueItems', true);
      break;
    case 'isIn':
      if (Array.isArray(c[0]) && c[0].every((v) => ['string', 'number'].includes(typeof v))) set('enum', [...c[0]]);
      break;
    case 'isEnum':
      if (typeof c[0] === 'object' && c[0] !== null) set('enum', [...new Set(Object.values(c[0]).filter((v) => typeof v === 'string' || typeof v === 'number'))]);
      break;
    case 'isInt':
    case 'isBoolean':
    case 'isString':
    case 'isNumber':
      if (schema.type === undefined || (m.name === 'isInt' && schema.type === 'number')) schema.type = TYPES[m.name];
      break;
    case 'isUuid':
      set('format', 'uuid');
      break;
    case 'isIsoDate':
      set('format', 'date');
      set('pattern', '^\\d{4}-\\d{2}-\\d{2}$');
      break;
    case 'isNotEmpty':
      if (schema.type === 'string') set('minLength', 1);
      break;
    default:
      break;
  }
}

/** The class of each handler's `@Query()` DTO, by `Controller.method`. */
function queryDtoTypes(app: INestApplication): Map<string, Constructor> {
  const types = new Map<string, Constructor>();
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const controller = wrapper.metatype as Constructor | null;
    if (controller === null || typeof controller !== 'function') continue;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { index: number; data?: unknown }>;
      const paramTypes = (Reflect.getMetadata('design:paramtypes', prototype, name) ?? []) as Constructor[];
      for (const [key, arg] of Object.entries(args)) {
        if (Number(key.split(':')[0]) !== RouteParamtypes.QUERY || arg.data !== undefined) continue;
        const type = paramTypes[arg.index];
        if (typeof type === 'function' && type !== Object) types.set(`${controller.name}.${name}`, type);
      }
    }
  }
  return types;
}
