/*
 * The only code that asks an SCM about a commit: the committer date of one
 * revision of one repository, for DORA's lead time (docs/dora.md). GitHub
 * and GitLab through Backstage's `ScmIntegrations` (`integrations.*` config,
 * its tokens and GitHub Apps), a local repository (`file://` or an absolute
 * path, the demo's scaffolder repositories under `.portolan/`) through
 * `git show -s --format=%cI`, only under the configured local roots.
 * Owns: repository keys without credentials, one request per call with a
 * timeout, the answer's shape (zod). Must never: put a token or a
 * credential-bearing URL in an answer, an error or a log line; run git
 * outside the local roots or on a revision that is not a full SHA.
 */
import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DefaultGithubCredentialsProvider,
  type GithubCredentialsProvider,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import { toError } from '@backstage/errors';
import type { Config } from '@backstage/config';
import { z } from 'zod';
import {
  normalizeRepositoryUrl,
  repositoryPath,
} from '../delivery/repositoryUrl';

/** What the SCM said about a commit. */
export type CommitTimeAnswer =
  /** The committer date, ms since the epoch. */
  | { outcome: 'found'; committedAt: number }
  /** No such commit, or nothing that can be asked: not worth asking again. */
  | { outcome: 'unknown'; reason: string }
  /** A timeout, a 5xx, a rate limit, a network failure: ask again later. */
  | { outcome: 'error'; reason: string };

export interface CommitTimeLookup {
  /**
   * Portolan's key of a repository URL (`github.com/acme/shop`, or
   * `file://` and an absolute path), free of credentials; undefined when the
   * text names no repository this lookup could ask.
   */
  repositoryKey(url: string): string | undefined;
  lookup(
    repository: string,
    sha: string,
    signal: AbortSignal,
  ): Promise<CommitTimeAnswer>;
}

export interface CommitTimeLookupOptions {
  integrations: ScmIntegrationRegistry;
  /**
   * The SCM hosts asked: those with an integration configured under
   * `integrations` ({@link configuredScmHosts}). Backstage's implicit
   * github.com and gitlab.com integrations are not asked unless configured,
   * so a backend never calls an SCM its adopter did not name.
   * Default: every host the integrations know.
   */
  hosts?: ReadonlySet<string>;
  /** Directories whose git repositories may be read with `git`; none by default. */
  localRoots?: readonly string[];
  /** Per request. Default 10 s. */
  timeoutMs?: number;
  /** GitHub credentials; default: from the integrations (tokens, Apps). */
  githubCredentials?: GithubCredentialsProvider;
  /** Default: the global fetch, looked up per request. */
  fetch?: typeof fetch;
}

/**
 * The hosts of the GitHub and GitLab integrations written in config (an
 * entry without `host` is github.com / gitlab.com), not the defaults
 * Backstage adds by itself.
 */
export function configuredScmHosts(config: Config): Set<string> {
  const hosts = new Set<string>();
  for (const [kind, fallback] of [
    ['github', 'github.com'],
    ['gitlab', 'gitlab.com'],
  ] as const) {
    for (const entry of config.getOptionalConfigArray(`integrations.${kind}`) ??
      []) {
      hosts.add(entry.getOptionalString('host') ?? fallback);
    }
  }
  return hosts;
}

/** A full commit SHA (SHA-1 or SHA-256): the only revisions asked about. */
export function isFullSha(text: string | undefined): text is string {
  return text !== undefined && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(text);
}

const LOCAL_PREFIX = 'file://';

const GithubCommitSchema = z.object({
  commit: z.object({ committer: z.object({ date: z.string() }) }),
});
const GitlabCommitSchema = z.object({ committed_date: z.string() });

function isUnder(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..`) && !isAbsolute(rel));
}

/** Lets an unread body go without waiting for it. */
function discard(res: Response): void {
  res.body?.cancel().catch(() => undefined);
}

function parseTime(text: string): number | undefined {
  const at = Date.parse(text.trim());
  return Number.isFinite(at) ? at : undefined;
}

export class ScmCommitTimeLookup implements CommitTimeLookup {
  private readonly timeoutMs: number;
  private readonly localRoots: string[];
  private readonly github: GithubCredentialsProvider;

  constructor(private readonly options: CommitTimeLookupOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.localRoots = (options.localRoots ?? []).map(r => resolve(r));
    this.github =
      options.githubCredentials ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
  }

  repositoryKey(url: string): string | undefined {
    const text = url.trim();
    if (text.startsWith(LOCAL_PREFIX) || isAbsolute(text)) {
      if (this.localRoots.length === 0) return undefined;
      let path: string;
      try {
        path = text.startsWith(LOCAL_PREFIX) ? fileURLToPath(text) : text;
      } catch {
        return undefined;
      }
      return `${LOCAL_PREFIX}${resolve(path)}`;
    }
    const key = normalizeRepositoryUrl(text);
    if (!key) return undefined;
    const host = key.split('/')[0];
    if (this.options.hosts && !this.options.hosts.has(host)) return undefined;
    const { github, gitlab } = this.options.integrations;
    return github.byHost(host) || gitlab.byHost(host) ? key : undefined;
  }

  async lookup(
    repository: string,
    sha: string,
    signal: AbortSignal,
  ): Promise<CommitTimeAnswer> {
    if (!isFullSha(sha)) {
      return { outcome: 'unknown', reason: 'not a full commit SHA' };
    }
    const timeout = AbortSignal.any([
      signal,
      AbortSignal.timeout(this.timeoutMs),
    ]);
    try {
      if (repository.startsWith(LOCAL_PREFIX)) {
        return await this.local(
          repository.slice(LOCAL_PREFIX.length),
          sha,
          timeout,
        );
      }
      return await this.remote(repository, sha, timeout);
    } catch (e) {
      const error = toError(e);
      let reason = error.message;
      if (timeout.aborted && !signal.aborted) {
        reason = `timed out after ${this.timeoutMs} ms`;
      } else if (error.name === 'AbortError') {
        reason = 'aborted';
      }
      // Network errors name the API URL at most; it carries no token.
      return { outcome: 'error', reason: `${repository}: ${reason}` };
    }
  }

  private async remote(
    key: string,
    sha: string,
    signal: AbortSignal,
  ): Promise<CommitTimeAnswer> {
    const host = key.split('/')[0];
    const path = repositoryPath(key);
    const github = this.options.integrations.github.byHost(host);
    if (github) {
      const base = github.config.apiBaseUrl;
      const [owner, repo, ...rest] = path.split('/');
      if (!base || !owner || !repo || rest.length > 0) {
        return {
          outcome: 'unknown',
          reason: `${key}: not a GitHub repository`,
        };
      }
      const { headers } = await this.github.getCredentials({
        url: `https://${key}`,
      });
      const res = await (this.options.fetch ?? fetch)(
        `${base}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(
          repo,
        )}/commits/${sha}`,
        {
          headers: { accept: 'application/vnd.github+json', ...headers },
          signal,
        },
      );
      return this.answer(key, 'GitHub', res, async () => {
        const body = GithubCommitSchema.parse(await res.json());
        return body.commit.committer.date;
      });
    }
    const gitlab = this.options.integrations.gitlab.byHost(host);
    if (gitlab) {
      const { apiBaseUrl, token } = gitlab.config;
      const res = await (this.options.fetch ?? fetch)(
        `${apiBaseUrl}/projects/${encodeURIComponent(
          path,
        )}/repository/commits/${sha}`,
        {
          headers: token ? { 'private-token': token } : {},
          signal,
        },
      );
      return this.answer(key, 'GitLab', res, async () => {
        const body = GitlabCommitSchema.parse(await res.json());
        return body.committed_date;
      });
    }
    return {
      outcome: 'unknown',
      reason: `${key}: no GitHub or GitLab integration for ${host}`,
    };
  }

  private async answer(
    key: string,
    scm: string,
    res: Response,
    date: () => Promise<string>,
  ): Promise<CommitTimeAnswer> {
    if (res.status === 404 || res.status === 422) {
      discard(res);
      return {
        outcome: 'unknown',
        reason: `${key}: ${scm} has no such commit`,
      };
    }
    if (!res.ok) {
      discard(res);
      return {
        outcome: 'error',
        reason: `${key}: ${scm} answered ${res.status}`,
      };
    }
    let text: string;
    try {
      text = await date();
    } catch {
      return {
        outcome: 'unknown',
        reason: `${key}: ${scm} answered a commit without a committer date`,
      };
    }
    const at = parseTime(text);
    return at === undefined
      ? { outcome: 'unknown', reason: `${key}: ${scm} date '${text}' unread` }
      : { outcome: 'found', committedAt: at };
  }

  private async local(
    path: string,
    sha: string,
    signal: AbortSignal,
  ): Promise<CommitTimeAnswer> {
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      return {
        outcome: 'unknown',
        reason: `file://${path}: no such directory`,
      };
    }
    const roots = await Promise.all(
      this.localRoots.map(r => realpath(r).catch(() => r)),
    );
    if (!roots.some(root => isUnder(real, root))) {
      return {
        outcome: 'unknown',
        reason: `file://${path}: outside portolan.history.commitTimes.localRoots`,
      };
    }
    const result = await new Promise<
      { ok: true; stdout: string } | { ok: false; stderr: string }
    >((done, fail) => {
      execFile(
        'git',
        ['-C', real, 'show', '-s', '--format=%cI', sha, '--'],
        {
          signal,
          timeout: this.timeoutMs,
          env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
          maxBuffer: 64 * 1024,
        },
        (error, stdout, stderr) => {
          if (!error) done({ ok: true, stdout: String(stdout) });
          else if (signal.aborted || (error as { killed?: boolean }).killed) {
            fail(error);
          } else done({ ok: false, stderr: String(stderr) });
        },
      );
    });
    if (!result.ok) {
      const first = result.stderr.split('\n')[0];
      return {
        outcome: 'unknown',
        reason: `file://${path}: git show failed (${first.slice(0, 200)})`,
      };
    }
    const at = parseTime(result.stdout);
    return at === undefined
      ? { outcome: 'unknown', reason: `file://${path}: no commit date` }
      : { outcome: 'found', committedAt: at };
  }
}
