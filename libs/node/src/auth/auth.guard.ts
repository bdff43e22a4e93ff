import { ForbiddenException, Inject, Injectable, Logger, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { isRole, TIER_NAMES_ZH, type Role, type Tier } from '@liandong/shared';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { UserSessionCache } from '../users/user-session-cache';
import { IS_PUBLIC, ROLES_KEY, TIERS_KEY } from '../access/auth.decorators';
import type { AuthUser, TokenClaims } from '../access/auth-user';

/** A 401 the web app answers by returning to the login page with `message`. */
function sessionRefused(code: string, message: string): UnauthorizedException {
  return new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code, message });
}

/**
 * Global guard: every route needs a valid bearer token issued by this node unless marked @Public(), with an expiry,
 * of a user who exists, is active and has not had their sessions ended since (session version `sv`); one of the roles
 * its @Roles(...) names, and, with @Tiers(...), a node of one of those tiers. A route that declares no roles is
 * refused (fail closed).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly sessions: UserSessionCache,
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
    if (claims.node !== this.config.nodeId || typeof claims.sub !== 'string') {
      throw new UnauthorizedException('登录已失效，请重新登录 (token not issued by this node)');
    }
    if (typeof claims.exp !== 'number') throw sessionRefused('TOKEN_INVALID', '登录已失效，请重新登录 (token without expiry)');
    // the user as this node holds it now: roles and station come from the account, not from the token
    const account = await this.sessions.get(claims.sub);
    if (account === null) throw sessionRefused('SESSION_ENDED', '账户不存在，请重新登录 (unknown user)');
    if (!account.active) throw sessionRefused('ACCOUNT_DISABLED', '账户已停用，请联系管理员 (account disabled)');
    if (claims.sv !== account.sessionVersion) throw sessionRefused('SESSION_ENDED', '会话已结束（密码已修改或管理员结束了会话），请重新登录 (session ended)');
    const user: AuthUser = {
      id: account.id,
      username: account.username,
      roles: account.roles.filter(isRole),
      nodeId: claims.node,
      station: account.station,
    };
    request.user = user;

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (required === undefined || required.length === 0) {
      this.logger.error(`route ${context.getClass().name}.${context.getHandler().name} declares no roles: refused`);
      throw new ForbiddenException('无权限 (this route declares no roles)');
    }
    if (!required.some((role) => user.roles.includes(role))) {
      throw new ForbiddenException(`无权限 (requires one of: ${required.join(', ')})`);
    }
    const tiers = this.reflector.getAllAndOverride<Tier[] | undefined>(TIERS_KEY, targets);
    if (tiers !== undefined && !tiers.includes(this.config.tier)) {
      throw new ForbiddenException(`本节点（${TIER_NAMES_ZH[this.config.tier]}级）不办理此业务 (offered on: ${tiers.join(', ')})`);
    }
    return true;
  }
}
