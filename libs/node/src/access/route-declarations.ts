import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Role, Tier } from '@liandong/shared';
import { IS_PUBLIC, ROLES_KEY, TIERS_KEY } from './auth.decorators';

/** One HTTP route of the node as its decorators declare it. */
export interface RouteDeclaration {
  readonly method: string;
  /** The path with Nest's parameters, e.g. `/cases/:caseId/approve`. */
  readonly path: string;
  readonly isPublic: boolean;
  /** Null when the route declares no roles (only allowed on public routes). */
  readonly roles: readonly Role[] | null;
  /** Null when the route is offered on every tier. */
  readonly tiers: readonly Tier[] | null;
  readonly handler: string;
}

/**
 * Every controller route of `app` with its access declaration, read from the same metadata the guard reads
 * (method first, then class). The route matrix test and the boot-time check both use it, so a new route cannot
 * skip either.
 */
export function routeDeclarations(app: INestApplication): RouteDeclaration[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: RouteDeclaration[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (instance === undefined || wrapper.metatype === null) continue;
    const controller = wrapper.metatype as object;
    const prefixes = ([] as string[]).concat((Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined) ?? '');
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, unknown>)[name] as object;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const paths = ([] as string[]).concat((Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined) ?? '');
      const targets = [handler, controller] as Array<() => void>;
      for (const prefix of prefixes) {
        for (const path of paths) {
          routes.push({
            method: RequestMethod[method],
            path: `/${[prefix, path].map((p) => p.replace(/^\/+|\/+$/g, '')).filter((p) => p !== '').join('/')}`,
            isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true,
            roles: reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? null,
            tiers: reflector.getAllAndOverride<Tier[] | undefined>(TIERS_KEY, targets) ?? null,
            handler: `${(controller as { name: string }).name}.${name}`,
          });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** Routes that declare neither @Public() nor @Roles(...): the guard refuses them, and tests fail on them. */
export function undeclaredRoutes(routes: readonly RouteDeclaration[]): RouteDeclaration[] {
  return routes.filter((r) => !r.isPublic && (r.roles === null || r.roles.length === 0));
}
