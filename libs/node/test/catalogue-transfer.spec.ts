import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { createNodeApp, loadNodeConfig, readSeedCatalogue, seedCatalogueFile } from '../src';
import { binaryBody } from '@liandong/harness';

const PASSWORD = 'transfer-test-pw';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Node {
  app: INestApplication;
  token: string;
}

async function startCity(dir: string, nodeId: string, seedDemo: boolean): Promise<Node> {
  const config = loadNodeConfig(
    {
      NODE_ID: nodeId,
      REGION_CODE: '440100',
      JWT_SECRET: 'transfer-test-secret-at-least-32-chars',
      DATA_DIR: join(dir, nodeId),
      NATS_URL: 'nats://127.0.0.1:1',
      ADMIN_PASSWORD: PASSWORD,
      SEED_DEMO: String(seedDemo),
      DEMO_PASSWORD: PASSWORD,
      LOG_LEVEL: 'silent',
    },
    'city',
  );
  const app = await createNodeApp(config);
  const token = (await request(app.getHttpServer()).post('/auth/login').send({ username: 'admin', password: PASSWORD }).expect(200)).body.accessToken as string;
  return { app, token };
}

describe('catalogue import and export (JSON and .xlsx)', () => {
  let dir: string;
  let source: Node;
  let target: Node;
  let workbook: Buffer;
  const cityDemo = readSeedCatalogue(seedCatalogueFile('city'));
  const cityItems = cityDemo.items;

  const exportJson = async (node: Node) =>
    (await request(node.app.getHttpServer()).get('/catalogue/export?format=json').set('authorization', `Bearer ${node.token}`).expect(200)).body as {
      items: Array<{ status: string; content: { implCode: string } }>;
    };
  const importXlsx = (node: Node, data: Buffer, query = '') =>
    request(node.app.getHttpServer()).post(`/catalogue/import${query}`).set('authorization', `Bearer ${node.token}`).set('content-type', XLSX).send(data);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liandong-transfer-'));
    source = await startCity(dir, 'gz-city', true);
    target = await startCity(dir, 'gz-city-2', false);
    for (const d of cityDemo.departments) {
      await request(target.app.getHttpServer()).post('/departments').set('authorization', `Bearer ${target.token}`).send(d).expect(201);
    }
    const res = await request(source.app.getHttpServer()).get('/catalogue/export').set('authorization', `Bearer ${source.token}`).buffer(true).parse(binaryBody).expect(200);
    expect(res.headers['content-type']).toContain(XLSX);
    workbook = res.body as Buffer;
  });

  afterAll(async () => {
    await source?.app.close();
    await target?.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports every own item to a workbook an admin can open', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(workbook as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(expect.arrayContaining(['事项', '申请材料', '收费']));
    expect(book.getWorksheet('事项')!.actualRowCount).toBe(cityItems.length + 1);
  });

  it('refuses a workbook with bad rows, reports every one with sheet, row and field, and imports nothing', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(workbook as unknown as ArrayBuffer);
    const items = book.getWorksheet('事项')!;
    const headers = (items.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const col = (label: string): number => headers.indexOf(label);
    items.getRow(3).getCell(col('事项名称')).value = '';
    items.getRow(5).getCell(col('法定办结时限(工作日)')).value = 'abc';
    items.getRow(6).getCell(col('承办机构')).value = 'NOPE';
    const materials = book.getWorksheet('申请材料')!;
    const mHeaders = (materials.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    materials.getRow(2).getCell(mHeaders.indexOf('复印件份数')).value = -1;
    const bad = Buffer.from(await book.xlsx.writeBuffer());

    const res = await importXlsx(target, bad).expect(400);
    const where = (res.body.errors as Array<{ sheet: string; row: number; field: string }>).map((e) => `${e.sheet}!${e.row}:${e.field}`);
    expect(where).toEqual(expect.arrayContaining(['事项!3:事项名称', '事项!5:法定办结时限(工作日)', '事项!6:承办机构', '申请材料!2:复印件份数']));
    expect(res.body.message).toContain('nothing was imported');
    expect((await exportJson(target)).items).toEqual([]);
  });

  it('checks without writing on a dry run', async () => {
    const res = await importXlsx(target, workbook, '?dryRun=true').expect(200);
    expect(res.body).toMatchObject({ dryRun: true, created: cityItems.length });
    expect((await exportJson(target)).items).toEqual([]);
  });

  it('imports a clean workbook whole, and export then import round-trips', async () => {
    const res = await importXlsx(target, workbook).expect(200);
    expect(res.body).toMatchObject({ dryRun: false, created: cityItems.length, updated: 0, unchanged: 0 });
    const before = await exportJson(source);
    const after = await exportJson(target);
    expect(after.items.map((i) => [i.content, i.status])).toEqual(before.items.map((i) => [i.content, i.status]));

    const again = await importXlsx(target, workbook).expect(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: cityItems.length });
  });

  it('imports JSON the same way, naming bad fields by their path', async () => {
    const exported = await exportJson(source);
    const first = exported.items[0]!;
    const bad = { items: [{ ...first, content: { ...first.content, statutoryLimitDays: 'x' } }, { content: { implCode: 'ONLYCODE' } }] };
    const res = await request(target.app.getHttpServer()).post('/catalogue/import').set('authorization', `Bearer ${target.token}`).send(bad).expect(400);
    const fields = (res.body.errors as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toContain('items[0].content.statutoryLimitDays');
    expect(fields).toContain('items[1].content.name');

    const changed = { items: [{ ...first, content: { ...first.content, name: `${(first.content as unknown as { name: string }).name}（修订）` } }] };
    const ok = await request(target.app.getHttpServer()).post('/catalogue/import').set('authorization', `Bearer ${target.token}`).send(changed).expect(200);
    expect(ok.body).toMatchObject({ created: 0, updated: 1 });
  });

  it('accepts only admins and only workbooks or JSON', async () => {
    await request(target.app.getHttpServer()).post('/catalogue/import').set('authorization', `Bearer ${target.token}`).set('content-type', 'text/csv').send('a,b').expect(415);
    await importXlsx(target, Buffer.from('not a workbook')).expect(400);
  });
});
