import { Injectable } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';
import { QueryAttemptEntity } from '../persistence/security.entities';

/** The only place that reads and writes wrong public query codes per case number. */
@Injectable()
export class QueryAttemptsRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(caseNumber: string): Promise<QueryAttemptEntity | null> {
    return this.dataSource.getRepository(QueryAttemptEntity).findOneBy({ caseNumber });
  }

  async save(row: QueryAttemptEntity): Promise<void> {
    await this.dataSource.getRepository(QueryAttemptEntity).upsert(row, ['caseNumber']);
  }

  async clear(caseNumber: string): Promise<void> {
    await this.dataSource.getRepository(QueryAttemptEntity).delete({ caseNumber });
  }

  /** Forgets windows that started before `before` (ISO 8601): their count and lock have run out. */
  async prune(before: string): Promise<void> {
    await this.dataSource.getRepository(QueryAttemptEntity).delete({ windowStart: LessThan(before) });
  }
}
