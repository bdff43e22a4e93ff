import { HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { passwordProblem, type FieldError } from '@liandong/shared';
import { CLOCK, type Clock } from '../clock/clock';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { badRequest } from '../http/validation';
import type { UserEntity } from '../persistence/user.entity';
import { AccountLocksRepository } from '../users/account-locks.repository';
import { UsersRepository } from '../users/users.repository';
import { UsersService } from '../users/users.service';
import type { AuthUser, TokenClaims } from '../access/auth-user';
import type { LoginResponse } from './login.dto';
import { LoginThrottleRepository } from './login-throttle.repository';
import { PasswordHasher } from '../users/password-hasher';

/** The same answer for an unknown user and a wrong password, so a caller cannot tell which it was. */
const LOGIN_FAILED = '用户名或密码错误 (invalid username or password)';

/** A 429 whose `Retry-After` (seconds) the controller puts in the answer's header. */
export class LoginThrottledException extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    body: { code: string; message: string },
  ) {
    super({ statusCode: 429, error: 'Too Many Requests', ...body }, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * Login throttling that an attacker cannot turn on staff (ADR 0016). Failures count per user name — known or not, the
 * answers are the same — and client address: after LOGIN_MAX_FAILURES failures from one address, each further try
 * from there waits 2, 4, 8 … seconds (at most LOGIN_LOCKOUT_SECONDS), answered 429 with `Retry-After`; other addresses
 * are not slowed. Only when LOGIN_LOCK_ADDRESSES distinct addresses fail on one name within LOGIN_LOCKOUT_SECONDS is
 * the account itself locked for LOGIN_LOCKOUT_SECONDS: written to the audit log and shown to the admin, who may
 * unlock it. Timed by the node's clock; tokens expire after JWT_TTL_SECONDS of real time.
 */
@Injectable()
export class AuthService {
  /** Verified against when the user does not exist, so both failures take about the same time. */
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly users: UsersRepository,
    private readonly usersService: UsersService,
    private readonly throttle: LoginThrottleRepository,
    private readonly locks: AccountLocksRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async login(username: string, password: string, address: string): Promise<LoginResponse> {
    await this.checkThrottle(username, address);
    const user = await this.users.findByUsername(username);
    let ok = false;
    if (user === null || !user.active) {
      this.dummyHash ??= this.hasher.hash('not-a-real-password');
      await this.hasher.verify(await this.dummyHash, password);
    } else {
      ok = await this.hasher.verify(user.passwordHash, password);
    }
    if (!ok || user === null) {
      await this.recordFailure(username, address);
      throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'LOGIN_FAILED', message: LOGIN_FAILED });
    }
    await this.throttle.clear(username, address);
    return this.issue(user);
  }

  /**
   * 修改密码 by the user: the current password (a wrong one counts as a failed login from this address), a new one
   * that keeps the password rules. Every older token of the user is refused afterwards; the answer carries a new one.
   */
  async changePassword(actor: AuthUser, currentPassword: string, newPassword: string, address: string): Promise<LoginResponse> {
    await this.checkThrottle(actor.username, address);
    const user = await this.users.findById(actor.id);
    if (user === null || !user.active) throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'SESSION_ENDED', message: '会话已结束，请重新登录 (session ended)' });
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      await this.recordFailure(user.username, address);
      throw badRequest([{ field: 'currentPassword', reason: 'is not the current password' }]);
    }
    const errors: FieldError[] = [];
    const weak = passwordProblem(newPassword, user.username);
    if (weak !== null) errors.push({ field: 'newPassword', reason: weak });
    else if (newPassword === currentPassword) errors.push({ field: 'newPassword', reason: 'must differ from the current password' });
    if (errors.length > 0) throw badRequest(errors);
    await this.usersService.setPassword(user.id, newPassword);
    await this.throttle.clear(user.username, address);
    const updated = await this.users.findById(user.id);
    return this.issue(updated ?? user);
  }

  private async issue(user: UserEntity): Promise<LoginResponse> {
    const claims: TokenClaims = {
      sub: user.id,
      username: user.username,
      roles: user.roles,
      node: this.config.nodeId,
      station: user.station,
      sv: user.sessionVersion,
    };
    const accessToken = await this.jwt.signAsync({ ...claims });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.jwtTtlSeconds,
      user: { id: user.id, username: user.username, roles: user.roles, nodeId: this.config.nodeId, station: user.station },
    };
  }

  /** 429 while the account is locked, or while this address waits its delay for this name. */
  private async checkThrottle(username: string, address: string): Promise<void> {
    const now = this.clock.now().getTime();
    const lock = await this.locks.find(username);
    if (lock !== null && Date.parse(lock.lockedUntil) > now) throw accountLocked(Date.parse(lock.lockedUntil) - now);
    const row = await this.throttle.find(username, address);
    const blockedUntil = row?.blockedUntil == null ? null : Date.parse(row.blockedUntil);
    if (blockedUntil !== null && blockedUntil > now) throw addressWaits(blockedUntil - now);
  }

  /** Counts a failure for (name, address), sets the next delay, and locks the account when many addresses fail. */
  private async recordFailure(username: string, address: string): Promise<void> {
    const now = this.clock.now();
    const windowMs = this.config.login.lockoutSeconds * 1000;
    const since = new Date(now.getTime() - windowMs).toISOString();
    const row = await this.throttle.find(username, address);
    // no failure for a whole window after the last delay ended starts the count again
    const anchor = row === null ? null : Math.max(Date.parse(row.lastFailureAt), row.blockedUntil === null ? 0 : Date.parse(row.blockedUntil));
    const failures = (anchor !== null && now.getTime() - anchor < windowMs ? (row?.failures ?? 0) : 0) + 1;
    const delayMs = loginDelaySeconds(failures, this.config.login.maxFailures, this.config.login.lockoutSeconds) * 1000;
    // a delay ends at most one window after its failure, so older rows count for nothing
    await this.throttle.prune(new Date(now.getTime() - 2 * windowMs).toISOString());
    await this.throttle.save({
      username,
      address,
      failures,
      lastFailureAt: now.toISOString(),
      blockedUntil: delayMs === 0 ? null : new Date(now.getTime() + delayMs).toISOString(),
    });
    const addresses = await this.throttle.addressesSince(username, since);
    if (addresses < this.config.login.lockAddresses) return;
    const existing = await this.locks.find(username);
    if (existing !== null && Date.parse(existing.lockedUntil) > now.getTime()) return;
    await this.locks.lock({ username, lockedAt: now.toISOString(), lockedUntil: new Date(now.getTime() + windowMs).toISOString(), addresses }, this.config.nodeId);
    throw accountLocked(windowMs);
  }
}

/**
 * The wait after the `failures`-th failure from one address on one name: none before `maxFailures`, then 2, 4, 8 …
 * seconds, at most `capSeconds`.
 */
export function loginDelaySeconds(failures: number, maxFailures: number, capSeconds: number): number {
  const over = failures - maxFailures;
  return over < 0 ? 0 : Math.min(2 ** Math.min(over + 1, 30), capSeconds);
}

function accountLocked(remainingMs: number): LoginThrottledException {
  const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return new LoginThrottledException(seconds, {
    code: 'ACCOUNT_LOCKED',
    message: `该账户登录失败次数过多，已临时锁定，请 ${minutes} 分钟后再试或联系管理员解锁 (account locked after failed logins from many addresses; try again in ${minutes} min)`,
  });
}

function addressWaits(remainingMs: number): LoginThrottledException {
  const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
  return new LoginThrottledException(seconds, {
    code: 'LOGIN_THROTTLED',
    message: `登录失败次数过多，请 ${seconds} 秒后再试 (too many failed logins from this address; retry in ${seconds} s)`,
  });
}
