import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@liandong/shared';
import type { AuthUser } from './auth-user';

export const IS_PUBLIC = 'liandong:isPublic';
export const ROLES_KEY = 'liandong:roles';

/** Opens a route to anyone: only login, health, metrics, docs and the public progress query use it. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Restricts a route to users holding at least one of `roles`. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** The authenticated user of the request. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
