/*
 * Onboarding answers as the backend serves them: storefront-web's checklist
 * half-way (steps met, unmet with their fix, unknown with why), the same
 * checklist once everything turned green, and the fleet view with a
 * discovered service, least complete first.
 */
import {
  ONBOARDING_STEP_IDS,
  type FleetOnboarding,
  type FleetOnboardingService,
  type OnboardingChecklist,
  type OnboardingStep,
  type OnboardingStepId,
  type OnboardingStepState,
} from '@portolan/plugin-portolan-common';

const GENERATED_AT = '2025-01-31T12:00:00Z';

export const PIPELINE_RUNS_FIX_SNIPPET = `# every PipelineRun of storefront-web-build is labelled so Portolan finds it
apiVersion: triggers.tekton.dev/v1beta1
kind: TriggerTemplate
metadata:
  name: storefront-web-build
  namespace: ci`;

export const ARGOCD_FIX_SNIPPET = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: storefront-web-prod
  namespace: argocd`;

/** storefront-web half-way: 3 met, 2 unmet (with fixes), 1 unknown. */
export const pendingChecklist: OnboardingChecklist = {
  entityRef: 'component:default/storefront-web',
  generatedAt: GENERATED_AT,
  partial: false,
  counts: { met: 3, unmet: 2, unknown: 1, total: 6 },
  steps: [
    {
      id: 'owner',
      title: 'An owner is set',
      state: 'met',
      evidence: ['group:default/team-storefront is in the catalog.'],
    },
    {
      id: 'workloads',
      title: 'Workloads run on a cluster',
      state: 'met',
      evidence: ['Deployment storefront/storefront-web on gke-prod-eu.'],
    },
    {
      id: 'pipeline-runs',
      title: 'Pipeline runs are found',
      state: 'unmet',
      evidence: [
        'No PipelineRun labelled backstage.io/kubernetes-id=storefront-web.',
      ],
      fix: {
        why: 'Portolan finds pipeline runs by the labels of the PipelineRun.',
        file: '.tekton/triggers.yaml',
        snippet: PIPELINE_RUNS_FIX_SNIPPET,
        language: 'yaml',
      },
    },
    {
      id: 'image',
      title: 'The running image is built by buildpacks and up to date',
      state: 'unknown',
      evidence: ['The image registry was not asked: no registry configured.'],
    },
    {
      id: 'argocd',
      title: 'Argo CD applications are found, synced and healthy',
      state: 'unmet',
      evidence: ['No Application named storefront-web-prod.'],
      fix: {
        why: 'An Application per environment deploys the manifests from git.',
        file: 'argocd/prod.yaml',
        snippet: ARGOCD_FIX_SNIPPET,
        language: 'yaml',
      },
    },
    {
      id: 'logs',
      title: 'Logs are readable',
      state: 'met',
      evidence: [
        '2 pod(s) with logs on gke-prod-eu.',
        'Read the log of gke-prod-eu/storefront/storefront-web-1 (web).',
      ],
    },
  ],
};

function met(step: OnboardingStep): OnboardingStep {
  return {
    id: step.id,
    title: step.title,
    state: 'met',
    evidence: [`${step.title}: found.`],
  };
}

/** The same service once every object appeared in the clusters. */
export const completeChecklist: OnboardingChecklist = {
  ...pendingChecklist,
  generatedAt: '2025-01-31T12:00:10Z',
  counts: { met: 6, unmet: 0, unknown: 0, total: 6 },
  steps: pendingChecklist.steps.map(s => (s.state === 'met' ? s : met(s))),
};

/** A cluster asked for the service is not synced. */
export const partialChecklist: OnboardingChecklist = {
  ...pendingChecklist,
  partial: true,
};

/**
 * A service of the fleet view; its counts and completeness follow from its
 * step states, so they cannot disagree with them.
 */
function fleetService(
  service: Omit<FleetOnboardingService, 'counts' | 'completeness' | 'steps'>,
  states: Record<OnboardingStepId, OnboardingStepState>,
): FleetOnboardingService {
  const steps = ONBOARDING_STEP_IDS.map(id => ({ id, state: states[id] }));
  const count = (state: OnboardingStepState) =>
    steps.filter(step => step.state === state).length;
  return {
    ...service,
    counts: {
      met: count('met'),
      unmet: count('unmet'),
      unknown: count('unknown'),
      total: steps.length,
    },
    completeness: count('met') / steps.length,
    steps,
  };
}

/** Three services, least complete first; one found running by discovery. */
export const fleetOnboarding: FleetOnboarding = {
  generatedAt: GENERATED_AT,
  services: [
    fleetService(
      { entityRef: 'component:default/kpack-controller', discovered: true },
      {
        owner: 'unmet',
        workloads: 'met',
        'pipeline-runs': 'unmet',
        image: 'unknown',
        argocd: 'unmet',
        logs: 'unmet',
      },
    ),
    fleetService(
      {
        entityRef: 'component:default/catalog-service',
        title: 'Catalog service',
        owner: 'team-storefront',
        system: 'storefront',
        discovered: false,
      },
      {
        owner: 'met',
        workloads: 'met',
        'pipeline-runs': 'met',
        image: 'met',
        argocd: 'unmet',
        logs: 'met',
      },
    ),
    fleetService(
      {
        entityRef: 'component:default/payments-api',
        owner: 'group:default/team-payments',
        system: 'payments',
        discovered: false,
      },
      {
        owner: 'met',
        workloads: 'met',
        'pipeline-runs': 'met',
        image: 'met',
        argocd: 'met',
        logs: 'met',
      },
    ),
  ],
  steps: [
    { id: 'owner', title: 'An owner is set', met: 2, unmet: 1, unknown: 0 },
    {
      id: 'workloads',
      title: 'Workloads run on a cluster',
      met: 3,
      unmet: 0,
      unknown: 0,
    },
    {
      id: 'pipeline-runs',
      title: 'Pipeline runs are found',
      met: 2,
      unmet: 1,
      unknown: 0,
    },
    {
      id: 'image',
      title: 'The running image is built by buildpacks and up to date',
      met: 2,
      unmet: 0,
      unknown: 1,
    },
    {
      id: 'argocd',
      title: 'Argo CD applications are found, synced and healthy',
      met: 1,
      unmet: 2,
      unknown: 0,
    },
    { id: 'logs', title: 'Logs are readable', met: 2, unmet: 1, unknown: 0 },
  ],
  totals: { services: 3, complete: 1, needHelp: 2 },
};
