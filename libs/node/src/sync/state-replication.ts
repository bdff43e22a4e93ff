import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { codecs, districtOf, type FieldError, type VersionedDecoder } from '@liandong/shared';
import { NODE_ID_PATTERN, RejectedMessageError, type Envelope, type MessageMeta } from '@liandong/sync';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { decodedHandler } from './decoded-handler';
import { SyncRuntime } from './sync-runtime';

/** Codecs of the fields every replicated state record carries (payload version 1 of each). */
export const STATE_FIELDS = {
  nodeId: codecs.string({ max: 40, pattern: NODE_ID_PATTERN, patternReason: 'must be a node id' }),
  scope: codecs.string({ max: 6, pattern: /^(all|\d{6})$/, patternReason: 'must be all or a 6-digit district code' }),
  version: codecs.integer(1, Number.MAX_SAFE_INTEGER),
  /** Timestamps as stored (ISO 8601 from the writer's clock); their form is the writer's, only their size is ours. */
  timestamp: codecs.string({ max: 30 }),
} as const;

/** The first few problems of a FieldError list, as one reason. */
export function fieldProblems(errors: readonly FieldError[]): string {
  const shown = errors.slice(0, 5).map((e) => (e.field === '' ? e.reason : `${e.field} ${e.reason}`));
  return `${shown.join('; ')}${errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''}`;
}

/**
 * How one entity replicates as state (DESIGN.md §3): its owner publishes the full record at each version; a receiver
 * applies a newer version and ignores an older or equal one. The context supplies the reads and the write (its
 * repository); the helper does the checks every state record shares.
 */
export interface StateHandler<P, L extends { readonly version: number } = { readonly version: number }> {
  /** The message type (`<context>.<entity>`). */
  readonly type: string;
  /** The payload codec by payload version; a message it refuses is quarantined before anything here runs. */
  readonly payload: VersionedDecoder<P>;
  /** The context's own check of the origin (e.g. "the owner named in the payload must be the origin"), or null. */
  readonly origin: (envelope: Envelope<P>) => string | null;
  /** The subject the payload must have come on. */
  readonly subject: (payload: P) => string;
  /** The scope the record is published under: `all` (only from the city) or a district code. */
  readonly scope: (payload: P) => string;
  /** The record's version in the payload. */
  readonly version: (payload: P) => number;
  /** The version held here (read in the applying transaction), or null when the record is new here. */
  readonly current: (tx: EntityManager, payload: P) => Promise<L | null>;
  /** A reason to refuse the payload given what is held here (e.g. another owner), or null. @default never refuses */
  readonly conflict?: (local: L, payload: P) => string | null;
  /** Writes the newer state (through the context's repository) in the applying transaction. */
  readonly save: (tx: EntityManager, envelope: Envelope<P>) => Promise<void>;
}

/**
 * The one state-replication recipe: registers a context's state handlers with the sync runtime. Authorization on
 * apply, in this order: the context's origin check, the subject check (the subject must match the payload), then
 * scope authority (scope `all` only from the city; a district's scope only from that district, to its townships).
 * Apply: a conflict is refused (quarantined as rejected); a newer version is saved; an older or equal one ignored.
 */
@Injectable()
export class StateReplication {
  constructor(
    private readonly runtime: SyncRuntime,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  /** The scope this node publishes its own reference data under, or null (townships publish none). */
  ownScope(): string | null {
    return this.config.tier === 'city' ? 'all' : this.config.tier === 'district' ? this.config.regionCode : null;
  }

  register<P, L extends { readonly version: number }>(handler: StateHandler<P, L>): void {
    this.runtime.register(
      decodedHandler({
        type: handler.type,
        payload: handler.payload,
        authorize: (env, meta) =>
          handler.origin(env) ?? this.subjectCheck(meta, () => handler.subject(env.payload)) ?? this.scopeAuthority(handler.scope(env.payload), env.origin),
        apply: async (tx, env) => {
          const local = await handler.current(tx, env.payload);
          if (local !== null) {
            const conflict = handler.conflict?.(local, env.payload) ?? null;
            if (conflict !== null) throw new RejectedMessageError(conflict);
            if (local.version >= handler.version(env.payload)) return; // older or same: state-based, ignore
          }
          await handler.save(tx, env);
        },
      }),
    );
  }

  /** Null when `origin` may send data of `scope` to this node. */
  scopeAuthority(scope: string, origin: string): string | null {
    if (scope === 'all') return origin === this.config.cityId ? null : `only the city (${this.config.cityId}) sends city-wide data, not ${origin}`;
    if (this.config.tier === 'township' && scope === districtOf(this.config.regionCode) && origin === this.config.parentId) return null;
    return `${origin} may not send data of scope ${scope} to ${this.config.nodeId}`;
  }

  /** Null when the message came on the subject its payload names. */
  subjectCheck(meta: MessageMeta, expected: () => string): string | null {
    try {
      const subject = expected();
      return meta.subject === subject ? null : `subject ${meta.subject} does not match the payload (${subject})`;
    } catch (error) {
      return `payload names an invalid subject: ${(error as Error).message}`;
    }
  }
}
