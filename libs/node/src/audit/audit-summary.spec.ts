import { summarizeBody } from './audit-summary';

describe('summarizeBody', () => {
  it('writes a body as JSON, secrets replaced and identity and phone numbers masked', () => {
    const summary = summarizeBody({ username: 'clerk02', password: 'Secret-pw-2026', applicant: { idNumber: '440106199001011235', phone: '13812345678' }, code: '12345678' });
    expect(summary).toContain('"username":"clerk02"');
    expect(summary).toContain('"password":"***"');
    expect(summary).toContain('"code":"***"');
    expect(summary).not.toContain('Secret-pw-2026');
    expect(summary).not.toContain('440106199001011235');
    expect(summary).not.toContain('13812345678');
    expect(JSON.parse(summary)).toMatchObject({ username: 'clerk02', applicant: {} });
  });

  it('writes binary bodies by their size, nothing for no body', () => {
    expect(summarizeBody(Buffer.alloc(12))).toBe('<12 bytes>');
    expect(summarizeBody(undefined)).toBe('');
    expect(summarizeBody(null)).toBe('');
  });

  it('stops at depth 8 and never throws on a body nested 100,000 levels', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = i % 2 === 0 ? [deep] : { a: deep };
    const summary = summarizeBody(deep);
    expect(summary.length).toBeLessThanOrEqual(2000);
    expect(summary).toMatch(/…/);
  });

  it('keeps at most 2,000 characters of a huge body', () => {
    const summary = summarizeBody({ items: Array.from({ length: 100_000 }, (_, i) => ({ name: `事项${i}`, note: 'x'.repeat(1000) })) });
    expect(summary).toHaveLength(2000);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('writes what JSON cannot hold as a placeholder instead of throwing', () => {
    const cyclic: Record<string, unknown> = { a: 1n, f: () => 1 };
    cyclic['self'] = cyclic;
    expect(() => summarizeBody(cyclic)).not.toThrow();
  });
});
