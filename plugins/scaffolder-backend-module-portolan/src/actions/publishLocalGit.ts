/*
 * `portolan:publish:local-git`: publishes the workspace as a new git
 * repository under the configured base directory, with the `git` CLI (one
 * commit on the default branch). Stands in for `publish:github` where no
 * forge is reachable; the working tree stays checked out so the catalog can
 * read `catalog-info.yaml` from it as a `file` location.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { LocalGitOptions } from './localGitOptions';
import { LOCAL_GIT_CONFIG_KEY } from './localGitOptions';

const run = promisify(execFile);

/** How long one git command may take. */
const GIT_TIMEOUT_MS = 60_000;

const REPO_NAME = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/;

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Runs git without prompts, hooks from the user's config or signing. */
async function git(
  cwd: string,
  args: string[],
  signal?: AbortSignal,
): Promise<string> {
  const { stdout } = await run(
    'git',
    ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args],
    {
      cwd,
      signal,
      timeout: GIT_TIMEOUT_MS,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    },
  );
  return stdout.trim();
}

export function createPublishLocalGitAction(options: {
  localGit?: LocalGitOptions;
}) {
  return createTemplateAction({
    id: 'portolan:publish:local-git',
    description:
      'Publishes the workspace as a new git repository in the local directory configured at portolan.scaffolder.localGit.baseDir (no forge needed).',
    supportsDryRun: true,
    examples: [
      {
        description: 'Publish the workspace as repository basket-api',
        example: [
          'steps:',
          '  - id: publish',
          '    action: portolan:publish:local-git',
          '    input:',
          '      repoName: basket-api',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .regex(REPO_NAME, 'lower-case letters, digits, -, _ and .')
            .max(100)
            .describe('Name of the repository directory'),
        defaultBranch: z =>
          z
            .string()
            .regex(/^[A-Za-z0-9][-A-Za-z0-9_./]*$/)
            .optional()
            .describe('Branch of the first commit; default main'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Path within the workspace to publish; default all of it',
            ),
        commitMessage: z =>
          z
            .string()
            .optional()
            .describe('The commit message; default "Initial commit"'),
      },
      output: {
        remoteUrl: z =>
          z.string().describe('file:// URL to clone the repository from'),
        repoContentsUrl: z =>
          z.string().describe('file:// URL of the working tree'),
        localPath: z =>
          z.string().describe('Absolute path of the working tree'),
        catalogInfoPath: z =>
          z.string().describe('Absolute path of its catalog-info.yaml'),
        commitHash: z => z.string().describe('The commit published'),
      },
    },
    async handler(ctx) {
      const { localGit } = options;
      if (!localGit) {
        throw new InputError(
          `portolan:publish:local-git is not configured: set ${LOCAL_GIT_CONFIG_KEY}.baseDir`,
        );
      }
      // The scaffolder validates inputs against the JSON schema but does not
      // apply defaults, so they are applied here.
      const {
        repoName,
        defaultBranch = 'main',
        sourcePath,
        commitMessage = 'Initial commit',
      } = ctx.input;
      const target = resolveSafeChildPath(localGit.baseDir, repoName);
      const source = sourcePath
        ? resolveSafeChildPath(ctx.workspacePath, sourcePath)
        : ctx.workspacePath;
      const outputs = {
        remoteUrl: pathToFileURL(target).href,
        repoContentsUrl: `${pathToFileURL(target).href}/`,
        localPath: target,
        catalogInfoPath: join(target, 'catalog-info.yaml'),
      };
      if (await exists(target)) {
        throw new ConflictError(
          `Repository ${repoName} already exists at ${target}`,
        );
      }
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would publish ${source} to ${target}`);
        for (const [name, value] of Object.entries(outputs)) {
          ctx.output(name as keyof typeof outputs, value);
        }
        ctx.output('commitHash', 'dry-run');
        return;
      }

      await mkdir(localGit.baseDir, { recursive: true });
      try {
        await cp(source, target, {
          recursive: true,
          errorOnExist: true,
          filter: path => !path.split(/[\\/]/).includes('.git'),
        });
        await git(target, ['init', '--quiet', '-b', defaultBranch], ctx.signal);
        await git(target, ['add', '--all'], ctx.signal);
        await git(
          target,
          [
            '-c',
            `user.name=${localGit.authorName}`,
            '-c',
            `user.email=${localGit.authorEmail}`,
            'commit',
            '--quiet',
            '--no-verify',
            '-m',
            commitMessage,
          ],
          ctx.signal,
        );
      } catch (e) {
        // Leave nothing half-published: a retry must not find a broken repository.
        await rm(target, { recursive: true, force: true });
        throw e;
      }
      const commitHash = await git(target, ['rev-parse', 'HEAD'], ctx.signal);
      ctx.logger.info(
        `Published ${repoName} to ${target} (${defaultBranch} at ${commitHash})`,
      );
      for (const [name, value] of Object.entries(outputs)) {
        ctx.output(name as keyof typeof outputs, value);
      }
      ctx.output('commitHash', commitHash);
    },
  });
}
