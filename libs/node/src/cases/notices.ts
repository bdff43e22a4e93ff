import { CASE_STATUS_NAMES_ZH, maskCreditCode, maskResidentId, type CaseEvent, type CaseEventPayloads, type CaseEventType, type CaseStep, chinaDate } from '@liandong/shared';
import { hlcDay } from '@liandong/sync';
import type { CaseEntity } from '../persistence/case.entities';

/**
 * Printable notices (HTML print view) of a case, in Chinese, with what the 行政许可法 requires them to carry:
 * 受理 / 不予受理 (art. 32: written, dated, sealed; refusal with reason), 补齐补正 (art. 32 (四): 一次性告知 of
 * everything missing) and the decision (art. 38: a denial with its reason and the right to 行政复议 / 行政诉讼).
 * Pure functions: the controller passes the case, its events, the issuing centre and the time.
 */

export const NOTICE_KINDS = ['acceptance', 'refusal', 'supplement', 'decision'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export function isNoticeKind(value: unknown): value is NoticeKind {
  return typeof value === 'string' && (NOTICE_KINDS as readonly string[]).includes(value);
}

export const NOTICE_TITLES_ZH: Readonly<Record<NoticeKind, string>> = {
  acceptance: '受理通知书',
  refusal: '不予受理通知书',
  supplement: '补齐补正材料通知书',
  decision: '行政许可决定书',
};

export interface NoticeIssuer {
  readonly nodeName: string;
  readonly regionCode: string;
}

/** The case is not in a state where this notice exists (e.g. an acceptance notice for a refused case). */
export class NoticeUnavailableError extends Error {
  override readonly name = 'NoticeUnavailableError';

  constructor(
    readonly kind: NoticeKind,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** `2026-03-02` → `2026年3月2日` (dates on official documents: Arabic numerals, no leading zeros). */
export function formatDateZh(isoDay: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (match === null) return isoDay;
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
}

/** The notice `kind` of a case as an HTML5 document; throws NoticeUnavailableError when the case has no such notice. */
export function renderNotice(kind: NoticeKind, entity: CaseEntity, issuer: NoticeIssuer, printedAt: Date, events: readonly CaseEvent[] = []): string {
  const body = NOTICE_BODIES[kind](new NoticeContext(kind, entity, events));
  return documentHtml(kind, entity, issuer, printedAt, body);
}

/** What a notice body needs: the case, the step it reports and that step's event payload. */
class NoticeContext {
  constructor(
    readonly kind: NoticeKind,
    readonly entity: CaseEntity,
    private readonly events: readonly CaseEvent[],
  ) {}

  get state() {
    return this.entity.state;
  }

  unavailable(zh: string, en: string): NoticeUnavailableError {
    const status = this.state.status;
    const statusText = status === null ? '新建 (new)' : `${CASE_STATUS_NAMES_ZH[status]} (${status})`;
    return new NoticeUnavailableError(this.kind, `${zh}，办件当前状态：${statusText} (${en})`);
  }

  /** The last step of one of `types` the state machine applied (conflicting events never are). */
  lastStep(types: readonly CaseEventType[]): CaseStep | undefined {
    return [...this.state.timeline].reverse().find((s) => types.includes(s.type));
  }

  /** The payload of the event behind `step`; the timeline holds only its id. */
  payload<T extends CaseEventType>(step: CaseStep & { type: T }): CaseEventPayloads[T] {
    const event = this.events.find((e) => e.id === step.eventId);
    if (event === undefined) throw this.unavailable('缺少该文书所需的办件事件', `the ${step.type} event ${step.eventId} is not available`);
    return event.payload as CaseEventPayloads[T];
  }
}

function isStep<T extends CaseEventType>(step: CaseStep | undefined, type: T): step is CaseStep & { type: T } {
  return step !== undefined && step.type === type;
}

/** 行政许可法 art. 38 (2): the applicant is told of the right to 行政复议 (60 days) or 行政诉讼 (6 months). */
function rightToRemedy(doc: '通知书' | '决定书'): string {
  return (
    `申请人享有依法申请行政复议或者提起行政诉讼的权利。如对本${doc === '通知书' ? '通知' : '决定'}不服，可以自收到本${doc}之日起六十日内依法申请行政复议，` +
    `或者自收到本${doc}之日起六个月内依法向人民法院提起行政诉讼。`
  );
}

type Row = readonly [label: string, value: string];

/** A two-column table of label and value, every value escaped. */
function fields(rows: readonly Row[]): string {
  return `<table class="fields">\n${rows.map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('\n')}\n</table>`;
}

function paragraph(text: string): string {
  return `<p>${escapeHtml(text)}</p>`;
}

function list(items: readonly string[]): string {
  return `<ol class="items">\n${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('\n')}\n</ol>`;
}

function applicantRows(ctx: NoticeContext): Row[] {
  const a = ctx.state.applicant;
  if (a === null) return [['申请人', '—']];
  return a.kind === 'person'
    ? [
        ['申请人', a.name],
        ['居民身份证号码', maskResidentId(a.idNumber)],
      ]
    : [
        ['申请人（单位）', a.name],
        ['统一社会信用代码', maskCreditCode(a.idNumber)],
      ];
}

/** The number a notice is filed under: the case number once accepted, before that the application's id. */
function numberRow(ctx: NoticeContext): Row {
  return ctx.state.caseNumber !== null ? ['办件编号', ctx.state.caseNumber] : ['申请登记号', ctx.state.caseId];
}

function salutation(ctx: NoticeContext): string {
  return `<p class="salutation">${escapeHtml(ctx.state.applicant?.name ?? '申请人')}：</p>`;
}

interface NoticeBody {
  /** The HTML between the title and the signature, values already escaped. */
  readonly html: string;
  /** The day (YYYY-MM-DD, China time) the notice is dated: the day of the step it reports. */
  readonly day: string;
  /** A more precise title (e.g. 准予行政许可决定书). */
  readonly title?: string;
}

const NOTICE_BODIES: Readonly<Record<NoticeKind, (ctx: NoticeContext) => NoticeBody>> = {
  acceptance(ctx) {
    const step = ctx.lastStep(['case.accepted']);
    if (step === undefined) throw ctx.unavailable('该办件未受理，无受理通知书', 'the case was never accepted: there is no acceptance notice');
    const s = ctx.state;
    const day = hlcDay(step.hlc);
    const dueDate = ctx.entity.dueDate ?? s.dueDate;
    const due = dueDate === null ? '—' : `${formatDateZh(dueDate)}前${s.limitDays === null ? '' : `（承诺时限${s.limitDays}个工作日，受理当日不计入）`}`;
    const parts = [
      salutation(ctx),
      paragraph(`你（单位）提出的“${s.itemName ?? ''}”申请，经审查，申请材料齐全、符合法定形式，根据《中华人民共和国行政许可法》第三十二条的规定，决定予以受理。`),
      fields([numberRow(ctx), ...applicantRows(ctx), ['申请事项', s.itemName ?? '—'], ['受理日期', formatDateZh(day)], ['承诺办结期限', due]]),
    ];
    if (s.tolerated !== null) {
      parts.push(
        `<h2>容缺受理事项</h2>`,
        paragraph(`本申请按容缺受理办理。请于${formatDateZh(s.tolerated.due)}前补交以下承诺材料：`),
        list(s.tolerated.materials),
      );
    }
    parts.push(
      `<h2>查询方式</h2>`,
      paragraph(
        '申请人可凭本通知书所载办件编号及受理时告知的查询码（12位字母数字，如 ABCD-EFGH-JKMN，不区分大小写），通过政务服务网站或到受理窗口查询办理进度。查询码请妥善保管，本通知书不载明查询码；遗失或因多次输错被暂停查询的，可到受理窗口重新生成。',
      ),
    );
    return { html: parts.join('\n'), day };
  },

  refusal(ctx) {
    const step = ctx.lastStep(['case.refused']);
    if (!isStep(step, 'case.refused') || ctx.state.status !== 'refused') {
      throw ctx.unavailable('该办件未被决定不予受理，无不予受理通知书', 'the case was not refused: there is no refusal notice');
    }
    const p = ctx.payload(step);
    const day = hlcDay(step.hlc);
    const s = ctx.state;
    const html = [
      salutation(ctx),
      paragraph(`你（单位）提出的“${s.itemName ?? ''}”申请，经审查，根据《中华人民共和国行政许可法》第三十二条的规定，决定不予受理。`),
      fields([numberRow(ctx), ...applicantRows(ctx), ['申请事项', s.itemName ?? '—'], ['决定日期', formatDateZh(day)]]),
      `<h2>不予受理理由</h2>`,
      paragraph(p.reason === '' ? '—' : p.reason),
      `<h2>法律依据</h2>`,
      paragraph(p.legalBasis === '' ? '—' : p.legalBasis),
      `<h2>救济途径</h2>`,
      paragraph(rightToRemedy('通知书')),
    ].join('\n');
    return { html, day };
  },

  supplement(ctx) {
    const step = ctx.lastStep(['case.supplement_requested']);
    if (!isStep(step, 'case.supplement_requested')) {
      throw ctx.unavailable('该办件未被要求补齐补正材料，无补齐补正通知书', 'no supplement was requested for the case: there is no supplement notice');
    }
    const p = ctx.payload(step);
    const day = hlcDay(step.hlc);
    const s = ctx.state;
    const html = [
      salutation(ctx),
      paragraph(
        `你（单位）提出的“${s.itemName ?? ''}”申请，申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条第一款第（四）项的规定，现一次性告知需要补正的全部内容如下：`,
      ),
      fields([numberRow(ctx), ...applicantRows(ctx), ['申请事项', s.itemName ?? '—'], ['告知日期', formatDateZh(day)]]),
      `<h2>需补齐补正的全部材料（共${p.missing.length}项）</h2>`,
      list(p.missing),
      paragraph('请按上述要求补齐补正全部材料后，到受理窗口提交。补正期间不计入办理时限。'),
    ].join('\n');
    return { html, day };
  },

  decision(ctx) {
    const step = ctx.lastStep(['case.approved', 'case.denied']);
    const s = ctx.state;
    if (isStep(step, 'case.approved')) {
      const p = ctx.payload(step);
      const day = hlcDay(step.hlc);
      const html = [
        salutation(ctx),
        paragraph(`你（单位）提出的“${s.itemName ?? ''}”申请，经审查，符合法定条件、标准，根据《中华人民共和国行政许可法》第三十八条第一款的规定，决定准予行政许可。`),
        fields([numberRow(ctx), ...applicantRows(ctx), ['申请事项', s.itemName ?? '—'], ['决定', '准予许可'], ['决定日期', formatDateZh(day)]]),
        `<h2>理由</h2>`,
        paragraph(p.reason === '' ? '经审查，申请符合法定条件、标准。' : p.reason),
        paragraph('请凭办件编号到受理窗口领取许可结果。'),
      ].join('\n');
      return { html, day, title: '准予行政许可决定书' };
    }
    if (isStep(step, 'case.denied')) {
      const p = ctx.payload(step);
      const day = hlcDay(step.hlc);
      const html = [
        salutation(ctx),
        paragraph(`你（单位）提出的“${s.itemName ?? ''}”申请，经审查，根据《中华人民共和国行政许可法》第三十八条第二款的规定，决定不予行政许可。`),
        fields([numberRow(ctx), ...applicantRows(ctx), ['申请事项', s.itemName ?? '—'], ['决定', '不予许可'], ['决定日期', formatDateZh(day)]]),
        `<h2>不予许可理由</h2>`,
        paragraph(p.reason === '' ? '—' : p.reason),
        `<h2>法律依据</h2>`,
        paragraph(p.legalBasis === '' ? '—' : p.legalBasis),
        `<h2>救济途径</h2>`,
        paragraph(rightToRemedy('决定书')),
      ].join('\n');
      return { html, day, title: '不予行政许可决定书' };
    }
    throw ctx.unavailable('该办件尚未作出许可决定，无决定书', 'no decision has been made on the case: there is no decision');
  },
};

const PRINT_CSS = `
@page { size: A4; margin: 20mm }
html { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 12pt; line-height: 1.8; color: #000; background: #fff }
body { margin: 0 auto; max-width: 170mm }
h1 { font-size: 20pt; text-align: center; letter-spacing: 0.2em; margin: 0 0 4mm }
h2 { font-size: 13pt; margin: 5mm 0 2mm }
.doc-number { text-align: right; margin: 0 0 6mm }
.salutation { margin-top: 0 }
p { text-indent: 2em; margin: 2mm 0 }
p.salutation, p.doc-number, .signature p, .printed { text-indent: 0 }
table.fields { width: 100%; border-collapse: collapse; margin: 3mm 0 }
table.fields th, table.fields td { border: 1px solid #000; padding: 1.5mm 3mm; text-align: left; vertical-align: top }
table.fields th { width: 32%; font-weight: normal; background: #f2f2f2 }
ol.items { margin: 2mm 0 2mm 2em; padding-left: 1em }
.signature { margin-top: 15mm; text-align: right }
.signature .seal { color: #888 }
.printed { margin-top: 10mm; font-size: 9pt; color: #555 }
@media print { table.fields th { background: none } h2, table.fields tr, ol.items li { break-inside: avoid } }
`;

function documentHtml(kind: NoticeKind, entity: CaseEntity, issuer: NoticeIssuer, printedAt: Date, body: NoticeBody): string {
  const title = body.title ?? NOTICE_TITLES_ZH[kind];
  const number = entity.state.caseNumber ?? entity.state.caseId;
  const printedTime = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(printedAt);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`${title} ${number}`)}</title>
<style>${PRINT_CSS}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="doc-number">${escapeHtml(`文书编号：${number}`)}</p>
${body.html}
<div class="signature">
<p>${escapeHtml(issuer.nodeName)}</p>
<p class="seal">（印章）</p>
<p>${escapeHtml(formatDateZh(body.day))}</p>
</div>
<p class="printed">${escapeHtml(`打印时间：${formatDateZh(chinaDate(printedAt))} ${printedTime}（${issuer.regionCode}）`)}</p>
</body>
</html>
`;
}
