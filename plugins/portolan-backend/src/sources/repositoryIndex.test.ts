/*
 * The repository indexes of the Tekton, Argo CD, Jenkins X and kpack sources find
 * exactly what the scan they replaced found: every cached object for which
 * `matchesRepository` holds, on the sources' own fixtures, for every
 * repository those fixtures name (and a few they do not).
 */
import { join } from 'node:path';
import type {
  CachedObject,
  ClusterSnapshot,
  KubeObject,
  ResourceDeclaration,
} from '@portolan/plugin-portolan-node';
import { FixtureClusterCache } from '@portolan/plugin-portolan-node/testUtils';
import { loadYamlDocuments } from '../delivery/__fixtures__/loadYamlDocuments';
import {
  matchesRepository,
  selectByRepository,
  type RepositoryClaim,
} from '../delivery/repositoryMatcher';
import { repositoryPath } from '../delivery/repositoryUrl';
import { ArgoCdSource, argoApplicationResource } from './argocd/ArgoCdSource';
import {
  JenkinsXSource,
  pipelineActivityResource,
} from './jenkinsx/JenkinsXSource';
import { normalizeRepositoryUrl } from '../delivery/repositoryUrl';
import {
  invoiceWorkerObjects,
  ledgerObjects,
} from './kpack/__fixtures__/kpackObjects';
import { KpackSource } from './kpack/KpackSource';
import { kpackImageResource } from './kpack/kpackResources';
import { SourceSet } from '@portolan/plugin-portolan-node';
import { TektonSource, tektonPipelineRunResource } from './tekton/TektonSource';

function fixtures(folder: string, files: string[]): KubeObject[] {
  return files.flatMap(file =>
    loadYamlDocuments(join(__dirname, folder, '__fixtures__', file)),
  ) as KubeObject[];
}

const tektonObjects = fixtures('tekton', [
  'payments-api-succeeded.yaml',
  'fraud-detector-oom.yaml',
  'cart-service-running.yaml',
  'edge-cases.yaml',
]);

interface Case<P> {
  name: string;
  snapshots: ClusterSnapshot[];
  resource: ResourceDeclaration<P>;
  claim(object: CachedObject<P>): RepositoryClaim;
}

function caseOf<P>(
  name: string,
  source: ConstructorParameters<typeof SourceSet>[0][number],
  resource: ResourceDeclaration<P>,
  objectSets: KubeObject[][],
  claim: (object: CachedObject<P>) => RepositoryClaim,
): Case<P> {
  const sources = new SourceSet([source]);
  return {
    name,
    resource,
    claim,
    snapshots: objectSets.map((objects, i) =>
      new FixtureClusterCache(sources, {
        name: `${name}-${i}`,
        objects,
      }).snapshot(),
    ),
  };
}

const cases: Case<any>[] = [
  caseOf(
    'tekton',
    new TektonSource(),
    tektonPipelineRunResource,
    [
      tektonObjects.filter(o => o.apiVersion === 'tekton.dev/v1'),
      tektonObjects.filter(o => o.apiVersion !== 'tekton.dev/v1'),
    ],
    run => ({ keys: run.projection.repositoryKeys }),
  ),
  caseOf(
    'argocd',
    new ArgoCdSource(),
    argoApplicationResource,
    [fixtures('argocd', ['applications.yaml'])],
    app => ({ keys: app.projection.repositoryKeys }),
  ),
  caseOf(
    'jenkins-x',
    new JenkinsXSource(),
    pipelineActivityResource,
    [fixtures('jenkinsx', ['activities.yaml'])],
    activity => ({
      keys: activity.projection.repositoryKeys,
      path: activity.projection.repositoryPath,
    }),
  ),
  caseOf(
    'kpack',
    new KpackSource(),
    kpackImageResource,
    [[...invoiceWorkerObjects(), ...ledgerObjects()]],
    image => {
      const key = normalizeRepositoryUrl(image.projection.source.gitUrl);
      return { keys: key ? [key] : [] };
    },
  ),
];

function names(objects: readonly CachedObject<unknown>[]): string[] {
  return objects
    .map(o => `${o.metadata.namespace ?? ''}/${o.metadata.name}`)
    .sort();
}

describe.each(cases)('the $name repository index', c => {
  const claims = c.snapshots.flatMap(s => s.list(c.resource).map(c.claim));
  const named = [...new Set(claims.flatMap(claim => claim.keys))];
  const paths = [
    ...new Set(claims.flatMap(claim => (claim.path ? [claim.path] : []))),
  ];
  // Every key the fixtures name, the same paths on another host (matched
  // only through a host-less claim), pairs of keys, and keys nobody names.
  const entityRepositorySets: string[][] = [
    ...named.map(key => [key]),
    ...named.map(key => [`elsewhere.example/${repositoryPath(key)}`]),
    ...paths.map(path => [`gitlab.example/${path}`]),
    ...named.slice(1).map((key, i) => [named[i], key]),
    ['github.com/nobody/nothing'],
  ];

  it('has objects that claim repositories', () => {
    expect(named.length).toBeGreaterThan(0);
  });

  it.each(entityRepositorySets.map(set => [set.join(' + '), set]))(
    'finds what the scan found for %s',
    (_, repositories) => {
      for (const snapshot of c.snapshots) {
        const scanned = snapshot
          .list(c.resource)
          .filter(o => matchesRepository(repositories, c.claim(o)));
        expect(
          names(selectByRepository(snapshot, c.resource, repositories)),
        ).toEqual(names(scanned));
      }
    },
  );
});

describe('the Argo CD name index', () => {
  const [snapshot] = cases[1].snapshots;
  const apps = snapshot.list(argoApplicationResource);

  it('finds every Application by its name, in any namespace', () => {
    expect(apps.length).toBeGreaterThan(0);
    for (const name of new Set(apps.map(app => app.metadata.name))) {
      expect(
        names(snapshot.byIndex(argoApplicationResource, 'name', name)),
      ).toEqual(names(apps.filter(app => app.metadata.name === name)));
    }
    expect(snapshot.byIndex(argoApplicationResource, 'name', 'nope')).toEqual(
      [],
    );
  });

  it('refuses an index the declaration does not declare', () => {
    expect(() =>
      snapshot.byIndex(argoApplicationResource, 'owner', 'x'),
    ).toThrow(
      "Application declares no index 'owner' (declared: repository, name)",
    );
  });
});
