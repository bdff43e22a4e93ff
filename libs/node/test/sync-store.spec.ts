import { DataSource } from 'typeorm';
import { eachDatabase } from '@liandong/harness';
import { HybridLogicalClock, RejectedMessageError, uuidv7, type Envelope } from '@liandong/sync';
import { dataSourceOptions, InboxRepository, MIGRATIONS, NodeStatusRepository, OutboxRepository } from '../src';

const clock = new HybridLogicalClock('gz-city', () => Date.parse('2026-03-02T02:00:00Z'));
let n = 0;
function envelope(): Envelope {
  n++;
  return { id: uuidv7(Date.parse('2026-03-02T02:00:00Z') + n), type: 'catalogue.item', v: 1, aggregate: `I${n}`, origin: 'gz-city', hlc: clock.now(), actor: 'admin', payload: { n, text: '事项 ✓' } };
}

/** The sync storage contract, run unchanged on SQLite and PostgreSQL. */
eachDatabase('sync store suite', (backend) => {
  describe(`outbox and inbox on ${backend.name}`, () => {
    let db: DataSource;
    let outbox: OutboxRepository;
    let inbox: InboxRepository;

    beforeAll(async () => {
      db = new DataSource(dataSourceOptions((await backend.create()).config));
      await db.initialize();
      await db.runMigrations();
      await db.query('CREATE TABLE probe (id varchar(40) PRIMARY KEY, value text NOT NULL)');
      outbox = new OutboxRepository(db);
      inbox = new InboxRepository(db);
    });

    afterAll(async () => {
      await db?.destroy();
    });

    it('keeps an envelope only when its transaction commits, and hands them out in order', async () => {
      await expect(
        db.transaction(async (m) => {
          await outbox.append(m, 'gov.catalog.all.I0', envelope(), '2026-03-02T02:00:00.000Z');
          throw new Error('the domain change failed');
        }),
      ).rejects.toThrow('the domain change failed');
      expect(await outbox.depth()).toBe(0);

      const written: Envelope[] = [];
      await db.transaction(async (m) => {
        for (let i = 0; i < 3; i++) {
          const e = envelope();
          written.push(e);
          await outbox.append(m, `gov.catalog.all.${e.aggregate}`, e, '2026-03-02T02:00:00.000Z');
        }
      });
      const pending = await outbox.pending(10);
      expect(pending.map((p) => p.envelopeId)).toEqual(written.map((e) => e.id));
      expect(JSON.parse(new TextDecoder().decode(pending[0]!.data))).toEqual(written[0]);
      expect(await outbox.depth()).toBe(3);

      await outbox.markSent([pending[0]!.seq, pending[2]!.seq], '2026-03-02T02:00:01.000Z');
      expect((await outbox.pending(10)).map((p) => p.envelopeId)).toEqual([written[1]!.id]);
      expect(await outbox.depth()).toBe(1);
    });

    it('refuses the same envelope id twice in the outbox', async () => {
      const e = envelope();
      await db.transaction((m) => outbox.append(m, 'gov.catalog.all.X', e, 'now'));
      await expect(db.transaction((m) => outbox.append(m, 'gov.catalog.all.X', e, 'now'))).rejects.toThrow();
    });

    it('applies an envelope once: the change and the inbox row commit together', async () => {
      const e = envelope();
      const apply = (value: string) => async (m: import('typeorm').EntityManager) => {
        await m.query(db.options.type === 'postgres' ? 'INSERT INTO probe (id, value) VALUES ($1, $2)' : 'INSERT INTO probe (id, value) VALUES (?, ?)', [e.id, value]);
      };
      expect(await inbox.applyOnce(e, apply('first'))).toBe('applied');
      expect(await inbox.applyOnce(e, apply('second'))).toBe('duplicate');
      expect(await db.query('SELECT value FROM probe')).toEqual([{ value: 'first' }]);
      expect(await inbox.inboxCount()).toBe(1);
    });

    it('records nothing when applying fails, so the message can be retried', async () => {
      const e = envelope();
      await expect(
        inbox.applyOnce(e, async (m) => {
          await m.query(db.options.type === 'postgres' ? 'INSERT INTO probe (id, value) VALUES ($1, $2)' : 'INSERT INTO probe (id, value) VALUES (?, ?)', [e.id, 'half']);
          throw new Error('database busy');
        }),
      ).rejects.toThrow('database busy');
      expect(await db.query(db.options.type === 'postgres' ? 'SELECT * FROM probe WHERE id = $1' : 'SELECT * FROM probe WHERE id = ?', [e.id])).toEqual([]);
      expect(await inbox.applyOnce(e, async () => undefined)).toBe('applied');
    });

    it('applies a batch in one transaction, rolling back only a duplicate or a rejected envelope', async () => {
      const sql = db.options.type === 'postgres' ? 'INSERT INTO probe (id, value) VALUES ($1, $2)' : 'INSERT INTO probe (id, value) VALUES (?, ?)';
      const [a, b, c] = [envelope(), envelope(), envelope()];
      const write = (e: Envelope, value: string) => async (m: import('typeorm').EntityManager) => {
        await m.query(sql, [e.id, value]);
      };
      await inbox.applyOnce(a, write(a, 'a'));
      const outcomes = await inbox.applyBatch([
        { envelope: a, apply: write(a, 'a again') },
        {
          envelope: b,
          apply: async (m) => {
            await write(b, 'half')(m);
            throw new RejectedMessageError('bad payload');
          },
        },
        { envelope: c, apply: write(c, 'c') },
      ]);
      expect(outcomes).toEqual(['duplicate', { rejected: 'bad payload' }, 'applied']);
      const rows = (await db.query('SELECT id, value FROM probe')) as Array<{ id: string; value: string }>;
      expect(rows.filter((r) => [a.id, b.id, c.id].includes(r.id)).map((r) => r.value).sort()).toEqual(['a', 'c']);

      const [d, f] = [envelope(), envelope()];
      await expect(
        inbox.applyBatch([
          { envelope: d, apply: write(d, 'd') },
          {
            envelope: f,
            apply: async () => {
              throw new Error('disk full');
            },
          },
        ]),
      ).rejects.toThrow('disk full');
      expect(await inbox.applyOnce(d, write(d, 'd retried'))).toBe('applied');
    });

    it('keeps quarantined messages with their reason and raw bytes', async () => {
      const e = envelope();
      const bad = { kind: 'invalid' as const, attempts: 1, payloadVersion: null };
      await inbox.quarantine([{ ...bad, subject: 'gov.catalog.all.BAD', reason: 'unknown type x', data: Uint8Array.from([0xff, 0x00]), envelope: { id: e.id, origin: e.origin, type: 'x' } }]);
      await inbox.quarantine([{ ...bad, subject: 'gov.catalog.all.BAD2', reason: 'undecodable: not valid UTF-8', data: Uint8Array.from([0xfe]), envelope: null }]);
      const [items, total] = await inbox.quarantined(0, 10);
      expect(total).toBe(2);
      expect(items.map((q) => [q.subject, q.reason, q.dataBase64, q.kind, q.attempts])).toEqual([
        ['gov.catalog.all.BAD2', 'undecodable: not valid UTF-8', '/g==', 'invalid', 1],
        ['gov.catalog.all.BAD', 'unknown type x', '/wA=', 'invalid', 1],
      ]);
      expect(await inbox.quarantineCount()).toBe(2);
    });

    it('treats only the inbox row’s unique violation as a duplicate: one inside the change is a failure', async () => {
      const sql = db.options.type === 'postgres' ? 'INSERT INTO probe (id, value) VALUES ($1, $2)' : 'INSERT INTO probe (id, value) VALUES (?, ?)';
      const [a, b] = [envelope(), envelope()];
      expect(await inbox.applyOnce(a, async (m) => void (await m.query(sql, [`dup-${a.id}`, 'a'])))).toBe('applied');
      // A different envelope whose change collides with a's row: not a duplicate envelope, a failing change.
      await expect(inbox.applyOnce(b, async (m) => void (await m.query(sql, [`dup-${a.id}`, 'b'])))).rejects.toThrow();
      expect(await db.query(db.options.type === 'postgres' ? 'SELECT envelope_id FROM inbox WHERE envelope_id = $1' : 'SELECT envelope_id FROM inbox WHERE envelope_id = ?', [b.id])).toEqual([]);
      expect(await inbox.available()).toBe(true);
    });

    it('keeps kinds, consumers, attempts and payload versions; counts per consumer; releases and updates rows', async () => {
      await db.query('DELETE FROM quarantine');
      const e = envelope();
      const from = { stream: 'cases', durable: 'gz-city_cases_all', envelope: { id: e.id, origin: e.origin, type: 'case.accepted' } };
      await inbox.quarantine([
        { ...from, subject: 'gov.case.a.b.c1', kind: 'held', reason: 'needs upgrade: case.accepted v2, this node knows v1', data: Uint8Array.from([1]), attempts: 1, payloadVersion: 2 },
        { ...from, subject: 'gov.case.a.b.c2', kind: 'failed', reason: 'failed 5 times: injected fault', data: Uint8Array.from([2]), attempts: 5, payloadVersion: 1 },
        { ...from, subject: 'gov.case.a.b.c3', kind: 'invalid', reason: 'invalid payload: x', data: Uint8Array.from([3]), attempts: 1, payloadVersion: 1 },
        { subject: 'gov.catalog.all.Z', kind: 'invalid', reason: 'undecodable: not JSON', data: Uint8Array.from([4]), envelope: null, attempts: 1, payloadVersion: null },
      ]);
      expect(await inbox.quarantineCount()).toBe(3);
      expect(await inbox.quarantineCounts()).toEqual(
        expect.arrayContaining([
          { stream: 'cases', durable: 'gz-city_cases_all', kind: 'failed', count: 1 },
          { stream: 'cases', durable: 'gz-city_cases_all', kind: 'held', count: 1 },
          { stream: 'cases', durable: 'gz-city_cases_all', kind: 'invalid', count: 1 },
          { stream: null, durable: null, kind: 'invalid', count: 1 },
        ]),
      );
      expect((await inbox.quarantineCounts()).length).toBe(4);
      const held = await inbox.held();
      expect(held.map((h) => [h.subject, h.payloadVersion, h.stream, h.durable])).toEqual([['gov.case.a.b.c1', 2, 'cases', 'gz-city_cases_all']]);
      const [failed, failedTotal] = await inbox.quarantined(0, 10, 'failed');
      expect(failedTotal).toBe(1);
      expect(failed[0]).toMatchObject({ kind: 'failed', attempts: 5, reason: 'failed 5 times: injected fault', updatedAt: failed[0]!.receivedAt });

      await inbox.refusedAgain(failed[0]!.id, { kind: 'rejected', reason: 'rejected: no such item', payloadVersion: 1 });
      expect(await inbox.quarantinedEntry(failed[0]!.id)).toMatchObject({ kind: 'rejected', attempts: 6, reason: 'rejected: no such item' });
      expect(await inbox.release(held[0]!.id)).toBe(true);
      expect(await inbox.release(held[0]!.id)).toBe(false);
      expect(await inbox.quarantinedEntry(held[0]!.id)).toBeNull();
      expect(await inbox.held()).toEqual([]);
    });

    it('migration 1764300000000 gives the rows kept from before it their kind from the reason', async () => {
      const from = MIGRATIONS.findIndex((m) => new m().name === 'QuarantineKinds1764300000000');
      for (let i = from; i < MIGRATIONS.length; i++) await db.undoLastMigration();
      await db.query('DELETE FROM quarantine');
      const p = (i: number) => (db.options.type === 'postgres' ? `$${i}` : '?');
      for (const reason of ['not allowed: only the city sends city-wide data', 'rejected: no such item', 'undecodable: not JSON', 'unknown type x.y']) {
        await db.query(`INSERT INTO quarantine (envelope_id, subject, origin, type, reason, data_base64, received_at) VALUES (NULL, 's', NULL, NULL, ${p(1)}, 'AA==', ${p(2)})`, [
          reason,
          '2026-03-02T02:00:00.000Z',
        ]);
      }
      await db.runMigrations();
      const rows = (await db.query('SELECT kind, attempts, updated_at, payload_version FROM quarantine ORDER BY id')) as Array<Record<string, unknown>>;
      expect(rows.map((r) => [r['kind'], Number(r['attempts']), r['updated_at'], r['payload_version']])).toEqual([
        ['unauthorized', 1, '2026-03-02T02:00:00.000Z', null],
        ['rejected', 1, '2026-03-02T02:00:00.000Z', null],
        ['invalid', 1, '2026-03-02T02:00:00.000Z', null],
        ['invalid', 1, '2026-03-02T02:00:00.000Z', null],
      ]);
    });

    it('keeps one status row per node below, the last heartbeat’s, with a skew of years and a null consumer lag', async () => {
      const statuses = new NodeStatusRepository(db);
      const first = { nodeId: 'jiekou', parentId: 'conghua', tier: 'township', regionCode: '440117001', lastContact: '2026-03-02T02:00:00.000Z', skewMs: 12, outboxDepth: 3, quarantined: 0, consumerLag: 5 };
      await statuses.save(first);
      await statuses.save({ nodeId: 'conghua', parentId: 'gz-city', tier: 'district', regionCode: null, lastContact: '2026-03-02T02:00:01.000Z', skewMs: 0, outboxDepth: 0, quarantined: 1, consumerLag: null });
      // A village PC whose clock is four years behind: beyond a 32-bit number of milliseconds.
      const later = { ...first, lastContact: '2026-03-02T02:00:05.000Z', skewMs: -4 * 365 * 86_400_000, outboxDepth: 0, consumerLag: null };
      await statuses.save(later);
      expect(await statuses.all()).toEqual([
        { nodeId: 'conghua', parentId: 'gz-city', tier: 'district', regionCode: null, lastContact: '2026-03-02T02:00:01.000Z', skewMs: 0, outboxDepth: 0, quarantined: 1, consumerLag: null },
        later,
      ]);
      expect(await db.query('SELECT COUNT(*) AS n FROM node_status')).toEqual([{ n: db.options.type === 'postgres' ? '2' : 2 }]);
    });
  });
});
