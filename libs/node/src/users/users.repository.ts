import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { isUniqueViolation } from '../persistence/db-errors';
import { UserEntity } from '../persistence/user.entity';

/** The only place that reads and writes the `users` table. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly repo: Repository<UserEntity>) {}

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ username });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Sets `active` and/or a new password hash; `endSessions` bumps the session version so older tokens are refused. */
  async update(id: string, changes: { active?: boolean; passwordHash?: string; endSessions?: boolean }): Promise<void> {
    const set: Record<string, unknown> = {};
    if (changes.active !== undefined) set['active'] = changes.active;
    if (changes.passwordHash !== undefined) set['passwordHash'] = changes.passwordHash;
    if (changes.endSessions === true) set['sessionVersion'] = () => 'session_version + 1';
    await this.repo.createQueryBuilder().update(UserEntity).set(set).where('id = :id', { id }).execute();
  }

  count(): Promise<number> {
    return this.repo.count();
  }

  async page(offset: number, limit: number): Promise<{ items: UserEntity[]; total: number }> {
    const [items, total] = await this.repo.findAndCount({ order: { username: 'ASC' }, skip: offset, take: limit });
    return { items, total };
  }

  /** @throws DuplicateUsernameError when the username is already taken (checked by the unique index). */
  async insert(user: UserEntity): Promise<UserEntity> {
    try {
      await this.repo.insert(user);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateUsernameError(user.username, error);
      throw error;
    }
    return user;
  }
}

export class DuplicateUsernameError extends Error {
  constructor(readonly username: string, cause: unknown) {
    super(`username "${username}" is taken`, { cause });
    this.name = 'DuplicateUsernameError';
  }
}
