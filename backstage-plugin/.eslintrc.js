module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // Generated code is checked by the compiler instead; the test apps and the catalog-client test
  // are packages of their own, with their own dependencies.
  ignorePatterns: ['src/api/generated/', 'test-apps/', 'e2e/catalog-client/'],
  overrides: [
    {
      // The end-to-end test and the build's scripts are Node scripts that report what they do.
      files: ['e2e/**', 'scripts/**'],
      rules: { 'no-console': 'off' },
    },
  ],
});
