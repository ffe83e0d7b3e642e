import { writeFile } from 'node:fs/promises';
import type { KubeSim, KubeSimOptions, SimCluster } from './api';
import { ClusterRuntime } from './cluster/ClusterRuntime';
import { loadFixtures } from './fixtures/loadFixtures';
import { buildKubeconfig } from './kubeconfig/buildKubeconfig';
import { CertificateAuthority } from './tls/CertificateAuthority';

class RunningKubeSim implements KubeSim {
  constructor(
    readonly clusters: ClusterRuntime[],
    private readonly ca: CertificateAuthority,
  ) {}

  cluster(name: string): SimCluster {
    const c = this.clusters.find(x => x.name === name);
    if (!c) {
      throw new Error(
        `kube-sim has no cluster "${name}"; it has: ${this.clusters
          .map(x => x.name)
          .join(', ')}`,
      );
    }
    return c;
  }

  get caData(): string {
    return this.ca.caData;
  }

  kubeconfig(): string {
    return buildKubeconfig(this.clusters);
  }

  async writeKubeconfig(path: string): Promise<void> {
    await writeFile(path, this.kubeconfig(), { mode: 0o600 });
  }

  async stop(): Promise<void> {
    await Promise.all(this.clusters.map(c => c.stop()));
  }
}

/**
 * Starts every cluster of the fixtures (and in-memory definitions), each on
 * its own loopback HTTPS port with a certificate from a fresh CA. All
 * fixtures are loaded and validated before anything listens: a bad fixture
 * fails the start and nothing is served.
 */
export async function startKubeSim(options: KubeSimOptions): Promise<KubeSim> {
  const fixtures = [
    ...(options.fixturesDir ? await loadFixtures(options.fixturesDir) : []),
    ...(options.clusters ?? []),
  ];
  if (fixtures.length === 0)
    throw new Error(
      'kube-sim needs at least one cluster (fixturesDir or clusters)',
    );
  const names = new Set<string>();
  for (const f of fixtures) {
    if (names.has(f.name))
      throw new Error(`kube-sim: two clusters are named "${f.name}"`);
    names.add(f.name);
  }
  const host = options.host ?? '127.0.0.1';
  const ca = CertificateAuthority.create();
  const hosts = [...new Set([host, '127.0.0.1', 'localhost', '::1'])];
  const certificate = ca.issueServerCertificate(hosts);
  const clusters = fixtures.map(
    f =>
      new ClusterRuntime(f, {
        host,
        caData: ca.caData,
        certificate,
        bookmarkIntervalMs: options.bookmarkIntervalMs ?? 5000,
        watchEventWindow: options.watchEventWindow ?? 10_000,
        logFollowIntervalMs: options.logFollowIntervalMs ?? 1000,
      }),
  );
  const started: ClusterRuntime[] = [];
  try {
    for (const c of clusters) {
      await c.start();
      started.push(c);
    }
  } catch (e) {
    await Promise.all(started.map(c => c.stop()));
    throw e;
  }
  return new RunningKubeSim(clusters, ca);
}
