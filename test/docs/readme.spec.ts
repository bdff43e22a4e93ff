import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_VARIABLES } from '@liandong/node';

const root = resolve(__dirname, '../..');
const readme = readFileSync(resolve(root, 'README.md'), 'utf8');

describe('README', () => {
  it('shows exactly the two set-up commands', () => {
    const commands = [...readme.matchAll(/```sh\n(npm ci && npm (?:start|test))\n```/g)].map((m) => m[1]);
    expect(commands).toEqual(['npm ci && npm start', 'npm ci && npm test']);
  });

  it('documents every configuration variable the node reads, with its default', () => {
    for (const variable of CONFIG_VARIABLES) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${variable.name}\` |`));
      expect(row).toBeDefined();
      expect(row).toContain(variable.default ?? '—');
      // The columns "required on" and "default" are the table's, exactly.
      const [, required, fallback] = (row as string).split(' | ');
      expect({ variable: variable.name, required, fallback }).toEqual({
        variable: variable.name,
        required: variable.requiredFor.length === 0 ? '—' : variable.requiredFor.join(', '),
        fallback: variable.default ?? '—',
      });
    }
  });

  it('is what .ci/run runs', () => {
    const ci = readFileSync(resolve(root, '.ci/run'), 'utf8');
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});
