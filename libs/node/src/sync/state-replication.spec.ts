import type { EntityManager } from 'typeorm';
import { codecs } from '@liandong/shared';
import { RejectedMessageError, type Envelope, type MessageHandler } from '@liandong/sync';
import type { NodeConfig } from '../config/node-config';
import { StateReplication, type StateHandler } from './state-replication';
import type { SyncRuntime } from './sync-runtime';

interface Thing {
  readonly scope: string;
  readonly id: string;
  readonly owner: string;
  readonly version: number;
}

const TOWNSHIP = { tier: 'township', nodeId: 'jiekou', regionCode: '440117001', parentId: 'conghua', cityId: 'gz-city' } as NodeConfig;
const tx = {} as EntityManager;

/** A StateReplication on `config` with one handler over an in-memory table; returns what it registered and stored. */
function setUp(config: NodeConfig, held: Thing[] = []) {
  const registered: MessageHandler<EntityManager>[] = [];
  const stored = new Map(held.map((t) => [t.id, t]));
  const state = new StateReplication({ register: (h: MessageHandler<EntityManager>) => registered.push(h) } as unknown as SyncRuntime, config);
  const handler: StateHandler<Thing, Thing> = {
    type: 'test.thing',
    payload: codecs.versioned({ 1: codecs.codec((value) => ({ ok: true, value: value as Thing })) }),
    origin: (env) => (env.payload.owner === env.origin ? null : `origin ${env.origin} is not the owner`),
    subject: (t) => `gov.ref.thing.${t.scope}.${t.id}`,
    scope: (t) => t.scope,
    version: (t) => t.version,
    current: (_tx, t) => Promise.resolve(stored.get(t.id) ?? null),
    conflict: (local, t) => (local.owner !== t.owner ? `thing ${t.id} belongs to ${local.owner} here` : null),
    save: (_tx, env) => {
      stored.set(env.payload.id, env.payload);
      return Promise.resolve();
    },
  };
  state.register(handler);
  expect(registered).toHaveLength(1);
  return { state, handler: registered[0]!, stored };
}

const envelope = (origin: string, payload: Thing): Envelope<Thing> =>
  ({ id: '0190f3a0-0000-7000-8000-000000000001', type: 'test.thing', v: 1, aggregate: payload.id, origin, hlc: '0', actor: 'admin', payload }) as Envelope<Thing>;
const on = (t: Thing) => ({ subject: `gov.ref.thing.${t.scope}.${t.id}` });

describe('StateReplication', () => {
  it('authorizes the context rule first, then the subject, then scope authority', () => {
    const { handler } = setUp(TOWNSHIP);
    const district: Thing = { scope: '440117', id: 'a', owner: 'conghua', version: 1 };
    expect(handler.authorize(envelope('conghua', district), on(district))).toBeNull();
    expect(handler.authorize(envelope('huadu', district), on(district))).toBe('origin huadu is not the owner');
    expect(handler.authorize(envelope('conghua', district), { subject: 'gov.ref.thing.440117.b' })).toBe(
      'subject gov.ref.thing.440117.b does not match the payload (gov.ref.thing.440117.a)',
    );
    const other: Thing = { scope: '440114', id: 'a', owner: 'conghua', version: 1 };
    expect(handler.authorize(envelope('conghua', other), on(other))).toBe('conghua may not send data of scope 440114 to jiekou');
    const cityWide: Thing = { scope: 'all', id: 'a', owner: 'conghua', version: 1 };
    expect(handler.authorize(envelope('conghua', cityWide), on(cityWide))).toBe('only the city (gz-city) sends city-wide data, not conghua');
    expect(handler.authorize(envelope('gz-city', { ...cityWide, owner: 'gz-city' }), on(cityWide))).toBeNull();
  });

  it("takes a district's scope only at that district's townships, from the district", () => {
    const { handler } = setUp({ ...TOWNSHIP, tier: 'district', nodeId: 'conghua', regionCode: '440117', parentId: 'gz-city' } as NodeConfig);
    const district: Thing = { scope: '440117', id: 'a', owner: 'conghua', version: 1 };
    expect(handler.authorize(envelope('conghua', district), on(district))).toBe('conghua may not send data of scope 440117 to conghua');
  });

  it('saves a newer version, ignores an older or equal one, refuses a conflict', async () => {
    const held: Thing = { scope: '440117', id: 'a', owner: 'conghua', version: 2 };
    const { handler, stored } = setUp(TOWNSHIP, [held]);
    await handler.apply(tx, envelope('conghua', { ...held, version: 1 }), on(held));
    await handler.apply(tx, envelope('conghua', { ...held, version: 2, owner: 'conghua' }), on(held));
    expect(stored.get('a')).toBe(held);
    await handler.apply(tx, envelope('conghua', { ...held, version: 3 }), on(held));
    expect(stored.get('a')?.version).toBe(3);
    await expect(handler.apply(tx, envelope('huadu', { ...held, owner: 'huadu', version: 9 }), on(held))).rejects.toThrow(
      new RejectedMessageError('thing a belongs to conghua here'),
    );
    await handler.apply(tx, envelope('conghua', { ...held, id: 'new', version: 1 }), on(held));
    expect(stored.get('new')?.version).toBe(1);
  });

  it('publishes under the city-wide scope on the city, its region on a district, nothing on a township', () => {
    expect(setUp({ ...TOWNSHIP, tier: 'city', nodeId: 'gz-city', regionCode: '440100' } as NodeConfig).state.ownScope()).toBe('all');
    expect(setUp({ ...TOWNSHIP, tier: 'district', nodeId: 'conghua', regionCode: '440117' } as NodeConfig).state.ownScope()).toBe('440117');
    expect(setUp(TOWNSHIP).state.ownScope()).toBeNull();
  });
});
