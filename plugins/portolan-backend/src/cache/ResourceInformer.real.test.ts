/*
 * The informer suite (__testUtils__/informerSuite.ts) against a REAL
 * kube-apiserver and etcd (startRealCluster; binaries from
 * scripts/build-kube-real.sh). Every fault is produced by the real server:
 * 410 Gone after a real etcd compaction, an expired `continue` token on a
 * real paged list, RBAC 403, 404 for a CRD not (or no longer) installed,
 * 401 for a ServiceAccount token whose account was deleted. Run by
 * scripts/test-real.sh (excluded from the default jest run).
 */
import { realServer } from '../__testUtils__/apiServers';
import { informerSuite } from '../__testUtils__/informerSuite';

jest.setTimeout(120_000);

informerSuite('ResourceInformer against a real kube-apiserver', () =>
  // Watch cache off: watches go straight to etcd, so a compaction of etcd
  // is what expires an old resourceVersion, as on any real cluster's etcd.
  realServer({ name: 'informer', watchCache: false }),
);
