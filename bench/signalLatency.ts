/*
 * Write → signal → refetch: how long a change in a cluster takes to reach an
 * open page that listens to Portolan's signals, while pod events churn.
 *
 * A WebSocket client speaks the signals protocol (`/api/signals`, then
 * `{ action: 'subscribe', channel }`) on the probe entity's channel, as the
 * signals frontend plugin does; each sample writes the probe pod through
 * kube-sim, waits for a signal, and on every signal refetches the entity
 * view (as the page's hooks do) until the view shows the write. Two figures
 * per sample: write → signal received, and write → refetched view showing it.
 *
 * As a module: `measureSignalLatency(...)` against a running bench backend.
 * Standalone: `node -r @backstage/cli/config/nodeTransform.cjs
 * bench/signalLatency.ts [profile] [--rate 1000] [--samples 50]` starts
 * kube-sim and the bench backend itself (bench/simProcess.ts,
 * bench/backendProcess.ts) and prints the figures.
 */
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { Child } from './ipc';
import { PROFILES, type ProfileName } from './profiles';
import { latency, ms, type Latency } from './stats';

export interface SignalLatencyOptions {
  /** The bench backend, e.g. `http://localhost:7007`. */
  baseUrl: string;
  /** A Backstage token, when the backend wants one (the bench backend's mock auth does not). */
  token?: string;
  /** The probe entity, `component:default/<name>`. */
  entityRef: string;
  /** Writes `value` into the probe through kube-sim; resolves with when (ms since epoch). */
  write(value: number): Promise<{ at: number }>;
  /** Whether a fetched entity view shows the write of `value`. */
  shows(view: unknown, value: number): boolean;
  /** Pod events/s churned while measuring (default 1,000); omit `churn` for none. */
  rate?: number;
  churn?: {
    start(rate: number): Promise<void>;
    stop(): Promise<unknown>;
  };
  /** How many writes to measure (default 50, one a second at most). */
  samples?: number;
  /** Per sample (default 10 s): past it the sample counts as a timeout. */
  timeoutMs?: number;
  /** First value written (increasing from there); default 100,000. */
  firstValue?: number;
}

export interface SignalLatencyResult {
  /** Write → signal received on the socket. */
  signal: Latency;
  /** Write → a refetch (triggered by a signal) showing the write. */
  visible: Latency;
  /** Refetches per sample (1 = the first signal's refetch showed it). */
  refetchesPerSample: number;
  timeouts: number;
  rate: number;
}

const sleep = (msec: number) => new Promise(r => setTimeout(r, msec));

/** Opens the signals socket; the first upgrade may be refused (see below). */
async function openSignals(
  baseUrl: string,
  token: string | undefined,
): Promise<WebSocket> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/signals`;
  const deadline = Date.now() + 30_000;
  // The signals router hooks the server's 'upgrade' event when it first
  // sees an upgrade request, so the first attempt can fail: retry, as the
  // frontend client does.
  for (;;) {
    const socket = token ? new WebSocket(url, token) : new WebSocket(url);
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
    if (opened) return socket;
    socket.terminate();
    if (Date.now() > deadline) {
      throw new Error(
        `could not open ${url}: is @backstage/plugin-signals-backend in the bench backend?`,
      );
    }
    await sleep(250);
  }
}

function getJson(
  baseUrl: string,
  path: string,
  token: string | undefined,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'GET',
        timeout: 30_000,
        headers: {
          Accept: 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', c => (text += c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          } catch {
            resolve({ status: res.statusCode ?? 0, body: text });
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** Measures write → signal → refetch latency; see the module comment. */
export async function measureSignalLatency(
  options: SignalLatencyOptions,
): Promise<SignalLatencyResult> {
  const samples = options.samples ?? 50;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const rate = options.churn ? options.rate ?? 1_000 : 0;
  const ref = options.entityRef.toLocaleLowerCase('en-US');
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const viewPath = `/api/portolan/entities/${namespace}/${kind}/${name}`;
  const channel = `portolan:entity:${ref}`;

  const socket = await openSignals(options.baseUrl, options.token);
  let onSignal: (() => void) | undefined;
  socket.on('message', data => {
    try {
      if (JSON.parse(String(data)).channel === channel) onSignal?.();
    } catch {
      // not ours
    }
  });
  socket.send(JSON.stringify({ action: 'subscribe', channel }));
  // The subscribe has no acknowledgement; give it a moment before the first write.
  await sleep(500);

  const signalLags: number[] = [];
  const visibleLags: number[] = [];
  let refetches = 0;
  let timeouts = 0;
  let value = options.firstValue ?? 100_000;
  if (options.churn) await options.churn.start(rate);
  try {
    if (options.churn) await sleep(1_500); // ramp up
    for (let i = 0; i < samples; i++) {
      const started = Date.now();
      value += 1;
      let signals = 0;
      let wake: () => void = () => {};
      onSignal = () => {
        signals += 1;
        wake();
      };
      const { at } = await options.write(value);
      const deadline = at + timeoutMs;
      let firstSignalAt: number | undefined;
      let seenAt: number | undefined;
      let handled = 0;
      while (seenAt === undefined && Date.now() < deadline) {
        if (handled === signals) {
          await new Promise<void>(resolve => {
            wake = resolve;
            setTimeout(resolve, Math.max(0, deadline - Date.now()));
          });
          continue;
        }
        // A page refetches once per signal burst: catch up to the latest.
        handled = signals;
        firstSignalAt ??= Date.now();
        refetches += 1;
        const res = await getJson(options.baseUrl, viewPath, options.token);
        if (res.status === 200 && options.shows(res.body, value)) {
          seenAt = Date.now();
        }
      }
      onSignal = undefined;
      if (firstSignalAt !== undefined) signalLags.push(firstSignalAt - at);
      if (seenAt === undefined) timeouts += 1;
      else visibleLags.push(seenAt - at);
      await sleep(Math.max(0, 1_000 - (Date.now() - started)));
    }
  } finally {
    if (options.churn) await options.churn.stop();
    socket.close();
  }
  return {
    signal: latency(signalLags),
    visible: latency(visibleLags),
    refetchesPerSample: refetches / Math.max(1, samples),
    timeouts,
    rate,
  };
}

/** One line for a harness's log. */
export function formatSignalLatency(r: SignalLatencyResult): string {
  return (
    `write → signal p50 ${ms(r.signal.median)} p99 ${ms(r.signal.p99)}; ` +
    `write → refetched view p50 ${ms(r.visible.median)} p99 ${ms(
      r.visible.p99,
    )} (n=${r.visible.n}, ${r.timeouts} timeout(s), ` +
    `${r.refetchesPerSample.toFixed(2)} refetches/sample, churn ${r.rate}/s)`
  );
}

/** The probe pod's restart count in a view: what kube-sim's `probe` writes. */
export function viewShowsProbe(probe: { cluster: string; pod: string }) {
  return (view: unknown, value: number): boolean => {
    const workloads = (view as { workloads?: any[] })?.workloads ?? [];
    return workloads.some(
      w =>
        w.cluster === probe.cluster &&
        (w.pods ?? []).some(
          (p: any) => p.name === probe.pod && p.restarts >= value,
        ),
    );
  };
}

async function main(argv: string[]) {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const profileName = (argv.find(a => !a.startsWith('--') && a in PROFILES) ??
    'smoke') as ProfileName;
  const profile = PROFILES[profileName];
  const rate = Number(flag('--rate') ?? 1_000);
  const samples = Number(flag('--samples') ?? 50);
  const outDir = join(tmpdir(), 'portolan-signal-latency');

  const sim = Child.start('kube-sim', 'simProcess.ts', {
    args: [profile.name],
    execArgv: [`--max-old-space-size=${profile.simHeapMiB}`],
  });
  let backend: Child | undefined;
  try {
    const ready = await sim.event(
      'ready',
      60_000 + profile.clusters * profile.podsPerCluster * 6,
    );
    backend = Child.start('backend', 'backendProcess.ts', {
      args: [profile.name, outDir],
      execArgv: [`--max-old-space-size=${profile.backendHeapMiB}`],
    });
    await backend.event('loaded', 180_000);
    const st = await backend.call(
      'start',
      { clusters: ready.clusters },
      300_000,
    );
    const baseUrl = `http://localhost:${st.port}`;
    const probe = await sim.call('probeInfo');
    const shows = viewShowsProbe(probe);
    // Synced: the probe's first write shows in the view.
    const syncDeadline = Date.now() + profile.budget.syncTimeoutMs;
    for (let v = 1; ; v++) {
      await sim.call('probe', { value: v });
      await sleep(500);
      const res = await getJson(
        baseUrl,
        `/api/portolan/entities/default/component/${probe.service}`,
        undefined,
      );
      if (res.status === 200 && shows(res.body, v)) break;
      if (Date.now() > syncDeadline) throw new Error('the probe never showed');
    }
    const result = await measureSignalLatency({
      baseUrl,
      entityRef: `component:default/${probe.service}`,
      write: value => sim.call('probe', { value }),
      shows,
      rate,
      churn: {
        start: r => sim.call('churnStart', { rate: r }),
        stop: () => sim.call('churnStop'),
      },
      samples,
    });
    // eslint-disable-next-line no-console
    console.log(
      `signal latency (${profile.name}): ${formatSignalLatency(result)}`,
    );
    // eslint-disable-next-line no-console
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await backend?.stop();
    await sim.stop();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    e => {
      // eslint-disable-next-line no-console
      console.error(e);
      process.exit(1);
    },
  );
}
