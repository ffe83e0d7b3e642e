/*
 * The entity provider: on every run, asks Portolan for candidates and emits
 * a Component for each one no team-written entity describes. A complete
 * answer replaces everything emitted before (so vanished services go); a
 * partial one (a cluster not synced) only adds, so an unreachable cluster
 * never deletes entities. Entities are emitted without a location key: the
 * catalog then lets a team-written entity of the same name take over, and
 * never lets discovery overwrite one.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type { DiscoveryCandidatesClient } from './DiscoveryCandidatesClient';
import {
  candidateToEntity,
  type DiscoveredEntityOptions,
} from './candidateToEntity';

/** The provider's name (stable: the catalog ties emitted entities to it). */
export const DISCOVERY_PROVIDER_NAME = 'portolan-discovery';

/** What one run did. */
export interface DiscoveryRunResult {
  /** `full`: replaced what was emitted before; `delta`: only added; `cleared`: removed everything. */
  mutation: 'full' | 'delta' | 'cleared';
  emitted: string[];
  /** Candidates left out because a team-written entity describes them. */
  described: string[];
}

export interface PortolanDiscoveryEntityProviderOptions {
  client: DiscoveryCandidatesClient;
  logger: LoggerService;
  /** Namespace names or `*` globs whose workloads are never services. */
  excludeNamespaces: readonly string[];
  /** Owner of services nobody named one for; `group:default/unknown` when absent. */
  defaultOwner?: string;
  lifecycle: string;
  /** Discovery is off: remove what it emitted before, once connected. */
  clearOnConnect?: boolean;
}

export class PortolanDiscoveryEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly options: PortolanDiscoveryEntityProviderOptions,
  ) {}

  getProviderName(): string {
    return DISCOVERY_PROVIDER_NAME;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    if (this.options.clearOnConnect) {
      await this.clear();
    }
  }

  private connected(): EntityProviderConnection {
    if (!this.connection) {
      throw new Error(
        `${DISCOVERY_PROVIDER_NAME} is not connected to the catalog yet`,
      );
    }
    return this.connection;
  }

  /** Asks Portolan and updates the catalog. Throws (and changes nothing) when Portolan cannot answer. */
  async refresh(signal?: AbortSignal): Promise<DiscoveryRunResult> {
    const connection = this.connected();
    const response = await this.options.client.getCandidates({
      excludeNamespaces: this.options.excludeNamespaces,
      signal,
    });
    const entityOptions: DiscoveredEntityOptions = {
      providerName: DISCOVERY_PROVIDER_NAME,
      ...(this.options.defaultOwner
        ? { defaultOwner: this.options.defaultOwner }
        : {}),
      lifecycle: this.options.lifecycle,
    };
    const described: string[] = [];
    const entities: DeferredEntity[] = [];
    for (const candidate of response.candidates) {
      if (candidate.describedBy.length > 0) {
        described.push(candidate.name);
        continue;
      }
      // No locationKey: see the module comment.
      entities.push({ entity: candidateToEntity(candidate, entityOptions) });
    }
    const emitted = entities.map(e => e.entity.metadata.name);
    if (response.complete) {
      await connection.applyMutation({ type: 'full', entities });
    } else {
      const pending = response.clusters
        .filter(c => c.state !== 'synced')
        .map(c => `${c.name} (${c.state})`);
      this.options.logger.info(
        `Portolan's answer is partial${
          pending.length ? `: ${pending.join(', ')}` : ''
        }; adding what was found, removing nothing`,
      );
      await connection.applyMutation({
        type: 'delta',
        added: entities,
        removed: [],
      });
    }
    this.options.logger.info(
      `Discovered ${emitted.length} service(s) not described in the catalog${
        emitted.length ? `: ${emitted.join(', ')}` : ''
      }; ${described.length} already described`,
    );
    return {
      mutation: response.complete ? 'full' : 'delta',
      emitted,
      described,
    };
  }

  /** Removes every entity discovery emitted (discovery turned off). */
  async clear(): Promise<DiscoveryRunResult> {
    await this.connected().applyMutation({ type: 'full', entities: [] });
    return { mutation: 'cleared', emitted: [], described: [] };
  }
}
