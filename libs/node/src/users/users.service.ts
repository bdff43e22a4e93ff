import { ConflictException, Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { passwordProblem, type FieldError, type Role } from '@liandong/shared';
import { badRequest } from '../http/validation';
import { PasswordHasher } from '../auth/password-hasher';
import { NODE_CONFIG } from '../config/config.module';
import { ConfigError, type NodeConfig } from '../config/node-config';
import type { UserEntity } from '../persistence/user.entity';
import type { CreateUserDto } from './user.dto';
import { DuplicateUsernameError, UsersRepository } from './users.repository';

/** The village station of the demo village assistant. */
export const DEMO_STATION = '示范村政务服务工作站';

/** One demo user per role, added by `npm start` (SEED_DEMO=true). Usernames are the same on every node. */
export const DEMO_USERS: ReadonlyArray<{ username: string; displayName: string; role: Role; station?: string }> = [
  { username: 'admin', displayName: '中心管理员', role: 'admin' },
  { username: 'clerk', displayName: '综合窗口 张敏', role: 'window_clerk' },
  { username: 'approver', displayName: '后台审批 李强', role: 'approver' },
  { username: 'assistant', displayName: '村代办员 陈芳', role: 'village_assistant', station: DEMO_STATION },
  { username: 'supervisor', displayName: '电子监察 王磊', role: 'supervisor' },
];

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
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

  page(offset: number, limit: number): Promise<{ items: UserEntity[]; total: number }> {
    return this.users.page(offset, limit);
  }

  /**
   * At first boot (no user yet) creates the admin from ADMIN_USERNAME / ADMIN_PASSWORD; then, when demo
   * seeding is on, adds any missing demo user. Running it again changes nothing.
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
      for (const demo of DEMO_USERS) {
        if ((await this.users.findByUsername(demo.username)) === null) {
          await this.insert(demo.username, demo.displayName, this.config.demo.password, [demo.role], demo.station ?? null);
        }
      }
    }
  }

  private async insert(username: string, displayName: string, password: string, roles: Role[], station: string | null = null): Promise<UserEntity> {
    const now = new Date();
    return this.users.insert({
      id: randomUUID(),
      username,
      displayName,
      passwordHash: await this.hasher.hash(password),
      roles,
      active: true,
      station,
      createdAt: now,
      updatedAt: now,
    });
  }
}
