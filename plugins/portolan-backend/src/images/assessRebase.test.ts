import type {
  BuildpacksFacts,
  KpackBuild,
  KpackImage,
} from '@portolan/plugin-portolan-common';
import { RebaseStateSchema } from '@portolan/plugin-portolan-common';
import { assessRebase, type RebaseInputs } from './assessRebase';

const RUN_TAG = 'registry.acme.example/base/run:jammy';
const OLD_TOP = `sha256:${'1'.repeat(64)}`;
const NEW_TOP = `sha256:${'2'.repeat(64)}`;
const RUN_A = `registry.acme.example/base/run@sha256:${'a'.repeat(64)}`;
const RUN_B = `registry.acme.example/base/run@sha256:${'b'.repeat(64)}`;

const labels = (overrides: Partial<BuildpacksFacts> = {}): BuildpacksFacts => ({
  detected: true,
  source: 'image-labels',
  buildpacks: [],
  extensions: [],
  processes: [],
  runImage: {
    image: RUN_TAG,
    reference: RUN_A,
    topLayer: OLD_TOP,
    mirrors: [],
    fromDeprecatedStack: false,
  },
  warnings: [],
  ...overrides,
});

const lookup = (topLayer: string | undefined): RebaseInputs['runImage'] => ({
  followed: RUN_TAG,
  repository: 'registry.acme.example/base/run',
  outcome: {
    ok: true,
    checkedAt: '2026-11-20T06:00:00.000Z',
    image: {
      manifestDigest: `sha256:${'f'.repeat(64)}`,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      configDigest: `sha256:${'c'.repeat(64)}`,
      layerCount: 2,
      platform: { os: 'linux', architecture: 'amd64' },
      labels: {},
      env: [],
      entrypoint: [],
      diffIds: topLayer ? [`sha256:${'0'.repeat(64)}`, topLayer] : [],
    },
  },
});

const kpack = (used?: string, current?: string): RebaseInputs['kpack'] => ({
  build: { name: 'app-build-3', runImage: used } as KpackBuild,
  image: {
    name: 'app',
    currentRunImage: current,
    currentRunImageFrom: 'ClusterStack/base',
  } as KpackImage,
});

function assess(inputs: RebaseInputs) {
  const state = assessRebase(inputs);
  expect(RebaseStateSchema.parse(state)).toEqual(state);
  return state;
}

describe('assessRebase', () => {
  it('compares the run image tag’s current top layer with the recorded one', () => {
    expect(assess({ labels: labels(), runImage: lookup(OLD_TOP) })).toEqual({
      state: 'up-to-date',
      basis: 'registry',
      runImage: RUN_TAG,
      reason: `The image's run image top layer is ${RUN_TAG}'s current one`,
      checkedAt: '2026-11-20T06:00:00.000Z',
    });
    expect(
      assess({ labels: labels(), runImage: lookup(NEW_TOP) }),
    ).toMatchObject({
      state: 'rebase-available',
      basis: 'registry',
      currentRunImage: RUN_A,
      newRunImage: `registry.acme.example/base/run@sha256:${'f'.repeat(64)}`,
      newTopLayer: NEW_TOP,
    });
  });

  it('prefers the registry’s answer to kpack’s', () => {
    expect(
      assess({
        labels: labels(),
        runImage: lookup(OLD_TOP),
        kpack: kpack(RUN_A, RUN_B),
      }),
    ).toMatchObject({ state: 'up-to-date', basis: 'registry' });
  });

  it('falls back to kpack when the registry cannot decide', () => {
    expect(
      assess({
        registryProblem: 'Registry lookup: timeout',
        kpack: kpack(RUN_A, RUN_B),
      }),
    ).toEqual({
      state: 'rebase-available',
      basis: 'kpack',
      runImage: RUN_B,
      currentRunImage: RUN_A,
      newRunImage: RUN_B,
      reason:
        'Build app-build-3 used an older run image than ClusterStack/base resolves now',
    });
    expect(
      assess({
        labels: labels(),
        runImage: { skipped: 'not allowed' },
        kpack: kpack(RUN_A, RUN_A),
      }),
    ).toMatchObject({ state: 'up-to-date', basis: 'kpack' });
  });

  it.each<[string, RebaseInputs, string]>([
    [
      'nothing is known',
      { registryProblem: 'No registry is configured' },
      'facts-unavailable',
    ],
    [
      'not buildpacks',
      { labels: labels({ detected: false }), kpack: kpack(RUN_A, RUN_B) },
      'not-buildpacks',
    ],
    [
      'not rebasable',
      {
        labels: labels({ rebasable: false }),
        runImage: lookup(NEW_TOP),
        kpack: kpack(RUN_A, RUN_B),
      },
      'not-rebasable',
    ],
    [
      'no tag recorded',
      {
        labels: labels({
          runImage: {
            reference: RUN_A,
            topLayer: OLD_TOP,
            mirrors: [],
            fromDeprecatedStack: false,
          },
        }),
      },
      'no-run-image',
    ],
    [
      'no top layer recorded',
      {
        labels: labels({
          runImage: { image: RUN_TAG, mirrors: [], fromDeprecatedStack: false },
        }),
      },
      'no-top-layer',
    ],
    [
      'the tag was not looked up',
      {
        labels: labels(),
        runImage: { skipped: 'Run image x was not looked up: not allowed' },
      },
      'run-image-lookup-failed',
    ],
    [
      'the tag lookup failed',
      {
        labels: labels(),
        runImage: {
          followed: RUN_TAG,
          repository: 'r',
          outcome: {
            ok: false,
            failure: 'not-found',
            message: 'gone',
            checkedAt: '2026-11-20T06:00:00.000Z',
          },
        },
      },
      'run-image-lookup-failed',
    ],
    [
      'the run image has no layers',
      { labels: labels(), runImage: lookup(undefined) },
      'run-image-lookup-failed',
    ],
    [
      'kpack lacks the current run image',
      {
        registryProblem: 'Registry lookup: timeout',
        kpack: kpack(RUN_A, undefined),
      },
      'no-run-image',
    ],
  ])('is unknown when %s', (_, inputs, cause) => {
    expect(assess(inputs)).toMatchObject({ state: 'unknown', cause });
  });
});
