import { foldCase, type CaseEvent, type CaseEventPayloads, type CaseEventType } from '@liandong/shared';
import { CaseEntity } from '../persistence/case.entities';
import { escapeHtml, formatDateZh, isNoticeKind, NoticeUnavailableError, renderNotice, type NoticeKind } from './notices';

const CASE = 'c-notice-1';
const ID_NUMBER = '440106199001011235';
const MASKED_ID = '4401**********1235';
const CREDIT_CODE = '91350100M000100Y43';
const ISSUER = { nodeName: '广州市黄埔区九龙镇政务服务中心', regionCode: '440112' };
const PRINTED_AT = new Date('2026-03-20T09:30:00+08:00');
let seq = 0;

/** An event stamped like the sync layer does: `<wall ms, 15 digits>-<logical, 6 digits>-<node>`. */
function ev<T extends CaseEventType>(type: T, payload: CaseEventPayloads[T], at: string, origin = 'jiulong'): CaseEvent {
  seq++;
  return {
    id: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    type,
    aggregate: CASE,
    origin,
    hlc: `${String(Date.parse(at)).padStart(15, '0')}-000000-${origin}`,
    actor: 'clerk',
    payload,
  } as CaseEvent;
}

function submitted(name = '张三', applicant: Partial<CaseEventPayloads['case.submitted']['applicant']> = {}): CaseEvent {
  return ev(
    'case.submitted',
    {
      implCode: 'C1',
      itemVersion: 1,
      itemName: '个体工商户设立登记',
      applicant: { kind: 'person', name, idNumber: ID_NUMBER, phone: '13812345678', ...applicant },
      queryCodeHash: 'a'.repeat(64),
    },
    '2026-03-02T09:00:00+08:00',
  );
}

function accepted(at: string, tolerated: CaseEventPayloads['case.accepted']['tolerated'] = null): CaseEvent {
  // A cast rather than a literal so that fields added to the payload elsewhere do not break this fixture.
  const payload = {
    caseNumber: '440112001-20260302-0001',
    route: 'local',
    handlingNode: 'jiulong',
    coDepartments: [],
    tolerated,
    dueDate: '2026-03-09',
    limitDays: 5,
    delegation: null,
    department: 'SCJGJ',
    feeDueFen: 0,
  } as unknown as CaseEventPayloads['case.accepted'];
  return ev('case.accepted', payload, at);
}

function entityOf(events: readonly CaseEvent[], dueDate: string | null = null): CaseEntity {
  const state = foldCase(CASE, events);
  expect(state.conflicts).toEqual([]);
  return Object.assign(new CaseEntity(), {
    caseId: CASE,
    caseNumber: state.caseNumber,
    status: state.status,
    implCode: state.implCode,
    acceptingNode: state.acceptingNode,
    handlingNode: state.handlingNode,
    conflicts: 0,
    dueDate,
    reviewReason: null,
    subject: 'cases.jiulong',
    state,
    updatedAt: '2026-03-02T10:00:00.000Z',
  });
}

function render(kind: NoticeKind, events: readonly CaseEvent[], dueDate: string | null = null): string {
  return renderNotice(kind, entityOf(events, dueDate), ISSUER, PRINTED_AT, events);
}

function expectDocument(html: string, title: string): void {
  expect(html.startsWith('<!doctype html>')).toBe(true);
  expect(html).toContain('<html lang="zh-CN">');
  expect(html).toContain('<meta charset="utf-8">');
  expect(html).toMatch(new RegExp(`<title>${title}[^<]*</title>`));
  expect(html).toContain('@page { size: A4; margin: 20mm }');
  expect(html).not.toMatch(/<script|<link|src=|href=|@import|url\(/i);
  expect(html).toContain(ISSUER.nodeName);
  expect(html).toContain('（印章）');
  expect(html).toContain('打印时间：2026年3月20日 09:30');
  expect(html).not.toContain(ID_NUMBER);
}

describe('escapeHtml', () => {
  it('escapes markup, both quotes and ampersands', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
    expect(escapeHtml('张三')).toBe('张三');
  });
});

describe('formatDateZh / isNoticeKind', () => {
  it('writes dates as on official documents and knows the kinds', () => {
    expect(formatDateZh('2026-03-02')).toBe('2026年3月2日');
    expect(isNoticeKind('refusal')).toBe(true);
    expect(isNoticeKind('licence')).toBe(false);
    expect(isNoticeKind(undefined)).toBe(false);
  });
});

describe('renderNotice', () => {
  it('受理通知书: number, masked id, item, acceptance day in China time, due date and how to query', () => {
    // 00:30 on 3 March in China is still 2 March in UTC: the day printed is the day in China.
    const html = render('acceptance', [submitted(), accepted('2026-03-03T00:30:00+08:00')], '2026-03-10');
    expectDocument(html, '受理通知书');
    expect(html).toContain('440112001-20260302-0001');
    expect(html).toContain(MASKED_ID);
    expect(html).toContain('张三');
    expect(html).toContain('个体工商户设立登记');
    expect(html).toContain('<tr><th>受理日期</th><td>2026年3月3日</td></tr>');
    expect(html).toContain('2026年3月10日前');
    expect(html).toContain('5个工作日');
    expect(html).toContain('查询码');
    expect(html).not.toContain('a'.repeat(64));
    expect(html).toContain('第三十二条');
    expect(html).not.toContain('容缺');
  });

  it('受理通知书 under 容缺受理 lists the promised materials and their due date', () => {
    const html = render('acceptance', [submitted(), accepted('2026-03-02T10:00:00+08:00', { materials: ['房屋租赁合同原件', '消防验收意见书'], due: '2026-03-16' })]);
    expect(html).toContain('容缺受理');
    expect(html).toContain('<li>房屋租赁合同原件</li>');
    expect(html).toContain('<li>消防验收意见书</li>');
    expect(html).toContain('2026年3月16日前补交');
    // without a stored due date the one promised at acceptance is printed
    expect(html).toContain('2026年3月9日前');
  });

  it('masks an organisation’s credit code', () => {
    const html = render('acceptance', [submitted('某某有限公司', { kind: 'organisation', idNumber: CREDIT_CODE }), accepted('2026-03-02T10:00:00+08:00')]);
    expect(html).toContain('统一社会信用代码');
    expect(html).toContain('9135**********0Y43');
    expect(html).not.toContain(CREDIT_CODE);
  });

  it('不予受理通知书: reason, legal basis and the right to reconsideration or litigation', () => {
    const events = [submitted(), ev('case.refused', { reason: '申请事项不属于本机关职权范围', legalBasis: '《中华人民共和国行政许可法》第三十二条第一款第（二）项' }, '2026-03-02T11:00:00+08:00')];
    const html = render('refusal', events);
    expectDocument(html, '不予受理通知书');
    expect(html).toContain('申请登记号');
    expect(html).toContain(CASE);
    expect(html).toContain(MASKED_ID);
    expect(html).toContain('个体工商户设立登记');
    expect(html).toContain('申请事项不属于本机关职权范围');
    expect(html).toContain('《中华人民共和国行政许可法》第三十二条第一款第（二）项');
    expect(html).toContain('依法申请行政复议或者提起行政诉讼的权利');
    expect(html).toContain('六十日内');
    expect(html).toContain('2026年3月2日');
  });

  it('补齐补正通知书: every missing material at once', () => {
    const missing = ['营业执照复印件', '法定代表人身份证明', '经营场所使用证明'];
    const events = [submitted(), ev('case.supplement_requested', { missing }, '2026-03-02T09:30:00+08:00')];
    const html = render('supplement', events);
    expectDocument(html, '补齐补正材料通知书');
    expect(html).toContain('一次性告知');
    expect(html).toContain('共3项');
    for (const m of missing) expect(html).toContain(`<li>${m}</li>`);
    expect(html).toContain(MASKED_ID);
  });

  it('决定书 (准予): the decision and its reason', () => {
    const events = [submitted(), accepted('2026-03-02T10:00:00+08:00'), ev('case.approved', { reason: '申请材料齐全，符合法定条件' }, '2026-03-05T15:00:00+08:00')];
    const html = render('decision', events, '2026-03-09');
    expectDocument(html, '准予行政许可决定书');
    expect(html).toContain('准予许可');
    expect(html).toContain('申请材料齐全，符合法定条件');
    expect(html).toContain('2026年3月5日');
    expect(html).toContain('440112001-20260302-0001');
    expect(html).not.toContain('行政复议');
  });

  it('决定书 (不予): reason, legal basis and the right to reconsideration or litigation', () => {
    const events = [
      submitted(),
      accepted('2026-03-02T10:00:00+08:00'),
      ev('case.review_started', { department: 'SCJGJ' }, '2026-03-03T09:00:00+08:00'),
      ev('case.denied', { reason: '经营场所不符合规划用途', legalBasis: '《无证无照经营查处办法》第二条' }, '2026-03-06T15:00:00+08:00'),
      ev('case.ready_for_issue', {}, '2026-03-06T16:00:00+08:00'),
    ];
    const html = render('decision', events);
    expectDocument(html, '不予行政许可决定书');
    expect(html).toContain('不予许可');
    expect(html).toContain('经营场所不符合规划用途');
    expect(html).toContain('《无证无照经营查处办法》第二条');
    expect(html).toContain('依法申请行政复议或者提起行政诉讼的权利');
    expect(html).toContain('2026年3月6日');
  });

  it('escapes every inserted value (a malicious applicant name, reason and issuer)', () => {
    const name = `<script>alert("x")</script>&'`;
    const events = [submitted(name), ev('case.refused', { reason: '<img src=x onerror=alert(1)>', legalBasis: 'a & b' }, '2026-03-02T11:00:00+08:00')];
    const html = renderNotice('refusal', entityOf(events), { nodeName: '<b>中心</b>', regionCode: '"440112"' }, PRINTED_AT, events);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('a &amp; b');
    expect(html).toContain('&lt;b&gt;中心&lt;/b&gt;');
    expect(html).toContain('&quot;440112&quot;');
  });

  it('throws NoticeUnavailableError for a notice the case does not have', () => {
    const refused = [submitted(), ev('case.refused', { reason: 'r', legalBasis: 'b' }, '2026-03-02T11:00:00+08:00')];
    const acceptedOnly = [submitted(), accepted('2026-03-02T10:00:00+08:00')];
    const cases: Array<[NoticeKind, CaseEvent[]]> = [
      ['acceptance', refused],
      ['acceptance', [submitted()]],
      ['refusal', acceptedOnly],
      ['supplement', acceptedOnly],
      ['decision', acceptedOnly],
      ['decision', refused],
    ];
    for (const [kind, events] of cases) {
      let error: unknown;
      try {
        render(kind, events);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(NoticeUnavailableError);
      const e = error as NoticeUnavailableError;
      expect(e.name).toBe('NoticeUnavailableError');
      expect(e.kind).toBe(kind);
      expect(e.message).toMatch(/[\u4e00-\u9fff]/); // Chinese…
      expect(e.message).toMatch(/\([a-z][^)]*\)$/); // …and English
    }
  });

  it('throws NoticeUnavailableError when the event a notice reports is not given', () => {
    const events = [submitted(), ev('case.refused', { reason: 'r', legalBasis: 'b' }, '2026-03-02T11:00:00+08:00')];
    expect(() => renderNotice('refusal', entityOf(events), ISSUER, PRINTED_AT)).toThrow(NoticeUnavailableError);
  });
});
