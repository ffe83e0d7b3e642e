import {
  OnboardingChecklistSchema,
  type OnboardingStep,
  type OnboardingStepId,
} from '@portolan/plugin-portolan-common';
import { parse } from 'yaml';
import {
  DIGEST_NEW,
  DIGEST_OLD,
  IMAGE_REPO,
  argoDeployment,
  clusterSummaries,
  emptyView,
  freshInput,
  kpackImage,
  logProbe,
  onboardedInput,
  pipelineRun,
  podTarget,
  runningImage,
  serviceEntity,
  workload,
} from '../__fixtures__/onboardingFixtures';
import { evaluateOnboarding } from './evaluateOnboarding';
import type { OnboardingInput } from './OnboardingInput';

function step(input: OnboardingInput, id: OnboardingStepId): OnboardingStep {
  const checklist = evaluateOnboarding(input);
  expect(OnboardingChecklistSchema.parse(checklist)).toEqual(checklist);
  const found = checklist.steps.find(s => s.id === id);
  if (!found) throw new Error(`no step ${id}`);
  // Whatever the state, a step says why.
  expect(found.evidence.length).toBeGreaterThan(0);
  if (found.state === 'met') expect(found.fix).toBeUndefined();
  if (found.fix?.language === 'yaml') {
    expect(() => parse(found.fix!.snippet)).not.toThrow();
  }
  return found;
}

describe('evaluateOnboarding', () => {
  it('lists the six steps in order, all met for an onboarded service', () => {
    const checklist = evaluateOnboarding(onboardedInput());
    expect(checklist.steps.map(s => [s.id, s.state])).toEqual([
      ['owner', 'met'],
      ['workloads', 'met'],
      ['pipeline-runs', 'met'],
      ['image', 'met'],
      ['argocd', 'met'],
      ['logs', 'met'],
    ]);
    expect(checklist.counts).toEqual({
      met: 6,
      unmet: 0,
      unknown: 0,
      total: 6,
    });
    expect(checklist.partial).toBe(false);
  });

  it('shows the pending steps of a freshly scaffolded service, each with its fix', () => {
    const checklist = evaluateOnboarding(freshInput());
    expect(checklist.steps.map(s => [s.id, s.state])).toEqual([
      ['owner', 'met'],
      ['workloads', 'unmet'],
      ['pipeline-runs', 'unmet'],
      ['image', 'unmet'],
      ['argocd', 'unmet'],
      ['logs', 'unmet'],
    ]);
    for (const s of checklist.steps.filter(x => x.state === 'unmet')) {
      expect(s.fix?.why).toBeTruthy();
      expect(s.fix?.snippet).toContain('basket-api');
    }
  });

  describe('owner', () => {
    it('is met when the owner is in the catalog', () => {
      const s = step(freshInput(), 'owner');
      expect(s.state).toBe('met');
      expect(s.evidence[0]).toContain(
        'group:default/team-storefront (Storefront)',
      );
    });

    it('is unmet without spec.owner, proposing the system owner', () => {
      const s = step(
        freshInput({
          entity: serviceEntity({}, { owner: undefined }),
          owner: undefined,
          suggestedOwner: 'team-storefront',
        }),
        'owner',
      );
      expect(s.state).toBe('unmet');
      expect(parse(s.fix!.snippet)).toEqual({
        spec: { owner: 'team-storefront' },
      });
      expect(s.fix!.file).toBe('catalog-info.yaml');
    });

    it('is unmet when the owner is not in the catalog', () => {
      const s = step(freshInput({ owner: { found: false } }), 'owner');
      expect(s.state).toBe('unmet');
      expect(s.evidence[0]).toContain('has no such group or user');
    });
  });

  describe('workloads', () => {
    it('is met with the workloads found, and where', () => {
      const s = step(onboardedInput(), 'workloads');
      expect(s.state).toBe('met');
      expect(s.evidence).toContain(
        'Deployment storefront/basket-api on gke-prod-eu: healthy (2/2 ready)',
      );
    });

    it('is unmet when every cluster is synced and nothing matches, with the labels to add', () => {
      const s = step(freshInput(), 'workloads');
      expect(s.state).toBe('unmet');
      expect(parse(s.fix!.snippet)).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'basket-api',
          namespace: 'storefront',
          labels: { 'backstage.io/kubernetes-id': 'basket-api' },
        },
        spec: {
          template: {
            metadata: {
              labels: { 'backstage.io/kubernetes-id': 'basket-api' },
            },
          },
        },
      });
    });

    it('uses the labels a custom selector requires', () => {
      const s = step(
        freshInput({
          view: emptyView({
            selection: {
              labelSelector: 'app=basket,tier=web',
              labelSelectorFrom: 'kubernetes-label-selector',
              unknownClusters: [],
              matchers: [],
            },
          }),
        }),
        'workloads',
      );
      expect(parse(s.fix!.snippet).metadata.labels).toEqual({
        app: 'basket',
        tier: 'web',
      });
    });

    it('is unknown while a cluster is not synced', () => {
      const view = emptyView();
      view.clusters[0] = { ...view.clusters[0], state: 'syncing' };
      const s = step(freshInput({ view }), 'workloads');
      expect(s.state).toBe('unknown');
      expect(s.evidence.join(' ')).toContain('gke-prod-eu (syncing)');
    });

    it('says when the cluster annotation names unknown clusters', () => {
      const view = emptyView();
      view.selection.unknownClusters = ['gke-prod-asia'];
      const s = step(freshInput({ view }), 'workloads');
      expect(s.evidence.join(' ')).toContain('gke-prod-asia');
    });
  });

  describe('pipeline-runs', () => {
    it('is met and says which matcher found the runs', () => {
      const input = onboardedInput({
        runMatches: new Map([
          [
            'doks-tools/ci/basket-api-build-b',
            ['label-selector', 'repository'] as const,
          ],
          ['doks-tools/ci/basket-api-build-a', ['repository'] as const],
        ]),
      });
      const s = step(input, 'pipeline-runs');
      expect(s.state).toBe('met');
      expect(s.evidence[0]).toBe(
        '2 run(s) of basket-api-build; latest basket-api-build-b on doks-tools/ci: succeeded.',
      );
      expect(s.evidence).toContain(
        '1 found by its label selector backstage.io/kubernetes-id=basket-api (matcher label-selector).',
      );
      expect(s.evidence).toContain(
        '2 found by its repository github.com/acme/basket-api (matcher repository).',
      );
    });

    it('infers the matcher from the recorded repository when the backend did not say', () => {
      const input = onboardedInput();
      input.view.pipelineRuns = [
        pipelineRun('other-build-x', DIGEST_NEW, '2026-11-20T09:00:00Z', {
          repositoryUrl: 'https://github.com/acme/monorepo',
        }),
      ];
      expect(step(input, 'pipeline-runs').evidence[1]).toContain(
        'matcher label-selector',
      );
    });

    it('is unmet when Tekton is watched and no run matches, with the TriggerTemplate labels', () => {
      const s = step(freshInput(), 'pipeline-runs');
      expect(s.state).toBe('unmet');
      expect(s.evidence).toContain(
        'Tekton or Jenkins X runs are watched on doks-tools.',
      );
      const template = parse(s.fix!.snippet);
      expect(template.kind).toBe('TriggerTemplate');
      expect(template.metadata.namespace).toBe('ci');
      expect(template.spec.resourcetemplates[0].metadata.labels).toEqual({
        'backstage.io/kubernetes-id': 'basket-api',
        'tekton.dev/pipeline': 'basket-api-build',
      });
    });

    it('says when no cluster has a pipeline system installed', () => {
      const clusters = clusterSummaries();
      for (const c of clusters) {
        for (const r of c.resources) {
          if (r.group === 'tekton.dev') r.state = 'not-installed';
        }
      }
      const s = step(freshInput({ clusters }), 'pipeline-runs');
      expect(s.state).toBe('unmet');
      expect(s.evidence).toContain(
        'No cluster Portolan watches has Tekton or Jenkins X installed.',
      );
    });

    it('is met by kpack builds for a kpack service', () => {
      const input = freshInput();
      input.view.kpackImages = [
        kpackImage(['2026-11-20T08:00:00Z', '2026-11-20T09:00:00Z']),
      ];
      const s = step(input, 'pipeline-runs');
      expect(s.state).toBe('met');
      expect(s.evidence[0]).toBe(
        'No pipeline run, but kpack builds the service: 2 build(s) of Image ci/basket-api on doks-tools.',
      );
    });

    it('is unknown while the CI cluster syncs, or when no pipeline source is registered', () => {
      expect(
        step(
          freshInput({ clusters: clusterSummaries('syncing') }),
          'pipeline-runs',
        ).state,
      ).toBe('unknown');
      expect(
        step(
          freshInput({ view: emptyView({ pipelineRuns: undefined }) }),
          'pipeline-runs',
        ).state,
      ).toBe('unknown');
    });
  });

  describe('image', () => {
    it('is met when workloads run the latest buildpacks build (inferred from the build task)', () => {
      const s = step(onboardedInput(), 'image');
      expect(s.state).toBe('met');
      expect(s.evidence.join(' ')).toContain('inferred from the build task');
    });

    it('is unmet when workloads run an older build, with the digest to roll out', () => {
      const input = onboardedInput();
      input.view.workloads = [workload(DIGEST_OLD)];
      const s = step(input, 'image');
      expect(s.state).toBe('unmet');
      expect(s.evidence.join(' ')).toContain(
        'No workload runs the latest build',
      );
      expect(parse(s.fix!.snippet).spec.template.spec.containers[0].image).toBe(
        `${IMAGE_REPO}@${DIGEST_NEW}`,
      );
    });

    it('is unmet when the latest build is a Dockerfile build', () => {
      const input = onboardedInput();
      input.view.pipelineRuns = [
        pipelineRun('basket-api-build-k', DIGEST_NEW, '2026-11-20T09:00:00Z', {
          buildTask: 'kaniko',
        }),
      ];
      const s = step(input, 'image');
      expect(s.state).toBe('unmet');
      const pipeline = parse(s.fix!.snippet);
      expect(pipeline.kind).toBe('Pipeline');
      expect(
        pipeline.spec.results.map((r: { name: string }) => r.name),
      ).toEqual(['IMAGE_URL', 'IMAGE_DIGEST']);
    });

    it.each([
      ['kaniko', 'unmet'],
      ['buildah', 'unmet'],
      ['buildpacks-phases', 'met'],
    ])(
      'decides from the Task the build runs (%s: %s) when names and steps say nothing',
      (taskName, state) => {
        const input = onboardedInput();
        input.view.pipelineRuns = [
          pipelineRun(
            'basket-api-build-t',
            DIGEST_NEW,
            '2026-11-20T09:00:00Z',
            {
              taskName,
            },
          ),
        ];
        const s = step(input, 'image');
        expect(s.state).toBe(state);
        expect(s.evidence.join(' ')).toContain(
          `its build runs the Task ${taskName}`,
        );
      },
    );

    it('is unknown when neither the Task, the names nor the steps say how the image was built', () => {
      const input = onboardedInput();
      input.view.pipelineRuns = [
        pipelineRun('basket-api-build-t', DIGEST_NEW, '2026-11-20T09:00:00Z', {
          taskName: 'build-image',
        }),
      ];
      const s = step(input, 'image');
      expect(s.state).toBe('unknown');
    });

    it('is unmet when the image labels say it is not a buildpacks image', () => {
      const input = onboardedInput();
      input.view.images = [runningImage(DIGEST_NEW, { buildpacks: false })];
      const s = step(input, 'image');
      expect(s.state).toBe('unmet');
      expect(s.evidence.join(' ')).toContain(
        'no io.buildpacks.lifecycle.metadata',
      );
    });

    it('is unmet when a rebase is available, proposing the rebase', () => {
      const input = onboardedInput();
      input.view.images = [
        runningImage(DIGEST_NEW, {
          buildpacks: true,
          rebase: {
            state: 'rebase-available',
            basis: 'registry',
            runImage: 'paketobuildpacks/run-jammy-base:latest',
            newRunImage: `paketobuildpacks/run-jammy-base@sha256:${'3'.repeat(
              64,
            )}`,
            reason: 'run-jammy-base:0.1.141 has a newer top layer',
          },
        }),
      ];
      const s = step(input, 'image');
      expect(s.state).toBe('unmet');
      expect(s.fix).toMatchObject({ language: 'shell' });
      expect(s.fix!.snippet).toContain(
        `pack rebase ${IMAGE_REPO}@${DIGEST_NEW}`,
      );
    });

    it('is met from a kpack Image, and proposes kpack for kpack services', () => {
      const input = onboardedInput();
      input.view.pipelineRuns = [];
      input.view.kpackImages = [
        kpackImage(['2026-11-20T09:00:00Z'], DIGEST_NEW),
      ];
      expect(step(input, 'image').state).toBe('met');
      input.view.workloads = [workload(DIGEST_OLD)];
      expect(step(input, 'image').state).toBe('unmet');
    });

    it('is unmet when nothing was built and nothing runs, with the buildpacks pipeline', () => {
      const s = step(freshInput(), 'image');
      expect(s.state).toBe('unmet');
      expect(parse(s.fix!.snippet).spec.tasks[0].taskRef.params).toContainEqual(
        {
          name: 'name',
          value: 'buildpacks',
        },
      );
    });

    it('proposes a kpack Image for a service annotated kpack.io/image', () => {
      const entity = serviceEntity();
      entity.metadata.annotations!['kpack.io/image'] = 'ci/basket-api';
      const s = step(freshInput({ entity }), 'image');
      expect(parse(s.fix!.snippet)).toMatchObject({
        kind: 'Image',
        spec: {
          tag: IMAGE_REPO,
          source: { git: { url: 'https://github.com/acme/basket-api' } },
        },
      });
    });

    it('ignores sidecar images when comparing with the latest build', () => {
      const input = onboardedInput();
      const w = workload(DIGEST_NEW);
      w.images.push({
        container: 'istio-proxy',
        image: 'docker.io/istio/proxyv2:1.24.1',
        digests: [`sha256:${'9'.repeat(64)}`],
      });
      input.view.workloads = [w];
      const s = step(input, 'image');
      expect(s.state).toBe('met');
      expect(s.evidence[0]).toBe(`Workloads run ${DIGEST_NEW.slice(0, 19)}.`);
    });

    it('is unknown when something was built but nothing runs yet', () => {
      const input = onboardedInput();
      input.view.workloads = [];
      expect(step(input, 'image').state).toBe('unknown');
    });
  });

  describe('argocd', () => {
    it('is met when every application is synced and healthy', () => {
      const s = step(onboardedInput(), 'argocd');
      expect(s.state).toBe('met');
      expect(s.evidence[1]).toContain(
        'basket-api-prod (argocd on doks-tools → gke-prod-eu/storefront)',
      );
    });

    it('is unmet when an application is out of sync, proposing automated sync', () => {
      const input = onboardedInput();
      input.view.deployments = [
        argoDeployment('basket-api-prod'),
        argoDeployment('basket-api-staging', 'out-of-sync'),
      ];
      const s = step(input, 'argocd');
      expect(s.state).toBe('unmet');
      expect(s.evidence[0]).toContain('basket-api-staging');
      expect(parse(s.fix!.snippet)).toEqual({
        spec: { syncPolicy: { automated: { prune: true, selfHeal: true } } },
      });
    });

    it('is unmet when an application is degraded, with how to see why', () => {
      const input = onboardedInput();
      input.view.deployments = [
        argoDeployment('basket-api-prod', 'synced', 'degraded'),
      ];
      const s = step(input, 'argocd');
      expect(s.state).toBe('unmet');
      expect(s.fix!.why).toContain('exceeded its progress deadline');
      expect(s.fix!.snippet).toContain('argocd app get basket-api-prod');
    });

    it('is unknown while an application progresses', () => {
      const input = onboardedInput();
      input.view.deployments = [
        argoDeployment('basket-api-prod', 'synced', 'progressing'),
      ];
      expect(step(input, 'argocd').state).toBe('unknown');
    });

    it('is unmet when no application is found, with the Application and the annotation', () => {
      const s = step(freshInput(), 'argocd');
      expect(s.state).toBe('unmet');
      const app = parse(s.fix!.snippet);
      expect(app).toMatchObject({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name: 'basket-api-prod',
          namespace: 'argocd',
          labels: { 'backstage.io/kubernetes-id': 'basket-api' },
        },
        spec: {
          project: 'storefront',
          source: {
            repoURL: 'https://github.com/acme/basket-api.git',
            path: 'deploy/prod',
          },
          destination: { namespace: 'storefront' },
        },
      });
      expect(s.fix!.snippet).toContain('argocd/app-name');
    });
  });

  describe('logs', () => {
    it('is met when a log was read', () => {
      const s = step(onboardedInput(), 'logs');
      expect(s.state).toBe('met');
      expect(s.evidence).toContain(
        'Read the log of gke-prod-eu/storefront/basket-api-6d9f-abcde (basket-api).',
      );
    });

    it('is unmet when the caller may not read the logs', () => {
      const s = step(
        onboardedInput({ logs: { permitted: false, targets: [podTarget] } }),
        'logs',
      );
      expect(s.state).toBe('unmet');
      expect(parse(s.fix!.snippet)).toEqual({
        spec: { memberOf: ['group:default/team-storefront'] },
      });
    });

    it('is unmet when the API server refuses pods/log, with the RBAC to add', () => {
      const s = step(
        onboardedInput({
          logs: {
            permitted: true,
            targets: [podTarget],
            probe: logProbe(
              false,
              'forbidden',
              '403 pods "basket-api-6d9f-abcde" is forbidden',
            ),
          },
        }),
        'logs',
      );
      expect(s.state).toBe('unmet');
      expect(parse(s.fix!.snippet).rules).toEqual([
        { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      ]);
    });

    it('is unmet when there is no pod to read', () => {
      expect(step(freshInput(), 'logs').state).toBe('unmet');
    });

    it('is met without a probe when there are pods (fleet view), unknown when not checked at all', () => {
      expect(
        step(
          onboardedInput({ logs: { permitted: true, targets: [podTarget] } }),
          'logs',
        ).state,
      ).toBe('met');
      const fleet = step(
        onboardedInput({ logs: { targets: [podTarget] } }),
        'logs',
      );
      expect(fleet.state).toBe('met');
      expect(fleet.evidence[1]).toBe(
        'Who may read them was not checked (no log read now).',
      );
      expect(step(onboardedInput({ logs: undefined }), 'logs').state).toBe(
        'unknown',
      );
    });
  });
});
