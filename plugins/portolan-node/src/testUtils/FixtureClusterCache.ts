/*
 * A cluster cache filled from fixture objects instead of an API server, for
 * testing sources: objects go through the same projection and store as in
 * production, and sources read them through the same snapshot. Test use only.
 */
import type { ClusterHealth } from '@portolan/plugin-portolan-common';
import type { KubeObject } from '../source';
import type { ResourceNeed, SourceSet } from '../store/SourceSet';
import {
  ClusterStoreReader,
  SnapshotSource,
} from '../store/ClusterStoreReader';
import { projectObject } from '../store/projection';
import { ResourceStore } from '../store/ResourceStore';

function apiVersionOf(need: ResourceNeed, version: string): string {
  return need.group ? `${need.group}/${version}` : version;
}

export class FixtureClusterCache implements SnapshotSource {
  readonly cluster: { name: string; title: string };
  health: ClusterHealth = { state: 'synced', since: new Date(0).toISOString() };
  readonly gitVersion?: string;
  readonly apiGroups: readonly string[];
  private readonly stores = new Map<
    string,
    { store: ResourceStore; resource: { version: string } }
  >();

  /**
   * Fills a store for every need from the objects whose `apiVersion` and
   * `kind` match it (in any of its versions).
   */
  constructor(
    private readonly sources: SourceSet,
    options: {
      name: string;
      title?: string;
      gitVersion?: string;
      objects: readonly KubeObject[];
    },
  ) {
    this.cluster = { name: options.name, title: options.title ?? options.name };
    this.gitVersion = options.gitVersion;
    const groups = new Set<string>(['']);
    for (const need of sources.needs) {
      const version = need.versions.find(v =>
        options.objects.some(
          o => o.apiVersion === apiVersionOf(need, v) && o.kind === need.kind,
        ),
      );
      if (!version) continue;
      const store = new ResourceStore(need.indexes);
      for (const object of options.objects) {
        if (
          object.apiVersion !== apiVersionOf(need, version) ||
          object.kind !== need.kind
        ) {
          continue;
        }
        const { stored } = projectObject(
          object,
          need.consumers,
          need.annotations,
        );
        if (stored) store.upsert(stored);
      }
      groups.add(need.group);
      this.stores.set(need.key, { store, resource: { version } });
    }
    this.apiGroups = [...groups];
  }

  needHealth(need: ResourceNeed): ClusterHealth {
    return this.stores.has(need.key)
      ? this.health
      : { state: 'not-installed', since: this.health.since };
  }

  informerOf(need: ResourceNeed) {
    return this.stores.get(need.key);
  }

  snapshot(): ClusterStoreReader {
    return new ClusterStoreReader(this, this.sources);
  }
}
