/*
 * Image references as pipelines, Argo CD and kubelets write them:
 * `registry/repo:tag`, `registry/repo@sha256:…`, `registry/repo:tag@sha256:…`,
 * and a pod's `imageID` (`docker-pullable://registry/repo@sha256:…`, or a bare
 * `sha256:…`). Linking compares digests first and falls back to tags.
 */

/** An image reference split into its parts. */
export interface ImageReference {
  /** `registry/path` with Docker Hub's implicit `docker.io/library/` made explicit. */
  repository: string;
  tag?: string;
  digest?: string;
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-f0-9]{32,}$/i;

/** Normalises a digest (`SHA256:AB…` → `sha256:ab…`); undefined when it is not one. */
export function normalizeDigest(text: string | undefined): string | undefined {
  if (!text) {
    return undefined;
  }
  const trimmed = text.trim();
  return DIGEST.test(trimmed) ? trimmed.toLowerCase() : undefined;
}

/**
 * Parsed references by text. Views parse the image of every pod they show
 * (RunningImagesSource, the timeline), and a fleet runs a few hundred
 * distinct images: parsing them again on every view was ~10 % of it.
 * Cleared when full, so a churn of distinct texts cannot grow it.
 */
const PARSED_LIMIT = 10_000;
const parsed = new Map<string, ImageReference | null>();

/**
 * Splits an image reference; undefined for text that is not one. The
 * result is frozen and shared between callers with the same text.
 */
export function parseImageReference(
  text: string | undefined,
): ImageReference | undefined {
  if (!text) {
    return undefined;
  }
  const known = parsed.get(text);
  if (known !== undefined) {
    return known ?? undefined;
  }
  const reference = parseUncached(text);
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(text, reference ? Object.freeze(reference) : null);
  return reference;
}

function parseUncached(text: string): ImageReference | undefined {
  let rest = text.trim().replace(/^[a-z-]+:\/\//, '');
  if (!rest || /\s/.test(rest)) {
    return undefined;
  }
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = normalizeDigest(rest.slice(at + 1));
    if (!digest) {
      return undefined;
    }
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (!rest) {
    return undefined;
  }
  const segments = rest.split('/');
  const hasRegistry =
    segments.length > 1 &&
    (segments[0].includes('.') ||
      segments[0].includes(':') ||
      segments[0] === 'localhost');
  let repository = rest.toLowerCase();
  if (!hasRegistry) {
    repository =
      segments.length === 1
        ? `docker.io/library/${repository}`
        : `docker.io/${repository}`;
  }
  return { repository, tag, digest };
}

/** What {@link digestOf} found, by text (bounded like `parsed`). */
const digests = new Map<string, string | null>();

/**
 * The digest a pod's `imageID` or an image reference pins, if any. A bare
 * `sha256:…` imageID (containerd without a repo digest) is an image config
 * digest, not a manifest digest, so it is still returned but callers should
 * prefer references that carry a repository.
 */
export function digestOf(text: string | undefined): string | undefined {
  if (!text) {
    return undefined;
  }
  const known = digests.get(text);
  if (known !== undefined) {
    return known ?? undefined;
  }
  const digest = normalizeDigest(text) ?? parseImageReference(text)?.digest;
  if (digests.size >= PARSED_LIMIT) digests.clear();
  digests.set(text, digest ?? null);
  return digest;
}
