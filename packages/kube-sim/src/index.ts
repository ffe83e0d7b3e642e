/**
 * kube-sim: a Kubernetes API emulator serving real HTTPS, for Portolan's
 * demo, tests and benchmarks.
 *
 * @packageDocumentation
 */
import { dirname, resolve } from 'node:path';

export type { KubeSim, KubeSimOptions, SimCluster, SimFaults } from './api';
export type {
  ApiResourceSpec,
  ClusterFixture,
  KubeObject,
  ObjectMeta,
  ObjectRef,
} from './types';
export type {
  RequestLog,
  RequestMatch,
  RequestRecord,
  RequestVerb,
} from './server/RequestLog';
export type { RequestFault } from './faults/RequestFaults';
export { startKubeSim } from './startKubeSim';
/** The fault endpoint the CLI serves (also for harnesses that start kube-sim in code). */
export { AdminServer } from './admin/AdminServer';
/** kube-sim's own label selector parser: an independent oracle for clients' parsers. */
export { LabelSelector } from './store/LabelSelector';
export { loadFixtures } from './fixtures/loadFixtures';
export { FixtureError } from './fixtures/FixtureError';
export { ApiError } from './store/ApiError';
export { startScenario } from './scenario/startScenario';
export type { ScenarioOptions, ScenarioHandle } from './scenario/startScenario';
export { LOG_ANNOTATION, LOG_ANNOTATION_PREFIX } from './server/PodLogs';

/** Absolute path of the demo fixtures (`packages/kube-sim/fixtures/demo`). */
export const demoFixturesDir: string = resolve(
  dirname(require.resolve('@portolan/kube-sim/package.json')),
  'fixtures',
  'demo',
);
export {
  startRealCluster,
  RealClusterUnavailableError,
  KUBE_REAL_BIN_DIR,
} from './real/startRealCluster';
export { PORTOLAN_CRDS } from './real/crds';
export type {
  RealCluster,
  RealClusterOptions,
  RealApiResponse,
} from './real/startRealCluster';
