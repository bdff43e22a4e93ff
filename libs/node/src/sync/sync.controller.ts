import { ConflictException, Controller, Delete, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { NODE_ID_PATTERN, NODE_ID_RULE, type NatsLink } from '@liandong/sync';
import { Roles, Tiers } from '../auth/auth.decorators';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { NATS_LINK } from '../nats/nats.module';
import { badRequest } from '../http/validation';
import { PageQueryDto } from '../users/user.dto';
import { InboxRepository } from './inbox.repository';
import { NodeMonitor } from './node-monitor';
import { OutboxRepository } from './outbox.repository';
import { SyncRuntime } from './sync-runtime';

@ApiTags('sync')
@ApiBearerAuth()
@Roles('admin', 'supervisor')
@Controller('sync')
export class SyncController {
  constructor(
    private readonly runtime: SyncRuntime,
    private readonly outbox: OutboxRepository,
    private readonly inbox: InboxRepository,
    private readonly monitor: NodeMonitor,
    @Inject(NATS_LINK) private readonly link: NatsLink,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  /**
   * 同步状态: link, outbox depth, consumer lag, quarantined messages, and for each node below this one (the city:
   * every node; a district: its townships) whether it is online, its last contact and silence, clock skew, its backlog
   * (outbox depth and consumer lag it last reported, and what the NATS server holds for it now) and quarantined count.
   */
  @Get('status')
  @ApiOkResponse({ description: 'sync status of this node' })
  async status(): Promise<Record<string, unknown>> {
    const stats = this.runtime.stats();
    return {
      node: { id: this.config.nodeId, tier: this.config.tier, parentId: this.config.parentId },
      link: this.link.status(),
      outbox: { depth: await this.outbox.depth(), published: stats.relay?.published ?? 0, lastError: stats.relay?.lastError ?? null },
      inbox: { applied: stats.inbox?.applied ?? 0, duplicates: stats.inbox?.duplicates ?? 0, total: await this.inbox.inboxCount() },
      quarantined: await this.inbox.quarantineCount(),
      consumers: await this.runtime.consumerLag(),
      clockSkewMs: stats.inbox?.skewByOrigin ?? {},
      monitoring: { heartbeatSeconds: this.config.heartbeatSeconds, offlineAfterSeconds: this.config.offlineAfterSeconds },
      nodesBelow: await this.monitor.nodesBelow(),
    };
  }

  /**
   * 移除节点: an admin takes a node that has gone for good (merged or decommissioned) off the list of nodes below, so
   * it stops showing as offline. Only an offline node can be removed; it is listed again if it ever speaks again.
   */
  @Delete('nodes/:nodeId')
  @Roles('admin')
  @Tiers('city', 'district')
  @ApiOkResponse({ description: 'the node is no longer listed' })
  async forget(@Param('nodeId') nodeId: string): Promise<{ removed: string }> {
    if (!NODE_ID_PATTERN.test(nodeId)) throw badRequest([{ field: 'nodeId', reason: NODE_ID_RULE }]);
    const result = await this.monitor.forget(nodeId);
    if (result === 'unknown') throw new NotFoundException(`下级节点中没有 ${nodeId} (no node ${nodeId} below this one)`);
    if (result === 'online') throw new ConflictException(`节点 ${nodeId} 在线，不能移除 (only an offline node can be removed)`);
    return { removed: nodeId };
  }

  /** 隔离消息: messages that could not be applied, newest first, with the reason. */
  @Get('quarantine')
  @ApiOkResponse({ description: 'quarantined messages' })
  async quarantine(@Query() query: PageQueryDto): Promise<Record<string, unknown>> {
    const [items, total] = await this.inbox.quarantined(query.offset, query.limit);
    return { items, total, offset: query.offset, limit: query.limit };
  }
}
