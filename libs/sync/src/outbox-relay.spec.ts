import { OutboxRelay, type AckedPublisher, type OutboxRecord, type OutboxRelayOptions, type OutboxStore } from './outbox-relay';

const SENT_AT = '2026-03-02T02:00:00.000Z';

/** The OutboxStore contract in memory: rows by seq, `sentAt` set by markSent. */
class MemoryOutbox implements OutboxStore {
  readonly rows: Array<OutboxRecord & { sentAt: string | null }> = [];
  readonly reads: number[] = [];

  add(count: number): void {
    for (let i = 0; i < count; i++) {
      const seq = this.rows.length + 1;
      this.rows.push({ seq, envelopeId: `e${seq}`, subject: `gov.case.jiekou`, data: new TextEncoder().encode(`m${seq}`), sentAt: null });
    }
  }

  async pending(limit: number): Promise<OutboxRecord[]> {
    this.reads.push(limit);
    return this.rows.filter((r) => r.sentAt === null).slice(0, limit);
  }

  async markSent(seqs: readonly number[], at: string): Promise<void> {
    for (const seq of seqs) this.rows[seq - 1]!.sentAt = at;
  }

  async depth(): Promise<number> {
    return this.rows.filter((r) => r.sentAt === null).length;
  }

  sent(): number[] {
    return this.rows.filter((r) => r.sentAt !== null).map((r) => r.seq);
  }
}

/**
 * A JetStream publisher in memory: each publish waits until the test acks or fails it (`autoAck` acks at once).
 * Records the order of publishes, their msgIDs and how many were in flight at most.
 */
class MemoryPublisher implements AckedPublisher {
  readonly published: string[] = [];
  readonly waiting: Array<{ msgID: string; ack(): void; fail(error: Error): void }> = [];
  inFlight = 0;
  maxInFlight = 0;
  /** msgIDs whose next publish fails. */
  readonly failNext = new Set<string>();

  constructor(private readonly autoAck = true) {}

  publish(_subject: string, _data: Uint8Array, options: { msgID: string }): Promise<unknown> {
    this.published.push(options.msgID);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise((resolve, reject) => {
      const settle = (outcome: () => void) => () => {
        this.inFlight--;
        outcome();
      };
      const entry = {
        msgID: options.msgID,
        ack: settle(() => resolve({ seq: this.published.length })),
        fail: (error: Error) => settle(() => reject(error))(),
      };
      if (this.failNext.delete(options.msgID)) entry.fail(new Error(`no ack for ${options.msgID}`));
      else if (this.autoAck) entry.ack();
      else this.waiting.push(entry);
    });
  }
}

const options: OutboxRelayOptions = { idleMs: 5, backoffMs: 5, maxBackoffMs: 20, now: () => new Date(SENT_AT) };

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    await new Promise((r) => setTimeout(r, 5));
    if (await condition()) return;
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('OutboxRelay', () => {
  it('publishes the outbox in seq order with the envelope id as msgID, and marks each row sent', async () => {
    const store = new MemoryOutbox();
    store.add(10);
    const publisher = new MemoryPublisher();
    const relay = new OutboxRelay(store, () => publisher, { ...options, batch: 4 });
    relay.start();
    await until(async () => (await store.depth()) === 0, 'an empty outbox');
    await relay.stop();
    expect(publisher.published).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10']);
    expect(store.rows.map((r) => r.sentAt)).toEqual(Array(10).fill(SENT_AT));
    expect(store.reads.every((limit) => limit === 4)).toBe(true);
    expect(relay.stats()).toEqual({ published: 10, failures: 0, lastError: null });
  });

  it('keeps at most `window` publishes in flight', async () => {
    const store = new MemoryOutbox();
    store.add(7);
    const publisher = new MemoryPublisher(false);
    const relay = new OutboxRelay(store, () => publisher, { ...options, window: 3 });
    relay.start();
    await until(() => publisher.waiting.length === 3, 'a full window');
    await new Promise((r) => setTimeout(r, 20));
    expect(publisher.published).toEqual(['e1', 'e2', 'e3']);
    // One ack opens one slot.
    publisher.waiting.shift()!.ack();
    await until(() => publisher.published.length === 4, 'the next publish');
    while (publisher.waiting.length > 0 || publisher.published.length < 7) {
      await until(() => publisher.waiting.length > 0, 'a publish to ack');
      publisher.waiting.shift()!.ack();
    }
    await until(async () => (await store.depth()) === 0, 'an empty outbox');
    await relay.stop();
    expect(publisher.maxInFlight).toBe(3);
    expect(publisher.published).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
  });

  it('publishes again, with the same msgID, what was not acknowledged; the acknowledged rows are marked sent', async () => {
    const store = new MemoryOutbox();
    store.add(5);
    const publisher = new MemoryPublisher();
    publisher.failNext.add('e3');
    const errors: unknown[] = [];
    const relay = new OutboxRelay(store, () => publisher, { ...options, window: 1, onError: (e) => errors.push(e) });
    relay.start();
    await until(async () => (await store.depth()) === 0, 'an empty outbox');
    await relay.stop();
    // The window of 1 stops at the failure: e4 and e5 wait for the next round, e3 is published again first.
    expect(publisher.published).toEqual(['e1', 'e2', 'e3', 'e3', 'e4', 'e5']);
    expect(store.sent()).toEqual([1, 2, 3, 4, 5]);
    expect(relay.stats()).toEqual({ published: 5, failures: 1, lastError: '3 of 5 publishes failed' });
    expect(errors.map((e) => (e as Error).message)).toEqual(['3 of 5 publishes failed']);
  });

  it('waits while the link is down and publishes once it is up', async () => {
    const store = new MemoryOutbox();
    store.add(2);
    const publisher = new MemoryPublisher();
    let up = false;
    const relay = new OutboxRelay(store, () => (up ? publisher : null), options);
    relay.start();
    await new Promise((r) => setTimeout(r, 30));
    expect(publisher.published).toEqual([]);
    expect(store.reads).toEqual([]);
    up = true;
    relay.poke();
    await until(async () => (await store.depth()) === 0, 'an empty outbox');
    await relay.stop();
    expect(publisher.published).toEqual(['e1', 'e2']);
  });

  it('stopped mid-batch, marks sent only what was acknowledged; a new relay publishes the rest', async () => {
    const store = new MemoryOutbox();
    store.add(6);
    const publisher = new MemoryPublisher(false);
    const relay = new OutboxRelay(store, () => publisher, { ...options, window: 2 });
    relay.start();
    await until(() => publisher.waiting.length === 2, 'two publishes in flight');
    publisher.waiting.shift()!.ack(); // e1
    await until(() => publisher.waiting.length === 2, 'the window refilled');
    const stopped = relay.stop();
    // e2 is acknowledged, e3 never is (the link dropped): only e1 and e2 are sent.
    publisher.waiting.shift()!.ack();
    publisher.waiting.shift()!.fail(new Error('connection closed'));
    await stopped;
    expect(publisher.published).toEqual(['e1', 'e2', 'e3']);
    expect(store.sent()).toEqual([1, 2]);
    expect(await store.depth()).toBe(4);

    const again = new MemoryPublisher();
    const next = new OutboxRelay(store, () => again, options);
    next.start();
    await until(async () => (await store.depth()) === 0, 'an empty outbox');
    await next.stop();
    expect(again.published).toEqual(['e3', 'e4', 'e5', 'e6']);
    expect(store.sent()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('stops while idle without reading again', async () => {
    const store = new MemoryOutbox();
    const relay = new OutboxRelay(store, () => new MemoryPublisher(), { ...options, idleMs: 60_000 });
    relay.start();
    await until(() => store.reads.length === 1, 'the first read');
    await relay.stop();
    expect(store.reads).toHaveLength(1);
  });
});
