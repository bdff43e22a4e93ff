import { Alert, Button, Card, Col, Descriptions, Modal, Popconfirm, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { WITHDRAWABLE } from '@liandong/shared';
import { caseStep, getCase, openNotice, reissueQueryCode, type NoticeKind } from '../api/cases';
import { getItem } from '../api/catalogue';
import { listDepartments } from '../api/reference';
import type { CaseDetail, Department, Item } from '../api/types';
import { CaseTimeline } from '../components/CaseTimeline';
import { StatusTag } from '../components/CaseTable';
import { StepButton } from '../components/StepButton';
import { yuan } from '../format';
import { errorText } from '../messages';
import { useSession } from '../session';

const required = (message: string) => [{ required: true, whitespace: true, message }];

/** One case: its timeline and the steps this user may take here (back office at the handling node, window at the accepting node). */
export function CaseDetailPage() {
  const { caseId = '' } = useParams();
  const navigate = useNavigate();
  const { node, has } = useSession();
  const [data, setData] = useState<CaseDetail | null>(null);
  const [item, setItem] = useState<Item | null>(null);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const c = await getCase(caseId);
      setData(c);
      setError(null);
      if (c.implCode !== null) setItem(await getItem(c.implCode).catch(() => null));
    } catch (e) {
      setError(errorText(e));
    }
  }, [caseId]);
  useEffect(() => {
    void load();
    listDepartments().then(setDepartments, () => undefined);
  }, [load]);

  if (error !== null && data === null) return <Result status="warning" title={error} extra={<Button onClick={() => navigate(-1)}>返回</Button>} />;
  if (data === null) return <Spin />;

  const post = (step: string) => async (body: Record<string, unknown>) => {
    setData(await caseStep(caseId, step, body));
  };
  const status = data.status;
  const here = node?.id;
  const backOffice = data.handlingNode === here && has('approver', 'admin');
  const atWindow = data.acceptingNode === here && has('window_clerk', 'admin');
  const deptOptions = departments.map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` }));
  const procedures = (item?.content.specialProcedures ?? []).map((p) => ({ value: p, label: p }));
  const openOpinions = data.coDepartments.filter((d) => data.opinions[d] === undefined);
  const fees = item?.content.fees ?? [];

  const steps: ReactElement[] = [];
  if (backOffice) {
    if (status === 'accepted') {
      steps.push(
        <StepButton
          key="review"
          label="开始审查"
          testId="step-review"
          fields={[{ name: 'department', label: '审查部门', kind: 'select', options: deptOptions, initial: item?.content.handlingDepartment, rules: [{ required: true, message: '请选择审查部门' }] }]}
          run={post('review')}
        />,
      );
    }
    // 并联审批: the lead decides once every co-department has given its opinion.
    if (status === 'accepted' || (status === 'in_review' && openOpinions.length === 0)) {
      steps.push(
        <StepButton key="approve" primary label="准予许可" testId="step-approve" fields={[{ name: 'reason', label: '审批意见', kind: 'textarea', initial: '符合法定条件，准予许可', rules: required('请填写审批意见') }]} run={post('approve')} />,
        <StepButton
          key="deny"
          danger
          label="不予许可"
          fields={[
            { name: 'reason', label: '不予许可理由', kind: 'textarea', rules: required('请写明理由') },
            { name: 'legalBasis', label: '法律依据', kind: 'textarea', rules: required('不予许可须写明法律依据') },
          ]}
          run={post('deny')}
        />,
      );
    }
    if (status === 'in_review') {
      if (openOpinions.length > 0) {
        steps.push(
          <StepButton
            key="opinion"
            label="联办部门意见"
            fields={[
              { name: 'department', label: '联办部门', kind: 'select', options: openOpinions.map((d) => ({ value: d, label: departments.find((x) => x.code === d)?.name ?? d })), rules: [{ required: true, message: '请选择部门' }] },
              { name: 'opinion', label: '意见', kind: 'radio', options: [{ value: 'agree', label: '同意' }, { value: 'disagree', label: '不同意' }], rules: [{ required: true, message: '请选择意见' }] },
              { name: 'note', label: '说明', kind: 'textarea' },
            ]}
            run={post('opinion')}
          />,
        );
      }
      steps.push(
        <StepButton key="procedure" label="启动特别程序" fields={[{ name: 'procedure', label: '特别程序', kind: procedures.length > 0 ? 'select' : 'text', options: procedures, rules: required('请选择或填写特别程序') }]} run={post('procedure-start')} />,
      );
      if (data.extensionDays === 0) {
        steps.push(
          <StepButton
            key="extend"
            label="延长时限"
            fields={[
              { name: 'days', label: '延长工作日', kind: 'number', rules: [{ required: true, message: '请填写天数' }, { type: 'integer', min: 1, max: 60, message: '应为1–60的整数' }] },
              { name: 'reason', label: '延长理由', kind: 'textarea', rules: required('请写明延长理由') },
            ]}
            run={post('extend')}
          />,
        );
      }
    }
    if (status === 'suspended') {
      steps.push(<StepButton key="procedure-end" label="结束特别程序" fields={[{ name: 'procedure', label: '特别程序', kind: procedures.length > 0 ? 'select' : 'text', options: procedures, rules: required('请选择特别程序') }]} run={post('procedure-end')} />);
    }
  }
  if (atWindow) {
    if (status === 'ready_for_issue' && data.feeDueFen > 0 && data.feesSettled === null) {
      steps.push(
        <StepButton
          key="fees"
          label={`收费 ${yuan(data.feeDueFen)}（一费制）`}
          testId="step-fees"
          title="一费制：确认收费"
          fields={[{ name: 'confirm', label: fees.map((f) => `${f.name} ${yuan(f.amountFen)}（${f.basis}）`).join('；') || '应收费用', kind: 'radio', options: [{ value: 'paid', label: '已足额收取' }], rules: [{ required: true, message: '请确认已收费' }] }]}
          run={async () => post('fees')({ items: fees.map((f) => ({ name: f.name, amountFen: f.amountFen })) })}
        />,
      );
    }
    if (status === 'ready_for_issue') {
      steps.push(
        <StepButton
          key="issue"
          primary
          label="出件"
          testId="step-issue"
          title="统一窗口出件"
          fields={[
            { name: 'method', label: '出件方式', kind: 'radio', initial: 'window', options: [{ value: 'window', label: '窗口领取' }, { value: 'express', label: '快递送达' }], rules: [{ required: true, message: '请选择出件方式' }] },
            { name: 'trackingNumber', label: '快递单号', kind: 'text', when: (v) => v['method'] === 'express', rules: [{ required: true, message: '快递出件须填写快递单号' }, { pattern: /^[A-Za-z0-9-]{6,40}$/, message: '应为6–40位字母、数字或“-”' }] },
          ]}
          run={post('issue')}
        />,
      );
    }
    if (status === 'supplement_requested') steps.push(<StepButton key="supplemented" label="材料已补正" run={post('supplemented')} />);
    if (data.promisedMaterials !== null) steps.push(<StepButton key="delivered" label="容缺材料已补交" run={post('materials-delivered')} />);
    if (data.followUp !== null) steps.push(<StepButton key="follow" label="差评回访" fields={[{ name: 'note', label: '回访情况', kind: 'textarea', rules: required('请填写回访情况') }]} run={post('follow-up')} />);
    if (status !== null && WITHDRAWABLE.includes(status)) {
      steps.push(<StepButton key="withdraw" danger label="撤件" fields={[{ name: 'reason', label: '撤件原因', kind: 'textarea', rules: required('请填写撤件原因') }]} run={post('withdraw')} />);
    }
    if (data.caseNumber !== null) steps.push(<ReissueQueryCode key="query-code" caseId={caseId} onDone={() => void load()} />);
  }

  const notices: Array<[NoticeKind, string]> = [];
  if (data.caseNumber !== null) notices.push(['acceptance', '受理通知书']);
  if (status === 'refused') notices.push(['refusal', '不予受理通知书']);
  if (status === 'supplement_requested') notices.push(['supplement', '补正告知书']);
  if (data.timeline.some((t) => t.event === 'case.approved' || t.event === 'case.denied')) notices.push(['decision', '决定书']);

  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        <Card
          title={
            <Space>
              <span data-testid="detail-number">{data.caseNumber ?? '预审件'}</span>
              <StatusTag status={status} name={data.statusName} />
            </Space>
          }
          extra={<Button onClick={() => void load()}>刷新</Button>}
          size="small"
        >
          <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="case-detail">
            <Descriptions.Item label="事项">{data.itemName}</Descriptions.Item>
            <Descriptions.Item label="当前状态">
              <span data-testid="detail-status">{data.statusName}</span>
            </Descriptions.Item>
            <Descriptions.Item label="申请人">{data.applicant?.name}</Descriptions.Item>
            <Descriptions.Item label="证件号码">{data.applicant?.idNumber}</Descriptions.Item>
            <Descriptions.Item label="联系电话">{data.applicant?.phone}</Descriptions.Item>
            <Descriptions.Item label="承诺办结">{data.dueDate ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="受理窗口">{data.acceptingNode ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="审批节点">
              {data.handlingNode ?? '—'} {data.route === 'up' && <Tag>上报审批</Tag>}
              {data.route === 'local' && <Tag color="green">本级办理</Tag>}
            </Descriptions.Item>
            {data.coDepartments.length > 0 && (
              <Descriptions.Item label="并联审批意见" span={2}>
                {data.coDepartments.map((d) => (
                  <Tag key={d} color={data.opinions[d] === 'agree' ? 'green' : data.opinions[d] === 'disagree' ? 'red' : 'default'}>
                    {departments.find((x) => x.code === d)?.name ?? d}：{data.opinions[d] === 'agree' ? '同意' : data.opinions[d] === 'disagree' ? '不同意' : '待出具'}
                  </Tag>
                ))}
              </Descriptions.Item>
            )}
            {data.feeDueFen > 0 && <Descriptions.Item label="应收费用">{yuan(data.feeDueFen)} {data.feesSettled !== null ? <Tag color="green">已收费</Tag> : <Tag color="orange">未收费</Tag>}</Descriptions.Item>}
            {data.extensionDays > 0 && <Descriptions.Item label="已延长">{data.extensionDays} 个工作日</Descriptions.Item>}
            {data.promisedMaterials !== null && <Descriptions.Item label="容缺材料">{data.promisedMaterials.materials.join('、')}（{data.promisedMaterials.due} 前补交）</Descriptions.Item>}
            {data.reviewReason !== null && <Descriptions.Item label="待复核">{data.reviewReason}</Descriptions.Item>}
            {data.rating !== null && <Descriptions.Item label="评价">{['', '非常满意', '满意', '基本满意', '不满意', '非常不满意'][data.rating]}</Descriptions.Item>}
          </Descriptions>
          {data.conflicts.length > 0 && (
            <Alert type="error" showIcon title={`有 ${data.conflicts.length} 个冲突事件（已保留，待人工处理）`} description={data.conflicts.map((c) => `${c.type ?? ''}：${c.reason ?? ''}`).join('；')} />
          )}
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            办理
          </Typography.Title>
          {steps.length === 0 ? <Typography.Text type="secondary">本节点当前没有可办理的操作</Typography.Text> : <Space wrap>{steps}</Space>}
          {notices.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 12 }}>
                打印
              </Typography.Title>
              <Space wrap>
                {notices.map(([kind, label]) => (
                  <Button key={kind} onClick={() => openNotice(caseId, kind).catch((e: unknown) => setError(errorText(e)))}>
                    {label}
                  </Button>
                ))}
              </Space>
            </>
          )}
          {error !== null && <Alert type="error" title={error} style={{ marginTop: 8 }} />}
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card title="办理过程" size="small">
          <CaseTimeline entries={data.timeline} />
        </Card>
      </Col>
    </Row>
  );
}

/**
 * 重新生成查询码 at the accepting window (the applicant lost the code, or its query is locked after wrong codes): the
 * new code is shown once, to give the applicant; the old one stops working.
 */
function ReissueQueryCode({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const [code, setCode] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reissue = async () => {
    setError(null);
    try {
      setCode((await reissueQueryCode(caseId)).queryCode);
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <>
      <Popconfirm title="重新生成查询码" description="原查询码将立即失效，新查询码只显示一次。确定重新生成？" okText="确定" cancelText="取消" onConfirm={reissue}>
        <Button data-testid="reissue-query-code">重新生成查询码</Button>
      </Popconfirm>
      {error !== null && <Alert type="error" title={error} style={{ marginTop: 8 }} closable onClose={() => setError(null)} />}
      <Modal title="新的查询码" open={code !== null} onOk={() => setCode(null)} onCancel={() => setCode(null)} okText="已告知申请人" cancelButtonProps={{ style: { display: 'none' } }}>
        <Typography.Paragraph>请告知申请人（仅显示一次，原查询码已失效）：</Typography.Paragraph>
        <Typography.Title level={3} copyable data-testid="new-query-code" style={{ letterSpacing: 2 }}>
          {code}
        </Typography.Title>
      </Modal>
    </>
  );
}
