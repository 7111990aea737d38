module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // Written by `npm run codegen`, checked by the compiler instead.
  ignorePatterns: ['src/api/generated/'],
  overrides: [
    {
      // The end-to-end test is a Node script that reports what it measured and skipped.
      files: ['e2e/**'],
      rules: { 'no-console': 'off' },
    },
  ],
});
