/*
 * FleetViews' partial reads on a fixture cache: a background reader that
 * needs a few sections asks only the sources declaring one of them (and
 * the sources that declare nothing), only those a change named, and gets
 * no timeline unless it asks; a source filling a section it did not
 * declare has that section left out of every view, with an error.
 */
import { mockServices } from '@backstage/backend-test-utils';
import {
  type EntityQuery,
  type PortolanSource,
  SourceSet,
  defineResource,
} from '@portolan/plugin-portolan-node';
import { FixtureClusterCache } from '@portolan/plugin-portolan-node/testUtils';
import {
  component,
  serviceObjects,
} from '../__testUtils__/portolanTestBackend';
import type { FleetCache } from '../cache/FleetCache';
import { EntityResolver } from '../entities/EntityResolver';
import { RunningImagesSource } from '../images/RunningImagesSource';
import { workloadsSource } from '../sources/workloads/workloadsSource';
import { FleetViews } from './FleetViews';
import { ReadRecorder } from './ReadRecorder';

const namespaces = defineResource({
  type: { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace' },
  project: () => ({}),
});

function world(extra: PortolanSource[]) {
  const asked: string[] = [];
  const counting = (source: PortolanSource): PortolanSource =>
    Object.assign(Object.create(source), {
      entityView: (query: EntityQuery) => {
        asked.push(source.id);
        return source.entityView!.call(source, query);
      },
    });
  const sources = new SourceSet(
    [workloadsSource, new RunningImagesSource(), ...extra].map(counting),
  );
  const fixture = new FixtureClusterCache(sources, {
    name: 'alpha',
    objects: serviceObjects('payments-api', 'payments'),
  });
  const snapshot = fixture.snapshot();
  const views = new FleetViews(
    { sources, snapshotAll: () => [snapshot] } as unknown as FleetCache,
    new EntityResolver(sources.matchers),
    mockServices.logger.mock(),
  );
  return { views, sources, asked };
}

/** Declares nothing: every partial read asks it. */
const undeclared: PortolanSource = {
  id: 'undeclared',
  resources: [namespaces],
  entityView: () => ({ deployments: [] }),
};

const entity = component('payments-api', 'team-payments');

describe('FleetViews.sectionsRecorded', () => {
  it('asks only the sources declaring a wanted section, and those declaring nothing', () => {
    const { views, sources, asked } = world([undeclared]);
    const view = views.sectionsRecorded(entity, new ReadRecorder(sources), {
      sections: new Set(['images']),
    });
    expect(asked.sort()).toEqual(['images', 'undeclared']);
    expect(view.images?.map(i => i.repository)).toEqual([
      'registry.acme.example/payments/payments-api',
    ]);
    expect(view.workloads).toBeUndefined();
    expect(view.deployments).toEqual([]);
    expect(view.timeline).toBeUndefined();
    expect(view.sourceErrors).toEqual([]);
  });

  it('asks only the sources a change named', () => {
    const { views, sources, asked } = world([undeclared]);
    const view = views.sectionsRecorded(entity, new ReadRecorder(sources), {
      sections: new Set(['images', 'workloads', 'deployments']),
      sources: new Set(['workloads']),
    });
    expect(asked).toEqual(['workloads']);
    expect(view.workloads?.map(w => w.name)).toEqual(['payments-api']);
    expect(view.images).toBeUndefined();
  });

  it('records what the asked sources read, and only that', () => {
    const { views, sources } = world([]);
    const partial = new ReadRecorder(sources);
    views.sectionsRecorded(entity, partial, {
      sections: new Set(['images']),
    });
    const full = new ReadRecorder(sources);
    views.assembleRecorded(entity, full);
    expect(partial.keys.size).toBeGreaterThan(0);
    expect([...partial.keys].every(k => full.keys.has(k))).toBe(true);
    // The workloads source reads Deployments; the images source does not.
    expect(full.keys.size).toBeGreaterThan(partial.keys.size);
  });
});

describe('FleetViews sections contract', () => {
  it('leaves out a section a source fills without declaring it, and says so', () => {
    const liar: PortolanSource = {
      id: 'liar',
      resources: [namespaces],
      sections: ['deployments'],
      entityView: () => ({
        deployments: [],
        pipelineRuns: [{ name: 'not-declared' } as never],
      }),
    };
    const { views } = world([liar]);
    const view = views.view(entity);
    expect(view.pipelineRuns).toBeUndefined();
    expect(view.deployments).toEqual([]);
    expect(view.partial).toBe(true);
    expect(view.sourceErrors).toEqual([
      {
        source: 'liar',
        message:
          'filled sections it does not declare (pipelineRuns); they are left out',
      },
    ]);
  });

  // demo.test.ts holds the other built-in sources to theirs: every demo
  // service's view has no source error.
  it('holds the workloads and images sources to what they declare', () => {
    const { views } = world([]);
    const view = views.view(entity);
    expect(view.sourceErrors).toEqual([]);
    expect(view.workloads).toHaveLength(1);
    expect(view.images).toHaveLength(1);
  });
});
