/*
 * Request/response over a child process's IPC channel, every call with a
 * timeout, so that a stuck child can never hang the harness.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** A child process of the harness: a TypeScript file run through the repo's transform. */
export class Child {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }
  >();
  private readonly events: Array<{ type: string; [k: string]: unknown }> = [];
  private readonly waiters: Array<() => void> = [];
  exited?: { code: number | null; signal: NodeJS.Signals | null };
  readonly stderrTail: string[] = [];

  private constructor(
    readonly name: string,
    readonly process: ChildProcess,
    logFile?: string,
  ) {
    if (logFile) {
      mkdirSync(dirname(logFile), { recursive: true });
      const log = createWriteStream(logFile);
      const t0 = Date.now();
      const stamp = (chunk: Buffer) => {
        const t = `[${((Date.now() - t0) / 1000).toFixed(1)}s] `;
        log.write(
          chunk
            .toString()
            .split('\n')
            .filter(l => l.trim())
            .map(l => `${t}${l}\n`)
            .join(''),
        );
      };
      process.stdout?.on('data', stamp);
      process.stderr?.on('data', stamp);
    }
    process.on('message', (message: any) => {
      if (message && typeof message.id === 'number') {
        const p = this.pending.get(message.id);
        if (!p) return;
        this.pending.delete(message.id);
        clearTimeout(p.timer);
        const reply = message as Reply;
        if (reply.ok) p.resolve(reply.result);
        else p.reject(new Error(`${name}: ${reply.error}`));
      } else if (message && typeof message.type === 'string') {
        this.events.push(message);
        this.wake();
      }
    });
    process.on('exit', (code, signal) => {
      this.exited = { code, signal };
      for (const [, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new Error(`${name} exited (${code ?? signal})`));
      }
      this.pending.clear();
      this.wake();
    });
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        this.stderrTail.push(line);
        if (this.stderrTail.length > 40) this.stderrTail.shift();
      }
    };
    process.stderr?.on('data', keep);
    process.stdout?.on('data', keep);
  }

  static start(
    name: string,
    file: string,
    options: {
      args?: string[];
      execArgv?: string[];
      env?: NodeJS.ProcessEnv;
      /** Where the child's stdout and stderr go (besides the tail kept for errors). */
      logFile?: string;
    },
  ): Child {
    const child = fork(resolve(__dirname, file), options.args ?? [], {
      execArgv: [
        '-r',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        ...(options.execArgv ?? []),
      ],
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return new Child(name, child, options.logFile);
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Waits for an event message of this type (`{ type }`), or fails on timeout or exit. */
  async event<T = any>(type: string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.events.findIndex(e => e.type === type);
      if (i >= 0) return this.events.splice(i, 1)[0] as T;
      const failed = this.events.find(e => e.type === 'fatal');
      if (failed) throw new Error(`${this.name}: ${failed.message}`);
      if (this.exited) {
        throw new Error(
          `${this.name} exited (${
            this.exited.code ?? this.exited.signal
          }) before '${type}'; last output:\n  ${this.stderrTail.join('\n  ')}`,
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`${this.name}: no '${type}' within ${timeoutMs} ms`);
      }
      await new Promise<void>(r => {
        const t = setTimeout(r, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  call<T = any>(
    cmd: string,
    args: unknown = {},
    timeoutMs = 30_000,
  ): Promise<T> {
    if (this.exited) {
      return Promise.reject(new Error(`${this.name} is not running`));
    }
    const id = this.nextId++;
    return new Promise<T>((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: '${cmd}' took over ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: v => resolvePromise(v as T),
        reject,
        timer,
      });
      this.process.send({ id, cmd, args });
    });
  }

  /** Asks the child to stop, then kills it if it does not exit in time. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>(r => this.process.once('exit', () => r()));
    this.call('stop', {}, timeoutMs).catch(() => undefined);
    const timer = setTimeout(() => this.process.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  kill() {
    if (!this.exited) this.process.kill('SIGKILL');
  }
}

/** The child side: answers `{ id, cmd, args }` messages with the handler's result. */
export function serve(
  handlers: Record<string, (args: any) => unknown | Promise<unknown>>,
): void {
  process.on('message', async (message: any) => {
    if (!message || typeof message.id !== 'number') return;
    const handler = handlers[message.cmd];
    try {
      if (!handler) throw new Error(`unknown command '${message.cmd}'`);
      const result = await handler(message.args);
      process.send?.({ id: message.id, ok: true, result });
    } catch (e) {
      process.send?.({
        id: message.id,
        ok: false,
        error: e instanceof Error ? e.stack ?? e.message : String(e),
      });
    }
  });
  // The harness going away takes the child with it.
  process.on('disconnect', () => process.exit(0));
}

/** Sends an event (`{ type, ... }`) to the parent. */
export function emit(type: string, body: Record<string, unknown> = {}): void {
  process.send?.({ type, ...body });
}
