import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { passwordProblem, type FieldError, type Role } from '@liandong/shared';
import { badRequest } from '../http/validation';
import type { AuthUser } from '../access/auth-user';
import { PasswordHasher } from './password-hasher';
import { CLOCK, type Clock } from '../clock/clock';
import { NODE_CONFIG } from '../config/config.module';
import { ConfigError, type NodeConfig } from '../config/node-config';
import type { AccountLockEntity } from '../persistence/security.entities';
import type { UserEntity } from '../persistence/user.entity';
import { AccountLocksRepository } from './account-locks.repository';
import { UserSessionCache } from './user-session-cache';
import type { CreateUserDto } from './user.dto';
import { readSeedUsers } from './seed-users';
import { DuplicateUsernameError, UsersRepository } from './users.repository';

/** A user with the account lock that holds now, if any. */
export interface UserWithLock {
  readonly user: UserEntity;
  readonly lock: AccountLockEntity | null;
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: UserSessionCache,
    private readonly locks: AccountLocksRepository,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(input: CreateUserDto): Promise<UserEntity> {
    const errors: FieldError[] = [];
    const weak = passwordProblem(input.password, input.username);
    if (weak !== null) errors.push({ field: 'password', reason: weak });
    const assistant = input.roles.includes('village_assistant');
    if (assistant && input.station === undefined) errors.push({ field: 'station', reason: 'a village assistant needs the village station (村/居 政务服务工作站) they work for' });
    if (!assistant && input.station !== undefined) errors.push({ field: 'station', reason: 'only a village assistant works for a village station' });
    if (errors.length > 0) throw badRequest(errors);
    try {
      return await this.insert(input.username, input.displayName, input.password, input.roles, input.station ?? null);
    } catch (error) {
      if (error instanceof DuplicateUsernameError) {
        throw new ConflictException(`用户名已存在 (username "${input.username}" is taken)`);
      }
      throw error;
    }
  }

  /** A page of users, each with its account lock while it lasts. */
  async page(offset: number, limit: number): Promise<{ items: UserWithLock[]; total: number }> {
    const { items, total } = await this.users.page(offset, limit);
    const locks = new Map((await this.locks.findMany(items.map((u) => u.username))).map((l) => [l.username, l]));
    return { items: items.map((user) => ({ user, lock: this.current(locks.get(user.username)) })), total };
  }

  /** 停用: the account can no longer log in and its tokens are refused at once. An admin cannot disable themself. */
  async disable(id: string, actor: AuthUser): Promise<UserWithLock> {
    if (id === actor.id) throw new ConflictException({ statusCode: 409, error: 'Conflict', code: 'CANNOT_DISABLE_SELF', message: '不能停用自己的账户 (an admin cannot disable their own account)' });
    await this.find(id);
    await this.users.update(id, { active: false, endSessions: true });
    return this.changed(id);
  }

  /** 启用: the account may log in again (its old tokens stay ended). */
  async enable(id: string): Promise<UserWithLock> {
    await this.find(id);
    await this.users.update(id, { active: true });
    return this.changed(id);
  }

  /** 结束会话: every token issued to the user so far is refused from now on; the user logs in again. */
  async endSessions(id: string): Promise<UserWithLock> {
    await this.find(id);
    await this.users.update(id, { endSessions: true });
    return this.changed(id);
  }

  /** 解锁: lifts an account lock set after failed logins from many addresses (and the per-address delays). */
  async unlock(id: string): Promise<UserWithLock> {
    const user = await this.find(id);
    await this.locks.unlock(user.username);
    return this.changed(id);
  }

  /** A user's own new password (checked by AuthService): the hash changes and every older token is refused. */
  async setPassword(id: string, password: string): Promise<void> {
    await this.users.update(id, { passwordHash: await this.hasher.hash(password), endSessions: true });
    this.sessions.invalidate(id);
  }

  private async find(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (user === null) throw new NotFoundException(`用户不存在 (no user ${id})`);
    return user;
  }

  private async changed(id: string): Promise<UserWithLock> {
    this.sessions.invalidate(id);
    const user = await this.find(id);
    return { user, lock: this.current((await this.locks.findMany([user.username]))[0]) };
  }

  /** The lock while it lasts (by the node's clock), else null. */
  private current(lock: AccountLockEntity | undefined): AccountLockEntity | null {
    return lock !== undefined && Date.parse(lock.lockedUntil) > this.clock.now().getTime() ? lock : null;
  }

  /**
   * At first boot (no user yet) creates the admin from ADMIN_USERNAME / ADMIN_PASSWORD; then, when demo
   * seeding is on, adds any missing user of the seed users file (`demo/users.json`). Running it again changes nothing.
   */
  async seedAtBoot(): Promise<void> {
    if ((await this.users.count()) === 0) {
      const { username, password } = this.config.initialAdmin;
      if (password === null) {
        throw new ConfigError([{ variable: 'ADMIN_PASSWORD', reason: 'is required at first boot: this node has no user yet' }]);
      }
      await this.insert(username, '中心管理员', password, ['admin']);
      this.logger.log(`first admin "${username}" created`);
    }
    if (this.config.demo !== null) {
      for (const demo of readSeedUsers()) {
        if ((await this.users.findByUsername(demo.username)) === null) {
          await this.insert(demo.username, demo.displayName, this.config.demo.password, [demo.role], demo.station ?? null);
        }
      }
    }
  }

  private async insert(username: string, displayName: string, password: string, roles: Role[], station: string | null = null): Promise<UserEntity> {
    const now = this.clock.now();
    return this.users.insert({
      id: randomUUID(),
      username,
      displayName,
      passwordHash: await this.hasher.hash(password),
      roles,
      active: true,
      station,
      sessionVersion: 0,
      createdAt: now,
      updatedAt: now,
    });
  }
}
