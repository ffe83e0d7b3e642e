/*
 * Fuzz: malformed Tekton, Argo CD, Jenkins X, kpack, workload and pod
 * objects (the demo world's objects with one subtree replaced by a hostile
 * value) through every projection, index, entity view and cluster-facts
 * reader of the built-in sources, with fast-check (a failure prints the
 * seed and the shrunk object). Nothing may throw; an object the store
 * cannot read as the API server would send it (not an object, no name,
 * metadata fields of the wrong type) is reported as a projection failure,
 * which the informer counts in the resource's health; bad fields deeper
 * in are read as missing (the source contract); the other objects' views
 * stay whole.
 */
import { demoFixturesDir, loadFixtures } from '@portolan/kube-sim';
import fc from 'fast-check';
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

const RUNS_PER_DECLARATION = 300;

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

/** One edit: which subtree (an index into its paths) and what goes there. */
type Edit = [number, unknown];

const hostileValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
);
const edits = fc.array(fc.tuple(fc.nat(), hostileValue), {
  minLength: 1,
  maxLength: 3,
});

/** A deep copy of `object` with subtrees replaced (undefined: removed). */
function mutate(object: KubeObject, changes: readonly Edit[]): KubeObject {
  const copy = structuredClone(object) as Record<string, unknown>;
  // Keep apiVersion and kind so the object reaches its declaration.
  for (const [pick, value] of changes) {
    const paths = pathsOf(copy).filter(
      p => p.length > 0 && p[0] !== 'apiVersion' && p[0] !== 'kind',
    );
    if (paths.length === 0) break;
    const path = paths[pick % paths.length];
    let parent: any = copy;
    for (const key of path.slice(0, -1)) parent = parent[key];
    const last = path[path.length - 1];
    if (value === undefined) delete parent[last];
    else parent[last] = structuredClone(value);
  }
  return copy as KubeObject;
}

const STRING_FIELDS = [
  'namespace',
  'uid',
  'creationTimestamp',
  'deletionTimestamp',
  'resourceVersion',
];
const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whether the store must report this object: it is not one an API server
 * sends (the test's own reading of ObjectMeta, field by field).
 */
function mustBeReported(o: unknown): boolean {
  if (!isMap(o) || !isMap(o.metadata)) return true;
  const m = o.metadata;
  if (typeof m.name !== 'string' || m.name === '') return true;
  const present = (k: string) => m[k] !== undefined && m[k] !== null;
  if (STRING_FIELDS.some(k => present(k) && typeof m[k] !== 'string'))
    return true;
  if (present('generation') && typeof m.generation !== 'number') return true;
  for (const k of ['labels', 'annotations']) {
    if (!present(k)) continue;
    const map = m[k];
    if (!isMap(map) || Object.values(map).some(v => typeof v !== 'string'))
      return true;
  }
  if (present('ownerReferences')) {
    const refs = m.ownerReferences;
    if (!Array.isArray(refs)) return true;
    const good = (r: unknown) =>
      isMap(r) &&
      typeof r.kind === 'string' &&
      typeof r.name === 'string' &&
      typeof r.uid === 'string';
    if (!refs.every(good)) return true;
  }
  return false;
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
  )(
    '%s: projections and indexes never throw, and every malformed object is reported',
    (_name, declaration) => {
      const seeds = seedsOf(declaration, objects);
      const filter = new AnnotationFilter(declaration.keepAnnotations ?? []);
      // Objects no source expects at all, and mutants of the real ones.
      const input = fc.oneof(
        fc.constantFrom<unknown>(
          null,
          42,
          'str',
          [],
          {},
          { metadata: null },
          { metadata: { name: 7 } },
        ),
        ...(seeds.length > 0
          ? [
              fc
                .tuple(fc.nat(seeds.length - 1), edits)
                .map(([i, e]) => mutate(seeds[i], e) as unknown),
            ]
          : []),
      );
      let reported = 0;
      fc.assert(
        fc.property(input, object => {
          const projection = declaration.project(object as KubeObject);
          expect(projection).toBeDefined();
          const result = projectObject(
            object as KubeObject,
            [declaration],
            filter,
          );
          const view = result.stored?.views[0];
          for (const keys of Object.values(declaration.indexes ?? {})) {
            if (view) keys(view);
          }
          const must = mustBeReported(object);
          if (must) reported++;
          // Reported (counted by the informer, shown in the resource's
          // health) exactly when it must be; otherwise kept with its projection.
          expect({
            reported: result.failures.length > 0,
            projected: view !== undefined,
          }).toEqual(
            must
              ? { reported: true, projected: view !== undefined }
              : { reported: false, projected: true },
          );
        }),
        { numRuns: RUNS_PER_DECLARATION },
      );
      // The generator reaches the cases that must be reported.
      expect(reported).toBeGreaterThan(0);
    },
  );

  it('entity views and cluster facts survive a cluster full of mutants, and keep every good object', () => {
    // One fixed sample of mutants (fast-check's generator, a fixed seed).
    const plan = fc.sample(
      fc.array(edits, { minLength: objects.length, maxLength: objects.length }),
      {
        numRuns: 1,
        seed: 20261207,
      },
    )[0];
    const mutants = objects
      .filter(o => o.kind !== 'Namespace')
      .flatMap((o, i) => {
        const m = mutate(o, plan[i]) as KubeObject & {
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
