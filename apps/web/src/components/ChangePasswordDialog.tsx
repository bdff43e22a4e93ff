import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { passwordProblem } from '@liandong/shared';
import { ApiError } from '../api/client';
import { errorText, reasonZh } from '../messages';
import { useSession } from '../session';

interface Values {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

/** 修改密码 for the signed-in user: the current password, a new one by the password rules, typed twice. */
export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: (changed: boolean) => void }) {
  const { user, changePassword } = useSession();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = (changed: boolean) => {
    form.resetFields();
    setError(null);
    onClose(changed);
  };
  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      await changePassword(values.currentPassword, values.newPassword);
      close(true);
    } catch (e) {
      if (e instanceof ApiError && e.problems.length > 0) form.setFields(e.problems.map((p) => ({ name: p.field as keyof Values, errors: [reasonZh(p.reason)] })));
      else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="修改密码" open={open} okText="确认修改" cancelText="取消" confirmLoading={busy} onOk={() => form.submit()} onCancel={() => close(false)} destroyOnHidden forceRender>
      {error !== null && <Alert type="error" title={error} style={{ marginBottom: 12 }} showIcon />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="password-form">
        <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="新密码"
          extra="至少10位，须包含小写字母、大写字母、数字、其他字符中的至少两类，不得包含用户名。修改后，其他设备上的登录将失效。"
          rules={[
            { required: true, message: '请输入新密码' },
            {
              validator: async (_rule, value: string | undefined) => {
                const problem = value === undefined || value === '' ? null : passwordProblem(value, user?.username ?? null);
                if (problem !== null) throw new Error(reasonZh(problem));
              },
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="repeat"
          label="再次输入新密码"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string | undefined) => {
                if (value !== undefined && value !== '' && value !== getFieldValue('newPassword')) throw new Error('两次输入的新密码不一致');
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
