import {
  isValidRegistryHost,
  ociReferenceProblem,
  parseOciReference,
} from './ociReference';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseOciReference', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx', 'latest'],
    ['nginx:1.27', 'docker.io', 'library/nginx', '1.27'],
    ['acme/app:v1_rc-2', 'docker.io', 'acme/app', 'v1_rc-2'],
    [
      'registry.acme.example/payments/invoice-worker:1.4.0',
      'registry.acme.example',
      'payments/invoice-worker',
      '1.4.0',
    ],
    [
      'localhost:5000/a__b/c.d-e---f:TAG',
      'localhost:5000',
      'a__b/c.d-e---f',
      'TAG',
    ],
    [`ghcr.io/x/y:1@${DIGEST}`, 'ghcr.io', 'x/y', DIGEST],
    [`docker-pullable://ghcr.io/x/y@${DIGEST}`, 'ghcr.io', 'x/y', DIGEST],
    ['[::1]:5000/a/b:1', '[::1]:5000', 'a/b', '1'],
  ])('parses %s', (text, registry, repository, reference) => {
    expect(parseOciReference(text)).toEqual({
      registry,
      repository,
      reference,
    });
  });

  it.each([
    'registry.acme.example/../v2/_catalog',
    'registry.acme.example/a/%2e%2e/b:1',
    'registry.acme.example/a?x=1',
    'registry.acme.example/a#x',
    'registry.acme.example/Upper/case:1',
    'registry.acme.example/a/-b',
    'registry.acme.example/a_-b',
    'registry.acme.example/a:b:c',
    'registry.acme.example/a:.tag',
    'registry.acme.example/a@sha256:short',
    'registry.acme.example/a@md5:aaaa',
    'registry.acme.example//a',
    'registry.acme.example/a/',
    'reg istry/a',
    `registry.acme.example/${'a'.repeat(300)}`,
    '',
  ])('refuses %s', text => {
    expect(parseOciReference(text)).toBeUndefined();
  });

  it('decides in linear work on hostile repository paths', () => {
    // A nested-quantifier pattern would backtrack exponentially here.
    const hostile = `registry.acme.example/${'a-'.repeat(60)}!`;
    const started = process.hrtime.bigint();
    expect(parseOciReference(hostile)).toBeUndefined();
    expect(
      ociReferenceProblem({
        registry: 'r.example',
        repository: `${'a.'.repeat(120)}_`,
        reference: '1',
      }),
    ).toMatch(/not a repository path/);
    // Generous: linear matching takes microseconds.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(500);
  });

  it('checks registry hosts', () => {
    expect(isValidRegistryHost('registry.acme.example:443')).toBe(true);
    expect(isValidRegistryHost('a_b.example')).toBe(false);
    expect(isValidRegistryHost('host:port')).toBe(false);
    expect(isValidRegistryHost('[::1')).toBe(false);
  });

  it('refuses hosts a URL parser would rewrite (found by the property test)', () => {
    // `new URL` drops leading zeros of a port and reads a host ending in a
    // number as IPv4: the host requested would not be the host checked.
    expect(isValidRegistryHost('registry.acme.example:0443')).toBe(false);
    expect(isValidRegistryHost('registry.acme.example:65536')).toBe(false);
    expect(isValidRegistryHost('0x7f.1')).toBe(false);
    expect(isValidRegistryHost('127.1')).toBe(false);
    expect(isValidRegistryHost('a.0')).toBe(false);
    expect(isValidRegistryHost('[::ffff:1.2.3.4]')).toBe(false);
    expect(isValidRegistryHost('10.0.0.12:5000')).toBe(true);
    expect(isValidRegistryHost('[::1]:5000')).toBe(true);
    expect(parseOciReference('127.1/app:1')).toBeUndefined();
  });
});
