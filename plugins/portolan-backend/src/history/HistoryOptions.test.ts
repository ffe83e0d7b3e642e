import { ConfigReader } from '@backstage/config';
import { readHistoryOptions } from './HistoryOptions';

describe('readHistoryOptions', () => {
  it('defaults to 400 days, 1 minute scans and 4 KiB log tails', () => {
    expect(readHistoryOptions(new ConfigReader({}))).toEqual({
      enabled: true,
      retentionMs: 400 * 86_400_000,
      scanIntervalMs: 60_000,
      logTailBytes: 4096,
      maxQueuedWrites: 20_000,
      commitTimes: {
        enabled: true,
        concurrency: 4,
        timeoutMs: 10_000,
        localRoots: [],
      },
    });
  });

  it('reads commit time lookups and bounds their concurrency', () => {
    const options = readHistoryOptions(
      new ConfigReader({
        portolan: {
          history: {
            commitTimes: {
              concurrency: 2,
              timeout: '3s',
              localRoots: ['.portolan'],
            },
          },
        },
      }),
    );
    expect(options.commitTimes).toEqual({
      enabled: true,
      concurrency: 2,
      timeoutMs: 3_000,
      localRoots: ['.portolan'],
    });
    expect(() =>
      readHistoryOptions(
        new ConfigReader({
          portolan: { history: { commitTimes: { concurrency: 100 } } },
        }),
      ),
    ).toThrow(/portolan\.history\.commitTimes\.concurrency/);
  });

  it('reads durations and rejects unbounded sizes with the key named', () => {
    const options = readHistoryOptions(
      new ConfigReader({
        portolan: { history: { retention: { days: 30 }, scanInterval: '15s' } },
      }),
    );
    expect(options.retentionMs).toBe(30 * 86_400_000);
    expect(options.scanIntervalMs).toBe(15_000);
    expect(() =>
      readHistoryOptions(
        new ConfigReader({ portolan: { history: { logTailBytes: 0 } } }),
      ),
    ).toThrow(/portolan\.history\.logTailBytes/);
  });
});
