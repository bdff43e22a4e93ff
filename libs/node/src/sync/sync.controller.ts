import { ConflictException, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, Post, Query, ServiceUnavailableException } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiParam, ApiPropertyOptional, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { NODE_ID_PATTERN, NODE_ID_RULE, QUARANTINE_KINDS, type NatsLink, type QuarantineKind } from '@liandong/sync';
import { Roles, Tiers } from '../access/auth.decorators';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { NATS_LINK } from '../nats/nats.module';
import { badRequest } from '../http/validation';
import { PageQueryDto } from '../users/user.dto';
import type { QuarantineEntity } from '../persistence/sync.entities';
import { InboxRepository } from './inbox.repository';
import { NodeMonitor } from './node-monitor';
import { OutboxRepository } from './outbox.repository';
import { QuarantinedMessageNotFoundError, StoreUnavailableError, SyncRuntime } from './sync-runtime';

/** The kinds of quarantined messages in Chinese, as the sync page shows them. */
export const QUARANTINE_KIND_NAMES_ZH: Readonly<Record<QuarantineKind, string>> = {
  invalid: '格式无效',
  unauthorized: '来源不符',
  rejected: '被拒绝',
  failed: '处理失败',
  held: '待升级',
};

/** Ids of quarantine rows: positive 32-bit integers, in decimal. */
const QUARANTINE_ID_PATTERN = /^[1-9][0-9]{0,9}$/;
const QUARANTINE_ID_MAX = 2_147_483_647;

/**
 * A quarantine row as the list shows it: everything but the raw message, which may carry personal data (an applicant's
 * ID number and phone); its size is shown instead. The retry reads the message from the table.
 */
export function quarantineItem(row: QuarantineEntity): Omit<QuarantineEntity, 'dataBase64'> & { bytes: number } {
  const { dataBase64, ...rest } = row;
  return { ...rest, bytes: Buffer.from(dataBase64, 'base64').byteLength };
}

export class QuarantineQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: QUARANTINE_KINDS, description: 'only messages of this kind' })
  @IsOptional()
  @IsIn(QUARANTINE_KINDS, { message: `kind must be one of ${QUARANTINE_KINDS.join(', ')}` })
  kind?: QuarantineKind;
}

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
    const [consumers, counts] = await Promise.all([this.runtime.consumers(), this.runtime.quarantineCounts()]);
    // Totals over every row, those of no current consumer too (e.g. kept from before a topology change).
    const held = counts.filter((c) => c.kind === 'held').reduce((n, c) => n + c.count, 0);
    const quarantined = counts.filter((c) => c.kind !== 'held').reduce((n, c) => n + c.count, 0);
    return {
      node: { id: this.config.nodeId, tier: this.config.tier, parentId: this.config.parentId },
      link: this.link.status(),
      outbox: { depth: await this.outbox.depth(), published: stats.relay?.published ?? 0, lastError: stats.relay?.lastError ?? null },
      inbox: { applied: stats.inbox?.applied ?? 0, duplicates: stats.inbox?.duplicates ?? 0, total: await this.inbox.inboxCount() },
      quarantined,
      held,
      needsUpgrade: held > 0,
      consumers,
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
  @ApiParam({ name: 'nodeId', schema: { type: 'string', pattern: NODE_ID_PATTERN.source }, description: NODE_ID_RULE })
  async forget(@Param('nodeId') nodeId: string): Promise<{ removed: string }> {
    if (!NODE_ID_PATTERN.test(nodeId)) throw badRequest([{ field: 'nodeId', reason: NODE_ID_RULE }]);
    const result = await this.monitor.forget(nodeId);
    if (result === 'unknown') throw new NotFoundException(`下级节点中没有 ${nodeId} (no node ${nodeId} below this one)`);
    if (result === 'online') throw new ConflictException(`节点 ${nodeId} 在线，不能移除 (only an offline node can be removed)`);
    return { removed: nodeId };
  }

  /** 隔离消息: messages that could not be applied or are held, newest first, with kind, attempts and reason. */
  @Get('quarantine')
  @ApiOkResponse({ description: 'quarantined messages' })
  async quarantine(@Query() query: QuarantineQueryDto): Promise<Record<string, unknown>> {
    const [rows, total] = await this.inbox.quarantined(query.offset, query.limit, query.kind);
    return { items: rows.map(quarantineItem), total, offset: query.offset, limit: query.limit };
  }

  /**
   * 重试: an admin runs a quarantined message through the applier again (after a fix, or an upgrade). Applied (or
   * already applied: duplicate), it leaves the quarantine; refused again, 409 with the new reason, and the row stays.
   */
  @Post('quarantine/:id/retry')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ description: 'the message was applied (or had been) and left the quarantine' })
  @ApiConflictResponse({ description: '消息仍无法处理 (MESSAGE_STILL_REFUSED: refused again; the row stays with the new kind and reason)' })
  @ApiServiceUnavailableResponse({ description: '数据库暂不可用 (the store is unavailable)' })
  @ApiParam({ name: 'id', schema: { type: 'integer', minimum: 1, maximum: QUARANTINE_ID_MAX } })
  async retry(@Param('id') id: string): Promise<{ outcome: 'applied' | 'duplicate' }> {
    if (!QUARANTINE_ID_PATTERN.test(id) || Number(id) > QUARANTINE_ID_MAX) {
      throw badRequest([{ field: 'id', reason: `id must be a positive integer up to ${QUARANTINE_ID_MAX}` }]);
    }
    let result;
    try {
      result = await this.runtime.retryQuarantined(Number(id));
    } catch (error) {
      if (error instanceof QuarantinedMessageNotFoundError) throw new NotFoundException(`隔离区中没有消息 ${id} (no quarantined message ${id})`);
      if (error instanceof StoreUnavailableError) throw new ServiceUnavailableException(`数据库暂不可用，请稍后重试 (store unavailable)`);
      throw error;
    }
    if (result.outcome === 'refused') {
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        code: 'MESSAGE_STILL_REFUSED',
        message: `消息仍无法处理（${QUARANTINE_KIND_NAMES_ZH[result.kind]}） (${result.reason})`,
      });
    }
    return { outcome: result.outcome };
  }
}
