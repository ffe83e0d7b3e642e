/*
 * Step `logs`: the entity's pod logs can be read through Portolan — the
 * caller may read them (the owning team may), there are pods to read, and
 * the API server hands a log over.
 */
import type { OnboardingStep } from '@portolan/plugin-portolan-common';
import {
  logsMembershipFix,
  logsRbacFix,
  workloadLabelsFix,
} from '../fixSnippets';
import { listOf, type StepContext } from '../OnboardingInput';

export const LOGS_STEP_TITLE = 'Logs are readable';

export function logsStep({ input, values }: StepContext): OnboardingStep {
  const base = { id: 'logs' as const, title: LOGS_STEP_TITLE };
  const logs = input.logs;
  if (!logs) {
    return {
      ...base,
      state: 'unknown',
      evidence: ['Log access was not checked.'],
    };
  }
  if (logs.permitted === false) {
    return {
      ...base,
      state: 'unmet',
      evidence: [
        `You may not read ${
          values.entityRef
        }'s logs (portolan.logs.read is for the owning team${
          values.owner ? `, ${values.owner}` : ''
        }).`,
      ],
      fix: logsMembershipFix(
        values,
        'Logs can carry customer data, so the portal shows them to the owning team only.',
      ),
    };
  }
  const pods = logs.targets.filter(t => t.containers.length > 0);
  if (pods.length === 0) {
    const pending = input.view.clusters.filter(c => c.state !== 'synced');
    if (pending.length > 0) {
      return {
        ...base,
        state: 'unknown',
        evidence: [
          `No pod found yet; not known on ${listOf(pending.map(c => c.name))}.`,
        ],
      };
    }
    return {
      ...base,
      state: 'unmet',
      evidence: [
        `No pod of ${values.entityRef} (labelled ${values.labelSelector}) or of its pipeline runs runs on any cluster.`,
      ],
      fix: workloadLabelsFix(
        values,
        "Logs are read from the service's pods; pods are found by the labels of the pod template.",
      ),
    };
  }
  const evidence = [
    `${pods.length} pod(s) with logs on ${listOf([
      ...new Set(pods.map(p => p.cluster)),
    ])}.`,
  ];
  const probe = logs.probe;
  if (!probe) {
    // The fleet view asks no permission and reads no log: the service side
    // (pods found, labelled) is what onboarding is about there.
    return {
      ...base,
      state: 'met',
      evidence: [
        ...evidence,
        logs.permitted
          ? 'You may read them (no log read now).'
          : 'Who may read them was not checked (no log read now).',
      ],
    };
  }
  const where = `${probe.cluster}/${probe.namespace}/${probe.pod} (${probe.container})`;
  if (probe.ok) {
    return {
      ...base,
      state: 'met',
      evidence: [...evidence, `Read the log of ${where}.`],
    };
  }
  if (probe.failure === 'forbidden') {
    return {
      ...base,
      state: 'unmet',
      evidence: [
        ...evidence,
        `The API server of ${probe.cluster} refused the log of ${where}: ${
          probe.message ?? 'forbidden'
        }.`,
      ],
      fix: logsRbacFix(
        `Portolan reads logs with its own service account on ${probe.cluster}, which may not get pods/log.`,
        probe.cluster,
      ),
    };
  }
  if (probe.failure === 'not-started') {
    return {
      ...base,
      state: 'unknown',
      evidence: [
        ...evidence,
        `${where} has no log yet: ${probe.message ?? 'not started'}.`,
      ],
    };
  }
  return {
    ...base,
    state: 'unknown',
    evidence: [
      ...evidence,
      `Could not read the log of ${where}: ${
        probe.message ?? probe.failure ?? 'failed'
      }.`,
    ],
  };
}
