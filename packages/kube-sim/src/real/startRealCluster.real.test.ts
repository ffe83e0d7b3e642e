/*
 * startRealCluster: two real clusters at once, Portolan's CRDs served with a
 * status subresource, a fixture folder loaded (objects and their status),
 * the reader read-only by RBAC, and nothing left behind after stop().
 */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { PORTOLAN_CRDS } from './crds';
import { startRealCluster, type RealCluster } from './startRealCluster';

jest.setTimeout(180_000);

const FIXTURE = resolve(__dirname, '../../fixtures/demo/k3s-edge');

const dataDirs = () =>
  readdirSync(tmpdir()).filter(d => d.startsWith('portolan-real-pair-'));

describe('startRealCluster', () => {
  let a: RealCluster | undefined;
  let b: RealCluster | undefined;

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('runs two at once, serves the CRDs, loads fixtures with status, and cleans up', async () => {
    [a, b] = await Promise.all([
      startRealCluster({ name: 'pair-a', fixturesDir: FIXTURE }),
      startRealCluster({ name: 'pair-b' }),
    ]);
    expect(a.url).not.toBe(b.url);
    expect(dataDirs()).toHaveLength(2);

    // Every CRD Portolan reads is established, with its status subresource.
    const crds = JSON.parse(
      (
        await b.request(
          'GET',
          '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
        )
      ).body,
    ).items as Array<{
      metadata: { name: string };
      spec: { versions: Array<{ subresources?: object }> };
    }>;
    expect(crds.map(c => c.metadata.name).sort()).toEqual(
      PORTOLAN_CRDS.map(c => (c.metadata as { name: string }).name).sort(),
    );
    for (const c of crds)
      expect(c.spec.versions[0].subresources).toEqual({ status: {} });

    // The fixture is in `a` (with status, set through the subresource), not in `b`.
    const pods = (c: RealCluster) =>
      c.request('GET', '/api/v1/namespaces/kube-system/pods', undefined, {
        token: c.readerToken,
      });
    const aPods = JSON.parse((await pods(a)).body).items as Array<{
      status: { phase?: string };
    }>;
    expect(aPods.length).toBeGreaterThan(0);
    expect(aPods.every(p => p.status.phase === 'Running')).toBe(true);
    expect(JSON.parse((await pods(b)).body).items).toEqual([]);
    const cnp = JSON.parse(
      (await a.request('GET', '/apis/cilium.io/v2/ciliumnetworkpolicies')).body,
    );
    expect(cnp.items).toHaveLength(1);

    // The reader reads and cannot write.
    const write = await a.request(
      'POST',
      '/api/v1/namespaces',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'nope' } },
      { token: a.readerToken },
    );
    expect(write.status).toBe(403);
    expect(a.kubeconfig()).toContain(a.readerToken);
    expect(a.kubeconfig()).not.toContain(a.adminToken);

    await Promise.all([a.stop(), b.stop()]);
    expect(dataDirs()).toEqual([]);
    await expect(pods(a)).rejects.toThrow();
  });
});
