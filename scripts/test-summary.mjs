#!/usr/bin/env node
// Adds up the jest result files (`--json --outputFile`) that the test gates
// of scripts/test-all.sh wrote into one folder, and prints one closing line
// in the plain form any CI reads: `tests: N passed, N failed, N skipped`.
// Exits 1 when no test ran at all or a file is missing or unreadable, so a
// gate that silently ran nothing cannot pass as "all green".
//
//   node scripts/test-summary.mjs DIR
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/test-summary.mjs DIR');
  process.exit(2);
}
const files = readdirSync(dir)
  .filter(f => f.endsWith('.json'))
  .sort();
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files) {
  let result;
  try {
    result = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (e) {
    console.error(
      `test-summary: ${file} is not a jest result file: ${e.message}`,
    );
    process.exit(1);
  }
  passed += result.numPassedTests ?? 0;
  failed += result.numFailedTests ?? 0;
  skipped += (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
  console.log(
    `test-summary: ${file.replace(/\.json$/, '')}: ${
      result.numTotalTestSuites
    } suites, ` +
      `${result.numPassedTests} passed, ${result.numFailedTests} failed`,
  );
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (files.length === 0 || passed + failed === 0) {
  console.error(
    `test-summary: no test ran (${files.length} result files in ${dir})`,
  );
  process.exit(1);
}
if (failed > 0) process.exit(1);
