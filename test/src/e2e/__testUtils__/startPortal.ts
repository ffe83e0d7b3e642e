/*
 * Starts the portal for the browser tests the way the README's first
 * command does — `./portolan start`, i.e. `backstage-cli repo start`: the
 * app's dev server and the backend — on free ports, against the demo
 * clusters served by a separate kube-sim process whose fault endpoint lets a
 * test take a cluster down. The only configuration that differs from the
 * README is where the clusters come from (the kubeconfig kube-sim writes
 * instead of the in-process `demo` locator, which has no fault endpoint);
 * the clusters, fixtures and HTTPS path are the same.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { guestToken, repoRoot } from '../../exampleBackend';

/** The demo clusters and the offering each must be detected as (docs/demo-world.md). */
export const DEMO_CLUSTERS: Record<string, RegExp> = {
  'gke-prod-eu': /^GKE$/,
  'eks-prod-us': /^EKS$/,
  'aks-staging': /^AKS$/,
  'openshift-dev': /^(ROSA|OpenShift)$/,
  'k3s-edge': /^k3s$/,
  'doks-tools': /^DOKS$/,
};

export interface RunningPortal {
  /** The app (dev server), e.g. `http://localhost:41234`. */
  appUrl: string;
  /** The backend, e.g. `http://localhost:41235`. */
  backendUrl: string;
  /** kube-sim's fault endpoint, e.g. `http://127.0.0.1:41236`. */
  faultsUrl: string;
  /** The kubeconfig kube-sim wrote (one context per demo cluster), for tests that write objects. */
  kubeconfig: string;
  /** A guest token for API calls from the test. */
  token(): Promise<string>;
  /** Injects a fault into one demo cluster (`down`, `up`, `reset` …). */
  fault(cluster: string, fault: string): Promise<void>;
  /** Everything both processes printed, for failure messages. */
  output(): string;
  /** Seconds from spawn to a portal ready for tests. */
  startupSeconds: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

interface Spawned {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Spawns a command in its own process group so it can be stopped whole. */
function spawnGroup(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Spawned {
  let output = '';
  const child = spawn(command, args, {
    cwd: repoRoot,
    detached: true,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', d => (output += d));
  child.stderr?.on('data', d => (output += d));
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise(resolve => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, output: () => output, stop };
}

async function until<T>(
  what: string,
  deadline: number,
  check: () => Promise<T | undefined>,
  failed: () => string | undefined,
): Promise<T> {
  for (;;) {
    const why = failed();
    if (why) throw new Error(`${what}: ${why}`);
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) throw new Error(`${what}: timed out`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** Starts kube-sim (demo fixtures, fault endpoint) and the portal; resolves when tests can run. */
export async function startPortal(options?: {
  readyTimeoutMs?: number;
}): Promise<RunningPortal> {
  const started = Date.now();
  const deadline = started + (options?.readyTimeoutMs ?? 360_000);
  const dir = await mkdtemp(path.join(tmpdir(), 'portolan-e2e-'));
  const kubeconfig = path.join(dir, 'kubeconfig');

  const sim = spawnGroup(
    process.execPath,
    [
      path.join(repoRoot, 'packages/kube-sim/bin/kube-sim'),
      '--fixtures',
      path.join(repoRoot, 'packages/kube-sim/fixtures/demo'),
      '--kubeconfig',
      kubeconfig,
      '--admin-port',
      '0',
    ],
    process.env,
  );
  let portal: Spawned | undefined;
  const stopAll = async () => {
    await portal?.stop();
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  };
  const output = () =>
    `--- kube-sim ---\n${sim.output()}\n--- ./portolan start ---\n${
      portal?.output() ?? ''
    }`;
  const exited = (s: Spawned | undefined, name: string) => () =>
    s && s.child.exitCode !== null
      ? `${name} exited with ${s.child.exitCode}\n${output()}`
      : undefined;

  try {
    const faultsUrl = await until(
      'kube-sim',
      deadline,
      async () =>
        /kube-sim ready/.test(sim.output())
          ? /faults (http:\/\/127\.0\.0\.1:\d+)/.exec(sim.output())?.[1]
          : undefined,
      exited(sim, 'kube-sim'),
    );

    const [appPort, backendPort] = [await freePort(), await freePort()];
    const appUrl = `http://localhost:${appPort}`;
    const backendUrl = `http://localhost:${backendPort}`;
    // Jest sets NODE_ENV=test, which no browserslist section of the app
    // matches; a shell running `./portolan start` has none.
    const { NODE_ENV: _jestNodeEnv, ...shellEnv } = process.env;
    portal = spawnGroup(path.join(repoRoot, 'portolan'), ['start'], {
      ...shellEnv,
      BROWSER: 'none',
      APP_CONFIG_app_baseUrl: appUrl,
      APP_CONFIG_backend_baseUrl: backendUrl,
      APP_CONFIG_backend_listen_port: String(backendPort),
      APP_CONFIG_backend_cors_origin: appUrl,
      APP_CONFIG_portolan_clusterLocatorMethods: JSON.stringify([
        { type: 'kubeconfig', path: kubeconfig },
      ]),
      // The official plugin's demo config points at the README's fixed
      // ports, which nothing serves here.
      APP_CONFIG_kubernetes_clusterLocatorMethods: JSON.stringify([
        { type: 'config', clusters: [] },
      ]),
    });
    const portalExited = exited(portal, './portolan start');

    await until(
      'the portal',
      deadline,
      async () => {
        const [app, backend] = await Promise.all([
          fetch(appUrl),
          fetch(`${backendUrl}/.backstage/health/v1/readiness`),
        ]);
        return app.ok && backend.ok ? true : undefined;
      },
      portalExited,
    );

    const token = async () => guestToken(backendUrl);
    const api = async (pathname: string) =>
      fetch(`${backendUrl}${pathname}`, {
        headers: { Authorization: `Bearer ${await token()}` },
      });
    // The catalog ingests catalog/ in the background; sign-in only knows the
    // guest's groups once their User entity is in.
    await until(
      'the catalog',
      deadline,
      async () => {
        const [guest, service] = await Promise.all([
          api('/api/catalog/entities/by-name/user/default/guest'),
          api('/api/catalog/entities/by-name/component/default/storefront-web'),
        ]);
        return guest.ok && service.ok ? true : undefined;
      },
      portalExited,
    );
    await until(
      'the demo clusters to sync',
      deadline,
      async () => {
        const res = await api('/api/portolan/clusters');
        if (!res.ok) return undefined;
        const { clusters } = (await res.json()) as {
          clusters: Array<{ name: string; health: { state: string } }>;
        };
        const synced = clusters.filter(c => c.health.state === 'synced');
        return synced.length >= Object.keys(DEMO_CLUSTERS).length
          ? true
          : undefined;
      },
      portalExited,
    );

    return {
      appUrl,
      backendUrl,
      faultsUrl,
      kubeconfig,
      token,
      async fault(cluster, fault) {
        const res = await fetch(
          `${faultsUrl}/clusters/${encodeURIComponent(
            cluster,
          )}/faults/${fault}`,
          { method: 'POST' },
        );
        if (!res.ok) {
          throw new Error(
            `kube-sim fault ${fault} on ${cluster}: ${
              res.status
            } ${await res.text()}`,
          );
        }
      },
      output,
      startupSeconds: Math.round((Date.now() - started) / 1000),
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
