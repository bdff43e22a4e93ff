import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { NODE_CONFIG } from '../../config/config.module';
import type { NodeConfig } from '../../config/node-config';
import { DelegationService } from '../../delegation/delegation.service';
import { DepartmentsRepository } from '../../reference/departments.repository';
import { ReferenceService } from '../../reference/reference.service';
import { CatalogueRepository } from '../catalogue.repository';
import { CatalogueService } from '../catalogue.service';
import { DEMO_CATALOGUES, type DemoCatalogue } from './demo-catalogue';

const DEMO_ACTOR = 'demo-seed';

/**
 * With SEED_DEMO=true, the city and the district add the demo catalogue (departments, items, delegations) through
 * the same services an admin uses. Whatever already exists is left alone, so a restart adds nothing twice.
 */
@Injectable()
export class CatalogueSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(CatalogueSeeder.name);

  constructor(
    private readonly catalogue: CatalogueService,
    private readonly items: CatalogueRepository,
    private readonly delegations: DelegationService,
    private readonly reference: ReferenceService,
    private readonly departments: DepartmentsRepository,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.demo === null || this.config.tier === 'township') return;
    await this.seed(DEMO_CATALOGUES[this.config.tier]);
  }

  async seed(demo: DemoCatalogue): Promise<void> {
    let added = 0;
    for (const department of demo.departments) {
      if ((await this.departments.find(this.config.nodeId, department.code)) === null) {
        await this.reference.createDepartment(department.code, department.name, DEMO_ACTOR);
      }
    }
    for (const { content, status } of demo.items) {
      if ((await this.items.find(content.implCode)) !== null) continue;
      await this.catalogue.create(content, DEMO_ACTOR);
      if (status !== 'draft') await this.catalogue.act(content.implCode, 'publish', DEMO_ACTOR);
      if (status === 'suspended') await this.catalogue.act(content.implCode, 'suspend', DEMO_ACTOR);
      added++;
    }
    for (const grant of demo.delegations) {
      const existing = await this.delegations.list({ implCode: grant.implCode, status: 'active' });
      const regionCode = grant.target.kind === 'all' ? '' : grant.target.regionCode;
      if (existing.some((d) => d.targetKind === grant.target.kind && d.targetRegion === regionCode && d.mode === grant.mode)) continue;
      await this.delegations.grant({ implCode: grant.implCode, mode: grant.mode, target: grant.target, effectiveFrom: grant.effectiveFrom }, DEMO_ACTOR);
    }
    if (added > 0) this.logger.log(`demo catalogue: ${added} items added`);
  }
}
