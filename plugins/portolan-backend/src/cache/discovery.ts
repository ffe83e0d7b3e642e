/*
 * API discovery for one cluster: its version, the API groups it serves,
 * and, for each resource type a source needs, whether and in which version
 * it is served. Asks only for the group-versions that matter.
 *
 * @see https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api
 */
import type { KubeClient } from '../clusters/KubeClient';
import { KubeRequestError } from '../clusters/KubeClient';
import type { ResourceNeed } from '@portolan/plugin-portolan-node';
import type { ServedResource } from './ResourceInformer';

/** What discovery found for one need. */
export type NeedDiscovery =
  | { status: 'served'; resource: ServedResource }
  | { status: 'not-installed' | 'forbidden'; message: string }
  /**
   * The group-version could not be asked right now (429, 5xx, timeout):
   * says nothing about whether it is installed. Keep what is running.
   */
  | { status: 'unavailable'; message: string; retryAfterMs?: number };

/** The outcome of one discovery run. */
export interface Discovery {
  gitVersion?: string;
  /** Served API group names; `''` is the core group. */
  apiGroups: string[];
  needs: Map<string, NeedDiscovery>;
}

interface ApiGroupList {
  groups?: Array<{
    name?: string;
    versions?: Array<{ version?: string }>;
  }>;
}

interface ApiResourceList {
  resources?: Array<{ name?: string; kind?: string; namespaced?: boolean }>;
}

/** Runs discovery; rejects when the cluster cannot be asked at all. */
export async function discover(
  client: KubeClient,
  needs: readonly ResourceNeed[],
  options: { signal: AbortSignal; timeoutMs: number },
): Promise<Discovery> {
  let gitVersion: string | undefined;
  try {
    const version = await client.getJson<{ gitVersion?: string }>(
      '/version',
      options,
    );
    gitVersion =
      typeof version?.gitVersion === 'string' ? version.gitVersion : undefined;
  } catch (e) {
    // Some proxies hide /version; only a missing endpoint is tolerated.
    if (!(e instanceof KubeRequestError && e.status === 404)) throw e;
  }

  const groupList = await client.getJson<ApiGroupList>('/apis', options);
  const servedVersions = new Map<string, Set<string>>([['', new Set(['v1'])]]);
  for (const group of groupList?.groups ?? []) {
    if (typeof group?.name !== 'string') continue;
    servedVersions.set(
      group.name,
      new Set(
        (group.versions ?? [])
          .map(v => v?.version)
          .filter((v): v is string => typeof v === 'string'),
      ),
    );
  }

  const resourceLists = new Map<
    string,
    Promise<ApiResourceList | KubeRequestError>
  >();
  const resourcesOf = (group: string, version: string) => {
    const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
    let list = resourceLists.get(path);
    if (!list) {
      list = client.getJson<ApiResourceList>(path, options).catch(e => {
        // One group-version that cannot be asked costs that group only;
        // a refused credential (401) or an abort ends the whole run.
        if (
          e instanceof KubeRequestError &&
          e.kind !== 'credentials' &&
          e.status !== 401
        ) {
          return e;
        }
        throw e;
      });
      resourceLists.set(path, list);
    }
    return list;
  };

  const results = new Map<string, NeedDiscovery>();
  for (const need of needs) {
    const versions = servedVersions.get(need.group);
    const groupName = need.group || 'core';
    if (!versions) {
      results.set(need.key, {
        status: 'not-installed',
        message: `API group ${groupName} is not served`,
      });
      continue;
    }
    let found: NeedDiscovery | undefined;
    for (const version of need.versions) {
      if (!versions.has(version)) continue;
      const list = await resourcesOf(need.group, version);
      if (list instanceof KubeRequestError) {
        // Only a 404 means "not served"; 429, 5xx and timeouts say
        // nothing about it.
        if (list.status === 403) {
          found = { status: 'forbidden', message: list.message };
        } else if (list.status === 404) {
          found = { status: 'not-installed', message: list.message };
        } else {
          found = {
            status: 'unavailable',
            message: list.message,
            ...(list.retryAfterMs !== undefined
              ? { retryAfterMs: list.retryAfterMs }
              : {}),
          };
        }
        continue;
      }
      const resource = list?.resources?.find(r => r?.name === need.plural);
      if (resource) {
        found = {
          status: 'served',
          resource: {
            group: need.group,
            version,
            plural: need.plural,
            kind: typeof resource.kind === 'string' ? resource.kind : need.kind,
            namespaced: resource.namespaced !== false,
          },
        };
        break;
      }
    }
    results.set(
      need.key,
      found ?? {
        status: 'not-installed',
        message: `${need.plural}${
          need.group ? `.${need.group}` : ''
        } (${need.versions.join(', ')}) is not served`,
      },
    );
  }

  return {
    gitVersion,
    apiGroups: ['', ...[...servedVersions.keys()].filter(g => g !== '')],
    needs: results,
  };
}
