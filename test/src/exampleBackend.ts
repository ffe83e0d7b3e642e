/*
 * Starts the real example backend (packages/backend) the way `./portolan
 * start` does, on a free port, for tests that need the whole thing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

// eslint-disable-next-line no-restricted-syntax -- tests run from the source tree
export const repoRoot = path.resolve(__dirname, '../..');

export interface RunningBackend {
  baseUrl: string;
  /** Everything the backend printed so far, for failure messages. */
  output(): string;
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

export async function startExampleBackend(options?: {
  readyTimeoutMs?: number;
}): Promise<RunningBackend> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const cli = path.join(
    repoRoot,
    'node_modules/@backstage/cli/bin/backstage-cli',
  );
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [
      cli,
      'package',
      'start',
      '--config',
      path.join(repoRoot, 'app-config.yaml'),
      '--config',
      path.join(repoRoot, 'app-config.demo.yaml'),
    ],
    {
      cwd: path.join(repoRoot, 'packages/backend'),
      detached: true,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        APP_CONFIG_backend_baseUrl: baseUrl,
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_backend_cors_origin: baseUrl,
        // Never the demo's history file under .portolan/: a test's backend
        // keeps its history in memory.
        APP_CONFIG_backend_database_plugin_portolan_connection_filename:
          ':memory:',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', d => (output += d));
  child.stderr?.on('data', d => (output += d));

  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise(resolve => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options?.readyTimeoutMs ?? 180_000);
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`backend exited with ${child.exitCode}:\n${output}`);
    }
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`backend not ready in time:\n${output}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
  return { baseUrl, output: () => output, stop };
}

/** Signs in through the auth backend's guest provider, as the browser does. */
export async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in failed: ${res.status}`);
  const body = await res.json();
  return body.backstageIdentity.token;
}
