import fc from 'fast-check';
import { caseEventDecoder, CASE_EVENT_PAYLOAD_VERSIONS, decodeCaseEventPayload, isCaseEventType } from './case-event-codecs';
import { CASE_EVENT_TYPES, type CaseEventPayloads, type CaseEventType } from './case-events';
import { foldCase } from './case-fold';

const person = { kind: 'person', name: '张三', idNumber: '440106199001011230', phone: '13812345678' } as const;
const organisation = { kind: 'organisation', name: '广州市从化区某某餐饮有限公司', idNumber: '91440117MA59ABCD1X', phone: '020-8765 4321' } as const;
const hash = 'a'.repeat(64);

/** Payloads as cases.service.ts and cases.controller.ts write them (several per type where the service varies them). */
const PRODUCED: { readonly [K in CaseEventType]: ReadonlyArray<CaseEventPayloads[K]> } = {
  'case.drafted': [
    { implCode: '114401170069401450000201001000', itemVersion: 3, itemName: '食品经营许可（仅销售预包装食品）', applicant: person, proxy: '石坑村政务服务工作站/assistant.li', station: '石坑村政务服务工作站' },
    { implCode: 'IMM5', itemVersion: 1, itemName: '生育登记', applicant: person, proxy: null }, // older: no station
  ],
  'case.submitted': [
    { implCode: 'IMM5', itemVersion: 1, itemName: '生育登记', applicant: person, queryCodeHash: hash, channel: 'window', department: 'SCJGJ' },
    { implCode: 'UP1', itemVersion: 2, itemName: '建设工程规划许可', applicant: organisation, queryCodeHash: hash, channel: 'online', department: 'GHZYJ_01' },
    { implCode: 'IMM5', itemVersion: 1, itemName: '生育登记', applicant: person, queryCodeHash: hash, channel: 'proxy', department: 'SCJGJ' },
    { implCode: 'IMM5', itemVersion: 1, itemName: '生育登记', applicant: person, queryCodeHash: hash }, // older: no channel, no department
  ],
  'case.supplement_requested': [{ missing: ['营业执照复印件', '法定代表人身份证明'] }],
  'case.supplemented': [{}],
  'case.accepted': [
    {
      caseNumber: '440117001-20261202-0001',
      route: 'local',
      handlingNode: 'jiekou',
      coDepartments: [],
      tolerated: null,
      dueDate: '2026-12-02',
      limitDays: 0,
      statutoryDays: 0,
      delegation: null,
      department: 'SCJGJ',
      feeDueFen: 0,
      maxVisits: 1,
    },
    {
      caseNumber: '440117-20261202-0012',
      route: 'up',
      handlingNode: 'gz-city',
      coDepartments: ['SZJJ', 'XFJ'],
      tolerated: { materials: ['场所平面图'], due: '2026-12-10' },
      dueDate: '2026-12-31',
      limitDays: 20,
      statutoryDays: 20,
      delegation: { id: '0193a0b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b', version: 2 },
      department: 'GHZYJ',
      feeDueFen: 2000,
      // older: no maxVisits
    },
  ],
  'case.refused': [{ reason: '不属于本中心受理范围', legalBasis: '《行政许可法》第三十二条' }],
  'case.review_started': [{ department: 'SCJGJ' }],
  'case.opinion_given': [
    { department: 'SZJJ', opinion: 'agree', note: '' },
    { department: 'XFJ', opinion: 'disagree', note: '消防通道不符合要求，\n请整改。' },
  ],
  'case.procedure_started': [{ procedure: '现场勘验' }],
  'case.procedure_ended': [{ procedure: '现场勘验' }],
  'case.extended': [{ days: 12, reason: '情况复杂，经负责人批准延长' }],
  'case.approved': [{ reason: '符合法定条件' }],
  'case.denied': [
    { reason: '不符合法定条件', legalBasis: '《行政许可法》第三十八条' },
    { reason: '不符合法定条件', legalBasis: '' },
  ],
  'case.ready_for_issue': [{}],
  'case.issued': [
    { method: 'window', trackingNumber: null },
    { method: 'express', trackingNumber: 'SF1234567890' },
  ],
  // Text from a clerk's typing may hold any character (here a vertical tab pasted from a document): the route accepts it.
  'case.withdrawn': [{ reason: '申请人主动撤回' }, { reason: '申请人主动撤回\u000b（材料另行提交）' }],
  'case.rated': [
    { score: 1, comment: '' },
    { score: 5, comment: '等待时间太长' },
  ],
  'case.materials_delivered': [{}],
  'case.fees_settled': [
    { items: [{ name: '工本费', amountFen: 2000 }, { name: '证照费', amountFen: 500 }], totalFen: 2500 },
    { items: [], totalFen: 0 },
  ],
  'case.follow_up_answered': [{ note: '已电话回访，申请人表示理解' }],
  'case.query_code_reissued': [{ queryCodeHash: hash }],
};

const failureOf = (type: CaseEventType, payload: unknown): string => {
  const result = caseEventDecoder(type).decode(payload, 1);
  return result.ok ? 'ok' : result.reason;
};

/** For each type: malformed payloads and the reason each one gets. */
const MALFORMED: { readonly [K in CaseEventType]: ReadonlyArray<readonly [unknown, string]> } = {
  'case.drafted': [
    [{}, 'implCode: is required'],
    [{ ...PRODUCED['case.drafted'][0], itemVersion: 0 }, 'itemVersion: must be from 1 to 9007199254740991 (got 0)'],
    [{ ...PRODUCED['case.drafted'][0], applicant: { ...person, phone: 'x' } }, 'applicant.phone: must be 5–20 digits (with optional +, - or spaces)'],
    [{ ...PRODUCED['case.drafted'][0], applicant: { ...person, kind: 'robot' } }, 'applicant.kind: must be one of person, organisation'],
    [{ ...PRODUCED['case.drafted'][0], station: null }, 'station: must be a string (got null)'],
    [{ ...PRODUCED['case.drafted'][0], proxy: 7 }, 'proxy: must be a string (got an integer)'],
  ],
  'case.submitted': [
    [{}, 'implCode: is required'],
    [{ implCode: 'IMM5', applicant: person }, 'itemVersion: is required'],
    [{ ...PRODUCED['case.submitted'][0], queryCodeHash: '12345678' }, 'queryCodeHash: must be a SHA-256 hash (64 lowercase hex digits)'],
    [{ ...PRODUCED['case.submitted'][0], channel: 'fax' }, 'channel: must be one of window, online, proxy'],
    [{ ...PRODUCED['case.submitted'][0], implCode: 'imm5' }, 'implCode: must contain only digits and uppercase letters'],
    [{ ...PRODUCED['case.submitted'][0], applicant: { ...person, name: '张'.repeat(101) } }, 'applicant.name: must be at most 100 characters'],
    [{ ...PRODUCED['case.submitted'][0], applicant: { ...person, idNumber: '' } }, 'applicant.idNumber: must not be empty'],
  ],
  'case.supplement_requested': [
    [{}, 'missing: is required'],
    [{ missing: [] }, 'missing: must have at least 1 entry'],
    [{ missing: 'all of it' }, 'missing: must be an array (got a string)'],
    [{ missing: new Array(51).fill('x') }, 'missing: must have at most 50 entries (got 51)'],
    [{ missing: ['a', 'x'.repeat(201)] }, 'missing[1]: must be at most 200 characters'],
  ],
  'case.supplemented': [
    [{ x: 1 }, 'x: is not allowed (unknown field)'],
    [null, 'must be an object (got null)'],
  ],
  'case.accepted': [
    [{}, 'caseNumber: is required'],
    [{ ...PRODUCED['case.accepted'][0], coDepartments: undefined }, 'coDepartments: must be an array (got undefined)'],
    [{ ...PRODUCED['case.accepted'][0], coDepartments: 'SZJJ' }, 'coDepartments: must be an array (got a string)'],
    [{ ...PRODUCED['case.accepted'][0], coDepartments: ['SZJJ', 'bad code'] }, 'coDepartments[1]: must be a department code (letters, digits, "-", "_")'],
    [{ ...PRODUCED['case.accepted'][0], route: 'sideways' }, 'route: must be one of local, up'],
    [{ ...PRODUCED['case.accepted'][0], handlingNode: 'Jiekou!' }, 'handlingNode: must be a node id'],
    [{ ...PRODUCED['case.accepted'][0], dueDate: '2026-13-01' }, 'dueDate: must be a date YYYY-MM-DD (month must be from 01 to 12, got 13)'],
    [{ ...PRODUCED['case.accepted'][0], limitDays: -1 }, 'limitDays: must be from 0 to 720 (got -1)'],
    [{ ...PRODUCED['case.accepted'][0], feeDueFen: 1.5 }, 'feeDueFen: must be an integer (got a number)'],
    [{ ...PRODUCED['case.accepted'][1], tolerated: { materials: [], due: '2026-12-10' } }, 'tolerated.materials: must have at least 1 entry'],
    [{ ...PRODUCED['case.accepted'][1], tolerated: { materials: ['a'] } }, 'tolerated.due: is required'],
    [{ ...PRODUCED['case.accepted'][1], delegation: { id: 'd1', version: 0 } }, 'delegation.version: must be from 1 to 9007199254740991 (got 0)'],
    [{ ...PRODUCED['case.accepted'][0], caseNumber: 'x'.repeat(100_000) }, 'caseNumber: must be at most 40 characters'],
    [{ ...PRODUCED['case.accepted'][0], caseNumber: '440117001-20261202-0001\u0000' }, 'caseNumber: must not contain control characters'],
    [{ ...PRODUCED['case.accepted'][0], maxVisits: 11 }, 'maxVisits: must be from 0 to 10 (got 11)'],
    [{ ...PRODUCED['case.accepted'][0], approvedBy: 'mallory' }, 'approvedBy: is not allowed (unknown field)'],
  ],
  'case.refused': [
    [{}, 'reason: is required'],
    [{ reason: '理由', legalBasis: '' }, 'legalBasis: must not be empty'],
    [{ reason: 'x'.repeat(1001), legalBasis: 'y' }, 'reason: must be at most 1000 characters'],
  ],
  'case.review_started': [
    [{}, 'department: is required'],
    [{ department: '' }, 'department: must not be empty'],
  ],
  'case.opinion_given': [
    [{}, 'department: is required'],
    [{ department: 'SZJJ', opinion: 'maybe', note: '' }, 'opinion: must be one of agree, disagree'],
    [{ department: 'SZJJ', opinion: 'agree' }, 'note: is required'],
    [{ department: 'SZJJ', opinion: 'agree', note: 'x'.repeat(1001) }, 'note: must be at most 1000 characters'],
  ],
  'case.procedure_started': [
    [{}, 'procedure: is required'],
    [{ procedure: ['听证'] }, 'procedure: must be a string (got an array)'],
  ],
  'case.procedure_ended': [[{ procedure: '' }, 'procedure: must not be empty']],
  'case.extended': [
    [{}, 'days: is required'],
    [{ days: -5, reason: 'x' }, 'days: must be from 1 to 60 (got -5)'],
    [{ days: '5', reason: 'x' }, 'days: must be an integer (got a string)'],
    [{ days: 5, reason: 'x'.repeat(501) }, 'reason: must be at most 500 characters'],
  ],
  'case.approved': [
    [{}, 'reason: is required'],
    [{ reason: '' }, 'reason: must not be empty'],
  ],
  'case.denied': [
    [{}, 'reason: is required'],
    [{ reason: 'x' }, 'legalBasis: is required'],
  ],
  'case.ready_for_issue': [
    [[], 'must be an object (got an array)'],
    [{ ready: true }, 'ready: is not allowed (unknown field)'],
  ],
  'case.issued': [
    [{}, 'method: is required'],
    [{ method: 'pigeon', trackingNumber: null }, 'method: must be one of window, express'],
    [{ method: 'express', trackingNumber: 'SF 1' }, 'trackingNumber: must be 6–40 letters, digits or "-"'],
    [{ method: 'window' }, 'trackingNumber: is required'],
  ],
  'case.withdrawn': [
    [{}, 'reason: is required'],
    [{ reason: 42 }, 'reason: must be a string (got an integer)'],
  ],
  'case.rated': [
    [{}, 'score: is required'],
    [{ score: 6, comment: '' }, 'score: must be one of 1, 2, 3, 4, 5'],
    [{ score: '5', comment: '' }, 'score: must be one of 1, 2, 3, 4, 5'],
    [{ score: 0, comment: '' }, 'score: must be one of 1, 2, 3, 4, 5'],
  ],
  'case.materials_delivered': [[{ materials: [] }, 'materials: is not allowed (unknown field)']],
  'case.fees_settled': [
    [{}, 'items: is required'],
    [{ items: [{ name: '工本费', amountFen: -100 }], totalFen: -100 }, 'items[0].amountFen: must be from 0 to 1000000000 (got -100)'],
    [{ items: [{ name: '工本费', amountFen: 100 }], totalFen: 1 }, 'totalFen: must be the sum of the items'],
    [{ items: [{ name: '工本费' }], totalFen: 0 }, 'items[0].amountFen: is required'],
  ],
  'case.follow_up_answered': [
    [{}, 'note: is required'],
    [{ note: '' }, 'note: must not be empty'],
  ],
  'case.query_code_reissued': [
    [{}, 'queryCodeHash: is required'],
    [{ queryCodeHash: 'ABCD-EFGH-JKMN' }, 'queryCodeHash: must be a SHA-256 hash (64 lowercase hex digits)'],
  ],
};

describe('case event payload codecs', () => {
  it('has a decoder of payload version 1 for every case event type', () => {
    for (const type of CASE_EVENT_TYPES) {
      expect(isCaseEventType(type)).toBe(true);
      expect(caseEventDecoder(type).latest).toBe(1);
      expect(Object.keys(CASE_EVENT_PAYLOAD_VERSIONS[type])).toEqual(['1']);
    }
    expect(isCaseEventType('case.teleported')).toBe(false);
  });

  describe.each(CASE_EVENT_TYPES)('%s', (type) => {
    it.each(PRODUCED[type].map((p, i) => [i, p] as const))('passes what the node writes (%i) unchanged', (_i, payload) => {
      expect(caseEventDecoder(type).decode(payload, 1)).toEqual({ ok: true, value: payload });
      expect(decodeCaseEventPayload(type, JSON.parse(JSON.stringify(payload)))).toEqual({ ok: true, value: payload });
    });
    it.each(MALFORMED[type].map(([payload, reason]) => [reason, payload] as const))('refuses: %s', (reason, payload) => {
      expect(failureOf(type, payload)).toBe(reason);
    });
    it('refuses non-objects, unknown keys and unknown payload versions', () => {
      for (const payload of [null, 'x', 1, true, []]) expect(failureOf(type, payload)).toMatch(/^must be an object \(got /);
      expect(failureOf(type, { ...PRODUCED[type][0], extra: 'x' })).toBe('extra: is not allowed (unknown field)');
      expect(caseEventDecoder(type).decode(PRODUCED[type][0], 2)).toMatchObject({ ok: false, reason: 'payload version 2 is unknown (this node knows 1)' });
    });
  });

  it('never names personal data in a reason', () => {
    const reason = failureOf('case.submitted', { ...PRODUCED['case.submitted'][0], applicant: { ...person, phone: '138123456789012345678' } });
    expect(reason).toBe('applicant.phone: must be at most 20 characters');
    expect(failureOf('case.submitted', { ...PRODUCED['case.submitted'][0], applicant: { ...person, idNumber: 4401 } })).toBe('applicant.idNumber: must be a string (got an integer)');
  });

  it('never throws on arbitrary JSON, for any type', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CASE_EVENT_TYPES), fc.jsonValue(), (type, payload) => {
        expect(typeof caseEventDecoder(type).decode(payload, 1).ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on payloads near the produced ones (a field replaced by arbitrary JSON)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CASE_EVENT_TYPES), fc.nat(), fc.jsonValue(), (type, n, value) => {
        const base = PRODUCED[type][n % PRODUCED[type].length] as Record<string, unknown>;
        const keys = Object.keys(base);
        const payload = keys.length === 0 ? { x: value } : { ...base, [keys[n % keys.length]!]: value };
        expect(typeof caseEventDecoder(type).decode(payload, 1).ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});

describe('foldCase with decoded payloads', () => {
  const caseId = 'c1';
  const event = (n: number, type: CaseEventType, payload: unknown, origin = 'jiekou') => ({ id: `e${String(n).padStart(3, '0')}`, type, aggregate: caseId, origin, hlc: `${String(n).padStart(13, '0')}-0000-${origin}`, actor: 'clerk', payload }) as never;

  /** An event type with one of the payloads the node writes for it. */
  const decodedEvent = fc.constantFrom(...CASE_EVENT_TYPES).chain((type) =>
    fc.constantFrom(...PRODUCED[type]).map((payload) => [type, payload] as const),
  );

  it('never throws on any sequence of events whose payloads passed their codecs', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(decodedEvent, fc.constantFrom('jiekou', 'conghua', 'gz-city')), { maxLength: 30 }), (events) => {
        const state = foldCase(caseId, events.map(([[type, payload], origin], i) => event(i, type, payload, origin)));
        expect(state.caseId).toBe(caseId);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a payload stored before codecs existed as a conflict, instead of throwing', () => {
    const submitted = event(1, 'case.submitted', PRODUCED['case.submitted'][0]);
    const poisoned = event(2, 'case.accepted', {});
    const state = foldCase(caseId, [submitted, poisoned]);
    expect(state.status).toBe('submitted');
    expect(state.conflicts).toEqual([expect.objectContaining({ eventId: 'e002', type: 'case.accepted', reason: expect.stringMatching(/^malformed payload: /) })]);
  });

  it('counts only own opinions (a department code such as constructor is no opinion yet)', () => {
    const accepted = { ...PRODUCED['case.accepted'][0], coDepartments: ['constructor', '__proto__'] };
    const events = [
      event(1, 'case.submitted', PRODUCED['case.submitted'][0]),
      event(2, 'case.accepted', accepted),
      event(3, 'case.review_started', { department: 'SCJGJ' }),
      event(4, 'case.approved', { reason: '提前' }),
      event(5, 'case.opinion_given', { department: 'constructor', opinion: 'agree', note: '' }),
      event(6, 'case.opinion_given', { department: '__proto__', opinion: 'agree', note: '' }),
      event(7, 'case.approved', { reason: '符合条件' }),
    ];
    const state = foldCase(caseId, events);
    expect(state.conflicts.map((c) => c.eventId)).toEqual(['e004']);
    expect(state.status).toBe('approved');
    expect(Object.keys(state.opinions).sort()).toEqual(['__proto__', 'constructor']);
  });
});
