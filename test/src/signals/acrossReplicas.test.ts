/*
 * Live updates across replicas: two backends (events backend, signals
 * backend, and Portolan's signal publisher) on one real PostgreSQL. A
 * browser's WebSocket landed on replica A; the change happens on replica B.
 *
 * The path under test is Backstage's own: B's publisher → SignalsService →
 * B's EventsService (local bus, then POST /api/events/bus/v1/events to B's
 * events backend) → the `event_bus_events` table and `pg_notify` →
 * A's events backend wakes the signals plugin's long poll
 * (GET /bus/v1/subscriptions/signals.<id>/events) → A's SignalManager →
 * A's socket.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import eventsPlugin from '@backstage/plugin-events-backend';
import signalsPlugin from '@backstage/plugin-signals-backend';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import knexFactory from 'knex';
import { createServer } from 'node:net';
import WebSocket from 'ws';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the one PostgreSQL fixture of the repo
import {
  startTestPostgres,
  type TestPostgres,
} from '../../../plugins/portolan-backend/src/history/__testUtils__/testDatabases';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the publisher itself, fed by the test
import { startSignals } from '../../../plugins/portolan-backend/src/signals/startSignals';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the feed contract
import { ViewChangeEmitter } from '../../../plugins/portolan-backend/src/views/changeFeed';

jest.setTimeout(180_000);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Replica {
  baseUrl: string;
  feed: ViewChangeEmitter;
  stop(): Promise<void>;
}

/** One backend replica: events, signals, and Portolan's publisher on a feed the test drives. */
async function startReplica(pg: TestPostgres): Promise<Replica> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const feed = new ViewChangeEmitter();
  const backend = createBackend();
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        backend: {
          baseUrl,
          listen: { port, host: '127.0.0.1' },
          database: {
            client: 'pg',
            connection: { host: pg.host, port: pg.port, user: pg.user },
          },
        },
        // As app-config.production.yaml: a replica whose events backend is
        // not up yet when a plugin first talks to the bus retries instead of
        // falling back to its own process for good.
        events: { useEventBus: 'always' },
      },
    }),
  );
  backend.add(eventsPlugin);
  backend.add(signalsPlugin);
  backend.add(
    createBackendPlugin({
      pluginId: 'portolan',
      register(env) {
        env.registerInit({
          deps: {
            signals: signalsServiceRef,
            logger: coreServices.logger,
            rootLifecycle: coreServices.rootLifecycle,
          },
          async init({ signals, logger, rootLifecycle }) {
            // As plugin.ts: publish once every plugin (the events backend) is up.
            rootLifecycle.addStartupHook(() => {
              const live = startSignals({ feed, signals, logger });
              rootLifecycle.addShutdownHook(() => live.stop());
            });
          },
        });
      },
    }),
  );
  await backend.start();
  return { baseUrl, feed, stop: () => backend.stop() };
}

/** A client speaking the signals protocol, as the signals frontend plugin does. */
async function connectSignals(baseUrl: string): Promise<{
  socket: WebSocket;
  messages: Array<{ channel: string; message: any }>;
}> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/signals`;
  const deadline = Date.now() + 30_000;
  // The signals router starts handling upgrades once it has seen the first
  // one (it hooks the HTTP server's 'upgrade' event from its middleware), so
  // the first attempt can be refused: retry, as the frontend client does.
  for (;;) {
    const socket = new WebSocket(url);
    const opened = await new Promise<boolean>(resolve => {
      const timer = setTimeout(() => resolve(false), 2_000);
      const done = (ok: boolean) => {
        clearTimeout(timer);
        resolve(ok);
      };
      socket.once('open', () => done(true));
      socket.once('error', () => done(false));
      socket.once('unexpected-response', () => done(false));
    });
    if (opened) {
      const messages: Array<{ channel: string; message: any }> = [];
      socket.on('message', data => messages.push(JSON.parse(String(data))));
      return { socket, messages };
    }
    socket.terminate();
    if (Date.now() > deadline) {
      throw new Error(`could not open ${url}`);
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

describe('signals across two replicas on one PostgreSQL', () => {
  let pg: TestPostgres;
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    pg = await startTestPostgres();
    // One after the other: both run the same migrations on the same databases.
    a = await startReplica(pg);
    b = await startReplica(pg);
  });

  afterAll(async () => {
    // Together: each waits for its open events-bus long polls to end.
    await Promise.all([b?.stop(), a?.stop()]);
    await pg?.stop();
  });

  it('a change published on replica B reaches a socket connected to replica A, through the database', async () => {
    expect(a.baseUrl).not.toBe(b.baseUrl);
    const { socket, messages } = await connectSignals(a.baseUrl);
    const ref = 'component:default/checkout';
    socket.send(
      JSON.stringify({
        action: 'subscribe',
        channel: `portolan:entity:${ref}`,
      }),
    );
    socket.send(
      JSON.stringify({ action: 'subscribe', channel: 'portolan:fleet' }),
    );

    // A's subscription to the bus and the socket's subscribe are both
    // asynchronous with no acknowledgement: change on B until A hears it.
    const deadline = Date.now() + 60_000;
    let version = 0;
    while (!messages.some(m => m.channel === `portolan:entity:${ref}`)) {
      if (Date.now() > deadline) {
        throw new Error(
          `replica A never signalled; got ${JSON.stringify(messages)}`,
        );
      }
      version += 1;
      b.feed.emitEntity({ entityRef: ref, version, changed: ['workloads'] });
      await new Promise(r => setTimeout(r, 1_000));
    }
    const entitySignal = messages.find(
      m => m.channel === `portolan:entity:${ref}`,
    );
    expect(entitySignal?.message).toEqual({
      type: 'portolan.entity.changed',
      entityRef: ref,
      version: expect.any(Number),
      changed: ['workloads'],
    });
    expect(entitySignal?.message.version).toBeGreaterThanOrEqual(1);
    expect(entitySignal?.message.version).toBeLessThanOrEqual(version);

    // The fleet channel takes the same road.
    b.feed.emitFleet({ version: 1, changed: ['images'] });
    const fleetDeadline = Date.now() + 30_000;
    while (!messages.some(m => m.channel === 'portolan:fleet')) {
      if (Date.now() > fleetDeadline) throw new Error('no fleet signal on A');
      await new Promise(r => setTimeout(r, 100));
    }
    expect(messages.find(m => m.channel === 'portolan:fleet')?.message).toEqual(
      { type: 'portolan.fleet.changed', version: 1, changed: ['images'] },
    );

    // Other channels are not sent to this socket.
    expect(
      messages.every(
        m =>
          m.channel === `portolan:entity:${ref}` ||
          m.channel === 'portolan:fleet',
      ),
    ).toBe(true);
    socket.close();

    // And it went through the shared database, not some other path: the
    // events backend stored the signal in its table.
    const db = knexFactory({
      client: 'pg',
      connection: {
        host: pg.host,
        port: pg.port,
        user: pg.user,
        database: 'backstage_plugin_events',
      },
    });
    try {
      const rows = await db('event_bus_events')
        .where({ topic: 'signals' })
        .select('data_json');
      const channels = rows.map(r => {
        const data =
          typeof r.data_json === 'string'
            ? JSON.parse(r.data_json)
            : r.data_json;
        return data?.payload?.channel ?? data?.channel;
      });
      expect(channels).toContain(`portolan:entity:${ref}`);
    } finally {
      await db.destroy();
    }
  });
});
