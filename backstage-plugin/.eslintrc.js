module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // Written by `npm run codegen`, checked by the compiler instead.
  ignorePatterns: ['src/api/generated/'],
});
