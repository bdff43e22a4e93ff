import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  CODE_LIMITS,
  CODE_PATTERN,
  codecs,
  ITEM_STATUSES,
  validateServiceItemContent,
  type Codec,
  type ServiceItemContent,
  type TypeOf,
  type VersionedDecoder,
} from '@liandong/shared';
import { catalogSubject } from '@liandong/sync';
import type { ServiceItemEntity, ServiceItemVersionEntity } from '../persistence/catalogue.entities';
import { EventRecorder } from '../sync/event-recorder';
import { fieldProblems, STATE_FIELDS, StateReplication } from '../sync/state-replication';
import { CatalogueRepository } from './catalogue.repository';

export const CATALOGUE_MESSAGE_TYPES = {
  item: 'catalogue.item',
} as const;

// Payload codec (version 1) of an item, as itemChanged below publishes it.
export const IMPL_CODE = codecs.string({ max: CODE_LIMITS.implCode, pattern: CODE_PATTERN, patternReason: 'must contain only digits and uppercase letters' });

/** A copy of a content field: ignored on apply (the content's own value is taken), so only its size matters. */
const COPY = codecs.string({ min: 0, max: 200, characters: 'any' });

/** Item content by the catalogue's own rules (validateServiceItemContent). */
const ITEM_CONTENT: Codec<ServiceItemContent> = codecs.codec((input) => {
  const content = validateServiceItemContent(input);
  return content.ok ? { ok: true, value: content.value } : codecs.failure(`invalid item: ${fieldProblems(content.errors)}`);
});

const ITEM_PAYLOAD_V1 = codecs.refine(
  codecs.object({
    item: codecs.object({
      implCode: IMPL_CODE,
      version: STATE_FIELDS.version,
      status: codecs.oneOf(ITEM_STATUSES),
      scope: STATE_FIELDS.scope,
      ownerNode: STATE_FIELDS.nodeId,
      // Copies of content fields (for the window's search): the receiver takes them from the content.
      name: codecs.optional(COPY),
      baseCode: codecs.optional(COPY),
      itemType: codecs.optional(COPY),
      handlingDepartment: codecs.optional(COPY),
      content: ITEM_CONTENT,
      updatedAt: STATE_FIELDS.timestamp,
    }),
    version: codecs.object({ change: codecs.string({ max: 12 }), actor: codecs.string({ max: 64, characters: 'any' }), changedAt: STATE_FIELDS.timestamp }),
  }),
  (p) => (p.item.content.implCode === p.item.implCode ? null : codecs.failure("must be the content's implCode", 'item.implCode')),
);
/** An item as a receiver decodes it. */
type ReplicatedItemPayload = TypeOf<typeof ITEM_PAYLOAD_V1>;
const ITEM_PAYLOAD: VersionedDecoder<ReplicatedItemPayload> = codecs.versioned({ 1: ITEM_PAYLOAD_V1 });

/** The payload decoder of each catalogue message type. */
export const CATALOGUE_PAYLOADS = {
  [CATALOGUE_MESSAGE_TYPES.item]: ITEM_PAYLOAD,
} as const;

/** An item as its owner publishes it. */
interface ItemPayload {
  readonly item: ServiceItemEntity;
  readonly version: Pick<ServiceItemVersionEntity, 'change' | 'actor' | 'changedAt'>;
}

/**
 * State-based replication of catalogue items through StateReplication (DESIGN.md §3). The payload is decoded by its
 * codec above (item content by the same rules as the item routes) before anything here runs. Authorization on apply:
 * the owner named in the payload must be the origin, then the helper's subject and scope checks; an implCode owned
 * by another node here is refused.
 */
@Injectable()
export class CatalogueReplication implements OnModuleInit {
  constructor(
    private readonly state: StateReplication,
    private readonly recorder: EventRecorder,
    private readonly items: CatalogueRepository,
  ) {}

  onModuleInit(): void {
    this.state.register<ReplicatedItemPayload, ServiceItemEntity>({
      type: CATALOGUE_MESSAGE_TYPES.item,
      payload: ITEM_PAYLOAD,
      origin: (env) => (env.payload.item.ownerNode === env.origin ? null : `origin ${env.origin} is not the item's owner (${env.payload.item.ownerNode})`),
      subject: ({ item }) => catalogSubject(item.scope, item.implCode),
      scope: ({ item }) => item.scope,
      version: ({ item }) => item.version,
      current: (tx, { item }) => this.items.find(item.implCode, tx),
      conflict: (local, { item }) => (local.ownerNode !== item.ownerNode ? `implCode ${item.implCode} belongs to ${local.ownerNode} here` : null),
      save: async (tx, env) => {
        const { item, version } = env.payload;
        const state: ServiceItemEntity = {
          implCode: item.implCode,
          version: item.version,
          status: item.status,
          scope: item.scope,
          ownerNode: item.ownerNode,
          name: item.content.name,
          baseCode: item.content.baseCode,
          itemType: item.content.itemType,
          handlingDepartment: item.content.handlingDepartment,
          content: item.content,
          updatedAt: item.updatedAt,
        };
        await this.items.saveReplicated(
          state,
          { implCode: item.implCode, version: item.version, status: item.status, change: version.change, content: item.content, actor: version.actor, changedAt: version.changedAt },
          tx,
        );
      },
    });
  }

  async itemChanged(manager: EntityManager, item: ServiceItemEntity, version: ServiceItemVersionEntity): Promise<void> {
    if (item.status === 'draft') return; // a draft is not in effect anywhere yet
    const payload: ItemPayload = { item, version: { change: version.change, actor: version.actor, changedAt: version.changedAt } };
    await this.recorder.record(manager, { type: CATALOGUE_MESSAGE_TYPES.item, aggregate: item.implCode, subject: catalogSubject(item.scope, item.implCode), actor: version.actor, payload });
  }
}
