import fc from 'fast-check';
import { CARD_PAYLOAD, NOTICE_ANSWERED_PAYLOAD, NOTICE_SENT_PAYLOAD, type CardPayload, type NoticeAnsweredPayload, type NoticeSentPayload } from './supervision-messages';

const reason = (decoder: { decode(p: unknown, v: number): { ok: boolean; reason?: string } }, payload: unknown): string => {
  const result = decoder.decode(payload, 1);
  return result.ok ? 'ok' : (result.reason ?? '');
};

/** As supervision.service.ts writes them. */
const card: CardPayload = { kind: 'red', caseNumber: '440117001-20261202-0001', itemName: '个体工商户设立登记', department: 'SCJGJ', node: 'jiekou', dueDate: '2026-12-01', workingDaysLeft: -1, issuedOn: '2026-12-02' };
const sent: NoticeSentPayload = { caseNumber: '440117001-20261202-0001', toNode: 'jiekou', message: '该件已超承诺时限，\n请于两个工作日内办结并说明原因。' };
const answered: NoticeAnsweredPayload = { noticeId: '0193a0b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b', answer: '已督促承办部门，将于明日办结。' };

describe('supervision payload codecs', () => {
  it('pass what the service writes', () => {
    expect(CARD_PAYLOAD.decode(card, 1)).toEqual({ ok: true, value: card });
    expect(CARD_PAYLOAD.decode({ ...card, caseNumber: null, itemName: null, department: null, kind: 'promise_overdue' }, 1).ok).toBe(true);
    expect(NOTICE_SENT_PAYLOAD.decode(sent, 1)).toEqual({ ok: true, value: sent });
    expect(NOTICE_SENT_PAYLOAD.decode({ ...sent, caseNumber: null }, 1).ok).toBe(true);
    expect(NOTICE_ANSWERED_PAYLOAD.decode(answered, 1)).toEqual({ ok: true, value: answered });
  });

  it('refuse malformed ones with the field and the problem', () => {
    expect(reason(CARD_PAYLOAD, {})).toBe('kind: is required');
    expect(reason(CARD_PAYLOAD, { ...card, kind: 'purple' })).toBe('kind: must be one of notice, yellow, red, promise_overdue, follow_up_overdue');
    expect(reason(CARD_PAYLOAD, { ...card, node: '' })).toBe('node: must not be empty');
    expect(reason(CARD_PAYLOAD, { ...card, dueDate: '2026-02-30' })).toBe('dueDate: must be a date YYYY-MM-DD (day must be from 01 to 28 in 2026-02, got 30)');
    expect(reason(CARD_PAYLOAD, { ...card, workingDaysLeft: 1.5 })).toBe('workingDaysLeft: must be an integer (got a number)');
    expect(reason(CARD_PAYLOAD, { ...card, itemName: 'x'.repeat(201) })).toBe('itemName: must be at most 200 characters');
    expect(reason(NOTICE_SENT_PAYLOAD, { ...sent, message: '' })).toBe('message: must not be empty');
    expect(reason(NOTICE_SENT_PAYLOAD, { ...sent, message: 'x'.repeat(1001) })).toBe('message: must be at most 1000 characters');
    expect(reason(NOTICE_SENT_PAYLOAD, { ...sent, toNode: 'Jiekou' })).toBe('toNode: must be a node id');
    expect(reason(NOTICE_SENT_PAYLOAD, { ...sent, cc: 'conghua' })).toBe('cc: is not allowed (unknown field)');
    expect(reason(NOTICE_ANSWERED_PAYLOAD, { noticeId: answered.noticeId })).toBe('answer: is required');
    expect(reason(NOTICE_ANSWERED_PAYLOAD, [])).toBe('must be an object (got an array)');
  });

  it('never throw on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.constantFrom(CARD_PAYLOAD, NOTICE_SENT_PAYLOAD, NOTICE_ANSWERED_PAYLOAD), fc.jsonValue(), (decoder, payload) => {
        expect(typeof decoder.decode(payload, 1).ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
