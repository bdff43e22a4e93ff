/** Limits a JSON request body must keep before it is parsed (HTTP_JSON_MAX_DEPTH, HTTP_JSON_MAX_ARRAY). */
export interface JsonLimits {
  /** Deepest nesting of objects and arrays; the top-level value is depth 1. */
  readonly maxDepth: number;
  /** Most elements of any one array, and members of any one object. */
  readonly maxArray: number;
}

/** The stable codes of a request refused before validation (the `code` of its error body). */
export type JsonLimitCode = 'JSON_TOO_DEEP' | 'ARRAY_TOO_LONG' | 'OBJECT_TOO_LARGE';

export interface JsonLimitProblem {
  readonly code: JsonLimitCode;
  readonly reason: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/**
 * Scans raw UTF-8 JSON once, without recursion and without building anything, and returns the first limit it breaks
 * (nesting deeper than `maxDepth`; an array with more than `maxArray` elements or an object with more members;
 * null when none): the cost is linear in the size and the memory bounded by `maxDepth`, whatever the input. String
 * contents (with their escapes) are skipped, so brackets and commas inside strings do not count. Malformed JSON is
 * not judged here: JSON.parse refuses it afterwards. Multi-byte UTF-8 sequences never contain bytes below 0x80, so
 * scanning bytes is exact.
 */
export function checkJsonLimits(bytes: Uint8Array, limits: JsonLimits): JsonLimitProblem | null {
  // For each open container: 1 for an array, 0 for an object, and the commas seen directly inside it.
  const isArray = new Uint8Array(limits.maxDepth + 1);
  const commas = new Uint32Array(limits.maxDepth + 1);
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
      continue;
    }
    switch (b) {
      case QUOTE:
        inString = true;
        break;
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        depth++;
        if (depth > limits.maxDepth) return { code: 'JSON_TOO_DEEP', reason: `JSON nested deeper than ${limits.maxDepth} levels` };
        isArray[depth] = b === OPEN_ARRAY ? 1 : 0;
        commas[depth] = 0;
        break;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        if (depth > 0) depth--;
        break;
      case COMMA:
        if (depth > 0) {
          const seen = (commas[depth] as number) + 1;
          commas[depth] = seen;
          // n commas separate n + 1 elements (or members: an object with 80,000 unknown keys costs the validation
          // seconds and an 8 MB error list)
          if (seen >= limits.maxArray) {
            return isArray[depth] === 1
              ? { code: 'ARRAY_TOO_LONG', reason: `array longer than ${limits.maxArray} elements` }
              : { code: 'OBJECT_TOO_LARGE', reason: `object with more than ${limits.maxArray} members` };
          }
        }
        break;
      default:
        break;
    }
  }
  return null;
}

/**
 * Counts the parameters of a raw query string (`a=1&a=2&b=3` has 3), linear in its length: Express 5 parses queries
 * with Node's `querystring` ('simple': flat keys, no nesting, repeated keys become an array), so the number of pairs
 * bounds every array a query can hold.
 */
export function queryParameterCount(url: string): number {
  const start = url.indexOf('?');
  if (start < 0 || start === url.length - 1) return 0;
  let count = 1;
  for (let i = start + 1; i < url.length; i++) if (url.charCodeAt(i) === 0x26) count++;
  return count;
}
