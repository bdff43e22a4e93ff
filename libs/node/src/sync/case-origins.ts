import { statSync } from 'node:fs';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { caseOriginProblem, parseCaseSubject, type Envelope, type FederationNode, type MessageMeta, type RegionDirectory } from '@liandong/sync';
import { districtOf, isRecord } from '@liandong/shared';
import { NODE_CONFIG } from '../config/config.module';
import { readTopologyFile, type NodeConfig } from '../config/node-config';

/** Null when `meta.subject` is a case subject naming the envelope's case (`gov.case.<district>.<window>.<caseId>`), otherwise the reason. */
export function caseSubjectProblem(env: Envelope, meta: MessageMeta): string | null {
  if (!isRecord(env.payload)) return 'payload must be an object';
  if (parseCaseSubject(meta.subject)?.caseId !== env.aggregate) return `subject ${meta.subject} does not name case ${env.aggregate}`;
  return null;
}

/**
 * Checks who wrote a message on a case subject (DESIGN.md §4, ADR 0012). A node knows the regions of itself and, on
 * a township, of its district (PARENT_ID, the first 6 digits of its region); the city and a district learn the
 * windows below them from the topology file (FEDERATION_TOPOLOGY), read again when it has changed and a region is
 * not known yet. A region nobody knows is refused: the message is quarantined, never applied.
 */
@Injectable()
export class CaseOrigins implements RegionDirectory {
  private readonly logger = new Logger('Sync');
  private readonly known = new Map<string, string>();
  private topology: { readonly mtimeMs: number; readonly regions: ReadonlyMap<string, string> } | null = null;
  readonly cityId: string;

  constructor(@Inject(NODE_CONFIG) private readonly config: NodeConfig) {
    this.cityId = config.cityId;
    this.known.set(config.regionCode, config.nodeId);
    if (config.tier === 'township' && config.parentId !== null) this.known.set(districtOf(config.regionCode), config.parentId);
  }

  /** Null when `env` is a well-formed message on its case's subject from a node that may write there; otherwise the reason. */
  caseMessageProblem(env: Envelope, meta: MessageMeta): string | null {
    return caseSubjectProblem(env, meta) ?? caseOriginProblem(meta.subject, env.origin, this);
  }

  nodeOfRegion(regionCode: string): string | null {
    const own = this.known.get(regionCode);
    if (own !== undefined) return own;
    return this.topologyRegions().get(regionCode) ?? null;
  }

  private topologyRegions(): ReadonlyMap<string, string> {
    const file = this.config.topologyFile;
    if (file === null) return this.topology?.regions ?? new Map();
    try {
      const { mtimeMs } = statSync(file);
      if (this.topology?.mtimeMs !== mtimeMs) {
        const nodes: FederationNode[] = readTopologyFile(file);
        this.topology = { mtimeMs, regions: new Map(nodes.map((n) => [n.regionCode, n.id])) };
      }
    } catch (error) {
      // Keep what was read before: a half-written or broken file must not open or close the door.
      this.logger.warn(`FEDERATION_TOPOLOGY ${file} not read again: ${error instanceof Error ? error.message : String(error)}`);
    }
    return this.topology?.regions ?? new Map();
  }
}
