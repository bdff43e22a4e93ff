import { OFFICIAL_HOLIDAYS, validateHolidayYear } from './holiday-calendar';

function validYear(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    year: 2025,
    holidays: [
      { name: '春节', from: '2025-01-28', to: '2025-02-04' },
      { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
    ],
    makeUpWorkdays: ['2025-01-26', '2025-02-08'],
    source: '国办发明电〔2024〕12号',
    ...overrides,
  };
}

function errorsOf(input: unknown) {
  const result = validateHolidayYear(input);
  if (result.ok) {
    throw new Error('expected validation errors');
  }
  return result.errors;
}

describe('OFFICIAL_HOLIDAYS', () => {
  it('holds the State Council notices for 2024, 2025 and 2026, each valid', () => {
    expect(OFFICIAL_HOLIDAYS.map((y) => [y.year, y.source])).toEqual([
      [2024, '国办发明电〔2023〕7号'],
      [2025, '国办发明电〔2024〕12号'],
      [2026, '国办发明电〔2025〕7号'],
    ]);
    for (const year of OFFICIAL_HOLIDAYS) {
      expect(validateHolidayYear(year)).toEqual({ ok: true, value: year });
    }
  });

  it('lists the 2025 National Day with Mid-Autumn and the 2026 Spring Festival as announced', () => {
    const y2025 = OFFICIAL_HOLIDAYS.find((y) => y.year === 2025);
    expect(y2025?.holidays).toContainEqual({ name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' });
    expect(y2025?.makeUpWorkdays).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    const y2026 = OFFICIAL_HOLIDAYS.find((y) => y.year === 2026);
    expect(y2026?.holidays).toContainEqual({ name: '春节', from: '2026-02-15', to: '2026-02-23' });
    expect(y2026?.makeUpWorkdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(OFFICIAL_HOLIDAYS)).toBe(true);
    expect(Object.isFrozen(OFFICIAL_HOLIDAYS[0].holidays[0])).toBe(true);
    expect(Object.isFrozen(OFFICIAL_HOLIDAYS[0].makeUpWorkdays)).toBe(true);
  });
});

describe('validateHolidayYear', () => {
  it('returns a clean copy of valid data', () => {
    const input = validYear();
    const result = validateHolidayYear(input);
    expect(result).toEqual({ ok: true, value: input });
    expect(result.ok && result.value).not.toBe(input);
  });

  it('reports every problem with its field path', () => {
    const errors = errorsOf(
      validYear({
        holidays: [
          { name: '春节', from: '2025-01-28', to: '2025-02-04' },
          { name: '', from: '2025-02-30', to: '2025-03-01' },
          { name: '劳动节', from: '2025-05-05', to: '2025-05-01' },
          { name: '元旦', from: '2024-12-31', to: '2025-01-01' },
        ],
        makeUpWorkdays: ['2025-01-27', '2025-01-26', '2025-02-01', '2025-01-26'],
        source: '  ',
      }),
    );
    expect(errors).toEqual([
      { field: 'holidays[1].name', reason: 'must not be empty' },
      { field: 'holidays[1].from', reason: 'day must be from 01 to 28 in 2025-02, got 30' },
      { field: 'holidays[2].to', reason: 'must not be before from (2025-05-05), got 2025-05-01' },
      { field: 'holidays[3].from', reason: 'must fall inside 2025, got 2024-12-31' },
      { field: 'makeUpWorkdays[0]', reason: 'must fall on a Saturday or Sunday, 2025-01-27 is a Monday' },
      {
        field: 'makeUpWorkdays[2]',
        reason: 'must not fall inside a holiday, 2025-02-01 is inside holidays[0] (春节 2025-01-28..2025-02-04)',
      },
      { field: 'makeUpWorkdays[3]', reason: 'duplicates makeUpWorkdays[1]' },
      { field: 'source', reason: 'must not be empty' },
    ]);
  });

  it('refuses overlapping holidays', () => {
    const errors = errorsOf(
      validYear({
        holidays: [
          { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
          { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
          { name: '重复', from: '2025-04-06', to: '2025-04-07' },
        ],
      }),
    );
    expect(errors).toEqual([{ field: 'holidays[2]', reason: 'overlaps holidays[0] (清明节 2025-04-04..2025-04-06)' }]);
  });

  it('requires an integer year from 2000 to 2100', () => {
    for (const year of [1999, 2101, 2025.5, '2025', null]) {
      expect(errorsOf(validYear({ year, holidays: [], makeUpWorkdays: [] }))).toContainEqual({
        field: 'year',
        reason: 'must be an integer from 2000 to 2100',
      });
    }
    expect(validateHolidayYear(validYear({ year: 2000, holidays: [{ name: '元旦', from: '2000-01-01', to: '2000-01-03' }], makeUpWorkdays: [] })).ok).toBe(true);
  });

  it('limits names to 50 characters and sources to 200, counting Chinese characters as one', () => {
    const name50 = '节'.repeat(50);
    expect(validateHolidayYear(validYear({ holidays: [{ name: name50, from: '2025-01-01', to: '2025-01-01' }], makeUpWorkdays: [] })).ok).toBe(true);
    expect(errorsOf(validYear({ holidays: [{ name: `${name50}节`, from: '2025-01-01', to: '2025-01-01' }], makeUpWorkdays: [] }))).toEqual([
      { field: 'holidays[0].name', reason: 'must be at most 50 characters, got 51' },
    ]);
    expect(validateHolidayYear(validYear({ source: '文'.repeat(200) })).ok).toBe(true);
    expect(errorsOf(validYear({ source: '文'.repeat(201) }))).toEqual([{ field: 'source', reason: 'must be at most 200 characters, got 201' }]);
  });

  it('reports wrong shapes, missing and unknown fields', () => {
    expect(errorsOf(null)).toEqual([{ field: '(root)', reason: 'must be an object' }]);
    expect(errorsOf([])).toEqual([{ field: '(root)', reason: 'must be an object' }]);
    expect(errorsOf({ year: 2025 })).toEqual([
      { field: 'holidays', reason: 'must be an array' },
      { field: 'makeUpWorkdays', reason: 'must be an array (empty when the year has none)' },
      { field: 'source', reason: 'must be a string' },
    ]);
    expect(errorsOf(validYear({ holidays: [] }))).toContainEqual({ field: 'holidays', reason: 'must list at least one holiday' });
    expect(errorsOf(validYear({ makeupWorkdays: [], holidays: ['春节'] }))).toEqual([
      { field: 'makeupWorkdays', reason: 'unknown field' },
      { field: 'holidays[0]', reason: 'must be an object with name, from and to' },
    ]);
    expect(errorsOf(validYear({ holidays: [{ name: '春节', from: '2025-01-28', to: '2025-02-04', note: '' }] }))).toEqual([
      { field: 'holidays[0].note', reason: 'unknown field' },
    ]);
    expect(errorsOf(validYear({ makeUpWorkdays: ['2026-01-04', 20250126] }))).toEqual([
      { field: 'makeUpWorkdays[0]', reason: 'must fall inside 2025, got 2026-01-04' },
      { field: 'makeUpWorkdays[1]', reason: 'must be a string in the form YYYY-MM-DD, got number' },
    ]);
  });
});
