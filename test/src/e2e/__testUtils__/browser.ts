/*
 * A real browser for the end-to-end tests: Debian's chromium (installed by
 * `./portolan test` through apt), driven by playwright-core. Never a
 * downloaded browser. Screenshots go to test-results/e2e/ (git-ignored);
 * with UPDATE_SCREENSHOTS=1 they are also copied to docs/screenshots/ for
 * the README, refusing any over 200 KB.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  chromium,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { repoRoot } from '../../exampleBackend';

export const CHROMIUM = '/usr/bin/chromium';
export const RESULTS_DIR = path.join(repoRoot, 'test-results/e2e');
export const DOCS_SCREENSHOTS_DIR = path.join(repoRoot, 'docs/screenshots');
/** The README's screenshots stay small. */
export const MAX_DOCS_SCREENSHOT_BYTES = 200 * 1024;

export interface Browser {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Debian's chromium with a fresh profile. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: the browser tests use Debian's chromium. Install it with 'apt-get install -y chromium' (./portolan test does so on CI).`,
    );
  }
  const profile = await mkdtemp(path.join(tmpdir(), 'portolan-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1360, height: 860 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context.setDefaultTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the locator's text matches, and returns it. */
export async function waitForText(
  locator: Locator,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      last = (await locator.first().innerText({ timeout: 2_000 })) ?? '';
      if (pattern.test(last)) return last;
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${pattern} in ${locator}; last text:\n${last}`,
      );
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

/**
 * Saves a screenshot as a test artifact, and for the README's images
 * (`docs: true`) with UPDATE_SCREENSHOTS=1 also in docs/screenshots/ (when
 * small enough).
 */
export async function screenshot(
  page: Page,
  name: string,
  options?: { docs?: boolean },
): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  if (options?.docs && process.env.UPDATE_SCREENSHOTS === '1') {
    const { size } = await stat(file);
    if (size > MAX_DOCS_SCREENSHOT_BYTES) {
      throw new Error(
        `${name}.png is ${Math.round(
          size / 1024,
        )} KB; README screenshots must stay under ${
          MAX_DOCS_SCREENSHOT_BYTES / 1024
        } KB`,
      );
    }
    await mkdir(DOCS_SCREENSHOTS_DIR, { recursive: true });
    await copyFile(file, path.join(DOCS_SCREENSHOTS_DIR, `${name}.png`));
  }
  return file;
}
