import {
  matchesRepository,
  repositoryIndexKeys,
  repositoryLookupKeys,
  type RepositoryClaim,
} from './repositoryMatcher';

const entityRepositorySets = [
  ['github.com/acme/shop'],
  ['gitlab.acme.example/platform/legacy-app'],
  ['github.com/acme/shop', 'gitlab.acme.example/acme/shop'],
  ['localhost/acme/shop'],
  ['[::1]/acme/shop'],
];

const claims: RepositoryClaim[] = [
  { keys: [] },
  { keys: ['github.com/acme/shop'] },
  { keys: ['github.com/acme/cart', 'github.com/acme/shop'] },
  { keys: ['gitlab.com/acme/shop'] },
  { keys: [], path: 'acme/shop' },
  { keys: [], path: 'platform/legacy-app' },
  { keys: ['bitbucket.org/acme/other'], path: 'acme/other' },
  // A host-less claim that looks like a full key must not match one.
  { keys: [], path: 'localhost/acme/shop' },
  { keys: [], path: 'github.com/acme/shop' },
];

describe('repository index keys', () => {
  it.each(entityRepositorySets)(
    'match exactly like matchesRepository for %s',
    (...repositories: string[]) => {
      const lookup = new Set(repositoryLookupKeys(repositories));
      for (const claim of claims) {
        expect({
          claim,
          matched: repositoryIndexKeys(claim).some(key => lookup.has(key)),
        }).toEqual({ claim, matched: matchesRepository(repositories, claim) });
      }
    },
  );

  it('reuse the claim’s own keys when it names no path', () => {
    const keys = ['github.com/acme/shop'];
    expect(repositoryIndexKeys({ keys })).toBe(keys);
    expect(repositoryIndexKeys({ keys, path: 'acme/shop' })).toEqual([
      'github.com/acme/shop',
      'path:acme/shop',
    ]);
  });
});
