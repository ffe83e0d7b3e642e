/*
 * `portolan.scaffolder.localGit`: where the demo publishes repositories
 * instead of a forge. Read once at start; a relative base directory is
 * taken from the backend's working directory.
 */
import { resolve } from 'node:path';
import type { Config } from '@backstage/config';

/** Where and as whom local repositories are written. */
export interface LocalGitOptions {
  /** Absolute. */
  baseDir: string;
  authorName: string;
  authorEmail: string;
}

export const LOCAL_GIT_CONFIG_KEY = 'portolan.scaffolder.localGit';

/** The options, or undefined when local publishing is not configured. */
export function readLocalGitOptions(
  config: Config,
): LocalGitOptions | undefined {
  const c = config.getOptionalConfig(LOCAL_GIT_CONFIG_KEY);
  if (!c) return undefined;
  const baseDir = c.getString('baseDir').trim();
  if (!baseDir) {
    throw new Error(`${LOCAL_GIT_CONFIG_KEY}.baseDir must not be empty`);
  }
  return {
    baseDir: resolve(baseDir),
    authorName: c.getOptionalString('authorName') ?? 'Portolan Scaffolder',
    authorEmail:
      c.getOptionalString('authorEmail') ?? 'scaffolder@portolan.invalid',
  };
}
