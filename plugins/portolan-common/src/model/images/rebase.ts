/*
 * Whether an image's run image is out of date: a rebase would swap its OS
 * layers for the current run image's without rebuilding the app. Decided
 * from the registry (the run image tag's current top layer against the one
 * recorded in the image) or, without registry access, from kpack (the run
 * image the Build used against the one its builder's stack resolves now).
 */
import { z } from 'zod';

/** Where a rebase verdict came from. */
export const REBASE_BASES = ['registry', 'kpack'] as const;
/** Where a rebase verdict came from. */
export const RebaseBasisSchema = z.enum(REBASE_BASES);
/** Where a rebase verdict came from. */
export type RebaseBasis = z.infer<typeof RebaseBasisSchema>;

/**
 * Why a rebase verdict could not be reached.
 *
 * - `not-checked`: the registry step has not run for this view.
 * - `not-buildpacks`: the image was not built by buildpacks.
 * - `facts-unavailable`: neither the registry nor kpack said anything about the image.
 * - `no-run-image`: the image records no run image tag to follow.
 * - `no-top-layer`: the image records no run image top layer to compare.
 * - `run-image-lookup-failed`: the run image tag could not be resolved (the message says why).
 * - `not-rebasable`: `io.buildpacks.rebasable` is false; a rebase is not safe.
 */
export const REBASE_UNKNOWN_CAUSES = [
  'not-checked',
  'not-buildpacks',
  'facts-unavailable',
  'no-run-image',
  'no-top-layer',
  'run-image-lookup-failed',
  'not-rebasable',
] as const;
/** Why a rebase verdict could not be reached. */
export const RebaseUnknownCauseSchema = z.enum(REBASE_UNKNOWN_CAUSES);
/** Why a rebase verdict could not be reached. */
export type RebaseUnknownCause = z.infer<typeof RebaseUnknownCauseSchema>;

/** The image runs on the current run image. */
export const RebaseUpToDateSchema = z.object({
  state: z.literal('up-to-date'),
  basis: RebaseBasisSchema,
  /** The run image followed (a tag, or kpack's stack run image). */
  runImage: z.string(),
  reason: z.string(),
  /** RFC 3339 time the current run image was resolved. */
  checkedAt: z.string().optional(),
});

/** A newer run image exists; a rebase would pick it up. */
export const RebaseAvailableSchema = z.object({
  state: z.literal('rebase-available'),
  basis: RebaseBasisSchema,
  runImage: z.string(),
  /** The run image the image was built on (a digest reference), when known. */
  currentRunImage: z.string().optional(),
  /** The run image a rebase would move to (a digest reference). */
  newRunImage: z.string(),
  /** The new run image's top layer, when the registry said. */
  newTopLayer: z.string().optional(),
  reason: z.string(),
  checkedAt: z.string().optional(),
});

/** No verdict: `cause` says why, `reason` explains. */
export const RebaseUnknownSchema = z.object({
  state: z.literal('unknown'),
  cause: RebaseUnknownCauseSchema,
  reason: z.string(),
});

/** Whether an image's run image is out of date. */
export const RebaseStateSchema = z.discriminatedUnion('state', [
  RebaseUpToDateSchema,
  RebaseAvailableSchema,
  RebaseUnknownSchema,
]);
/** Whether an image's run image is out of date. */
export type RebaseState = z.infer<typeof RebaseStateSchema>;

/** The rebase states, for filters. */
export const REBASE_STATES = [
  'up-to-date',
  'rebase-available',
  'unknown',
] as const;
/** A rebase state name. */
export const RebaseStateNameSchema = z.enum(REBASE_STATES);
/** A rebase state name. */
export type RebaseStateName = z.infer<typeof RebaseStateNameSchema>;
