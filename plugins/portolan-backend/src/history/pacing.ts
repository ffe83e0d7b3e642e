/*
 * How the history recorder stays a small share of the one event loop: a
 * pass works in short slices and, after each, rests long enough that its
 * work is at most a set share of the wall clock while it runs (under churn
 * a pass rebuilds thousands of views: done in one burst it would hold half
 * the loop for seconds, and every request hop would wait a slice behind
 * it); the next pass waits for whatever share a pass still owes.
 */

/** Holds a share in (0.01, 1]. */
function clampShare(share: number): number {
  return Math.min(Math.max(share, 0.01), 1);
}

/**
 * Yields to the event loop once more than `sliceMs` of work passed since
 * the last yield: at a `share` of 1 at once (`setImmediate`), below it
 * after a rest that keeps the work at that share of the time.
 */
export class Yielder {
  private readonly started = performance.now();
  private last = this.started;
  private worked = 0;
  private readonly share: number;

  constructor(private readonly sliceMs = 10, share = 1) {
    this.share = clampShare(share);
  }

  async maybeYield(): Promise<void> {
    const slice = performance.now() - this.last;
    if (slice < this.sliceMs) return;
    this.worked += slice;
    const restMs = (slice * (1 - this.share)) / this.share;
    await new Promise<void>(resolve => {
      if (restMs >= 1) setTimeout(resolve, restMs);
      else setImmediate(resolve);
    });
    this.last = performance.now();
  }

  /** Time spent working (not resting) since the yielder was made. */
  get workedMs(): number {
    return this.worked + (performance.now() - this.last);
  }

  /** Wall time since the yielder was made. */
  get elapsedMs(): number {
    return performance.now() - this.started;
  }
}

/**
 * The wait before the next pass: at least `minMs`, and long enough that a
 * pass that worked `workedMs` in `elapsedMs` of wall time (its rests
 * included; by default it never rested) is at most `maxShare` of the time
 * from its start to the next one's.
 */
export function pacedDelay(
  minMs: number,
  workedMs: number,
  maxShare: number,
  elapsedMs = workedMs,
): number {
  const share = clampShare(maxShare);
  return Math.max(minMs, Math.ceil(workedMs / share - elapsedMs));
}
