import { join } from 'node:path';
import { componentEntity } from '../../delivery/__fixtures__/componentEntity';
import type { KubeObject } from '@portolan/plugin-portolan-node';
import { FixtureClusterCache } from '@portolan/plugin-portolan-node/testUtils';
import { loadYamlDocuments } from '../../delivery/__fixtures__/loadYamlDocuments';
import { EntityResolver } from '../../entities/EntityResolver';
import { createEntityQuery } from '../../views/createEntityQuery';
import { SourceSet } from '@portolan/plugin-portolan-node';
import { JenkinsXSource } from './JenkinsXSource';

const activities = loadYamlDocuments(
  join(__dirname, '__fixtures__', 'activities.yaml'),
) as KubeObject[];
const labelled: KubeObject = {
  apiVersion: 'jenkins.io/v1',
  kind: 'PipelineActivity',
  metadata: {
    name: 'labelled-1',
    namespace: 'jx',
    labels: { 'backstage.io/kubernetes-id': 'search-ui' },
  },
  spec: { status: 'Succeeded', startedTimestamp: '2025-05-01T00:00:00Z' },
};

const source = new JenkinsXSource();
const sources = new SourceSet([source]);
const cache = new FixtureClusterCache(sources, {
  name: 'aks-staging',
  objects: [...activities, labelled],
});

function runsOf(name: string, annotations: Record<string, string> = {}) {
  const entity = componentEntity(name, annotations);
  return source.entityView(
    createEntityQuery(new EntityResolver(sources.matchers).resolve(entity), [
      cache.snapshot(),
    ]),
  ).pipelineRuns;
}

describe('JenkinsXSource through the source contract', () => {
  it('finds activities by repository: git URL, or owner and repository without a URL', () => {
    const runs = runsOf('search-indexer', {
      'github.com/project-slug': 'acme/search-indexer',
    });
    expect(runs.map(run => [run.name, run.status])).toEqual([
      ['acme-search-indexer-pr-17-3', 'running'],
      ['acme-search-indexer-main-42', 'succeeded'],
      ['acme-search-indexer-main-43', 'pending'],
    ]);
    expect(
      runs.every(
        run => run.system === 'jenkins-x' && run.cluster === 'aks-staging',
      ),
    ).toBe(true);
  });

  it("finds activities by the entity's kubernetes-id label", () => {
    expect(runsOf('search-ui').map(run => run.name)).toEqual(['labelled-1']);
  });

  it('finds nothing for an unrelated entity', () => {
    expect(
      runsOf('payments-api', {
        'github.com/project-slug': 'acme/payments-api',
      }),
    ).toEqual([]);
  });
});
