/*
 * KubeClient's timeouts against a kube-sim cluster over real HTTPS: the
 * connect timeout bounds only the time to the response headers, the idle
 * timeout ends a silent stream, and the caller's signal ends it at once.
 */
import { startKubeSim, type KubeSim } from '@portolan/kube-sim';
import {
  KubeClient,
  KubeRequestError,
  RequestAbortedError,
} from './KubeClient';

jest.setTimeout(30_000);

const WATCH_CONFIGMAPS =
  '/api/v1/namespaces/team/configmaps?watch=true&allowWatchBookmarks=true';

describe('KubeClient.watch', () => {
  let sim: KubeSim;
  let client: KubeClient;

  beforeAll(async () => {
    sim = await startKubeSim({
      bookmarkIntervalMs: 100,
      clusters: [
        {
          name: 'one',
          token: 'token-one',
          objects: [
            { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } },
          ],
        },
      ],
    });
    const cluster = sim.cluster('one');
    client = new KubeClient(
      {
        url: cluster.url,
        ca: Buffer.from(cluster.caData, 'base64'),
        skipTLSVerify: false,
        authorization: async () => `Bearer ${cluster.token}`,
      },
      'portolan-test',
    );
  });

  afterAll(async () => {
    client.close();
    await sim.stop();
  });

  afterEach(async () => {
    await sim.cluster('one').faults.reset();
  });

  it('keeps a watch open longer than the connect timeout', async () => {
    const caller = new AbortController();
    const names: string[] = [];
    let opened = false;
    const watching = client.watch(WATCH_CONFIGMAPS, {
      signal: caller.signal,
      connectTimeoutMs: 200,
      idleTimeoutMs: 5_000,
      onOpen: () => {
        opened = true;
      },
      onLine: line => {
        const event = JSON.parse(line);
        if (event.type === 'ADDED') names.push(event.object.metadata.name);
      },
    });
    const outcome = watching.then(
      () => 'ended',
      (e: Error) => e,
    );

    // Five connect timeouts later the stream must still deliver events.
    await new Promise(resolve => setTimeout(resolve, 1_000));
    sim.cluster('one').create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'late', namespace: 'team' },
      data: {},
    });
    const deadline = Date.now() + 5_000;
    while (!names.includes('late') && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    expect(opened).toBe(true);
    expect(names).toContain('late');

    caller.abort();
    const ended = await outcome;
    expect(ended).toBeInstanceOf(RequestAbortedError);
  });

  it('fails with the connect timeout when no headers come in time', async () => {
    sim.cluster('one').faults.setLatency(2_000);
    const error = await client
      .watch(WATCH_CONFIGMAPS, {
        signal: new AbortController().signal,
        connectTimeoutMs: 200,
        idleTimeoutMs: 5_000,
        onLine: () => {},
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(KubeRequestError);
    expect((error as KubeRequestError).kind).toBe('timeout');
    expect((error as KubeRequestError).message).toBe(
      'GET /api/v1/namespaces/team/configmaps: no answer within 200 ms',
    );
  });

  it('fails as idle when an open stream stays silent', async () => {
    const error = await client
      .watch('/api/v1/namespaces/team/configmaps?watch=true', {
        signal: new AbortController().signal,
        connectTimeoutMs: 5_000,
        idleTimeoutMs: 300,
        onLine: () => {},
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(KubeRequestError);
    expect((error as KubeRequestError).message).toBe(
      'watch /api/v1/namespaces/team/configmaps: no data for 0 s',
    );
  });
});
