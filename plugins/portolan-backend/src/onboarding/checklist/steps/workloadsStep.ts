/*
 * Step `workloads`: something of the entity runs on some cluster, found
 * through the entity's label selector. When nothing is found, says where
 * Portolan looked and which clusters could not answer yet.
 */
import type {
  OnboardingStep,
  Workload,
} from '@portolan/plugin-portolan-common';
import { workloadLabelsFix } from '../fixSnippets';
import { listOf, type StepContext } from '../OnboardingInput';

export const WORKLOADS_STEP_TITLE = 'Workloads run on a cluster';

function describe(w: Workload): string {
  const replicas = w.replicas
    ? ` (${w.replicas.ready}/${w.replicas.desired} ready)`
    : '';
  return `${w.upstreamKind} ${w.namespace}/${w.name} on ${w.cluster}: ${w.status}${replicas}`;
}

export function workloadsStep({ input, values }: StepContext): OnboardingStep {
  const base = { id: 'workloads' as const, title: WORKLOADS_STEP_TITLE };
  const { view } = input;
  const where = `Looked for objects labelled ${view.selection.labelSelector}${
    view.selection.namespace ? ` in namespace ${view.selection.namespace}` : ''
  } on ${
    view.clusters.length
      ? listOf(
          view.clusters.map(c => c.name),
          6,
        )
      : 'no cluster'
  }.`;
  const evidence = [where];
  if (view.selection.unknownClusters.length) {
    evidence.push(
      `backstage.io/kubernetes-cluster names clusters Portolan does not know: ${view.selection.unknownClusters.join(
        ', ',
      )}.`,
    );
  }
  if (!view.workloads) {
    return {
      ...base,
      state: 'unknown',
      evidence: [...evidence, 'No workloads source is registered.'],
    };
  }
  if (view.workloads.length > 0) {
    const clusters = [...new Set(view.workloads.map(w => w.cluster))];
    return {
      ...base,
      state: 'met',
      evidence: [
        `${view.workloads.length} workload(s) on ${listOf(clusters, 6)}.`,
        ...view.workloads.slice(0, 5).map(describe),
      ],
    };
  }
  const pending = view.clusters.filter(c => c.state !== 'synced');
  if (pending.length > 0) {
    return {
      ...base,
      state: 'unknown',
      evidence: [
        ...evidence,
        `Not known yet on ${listOf(
          pending.map(c => `${c.name} (${c.state})`),
          6,
        )}.`,
      ],
    };
  }
  return {
    ...base,
    state: 'unmet',
    evidence: [
      ...evidence,
      'No Deployment, StatefulSet, DaemonSet or Pod matches.',
    ],
    fix: workloadLabelsFix(
      values,
      `Portolan finds a service's workloads by the label selector ${
        values.labelSelector
      }; its Deployments and their pods must carry ${
        values.requiredLabels ? 'these labels' : 'labels matching it'
      }.`,
    ),
  };
}
