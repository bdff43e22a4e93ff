import fc from 'fast-check';
import { codecs as c, type Codec, type DecodeResult } from './index';

const reason = <T>(result: DecodeResult<T>): string => (result.ok ? 'ok' : result.reason);

describe('codec kit', () => {
  describe('string', () => {
    const name = c.string({ max: 4 });
    it('counts code points, refuses empty, too long, control characters and non-strings', () => {
      expect(name.decode('张三😀')).toEqual({ ok: true, value: '张三😀' });
      expect(reason(name.decode(''))).toBe('must not be empty');
      expect(reason(name.decode('abcde'))).toBe('must be at most 4 characters');
      expect(reason(name.decode('a\u0000'))).toBe('must not contain control characters');
      expect(reason(name.decode('a\nb'))).toBe('must not contain control characters');
      expect(reason(name.decode('a\u0085'))).toBe('must not contain control characters');
      expect(reason(name.decode(12))).toBe('must be a string (got an integer)');
      expect(reason(name.decode(null))).toBe('must be a string (got null)');
    });
    it('lets text hold line breaks and tabs, never other controls; any character only when asked', () => {
      const note = c.string({ min: 0, max: 10, characters: 'text' });
      expect(note.decode('')).toEqual({ ok: true, value: '' });
      expect(note.decode('a\r\n\tb')).toEqual({ ok: true, value: 'a\r\n\tb' });
      expect(reason(note.decode('a\u001b[31m'))).toBe('must not contain control characters');
      expect(c.string({ max: 10, characters: 'any' }).decode('a\u000bb\u0000')).toEqual({ ok: true, value: 'a\u000bb\u0000' });
    });
    it('checks a pattern with its reason, and never echoes the value', () => {
      const code = c.string({ max: 8, pattern: /^\d+$/, patternReason: 'must be digits' });
      expect(reason(code.decode('12a'))).toBe('must be digits');
      expect(reason(c.string({ max: 8, pattern: /^\d+$/ }).decode('13812345'))).toBe('ok');
      expect(reason(c.string({ max: 3 }).decode('440106199001011234'))).not.toContain('4401');
    });
    it('stops counting a huge string at the maximum', () => {
      expect(reason(name.decode('x'.repeat(5_000_000)))).toBe('must be at most 4 characters');
    });
  });

  it('integer and number ranges', () => {
    const days = c.integer(1, 60);
    expect(days.decode(60)).toEqual({ ok: true, value: 60 });
    expect(reason(days.decode(0))).toBe('must be from 1 to 60 (got 0)');
    expect(reason(days.decode(-1))).toBe('must be from 1 to 60 (got -1)');
    expect(reason(days.decode(1.5))).toBe('must be an integer (got a number)');
    expect(reason(days.decode('5'))).toBe('must be an integer (got a string)');
    expect(reason(days.decode(2 ** 60))).toBe('must be an integer (got an integer)');
    const ratio = c.number(0, 1);
    expect(ratio.decode(0.5)).toEqual({ ok: true, value: 0.5 });
    expect(reason(ratio.decode(Number.NaN))).toBe('must be a number (got a number)');
    expect(reason(ratio.decode(2))).toBe('must be from 0 to 1 (got 2)');
  });

  it('boolean, oneOf, isoDate', () => {
    expect(c.boolean().decode(false)).toEqual({ ok: true, value: false });
    expect(reason(c.boolean().decode('true'))).toBe('must be true or false (got a string)');
    expect(c.oneOf([1, 2]).decode(2)).toEqual({ ok: true, value: 2 });
    expect(reason(c.oneOf(['agree', 'disagree']).decode('maybe'))).toBe('must be one of agree, disagree');
    expect(reason(c.oneOf([1, 2]).decode('1'))).toBe('must be one of 1, 2');
    expect(c.isoDate().decode('2028-02-29')).toEqual({ ok: true, value: '2028-02-29' });
    expect(reason(c.isoDate().decode('2026-02-30'))).toBe('must be a date YYYY-MM-DD (day must be from 01 to 28 in 2026-02, got 30)');
    expect(reason(c.isoDate().decode(20260101))).toBe('must be a date YYYY-MM-DD (got an integer)');
  });

  it('arrays: length first, then each entry with its index in the path', () => {
    const codes = c.array(c.string({ max: 3 }), { min: 1, max: 2 });
    expect(codes.decode(['a', 'b'])).toEqual({ ok: true, value: ['a', 'b'] });
    expect(reason(codes.decode([]))).toBe('must have at least 1 entry');
    expect(reason(codes.decode(['a', 'b', 'c']))).toBe('must have at most 2 entries (got 3)');
    expect(reason(codes.decode(new Array(1_000_000).fill({})))).toBe('must have at most 2 entries (got 1000000)');
    expect(reason(codes.decode(['a', 7]))).toBe('[1]: must be a string (got an integer)');
    expect(reason(codes.decode({ 0: 'a', length: 1 }))).toBe('must be an array (got an object)');
  });

  describe('object', () => {
    const fee = c.object({ name: c.string({ max: 10 }), amountFen: c.integer(0, 100) });
    const fees = c.object({ items: c.array(fee, { max: 5 }), note: c.optional(c.string({ max: 5 })), tracking: c.nullable(c.string({ max: 5 })) });
    it('decodes a clean copy with only the shape’s keys; optional keys may be absent, null is not absent', () => {
      const input = { items: [{ name: '工本费', amountFen: 20 }], tracking: null };
      const decoded = fees.decode(input);
      expect(decoded).toEqual({ ok: true, value: input });
      expect(decoded.ok && decoded.value).not.toBe(input);
      expect(decoded.ok && 'note' in decoded.value).toBe(false);
      expect(reason(fees.decode({ items: [], note: null, tracking: null }))).toBe('note: must be a string (got null)');
    });
    it('refuses missing and unknown keys, with paths through arrays and objects', () => {
      expect(reason(fees.decode({ items: [] }))).toBe('tracking: is required');
      expect(reason(fees.decode({ items: [], tracking: null, extra: 1 }))).toBe('extra: is not allowed (unknown field)');
      expect(reason(fees.decode({ items: [{ name: 'a', amountFen: -1 }], tracking: null }))).toBe('items[0].amountFen: must be from 0 to 100 (got -1)');
      expect(reason(fees.decode({ items: [{ name: 'a' }], tracking: null }))).toBe('items[0].amountFen: is required');
      expect(reason(fees.decode({ items: 'x', tracking: null }))).toBe('items: must be an array (got a string)');
      expect(reason(fees.decode([]))).toBe('must be an object (got an array)');
      expect(reason(fees.decode(null))).toBe('must be an object (got null)');
    });
    it('neither follows nor sets prototypes (`__proto__` from JSON is an unknown key)', () => {
      expect(reason(fee.decode(JSON.parse('{"__proto__": {"name": "x", "amountFen": 1}}')))).toBe('__proto__: is not allowed (unknown field)');
      expect(reason(fee.decode(Object.create({ name: 'x', amountFen: 1 })))).toBe('name: is required');
    });
    it('keeps a long or control-character key short and printable in the reason', () => {
      expect(reason(fee.decode({ name: 'a', amountFen: 1, ['k\n'.repeat(100)]: 1 }))).toBe(`${'k?'.repeat(20)}…: is not allowed (unknown field)`);
    });
  });

  it('refine checks across fields after the fields', () => {
    const range = c.refine(c.object({ from: c.integer(0, 9), to: c.integer(0, 9) }), (r) => (r.from <= r.to ? null : c.failure('must not be before from', 'to')));
    expect(range.decode({ from: 1, to: 2 }).ok).toBe(true);
    expect(reason(range.decode({ from: 3, to: 2 }))).toBe('to: must not be before from');
    expect(reason(range.decode({ from: 3 }))).toBe('to: is required');
  });

  it('versioned decoders upcast older versions and refuse unknown ones', () => {
    const v1 = c.object({ name: c.string({ max: 10 }) });
    const v2: Codec<{ readonly name: string }> = {
      decode: (input) => {
        const d = c.object({ fullName: c.string({ max: 10 }) }).decode(input);
        return d.ok ? { ok: true, value: { name: d.value.fullName } } : d;
      },
    };
    const decoder = c.versioned({ 1: v1, 2: v2 });
    expect(decoder.latest).toBe(2);
    expect(decoder.decode({ name: 'a' }, 1)).toEqual({ ok: true, value: { name: 'a' } });
    expect(decoder.decode({ fullName: 'b' }, 2)).toEqual({ ok: true, value: { name: 'b' } });
    expect(reason(decoder.decode({ name: 'a' }, 2))).toBe('name: is not allowed (unknown field)');
    expect(reason(decoder.decode({ name: 'a' }, 3))).toBe('payload version 3 is unknown (this node knows 1, 2)');
  });

  it('never throws, whatever JSON it is given', () => {
    const schema = c.object({
      a: c.array(c.object({ b: c.nullable(c.integer(0, 9)), d: c.optional(c.isoDate()) }), { max: 3 }),
      e: c.oneOf(['x', 'y']),
      f: c.boolean(),
      g: c.string({ max: 5, pattern: /^[a-z]+$/ }),
    });
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = schema.decode(value);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
