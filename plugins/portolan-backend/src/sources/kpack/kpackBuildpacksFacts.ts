/*
 * Buildpacks facts as kpack recorded them on a Build: the buildpacks and
 * versions (`status.buildMetadata`), the lifecycle version, the stack and
 * run image, the builder and the git source. Used when the image itself
 * cannot be read from its registry; the image labels say more (processes,
 * launcher, run image top layer) when they can.
 */
import type {
  BuildpacksFacts,
  KpackBuild,
  ProjectSourceFacts,
} from '@portolan/plugin-portolan-common';
import { withoutUndefined } from '../../delivery/unstructured';

function projectOf(build: KpackBuild): ProjectSourceFacts | undefined {
  const { commit } = build;
  if (!commit) {
    return undefined;
  }
  const version: Record<string, string> = {};
  const metadata: Record<string, string> = {};
  if (commit.sha) version.commit = commit.sha;
  if (commit.repositoryUrl) metadata.repository = commit.repositoryUrl;
  return withoutUndefined({
    type: 'git',
    commit: commit.sha,
    repository: commit.repositoryUrl,
    revision: commit.branch,
    version,
    metadata,
  });
}

/** The facts a succeeded kpack Build gives about the image it produced. */
export function kpackBuildpacksFacts(build: KpackBuild): BuildpacksFacts {
  return withoutUndefined({
    detected: true,
    source: 'kpack' as const,
    lifecycleVersion: build.lifecycleVersion,
    buildpacks: build.buildpacks,
    extensions: [],
    processes: [],
    runImage: build.runImage
      ? { reference: build.runImage, mirrors: [], fromDeprecatedStack: false }
      : undefined,
    stackId: build.stackId,
    project: projectOf(build),
    builder: build.builder,
    warnings: [],
  });
}
