import { Alert, Button, Card, Descriptions, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { formatQueryCode, normalizeQueryCode } from '@liandong/shared';
import { publicTimeline, rateCase } from '../api/public';
import type { PublicTimeline } from '../api/types';
import { CaseTimeline } from '../components/CaseTimeline';
import { errorText } from '../messages';

const RATINGS = [
  { value: 1, label: '非常满意' },
  { value: 2, label: '满意' },
  { value: 3, label: '基本满意' },
  { value: 4, label: '不满意' },
  { value: 5, label: '非常不满意' },
];

/**
 * 进度查询 for applicants: no login, case number + the query code given at acceptance (12 characters such as
 * ABCD-EFGH-JKMN, any case, with or without "-"; codes of 8 digits given before still work).
 */
export function PublicQueryPage() {
  const [result, setResult] = useState<PublicTimeline | null>(null);
  const [asked, setAsked] = useState<{ caseNumber: string; code: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [rated, setRated] = useState(false);

  const query = async (values: { caseNumber: string; code: string }) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const caseNumber = values.caseNumber.trim();
      const code = normalizeQueryCode(values.code) ?? values.code.trim();
      setResult(await publicTimeline(caseNumber, code));
      setAsked({ caseNumber, code });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const rate = async (values: { score: number; comment?: string }) => {
    if (asked === null) return;
    try {
      setResult(await rateCase(asked.caseNumber, { code: asked.code, score: values.score, comment: values.comment ?? '' }));
      setRated(true);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <div style={{ maxWidth: 560, margin: '0 auto', padding: 12 }}>
      <Typography.Title level={3} style={{ textAlign: 'center' }}>
        办件进度查询
      </Typography.Title>
      <Card>
        <Form layout="vertical" onFinish={query} requiredMark={false}>
          <Form.Item label="办件编号" name="caseNumber" rules={[{ required: true, whitespace: true, message: '请输入受理通知书上的办件编号' }, { pattern: /^\s*\d{6,9}-\d{8}-\d{4,}\s*$/, message: '办件编号格式如 440117100-20261201-0001' }]}>
            <Input placeholder="如 440117100-20261201-0001" inputMode="numeric" />
          </Form.Item>
          <Form.Item
            label="查询码"
            name="code"
            normalize={(value: string) => (normalizeQueryCode(value) === null ? value : formatQueryCode(normalizeQueryCode(value) as string))}
            rules={[
              { required: true, message: '请输入查询码' },
              { validator: async (_rule, value: string | undefined) => { if (value !== undefined && value.trim() !== '' && normalizeQueryCode(value) === null) throw new Error('查询码为12位字母数字（如 ABCD-EFGH-JKMN，不区分大小写），或旧的8位数字'); } },
            ]}
          >
            <Input placeholder="受理时告知的查询码，如 ABCD-EFGH-JKMN" autoCapitalize="characters" autoComplete="off" maxLength={20} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            查询
          </Button>
        </Form>
      </Card>
      {error !== null && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {result !== null && (
        <Card style={{ marginTop: 12 }} title={result.itemName} data-testid="public-result">
          <Descriptions column={1} size="small">
            <Descriptions.Item label="办件编号">{result.caseNumber}</Descriptions.Item>
            <Descriptions.Item label="当前状态">
              <strong data-testid="public-status">{result.statusName}</strong>
            </Descriptions.Item>
            {result.dueDate !== null && <Descriptions.Item label="承诺办结日期">{result.dueDate}</Descriptions.Item>}
          </Descriptions>
          <Typography.Title level={5}>办理过程</Typography.Title>
          <CaseTimeline entries={result.timeline} />
          {result.status === 'concluded' && !rated && (
            <Card size="small" title="好差评：请评价本次服务">
              <Form layout="vertical" onFinish={rate}>
                <Form.Item name="score" rules={[{ required: true, message: '请选择评价' }]}>
                  <Radio.Group options={RATINGS} />
                </Form.Item>
                <Form.Item name="comment" rules={[{ max: 500, message: '最多500字' }]}>
                  <Input.TextArea placeholder="意见或建议（选填）" rows={2} />
                </Form.Item>
                <Button htmlType="submit">提交评价</Button>
              </Form>
            </Card>
          )}
          {rated && <Alert type="success" title="感谢您的评价" />}
        </Card>
      )}
    </div>
  );
}
