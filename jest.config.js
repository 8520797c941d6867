// Nest 12 is ES-module only, so Jest runs in ESM mode (NODE_OPTIONS=--experimental-vm-modules, see scripts/test.mjs).
// The @nestjs/swagger CLI plugin runs here as in `nest build` (same options as nest-cli.json), so the tests see the
// OpenAPI schemas production serves. It reads types, so ts-jest compiles with a program (tsconfig.spec.json), not file by file:
// a cold run is slower (ts-jest keeps one configuration per Jest project, so it cannot be limited to DTOs and
// controllers); the transform cache makes later runs as fast as before.
const swaggerPluginOptions = {
  introspectComments: true,
  classValidatorShim: true,
  dtoFileNameSuffix: ['.dto.ts'],
  controllerFileNameSuffix: ['.controller.ts'],
  esmCompatible: true,
};

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  moduleNameMapper: {
    '^#libs/(.*)\\.js$': '<rootDir>/libs/$1',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
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
  testTimeout: 60000,
};
