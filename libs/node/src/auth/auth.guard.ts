import { ForbiddenException, Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { isRole, type Role } from '@liandong/shared';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { IS_PUBLIC, ROLES_KEY } from './auth.decorators';
import type { AuthUser, TokenClaims } from './auth-user';

/**
 * Global guard: every route needs a valid bearer token issued by this node unless marked @Public(),
 * and a route marked @Roles(...) needs one of those roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const [scheme, token] = (request.headers['authorization'] ?? '').split(' ');
    if (scheme !== 'Bearer' || token === undefined || token === '') {
      throw new UnauthorizedException('需要登录 (missing bearer token)');
    }
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new UnauthorizedException('登录已失效，请重新登录 (invalid or expired token)');
    }
    if (claims.node !== this.config.nodeId || !Array.isArray(claims.roles)) {
      throw new UnauthorizedException('登录已失效，请重新登录 (token not issued by this node)');
    }
    const user: AuthUser = { id: claims.sub, username: claims.username, roles: claims.roles.filter(isRole), nodeId: claims.node };
    request.user = user;

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (required !== undefined && !required.some((role) => user.roles.includes(role))) {
      throw new ForbiddenException(`无权限 (requires one of: ${required.join(', ')})`);
    }
    return true;
  }
}
