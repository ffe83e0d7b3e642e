/*
 * `type: demo`: starts the kube-sim demo clusters in this process and hands
 * them over like any configured cluster: an HTTPS URL, the CA to verify it
 * with and a bearer token captured at start. Nothing downstream knows they
 * are simulated. Optionally runs kube-sim's scenario driver so the demo
 * moves (rollouts, pipeline runs).
 */
import { toError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { join } from 'node:path';
import {
  demoFixturesDir,
  loadFixtures,
  startKubeSim,
  startRealCluster,
  startScenario,
  type RealCluster,
} from '@portolan/kube-sim';
import type { ClusterDefinition, ClusterLocator } from './types';

interface DemoOptions {
  fixturesDir?: string;
  basePort?: number;
  scenario: boolean;
  /** Fixture clusters served by a real kube-apiserver + etcd instead of kube-sim. */
  realClusters: string[];
}

export class DemoClusterLocator implements ClusterLocator {
  readonly type = 'demo';
  private stopSim?: () => Promise<void>;

  private constructor(
    private readonly options: DemoOptions,
    private readonly key: string,
    private readonly logger: LoggerService,
  ) {}

  static fromConfig(
    config: Config,
    key: string,
    logger: LoggerService,
  ): DemoClusterLocator {
    const basePort = config.getOptionalNumber('basePort');
    if (
      basePort !== undefined &&
      (!Number.isInteger(basePort) || basePort < 1 || basePort > 65000)
    ) {
      throw new Error(
        `Invalid ${key}.basePort ${basePort}: expected a port number`,
      );
    }
    return new DemoClusterLocator(
      {
        fixturesDir: config.getOptionalString('fixturesDir'),
        basePort,
        scenario: config.getOptionalBoolean('scenario') ?? true,
        realClusters: config.getOptionalStringArray('realClusters') ?? [],
      },
      key,
      logger,
    );
  }

  async getClusters(): Promise<ClusterDefinition[]> {
    const dir = this.options.fixturesDir ?? demoFixturesDir;
    let fixtures;
    try {
      fixtures = await loadFixtures(dir);
    } catch (e) {
      throw new Error(
        `${this.key}: cannot load the demo fixtures from '${dir}': ${
          toError(e).message
        }`,
      );
    }
    const { basePort, realClusters } = this.options;
    const unknown = realClusters.filter(n => !fixtures.some(f => f.name === n));
    if (unknown.length > 0) {
      throw new Error(
        `${this.key}.realClusters names no fixture cluster: ${unknown.join(
          ', ',
        )} (fixtures: ${fixtures.map(f => f.name).join(', ')})`,
      );
    }
    const simFixtures = fixtures
      .map((f, i) =>
        basePort === undefined ? f : { ...f, port: basePort + i },
      )
      .filter(f => !realClusters.includes(f.name));
    // Real ones: a kube-apiserver + etcd each, loaded with the same
    // fixture folder (binaries from scripts/build-kube-real.sh).
    const real: RealCluster[] = [];
    try {
      for (const name of realClusters)
        real.push(
          await startRealCluster({ name, fixturesDir: join(dir, name) }),
        );
    } catch (e) {
      await Promise.all(real.map(r => r.stop()));
      throw new Error(
        `${this.key}: cannot start the real cluster(s) ${realClusters.join(
          ', ',
        )}: ${toError(e).message}`,
      );
    }
    const sim = await startKubeSim({ clusters: simFixtures });
    const scenario = this.options.scenario ? startScenario(sim) : undefined;
    this.stopSim = async () => {
      scenario?.stop();
      await Promise.all([sim.stop(), ...real.map(r => r.stop())]);
    };
    this.logger.info(
      `Demo clusters started (kube-sim): ${sim.clusters
        .map(c => `${c.name} at ${c.url}`)
        .join(', ')}${scenario ? '; scenario running' : ''}${
        real.length > 0
          ? `; real kube-apiserver: ${real
              .map(r => `${r.name} at ${r.url}`)
              .join(', ')}`
          : ''
      }`,
    );
    const ca = Buffer.from(sim.caData, 'base64');
    const definition = (
      name: string,
      url: string,
      caPem: Buffer,
      token: string,
    ): ClusterDefinition => {
      const header = `Bearer ${token}`;
      return {
        name,
        title: name,
        locator: 'demo',
        configKey: `${this.key} (${name})`,
        connection: {
          url,
          ca: caPem,
          skipTLSVerify: false,
          authorization: async () => header,
        },
      };
    };
    const byName = new Map<string, ClusterDefinition>([
      ...sim.clusters.map(
        c => [c.name, definition(c.name, c.url, ca, c.token)] as const,
      ),
      ...real.map(
        r =>
          [
            r.name,
            definition(
              r.name,
              r.url,
              Buffer.from(r.caData, 'base64'),
              r.readerToken,
            ),
          ] as const,
      ),
    ]);
    return fixtures.map(f => byName.get(f.name)!);
  }

  async stop(): Promise<void> {
    await this.stopSim?.();
    this.stopSim = undefined;
  }
}
