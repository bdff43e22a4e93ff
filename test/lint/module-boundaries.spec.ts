import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

interface Probe {
  readonly name: string;
  readonly file: string;
  readonly code: string;
  readonly allowed: boolean;
}

const use = (what: string, from: string): string => `import { ${what} } from "${from}";\nexport const probe = ${what};\n`;

/** Imports the lint must refuse or allow (DESIGN.md §2: apps → node → (sync, shared); sync → shared; shared → nothing). */
const PROBES: readonly Probe[] = [
  { name: 'shared imports @nestjs/common', file: 'libs/shared/src/probe.ts', code: use('Injectable', '@nestjs/common'), allowed: false },
  { name: 'shared imports typeorm', file: 'libs/shared/src/probe.ts', code: use('DataSource', 'typeorm'), allowed: false },
  { name: 'shared imports @nats-io/transport-node', file: 'libs/shared/src/probe.ts', code: use('connect', '@nats-io/transport-node'), allowed: false },
  { name: 'shared imports @liandong/sync', file: 'libs/shared/src/probe.ts', code: use('NatsLink', '@liandong/sync'), allowed: false },
  { name: 'shared imports @liandong/node', file: 'libs/shared/src/probe.ts', code: use('bootstrapNode', '@liandong/node'), allowed: false },
  { name: 'shared reaches into sync by a relative path', file: 'libs/shared/src/probe.ts', code: use('NatsLink', '../../sync/src'), allowed: false },
  { name: 'shared imports its own files', file: 'libs/shared/src/probe.ts', code: use('TIERS', './tier'), allowed: true },
  { name: 'sync imports shared', file: 'libs/sync/src/probe.ts', code: use('TIERS', '@liandong/shared'), allowed: true },
  { name: 'sync imports the node', file: 'libs/sync/src/probe.ts', code: use('bootstrapNode', '@liandong/node'), allowed: false },
  { name: 'an app imports the node', file: 'apps/city-node/src/probe.ts', code: use('bootstrapNode', '@liandong/node'), allowed: true },
  { name: 'node code imports the test harness', file: 'libs/node/src/probe.ts', code: use('startNatsServer', '@liandong/harness'), allowed: false },
  { name: 'a node test imports the test harness', file: 'libs/node/test/probe.spec.ts', code: use('startNatsServer', '@liandong/harness'), allowed: true },
  { name: 'the harness imports the node', file: 'tools/harness/src/probe.ts', code: use('bootstrapNode', '@liandong/node'), allowed: false },
  { name: 'an app imports sync directly', file: 'apps/city-node/src/probe.ts', code: use('NatsLink', '@liandong/sync'), allowed: false },
];

describe('Nx module boundaries (npm run lint)', () => {
  let results: string[][];

  beforeAll(() => {
    const run = spawnSync(process.execPath, [resolve(__dirname, 'lint-probes.js'), JSON.stringify(PROBES)], { encoding: 'utf8', timeout: 60000 });
    if (run.status !== 0) throw new Error(`lint-probes failed: ${run.stderr}`);
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (line === undefined) throw new Error(`lint-probes printed no result:\n${run.stdout}`);
    expect(run.stdout).not.toContain('The rule will be skipped');
    results = JSON.parse(line.slice('RESULT '.length)) as string[][];
  });

  it.each(PROBES.map((p, i) => [p.name, p.allowed, i] as const))('%s → allowed: %s', (_name, allowed, i) => {
    const errors = results[i] ?? [];
    if (allowed) expect(errors).toEqual([]);
    else expect(errors).toHaveLength(1);
  });
});
