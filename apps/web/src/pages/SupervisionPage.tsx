import { Alert, Button, Card, Col, DatePicker, Empty, Radio, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { exportStatistics, statistics, type StatsRow } from '../api/statistics';
import { answerNotice, cardsSummary, listCards, listNotices, listWarnings, sendNotice } from '../api/supervision';
import type { SupervisionNotice, Warning } from '../api/types';
import { Chart, type ChartOption } from '../components/Chart';
import { StepButton } from '../components/StepButton';
import { formatTime } from '../format';
import { nodeNow } from '../api/node-time';
import { errorText } from '../messages';

type Loaded<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'missing' } | { state: 'error'; message: string };

/** A GET whose endpoint may not exist on this node yet: 404 means no data, not an error. */
function useOptional<T, Q extends object>(loader: (query: Q) => Promise<T>, query: Q): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const key = JSON.stringify(query);
  const load = useCallback(() => {
    setLoaded({ state: 'loading' });
    loader(JSON.parse(key) as Q)
      .then((data) => setLoaded({ state: 'ok', data }))
      .catch((e: unknown) => setLoaded(e instanceof ApiError && e.status === 404 ? { state: 'missing' } : { state: 'error', message: errorText(e) }));
  }, [loader, key]);
  useEffect(load, [load]);
  return [loaded, load];
}

function NoData({ loaded }: { loaded: Loaded<unknown> }) {
  if (loaded.state === 'error') return <Alert type="error" title={loaded.message} />;
  return <Empty description="暂无数据" />;
}

/** The data once loaded; nothing while loading; 暂无数据 (or the error) otherwise. */
function Optional<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  if (loaded.state === 'ok') return <>{children(loaded.data)}</>;
  return loaded.state === 'loading' ? null : <NoData loaded={loaded} />;
}

const LEVELS = [
  { value: 'notice', label: '提醒', color: 'blue' },
  { value: 'yellow', label: '黄牌', color: 'gold' },
  { value: 'red', label: '红牌', color: 'red' },
  { value: 'promise_overdue', label: '容缺逾期', color: 'purple' },
  { value: 'follow_up_overdue', label: '回访逾期', color: 'magenta' },
] as const;
const levelTag = (level: string) => {
  const l = LEVELS.find((x) => x.value === level);
  return <Tag color={l?.color}>{l?.label ?? level}</Tag>;
};

function WarningsTab() {
  const navigate = useNavigate();
  const [level, setLevel] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [loaded, reload] = useOptional(listWarnings, { level, offset: (page - 1) * 20, limit: 20 });
  return (
    <div>
      <Space style={{ marginBottom: 8 }}>
        <Select allowClear placeholder="全部预警" style={{ width: 160 }} value={level} onChange={setLevel} options={LEVELS.map((l) => ({ value: l.value, label: l.label }))} />
        <Button onClick={reload}>刷新</Button>
      </Space>
      <Optional loaded={loaded}>
        {(data) => (
          <Table<Warning>
            size="small"
            rowKey={(w) => `${w.caseId}-${w.level}`}
            dataSource={data.items}
            pagination={{ current: page, pageSize: 20, total: data.total, onChange: setPage }}
            onRow={(w) => ({ onClick: () => navigate(`/cases/${w.caseId}`), style: { cursor: 'pointer' } })}
            locale={{ emptyText: '暂无预警' }}
            columns={[
              { title: '预警', render: (_, w) => levelTag(w.level) },
              { title: '办件编号', dataIndex: 'caseNumber' },
              { title: '事项', dataIndex: 'itemName' },
              { title: '部门', dataIndex: 'department' },
              { title: '责任节点', dataIndex: 'responsibleNode' },
              { title: '承诺 / 法定期限', render: (_, w) => `${w.promisedDueDate ?? '—'} / ${w.statutoryDueDate ?? '—'}` },
              { title: '预警所依期限', dataIndex: 'dueDate' },
              { title: '剩余工作日', render: (_, w) => (w.workingDaysLeft < 0 ? <Typography.Text type="danger">超期 {-w.workingDaysLeft}</Typography.Text> : w.workingDaysLeft) },
            ]}
          />
        )}
      </Optional>
    </div>
  );
}

function CardsTab({ range }: { range: [string, string] }) {
  const [groupBy, setGroupBy] = useState<'node' | 'department' | 'month'>('department');
  const [summary] = useOptional(cardsSummary, { groupBy, from: range[0], to: range[1] });
  const [cards] = useOptional(listCards, {
    from: range[0],
    to: range[1],
    limit: 50,
  });
  const option = useMemo<ChartOption | null>(() => {
    if (summary.state !== 'ok' || summary.data.rows.length === 0) return null;
    const rows = summary.data.rows;
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: LEVELS.map((l) => l.label) },
      grid: { left: 40, right: 20, bottom: 60, top: 40 },
      xAxis: { type: 'category', data: rows.map((r) => r.key), axisLabel: { rotate: rows.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: LEVELS.map((l) => ({ name: l.label, type: 'bar' as const, stack: 'cards', data: rows.map((r) => r[l.value]) })),
    };
  }, [summary]);
  return (
    <div>
      <Radio.Group
        value={groupBy}
        onChange={(e) => setGroupBy(e.target.value)}
        optionType="button"
        options={[
          { value: 'department', label: '按部门' },
          { value: 'node', label: '按节点' },
          { value: 'month', label: '按月份' },
        ]}
        style={{ marginBottom: 8 }}
      />
      {option !== null ? <Chart option={option} testId="cards-chart" /> : summary.state === 'loading' ? null : <NoData loaded={summary} />}
      <Typography.Title level={5}>红黄牌记录</Typography.Title>
      <Optional loaded={cards}>
        {(data) => (
          <Table
            size="small"
            rowKey="id"
            dataSource={data.items}
            pagination={{ pageSize: 10 }}
            locale={{ emptyText: '暂无红黄牌' }}
            columns={[
              { title: '类别', render: (_, c) => levelTag(c.kind) },
              { title: '办件编号', dataIndex: 'caseNumber' },
              { title: '部门', dataIndex: 'department' },
              { title: '节点', dataIndex: 'node' },
              { title: '亮牌时间', dataIndex: 'issuedAt' },
              { title: '到期', dataIndex: 'dueDate' },
            ]}
          />
        )}
      </Optional>
    </div>
  );
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

function StatisticsTab({ range }: { range: [string, string] }) {
  const [groupBy, setGroupBy] = useState<'node' | 'department' | 'item' | 'tier' | 'month'>('month');
  const query = { from: range[0], to: range[1], groupBy };
  const [stats] = useOptional(statistics, query);
  const [error, setError] = useState<string | null>(null);
  const option = useMemo<ChartOption | null>(() => {
    if (stats.state !== 'ok' || stats.data.rows.length === 0) return null;
    const rows = stats.data.rows;
    const line = groupBy === 'month';
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: ['收件', '办结', '按时办结率'] },
      grid: { left: 40, right: 50, bottom: 60, top: 40 },
      xAxis: { type: 'category', data: rows.map((r) => r.key), axisLabel: { rotate: rows.length > 6 ? 30 : 0 } },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      ],
      series: [
        { name: '收件', type: line ? 'line' : 'bar', data: rows.map((r) => r.received) },
        { name: '办结', type: line ? 'line' : 'bar', data: rows.map((r) => r.concluded) },
        { name: '按时办结率', type: 'line', yAxisIndex: 1, data: rows.map((r) => (r.onTimeRate === null ? null : Math.round(r.onTimeRate * 1000) / 10)) },
      ],
    } as ChartOption;
  }, [stats, groupBy]);
  const rows = stats.state === 'ok' ? [...stats.data.rows, { ...stats.data.total, key: '合计' }] : [];
  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Radio.Group
          value={groupBy}
          onChange={(e) => setGroupBy(e.target.value)}
          optionType="button"
          options={[
            { value: 'month', label: '按月趋势' },
            { value: 'node', label: '按节点' },
            { value: 'department', label: '按部门' },
            { value: 'item', label: '按事项' },
            { value: 'tier', label: '按层级' },
          ]}
        />
        <Button onClick={() => exportStatistics('办件统计.xlsx', { ...query, format: 'xlsx' }).catch((e: unknown) => setError(errorText(e)))}>导出 Excel</Button>
        <Button onClick={() => exportStatistics('办件统计.csv', { ...query, format: 'csv' }).catch((e: unknown) => setError(errorText(e)))}>导出 CSV</Button>
      </Space>
      {error !== null && <Alert type="error" title={error} closable onClose={() => setError(null)} />}
      {option !== null ? <Chart option={option} testId="stats-chart" /> : stats.state === 'loading' ? null : <NoData loaded={stats} />}
      {stats.state === 'ok' && (
        <Table<StatsRow>
          size="small"
          rowKey="key"
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1000 }}
          columns={[
            { title: '分组', dataIndex: 'key', fixed: 'left' },
            { title: '收件', dataIndex: 'received' },
            { title: '受理', dataIndex: 'accepted' },
            { title: '不予受理', dataIndex: 'refused' },
            { title: '补正率', render: (_, r) => pct(r.supplementRate) },
            { title: '办结', dataIndex: 'concluded' },
            { title: '按时办结率', render: (_, r) => pct(r.onTimeRate) },
            { title: '平均用时(工作日)', render: (_, r) => (r.avgWorkingDays === null ? '—' : r.avgWorkingDays.toFixed(1)) },
            { title: '最多跑一次', render: (_, r) => pct(r.maxVisitsCompliance) },
            { title: '网办占比', render: (_, r) => pct(r.onlineShare) },
            { title: '满意度', render: (_, r) => pct(r.satisfaction) },
            { title: '差评率', render: (_, r) => pct(r.badRatingRate) },
          ]}
        />
      )}
    </div>
  );
}

function NoticesTab() {
  const [direction, setDirection] = useState<'sent' | 'received'>('received');
  const [loaded, reload] = useOptional(listNotices, { direction });
  return (
    <div>
      <Space style={{ marginBottom: 8 }}>
        <Radio.Group value={direction} onChange={(e) => setDirection(e.target.value)} optionType="button" options={[{ value: 'received', label: '收到的督办' }, { value: 'sent', label: '发出的督办' }]} />
        <StepButton
          label="发起督办"
          primary
          fields={[
            { name: 'caseId', label: '办件编号（内部编号）', kind: 'text', rules: [{ required: true, whitespace: true, message: '请输入办件内部编号' }] },
            { name: 'message', label: '督办意见', kind: 'textarea', rules: [{ required: true, whitespace: true, message: '请填写督办意见' }] },
          ]}
          run={async (v) => {
            await sendNotice(String(v['caseId']).trim(), v['message']);
            reload();
          }}
        />
      </Space>
      <Optional loaded={loaded}>
        {(data) => (
          <Table<SupervisionNotice>
            size="small"
            rowKey="id"
            dataSource={data.items}
            pagination={{ pageSize: 10 }}
            locale={{ emptyText: '暂无督办' }}
            columns={[
              { title: '办件', render: (_, n) => n.caseNumber ?? n.caseId },
              { title: '督办方 → 责任节点', render: (_, n) => `${n.fromNode} → ${n.toNode}` },
              { title: '发出时间', render: (_, n) => formatTime(n.sentAt) },
              { title: '督办意见', dataIndex: 'message' },
              { title: '回复', render: (_, n) => n.answer ?? <Tag color="orange">待回复</Tag> },
              {
                title: '操作',
                render: (_, n) =>
                  direction === 'received' && !n.answer ? (
                    <StepButton
                      label="回复"
                      fields={[{ name: 'answer', label: '办理情况', kind: 'textarea', rules: [{ required: true, whitespace: true, message: '请填写办理情况' }] }]}
                      run={async (v) => {
                        await answerNotice(n.id, v['answer']);
                        reload();
                      }}
                    />
                  ) : null,
              },
            ]}
          />
        )}
      </Optional>
    </div>
  );
}

/** 电子监察与统计: warnings, red and yellow cards by department / node / month, statistics with trends, 督办. */
export function SupervisionPage() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs(nodeNow()).subtract(5, 'month').startOf('month'), dayjs(nodeNow())]);
  const dates: [string, string] = [range[0].format('YYYY-MM-DD'), range[1].format('YYYY-MM-DD')];
  return (
    <Card size="small" extra={<DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v !== null && v[0] !== null && v[1] !== null && setRange([v[0], v[1]])} />} title="电子监察与统计">
      <Row>
        <Col span={24}>
          <Tabs
            items={[
              { key: 'warnings', label: '预警', children: <WarningsTab /> },
              { key: 'cards', label: '红黄牌', children: <CardsTab range={dates} /> },
              { key: 'stats', label: '统计分析', children: <StatisticsTab range={dates} /> },
              { key: 'notices', label: '督办', children: <NoticesTab /> },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}
