/*
 * The soak's backend (bench/soak.ts): Portolan alone in a Backstage backend,
 * configured on the soak's kube-sim clusters, with a catalog of the
 * profile's services and a root logger that keeps every warn and error line
 * so the soak can check that nothing but
 * the injected faults was logged. Answers over IPC: heap after a full GC,
 * active handles, and the log lines since a mark.
 *
 * Run by bench/soak.ts with --expose-gc: `fork(soakBackend.ts, [profile])`.
 */
import {
  type LoggerService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  type CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import portolanPlugin from '@portolan/plugin-portolan-backend';
import { emit, serve } from './ipc';
import { PROFILES, type ProfileName, catalogEntities } from './profiles';
import type { BenchCluster } from './backendProcess';

export interface LogLine {
  at: number;
  level: 'error' | 'warn';
  message: string;
}

const MAX_KEPT = 2_000;

/** Keeps warn and error lines (bounded), counts every level. */
class RecordingLogger implements LoggerService {
  static readonly lines: LogLine[] = [];
  static readonly counts = { error: 0, warn: 0, info: 0, debug: 0 };
  static dropped = 0;

  constructor(private readonly meta: Record<string, unknown> = {}) {}

  private log(level: keyof typeof RecordingLogger.counts, message: string) {
    RecordingLogger.counts[level]++;
    if (level !== 'error' && level !== 'warn') return;
    const plugin = this.meta.plugin ? `[${String(this.meta.plugin)}] ` : '';
    RecordingLogger.lines.push({
      at: Date.now(),
      level,
      message: `${plugin}${message}`,
    });
    if (RecordingLogger.lines.length > MAX_KEPT) {
      RecordingLogger.lines.shift();
      RecordingLogger.dropped++;
    }
  }

  error(message: string) {
    this.log('error', message);
  }
  warn(message: string) {
    this.log('warn', message);
  }
  info(message: string) {
    this.log('info', message);
  }
  debug(message: string) {
    this.log('debug', message);
  }
  child(meta: Record<string, unknown>): LoggerService {
    return new RecordingLogger({ ...this.meta, ...meta });
  }
}

const gc = (globalThis as { gc?: () => void }).gc;

function memory() {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
}

/** Active handles and requests by type (sockets, timers, ...). */
function resources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

function catalogFactory(profileName: ProfileName) {
  const entities = catalogEntities(PROFILES[profileName]);
  const catalog = catalogServiceMock({ entities });
  const byRef = new Map(
    entities.map(e => [
      stringifyEntityRef(e).toLocaleLowerCase('en-US'),
      JSON.stringify(e),
    ]),
  );
  catalog.getEntityByRef = async (ref: string | CompoundEntityRef) => {
    const json = byRef.get(
      stringifyEntityRef(
        typeof ref === 'string' ? parseEntityRef(ref) : ref,
      ).toLocaleLowerCase('en-US'),
    );
    return json === undefined ? undefined : JSON.parse(json);
  };
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => catalog,
  });
}

async function main() {
  const profileName = process.argv[2] as ProfileName;
  if (!PROFILES[profileName]) throw new Error(`unknown profile`);
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;

  serve({
    async start({ clusters }: { clusters: BenchCluster[] }) {
      backend = await startTestBackend({
        features: [
          portolanPlugin,
          createServiceFactory({
            service: coreServices.rootLogger,
            deps: {},
            factory: () => new RecordingLogger(),
          }),
          mockServices.rootConfig.factory({
            data: {
              portolan: {
                clusterLocatorMethods: [
                  {
                    type: 'config',
                    clusters: clusters.map(c => ({
                      name: c.name,
                      url: c.url,
                      caData: c.caData,
                      serviceAccountToken: c.token,
                    })),
                  },
                ],
                // What an operator who wants faults noticed within minutes sets.
                cache: {
                  watchTimeout: '90s',
                  watchIdleTimeout: '60s',
                  backoff: { initial: '1s', max: '15s' },
                },
              },
            },
          }),
          catalogFactory(profileName),
        ],
      });
      return { port: backend.server.port() };
    },
    sample() {
      return { at: Date.now(), memory: memory(), resources: resources() };
    },
    logs({ since }: { since: number }) {
      return {
        counts: RecordingLogger.counts,
        dropped: RecordingLogger.dropped,
        lines: RecordingLogger.lines.filter(l => l.at >= since),
      };
    },
    async stop() {
      setTimeout(() => process.exit(0), 5_000).unref();
      await backend?.stop();
      setImmediate(() => process.exit(0));
      return {};
    },
  });
  emit('loaded', {});
}

main().catch(e => {
  emit('fatal', {
    message: e instanceof Error ? e.stack ?? e.message : String(e),
  });
  setTimeout(() => process.exit(1), 100);
});
