import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import type { UserEntity } from '../persistence/user.entity';
import { UsersRepository } from './users.repository';

/** How long the guard trusts a loaded user row; changes made on this node invalidate at once. */
export const USER_CACHE_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * The users the guard checks tokens against, cached per user id for a few seconds so a request costs no query. Every
 * change that ends sessions (停用, 结束会话, a new password) calls `invalidate`, so on this node it takes effect at
 * once; users never replicate, so no other node holds a copy. Timed by the process's monotonic clock (a cache
 * lifetime, not domain time).
 */
@Injectable()
export class UserSessionCache {
  private readonly entries = new Map<string, { readonly user: UserEntity | null; readonly at: number }>();
  /** Bumped by every invalidation: a load that started before one is not cached. */
  private generation = 0;

  constructor(private readonly users: UsersRepository) {}

  async get(id: string): Promise<UserEntity | null> {
    const hit = this.entries.get(id);
    if (hit !== undefined && performance.now() - hit.at < USER_CACHE_MS) return hit.user;
    const generation = this.generation;
    const user = await this.users.findById(id);
    if (generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(id, { user, at: performance.now() });
    }
    return user;
  }

  invalidate(id: string): void {
    this.generation++;
    this.entries.delete(id);
  }
}
