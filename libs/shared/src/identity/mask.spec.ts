import fc from 'fast-check';
import { maskCreditCode, maskIdentifiers, maskPhone, maskResidentId } from './mask';

/** Independent check character (Σ a(i)·2^(18-i) ≡ 1 mod 11 over all 18 positions, X = 10). */
function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 1; i <= 17; i++) sum += Number(first17[i - 1]) * (2 ** (18 - i) % 11);
  const a18 = (12 - (sum % 11)) % 11;
  return a18 === 10 ? 'X' : String(a18);
}

const validResidentId = fc
  .record({
    address: fc.integer({ min: 10_000, max: 999_999 }),
    day: fc.integer({ min: Date.UTC(1900, 0, 1) / 86_400_000, max: Date.UTC(2025, 11, 31) / 86_400_000 }),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ address, day, sequence }) => {
    const birth = new Date(day * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const first17 = `${String(address).padStart(6, '0')}${birth}${String(sequence).padStart(3, '0')}`;
    return first17 + checkCharacter(first17);
  });

const mobile = fc
  .tuple(fc.constantFrom('3', '4', '5', '6', '7', '8', '9'), fc.integer({ min: 0, max: 999_999_999 }))
  .map(([second, rest]) => `1${second}${String(rest).padStart(9, '0')}`);

/** Text around an identifier: anything, including digits, Chinese, JSON punctuation and astral characters. */
const text = fc.string({ unit: fc.constantFrom('a', 'X', 'x', '1', '8', '6', '+', '-', ' ', '"', ':', '{', '}', '号', '，', '😀', '\n'), maxLength: 40 });
const anyText = fc.oneof(text, fc.string({ unit: 'binary', maxLength: 40 }));
/** A character that is not a digit, so the identifier is not part of a longer digit run. */
const separator = fc.constantFrom(' ', '"', ':', '=', 'a', 'X', 'x', '号', '，', '\n', '-', '+', '😀');

describe('maskResidentId', () => {
  it('keeps the first 4 and last 4 characters', () => {
    expect(maskResidentId('44010619900101123X')).toBe('4401**********123X');
    expect(maskResidentId('440106199001011235')).toBe('4401**********1235');
  });

  it('masks at least half of anything else it is given', () => {
    expect(maskResidentId('110105491231002')).toBe('110********1002');
    expect(maskResidentId('12345678')).toBe('12****78');
    expect(maskResidentId('123')).toBe('**3');
    expect(maskResidentId('1')).toBe('*');
    expect(maskResidentId('')).toBe('');
  });
});

describe('maskCreditCode', () => {
  it('keeps the first 4 and last 4 characters', () => {
    expect(maskCreditCode('91350100M000100Y43')).toBe('9135**********0Y43');
    expect(maskCreditCode('91350100M00')).toBe('91******M00');
  });
});

describe('maskPhone', () => {
  it('keeps the first 3 and last 4 digits of a mainland mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('19912345678')).toBe('199****5678');
  });

  it('keeps the first 2 and last 2 characters of other numbers, masking at least half', () => {
    expect(maskPhone('02012345678')).toBe('02*******78');
    expect(maskPhone('12345678901')).toBe('12*******01');
    expect(maskPhone('020-8765432')).toBe('02*******32');
    expect(maskPhone('87654321')).toBe('87****21');
    expect(maskPhone('12345')).toBe('1***5');
    expect(maskPhone('110')).toBe('**0');
  });
});

describe('maskIdentifiers', () => {
  it('masks an id and a mobile number in a JSON log line', () => {
    const line = '{"level":"info","msg":"case submitted","applicant":{"idNumber":"440106199001011235","phone":"13812345678"},"caseId":42}';
    expect(maskIdentifiers(line)).toBe('{"level":"info","msg":"case submitted","applicant":{"idNumber":"4401**********1235","phone":"138****5678"},"caseId":42}');
  });

  it('masks ids ending in X or x, next to letters and Chinese text', () => {
    expect(maskIdentifiers('身份证号11010519491231002X，电话13812345678。')).toBe('身份证号1101**********002X，电话138****5678。');
    expect(maskIdentifiers('id=11010519491231002x&next')).toBe('id=1101**********002x&next');
    expect(maskIdentifiers('A11010519491231002X7')).toBe('A1101**********002X7');
  });

  it('masks mobile numbers after a +86, 0086 or 86 country code', () => {
    expect(maskIdentifiers('tel +8613812345678')).toBe('tel +86138****5678');
    expect(maskIdentifiers('tel 008613812345678')).toBe('tel 0086138****5678');
    expect(maskIdentifiers('tel +86 13812345678')).toBe('tel +86 138****5678');
    expect(maskIdentifiers('tel 86-13812345678')).toBe('tel 86-138****5678');
  });

  it('leaves numbers alone that are part of a longer digit run', () => {
    const line = 'order 12345678901234567890 paid; 44010619900101123544; 138123456789; ts 1712345678901; 213812345678';
    expect(maskIdentifiers(line)).toBe(line);
    // 19 digits then X: the X does not make the first 18 digits an id.
    expect(maskIdentifiers('1440106199001011235X')).toBe('1440106199001011235X');
  });

  it('leaves other numbers and text alone', () => {
    const line = 'case 2026-02-13 12:00:00 took 12345 ms, 1234567890 bytes; phone 12345678901; 020-12345678';
    expect(maskIdentifiers(line)).toBe(line);
    expect(maskIdentifiers('')).toBe('');
  });

  it('never lets a full resident id through, wherever it sits in the text', () => {
    fc.assert(
      fc.property(validResidentId, anyText, separator, separator, anyText, fc.boolean(), fc.boolean(), (id, before, left, right, after, atStart, atEnd) => {
        const input = `${atStart ? '' : before + left}${id}${atEnd ? '' : right + after}`;
        const output = maskIdentifiers(input);
        expect(output).not.toContain(id);
        expect(output).toContain(`${id.slice(0, 4)}**********${id.slice(14)}`);
        expect(output.length).toBe(input.length);
      }),
    );
  });

  it('never lets a full id or mobile number through in a JSON log line with random fields', () => {
    fc.assert(
      fc.property(validResidentId, mobile, fc.jsonValue(), (id, phone, extra) => {
        const output = maskIdentifiers(JSON.stringify({ extra, applicant: { idNumber: id, phone }, extra2: extra }));
        expect(output).not.toContain(id);
        expect(output).not.toContain(phone);
        expect(output).toContain(`"phone":"${phone.slice(0, 3)}****${phone.slice(7)}"`);
      }),
    );
  });

  it('changes nothing in text without digits, and masking twice is masking once', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        const noDigits = s.replace(/\d/g, '');
        expect(maskIdentifiers(noDigits)).toBe(noDigits);
      }),
    );
    fc.assert(
      fc.property(validResidentId, mobile, text, text, (id, phone, a, b) => {
        const once = maskIdentifiers(`${a} ${id} ${b} ${phone} ${a}`);
        expect(maskIdentifiers(once)).toBe(once);
      }),
    );
  });
});
