import { Alert, Badge, Button, Card, Form, Input, List, Radio, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { loadItems, matchesItem } from '../api/catalogue';
import type { Applicant } from '../api/types';
import { formatTime } from '../format';
import { applicantRules } from '../validation';
import { errorText } from '../messages';
import { allDrafts, cachedCatalogue, putDraft, saveCatalogue, type CachedItem, type LocalDraft } from '../offline/db';
import { uploadQueued } from '../offline/uploader';
import { useNodeReachable } from '../offline/use-online';
import { useSession } from '../session';

/** A v4 UUID made on the device (the draft's id at the node too). */
function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const STATE_TAGS: Readonly<Record<LocalDraft['state'], { color: string; label: string }>> = {
  queued: { color: 'orange', label: '待上传' },
  uploaded: { color: 'green', label: '已上传' },
  rejected: { color: 'red', label: '被退回' },
};

interface Values {
  implCode: string;
  applicant: Applicant;
}

/**
 * 村(居)代办 offline intake: works with no connection. The township's catalogue is kept on the device; drafts are
 * saved on the device with their own ids, shown as queued, and uploaded once the township node answers again.
 */
export function VillagePage() {
  const { user, logout } = useSession();
  const reachable = useNodeReachable();
  const [form] = Form.useForm<Values>();
  const [catalogue, setCatalogue] = useState<CachedItem[]>([]);
  const [fetchedAt, setFetchedAt] = useState<string | null>(null);
  // null until the device's store has answered, so a count is never shown before the drafts are read
  const [drafts, setDrafts] = useState<LocalDraft[] | null>(null);
  // The station comes with the account (the node refuses drafts for another one).
  const station = user?.station ?? '';
  const [notice, setNotice] = useState<{ type: 'success' | 'info' | 'warning' | 'error'; text: string } | null>(null);
  const [uploading, setUploading] = useState(false);
  const username = user?.username ?? '';

  const refreshDrafts = useCallback(async () => {
    try {
      setDrafts((await allDrafts()).filter((d) => d.username === username));
    } catch (e) {
      setNotice({ type: 'error', text: `无法读取本机草稿：${errorText(e)}` });
    }
  }, [username]);

  const upload = useCallback(async () => {
    setUploading(true);
    try {
      const report = await uploadQueued(username);
      await refreshDrafts();
      if (report.needsLogin) setNotice({ type: 'warning', text: '登录已过期，请重新登录后上传（草稿仍保存在本机）' });
      else if (report.uploaded > 0 || report.rejected > 0)
        setNotice({ type: report.rejected > 0 ? 'warning' : 'success', text: `已上传 ${report.uploaded} 件${report.rejected > 0 ? `，${report.rejected} 件被退回，请查看原因` : ''}` });
    } finally {
      setUploading(false);
    }
  }, [username, refreshDrafts]);

  // The catalogue on the device first; a fresher copy from the node replaces it (and wins a race with it).
  const fresh = useRef(false);
  useEffect(() => {
    void refreshDrafts();
    void cachedCatalogue().then(({ items, fetchedAt: at }) => {
      if (fresh.current) return;
      setCatalogue(items);
      setFetchedAt(at);
    });
  }, [refreshDrafts]);

  // Back online: refresh the catalogue cache and send what is queued.
  useEffect(() => {
    if (!reachable) return;
    void upload();
    loadItems('published')
      .then(async (items) => {
        const cached: CachedItem[] = items.map((i) => ({
          implCode: i.implCode,
          name: i.content.name,
          version: i.version,
          caseKind: i.content.caseKind,
          materials: i.content.materials.map((m) => ({ name: m.name, required: m.required })),
        }));
        const at = new Date().toISOString();
        await saveCatalogue(cached, at);
        fresh.current = true;
        setCatalogue([...cached].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')));
        setFetchedAt(at);
      })
      .catch(() => undefined);
  }, [reachable, upload]);

  const save = async (values: Values) => {
    const item = catalogue.find((i) => i.implCode === values.implCode);
    const draft: LocalDraft = {
      id: newId(),
      implCode: values.implCode,
      itemName: item?.name ?? values.implCode,
      applicant: { kind: values.applicant.kind, name: values.applicant.name.trim(), idNumber: values.applicant.idNumber.trim(), phone: values.applicant.phone.trim() },
      station,
      username,
      createdAt: new Date().toISOString(),
      state: 'queued',
      uploadedAt: null,
      error: null,
    };
    try {
      await putDraft(draft);
    } catch (e) {
      setNotice({ type: 'error', text: `草稿未能保存在本机：${errorText(e)}` });
      return;
    }
    form.resetFields();
    await refreshDrafts();
    setNotice({ type: 'info', text: reachable ? '草稿已保存，正在上传…' : '已离线保存，联网后自动上传' });
    if (reachable) void upload();
  };

  const queued = drafts === null ? null : drafts.filter((d) => d.state === 'queued').length;
  const selected = Form.useWatch('implCode', form);
  const selectedItem = catalogue.find((i) => i.implCode === selected);

  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space>
            <Badge status={reachable ? 'success' : 'error'} />
            <Tag color={reachable ? 'green' : 'red'} data-testid="connection">
              {reachable ? '在线' : '离线'}
            </Tag>
            <Typography.Text type="secondary">{reachable ? '已连接镇街便民服务中心' : '未连接：草稿保存在本机，联网后自动上传'}</Typography.Text>
          </Space>
          <Space>
            <Tag color={queued !== null && queued > 0 ? 'orange' : 'default'} data-testid="queued-count">
              {queued === null ? '正在读取本机草稿…' : `待上传 ${queued} 件`}
            </Tag>
            <Button size="small" disabled={!reachable || queued === null || queued === 0} loading={uploading} onClick={() => void upload()}>
              立即上传
            </Button>
            <Button size="small" onClick={logout}>
              退出
            </Button>
          </Space>
        </Space>
      </Card>
      {notice !== null && <Alert type={notice.type} title={notice.text} closable onClose={() => setNotice(null)} style={{ marginBottom: 12 }} data-testid="village-notice" />}
      <Card size="small" title="代办登记" extra={<span style={{ fontSize: 12, color: '#888' }}>{fetchedAt === null ? '事项目录尚未缓存，请联网打开一次' : `事项目录 ${catalogue.length} 项，缓存于 ${formatTime(fetchedAt)}`}</span>}>
        <Form<Values> form={form} layout="vertical" onFinish={save} initialValues={{ applicant: { kind: 'person' } }} data-testid="village-form">
          <Form.Item label="代办站点" validateStatus={station === '' ? 'error' : undefined} help={station === '' ? '本账户未设置所属村(居)政务服务工作站，请联系中心管理员' : undefined}>
            <Typography.Text strong data-testid="station">
              {station === '' ? '—' : station}
            </Typography.Text>
          </Form.Item>
          <Form.Item label="办理事项" name="implCode" rules={[{ required: true, message: '请选择办理事项' }]}>
            <Select
              showSearch={{ filterOption: (input, option) => matchesItem({ implCode: String(option?.value ?? ''), name: String(option?.label ?? '') }, input) }}
              placeholder="输入事项名称或拼音"
              options={catalogue.map((i) => ({ value: i.implCode, label: i.name }))}
              data-testid="village-item"
              notFoundContent="没有匹配的事项"
            />
          </Form.Item>
          {selectedItem !== undefined && (
            <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
              请提醒申请人携带：{selectedItem.materials.map((m) => `${m.name}${m.required ? '' : '（非必要）'}`).join('、')}
            </Typography.Paragraph>
          )}
          <Form.Item label="申请人类型" name={['applicant', 'kind']}>
            <Radio.Group options={[{ value: 'person', label: '个人' }, { value: 'organisation', label: '法人/组织' }]} />
          </Form.Item>
          <Form.Item label="申请人姓名/名称" name={['applicant', 'name']} rules={applicantRules.name}>
            <Input />
          </Form.Item>
          <Form.Item label="证件号码" required name={['applicant', 'idNumber']} rules={applicantRules.idNumber(() => form.getFieldValue(['applicant', 'kind']))}>
            <Input />
          </Form.Item>
          <Form.Item label="联系电话" name={['applicant', 'phone']} rules={applicantRules.phone}>
            <Input inputMode="tel" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block disabled={station === ''}>
            保存草稿
          </Button>
        </Form>
      </Card>
      <Card size="small" title="本机草稿" style={{ marginTop: 12 }}>
        <List
          data-testid="village-drafts"
          dataSource={drafts ?? []}
          loading={drafts === null}
          locale={{ emptyText: '暂无草稿' }}
          renderItem={(d) => (
            <List.Item data-testid="village-draft" data-draft-id={d.id} data-state={d.state}>
              <List.Item.Meta
                title={
                  <Space>
                    <span>{d.itemName}</span>
                    <Tag color={STATE_TAGS[d.state].color}>{STATE_TAGS[d.state].label}</Tag>
                  </Space>
                }
                description={
                  <>
                    {d.applicant.name} · {formatTime(d.createdAt)} · 编号 {d.id.slice(0, 8)}
                    {d.uploadedAt !== null && ` · 上传于 ${formatTime(d.uploadedAt)}`}
                    {d.error !== null && <div style={{ color: '#cf1322' }}>{d.error}</div>}
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
