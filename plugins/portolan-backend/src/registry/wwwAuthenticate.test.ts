import { parseWwwAuthenticate } from './wwwAuthenticate';

describe('parseWwwAuthenticate', () => {
  it('reads a registry Bearer challenge whose scope contains commas', () => {
    expect(
      parseWwwAuthenticate(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull,push"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/ubuntu:pull,push',
        },
      },
    ]);
  });

  it('reads Basic, unquoted and escaped values, and several challenges in one header', () => {
    expect(
      parseWwwAuthenticate(
        'Basic realm="Registry \\"x\\"", Bearer realm=https://a.example/t , error="invalid_token"',
      ),
    ).toEqual([
      { scheme: 'basic', params: { realm: 'Registry "x"' } },
      {
        scheme: 'bearer',
        params: { realm: 'https://a.example/t', error: 'invalid_token' },
      },
    ]);
  });

  it('returns nothing for a missing or empty header', () => {
    expect(parseWwwAuthenticate(undefined)).toEqual([]);
    expect(parseWwwAuthenticate(' , ')).toEqual([]);
  });
});
