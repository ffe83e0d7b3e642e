/*
 * Reading manifests and image configs as registries serve them: OCI image
 * indexes and manifests, Docker manifest lists and v2 manifests
 * (distribution/distribution `manifest/ocischema`, `manifest/schema2`,
 * `manifest/manifestlist`), and picking the manifest for a platform from an
 * index. Pure; failures are RegistryErrors saying what did not fit.
 */
import type { ImagePlatform } from '@portolan/plugin-portolan-common';
import {
  asObject,
  readArray,
  readNonEmptyString,
  readPath,
  readStringArray,
} from '../delivery/unstructured';
import { RegistryError } from './RegistryError';

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const DOCKER_MANIFEST_LIST =
  'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_MANIFEST =
  'application/vnd.docker.distribution.manifest.v2+json';

/**
 * All four manifest types, always: distribution 2.8 answers 404 ("OCI index
 * found, but accept header does not support OCI indexes") or 400 when the
 * stored type is missing from Accept.
 */
export const MANIFEST_ACCEPT = [
  OCI_INDEX,
  OCI_MANIFEST,
  DOCKER_MANIFEST_LIST,
  DOCKER_MANIFEST,
].join(', ');

const INDEX_TYPES = new Set([OCI_INDEX, DOCKER_MANIFEST_LIST]);
const IMAGE_TYPES = new Set([OCI_MANIFEST, DOCKER_MANIFEST]);

/** One entry of an index. */
export interface IndexEntry {
  digest: string;
  mediaType?: string;
  platform?: ImagePlatform;
  /** Buildkit attestation manifests and other non-images. */
  attestation: boolean;
}

/** A manifest, as far as Portolan reads it. */
export type ParsedManifest =
  | { kind: 'index'; mediaType: string; entries: IndexEntry[] }
  | {
      kind: 'image';
      mediaType: string;
      configDigest: string;
      layerCount: number;
    };

/** The parts of an image config (OCI `config.md`, Docker image JSON) Portolan reads. */
export interface ParsedImageConfig {
  platform: ImagePlatform;
  created?: string;
  labels: Record<string, string>;
  env: string[];
  entrypoint: string[];
  diffIds: string[];
}

function parseJson(body: Buffer, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RegistryError('invalid-response', `${what} is not valid JSON`);
  }
  const object = asObject(parsed);
  if (!object) {
    throw new RegistryError('invalid-response', `${what} is not a JSON object`);
  }
  return object;
}

function platformOf(value: unknown): ImagePlatform | undefined {
  const os = readNonEmptyString(value, ['os']);
  const architecture = readNonEmptyString(value, ['architecture']);
  if (!os || !architecture) return undefined;
  const variant = readNonEmptyString(value, ['variant']);
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** Parses a manifest response; `contentType` wins over the body's `mediaType`. */
export function parseManifest(
  body: Buffer,
  contentType: string | undefined,
  where: string,
): ParsedManifest {
  const json = parseJson(body, `Manifest ${where}`);
  const headerType = contentType?.split(';')[0].trim().toLowerCase();
  const bodyType = readNonEmptyString(json, ['mediaType']);
  const mediaType =
    headerType && (INDEX_TYPES.has(headerType) || IMAGE_TYPES.has(headerType))
      ? headerType
      : bodyType ?? headerType ?? '';
  if (
    INDEX_TYPES.has(mediaType) ||
    (!IMAGE_TYPES.has(mediaType) && Array.isArray(json.manifests))
  ) {
    const entries: IndexEntry[] = [];
    for (const entry of readArray(json, ['manifests'])) {
      const digest = readNonEmptyString(entry, ['digest']);
      if (!digest) continue;
      const platform = platformOf(readPath(entry, ['platform']));
      entries.push({
        digest,
        mediaType: readNonEmptyString(entry, ['mediaType']),
        platform,
        attestation:
          readNonEmptyString(entry, [
            'annotations',
            'vnd.docker.reference.type',
          ]) === 'attestation-manifest' || platform?.os === 'unknown',
      });
    }
    return { kind: 'index', mediaType: mediaType || OCI_INDEX, entries };
  }
  const configDigest = readNonEmptyString(json, ['config', 'digest']);
  if (IMAGE_TYPES.has(mediaType) || configDigest) {
    if (!configDigest) {
      throw new RegistryError(
        'invalid-response',
        `Manifest ${where} has no config digest`,
      );
    }
    return {
      kind: 'image',
      mediaType: mediaType || OCI_MANIFEST,
      configDigest,
      layerCount: readArray(json, ['layers']).length,
    };
  }
  throw new RegistryError(
    'invalid-response',
    `Manifest ${where} has media type '${
      mediaType || 'none'
    }', not an OCI or Docker v2 image or index`,
  );
}

function describe(platform: ImagePlatform): string {
  return `${platform.os}/${platform.architecture}${
    platform.variant ? `/${platform.variant}` : ''
  }`;
}

/**
 * The index entry for `wanted`: same OS and architecture; the same variant
 * when one is wanted (arm64's implicit `v8` matches none), else the entry
 * without a variant first.
 */
export function selectPlatform(
  entries: readonly IndexEntry[],
  wanted: ImagePlatform,
  where: string,
): IndexEntry {
  const candidates = entries.filter(
    e =>
      !e.attestation &&
      e.platform?.os === wanted.os &&
      e.platform.architecture === wanted.architecture,
  );
  // arm64 images usually leave out the implied `v8`.
  const variantOf = (platform: ImagePlatform) =>
    platform.variant ?? (platform.architecture === 'arm64' ? 'v8' : '');
  const found =
    candidates.find(e => variantOf(e.platform!) === variantOf(wanted)) ??
    (wanted.variant ? undefined : candidates[0]);
  if (!found) {
    const available = entries
      .filter(e => !e.attestation && e.platform)
      .map(e => describe(e.platform!));
    throw new RegistryError(
      'platform-not-found',
      `${where} has no manifest for ${describe(wanted)} (it has ${
        available.length > 0 ? available.join(', ') : 'no platforms'
      })`,
    );
  }
  return found;
}

/** Parses an image config blob. */
export function parseImageConfig(
  body: Buffer,
  where: string,
): ParsedImageConfig {
  const json = parseJson(body, `Image config ${where}`);
  const platform = platformOf(json);
  if (!platform) {
    throw new RegistryError(
      'invalid-response',
      `Image config ${where} has no os/architecture`,
    );
  }
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(
    asObject(readPath(json, ['config', 'Labels'])) ?? {},
  )) {
    if (typeof value === 'string') labels[key] = value;
  }
  const created = readNonEmptyString(json, ['created']);
  const createdMs = created ? Date.parse(created) : Number.NaN;
  return {
    platform,
    created: Number.isNaN(createdMs)
      ? undefined
      : new Date(createdMs).toISOString(),
    labels,
    env: readStringArray(json, ['config', 'Env']),
    entrypoint: readStringArray(json, ['config', 'Entrypoint']),
    diffIds: readStringArray(json, ['rootfs', 'diff_ids']),
  };
}
