import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LoginThrottleEntity } from '../persistence/security.entities';

/** The only place that reads and writes failed-login counts. */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(username: string): Promise<LoginThrottleEntity | null> {
    return this.dataSource.getRepository(LoginThrottleEntity).findOneBy({ username });
  }

  async save(row: LoginThrottleEntity): Promise<void> {
    await this.dataSource.getRepository(LoginThrottleEntity).upsert(row, ['username']);
  }

  async clear(username: string): Promise<void> {
    await this.dataSource.getRepository(LoginThrottleEntity).delete({ username });
  }
}
