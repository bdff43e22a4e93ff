import { maskIdentifiers } from '@liandong/shared';

/** Body fields that are secrets: never written to the audit log (or anywhere else). */
const SECRET_KEY = /pass(word)?|secret|token|^code$/i;
const MAX_SUMMARY = 2000;
/** Containers deeper than this are written as `[…]` / `{…}`: the summary never recurses further, whatever the body. */
const MAX_DEPTH = 8;

/**
 * What the audit log keeps of a request body: secrets replaced by `***`, identity and phone numbers masked, binary
 * bodies (an .xlsx upload) by their size, the whole shortened to 2,000 characters. It is JSON-like, written by a walk
 * that stops at depth 8 and as soon as 2,000 characters are written, so its cost is bounded whatever the body's size
 * or depth; it never throws (a value it cannot write becomes `?`).
 */
export function summarizeBody(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (Buffer.isBuffer(body)) return `<${body.length} bytes>`;
  const out = new Writer(MAX_SUMMARY + 100);
  write(body, 0, out);
  const masked = maskIdentifiers(out.text());
  return masked.length > MAX_SUMMARY || out.full ? `${masked.slice(0, MAX_SUMMARY - 1)}…` : masked;
}

class Writer {
  private readonly parts: string[] = [];
  private length = 0;
  full = false;

  constructor(private readonly budget: number) {}

  push(text: string): void {
    if (this.full) return;
    const room = this.budget - this.length;
    if (text.length > room) {
      this.parts.push(text.slice(0, room));
      this.length = this.budget;
      this.full = true;
      return;
    }
    this.parts.push(text);
    this.length += text.length;
  }

  text(): string {
    return this.parts.join('');
  }
}

function write(value: unknown, depth: number, out: Writer): void {
  if (out.full) return;
  switch (typeof value) {
    case 'string':
      // a huge string costs only what fits in the summary
      out.push(JSON.stringify(value.length > MAX_SUMMARY ? value.slice(0, MAX_SUMMARY) : value));
      return;
    case 'number':
    case 'boolean':
      out.push(JSON.stringify(value) ?? 'null');
      return;
    case 'object':
      break;
    default:
      out.push(value === undefined ? 'null' : '?');
      return;
  }
  if (value === null) return out.push('null');
  if (Array.isArray(value)) {
    if (depth >= MAX_DEPTH) return out.push('[…]');
    out.push('[');
    for (let i = 0; i < value.length && !out.full; i++) {
      if (i > 0) out.push(',');
      write(value[i], depth + 1, out);
    }
    return out.push(']');
  }
  if (depth >= MAX_DEPTH) return out.push('{…}');
  out.push('{');
  let first = true;
  for (const key of Object.keys(value)) {
    if (out.full) break;
    if (!first) out.push(',');
    first = false;
    out.push(`${JSON.stringify(key.length > 200 ? key.slice(0, 200) : key)}:`);
    if (SECRET_KEY.test(key)) out.push('"***"');
    else write((value as Record<string, unknown>)[key], depth + 1, out);
  }
  out.push('}');
}
