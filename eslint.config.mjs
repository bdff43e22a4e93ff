import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Packages that pure domain code (libs/shared) must never import. */
const FRAMEWORK_PACKAGES = [
  '@nestjs/*',
  'typeorm',
  '@nats-io/*',
  'nats',
  'better-sqlite3',
  'pg',
  'express',
  'class-validator',
  'class-transformer',
  'reflect-metadata',
  'nestjs-pino',
  'pino',
];

const TEST_FILES = ['**/*.spec.ts', '**/test/**/*.ts'];

/**
 * DESIGN.md §2: apps → node → (sync, shared); sync → shared; shared → nothing of ours.
 * Test files may also use the test harness in tools/harness (real nats-server, PostgreSQL helpers).
 */
function boundaries(forTests) {
  const harness = forTests ? ['scope:harness'] : [];
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      // libs/shared: pure domain. Nothing of ours, no framework, no database, no NATS.
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: [...harness], bannedExternalImports: FRAMEWORK_PACKAGES },
      // libs/sync: replication; may use only the shared domain.
      { sourceTag: 'scope:sync', onlyDependOnLibsWithTags: ['scope:shared', ...harness] },
      // libs/node: the NestJS node.
      { sourceTag: 'scope:node', onlyDependOnLibsWithTags: ['scope:shared', 'scope:sync', ...harness] },
      // apps: thin entry points that bootstrap the node.
      { sourceTag: 'scope:app', onlyDependOnLibsWithTags: ['scope:node'] },
      // tools/harness: real nats-server and PostgreSQL for tests and npm start; nothing of ours.
      { sourceTag: 'scope:harness', onlyDependOnLibsWithTags: [] },
      // apps/web: the browser app; only the pure domain (no Nest, TypeORM, NATS or database in a browser).
      { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:shared'], bannedExternalImports: FRAMEWORK_PACKAGES },
      // tools/federation (npm start) and tools/bench (npm run bench:sync).
      { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:node', 'scope:sync', 'scope:shared', 'scope:harness'] },
    ],
  };
}

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.nx/**', '.data/**', 'coverage/**', '**/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries(false)],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name='only']", message: 'Focused tests skip their siblings.' },
      ],
    },
  },
  {
    files: TEST_FILES,
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(true)] },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
