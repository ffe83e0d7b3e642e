/*
 * The resources the workloads source watches, with their projections.
 * Shared by the source and its translator (which reads owners by name).
 */
import { defineResource } from '@portolan/plugin-portolan-node';
import {
  projectDaemonSet,
  projectPod,
  projectReplicaSet,
  projectReplicatedController,
} from './projectWorkloads';

/** Label keys entities commonly select on, indexed besides `backstage.io/kubernetes-id`. */
const COMMON_SELECTOR_LABELS = [
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app',
];

const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/** The container `kubectl logs` reads when none is named. */
export const DEFAULT_CONTAINER_ANNOTATION =
  'kubectl.kubernetes.io/default-container';

export const podResource = defineResource({
  type: { group: '', version: 'v1', plural: 'pods', kind: 'Pod' },
  project: projectPod,
  keepAnnotations: [DEFAULT_CONTAINER_ANNOTATION],
  indexLabels: COMMON_SELECTOR_LABELS,
});

export const deploymentResource = defineResource({
  type: {
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    kind: 'Deployment',
  },
  project: projectReplicatedController,
  keepAnnotations: [REVISION_ANNOTATION],
  indexLabels: COMMON_SELECTOR_LABELS,
});

export const statefulSetResource = defineResource({
  type: {
    group: 'apps',
    version: 'v1',
    plural: 'statefulsets',
    kind: 'StatefulSet',
  },
  project: projectReplicatedController,
  indexLabels: COMMON_SELECTOR_LABELS,
});

export const daemonSetResource = defineResource({
  type: {
    group: 'apps',
    version: 'v1',
    plural: 'daemonsets',
    kind: 'DaemonSet',
  },
  project: projectDaemonSet,
  indexLabels: COMMON_SELECTOR_LABELS,
});

export const replicaSetResource = defineResource({
  type: {
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
    kind: 'ReplicaSet',
  },
  project: projectReplicaSet,
  keepAnnotations: [REVISION_ANNOTATION],
  indexLabels: COMMON_SELECTOR_LABELS,
});
