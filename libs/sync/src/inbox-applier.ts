import { decodeEnvelope, type Envelope } from './envelope';
import { parseHlc, type HybridLogicalClock } from './hlc';

/** Where a message came from in the stream (for the quarantine and the log). */
export interface MessageMeta {
  readonly subject: string;
  /** The stream key (`cases`, `catalog`, `ref`) of the consumer that delivered it; absent outside a consumer. */
  readonly stream?: string;
  /** The durable consumer that delivered it; absent outside a consumer. */
  readonly durable?: string;
  /** How many times JetStream has delivered it, this delivery included. @default 1 */
  readonly deliveryCount?: number;
}

/**
 * Why a message is kept in the quarantine table:
 * - `invalid`: the envelope or the payload fails its codec, or its type is unknown (the same on every node);
 * - `unauthorized`: its origin may not send it on its subject;
 * - `rejected`: its handler refused it (RejectedMessageError);
 * - `failed`: a dead letter, its handler threw on every one of the bounded deliveries (node-local; an admin retries it);
 * - `held`: a newer payload version than this node knows; not bad, applied after the node is upgraded.
 */
export type QuarantineKind = 'invalid' | 'unauthorized' | 'rejected' | 'failed' | 'held';

export const QUARANTINE_KINDS: readonly QuarantineKind[] = ['invalid', 'unauthorized', 'rejected', 'failed', 'held'];

/** A message that could not be applied, kept with the reason. */
export interface QuarantineEntry {
  readonly subject: string;
  readonly kind: QuarantineKind;
  readonly reason: string;
  readonly data: Uint8Array;
  readonly envelope: Pick<Envelope, 'id' | 'origin' | 'type'> | null;
  readonly stream?: string;
  readonly durable?: string;
  /** Deliveries it took (the dead letter's bound), 1 for what is refused at once. */
  readonly attempts: number;
  /** The envelope's payload version, when the envelope decoded. */
  readonly payloadVersion: number | null;
}

/** One envelope to apply in a batch, and how. */
export interface BatchWork<Tx> {
  readonly envelope: Envelope;
  readonly apply: (tx: Tx) => Promise<void>;
}

/** What became of one envelope of a batch. */
export type BatchOutcome = 'applied' | 'duplicate' | { readonly rejected: string };

/**
 * Storage for the inbox. Delivery guarantee: an envelope's change and its inbox row are committed together, so an
 * envelope is applied exactly once however often it is delivered; an id already recorded is a 'duplicate' and its
 * change is not run again.
 */
export interface InboxStore<Tx> {
  /**
   * Applies a batch in ONE transaction, each envelope inside its own savepoint: a duplicate (its inbox row exists) or a
   * rejected payload (RejectedMessageError) rolls back only that envelope; any other error rolls back the whole batch
   * and is thrown (nothing of the batch is recorded, so it can be redelivered).
   */
  applyBatch(work: ReadonlyArray<BatchWork<Tx>>): Promise<BatchOutcome[]>;
  quarantine(entries: readonly QuarantineEntry[]): Promise<void>;
  /** True while the store answers a trivial query (`SELECT 1`): when false, a failure is the store's, not the message's. */
  available(): Promise<boolean>;
}

/** Thrown by a handler when a message is well-formed but must not be applied (a permanent problem). */
export class RejectedMessageError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RejectedMessageError';
  }
}

/** Decodes a message type's payload by payload version (upcasting older versions to the current shape). */
export interface PayloadDecoder {
  /** The newest payload version this node knows. */
  readonly latest: number;
  /** The payload in its current shape, or why it is invalid. Called only with 1 <= version <= latest. */
  decode(payload: unknown, version: number): { ok: true; value: unknown } | { ok: false; reason: string };
}

/** Applies one message type. */
export interface MessageHandler<Tx> {
  readonly type: string;
  /**
   * The payload codec of this type. When present, a message of a newer payload version than `latest` is held (kept,
   * applied after an upgrade), one its decoder refuses is quarantined, and authorize/apply receive the envelope with
   * the decoded payload. When absent, payloads of version 1 reach the handler as they arrived.
   */
  readonly payload?: PayloadDecoder;
  /** Null when `envelope`'s origin may send it on `subject`; otherwise the reason. */
  authorize(envelope: Envelope, meta: MessageMeta): string | null;
  /** Changes the node's state inside the inbox transaction; throws RejectedMessageError for a bad payload. */
  apply(tx: Tx, envelope: Envelope, meta: MessageMeta): Promise<void>;
}

/**
 * What became of a message: applied or duplicate (acknowledge), quarantined or held (kept in the quarantine table;
 * acknowledge), or retry (its handler failed and it may be tried again: nak it, do not acknowledge).
 */
export type ApplyOutcome = 'applied' | 'duplicate' | 'quarantined' | 'held' | 'retry';

/** The outcome of running one stored message through the applier again (admin retry, held messages after an upgrade). */
export type ReapplyOutcome =
  | { readonly outcome: 'applied' | 'duplicate' }
  | { readonly outcome: 'refused'; readonly kind: QuarantineKind; readonly reason: string; readonly payloadVersion: number | null };

export interface InboxStats {
  readonly applied: number;
  readonly duplicates: number;
  readonly quarantined: number;
  readonly held: number;
  /** Messages whose handler failed and were left for redelivery. */
  readonly retried: number;
  /** Clock skew seen on the last message from each origin (remote wall − local wall, ms). */
  readonly skewByOrigin: Readonly<Record<string, number>>;
}

export interface InboxApplierOptions {
  /**
   * Deliveries of a message whose handler keeps failing before it goes to quarantine as a dead letter (kind
   * `failed`) and is acknowledged. @default 5
   */
  readonly maxDeliveries?: number;
}

/** The message says why a handler failed, whatever it threw. */
function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type Checked<Tx> =
  | { readonly ok: true; readonly envelope: Envelope; readonly handler: MessageHandler<Tx>; readonly payloadVersion: number }
  | { readonly ok: false; readonly kind: QuarantineKind; readonly reason: string; readonly envelope: QuarantineEntry['envelope']; readonly payloadVersion: number | null };

/**
 * Decodes, authorizes and applies incoming messages, the same way on every node:
 * envelope codec → handler of the type (unknown: quarantined) → payload version newer than the handler knows: held →
 * payload codec (refused: quarantined) → authorize (refused: quarantined) → apply (RejectedMessageError: quarantined).
 * All of these are acknowledged by the caller, so they never block what follows. Any other error of a handler is
 * retried: the batch is applied again message by message, so the good ones commit; a failing message comes back as
 * `retry` until its delivery count reaches `maxDeliveries`, then it is quarantined as a dead letter (`failed`). While
 * the store itself is down nothing is dead-lettered: the failure propagates and the caller naks the batch.
 */
export class InboxApplier<Tx> {
  private readonly handlers = new Map<string, MessageHandler<Tx>>();
  private counts = { applied: 0, duplicates: 0, quarantined: 0, held: 0, retried: 0 };
  private readonly skew: Record<string, number> = {};
  private readonly maxDeliveries: number;

  constructor(
    private readonly store: InboxStore<Tx>,
    handlers: ReadonlyArray<MessageHandler<Tx>>,
    private readonly clock: HybridLogicalClock,
    options: InboxApplierOptions = {},
  ) {
    for (const handler of handlers) this.handlers.set(handler.type, handler);
    this.maxDeliveries = options.maxDeliveries ?? 5;
  }

  stats(): InboxStats {
    return { ...this.counts, skewByOrigin: { ...this.skew } };
  }

  /** Applies one message (see handleBatch). */
  async handle(data: Uint8Array, meta: MessageMeta): Promise<ApplyOutcome> {
    const [outcome] = await this.handleBatch([{ data, meta }]);
    return outcome as ApplyOutcome;
  }

  /**
   * Applies messages in one transaction and returns each one's outcome, in order. When the transaction fails for a
   * reason other than a rejection, each message is applied again in its own transaction (see the class). Throws only
   * when the store is unavailable, in which case nothing of the batch was applied or quarantined.
   */
  async handleBatch(messages: ReadonlyArray<{ data: Uint8Array; meta: MessageMeta }>): Promise<ApplyOutcome[]> {
    const outcomes: ApplyOutcome[] = [];
    const quarantined: QuarantineEntry[] = [];
    const work: Array<BatchWork<Tx> & { index: number; data: Uint8Array; meta: MessageMeta; payloadVersion: number }> = [];
    messages.forEach(({ data, meta }, index) => {
      const checked = this.check(data, meta);
      if (!checked.ok) {
        quarantined.push(this.entry(data, meta, checked.kind, checked.reason, checked.envelope, checked.payloadVersion, 1));
        outcomes[index] = checked.kind === 'held' ? 'held' : 'quarantined';
        return;
      }
      const { envelope, handler, payloadVersion } = checked;
      work.push({ index, data, meta, envelope, payloadVersion, apply: (tx) => handler.apply(tx, envelope, meta) });
    });
    let results: Array<BatchOutcome | { failed: unknown }>;
    try {
      results = work.length > 0 ? await this.store.applyBatch(work) : [];
    } catch (batchError) {
      if (!(await this.storeAvailable())) throw batchError;
      // One message (or more) failed: apply each on its own, so that the good ones commit.
      results = [];
      for (const item of work) {
        if (work.length === 1) {
          results.push({ failed: batchError });
          continue;
        }
        try {
          const [result] = await this.store.applyBatch([item]);
          results.push(result as BatchOutcome);
        } catch (error) {
          if (!(await this.storeAvailable())) throw error;
          results.push({ failed: error });
        }
      }
    }
    results.forEach((result, i) => {
      const item = work[i]!;
      if (typeof result === 'string') {
        outcomes[item.index] = result;
        if (result === 'applied') this.counts.applied++;
        else this.counts.duplicates++;
      } else if ('rejected' in result) {
        quarantined.push(this.entry(item.data, item.meta, 'rejected', `rejected: ${result.rejected}`, item.envelope, item.payloadVersion, 1));
        outcomes[item.index] = 'quarantined';
      } else {
        const deliveries = item.meta.deliveryCount ?? 1;
        if (deliveries >= this.maxDeliveries) {
          const reason = `failed ${deliveries} times: ${errorMessage(result.failed)}`;
          quarantined.push(this.entry(item.data, item.meta, 'failed', reason, item.envelope, item.payloadVersion, deliveries));
          outcomes[item.index] = 'quarantined';
        } else {
          outcomes[item.index] = 'retry';
          this.counts.retried++;
        }
      }
    });
    if (quarantined.length > 0) {
      await this.store.quarantine(quarantined);
      for (const entry of quarantined) {
        if (entry.kind === 'held') this.counts.held++;
        else this.counts.quarantined++;
      }
    }
    return outcomes;
  }

  /**
   * Runs a kept message through the applier again, in its own transaction, without writing the quarantine: the
   * caller removes the row when it is applied (or a duplicate) and updates it otherwise. `attempts` counts this try
   * (it names a handler failure: `failed <attempts> times: …`).
   */
  async reapply(data: Uint8Array, meta: MessageMeta, attempts: number): Promise<ReapplyOutcome> {
    const checked = this.check(data, meta);
    if (!checked.ok) return { outcome: 'refused', kind: checked.kind, reason: checked.reason, payloadVersion: checked.payloadVersion };
    const { envelope, handler, payloadVersion } = checked;
    let result: BatchOutcome;
    try {
      [result] = (await this.store.applyBatch([{ envelope, apply: (tx) => handler.apply(tx, envelope, meta) }])) as [BatchOutcome];
    } catch (error) {
      if (!(await this.storeAvailable())) throw error;
      return { outcome: 'refused', kind: 'failed', reason: `failed ${attempts} times: ${errorMessage(error)}`, payloadVersion };
    }
    if (typeof result === 'object') return { outcome: 'refused', kind: 'rejected', reason: `rejected: ${result.rejected}`, payloadVersion };
    if (result === 'applied') this.counts.applied++;
    else this.counts.duplicates++;
    return { outcome: result };
  }

  private async storeAvailable(): Promise<boolean> {
    try {
      return await this.store.available();
    } catch {
      return false;
    }
  }

  private entry(
    data: Uint8Array,
    meta: MessageMeta,
    kind: QuarantineKind,
    reason: string,
    envelope: QuarantineEntry['envelope'],
    payloadVersion: number | null,
    attempts: number,
  ): QuarantineEntry {
    return {
      subject: meta.subject,
      kind,
      reason,
      data,
      envelope: envelope === null ? null : { id: envelope.id, origin: envelope.origin, type: envelope.type },
      ...(meta.stream === undefined ? {} : { stream: meta.stream }),
      ...(meta.durable === undefined ? {} : { durable: meta.durable }),
      attempts,
      payloadVersion,
    };
  }

  /**
   * Decodes the envelope, finds the handler, holds a newer payload version, decodes the payload and authorizes; merges
   * the message's timestamp into the clock. The envelope returned carries the decoded payload.
   */
  private check(data: Uint8Array, meta: MessageMeta): Checked<Tx> {
    const decoded = decodeEnvelope(data);
    if (!decoded.ok) return { ok: false, kind: 'invalid', reason: `undecodable: ${decoded.reason}`, envelope: null, payloadVersion: null };
    const raw = decoded.envelope;
    const payloadVersion = raw.pv ?? 1;
    const handler = this.handlers.get(raw.type);
    if (handler === undefined) return { ok: false, kind: 'invalid', reason: `unknown type ${raw.type}`, envelope: raw, payloadVersion };
    const latest = handler.payload?.latest ?? 1;
    if (payloadVersion > latest) {
      return { ok: false, kind: 'held', reason: `needs upgrade: ${raw.type} v${payloadVersion}, this node knows v${latest}`, envelope: raw, payloadVersion };
    }
    let envelope: Envelope = raw;
    if (handler.payload !== undefined) {
      let result: ReturnType<PayloadDecoder['decode']>;
      try {
        result = handler.payload.decode(raw.payload, payloadVersion);
      } catch (error) {
        // A decoder must not throw; if one does, the payload is what it could not read.
        result = { ok: false, reason: `decoder failed: ${errorMessage(error)}` };
      }
      if (!result.ok) return { ok: false, kind: 'invalid', reason: `invalid payload: ${result.reason}`, envelope: raw, payloadVersion };
      envelope = { ...raw, payload: result.value };
    }
    const stampedBy = parseHlc(envelope.hlc)?.node;
    const refusal = stampedBy !== envelope.origin ? `timestamp of ${String(stampedBy)} on a message from ${envelope.origin}` : handler.authorize(envelope, meta);
    if (refusal !== null) return { ok: false, kind: 'unauthorized', reason: `not allowed: ${refusal}`, envelope: raw, payloadVersion };
    try {
      this.skew[envelope.origin] = this.clock.receive(envelope.hlc).skewMs;
    } catch {
      // The local clock could not merge this timestamp (logical overflow): apply the message all the same.
    }
    return { ok: true, envelope, handler, payloadVersion };
  }
}
