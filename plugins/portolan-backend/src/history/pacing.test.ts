import { pacedDelay, Yielder } from './pacing';

describe('pacedDelay', () => {
  it('waits at least the minimum, and long enough to keep a pass at its share', () => {
    expect(pacedDelay(2_000, 0, 0.1)).toBe(2_000);
    expect(pacedDelay(2_000, 100, 0.1)).toBe(2_000);
    // A 1 s pass at 10 %: 9 s of wait.
    expect(pacedDelay(2_000, 1_000, 0.1)).toBe(9_000);
    expect(pacedDelay(0, 300, 0.5)).toBe(300);
    // A share out of range is held to (0.01, 1].
    expect(pacedDelay(0, 10, 0)).toBe(990);
    expect(pacedDelay(0, 10, 5)).toBe(0);
    // A pass that already rested within itself owes only the rest.
    expect(pacedDelay(0, 1_000, 0.1, 4_000)).toBe(6_000);
    expect(pacedDelay(2_000, 1_000, 0.1, 10_000)).toBe(2_000);
  });
});

describe('Yielder', () => {
  it('lets a timer run during a long synchronous loop once a slice is used up', async () => {
    const yielder = new Yielder(5);
    let fired = false;
    setTimeout(() => (fired = true), 0);
    const until = performance.now() + 30;
    while (performance.now() < until) {
      await yielder.maybeYield();
      if (fired) break;
    }
    expect(fired).toBe(true);
  });

  it('rests after each slice to keep its work at its share of the time', async () => {
    const yielder = new Yielder(5, 0.25);
    const until = performance.now() + 60;
    while (yielder.workedMs < 30 && performance.now() < until + 1_000) {
      await yielder.maybeYield();
    }
    // 30 ms of work at a quarter of the time: about 90 ms of rest besides.
    expect(yielder.workedMs).toBeGreaterThanOrEqual(30);
    expect(yielder.elapsedMs).toBeGreaterThanOrEqual(
      (yielder.workedMs - 10) / 0.25,
    );
  });

  it('does not yield within a slice', async () => {
    const yielder = new Yielder(60_000);
    let fired = false;
    setImmediate(() => (fired = true));
    for (let i = 0; i < 100; i++) await yielder.maybeYield();
    expect(fired).toBe(false);
  });
});
