import type { KubeSim } from '../api';
import { demoFixturesDir } from '../index';
import { startKubeSim } from '../startKubeSim';
import { waitFor } from '../testing/simHttp';
import type { KubeObject } from '../types';
import { startScenario } from './startScenario';

describe('startScenario (the demo driver)', () => {
  let sim: KubeSim;

  beforeAll(async () => {
    sim = await startKubeSim({ fixturesDir: demoFixturesDir });
  });

  afterAll(() => sim.stop());

  it('runs a delivery: a PipelineRun builds a new digest, Argo CD syncs it, pods roll to it', async () => {
    const tools = sim.cluster('doks-tools');
    const before = new Set(
      tools
        .list('tekton.dev/v1', 'PipelineRun', 'ci')
        .map(p => p.metadata.name),
    );
    const seen: string[] = [];
    const scenario = startScenario(sim, { intervalMs: 60, seed: 7 });
    try {
      let run: KubeObject | undefined;
      await waitFor(
        () => {
          run = tools
            .list('tekton.dev/v1', 'PipelineRun', 'ci')
            .find(p => !before.has(p.metadata.name));
          const reason = (run?.status as any)?.conditions?.[0]?.reason;
          if (reason && !seen.includes(reason)) seen.push(reason);
          return reason === 'Succeeded';
        },
        'a new PipelineRun to succeed',
        60_000,
      );
      expect(seen[0]).toBe('Running');
      const service = run!.metadata.labels!['backstage.io/kubernetes-id'];
      const results = Object.fromEntries(
        ((run!.status as any).results as any[]).map(r => [r.name, r.value]),
      );
      const commit = (run!.spec as any).params.find(
        (p: any) => p.name === 'git-revision',
      ).value;
      expect(results.IMAGE_DIGEST).toMatch(/^sha256:[0-9a-f]{64}$/);
      const taskRuns = tools
        .list('tekton.dev/v1', 'TaskRun', 'ci')
        .filter(
          t =>
            t.metadata.labels!['tekton.dev/pipelineRun'] === run!.metadata.name,
        );
      expect(taskRuns.map(t => (t.status as any).conditions[0].reason)).toEqual(
        ['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded'],
      );

      const apps = tools
        .list('argoproj.io/v1alpha1', 'Application', 'argocd')
        .filter(
          a => a.metadata.labels!['backstage.io/kubernetes-id'] === service,
        );
      const first =
        apps.find(
          a =>
            (a.spec as any).destination.name === 'gke-prod-eu' ||
            (a.spec as any).destination.name === 'k3s-edge',
        ) ?? apps[0];
      const appName = first.metadata.name!;
      await waitFor(
        () => {
          const app = tools.get({
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Application',
            namespace: 'argocd',
            name: appName,
          })!;
          const st = app.status as any;
          return (
            st.sync.status === 'Synced' &&
            st.operationState.phase === 'Succeeded' &&
            st.history[st.history.length - 1].revision === commit
          );
        },
        `Argo CD application ${appName} to sync ${commit}`,
        60_000,
      );
      const app = tools.get({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        namespace: 'argocd',
        name: appName,
      })!;
      const image = (app.status as any).summary.images[0] as string;
      expect(image.endsWith(`@${results.IMAGE_DIGEST}`)).toBe(true);
      const dest = (app.spec as any).destination;
      const target = sim.cluster(dest.name);
      const pods = target
        .list('v1', 'Pod', dest.namespace)
        .filter(
          p => p.metadata.labels!['backstage.io/kubernetes-id'] === service,
        );
      expect(pods.length).toBeGreaterThan(0);
      for (const p of pods) {
        expect((p.status as any).phase).toBe('Running');
        expect((p.status as any).containerStatuses[0].imageID).toBe(image);
      }
    } finally {
      scenario.stop();
    }
  });
});
