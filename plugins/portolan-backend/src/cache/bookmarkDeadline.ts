/*
 * How long a watch may stay silent before it counts as stalled, learned
 * from how often the server sends bookmarks. A stream that says nothing
 * for this long (a proxy or an API server that keeps the connection open
 * and sends nothing) is watched again. Real API servers send a bookmark
 * about every minute, kube-sim every 5 s; a server that sends none keeps
 * only the idle timeout.
 *
 * Two ways a learned period can be wrong, both seen at the bench's `large`
 * profile (50 clusters from one loaded kube-sim): bookmarks delayed behind
 * a busy server or event loop arrive together (a gap of ~0 ms is one late
 * delivery, not a period), and a deadline shorter than the server's real
 * period stalls every quiet stream over and over. So gaps under
 * {@link MIN_BOOKMARK_GAP_MS} are not periods, and a stall raises the
 * period to the deadline that fired: a deadline that was too tight grows
 * until it is not, and a real stall is still noticed, later each time.
 */

/** A stream silent for this many bookmark periods has stalled. */
export const BOOKMARK_PERIODS = 3;
/** The shortest deadline, whatever the period. */
export const MIN_BOOKMARK_DEADLINE_MS = 2_000;
/** Bookmarks closer than this arrived together: not a period. */
export const MIN_BOOKMARK_GAP_MS = 250;

export class BookmarkDeadline {
  /** The longest recent gap between two bookmarks of one stream. */
  private periodMs?: number;

  /** A bookmark `gapMs` after the previous one on the same stream. */
  observeGap(gapMs: number): void {
    if (gapMs < MIN_BOOKMARK_GAP_MS) return;
    // Up at once to a longer gap, down slowly.
    this.periodMs = Math.max(gapMs, (this.periodMs ?? 0) * 0.75);
  }

  /** A stream passed `deadlineMs` in silence. */
  stalled(deadlineMs: number): void {
    if (this.periodMs !== undefined) {
      this.periodMs = Math.max(this.periodMs, deadlineMs);
    }
  }

  /** The learned period, if any. */
  get period(): number | undefined {
    return this.periodMs;
  }

  /** The deadline, capped at `maxMs`; undefined until a period is known. */
  deadline(maxMs: number): number | undefined {
    if (this.periodMs === undefined) return undefined;
    return Math.min(
      maxMs,
      Math.max(MIN_BOOKMARK_DEADLINE_MS, BOOKMARK_PERIODS * this.periodMs),
    );
  }
}
