module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // The view-state checks of src/__testUtils__ (expectNote, expectErrorPanel …) assert.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expect*'] },
    ],
  },
});
