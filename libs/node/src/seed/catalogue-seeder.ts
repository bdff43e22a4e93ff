import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ItemStatus, ServiceItemContent } from '@liandong/shared';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { SEED_DATA_DIR } from '../config/seed-data';
import { DelegationService } from '../delegation/delegation.service';
import { DepartmentsRepository } from '../reference/departments.repository';
import { ReferenceService } from '../reference/reference.service';
import { CatalogueRepository } from '../catalogue/catalogue.repository';
import type { CatalogueJson } from '../catalogue/transfer/catalogue-transfer';
import { CatalogueTransferService } from '../catalogue/transfer/catalogue-transfer.service';

const SEED_ACTOR = 'demo-seed';

/**
 * A seed catalogue: the JSON export format (`GET /catalogue/export?format=json`) plus the departments the items are
 * handed to and the delegations of its published items.
 */
export interface SeedCatalogue extends Omit<CatalogueJson, 'items'> {
  readonly departments: ReadonlyArray<{ readonly code: string; readonly name: string }>;
  readonly items: ReadonlyArray<{ readonly status: Extract<ItemStatus, 'draft' | 'published' | 'suspended'>; readonly version: number; readonly content: ServiceItemContent }>;
  readonly delegations: readonly SeedDelegation[];
}

export interface SeedDelegation {
  readonly implCode: string;
  readonly mode: 'devolved' | 'entrusted';
  readonly target: { readonly kind: 'township'; readonly regionCode: string } | { readonly kind: 'district'; readonly regionCode: string } | { readonly kind: 'all' };
  /** YYYY-MM-DD. */
  readonly effectiveFrom: string;
}

/** The seed file of a tier that owns a catalogue: `demo/catalogue-<tier>.json`. */
export function seedCatalogueFile(tier: 'city' | 'district', dir: string = SEED_DATA_DIR): string {
  return resolve(dir, `catalogue-${tier}.json`);
}

/** Reads a seed catalogue; its items are checked by the import, its delegations by the delegation service. */
export function readSeedCatalogue(file: string): SeedCatalogue {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<SeedCatalogue>;
  if (!Array.isArray(data.departments) || !Array.isArray(data.items) || !Array.isArray(data.delegations)) {
    throw new Error(`${file}: a seed catalogue needs the lists departments, items and delegations`);
  }
  return data as SeedCatalogue;
}

/**
 * With SEED_DEMO=true, the city and the district add their seed catalogue (`demo/catalogue-<tier>.json`):
 * departments through the reference service, items through the catalogue import (the code path of
 * `POST /catalogue/import`), delegations through the delegation service. Whatever already exists is left alone,
 * so a restart adds nothing twice.
 */
@Injectable()
export class CatalogueSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(CatalogueSeeder.name);

  constructor(
    private readonly transfer: CatalogueTransferService,
    private readonly items: CatalogueRepository,
    private readonly delegations: DelegationService,
    private readonly reference: ReferenceService,
    private readonly departments: DepartmentsRepository,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.demo === null || this.config.tier === 'township') return;
    await this.seed(readSeedCatalogue(seedCatalogueFile(this.config.tier)));
  }

  async seed(catalogue: SeedCatalogue): Promise<void> {
    for (const department of catalogue.departments) {
      if ((await this.departments.find(this.config.nodeId, department.code)) === null) {
        await this.reference.createDepartment(department.code, department.name, SEED_ACTOR);
      }
    }
    const missing: SeedCatalogue['items'][number][] = [];
    for (const item of catalogue.items) {
      if ((await this.items.find(item.content.implCode)) === null) missing.push(item);
    }
    if (missing.length > 0) await this.transfer.importJson({ items: missing }, SEED_ACTOR, false);
    for (const grant of catalogue.delegations) {
      const existing = await this.delegations.list({ implCode: grant.implCode, status: 'active' });
      const regionCode = grant.target.kind === 'all' ? '' : grant.target.regionCode;
      if (existing.some((d) => d.targetKind === grant.target.kind && d.targetRegion === regionCode && d.mode === grant.mode)) continue;
      await this.delegations.grant({ implCode: grant.implCode, mode: grant.mode, target: grant.target, effectiveFrom: grant.effectiveFrom }, SEED_ACTOR);
    }
    if (missing.length > 0) this.logger.log(`demo catalogue: ${missing.length} items added`);
  }
}
