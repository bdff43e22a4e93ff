import { HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { CLOCK, type Clock } from '../clock/clock';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { UsersRepository } from '../users/users.repository';
import type { TokenClaims } from './auth-user';
import type { LoginResponse } from './login.dto';
import { LoginThrottleRepository } from './login-throttle.repository';
import { PasswordHasher } from './password-hasher';

/** The same answer for an unknown user and a wrong password, so a caller cannot tell which it was. */
const LOGIN_FAILED = '用户名或密码错误 (invalid username or password)';

/**
 * Login with lockout: after LOGIN_MAX_FAILURES failed attempts on one user name, known or not, logins with that name
 * are refused for LOGIN_LOCKOUT_SECONDS (429), even with the right password; a success clears the count. The lock
 * is timed by the node's clock; tokens expire after JWT_TTL_SECONDS of real time.
 */
@Injectable()
export class AuthService {
  /** Verified against when the user does not exist, so both failures take about the same time. */
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly users: UsersRepository,
    private readonly throttle: LoginThrottleRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async login(username: string, password: string): Promise<LoginResponse> {
    const now = this.clock.now();
    const previous = await this.throttle.find(username);
    const lockedUntil = previous?.lockedUntil == null ? null : Date.parse(previous.lockedUntil);
    if (lockedUntil !== null && lockedUntil > now.getTime()) throw locked(lockedUntil - now.getTime());

    const user = await this.users.findByUsername(username);
    let ok = false;
    if (user === null || !user.active) {
      this.dummyHash ??= this.hasher.hash('not-a-real-password');
      await this.hasher.verify(await this.dummyHash, password);
    } else {
      ok = await this.hasher.verify(user.passwordHash, password);
    }
    if (!ok || user === null) {
      // An expired lock starts the count again.
      const failures = (lockedUntil === null ? (previous?.failures ?? 0) : 0) + 1;
      const lock = failures >= this.config.login.maxFailures ? now.getTime() + this.config.login.lockoutSeconds * 1000 : null;
      await this.throttle.save({ username, failures, lastFailureAt: now.toISOString(), lockedUntil: lock === null ? null : new Date(lock).toISOString() });
      if (lock !== null) throw locked(lock - now.getTime());
      throw new UnauthorizedException(LOGIN_FAILED);
    }
    if (previous !== null) await this.throttle.clear(username);
    const claims: TokenClaims = {
      sub: user.id,
      username: user.username,
      roles: user.roles,
      node: this.config.nodeId,
      station: user.station,
    };
    const accessToken = await this.jwt.signAsync({ ...claims });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.jwtTtlSeconds,
      user: { id: user.id, username: user.username, roles: user.roles, nodeId: this.config.nodeId, station: user.station },
    };
  }
}

function locked(remainingMs: number): HttpException {
  const minutes = Math.max(1, Math.ceil(remainingMs / 60_000));
  return new HttpException(
    { statusCode: 429, error: 'Too Many Requests', message: `登录失败次数过多，账户已临时锁定，请 ${minutes} 分钟后再试 (too many failed logins; try again in ${minutes} min)` },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}
