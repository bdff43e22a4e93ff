import { Input, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { CASE_KINDS, EXERCISE_LEVELS } from '@liandong/shared';
import { matchesItem } from '../api/catalogue';
import type { Item } from '../api/types';

/** Find an item by code, name substring or pinyin (full or initials); click a row to choose it. */
export function ItemPicker({ items, loading, selected, onSelect }: { items: readonly Item[]; loading: boolean; selected: string | null; onSelect: (item: Item) => void }) {
  const [query, setQuery] = useState('');
  const shown = useMemo(() => items.filter((i) => matchesItem({ implCode: i.implCode, name: i.content.name, baseCode: i.content.baseCode }, query)), [items, query]);
  return (
    <div>
      <Input.Search allowClear placeholder="输入事项名称、编码或拼音（如 smk）" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="item-search" />
      <Table<Item>
        size="small"
        rowKey="implCode"
        loading={loading}
        dataSource={shown as Item[]}
        pagination={{ pageSize: 8, showSizeChanger: false, showTotal: (t) => `共 ${t} 项` }}
        style={{ marginTop: 8 }}
        rowClassName={(i) => (i.implCode === selected ? 'ant-table-row-selected' : '')}
        onRow={(i) => ({ onClick: () => onSelect(i), style: { cursor: 'pointer' } })}
        locale={{ emptyText: '没有匹配的事项' }}
        columns={[
          { title: '事项名称', render: (_, i) => i.content.name },
          { title: '层级', width: 70, render: (_, i) => EXERCISE_LEVELS[i.content.exerciseLevel] },
          { title: '类型', width: 80, render: (_, i) => <Tag color={i.content.caseKind === 'immediate' ? 'green' : 'blue'}>{CASE_KINDS[i.content.caseKind]}</Tag> },
        ]}
      />
    </div>
  );
}
