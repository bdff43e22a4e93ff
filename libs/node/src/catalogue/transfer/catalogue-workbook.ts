import {
  CASE_KINDS,
  EXERCISE_LEVELS,
  HANDLING_FORMS,
  ITEM_STATUS_NAMES_ZH,
  ITEM_STATUSES,
  ITEM_TYPES,
  POWER_SOURCES,
  type Fee,
  type ItemStatus,
  type Material,
  type ServiceItemContent,
} from '@liandong/shared';
import { Workbook, type Cell, type Worksheet } from 'exceljs';

/**
 * The item catalogue (事项目录) as an Excel workbook, the way service-centre admins keep it: one sheet of items,
 * one of materials and one of fees, linked by 实施编码, plus an explanation sheet. Pure functions over exceljs.
 *
 * Reading converts what an admin types into the JSON shape `validateServiceItemContent` expects (Chinese names
 * for codes, numbers for codes, 是/否, several list separators) but validates nothing: a value it cannot convert
 * unambiguously is passed on raw, so that the validator reports it, and `locate()` says which cell it came from.
 */

export interface WorkbookItem {
  readonly content: ServiceItemContent;
  readonly status: ItemStatus;
  readonly version: number;
}

export interface CellRef {
  readonly sheet: string;
  /** The sheet row number as Excel shows it (the header is row 1). */
  readonly row: number;
  /** The header label of the column. */
  readonly column: string;
}

export interface ParsedRow {
  /** The item as plain JSON in the shape validateServiceItemContent expects (NOT yet validated; types as found, converted where unambiguous). */
  readonly content: Record<string, unknown>;
  /** Status from the 状态 column: a status code or its Chinese name converted to the code; null when the cell is empty; the raw string when unknown (the caller reports it). */
  readonly status: string | null;
  /** Where a content field path (as used in validator errors, e.g. 'name', 'materials[1].copies', 'fees[0].amountFen', 'handlingForms[2]', 'coDepartments[0]') came from; falls back to the item's main row for paths it cannot place. */
  locate(path: string): CellRef;
}

export interface WorkbookError {
  readonly sheet: string;
  /** The sheet row number as Excel shows it; 0 for a problem with the whole file. */
  readonly row: number;
  /** The header label of the column; '' when the problem is not with one column. */
  readonly field: string;
  readonly reason: string;
}

export const ITEMS_SHEET = '事项';
export const MATERIALS_SHEET = '申请材料';
export const FEES_SHEET = '收费';
export const NOTES_SHEET = '说明';

/** Larger files are refused unread. */
export const MAX_WORKBOOK_BYTES = 10 * 1024 * 1024;
/** A workbook with more item rows is refused. */
export const MAX_WORKBOOK_ITEMS = 5000;
/** Zip-bomb guard: the declared uncompressed size of all parts of the workbook. */
const MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;

/** List cells are written joined with this and read split on any of LIST_SEPARATORS. */
const LIST_JOIN = '、';
const LIST_SEPARATORS = /[、,，;；\r\n]+/;

// ---------------------------------------------------------------------------------------------------------------
// Cell values
// ---------------------------------------------------------------------------------------------------------------

/** A non-empty cell value as read: strings trimmed, formulas replaced by their result, rich text by its text. */
type Scalar = string | number | boolean;

function scalarOf(value: unknown): Scalar | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o['richText'])) return scalarOf(richText(o['richText']));
    if ('formula' in o || 'sharedFormula' in o) return scalarOf(o['result']);
    if ('hyperlink' in o || 'text' in o) return scalarOf(o['text']);
    if (typeof o['error'] === 'string') return o['error'];
  }
  return null;
}

function richText(runs: unknown[]): string {
  return runs.map((run) => (typeof run === 'object' && run !== null && typeof (run as { text?: unknown }).text === 'string' ? (run as { text: string }).text : '')).join('');
}

function cellScalar(cell: Cell): Scalar | null {
  try {
    return scalarOf(cell.value);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Conversions on read: each returns the converted value, or the raw value when the conversion is not unambiguous.
// ---------------------------------------------------------------------------------------------------------------

/** For Chinese-name matching: no whitespace, lower case (PC端 / pc 端). */
const normalizeName = (s: string): string => s.replace(/\s+/g, '').toLowerCase();

/** Free text: numbers become their decimal text. */
function readText(value: Scalar): unknown {
  return typeof value === 'number' ? String(value) : value;
}

/**
 * Item and department codes are free-width, so a number (an Excel cell that lost its leading zeros or, past 15
 * digits, its last digits) cannot be turned back into the code: it is passed on raw for the validator to report.
 */
function readCode(value: Scalar): unknown {
  return value;
}

function readInteger(value: Scalar): unknown {
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return value;
}

const TRUE_WORDS = new Set(['是', 'true']);
const FALSE_WORDS = new Set(['否', 'false']);

function readBoolean(value: Scalar, extra: { readonly yes: string; readonly no: string } | null = null): unknown {
  if (typeof value !== 'string') return value;
  const word = value.toLowerCase();
  if (TRUE_WORDS.has(word) || (extra !== null && value === extra.yes)) return true;
  if (FALSE_WORDS.has(word) || (extra !== null && value === extra.no)) return false;
  return value;
}

interface CodeList {
  /** code → Chinese name. */
  readonly names: Readonly<Record<string, string>>;
  /** Codes have this many digits: a shorter number is zero-padded (事项类型 1 → '01'). */
  readonly width?: number;
  /** Other spellings → code (办件类型 1 / 2 / 9 of GB/T 39046). */
  readonly aliases?: Readonly<Record<string, string>>;
}

const ITEM_TYPE_LIST: CodeList = { names: ITEM_TYPES, width: 2 };
const EXERCISE_LEVEL_LIST: CodeList = { names: EXERCISE_LEVELS };
const POWER_SOURCE_LIST: CodeList = { names: POWER_SOURCES };
const CASE_KIND_LIST: CodeList = { names: CASE_KINDS, aliases: { '1': 'immediate', '2': 'commitment', '9': 'other' } };
const HANDLING_FORM_LIST: CodeList = { names: HANDLING_FORMS };

function readListedCode(list: CodeList, value: Scalar): unknown {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && !(Number.isInteger(value) && value >= 0)) return value;
  const text = String(value);
  const has = (code: string): boolean => Object.prototype.hasOwnProperty.call(list.names, code);
  if (has(text)) return text;
  if (list.width !== undefined && /^\d+$/.test(text) && text.length < list.width && has(text.padStart(list.width, '0'))) return text.padStart(list.width, '0');
  const lower = text.toLowerCase();
  if (has(lower)) return lower;
  const name = normalizeName(text);
  const byName = Object.keys(list.names).find((code) => normalizeName(list.names[code] ?? '') === name);
  if (byName !== undefined) return byName;
  if (list.aliases !== undefined && Object.prototype.hasOwnProperty.call(list.aliases, text)) return list.aliases[text];
  return value;
}

function splitList(value: Scalar): Scalar[] {
  if (typeof value !== 'string') return [value];
  return value
    .split(LIST_SEPARATORS)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function readStatus(value: Scalar | null): string | null {
  if (value === null) return null;
  const text = String(value);
  const lower = text.toLowerCase();
  const byCode = ITEM_STATUSES.find((s) => s === lower);
  if (byCode !== undefined) return byCode;
  const byName = ITEM_STATUSES.find((s) => ITEM_STATUS_NAMES_ZH[s] === text);
  return byName ?? text;
}

// ---------------------------------------------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------------------------------------------

/** `omit` leaves the key out (the validator says "is required"); otherwise the value the validator gives a missing field. */
type WhenEmpty = { readonly omit: true } | { readonly omit: false; readonly value: unknown };
const OMIT: WhenEmpty = { omit: true };
const EMPTY_STRING: WhenEmpty = { omit: false, value: '' };
const EMPTY_LIST: WhenEmpty = { omit: false, value: [] };
const NULL: WhenEmpty = { omit: false, value: null };

interface Column<T> {
  readonly label: string;
  /** The content field it holds; null for a column that is not content (状态, 版本, the link to the item). */
  readonly field: string | null;
  /** A missing optional column is no error. */
  readonly optional?: boolean;
  readonly width: number;
  /** Typed as text in Excel, so that a code an admin types keeps its leading zeros. */
  readonly text?: boolean;
  readonly write: (row: T) => string | number;
  readonly read: (value: Scalar) => unknown;
  readonly empty: WhenEmpty;
}

const yesNo = (b: boolean): string => (b ? '是' : '否');
const joined = (values: readonly string[]): string => values.join(LIST_JOIN);
const listOf =
  (element: (value: Scalar) => unknown) =>
  (value: Scalar): unknown =>
    splitList(value).map(element);
const codeOf = (l: CodeList) => (value: Scalar): unknown => readListedCode(l, value);
const bool = (value: Scalar): unknown => readBoolean(value);

const IMPL_CODE = '实施编码';
const STATUS = '状态';
const VERSION = '版本';

const ITEM_COLUMNS: ReadonlyArray<Column<WorkbookItem>> = [
  { label: IMPL_CODE, field: 'implCode', width: 34, text: true, write: (i) => i.content.implCode, read: readCode, empty: OMIT },
  { label: '基本编码', field: 'baseCode', width: 16, text: true, write: (i) => i.content.baseCode, read: readCode, empty: OMIT },
  { label: '业务办理项编码', field: 'handleItemCode', width: 20, text: true, write: (i) => i.content.handleItemCode ?? '', read: readCode, empty: NULL },
  { label: '事项名称', field: 'name', width: 40, write: (i) => i.content.name, read: readText, empty: OMIT },
  { label: '事项类型', field: 'itemType', width: 10, text: true, write: (i) => i.content.itemType, read: codeOf(ITEM_TYPE_LIST), empty: OMIT },
  { label: '行使层级', field: 'exerciseLevel', width: 10, text: true, write: (i) => i.content.exerciseLevel, read: codeOf(EXERCISE_LEVEL_LIST), empty: OMIT },
  { label: '权力来源', field: 'powerSource', width: 10, text: true, write: (i) => i.content.powerSource, read: codeOf(POWER_SOURCE_LIST), empty: OMIT },
  { label: '办件类型', field: 'caseKind', width: 12, text: true, write: (i) => i.content.caseKind, read: codeOf(CASE_KIND_LIST), empty: OMIT },
  { label: '法定办结时限(工作日)', field: 'statutoryLimitDays', width: 14, write: (i) => i.content.statutoryLimitDays, read: readInteger, empty: OMIT },
  { label: '承诺办结时限(工作日)', field: 'promisedLimitDays', width: 14, write: (i) => i.content.promisedLimitDays, read: readInteger, empty: OMIT },
  { label: '到办事现场次数', field: 'maxVisits', width: 10, write: (i) => i.content.maxVisits, read: readInteger, empty: OMIT },
  { label: '是否网办', field: 'online', width: 10, text: true, write: (i) => yesNo(i.content.online), read: bool, empty: OMIT },
  { label: '办理形式', field: 'handlingForms', width: 12, text: true, write: (i) => joined(i.content.handlingForms), read: listOf(codeOf(HANDLING_FORM_LIST)), empty: EMPTY_LIST },
  { label: '受理条件', field: 'acceptanceConditions', width: 40, write: (i) => i.content.acceptanceConditions, read: readText, empty: EMPTY_STRING },
  { label: '设定依据', field: 'legalBasis', width: 40, write: (i) => i.content.legalBasis, read: readText, empty: OMIT },
  { label: '承办机构', field: 'handlingDepartment', width: 12, text: true, write: (i) => i.content.handlingDepartment, read: readCode, empty: OMIT },
  { label: '共同实施部门', field: 'coDepartments', width: 16, text: true, write: (i) => joined(i.content.coDepartments), read: listOf(readCode), empty: EMPTY_LIST },
  { label: '结果名称', field: 'resultName', width: 20, write: (i) => i.content.resultName, read: readText, empty: EMPTY_STRING },
  { label: '特别程序', field: 'specialProcedures', width: 20, write: (i) => joined(i.content.specialProcedures), read: listOf(readText), empty: EMPTY_LIST },
  { label: STATUS, field: null, optional: true, width: 10, text: true, write: (i) => i.status, read: (v) => v, empty: NULL },
  { label: VERSION, field: null, optional: true, width: 8, write: (i) => i.version, read: (v) => v, empty: NULL },
];

interface MaterialRow {
  readonly implCode: string;
  readonly material: Material;
}

const MATERIAL_COLUMNS: ReadonlyArray<Column<MaterialRow>> = [
  { label: IMPL_CODE, field: null, width: 34, text: true, write: (m) => m.implCode, read: readCode, empty: OMIT },
  { label: '材料名称', field: 'name', width: 40, write: (m) => m.material.name, read: readText, empty: OMIT },
  {
    label: '必要性',
    field: 'required',
    width: 10,
    text: true,
    write: (m) => (m.material.required ? '必要' : '非必要'),
    read: (v) => readBoolean(v, { yes: '必要', no: '非必要' }),
    empty: OMIT,
  },
  { label: '原件份数', field: 'originals', width: 10, write: (m) => m.material.originals, read: readInteger, empty: OMIT },
  { label: '复印件份数', field: 'copies', width: 10, write: (m) => m.material.copies, read: readInteger, empty: OMIT },
  { label: '容缺', field: 'toleranceAllowed', width: 8, text: true, write: (m) => yesNo(m.material.toleranceAllowed), read: bool, empty: OMIT },
  { label: '来源', field: 'source', width: 16, write: (m) => m.material.source, read: readText, empty: EMPTY_STRING },
];

interface FeeRow {
  readonly implCode: string;
  readonly fee: Fee;
}

const FEE_COLUMNS: ReadonlyArray<Column<FeeRow>> = [
  { label: IMPL_CODE, field: null, width: 34, text: true, write: (f) => f.implCode, read: readCode, empty: OMIT },
  { label: '收费项目', field: 'name', width: 30, write: (f) => f.fee.name, read: readText, empty: OMIT },
  { label: '收费标准(分)', field: 'amountFen', width: 14, write: (f) => f.fee.amountFen, read: readInteger, empty: OMIT },
  { label: '收费依据', field: 'basis', width: 40, write: (f) => f.fee.basis, read: readText, empty: OMIT },
  { label: '可减免', field: 'reducible', width: 8, text: true, write: (f) => yesNo(f.fee.reducible), read: bool, empty: OMIT },
];

// ---------------------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------------------

/** Writes the catalogue as an .xlsx workbook (Buffer). */
export async function writeCatalogueWorkbook(items: readonly WorkbookItem[], meta: { nodeId: string; exportedAt: string }): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = meta.nodeId;
  const exportedAt = new Date(meta.exportedAt);
  if (!Number.isNaN(exportedAt.getTime())) {
    workbook.created = exportedAt;
    workbook.modified = exportedAt;
  }

  addTable(workbook, ITEMS_SHEET, ITEM_COLUMNS, items);
  addTable(
    workbook,
    MATERIALS_SHEET,
    MATERIAL_COLUMNS,
    items.flatMap((i) => i.content.materials.map((material) => ({ implCode: i.content.implCode, material }))),
  );
  addTable(
    workbook,
    FEES_SHEET,
    FEE_COLUMNS,
    items.flatMap((i) => i.content.fees.map((fee) => ({ implCode: i.content.implCode, fee }))),
  );
  addNotes(workbook, meta);

  const out = await workbook.xlsx.writeBuffer();
  return Buffer.isBuffer(out) ? out : Buffer.from(out as ArrayBuffer);
}

function addTable<T>(workbook: Workbook, name: string, columns: ReadonlyArray<Column<T>>, rows: readonly T[]): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.label, width: c.width, style: c.text === true ? { numFmt: '@' } : {} }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => c.write(row)));
}

function addNotes(workbook: Workbook, meta: { nodeId: string; exportedAt: string }): void {
  const sheet = workbook.addWorksheet(NOTES_SHEET);
  sheet.columns = [{ width: 24 }, { width: 90 }];
  const codeList = (names: Readonly<Record<string, string>>): string =>
    Object.keys(names)
      .sort()
      .map((k) => `${k} ${names[k]}`)
      .join(';');
  const lines: Array<[string, string]> = [
    ['事项目录导出', `导出节点 ${meta.nodeId},导出时间 ${meta.exportedAt}`],
    ['', ''],
    ['工作表', '「事项」每行一个事项;「申请材料」「收费」每行一项材料或收费,以实施编码对应事项,按行序排列;本「说明」表导入时忽略。'],
    ['表头', '第 1 行为表头,列顺序可调整,但不得增删列(「事项」表的「状态」「版本」列可省略);数据从第 2 行开始。'],
    ['编码', '实施编码、基本编码、业务办理项编码、承办机构等编码请以文本格式填写,以免 Excel 去掉开头的 0。'],
    ['是/否', '是否网办、容缺、可减免填写「是」或「否」;必要性填写「必要」或「非必要」。'],
    ['多个值', '办理形式、共同实施部门、特别程序有多个值时以「、」分隔(也可用逗号、分号或换行)。'],
    ['时限', '法定办结时限、承诺办结时限以工作日计;即办件承诺时限为 0、到现场不超过 1 次。'],
    ['收费标准(分)', '以分为单位的整数,例如 20 元填写 2000。'],
    ['状态', ITEM_STATUSES.map((s) => `${s} ${ITEM_STATUS_NAMES_ZH[s]}`).join(';') + '(导入时可填编码或中文名称)'],
    ['版本', '导出时的事项版本,仅供参考,导入时忽略。'],
    ['', ''],
    ['代码表', '以下各项可填写编码或中文名称。'],
    ['事项类型', codeList(ITEM_TYPES)],
    ['行使层级', codeList(EXERCISE_LEVELS)],
    ['权力来源', codeList(POWER_SOURCES)],
    ['办件类型', (Object.keys(CASE_KINDS) as Array<keyof typeof CASE_KINDS>).map((k) => `${k} ${CASE_KINDS[k]}`).join(';')],
    ['办理形式', codeList(HANDLING_FORMS)],
  ];
  for (const line of lines) sheet.addRow(line);
  sheet.getColumn(1).font = { bold: true };
  sheet.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------------------

/** Reads a workbook. Structural problems (not an xlsx, missing sheet, missing/unknown header, a material or fee row whose implCode matches no item row, duplicate implCode rows) are returned as errors; field values are not validated here. */
export async function readCatalogueWorkbook(data: Buffer): Promise<{ rows: ParsedRow[]; errors: WorkbookError[] }> {
  const fileError = (reason: string): { rows: ParsedRow[]; errors: WorkbookError[] } => ({ rows: [], errors: [{ sheet: '', row: 0, field: '', reason }] });

  if (data.length > MAX_WORKBOOK_BYTES) return fileError(`the file is larger than ${MAX_WORKBOOK_BYTES / 1024 / 1024} MB`);
  const shape = zipShape(data);
  if (shape === 'ole') return fileError('is not an .xlsx workbook: it looks like an old .xls file or a password-protected workbook; save it as an unprotected .xlsx');
  if (shape === 'other') return fileError('is not an .xlsx workbook');
  if (typeof shape === 'number' && shape > MAX_UNCOMPRESSED_BYTES) return fileError(`the workbook expands to more than ${MAX_UNCOMPRESSED_BYTES / 1024 / 1024} MB`);

  const workbook = new Workbook();
  try {
    // exceljs types its parameter as its own ArrayBuffer-like `Buffer`; at run time it takes a Node Buffer.
    await workbook.xlsx.load(data as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  } catch (error) {
    return fileError(`is not a readable .xlsx workbook (${error instanceof Error ? error.message : String(error)})`);
  }

  try {
    return readSheets(workbook);
  } catch (error) {
    // Defensive: exceljs exposes odd workbooks through getters that may throw.
    return fileError(`could not be read (${error instanceof Error ? error.message : String(error)})`);
  }
}

function readSheets(workbook: Workbook): { rows: ParsedRow[]; errors: WorkbookError[] } {
  const errors: WorkbookError[] = [];
  const sheets = new Map<string, Worksheet>();
  workbook.eachSheet((sheet) => {
    if (!sheets.has(sheet.name.trim())) sheets.set(sheet.name.trim(), sheet);
  });
  const found = [...sheets.keys()].map((n) => `「${n}」`).join('') || 'none';
  const missing = [ITEMS_SHEET, MATERIALS_SHEET, FEES_SHEET].filter((n) => !sheets.has(n));
  for (const name of missing) errors.push({ sheet: name, row: 0, field: '', reason: `the sheet is missing (sheets found: ${found})` });

  const itemSheet = sheets.get(ITEMS_SHEET);
  if (itemSheet === undefined) return { rows: [], errors };
  let itemRows = 0;
  itemSheet.eachRow((_row, rowNumber) => {
    if (rowNumber > 1) itemRows++;
  });
  if (itemRows > MAX_WORKBOOK_ITEMS) {
    return { rows: [], errors: [{ sheet: '', row: 0, field: '', reason: `the workbook has ${itemRows} item rows; at most ${MAX_WORKBOOK_ITEMS} can be imported at once` }] };
  }
  const itemTable = readTable(itemSheet, ITEMS_SHEET, ITEM_COLUMNS, errors);

  interface Item {
    readonly row: number;
    readonly content: Record<string, unknown>;
    readonly status: string | null;
    readonly materials: Array<{ row: number; value: Record<string, unknown> }>;
    readonly fees: Array<{ row: number; value: Record<string, unknown> }>;
  }
  const items: Item[] = [];
  const byImplCode = new Map<string, Item>();
  for (const row of itemTable.rows) {
    const { content, extra } = build(ITEM_COLUMNS, row.values);
    const item: Item = { row: row.row, content, status: readStatus(extra.get(STATUS) ?? null), materials: [], fees: [] };
    const key = row.values.get(IMPL_CODE);
    if (key !== undefined) {
      const first = byImplCode.get(String(key));
      if (first !== undefined) {
        errors.push({ sheet: ITEMS_SHEET, row: row.row, field: IMPL_CODE, reason: `repeats 实施编码 ${String(key)} of row ${first.row}` });
        continue;
      }
      byImplCode.set(String(key), item);
    }
    items.push(item);
  }

  const attach = (name: string, columns: ReadonlyArray<Column<never>>, into: (item: Item) => Item['materials']): void => {
    const sheet = sheets.get(name);
    if (sheet === undefined) return;
    for (const row of readTable(sheet, name, columns, errors).rows) {
      const key = row.values.get(IMPL_CODE);
      if (key === undefined) {
        errors.push({ sheet: name, row: row.row, field: IMPL_CODE, reason: `is required to link the row to an item of sheet ${ITEMS_SHEET}` });
        continue;
      }
      const item = byImplCode.get(String(key));
      if (item === undefined) {
        errors.push({ sheet: name, row: row.row, field: IMPL_CODE, reason: `${String(key)} matches no row of sheet ${ITEMS_SHEET}` });
        continue;
      }
      into(item).push({ row: row.row, value: build(columns, row.values).content });
    }
  };
  attach(MATERIALS_SHEET, MATERIAL_COLUMNS, (item) => item.materials);
  attach(FEES_SHEET, FEE_COLUMNS, (item) => item.fees);

  const rows = items.map((item): ParsedRow => {
    const content: Record<string, unknown> = { ...item.content, materials: item.materials.map((m) => m.value), fees: item.fees.map((f) => f.value) };
    return { content, status: item.status, locate: locator(item.row, item.materials, item.fees) };
  });
  return { rows, errors };
}

interface TableRow {
  readonly row: number;
  /** Non-empty cells by header label. */
  readonly values: ReadonlyMap<string, Scalar>;
}

/** Matches the header row against `columns` (reporting missing, unknown and repeated labels) and reads the data rows. */
function readTable(sheet: Worksheet, name: string, columns: ReadonlyArray<Column<never>>, errors: WorkbookError[]): { rows: TableRow[] } {
  const known = new Map(columns.map((c) => [c.label, c]));
  const header = sheet.getRow(1);
  const lastColumn = Math.max(sheet.columnCount, header.cellCount);
  const labelAt = new Map<number, string>();
  const unlabelled: number[] = [];
  const seen = new Set<string>();
  for (let col = 1; col <= lastColumn; col++) {
    const value = cellScalar(header.getCell(col));
    if (value === null) {
      unlabelled.push(col);
      continue;
    }
    const label = String(value);
    if (!known.has(label)) {
      errors.push({ sheet: name, row: 1, field: label, reason: `is not a column of sheet ${name} (columns: ${columns.map((c) => c.label).join('、')})` });
    } else if (seen.has(label)) {
      errors.push({ sheet: name, row: 1, field: label, reason: 'appears more than once in the header' });
    } else {
      seen.add(label);
      labelAt.set(col, label);
    }
  }
  for (const c of columns) {
    if (!seen.has(c.label) && c.optional !== true) errors.push({ sheet: name, row: 1, field: c.label, reason: 'the column is missing from the header' });
  }

  const rows: TableRow[] = [];
  const reportedUnlabelled = new Set<number>();
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const values = new Map<string, Scalar>();
    for (const [col, label] of labelAt) {
      const value = cellScalar(row.getCell(col));
      if (value !== null) values.set(label, value);
    }
    for (const col of unlabelled) {
      if (reportedUnlabelled.has(col) || cellScalar(row.getCell(col)) === null) continue;
      reportedUnlabelled.add(col);
      errors.push({ sheet: name, row: rowNumber, field: sheet.getColumn(col).letter, reason: `column ${sheet.getColumn(col).letter} has data but no header` });
    }
    if (values.size > 0) rows.push({ row: rowNumber, values });
  });
  return { rows };
}

/** Content fields from one row's cells; `extra` holds the cells of columns that are not content (状态, 版本). */
function build(columns: ReadonlyArray<Column<never>>, values: ReadonlyMap<string, Scalar>): { content: Record<string, unknown>; extra: Map<string, Scalar> } {
  const content: Record<string, unknown> = {};
  const extra = new Map<string, Scalar>();
  for (const c of columns) {
    const value = values.get(c.label);
    if (c.field === null) {
      if (value !== undefined) extra.set(c.label, value);
      continue;
    }
    if (value !== undefined) content[c.field] = c.read(value);
    else if (!c.empty.omit) content[c.field] = Array.isArray(c.empty.value) ? [] : c.empty.value;
  }
  return { content, extra };
}

/** Content field → column label; also 'status' → 状态, for callers reporting a bad status. */
const ITEM_LABELS = new Map([...ITEM_COLUMNS.filter((c) => c.field !== null).map((c): [string, string] => [c.field as string, c.label]), ['status', STATUS]]);
const MATERIAL_LABELS = new Map(MATERIAL_COLUMNS.filter((c) => c.field !== null).map((c) => [c.field as string, c.label]));
const FEE_LABELS = new Map(FEE_COLUMNS.filter((c) => c.field !== null).map((c) => [c.field as string, c.label]));

function locator(mainRow: number, materials: ReadonlyArray<{ row: number }>, fees: ReadonlyArray<{ row: number }>): (path: string) => CellRef {
  const main: CellRef = { sheet: ITEMS_SHEET, row: mainRow, column: IMPL_CODE };
  return (path: string): CellRef => {
    const match = /^([A-Za-z]+)(?:\[(\d+)\])?(?:\.([A-Za-z]+))?/.exec(path);
    if (match === null) return main;
    const [, field = '', index, sub] = match;
    if (field === 'materials' || field === 'fees') {
      const rows = field === 'materials' ? materials : fees;
      const at = index === undefined ? undefined : rows[Number(index)];
      if (at === undefined) return main;
      const labels = field === 'materials' ? MATERIAL_LABELS : FEE_LABELS;
      const sheet = field === 'materials' ? MATERIALS_SHEET : FEES_SHEET;
      const column = (sub === undefined ? undefined : labels.get(sub)) ?? (field === 'materials' ? '材料名称' : '收费项目');
      return { sheet, row: at.row, column };
    }
    const label = ITEM_LABELS.get(field);
    return label === undefined ? main : { sheet: ITEMS_SHEET, row: mainRow, column: label };
  };
}

/**
 * What the bytes are: 'ole' (an .xls or an encrypted .xlsx), 'other' (not a zip), or a zip with the declared
 * uncompressed size of its entries (Infinity for a zip64 size, null when the directory cannot be read — then
 * exceljs decides).
 */
function zipShape(data: Buffer): 'ole' | 'other' | number | null {
  if (data.length >= 8 && data.readUInt32BE(0) === 0xd0cf11e0 && data.readUInt32BE(4) === 0xa1b11ae1) return 'ole';
  if (data.length < 22 || data.readUInt32LE(0) !== 0x04034b50) return 'other';
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== 0x02014b50) return null;
    const size = data.readUInt32LE(at + 24);
    if (size === 0xffffffff) return Infinity;
    total += size;
    at += 46 + data.readUInt16LE(at + 28) + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
  return total;
}
