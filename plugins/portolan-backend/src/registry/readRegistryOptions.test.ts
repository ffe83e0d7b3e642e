import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_REGISTRY_OPTIONS,
  readRegistryOptions,
} from './readRegistryOptions';
import { RegistryAccessPolicy } from './RegistryAccessPolicy';

type ConfigData = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

const read = (registries: ConfigData[string]) =>
  readRegistryOptions(new ConfigReader({ portolan: { registries } }));

describe('readRegistryOptions', () => {
  it('allows nothing when portolan.registries is absent', () => {
    expect(readRegistryOptions(new ConfigReader({}))).toEqual(
      DEFAULT_REGISTRY_OPTIONS,
    );
    expect(DEFAULT_REGISTRY_OPTIONS.hosts).toEqual([]);
  });

  it('reads hosts, credentials and durations', () => {
    expect(
      read({
        hosts: [
          { host: 'Registry.Acme.Example', username: 'u', password: 'p' },
          { host: 'localhost:5000', insecure: true },
          { host: '*.pkg.dev' },
          { host: '[::1]:5001', insecure: true },
        ],
        requestTimeout: '3s',
        tagTtl: { minutes: 2 },
        tagRefreshInterval: '1m',
        errorTtl: { seconds: 10 },
        maxConcurrentRequests: 2,
      }),
    ).toEqual({
      hosts: [
        {
          host: 'registry.acme.example',
          username: 'u',
          password: 'p',
          insecure: false,
        },
        { host: 'localhost:5000', insecure: true },
        { host: '*.pkg.dev', insecure: false },
        { host: '[::1]:5001', insecure: true },
      ],
      requestTimeoutMs: 3000,
      tagTtlMs: 120_000,
      tagRefreshIntervalMs: 60_000,
      errorTtlMs: 10_000,
      maxConcurrentRequests: 2,
    });
  });

  it.each([
    [
      { hosts: [{ host: 'https://registry.acme.example' }] },
      "Invalid portolan.registries.hosts[0].host 'https://registry.acme.example': expected a host name or address with an optional port, or *.domain",
    ],
    [
      { hosts: [{ host: 'ok.example' }, { host: '169.254.169.254' }] },
      "Invalid portolan.registries.hosts[1].host '169.254.169.254': link-local and cloud metadata addresses are never contacted",
    ],
    [
      { hosts: [{ host: 'metadata.google.internal:80' }] },
      "Invalid portolan.registries.hosts[0].host 'metadata.google.internal:80': link-local and cloud metadata addresses are never contacted",
    ],
    [
      { hosts: [{ host: 'a.example', username: 'only-user' }] },
      'Invalid portolan.registries.hosts[0]: set both username and password, or neither',
    ],
    [
      { requestTimeout: 'soon' },
      /^Invalid duration at portolan\.registries\.requestTimeout: /,
    ],
    [
      { maxConcurrentRequests: 0 },
      'Invalid portolan.registries.maxConcurrentRequests: must be a positive integer',
    ],
  ])('refuses %j naming the key', (registries, message) => {
    expect(() => read(registries)).toThrow(message);
  });
});

describe('RegistryAccessPolicy', () => {
  const policy = new RegistryAccessPolicy([
    { host: 'registry.acme.example', insecure: false },
    { host: '127.0.0.1:5000', insecure: true },
    { host: '*.pkg.dev', insecure: false },
    { host: 'registry-1.docker.io', insecure: false },
    { host: 'auth.docker.io', insecure: false },
  ]);

  it('allows configured hosts and gives their origin', () => {
    expect(policy.check('registry.acme.example')).toMatchObject({
      allowed: true,
      origin: 'https://registry.acme.example',
    });
    expect(policy.check('registry.acme.example:443')).toMatchObject({
      allowed: true,
    });
    expect(policy.check('127.0.0.1:5000')).toMatchObject({
      allowed: true,
      origin: 'http://127.0.0.1:5000',
    });
    expect(policy.check('europe-docker.pkg.dev')).toMatchObject({
      allowed: true,
    });
    // Docker Hub image names reach the API host.
    expect(policy.check('docker.io')).toMatchObject({
      allowed: true,
      origin: 'https://registry-1.docker.io',
    });
    expect(policy.check('index.docker.io')).toMatchObject({ allowed: true });
  });

  it('refuses other hosts, ports and look-alikes', () => {
    for (const authority of [
      'registry.acme.example:5000',
      '127.0.0.1:5001',
      '127.0.0.1',
      'pkg.dev',
      'evilpkg.dev',
      'registry.acme.example.evil.com',
      'quay.io',
      'user@registry.acme.example',
      '',
    ]) {
      expect(policy.check(authority)).toMatchObject({ allowed: false });
    }
  });

  it('checks URLs a registry hands back: host, scheme and embedded credentials', () => {
    expect(
      policy.checkUrl(new URL('https://auth.docker.io/token?service=x')),
    ).toMatchObject({ allowed: true });
    expect(
      policy.checkUrl(new URL('http://auth.docker.io/token')),
    ).toMatchObject({
      allowed: false,
      reason:
        'auth.docker.io is not configured as insecure; plain HTTP is refused',
    });
    expect(
      policy.checkUrl(new URL('https://a:b@auth.docker.io/token')),
    ).toMatchObject({ allowed: false });
    expect(policy.checkUrl(new URL('file:///etc/passwd'))).toMatchObject({
      allowed: false,
    });
    expect(
      policy.checkUrl(new URL('http://169.254.169.254/latest/meta-data')),
    ).toMatchObject({ allowed: false });
  });
});
