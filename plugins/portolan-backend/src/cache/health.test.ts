import { backoffDelay } from './backoff';
import { HealthTracker, worstHealth } from './health';

describe('HealthTracker', () => {
  it('keeps since while the state holds', () => {
    const health = new HealthTracker(
      'syncing',
      new Date('2025-01-01T00:00:00Z'),
    );
    health.set('stale', 'connection refused', new Date('2025-01-01T00:01:00Z'));
    health.set('stale', 'timeout');
    expect(health.value).toEqual({
      state: 'stale',
      since: '2025-01-01T00:01:00.000Z',
      message: 'timeout',
    });
  });
});

describe('worstHealth', () => {
  const at = (minute: number) => `2025-01-01T00:0${minute}:00.000Z`;
  const fallback = { state: 'syncing' as const, since: at(0) };

  it('reports the worst state with the resources in it', () => {
    expect(
      worstHealth(
        [
          { name: 'pods', health: { state: 'synced', since: at(1) } },
          {
            name: 'deployments',
            health: { state: 'forbidden', since: at(3), message: '403' },
          },
          {
            name: 'statefulsets',
            health: { state: 'stale', since: at(2), message: 'eof' },
          },
          { name: 'daemonsets', health: { state: 'forbidden', since: at(2) } },
          {
            name: 'pipelineruns.tekton.dev',
            health: { state: 'not-installed', since: at(0) },
          },
        ],
        fallback,
      ),
    ).toEqual({
      state: 'forbidden',
      since: at(2),
      message: 'deployments: 403; daemonsets',
    });
  });

  it('dates synced from the last resource to catch up and ignores missing CRDs', () => {
    expect(
      worstHealth(
        [
          { name: 'pods', health: { state: 'synced', since: at(1) } },
          { name: 'deployments', health: { state: 'synced', since: at(4) } },
          { name: 'x', health: { state: 'not-installed', since: at(9) } },
        ],
        fallback,
      ),
    ).toEqual({ state: 'synced', since: at(4) });
    expect(
      worstHealth(
        [{ name: 'x', health: { state: 'not-installed', since: at(9) } }],
        fallback,
      ),
    ).toBe(fallback);
  });
});

describe('backoffDelay', () => {
  it('doubles up to the maximum and jitters within the upper half', () => {
    const options = { initialMs: 100, maxMs: 1000 };
    expect(backoffDelay(0, options, () => 0)).toBe(50);
    expect(backoffDelay(0, options, () => 1)).toBe(100);
    expect(backoffDelay(3, options, () => 1)).toBe(800);
    expect(backoffDelay(10, options, () => 1)).toBe(1000);
    expect(backoffDelay(10, options, () => 0)).toBe(500);
  });
});
