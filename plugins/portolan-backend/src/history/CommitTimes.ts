/*
 * Commit times for DORA's lead time (`basis: commit`, docs/dora.md): the
 * recorder names each deployed (repository, revision) it sees; this asks the
 * SCM (`scm/CommitTimeLookup`) once per commit and keeps the answer in
 * `portolan_history_commits`, so a restart or another replica does not ask
 * again. Owns: the bounded queue, the concurrency limit, retrying errors
 * after `retryMs`, the in-memory set of commits already settled.
 * Must never: block or fail the recorder (`want` is synchronous and drops
 * beyond the queue's bound: the next pass names the commit again), ask about
 * the same commit twice at once, or log a credential (lookup reasons carry
 * repository keys, never URLs with credentials).
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';
import { type CommitTimeLookup, isFullSha } from '../scm/CommitTimeLookup';
import type { HistoryStore } from './HistoryStore';

export type CommitTimeStore = Pick<HistoryStore, 'getCommit' | 'putCommit'>;

export interface CommitTimeResolverOptions {
  store: CommitTimeStore;
  lookup: CommitTimeLookup;
  logger: LoggerService;
  /** SCM requests at once. Default 4. */
  concurrency?: number;
  /** Commits waiting; more are dropped until the next pass. Default 1,000. */
  maxQueued?: number;
  /** When an `error` answer is asked again. Default 1 h. */
  retryMs?: number;
  /** Settled commits remembered in memory (then cleared). Default 50,000. */
  maxTracked?: number;
  now?: () => number;
}

export interface CommitTimeStatus {
  queued: number;
  inFlight: number;
  found: number;
  unknown: number;
  errors: number;
  dropped: number;
}

interface Wanted {
  repository: string;
  sha: string;
}

export class CommitTimeResolver {
  private readonly queue: Wanted[] = [];
  /** Key → when it may be asked again (Infinity: settled, or queued / in flight). */
  private readonly settled = new Map<string, number>();
  private inFlight = 0;
  private readonly running = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly counts = { found: 0, unknown: 0, errors: 0, dropped: 0 };
  private readonly concurrency: number;
  private readonly maxQueued: number;
  private readonly retryMs: number;
  private readonly maxTracked: number;
  private readonly now: () => number;
  /** Repositories already warned about this process (one warning each). */
  private readonly warned = new Set<string>();

  constructor(private readonly options: CommitTimeResolverOptions) {
    this.concurrency = options.concurrency ?? 4;
    this.maxQueued = options.maxQueued ?? 1_000;
    this.retryMs = options.retryMs ?? 3_600_000;
    this.maxTracked = options.maxTracked ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Names a deployed revision of a repository. Returns at once; asks in the
   * background. Revisions that are not full SHAs and repositories the lookup
   * cannot ask are ignored.
   */
  want(repositoryUrl: string | undefined, revision: string | undefined): void {
    if (
      this.stopping.signal.aborted ||
      !repositoryUrl ||
      !isFullSha(revision)
    ) {
      return;
    }
    const repository = this.options.lookup.repositoryKey(repositoryUrl);
    if (!repository) return;
    const sha = revision.toLowerCase();
    const key = `${repository}@${sha}`;
    const until = this.settled.get(key);
    if (until !== undefined && until > this.now()) return;
    if (this.queue.length >= this.maxQueued) {
      this.counts.dropped += 1;
      return;
    }
    if (this.settled.size >= this.maxTracked) this.settled.clear();
    this.settled.set(key, Infinity);
    this.queue.push({ repository, sha });
    this.pump();
  }

  status(): CommitTimeStatus {
    return {
      queued: this.queue.length,
      inFlight: this.inFlight,
      ...this.counts,
    };
  }

  /** Resolves when nothing is queued or in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.all([...this.running]);
    }
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.queue.length = 0;
    await this.idle();
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      const item = this.queue.shift()!;
      this.inFlight += 1;
      const run = this.resolve(item).finally(() => {
        this.inFlight -= 1;
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async resolve({ repository, sha }: Wanted): Promise<void> {
    const key = `${repository}@${sha}`;
    const { store, lookup, logger } = this.options;
    try {
      const known = await store.getCommit(repository, sha);
      if (known && known.outcome !== 'error') {
        this.settled.set(key, Infinity);
        return;
      }
      if (known && known.checkedAt + this.retryMs > this.now()) {
        this.settled.set(key, known.checkedAt + this.retryMs);
        return;
      }
      const answer = await lookup.lookup(repository, sha, this.stopping.signal);
      if (this.stopping.signal.aborted) return;
      const checkedAt = this.now();
      await store.putCommit({
        repository,
        sha,
        outcome: answer.outcome,
        committedAt:
          answer.outcome === 'found' ? answer.committedAt : undefined,
        checkedAt,
      });
      if (answer.outcome === 'found') {
        this.counts.found += 1;
        this.settled.set(key, Infinity);
      } else if (answer.outcome === 'unknown') {
        this.counts.unknown += 1;
        this.settled.set(key, Infinity);
        logger.debug(`No commit time for ${sha}: ${answer.reason}`);
      } else {
        this.counts.errors += 1;
        this.settled.set(key, checkedAt + this.retryMs);
        const message = `Commit time lookup failed, retrying in ${Math.round(
          this.retryMs / 60_000,
        )} min: ${answer.reason}`;
        if (this.warned.has(repository)) logger.debug(message);
        else {
          this.warned.add(repository);
          logger.warn(message);
        }
      }
    } catch (e) {
      // The store failed: forget the commit so the next pass names it again.
      this.settled.delete(key);
      logger.warn(`Commit time not stored: ${toError(e).message}`);
    }
  }
}
