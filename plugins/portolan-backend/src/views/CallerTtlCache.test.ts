import { mockCredentials } from '@backstage/backend-test-utils';
import { CallerTtlCache, callerIdentity } from './CallerTtlCache';

const alice = mockCredentials.user('user:default/alice');
const mallory = mockCredentials.user('user:default/mallory');

describe('CallerTtlCache', () => {
  it('keeps an answer per caller for the TTL, never across callers', async () => {
    let now = 0;
    const cache = new CallerTtlCache(5_000, 100, () => now);
    let loads = 0;
    const load = (answer: string) => async () => {
      loads++;
      return answer;
    };
    expect(await cache.get(alice, 'k', load('for alice'))).toBe('for alice');
    expect(await cache.get(alice, 'k', load('again'))).toBe('for alice');
    expect(await cache.get(mallory, 'k', load('for mallory'))).toBe(
      'for mallory',
    );
    expect(loads).toBe(2);
    now += 5_001;
    expect(await cache.get(alice, 'k', load('later'))).toBe('later');
    expect(loads).toBe(3);
  });

  it('forgets a failed load at once', async () => {
    const cache = new CallerTtlCache(5_000);
    await expect(
      cache.get(alice, 'k', async () => {
        throw new Error('catalog down');
      }),
    ).rejects.toThrow('catalog down');
    await new Promise(r => setImmediate(r));
    expect(await cache.get(alice, 'k', async () => 'recovered')).toBe(
      'recovered',
    );
  });

  it('keeps nothing for a caller without an identity, or with a TTL of 0', async () => {
    const none = mockCredentials.none();
    expect(callerIdentity(none)).toBeUndefined();
    expect(callerIdentity(mockCredentials.service('plugin:catalog'))).toBe(
      'service:plugin:catalog',
    );
    let loads = 0;
    const load = async () => ++loads;
    const cache = new CallerTtlCache(5_000);
    await cache.get(none, 'k', load);
    await cache.get(none, 'k', load);
    const off = new CallerTtlCache(0);
    await off.get(alice, 'k', load);
    await off.get(alice, 'k', load);
    expect(loads).toBe(4);
  });
});
