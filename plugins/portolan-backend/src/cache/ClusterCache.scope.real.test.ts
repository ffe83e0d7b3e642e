/*
 * The ClusterCache scope suite (__testUtils__/clusterCacheScopeSuite.ts)
 * against REAL kube-apiservers and etcd (startRealCluster; binaries from
 * scripts/build-kube-real.sh): the requests are read from the apiserver's
 * audit log, the 403 comes from RBAC. Run by scripts/test-real.sh (excluded
 * from the default jest run).
 */
import { realServer } from '../__testUtils__/apiServers';
import { clusterCacheScopeSuite } from '../__testUtils__/clusterCacheScopeSuite';

jest.setTimeout(180_000);

clusterCacheScopeSuite(
  'ClusterCache reads only what a scoped, optional need asks for (real kube-apiserver)',
  name => realServer({ name }),
);
