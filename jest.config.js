// Deterministic dates: every test runs in China Standard Time, whatever the machine says.
process.env.TZ = 'Asia/Shanghai';

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const common = {
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@liandong/(shared|sync|node)$': '<rootDir>/libs/$1/src/index.ts',
    '^@liandong/federation$': '<rootDir>/tools/federation/src/index.ts',
  },
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/*/src/**/*.spec.ts', '<rootDir>/tools/*/src/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/libs/*/test/**/*.spec.ts', '<rootDir>/tools/*/test/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
      testTimeout: 60000,
    },
  ],
};
