import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ROLES, type Role, type Tier } from '@liandong/shared';
import type { AuthUser } from './auth-user';

export const IS_PUBLIC = 'liandong:isPublic';
export const ROLES_KEY = 'liandong:roles';
export const TIERS_KEY = 'liandong:tiers';

/** Every staff role, for routes any logged-in user may call (e.g. reading the catalogue). */
export const ALL_ROLES: readonly Role[] = ROLES;
/** Staff who work on cases at the centre (not village assistants, who see only their station's drafts). */
export const CASE_STAFF: readonly Role[] = ['admin', 'window_clerk', 'approver', 'supervisor'];

/** Opens a route to anyone: only login, health, metrics, docs and the public progress query use it. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * Restricts a route to users holding at least one of `roles`. Every route declares its roles (or is @Public()): the
 * guard refuses a route that declares neither, and the route matrix test lists it.
 */
export const Roles = (...roles: readonly Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, [...roles]);

/** Offers a route only on nodes of these tiers (e.g. 督办 is sent from the city and districts); elsewhere 403. */
export const Tiers = (...tiers: readonly Tier[]): MethodDecorator & ClassDecorator => SetMetadata(TIERS_KEY, [...tiers]);

/** The authenticated user of the request. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
