import fc from 'fast-check';
import {
  checkEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  Envelope,
  ENVELOPE_VERSION,
  InvalidEnvelopeError,
  isUuidV7,
  MAX_ENVELOPE_BYTES,
  MAX_PAYLOAD_VERSION,
  payloadVersion,
  uuidv7,
} from './envelope';
import { formatHlc } from './hlc';

const T0 = Date.UTC(2024, 5, 1, 8, 0, 0);
const utf8 = (s: string) => new TextEncoder().encode(s);

function sample(overrides: Partial<Record<keyof Envelope, unknown>> = {}): Envelope {
  return {
    id: uuidv7(T0),
    type: 'catalogue.item',
    v: ENVELOPE_VERSION,
    aggregate: '114401170069401450000201001000',
    origin: 'conghua',
    hlc: formatHlc({ wall: T0, logical: 0, node: 'conghua' }),
    actor: 'user:张三',
    payload: { implCode: '114401170069401450000201001000', version: 3, name: '食品经营许可', tags: ['a', null, 1.5, true] },
    ...overrides,
  } as Envelope;
}

/** Decodes a JSON text of the sample with some fields changed or removed (undefined removes). */
function reasonFor(fields: Record<string, unknown>): string | undefined {
  const object: Record<string, unknown> = { ...sample(), ...fields };
  for (const key of Object.keys(object)) if (object[key] === undefined) delete object[key];
  const result = decodeEnvelope(utf8(JSON.stringify(object)));
  return result.ok ? undefined : result.reason;
}

describe('envelope codec', () => {
  it('round-trips an envelope', () => {
    const envelope = sample();
    const bytes = encodeEnvelope(envelope);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(decodeEnvelope(bytes)).toEqual({ ok: true, envelope });
  });

  it('round-trips any JSON payload (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }), (payload, word) => {
        const actor = word.replace(/[\u0000-\u001f\u007f-\u009f]/g, 'x');
        const envelope = sample({ payload, actor });
        const decoded = decodeEnvelope(encodeEnvelope(envelope));
        // JSON has no -0: it comes back as 0, the only change.
        expect(decoded).toEqual({ ok: true, envelope: { ...envelope, payload: JSON.parse(JSON.stringify(payload)) } });
      }),
    );
  });

  it('writes UTF-8 JSON with the fields in a fixed order', () => {
    const envelope = sample({ payload: { b: 1 } });
    const shuffled = { payload: envelope.payload, actor: envelope.actor, hlc: envelope.hlc, origin: envelope.origin, aggregate: envelope.aggregate, v: 1, type: envelope.type, id: envelope.id } as Envelope;
    const text = new TextDecoder().decode(encodeEnvelope(shuffled));
    expect(Object.keys(JSON.parse(text))).toEqual(['id', 'type', 'v', 'aggregate', 'origin', 'hlc', 'actor', 'payload']);
    expect(text).toContain('"actor":"user:张三"');
    expect(encodeEnvelope(shuffled)).toEqual(encodeEnvelope(envelope));
  });

  describe('payload version pv', () => {
    it('is left out when absent or 1, so v1 messages stay byte-identical', () => {
      const envelope = sample();
      const plain = encodeEnvelope(envelope);
      expect(encodeEnvelope({ ...envelope, pv: 1 })).toEqual(plain);
      expect(new TextDecoder().decode(plain)).not.toContain('"pv"');
      expect(payloadVersion(envelope)).toBe(1);
      expect(decodeEnvelope(encodeEnvelope({ ...envelope, pv: 1 }))).toEqual({ ok: true, envelope });
    });

    it('is written before the payload and round-trips from 2 up to the maximum', () => {
      for (const pv of [2, 17, MAX_PAYLOAD_VERSION]) {
        const envelope = { ...sample(), pv };
        const text = new TextDecoder().decode(encodeEnvelope(envelope));
        expect(Object.keys(JSON.parse(text))).toEqual(['id', 'type', 'v', 'aggregate', 'origin', 'hlc', 'actor', 'pv', 'payload']);
        const decoded = decodeEnvelope(encodeEnvelope(envelope));
        expect(decoded).toEqual({ ok: true, envelope });
        expect(decoded.ok && payloadVersion(decoded.envelope)).toBe(pv);
      }
    });

    it.each([[0], [-1], [1.5], [MAX_PAYLOAD_VERSION + 1], ['2'], [null], [true]])('refuses pv %j on decode and encode', (pv) => {
      const reason = `field pv: must be an integer from 1 to ${MAX_PAYLOAD_VERSION}`;
      expect(reasonFor({ pv })).toBe(reason);
      expect(checkEnvelope({ ...sample(), pv })).toBe(reason);
      expect(() => encodeEnvelope({ ...sample(), pv } as Envelope)).toThrow(new InvalidEnvelopeError(reason));
    });
  });

  it('offers the codec under the name of the type', () => {
    const envelope = sample();
    expect(Envelope.decode(Envelope.encode(envelope))).toEqual({ ok: true, envelope });
    expect(Envelope.version).toBe(1);
    expect(Envelope.check(envelope)).toBeNull();
  });

  describe('decode refuses', () => {
    it('bytes that are not UTF-8', () => {
      expect(decodeEnvelope(Buffer.from([0xff, 0xfe]))).toEqual({ ok: false, reason: 'not valid UTF-8' });
      expect(decodeEnvelope(Uint8Array.from([0x7b, 0xc3, 0x28, 0x7d]))).toEqual({ ok: false, reason: 'not valid UTF-8' });
      // An encoded lone surrogate (CESU-style) is not valid UTF-8 either.
      expect(decodeEnvelope(Uint8Array.from([0x22, 0xed, 0xa0, 0x80, 0x22]))).toEqual({ ok: false, reason: 'not valid UTF-8' });
    });

    it('text that is not JSON', () => {
      const result = decodeEnvelope(utf8('{"id": '));
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toMatch(/^not JSON: /);
      expect(decodeEnvelope(new Uint8Array(0))).toEqual({ ok: false, reason: expect.stringMatching(/^not JSON: /) });
    });

    it('JSON that is not an object', () => {
      expect(decodeEnvelope(utf8('[1,2]'))).toEqual({ ok: false, reason: 'not a JSON object (got an array)' });
      expect(decodeEnvelope(utf8('null'))).toEqual({ ok: false, reason: 'not a JSON object (got null)' });
      expect(decodeEnvelope(utf8('"hello"'))).toEqual({ ok: false, reason: 'not a JSON object (got string)' });
      expect(decodeEnvelope(utf8('42'))).toEqual({ ok: false, reason: 'not a JSON object (got number)' });
    });

    it.each(['id', 'type', 'v', 'aggregate', 'origin', 'hlc', 'actor', 'payload'])('a missing %s', (field) => {
      expect(reasonFor({ [field]: undefined })).toBe(`field ${field}: missing`);
    });

    it('unexpected fields', () => {
      expect(reasonFor({ extra: 1 })).toBe('unexpected field extra');
      expect(reasonFor({ ['k'.repeat(10_000)]: 1 })).toBe(`unexpected field ${'k'.repeat(64)}…`);
      const text = JSON.stringify(sample()).replace(/^\{/, '{"__proto__":{"admin":true},');
      expect(decodeEnvelope(utf8(text))).toEqual({ ok: false, reason: 'unexpected field __proto__' });
    });

    it('another envelope version', () => {
      expect(reasonFor({ v: 2 })).toBe('unsupported envelope version 2');
      expect(reasonFor({ v: 2, extra: true })).toBe('unsupported envelope version 2');
      expect(reasonFor({ v: 0 })).toBe('unsupported envelope version 0');
      expect(reasonFor({ v: '1' })).toBe('field v: must be 1');
    });

    it.each([
      ['not-a-uuid'],
      ['0190d2b4-7c00-4000-8000-000000000000'], // version 4
      ['0190d2b4-7c00-7000-c000-000000000000'], // variant 110
      ['0190D2B4-7C00-7000-8000-000000000000'], // uppercase
      [42],
    ])('a bad id %j', (id) => {
      expect(reasonFor({ id })).toBe('field id: must be a UUIDv7');
    });

    it.each([['catalogue'], ['Catalogue.item'], ['catalogue.'], ['.item'], ['case.1accepted'], ['case..accepted'], ['case.' + 'a'.repeat(60)], [7]])(
      'a bad type %j',
      (type) => {
        expect(reasonFor({ type })).toMatch(/^field type: must be dotted lower-case words/);
      },
    );

    it('bad aggregates and actors', () => {
      expect(reasonFor({ aggregate: '' })).toBe('field aggregate: must be 1–128 characters (got 0)');
      expect(reasonFor({ aggregate: 'x'.repeat(129) })).toBe('field aggregate: must be 1–128 characters (got 129)');
      expect(reasonFor({ aggregate: 'a\nb' })).toBe('field aggregate: must not contain control characters');
      expect(reasonFor({ aggregate: 3 })).toBe('field aggregate: must be a string');
      expect(reasonFor({ actor: '' })).toBe('field actor: must be 1–64 characters (got 0)');
      expect(reasonFor({ actor: '张'.repeat(65) })).toBe('field actor: must be 1–64 characters (got 65)');
      expect(reasonFor({ actor: '张'.repeat(64) })).toBeUndefined();
      expect(reasonFor({ aggregate: 'x'.repeat(128) })).toBeUndefined();
    });

    it('bad origins and clocks', () => {
      expect(reasonFor({ origin: 'Conghua' })).toBe('field origin: must be a node id');
      expect(reasonFor({ origin: '-conghua' })).toBe('field origin: must be a node id');
      expect(reasonFor({ hlc: '2024-06-01T08:00:00Z' })).toBe('field hlc: must be a hybrid logical clock timestamp');
    });

    it('accepts any JSON payload, including null', () => {
      expect(reasonFor({ payload: null })).toBeUndefined();
      expect(reasonFor({ payload: [1, 'two'] })).toBeUndefined();
    });

    it('messages larger than 1 MiB', () => {
      expect(decodeEnvelope(new Uint8Array(MAX_ENVELOPE_BYTES + 1))).toEqual({ ok: false, reason: 'message larger than 1 MiB' });
      const justFits = JSON.stringify({ ...sample(), payload: '' });
      const padded = JSON.stringify({ ...sample(), payload: 'x'.repeat(MAX_ENVELOPE_BYTES - utf8(justFits).byteLength) });
      expect(utf8(padded).byteLength).toBe(MAX_ENVELOPE_BYTES);
      expect(decodeEnvelope(utf8(padded)).ok).toBe(true);
      expect(decodeEnvelope(utf8(padded.replace('"payload":"', '"payload":"x'))).ok).toBe(false);
    });

    it('anything without throwing (property)', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
          expect(decodeEnvelope(bytes).ok).toBe(false);
        }),
      );
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          expect(decodeEnvelope(utf8(JSON.stringify(value) ?? '')).ok).toBe(false);
        }),
      );
      expect(decodeEnvelope('not bytes' as unknown as Uint8Array)).toEqual({ ok: false, reason: 'not a byte array' });
    });
  });

  describe('encode refuses', () => {
    it('an invalid envelope, with the reason decode would give', () => {
      expect(() => encodeEnvelope(sample({ id: 'nope' }))).toThrow(new InvalidEnvelopeError('field id: must be a UUIDv7'));
      expect(() => encodeEnvelope(sample({ v: 2 }))).toThrow('unsupported envelope version 2');
      expect(() => encodeEnvelope({ ...sample(), extra: 1 } as Envelope)).toThrow('unexpected field extra');
    });

    it('payloads that would not survive JSON', () => {
      expect(checkEnvelope(sample({ payload: undefined }))).toBe('field payload: missing');
      expect(checkEnvelope(sample({ payload: [1, undefined] }))).toBe('field payload[1] must be a JSON value (got undefined)');
      expect(checkEnvelope(sample({ payload: { n: NaN } }))).toBe('field payload.n must be a finite number (got NaN)');
      expect(checkEnvelope(sample({ payload: { n: [-Infinity] } }))).toBe('field payload.n[0] must be a finite number (got -Infinity)');
      expect(checkEnvelope(sample({ payload: { at: new Date(T0) } }))).toBe(
        'field payload.at must be plain data, not a Date (convert it first, e.g. a date to an ISO string)',
      );
      expect(checkEnvelope(sample({ payload: { m: new Map([[1, 2]]) } }))).toMatch(/^field payload.m must be plain data, not a Map/);
      expect(checkEnvelope(sample({ payload: { s: new Set() } }))).toMatch(/^field payload.s must be plain data, not a Set/);
      expect(checkEnvelope(sample({ payload: { b: Buffer.from('x') } }))).toMatch(/^field payload.b must be plain data, not a Buffer/);
      expect(checkEnvelope(sample({ payload: { big: 1n } }))).toBe('field payload.big must be a JSON value (got bigint)');
      expect(checkEnvelope(sample({ payload: { f: () => 1 } }))).toBe('field payload.f must be a JSON value (got function)');
      const cycle: Record<string, unknown> = {};
      cycle.self = cycle;
      expect(checkEnvelope(sample({ payload: cycle }))).toBe('field payload.self is circular');
      const shared = { x: 1 };
      expect(checkEnvelope(sample({ payload: [shared, shared] }))).toBeNull();
    });

    it('nothing JSON keeps as it is: undefined properties and data-class instances', () => {
      class Department {
        constructor(
          readonly code: string,
          readonly note?: string,
        ) {}
      }
      const envelope = sample({ payload: { department: new Department('D1'), optional: undefined } });
      const decoded = decodeEnvelope(encodeEnvelope(envelope));
      expect(decoded.ok && decoded.envelope.payload).toStrictEqual({ department: { code: 'D1' } });
    });

    it('an envelope larger than 1 MiB', () => {
      const error = (() => {
        try {
          encodeEnvelope(sample({ payload: 'x'.repeat(MAX_ENVELOPE_BYTES) }));
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(InvalidEnvelopeError);
      expect((error as InvalidEnvelopeError).reason).toMatch(/^message larger than 1 MiB/);
      expect((error as Error).name).toBe('InvalidEnvelopeError');
    });
  });
});

describe('uuidv7', () => {
  const fixedRandom = (byte: number) => (n: number) => new Uint8Array(n).fill(byte);

  it('lays out time, version 7 and variant 10 as RFC 9562 says', () => {
    expect(uuidv7(0x0190_d2b4_7c00, fixedRandom(0xff))).toBe('0190d2b4-7c00-7fff-bfff-ffffffffffff');
    expect(uuidv7(0x0190_d2b4_7c00, fixedRandom(0x00))).toBe('0190d2b4-7c00-7000-8000-000000000000');
    expect(uuidv7(0, fixedRandom(0))).toBe('00000000-0000-7000-8000-000000000000');
    expect(uuidv7(2 ** 48 - 1, fixedRandom(0))).toBe('ffffffff-ffff-7000-8000-000000000000');
  });

  it('has version nibble 7 and variant 10xx with real randomness, and is valid', () => {
    for (let i = 0; i < 100; i++) {
      const id = uuidv7(T0 + i);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(isUuidV7(id)).toBe(true);
      expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(T0 + i);
    }
  });

  it('orders by time (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 2 }), fc.integer({ min: 1, max: 2 ** 20 }), (t, dt) => {
        const later = Math.min(t + dt, 2 ** 48 - 1);
        expect(uuidv7(t, fixedRandom(0xff)) < uuidv7(later, fixedRandom(0x00))).toBe(true);
      }),
    );
  });

  it('is unique', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => uuidv7(T0)));
    expect(ids.size).toBe(10_000);
  });

  it('refuses a time outside 48 bits and too few random bytes', () => {
    expect(() => uuidv7(-1)).toThrow(RangeError);
    expect(() => uuidv7(2 ** 48)).toThrow(RangeError);
    expect(() => uuidv7(1.5)).toThrow(RangeError);
    expect(() => uuidv7(T0, () => new Uint8Array(9))).toThrow(RangeError);
  });

  it('isUuidV7 accepts only canonical lowercase v7', () => {
    expect(isUuidV7('0190d2b4-7c00-7abc-9def-0123456789ab')).toBe(true);
    expect(isUuidV7('0190d2b4-7c00-7abc-9def-0123456789AB')).toBe(false);
    expect(isUuidV7('0190d2b4-7c00-4abc-9def-0123456789ab')).toBe(false);
    expect(isUuidV7('0190d2b4-7c00-7abc-7def-0123456789ab')).toBe(false);
    expect(isUuidV7('{0190d2b4-7c00-7abc-9def-0123456789ab}')).toBe(false);
    expect(isUuidV7(undefined)).toBe(false);
  });
});
