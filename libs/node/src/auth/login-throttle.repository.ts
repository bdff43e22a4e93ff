import { Injectable } from '@nestjs/common';
import { DataSource, LessThan, MoreThan } from 'typeorm';
import { LoginThrottleEntity } from '../persistence/security.entities';

/** The only place that reads and writes failed-login counts per user name and client address. */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(username: string, address: string): Promise<LoginThrottleEntity | null> {
    return this.dataSource.getRepository(LoginThrottleEntity).findOneBy({ username, address });
  }

  async save(row: LoginThrottleEntity): Promise<void> {
    await this.dataSource.getRepository(LoginThrottleEntity).upsert(row, ['username', 'address']);
  }

  async clear(username: string, address: string): Promise<void> {
    await this.dataSource.getRepository(LoginThrottleEntity).delete({ username, address });
  }

  /** How many distinct addresses failed on `username` after `since` (ISO 8601). */
  addressesSince(username: string, since: string): Promise<number> {
    return this.dataSource.getRepository(LoginThrottleEntity).countBy({ username, lastFailureAt: MoreThan(since) });
  }

  /** Forgets failures older than `before` (ISO 8601), so the table holds only the current window. */
  async prune(before: string): Promise<void> {
    await this.dataSource.getRepository(LoginThrottleEntity).delete({ lastFailureAt: LessThan(before) });
  }
}
