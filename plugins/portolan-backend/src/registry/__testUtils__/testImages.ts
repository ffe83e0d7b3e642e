/*
 * Test-only: builds image configs and manifests (OCI and Docker v2, single
 * and multi-platform) and pushes them to a LocalRegistry. Layer blobs are
 * small random bytes: the registry checks that blobs exist and match their
 * digests, not that they are tarballs.
 */
import { randomBytes } from 'node:crypto';
import {
  DOCKER_CONFIG,
  DOCKER_LAYER,
  DOCKER_LIST,
  DOCKER_MANIFEST,
  OCI_CONFIG,
  OCI_INDEX,
  OCI_LAYER,
  OCI_MANIFEST,
  sha256,
  type Descriptor,
  type LocalRegistry,
} from './LocalRegistry';

export type ManifestFormat = 'oci' | 'docker';

export interface TestPlatform {
  os: string;
  architecture: string;
  variant?: string;
}

/** What goes into one image's config. */
export interface TestImageSpec {
  platform: TestPlatform;
  /** `rootfs.diff_ids`, bottom first. */
  diffIds: string[];
  labels?: Record<string, string>;
  env?: string[];
  entrypoint?: string[];
  created?: string;
}

/** A diff id for a named layer (stable across calls). */
export function diffId(name: string): string {
  return sha256(`layer:${name}`);
}

/** Pushes one image (config, layers, manifest) under `tag`, or by digest only. */
export async function pushImage(
  registry: LocalRegistry,
  repository: string,
  tag: string | undefined,
  spec: TestImageSpec,
  format: ManifestFormat = 'oci',
): Promise<Descriptor> {
  const config = {
    created: spec.created ?? '2026-11-20T05:18:54Z',
    architecture: spec.platform.architecture,
    os: spec.platform.os,
    ...(spec.platform.variant ? { variant: spec.platform.variant } : {}),
    config: {
      User: '1002:1000',
      Env: spec.env ?? ['PATH=/usr/local/bin:/usr/bin:/bin'],
      ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
      Labels: spec.labels ?? {},
      WorkingDir: '/workspace',
    },
    rootfs: { type: 'layers', diff_ids: spec.diffIds },
    history: spec.diffIds.map(() => ({ created: '1980-01-01T00:00:01Z' })),
  };
  const configDescriptor = await registry.pushBlob(
    repository,
    Buffer.from(JSON.stringify(config)),
    format === 'oci' ? OCI_CONFIG : DOCKER_CONFIG,
  );
  const layers: Descriptor[] = [];
  for (let i = 0; i < spec.diffIds.length; i++) {
    layers.push(
      await registry.pushBlob(
        repository,
        randomBytes(64),
        format === 'oci' ? OCI_LAYER : DOCKER_LAYER,
      ),
    );
  }
  const mediaType = format === 'oci' ? OCI_MANIFEST : DOCKER_MANIFEST;
  const manifest = {
    schemaVersion: 2,
    mediaType,
    config: configDescriptor,
    layers,
  };
  const descriptor = await registry.pushManifest(
    repository,
    tag,
    manifest,
    mediaType,
  );
  return { ...descriptor, platform: spec.platform };
}

/** Pushes one image per platform by digest, then an index (or Docker list) naming them under `tag`. */
export async function pushIndex(
  registry: LocalRegistry,
  repository: string,
  tag: string | undefined,
  specs: TestImageSpec[],
  format: ManifestFormat = 'oci',
): Promise<{ index: Descriptor; children: Descriptor[] }> {
  const children: Descriptor[] = [];
  for (const spec of specs) {
    children.push(
      await pushImage(registry, repository, undefined, spec, format),
    );
  }
  const mediaType = format === 'oci' ? OCI_INDEX : DOCKER_LIST;
  const index = await registry.pushManifest(
    repository,
    tag,
    { schemaVersion: 2, mediaType, manifests: children },
    mediaType,
  );
  return { index, children };
}
