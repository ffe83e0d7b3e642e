/*
 * End to end, in the real example backend (packages/backend, started as
 * `./portolan start` does, with the demo clusters in-process): a service
 * created from the "New service on Kubernetes" template is published to a
 * local git directory and registered in the catalog; its onboarding
 * checklist shows the pending steps; when the objects the delivery tools
 * would create appear in the kube-sim clusters (written by the test through
 * the Kubernetes API), the steps turn green — same backend, no restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type OnboardingChecklist,
  OnboardingChecklistSchema,
} from '@portolan/plugin-portolan-common';
import {
  guestToken,
  startExampleBackend,
  type RunningBackend,
} from '../exampleBackend';
import { DEMO_CLUSTERS, demoClusters } from './__testUtils__/kubeApi';
import {
  finishedBuild,
  runningWorkload,
  syncedApplication,
} from './__testUtils__/runningService';

jest.setTimeout(480_000);

const SERVICE = 'basket-api';
const IMAGE_REPOSITORY = `registry.acme.example/storefront/${SERVICE}`;

async function portIsFree(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A base port with the next `count` ports free, for the demo clusters. */
async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const free = await Promise.all(
      Array.from({ length: count }, (_, i) => portIsFree(base + i)),
    );
    if (free.every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free ports`);
}

async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (e) {
      last = e instanceof Error ? e.message : e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}; last: ${JSON.stringify(last, null, 1)}`,
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

const states = (c: OnboardingChecklist) =>
  Object.fromEntries(c.steps.map(s => [s.id, s.state]));

describe('onboarding a new service in the example backend', () => {
  let backend: RunningBackend;
  let token: string;
  let localGitDir: string;
  let basePort: number;
  const env = { ...process.env };

  beforeAll(async () => {
    localGitDir = mkdtempSync(join(tmpdir(), 'portolan-e2e-repos-'));
    basePort = await freePortRange(DEMO_CLUSTERS.length);
    // The example backend reads these as config (APP_CONFIG_*): the demo
    // clusters on ports of our own and without the scenario driver, local
    // publishing into a temporary directory.
    process.env.APP_CONFIG_portolan_clusterLocatorMethods = JSON.stringify([
      { type: 'demo', basePort, scenario: false },
    ]);
    process.env.APP_CONFIG_portolan_scaffolder_localGit_baseDir = localGitDir;
    process.env.APP_CONFIG_portolan_discovery = JSON.stringify({
      enabled: true,
      schedule: { frequency: { seconds: 5 }, timeout: { seconds: 20 } },
    });
    backend = await startExampleBackend();
    token = await guestToken(backend.baseUrl);
    await until('the guest and the template in the catalog', async () => {
      const [guest, template] = await Promise.all([
        api('/api/catalog/entities/by-name/user/default/guest'),
        api(
          '/api/catalog/entities/by-name/template/default/new-service-on-kubernetes',
        ),
      ]);
      return guest.status === 200 && template.status === 200;
    });
    // Signed in again now that the guest's groups are known (team-storefront).
    token = await guestToken(backend.baseUrl);
  });

  afterAll(async () => {
    await backend?.stop();
    process.env = env;
    rmSync(localGitDir, { recursive: true, force: true });
  });

  async function api(path: string, init?: RequestInit) {
    const headers = new Headers(init?.headers);
    headers.set('Authorization', `Bearer ${token}`);
    if (init?.body) headers.set('Content-Type', 'application/json');
    return fetch(`${backend.baseUrl}${path}`, { ...init, headers });
  }

  async function checklist(): Promise<OnboardingChecklist> {
    const res = await api(
      `/api/portolan/entities/default/component/${SERVICE}/onboarding`,
    );
    if (res.status !== 200) {
      throw new Error(`onboarding: ${res.status} ${await res.text()}`);
    }
    return OnboardingChecklistSchema.parse(await res.json());
  }

  it('creates the service from the template and registers it in the catalog', async () => {
    const created = await api('/api/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({
        templateRef: 'template:default/new-service-on-kubernetes',
        values: {
          name: SERVICE,
          description: 'Baskets: what customers are about to buy',
          owner: 'group:default/team-storefront',
          system: 'system:default/storefront',
          language: 'nodejs',
          build: 'tekton',
          builder: 'paketobuildpacks/builder-jammy-base:latest',
          environments: [
            { name: 'prod', cluster: 'resource:default/gke-prod-eu' },
          ],
        },
      }),
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const status = await until('the scaffolder task to finish', async () => {
      const task = await (await api(`/api/scaffolder/v2/tasks/${id}`)).json();
      return (
        ['completed', 'failed', 'cancelled'].includes(task.status) &&
        task.status
      );
    });
    if (status !== 'completed') {
      const events = await (
        await api(`/api/scaffolder/v2/tasks/${id}/events`)
      ).json();
      throw new Error(
        `task ${status}:\n${events
          .map((e: any) => e.body.message)
          .join('\n')}\n${backend.output()}`,
      );
    }
    const entity = await until('the service in the catalog', async () => {
      const res = await api(
        `/api/catalog/entities/by-name/component/default/${SERVICE}`,
      );
      return res.status === 200 && res.json();
    });
    expect(
      entity.metadata.annotations['backstage.io/managed-by-location'],
    ).toBe(`file:${join(localGitDir, SERVICE, 'catalog-info.yaml')}`);
  });

  it('shows the pending steps, each with the fix for this service', async () => {
    // Once every cluster is synced, nothing is left unknown.
    const pending = await until('a complete checklist', async () => {
      const c = await checklist();
      return !c.partial && c;
    });
    expect(states(pending)).toEqual({
      owner: 'met',
      workloads: 'unmet',
      'pipeline-runs': 'unmet',
      image: 'unmet',
      argocd: 'unmet',
      logs: 'unmet',
    });
    for (const step of pending.steps.filter(s => s.state === 'unmet')) {
      expect(step.fix?.snippet).toContain(SERVICE);
    }
  });

  it('turns the steps green when the objects appear in the clusters, without a restart', async () => {
    const clusters = demoClusters(basePort);
    const repo = join(localGitDir, SERVICE);
    await clusters['gke-prod-eu'].applyAll(
      runningWorkload(repo, 'prod', IMAGE_REPOSITORY),
    );
    await clusters['doks-tools'].applyAll([
      ...finishedBuild(repo, IMAGE_REPOSITORY),
      syncedApplication(repo, `${SERVICE}-prod`, IMAGE_REPOSITORY),
    ]);

    let last: OnboardingChecklist | undefined;
    const done = await until(
      'every step met',
      async () => {
        last = await checklist();
        return last.counts.met === last.counts.total && last;
      },
      60_000,
    ).catch(e => {
      throw new Error(
        `${e.message}\nlast checklist: ${JSON.stringify(last?.steps, null, 1)}`,
      );
    });
    expect(states(done)).toEqual({
      owner: 'met',
      workloads: 'met',
      'pipeline-runs': 'met',
      image: 'met',
      argocd: 'met',
      logs: 'met',
    });
    const runs = done.steps.find(s => s.id === 'pipeline-runs')!;
    expect(runs.evidence.join('\n')).toContain('(matcher label-selector)');
  });

  it('discovers what runs undescribed, and never the services teams described', async () => {
    // A team deploys a service nobody described in the catalog.
    await demoClusters(basePort)['gke-prod-eu'].applyAll([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'wishlist',
          namespace: 'storefront',
          labels: {
            'app.kubernetes.io/name': 'wishlist',
            'app.kubernetes.io/part-of': 'storefront',
          },
        },
        spec: {
          replicas: 1,
          selector: { matchLabels: { 'app.kubernetes.io/name': 'wishlist' } },
          template: {
            metadata: { labels: { 'app.kubernetes.io/name': 'wishlist' } },
            spec: {
              containers: [
                {
                  name: 'app',
                  image: 'registry.acme.example/storefront/wishlist:1.0.0',
                },
              ],
            },
          },
        },
      },
    ]);
    const discovered = await until('wishlist discovered', async () => {
      const res = await api(
        '/api/catalog/entities/by-query?filter=kind=component,metadata.annotations.backstage.io/managed-by-location=portolan-discovery:portolan-discovery&limit=100',
      );
      const items: any[] = (await res.json()).items;
      return items.some(e => e.metadata.name === 'wishlist') && items;
    });
    const names = discovered.map(e => e.metadata.name);
    const wishlist = discovered.find(e => e.metadata.name === 'wishlist');
    // Owned by the team that owns the System it says it is part of.
    expect(wishlist.spec.owner).toBe('team-storefront');
    expect(wishlist.metadata.annotations['portolan.dev/owner-from']).toBe(
      'system',
    );
    // The demo services and the new one are described by their catalog-info.yaml.
    for (const name of [
      'payments-api',
      'storefront-web',
      'cart-service',
      SERVICE,
    ]) {
      expect(names).not.toContain(name);
    }
    // The platform's own components are not services.
    for (const name of [
      'coredns',
      'argocd-server',
      'tekton-pipelines-controller',
      'kpack-controller',
      'istiod',
    ]) {
      expect(names).not.toContain(name);
    }
    const fleet = await api('/api/portolan/onboarding');
    expect(fleet.status).toBe(200);
    const body = await fleet.json();
    expect(body.services.map((s: any) => s.entityRef)).toContain(
      `component:default/${SERVICE}`,
    );
  });
});
