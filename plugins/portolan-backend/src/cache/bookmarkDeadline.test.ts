/*
 * The bookmark deadline: learned from gaps between bookmarks, not from
 * bookmarks that arrive together, and raised by every stall so that a
 * deadline shorter than the server's real period cannot stall a quiet
 * stream forever.
 */
import { BookmarkDeadline, MIN_BOOKMARK_DEADLINE_MS } from './bookmarkDeadline';

const IDLE = 7 * 60_000;

describe('BookmarkDeadline', () => {
  it('has no deadline until a period is seen, then three periods, at least 2 s', () => {
    const d = new BookmarkDeadline();
    expect(d.deadline(IDLE)).toBeUndefined();
    d.observeGap(300);
    expect(d.deadline(IDLE)).toBe(MIN_BOOKMARK_DEADLINE_MS);
    d.observeGap(5_000);
    expect(d.deadline(IDLE)).toBe(15_000);
    // Down slowly after a shorter gap, up at once after a longer one.
    d.observeGap(1_000);
    expect(d.deadline(IDLE)).toBe(11_250);
    d.observeGap(60_000);
    expect(d.deadline(IDLE)).toBe(180_000);
    expect(d.deadline(100_000)).toBe(100_000);
  });

  it('takes bookmarks that arrive together for one late delivery, not a period', () => {
    const d = new BookmarkDeadline();
    d.observeGap(0);
    d.observeGap(3);
    expect(d.deadline(IDLE)).toBeUndefined();
    d.observeGap(5_000);
    d.observeGap(1);
    expect(d.deadline(IDLE)).toBe(15_000);
  });

  it('lengthens the deadline after each stall, so a deadline that was too tight stops firing', () => {
    const d = new BookmarkDeadline();
    d.observeGap(300); // learned under load; the server really sends every 5 s
    const deadlines: number[] = [];
    for (let stalls = 0; stalls < 3; stalls++) {
      const deadline = d.deadline(IDLE)!;
      deadlines.push(deadline);
      if (deadline > 5_000) break; // the next bookmark now comes in time
      d.stalled(deadline);
    }
    expect(deadlines).toEqual([2_000, 6_000]);
    // Capped by the idle timeout however often it stalls.
    for (let i = 0; i < 20; i++) d.stalled(d.deadline(IDLE)!);
    expect(d.deadline(IDLE)).toBe(IDLE);
  });
});
