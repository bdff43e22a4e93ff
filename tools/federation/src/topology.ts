import type { Tier } from '@liandong/shared';

export interface LocalNode {
  readonly id: string;
  readonly tier: Tier;
  readonly name: string;
  readonly regionCode: string;
  readonly parentId: string | null;
}

/**
 * The local federation `npm start` runs: one city, one district, two townships (广州市 → 从化区 → 街口街道, 温泉镇).
 * Region codes follow GB/T 2260 / GB/T 10114; the township codes are illustrative.
 */
export const DEMO_TOPOLOGY: readonly LocalNode[] = [
  { id: 'gz-city', tier: 'city', name: '广州市政务服务中心', regionCode: '440100', parentId: null },
  { id: 'conghua', tier: 'district', name: '从化区政务服务中心', regionCode: '440117', parentId: 'gz-city' },
  { id: 'jiekou', tier: 'township', name: '街口街道便民服务中心', regionCode: '440117001', parentId: 'conghua' },
  { id: 'wenquan', tier: 'township', name: '温泉镇便民服务中心', regionCode: '440117100', parentId: 'conghua' },
];
