import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NodeStatusEntity } from '../persistence/node-status.entity';

/** The last heartbeat of each node below this one (table `node_status`). */
@Injectable()
export class NodeStatusRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every node this one has heard from, by node id. */
  all(): Promise<NodeStatusEntity[]> {
    return this.dataSource.getRepository(NodeStatusEntity).find({ order: { nodeId: 'ASC' } });
  }

  /** Deletes the node's row (none there is no error). */
  async remove(nodeId: string): Promise<void> {
    await this.dataSource.getRepository(NodeStatusEntity).delete({ nodeId });
  }

  /** Replaces the node's row with its latest heartbeat: one statement (an upsert on the node id). */
  async save(status: NodeStatusEntity): Promise<void> {
    await this.dataSource.getRepository(NodeStatusEntity).upsert(status, ['nodeId']);
  }
}
