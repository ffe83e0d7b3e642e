import { mockServices } from '@backstage/backend-test-utils';
import type {
  CommitTimeAnswer,
  CommitTimeLookup,
} from '../scm/CommitTimeLookup';
import { CommitTimeResolver } from './CommitTimes';
import { HistoryStore } from './HistoryStore';
import { TEST_ENGINES, testDatabases } from './__testUtils__/testDatabases';

const sha = (n: number) => n.toString(16).padStart(40, '0');
const REPO = 'https://github.com/acme/shop.git';

/** A lookup that answers from a table, counting and holding calls. */
function fakeLookup(answers: (sha: string) => CommitTimeAnswer) {
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const lookup: CommitTimeLookup = {
    repositoryKey: url =>
      url.includes('github.com') ? 'github.com/acme/shop' : undefined,
    async lookup(_repository, revision) {
      calls.push(revision);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise(r => setTimeout(r, 5));
      inFlight -= 1;
      return answers(revision);
    },
  };
  return { lookup, calls, maxInFlight: () => maxInFlight };
}

describe('CommitTimeResolver', () => {
  const dbs = testDatabases();

  describe.each(TEST_ENGINES)('on %s', engine => {
    it('asks the SCM once per commit, keeps the answer across restarts, and DORA reads it', async () => {
      const db = await dbs.create(engine);
      await HistoryStore.migrate(db);
      const store = new HistoryStore(db);
      const fake = fakeLookup(s =>
        s === sha(2)
          ? { outcome: 'unknown', reason: 'no such commit' }
          : { outcome: 'found', committedAt: 1_000 * parseInt(s, 16) },
      );
      const logger = mockServices.logger.mock();
      const resolver = new CommitTimeResolver({
        store,
        lookup: fake.lookup,
        logger,
      });
      for (let pass = 0; pass < 3; pass++) {
        resolver.want(REPO, sha(1));
        resolver.want(REPO, sha(1).toUpperCase());
        resolver.want(REPO, sha(2));
      }
      resolver.want(REPO, 'main'); // not a full SHA
      resolver.want('https://example.org/x/y', sha(3)); // no integration
      await resolver.idle();
      expect(fake.calls.sort()).toEqual([sha(1), sha(2)]);
      expect(resolver.status()).toMatchObject({ found: 1, unknown: 1 });

      // A second replica (or a restart) finds the answers stored.
      const again = new CommitTimeResolver({
        store,
        lookup: fake.lookup,
        logger,
      });
      again.want(REPO, sha(1));
      again.want(REPO, sha(2));
      await again.idle();
      expect(fake.calls).toHaveLength(2);
      await expect(
        store.commitTimes([sha(1).toUpperCase(), sha(2), 'main']),
      ).resolves.toEqual(new Map([[sha(1).toUpperCase(), 1_000]]));
    });

    it('asks again after retryMs when the SCM failed, and a found answer is never overwritten', async () => {
      const db = await dbs.create(engine);
      await HistoryStore.migrate(db);
      const store = new HistoryStore(db);
      let now = 1_000_000;
      let answer: CommitTimeAnswer = {
        outcome: 'error',
        reason: 'answered 503',
      };
      const fake = fakeLookup(() => answer);
      const logger = mockServices.logger.mock();
      const resolver = new CommitTimeResolver({
        store,
        lookup: fake.lookup,
        logger,
        retryMs: 60_000,
        now: () => now,
      });
      resolver.want(REPO, sha(7));
      await resolver.idle();
      resolver.want(REPO, sha(7)); // too soon
      await resolver.idle();
      expect(fake.calls).toHaveLength(1);
      expect(logger.warn).toHaveBeenCalledWith(
        'Commit time lookup failed, retrying in 1 min: answered 503',
      );
      await expect(store.commitTimes([sha(7)])).resolves.toEqual(new Map());

      now += 60_001;
      answer = { outcome: 'found', committedAt: 42 };
      resolver.want(REPO, sha(7));
      await resolver.idle();
      expect(fake.calls).toHaveLength(2);
      await expect(store.commitTimes([sha(7)])).resolves.toEqual(
        new Map([[sha(7), 42]]),
      );
      await store.putCommit({
        repository: 'github.com/acme/shop',
        sha: sha(7),
        outcome: 'error',
        checkedAt: now,
      });
      await expect(
        store.getCommit('github.com/acme/shop', sha(7)),
      ).resolves.toMatchObject({ outcome: 'found', committedAt: 42 });
    });
  });

  it('bounds concurrency and the queue, and never throws into the caller', async () => {
    const fake = fakeLookup(() => ({ outcome: 'found', committedAt: 1 }));
    const stored: string[] = [];
    let failNext = true;
    const resolver = new CommitTimeResolver({
      store: {
        getCommit: async () => undefined,
        putCommit: async r => {
          if (failNext) {
            failNext = false;
            throw new Error('database down');
          }
          stored.push(r.sha);
        },
      },
      lookup: fake.lookup,
      logger: mockServices.logger.mock(),
      concurrency: 2,
      maxQueued: 5,
    });
    for (let i = 1; i <= 20; i++) resolver.want(REPO, sha(i));
    // 2 started at once, 5 queued, the other 13 dropped.
    expect(resolver.status()).toMatchObject({
      inFlight: 2,
      queued: 5,
      dropped: 13,
    });
    await resolver.idle();
    expect(fake.maxInFlight()).toBe(2);
    expect(stored).toHaveLength(6); // the first store write failed
    // The failed one is forgotten, so the next pass names it again.
    resolver.want(REPO, sha(1));
    await resolver.idle();
    expect(stored).toContain(sha(1));
    await resolver.stop();
    resolver.want(REPO, sha(30));
    expect(resolver.status().queued).toBe(0);
  });
});
