/*
 * Matching an entity to runs and deployments by repository, with no extra
 * annotation: the entity's `github.com/project-slug` or
 * `backstage.io/source-location` against what runs and applications record.
 */
import type { Entity } from '@backstage/catalog-model';
import type { EntityMatcher } from '@portolan/plugin-portolan-node';
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

/** Resolves the entity's repositories once per request, for every source that matches by repository. */
export const repositoryMatcher: EntityMatcher<RepositoryKey[]> = {
  id: 'repository',
  resolve(entity: Entity) {
    const keys = repositoriesOfEntity(entity.metadata.annotations);
    return keys.length > 0 ? keys : undefined;
  },
};
