import type { CaseKind, ExerciseLevel, HandlingForm, ItemType, PowerSource } from './item-codes';

/** 申请材料. */
export interface Material {
  readonly name: string;
  /** 必要性: true 必要, false 非必要. */
  readonly required: boolean;
  /** 原件份数. */
  readonly originals: number;
  /** 复印件份数. */
  readonly copies: number;
  /** 容缺: may be accepted with a promise to bring it later. */
  readonly toleranceAllowed: boolean;
  /** 来源 (e.g. 申请人自备, 政府部门核发). */
  readonly source: string;
}

/** 收费项目. */
export interface Fee {
  readonly name: string;
  /** 收费标准 in fen (integer). */
  readonly amountFen: number;
  /** 收费依据. */
  readonly basis: string;
  /** 是否可减免. */
  readonly reducible: boolean;
}

/**
 * The content of a catalogue item (事项) — everything an admin edits. Status, version, scope and ownership are
 * kept beside it by the catalogue, not here.
 */
export interface ServiceItemContent {
  /** 基本编码. */
  readonly baseCode: string;
  /** 实施编码: the item's identity in the federation; cases cite (implCode, version). */
  readonly implCode: string;
  /** 业务办理项编码 (optional). */
  readonly handleItemCode: string | null;
  /** 事项名称. */
  readonly name: string;
  readonly itemType: ItemType;
  readonly exerciseLevel: ExerciseLevel;
  readonly powerSource: PowerSource;
  readonly caseKind: CaseKind;
  /** 法定办结时限, working days. */
  readonly statutoryLimitDays: number;
  /** 承诺办结时限, working days (0 for an immediate item). */
  readonly promisedLimitDays: number;
  /** 到办事现场次数 ("最多跑一次" = 1). */
  readonly maxVisits: number;
  /** 是否网办. */
  readonly online: boolean;
  readonly handlingForms: readonly HandlingForm[];
  readonly materials: readonly Material[];
  readonly fees: readonly Fee[];
  /** 受理条件. */
  readonly acceptanceConditions: string;
  /** 设定依据. */
  readonly legalBasis: string;
  /** 承办机构: a department code of the owning node. */
  readonly handlingDepartment: string;
  /** 共同实施部门 (并联审批): department codes. */
  readonly coDepartments: readonly string[];
  /** 结果名称 (e.g. a licence). */
  readonly resultName: string;
  /** 特别程序 (hearing, inspection, expert review…): these stop the clock. */
  readonly specialProcedures: readonly string[];
}

/** 事项状态: draft → published → suspended ↔ published; any but cancelled → cancelled (never deleted). */
export const ITEM_STATUSES = ['draft', 'published', 'suspended', 'cancelled'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const ITEM_STATUS_NAMES_ZH: Readonly<Record<ItemStatus, string>> = {
  draft: '草稿',
  published: '已发布',
  suspended: '已暂停',
  cancelled: '已取消',
};

/** The status transitions an owner may make. */
export const ITEM_TRANSITIONS: Readonly<Record<ItemStatus, readonly ItemStatus[]>> = {
  draft: ['published', 'cancelled'],
  published: ['suspended', 'cancelled'],
  suspended: ['published', 'cancelled'],
  cancelled: [],
};

export function canTransition(from: ItemStatus, to: ItemStatus): boolean {
  return ITEM_TRANSITIONS[from].includes(to);
}

/**
 * 适用范围: `all` for a city item (every node), or the 6-digit region code of the district that owns it (that
 * district and its townships).
 */
export type ItemScope = 'all' | string;

/** Whether an item with `scope` applies at a node with `regionCode`. */
export function scopeCovers(scope: ItemScope, nodeRegionCode: string): boolean {
  return scope === 'all' || nodeRegionCode.startsWith(scope);
}
