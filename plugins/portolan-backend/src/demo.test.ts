/*
 * The linked view against the demo world (packages/kube-sim/fixtures/demo
 * and catalog/services.yaml), end to end through the real plugin and HTTP:
 * every demo service gets its runs from each system it uses, its Argo CD
 * deployments and a timeline whose links hold (kpack-built ones too);
 * every demo cluster is
 * recognised as its offering, with evidence.
 */
import { loadFixtures, demoFixturesDir } from '@portolan/kube-sim';
import type { Entity } from '@backstage/catalog-model';
import type {
  ClusterSummary,
  EntityView,
} from '@portolan/plugin-portolan-common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  type PortolanTestBackend,
  startPortolanTestBackend,
  waitFor,
} from './__testUtils__/portolanTestBackend';

jest.setTimeout(120_000);

// eslint-disable-next-line no-restricted-syntax -- the demo catalog lives in the repository
const catalogFile = join(__dirname, '../../../catalog/services.yaml');

function demoServices(): Entity[] {
  return parseAllDocuments(readFileSync(catalogFile, 'utf8')).map(
    doc => doc.toJSON() as Entity,
  );
}

let t: PortolanTestBackend;
const views = new Map<string, EntityView>();
let clusters: ClusterSummary[];

beforeAll(async () => {
  const entities = demoServices();
  t = await startPortolanTestBackend({
    clusters: await loadFixtures(demoFixturesDir),
    entities,
  });
  await waitFor('every demo cluster synced', async () =>
    (
      await t.clusters()
    ).every((c: ClusterSummary) => c.health.state === 'synced'),
  );
  clusters = await t.clusters();
  for (const entity of entities) {
    views.set(
      entity.metadata.name,
      await t.entityView(`component:default/${entity.metadata.name}`),
    );
  }
});

afterAll(async () => {
  await t?.stop();
});

const view = (name: string) => views.get(name)!;
const systems = (name: string) =>
  [...new Set(view(name).pipelineRuns!.map(r => r.system))].sort();

describe('the demo clusters', () => {
  it.each([
    ['gke-prod-eu', 'gke'],
    ['eks-prod-us', 'eks'],
    ['aks-staging', 'aks'],
    ['openshift-dev', 'rosa'],
    ['k3s-edge', 'k3s'],
    ['doks-tools', 'doks'],
  ])('%s is recognised as %s, with evidence', (name, provider) => {
    const cluster = clusters.find(c => c.name === name)!;
    expect(cluster.profile?.provider.id).toBe(provider);
    expect(cluster.profile?.provider.evidence.length).toBeGreaterThan(0);
    expect(cluster.facts.profile).toEqual(cluster.profile);
  });
});

describe('the demo services', () => {
  it('every service has a complete, non-partial view', () => {
    for (const [name, v] of views) {
      expect({ name, partial: v.partial, errors: v.sourceErrors }).toEqual({
        name,
        partial: false,
        errors: [],
      });
      expect(v.workloads!.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['payments-api', ['tekton']],
    ['ledger', ['tekton']],
    ['fraud-detector', ['tekton']],
    ['storefront-web', ['tekton']],
    ['cart-service', ['tekton']],
    ['catalog-service', ['tekton']],
    ['edge-gateway', ['tekton']],
    ['search-indexer', ['jenkins-x']],
  ])('%s shows its runs from %j', (name, expected) => {
    expect(systems(name)).toEqual(expected);
  });

  it('shows Argo CD deployments for the services deployed by Argo CD', () => {
    for (const name of [
      'payments-api',
      'ledger',
      'fraud-detector',
      'invoice-worker',
      'storefront-web',
      'catalog-service',
      'edge-gateway',
    ]) {
      const apps = view(name).deployments!.map(d => d.application);
      expect({
        name,
        prod: apps.some(a => a.startsWith(`${name}-prod`)),
      }).toEqual({ name, prod: true });
    }
  });

  it('shows the failing step of fraud-detector as OOMKilled', () => {
    const steps = view('fraud-detector')
      .pipelineRuns!.filter(r => r.status === 'failed')
      .flatMap(r => r.tasks.flatMap(task => task.steps));
    expect(steps.map(s => s.terminationReason)).toContain('OOMKilled');
  });

  it('shows the running build of cart-service', () => {
    expect(view('cart-service').pipelineRuns!.map(r => r.status)).toContain(
      'running',
    );
  });

  it('shows catalog-service out of sync and degraded', () => {
    expect(view('catalog-service').deployments).toContainEqual(
      expect.objectContaining({ sync: 'out-of-sync', health: 'degraded' }),
    );
  });

  it('handles the multi-source application of storefront-web', () => {
    expect(view('storefront-web').deployments).toContainEqual(
      expect.objectContaining({ multiSource: true }),
    );
  });

  it('runs edge-gateway on k3s-edge only', () => {
    expect([
      ...new Set(view('edge-gateway').workloads!.map(w => w.cluster)),
    ]).toEqual(['k3s-edge']);
  });

  it('links each commit to the runs that built it, their image and its rollout', () => {
    const timeline = view('payments-api').timeline!;
    expect(timeline.length).toBeGreaterThan(0);
    const runs = view('payments-api').pipelineRuns!;
    for (const entry of timeline) {
      // every run on a timeline entry built that entry's commit
      for (const run of entry.runs) {
        const source = runs.find(r => r.name === run.name)!;
        expect(source.commit?.sha).toBe(entry.sha);
      }
    }
    // The newest commit that reached production is deployed by Argo CD and
    // runs somewhere with the digest its run produced.
    const deployed = timeline.find(e => e.deployments.length > 0)!;
    expect(deployed).toBeDefined();
    expect(deployed.images.length).toBeGreaterThan(0);
    expect(deployed.runningOn.length).toBeGreaterThan(0);
  });

  it('links invoice-worker’s commits to the kpack builds that built them, the images it runs and their rollout', () => {
    const { timeline = [], kpackImages = [] } = view('invoice-worker');
    expect(timeline.length).toBeGreaterThan(0);
    const builds = kpackImages.flatMap(image => image.builds);
    for (const entry of timeline) {
      for (const run of entry.runs) {
        // every build on an entry is a kpack Build of that entry's commit
        expect(run.system).toBe('kpack');
        const build = builds.find(b => b.name === run.name)!;
        expect(build.commit?.sha).toBe(entry.sha);
        expect(run.kpackImage).toBe('invoice-worker');
      }
      // every digest running now came from one of the entry's builds
      for (const placement of entry.runningOn) {
        expect(
          builds.find(
            b =>
              b.digest === placement.digest &&
              entry.runs.some(run => run.name === b.name),
          ),
        ).toBeDefined();
      }
    }
    // Production runs what invoice-worker-build-6 (a STACK rebuild) pushed,
    // rolled out by Argo CD to both production clusters.
    const production = timeline.find(entry =>
      entry.runs.some(run => run.name === 'invoice-worker-build-6'),
    )!;
    const built = builds.find(b => b.name === 'invoice-worker-build-6')!;
    expect(production.images.map(image => image.digest)).toContain(
      built.digest,
    );
    expect(production.deployments).toContainEqual(
      expect.objectContaining({
        application: 'invoice-worker-prod',
        linkedBy: 'image-digest',
        current: true,
      }),
    );
    expect(
      [...new Set(production.runningOn.map(p => p.cluster))].sort(),
    ).toEqual(['eks-prod-us', 'gke-prod-eu']);
  });
});
