import { lookup } from 'node:dns';
import {
  GuardedHttpTransport,
  guardedLookup,
  type RegistryTransport,
  type TransportRequest,
} from './GuardedHttpTransport';
import {
  RegistryAccessPolicy,
  type RegistryHost,
} from './RegistryAccessPolicy';
import { RegistryClient, type ImageLocator } from './RegistryClient';
import { RegistryError } from './RegistryError';
import {
  DOCKER_LIST,
  DOCKER_MANIFEST,
  LocalRegistry,
  OCI_INDEX,
  TokenServer,
  OCI_MANIFEST,
  sha256,
  type Descriptor,
} from './__testUtils__/LocalRegistry';
import { SilentServer } from './__testUtils__/SilentServer';
import { diffId, pushImage, pushIndex } from './__testUtils__/testImages';

jest.setTimeout(120_000);

const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64' };

function clientFor(hosts: RegistryHost[], timeoutMs = 20_000) {
  const transport = new GuardedHttpTransport({ timeoutMs });
  const client = new RegistryClient({
    policy: new RegistryAccessPolicy(hosts),
    transport,
  });
  return { client, transport };
}

function locator(registry: string, path: string): ImageLocator {
  const at = path.lastIndexOf('@');
  const colon = path.lastIndexOf(':');
  const split = at >= 0 ? at : colon;
  return {
    registry,
    repository: path.slice(0, split),
    reference: path.slice(split + 1),
  };
}

async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof RegistryError) return e;
    throw e;
  }
  throw new Error('expected the read to fail');
}

describe('RegistryClient against distribution 2.8 without auth', () => {
  let registry: LocalRegistry;
  let multi: { index: Descriptor; children: Descriptor[] };
  let list: { index: Descriptor; children: Descriptor[] };
  let single: Descriptor;
  let docker: Descriptor;
  let host: RegistryHost;

  beforeAll(async () => {
    registry = await LocalRegistry.start();
    host = { host: registry.host, insecure: true };
    multi = await pushIndex(registry, 'apps/multi', 'v1', [
      {
        platform: AMD64,
        diffIds: [diffId('base-amd64'), diffId('app-amd64')],
        labels: { arch: 'amd64' },
        entrypoint: ['/cnb/process/web'],
        env: ['CNB_PLATFORM_API=0.12'],
      },
      {
        platform: ARM64,
        diffIds: [diffId('base-arm64'), diffId('app-arm64')],
        labels: { arch: 'arm64' },
      },
      // A buildkit attestation manifest: never a platform to run.
      {
        platform: { os: 'unknown', architecture: 'unknown' },
        diffIds: [diffId('attestation')],
      },
    ]);
    single = await pushImage(registry, 'apps/single', '1.0', {
      platform: AMD64,
      diffIds: [diffId('single')],
      labels: { kind: 'oci' },
    });
    docker = await pushImage(
      registry,
      'apps/docker',
      '1.0',
      { platform: AMD64, diffIds: [diffId('docker')], labels: { kind: 'v2' } },
      'docker',
    );
    list = await pushIndex(
      registry,
      'apps/dockerlist',
      '1.0',
      [
        { platform: AMD64, diffIds: [diffId('list-amd64')] },
        {
          platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
          diffIds: [diffId('list-armv7')],
        },
      ],
      'docker',
    );
  });

  afterAll(async () => {
    await registry?.stop();
  });

  it('picks the platform manifest from an OCI index and reads its config', async () => {
    const { client, transport } = clientFor([host]);
    const amd = await client.readImage(
      locator(registry.host, 'apps/multi:v1'),
      AMD64,
    );
    expect(amd).toMatchObject({
      manifestDigest: multi.index.digest,
      mediaType: OCI_INDEX,
      platformManifestDigest: multi.children[0].digest,
      platform: AMD64,
      labels: { arch: 'amd64' },
      env: ['CNB_PLATFORM_API=0.12'],
      entrypoint: ['/cnb/process/web'],
      diffIds: [diffId('base-amd64'), diffId('app-amd64')],
      layerCount: 2,
      created: '2026-11-20T05:18:54.000Z',
    });
    // Index, platform manifest, config.
    expect(transport.requestsSent).toBe(3);

    const arm = await client.readImage(
      locator(registry.host, `apps/multi@${multi.index.digest}`),
      ARM64,
    );
    expect(arm.platformManifestDigest).toBe(multi.children[1].digest);
    expect(arm.labels).toEqual({ arch: 'arm64' });
    // arm64's implied v8 variant matches an entry that leaves it out.
    const armV8 = await client.readImage(
      locator(registry.host, 'apps/multi:v1'),
      { ...ARM64, variant: 'v8' },
    );
    expect(armV8.platformManifestDigest).toBe(multi.children[1].digest);
    transport.close();
  });

  it('says which platforms an index has when the node’s is missing', async () => {
    const { client, transport } = clientFor([host]);
    const error = await failure(
      client.readImage(locator(registry.host, 'apps/multi:v1'), {
        os: 'linux',
        architecture: 's390x',
      }),
    );
    expect(error.kind).toBe('platform-not-found');
    expect(error.message).toBe(
      `${registry.host}/apps/multi has no manifest for linux/s390x (it has linux/amd64, linux/arm64)`,
    );
    transport.close();
  });

  it('reads a single OCI manifest by tag and by digest', async () => {
    const { client, transport } = clientFor([host]);
    const byTag = await client.readImage(
      locator(registry.host, 'apps/single:1.0'),
      ARM64, // A single-platform image is what it is; the config says so.
    );
    expect(byTag).toMatchObject({
      manifestDigest: single.digest,
      mediaType: OCI_MANIFEST,
      platform: AMD64,
      labels: { kind: 'oci' },
    });
    expect(byTag.platformManifestDigest).toBeUndefined();
    const byDigest = await client.readImage(
      locator(registry.host, `apps/single@${single.digest}`),
      AMD64,
    );
    expect(byDigest.configDigest).toBe(byTag.configDigest);
    transport.close();
  });

  it('reads Docker v2 manifests and Docker manifest lists', async () => {
    const { client, transport } = clientFor([host]);
    expect(
      await client.readImage(locator(registry.host, 'apps/docker:1.0'), AMD64),
    ).toMatchObject({
      manifestDigest: docker.digest,
      mediaType: DOCKER_MANIFEST,
      labels: { kind: 'v2' },
    });
    const armV7 = await client.readImage(
      locator(registry.host, 'apps/dockerlist:1.0'),
      { os: 'linux', architecture: 'arm', variant: 'v7' },
    );
    expect(armV7).toMatchObject({
      manifestDigest: list.index.digest,
      mediaType: DOCKER_LIST,
      platformManifestDigest: list.children[1].digest,
      platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
    });
    transport.close();
  });

  it('reports a missing tag or repository as not-found', async () => {
    const { client, transport } = clientFor([host]);
    const missingTag = await failure(
      client.readImage(locator(registry.host, 'apps/single:nope'), AMD64),
    );
    expect(missingTag.kind).toBe('not-found');
    expect(missingTag.message).toBe(
      `${registry.host}/v2/apps/single/manifests/nope: not found (HTTP 404)`,
    );
    const missingRepo = await failure(
      client.readImage(
        locator(registry.host, `nothing/here@${sha256('x')}`),
        AMD64,
      ),
    );
    expect(missingRepo.kind).toBe('not-found');
    transport.close();
  });

  it('refuses a registry that is not on the allow-list without dialling it', async () => {
    const outsider = await SilentServer.start();
    try {
      const { client, transport } = clientFor([host]);
      const error = await failure(
        client.readImage(locator(outsider.host, 'apps/single:1.0'), AMD64),
      );
      expect(error).toMatchObject({
        kind: 'not-allowed',
        message: `${outsider.host} is not on the portolan.registries allow-list`,
      });
      expect(transport.requestsSent).toBe(0);
      expect(outsider.connections).toBe(0);
      transport.close();
    } finally {
      await outsider.stop();
    }
  });

  it.each([
    '169.254.169.254',
    '169.254.169.254:80',
    'metadata.google.internal',
    'METADATA.google.internal.',
    'metadata',
    '[fd00:ec2::254]',
    '[fe80::1]:5000',
    '[::ffff:169.254.169.254]',
    '2852039166',
    '0xa9.0xfe.0xa9.0xfe',
    '100.100.100.200',
    '0.0.0.0:5000',
  ])(
    'refuses the link-local or metadata address %s even when it is configured',
    async address => {
      const { client, transport } = clientFor([
        host,
        { host: address, insecure: true },
        { host: '*.google.internal', insecure: true },
      ]);
      const error = await failure(
        client.readImage(locator(address, `latest/meta-data:v1`), AMD64),
      );
      expect(error.kind).toBe('not-allowed');
      expect(error.message).toMatch(/link-local or metadata address/);
      expect(transport.requestsSent).toBe(0);
      transport.close();
    },
  );

  it('refuses, at connect time, names that resolve to link-local addresses', async () => {
    const resolve = (name: string) =>
      new Promise<{ error: Error | null; address: unknown }>(settle =>
        guardedLookup(name, {}, (error, address) => settle({ error, address })),
      );
    const refused = await resolve('169.254.169.254');
    expect(refused.error).toMatchObject({
      code: 'EFORBIDDENADDRESS',
      message:
        '169.254.169.254 resolves to 169.254.169.254, a link-local or metadata address; refused',
    });
    const expected = await new Promise(settle =>
      lookup('localhost', {}, (_, address) => settle(address)),
    );
    expect(await resolve('localhost')).toEqual({
      error: null,
      address: expected,
    });
  });

  it('never dials an allowed name that resolves to a metadata address (DNS rebinding)', async () => {
    const target = await SilentServer.start();
    try {
      const [, port] = target.host.split(':');
      // registry.rebind.test is allowed, but "DNS" now says it is the metadata service.
      const transport = new GuardedHttpTransport({
        timeoutMs: 20_000,
        resolve: (_name, _options, callback) =>
          callback(null, [{ address: '169.254.169.254', family: 4 }]),
      });
      const client = new RegistryClient({
        policy: new RegistryAccessPolicy([
          { host: `registry.rebind.test:${port}`, insecure: true },
        ]),
        transport,
      });
      const error = await failure(
        client.readImage(
          locator(`registry.rebind.test:${port}`, 'a/b:1'),
          AMD64,
        ),
      );
      expect(error).toMatchObject({
        kind: 'not-allowed',
        message: `registry.rebind.test:${port}/v2/a/b/manifests/1: registry.rebind.test resolves to 169.254.169.254, a link-local or metadata address; refused`,
      });
      expect(target.connections).toBe(0);

      // The same name resolving to loopback is dialled.
      const honest = new GuardedHttpTransport({
        timeoutMs: 1000,
        resolve: (_name, _options, callback) =>
          callback(null, [{ address: '127.0.0.1', family: 4 }]),
      });
      await failure(
        new RegistryClient({
          policy: new RegistryAccessPolicy([
            { host: `registry.rebind.test:${port}`, insecure: true },
          ]),
          transport: honest,
        }).readImage(locator(`registry.rebind.test:${port}`, 'a/b:1'), AMD64),
      );
      expect(target.connections).toBe(1);
      transport.close();
      honest.close();
    } finally {
      await target.stop();
    }
  });

  it('times out on a registry that never answers while another registry is read', async () => {
    const hung = await SilentServer.start();
    try {
      const { client, transport } = clientFor(
        [host, { host: hung.host, insecure: true }],
        3000,
      );
      const started = Date.now();
      const [hanging, fine] = await Promise.allSettled([
        client.readImage(locator(hung.host, 'apps/single:1.0'), AMD64),
        client.readImage(locator(registry.host, 'apps/single:1.0'), AMD64),
      ]);
      expect(fine).toMatchObject({
        status: 'fulfilled',
        value: { manifestDigest: single.digest },
      });
      expect(hanging.status).toBe('rejected');
      const error = (hanging as PromiseRejectedResult).reason;
      expect(error).toMatchObject({
        kind: 'timeout',
        message: `${hung.host}/v2/apps/single/manifests/1.0 did not answer within 3000 ms`,
      });
      expect(hung.connections).toBe(1);
      expect(Date.now() - started).toBeLessThan(30_000);
      transport.close();
    } finally {
      await hung.stop();
    }
  });
});

describe('RegistryClient with Bearer tokens (distribution `auth: silly`)', () => {
  let registry: LocalRegistry;
  let single: Descriptor;

  beforeAll(async () => {
    registry = await LocalRegistry.start({ auth: 'silly' });
    single = await pushImage(registry, 'apps/single', '1.0', {
      platform: AMD64,
      diffIds: [diffId('silly')],
    });
  });

  afterAll(async () => {
    await registry?.stop();
  });

  it('answers the challenge at the realm and reuses the token', async () => {
    const tokens = registry.tokenServer!;
    tokens.requests.length = 0;
    const { client, transport } = clientFor([
      { host: registry.host, insecure: true },
      { host: tokens.host, insecure: true },
    ]);
    const image = await client.readImage(
      locator(registry.host, 'apps/single:1.0'),
      AMD64,
    );
    expect(image.manifestDigest).toBe(single.digest);
    expect(tokens.requests).toHaveLength(1);
    const tokenUrl = new URL(tokens.requests[0].url, 'http://x');
    expect(tokenUrl.searchParams.get('service')).toBe('portolan-test-registry');
    expect(tokenUrl.searchParams.get('scope')).toBe(
      'repository:apps/single:pull',
    );
    // No credentials configured: the token is asked for anonymously.
    expect(tokens.requests[0].authorization).toBeUndefined();
    // Challenge, token, manifest again, config.
    expect(transport.requestsSent).toBe(4);

    await client.readImage(locator(registry.host, 'apps/single:1.0'), AMD64);
    expect(tokens.requests).toHaveLength(1);
    expect(transport.requestsSent).toBe(6);
    transport.close();
  });

  it('sends configured credentials to the token realm only as Basic auth', async () => {
    const tokens = registry.tokenServer!;
    tokens.requests.length = 0;
    const { client, transport } = clientFor([
      {
        host: registry.host,
        insecure: true,
        username: 'robot',
        password: 'robot-secret',
      },
      { host: tokens.host, insecure: true },
    ]);
    await client.readImage(locator(registry.host, 'apps/single:1.0'), AMD64);
    expect(tokens.requests[0].authorization).toBe(
      `Basic ${Buffer.from('robot:robot-secret').toString('base64')}`,
    );
    transport.close();
  });

  it('refuses a token realm that is not on the allow-list, without calling it', async () => {
    const realm = await SilentServer.start();
    const elsewhere = await LocalRegistry.start({
      auth: 'silly',
      realm: `http://${realm.host}/token`,
    });
    try {
      const { client, transport } = clientFor([
        { host: elsewhere.host, insecure: true },
      ]);
      const error = await failure(
        client.readImage(locator(elsewhere.host, 'apps/x:1'), AMD64),
      );
      expect(error.kind).toBe('not-allowed');
      expect(error.message).toBe(
        `${elsewhere.host}/v2/apps/x/manifests/1: token realm ${realm.host} is refused: ${realm.host} is not on the portolan.registries allow-list`,
      );
      expect(realm.connections).toBe(0);
      expect(transport.requestsSent).toBe(1);
      transport.close();
    } finally {
      await elsewhere.stop();
      await realm.stop();
    }
  });
});

describe('RegistryClient with Basic auth (distribution `auth: htpasswd`)', () => {
  let registry: LocalRegistry;

  beforeAll(async () => {
    registry = await LocalRegistry.start({
      auth: 'htpasswd',
      username: 'portolan',
      password: 'right-password',
    });
    await pushImage(registry, 'apps/single', '1.0', {
      platform: AMD64,
      diffIds: [diffId('basic')],
    });
  });

  afterAll(async () => {
    await registry?.stop();
  });

  it('reads with the configured credentials, sending them up front after the first challenge', async () => {
    const { client, transport } = clientFor([
      {
        host: registry.host,
        insecure: true,
        username: 'portolan',
        password: 'right-password',
      },
    ]);
    await client.readImage(locator(registry.host, 'apps/single:1.0'), AMD64);
    expect(transport.requestsSent).toBe(3); // challenge, manifest, config
    await client.readImage(locator(registry.host, 'apps/single:1.0'), AMD64);
    expect(transport.requestsSent).toBe(5);
    transport.close();
  });

  it('says unauthorized for a wrong password, without repeating it', async () => {
    const { client, transport } = clientFor([
      {
        host: registry.host,
        insecure: true,
        username: 'portolan',
        password: 'wrong-password',
      },
    ]);
    const error = await failure(
      client.readImage(locator(registry.host, 'apps/single:1.0'), AMD64),
    );
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toBe(
      `${registry.host}/v2/apps/single/manifests/1.0: authentication failed (HTTP 401)`,
    );
    expect(error.message).not.toContain('wrong-password');
    transport.close();
  });

  it('says unauthorized when no credentials are configured', async () => {
    const { client, transport } = clientFor([
      { host: registry.host, insecure: true },
    ]);
    const error = await failure(
      client.readImage(locator(registry.host, 'apps/single:1.0'), AMD64),
    );
    expect(error).toMatchObject({
      kind: 'unauthorized',
      message: `${registry.host}/v2/apps/single/manifests/1.0: the registry asks for a username and password; none are configured`,
    });
    transport.close();
  });
});

describe('RegistryClient integrity and redirects', () => {
  const registryHost: RegistryHost = {
    host: 'registry.acme.example',
    insecure: false,
    username: 'u',
    password: 'p',
  };
  const manifestBody = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { digest: sha256('{}'), mediaType: 'x', size: 2 },
      layers: [],
    }),
  );

  interface FakeAnswer {
    status: number;
    headers?: Record<string, string>;
    body?: Buffer;
  }

  function fakeTransport(answer: (request: TransportRequest) => FakeAnswer) {
    const sent: TransportRequest[] = [];
    const transport: RegistryTransport = {
      async send(request) {
        sent.push(request);
        const {
          status,
          headers = {},
          body = Buffer.alloc(0),
        } = answer(request);
        return { status, headers, body };
      },
    };
    return { transport, sent };
  }

  it('keeps at most maxConcurrentRequests requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const transport: RegistryTransport = {
      async send() {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise(resolve => setImmediate(resolve));
        inFlight -= 1;
        return { status: 404, headers: {}, body: Buffer.alloc(0) };
      },
    };
    const client = new RegistryClient({
      policy: new RegistryAccessPolicy([registryHost]),
      transport,
      maxConcurrentRequests: 2,
    });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        client.readImage(locator('registry.acme.example', `app:${i}`), AMD64),
      ),
    );
    expect(results.every(r => r.status === 'rejected')).toBe(true);
    expect(most).toBe(2);
  });

  it('rejects content that does not match its digest', async () => {
    const { transport } = fakeTransport(() => ({
      status: 200,
      headers: { 'content-type': OCI_MANIFEST },
      body: manifestBody,
    }));
    const client = new RegistryClient({
      policy: new RegistryAccessPolicy([registryHost]),
      transport,
    });
    const error = await failure(
      client.readImage(
        locator('registry.acme.example', `app@${sha256('other')}`),
        AMD64,
      ),
    );
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('content does not match digest');
  });

  it('follows a blob redirect to an allowed host without the registry credentials, and refuses others', async () => {
    const config = Buffer.from(
      JSON.stringify({
        os: 'linux',
        architecture: 'amd64',
        rootfs: { diff_ids: [] },
      }),
    );
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { digest: sha256(config), mediaType: 'x', size: config.length },
        layers: [],
      }),
    );
    const run = async (storageHost: string, hosts: RegistryHost[]) => {
      const { transport, sent } = fakeTransport((request): FakeAnswer => {
        const atRegistry = request.url.host === 'registry.acme.example';
        if (atRegistry && !request.headers.Authorization) {
          return {
            status: 401,
            headers: { 'www-authenticate': 'Basic realm="acme"' },
          };
        }
        if (request.url.pathname.includes('/manifests/')) {
          return {
            status: 200,
            headers: { 'content-type': OCI_MANIFEST },
            body: manifest,
          };
        }
        if (atRegistry) {
          return {
            status: 307,
            headers: { location: `https://${storageHost}/blob?sig=1` },
          };
        }
        return { status: 200, body: config };
      });
      const client = new RegistryClient({
        policy: new RegistryAccessPolicy(hosts),
        transport,
      });
      return {
        sent,
        result: client.readImage(
          locator('registry.acme.example', 'app:1'),
          AMD64,
        ),
      };
    };

    const allowed = await run('storage.acme.example', [
      registryHost,
      { host: '*.acme.example', insecure: false },
    ]);
    await allowed.result;
    expect(allowed.sent.map(r => r.url.host)).toEqual([
      'registry.acme.example', // 401 Basic challenge
      'registry.acme.example', // manifest, with credentials
      'registry.acme.example', // config blob, with credentials: 307
      'storage.acme.example',
    ]);
    expect(allowed.sent[2].headers.Authorization).toBe(
      `Basic ${Buffer.from('u:p').toString('base64')}`,
    );
    expect(allowed.sent[3].headers.Authorization).toBeUndefined();

    const refused = await run('169.254.169.254', [registryHost]);
    const error = await failure(refused.result);
    expect(error.kind).toBe('not-allowed');
    expect(error.message).toMatch(
      /redirects to 169\.254\.169\.254, which is refused/,
    );
    expect(refused.sent.map(r => r.url.host)).toEqual([
      'registry.acme.example',
      'registry.acme.example',
      'registry.acme.example',
    ]);
  });
});

describe('RegistryClient refuses what is not an OCI image reference', () => {
  it.each([
    ['apps/../../v2/_catalog', '1'],
    ['apps/..', '1'],
    ['%2e%2e/%2e%2e/admin', '1'],
    ['apps/x?n=1', '1'],
    ['apps/x#frag', '1'],
    ['Apps/Upper', '1'],
    ['apps//double', '1'],
    ['apps/x', '1/../../x'],
    ['apps/x', 'v1?q'],
    ['apps/x', '%2e%2e'],
    ['apps/x', 'sha256:../../etc'],
    ['apps/x', `sha256:${'A'.repeat(64)}`],
    ['apps/x', '-leading-dash'],
    ['apps/x', 'a'.repeat(129)],
  ])(
    'refuses repository %s with reference %s before any request (no connection)',
    async (repository, reference) => {
      const registry = await SilentServer.start();
      try {
        const { client, transport } = clientFor([
          { host: registry.host, insecure: true, username: 'u', password: 'p' },
        ]);
        const error = await failure(
          client.readImage(
            { registry: registry.host, repository, reference },
            AMD64,
          ),
        );
        expect(error.kind).toBe('not-allowed');
        expect(error.message).toMatch(/refused before any request/);
        expect(transport.requestsSent).toBe(0);
        expect(registry.connections).toBe(0);
        transport.close();
      } finally {
        await registry.stop();
      }
    },
  );
});

describe('RegistryClient never sends credentials configured for another host', () => {
  let tokens: TokenServer;
  let registry: LocalRegistry;
  let registryPort: string;
  // Names stand in for hosts; the test resolver sends them all to loopback.
  const loopback = () =>
    new GuardedHttpTransport({
      timeoutMs: 20_000,
      resolve: (_name, _options, callback) =>
        callback(null, [{ address: '127.0.0.1', family: 4 }]),
    });

  beforeAll(async () => {
    tokens = await TokenServer.start();
    const tokenPort = new URL(tokens.url).port;
    registry = await LocalRegistry.start({
      auth: 'silly',
      realm: `http://auth.wild.test:${tokenPort}/token`,
    });
    registryPort = registry.host.split(':')[1];
    await pushImage(registry, 'apps/single', '1.0', {
      platform: AMD64,
      diffIds: [diffId('wildcard')],
    });
  });

  afterAll(async () => {
    await registry?.stop();
    await tokens?.stop();
  });

  it('asks a token realm that only a wildcard entry allows without the registry credentials', async () => {
    tokens.requests.length = 0;
    const tokenPort = new URL(tokens.url).port;
    const transport = loopback();
    const client = new RegistryClient({
      policy: new RegistryAccessPolicy([
        {
          host: `registry.acme.test:${registryPort}`,
          insecure: true,
          username: 'robot',
          password: 'robot-secret',
        },
        { host: `*.wild.test:${tokenPort}`, insecure: true },
      ]),
      transport,
    });
    const image = await client.readImage(
      locator(`registry.acme.test:${registryPort}`, 'apps/single:1.0'),
      AMD64,
    );
    expect(image.layerCount).toBe(1);
    expect(tokens.requests).toHaveLength(1);
    expect(tokens.requests[0].authorization).toBeUndefined();
    transport.close();
  });

  it('still sends them to an exact, credential-less auth host entry (Docker Hub style)', async () => {
    tokens.requests.length = 0;
    const tokenPort = new URL(tokens.url).port;
    const transport = loopback();
    const client = new RegistryClient({
      policy: new RegistryAccessPolicy([
        {
          host: `registry.acme.test:${registryPort}`,
          insecure: true,
          username: 'robot',
          password: 'robot-secret',
        },
        { host: `auth.wild.test:${tokenPort}`, insecure: true },
      ]),
      transport,
    });
    await client.readImage(
      locator(`registry.acme.test:${registryPort}`, 'apps/single:1.0'),
      AMD64,
    );
    expect(tokens.requests[0].authorization).toBe(
      `Basic ${Buffer.from('robot:robot-secret').toString('base64')}`,
    );
    transport.close();
  });

  it("never sends one registry's credentials to another registry that is the realm", async () => {
    tokens.requests.length = 0;
    const tokenPort = new URL(tokens.url).port;
    const transport = loopback();
    const client = new RegistryClient({
      policy: new RegistryAccessPolicy([
        {
          host: `registry.acme.test:${registryPort}`,
          insecure: true,
          username: 'robot',
          password: 'robot-secret',
        },
        {
          host: `auth.wild.test:${tokenPort}`,
          insecure: true,
          username: 'other',
          password: 'other-secret',
        },
      ]),
      transport,
    });
    await client.readImage(
      locator(`registry.acme.test:${registryPort}`, 'apps/single:1.0'),
      AMD64,
    );
    expect(tokens.requests[0].authorization).toBeUndefined();
    transport.close();
  });
});

async function waitForConnections(server: SilentServer, count: number) {
  for (let i = 0; i < 200 && server.connections < count; i++) {
    await new Promise(r => setTimeout(r, 10));
  }
}

describe('RegistryClient bounds', () => {
  it('refuses a request past the queue bound at once, and a waiter whose view gave up never connects', async () => {
    const hung = await SilentServer.start();
    try {
      const { transport } = clientFor([{ host: hung.host, insecure: true }]);
      const bounded = new RegistryClient({
        policy: new RegistryAccessPolicy([{ host: hung.host, insecure: true }]),
        transport,
        maxConcurrentRequests: 1,
        maxQueuedRequests: 1,
      });
      const view = new AbortController();
      const first = bounded.readImage(
        locator(hung.host, 'apps/a:1'),
        AMD64,
        view.signal,
      );
      const queued = bounded.readImage(
        locator(hung.host, 'apps/b:1'),
        AMD64,
        view.signal,
      );
      const refused = await failure(
        bounded.readImage(locator(hung.host, 'apps/c:1'), AMD64),
      );
      expect(refused.message).toMatch(/Too many registry requests waiting/);
      await waitForConnections(hung, 1);
      view.abort();
      await expect(first).rejects.toBeDefined();
      const gaveUp = await failure(queued);
      expect(gaveUp.kind).toBe('timeout');
      expect(hung.connections).toBe(1);
      transport.close();
    } finally {
      await hung.stop();
    }
  });

  it('keeps at most maxTokens Bearer tokens', async () => {
    const registry = await LocalRegistry.start({ auth: 'silly' });
    try {
      const transport = new GuardedHttpTransport({ timeoutMs: 20_000 });
      const client = new RegistryClient({
        policy: new RegistryAccessPolicy([
          { host: registry.host, insecure: true },
          { host: registry.tokenServer!.host, insecure: true },
        ]),
        transport,
        maxTokens: 2,
      });
      for (const repo of ['apps/a', 'apps/b', 'apps/c', 'apps/d']) {
        // Not found after the token: each repository scope gets its own token.
        expect(
          (
            await failure(
              client.readImage(locator(registry.host, `${repo}:1`), AMD64),
            )
          ).kind,
        ).toBe('not-found');
      }
      expect(registry.tokenServer!.requests.length).toBe(4);
      expect(client.cachedTokens).toBe(2);
      transport.close();
    } finally {
      await registry.stop();
    }
  });
});
