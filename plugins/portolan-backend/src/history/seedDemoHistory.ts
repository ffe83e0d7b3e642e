/*
 * The demo's past: 90 days of generated delivery history (pipeline runs,
 * production deployments, some failures and their restores) for the demo
 * services, so a newcomer's DORA card and history tab show real figures on
 * a fresh machine. Only with `portolan.history.demoSeed` (set in
 * app-config.demo.yaml, never in production). Owns: the generator
 * (deterministic per service), writing it once per service (a service with
 * seeded rows is left alone, so restarts add nothing).
 * Must never: run without its config, touch rows it did not write (every
 * seeded uid starts with `seed:`), or depend on the clusters.
 */
import type { HistoryStore } from './HistoryStore';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** A demo service to seed: its ref and its production Argo CD Application. */
export interface DemoSeedService {
  entityRef: string;
  /** The Application's name (`argocd/app-name`). */
  application: string;
  /** Where the history says it ran (the demo's Argo CD cluster). */
  cluster: string;
}

/** Four delivery profiles, one per DORA band, picked by the service's name. */
const PROFILES = [
  {
    perDay: 2.5,
    failure: 0.04,
    leadMs: 3 * HOUR_MS,
    restoreMs: 25 * MINUTE_MS,
  },
  { perDay: 0.5, failure: 0.09, leadMs: 2 * DAY_MS, restoreMs: 5 * HOUR_MS },
  { perDay: 0.12, failure: 0.14, leadMs: 9 * DAY_MS, restoreMs: 3 * DAY_MS },
  { perDay: 0.04, failure: 0.35, leadMs: 40 * DAY_MS, restoreMs: 12 * DAY_MS },
] as const;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** mulberry32: a small deterministic generator, so a service's past is the same on every machine. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes one service's generated past; returns the deployments written. */
async function seedService(
  store: Pick<
    HistoryStore,
    'upsertRuns' | 'upsertDeployments' | 'upsertHealth'
  >,
  service: DemoSeedService,
  now: number,
): Promise<number> {
  const r = random(hash(service.entityRef));
  const profile = PROFILES[hash(service.application) % PROFILES.length];
  const name = service.entityRef.split('/').pop() ?? 'service';
  const sha = () =>
    Array.from({ length: 5 }, () =>
      Math.floor(r() * 0xffffffff)
        .toString(16)
        .padStart(8, '0'),
    )
      .join('')
      .slice(0, 40);
  const runs: Parameters<HistoryStore['upsertRuns']>[0][number][] = [];
  const deployments: Parameters<
    HistoryStore['upsertDeployments']
  >[0][number][] = [];
  const health: Parameters<HistoryStore['upsertHealth']>[0][number][] = [];
  const base = {
    entityRef: service.entityRef,
    cluster: service.cluster,
  };
  let t = now - 90 * DAY_MS;
  for (let i = 1; ; i++) {
    // Exponential gaps: deployments arrive at the profile's rate.
    t += (-Math.log(1 - r()) / profile.perDay) * DAY_MS;
    t = Math.round(t);
    if (t > now - HOUR_MS) break;
    const commit = sha();
    const lead = Math.round(profile.leadMs * (0.4 + 1.2 * r()));
    const runStart = t - lead;
    if (r() < 0.2) {
      runs.push({
        ...base,
        uid: `seed:tekton:${name}/${name}-build-seed-${i}-failed`,
        source: 'tekton',
        kind: 'PipelineRun',
        namespace: name,
        name: `${name}-build-seed-${i}-failed`,
        status: 'failed',
        startedAt: runStart - 30 * MINUTE_MS,
        finishedAt: runStart - 24 * MINUTE_MS,
        commit: sha(),
        failedStep: 'unit-test/go-test',
        failureReason: 'Error',
        exitCode: 1,
      });
    }
    runs.push({
      ...base,
      uid: `seed:tekton:${name}/${name}-build-seed-${i}`,
      source: 'tekton',
      kind: 'PipelineRun',
      namespace: name,
      name: `${name}-build-seed-${i}`,
      status: 'succeeded',
      startedAt: runStart,
      finishedAt: runStart + Math.round((6 + 8 * r()) * MINUTE_MS),
      commit,
    });
    deployments.push({
      ...base,
      uid: `seed:argocd/${service.application}#${i}`,
      source: 'argocd',
      namespace: 'argocd',
      name: service.application,
      application: service.application,
      status: 'succeeded',
      revision: commit,
      startedAt: t - MINUTE_MS,
      finishedAt: t,
      destinationCluster: service.cluster,
      destinationNamespace: service.application,
    });
    const healthBase = {
      ...base,
      namespace: 'argocd',
      application: service.application,
      // Far above Argo CD's own history ids, so seeded states never collide.
      deploymentId: 1_000_000 + i,
      revision: commit,
      destinationCluster: service.cluster,
      destinationNamespace: service.application,
    };
    health.push({ ...healthBase, health: 'healthy', at: t + MINUTE_MS });
    if (r() < profile.failure) {
      const failedAt = t + Math.round((5 + 20 * r()) * MINUTE_MS);
      health.push({ ...healthBase, health: 'degraded', at: failedAt });
      health.push({
        ...healthBase,
        health: 'healthy',
        restored: true,
        at: failedAt + Math.round(profile.restoreMs * (0.5 + r())),
      });
    }
  }
  for (let i = 0; i < runs.length; i += 200) {
    await store.upsertRuns(runs.slice(i, i + 200));
  }
  for (let i = 0; i < deployments.length; i += 200) {
    await store.upsertDeployments(deployments.slice(i, i + 200));
  }
  for (let i = 0; i < health.length; i += 200) {
    await store.upsertHealth(health.slice(i, i + 200));
  }
  return deployments.length;
}

/**
 * Seeds every service that has no seeded history yet. Returns the refs
 * seeded now (empty on every later start).
 */
export async function seedDemoHistory(
  store: Pick<
    HistoryStore,
    'upsertRuns' | 'upsertDeployments' | 'upsertHealth' | 'hasSeededRows'
  >,
  services: readonly DemoSeedService[],
  now: number,
): Promise<string[]> {
  const seeded: string[] = [];
  for (const service of services) {
    if (await store.hasSeededRows(service.entityRef)) continue;
    await seedService(store, service, now);
    seeded.push(service.entityRef);
  }
  return seeded;
}
