import { Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { CASE_STATUSES, CASE_STATUS_NAMES_ZH, type CaseStatus } from '@liandong/shared';
import { listCases } from '../api/cases';
import type { CaseSummary, Page } from '../api/types';
import { errorText } from '../messages';

/** The tag colour of each case status (libs/shared's `CASE_STATUSES`: a status added there must get one here). */
export const STATUS_COLORS: Readonly<Record<CaseStatus, string>> = {
  draft: 'default', submitted: 'processing', supplement_requested: 'warning', accepted: 'processing', refused: 'error', in_review: 'processing',
  suspended: 'warning', approved: 'success', denied: 'error', ready_for_issue: 'gold', concluded: 'success', withdrawn: 'default',
};

export function StatusTag({ status, name }: { status: CaseStatus | null; name: string | null }) {
  return status === null ? null : <Tag color={STATUS_COLORS[status]}>{name ?? status}</Tag>;
}

/** Cases held by this node, applicants masked by the API; a click opens the case. */
export function CaseTable({ source, initialStatus, extra }: { source: 'cases' | 'queue'; initialStatus?: string; extra?: Record<string, string | undefined> }) {
  const navigate = useNavigate();
  const [status, setStatus] = useState<string | undefined>(initialStatus);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<CaseSummary>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(extra ?? {});
  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await listCases(source, { ...(source === 'cases' ? { status } : {}), ...JSON.parse(key), offset: (page - 1) * 20, limit: 20 }));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  }, [source, status, page, key]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <div>
      {source === 'cases' && (
        <Space style={{ marginBottom: 8 }}>
          状态：
          <Select
            allowClear
            placeholder="全部"
            style={{ width: 160 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={CASE_STATUSES.map((s) => ({ value: s, label: CASE_STATUS_NAMES_ZH[s] }))}
            data-testid="status-filter"
          />
        </Space>
      )}
      {error !== null && <div style={{ color: '#cf1322' }}>{error}</div>}
      <Table<CaseSummary>
        size="small"
        rowKey="caseId"
        loading={loading}
        dataSource={data.items as CaseSummary[]}
        pagination={{ current: page, pageSize: 20, total: data.total, onChange: setPage, showSizeChanger: false, showTotal: (t) => `共 ${t} 件` }}
        onRow={(c) => ({ onClick: () => navigate(`/cases/${c.caseId}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: '暂无办件' }}
        columns={[
          { title: '办件编号', render: (_, c) => c.caseNumber ?? '（预审）' },
          { title: '事项', dataIndex: 'itemName' },
          { title: '申请人', render: (_, c) => (c.applicant === null ? '' : `${c.applicant.name} ${c.applicant.idNumber}`) },
          { title: '状态', render: (_, c) => <StatusTag status={c.status} name={c.statusName} /> },
          { title: '承诺办结', dataIndex: 'dueDate' },
          { title: '受理 / 审批', render: (_, c) => `${c.acceptingNode ?? '—'} / ${c.handlingNode ?? '—'}` },
          {
            title: '提示',
            render: (_, c) => (
              <Space size={2} wrap>
                {c.conflicts > 0 && <Tag color="red">冲突 {c.conflicts}</Tag>}
                {c.reviewReason !== null && <Tag color="orange">待复核</Tag>}
                {c.promisedMaterials !== null && <Tag color="purple">容缺 {c.promisedMaterials.due}</Tag>}
                {c.followUp !== null && <Tag color="magenta">差评回访</Tag>}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
