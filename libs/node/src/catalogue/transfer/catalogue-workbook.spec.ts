import { sampleItem } from '@liandong/harness';
import { validateServiceItemContent, type ServiceItemContent } from '@liandong/shared';
import { Workbook, type CellValue } from 'exceljs';
import { readSeedCatalogue, seedCatalogueFile } from '../../seed/catalogue-seeder';
import { MAX_WORKBOOK_BYTES, readCatalogueWorkbook, writeCatalogueWorkbook, type ParsedRow, type WorkbookItem } from './catalogue-workbook';

const META = { nodeId: 'gz-city', exportedAt: '2025-03-01T08:00:00.000Z' };

const ITEM_HEADER = [
  '实施编码',
  '基本编码',
  '业务办理项编码',
  '事项名称',
  '事项类型',
  '行使层级',
  '权力来源',
  '办件类型',
  '法定办结时限(工作日)',
  '承诺办结时限(工作日)',
  '到办事现场次数',
  '是否网办',
  '办理形式',
  '受理条件',
  '设定依据',
  '承办机构',
  '共同实施部门',
  '结果名称',
  '特别程序',
  '状态',
  '版本',
];
const MATERIAL_HEADER = ['实施编码', '材料名称', '必要性', '原件份数', '复印件份数', '容缺', '来源'];
const FEE_HEADER = ['实施编码', '收费项目', '收费标准(分)', '收费依据', '可减免'];

/** A workbook as an admin might build it by hand: sheet name → rows (row 1 the header). */
async function workbookOf(sheets: Record<string, CellValue[][]>): Promise<Buffer> {
  const workbook = new Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** An item row in ITEM_HEADER order from the sample item, with overrides by header label. */
function itemRow(overrides: Record<string, CellValue> = {}): CellValue[] {
  const s = sampleItem() as unknown as ServiceItemContent;
  const base: Record<string, CellValue> = {
    实施编码: s.implCode,
    基本编码: s.baseCode,
    业务办理项编码: null,
    事项名称: s.name,
    事项类型: s.itemType,
    行使层级: s.exerciseLevel,
    权力来源: s.powerSource,
    办件类型: s.caseKind,
    '法定办结时限(工作日)': s.statutoryLimitDays,
    '承诺办结时限(工作日)': s.promisedLimitDays,
    到办事现场次数: s.maxVisits,
    是否网办: '是',
    办理形式: s.handlingForms.join('、'),
    受理条件: s.acceptanceConditions,
    设定依据: s.legalBasis,
    承办机构: s.handlingDepartment,
    共同实施部门: null,
    结果名称: s.resultName,
    特别程序: null,
    状态: '草稿',
    版本: 1,
    ...overrides,
  };
  return ITEM_HEADER.map((h) => base[h] ?? null);
}

const SAMPLE = sampleItem() as unknown as ServiceItemContent;
const sampleMaterialRows = (implCode = SAMPLE.implCode): CellValue[][] => [
  [implCode, '个体工商户设立登记申请书', '必要', 1, 0, '否', '申请人自备'],
  [implCode, '经营者身份证明', '必要', 1, 1, '是', '政府部门核发'],
];

/** A complete, valid workbook of the sample item, with optional changes. */
async function sampleWorkbook(changes: { items?: CellValue[][]; materials?: CellValue[][]; fees?: CellValue[][] } = {}): Promise<Buffer> {
  return workbookOf({
    事项: [ITEM_HEADER, ...(changes.items ?? [itemRow()])],
    申请材料: [MATERIAL_HEADER, ...(changes.materials ?? sampleMaterialRows())],
    收费: [FEE_HEADER, ...(changes.fees ?? [])],
  });
}

describe('catalogue workbook', () => {
  describe('round trip', () => {
    const demo = [...readSeedCatalogue(seedCatalogueFile('city')).items, ...readSeedCatalogue(seedCatalogueFile('district')).items];
    const items: WorkbookItem[] = [
      ...demo.map((d, i) => ({ content: d.content, status: d.status, version: i + 1 })),
      // The demo has neither a business handling code nor a cancelled item.
      { content: { ...SAMPLE, implCode: 'X1', handleItemCode: '11440117MB2D417217000201001000001', coDepartments: ['A-1', 'B_2'] }, status: 'cancelled', version: 7 },
    ];

    let rows: ParsedRow[];
    beforeAll(async () => {
      const data = await writeCatalogueWorkbook(items, META);
      const read = await readCatalogueWorkbook(data);
      expect(read.errors).toEqual([]);
      rows = read.rows;
    });

    it('covers the whole demo catalogue', () => {
      expect(demo).toHaveLength(28);
      expect(items.some((i) => i.content.fees.length > 0 && i.content.coDepartments.length > 0 && i.content.specialProcedures.length > 0)).toBe(false);
      expect(items.filter((i) => i.content.fees.length > 0).length).toBeGreaterThan(0);
      expect(items.filter((i) => i.content.specialProcedures.length > 1).length).toBeGreaterThan(0);
    });

    it('reads back every item, in order, with its status, passing the validator unchanged', () => {
      expect(rows.map((r) => r.content['implCode'])).toEqual(items.map((i) => i.content.implCode));
      expect(rows.map((r) => r.status)).toEqual(items.map((i) => i.status));
      rows.forEach((row, i) => {
        const original = items[i]?.content;
        expect(row.content).toEqual(original);
        const result = validateServiceItemContent(row.content);
        expect({ name: original?.name, errors: result.ok ? [] : result.errors }).toEqual({ name: original?.name, errors: [] });
        if (result.ok) expect(result.value).toEqual(original);
      });
    });

    it('writes codes as text, booleans as 是/否 and lists joined with 、, plus an explanation sheet', async () => {
      const workbook = new Workbook();
      const data = await writeCatalogueWorkbook(items, META);
      await workbook.xlsx.load(data as unknown as Parameters<Workbook['xlsx']['load']>[0]);
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['事项', '申请材料', '收费', '说明']);
      const sheet = workbook.getWorksheet('事项');
      expect(sheet?.getRow(1).values).toEqual([undefined, ...ITEM_HEADER]);
      const first = sheet?.getRow(2);
      const cell = (label: string): CellValue => first?.getCell(ITEM_HEADER.indexOf(label) + 1).value ?? null;
      expect(cell('基本编码')).toBe('000420115000');
      expect(cell('事项类型')).toBe('20');
      expect(cell('是否网办')).toBe('是');
      expect(cell('办理形式')).toBe('1、3');
      expect(cell('法定办结时限(工作日)')).toBe(0);
      expect(cell('状态')).toBe('published');
      expect(cell('版本')).toBe(1);
      const notes = workbook.getWorksheet('说明');
      const text = notes?.getSheetValues().flat().join('\n') ?? '';
      expect(text).toContain('01 行政许可');
      expect(text).toContain('20 公共服务');
      expect(text).toContain('gz-city');
    });

    it('writes an empty catalogue that reads back empty', async () => {
      expect(await readCatalogueWorkbook(await writeCatalogueWorkbook([], META))).toEqual({ rows: [], errors: [] });
    });
  });

  describe('reading what an admin typed', () => {
    it('converts Chinese names, numbers, 是/否 and separators into the validator shape', async () => {
      // Columns in another order, codes as names or numbers, integers as numbers or digit strings.
      const header = ['事项名称', '实施编码', '基本编码', '业务办理项编码', '事项类型', '行使层级', '权力来源', '办件类型', '法定办结时限(工作日)', '承诺办结时限(工作日)', '到办事现场次数', '是否网办', '办理形式', '受理条件', '设定依据', '承办机构', '共同实施部门', '结果名称', '特别程序', '状态'];
      const data = await workbookOf({
        事项: [
          [' 事项名称 ', '实施编码', ...header.slice(2)],
          [
            { richText: [{ text: '个体工商户' }, { text: '设立登记', font: { bold: true } }] },
            '  114401170069401450000201001000 ',
            '000201001000',
            null,
            7,
            '县级',
            '法定本级行使',
            '承诺件',
            { formula: '10+5', result: 15 },
            '3',
            1,
            true,
            '窗口办理，PC端网上办理；移动端办理',
            '申请材料齐全、符合法定形式',
            '《促进个体工商户发展条例》',
            'SCJGJ',
            'SGAJ, SRSJ',
            '营业执照',
            '现场核查\n专家评审',
            '已发布',
          ],
          ['第二个事项', 'B2', 'B2', 'H1', '公共服务', 5, 2, '即办件', 0, 0, '1', '否', '窗口办理', null, '依据', 'SRSJ', null, null, null, null],
          ['第三个事项', 'B3', 'B3', null, '其他行政权力', '镇级', '上级委托', 'other', 5, 5, 2, 'FALSE', 4, null, '依据', 'SRSJ', null, null, null, '上线'],
        ],
        申请材料: [
          ['材料名称', '实施编码', '必要性', '原件份数', '复印件份数', '容缺', '来源'],
          ['个体工商户设立登记申请书', '114401170069401450000201001000', '必要', 1, 0, '否', '申请人自备'],
          ['身份证', 'B2', '非必要', '1', null, 'TRUE', null],
          ['经营者身份证明', '114401170069401450000201001000', '必要', '1', 1, '是', '政府部门核发'],
        ],
        收费: [FEE_HEADER, ['B2', '工本费', 2000, '收费标准', '是']],
      });

      const { rows, errors } = await readCatalogueWorkbook(data);
      expect(errors).toEqual([]);
      expect(rows.map((r) => r.status)).toEqual(['published', null, '上线']);
      expect(rows[0]?.content).toEqual({ ...sampleItem(), coDepartments: ['SGAJ', 'SRSJ'], specialProcedures: ['现场核查', '专家评审'] });
      expect(rows[1]?.content).toEqual({
        implCode: 'B2',
        baseCode: 'B2',
        handleItemCode: 'H1',
        name: '第二个事项',
        itemType: '20',
        exerciseLevel: '5',
        powerSource: '2',
        caseKind: 'immediate',
        statutoryLimitDays: 0,
        promisedLimitDays: 0,
        maxVisits: 1,
        online: false,
        handlingForms: ['1'],
        materials: [{ name: '身份证', required: false, originals: 1, toleranceAllowed: true, source: '' }],
        fees: [{ name: '工本费', amountFen: 2000, basis: '收费标准', reducible: true }],
        acceptanceConditions: '',
        legalBasis: '依据',
        handlingDepartment: 'SRSJ',
        coDepartments: [],
        resultName: '',
        specialProcedures: [],
      });
      expect(rows[2]?.content).toMatchObject({ itemType: '10', exerciseLevel: '5', powerSource: '5', caseKind: 'other', online: false, handlingForms: ['4'], materials: [], fees: [] });
      expect(validateServiceItemContent(rows[0]?.content)).toEqual({ ok: true, value: rows[0]?.content });
      // The material without 复印件份数 is left for the validator to report.
      expect(validateServiceItemContent(rows[1]?.content)).toEqual({ ok: false, errors: [{ field: 'materials[0].copies', reason: 'is required' }] });
    });

    it('leaves values it cannot convert unambiguously for the validator to report', async () => {
      const data = await sampleWorkbook({
        items: [itemRow({ 基本编码: 201001000, 事项类型: '行政许可证', 办件类型: '承诺', 是否网办: '可以', '法定办结时限(工作日)': '十五', '承诺办结时限(工作日)': 2.5, 办理形式: '窗口办理、网上' })],
      });
      const { rows, errors } = await readCatalogueWorkbook(data);
      expect(errors).toEqual([]);
      const content = rows[0]?.content;
      expect(content).toMatchObject({ baseCode: 201001000, itemType: '行政许可证', caseKind: '承诺', online: '可以', statutoryLimitDays: '十五', promisedLimitDays: 2.5, handlingForms: ['1', '网上'] });
      const result = validateServiceItemContent(content);
      expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['baseCode', 'itemType', 'caseKind', 'online', 'statutoryLimitDays', 'promisedLimitDays', 'handlingForms[1]']));
    });

    it('accepts a workbook without the optional 状态 and 版本 columns and ignores extra sheets', async () => {
      const data = await workbookOf({
        说明: [['随便写点什么']],
        事项: [ITEM_HEADER.slice(0, -2), itemRow().slice(0, -2)],
        申请材料: [MATERIAL_HEADER, ...sampleMaterialRows()],
        收费: [FEE_HEADER],
        草稿纸: [['x']],
      });
      const { rows, errors } = await readCatalogueWorkbook(data);
      expect(errors).toEqual([]);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.status).toBeNull();
      expect(rows[0]?.content).toEqual(sampleItem());
    });

    it('reads a 实施编码 merged over several material rows as the code of each', async () => {
      const workbook = new Workbook();
      workbook.addWorksheet('事项').addRows([ITEM_HEADER, itemRow()]);
      const materials = workbook.addWorksheet('申请材料');
      materials.addRows([MATERIAL_HEADER, ...sampleMaterialRows().map((r, i) => (i === 0 ? r : [null, ...r.slice(1)]))]);
      materials.mergeCells('A2:A3');
      workbook.addWorksheet('收费').addRow(FEE_HEADER);
      const { rows, errors } = await readCatalogueWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()));
      expect(errors).toEqual([]);
      expect(rows[0]?.content).toEqual(sampleItem());
    });

    it('skips empty rows and reports real sheet row numbers', async () => {
      const data = await sampleWorkbook({
        items: [[], itemRow(), ['  ', null], itemRow({ 实施编码: 'B2' })],
        materials: [[], ...sampleMaterialRows(), [], ['B2', '材料', '必要', 1, 0, '否', null], ['ORPHAN', '材料', '必要', 1, 0, '否', null]],
      });
      const { rows, errors } = await readCatalogueWorkbook(data);
      expect(rows.map((r) => r.locate('name').row)).toEqual([3, 5]);
      expect(rows[1]?.locate('materials[0]')).toEqual({ sheet: '申请材料', row: 6, column: '材料名称' });
      expect(errors).toEqual([{ sheet: '申请材料', row: 7, field: '实施编码', reason: expect.stringContaining('ORPHAN') }]);
    });
  });

  describe('locate', () => {
    it('maps content paths to the sheet, row and column they came from', async () => {
      const data = await sampleWorkbook({
        items: [itemRow({ 实施编码: 'A1' }), itemRow({ 实施编码: 'B2', 共同实施部门: 'SGAJ、SRSJ' })],
        materials: [
          ['B2', '申请书', '必要', 1, 0, '否', null],
          ['A1', '身份证', '必要', 1, 0, '否', null],
          ['B2', '营业执照', '必要', 1, 'abc', '否', null],
        ],
        fees: [['B2', '工本费', 2000, '依据', '否']],
      });
      const { rows, errors } = await readCatalogueWorkbook(data);
      expect(errors).toEqual([]);
      const b2 = rows[1] as ParsedRow;
      expect(b2.locate('materials[1].copies')).toEqual({ sheet: '申请材料', row: 4, column: '复印件份数' });
      expect(b2.locate('materials[0].name')).toEqual({ sheet: '申请材料', row: 2, column: '材料名称' });
      expect(rows[0]?.locate('materials[0].originals')).toEqual({ sheet: '申请材料', row: 3, column: '原件份数' });
      expect(b2.locate('fees[0].amountFen')).toEqual({ sheet: '收费', row: 2, column: '收费标准(分)' });
      expect(b2.locate('name')).toEqual({ sheet: '事项', row: 3, column: '事项名称' });
      expect(b2.locate('handlingForms[2]')).toEqual({ sheet: '事项', row: 3, column: '办理形式' });
      expect(b2.locate('coDepartments[0]')).toEqual({ sheet: '事项', row: 3, column: '共同实施部门' });
      expect(b2.locate('statutoryLimitDays')).toEqual({ sheet: '事项', row: 3, column: '法定办结时限(工作日)' });
      expect(b2.locate('status')).toEqual({ sheet: '事项', row: 3, column: '状态' });
      // Paths it cannot place fall back to the item's main row.
      expect(b2.locate('materials[7].name')).toEqual({ sheet: '事项', row: 3, column: '实施编码' });
      expect(b2.locate('materials')).toEqual({ sheet: '事项', row: 3, column: '实施编码' });
      expect(b2.locate('item')).toEqual({ sheet: '事项', row: 3, column: '实施编码' });

      // The validator's own paths land on the offending cell.
      const result = validateServiceItemContent(b2.content);
      expect(result.ok).toBe(false);
      const where = result.ok ? [] : result.errors.map((e) => ({ ...b2.locate(e.field), field: e.field }));
      expect(where).toEqual([{ sheet: '申请材料', row: 4, column: '复印件份数', field: 'materials[1].copies' }]);
    });
  });

  describe('structural errors', () => {
    it('reports a missing header column', async () => {
      const header = ITEM_HEADER.filter((h) => h !== '设定依据');
      const row = itemRow().filter((_, i) => ITEM_HEADER[i] !== '设定依据');
      const data = await workbookOf({ 事项: [header, row], 申请材料: [MATERIAL_HEADER, ...sampleMaterialRows()], 收费: [FEE_HEADER.slice(0, -1)] });
      const { errors } = await readCatalogueWorkbook(data);
      expect(errors).toEqual([
        { sheet: '事项', row: 1, field: '设定依据', reason: expect.any(String) },
        { sheet: '收费', row: 1, field: '可减免', reason: expect.any(String) },
      ]);
    });

    it('reports unknown, repeated and unlabelled columns', async () => {
      const data = await workbookOf({
        事项: [[...ITEM_HEADER, '备注'], [...itemRow(), '请尽快发布']],
        申请材料: [[...MATERIAL_HEADER, '材料名称'], ...sampleMaterialRows()],
        收费: [FEE_HEADER, ['', null, null, null, null, null, null, '多余']],
      });
      const { errors } = await readCatalogueWorkbook(data);
      expect(errors).toEqual([
        { sheet: '事项', row: 1, field: '备注', reason: expect.stringContaining('is not a column') },
        { sheet: '申请材料', row: 1, field: '材料名称', reason: expect.stringContaining('more than once') },
        { sheet: '收费', row: 2, field: 'H', reason: expect.stringContaining('no header') },
      ]);
    });

    it('reports material and fee rows that match no item', async () => {
      const data = await sampleWorkbook({
        materials: [...sampleMaterialRows(), ['NOSUCHITEM', '材料', '必要', 1, 0, '否', null], [null, '无编码材料', '必要', 1, 0, '否', null]],
        fees: [['NOSUCHITEM', '费用', 100, '依据', '否']],
      });
      const { rows, errors } = await readCatalogueWorkbook(data);
      expect(errors).toEqual([
        { sheet: '申请材料', row: 4, field: '实施编码', reason: expect.stringContaining('NOSUCHITEM') },
        { sheet: '申请材料', row: 5, field: '实施编码', reason: expect.stringContaining('required') },
        { sheet: '收费', row: 2, field: '实施编码', reason: expect.stringContaining('NOSUCHITEM') },
      ]);
      expect(rows[0]?.content['materials']).toHaveLength(2);
    });

    it('reports duplicate implCode rows and keeps the first', async () => {
      const data = await sampleWorkbook({ items: [itemRow(), itemRow({ 实施编码: 'OTHER' }), itemRow({ 事项名称: '重复的事项' })] });
      const { rows, errors } = await readCatalogueWorkbook(data);
      expect(errors).toEqual([{ sheet: '事项', row: 4, field: '实施编码', reason: expect.stringContaining('row 2') }]);
      expect(rows.map((r) => r.content['implCode'])).toEqual([SAMPLE.implCode, 'OTHER']);
      expect(rows[0]?.content['name']).toBe(SAMPLE.name);
    });

    it('reports wrong sheet names', async () => {
      const data = await workbookOf({ Sheet1: [ITEM_HEADER, itemRow()], 材料: [MATERIAL_HEADER] });
      const { rows, errors } = await readCatalogueWorkbook(data);
      expect(rows).toEqual([]);
      expect(errors).toEqual([
        { sheet: '事项', row: 0, field: '', reason: expect.stringContaining('Sheet1') },
        { sheet: '申请材料', row: 0, field: '', reason: expect.stringContaining('missing') },
        { sheet: '收费', row: 0, field: '', reason: expect.stringContaining('missing') },
      ]);
    });

    it.each<[string, () => Promise<Buffer>]>([
      ['garbage bytes', async () => Buffer.from('this is not a spreadsheet at all, just some text\n'.repeat(20))],
      ['an empty file', async () => Buffer.alloc(0)],
      ['an .xls (OLE) file', async () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)])],
      ['a truncated workbook', async () => (await sampleWorkbook()).subarray(0, 2000)],
      ['a zip with a corrupted middle', async () => corrupt(await sampleWorkbook())],
      ['a zip that is no workbook', async () => Buffer.from('504b0506000000000000000000000000000000000000', 'hex')],
    ])('reports %s as one file error without throwing', async (_name, make) => {
      const { rows, errors } = await readCatalogueWorkbook(await make());
      expect(rows).toEqual([]);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors[0]).toEqual({ sheet: expect.any(String), row: 0, field: '', reason: expect.any(String) });
    });

    it('refuses a workbook whose parts declare more than 100 MB uncompressed', async () => {
      const data = Buffer.from(await sampleWorkbook());
      // Patch the uncompressed size of the first central directory entry.
      const directory = data.readUInt32LE(data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) + 16);
      expect(data.readUInt32LE(directory)).toBe(0x02014b50);
      data.writeUInt32LE(200 * 1024 * 1024, directory + 24);
      expect(await readCatalogueWorkbook(data)).toEqual({ rows: [], errors: [{ sheet: '', row: 0, field: '', reason: expect.stringContaining('100 MB') }] });
    });

    it('refuses a file over 10 MB unread', async () => {
      const { rows, errors } = await readCatalogueWorkbook(Buffer.alloc(MAX_WORKBOOK_BYTES + 1));
      expect(rows).toEqual([]);
      expect(errors).toEqual([{ sheet: '', row: 0, field: '', reason: expect.stringContaining('10 MB') }]);
    });

    it('refuses a workbook with more than 5,000 item rows', async () => {
      const many = Array.from({ length: 5001 }, (_, i) => [`C${i}`]);
      const data = await workbookOf({ 事项: [ITEM_HEADER, ...many], 申请材料: [MATERIAL_HEADER], 收费: [FEE_HEADER] });
      const { rows, errors } = await readCatalogueWorkbook(data);
      expect(rows).toEqual([]);
      expect(errors).toEqual([{ sheet: '', row: 0, field: '', reason: expect.stringContaining('5001') }]);
    });
  });
});

/** Overwrites the middle of the file, where the compressed parts are. */
function corrupt(data: Buffer): Buffer {
  const copy = Buffer.from(data);
  copy.fill(0x55, Math.floor(copy.length / 3), Math.floor((copy.length * 2) / 3));
  return copy;
}
