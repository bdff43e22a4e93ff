import { Card, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { listDepartments } from '../api/reference';
import type { Department } from '../api/types';
import { CaseTable } from '../components/CaseTable';
import { useSession } from '../session';

/** 后台审批: the cases this node decides, per department; a click opens the case to review and decide. */
export function BackOfficePage() {
  const { node } = useSession();
  const [departments, setDepartments] = useState<Department[]>([]);
  const [department, setDepartment] = useState<string | undefined>(undefined);
  useEffect(() => {
    listDepartments().then((list) => setDepartments(list.filter((d) => d.active && d.nodeId === node?.id)), () => undefined);
  }, [node?.id]);
  return (
    <Card
      size="small"
      title="后台审批 · 待办队列"
      extra={
        <Space>
          部门：
          <Select
            allowClear
            placeholder="全部部门"
            style={{ width: 260 }}
            value={department}
            onChange={setDepartment}
            options={departments.map((d) => ({ value: d.code, label: d.name }))}
            data-testid="queue-department"
          />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">本节点审批的办件：已受理待审查、审查中、特别程序中。点击办件进行审查、并联意见、特别程序和审批决定。</Typography.Paragraph>
      <CaseTable source="queue" extra={{ department }} />
    </Card>
  );
}
