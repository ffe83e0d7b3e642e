import {
  digestOf,
  normalizeDigest,
  parseImageReference,
} from './imageReference';

const DIGEST =
  'sha256:1111111111111111111111111111111111111111111111111111111111111111';

describe('image references', () => {
  it.each([
    [
      'registry.acme.example/payments/api:1.2',
      { repository: 'registry.acme.example/payments/api', tag: '1.2' },
    ],
    [
      `registry.acme.example/payments/api@${DIGEST}`,
      { repository: 'registry.acme.example/payments/api', digest: DIGEST },
    ],
    [
      `registry.acme.example:5000/api:v1@${DIGEST}`,
      {
        repository: 'registry.acme.example:5000/api',
        tag: 'v1',
        digest: DIGEST,
      },
    ],
    ['nginx', { repository: 'docker.io/library/nginx' }],
    ['bitnami/redis:7', { repository: 'docker.io/bitnami/redis', tag: '7' }],
    [
      `docker-pullable://registry.acme.example/api@${DIGEST}`,
      { repository: 'registry.acme.example/api', digest: DIGEST },
    ],
    ['localhost/app:dev', { repository: 'localhost/app', tag: 'dev' }],
  ])('%s', (text, expected) => {
    expect(parseImageReference(text)).toEqual(expected);
  });

  it('rejects text that is not a reference', () => {
    expect(parseImageReference('two words')).toBeUndefined();
    expect(parseImageReference('repo@sha256:nothex')).toBeUndefined();
    expect(parseImageReference('')).toBeUndefined();
  });

  it('finds the digest of pod imageIDs and references', () => {
    expect(
      digestOf(`docker-pullable://registry.acme.example/api@${DIGEST}`),
    ).toBe(DIGEST);
    expect(digestOf(DIGEST.toUpperCase().replace('SHA256', 'sha256'))).toBe(
      DIGEST,
    );
    expect(digestOf('registry.acme.example/api:1.0')).toBeUndefined();
    expect(normalizeDigest('md5:abc')).toBeUndefined();
  });

  it('hands out one frozen result per text, the same as parsing it again', () => {
    const text = `registry.acme.example/payments/api:1.2@${DIGEST}`;
    const first = parseImageReference(text)!;
    expect(parseImageReference(text)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first).toEqual({
      repository: 'registry.acme.example/payments/api',
      tag: '1.2',
      digest: DIGEST,
    });
    expect(parseImageReference('two words')).toBeUndefined();
    expect(parseImageReference('two words')).toBeUndefined();
    expect(digestOf(text)).toBe(DIGEST);
    expect(digestOf(text)).toBe(DIGEST);
    expect(digestOf('registry.acme.example/api:1.0')).toBeUndefined();
    expect(digestOf('registry.acme.example/api:1.0')).toBeUndefined();
  });

  it('stays right past the bound of what it remembers', () => {
    for (let i = 0; i < 25_000; i++) {
      const reference = parseImageReference(
        `registry.acme.example/app-${i}:v${i}`,
      );
      expect(reference?.tag).toBe(`v${i}`);
    }
    expect(parseImageReference('nginx')).toEqual({
      repository: 'docker.io/library/nginx',
    });
  });
});
