import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  configuredScmHosts,
  isFullSha,
  ScmCommitTimeLookup,
} from './CommitTimeLookup';

const SHA = 'a'.repeat(40);
const TOKEN = 'ghp_secretsecretsecret';
const never = new AbortController().signal;

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [{ host: 'github.com', token: TOKEN }],
      gitlab: [
        {
          host: 'gitlab.example.com',
          apiBaseUrl: 'https://gitlab.example.com/api/v4',
          token: 'glpat-secret',
        },
      ],
    },
  }),
);

describe('isFullSha', () => {
  it('takes full SHA-1 and SHA-256 only', () => {
    expect(isFullSha(SHA)).toBe(true);
    expect(isFullSha('B'.repeat(64))).toBe(true);
    expect(isFullSha('abc1234')).toBe(false);
    expect(isFullSha('main')).toBe(false);
    expect(isFullSha(`--output=${'a'.repeat(31)}`)).toBe(false);
  });
});

describe('configuredScmHosts', () => {
  it('names only the hosts written under integrations, never the implicit github.com', () => {
    const none = new ConfigReader({});
    expect([...configuredScmHosts(none)]).toEqual([]);
    const lookup = new ScmCommitTimeLookup({
      integrations: ScmIntegrations.fromConfig(none),
      hosts: configuredScmHosts(none),
    });
    // Backstage's default github.com integration exists, but is not asked.
    expect(
      ScmIntegrations.fromConfig(none).github.byHost('github.com'),
    ).toBeDefined();
    expect(
      lookup.repositoryKey('https://github.com/acme/shop'),
    ).toBeUndefined();
    const some = new ConfigReader({
      integrations: {
        github: [{ token: 'x' }, { host: 'ghe.example.com' }],
        gitlab: [{ host: 'gitlab.example.com' }],
      },
    });
    expect([...configuredScmHosts(some)].sort()).toEqual([
      'ghe.example.com',
      'github.com',
      'gitlab.example.com',
    ]);
  });
});

describe('ScmCommitTimeLookup, SCM APIs', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const lookup = new ScmCommitTimeLookup({ integrations, timeoutMs: 200 });

  it('keys repositories without credentials and only for configured hosts', () => {
    expect(
      lookup.repositoryKey(
        'https://x-access-token:abc@github.com/Acme/Shop.git',
      ),
    ).toBe('github.com/acme/shop');
    expect(
      lookup.repositoryKey('git@gitlab.example.com:team/sub/app.git'),
    ).toBe('gitlab.example.com/team/sub/app');
    expect(lookup.repositoryKey('https://bitbucket.org/a/b')).toBeUndefined();
    // Local repositories only with local roots.
    expect(lookup.repositoryKey('file:///srv/repo')).toBeUndefined();
  });

  it('reads the committer date from GitHub with the integration token', async () => {
    let auth: string | null = null;
    server.use(
      http.get(
        `https://api.github.com/repos/acme/shop/commits/${SHA}`,
        ({ request }) => {
          auth = request.headers.get('authorization');
          return HttpResponse.json({
            sha: SHA,
            commit: {
              author: { date: '2026-11-01T07:00:00Z' },
              committer: { date: '2026-11-01T08:00:00+01:00' },
            },
          });
        },
      ),
    );
    await expect(
      lookup.lookup('github.com/acme/shop', SHA, never),
    ).resolves.toEqual({
      outcome: 'found',
      committedAt: Date.parse('2026-11-01T07:00:00Z'),
    });
    expect(auth).toBe(`Bearer ${TOKEN}`);
  });

  it('tells an unknown commit (404) from a failure worth retrying (5xx, rate limit, timeout), never naming the token', async () => {
    server.use(
      http.get(`https://api.github.com/repos/acme/gone/commits/${SHA}`, () =>
        HttpResponse.json({ message: 'Not Found' }, { status: 404 }),
      ),
      http.get(`https://api.github.com/repos/acme/busy/commits/${SHA}`, () =>
        HttpResponse.json({ message: 'rate limited' }, { status: 403 }),
      ),
      http.get(
        `https://api.github.com/repos/acme/slow/commits/${SHA}`,
        async () => {
          await delay(2_000);
          return HttpResponse.json({});
        },
      ),
    );
    const gone = await lookup.lookup('github.com/acme/gone', SHA, never);
    const busy = await lookup.lookup('github.com/acme/busy', SHA, never);
    const slow = await lookup.lookup('github.com/acme/slow', SHA, never);
    expect(gone.outcome).toBe('unknown');
    expect(busy).toEqual({
      outcome: 'error',
      reason: 'github.com/acme/busy: GitHub answered 403',
    });
    expect(slow).toEqual({
      outcome: 'error',
      reason: 'github.com/acme/slow: timed out after 200 ms',
    });
    expect(JSON.stringify([gone, busy, slow])).not.toContain(TOKEN);
  });

  it('reads committed_date from GitLab, the project path encoded', async () => {
    let token: string | null = null;
    server.use(
      http.get(
        `https://gitlab.example.com/api/v4/projects/team%2Fsub%2Fapp/repository/commits/${SHA}`,
        ({ request }) => {
          token = request.headers.get('private-token');
          return HttpResponse.json({
            id: SHA,
            committed_date: '2026-11-02T10:30:00.000+00:00',
          });
        },
      ),
    );
    await expect(
      lookup.lookup('gitlab.example.com/team/sub/app', SHA, never),
    ).resolves.toEqual({
      outcome: 'found',
      committedAt: Date.parse('2026-11-02T10:30:00Z'),
    });
    expect(token).toBe('glpat-secret');
  });

  it('asks nothing about a revision that is not a full SHA', async () => {
    await expect(
      lookup.lookup('github.com/acme/shop', 'main', never),
    ).resolves.toEqual({ outcome: 'unknown', reason: 'not a full commit SHA' });
  });
});

describe('ScmCommitTimeLookup, local git repositories', () => {
  let root: string;
  let outside: string;
  let sha: string;
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.com',
        GIT_AUTHOR_DATE: '2026-11-01T06:00:00Z',
        GIT_COMMITTER_DATE: '2026-11-01T09:15:00+02:00',
      },
    })
      .toString()
      .trim();

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'portolan-commit-times-'));
    outside = mkdtempSync(join(tmpdir(), 'portolan-commit-outside-'));
    for (const dir of [join(root, 'shop'), join(outside, 'other')]) {
      execFileSync('mkdir', ['-p', dir]);
      git(dir, 'init', '-q');
      git(dir, 'commit', '-q', '--allow-empty', '-m', 'first');
    }
    sha = git(join(root, 'shop'), 'rev-parse', 'HEAD');
    // A link from inside the root to a repository outside it.
    symlinkSync(join(outside, 'other'), join(root, 'escape'));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('reads the committer date with git show, from a file:// URL or a path', async () => {
    const lookup = new ScmCommitTimeLookup({
      integrations,
      localRoots: [root],
    });
    const url = pathToFileURL(join(root, 'shop')).href;
    const key = lookup.repositoryKey(url)!;
    expect(key).toBe(`file://${join(root, 'shop')}`);
    expect(lookup.repositoryKey(join(root, 'shop'))).toBe(key);
    await expect(lookup.lookup(key, sha, never)).resolves.toEqual({
      outcome: 'found',
      committedAt: Date.parse('2026-11-01T07:15:00Z'),
    });
    const missing = await lookup.lookup(key, 'b'.repeat(40), never);
    expect(missing.outcome).toBe('unknown');
  });

  it('refuses repositories outside the local roots, through a symlink too', async () => {
    const lookup = new ScmCommitTimeLookup({
      integrations,
      localRoots: [root],
    });
    const otherSha = git(join(outside, 'other'), 'rev-parse', 'HEAD');
    for (const path of [join(outside, 'other'), join(root, 'escape')]) {
      const answer = await lookup.lookup(`file://${path}`, otherSha, never);
      expect(answer).toEqual({
        outcome: 'unknown',
        reason: `file://${path}: outside portolan.history.commitTimes.localRoots`,
      });
    }
  });
});
