module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // Written by `npm run codegen`, checked by the compiler instead.
  ignorePatterns: ['src/api/generated/'],
  overrides: [
    {
      // The end-to-end test and the build's scripts are Node scripts that report what they do.
      files: ['e2e/**', 'scripts/**'],
      rules: { 'no-console': 'off' },
    },
  ],
});
