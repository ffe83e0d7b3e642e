/* eslint-disable no-console */
/**
 * Writes fixtures/demo/<cluster>/*.yaml from src/demo/ (deterministic).
 * Run: yarn workspace @portolan/kube-sim generate-demo-fixtures
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { renderDemoFixtures } from '../src/demo/renderDemoFixtures';

async function main() {
  const root = resolve(__dirname, '..', 'fixtures', 'demo');
  const files = renderDemoFixtures();
  await rm(root, { recursive: true, force: true });
  for (const [path, text] of files) {
    const full = join(root, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, text);
  }
  const clusters = await readdir(root);
  console.log(
    `wrote ${files.size} files for ${clusters.length} clusters in ${root}`,
  );
}

main().catch(err => {
  console.error(err);
  process.exit(1);
});
