import { decodeEnvelope, type Envelope } from './envelope';
import { parseHlc, type HybridLogicalClock } from './hlc';

/** Where a message came from in the stream (for the quarantine and the log). */
export interface MessageMeta {
  readonly subject: string;
}

/** A message that could not be applied, kept with the reason. */
export interface QuarantineEntry {
  readonly subject: string;
  readonly reason: string;
  readonly data: Uint8Array;
  readonly envelope: Pick<Envelope, 'id' | 'origin' | 'type'> | null;
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
   * Applies a batch in ONE transaction, each envelope inside its own savepoint: a duplicate or a rejected payload
   * (RejectedMessageError) rolls back only that envelope; any other error rolls back the whole batch and is thrown
   * (nothing of the batch is recorded, so it can be redelivered).
   */
  applyBatch(work: ReadonlyArray<BatchWork<Tx>>): Promise<BatchOutcome[]>;
  quarantine(entries: readonly QuarantineEntry[]): Promise<void>;
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

export type ApplyOutcome = 'applied' | 'duplicate' | 'quarantined';

export interface InboxStats {
  readonly applied: number;
  readonly duplicates: number;
  readonly quarantined: number;
  /** Clock skew seen on the last message from each origin (remote wall − local wall, ms). */
  readonly skewByOrigin: Readonly<Record<string, number>>;
}

/**
 * Decodes, authorizes and applies incoming messages. Undecodable messages, unknown types, messages their origin
 * may not send and payloads a handler rejects are quarantined with the reason, so they never block what follows;
 * the caller acknowledges them like applied ones. Any other error is transient: it propagates, and the caller
 * leaves the message for redelivery.
 */
export class InboxApplier<Tx> {
  private readonly handlers = new Map<string, MessageHandler<Tx>>();
  private counts = { applied: 0, duplicates: 0, quarantined: 0 };
  private readonly skew: Record<string, number> = {};

  constructor(
    private readonly store: InboxStore<Tx>,
    handlers: ReadonlyArray<MessageHandler<Tx>>,
    private readonly clock: HybridLogicalClock,
  ) {
    for (const handler of handlers) this.handlers.set(handler.type, handler);
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
   * Applies messages in one transaction and returns each one's outcome, in order. Throws only for a transient
   * failure, in which case nothing of the batch was applied or quarantined.
   */
  async handleBatch(messages: ReadonlyArray<{ data: Uint8Array; meta: MessageMeta }>): Promise<ApplyOutcome[]> {
    const outcomes: ApplyOutcome[] = [];
    const quarantined: QuarantineEntry[] = [];
    const work: Array<BatchWork<Tx> & { index: number; data: Uint8Array; meta: MessageMeta }> = [];
    messages.forEach(({ data, meta }, index) => {
      const checked = this.check(data, meta);
      if ('reason' in checked) {
        quarantined.push({ subject: meta.subject, reason: checked.reason, data, envelope: checked.envelope });
        outcomes[index] = 'quarantined';
        return;
      }
      const { envelope, handler } = checked;
      work.push({ index, data, meta, envelope, apply: (tx) => handler.apply(tx, envelope, meta) });
    });
    const results = work.length > 0 ? await this.store.applyBatch(work) : [];
    results.forEach((result, i) => {
      const item = work[i]!;
      if (typeof result === 'object') {
        quarantined.push({ subject: item.meta.subject, reason: `rejected: ${result.rejected}`, data: item.data, envelope: item.envelope });
        outcomes[item.index] = 'quarantined';
      } else {
        outcomes[item.index] = result;
        if (result === 'applied') this.counts.applied++;
        else this.counts.duplicates++;
      }
    });
    if (quarantined.length > 0) {
      await this.store.quarantine(quarantined);
      this.counts.quarantined += quarantined.length;
    }
    return outcomes;
  }

  /** Decodes and authorizes a message; merges its timestamp into the clock. */
  private check(
    data: Uint8Array,
    meta: MessageMeta,
  ): { envelope: Envelope; handler: MessageHandler<Tx> } | { reason: string; envelope: QuarantineEntry['envelope'] } {
    const decoded = decodeEnvelope(data);
    if (!decoded.ok) return { reason: `undecodable: ${decoded.reason}`, envelope: null };
    const envelope = decoded.envelope;
    const handler = this.handlers.get(envelope.type);
    if (handler === undefined) return { reason: `unknown type ${envelope.type}`, envelope };
    const stampedBy = parseHlc(envelope.hlc)?.node;
    const refusal = stampedBy !== envelope.origin ? `timestamp of ${String(stampedBy)} on a message from ${envelope.origin}` : handler.authorize(envelope, meta);
    if (refusal !== null) return { reason: `not allowed: ${refusal}`, envelope };
    try {
      this.skew[envelope.origin] = this.clock.receive(envelope.hlc).skewMs;
    } catch {
      // The local clock could not merge this timestamp (logical overflow): apply the message all the same.
    }
    return { envelope, handler };
  }
}
