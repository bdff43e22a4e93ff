import fc from 'fast-check';
import { checkJsonLimits, queryParameterCount } from './json-limits';

const limits = { maxDepth: 4, maxArray: 3 };
const check = (text: string, l = limits) => checkJsonLimits(Buffer.from(text, 'utf8'), l);

describe('checkJsonLimits', () => {
  it('accepts JSON within the limits', () => {
    expect(check('{"a":[[1,2,3]]}')).toBeNull();
    expect(check('[[[[]]]]')).toBeNull();
    expect(check('[1,2,3]')).toBeNull();
    expect(check('"just a string"')).toBeNull();
    expect(check('')).toBeNull();
  });

  it('refuses nesting deeper than maxDepth', () => {
    expect(check('[[[[[]]]]]')).toEqual({ code: 'JSON_TOO_DEEP', reason: 'JSON nested deeper than 4 levels' });
    expect(check('{"a":{"b":{"c":{"d":{}}}}}')).toEqual({ code: 'JSON_TOO_DEEP', reason: 'JSON nested deeper than 4 levels' });
  });

  it('refuses an array longer than maxArray, at any depth', () => {
    expect(check('[1,2,3,4]')).toEqual({ code: 'ARRAY_TOO_LONG', reason: 'array longer than 3 elements' });
    expect(check('{"a":[{"b":[1,2,3,4]}]}')).toEqual({ code: 'ARRAY_TOO_LONG', reason: 'array longer than 3 elements' });
  });

  it('refuses an object with more than maxArray members', () => {
    expect(check('{"a":1,"b":2,"c":3}')).toBeNull();
    expect(check('{"a":1,"b":2,"c":3,"d":4}')).toEqual({ code: 'OBJECT_TOO_LARGE', reason: 'object with more than 3 members' });
    expect(check('[{"a":1,"b":[1,2],"c":3,"d":4}]')).toEqual({ code: 'OBJECT_TOO_LARGE', reason: 'object with more than 3 members' });
  });

  it('counts each container on its own: siblings and parents do not add up', () => {
    expect(check('[[1,2,3],[4,5,6],[7,8,9]]')).toBeNull();
    expect(check('{"a":[1,2,3],"b":{"x":1,"y":2,"z":3},"c":[4,5,6]}')).toBeNull();
  });

  it('skips brackets, commas, quotes and backslashes inside strings', () => {
    expect(check('["[[[[[[,,,,,", "\\"[[[[[[", "\\\\{{{{{"]')).toBeNull();
    expect(check('{"k\\"[[[[[[": "],],],],]"}')).toBeNull();
    expect(check('["\\\\"],[[[[[')).toEqual({ code: 'JSON_TOO_DEEP', reason: 'JSON nested deeper than 4 levels' });
  });

  it('reads multi-byte UTF-8 (Chinese, emoji) without confusion', () => {
    expect(check('{"名称":["政务","😀","[,"]}')).toBeNull();
  });

  it('stops at the first problem of a huge input, whose tail it never reads', () => {
    const deep = Buffer.alloc(10_000_000, '[');
    expect(checkJsonLimits(deep, { maxDepth: 32, maxArray: 1000 })?.code).toBe('JSON_TOO_DEEP');
  });

  it('agrees with JSON.parse on the depth and the largest array and object of any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value);
        const depth = depthOf(value);
        const longest = largest(value, true);
        const widest = largest(value, false);
        const problem = check(text);
        // several problems may be present: the scan names the first it meets
        if (depth <= 4 && longest <= 3 && widest <= 3) expect(problem).toBeNull();
        else expect(problem).not.toBeNull();
        if (depth > 4 && longest <= 3 && widest <= 3) expect(problem?.code).toBe('JSON_TOO_DEEP');
        if (depth <= 4 && longest > 3 && widest <= 3) expect(problem?.code).toBe('ARRAY_TOO_LONG');
        if (depth <= 4 && longest <= 3 && widest > 3) expect(problem?.code).toBe('OBJECT_TOO_LARGE');
      }),
      { seed: 20261202, numRuns: 500 },
    );
  });
});

describe('queryParameterCount', () => {
  it('counts the pairs of the query string', () => {
    expect(queryParameterCount('/users')).toBe(0);
    expect(queryParameterCount('/users?')).toBe(0);
    expect(queryParameterCount('/users?a=1')).toBe(1);
    expect(queryParameterCount('/users?a=1&a=2&b[c][d]=3')).toBe(3);
  });
});

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

/** The most elements of an array (`arrays`) or members of an object in `value`. */
function largest(value: unknown, arrays: boolean): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return Math.max(Array.isArray(value) === arrays ? children.length : 0, ...children.map((child) => largest(child, arrays)));
}
