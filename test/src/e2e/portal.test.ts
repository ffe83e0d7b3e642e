/*
 * The portal in a real browser: a service owner sees where their commit is,
 * a platform team sees its fleet, and a cluster going down shows up as such
 * while the others keep their data. Runs against the portal started by
 * `./portolan start` (see startPortal.ts) and Debian's chromium. The live
 * update scenarios (__testUtils__/liveUpdatesScenarios.ts) run on the same portal.
 */
import type { Page } from 'playwright-core';
import {
  launchBrowser,
  screenshot,
  waitForText,
  type Browser,
} from './__testUtils__/browser';
import {
  DEMO_CLUSTERS,
  startPortal,
  type RunningPortal,
} from './__testUtils__/startPortal';
import { describeLiveUpdates } from './__testUtils__/liveUpdatesScenarios';

// Starting the portal compiles the app (about a minute on 2 cores).
jest.setTimeout(600_000);

describe('the portal in a browser', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    portal = await startPortal();
    // eslint-disable-next-line no-console
    console.log(
      `portal ready in ${portal.startupSeconds}s at ${portal.appUrl}`,
    );
    browser = await launchBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  async function open(pathname: string) {
    await page.goto(`${portal.appUrl}${pathname}`);
    // A fresh profile sees the guest sign-in page first; later loads are
    // signed in already.
    const enter = page.getByRole('button', { name: /^enter$/i });
    // The sidebar's links (its <nav> itself has no height to be visible).
    const sidebar = page.getByRole('link', { name: 'Catalog' }).first();
    const deadline = Date.now() + 60_000;
    while (!(await sidebar.isVisible())) {
      if (await enter.isVisible()) await enter.click();
      if (Date.now() > deadline) {
        throw new Error(`Not signed in after 60 s on ${pathname}`);
      }
      await page.waitForTimeout(250);
    }
  }

  async function deliveryTab(service: string) {
    await open(`/catalog/default/component/${service}/delivery`);
    await page
      .getByRole('tablist', { name: 'Delivery sections' })
      .waitFor({ timeout: 60_000 });
  }

  it('shows a service’s delivery: Tekton runs, Argo CD deployments and the clusters running it, with provider badges', async () => {
    await deliveryTab('storefront-web');
    const timeline = page.getByRole('table', { name: 'Delivery timeline' });
    const text = await waitForText(timeline, /Tekton/);
    expect(text).toMatch(/Succeeded|Running|Failed/);
    expect(text).toMatch(/Argo CD/);
    expect(text).toMatch(/storefront-web-(prod|staging|dev)/);
    expect(text).toMatch(/Synced|Out of sync/);
    expect(text).toMatch(/Healthy|Progressing|Degraded/);
    await expect(
      timeline.getByLabel(/^Provider (GKE|EKS|AKS|ROSA|k3s|DOKS):/).count(),
    ).resolves.toBeGreaterThan(0);
    await screenshot(page, 'delivery-timeline', { docs: true });
  });

  it('shows a buildpacks image: buildpacks, run image, rebase state and its kpack builds', async () => {
    // invoice-worker is built by kpack; without a registry configured the
    // demo's buildpacks facts come from kpack (docs/demo-world.md).
    await deliveryTab('invoice-worker');
    await page.getByRole('tab', { name: /^Images/ }).click();
    const images = page.getByRole('table', { name: 'Images' });
    const text = await waitForText(images, /paketo-buildpacks\//);
    expect(text).toMatch(/Rebase available|Run image up to date/);
    await expect(
      images.getByLabel('Built with Cloud Native Buildpacks').count(),
    ).resolves.toBeGreaterThan(0);
    await expect(
      images.getByLabel(/^Provider (GKE|EKS|AKS):/).count(),
    ).resolves.toBeGreaterThan(0);
    expect(
      await waitForText(
        page.getByRole('region', { name: 'kpack image invoice-worker' }),
        /COMMIT|CONFIG|BUILDPACK|STACK|TRIGGER|LIFECYCLE/,
      ),
    ).toMatch(/Succeeded|Failed|Running/);
    await screenshot(page, 'delivery-images', { docs: true });
  });

  it('shows Jenkins X runs in the pipeline runs table', async () => {
    await deliveryTab('search-indexer');
    await page.getByRole('tab', { name: /^Pipeline runs/ }).click();
    const runs = page.getByRole('table', { name: 'Pipeline runs' });
    expect(await waitForText(runs, /Jenkins X/)).toMatch(
      /acme-search-indexer-main-\d+/,
    );
    await screenshot(page, 'pipeline-runs-jenkins-x');
  });

  it('opens a run and reads a step’s log', async () => {
    await deliveryTab('storefront-web');
    await page.getByRole('tab', { name: /^Pipeline runs/ }).click();
    const runs = page.getByRole('table', { name: 'Pipeline runs' });
    await waitForText(runs, /Tekton/);
    await runs
      .getByRole('button', { name: /^Open run / })
      .first()
      .click();
    const drawer = page.getByRole('dialog', { name: /^Pipeline run / });
    await waitForText(drawer, /Exit code|Step/);
    await drawer
      .getByRole('button', { name: /^Show log of step / })
      .first()
      .click();
    const log = drawer.getByRole('log');
    expect(await waitForText(log, /\w/)).not.toBe('(the log is empty)');
    await screenshot(page, 'pipeline-run-logs', { docs: true });
  });

  it('hides step logs of another team’s service, saying why', async () => {
    await deliveryTab('payments-api');
    await page.getByRole('tab', { name: /^Pipeline runs/ }).click();
    const runs = page.getByRole('table', { name: 'Pipeline runs' });
    await waitForText(runs, /Tekton/);
    await runs
      .getByRole('button', { name: /^Open run / })
      .first()
      .click();
    const drawer = page.getByRole('dialog', { name: /^Pipeline run / });
    await waitForText(drawer.getByLabel('Logs hidden'), /portolan\.logs\.read/);
    await expect(
      drawer.getByRole('button', { name: /^Show log of step / }).count(),
    ).resolves.toBe(0);
  });

  it('shows the overview cards', async () => {
    await open('/catalog/default/component/storefront-web');
    const pipelines = page.getByText('Latest run');
    await pipelines.waitFor({ timeout: 60_000 });
    const deployments = page.getByRole('table', { name: 'Deployment status' });
    expect(await waitForText(deployments, /Synced|Out of sync/)).toMatch(
      /Healthy|Progressing|Degraded|Missing|Suspended|Health unknown/,
    );
    await pipelines.scrollIntoViewIfNeeded();
    await screenshot(page, 'entity-overview-cards', { docs: true });
  });

  it('lists every demo cluster on the Clusters page with the right provider', async () => {
    await open('/');
    await page.getByRole('link', { name: 'Clusters' }).first().click();
    const table = page.getByRole('table', { name: 'Clusters' });
    await waitForText(table, /gke-prod-eu/);
    for (const [name, provider] of Object.entries(DEMO_CLUSTERS)) {
      const row = table.locator(`tr[data-cluster="${name}"]`);
      const badge = row.getByLabel(/^Provider /);
      const badgeText = (await badge.first().innerText()).trim();
      expect({ name, provider: badgeText }).toEqual({
        name,
        provider: expect.stringMatching(provider),
      });
      await waitForText(row, /Synced/);
    }
    await screenshot(page, 'clusters', { docs: true });

    await page.getByRole('tab', { name: 'Offerings' }).click();
    await waitForText(
      page.getByRole('table', { name: 'Offerings' }),
      /eks-prod-us/,
    );
    await screenshot(page, 'offerings', { docs: true });
  });

  it('shows a service’s onboarding checklist, with the fix for a step not met', async () => {
    // payments-api belongs to team-payments: the guest (team-storefront) may
    // not read its logs, so that step is not met whatever runs, and shows
    // what to add.
    await open('/catalog/default/component/payments-api');
    const steps = page.getByRole('list', { name: 'Onboarding steps' });
    const text = await waitForText(steps, /Logs are readable/, 60_000);
    for (const title of [
      'An owner is set',
      'Workloads run on a cluster',
      'Pipeline runs are found',
      'Argo CD applications are found, synced and healthy',
    ]) {
      expect(text).toContain(title);
    }
    expect(text).toMatch(/\b(Met|Not met|Unknown)\b/);
    await page.getByText(/^\d of 6 steps met$/).waitFor();
    const logs = steps.locator('[data-step="logs"]');
    expect(await waitForText(logs, /Not met/)).toMatch(/portolan\.logs\.read/);
    const fix = logs.getByRole('group', { name: 'Fix: Logs are readable' });
    expect(await waitForText(fix, /Why:/)).toMatch(/Where:/);
    await expect(fix.locator('pre code').count()).resolves.toBe(1);
    // The card's title at the top of the screenshot.
    await page
      .getByText('Onboarding', { exact: true })
      .first()
      .evaluate(el => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'onboarding-card', { docs: true });
  });

  it('lists the demo services by onboarding completeness on the Clusters page', async () => {
    await open('/portolan/clusters');
    await page.getByRole('tab', { name: 'Onboarding' }).click();
    const table = page.getByRole('table', { name: 'Services by onboarding' });
    const text = await waitForText(table, /storefront-web/, 60_000);
    for (const service of [
      'payments-api',
      'ledger',
      'invoice-worker',
      'cart-service',
      'search-indexer',
    ]) {
      expect(text).toContain(service);
    }
    const storefrontWeb = table.locator(
      'tr[data-entity="component:default/storefront-web"]',
    );
    await waitForText(storefrontWeb, /\b[0-6]\/6\b/);
    // The owner's and system's names come from the catalog a moment later
    // (`Storefront`); their links do not change.
    const links = await storefrontWeb
      .getByRole('link')
      .evaluateAll(anchors => anchors.map(a => a.getAttribute('href')));
    expect(links).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\/component\/storefront-web$/),
        expect.stringMatching(/\/group\/team-storefront$/),
        expect.stringMatching(/\/system\/storefront$/),
      ]),
    );
    // Least complete first: the completeness bars never decrease.
    const completeness = await table
      .locator('tbody tr')
      .evaluateAll(rows =>
        rows.map(row =>
          Number(
            row
              .querySelector('[role="progressbar"]')
              ?.getAttribute('aria-valuenow'),
          ),
        ),
      );
    expect(completeness.length).toBeGreaterThanOrEqual(9);
    expect(completeness).toEqual([...completeness].sort((a, b) => a - b));
    await expect(
      table.getByRole('img', { name: /: (Met|Not met|Unknown)$/ }).count(),
    ).resolves.toBeGreaterThan(0);
    expect(
      await waitForText(
        page.getByRole('table', { name: 'Onboarding steps across the fleet' }),
        /An owner is set/,
      ),
    ).toMatch(/\d+\/\d+/);
    await screenshot(page, 'onboarding-fleet', { docs: true });
  });

  // Before the cluster outage below: they need every cluster up.
  describeLiveUpdates(() => portal);

  it('shows a cluster taken down in kube-sim within seconds, the others keeping their data', async () => {
    await open('/portolan/clusters');
    const table = page.getByRole('table', { name: 'Clusters' });
    await waitForText(
      table.locator('tr[data-cluster="eks-prod-us"]'),
      /Synced/,
    );

    await portal.fault('eks-prod-us', 'down');
    try {
      const started = Date.now();
      // A cluster that was synced keeps its data and turns `stale`; one never
      // reached is `unreachable`. Either way the page says it, with why.
      const eks = await waitForText(
        table.locator('tr[data-cluster="eks-prod-us"]'),
        /Stale|Unreachable/,
        45_000,
      );
      const seconds = Math.round((Date.now() - started) / 1000);
      // eslint-disable-next-line no-console
      console.log(`eks-prod-us shown as down after ${seconds}s: ${eks}`);
      // The reason is the backend's: the API server refuses connections.
      // (or resets the connections it had open).
      expect(eks).toMatch(
        /ECONNREFUSED|refused|ECONNRESET|timed? ?out|socket/i,
      );
      for (const name of Object.keys(DEMO_CLUSTERS)) {
        if (name === 'eks-prod-us') continue;
        await waitForText(
          table.locator(`tr[data-cluster="${name}"]`),
          /Synced/,
        );
      }
      await waitForText(
        page.getByLabel('Partial answer'),
        /eks-prod-us: (Stale|Unreachable) since/,
      );
      await screenshot(page, 'cluster-down', { docs: true });

      // A service deployed there still shows everything else, and says
      // which cluster is missing.
      await deliveryTab('storefront-web');
      await waitForText(page.getByLabel('Partial answer'), /eks-prod-us/);
      await waitForText(
        page.getByRole('table', { name: 'Delivery timeline' }),
        /Tekton/,
      );
      await screenshot(page, 'delivery-partial');
    } finally {
      await portal.fault('eks-prod-us', 'up');
    }
  });
});
