import { Timeline } from 'antd';
import type { TimelineEntry } from '../api/types';
import { formatTime } from '../format';

/** A case's steps, oldest first: what happened, the state it led to, and (for staff) where. */
export function CaseTimeline({ entries }: { entries: readonly TimelineEntry[] }) {
  return (
    <Timeline
      data-testid="timeline"
      items={entries.map((e, i) => ({
        key: `${e.at}-${i}`,
        color: i === entries.length - 1 ? 'green' : 'blue',
        content: (
          <div>
            <strong>{e.eventName}</strong> → {e.statusName}
            <div style={{ color: '#888', fontSize: 12 }}>
              {formatTime(e.at)}
              {e.node === undefined ? '' : ` · ${e.node}`}
            </div>
          </div>
        ),
      }))}
    />
  );
}
