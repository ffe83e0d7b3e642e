/*
 * What the registry says about one image: which manifest the digest names,
 * the platform picked from an index, and the config blob's facts. Lookups
 * that fail say why, as a closed union, so "not configured" and "the
 * registry is down" never look alike.
 */
import { z } from 'zod';

/** An OS/architecture pair, as OCI image indexes and image configs write it. */
export const ImagePlatformSchema = z.object({
  os: z.string(),
  architecture: z.string(),
  variant: z.string().optional(),
});
/** An OS/architecture pair. */
export type ImagePlatform = z.infer<typeof ImagePlatformSchema>;

/**
 * How looking an image up in its registry went.
 *
 * - `fetched`: manifest and config were read (now or from the cache).
 * - `not-checked`: not looked up yet (the view before the registry step).
 * - `not-configured`: no registry is configured at all.
 * - `not-allowed`: the image's registry is not on the allow-list, or is a
 *   link-local or metadata address; no request was made.
 * - `not-found`: the registry has no such manifest (404).
 * - `unauthorized`: the registry refused the credentials (401/403).
 * - `timeout`: the registry did not answer in time.
 * - `unreachable`: connection refused, DNS or TLS failure.
 * - `platform-not-found`: the index has no manifest for the node's platform.
 * - `invalid-response`: the registry answered something that is not an image
 *   (bad JSON, digest mismatch, too large, unexpected media type).
 * - `error`: any other failure (5xx, rate limiting).
 */
export const REGISTRY_LOOKUP_STATES = [
  'fetched',
  'not-checked',
  'not-configured',
  'not-allowed',
  'not-found',
  'unauthorized',
  'timeout',
  'unreachable',
  'platform-not-found',
  'invalid-response',
  'error',
] as const;
/** How looking an image up in its registry went. */
export const RegistryLookupStateSchema = z.enum(REGISTRY_LOOKUP_STATES);
/** How looking an image up in its registry went. */
export type RegistryLookupState = z.infer<typeof RegistryLookupStateSchema>;

/** The outcome of a registry lookup: its state, why, and when it was made. */
export const RegistryLookupSchema = z.object({
  state: RegistryLookupStateSchema,
  message: z.string().optional(),
  /** RFC 3339 time of the registry answer this is based on (cached answers keep theirs). */
  checkedAt: z.string().optional(),
});
/** The outcome of a registry lookup. */
export type RegistryLookup = z.infer<typeof RegistryLookupSchema>;

/** The registry's facts about one image for one platform. */
export const ImageFactsSchema = z.object({
  /** The digest the pods run: an index (multi-arch) or a manifest. */
  manifestDigest: z.string(),
  /** The media type of that manifest (upstream value). */
  mediaType: z.string(),
  /** The platform manifest picked from an index; absent when the digest is one already. */
  platformManifestDigest: z.string().optional(),
  /** The platform the config describes. */
  platform: ImagePlatformSchema,
  configDigest: z.string(),
  /** The config's `created` time, RFC 3339, when set. */
  created: z.string().optional(),
  /** Number of layers (`rootfs.diff_ids`). */
  layerCount: z.number().int().nonnegative(),
  /** The last `rootfs.diff_ids` entry. */
  topLayer: z.string().optional(),
});
/** The registry's facts about one image for one platform. */
export type ImageFacts = z.infer<typeof ImageFactsSchema>;
