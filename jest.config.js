// Deterministic dates: every test runs in China Standard Time, whatever the machine says.
process.env.TZ = 'Asia/Shanghai';

// ts-jest without type checking (`npm run typecheck` does that once for all code): fast on two cores, and
// pure JavaScript (native transformers' platform packages are not all on the registry we can reach).
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }];

const common = {
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: {
    '^@liandong/(shared|sync|node)$': '<rootDir>/libs/$1/src/index.ts',
    '^@liandong/(federation|harness)$': '<rootDir>/tools/$1/src/index.ts',
  },
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};

/** @type {import('jest').Config} */
module.exports = {
  // Integration tests start real servers and processes.
  testTimeout: 60000,
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
    },
  ],
};
