/*
 * Fuzz: malformed Tekton, Argo CD, Jenkins X, kpack, workload and pod
 * objects (the demo world's objects with one subtree replaced by a hostile
 * value) through every projection, index, entity view and cluster-facts
 * reader of the built-in sources. Nothing may throw; a malformed object is
 * reported (projection failure) or read as missing, and the other objects'
 * views stay whole.
 *
 * fast-check could not be installed in this workspace (yarn's fetch step
 * crashes); this is a seeded generator with the same shape (property, many
 * runs, a printed seed to replay). Replace with fast-check when it lands.
 */
import { demoFixturesDir, loadFixtures } from '@portolan/kube-sim';
import type {
  KubeObject,
  PortolanSource,
  ResourceDeclaration,
} from '@portolan/plugin-portolan-node';
import { FixtureClusterCache } from '@portolan/plugin-portolan-node/testUtils';
import {
  AnnotationFilter,
  projectObject,
  SourceSet,
} from '@portolan/plugin-portolan-node';
import { componentEntity } from '../delivery/__fixtures__/componentEntity';
import { EntityResolver } from '../entities/EntityResolver';
import { RunningImagesSource } from '../images/RunningImagesSource';
import { createEntityQuery } from '../views/createEntityQuery';
import { ArgoCdSource } from './argocd/ArgoCdSource';
import { JenkinsXSource } from './jenkinsx/JenkinsXSource';
import { KpackSource } from './kpack/KpackSource';
import { ProvidersSource } from './providers/ProvidersSource';
import { TektonSource } from './tekton/TektonSource';
import { workloadsSource } from './workloads/workloadsSource';

jest.setTimeout(60_000);

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const RUNS_PER_DECLARATION = 300;

/** mulberry32: a small, seedable PRNG, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1e308,
  '',
  'x',
  '2026-13-45T99:99:99Z',
  true,
  [],
  [null],
  {},
  { length: 3 },
  [[], {}],
  'a'.repeat(10_000),
];

/** Every path to a value inside `value` (objects and arrays). */
function pathsOf(value: unknown, prefix: (string | number)[] = []) {
  const out: (string | number)[][] = [prefix];
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(...pathsOf(v, [...prefix, Array.isArray(value) ? +k : k]));
    }
  }
  return out;
}

/** A deep copy of `object` with one subtree replaced (or removed). */
function mutate(object: KubeObject, next: () => number): KubeObject {
  const copy = structuredClone(object) as Record<string, unknown>;
  // Keep apiVersion and kind so the object reaches its declaration.
  const paths = pathsOf(copy).filter(
    p => p.length > 0 && p[0] !== 'apiVersion' && p[0] !== 'kind',
  );
  const times = 1 + Math.floor(next() * 3);
  for (let i = 0; i < times && paths.length > 0; i++) {
    const path = paths[Math.floor(next() * paths.length)];
    const value = HOSTILE[Math.floor(next() * HOSTILE.length)];
    let parent: any = copy;
    for (const key of path.slice(0, -1)) {
      if (!parent || typeof parent !== 'object') break;
      parent = parent[key];
    }
    if (parent && typeof parent === 'object') {
      const last = path[path.length - 1];
      if (value === undefined) delete parent[last];
      else parent[last] = structuredClone(value);
    }
  }
  return copy as KubeObject;
}

const builtIn: PortolanSource[] = [
  workloadsSource,
  new ProvidersSource(),
  new TektonSource(),
  new ArgoCdSource({ knownClusters: () => [] }),
  new JenkinsXSource(),
  new RunningImagesSource(),
  new KpackSource(),
];
const sources = new SourceSet(builtIn);

function groupOf(apiVersion: unknown): string {
  const v = String(apiVersion ?? '');
  return v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
}

function seedsOf(
  declaration: ResourceDeclaration<unknown>,
  objects: readonly KubeObject[],
) {
  return objects.filter(
    o =>
      o.kind === declaration.type.kind &&
      groupOf(o.apiVersion) === declaration.type.group,
  );
}

describe('malformed objects through every projection and source', () => {
  let objects: KubeObject[];

  beforeAll(async () => {
    const clusters = await loadFixtures(demoFixturesDir);
    objects = clusters.flatMap(c => c.objects ?? []) as KubeObject[];
  });

  const declarations = builtIn.flatMap(source =>
    source.resources.map(d => ({ source: source.id, declaration: d })),
  );

  it.each(
    declarations.map(
      d =>
        [`${d.source}: ${d.declaration.type.plural}`, d.declaration] as const,
    ),
  )('%s: projections and indexes never throw', (_name, declaration) => {
    const seeds = seedsOf(declaration, objects);
    const next = random(SEED ^ declaration.type.plural.length);
    // Objects no source expects at all, then mutants of real ones.
    const inputs: unknown[] = [
      null,
      42,
      'str',
      [],
      {},
      { metadata: null },
      { metadata: { name: 7 } },
    ];
    for (let i = 0; i < RUNS_PER_DECLARATION && seeds.length > 0; i++) {
      inputs.push(mutate(seeds[i % seeds.length], next));
    }
    const crashes: string[] = [];
    for (const input of inputs) {
      try {
        const projection = declaration.project(input as KubeObject);
        const result = projectObject(
          input as KubeObject,
          [declaration],
          new AnnotationFilter(declaration.keepAnnotations ?? []),
        );
        for (const keys of Object.values(declaration.indexes ?? {})) {
          const view = result.stored?.views[0];
          if (view) keys(view);
        }
        expect(projection).toBeDefined();
      } catch (e) {
        crashes.push(
          `${(e as Error).message} on ${JSON.stringify(input)?.slice(0, 300)}`,
        );
      }
    }
    expect({ seed: SEED, crashes: crashes.slice(0, 3) }).toEqual({
      seed: SEED,
      crashes: [],
    });
  });

  it('entity views and cluster facts survive a cluster full of mutants, and keep every good object', () => {
    const next = random(SEED);
    const mutants = objects
      .filter(o => o.kind !== 'Namespace')
      .flatMap((o, i) => {
        const m = mutate(o, next) as KubeObject & {
          metadata?: Record<string, unknown>;
        };
        if (m.metadata && typeof m.metadata === 'object') {
          m.metadata = { ...m.metadata, name: `fuzz-${i}` };
        }
        return [m];
      });
    const clean = new FixtureClusterCache(sources, { name: 'c', objects });
    const dirty = new FixtureClusterCache(sources, {
      name: 'c',
      objects: [...objects, ...mutants],
    });
    const ids = [
      ...new Set(
        objects
          .map(o => o.metadata?.labels?.['backstage.io/kubernetes-id'])
          .filter((v): v is string => typeof v === 'string'),
      ),
    ].slice(0, 8);
    expect(ids.length).toBeGreaterThan(0);
    const resolver = new EntityResolver(sources.matchers);
    const names = (view: unknown): string[] =>
      JSON.stringify(view ?? null)
        .match(/"name":"[^"]+"/g)
        ?.filter(n => !n.includes('fuzz-')) ?? [];
    for (const id of ids) {
      const entity = componentEntity(id, {
        'backstage.io/kubernetes-id': id,
      });
      for (const source of builtIn) {
        const clean_ = source.entityView?.(
          createEntityQuery(resolver.resolve(entity), [clean.snapshot()]),
        );
        let dirty_: unknown;
        expect(() => {
          dirty_ = source.entityView?.(
            createEntityQuery(resolver.resolve(entity), [dirty.snapshot()]),
          );
        }).not.toThrow();
        // Every good object still shows: the mutants only add.
        const shown = new Set(names(dirty_));
        for (const n of names(clean_)) expect(shown).toContain(n);
      }
    }
    for (const source of builtIn) {
      expect(() => source.clusterFacts?.(dirty.snapshot())).not.toThrow();
    }
  });
});
