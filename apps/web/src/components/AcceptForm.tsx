import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, Radio, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { CASE_KINDS } from '@liandong/shared';
import { acceptCase } from '../api/cases';
import { ApiError } from '../api/client';
import type { AcceptedCase, Applicant, Item } from '../api/types';
import { today, yuan } from '../format';
import { applicantRules } from '../validation';
import { errorText, problemZh, reasonZh } from '../messages';

export interface Checklist {
  readonly received: readonly string[];
  readonly tolerated: readonly string[];
}

interface Values {
  applicant: Applicant;
  outcome: 'accept' | 'refuse' | 'supplement';
  checklist: Checklist;
  toleratedDue?: string;
  missing?: string[];
  reason?: string;
  legalBasis?: string;
}

/** The materials checklist (材料清单): handed in, or promised later where the item allows 容缺. */
function ChecklistTable({ item, value, onChange }: { item: Item; value?: Checklist; onChange?: (v: Checklist) => void }) {
  const current = value ?? { received: [], tolerated: [] };
  const toggle = (key: keyof Checklist, name: string, on: boolean) => {
    const other: keyof Checklist = key === 'received' ? 'tolerated' : 'received';
    const next = { ...current, [key]: on ? [...current[key], name] : current[key].filter((n) => n !== name) };
    if (on) next[other] = current[other].filter((n) => n !== name);
    onChange?.(next);
  };
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="name"
      dataSource={[...item.content.materials]}
      data-testid="checklist"
      columns={[
        { title: '申请材料', dataIndex: 'name' },
        { title: '必要性', width: 70, render: (_, m) => (m.required ? <Tag color="red">必要</Tag> : <Tag>非必要</Tag>) },
        { title: '原件/复印件', width: 90, render: (_, m) => `${m.originals} / ${m.copies}` },
        {
          title: '已收取',
          width: 70,
          render: (_, m) => <Checkbox aria-label={`已收取 ${m.name}`} checked={current.received.includes(m.name)} onChange={(e) => toggle('received', m.name, e.target.checked)} />,
        },
        {
          title: '容缺',
          width: 60,
          render: (_, m) =>
            m.toleranceAllowed ? <Checkbox aria-label={`容缺 ${m.name}`} checked={current.tolerated.includes(m.name)} onChange={(e) => toggle('tolerated', m.name, e.target.checked)} /> : '—',
        },
      ]}
    />
  );
}

/** Maps the node's field names to the form's, so a 400 shows next to its field. */
const FORM_FIELDS: Readonly<Record<string, (string | number)[]>> = {
  'applicant.kind': ['applicant', 'kind'],
  'applicant.name': ['applicant', 'name'],
  'applicant.idNumber': ['applicant', 'idNumber'],
  'applicant.phone': ['applicant', 'phone'],
  received: ['checklist'],
  tolerated: ['checklist'],
  'tolerated.materials': ['checklist'],
  'tolerated.due': ['toleratedDue'],
  missing: ['missing'],
  reason: ['reason'],
  legalBasis: ['legalBasis'],
};

/**
 * 综合受理 for one item: the applicant, the checklist, and the outcome (受理, 容缺受理, 补齐补正, 不予受理). Every rule the
 * node checks is checked here first, in Chinese; nothing is sent while a field is wrong.
 */
export function AcceptForm({ item, draft, onDone }: { item: Item; draft?: { id: string; applicant: Applicant } | null; onDone: (c: AcceptedCase) => void }) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const outcome = Form.useWatch('outcome', form) ?? 'accept';
  const checklist = Form.useWatch('checklist', form);

  useEffect(() => {
    form.resetFields();
    if (draft) form.setFieldsValue({ applicant: draft.applicant });
    setError(null);
  }, [item.implCode, draft, form]);

  const notReceived = item.content.materials.filter((m) => !(checklist?.received ?? []).includes(m.name)).map((m) => m.name);

  const submit = async (values: Values) => {
    setError(null);
    const list = values.checklist ?? { received: [], tolerated: [] };
    const body: Record<string, unknown> = {
      implCode: item.implCode,
      applicant: { ...values.applicant, name: values.applicant.name.trim(), idNumber: values.applicant.idNumber.trim(), phone: values.applicant.phone.trim() },
      outcome: values.outcome,
      received: [...list.received],
    };
    if (draft) body['draftId'] = draft.id;
    if (values.outcome === 'accept' && list.tolerated.length > 0) body['tolerated'] = { materials: [...list.tolerated], due: values.toleratedDue };
    if (values.outcome === 'supplement') body['missing'] = values.missing;
    if (values.outcome === 'refuse') Object.assign(body, { reason: values.reason, legalBasis: values.legalBasis });
    setBusy(true);
    try {
      const accepted = await acceptCase(body);
      form.resetFields();
      onDone(accepted);
    } catch (e) {
      if (e instanceof ApiError && e.problems.length > 0) {
        const placed = e.problems.filter((p) => FORM_FIELDS[p.field.replace(/\[\d+\]$/, '')] !== undefined);
        form.setFields(placed.map((p) => ({ name: FORM_FIELDS[p.field.replace(/\[\d+\]$/, '')], errors: [reasonZh(p.reason)] })) as Parameters<typeof form.setFields>[0]);
        const rest = e.problems.filter((p) => !placed.includes(p));
        setError(rest.length > 0 ? rest.map(problemZh).join('；') : '请按提示修改后重新提交');
      } else {
        setError(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  };

  const checklistRule = {
    validator: async (_: unknown, value: Checklist | undefined) => {
      if (form.getFieldValue('outcome') !== 'accept') return;
      const list = value ?? { received: [], tolerated: [] };
      const missing = item.content.materials.filter((m) => m.required && !list.received.includes(m.name) && !list.tolerated.includes(m.name));
      if (missing.length > 0) throw new Error(`必要材料“${missing.map((m) => m.name).join('”“')}”未收取：请一次性告知补正，或按容缺受理`);
    },
  };

  return (
    <Card
      title={
        <Space>
          <span>{item.content.name}</span>
          {draft && <Tag color="orange">代办预审件</Tag>}
        </Space>
      }
      size="small"
      data-testid="accept-card"
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="实施编码">{item.implCode}</Descriptions.Item>
        <Descriptions.Item label="办件类型">{CASE_KINDS[item.content.caseKind]}</Descriptions.Item>
        <Descriptions.Item label="承诺时限">{item.content.promisedLimitDays} 个工作日</Descriptions.Item>
        <Descriptions.Item label="承办机构">{item.content.handlingDepartment}</Descriptions.Item>
        <Descriptions.Item label="收费">{item.content.fees.length === 0 ? '不收费' : item.content.fees.map((f) => `${f.name} ${yuan(f.amountFen)}`).join('，')}</Descriptions.Item>
        <Descriptions.Item label="受理条件">{item.content.acceptanceConditions}</Descriptions.Item>
      </Descriptions>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ outcome: 'accept', applicant: { kind: 'person' }, checklist: { received: [], tolerated: [] } }}
        scrollToFirstError
        data-testid="accept-form"
      >
        <Space wrap align="start" size="middle">
          <Form.Item label="申请人类型" name={['applicant', 'kind']}>
            <Radio.Group
              options={[
                { value: 'person', label: '个人' },
                { value: 'organisation', label: '法人/组织' },
              ]}
              onChange={() => form.getFieldValue(['applicant', 'idNumber']) && form.validateFields([['applicant', 'idNumber']])}
            />
          </Form.Item>
          <Form.Item label="申请人姓名/名称" name={['applicant', 'name']} rules={applicantRules.name} style={{ width: 200 }}>
            <Input />
          </Form.Item>
          <Form.Item label="证件号码" required name={['applicant', 'idNumber']} rules={applicantRules.idNumber(() => form.getFieldValue(['applicant', 'kind']))} style={{ width: 260 }}>
            <Input placeholder="居民身份证号 / 统一社会信用代码" />
          </Form.Item>
          <Form.Item label="联系电话" name={['applicant', 'phone']} rules={applicantRules.phone} style={{ width: 180 }}>
            <Input />
          </Form.Item>
        </Space>
        <Form.Item label="材料清单" name="checklist" rules={[checklistRule]} dependencies={['outcome']}>
          <ChecklistTable item={item} />
        </Form.Item>
        <Form.Item label="受理结果" name="outcome">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'accept', label: '受理' },
              { value: 'supplement', label: '补齐补正' },
              { value: 'refuse', label: '不予受理' },
            ]}
            onChange={(e) => {
              if (e.target.value === 'supplement') form.setFieldValue('missing', notReceived);
            }}
          />
        </Form.Item>
        {outcome === 'accept' && (checklist?.tolerated ?? []).length > 0 && (
          <Form.Item
            label="容缺材料补交日期"
            name="toleratedDue"
            rules={[
              { required: true, message: '容缺受理须约定补交日期' },
              { validator: async (_, v?: string) => { if (v && v <= today()) throw new Error('补交日期应晚于今天'); } },
            ]}
          >
            <Input type="date" style={{ width: 200 }} />
          </Form.Item>
        )}
        {outcome === 'supplement' && (
          <Form.Item label="需补正材料（一次性告知）" name="missing" rules={[{ required: true, type: 'array', min: 1, message: '请一次性列明全部需补正的材料' }]}>
            <Select mode="tags" options={item.content.materials.map((m) => ({ value: m.name, label: m.name }))} placeholder="选择或输入需补正的材料" />
          </Form.Item>
        )}
        {outcome === 'refuse' && (
          <>
            <Form.Item label="不予受理理由" name="reason" rules={[{ required: true, whitespace: true, message: '请写明不予受理的理由' }, { max: 1000, message: '最多1000字' }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item label="法律依据" name="legalBasis" rules={[{ required: true, whitespace: true, message: '请写明法律依据' }, { max: 1000, message: '最多1000字' }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
        {error !== null && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="accept-error" />}
        <Button type="primary" htmlType="submit" loading={busy}>
          {outcome === 'accept' ? ((checklist?.tolerated ?? []).length > 0 ? '容缺受理' : '受理') : outcome === 'supplement' ? '出具补正告知' : '不予受理'}
        </Button>
      </Form>
    </Card>
  );
}
