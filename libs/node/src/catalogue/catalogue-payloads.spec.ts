import fc from 'fast-check';
import { OFFICIAL_HOLIDAYS } from '@liandong/shared';
import { sampleItem } from '@liandong/harness';
import { DELEGATION_MESSAGE_TYPES, DELEGATION_PAYLOADS } from '../delegation/delegation-replication';
import { REFERENCE_MESSAGE_TYPES, REFERENCE_PAYLOADS } from '../reference/reference-replication';
import { CATALOGUE_MESSAGE_TYPES, CATALOGUE_PAYLOADS as ITEM_PAYLOADS } from './catalogue-replication';

// The state records of the catalogue, delegation and reference contexts (each context holds its own codecs).
const CATALOGUE_PAYLOADS = { ...ITEM_PAYLOADS, ...DELEGATION_PAYLOADS, ...REFERENCE_PAYLOADS };
const MESSAGE_TYPES = { ...CATALOGUE_MESSAGE_TYPES, ...DELEGATION_MESSAGE_TYPES, ...REFERENCE_MESSAGE_TYPES } as const;

const decode = (type: keyof typeof CATALOGUE_PAYLOADS, payload: unknown): string => {
  const result = CATALOGUE_PAYLOADS[type].decode(payload, 1);
  return result.ok ? 'ok' : result.reason;
};

const content = sampleItem();
/** As CatalogueReplication.itemChanged publishes it (the item entity and its version). */
const item = {
  item: {
    implCode: content['implCode'],
    version: 3,
    status: 'published',
    scope: 'all',
    ownerNode: 'gz-city',
    name: content['name'],
    baseCode: content['baseCode'],
    itemType: content['itemType'],
    handlingDepartment: content['handlingDepartment'],
    content,
    updatedAt: '2026-12-02T08:00:00.000Z',
  },
  version: { change: 'published', actor: 'admin', changedAt: '2026-12-02T08:00:00.000Z' },
};
const delegation = {
  scope: '440117',
  delegation: {
    id: '0b6f3c52-52a4-4b8e-9d3c-1f0e2d3c4b5a',
    implCode: '114401170069401450000201001000',
    mode: 'devolved',
    targetKind: 'township',
    targetRegion: '440117001',
    effectiveFrom: '2026-03-02',
    status: 'revoked',
    version: 2,
    ownerNode: 'conghua',
    revokedAt: '2026-12-02T08:00:00.000Z',
    updatedAt: '2026-12-02T08:00:00.000Z',
  },
  change: 'revoked',
  changedAt: '2026-12-02T08:00:00.000Z',
};
const department = { scope: 'all', department: { nodeId: 'gz-city', code: 'SCJGJ', name: '市市场监督管理局', active: true, version: 1, updatedAt: '2026-12-02T08:00:00.000Z' } };
const year = OFFICIAL_HOLIDAYS[OFFICIAL_HOLIDAYS.length - 1]!;
const calendar = { year: year.year, data: { holidays: year.holidays, makeUpWorkdays: year.makeUpWorkdays, source: year.source }, version: 1, updatedAt: '2026-12-02T08:00:00.000Z' };

describe('catalogue and reference payload codecs', () => {
  it('pass what the writers publish, as clean copies', () => {
    for (const [type, payload] of [
      [MESSAGE_TYPES.item, item],
      [MESSAGE_TYPES.delegation, delegation],
      [MESSAGE_TYPES.department, department],
      [MESSAGE_TYPES.calendar, calendar],
    ] as const) {
      const result = CATALOGUE_PAYLOADS[type].decode(JSON.parse(JSON.stringify(payload)), 1);
      expect(result).toMatchObject({ ok: true });
      expect(CATALOGUE_PAYLOADS[type].latest).toBe(1);
    }
    expect(decode(MESSAGE_TYPES.delegation, { ...delegation, delegation: { ...delegation.delegation, targetKind: 'all', targetRegion: '', revokedAt: null, status: 'active' } })).toBe('ok');
  });

  it('an item: its content by the catalogue rules, its state fields by type', () => {
    expect(decode(MESSAGE_TYPES.item, {})).toBe('item: is required');
    expect(decode(MESSAGE_TYPES.item, { ...item, item: { ...item.item, content: { ...content, promisedLimitDays: 99 } } })).toBe(
      'item.content: invalid item: promisedLimitDays must not exceed the statutory limit (15 working days)',
    );
    expect(decode(MESSAGE_TYPES.item, { ...item, item: { ...item.item, version: 0 } })).toBe('item.version: must be from 1 to 9007199254740991 (got 0)');
    expect(decode(MESSAGE_TYPES.item, { ...item, item: { ...item.item, status: 'deleted' } })).toBe('item.status: must be one of draft, published, suspended, cancelled');
    expect(decode(MESSAGE_TYPES.item, { ...item, item: { ...item.item, scope: '*' } })).toBe('item.scope: must be all or a 6-digit district code');
    expect(decode(MESSAGE_TYPES.item, { ...item, item: { ...item.item, ownerNode: 'GZ City' } })).toBe('item.ownerNode: must be a node id');
    expect(decode(MESSAGE_TYPES.item, { ...item, item: { ...item.item, implCode: 'OTHER1' } })).toBe("item.implCode: must be the content's implCode");
    expect(decode(MESSAGE_TYPES.item, { ...item, version: { ...item.version, actor: 'x'.repeat(65) } })).toBe('version.actor: must be at most 64 characters');
    expect(decode(MESSAGE_TYPES.item, { ...item, extra: true })).toBe('extra: is not allowed (unknown field)');
  });

  it('a delegation, a department, a calendar year', () => {
    expect(decode(MESSAGE_TYPES.delegation, { ...delegation, delegation: { ...delegation.delegation, mode: 'sold' } })).toBe('delegation.mode: must be one of devolved, entrusted');
    expect(decode(MESSAGE_TYPES.delegation, { ...delegation, delegation: { ...delegation.delegation, version: -1 } })).toBe('delegation.version: must be from 1 to 9007199254740991 (got -1)');
    expect(decode(MESSAGE_TYPES.delegation, { ...delegation, delegation: { ...delegation.delegation, effectiveFrom: 'soon' } })).toBe('delegation.effectiveFrom: must be a date YYYY-MM-DD (must be in the form YYYY-MM-DD)');
    expect(decode(MESSAGE_TYPES.delegation, { ...delegation, change: 'sold' })).toBe('change: must be one of granted, revoked');
    expect(decode(MESSAGE_TYPES.department, { ...department, department: { ...department.department, name: '局'.repeat(101) } })).toBe('department.name: must be at most 100 characters');
    expect(decode(MESSAGE_TYPES.department, { ...department, department: { ...department.department, active: 'yes' } })).toBe('department.active: must be true or false (got a string)');
    expect(decode(MESSAGE_TYPES.department, { scope: 'all' })).toBe('department: is required');
    expect(decode(MESSAGE_TYPES.calendar, { ...calendar, data: { ...calendar.data, makeUpWorkdays: ['2026-13-01'] } })).toMatch(/^invalid calendar year: makeUpWorkdays\[0\]/);
    expect(decode(MESSAGE_TYPES.calendar, { ...calendar, year: 1999 })).toMatch(/^invalid calendar year: year must be an integer from 2000 to 2100/);
    expect(decode(MESSAGE_TYPES.calendar, { ...calendar, data: { ...calendar.data, notes: '' } })).toBe('data.notes: is not allowed (unknown field)');
    expect(decode(MESSAGE_TYPES.calendar, { ...calendar, data: { ...calendar.data, holidays: new Array(1000).fill({}) } })).toBe('data.holidays: must have at most 100 entries (got 1000)');
  });

  it('never throw on arbitrary JSON', () => {
    const types = Object.keys(CATALOGUE_PAYLOADS) as Array<keyof typeof CATALOGUE_PAYLOADS>;
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.jsonValue(), (type, payload) => {
        expect(typeof CATALOGUE_PAYLOADS[type].decode(payload, 1).ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
