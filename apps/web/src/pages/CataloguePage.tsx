import { Alert, Button, Card, Descriptions, Drawer, Input, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { CASE_KINDS, EXERCISE_LEVELS, itemActionAllowed, ITEM_STATUSES, ITEM_STATUS_NAMES_ZH, ITEM_TYPES, type ItemLifecycleAction, type ItemStatus } from '@liandong/shared';
import { ApiError } from '../api/client';
import { exportCatalogue, importCatalogue, itemAction, itemVersions, loadItems, matchesItem } from '../api/catalogue';
import { grantDelegation, listDelegations, revokeDelegation } from '../api/delegations';
import type { Delegation, ImportSummary, Item, ItemVersion } from '../api/types';
import { formatTime } from '../format';
import { StepButton } from '../components/StepButton';
import { yuan } from '../format';
import { errorText, fieldLabel, reasonZh } from '../messages';
import { useSession } from '../session';

const STATUS_COLOR: Readonly<Record<ItemStatus, string>> = { draft: 'default', published: 'green', suspended: 'orange', cancelled: 'red' };
const CHANGE_NAMES: Readonly<Record<string, string>> = { created: '新增', updated: '变更', published: '发布', suspended: '暂停', resumed: '恢复', cancelled: '取消' };
/** The lifecycle buttons, in this order; which an item shows is libs/shared's rule (`itemActionAllowed`). */
const ACTIONS: ReadonlyArray<{ action: ItemLifecycleAction; label: string }> = [
  { action: 'publish', label: '发布' },
  { action: 'suspend', label: '暂停' },
  { action: 'resume', label: '恢复' },
  { action: 'cancel', label: '取消' },
];

function ItemDrawer({ item, onClose }: { item: Item | null; onClose: () => void }) {
  const [versions, setVersions] = useState<ItemVersion[]>([]);
  useEffect(() => {
    if (item !== null) itemVersions(item.implCode).then(setVersions, () => setVersions([]));
  }, [item]);
  if (item === null) return null;
  const c = item.content;
  return (
    <Drawer open title={c.name} size="large" onClose={onClose}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="实施编码">{c.implCode}</Descriptions.Item>
        <Descriptions.Item label="基本编码">{c.baseCode}</Descriptions.Item>
        <Descriptions.Item label="事项类型">{ITEM_TYPES[c.itemType]}</Descriptions.Item>
        <Descriptions.Item label="行使层级">{EXERCISE_LEVELS[c.exerciseLevel]}</Descriptions.Item>
        <Descriptions.Item label="办件类型">{CASE_KINDS[c.caseKind]}</Descriptions.Item>
        <Descriptions.Item label="时限">法定 {c.statutoryLimitDays} / 承诺 {c.promisedLimitDays} 个工作日</Descriptions.Item>
        <Descriptions.Item label="到现场次数">{c.maxVisits}</Descriptions.Item>
        <Descriptions.Item label="承办机构">{c.handlingDepartment}{c.coDepartments.length > 0 && `（并联：${c.coDepartments.join('、')}）`}</Descriptions.Item>
        <Descriptions.Item label="申请材料">{c.materials.map((m) => `${m.name}${m.required ? '' : '（非必要）'}${m.toleranceAllowed ? '（可容缺）' : ''}`).join('；')}</Descriptions.Item>
        <Descriptions.Item label="收费">{c.fees.length === 0 ? '不收费' : c.fees.map((f) => `${f.name} ${yuan(f.amountFen)}`).join('；')}</Descriptions.Item>
        <Descriptions.Item label="设定依据">{c.legalBasis}</Descriptions.Item>
        <Descriptions.Item label="结果名称">{c.resultName}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        版本记录
      </Typography.Title>
      <Table<ItemVersion>
        size="small"
        rowKey="version"
        pagination={false}
        dataSource={versions}
        columns={[
          { title: '版本', dataIndex: 'version', width: 60 },
          { title: '变更', render: (_, v) => CHANGE_NAMES[v.change] ?? v.change },
          { title: '状态', render: (_, v) => ITEM_STATUS_NAMES_ZH[v.status] },
          { title: '操作人', dataIndex: 'actor' },
          { title: '时间', render: (_, v) => formatTime(v.changedAt) },
        ]}
      />
    </Drawer>
  );
}

function ItemsTab() {
  const { node, has } = useSession();
  const [items, setItems] = useState<Item[]>([]);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<ItemStatus | undefined>();
  const [open, setOpen] = useState<Item | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const load = useCallback(async () => {
    setLoading(true);
    try {
      setItems(await loadItems(status));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  }, [status]);
  useEffect(() => {
    void load();
  }, [load]);
  const shown = useMemo(() => items.filter((i) => matchesItem({ implCode: i.implCode, name: i.content.name, baseCode: i.content.baseCode }, query)), [items, query]);
  const act = async (item: Item, action: ItemLifecycleAction) => {
    try {
      const updated = await itemAction(item.implCode, action);
      setItems((list) => list.map((i) => (i.implCode === updated.implCode ? updated : i)));
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Input.Search allowClear placeholder="名称、编码或拼音" value={query} onChange={(e) => setQuery(e.target.value)} style={{ width: 260 }} />
        <Select allowClear placeholder="全部状态" style={{ width: 140 }} value={status} onChange={setStatus} options={ITEM_STATUSES.map((s) => ({ value: s, label: ITEM_STATUS_NAMES_ZH[s] }))} />
        <Button onClick={() => void load()}>刷新</Button>
      </Space>
      {error !== null && <Alert type="error" title={error} closable onClose={() => setError(null)} style={{ marginBottom: 8 }} />}
      <Table<Item>
        size="small"
        rowKey="implCode"
        loading={loading}
        dataSource={shown}
        pagination={{ pageSize: 15, showTotal: (t) => `共 ${t} 项` }}
        columns={[
          { title: '事项名称', render: (_, i) => <a onClick={() => setOpen(i)}>{i.content.name}</a> },
          { title: '实施编码', dataIndex: 'implCode' },
          { title: '层级', render: (_, i) => EXERCISE_LEVELS[i.content.exerciseLevel] },
          { title: '版本', dataIndex: 'version', width: 60 },
          { title: '状态', render: (_, i) => <Tag color={STATUS_COLOR[i.status]}>{i.statusName}</Tag> },
          { title: '所属', render: (_, i) => (i.scope === 'all' ? `全市（${i.ownerNode}）` : `${i.scope}（${i.ownerNode}）`) },
          {
            title: '操作',
            render: (_, i) =>
              has('admin') && i.ownerNode === node?.id ? (
                <Space size={4}>
                  {ACTIONS.filter((a) => itemActionAllowed(a.action, i.status)).map((a) => (
                    <Button key={a.action} size="small" danger={a.action === 'cancel'} onClick={() => void act(i, a.action)}>
                      {a.label}
                    </Button>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary">{i.ownerNode === node?.id ? '' : '上级维护'}</Typography.Text>
              ),
          },
        ]}
      />
      <ItemDrawer item={open} onClose={() => setOpen(null)} />
    </div>
  );
}

function DelegationsTab() {
  const { node, has } = useSession();
  const [list, setList] = useState<Delegation[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setList(await listDelegations());
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const canGrant = has('admin') && node !== null && node.tier !== 'township';
  const grant = async (values: { implCode: string; mode: 'devolved' | 'entrusted'; kind: 'township' | 'district' | 'all'; regionCode?: string; effectiveFrom: string }) => {
    const target = values.kind === 'all' ? { kind: 'all' } : { kind: values.kind, regionCode: values.regionCode };
    await grantDelegation({ implCode: values.implCode.trim(), mode: values.mode, target, effectiveFrom: values.effectiveFrom });
    await load();
  };
  return (
    <div>
      {canGrant && (
        <Space style={{ marginBottom: 8 }}>
          <StepButton
            label="新增下放/委托"
            primary
            fields={[
              { name: 'implCode', label: '实施编码', kind: 'text', rules: [{ required: true, message: '请输入实施编码' }, { pattern: /^\s*[0-9A-Z]{1,36}\s*$/, message: '应为1–36位数字或大写字母' }] },
              { name: 'mode', label: '方式', kind: 'radio', initial: 'devolved', options: [{ value: 'devolved', label: '下放（镇街审批）' }, { value: 'entrusted', label: '委托受理（镇街受理出件）' }] },
              { name: 'kind', label: '对象', kind: 'radio', initial: 'township', options: [{ value: 'township', label: '指定镇街' }, { value: 'district', label: '某区全部镇街' }, { value: 'all', label: '全部镇街' }] },
              { name: 'regionCode', label: '区划代码', kind: 'text', when: (v) => v['kind'] !== 'all', rules: [{ required: true, message: '请输入区划代码' }, { pattern: /^(\d{6}|\d{9})$/, message: '区县6位、镇街9位数字' }] },
              { name: 'effectiveFrom', label: '生效日期（YYYY-MM-DD）', kind: 'text', rules: [{ required: true, message: '请输入生效日期' }, { pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式应为YYYY-MM-DD' }] },
            ]}
            run={(v) => grant(v as Parameters<typeof grant>[0])}
          />
        </Space>
      )}
      {error !== null && <Alert type="error" title={error} />}
      <Table<Delegation>
        size="small"
        rowKey="id"
        dataSource={list}
        pagination={{ pageSize: 15 }}
        columns={[
          { title: '实施编码', dataIndex: 'implCode' },
          { title: '方式', render: (_, d) => (d.mode === 'devolved' ? '下放' : '委托受理') },
          { title: '对象', render: (_, d) => (d.target.kind === 'all' ? '全部镇街' : d.target.kind === 'district' ? `${d.target.regionCode} 全部镇街` : d.target.regionCode) },
          { title: '生效', dataIndex: 'effectiveFrom' },
          { title: '状态', render: (_, d) => (d.status === 'active' ? <Tag color="green">有效</Tag> : <Tag>已撤销</Tag>) },
          { title: '版本', dataIndex: 'version' },
          {
            title: '操作',
            render: (_, d) =>
              d.status === 'active' && has('admin') && d.ownerNode === node?.id ? (
                <Button
                  size="small"
                  danger
                  onClick={() =>
                    revokeDelegation(d.id).then(load, (e: unknown) => setError(errorText(e)))
                  }
                >
                  撤销
                </Button>
              ) : null,
          },
        ]}
      />
    </div>
  );
}

interface RowProblem {
  readonly sheet?: string;
  readonly row?: number;
  readonly field: string;
  readonly reason: string;
}

function TransferTab() {
  const { has } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [problems, setProblems] = useState<RowProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (dryRun: boolean) => {
    if (file === null) return;
    setBusy(true);
    setSummary(null);
    setProblems([]);
    setError(null);
    try {
      setSummary(await importCatalogue(file, dryRun));
    } catch (e) {
      if (e instanceof ApiError && e.problems.length > 0) {
        setProblems([...e.problems]);
        setError(`工作簿有 ${e.problems.length} 处错误，未导入任何事项。请修改后重新上传。`);
      } else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title="导出">
        <Space>
          <Button onClick={() => exportCatalogue('事项目录.xlsx', { format: 'xlsx' }).catch((e: unknown) => setError(errorText(e)))}>导出 Excel</Button>
          <Button onClick={() => exportCatalogue('事项目录.json', { format: 'json' }).catch((e: unknown) => setError(errorText(e)))}>导出 JSON</Button>
          <Button onClick={() => exportCatalogue('事项目录（含上级）.xlsx', { format: 'xlsx', include: 'all' }).catch((e: unknown) => setError(errorText(e)))}>导出本节点全部事项</Button>
        </Space>
      </Card>
      {has('admin') && (
        <Card size="small" title="Excel 导入（事项、申请材料、收费）">
          <Typography.Paragraph type="secondary">先“校验”检查每一行；任何一行有误，整个工作簿都不会导入，错误按工作表、行号和列列出。</Typography.Paragraph>
          <Space wrap>
            <Upload
              accept=".xlsx"
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                setSummary(null);
                setProblems([]);
                setError(null);
                return false;
              }}
              onRemove={() => setFile(null)}
              data-testid="import-upload"
            >
              <Button>选择工作簿</Button>
            </Upload>
            <Button disabled={file === null} loading={busy} onClick={() => void run(true)} data-testid="import-check">
              校验
            </Button>
            <Button type="primary" disabled={file === null} loading={busy} onClick={() => void run(false)} data-testid="import-run">
              导入
            </Button>
          </Space>
          {summary !== null && (
            <Alert
              style={{ marginTop: 12 }}
              type="success"
              title={`${summary.dryRun ? '校验通过（未写入）' : '导入完成'}：新增 ${summary.created} 项，变更 ${summary.updated} 项，未变 ${summary.unchanged} 项`}
              data-testid="import-summary"
            />
          )}
          {error !== null && <Alert style={{ marginTop: 12 }} type="error" title={error} data-testid="import-error" />}
          {problems.length > 0 && (
            <Table<RowProblem>
              style={{ marginTop: 8 }}
              size="small"
              rowKey={(p) => `${p.sheet}-${p.row}-${p.field}-${p.reason}`}
              pagination={false}
              dataSource={problems}
              data-testid="import-problems"
              columns={[
                { title: '工作表', dataIndex: 'sheet' },
                { title: '行', render: (_, p) => (p.row === undefined || p.row === 0 ? '—' : `第 ${p.row} 行`) },
                { title: '列', render: (_, p) => (p.field === '' ? '—' : fieldLabel(p.field)) },
                { title: '错误', render: (_, p) => reasonZh(p.reason) },
              ]}
            />
          )}
        </Card>
      )}
    </Space>
  );
}

/** 事项目录 admin: items with versions and their lifecycle, delegations, Excel import with row errors, export. */
export function CataloguePage() {
  return (
    <Card size="small">
      <Tabs
        items={[
          { key: 'items', label: '事项', children: <ItemsTab /> },
          { key: 'delegations', label: '下放 / 委托', children: <DelegationsTab /> },
          { key: 'transfer', label: '导入 / 导出', children: <TransferTab /> },
        ]}
      />
    </Card>
  );
}
