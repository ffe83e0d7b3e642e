/*
 * The ClusterCache scope suite (__testUtils__/clusterCacheScopeSuite.ts)
 * against kube-sim; the same suite runs against a real kube-apiserver in
 * ClusterCache.scope.real.test.ts.
 */
import { kubeSimServer } from '../__testUtils__/apiServers';
import { clusterCacheScopeSuite } from '../__testUtils__/clusterCacheScopeSuite';

jest.setTimeout(60_000);

clusterCacheScopeSuite(
  'ClusterCache reads only what a scoped, optional need asks for (kube-sim)',
  name => kubeSimServer(name),
);
