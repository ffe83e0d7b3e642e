/*
 * Step `argocd`: Argo CD applications of the entity were found, and every
 * one is synced and healthy. Names what is out of sync or unhealthy, and
 * why Argo CD says so.
 */
import type {
  Deployment,
  OnboardingStep,
} from '@portolan/plugin-portolan-common';
import {
  argoApplicationFix,
  argoHealthFix,
  argoSyncPolicyFix,
} from '../fixSnippets';
import {
  coverageGap,
  listOf,
  resourceCoverage,
  type StepContext,
} from '../OnboardingInput';

export const ARGOCD_STEP_TITLE =
  'Argo CD applications are found, synced and healthy';

const ARGO_RESOURCES = [
  {
    group: 'argoproj.io',
    plural: 'applications',
    label: 'Argo CD Applications',
  },
];

function describe(d: Deployment): string {
  const target =
    d.destination.cluster ?? d.destination.name ?? d.destination.server;
  return `${d.application} (${d.namespace} on ${d.cluster}${
    target ? ` → ${target}/${d.destination.namespace ?? ''}` : ''
  }): ${d.upstream.sync ?? d.sync}/${d.upstream.health ?? d.health}${
    d.healthMessage ? `: ${d.healthMessage}` : ''
  }`;
}

export function argoCdStep({ input, values }: StepContext): OnboardingStep {
  const base = { id: 'argocd' as const, title: ARGOCD_STEP_TITLE };
  const deployments = input.view.deployments;
  if (!deployments) {
    return {
      ...base,
      state: 'unknown',
      evidence: ['No Argo CD source is registered.'],
    };
  }
  if (deployments.length > 0) {
    const evidence = deployments.slice(0, 6).map(describe);
    const broken = deployments.filter(
      d =>
        d.sync === 'out-of-sync' ||
        ['degraded', 'missing', 'suspended'].includes(d.health),
    );
    if (broken.length > 0) {
      const first = broken[0];
      const unhealthy = broken.find(
        d => d.health === 'degraded' || d.health === 'missing',
      );
      return {
        ...base,
        state: 'unmet',
        evidence: [
          `${broken.length} of ${
            deployments.length
          } application(s) not synced and healthy: ${listOf(
            broken.map(d => d.application),
          )}.`,
          ...evidence,
        ],
        fix: unhealthy
          ? argoHealthFix(
              `Argo CD reports ${unhealthy.application} ${unhealthy.health}${
                unhealthy.healthMessage ? ` (${unhealthy.healthMessage})` : ''
              }; the resources it deployed are not running as declared.`,
              unhealthy.application,
              unhealthy.namespace,
            )
          : argoSyncPolicyFix(
              `${first.application} is out of sync with git: what runs is not what the repository declares.`,
              first.application,
            ),
      };
    }
    const settling = deployments.filter(
      d =>
        d.sync === 'unknown' ||
        d.health === 'progressing' ||
        d.health === 'unknown',
    );
    if (settling.length > 0) {
      return {
        ...base,
        state: 'unknown',
        evidence: [
          `${listOf(
            settling.map(d => d.application),
          )} still progressing or not reported.`,
          ...evidence,
        ],
      };
    }
    return {
      ...base,
      state: 'met',
      evidence: [
        `${deployments.length} application(s), all synced and healthy.`,
        ...evidence,
      ],
    };
  }
  const coverage = resourceCoverage(input, ARGO_RESOURCES);
  const evidence = [
    `No Application named ${listOf(values.argoAppNames)}${
      values.argoAppSelector ? `, selected by ${values.argoAppSelector}` : ''
    } or labelled ${values.labelSelector}${
      values.repositoryUrl ? `, or deploying ${values.repositoryUrl}` : ''
    }.`,
  ];
  const gap = coverageGap(coverage, 'Argo CD Applications');
  if (gap) {
    return { ...base, state: 'unknown', evidence: [...evidence, gap] };
  }
  evidence.push(
    coverage.synced.length
      ? `Argo CD Applications are watched on ${listOf(coverage.synced)}.`
      : 'No cluster Portolan watches has Argo CD installed.',
  );
  return {
    ...base,
    state: 'unmet',
    evidence,
    fix: argoApplicationFix(
      values,
      "Portolan links deployments to a service by the argocd/app-name annotation (or the Application's labels or repository); an Application per environment deploys the manifests from git.",
    ),
  };
}
