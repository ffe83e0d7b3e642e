/*
 * Test-only: a real registry — Debian's `docker-registry` (CNCF
 * distribution 2.8) — on a free loopback port with a temporary storage
 * directory, in one of three auth modes: none, `silly` (a real Bearer
 * challenge, answered by a token server started here) and `htpasswd`
 * (Basic, bcrypt line from `htpasswd -nbB`). Images are pushed over the
 * registry HTTP API (blob upload POST + PUT, then manifest PUT).
 */
import { toError } from '@backstage/errors';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const DOCKER_LIST =
  'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_MANIFEST =
  'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
export const DOCKER_LAYER = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

export type RegistryAuthMode = 'none' | 'silly' | 'htpasswd';

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Fails with a message that says what to install. */
export function requireRegistryBinary(): void {
  if (!existsSync(REGISTRY_BINARY)) {
    throw new Error(
      `${REGISTRY_BINARY} is missing: these tests need a real registry. Install it with 'apt-get install -y docker-registry' (Debian 12, distribution 2.8).`,
    );
  }
}

function htpasswdLine(username: string, password: string): string {
  try {
    return execFileSync('htpasswd', ['-nbB', username, password], {
      encoding: 'utf8',
    }).trim();
  } catch (e) {
    throw new Error(
      `htpasswd is missing or failed (${
        toError(e).message
      }): install it with 'apt-get install -y apache2-utils'`,
    );
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A token endpoint for `auth: silly`: any request gets a token; requests are recorded. */
export class TokenServer {
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    /** Every token request: its URL (with `service` and `scope`) and Authorization header. */
    readonly requests: Array<{ url: string; authorization?: string }>,
  ) {}

  static async start(): Promise<TokenServer> {
    const requests: TokenServer['requests'] = [];
    const server = http.createServer((req, res) => {
      requests.push({
        url: req.url ?? '',
        authorization: req.headers.authorization,
      });
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({ token: `token-${requests.length}`, expires_in: 300 }),
      );
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    return new TokenServer(server, `http://127.0.0.1:${port}/token`, requests);
  }

  get host(): string {
    return new URL(this.url).host;
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }
}

/** A descriptor as manifests list them. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
  annotations?: Record<string, string>;
}

export interface LocalRegistryOptions {
  auth?: RegistryAuthMode;
  /** For `htpasswd`. */
  username?: string;
  password?: string;
  /** For `silly`: the realm the challenge names (default: a token server started here). */
  realm?: string;
}

export class LocalRegistry {
  private constructor(
    private readonly process: ChildProcess,
    private readonly dir: string,
    readonly host: string,
    readonly auth: RegistryAuthMode,
    private readonly pushAuthorization: string | undefined,
    readonly tokenServer: TokenServer | undefined,
    private readonly stderr: () => string,
  ) {}

  static async start(
    options: LocalRegistryOptions = {},
  ): Promise<LocalRegistry> {
    requireRegistryBinary();
    const auth = options.auth ?? 'none';
    const username = options.username ?? 'portolan';
    const password = options.password ?? 'registry-password';
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const tokenServer =
        auth === 'silly' && !options.realm
          ? await TokenServer.start()
          : undefined;
      const dir = mkdtempSync(join(tmpdir(), 'portolan-registry-'));
      const port = await freePort();
      const authConfig: Record<RegistryAuthMode, string> = {
        none: '',
        silly: `auth:\n  silly:\n    realm: ${
          options.realm ?? tokenServer?.url
        }\n    service: portolan-test-registry\n`,
        htpasswd: `auth:\n  htpasswd:\n    realm: portolan-test\n    path: ${join(
          dir,
          'htpasswd',
        )}\n`,
      };
      if (auth === 'htpasswd') {
        writeFileSync(
          join(dir, 'htpasswd'),
          `${htpasswdLine(username, password)}\n`,
        );
      }
      writeFileSync(
        join(dir, 'config.yml'),
        [
          'version: 0.1',
          'log:',
          '  level: warn',
          '  accesslog:',
          '    disabled: true',
          'storage:',
          '  filesystem:',
          `    rootdirectory: ${join(dir, 'data')}`,
          '  delete:',
          '    enabled: true',
          'http:',
          `  addr: 127.0.0.1:${port}`,
          `  secret: ${randomBytes(16).toString('hex')}`,
          authConfig[auth],
        ].join('\n'),
      );
      const child = spawn(REGISTRY_BINARY, ['serve', join(dir, 'config.yml')], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr?.on('data', chunk => {
        stderr = (stderr + chunk.toString()).slice(-4000);
      });
      const pushAuthorization: Record<RegistryAuthMode, string | undefined> = {
        none: undefined,
        // `silly` accepts any Authorization header.
        silly: 'Bearer push-token',
        htpasswd: `Basic ${Buffer.from(`${username}:${password}`).toString(
          'base64',
        )}`,
      };
      const registry = new LocalRegistry(
        child,
        dir,
        `127.0.0.1:${port}`,
        auth,
        pushAuthorization[auth],
        tokenServer,
        () => stderr,
      );
      try {
        await registry.waitUntilReady();
        return registry;
      } catch (e) {
        lastError = e;
        await registry.stop();
      }
    }
    throw lastError;
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (this.process.exitCode !== null) {
        throw new Error(`docker-registry exited: ${this.stderr()}`);
      }
      try {
        const res = await fetch(`http://${this.host}/v2/`, {
          signal: AbortSignal.timeout(2000),
        });
        if (res.status === 200 || res.status === 401) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        throw new Error(
          `docker-registry did not start within 30 s: ${this.stderr()}`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.pushAuthorization
      ? { Authorization: this.pushAuthorization, ...extra }
      : extra;
  }

  /** Uploads a blob (POST to start, PUT with the digest to finish); returns its descriptor. */
  async pushBlob(
    repository: string,
    data: Buffer,
    mediaType: string,
  ): Promise<Descriptor> {
    const digest = sha256(data);
    const start = await fetch(
      `http://${this.host}/v2/${repository}/blobs/uploads/`,
      {
        method: 'POST',
        headers: this.headers(),
      },
    );
    if (start.status !== 202) {
      throw new Error(
        `Blob upload start: HTTP ${start.status} ${await start.text()}`,
      );
    }
    const location = new URL(
      start.headers.get('location')!,
      `http://${this.host}`,
    );
    location.searchParams.set('digest', digest);
    const put = await fetch(location, {
      method: 'PUT',
      headers: this.headers({ 'Content-Type': 'application/octet-stream' }),
      body: data,
    });
    if (put.status !== 201) {
      throw new Error(`Blob upload: HTTP ${put.status} ${await put.text()}`);
    }
    return { mediaType, digest, size: data.length };
  }

  /** PUTs a manifest under a tag (or its digest); returns its descriptor. */
  async pushManifest(
    repository: string,
    reference: string | undefined,
    manifest: object,
    mediaType: string,
  ): Promise<Descriptor> {
    const body = Buffer.from(JSON.stringify(manifest));
    const digest = sha256(body);
    const res = await fetch(
      `http://${this.host}/v2/${repository}/manifests/${reference ?? digest}`,
      {
        method: 'PUT',
        headers: this.headers({ 'Content-Type': mediaType }),
        body,
      },
    );
    if (res.status !== 201) {
      throw new Error(
        `Manifest PUT ${repository}: HTTP ${res.status} ${await res.text()}`,
      );
    }
    return { mediaType, digest, size: body.length };
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null) {
      const exited = new Promise(resolve => this.process.once('exit', resolve));
      this.process.kill('SIGTERM');
      await Promise.race([
        exited,
        new Promise(resolve => setTimeout(resolve, 5000)),
      ]);
      if (this.process.exitCode === null) this.process.kill('SIGKILL');
    }
    await this.tokenServer?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
