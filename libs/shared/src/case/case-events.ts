/** 申请人: a natural person (居民身份证号) or an organisation (统一社会信用代码). Personal data: masked in lists and logs. */
export interface CaseApplicant {
  readonly kind: 'person' | 'organisation';
  readonly name: string;
  readonly idNumber: string;
  readonly phone: string;
}

/**
 * How the application reached the window: 窗口 (the applicant at the window), 网上申报 (online, checked and accepted by
 * the window), 代办 (a village assistant's draft). Statistics read it for the online share and the visits.
 */
export type CaseChannel = 'window' | 'online' | 'proxy';
export const CASE_CHANNELS = ['window', 'online', 'proxy'] as const satisfies readonly CaseChannel[];

/**
 * A case event as it travels and is stored: the same fields as a sync envelope (minus the format version), so an
 * envelope can be folded as it is. `aggregate` is the case id; `hlc` orders events across nodes.
 */
export interface CaseEvent<T extends CaseEventType = CaseEventType> {
  readonly id: string;
  readonly type: T;
  readonly aggregate: string;
  readonly origin: string;
  readonly hlc: string;
  readonly actor: string;
  readonly payload: CaseEventPayloads[T];
}

/** Every case event with its payload. */
export interface CaseEventPayloads {
  /** A village assistant prepared the application for a villager (代办: the proxy is recorded). */
  'case.drafted': {
    readonly implCode: string;
    readonly itemVersion: number;
    readonly itemName: string;
    readonly applicant: CaseApplicant;
    readonly proxy: string | null;
    /** The village station (村/居 政务服务工作站) the draft was taken at; its assistants see it. */
    readonly station?: string;
  };
  /** The application reached a window: the item version it is made under, the applicant, the query code's hash. */
  'case.submitted': {
    readonly implCode: string;
    readonly itemVersion: number;
    readonly itemName: string;
    readonly applicant: CaseApplicant;
    /** SHA-256 (hex) of the query code the applicant holds for the public progress query. */
    readonly queryCodeHash: string;
    /** How the application came in; absent on events written before it was recorded (read as `window`, or `proxy` after a draft). */
    readonly channel?: CaseChannel;
    /** The handling department of the item version (so a refusal counts for it too); absent on older events. */
    readonly department?: string;
  };
  /** 一次性告知: everything missing, listed at once; the clock stops. */
  'case.supplement_requested': { readonly missing: readonly string[] };
  'case.supplemented': Record<string, never>;
  /** 受理: the case number and route are fixed here. */
  'case.accepted': {
    readonly caseNumber: string;
    readonly route: 'local' | 'up';
    /** The node whose back office decides: the accepting township for `local`, the item's owner for `up`. */
    readonly handlingNode: string;
    /** Co-departments whose opinion the lead needs before it decides (并联审批). */
    readonly coDepartments: readonly string[];
    /** 容缺受理: promised materials and their due date. */
    readonly tolerated: { readonly materials: readonly string[]; readonly due: string } | null;
    /** 办结期限: the promised limit in working days after acceptance (YYYY-MM-DD). */
    readonly dueDate: string;
    /** The promised limit in working days the due date counts (extensions and stopped days come on top). */
    readonly limitDays: number;
    /** 法定办结时限: an extension may not take the case past it. */
    readonly statutoryDays: number;
    /** The delegation that made the route `local`, as held at acceptance (a case keeps its route). */
    readonly delegation: { readonly id: string; readonly version: number } | null;
    /** The handling department of the item version (the approver's queue). */
    readonly department: string;
    /** 一费制: the fees of the item version, in fen; they are settled at the window before issuance. */
    readonly feeDueFen: number;
    /** 到办事现场次数 of the item version ("最多跑一次" = 1); absent on events written before it was recorded. */
    readonly maxVisits?: number;
  };
  /** 容缺: the promised materials have been delivered. */
  'case.materials_delivered': Record<string, never>;
  /** 一费制: fees assessed and paid at the window, in one step (reducible fees may be reduced). */
  'case.fees_settled': { readonly items: ReadonlyArray<{ readonly name: string; readonly amountFen: number }>; readonly totalFen: number };
  /** 不予受理, with reason and legal basis. */
  'case.refused': { readonly reason: string; readonly legalBasis: string };
  'case.review_started': { readonly department: string };
  /** A co-department's opinion in parallel approval. */
  'case.opinion_given': { readonly department: string; readonly opinion: 'agree' | 'disagree'; readonly note: string };
  /** 特别程序 (hearing, inspection, expert review…): the clock stops. */
  'case.procedure_started': { readonly procedure: string };
  'case.procedure_ended': { readonly procedure: string };
  /** One extension within the statutory limit. */
  'case.extended': { readonly days: number; readonly reason: string };
  'case.approved': { readonly reason: string };
  'case.denied': { readonly reason: string; readonly legalBasis: string };
  /** The decision is back at the accepting window (统一窗口出件). */
  'case.ready_for_issue': Record<string, never>;
  /** 出件: at the window or by express, fees settled (一费制). */
  'case.issued': { readonly method: 'window' | 'express'; readonly trackingNumber: string | null };
  /** 撤件 by the applicant, before a decision. */
  'case.withdrawn': { readonly reason: string };
  /** 好差评: 1 非常满意 … 5 非常不满意. */
  'case.rated': { readonly score: 1 | 2 | 3 | 4 | 5; readonly comment: string };
  /** The window's answer to a 差评 (rating 4 or 5). */
  'case.follow_up_answered': { readonly note: string };
  /** 重新生成查询码: the accepting window gave the applicant a new query code; the previous one no longer opens the case. */
  'case.query_code_reissued': {
    /** SHA-256 (hex) of the new query code. */
    readonly queryCodeHash: string;
  };
}

export type CaseEventType = keyof CaseEventPayloads;
export const CASE_EVENT_TYPES = [
  'case.drafted',
  'case.submitted',
  'case.supplement_requested',
  'case.supplemented',
  'case.accepted',
  'case.refused',
  'case.review_started',
  'case.opinion_given',
  'case.procedure_started',
  'case.procedure_ended',
  'case.extended',
  'case.approved',
  'case.denied',
  'case.ready_for_issue',
  'case.issued',
  'case.withdrawn',
  'case.rated',
  'case.materials_delivered',
  'case.fees_settled',
  'case.follow_up_answered',
  'case.query_code_reissued',
] as const satisfies readonly CaseEventType[];
