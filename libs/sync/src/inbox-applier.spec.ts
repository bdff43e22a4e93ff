import { encodeEnvelope, uuidv7, type Envelope } from './envelope';
import { HybridLogicalClock } from './hlc';
import {
  InboxApplier,
  RejectedMessageError,
  type BatchOutcome,
  type BatchWork,
  type InboxStore,
  type MessageHandler,
  type PayloadDecoder,
  type QuarantineEntry,
} from './inbox-applier';
import { retryDelay } from './jetstream-sync';

const T0 = Date.UTC(2026, 2, 2, 2, 0, 0);

/** A transaction of the in-memory store: the writes it will commit. */
interface MemoryTx {
  readonly writes: Map<string, unknown>;
}

/**
 * The InboxStore contract in memory: one transaction per batch (a copy committed at the end), savepoints per envelope,
 * the inbox as a set of ids. `down` makes every call fail as a store that does not answer would.
 */
class MemoryStore implements InboxStore<MemoryTx> {
  readonly rows = new Map<string, unknown>();
  readonly inbox = new Set<string>();
  readonly quarantined: QuarantineEntry[] = [];
  transactions = 0;
  down = false;

  async applyBatch(work: ReadonlyArray<BatchWork<MemoryTx>>): Promise<BatchOutcome[]> {
    if (this.down) throw new Error('connection refused');
    this.transactions++;
    const inbox = new Set(this.inbox);
    const committed = new Map(this.rows);
    const outcomes: BatchOutcome[] = [];
    for (const { envelope, apply } of work) {
      if (inbox.has(envelope.id)) {
        outcomes.push('duplicate');
        continue;
      }
      const tx: MemoryTx = { writes: new Map() };
      try {
        await apply(tx);
      } catch (error) {
        if (!(error instanceof RejectedMessageError)) throw error;
        outcomes.push({ rejected: error.message });
        continue;
      }
      inbox.add(envelope.id);
      for (const [k, v] of tx.writes) committed.set(k, v);
      outcomes.push('applied');
    }
    for (const id of inbox) this.inbox.add(id);
    for (const [k, v] of committed) this.rows.set(k, v);
    return outcomes;
  }

  async quarantine(entries: readonly QuarantineEntry[]): Promise<void> {
    if (this.down) throw new Error('connection refused');
    this.quarantined.push(...entries);
  }

  async available(): Promise<boolean> {
    return !this.down;
  }
}

/** `case.note` payloads: v1 `{ text }`, v2 `{ text, lang }` (v1 is upcast with lang 'zh'). */
const noteDecoder = (latest: number): PayloadDecoder => ({
  latest,
  decode(payload, version) {
    const p = payload as { text?: unknown; lang?: unknown } | null;
    if (typeof p !== 'object' || p === null || typeof p.text !== 'string') return { ok: false, reason: 'text must be a string' };
    if (version === 1) return { ok: true, value: { text: p.text, lang: 'zh' } };
    if (typeof p.lang !== 'string') return { ok: false, reason: 'lang must be a string' };
    return { ok: true, value: { text: p.text, lang: p.lang } };
  },
});

/** A handler that stores each note's payload by aggregate; a text 'boom' throws, 'reject' is refused. */
function noteHandler(latest = 1, seen: Envelope[] = []): MessageHandler<MemoryTx> {
  return {
    type: 'case.note',
    payload: noteDecoder(latest),
    authorize: (envelope, meta) => (meta.subject.endsWith(`.${envelope.origin}`) ? null : `${envelope.origin} may not write ${meta.subject}`),
    async apply(tx, envelope) {
      seen.push(envelope);
      const { text } = envelope.payload as { text: string };
      if (text === 'boom') throw new TypeError('p.coDepartments is not iterable');
      if (text === 'reject') throw new RejectedMessageError('no such case');
      tx.writes.set(envelope.aggregate, envelope.payload);
    },
  };
}

const origin = 'jiekou';
const remote = new HybridLogicalClock(origin, () => T0);
let n = 0;

function message(payload: unknown, extra: Partial<Envelope> = {}, deliveryCount = 1) {
  n++;
  const envelope: Envelope = { id: uuidv7(T0 + n), type: 'case.note', v: 1, aggregate: `C${n}`, origin, hlc: remote.now(), actor: 'clerk', payload, ...extra };
  return { envelope, data: encodeEnvelope(envelope), meta: { subject: `gov.case.${origin}`, stream: 'cases', durable: 'gz_cases_all', deliveryCount } };
}

function applier(store: MemoryStore, handler = noteHandler(), maxDeliveries = 3) {
  return new InboxApplier(store, [handler], new HybridLogicalClock('gz', () => T0), { maxDeliveries });
}

describe('InboxApplier', () => {
  it('applies a batch in one transaction, handing the handler the decoded (upcast) payload', async () => {
    const store = new MemoryStore();
    const seen: Envelope[] = [];
    const a = applier(store, noteHandler(2, seen));
    const [m1, m2] = [message({ text: '你好' }), message({ text: 'hi', lang: 'en' }, { pv: 2 })];
    expect(await a.handleBatch([m1, m2])).toEqual(['applied', 'applied']);
    expect(store.transactions).toBe(1);
    expect(seen.map((e) => e.payload)).toEqual([
      { text: '你好', lang: 'zh' },
      { text: 'hi', lang: 'en' },
    ]);
    expect(await a.handle(m1.data, m1.meta)).toBe('duplicate');
    expect(a.stats()).toMatchObject({ applied: 2, duplicates: 1, quarantined: 0, held: 0, retried: 0 });
  });

  it('holds a newer payload version than the handler knows: kept with the reason, acknowledged, not counted as bad', async () => {
    const store = new MemoryStore();
    const a = applier(store, noteHandler(1));
    const held = message({ text: 'v2', lang: 'en' }, { pv: 2 });
    expect(await a.handle(held.data, held.meta)).toBe('held');
    expect(store.quarantined).toEqual([
      {
        subject: held.meta.subject,
        kind: 'held',
        reason: 'needs upgrade: case.note v2, this node knows v1',
        data: held.data,
        envelope: { id: held.envelope.id, origin, type: 'case.note' },
        stream: 'cases',
        durable: 'gz_cases_all',
        attempts: 1,
        payloadVersion: 2,
      },
    ]);
    expect(store.inbox.size).toBe(0);
    expect(a.stats()).toMatchObject({ held: 1, quarantined: 0 });

    // After an upgrade (a handler that knows v2) the kept message applies.
    const upgraded = applier(store, noteHandler(2));
    expect(await upgraded.reapply(held.data, held.meta, 2)).toEqual({ outcome: 'applied' });
    expect(store.rows.get(held.envelope.aggregate)).toEqual({ text: 'v2', lang: 'en' });
    expect(await upgraded.reapply(held.data, held.meta, 3)).toEqual({ outcome: 'duplicate' });
  });

  it('holds any pv above 1 for a handler without a payload codec', async () => {
    const store = new MemoryStore();
    const { payload: _codec, ...plain } = noteHandler();
    const a = applier(store, plain);
    const m = message({ text: 'x' }, { pv: 3 });
    expect(await a.handle(m.data, m.meta)).toBe('held');
    expect(store.quarantined[0]?.reason).toBe('needs upgrade: case.note v3, this node knows v1');
  });

  it('quarantines an invalid payload, an unknown type, a bad envelope and a forbidden origin; the rest of the batch applies', async () => {
    const store = new MemoryStore();
    const seen: Envelope[] = [];
    const a = applier(store, noteHandler(1, seen));
    const good = message({ text: 'ok' });
    const empty = message({});
    const unknown = message({ text: 'x' }, { type: 'case.unknown' });
    const forbidden = { ...message({ text: 'x' }), meta: { subject: 'gov.case.other', stream: 'cases', durable: 'gz_cases_all', deliveryCount: 1 } };
    const garbage = { data: new TextEncoder().encode('{"v":1'), meta: good.meta };
    const outcomes = await a.handleBatch([empty, good, unknown, forbidden, garbage]);
    expect(outcomes).toEqual(['quarantined', 'applied', 'quarantined', 'quarantined', 'quarantined']);
    expect(store.quarantined.map((q) => [q.kind, q.reason])).toEqual([
      ['invalid', 'invalid payload: text must be a string'],
      ['invalid', 'unknown type case.unknown'],
      ['unauthorized', `not allowed: ${origin} may not write gov.case.other`],
      ['invalid', expect.stringMatching(/^undecodable: not JSON/)],
    ]);
    // The handler never saw the invalid payload.
    expect(seen.map((e) => e.id)).toEqual([good.envelope.id]);
    expect([...store.inbox]).toEqual([good.envelope.id]);
  });

  it('quarantines a rejected message (RejectedMessageError) without blocking the batch', async () => {
    const store = new MemoryStore();
    const a = applier(store);
    const [bad, good] = [message({ text: 'reject' }), message({ text: 'ok' })];
    expect(await a.handleBatch([bad, good])).toEqual(['quarantined', 'applied']);
    expect(store.quarantined.map((q) => [q.kind, q.reason, q.attempts])).toEqual([['rejected', 'rejected: no such case', 1]]);
    expect(store.transactions).toBe(1);
  });

  it('applies a failing batch message by message: the good ones commit, the failing one is retried', async () => {
    const store = new MemoryStore();
    const a = applier(store);
    const [before, boom, after] = [message({ text: 'a' }), message({ text: 'boom' }), message({ text: 'b' })];
    expect(await a.handleBatch([before, boom, after])).toEqual(['applied', 'retry', 'applied']);
    expect([...store.inbox].sort()).toEqual([before.envelope.id, after.envelope.id].sort());
    expect(store.quarantined).toEqual([]);
    expect(a.stats()).toMatchObject({ applied: 2, retried: 1, quarantined: 0 });
  });

  it('dead-letters a failing message at the delivery bound, with the error, and acknowledges it', async () => {
    const store = new MemoryStore();
    const a = applier(store, noteHandler(), 3);
    const boom = message({ text: 'boom' });
    for (const deliveryCount of [1, 2]) {
      expect(await a.handle(boom.data, { ...boom.meta, deliveryCount })).toBe('retry');
    }
    expect(store.quarantined).toEqual([]);
    expect(await a.handle(boom.data, { ...boom.meta, deliveryCount: 3 })).toBe('quarantined');
    expect(store.quarantined.map((q) => [q.kind, q.reason, q.attempts, q.payloadVersion, q.durable])).toEqual([
      ['failed', 'failed 3 times: p.coDepartments is not iterable', 3, 1, 'gz_cases_all'],
    ]);
    expect(store.inbox.size).toBe(0);
    // An admin retries after the fix: still failing, it says how often it failed; fixed, it applies.
    expect(await a.reapply(boom.data, boom.meta, 4)).toEqual({ outcome: 'refused', kind: 'failed', reason: 'failed 4 times: p.coDepartments is not iterable', payloadVersion: 1 });
  });

  it('never dead-letters while the store is down: the batch throws, nothing is quarantined', async () => {
    const store = new MemoryStore();
    const a = applier(store, noteHandler(), 1);
    const good = message({ text: 'ok' });
    store.down = true;
    await expect(a.handleBatch([{ ...good, meta: { ...good.meta, deliveryCount: 10 } }])).rejects.toThrow('connection refused');
    await expect(a.reapply(good.data, good.meta, 2)).rejects.toThrow('connection refused');
    store.down = false;
    expect(store.quarantined).toEqual([]);
    expect(await a.handle(good.data, good.meta)).toBe('applied');
  });

  it('applies a batch in delivery order and answers each message in that order, refusals included', async () => {
    const store = new MemoryStore();
    const seen: Envelope[] = [];
    const a = applier(store, noteHandler(1, seen));
    const batch = [message({ text: '1' }), message({ text: 'reject' }), message({ text: '3' }), message({ text: 42 }), message({ text: '5' })];
    expect(await a.handleBatch(batch)).toEqual(['applied', 'quarantined', 'applied', 'quarantined', 'applied']);
    expect(seen.map((e) => (e.payload as { text: string }).text)).toEqual(['1', 'reject', '3', '5']);
    expect(store.quarantined.map((q) => [q.envelope?.id, q.kind])).toEqual([
      [batch[3]!.envelope.id, 'invalid'],
      [batch[1]!.envelope.id, 'rejected'],
    ]);
  });

  it('applies a redelivered message once: retried while its handler fails, applied after, a duplicate from then on', async () => {
    const store = new MemoryStore();
    let broken = true;
    const handler: MessageHandler<MemoryTx> = {
      ...noteHandler(),
      async apply(tx, envelope) {
        if (broken) throw new Error('department table locked');
        tx.writes.set(envelope.aggregate, envelope.payload);
      },
    };
    const a = applier(store, handler, 5);
    const m = message({ text: 'once' });
    expect(await a.handle(m.data, { ...m.meta, deliveryCount: 1 })).toBe('retry');
    expect(store.inbox.size).toBe(0);
    broken = false;
    expect(await a.handle(m.data, { ...m.meta, deliveryCount: 2 })).toBe('applied');
    expect(await a.handle(m.data, { ...m.meta, deliveryCount: 3 })).toBe('duplicate');
    expect([...store.rows.entries()]).toEqual([[m.envelope.aggregate, { text: 'once', lang: 'zh' }]]);
    expect(a.stats()).toMatchObject({ applied: 1, duplicates: 1, retried: 1, quarantined: 0 });
  });

  it('keeps nothing of a batch cut off mid-way by the store, and applies all of it once when it is redelivered', async () => {
    const store = new MemoryStore();
    let cutAt: string | null = 'C-cut';
    const inner = noteHandler();
    const handler: MessageHandler<MemoryTx> = {
      ...inner,
      async apply(tx, envelope, meta) {
        if ((envelope.payload as { text: string }).text === cutAt) {
          store.down = true;
          throw new Error('connection terminated');
        }
        await inner.apply(tx, envelope, meta);
      },
    };
    const a = applier(store, handler);
    const batch = [message({ text: 'a' }), message({ text: 'C-cut' }), message({ text: 'c' })];
    await expect(a.handleBatch(batch)).rejects.toThrow('connection terminated');
    expect(store.inbox.size).toBe(0);
    expect(store.rows.size).toBe(0);
    expect(store.quarantined).toEqual([]);
    store.down = false;
    cutAt = null;
    expect(await a.handleBatch(batch.map((m) => ({ ...m, meta: { ...m.meta, deliveryCount: 2 } })))).toEqual(['applied', 'applied', 'applied']);
    expect(await a.handleBatch(batch)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(store.rows.size).toBe(3);
  });

  it('quarantines what a throwing decoder could not read', async () => {
    const store = new MemoryStore();
    const handler: MessageHandler<MemoryTx> = {
      ...noteHandler(),
      payload: {
        latest: 1,
        decode: () => {
          throw new Error('decoder bug');
        },
      },
    };
    const m = message({ text: 'x' });
    expect(await applier(store, handler).handle(m.data, m.meta)).toBe('quarantined');
    expect(store.quarantined[0]).toMatchObject({ kind: 'invalid', reason: 'invalid payload: decoder failed: decoder bug' });
  });
});

describe('retryDelay', () => {
  it('starts at the base, doubles with every delivery and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, 1000, 60_000))).toEqual([1000, 2000, 4000, 8000, 16_000]);
    expect(retryDelay(7, 1000, 60_000)).toBe(60_000);
    expect(retryDelay(1_000_000, 1000, 60_000)).toBe(60_000);
    expect(retryDelay(0, 100, 60_000)).toBe(100);
  });
});
