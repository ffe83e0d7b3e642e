import * as k8s from '@kubernetes/client-node';
import type { KubeSim, SimCluster } from '../api';
import { startKubeSim } from '../startKubeSim';
import { CertificateAuthority } from '../tls/CertificateAuthority';
import { waitFor } from '../testing/simHttp';
import type { KubeObject } from '../types';

/**
 * Conformance: @kubernetes/client-node, unchanged, against kube-sim over
 * HTTPS with the generated CA verified (no skipTLSVerify).
 */

const NS = 'conformance';

function configMap(
  name: string,
  labels: Record<string, string> = {},
  data: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: NS, labels },
    data,
  };
}

describe('@kubernetes/client-node against kube-sim', () => {
  let sim: KubeSim;
  let c: SimCluster;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;

  beforeAll(async () => {
    sim = await startKubeSim({
      clusters: [
        {
          name: 'conf-a',
          objects: [
            ...Array.from({ length: 1234 }, (_, i) =>
              configMap(`cm-${String(i).padStart(4, '0')}`, {
                bucket: String(i % 3),
              }),
            ),
            ...['a', 'b', 'c'].map(n => ({
              ...configMap(`inf-${n}`),
              metadata: { name: `inf-${n}`, namespace: 'informer' },
            })),
          ],
        },
        {
          name: 'conf-b',
          objects: [
            { apiVersion: 'v1', kind: 'Node', metadata: { name: 'only-node' } },
          ],
        },
      ],
    });
    c = sim.cluster('conf-a');
    kc = new k8s.KubeConfig();
    kc.loadFromString(sim.kubeconfig());
    core = kc.makeApiClient(k8s.CoreV1Api);
  });

  afterAll(() => sim.stop());

  it('loads the kubeconfig: one context per cluster, verifying the CA', async () => {
    expect(kc.getContexts().map(x => x.name)).toEqual(['conf-a', 'conf-b']);
    expect(kc.getCurrentContext()).toBe('conf-a');
    expect(kc.getCurrentCluster()?.skipTLSVerify).toBeFalsy();
    const other = new k8s.KubeConfig();
    other.loadFromString(sim.kubeconfig());
    other.setCurrentContext('conf-b');
    const nodes = await other.makeApiClient(k8s.CoreV1Api).listNode();
    expect(nodes.items.map(n => n.metadata?.name)).toEqual(['only-node']);
  });

  it('refuses a server whose CA it does not trust', async () => {
    const bad = new k8s.KubeConfig();
    bad.loadFromOptions({
      clusters: [
        {
          name: 'x',
          server: c.url,
          caData: CertificateAuthority.create('another-ca').caData,
        },
      ],
      users: [{ name: 'x', token: c.token }],
      contexts: [{ name: 'x', cluster: 'x', user: 'x' }],
      currentContext: 'x',
    });
    await expect(
      bad.makeApiClient(k8s.CoreV1Api).listNamespace(),
    ).rejects.toThrow(/self-signed certificate|unable to verify|certificate/i);
  });

  it('lists, with label selectors', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: NS });
    expect(list.items).toHaveLength(1234);
    expect(list.kind).toBe('ConfigMapList');
    expect(list.metadata?.resourceVersion).toBe(c.resourceVersion);
    const bucket = await core.listConfigMapForAllNamespaces({
      labelSelector: 'bucket in (1)',
    });
    expect(bucket.items).toHaveLength(411);
  });

  it('paginates with limit/continue into exactly the full list', async () => {
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    const remaining: Array<number | undefined> = [];
    do {
      const page = await core.listNamespacedConfigMap({
        namespace: NS,
        limit: 500,
        _continue: token,
      });
      names.push(...page.items.map(i => i.metadata!.name!));
      remaining.push(page.metadata?.remainingItemCount);
      token = page.metadata?._continue;
      pages++;
      // Writes between pages do not leak into the listing.
      if (pages === 1) c.create(configMap('cm-0999a'));
    } while (token);
    expect(pages).toBe(3);
    expect(remaining).toEqual([734, 234, undefined]);
    expect(names).toEqual(
      Array.from(
        { length: 1234 },
        (_, i) => `cm-${String(i).padStart(4, '0')}`,
      ),
    );
    c.delete({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: NS,
      name: 'cm-0999a',
    });
  });

  it('watches from a resourceVersion', async () => {
    const rv = c.resourceVersion;
    const events: Array<[string, string]> = [];
    let ended = false;
    const watch = new k8s.Watch(kc);
    const controller = await watch.watch(
      `/api/v1/namespaces/${NS}/configmaps`,
      { resourceVersion: rv, labelSelector: 'watched=yes' },
      (type, obj) => events.push([type, obj.metadata.name]),
      () => {
        ended = true;
      },
    );
    c.create(configMap('w-1', { watched: 'yes' }));
    c.patch(
      { apiVersion: 'v1', kind: 'ConfigMap', namespace: NS, name: 'w-1' },
      { data: { x: '1' } },
    );
    c.create(configMap('w-ignored', { watched: 'no' }));
    c.delete({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: NS,
      name: 'w-1',
    });
    await waitFor(() => events.length >= 3, 'three watch events');
    expect(events).toEqual([
      ['ADDED', 'w-1'],
      ['MODIFIED', 'w-1'],
      ['DELETED', 'w-1'],
    ]);
    controller.abort();
    await waitFor(() => ended, 'the watch to end after abort');
  });

  it('makeInformer recovers from a forced 410 and a dropped stream and ends with the right objects', async () => {
    const path = '/api/v1/namespaces/informer/configmaps';
    const informer = k8s.makeInformer(kc, path, () =>
      core.listNamespacedConfigMap({ namespace: 'informer' }),
    );
    const errors: unknown[] = [];
    informer.on('error', err => errors.push(err));
    const names = () =>
      informer
        .list('informer')
        .map(o => o.metadata!.name)
        .sort();
    const lists = () =>
      c.requests.count({ verb: 'list', namespace: 'informer' });
    const watches = () =>
      c.requests.count({ verb: 'watch', namespace: 'informer' });
    c.clearRequests();
    await informer.start();
    await waitFor(
      () => names().join() === 'inf-a,inf-b,inf-c',
      'the initial list',
    );
    await waitFor(() => watches() === 1, 'the informer to watch');

    // 1. The next watch answers 410 Expired: the informer must list again.
    c.faults.expireNextWatch();
    c.faults.dropWatches();
    c.create({
      ...configMap('inf-d'),
      metadata: { name: 'inf-d', namespace: 'informer' },
    });
    c.delete({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'informer',
      name: 'inf-a',
    });
    await waitFor(() => lists() === 2, 'a relist after the 410');
    await waitFor(
      () => names().join() === 'inf-b,inf-c,inf-d',
      'the informer to see the changes made during the 410',
    );
    await waitFor(() => watches() >= 3, 'the informer to watch again');

    // 2. The stream is dropped: the informer resumes from its resourceVersion (no relist).
    c.faults.dropWatches();
    c.patch(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'informer',
        name: 'inf-b',
      },
      { data: { changed: 'yes' } },
    );
    c.delete({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'informer',
      name: 'inf-c',
    });
    c.create({
      ...configMap('inf-e'),
      metadata: { name: 'inf-e', namespace: 'informer' },
    });
    await waitFor(
      () => names().join() === 'inf-b,inf-d,inf-e',
      'the informer to see the changes made while the stream was down',
    );
    await waitFor(
      () => informer.get('inf-b', 'informer')?.data?.changed === 'yes',
      'the update to inf-b',
    );
    expect(lists()).toBe(2);
    const resumed = c.requests
      .filter({ verb: 'watch', namespace: 'informer' })
      .pop()!;
    expect(resumed.path).toMatch(/resourceVersion=\d+/);
    expect(errors).toEqual([]);
    await informer.stop();
  });
});
