import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { stringify } from 'yaml';
import { readCacheOptions } from '../cache/CacheOptions';
import { ClusterRegistry } from './ClusterRegistry';
import { InClusterClusterLocator } from './InClusterClusterLocator';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const PEM_B64 = Buffer.from(PEM).toString('base64');

const mockDir = createMockDirectory();
const logger = mockServices.logger.mock();

async function registry(portolan: object, extra: object = {}) {
  return ClusterRegistry.fromConfig(
    new ConfigReader({ portolan, ...extra }),
    logger,
  );
}

function configCluster(overrides: object = {}) {
  return {
    name: 'prod',
    url: 'https://prod.example.com:6443/',
    caData: PEM_B64,
    serviceAccountToken: 'secret-token',
    ...overrides,
  };
}

afterEach(() => jest.clearAllMocks());

describe('ClusterRegistry configuration', () => {
  it('reads config clusters with the official plugin fields', async () => {
    const r = await registry({
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            configCluster({ title: 'Production', skipMetricsLookup: true }),
            { name: 'plain', url: 'http://127.0.0.1:8001', caData: PEM },
          ],
        },
      ],
    });
    const [prod, plain] = r.clusters.map(c => c.definition);
    expect(prod).toMatchObject({
      name: 'prod',
      title: 'Production',
      locator: 'config',
      configKey: 'portolan.clusterLocatorMethods[0].clusters[0]',
      connection: {
        url: 'https://prod.example.com:6443',
        skipTLSVerify: false,
      },
    });
    expect(prod.connection.ca?.toString()).toBe(PEM);
    await expect(prod.connection.authorization()).resolves.toBe(
      'Bearer secret-token',
    );
    expect(plain.title).toBe('plain');
    await expect(plain.connection.authorization()).resolves.toBeUndefined();
    await r.stop();
  });

  it('re-reads a token file before each request', async () => {
    mockDir.setContent({ token: 'one\n', 'ca.crt': PEM });
    const r = await registry({
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'a',
              url: 'https://a',
              caFile: mockDir.resolve('ca.crt'),
              tokenFile: mockDir.resolve('token'),
            },
          ],
        },
      ],
    });
    const { connection } = r.clusters[0].definition;
    await expect(connection.authorization()).resolves.toBe('Bearer one');
    mockDir.addContent({ token: 'two' });
    await expect(connection.authorization()).resolves.toBe('Bearer two');
    await r.stop();
  });

  it.each([
    [
      'an unknown type',
      { clusterLocatorMethods: [{ type: 'gke' }] },
      "Unknown cluster locator type 'gke' at portolan.clusterLocatorMethods[0].type",
    ],
    [
      'a missing url',
      {
        clusterLocatorMethods: [
          { type: 'config', clusters: [configCluster(), { name: 'b' }] },
        ],
      },
      "Missing required config value at 'portolan.clusterLocatorMethods[0].clusters[1].url'",
    ],
    [
      'a bad url',
      {
        clusterLocatorMethods: [
          { type: 'config', clusters: [configCluster({ url: 'ftp://x' })] },
        ],
      },
      "Invalid portolan.clusterLocatorMethods[0].clusters[0].url 'ftp://x'",
    ],
    [
      'an unreadable CA file',
      {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              configCluster({
                caData: undefined,
                caFile: '/nonexistent/ca.crt',
              }),
            ],
          },
        ],
      },
      "Cannot read portolan.clusterLocatorMethods[0].clusters[0].caFile '/nonexistent/ca.crt': ENOENT",
    ],
    [
      'caData that is not PEM',
      {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [configCluster({ caData: 'bm90IHBlbQ==' })],
          },
        ],
      },
      'Invalid portolan.clusterLocatorMethods[0].clusters[0].caData',
    ],
    [
      'two credentials',
      {
        clusterLocatorMethods: [
          { type: 'config', clusters: [configCluster({ tokenFile: '/t' })] },
        ],
      },
      'Set only one of portolan.clusterLocatorMethods[0].clusters[0].serviceAccountToken',
    ],
    [
      'half a client certificate',
      {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [configCluster({ clientCertData: PEM_B64 })],
          },
        ],
      },
      'Set both portolan.clusterLocatorMethods[0].clusters[0].clientCertData',
    ],
    [
      'a per-user auth provider',
      {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [configCluster({ authProvider: 'google' })],
          },
        ],
      },
      "Unsupported portolan.clusterLocatorMethods[0].clusters[0].authProvider 'google'",
    ],
    [
      'two clusters with one name',
      {
        clusterLocatorMethods: [
          { type: 'config', clusters: [configCluster()] },
          {
            type: 'config',
            clusters: [configCluster({ url: 'https://other' })],
          },
        ],
      },
      "Two clusters are named 'prod': portolan.clusterLocatorMethods[0].clusters[0] and portolan.clusterLocatorMethods[1].clusters[0]",
    ],
    [
      'a cluster name with a comma',
      {
        clusterLocatorMethods: [
          { type: 'config', clusters: [configCluster({ name: 'a,b' })] },
        ],
      },
      "Invalid cluster name 'a,b' at portolan.clusterLocatorMethods[0].clusters[0].name",
    ],
    [
      'a bad demo port',
      { clusterLocatorMethods: [{ type: 'demo', basePort: 'x' }] },
      'portolan.clusterLocatorMethods[0].basePort',
    ],
  ])('refuses %s, naming the key', async (_what, portolan, message) => {
    await expect(registry(portolan)).rejects.toThrow(message);
  });

  it('refuses a bad cache setting, naming the key', async () => {
    expect(() =>
      readCacheOptions(
        new ConfigReader({ portolan: { cache: { resyncInterval: 'soon' } } }),
      ),
    ).toThrow('portolan.cache.resyncInterval');
    expect(
      readCacheOptions(
        new ConfigReader({
          portolan: {
            cache: {
              resyncInterval: '10m',
              backoff: { initial: '100ms', max: '2s' },
            },
          },
        }),
      ),
    ).toMatchObject({
      resyncIntervalMs: 600_000,
      backoff: { initialMs: 100, maxMs: 2000 },
    });
  });

  it('warns and starts with no clusters when none are configured', async () => {
    const r = await registry({});
    expect(r.clusters).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('No clusters configured'),
    );
  });
});

describe('kubeconfig locator', () => {
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'c1',
        cluster: {
          server: 'https://one:6443',
          'certificate-authority-data': PEM_B64,
        },
      },
      {
        name: 'c2',
        cluster: {
          server: 'https://two:6443',
          'insecure-skip-tls-verify': true,
        },
      },
    ],
    users: [
      { name: 'u1', user: { token: 'kube-token' } },
      {
        name: 'u2',
        user: {
          'client-certificate-data': PEM_B64,
          'client-key-data': PEM_B64,
        },
      },
    ],
    contexts: [
      { name: 'one', context: { cluster: 'c1', user: 'u1' } },
      {
        name: 'arn:aws:eks:eu-west-1:1:cluster/two',
        context: { cluster: 'c2', user: 'u2' },
      },
    ],
    'current-context': 'one',
  };

  beforeEach(() => mockDir.setContent({ kubeconfig: stringify(kubeconfig) }));

  it('makes one cluster per context, with the context user credentials', async () => {
    const r = await registry({
      clusterLocatorMethods: [
        { type: 'kubeconfig', path: mockDir.resolve('kubeconfig') },
      ],
    });
    const [one, two] = r.clusters.map(c => c.definition);
    expect(one).toMatchObject({
      name: 'one',
      locator: 'kubeconfig',
      connection: { url: 'https://one:6443', skipTLSVerify: false },
    });
    expect(one.connection.ca?.toString()).toBe(PEM);
    await expect(one.connection.authorization()).resolves.toBe(
      'Bearer kube-token',
    );
    expect(two.name).toBe('arn:aws:eks:eu-west-1:1:cluster/two');
    expect(two.connection.skipTLSVerify).toBe(true);
    expect(two.connection.cert?.toString()).toBe(PEM);
    await expect(two.connection.authorization()).resolves.toBeUndefined();
    await r.stop();
  });

  it('watches only the listed contexts, renamed if asked', async () => {
    const r = await registry({
      clusterLocatorMethods: [
        {
          type: 'kubeconfig',
          path: mockDir.resolve('kubeconfig'),
          contexts: [
            {
              context: 'arn:aws:eks:eu-west-1:1:cluster/two',
              name: 'eks',
              title: 'EKS',
            },
          ],
        },
      ],
    });
    expect(
      r.clusters.map(c => [c.definition.name, c.definition.title]),
    ).toEqual([['eks', 'EKS']]);
    await r.stop();
  });

  it('defaults to $KUBECONFIG', async () => {
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = mockDir.resolve('kubeconfig');
    try {
      const r = await registry({
        clusterLocatorMethods: [{ type: 'kubeconfig', contexts: ['one'] }],
      });
      expect(r.clusters.map(c => c.definition.name)).toEqual(['one']);
      await r.stop();
    } finally {
      process.env.KUBECONFIG = saved;
    }
  });

  it('refuses a missing context or file, naming the key', async () => {
    await expect(
      registry({
        clusterLocatorMethods: [
          {
            type: 'kubeconfig',
            path: mockDir.resolve('kubeconfig'),
            contexts: ['one', 'nope'],
          },
        ],
      }),
    ).rejects.toThrow(
      "portolan.clusterLocatorMethods[0].contexts[1]: no context 'nope'",
    );
    await expect(
      registry({
        clusterLocatorMethods: [{ type: 'kubeconfig', path: '/nonexistent' }],
      }),
    ).rejects.toThrow(
      "Cannot read portolan.clusterLocatorMethods[0].path '/nonexistent'",
    );
  });
});

describe('inCluster locator', () => {
  it('uses the pod service account and re-reads its token', async () => {
    mockDir.setContent({ sa: { token: 'sa-1', 'ca.crt': PEM } });
    const locator = InClusterClusterLocator.fromConfig(
      new ConfigReader({ title: 'Home' }),
      'portolan.clusterLocatorMethods[0]',
      { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' },
      mockDir.resolve('sa'),
    );
    const [cluster] = await locator.getClusters();
    expect(cluster).toMatchObject({
      name: 'in-cluster',
      title: 'Home',
      connection: { url: 'https://10.0.0.1:443', skipTLSVerify: false },
    });
    await expect(cluster.connection.authorization()).resolves.toBe(
      'Bearer sa-1',
    );
    mockDir.addContent({ sa: { token: 'sa-2' } });
    await expect(cluster.connection.authorization()).resolves.toBe(
      'Bearer sa-2',
    );
  });

  it('refuses to start outside a pod', async () => {
    expect(() =>
      InClusterClusterLocator.fromConfig(
        new ConfigReader({}),
        'portolan.clusterLocatorMethods[2]',
        {},
      ),
    ).toThrow(
      'portolan.clusterLocatorMethods[2] (type inCluster): KUBERNETES_SERVICE_HOST is not set',
    );
  });
});

describe('kubernetesPlugin locator', () => {
  it('reuses the official plugin config clusters and skips per-user ones', async () => {
    const r = await registry(
      { clusterLocatorMethods: [{ type: 'kubernetesPlugin' }] },
      {
        kubernetes: {
          serviceLocatorMethod: { type: 'multiTenant' },
          clusterLocatorMethods: [
            { type: 'catalog' },
            {
              type: 'config',
              clusters: [
                configCluster({
                  authProvider: 'serviceAccount',
                  customResources: [],
                }),
                configCluster({ name: 'gke', authProvider: 'google' }),
              ],
            },
          ],
        },
      },
    );
    expect(
      r.clusters.map(c => [c.definition.name, c.definition.configKey]),
    ).toEqual([['prod', 'kubernetes.clusterLocatorMethods[1].clusters[0]']]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining("authProvider 'google'"),
    );
    await r.stop();
  });

  it('refuses when there is nothing to reuse', async () => {
    await expect(
      registry({ clusterLocatorMethods: [{ type: 'kubernetesPlugin' }] }),
    ).rejects.toThrow(
      'portolan.clusterLocatorMethods[0] (type kubernetesPlugin)',
    );
  });
});
