/** One problem with one input field; `field` is a path such as `materials[2].name`. */
export interface FieldError {
  readonly field: string;
  readonly reason: string;
}

export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };

/**
 * Reads fields out of untrusted input (a JSON body, a spreadsheet row) and collects every problem instead of
 * stopping at the first, so a caller can report them all at once.
 */
export class FieldReader {
  /** @param errors where problems are collected (shared with child readers). */
  constructor(
    private readonly prefix = '',
    readonly errors: FieldError[] = [],
  ) {}

  path(field: string): string {
    if (field === '') return this.prefix;
    return this.prefix === '' ? field : field.startsWith('[') ? `${this.prefix}${field}` : `${this.prefix}.${field}`;
  }

  fail(field: string, reason: string): void {
    this.errors.push({ field: this.path(field), reason });
  }

  /** A reader for a nested object; its errors are collected in this reader, prefixed with `field`. */
  child(field: string): FieldReader {
    return new FieldReader(this.path(field), this.errors);
  }

  string(source: Record<string, unknown>, field: string, options: { min?: number; max: number; pattern?: RegExp; patternReason?: string; optional?: boolean }): string {
    const value = source[field];
    if (value === undefined || value === null || value === '') {
      if (options.optional === true) return '';
      this.fail(field, 'is required');
      return '';
    }
    if (typeof value !== 'string') {
      this.fail(field, `must be a string (got ${describe(value)})`);
      return '';
    }
    const length = [...value].length;
    if (options.min !== undefined && length < options.min) this.fail(field, `must be at least ${options.min} characters`);
    if (length > options.max) this.fail(field, `must be at most ${options.max} characters (got ${length})`);
    else if (options.pattern !== undefined && !options.pattern.test(value)) this.fail(field, options.patternReason ?? `has an invalid format`);
    return value;
  }

  integer(source: Record<string, unknown>, field: string, min: number, max: number): number {
    const value = source[field];
    if (value === undefined || value === null) {
      this.fail(field, 'is required');
      return min;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.fail(field, `must be an integer (got ${describe(value)})`);
      return min;
    }
    if (value < min || value > max) this.fail(field, `must be from ${min} to ${max} (got ${value})`);
    return value;
  }

  boolean(source: Record<string, unknown>, field: string): boolean {
    const value = source[field];
    if (typeof value !== 'boolean') {
      this.fail(field, value === undefined || value === null ? 'is required' : `must be true or false (got ${describe(value)})`);
      return false;
    }
    return value;
  }

  oneOf<T extends string>(source: Record<string, unknown>, field: string, allowed: readonly T[]): T {
    const value = source[field];
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(field, value === undefined || value === null ? `is required (one of ${allowed.join(', ')})` : `must be one of ${allowed.join(', ')} (got ${describe(value)})`);
      return allowed[0] as T;
    }
    return value as T;
  }

  array(source: Record<string, unknown>, field: string, max: number): unknown[] {
    const value = source[field];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.fail(field, `must be a list (got ${describe(value)})`);
      return [];
    }
    if (value.length > max) this.fail(field, `must have at most ${max} entries (got ${value.length})`);
    return value.slice(0, max);
  }
}

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length > 20 ? `"${value.slice(0, 20)}…"` : `"${value}"`;
  return typeof value === 'object' ? 'an object' : String(value);
}
