import {
  isCommitSha,
  normalizeRepositoryUrl,
  repositoryKeyFromSlug,
  sameCommit,
} from './repositoryUrl';
import {
  matchesRepository,
  repositoriesOfEntity,
  repositoryMatcher,
} from './repositoryMatcher';

describe('normalizeRepositoryUrl', () => {
  it.each([
    ['https://github.com/acme/payments-api', 'github.com/acme/payments-api'],
    [
      'https://github.com/Acme/Payments-API.git',
      'github.com/acme/payments-api',
    ],
    ['https://github.com/acme/payments-api/', 'github.com/acme/payments-api'],
    ['http://www.github.com/acme/payments-api', 'github.com/acme/payments-api'],
    ['git@github.com:acme/payments-api.git', 'github.com/acme/payments-api'],
    [
      'ssh://git@github.com/acme/payments-api.git',
      'github.com/acme/payments-api',
    ],
    [
      'ssh://git@github.com:22/acme/payments-api',
      'github.com/acme/payments-api',
    ],
    [
      'git+https://github.com/acme/payments-api.git',
      'github.com/acme/payments-api',
    ],
    ['git://github.com/acme/payments-api', 'github.com/acme/payments-api'],
    [
      'https://user:token@github.com/acme/payments-api.git',
      'github.com/acme/payments-api',
    ],
    [
      'url:https://github.com/acme/payments-api/tree/main/',
      'github.com/acme/payments-api',
    ],
    [
      'https://github.com/acme/payments-api/blob/main/catalog-info.yaml',
      'github.com/acme/payments-api',
    ],
    ['github.com/acme/payments-api', 'github.com/acme/payments-api'],
    [
      'https://gitlab.acme.example/platform/team/app.git',
      'gitlab.acme.example/platform/team/app',
    ],
    [
      'url:https://gitlab.com/group/sub/app/-/tree/main',
      'gitlab.com/group/sub/app',
    ],
    ['https://bitbucket.org/acme/app/src/main/', 'bitbucket.org/acme/app'],
    [
      'git@ssh.dev.azure.com:v3/acme/shop/cart',
      'ssh.dev.azure.com/v3/acme/shop/cart',
    ],
  ])('%s is %s', (url, key) => {
    expect(normalizeRepositoryUrl(url)).toBe(key);
  });

  it.each([
    [undefined],
    [''],
    ['not a url'],
    ['https://github.com/acme'],
    ['file:///tmp/repo'],
    ['registry.acme.example/payments/payments-api:1.0'],
  ])('%s names no repository', url => {
    expect(normalizeRepositoryUrl(url)).toBeUndefined();
  });
});

describe('repository keys of entities', () => {
  it('reads the project slug and the source location, without duplicates', () => {
    expect(
      repositoriesOfEntity({
        'github.com/project-slug': 'Acme/Payments-API',
        'backstage.io/source-location':
          'url:https://github.com/acme/payments-api/tree/main/',
      }),
    ).toEqual(['github.com/acme/payments-api']);
    expect(
      repositoriesOfEntity({
        'backstage.io/source-location':
          'url:https://gitlab.acme.example/team/app/-/tree/main/',
      }),
    ).toEqual(['gitlab.acme.example/team/app']);
    expect(
      repositoriesOfEntity({ 'github.com/project-slug': 'not-a-slug' }),
    ).toEqual([]);
    expect(repositoryKeyFromSlug('acme/payments-api')).toBe(
      'github.com/acme/payments-api',
    );
  });

  it('resolves nothing for an entity without repository annotations', () => {
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x', annotations: {} },
    };
    expect(repositoryMatcher.resolve(entity)).toBeUndefined();
    expect(
      repositoryMatcher.resolve({
        ...entity,
        metadata: {
          name: 'x',
          annotations: { 'github.com/project-slug': 'acme/x' },
        },
      }),
    ).toEqual(['github.com/acme/x']);
  });

  it('matches full keys, and owner/repo paths when the object names no host', () => {
    const entity = ['github.com/acme/search-indexer'];
    expect(
      matchesRepository(entity, { keys: ['github.com/acme/search-indexer'] }),
    ).toBe(true);
    expect(
      matchesRepository(entity, { keys: [], path: 'acme/search-indexer' }),
    ).toBe(true);
    expect(
      matchesRepository(entity, { keys: ['gitlab.com/acme/search-indexer'] }),
    ).toBe(false);
    expect(matchesRepository(entity, { keys: [], path: 'acme/other' })).toBe(
      false,
    );
  });
});

describe('commit SHAs', () => {
  it('recognises full and abbreviated SHAs, and compares them by prefix', () => {
    expect(isCommitSha('9f2c1e7')).toBe(true);
    expect(isCommitSha('9f2c1e7b5a4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b')).toBe(true);
    expect(isCommitSha('main')).toBe(false);
    expect(isCommitSha('abc')).toBe(false);
    expect(
      sameCommit('9F2C1E7', '9f2c1e7b5a4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b'),
    ).toBe(true);
    expect(
      sameCommit('9f2c1e8', '9f2c1e7b5a4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b'),
    ).toBe(false);
    expect(sameCommit('9f2c', '9f2c1e7b5a4d')).toBe(false);
  });
});
