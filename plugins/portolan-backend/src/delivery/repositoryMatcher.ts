/*
 * Matching an entity to runs and deployments by repository, with no extra
 * annotation: the entity's `github.com/project-slug` or
 * `backstage.io/source-location` against what runs and applications record.
 * The rule lives here twice, kept equal by tests: `matchesRepository` for
 * one object, and the index keys (`repositoryIndexKeys` of an object, looked
 * up under `repositoryLookupKeys` of the entity) for a whole cluster.
 */
import type { Entity } from '@backstage/catalog-model';
import type {
  CachedObject,
  ClusterSnapshot,
  EntityMatcher,
  ResourceDeclaration,
} from '@portolan/plugin-portolan-node';
import {
  normalizeRepositoryUrl,
  repositoryKeyFromSlug,
  repositoryPath,
  type RepositoryKey,
} from './repositoryUrl';

/** The annotations an entity's repository is read from. */
export const GITHUB_PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';
/** The annotations an entity's repository is read from. */
export const SOURCE_LOCATION_ANNOTATION = 'backstage.io/source-location';

/** The repository keys an entity's annotations name, without duplicates. */
export function repositoriesOfEntity(
  annotations: Readonly<Record<string, string>> | undefined,
): RepositoryKey[] {
  const keys: RepositoryKey[] = [];
  for (const key of [
    repositoryKeyFromSlug(annotations?.[GITHUB_PROJECT_SLUG_ANNOTATION]),
    normalizeRepositoryUrl(annotations?.[SOURCE_LOCATION_ANNOTATION]),
  ]) {
    if (key && !keys.includes(key)) {
      keys.push(key);
    }
  }
  return keys;
}

/** What an object says about its repository. */
export interface RepositoryClaim {
  /** Full keys (`host/owner/repo`). */
  keys: readonly RepositoryKey[];
  /** `owner/repo` when the object names no host (Jenkins X owner + repository). */
  path?: string;
}

/** True when an object's repository is one of the entity's. */
export function matchesRepository(
  entityRepositories: readonly RepositoryKey[],
  claim: RepositoryClaim,
): boolean {
  return entityRepositories.some(
    key =>
      claim.keys.includes(key) ||
      (claim.path !== undefined && repositoryPath(key) === claim.path),
  );
}

/** The name sources give their repository index ({@link ResourceDeclaration.indexes}). */
export const REPOSITORY_INDEX = 'repository';

// Full keys start with a host, which never contains ':' (IPv6 hosts are
// bracketed), so a host-less path cannot collide with a full key.
const PATH_KEY_PREFIX = 'path:';

/**
 * The keys an object's claim is filed under in a repository index: its full
 * keys, and its host-less path. An entity matches the object exactly when
 * one of these is among {@link repositoryLookupKeys} of its repositories.
 */
export function repositoryIndexKeys(claim: RepositoryClaim): readonly string[] {
  return claim.path === undefined
    ? claim.keys
    : [...claim.keys, `${PATH_KEY_PREFIX}${claim.path}`];
}

/** The keys to look an entity's repositories up under (see {@link repositoryIndexKeys}). */
export function repositoryLookupKeys(
  entityRepositories: readonly RepositoryKey[],
): string[] {
  const keys = new Set<string>();
  for (const key of entityRepositories) {
    keys.add(key);
    keys.add(`${PATH_KEY_PREFIX}${repositoryPath(key)}`);
  }
  return [...keys];
}

/**
 * The objects of `resource` on `cluster` whose repository is one of the
 * entity's, through the declaration's {@link REPOSITORY_INDEX} (which must
 * file objects under {@link repositoryIndexKeys}). Each object once.
 */
export function selectByRepository<P>(
  cluster: ClusterSnapshot,
  resource: ResourceDeclaration<P>,
  entityRepositories: readonly RepositoryKey[],
): CachedObject<P>[] {
  const found = new Set<CachedObject<P>>();
  for (const key of repositoryLookupKeys(entityRepositories)) {
    for (const object of cluster.byIndex(resource, REPOSITORY_INDEX, key)) {
      found.add(object);
    }
  }
  return [...found];
}

/** Resolves the entity's repositories once per request, for every source that matches by repository. */
export const repositoryMatcher: EntityMatcher<RepositoryKey[]> = {
  id: 'repository',
  resolve(entity: Entity) {
    const keys = repositoriesOfEntity(entity.metadata.annotations);
    return keys.length > 0 ? keys : undefined;
  },
};
