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

/**
 * Storage for the inbox. Delivery guarantee: `applyOnce` runs `apply` and records the envelope id in ONE
 * transaction, so an envelope is applied exactly once however often it is delivered; when the id is already
 * recorded it returns 'duplicate' without running `apply`.
 */
export interface InboxStore<Tx> {
  applyOnce(envelope: Envelope, apply: (tx: Tx) => Promise<void>): Promise<'applied' | 'duplicate'>;
  quarantine(entry: QuarantineEntry): Promise<void>;
}

/** Thrown by a handler when a message is well-formed but must not be applied (a permanent problem). */
export class RejectedMessageError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RejectedMessageError';
  }
}

/** Applies one message type. */
export interface MessageHandler<Tx> {
  readonly type: string;
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

  async handle(data: Uint8Array, meta: MessageMeta): Promise<ApplyOutcome> {
    const decoded = decodeEnvelope(data);
    if (!decoded.ok) return this.quarantine({ subject: meta.subject, reason: `undecodable: ${decoded.reason}`, data, envelope: null });
    const envelope = decoded.envelope;
    const handler = this.handlers.get(envelope.type);
    if (handler === undefined) return this.quarantine({ subject: meta.subject, reason: `unknown type ${envelope.type}`, data, envelope });
    const stampedBy = parseHlc(envelope.hlc)?.node;
    const refusal = stampedBy !== envelope.origin ? `timestamp of ${String(stampedBy)} on a message from ${envelope.origin}` : handler.authorize(envelope, meta);
    if (refusal !== null) return this.quarantine({ subject: meta.subject, reason: `not allowed: ${refusal}`, data, envelope });

    try {
      this.skew[envelope.origin] = this.clock.receive(envelope.hlc).skewMs;
    } catch {
      // The local clock could not merge this timestamp (logical overflow): apply the message all the same.
    }
    try {
      const outcome = await this.store.applyOnce(envelope, (tx) => handler.apply(tx, envelope, meta));
      if (outcome === 'applied') this.counts.applied++;
      else this.counts.duplicates++;
      return outcome;
    } catch (error) {
      if (error instanceof RejectedMessageError) return this.quarantine({ subject: meta.subject, reason: `rejected: ${error.message}`, data, envelope });
      throw error;
    }
  }

  private async quarantine(entry: QuarantineEntry): Promise<'quarantined'> {
    await this.store.quarantine(entry);
    this.counts.quarantined++;
    return 'quarantined';
  }
}
