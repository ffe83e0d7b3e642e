import { computeDora, median, type DoraSync } from './computeDora';

const T = Date.parse('2026-11-01T00:00:00Z');
const H = 3_600_000;
const at = (day: number, hour = 0, minute = 0) =>
  T + (day - 1) * 24 * H + hour * H + minute * 60_000;

const sync = (
  revision: string,
  time: number,
  succeeded = true,
  application = 'shop-prod',
): DoraSync => ({ application, revision, at: time, succeeded });

/*
 * Hand-computed scenario, window 2026-11-01 .. 2026-12-01 (30 days):
 *   S0 Oct 20  r0 ok         before the window: not counted
 *   S1 d2 10:00 r1 ok        lead 2 h (commit d2 08:00)
 *   S2 d5 12:00 r2 ok        lead 6 h (no commit time; first run d5 06:00)
 *      d5 13:00 degraded → S2 failed; healthy d5 15:00 → restore 2 h
 *   S3 d9 09:00 r3 ok        lead 24 h (commit d8 09:00)
 *      d10 09:00 r4 sync failed → S3 failed; healthy d10 09:30 → 30 min
 *   S4 d10 10:00 r4 ok       lead 2 h (commit d10 08:00)
 *      d12 00:00 r2 ok = rollback → S4 failed; healthy d12 01:00 → 1 h
 *      d12 06:00 r2 ok again: a resync, nothing
 *   S7 d20 00:00 r5 ok       lead 24 h (commit d19 00:00)
 *   Dec 2 r6 ok              after the window: not counted
 * Another app degrading on d3 does not fail shop-prod's S1.
 *
 * deployments 5, perDay 5/30; lead times 2h,6h,24h,2h,24h → median 6 h,
 * basis mixed; failed 3 of 5 = 0.6; restores 2h,30m,1h → median 1 h, 3.
 * Bands (2023 report): 1/6 per day ≥ 1/7 → high; 6 h < 1 day → elite;
 * 0.6 > 15 % → low; 1 h is not under 1 h → high.
 */
const scenario = {
  since: T,
  until: Date.parse('2026-12-01T00:00:00Z'),
  syncs: [
    sync('r0', Date.parse('2026-10-20T00:00:00Z')),
    sync('r1', at(2, 10)),
    sync('r2', at(5, 12)),
    sync('r3', at(9, 9)),
    sync('r4', at(10, 9), false),
    sync('r4', at(10, 10)),
    sync('r2', at(12, 0)),
    sync('r2', at(12, 6)),
    sync('r5', at(20, 0)),
    sync('r6', Date.parse('2026-12-02T00:00:00Z')),
    sync('x1', at(1, 0), true, 'other-prod'),
  ],
  health: [
    { application: 'shop-prod', at: at(2, 11), health: 'healthy' as const },
    { application: 'other-prod', at: at(3, 0), health: 'degraded' as const },
    { application: 'shop-prod', at: at(5, 13), health: 'degraded' as const },
    { application: 'shop-prod', at: at(5, 15), health: 'healthy' as const },
    { application: 'shop-prod', at: at(10, 9, 30), health: 'healthy' as const },
    { application: 'shop-prod', at: at(12, 1), health: 'healthy' as const },
  ],
  commitTimes: new Map([
    ['r1', at(2, 8)],
    ['r3', at(8, 9)],
    ['r4', at(10, 8)],
    ['r5', at(19, 0)],
  ]),
  firstRunTimes: new Map([
    ['r2', at(5, 6)],
    // A commit time wins over a first run.
    ['r1', at(1, 0)],
  ]),
};

describe('computeDora', () => {
  it('matches the hand-computed answers exactly', () => {
    const result = computeDora({
      ...scenario,
      syncs: scenario.syncs.filter(s => s.application === 'shop-prod'),
    });
    expect(result).toEqual({
      window: {
        since: '2026-11-01T00:00:00.000Z',
        until: '2026-12-01T00:00:00.000Z',
        days: 30,
      },
      deploymentFrequency: { count: 5, perDay: 5 / 30 },
      leadTimeForChanges: { medianSeconds: 6 * 3600, basis: 'mixed' },
      changeFailureRate: { ratio: 0.6, failed: 3, total: 5 },
      timeToRestore: { medianSeconds: 3600, incidents: 3 },
      performance: {
        deploymentFrequency: 'high',
        leadTimeForChanges: 'elite',
        changeFailureRate: 'low',
        timeToRestore: 'high',
      },
    });
  });

  it('reports basis commit when every deployment had an SCM commit time (hand-computed)', () => {
    // r2 committed d5 03:00: lead times 2 h, 9 h, 24 h, 2 h, 24 h →
    // sorted 2, 2, 9, 24, 24 → median 9 h; 9 h < 1 day → elite.
    const result = computeDora({
      ...scenario,
      syncs: scenario.syncs.filter(s => s.application === 'shop-prod'),
      commitTimes: new Map([...scenario.commitTimes, ['r2', at(5, 3)]]),
    });
    expect(result.leadTimeForChanges).toEqual({
      medianSeconds: 9 * 3600,
      basis: 'commit',
    });
    expect(result.performance.leadTimeForChanges).toBe('elite');
  });

  it('keeps applications apart: the other app degrading fails its own deployment, not shop-prod S1', () => {
    const result = computeDora(scenario);
    expect(result.deploymentFrequency.count).toBe(6);
    expect(result.changeFailureRate).toEqual({
      ratio: 4 / 6,
      failed: 4,
      total: 6,
    });
  });

  it('says nothing rather than zero when there is nothing to measure', () => {
    const result = computeDora({
      since: T,
      until: at(8),
      syncs: [],
      health: [],
      commitTimes: new Map(),
      firstRunTimes: new Map(),
    });
    expect(result.deploymentFrequency).toEqual({ count: 0, perDay: 0 });
    expect(result.leadTimeForChanges).toEqual({
      medianSeconds: null,
      basis: null,
    });
    expect(result.changeFailureRate).toEqual({
      ratio: null,
      failed: 0,
      total: 0,
    });
    expect(result.timeToRestore).toEqual({ medianSeconds: null, incidents: 0 });
    expect(result.performance).toEqual({
      deploymentFrequency: 'low',
      leadTimeForChanges: null,
      changeFailureRate: null,
      timeToRestore: null,
    });
  });

  it('medians: middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
