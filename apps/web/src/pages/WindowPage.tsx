import { Alert, Button, Card, Col, Descriptions, Result, Row, Space, Table, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { CaseStatus } from '@liandong/shared';
import { getCase, listDrafts, openNotice, type NoticeKind } from '../api/cases';
import { loadItems } from '../api/catalogue';
import type { AcceptedCase, Applicant, CaseDetail, CaseSummary, Item } from '../api/types';
import { AcceptForm } from '../components/AcceptForm';
import { CaseTable } from '../components/CaseTable';
import { ItemPicker } from '../components/ItemPicker';
import { errorText } from '../messages';
import { formatTime } from '../format';

const NOTICE_OF: Readonly<Partial<Record<CaseStatus, Exclude<NoticeKind, 'decision'>>>> = { accepted: 'acceptance', refused: 'refusal', supplement_requested: 'supplement' };

/** The outcome at the window: case number, the query code (shown once) and the notice to print. */
function AcceptedResult({ accepted, onNext }: { accepted: AcceptedCase; onNext: () => void }) {
  const navigate = useNavigate();
  const notice = accepted.status === null ? undefined : NOTICE_OF[accepted.status];
  return (
    <Result
      status={accepted.status === 'refused' ? 'warning' : 'success'}
      title={accepted.status === 'accepted' ? '已受理' : accepted.statusName}
      subTitle={accepted.itemName}
      extra={[
        notice !== undefined && (
          <Button key="print" type="primary" onClick={() => void openNotice(accepted.caseId, notice)}>
            打印{notice === 'acceptance' ? '受理' : notice === 'refusal' ? '不予受理' : '补正'}通知书
          </Button>
        ),
        <Button key="open" onClick={() => navigate(`/cases/${accepted.caseId}`)}>
          查看办件
        </Button>,
        <Button key="next" onClick={onNext}>
          受理下一件
        </Button>,
      ]}
    >
      <Descriptions column={1} bordered size="small" data-testid="accept-result">
        <Descriptions.Item label="办件编号">
          <span data-testid="case-number">{accepted.caseNumber}</span>
        </Descriptions.Item>
        <Descriptions.Item label="查询码（仅显示一次，请告知申请人）">
          <Typography.Text strong data-testid="query-code">
            {accepted.queryCode}
          </Typography.Text>
        </Descriptions.Item>
        {accepted.status === 'accepted' && <Descriptions.Item label="承诺办结日期">{accepted.dueDate}</Descriptions.Item>}
        <Descriptions.Item label="办理方式">{accepted.route === 'local' ? `本级办理（${accepted.handlingNode}）` : accepted.route === 'up' ? `上报 ${accepted.handlingNode} 审批，结果回本窗口出件` : '—'}</Descriptions.Item>
      </Descriptions>
      {accepted.warnings.length > 0 && <Alert type="warning" title={accepted.warnings.join('；')} style={{ marginTop: 12 }} />}
    </Result>
  );
}

/** 代办预审件: drafts the village stations uploaded, waiting for the window. */
function DraftList({ onSubmit }: { onSubmit: (draft: CaseDetail) => void }) {
  const [drafts, setDrafts] = useState<CaseSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setDrafts([...(await listDrafts()).items]);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <Card size="small" title="村(居)代办预审件" extra={<Button onClick={() => void load()}>刷新</Button>}>
      {error !== null && <Alert type="error" title={error} />}
      <Table<CaseSummary>
        size="small"
        rowKey="caseId"
        dataSource={drafts}
        pagination={false}
        locale={{ emptyText: '暂无待提交的预审件' }}
        data-testid="draft-list"
        columns={[
          { title: '事项', dataIndex: 'itemName' },
          { title: '申请人', render: (_, d) => (d.applicant === null ? '' : `${d.applicant.name} ${d.applicant.idNumber}`) },
          { title: '编号', render: (_, d) => d.caseId.slice(0, 8) },
          {
            title: '操作',
            render: (_, d) => (
              <Button
                size="small"
                type="primary"
                onClick={async () => {
                  try {
                    onSubmit(await getCase(d.caseId));
                  } catch (e) {
                    setError(errorText(e));
                  }
                }}
              >
                提交受理
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** 综合受理: find the item, check the materials, accept / refuse / ask for supplements, print, then issue later. */
export function WindowPage() {
  const [items, setItems] = useState<Item[]>([]);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [item, setItem] = useState<Item | null>(null);
  const [draft, setDraft] = useState<{ id: string; applicant: Applicant } | null>(null);
  const [accepted, setAccepted] = useState<AcceptedCase | null>(null);
  const [tab, setTab] = useState('accept');
  const [loadedAt, setLoadedAt] = useState<string | null>(null);

  useEffect(() => {
    loadItems('published')
      .then((list) => {
        setItems(list);
        setLoadedAt(new Date().toISOString());
      })
      .catch((e: unknown) => setLoadError(errorText(e)))
      .finally(() => setLoading(false));
  }, []);

  const submitDraft = (d: CaseDetail) => {
    const found = items.find((i) => i.implCode === d.implCode);
    if (found === undefined || d.applicant === null) {
      setLoadError(`预审件的事项 ${d.implCode ?? ''} 当前不可受理`);
      return;
    }
    setAccepted(null);
    setItem(found);
    setDraft({ id: d.caseId, applicant: d.applicant });
    setTab('accept');
  };

  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      items={[
        {
          key: 'accept',
          label: '综合受理',
          children: (
            <Row gutter={16}>
              <Col xs={24} lg={9}>
                <Card size="small" title="选择事项" extra={loadedAt && <span style={{ fontSize: 12, color: '#888' }}>目录更新于 {formatTime(loadedAt)}</span>}>
                  {loadError !== null && <Alert type="error" title={loadError} style={{ marginBottom: 8 }} />}
                  <ItemPicker
                    items={items}
                    loading={loading}
                    selected={item?.implCode ?? null}
                    onSelect={(i) => {
                      setItem(i);
                      setDraft(null);
                      setAccepted(null);
                    }}
                  />
                </Card>
              </Col>
              <Col xs={24} lg={15}>
                {accepted !== null ? (
                  <AcceptedResult
                    accepted={accepted}
                    onNext={() => {
                      setAccepted(null);
                      setItem(null);
                      setDraft(null);
                    }}
                  />
                ) : item === null ? (
                  <Card size="small">
                    <Space orientation="vertical">
                      <Typography.Text type="secondary">请在左侧选择要受理的事项，或从“代办预审件”提交村(居)代办的申请。</Typography.Text>
                    </Space>
                  </Card>
                ) : (
                  <AcceptForm
                    item={item}
                    draft={draft}
                    onDone={(c) => {
                      setAccepted(c);
                      setDraft(null);
                    }}
                  />
                )}
              </Col>
            </Row>
          ),
        },
        { key: 'drafts', label: '代办预审件', children: <DraftList onSubmit={submitDraft} />, destroyOnHidden: true },
        { key: 'issue', label: '待出件', children: <CaseTable source="cases" initialStatus="ready_for_issue" />, destroyOnHidden: true },
        { key: 'cases', label: '全部办件', children: <CaseTable source="cases" />, destroyOnHidden: true },
      ]}
    />
  );
}
