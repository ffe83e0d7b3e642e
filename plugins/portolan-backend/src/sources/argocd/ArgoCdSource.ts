/*
 * The built-in `argocd` source: an entity's Argo CD Applications, read in
 * every cluster where Argo CD runs and attributed to the cluster they deploy
 * to. Applications belong to an entity by its Kubernetes label selector,
 * by the annotations the community Argo CD plugin uses (`argocd/app-name`,
 * `argocd/app-selector`), or, with no annotation at all, by repository.
 * Names and repositories are looked up in indexes, never by a scan of every
 * Application. Pure; the cache watches.
 */
import type { Entity } from '@backstage/catalog-model';
import type { Deployment } from '@portolan/plugin-portolan-common';
import {
  defineResource,
  type CachedObject,
  type EntityMatcher,
  type EntityQuery,
  type PortolanSource,
} from '@portolan/plugin-portolan-node';
import {
  REPOSITORY_INDEX,
  repositoryIndexKeys,
  repositoryMatcher,
  selectByRepository,
} from '../../delivery/repositoryMatcher';
import type { KnownCluster } from './argoDestination';
import {
  projectArgoApplication,
  type ProjectedArgoApplication,
} from './projectArgoApplication';
import { translateArgoApplications } from './translateArgoApplications';

/** Annotation naming the entity's Applications (comma-separated). */
export const ARGOCD_APP_NAME_ANNOTATION = 'argocd/app-name';
/** Annotation selecting the entity's Applications by label. */
export const ARGOCD_APP_SELECTOR_ANNOTATION = 'argocd/app-selector';

/** What an entity's Argo CD annotations ask for. */
export interface ArgoCdAppSelection {
  names: string[];
  selector?: string;
}

/** Resolves `argocd/app-name` and `argocd/app-selector` once per request. */
export const argoCdAppMatcher: EntityMatcher<ArgoCdAppSelection> = {
  id: 'argocd-app',
  resolve(entity: Entity) {
    const annotations = entity.metadata.annotations ?? {};
    const names = (annotations[ARGOCD_APP_NAME_ANNOTATION] ?? '')
      .split(',')
      .map(name => name.trim())
      .filter(Boolean);
    const selector = annotations[ARGOCD_APP_SELECTOR_ANNOTATION]?.trim();
    if (names.length === 0 && !selector) {
      return undefined;
    }
    return selector ? { names, selector } : { names };
  },
};

/** The index of Applications by name, in any namespace (`argocd/app-name`). */
const NAME_INDEX = 'name';

/** argoproj.io Applications. */
export const argoApplicationResource = defineResource<ProjectedArgoApplication>(
  {
    type: {
      group: 'argoproj.io',
      version: 'v1alpha1',
      plural: 'applications',
      kind: 'Application',
    },
    project: projectArgoApplication,
    indexes: {
      [REPOSITORY_INDEX]: app =>
        repositoryIndexKeys({ keys: app.projection.repositoryKeys }),
      [NAME_INDEX]: app => [app.metadata.name],
    },
  },
);

/** Options for {@link ArgoCdSource}. */
export interface ArgoCdSourceOptions {
  /**
   * The clusters Portolan knows, with their API server URLs, so that a
   * destination `server` can be attributed. Called per request; cheap.
   */
  knownClusters?: () => readonly KnownCluster[];
}

function objectKey(cached: CachedObject<unknown>): string {
  return `${cached.metadata.namespace ?? ''}/${cached.metadata.name}`;
}

/** Argo CD deployments per entity. */
export class ArgoCdSource implements PortolanSource {
  readonly id = 'argocd';
  readonly resources = [argoApplicationResource];
  readonly sections = ['deployments'] as const;
  readonly matchers = [repositoryMatcher, argoCdAppMatcher];

  constructor(private readonly options: ArgoCdSourceOptions = {}) {}

  entityView(query: EntityQuery): { deployments: Deployment[] } {
    const repositories = query.matched(repositoryMatcher);
    const apps = query.matched(argoCdAppMatcher);
    // Every queried cluster is known by name, even without a configured URL.
    const known = new Map<string, KnownCluster>(
      query.clusters.map(cluster => [cluster.name, { name: cluster.name }]),
    );
    for (const cluster of this.options.knownClusters?.() ?? []) {
      known.set(cluster.name, cluster);
    }
    const deployments: Deployment[] = [];
    for (const cluster of query.clusters) {
      const selected = new Map<
        string,
        CachedObject<ProjectedArgoApplication>
      >();
      const add = (app: CachedObject<ProjectedArgoApplication>) =>
        selected.set(objectKey(app), app);
      query.select(cluster, argoApplicationResource).forEach(add);
      if (apps?.selector) {
        try {
          cluster
            .selectByLabels(argoApplicationResource, apps.selector)
            .forEach(add);
        } catch {
          // A selector that does not parse selects nothing; the entity's
          // other matchers still apply.
        }
      }
      for (const name of apps?.names ?? []) {
        cluster.byIndex(argoApplicationResource, NAME_INDEX, name).forEach(add);
      }
      if (repositories) {
        selectByRepository(
          cluster,
          argoApplicationResource,
          repositories,
        ).forEach(add);
      }
      if (selected.size > 0) {
        deployments.push(
          ...translateArgoApplications(
            cluster.name,
            [...selected.values()].map(app => app.projection),
            [...known.values()],
          ).deployments,
        );
      }
    }
    return {
      deployments: deployments.sort(
        (a, b) =>
          a.application.localeCompare(b.application) ||
          a.cluster.localeCompare(b.cluster),
      ),
    };
  }
}
