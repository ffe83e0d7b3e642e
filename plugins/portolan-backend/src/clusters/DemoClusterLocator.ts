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
import {
  demoFixturesDir,
  loadFixtures,
  startKubeSim,
  startScenario,
} from '@portolan/kube-sim';
import type { ClusterDefinition, ClusterLocator } from './types';

interface DemoOptions {
  fixturesDir?: string;
  basePort?: number;
  scenario: boolean;
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
    const { basePort } = this.options;
    const sim = await startKubeSim({
      clusters: fixtures.map((f, i) =>
        basePort === undefined ? f : { ...f, port: basePort + i },
      ),
    });
    const scenario = this.options.scenario ? startScenario(sim) : undefined;
    this.stopSim = async () => {
      scenario?.stop();
      await sim.stop();
    };
    this.logger.info(
      `Demo clusters started (kube-sim): ${sim.clusters
        .map(c => `${c.name} at ${c.url}`)
        .join(', ')}${scenario ? '; scenario running' : ''}`,
    );
    const ca = Buffer.from(sim.caData, 'base64');
    return sim.clusters.map(c => {
      const header = `Bearer ${c.token}`;
      return {
        name: c.name,
        title: c.name,
        locator: 'demo',
        configKey: `${this.key} (${c.name})`,
        connection: {
          url: c.url,
          ca,
          skipTLSVerify: false,
          authorization: async () => header,
        },
      };
    });
  }

  async stop(): Promise<void> {
    await this.stopSim?.();
    this.stopSim = undefined;
  }
}
