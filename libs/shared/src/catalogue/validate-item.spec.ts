import type { ServiceItemContent } from './service-item';
import { canTransition, scopeCovers } from './service-item';
import { validateServiceItemContent } from './validate-item';
import { sampleItem } from '@liandong/harness';

function errorsOf(input: unknown): Array<{ field: string; reason: string }> {
  const result = validateServiceItemContent(input);
  return result.ok ? [] : [...result.errors];
}

describe('validateServiceItemContent', () => {
  it('accepts a complete item and normalises an empty handle-item code to null', () => {
    const result = validateServiceItemContent(sampleItem({ handleItemCode: '' }));
    expect(result.ok).toBe(true);
    expect((result as { value: ServiceItemContent }).value).toMatchObject({ implCode: '114401170069401450000201001000', handleItemCode: null, caseKind: 'commitment' });
  });

  it('refuses anything that is not an object', () => {
    expect(errorsOf(null)).toEqual([{ field: 'item', reason: 'must be an object' }]);
    expect(errorsOf([sampleItem()])).toEqual([{ field: 'item', reason: 'must be an object' }]);
  });

  it('checks code lengths and characters (GB/T 39046)', () => {
    expect(errorsOf(sampleItem({ baseCode: '0002010010001' }))).toEqual([{ field: 'baseCode', reason: 'must be at most 12 characters (got 13)' }]);
    expect(errorsOf(sampleItem({ implCode: 'abc-1' }))).toEqual([{ field: 'implCode', reason: 'must contain only digits and uppercase letters' }]);
    expect(errorsOf(sampleItem({ implCode: 'X'.repeat(37) }))).toEqual([{ field: 'implCode', reason: 'must be at most 36 characters (got 37)' }]);
    expect(errorsOf(sampleItem({ handleItemCode: 'X'.repeat(51) }))).toEqual([{ field: 'handleItemCode', reason: 'must be at most 50 characters (got 51)' }]);
  });

  it('reports every bad field at once, with paths into lists', () => {
    const errors = errorsOf(
      sampleItem({
        name: 42,
        itemType: '11',
        statutoryLimitDays: 1.5,
        materials: [{ name: '', required: 'yes', originals: 0, copies: 0, toleranceAllowed: false }],
        fees: [{ name: '工本费', amountFen: 10.5, basis: '', reducible: false }],
      }),
    );
    expect(errors).toEqual([
      { field: 'name', reason: 'must be a string (got 42)' },
      { field: 'itemType', reason: 'must be one of 01, 02, 03, 04, 05, 06, 07, 08, 09, 10, 20 (got "11")' },
      { field: 'statutoryLimitDays', reason: 'must be an integer (got 1.5)' },
      { field: 'materials[0].name', reason: 'is required' },
      { field: 'materials[0].required', reason: 'must be true or false (got "yes")' },
      { field: 'materials[0].copies', reason: 'a material needs at least one original or copy' },
      { field: 'fees[0].amountFen', reason: 'must be an integer (got 10.5)' },
      { field: 'fees[0].basis', reason: 'is required' },
      { field: 'promisedLimitDays', reason: 'must not exceed the statutory limit (0 working days)' },
    ]);
  });

  it('keeps the promised limit within the statutory limit', () => {
    expect(errorsOf(sampleItem({ promisedLimitDays: 16 }))).toEqual([{ field: 'promisedLimitDays', reason: 'must not exceed the statutory limit (15 working days)' }]);
  });

  it('decides an immediate item in one visit', () => {
    expect(errorsOf(sampleItem({ caseKind: 'immediate', promisedLimitDays: 0, maxVisits: 1 }))).toEqual([]);
    expect(errorsOf(sampleItem({ caseKind: 'immediate', promisedLimitDays: 2, maxVisits: 2 }))).toEqual([
      { field: 'promisedLimitDays', reason: 'must be 0 for an immediate item (即办件)' },
      { field: 'maxVisits', reason: 'must be at most 1 for an immediate item (即办件)' },
    ]);
    expect(errorsOf(sampleItem({ promisedLimitDays: 0 }))).toEqual([{ field: 'promisedLimitDays', reason: 'must be at least 1 working day for a commitment item (承诺件)' }]);
  });

  it('keeps the online flag and the handling forms consistent', () => {
    expect(errorsOf(sampleItem({ online: true, handlingForms: ['1'] }))).toEqual([{ field: 'handlingForms', reason: 'an online item must offer PC (2) or mobile (3) handling' }]);
    expect(errorsOf(sampleItem({ online: false }))).toEqual([{ field: 'online', reason: 'must be true when PC (2) or mobile (3) handling is offered' }]);
    expect(errorsOf(sampleItem({ handlingForms: [], online: false }))).toEqual([{ field: 'handlingForms', reason: 'must list at least one handling form' }]);
    expect(errorsOf(sampleItem({ handlingForms: ['1', '1', '5'] }))).toEqual([
      { field: 'handlingForms[1]', reason: 'repeats 1' },
      { field: 'handlingForms[2]', reason: 'must be one of 1, 2, 3, 4' },
      { field: 'handlingForms', reason: 'an online item must offer PC (2) or mobile (3) handling' },
    ]);
  });

  it('keeps departments and material names unique', () => {
    expect(errorsOf(sampleItem({ coDepartments: ['SCJGJ', 'SWJ', 'SWJ'] }))).toEqual([
      { field: 'coDepartments[0]', reason: 'must not repeat the handling department' },
      { field: 'coDepartments[2]', reason: 'repeats SWJ' },
    ]);
    const material = { name: '身份证', required: true, originals: 1, copies: 0, toleranceAllowed: false, source: '' };
    expect(errorsOf(sampleItem({ materials: [material, material] }))).toEqual([{ field: 'materials[1].name', reason: 'repeats "身份证"' }]);
  });

  it('stores Chinese text, emoji and markup verbatim', () => {
    const name = '<b>生育登记</b> 👶 \'; DROP TABLE items; --';
    const result = validateServiceItemContent(sampleItem({ name }));
    expect(result.ok && result.value.name).toBe(name);
  });
});

describe('item lifecycle and scope', () => {
  it('allows publish, suspend, resume and cancel but never leaves cancelled', () => {
    expect(canTransition('draft', 'published')).toBe(true);
    expect(canTransition('published', 'suspended')).toBe(true);
    expect(canTransition('suspended', 'published')).toBe(true);
    expect(canTransition('published', 'cancelled')).toBe(true);
    expect(canTransition('cancelled', 'published')).toBe(false);
    expect(canTransition('published', 'draft')).toBe(false);
  });

  it('applies city items everywhere and district items to that district and its townships', () => {
    expect(scopeCovers('all', '440117001')).toBe(true);
    expect(scopeCovers('440117', '440117001')).toBe(true);
    expect(scopeCovers('440117', '440117')).toBe(true);
    expect(scopeCovers('440118', '440117001')).toBe(false);
    expect(scopeCovers('440117', '440100')).toBe(false);
  });
});
