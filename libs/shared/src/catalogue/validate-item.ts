import { FieldReader, isRecord, type Validated } from '../validation/field-errors';
import {
  CASE_KINDS,
  CODE_LIMITS,
  CODE_PATTERN,
  EXERCISE_LEVELS,
  HANDLING_FORMS,
  ITEM_TYPES,
  POWER_SOURCES,
  type CaseKind,
  type ExerciseLevel,
  type HandlingForm,
  type ItemType,
  type PowerSource,
} from './item-codes';
import type { Fee, Material, ServiceItemContent } from './service-item';

/** Department codes: letters, digits, `-` and `_`. */
export const DEPARTMENT_CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
/** A statutory limit longer than this many working days is taken for a typing error. */
export const MAX_LIMIT_DAYS = 720;
/** 1 yuan = 100 fen; no single fee above 10 million yuan. */
export const MAX_FEE_FEN = 1_000_000_000;

// Sorted: Object.keys lists integer-like keys ("10", "20") before the others ("01").
const keys = <T extends string>(o: Record<T, string>): T[] => (Object.keys(o) as T[]).sort();
const CODE_REASON = 'must contain only digits and uppercase letters';

/**
 * Validates untrusted input (a JSON body, a spreadsheet row) as item content, reporting every problem with its
 * field path. The rules beyond the field types:
 * - the promised limit never exceeds the statutory limit;
 * - an immediate item (即办件) is decided in one visit: promised limit 0 and at most one visit;
 * - a commitment item (承诺件) promises at least one working day;
 * - the handling department is not also a co-department; co-department codes and material names are unique;
 * - an online item offers an online handling form (PC or mobile); a window-only item is not online.
 */
export function validateServiceItemContent(input: unknown): Validated<ServiceItemContent> {
  const r = new FieldReader();
  if (!isRecord(input)) {
    r.fail('item', 'must be an object');
    return { ok: false, errors: r.errors };
  }
  const baseCode = r.string(input, 'baseCode', { max: CODE_LIMITS.baseCode, pattern: CODE_PATTERN, patternReason: CODE_REASON });
  const implCode = r.string(input, 'implCode', { max: CODE_LIMITS.implCode, pattern: CODE_PATTERN, patternReason: CODE_REASON });
  const handleItemCode = r.string(input, 'handleItemCode', { max: CODE_LIMITS.handleItemCode, pattern: CODE_PATTERN, patternReason: CODE_REASON, optional: true });
  const name = r.string(input, 'name', { min: 2, max: 200 });
  const itemType = r.oneOf<ItemType>(input, 'itemType', keys(ITEM_TYPES));
  const exerciseLevel = r.oneOf<ExerciseLevel>(input, 'exerciseLevel', keys(EXERCISE_LEVELS));
  const powerSource = r.oneOf<PowerSource>(input, 'powerSource', keys(POWER_SOURCES));
  const caseKind = r.oneOf<CaseKind>(input, 'caseKind', keys(CASE_KINDS));
  const statutoryLimitDays = r.integer(input, 'statutoryLimitDays', 0, MAX_LIMIT_DAYS);
  const promisedLimitDays = r.integer(input, 'promisedLimitDays', 0, MAX_LIMIT_DAYS);
  const maxVisits = r.integer(input, 'maxVisits', 0, 10);
  const online = r.boolean(input, 'online');

  const handlingForms: HandlingForm[] = [];
  const formValues = r.array(input, 'handlingForms', 4);
  const allowedForms = keys(HANDLING_FORMS);
  formValues.forEach((value, i) => {
    if (typeof value !== 'string' || !(allowedForms as string[]).includes(value)) {
      r.fail(`handlingForms[${i}]`, `must be one of ${allowedForms.join(', ')}`);
    } else if (handlingForms.includes(value as HandlingForm)) {
      r.fail(`handlingForms[${i}]`, `repeats ${value}`);
    } else {
      handlingForms.push(value as HandlingForm);
    }
  });
  if (formValues.length === 0 && !r.errors.some((e) => e.field === 'handlingForms')) {
    r.fail('handlingForms', 'must list at least one handling form');
  }

  const materials = r.array(input, 'materials', 100).map((value, i) => readMaterial(r.child(`materials[${i}]`), value));
  const materialNames = new Set<string>();
  materials.forEach((m, i) => {
    if (m.name !== '' && materialNames.has(m.name)) r.fail(`materials[${i}].name`, `repeats "${m.name}"`);
    materialNames.add(m.name);
  });
  const fees = r.array(input, 'fees', 50).map((value, i) => readFee(r.child(`fees[${i}]`), value));

  const acceptanceConditions = r.string(input, 'acceptanceConditions', { max: 4000, optional: true });
  const legalBasis = r.string(input, 'legalBasis', { max: 4000 });
  const handlingDepartment = r.string(input, 'handlingDepartment', { max: 32, pattern: DEPARTMENT_CODE_PATTERN, patternReason: 'must be a department code (letters, digits, "-", "_")' });
  const coDepartments: string[] = [];
  r.array(input, 'coDepartments', 20).forEach((value, i) => {
    if (typeof value !== 'string' || !DEPARTMENT_CODE_PATTERN.test(value)) r.fail(`coDepartments[${i}]`, 'must be a department code (letters, digits, "-", "_")');
    else if (value === handlingDepartment) r.fail(`coDepartments[${i}]`, 'must not repeat the handling department');
    else if (coDepartments.includes(value)) r.fail(`coDepartments[${i}]`, `repeats ${value}`);
    else coDepartments.push(value);
  });
  const resultName = r.string(input, 'resultName', { max: 200, optional: true });
  const specialProcedures: string[] = [];
  r.array(input, 'specialProcedures', 20).forEach((value, i) => {
    if (typeof value !== 'string' || value.trim() === '' || value.length > 100) r.fail(`specialProcedures[${i}]`, 'must be a name of 1–100 characters');
    else specialProcedures.push(value);
  });

  if (promisedLimitDays > statutoryLimitDays) {
    r.fail('promisedLimitDays', `must not exceed the statutory limit (${statutoryLimitDays} working days)`);
  }
  if (caseKind === 'immediate') {
    if (promisedLimitDays !== 0) r.fail('promisedLimitDays', 'must be 0 for an immediate item (即办件)');
    if (maxVisits > 1) r.fail('maxVisits', 'must be at most 1 for an immediate item (即办件)');
  } else if (caseKind === 'commitment' && promisedLimitDays < 1) {
    r.fail('promisedLimitDays', 'must be at least 1 working day for a commitment item (承诺件)');
  }
  if (online && !handlingForms.some((f) => f === '2' || f === '3')) {
    r.fail('handlingForms', 'an online item must offer PC (2) or mobile (3) handling');
  }
  if (!online && handlingForms.some((f) => f === '2' || f === '3')) {
    r.fail('online', 'must be true when PC (2) or mobile (3) handling is offered');
  }

  if (r.errors.length > 0) return { ok: false, errors: r.errors };
  return {
    ok: true,
    value: {
      baseCode,
      implCode,
      handleItemCode: handleItemCode === '' ? null : handleItemCode,
      name,
      itemType,
      exerciseLevel,
      powerSource,
      caseKind,
      statutoryLimitDays,
      promisedLimitDays,
      maxVisits,
      online,
      handlingForms,
      materials,
      fees,
      acceptanceConditions,
      legalBasis,
      handlingDepartment,
      coDepartments,
      resultName,
      specialProcedures,
    },
  };
}

function readMaterial(r: FieldReader, value: unknown): Material {
  if (!isRecord(value)) {
    r.fail('', 'must be an object');
    return { name: '', required: true, originals: 0, copies: 0, toleranceAllowed: false, source: '' };
  }
  const material: Material = {
    name: r.string(value, 'name', { max: 200 }),
    required: r.boolean(value, 'required'),
    originals: r.integer(value, 'originals', 0, 99),
    copies: r.integer(value, 'copies', 0, 99),
    toleranceAllowed: r.boolean(value, 'toleranceAllowed'),
    source: r.string(value, 'source', { max: 200, optional: true }),
  };
  if (material.originals + material.copies === 0) r.fail('copies', 'a material needs at least one original or copy');
  return material;
}

function readFee(r: FieldReader, value: unknown): Fee {
  if (!isRecord(value)) {
    r.fail('', 'must be an object');
    return { name: '', amountFen: 0, basis: '', reducible: false };
  }
  return {
    name: r.string(value, 'name', { max: 200 }),
    amountFen: r.integer(value, 'amountFen', 0, MAX_FEE_FEN),
    basis: r.string(value, 'basis', { max: 1000 }),
    reducible: r.boolean(value, 'reducible'),
  };
}
