import { join } from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { componentEntity } from '../../delivery/__fixtures__/componentEntity';
import { PipelineRunSchema } from '@portolan/plugin-portolan-common';
import type { KubeObject } from '@portolan/plugin-portolan-node';
import { FixtureClusterCache } from '@portolan/plugin-portolan-node/testUtils';
import { loadYamlDocuments } from '../../delivery/__fixtures__/loadYamlDocuments';
import { EntityResolver } from '../../entities/EntityResolver';
import { createEntityQuery } from '../../views/createEntityQuery';
import { SourceSet } from '@portolan/plugin-portolan-node';
import { TektonSource } from './TektonSource';

const objects = [
  'payments-api-succeeded.yaml',
  'fraud-detector-oom.yaml',
  'cart-service-running.yaml',
  'edge-cases.yaml',
].flatMap(file =>
  loadYamlDocuments(join(__dirname, '__fixtures__', file)),
) as KubeObject[];

const isV1 = (object: KubeObject) => object.apiVersion === 'tekton.dev/v1';
const source = new TektonSource();
const sources = new SourceSet([source]);
const cache = new FixtureClusterCache(sources, {
  name: 'doks-tools',
  objects: objects.filter(isV1),
});
// A cluster that only serves tekton.dev/v1beta1.
const legacyCache = new FixtureClusterCache(sources, {
  name: 'legacy-tools',
  objects: objects.filter(object => !isV1(object)),
});

function query(e: Entity) {
  return createEntityQuery(new EntityResolver(sources.matchers).resolve(e), [
    cache.snapshot(),
    legacyCache.snapshot(),
  ]);
}

describe('TektonSource through the source contract', () => {
  it("finds an entity's runs by its kubernetes-id label, with their TaskRuns", () => {
    const { pipelineRuns } = source.entityView(
      query(componentEntity('payments-api')),
    );
    expect(pipelineRuns.map(run => run.name)).toEqual([
      'payments-api-build-7x2k9',
    ]);
    const [run] = pipelineRuns;
    expect(PipelineRunSchema.parse(run)).toEqual(run);
    expect(run.tasks.map(task => [task.name, task.status])).toEqual([
      ['fetch-source', 'succeeded'],
      ['build-image', 'succeeded'],
      ['deploy-preview', 'skipped'],
      ['notify', 'succeeded'],
    ]);
    expect(run.trigger.kind).toBe('tekton-triggers');
  });

  it('finds runs by repository when the entity has no matching label', () => {
    // Named differently from its runs' label; only the slug ties them.
    const { pipelineRuns } = source.entityView(
      query(
        componentEntity('cart', {
          'github.com/project-slug': 'acme/cart-service',
        }),
      ),
    );
    expect(pipelineRuns.map(run => run.name)).toEqual([
      'cart-service-on-push-h7d2m',
    ]);
    expect(pipelineRuns[0].trigger).toMatchObject({
      kind: 'pipelines-as-code',
    });
  });

  it('matches a GitLab source-location against a run param on a v1beta1-only cluster', () => {
    const { pipelineRuns } = source.entityView(
      query(
        componentEntity('legacy', {
          'backstage.io/source-location':
            'url:https://gitlab.acme.example/platform/legacy-app/-/tree/main/',
        }),
      ),
    );
    expect(pipelineRuns.map(run => [run.cluster, run.name])).toEqual([
      ['legacy-tools', 'legacy-build'],
    ]);
    expect(pipelineRuns[0].tasks.map(task => task.name)).toEqual(['compile']);
  });

  it('finds nothing for an entity with no label and no repository', () => {
    expect(
      source.entityView(query(componentEntity('nobody'))).pipelineRuns,
    ).toEqual([]);
  });

  it("lists the step pods of the entity's runs for the logs route", () => {
    expect(source.logTargets(query(componentEntity('fraud-detector')))).toEqual(
      [
        {
          cluster: 'doks-tools',
          namespace: 'ci',
          pod: 'fraud-detector-build-q8w2p-fetch-source-pod',
          containers: ['step-clone'],
        },
        {
          cluster: 'doks-tools',
          namespace: 'ci',
          pod: 'fraud-detector-build-q8w2p-train-and-build-pod',
          containers: ['step-build', 'step-export'],
        },
      ],
    );
  });

  it('returns the most recent runs first, up to the limit', () => {
    const limited = new TektonSource({ maxRuns: 1 });
    const everything = componentEntity('any', {
      // A selector naming every pipeline of the fixtures (a bare
      // `tekton.dev/pipeline` is refused as match-all).
      'backstage.io/kubernetes-label-selector':
        'tekton.dev/pipeline in (cart-service-build,fraud-detector-build,ledger-build,legacy-build,payments-api-build)',
    });
    const all = source.entityView(query(everything)).pipelineRuns;
    expect(all.map(run => run.name)).toEqual([
      'cart-service-on-push-h7d2m',
      'payments-api-build-7x2k9',
      'fraud-detector-build-q8w2p',
      'ledger-build-cancel',
      'legacy-build',
    ]);
    expect(
      limited.entityView(query(everything)).pipelineRuns.map(run => run.name),
    ).toEqual(['cart-service-on-push-h7d2m']);
  });
});
