/*
 * Live updates in a real browser: an open entity page with the signals
 * plugin makes no Portolan request while nothing changes, and refetches
 * when a kube-sim write changes what its view depends on. Counts requests
 * the browser sends; times nothing (the bench measures latency).
 */
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import type { Page, Request } from 'playwright-core';
import { parse } from 'yaml';
import { launchBrowser, type Browser } from './browser';
import type { RunningPortal } from './startPortal';

const SERVICE = 'storefront-web';
const CLUSTER = 'gke-prod-eu';

/** One request to a kube-sim cluster named in the portal's kubeconfig. */
async function kube(
  kubeconfig: string,
  cluster: string,
  method: 'GET' | 'PUT',
  path: string,
  body?: unknown,
): Promise<any> {
  const config = parse(await readFile(kubeconfig, 'utf8'));
  const context = config.contexts.find((c: any) => c.name === cluster)?.context;
  const server: string = config.clusters.find(
    (c: any) => c.name === context.cluster,
  ).cluster.server;
  const token: string = config.users.find((u: any) => u.name === context.user)
    .user.token;
  const url = new URL(path, server);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        rejectUnauthorized: false,
        timeout: 10_000,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(payload ? { 'Content-Type': 'application/json' } : {}),
        },
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', c => (text += c));
        res.on('end', () =>
          (res.statusCode ?? 0) < 300
            ? resolve(JSON.parse(text))
            : reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`)),
        );
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${method} ${path} timed out`)),
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The live-update scenarios, on a portal the caller started (`portal()` once its beforeAll ran). */
// A scenario set declared by portal.test.ts, not a test file of its own.
// eslint-disable-next-line jest/no-export
export function describeLiveUpdates(started: () => RunningPortal): void {
  describe('live updates in a browser', () => {
    let portal: RunningPortal;
    let browser: Browser;
    let page: Page;
    const portolanRequests: Array<{ at: number; url: string }> = [];
    let signalSockets = 0;

    beforeAll(async () => {
      portal = started();
      browser = await launchBrowser();
      page = browser.page;
      page.on('request', (r: Request) => {
        if (r.url().includes('/api/portolan/')) {
          portolanRequests.push({ at: Date.now(), url: r.url() });
        }
      });
      page.on('websocket', ws => {
        if (ws.url().includes('/api/signals')) signalSockets++;
      });
    });

    afterAll(async () => {
      await browser?.close();
    });

    async function openDeliveryTab() {
      await page.goto(
        `${portal.appUrl}/catalog/default/component/${SERVICE}/delivery`,
      );
      const enter = page.getByRole('button', { name: /^enter$/i });
      const tabs = page.getByRole('tablist', { name: 'Delivery sections' });
      const deadline = Date.now() + 120_000;
      while (!(await tabs.isVisible())) {
        if (await enter.isVisible()) await enter.click();
        if (Date.now() > deadline) throw new Error('Delivery tab never showed');
        await page.waitForTimeout(250);
      }
    }

    it('an idle entity page with signals makes no Portolan request for 60 s', async () => {
      if (!page.url().endsWith('/delivery')) await openDeliveryTab();
      // Let the first answers (view, clusters) land.
      await page.waitForTimeout(5_000);
      expect(signalSockets).toBeGreaterThan(0);
      const from = Date.now();
      await page.waitForTimeout(60_000);
      const during = portolanRequests.filter(r => r.at >= from);
      expect(during).toEqual([]);
    });

    it('a kube-sim write to one of its pods makes the open page refetch its view', async () => {
      if (!page.url().endsWith('/delivery')) {
        await openDeliveryTab();
        await page.waitForTimeout(5_000);
      }
      const list = await kube(
        portal.kubeconfig,
        CLUSTER,
        'GET',
        `/api/v1/pods?labelSelector=${encodeURIComponent(
          `backstage.io/kubernetes-id=${SERVICE}`,
        )}`,
      );
      const pod = list.items[0];
      expect(pod).toBeDefined();
      const statuses = pod.status?.containerStatuses ?? [];
      expect(statuses.length).toBeGreaterThan(0);
      const from = Date.now();
      await kube(
        portal.kubeconfig,
        CLUSTER,
        'PUT',
        `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`,
        {
          ...pod,
          status: {
            ...pod.status,
            containerStatuses: statuses.map((s: any, i: number) =>
              i === 0 ? { ...s, restartCount: (s.restartCount ?? 0) + 1 } : s,
            ),
          },
        },
      );
      // The client writes the kind as the entity has it (`Component`).
      const viewPath = `/api/portolan/entities/default/component/${SERVICE}`;
      const deadline = Date.now() + 30_000;
      while (
        !portolanRequests.some(
          r => r.at >= from && r.url.toLowerCase().endsWith(viewPath),
        )
      ) {
        if (Date.now() > deadline) {
          throw new Error(
            `no refetch of ${viewPath} after the write; requests since: ${JSON.stringify(
              portolanRequests.filter(r => r.at >= from),
            )}`,
          );
        }
        await page.waitForTimeout(200);
      }
    });
  });
}
