import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ManualClock, startNatsServer, type RunningNatsServer } from '@liandong/harness';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { encodeHeartbeat, decodeHeartbeat, encodeEnvelope, formatHlc, HEARTBEAT_VERSION, HybridLogicalClock, provisionStreams, refSubject, uuidv7, type HeartbeatV3 } from '@liandong/sync';
import { createNodeApp, loadNodeConfig, NodeMonitor, type NodeBelow } from '../src';

const PASSWORD = 'monitor-test-pw';

/**
 * The district's view of its townships, with heartbeats sent by hand on a real nats-server and a manual clock: the
 * silence is the node's clock, not the wall's, and malformed or foreign heartbeats are ignored.
 */
describe('nodes below a district (manual clock, real nats-server, SQLite)', () => {
  let nats: RunningNatsServer;
  let raw: NatsConnection;
  let dir: string;
  let app: INestApplication;
  let token: string;
  const clock = new ManualClock('2026-03-02T09:00:00+08:00');

  const beat = (overrides: Partial<HeartbeatV3> = {}): HeartbeatV3 => ({
    v: HEARTBEAT_VERSION,
    nodeId: 'jiekou',
    tier: 'township',
    regionCode: '440117001',
    parentId: 'conghua',
    wall: clock.now().getTime() + 1500,
    hlc: formatHlc({ wall: clock.now().getTime(), logical: 0, node: overrides.nodeId ?? 'jiekou' }),
    outboxDepth: 7,
    quarantined: 1,
    consumerLag: 2,
    stalled: [],
    ...overrides,
  });
  const nodesBelow = async (): Promise<NodeBelow[]> =>
    (await request(app.getHttpServer()).get('/sync/status').set('authorization', `Bearer ${token}`).expect(200)).body.nodesBelow as NodeBelow[];
  const send = (subject: string, data: Uint8Array): void => raw.publish(subject, data);
  /** Polls the status page until `check` holds (NATS delivers one publisher's messages in order), then lets writes finish. */
  const until = async (check: (nodes: NodeBelow[]) => boolean, what: string): Promise<NodeBelow[]> => {
    const deadline = Date.now() + 20000;
    for (;;) {
      const nodes = await nodesBelow();
      if (check(nodes)) {
        await app.get(NodeMonitor).flushed();
        return nodes;
      }
      if (Date.now() > deadline) throw new Error(`${what} not reached; last seen ${JSON.stringify(nodes)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    raw = await connect({ servers: nats.url });
    dir = mkdtempSync(join(tmpdir(), 'liandong-monitor-'));
    const config = loadNodeConfig(
      {
        NODE_ID: 'conghua',
        REGION_CODE: '440117',
        PARENT_ID: 'gz-city',
        JWT_SECRET: 'monitor-test-secret-at-least-32-chars',
        DATA_DIR: dir,
        NATS_URL: nats.url,
        ADMIN_PASSWORD: PASSWORD,
        LOG_LEVEL: 'silent',
        NODE_OFFLINE_AFTER_SECONDS: '30',
        // A heartbeat a second, so the stalled-consumer test reads the district's own soon; many deliveries, so the
        // message it blocks stays unacknowledged (not dead-lettered) while the test runs.
        SYNC_HEARTBEAT_SECONDS: '1',
        SYNC_MAX_DELIVERIES: '100',
      },
      'district',
    );
    app = await createNodeApp(config, { clock });
    token = (await request(app.getHttpServer()).post('/auth/login').send({ username: 'admin', password: PASSWORD }).expect(200)).body.accessToken as string;
    const deadline = Date.now() + 20000;
    while ((await request(app.getHttpServer()).get('/health')).body.checks.nats.status !== 'up' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  });

  afterAll(async () => {
    await raw?.close();
    await app?.close();
    await nats?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ignores malformed and foreign heartbeats, and lists a township that speaks with what it reported', async () => {
    send('gov.status.conghua.jiekou', new TextEncoder().encode('{not json'));
    send('gov.status.conghua.jiekou', new TextEncoder().encode(JSON.stringify({ ...beat(), outboxDepth: -3 })));
    send('gov.status.conghua.jiekou', new Uint8Array([0xff, 0xfe]));
    send('gov.status.conghua.wenquan', encodeHeartbeat(beat())); // jiekou's heartbeat on wenquan's subject
    send('gov.status.conghua.liangkou', encodeHeartbeat(beat({ nodeId: 'liangkou', parentId: 'other-district' })));
    send('gov.status.conghua.jiekou', encodeHeartbeat(beat()));
    expect(await until((nodes) => nodes.length > 0, 'jiekou listed')).toEqual([
      {
        nodeId: 'jiekou',
        parentId: 'conghua',
        tier: 'township',
        regionCode: '440117001',
        lastContact: '2026-03-02T01:00:00.000Z',
        silentSeconds: 0,
        online: true,
        figures: { reportedAt: '2026-03-02T01:00:00.000Z', ageSeconds: 0, stale: false },
        outboxDepth: 7,
        consumerLag: 2,
        // The township never connected, so the server has no consumers of its: it cannot say.
        serverPending: null,
        quarantined: 1,
        stalled: [],
        skewMs: 1500,
      },
    ]);
    expect(await app.get(DataSource).query('SELECT node_id, outbox_depth, consumer_lag, last_contact FROM node_status')).toEqual([
      { node_id: 'jiekou', outbox_depth: 7, consumer_lag: 2, last_contact: '2026-03-02T01:00:00.000Z' },
    ]);
  });

  it('flags it offline once the node’s clock passes the configured silence, its figures unknown with their age, and fresh when it speaks again', async () => {
    clock.advance(29_000);
    expect(await nodesBelow()).toMatchObject([
      { nodeId: 'jiekou', silentSeconds: 29, online: true, figures: { reportedAt: '2026-03-02T01:00:00.000Z', ageSeconds: 29, stale: false }, outboxDepth: 7, consumerLag: 2, quarantined: 1, stalled: [], skewMs: 1500 },
    ]);
    clock.advance(1_000);
    // Older than NODE_OFFLINE_AFTER_SECONDS: unknown (null) with its age, never the last value it reported.
    const stale = { nodeId: 'jiekou', online: false, outboxDepth: null, consumerLag: null, quarantined: null, stalled: null, skewMs: null };
    expect(await nodesBelow()).toMatchObject([{ ...stale, silentSeconds: 30, figures: { reportedAt: '2026-03-02T01:00:00.000Z', ageSeconds: 30, stale: true } }]);
    clock.advance(3_600_000);
    expect(await nodesBelow()).toMatchObject([{ ...stale, figures: { ageSeconds: 3630, stale: true } }]);
    // The stored row keeps what it reported (an ancestor's restart must not invent figures); only the answer hides it.
    expect(await app.get(DataSource).query('SELECT outbox_depth FROM node_status')).toEqual([{ outbox_depth: 7 }]);
    send('gov.status.conghua.jiekou', encodeHeartbeat(beat({ outboxDepth: 0, consumerLag: null })));
    expect(await until((nodes) => nodes[0]?.online === true, 'jiekou online again')).toMatchObject([
      { nodeId: 'jiekou', silentSeconds: 0, figures: { reportedAt: clock.now().toISOString(), ageSeconds: 0, stale: false }, outboxDepth: 0, consumerLag: null, quarantined: 1, stalled: [] },
    ]);
  });

  it('shows the consumers a township reports stalled, in /sync/status and /metrics, and takes a v2 heartbeat with stalled unknown', async () => {
    send('gov.status.conghua.jiekou', encodeHeartbeat(beat({ stalled: ['jiekou_cases_440117001'] })));
    expect(await until((nodes) => (nodes[0]?.stalled ?? []).length === 1, 'jiekou stalled')).toMatchObject([{ nodeId: 'jiekou', stalled: ['jiekou_cases_440117001'] }]);
    const metrics = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(metrics).toContain('liandong_node_below_consumers_stalled{node="jiekou",parent="conghua",tier="township"} 1');
    expect(metrics).toContain('liandong_node_below_figures_age_seconds{node="jiekou",parent="conghua",tier="township"} 0');
    expect(metrics).toContain('liandong_node_below_outbox_depth{node="jiekou",parent="conghua",tier="township"} 7');
    // A heartbeat that names another node's durable is ignored: the last one stays.
    send('gov.status.conghua.jiekou', new TextEncoder().encode(JSON.stringify({ ...beat(), stalled: ['wenquan_cases_440117100'] })));
    // A township on the previous release (v2) has no stalled field: unknown, not "none".
    const { stalled: _s, ...v2 } = beat({ outboxDepth: 5 });
    send('gov.status.conghua.jiekou', new TextEncoder().encode(JSON.stringify({ ...v2, v: 2 })));
    expect(await until((nodes) => nodes[0]?.outboxDepth === 5, 'v2 heartbeat')).toMatchObject([{ nodeId: 'jiekou', online: true, outboxDepth: 5, stalled: null }]);
    // Stale figures leave /metrics (no last value), their age stays.
    clock.advance(30_000);
    const later = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(later).not.toContain('liandong_node_below_outbox_depth{node="jiekou"');
    expect(later).not.toContain('liandong_node_below_quarantined{node="jiekou"');
    expect(later).not.toContain('liandong_node_below_clock_skew_seconds{node="jiekou"');
    expect(later).toContain('liandong_node_below_figures_age_seconds{node="jiekou",parent="conghua",tier="township"} 30');
    expect(later).toContain('liandong_node_below_online{node="jiekou",parent="conghua",tier="township"} 0');
    send('gov.status.conghua.jiekou', encodeHeartbeat(beat()));
    await until((nodes) => nodes[0]?.online === true && nodes[0].stalled?.length === 0, 'jiekou healthy again');
  });

  it('keeps one row per township, its last heartbeat’s, and takes a township on an older release (v1)', async () => {
    const { v: _v, regionCode: _r, consumerLag: _c, stalled: _s, ...v1 } = beat({ nodeId: 'wenquan' });
    send('gov.status.conghua.wenquan', new TextEncoder().encode(JSON.stringify(v1)));
    send('gov.status.conghua.jiekou', encodeHeartbeat(beat({ outboxDepth: 4 })));
    expect((await until((nodes) => nodes.length === 2 && nodes[0]!.outboxDepth === 4, 'both townships')).map((n) => [n.nodeId, n.regionCode, n.outboxDepth, n.consumerLag, n.stalled, n.online])).toEqual([
      ['jiekou', '440117001', 4, 2, [], true],
      ['wenquan', null, 7, null, null, true],
    ]);
    expect(await app.get(DataSource).query('SELECT node_id, outbox_depth FROM node_status ORDER BY node_id')).toEqual([
      { node_id: 'jiekou', outbox_depth: 4 },
      { node_id: 'wenquan', outbox_depth: 7 },
    ]);
  });

  it('lets an admin remove a township that has gone for good: only once it is offline, and it is listed again if it speaks', async () => {
    const remove = (nodeId: string, as = token) => request(app.getHttpServer()).delete(`/sync/nodes/${nodeId}`).set('authorization', `Bearer ${as}`);
    // wenquan still speaks: it cannot be removed
    expect((await remove('wenquan').expect(409)).body.message).toContain('在线，不能移除');
    expect((await remove('no-such-node').expect(404)).body.message).toContain('下级节点中没有 no-such-node');
    expect((await remove('Bad_Id').expect(400)).body.errors).toEqual([{ field: 'nodeId', reason: expect.stringContaining('lowercase letters') }]);
    const supervisor = await request(app.getHttpServer()).post('/users').set('authorization', `Bearer ${token}`).send({ username: 'watcher', displayName: '监察员', password: 'Reads-only-2026', roles: ['supervisor'] }).expect(201);
    expect(supervisor.body.username).toBe('watcher');
    const supervisorToken = (await request(app.getHttpServer()).post('/auth/login').send({ username: 'watcher', password: 'Reads-only-2026' }).expect(200)).body.accessToken as string;
    clock.advance(31_000);
    // a supervisor reads the list but does not change it
    await remove('wenquan', supervisorToken).expect(403);
    expect((await nodesBelow()).map((n) => [n.nodeId, n.online])).toEqual([
      ['jiekou', false],
      ['wenquan', false],
    ]);
    expect((await remove('wenquan').expect(200)).body).toEqual({ removed: 'wenquan' });
    expect((await nodesBelow()).map((n) => n.nodeId)).toEqual(['jiekou']);
    expect(await app.get(DataSource).query('SELECT node_id FROM node_status ORDER BY node_id')).toEqual([{ node_id: 'jiekou' }]);
    await remove('wenquan').expect(404);
    // the removal is in the audit log with who did it
    const audit = (await request(app.getHttpServer()).get('/audit?limit=20').set('authorization', `Bearer ${token}`).expect(200)).body.items as Array<Record<string, unknown>>;
    // (all at one instant of the manual clock, so compared as a set)
    expect(audit.filter((e) => e['route'] === '/sync/nodes/:nodeId').map((e) => `${String(e['method'])} ${String(e['actor'])} ${String(e['status'])}`).sort()).toEqual([
      'DELETE admin 200',
      'DELETE admin 400',
      'DELETE admin 404',
      'DELETE admin 404',
      'DELETE admin 409',
      'DELETE watcher 403',
    ]);
    // a node that speaks again is listed again
    send('gov.status.conghua.wenquan', encodeHeartbeat(beat({ nodeId: 'wenquan' })));
    expect((await until((nodes) => nodes.length === 2, 'wenquan back')).map((n) => [n.nodeId, n.online])).toEqual([
      ['jiekou', false],
      ['wenquan', true],
    ]);
  });

  it('flags its own consumer stalled while a message keeps failing to apply: /sync/status, its heartbeat, /metrics', async () => {
    type OwnConsumer = { stream: string; durable: string; pending: number | null; reportedAt: string | null; ageSeconds: number | null; stalled: boolean | null };
    const DURABLE = 'conghua_ref_all';
    const consumer = async (): Promise<OwnConsumer | undefined> =>
      ((await request(app.getHttpServer()).get('/sync/status').set('authorization', `Bearer ${token}`).expect(200)).body.consumers as OwnConsumer[]).find((c) => c.durable === DURABLE);
    const poll = async (check: (c: OwnConsumer) => boolean, what: string): Promise<OwnConsumer> => {
      const deadline = Date.now() + 40000;
      for (;;) {
        const c = await consumer();
        if (c !== undefined && check(c)) return c;
        if (Date.now() > deadline) throw new Error(`${what} not reached; last seen ${JSON.stringify(c)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    // The district's heartbeats to the city, as the city would read them.
    const beats: Array<{ stalled: readonly string[] | null }> = [];
    const sub = raw.subscribe('gov.status.gz-city.conghua', {
      callback: (_err, msg) => {
        const decoded = decodeHeartbeat(msg.data, msg.subject);
        if (decoded.ok) beats.push(decoded.heartbeat);
      },
    });
    try {
      // Until now no streams existed (no city here): the district waited. Now it creates its consumers.
      await provisionStreams(await jetstreamManager(raw));
      expect(await poll((c) => c.pending === 0 && c.stalled === false, 'the consumer idle')).toMatchObject({ stream: 'ref', reportedAt: clock.now().toISOString(), ageSeconds: 0 });

      // A real fault: the district's database refuses every inbox and quarantine row, so the message cannot be applied,
      // nor set aside; it is redelivered and never acknowledged.
      const db = app.get(DataSource);
      for (const table of ['inbox', 'quarantine']) await db.query(`CREATE TRIGGER fault_${table} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
      const department = { nodeId: 'gz-city', code: 'SCJGJ', name: '市市场监督管理局', active: true, version: 1, updatedAt: clock.now().toISOString() };
      const envelope = { id: uuidv7(clock.now().getTime()), type: 'reference.department', v: 1 as const, aggregate: 'SCJGJ', origin: 'gz-city', hlc: new HybridLogicalClock('gz-city').now(), actor: 'admin', payload: { scope: 'all', department } };
      await jetstream(raw).publish(refSubject('department', 'all', 'gz-city', 'SCJGJ'), encodeEnvelope(envelope));
      await poll((c) => (c.pending ?? 0) >= 1, 'the message pending');

      // Not stalled until its ack floor has stood still for NODE_OFFLINE_AFTER_SECONDS (30) by the node's clock.
      clock.advance(29_000);
      expect(await consumer()).toMatchObject({ pending: 1, stalled: false });
      clock.advance(1_000);
      expect(await consumer()).toMatchObject({ pending: 1, stalled: true, ageSeconds: 0 });
      const metrics = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
      expect(metrics).toContain(`liandong_sync_consumer_stalled{stream="ref",durable="${DURABLE}"} 1`);
      expect(metrics).toMatch(/liandong_sync_consumer_stalled\{stream="catalog",durable="conghua_catalog_all"\} 0/);
      // Its ancestors learn it from the heartbeat (v3).
      const deadline = Date.now() + 20000;
      while (!beats.some((b) => b.stalled?.includes(DURABLE) === true) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(beats.find((b) => b.stalled?.includes(DURABLE) === true)?.stalled).toEqual([DURABLE]);

      // The fault repaired: the next redelivery applies, the floor moves, the consumer is healthy again.
      for (const table of ['inbox', 'quarantine']) await db.query(`DROP TRIGGER fault_${table}`);
      expect(await poll((c) => c.pending === 0 && c.stalled === false, 'the consumer drained')).toMatchObject({ stalled: false });
      expect(await db.query(`SELECT name FROM departments WHERE node_id = 'gz-city'`)).toEqual([{ name: '市市场监督管理局' }]);
    } finally {
      sub.unsubscribe();
    }
  });
});
