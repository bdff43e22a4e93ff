import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually, Federation, PASSWORD, STANDARD_NODES, type FedNode } from '../federation/federation';
import { DEMO_STATION } from '@liandong/federation';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium, newContext, screenshot, signIn } from './browser';

const DEMO_PASSWORD = 'web-test-Liandong@2026';
const DEMO = { SEED_DEMO: 'true', DEMO_PASSWORD };
const APPLICANT = { name: '陈小华', idNumber: '440106199001011235', phone: '13812345678' };

const run = chromiumAvailable() || process.env['CI'] !== undefined ? describe : describe.skip;
if (!chromiumAvailable()) process.stdout.write(`SKIPPED web browser tests: no Chromium at ${CHROMIUM_PATH} (Debian package chromium)\n`);

/**
 * The staff web app in a real browser (Debian's Chromium driven by playwright-core) against real nodes: a city, a
 * district and a township with their demo catalogue, NATS between them, each node listening on 127.0.0.1.
 */
run('web app in a browser', () => {
  jest.setTimeout(240_000);
  let fed: Federation;
  let city: FedNode;
  let wenquan: FedNode;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const open = async (options: { mobile?: boolean } = {}): Promise<Page> => {
    const context = await newContext(browser, options);
    contexts.push(context);
    return context.newPage();
  };
  const caseByNumber = async (node: FedNode, caseNumber: string): Promise<{ caseId: string; status: string }> => {
    const res = await node.get('/cases?limit=200').expect(200);
    const found = (res.body.items as Array<{ caseId: string; caseNumber: string; status: string }>).find((c) => c.caseNumber === caseNumber);
    if (found === undefined) throw new Error(`no case ${caseNumber} at ${node.spec.id}`);
    return found;
  };
  const statusAt = async (node: FedNode, caseId: string): Promise<string | null> => {
    const res = await node.get(`/cases/${caseId}`);
    return res.status === 200 ? (res.body.status as string) : null;
  };
  /** Picks an item on the window's search (here by pinyin initials) and fills the applicant. */
  const startAcceptance = async (page: Page, search: string, itemName: string) => {
    await page.getByTestId('item-search').locator('input').fill(search);
    await page.getByRole('cell', { name: itemName, exact: true }).click();
    await page.getByTestId('accept-form').waitFor();
  };
  const fillApplicant = async (page: Page, applicant: { name: string; idNumber: string; phone: string }) => {
    await page.getByLabel('申请人姓名/名称').fill(applicant.name);
    await page.getByLabel('证件号码').fill(applicant.idNumber);
    await page.getByLabel('联系电话').fill(applicant.phone);
  };
  const checkAllReceived = async (page: Page) => {
    for (const box of await page.getByRole('checkbox', { name: /^已收取 / }).all()) await box.check();
  };
  const chooseInModal = async (page: Page, button: string) => {
    await page.getByRole('button', { name: button, exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    return dialog;
  };

  beforeAll(async () => {
    fed = await Federation.start();
    city = await fed.add({ ...STANDARD_NODES.city, listen: true, env: { ...DEMO, NODE_NAME: '广州市政务服务中心' } });
    await fed.add({ ...STANDARD_NODES.district, listen: true, env: DEMO });
    wenquan = await fed.add({ ...STANDARD_NODES.wenquan, listen: true, env: { ...DEMO, NODE_NAME: '温泉镇便民服务中心' } });
    await eventually(async () => (await wenquan.get('/catalogue/items?q=市民卡申领').expect(200)).body.total === 1, 60_000, 'the demo catalogue at wenquan');
    await eventually(async () => (await wenquan.get('/catalogue/items?q=生育登记').expect(200)).body.total === 1, 60_000, 'district items at wenquan');
    browser = await launchChromium();
  });

  // A failed test leaves a screenshot of every page it opened, for the CI artifacts.
  let opened = 0;
  beforeEach(() => {
    opened = contexts.length;
  });
  afterEach(async () => {
    const name = expect.getState().currentTestName?.replace(/[^\w\u4e00-\u9fff]+/g, '-').slice(0, 60) ?? 'test';
    for (const [i, context] of contexts.slice(opened).entries()) {
      for (const [j, page] of context.pages().entries()) await screenshot(page, `last-${name}-${i}-${j}`).catch(() => undefined);
    }
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await fed?.stop();
  });

  it('0. every node serves the built app at / with caching headers, and the API beside it', async () => {
    const server = request(wenquan.app.getHttpServer());
    const index = await server.get('/').expect(200);
    expect(index.headers['content-type']).toContain('text/html');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.text).toContain('<html lang="zh-CN">');
    const asset = index.text.match(/\/assets\/[\w.-]+\.js/)?.[0];
    expect(asset).toBeDefined();
    expect((await server.get(asset as string).expect(200)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const sw = await server.get('/sw.js').expect(200);
    expect(sw.headers['cache-control']).toBe('no-cache');
    expect(sw.text).toContain(asset as string);
    expect((await server.get('/manifest.webmanifest').expect(200)).headers['content-type']).toContain('application/manifest+json');
    await server.get('/cases').expect(401);
    await server.get('/health').expect(200);
    await server.get('/no-such-file.js').expect(404);
  });

  it('1. a township clerk accepts a city item, the city approver approves it, the clerk issues it, the public query shows the timeline', async () => {
    const clerk = await open();
    await signIn(clerk, `${wenquan.url}/#/window`, 'clerk', DEMO_PASSWORD);
    await expectText(clerk.getByTestId('node-name'), '温泉镇');
    await startAcceptance(clerk, 'smk', '市民卡申领');
    await fillApplicant(clerk, APPLICANT);
    await checkAllReceived(clerk);
    await screenshot(clerk, '1-1-window-checklist');
    await clerk.getByRole('button', { name: '受理', exact: true }).click();
    const caseNumber = (await clerk.getByTestId('case-number').textContent()) ?? '';
    const queryCode = (await clerk.getByTestId('query-code').textContent()) ?? '';
    expect(caseNumber).toMatch(/^440117100-\d{8}-\d{4}$/);
    expect(queryCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    await expectText(clerk.getByTestId('accept-result'), '上报 gz-city 审批');
    await screenshot(clerk, '1-2-window-accepted');
    const { caseId } = await caseByNumber(wenquan, caseNumber);
    await eventually(async () => (await statusAt(city, caseId)) === 'accepted', 60_000, 'the case at the city');

    const approver = await open();
    await signIn(approver, `${city.url}/#/backoffice`, 'approver', DEMO_PASSWORD);
    await approver.getByRole('cell', { name: caseNumber }).click();
    await expectText(approver.getByTestId('detail-status'), '已受理');
    let dialog = await chooseInModal(approver, '开始审查');
    await dialog.getByRole('button', { name: '确定' }).click();
    await expectText(approver.getByTestId('detail-status'), '审查中');
    dialog = await chooseInModal(approver, '联办部门意见');
    await dialog.getByLabel('联办部门').click();
    await approver.locator('.ant-select-item-option').first().click();
    await dialog.getByLabel('同意', { exact: true }).check();
    await dialog.getByRole('button', { name: '确定' }).click();
    await expectText(approver.getByTestId('case-detail'), '同意');
    dialog = await chooseInModal(approver, '准予许可');
    await dialog.getByRole('button', { name: '确定' }).click();
    await expectText(approver.getByTestId('detail-status'), '待出件');
    await screenshot(approver, '1-3-city-approved');
    await eventually(async () => (await statusAt(wenquan, caseId)) === 'ready_for_issue', 60_000, 'the decision back at wenquan');

    await clerk.goto(`${wenquan.url}/#/window`);
    await clerk.getByRole('tab', { name: '待出件' }).click();
    await clerk.getByRole('cell', { name: caseNumber }).click();
    dialog = await chooseInModal(clerk, '出件');
    await dialog.getByRole('button', { name: '确定' }).click();
    await expectText(clerk.getByTestId('detail-status'), '办结');
    await screenshot(clerk, '1-4-window-issued');
    expect(await statusAt(wenquan, caseId)).toBe('concluded');

    const applicant = await open({ mobile: true });
    await applicant.goto(`${wenquan.url}/#/query`);
    await applicant.getByLabel('办件编号').fill(caseNumber);
    await applicant.getByLabel('查询码').fill(queryCode.replaceAll('-', '').toLowerCase()); // any case, without separators
    await applicant.getByRole('button', { name: '查询' }).click();
    await expectText(applicant.getByTestId('public-status'), '办结');
    const timeline = (await applicant.getByTestId('timeline').textContent()) ?? '';
    for (const step of ['已申请', '已受理', '审查中', '准予许可', '待出件', '办结']) expect(timeline).toContain(step);
    expect(await applicant.content()).not.toContain(APPLICANT.idNumber);
    await screenshot(applicant, '1-5-public-query');
  });

  it('2. a village assistant takes two drafts offline; back online they reach the township exactly once, and the window submits them', async () => {
    const page = await open();
    const context = page.context();
    const uploads: number[] = [];
    context.on('response', (response) => {
      if (response.request().method() === 'POST' && new URL(response.url()).pathname === '/cases/drafts') uploads.push(response.status());
    });
    await signIn(page, `${wenquan.url}/`, 'assistant', DEMO_PASSWORD);
    await page.getByTestId('village-form').waitFor();
    await expectText(page.getByTestId('connection'), '在线');
    await page.getByText(/事项目录 [1-9]\d* 项，缓存于/).waitFor();
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');

    await context.setOffline(true);
    await expectText(page.getByTestId('connection'), '离线');
    // the station comes with the assistant's account
    await expectText(page.getByTestId('station'), DEMO_STATION);
    for (const [name, idNumber] of [
      ['李阿婆', '440106195203040028'],
      ['黄伯', '44010619480912001X'],
    ] as const) {
      await page.getByTestId('village-item').click();
      await page.keyboard.type('shengyu');
      await page.locator('.ant-select-item-option', { hasText: '生育登记' }).click();
      await fillApplicant(page, { name, idNumber, phone: '13900001111' });
      await page.getByRole('button', { name: '保存草稿' }).click();
      await page.getByTestId('village-draft').filter({ hasText: name }).waitFor();
    }
    await expectText(page.getByTestId('queued-count'), '待上传 2 件');
    expect(await page.locator('[data-testid=village-draft][data-state=queued]').count()).toBe(2);
    await screenshot(page, '2-1-village-offline-queued');

    // The app opens again without a connection (service worker), with the drafts still on the device.
    await page.reload();
    await page.getByTestId('village-form').waitFor();
    await expectText(page.getByTestId('connection'), '离线');
    await expectText(page.getByTestId('queued-count'), '待上传 2 件');
    expect(await page.locator('[data-testid=village-draft][data-state=queued]').count()).toBe(2);
    const ids = await page.locator('[data-testid=village-draft]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-draft-id') ?? ''));
    expect(uploads.filter((s) => s < 300)).toEqual([]);
    const draftsAt = async () => ((await wenquan.get('/cases/drafts').expect(200)).body.items as Array<{ caseId: string }>).map((d) => d.caseId).filter((id) => ids.includes(id));
    expect(await draftsAt()).toEqual([]);

    await context.setOffline(false);
    await expectText(page.getByTestId('connection'), '在线');
    await eventually(async () => (await page.locator('[data-testid=village-draft][data-state=uploaded]').count()) === 2, 30_000, 'both drafts uploaded');
    await expectText(page.getByTestId('queued-count'), '待上传 0 件');
    await screenshot(page, '2-2-village-online-uploaded');
    expect((await draftsAt()).sort()).toEqual([...ids].sort());
    expect(uploads).toEqual([201, 201]);

    const clerk = await open();
    await signIn(clerk, `${wenquan.url}/#/window`, 'clerk', DEMO_PASSWORD);
    for (let i = 0; i < 2; i++) {
      await clerk.getByRole('tab', { name: '代办预审件' }).click();
      await clerk.getByTestId('draft-list').getByRole('button', { name: '提交受理' }).first().click();
      await expectText(clerk.getByTestId('accept-card'), '代办预审件');
      await checkAllReceived(clerk);
      if (i === 0) await screenshot(clerk, '2-3-window-submits-draft');
      await clerk.getByRole('button', { name: '受理', exact: true }).click();
      await clerk.getByTestId('case-number').waitFor();
      await clerk.getByRole('button', { name: '受理下一件' }).click();
    }
    for (const id of ids) expect(await statusAt(wenquan, id)).toBe('accepted');
    expect(await draftsAt()).toEqual([]);
    expect(uploads).toEqual([201, 201]);
  });

  it('3. invalid input shows the field error in Chinese next to the field, and nothing is sent', async () => {
    const page = await open();
    await signIn(page, `${wenquan.url}/#/window`, 'clerk', DEMO_PASSWORD);
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() !== 'GET') posts.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });
    const before = (await wenquan.get('/cases').expect(200)).body.total as number;
    await startAcceptance(page, '市民卡', '市民卡申领');
    await fillApplicant(page, { name: '王五', idNumber: '440106199001011234', phone: '电话号码' });
    await page.getByRole('button', { name: '受理', exact: true }).click();
    const fieldError = (label: string) => page.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) }).locator('.ant-form-item-explain-error');
    await expectText(fieldError('证件号码'), '身份证号码校验位错误：应为5，实为4，请核对号码');
    await expectText(fieldError('联系电话'), '联系电话应为5–20位数字（可含+、-或空格）');
    await expectText(page.getByTestId('accept-form'), '必要材料“申请人居民身份证”“近期免冠彩色证件照片”未收取');
    await page.getByLabel('证件号码').fill('4401061990010112');
    await expectText(fieldError('证件号码'), '身份证号码应为18位（当前16位）');
    await screenshot(page, '3-1-window-invalid-input');
    expect(posts).toEqual([]);
    expect((await wenquan.get('/cases').expect(200)).body.total).toBe(before);
  });

  it('4. the catalogue admin imports a workbook with a bad row and sees the row error; nothing is imported', async () => {
    const exported = await city.get('/catalogue/export?format=xlsx').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.body as never);
    const sheet = workbook.getWorksheet('事项');
    if (sheet === undefined) throw new Error('no sheet 事项');
    const header = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const limitColumn = header.indexOf('法定办结时限(工作日)');
    const codeColumn = header.indexOf('实施编码');
    expect(limitColumn).toBeGreaterThan(0);
    const implCode = String(sheet.getRow(3).getCell(codeColumn).value);
    sheet.getRow(3).getCell(limitColumn).value = '十五天';
    const dir = mkdtempSync(join(tmpdir(), 'liandong-web-'));
    const file = join(dir, '事项目录-有错误.xlsx');
    writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
    const versionBefore = (await city.get(`/catalogue/items/${implCode}`).expect(200)).body.version as number;

    const page = await open();
    await signIn(page, `${city.url}/#/catalogue`, 'admin', PASSWORD);
    await page.getByRole('tab', { name: '导入 / 导出' }).click();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-check').click();
    await expectText(page.getByTestId('import-error'), '未导入任何事项');
    const problems = page.getByTestId('import-problems');
    await expectText(problems, '事项');
    await expectText(problems, '第 3 行');
    await expectText(problems, '法定办结时限(工作日)');
    await page.getByTestId('import-run').click();
    await expectText(page.getByTestId('import-error'), '未导入任何事项');
    await screenshot(page, '4-1-catalogue-import-row-error');
    expect((await city.get(`/catalogue/items/${implCode}`).expect(200)).body.version).toBe(versionBefore);
    rmSync(dir, { recursive: true, force: true });
  });

  it('5. the city supervisor sees the statistics of the cases made in test 1, as a table and a chart', async () => {
    const page = await open();
    await signIn(page, `${city.url}/#/supervision`, 'supervisor', DEMO_PASSWORD);
    await page.getByRole('tab', { name: '统计分析' }).click();
    await page.getByTestId('stats-chart').waitFor();
    const total = (await city.get(`/statistics?from=2000-01-01&to=2099-12-31`).expect(200)).body.total as { received: number };
    expect(total.received).toBeGreaterThan(0);
    const totalRow = page.locator('.ant-table-row').filter({ hasText: '合计' });
    await expectText(totalRow, '合计');
    // the 收件 column of the 合计 row says what the API says
    expect((await totalRow.locator('td').nth(1).innerText()).trim()).toBe(String(total.received));
    await screenshot(page, '5-1-supervision-statistics');
    await page.getByRole('tab', { name: '预警' }).click();
    await screenshot(page, '5-2-supervision-warnings');
  });

  it('6. the admin creates a village assistant (the password rule in Chinese, nothing sent), and the audit log shows it', async () => {
    const page = await open();
    await signIn(page, `${wenquan.url}/#/admin`, 'admin', PASSWORD);
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() !== 'GET') posts.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });
    const form = page.getByTestId('user-form');
    await form.getByLabel('用户名').fill('helper3');
    await form.getByLabel('姓名').fill('村代办员 何丽');
    await form.getByLabel('初始密码').fill('helper3-pass');
    await form.getByLabel('角色').click();
    await page.getByTitle('村(居)代办员').click();
    await page.keyboard.press('Escape');
    await form.getByLabel('所属工作站').fill('温泉镇石坑村政务服务工作站');
    await form.getByRole('button', { name: '创建' }).click();
    const fieldError = (label: string) => form.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) }).locator('.ant-form-item-explain-error');
    await expectText(fieldError('初始密码'), '不能包含用户名');
    expect(posts).toEqual([]);
    await form.getByLabel('初始密码').fill('Shikeng-2026!');
    await form.getByRole('button', { name: '创建' }).click();
    await expectText(page.locator('.ant-table'), '温泉镇石坑村政务服务工作站');
    await screenshot(page, '6-1-admin-user-created');
    expect(posts).toEqual(['POST /users']);
    const created = ((await wenquan.get('/users').expect(200)).body.items as Array<{ username: string; station: string | null; roles: string[] }>).find((u) => u.username === 'helper3');
    expect(created).toMatchObject({ station: '温泉镇石坑村政务服务工作站', roles: ['village_assistant'] });
    await page.getByRole('tab', { name: '操作留痕' }).click();
    await expectText(page.getByTestId('audit-log'), 'POST /users');
    await screenshot(page, '6-2-admin-audit-log');
  });

  it('7. the admin ends a session and disables an account: the user is back at the login page with the reason; a user changes their password', async () => {
    const admin = await open();
    await signIn(admin, `${wenquan.url}/#/admin`, 'admin', PASSWORD);
    const user = await open();
    await signIn(user, `${wenquan.url}/#/backoffice`, 'approver', DEMO_PASSWORD);
    const confirm = async (testId: string) => {
      await admin.getByTestId(testId).click();
      await admin.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
    };

    await expectText(admin.getByTestId('user-state-approver'), '启用');
    await confirm('user-end-sessions-approver');
    await expectText(admin.locator('.ant-alert'), 'approver：已结束会话');
    await user.reload();
    await expectText(user.getByTestId('session-ended'), '会话已结束');
    await screenshot(user, '7-1-session-ended');

    // 修改密码 from the header: the rule checked in the dialog, then the new password works and the old one no longer
    await signIn(user, `${wenquan.url}/#/backoffice`, 'approver', DEMO_PASSWORD);
    await user.getByRole('button', { name: '修改密码' }).click();
    const dialog = user.getByRole('dialog');
    await dialog.getByLabel('当前密码').fill(DEMO_PASSWORD);
    await dialog.getByLabel('新密码', { exact: true }).fill('Review-desk-2026!');
    await dialog.getByLabel('再次输入新密码').fill('Review-desk-2026!');
    await dialog.getByRole('button', { name: '确认修改' }).click();
    await expectText(user.locator('.ant-message'), '密码已修改');
    const server = wenquan.app.getHttpServer();
    await request(server).post('/auth/login').set('x-forwarded-for', '198.51.100.70').send({ username: 'approver', password: DEMO_PASSWORD }).expect(401);
    await request(server).post('/auth/login').send({ username: 'approver', password: 'Review-desk-2026!' }).expect(200);
    await user.reload();
    await expectText(user.getByTestId('node-name'), '温泉镇'); // still signed in with the new token

    await admin.reload();
    await confirm('user-disable-approver');
    await expectText(admin.getByTestId('user-state-approver'), '停用');
    await screenshot(admin, '7-2-admin-disabled');
    await user.reload();
    await expectText(user.getByTestId('session-ended'), '账户已停用');
  });
});

/** Waits until the element's text contains `text` (the page updates asynchronously). */
async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 30_000 });
}
