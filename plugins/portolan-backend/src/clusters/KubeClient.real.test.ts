/*
 * KubeClient against a REAL kube-apiserver (watch cache on, as in
 * production): the watch stream it parses carries the real server's
 * BOOKMARK event (the one that ends a watch's initial events), a paged list follows real `continue` tokens, and a
 * background reader's User-Agent comment is what the server's audit log
 * records. Run by scripts/test-real.sh.
 */
import { startRealCluster, type RealCluster } from '@portolan/kube-sim';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeClient } from './KubeClient';

const auditDir = mkdtempSync(join(tmpdir(), 'kubeclient-audit-'));
const auditLog = join(auditDir, 'audit.log');

jest.setTimeout(120_000);

let cluster: RealCluster;
let client: KubeClient;

beforeAll(async () => {
  const policy = join(auditDir, 'policy.yaml');
  writeFileSync(
    policy,
    'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n  - level: Metadata\n',
  );
  cluster = await startRealCluster({
    name: 'kubeclient',
    apiserverArgs: [
      `--audit-policy-file=${policy}`,
      `--audit-log-path=${auditLog}`,
      '--audit-log-maxsize=0',
    ],
  });
  client = new KubeClient(
    {
      url: cluster.url,
      ca: Buffer.from(cluster.caData, 'base64'),
      skipTLSVerify: false,
      authorization: async () => `Bearer ${cluster.readerToken}`,
    },
    'portolan-real-test',
  );
  await cluster.request('POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'team' },
  });
  for (let i = 0; i < 5; i++) {
    await cluster.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm${i}`, namespace: 'team' },
    });
  }
});

afterAll(async () => {
  client?.close();
  await cluster?.stop();
});

describe('KubeClient against a real kube-apiserver', () => {
  it("sends a background reader's User-Agent comment as the server records it", async () => {
    const path = '/api/v1/namespaces/team/configmaps/cm0';
    const options = {
      signal: new AbortController().signal,
      timeoutMs: 10_000,
      maxBytes: 1024 * 1024,
    };
    await client.getText(path, options);
    await client.getText(path, { ...options, agentComment: 'history' });
    const agents = () => {
      let text = '';
      try {
        text = readFileSync(auditLog, 'utf8');
      } catch {
        return [];
      }
      return text
        .split('\n')
        .filter(Boolean)
        .map(line => JSON.parse(line))
        .filter(e => e.requestURI === path)
        .map(e => e.userAgent as string);
    };
    const end = Date.now() + 15_000;
    while (agents().length < 2 && Date.now() < end) {
      await new Promise(r => setTimeout(r, 100));
    }
    expect(agents()).toEqual([
      'portolan-real-test',
      'portolan-real-test (history)',
    ]);
  });

  it('follows continue tokens through a paged list', async () => {
    const names: string[] = [];
    let path = '/api/v1/namespaces/team/configmaps?limit=2';
    let pages = 0;
    for (;;) {
      const { list } = await client.getList(
        path,
        { signal: new AbortController().signal, timeoutMs: 10_000 },
        item =>
          names.push((item as { metadata: { name: string } }).metadata.name),
      );
      pages++;
      const token = (list as { metadata?: { continue?: string } }).metadata
        ?.continue;
      if (!token) break;
      path = `/api/v1/namespaces/team/configmaps?limit=2&continue=${encodeURIComponent(
        token,
      )}`;
    }
    expect(pages).toBe(3);
    expect(names.sort()).toEqual(['cm0', 'cm1', 'cm2', 'cm3', 'cm4']);
  });

  it('receives the real server bookmark that ends the initial events of a watch', async () => {
    const events: Array<{ type: string; object: any }> = [];
    const caller = new AbortController();
    const watching = client.watch(
      '/api/v1/namespaces/team/configmaps?watch=true&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan',
      {
        signal: caller.signal,
        connectTimeoutMs: 10_000,
        idleTimeoutMs: 30_000,
        onLine: line => {
          const event = JSON.parse(line);
          events.push(event);
          if (event.type === 'BOOKMARK') caller.abort();
        },
      },
    );
    await watching.catch(() => undefined);
    const bookmark = events[events.length - 1];
    expect(bookmark.type).toBe('BOOKMARK');
    expect(
      bookmark.object.metadata.annotations['k8s.io/initial-events-end'],
    ).toBe('true');
    expect(Number(bookmark.object.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(
      events
        .slice(0, -1)
        .map(e => `${e.type} ${e.object.metadata.name}`)
        .sort(),
    ).toEqual([
      'ADDED cm0',
      'ADDED cm1',
      'ADDED cm2',
      'ADDED cm3',
      'ADDED cm4',
    ]);
  });
});
