import { Alert, Button, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import type { Rule } from 'antd/es/form';
import { useState } from 'react';
import { errorText, reasonZh } from '../messages';
import { ApiError } from '../api/client';

export interface StepField {
  readonly name: string;
  readonly label: string;
  readonly kind: 'text' | 'textarea' | 'select' | 'number' | 'radio';
  readonly options?: ReadonlyArray<{ value: string | number; label: string }>;
  readonly rules?: Rule[];
  readonly initial?: unknown;
  /** Shown only when this returns true for the form's current values. */
  readonly when?: (values: Record<string, unknown>) => boolean;
}

/** One step of a case (审查, 准予, 出件 …): a button, a small form in a dialog, and the call to the node. */
export function StepButton({
  label,
  title,
  fields = [],
  danger,
  primary,
  run,
  testId,
}: {
  label: string;
  title?: string;
  fields?: readonly StepField[];
  danger?: boolean;
  primary?: boolean;
  run: (values: Record<string, unknown>) => Promise<unknown>;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const values = Form.useWatch([], form) as Record<string, unknown> | undefined;
  const initial = () => Object.fromEntries(fields.filter((f) => f.initial !== undefined).map((f) => [f.name, f.initial]));
  // The defaults may arrive after the first render (e.g. the item's department): set them when the dialog opens.
  const show = () => {
    form.resetFields();
    form.setFieldsValue(initial());
    setError(null);
    setOpen(true);
  };
  const submit = async (v: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await run(v);
      setOpen(false);
      form.resetFields();
    } catch (e) {
      if (e instanceof ApiError && e.problems.length > 0) {
        const known = e.problems.filter((p) => fields.some((f) => f.name === p.field));
        form.setFields(known.map((p) => ({ name: p.field, errors: [reasonZh(p.reason)] })));
      }
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button danger={danger} type={primary ? 'primary' : 'default'} onClick={() => (fields.length === 0 ? void submit({}) : show())} loading={busy && fields.length === 0} data-testid={testId}>
        {label}
      </Button>
      {fields.length === 0 && error !== null && !open && <Alert type="error" title={error} style={{ marginTop: 8 }} closable onClose={() => setError(null)} />}
      <Modal open={open} title={title ?? label} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText="确定" cancelText="取消" confirmLoading={busy} destroyOnHidden forceRender>
        <Form form={form} layout="vertical" onFinish={submit} initialValues={initial()}>
          {fields
            .filter((f) => f.when === undefined || f.when(values ?? {}))
            .map((f) => (
              <Form.Item key={f.name} name={f.name} label={f.label} rules={f.rules}>
                {f.kind === 'textarea' ? (
                  <Input.TextArea rows={3} />
                ) : f.kind === 'select' ? (
                  <Select options={f.options as { value: string; label: string }[]} showSearch />
                ) : f.kind === 'radio' ? (
                  <Radio.Group options={f.options as { value: string; label: string }[]} />
                ) : f.kind === 'number' ? (
                  <InputNumber style={{ width: '100%' }} />
                ) : (
                  <Input />
                )}
              </Form.Item>
            ))}
          {error !== null && <Alert type="error" title={error} />}
        </Form>
      </Modal>
    </>
  );
}
