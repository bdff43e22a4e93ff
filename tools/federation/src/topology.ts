import { resolve } from 'node:path';
import { readTopologyFile } from '@liandong/node';
import type { Tier } from '@liandong/shared';

export interface LocalNode {
  readonly id: string;
  readonly tier: Tier;
  readonly name: string;
  readonly regionCode: string;
  readonly parentId: string | null;
}

/** The demo topology file, beside the demo catalogue (`demo/` at the repository root, the same from `src/` and `dist/`). */
export const DEMO_TOPOLOGY_FILE = resolve(__dirname, '../../../demo/topology.json');

/**
 * The local federation `npm start` runs, read from `demo/topology.json`: one city, one district, two townships
 * (广州市 → 从化区 → 街口街道, 温泉镇). Region codes follow GB/T 2260 / GB/T 10114; the township codes are illustrative.
 */
export const DEMO_TOPOLOGY: readonly LocalNode[] = readTopologyFile(DEMO_TOPOLOGY_FILE).map((node) => {
  if (node.name === undefined) throw new Error(`${DEMO_TOPOLOGY_FILE}: node ${node.id} needs a name`);
  return { id: node.id, tier: node.tier, name: node.name, regionCode: node.regionCode, parentId: node.parentId };
});
