/*
 * KubeClient's timeouts against a kube-sim cluster over real HTTPS: the
 * connect timeout bounds only the time to the response headers, the idle
 * timeout ends a silent stream, and the caller's signal ends it at once.
 * And the parsers of lists (item by item) and of watch streams (line by
 * line), byte by byte.
 */
import { startKubeSim, type KubeSim } from '@portolan/kube-sim';
import {
  KubeClient,
  KubeRequestError,
  LineSplitter,
  RequestAbortedError,
  splitList,
} from './KubeClient';

jest.setTimeout(30_000);

/** A client of one kube-sim cluster, over HTTPS with its CA and token. */
function clientOf(sim: KubeSim, name: string): KubeClient {
  const cluster = sim.cluster(name);
  return new KubeClient(
    {
      url: cluster.url,
      ca: Buffer.from(cluster.caData, 'base64'),
      skipTLSVerify: false,
      authorization: async () => `Bearer ${cluster.token}`,
    },
    'portolan-test',
  );
}

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
    client = clientOf(sim, 'one');
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

  it('ends the stream with what onLine throws', async () => {
    sim.cluster('one').create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'first', namespace: 'team' },
      data: {},
    });
    const error = await client
      .watch(WATCH_CONFIGMAPS, {
        signal: new AbortController().signal,
        connectTimeoutMs: 5_000,
        idleTimeoutMs: 5_000,
        onLine: () => {
          throw new KubeRequestError('not valid JSON', 'malformed');
        },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(KubeRequestError);
    expect((error as KubeRequestError).message).toBe('not valid JSON');
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

describe('KubeClient User-Agent', () => {
  let sim: KubeSim;
  let client: KubeClient;

  beforeAll(async () => {
    sim = await startKubeSim({
      clusters: [{ name: 'one', token: 'token-one', objects: [] }],
    });
    client = clientOf(sim, 'one');
  });

  afterAll(async () => {
    client.close();
    await sim.stop();
  });

  const options = () => ({
    signal: new AbortController().signal,
    timeoutMs: 5_000,
    maxBytes: 1024 * 1024,
  });

  it('names a background reader in a comment, and sends the plain agent otherwise', async () => {
    await client.getText('/version', options());
    await client.getText('/version', { ...options(), agentComment: 'history' });
    const agents = sim
      .cluster('one')
      .requests.entries.filter(r => r.verb === 'version')
      .map(r => r.userAgent);
    expect(agents).toEqual(['portolan-test', 'portolan-test (history)']);
  });

  it('refuses a comment that would need escaping, before any request', async () => {
    const before = sim.cluster('one').requests.entries.length;
    for (const agentComment of [
      'a) (b',
      'x\r\nHost: evil',
      '',
      'y'.repeat(41),
    ]) {
      await expect(
        client.getText('/version', { ...options(), agentComment }),
      ).rejects.toThrow(/invalid User-Agent comment/);
    }
    expect(sim.cluster('one').requests.entries.length).toBe(before);
  });
});

describe('LineSplitter', () => {
  /** The lines of `chunks` fed in order, then ended. */
  function split(chunks: Array<Buffer | string>): string[] {
    const lines: string[] = [];
    const splitter = new LineSplitter(line => lines.push(line));
    for (const chunk of chunks) {
      splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    }
    splitter.end();
    return lines;
  }

  /** Every way of cutting `text` into two chunks and into single bytes. */
  function everySplit(text: string): Buffer[][] {
    const bytes = Buffer.from(text);
    const ways: Buffer[][] = [];
    for (let at = 0; at <= bytes.length; at++) {
      ways.push([bytes.subarray(0, at), bytes.subarray(at)]);
    }
    ways.push([...bytes].map(b => Buffer.from([b])));
    return ways;
  }

  it('cuts lines out of one chunk', () => {
    expect(split(['{"a":1}\n{"b":2}\n{"c":3}\n'])).toEqual([
      '{"a":1}',
      '{"b":2}',
      '{"c":3}',
    ]);
  });

  it('joins a line split across chunks, wherever the cut is', () => {
    const text = '{"type":"ADDED"}\n{"type":"MODIFIED"}\n';
    for (const chunks of everySplit(text)) {
      expect(split(chunks)).toEqual([
        '{"type":"ADDED"}',
        '{"type":"MODIFIED"}',
      ]);
    }
  });

  it('joins a line spread over many chunks', () => {
    expect(split(['{"na', 'me":', '"x', '"}', '\n{"y":', '1}\n'])).toEqual([
      '{"name":"x"}',
      '{"y":1}',
    ]);
  });

  it('decodes a multi-byte character split across chunks', () => {
    // é is 2 bytes, the euro sign 3 and the emoji 4.
    const text = '{"n":"café €5 🚀"}\n{"n":"ü"}\n';
    for (const chunks of everySplit(text)) {
      expect(split(chunks)).toEqual(['{"n":"café €5 🚀"}', '{"n":"ü"}']);
    }
  });

  it('takes CRLF line ends and skips blank lines', () => {
    expect(split(['{"a":1}\r\n\r\n', '  \n{"b":2}\r', '\n'])).toEqual([
      '{"a":1}',
      '{"b":2}',
    ]);
  });

  it('hands over a last line without a newline at the end', () => {
    expect(split(['{"a":1}\n{"b"', ':2}'])).toEqual(['{"a":1}', '{"b":2}']);
    expect(split(['{"a":1}\n', '  '])).toEqual(['{"a":1}']);
    expect(split([])).toEqual([]);
  });

  it('lets an exception from onLine through', () => {
    const splitter = new LineSplitter(() => {
      throw new Error('bad line');
    });
    expect(() => splitter.push(Buffer.from('x\n'))).toThrow('bad line');
  });

  it('ends the stream on a line over the limit, whether it ends or not', () => {
    const lines: string[] = [];
    const unfinished = new LineSplitter(line => lines.push(line), 10);
    unfinished.push(Buffer.from('ok\n0123456'));
    expect(() => unfinished.push(Buffer.from('789abc'))).toThrow(
      expect.objectContaining({
        kind: 'malformed',
        reason: 'LineTooLong',
        message: expect.stringMatching(/longer than 10 characters/),
      }),
    );
    const whole = new LineSplitter(line => lines.push(line), 10);
    expect(() => whole.push(Buffer.from('0123456789abc\nnext\n'))).toThrow(
      /longer than 10 characters/,
    );
    // Lines at the limit pass; only the over-long one is refused.
    const atLimit = new LineSplitter(line => lines.push(line), 10);
    atLimit.push(Buffer.from('0123456789\n'));
    expect(lines).toEqual(['ok', '0123456789']);
  });

  it('bounds the default line length', () => {
    const splitter = new LineSplitter(() => undefined);
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    expect(() => {
      for (let i = 0; i < 20; i++) splitter.push(chunk);
    }).toThrow(/longer than 16777216 characters/);
  });
});

describe('splitList', () => {
  function split(text: string) {
    const items: unknown[] = [];
    const result = splitList(Buffer.from(text), item => items.push(item));
    return { ...result, items };
  }

  /** The list as splitList and as the whole text through JSON.parse. */
  function bothWays(text: string) {
    const { list, hasItems, items } = split(text);
    const whole = JSON.parse(text);
    const { items: wholeItems, ...rest } = whole;
    const isList = Array.isArray(wholeItems);
    return [
      { list, hasItems, items },
      {
        list: isList ? rest : whole,
        hasItems: isList,
        items: isList ? wholeItems : [],
      },
    ];
  }

  const pod = {
    metadata: {
      name: 'web-1',
      labels: { 'app.kubernetes.io/name': 'web' },
      annotations: {
        tricky: 'braces } { ] [ , : and "quotes" and \\ backslashes \\',
        unicode: 'café €5 🚀 \u0000 \u2028',
      },
    },
    spec: { containers: [{ name: 'app', args: ['a', '[', '{'] }] },
    status: { conditions: [{ type: 'Ready', status: 'True' }], n: -1.5e3 },
  };

  it('hands over every item in order, parsed, and the rest of the list', () => {
    const text = JSON.stringify({
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '42', continue: 'abc' },
      items: [pod, { ...pod, metadata: { name: 'web-2' } }],
    });
    const { list, hasItems, items } = split(text);
    expect(hasItems).toBe(true);
    expect(items).toEqual([pod, { ...pod, metadata: { name: 'web-2' } }]);
    expect(list).toEqual({
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '42', continue: 'abc' },
    });
  });

  it('agrees with JSON.parse on lists of every shape', () => {
    const shapes: unknown[] = [
      { items: [] },
      { metadata: {}, items: [pod] },
      { items: [pod], metadata: { continue: 'x' }, kind: 'List' },
      { items: [1, 'two', null, true, false, [3, [4]], { a: [] }, -0.5] },
      { items: null, metadata: {} },
      { metadata: { resourceVersion: '1' } },
      {},
      { 'it"ems': [pod], items: [pod] },
    ];
    const texts = shapes.flatMap(shape => [
      JSON.stringify(shape),
      // Pretty-printed, with every kind of JSON whitespace.
      JSON.stringify(shape, null, 2),
      JSON.stringify(shape, null, '\t').replace(/\n/g, '\r\n'),
    ]);
    texts.push(' \n{ "items" : [ 1 , {"a" : "b"} ] , "k" : 2 }\n ');
    for (const text of texts) {
      const [itemByItem, whole] = bothWays(text);
      expect(itemByItem).toEqual(whole);
    }
  });

  it('rejects what is not one JSON object, as JSON.parse would', () => {
    for (const text of [
      '',
      '   ',
      '{"items":[{"a":1}]',
      '{"items":[{"a":1}',
      '{"items":[{"a":1},]}',
      '{"items":[{"a":1} {"b":2}]}',
      '{"items":[{"a":"unterminated}]}',
      '{"items":[{"a":1}]} trailing',
      '{"items" [1]}',
      '{"a":1,}',
      '{a:1}',
      '{"items":[{"a":tru}]}',
      '{"items":[{"a":1]}]}',
      '{"metadata":{"x":}}',
    ]) {
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
      expect(() => split(text)).toThrow(SyntaxError);
    }
    // JSON, but no list.
    for (const text of ['[]', '"items"', '42', 'null']) {
      expect(() => split(text)).toThrow(SyntaxError);
    }
  });

  it('lets an exception from onItem through', () => {
    expect(() =>
      splitList(Buffer.from('{"items":[{}]}'), () => {
        throw new Error('projection broke');
      }),
    ).toThrow('projection broke');
  });
});
