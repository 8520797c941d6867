// Runs the @nestjs/swagger CLI plugin under ts-jest (astTransformers), so tests see the same OpenAPI
// schemas as `nest build`. ts-jest calls `factory` with its compiler at each emit; the plugin needs the
// type-checked program of that emit (the language service's current one, not the one made at start-up).
const { before } = require('@nestjs/swagger/plugin');

module.exports = {
  name: 'nestjs-swagger-plugin',
  version: 2,
  factory: (compiler, options) => before({ ...options }, compiler._languageService?.getProgram() ?? compiler.program),
};
