/** Dates and money as the app shows them (China time, yuan). */
import { chinaDate } from '@liandong/shared';
import { nodeNow } from './api/node-time';

/** Today in China (YYYY-MM-DD) by the node's clock (libs/shared's `chinaDate`). */
export function today(): string {
  return chinaDate(nodeNow());
}

export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function yuan(fen: number): string {
  return `¥${(fen / 100).toFixed(2)}`;
}
