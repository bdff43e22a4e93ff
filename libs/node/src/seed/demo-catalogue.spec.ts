import { checkCreditCode, validateServiceItemContent } from '@liandong/shared';
import { JSON_FORMAT, jsonImportRows } from '../catalogue/transfer/catalogue-transfer';
import { readSeedCatalogue, seedCatalogueFile, type SeedCatalogue } from './catalogue-seeder';

/** The demo data `npm start` seeds: `demo/catalogue-city.json` and `demo/catalogue-district.json`. */
const DEMO_CATALOGUES = { city: readSeedCatalogue(seedCatalogueFile('city')), district: readSeedCatalogue(seedCatalogueFile('district')) };

/** The implCode starts with the department's 统一社会信用代码, whose check character (GB 32100) must hold. */
function creditCheckPasses(code: string): boolean {
  const result = checkCreditCode(code);
  return result.ok && result.checkValid;
}

const CATALOGUES: ReadonlyArray<[string, SeedCatalogue]> = [
  ['city', DEMO_CATALOGUES.city],
  ['district', DEMO_CATALOGUES.district],
];
const ALL_ITEMS = CATALOGUES.flatMap(([, catalogue]) => catalogue.items);

/** GB 32100-2015 check character of a unified social credit code. */

describe('demo catalogues', () => {
  describe.each(CATALOGUES)('%s', (_tier, catalogue) => {
    it('is a catalogue export file the JSON import reads without a structural problem', () => {
      expect({ format: catalogue.format, formatVersion: catalogue.formatVersion }).toEqual({ format: JSON_FORMAT, formatVersion: 1 });
      const { rows, errors } = jsonImportRows(catalogue);
      expect(errors).toEqual([]);
      expect(rows).toHaveLength(catalogue.items.length);
    });

    it('has only items whose content passes the catalogue validator unchanged', () => {
      for (const { content } of catalogue.items) {
        const result = validateServiceItemContent(content);
        expect({ item: content.name, errors: result.ok ? [] : result.errors }).toEqual({ item: content.name, errors: [] });
        if (result.ok) expect(result.value).toEqual(content);
      }
    });

    it('hands every item to departments of the same catalogue', () => {
      const codes = new Set(catalogue.departments.map((d) => d.code));
      expect(codes.size).toBe(catalogue.departments.length);
      for (const { content } of catalogue.items) {
        for (const code of [content.handlingDepartment, ...content.coDepartments]) {
          expect({ item: content.name, department: code, known: codes.has(code) }).toEqual({ item: content.name, department: code, known: true });
        }
      }
    });

    it('delegates only its own published items', () => {
      const published = new Set(catalogue.items.filter((i) => i.status === 'published').map((i) => i.content.implCode));
      expect(catalogue.delegations.length).toBeGreaterThan(0);
      for (const delegation of catalogue.delegations) {
        expect({ implCode: delegation.implCode, published: published.has(delegation.implCode) }).toEqual({ implCode: delegation.implCode, published: true });
        expect(delegation.effectiveFrom).toMatch(/^202[56]-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
      }
      expect(catalogue.delegations.some((d) => d.mode === 'devolved')).toBe(true);
      expect(catalogue.delegations.some((d) => d.mode === 'entrusted')).toBe(true);
    });

    it('has an immediate item exercised at township level', () => {
      expect(catalogue.items.some(({ content }) => content.caseKind === 'immediate' && content.exerciseLevel === '5')).toBe(true);
    });

    it('exercises a published item at township level exactly when it is devolved', () => {
      const devolved = new Set(catalogue.delegations.filter((d) => d.mode === 'devolved').map((d) => d.implCode));
      for (const { content, status } of catalogue.items.filter((i) => i.status === 'published')) {
        expect({ item: content.name, status, townshipLevel: content.exerciseLevel === '5' }).toEqual({ item: content.name, status, townshipLevel: devolved.has(content.implCode) });
      }
    });
  });

  it('has at least 14 city items, 8 district items and 20 in all', () => {
    expect(DEMO_CATALOGUES.city.items.length).toBeGreaterThanOrEqual(14);
    expect(DEMO_CATALOGUES.district.items.length).toBeGreaterThanOrEqual(8);
    expect(ALL_ITEMS.length).toBeGreaterThanOrEqual(20);
  });

  it('gives the city one draft item, one or two suspended ones and publishes the rest', () => {
    const statuses = DEMO_CATALOGUES.city.items.map((i) => i.status);
    expect(statuses.filter((s) => s === 'draft')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'suspended').length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 'suspended').length).toBeLessThanOrEqual(2);
  });

  it('uses implementation codes that are unique across both catalogues: a credit code plus the base code', () => {
    const implCodes = ALL_ITEMS.map((i) => i.content.implCode);
    expect(new Set(implCodes).size).toBe(implCodes.length);
    for (const { content } of ALL_ITEMS) {
      expect(content.baseCode).toMatch(/^\d{12}$/);
      expect(content.implCode).toBe(content.implCode.slice(0, 18) + content.baseCode);
      expect({ implCode: content.implCode, checkPasses: creditCheckPasses(content.implCode.slice(0, 18)) }).toEqual({ implCode: content.implCode, checkPasses: true });
    }
  });

  it.each(['社保', '市民卡', '公积金', '户籍', '生育登记', '个体工商户', '建设工程规划许可'])('names an item about %s', (topic) => {
    expect(ALL_ITEMS.some((i) => i.content.name.includes(topic))).toBe(true);
  });

  it('shows parallel approval, special procedures, tolerance and fees somewhere', () => {
    const contents = ALL_ITEMS.map((i) => i.content);
    expect(contents.some((c) => c.coDepartments.length > 0)).toBe(true);
    expect(contents.some((c) => c.specialProcedures.length > 0)).toBe(true);
    expect(contents.some((c) => c.materials.some((m) => m.toleranceAllowed))).toBe(true);
    expect(contents.some((c) => c.fees.some((f) => f.amountFen > 0))).toBe(true);
  });

  it('lets the city target all townships or a district of the city, and the district only its own townships', () => {
    for (const { target } of DEMO_CATALOGUES.city.delegations) {
      if (target.kind !== 'all') expect(target.regionCode).toMatch(/^4401\d{2}(\d{3})?$/);
    }
    for (const { target } of DEMO_CATALOGUES.district.delegations) {
      expect(target.kind).not.toBe('all');
      if (target.kind === 'township') expect(target.regionCode).toMatch(/^440117\d{3}$/);
      if (target.kind === 'district') expect(target.regionCode).toBe('440117');
    }
  });
});
