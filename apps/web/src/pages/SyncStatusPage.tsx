import { Alert, Button, Card, Col, Descriptions, Popconfirm, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { forgetNode, listQuarantine, retryQuarantined, syncStatus, type QuarantineKind, type Quarantined, type SyncStatus } from '../api/sync';
import { formatTime } from '../format';
import { errorText } from '../messages';
import { useSession } from '../session';

/** The kinds of quarantined messages (ADR 0014). */
const KIND_NAMES: Record<QuarantineKind, { text: string; color: string }> = {
  invalid: { text: '格式无效', color: 'red' },
  unauthorized: { text: '来源不符', color: 'volcano' },
  rejected: { text: '被拒绝', color: 'orange' },
  failed: { text: '处理失败', color: 'magenta' },
  held: { text: '待升级', color: 'blue' },
};

const LINK_NAMES = { up: '已连接', down: '已断开', connecting: '连接中' } as const;

type NodeBelow = SyncStatus['nodesBelow'][number];

/** A figure a node below reported: its value while fresh, 未知（N 秒前上报） once stale (never its last value). */
function reported(n: NodeBelow, value: number | string | null): string | number {
  if (n.figures.stale) return `未知（${n.figures.ageSeconds} 秒前上报）`;
  return value === null ? '—' : value;
}

/** 停滞: a consumer with work waiting whose acknowledgements have not moved for the offline threshold. */
function stalledTag(stalled: boolean | null) {
  if (stalled === null) return '—';
  return stalled ? <Tag color="red">停滞</Tag> : <Tag color="green">正常</Tag>;
}

/** 同步状态: this node's NATS link, outbox and consumer lag; the nodes below with last contact, backlog and skew; quarantine. */
export function SyncStatusPage() {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [quarantine, setQuarantine] = useState<Quarantined[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [at, setAt] = useState<Date>(new Date());
  const [notice, setNotice] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const { has } = useSession();
  const load = useCallback(async () => {
    try {
      const [s, q] = await Promise.all([syncStatus(), listQuarantine()]);
      setStatus(s);
      setQuarantine(q.items);
      setAt(new Date());
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
  }, [load]);
  // 移除: a node gone for good (merged or decommissioned) stops showing as offline; the node refuses one that is online.
  const remove = async (nodeId: string) => {
    try {
      await forgetNode(nodeId);
      setNotice({ type: 'success', text: `已移除节点 ${nodeId}；如该节点再次上线，将重新列出` });
    } catch (e) {
      setNotice({ type: 'error', text: `未能移除节点 ${nodeId}：${errorText(e)}` });
    }
    await load();
  };
  // 重试: run a quarantined message again (after a fix or an upgrade); applied, it leaves the list.
  const retry = async (q: Quarantined) => {
    try {
      const result = await retryQuarantined(q.id);
      setNotice({ type: 'success', text: result.outcome === 'applied' ? `消息 ${q.id} 已重新应用` : `消息 ${q.id} 此前已应用，已移出隔离区` });
    } catch (e) {
      setNotice({ type: 'error', text: `消息 ${q.id} 重试未成功：${errorText(e)}` });
    }
    await load();
  };
  if (status === null) return error === null ? null : <Alert type="error" title={error} />;
  const lag = status.consumers.reduce((sum, c) => sum + (c.pending ?? 0), 0);
  return (
    <div>
      {error !== null && <Alert type="warning" title={`刷新失败：${error}`} style={{ marginBottom: 8 }} />}
      {status.needsUpgrade && (
        <Alert
          type="warning"
          title={`需要升级：${status.held} 条消息来自更新的版本，本节点暂不能处理，已保留，升级后自动应用`}
          style={{ marginBottom: 8 }}
          data-testid="needs-upgrade"
        />
      )}
      <Row gutter={12}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="NATS 链路" value={LINK_NAMES[status.link.state]} valueStyle={{ color: status.link.state === 'up' ? '#389e0d' : '#cf1322' }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="待发送（outbox）" value={status.outbox.depth} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="待接收（消费滞后）" value={lag} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="隔离消息" value={status.quarantined} valueStyle={{ color: status.quarantined > 0 ? '#cf1322' : undefined }} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={`本节点 ${status.node.id}`} style={{ marginTop: 12 }} extra={<Button size="small" onClick={() => void load()}>刷新（{formatTime(at.toISOString())}）</Button>}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="服务器">{status.link.server ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="状态自">{formatTime(status.link.since)}</Descriptions.Item>
          <Descriptions.Item label="最近错误">{status.link.lastError ?? status.outbox.lastError ?? '无'}</Descriptions.Item>
          <Descriptions.Item label="已发布">{status.outbox.published}</Descriptions.Item>
          <Descriptions.Item label="已应用 / 重复">{status.inbox.applied} / {status.inbox.duplicates}</Descriptions.Item>
          <Descriptions.Item label="收件箱">{status.inbox.total}</Descriptions.Item>
        </Descriptions>
        <Table
          size="small"
          rowKey="durable"
          pagination={false}
          dataSource={status.consumers}
          columns={[
            { title: '流', dataIndex: 'stream' },
            { title: '主题', dataIndex: 'filter' },
            { title: '待接收', render: (_, c) => (c.pending !== null ? c.pending : c.ageSeconds === null ? '未知（离线）' : `未知（${c.ageSeconds} 秒前上报）`) },
            { title: '消费状态', render: (_, c) => stalledTag(c.stalled) },
            { title: '重投', dataIndex: 'redelivered' },
            { title: '重试', dataIndex: 'retried' },
            { title: '待升级', dataIndex: 'held' },
            { title: '隔离', dataIndex: 'quarantined' },
          ]}
        />
      </Card>
      {notice !== null && <Alert type={notice.type} title={notice.text} closable onClose={() => setNotice(null)} style={{ marginTop: 12 }} data-testid="sync-notice" />}
      {status.node.tier !== 'township' && (
        <Card size="small" title="下级节点" style={{ marginTop: 12 }}>
          <Table
            size="small"
            rowKey="nodeId"
            pagination={false}
            dataSource={status.nodesBelow}
            data-testid="nodes-below"
            locale={{ emptyText: '尚未收到下级节点的心跳' }}
            columns={[
              { title: '节点', dataIndex: 'nodeId' },
              { title: '上级', dataIndex: 'parentId' },
              { title: '在线', render: (_, n) => (n.online ? <Tag color="green">在线</Tag> : <Tag color="red">离线 {n.silentSeconds} 秒</Tag>) },
              { title: '最近联系', render: (_, n) => formatTime(n.lastContact) },
              { title: '上报时间', render: (_, n) => formatTime(n.figures.reportedAt) },
              { title: '待发送（上报）', render: (_, n) => reported(n, n.outboxDepth) },
              { title: '待接收（服务器）', render: (_, n) => (n.serverPending === null ? '—' : n.serverPending) },
              { title: '消费积压（上报）', render: (_, n) => reported(n, n.consumerLag) },
              { title: '消费状态（上报）', render: (_, n) => (n.figures.stale ? reported(n, null) : n.stalled === null ? '—' : n.stalled.length === 0 ? <Tag color="green">正常</Tag> : <Tag color="red" title={n.stalled.join('、')}>停滞 {n.stalled.length}</Tag>) },
              { title: '时钟偏差', render: (_, n) => reported(n, n.skewMs === null ? null : `${(n.skewMs / 1000).toFixed(1)} 秒`) },
              { title: '隔离', render: (_, n) => reported(n, n.quarantined) },
              ...(has('admin')
                ? [
                    {
                      title: '操作',
                      render: (_: unknown, n: NodeBelow) =>
                        n.online ? null : (
                          <Popconfirm title={`移除节点 ${n.nodeId}？`} description="仅用于已撤并或停用的节点；该节点再次上线时会重新列出。" okText="移除" cancelText="取消" onConfirm={() => remove(n.nodeId)}>
                            <Button size="small" danger>
                              移除
                            </Button>
                          </Popconfirm>
                        ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}
      <Card size="small" title="隔离消息" style={{ marginTop: 12 }}>
        <Typography.Paragraph type="secondary">
          无法应用的消息不会阻塞同步：已确认接收并保存在此，等待人工处理。处理失败的消息已按上限重试；排除故障后可重试。待升级的消息在本节点升级后自动应用。
        </Typography.Paragraph>
        <Table<Quarantined>
          size="small"
          rowKey="id"
          dataSource={quarantine}
          pagination={{ pageSize: 10 }}
          locale={{ emptyText: '没有隔离消息' }}
          columns={[
            { title: '收到', render: (_, q) => formatTime(q.receivedAt) },
            { title: '种类', render: (_, q) => <Tag color={KIND_NAMES[q.kind]?.color}>{KIND_NAMES[q.kind]?.text ?? q.kind}</Tag> },
            { title: '来源', dataIndex: 'origin' },
            { title: '类型', dataIndex: 'type' },
            { title: '主题', dataIndex: 'subject' },
            { title: '次数', dataIndex: 'attempts' },
            { title: '原因', dataIndex: 'reason' },
            ...(has('admin')
              ? [
                  {
                    title: '操作',
                    render: (_: unknown, q: Quarantined) => (
                      <Popconfirm title={`重试消息 ${q.id}？`} description="再次应用该消息；成功后移出隔离区。" okText="重试" cancelText="取消" onConfirm={() => retry(q)}>
                        <Button size="small">重试</Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </div>
  );
}
