/**
 * Element codes of the government service item implementation list (GB/T 39046-2020), with their Chinese names
 * for the UI. Stored as the standard's code strings.
 */

/** 事项类型 (n2). */
export const ITEM_TYPES = {
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  '20': '公共服务',
} as const;
export type ItemType = keyof typeof ITEM_TYPES;

/** 行使层级. */
export const EXERCISE_LEVELS = { '3': '市级', '4': '县级', '5': '镇级', '7': '分级管理' } as const;
export type ExerciseLevel = keyof typeof EXERCISE_LEVELS;

/** 权力来源. */
export const POWER_SOURCES = {
  '1': '法定本级行使',
  '2': '上级下放',
  '3': '上级授权',
  '4': '同级授权',
  '5': '上级委托',
  '6': '同级委托',
} as const;
export type PowerSource = keyof typeof POWER_SOURCES;

/** 办件类型: 1 即办件, 2 承诺件, 9 其他. */
export const CASE_KINDS = { immediate: '即办件', commitment: '承诺件', other: '其他' } as const;
export type CaseKind = keyof typeof CASE_KINDS;

/** 办理形式: 1 窗口办理, 2 PC 端网上办理, 3 移动端办理, 4 快递. */
export const HANDLING_FORMS = { '1': '窗口办理', '2': 'PC端网上办理', '3': '移动端办理', '4': '快递' } as const;
export type HandlingForm = keyof typeof HANDLING_FORMS;

/** Code length limits. The standard's own limits are 10 / 24 / 50; national upload allows 12 / 36 / 50. */
export const CODE_LIMITS = { baseCode: 12, implCode: 36, handleItemCode: 50 } as const;

/** Item codes: uppercase letters and digits (a unified social credit code may be part of an implCode). */
export const CODE_PATTERN = /^[0-9A-Z]+$/;
