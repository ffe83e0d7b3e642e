/*
 * How the history recorder stays a small share of the one event loop: its
 * passes yield to pending I/O (views, watch events) every few milliseconds,
 * and the next pass waits long enough that recording takes at most a set
 * share of the wall clock, however expensive views become under churn.
 */

/** Yields to the event loop when more than `sliceMs` passed since the last yield. */
export class Yielder {
  private last = performance.now();

  constructor(private readonly sliceMs = 10) {}

  async maybeYield(): Promise<void> {
    if (performance.now() - this.last < this.sliceMs) return;
    await new Promise<void>(resolve => setImmediate(resolve));
    this.last = performance.now();
  }
}

/**
 * The wait before the next pass: at least `minMs`, and long enough that a
 * pass of `lastPassMs` is at most `maxShare` of pass + wait.
 */
export function pacedDelay(
  minMs: number,
  lastPassMs: number,
  maxShare: number,
): number {
  const share = Math.min(Math.max(maxShare, 0.01), 1);
  return Math.max(minMs, Math.ceil((lastPassMs * (1 - share)) / share));
}
