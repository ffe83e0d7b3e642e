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
  });
});

describe('Yielder', () => {
  it('lets a timer run during a long synchronous loop once a slice is used up', async () => {
    const yielder = new Yielder(5);
    let fired = false;
    setTimeout(() => (fired = true), 0);
    // Generous: it breaks at the first yield after 5 ms; only a Yielder
    // that never yields spins until the end (a loaded CI machine can
    // swallow a tighter bound in one descheduling).
    const until = performance.now() + 2_000;
    while (performance.now() < until) {
      await yielder.maybeYield();
      if (fired) break;
    }
    expect(fired).toBe(true);
  });

  it('does not yield within a slice', async () => {
    const yielder = new Yielder(60_000);
    let fired = false;
    setImmediate(() => (fired = true));
    for (let i = 0; i < 100; i++) await yielder.maybeYield();
    expect(fired).toBe(false);
  });
});
