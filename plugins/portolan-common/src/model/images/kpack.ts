/*
 * kpack (kpack.io/v1alpha2) as Portolan shows it: each Image with its build
 * history, why each build ran and what changed, the builder and buildpacks
 * used, and the run image the builder's stack resolves now — so a rebase
 * can be judged from kpack data alone. Upstream reasons and values are kept
 * beside the closed unions.
 */
import { z } from 'zod';
import { CommitRefSchema, IsoDateTimeSchema } from '../delivery/common';
import { RunStatusSchema } from '../delivery/pipelineRun';
import { BuilderFactsSchema, BuildpackRefSchema } from './buildpacks';

/**
 * Why kpack started a build (`image.kpack.io/reason`, comma-separated
 * upstream). `unknown` keeps the raw value in `upstreamReasons`.
 */
export const KPACK_BUILD_REASONS = [
  'CONFIG',
  'COMMIT',
  'BUILDPACK',
  'STACK',
  'LIFECYCLE',
  'TRIGGER',
  'unknown',
] as const;
/** Why kpack started a build. */
export const KpackBuildReasonSchema = z.enum(KPACK_BUILD_REASONS);
/** Why kpack started a build. */
export type KpackBuildReason = z.infer<typeof KpackBuildReasonSchema>;

/** One entry of `image.kpack.io/buildChanges`: what changed, before and after. */
export const KpackBuildChangeSchema = z.object({
  reason: KpackBuildReasonSchema,
  upstreamReason: z.string(),
  /** The old and new values as kpack wrote them (a SHA, a run image, a config object, buildpack lists …). */
  old: z.unknown().optional(),
  new: z.unknown().optional(),
  /** One line for people: `COMMIT f34213d → e050d85`. */
  summary: z.string(),
});
/** One change behind a kpack build. */
export type KpackBuildChange = z.infer<typeof KpackBuildChangeSchema>;

/** One kpack Build. */
export const KpackBuildSchema = z.object({
  cluster: z.string(),
  namespace: z.string(),
  name: z.string(),
  /** The kpack Image it belongs to (`image.kpack.io/image`). */
  image: z.string().optional(),
  buildNumber: z.number().int().optional(),
  status: RunStatusSchema,
  /** The `Succeeded` condition's reason and message, unchanged. */
  conditionReason: z.string().optional(),
  message: z.string().optional(),
  reasons: z.array(KpackBuildReasonSchema),
  upstreamReasons: z.array(z.string()),
  changes: z.array(KpackBuildChangeSchema),
  createdAt: IsoDateTimeSchema.optional(),
  /** When the build pod's first step started (`status.stepStates`), once it has. */
  startedAt: IsoDateTimeSchema.optional(),
  finishedAt: IsoDateTimeSchema.optional(),
  durationMs: z.number().nonnegative().optional(),
  /** The source commit (`spec.source.git`: kpack resolves a branch to the SHA it builds). */
  commit: CommitRefSchema.optional(),
  builder: BuilderFactsSchema,
  buildpacks: z.array(BuildpackRefSchema),
  /** The run image the build used (`status.stack.runImage`, a digest reference). */
  runImage: z.string().optional(),
  stackId: z.string().optional(),
  lifecycleVersion: z.string().optional(),
  /** The image it produced (`status.latestImage`). */
  latestImage: z.string().optional(),
  digest: z.string().optional(),
  tags: z.array(z.string()),
  podName: z.string().optional(),
  warnings: z.array(z.string()),
});
/** One kpack Build. */
export type KpackBuild = z.infer<typeof KpackBuildSchema>;

/** Whether a kpack Image is ready (its `Ready` condition). */
export const KPACK_IMAGE_STATES = ['ready', 'not-ready', 'unknown'] as const;
/** Whether a kpack Image is ready. */
export const KpackImageStateSchema = z.enum(KPACK_IMAGE_STATES);
/** Whether a kpack Image is ready. */
export type KpackImageState = z.infer<typeof KpackImageStateSchema>;

/** One kpack Image and its builds. */
export const KpackImageSchema = z.object({
  cluster: z.string(),
  namespace: z.string(),
  name: z.string(),
  /** `spec.tag`: where builds are pushed. */
  tag: z.string().optional(),
  state: KpackImageStateSchema,
  stateReason: z.string().optional(),
  stateMessage: z.string().optional(),
  /** `spec.builder` (`Builder` or `ClusterBuilder`). */
  builder: BuilderFactsSchema,
  sourceUrl: z.string().optional(),
  sourceRevision: z.string().optional(),
  latestImage: z.string().optional(),
  latestDigest: z.string().optional(),
  latestBuildRef: z.string().optional(),
  latestBuildReason: z.string().optional(),
  latestStack: z.string().optional(),
  buildCounter: z.number().int().optional(),
  /**
   * The run image the builder's stack resolves now (ClusterStack/Stack
   * `status.runImage.latestImage`, else the builder's `status.stack.runImage`).
   */
  currentRunImage: z.string().optional(),
  /** Which object `currentRunImage` was read from (`ClusterStack/base`). */
  currentRunImageFrom: z.string().optional(),
  /** Newest first. */
  builds: z.array(KpackBuildSchema),
  warnings: z.array(z.string()),
});
/** One kpack Image and its builds. */
export type KpackImage = z.infer<typeof KpackImageSchema>;
