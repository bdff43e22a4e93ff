import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { CatalogueSeeder } from './catalogue-seeder';
import { DelegationModule } from '../delegation/delegation.module';
import { ReferenceModule } from '../reference/reference.module';

/** Seed data at boot (SEED_DEMO=true): composes the catalogue, delegation and reference contexts. */
@Module({
  imports: [CatalogueModule, DelegationModule, ReferenceModule],
  providers: [CatalogueSeeder],
})
export class SeedModule {}
