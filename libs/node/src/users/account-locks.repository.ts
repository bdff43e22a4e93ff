import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { AccountLockEntity, AuditEntryEntity, LoginThrottleEntity } from '../persistence/security.entities';

/** The only place that reads and writes account locks (user names locked after failures from many addresses). */
@Injectable()
export class AccountLocksRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(username: string): Promise<AccountLockEntity | null> {
    return this.dataSource.getRepository(AccountLockEntity).findOneBy({ username });
  }

  findMany(usernames: readonly string[]): Promise<AccountLockEntity[]> {
    if (usernames.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(AccountLockEntity).findBy({ username: In([...usernames]) });
  }

  /** Locks `lock.username` and tells the admin in the audit log, in one transaction. */
  async lock(lock: AccountLockEntity, node: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(AccountLockEntity).upsert(lock, ['username']);
      await manager.getRepository(AuditEntryEntity).insert({
        id: randomUUID(),
        at: lock.lockedAt,
        node,
        actor: lock.username,
        roles: '',
        method: 'LOCK',
        route: '/auth/login',
        target: JSON.stringify({ username: lock.username }),
        status: 429,
        summary: JSON.stringify({ event: 'account_locked', addresses: lock.addresses, lockedUntil: lock.lockedUntil, note: `账户因 ${lock.addresses} 个地址登录失败被锁定` }),
      });
    });
  }

  /** 解锁: removes the lock and every address's failure count for the name. */
  async unlock(username: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(AccountLockEntity).delete({ username });
      await manager.getRepository(LoginThrottleEntity).delete({ username });
    });
  }
}
