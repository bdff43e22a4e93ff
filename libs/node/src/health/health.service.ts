import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NatsLink } from '@liandong/sync';
import { CLOCK, type Clock } from '../clock/clock';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { NATS_LINK } from '../nats/nats.module';
import type { ComponentHealth, HealthResponse } from './health.dto';

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(NATS_LINK) private readonly nats: NatsLink,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async check(): Promise<HealthResponse> {
    const database = await this.database();
    const link = this.nats.status();
    const nats: ComponentHealth =
      link.state === 'up'
        ? { status: 'up', detail: link.server ?? undefined }
        : { status: link.state === 'connecting' ? 'connecting' : 'down', detail: link.lastError ?? undefined };
    const status = database.status !== 'up' ? 'down' : nats.status === 'up' ? 'ok' : 'degraded';
    return {
      status,
      node: {
        id: this.config.nodeId,
        name: this.config.nodeName,
        tier: this.config.tier,
        regionCode: this.config.regionCode,
        parentId: this.config.parentId,
      },
      checks: { database, nats },
      time: this.clock.now().toISOString(),
    };
  }

  private async database(): Promise<ComponentHealth> {
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'up', detail: this.config.database.type };
    } catch (error) {
      return { status: 'down', detail: error instanceof Error ? error.message : String(error) };
    }
  }
}
