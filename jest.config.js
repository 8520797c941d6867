import { readFileSync } from 'node:fs';
// Nest 12 is ES-module only, so Jest runs in ESM mode (NODE_OPTIONS=--experimental-vm-modules, see scripts/test.mjs).
// The @nestjs/swagger CLI plugin (same options as nest-cli.json) runs for the test that checks the OpenAPI document,
// so it sees the schemas `nest build` serves. The plugin reads types, so that project compiles with a type-checked
// program (tsconfig.spec.json): two to three times the CPU of file-by-file compiling, which every other test keeps.
// Two projects because ts-jest keeps one compiler per Jest project.
const OPENAPI_TESTS = ['<rootDir>/test/security/openapi.e2e-spec.ts'];

// The plugin's options as `nest build` uses them.
const swaggerPluginOptions = JSON.parse(
  readFileSync(new URL('./nest-cli.json', import.meta.url), 'utf8'),
).compilerOptions.plugins.find((p) => p.name === '@nestjs/swagger').options;

const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  moduleNameMapper: {
    '^#libs/(.*)\\.js$': '<rootDir>/libs/$1',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
};

/** @type {import('jest').Config} */
export default {
  // A global option: inside a project Jest ignores it, and every test would get the default 5 s.
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'tests',
      testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...OPENAPI_TESTS],
      transform: {
        '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }],
      },
    },
    {
      ...common,
      displayName: 'openapi',
      testMatch: OPENAPI_TESTS,
      transform: {
        '^.+\\.ts$': [
          'ts-jest',
          {
            useESM: true,
            tsconfig: 'tsconfig.spec.json',
            // No type diagnostics here (`tsc` checks types), nor the note that NodeNext output wants isolatedModules.
            diagnostics: { exclude: ['**'], ignoreCodes: [151002] },
            astTransformers: {
              before: [{ path: '<rootDir>/test/support/swagger-plugin.cjs', options: swaggerPluginOptions }],
            },
          },
        ],
      },
    },
  ],
};
