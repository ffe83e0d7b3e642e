import type { SignalPayload } from '@backstage/plugin-signals-node';
import { ViewChangeEmitter } from '../views/changeFeed';
import { SignalPublisher } from './SignalPublisher';
import { startSignals } from './startSignals';

/** A SignalsService that records what it was asked to publish. */
function fakeSignals() {
  const published: SignalPayload[] = [];
  return {
    published,
    publish: jest.fn(async (signal: SignalPayload) => {
      published.push(signal);
    }),
  };
}

const logger = { warn: jest.fn(), info: jest.fn() };
const ref = 'component:default/checkout';

describe('SignalPublisher', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    logger.warn.mockReset();
    logger.info.mockReset();
  });
  afterEach(() => jest.useRealTimers());

  it('publishes a quiet entity at once, small and broadcast, without the data', () => {
    const signals = fakeSignals();
    const feed = new ViewChangeEmitter();
    startSignals({ feed, signals, logger });
    feed.emitEntity({
      entityRef: 'Component:default/Checkout',
      version: 3,
      changed: ['workloads'],
    });
    expect(signals.published).toEqual([
      {
        channel: `portolan:entity:${ref}`,
        recipients: { type: 'broadcast' },
        message: {
          type: 'portolan.entity.changed',
          entityRef: ref,
          version: 3,
          changed: ['workloads'],
        },
      },
    ]);
  });

  it('coalesces a burst into one trailing signal with the latest version and the union of what changed', () => {
    const signals = fakeSignals();
    const feed = new ViewChangeEmitter();
    startSignals({ feed, signals, logger });
    feed.emitEntity({ entityRef: ref, version: 1, changed: ['workloads'] });
    for (let v = 2; v <= 50; v++) {
      jest.advanceTimersByTime(5);
      feed.emitEntity({
        entityRef: ref,
        version: v,
        changed: [v % 2 ? 'tekton' : 'workloads'],
      });
    }
    feed.emitEntity({ entityRef: ref, version: 51, changed: ['clusters'] });
    expect(signals.published).toHaveLength(1);
    jest.advanceTimersByTime(500);
    expect(signals.published).toHaveLength(2);
    expect(signals.published[1].message).toEqual({
      type: 'portolan.entity.changed',
      entityRef: ref,
      version: 51,
      changed: ['clusters', 'tekton', 'workloads'],
    });
    // Nothing more happened: no further signal, and the window is closed.
    jest.advanceTimersByTime(5_000);
    expect(signals.published).toHaveLength(2);
  });

  it('sends at most one signal per entity per window under constant change', () => {
    const signals = fakeSignals();
    const feed = new ViewChangeEmitter();
    startSignals({ feed, signals, logger });
    const sentAt: number[] = [];
    signals.publish.mockImplementation(async s => {
      sentAt.push(Date.now());
      signals.published.push(s);
    });
    for (let t = 0; t < 3_000; t += 10) {
      feed.emitEntity({ entityRef: ref, version: t, changed: ['workloads'] });
      jest.advanceTimersByTime(10);
    }
    for (let i = 1; i < sentAt.length; i++) {
      expect(sentAt[i] - sentAt[i - 1]).toBeGreaterThanOrEqual(500);
    }
    // Not starved either: a signal every window.
    expect(sentAt.length).toBeGreaterThanOrEqual(6);
  });

  it('keeps entities independent: one busy entity does not delay another', () => {
    const signals = fakeSignals();
    const feed = new ViewChangeEmitter();
    startSignals({ feed, signals, logger });
    feed.emitEntity({ entityRef: ref, version: 1, changed: ['workloads'] });
    feed.emitEntity({ entityRef: ref, version: 2, changed: ['workloads'] });
    feed.emitEntity({
      entityRef: 'component:default/payments',
      version: 7,
      changed: ['argocd'],
    });
    expect(signals.published.map(s => s.channel)).toEqual([
      `portolan:entity:${ref}`,
      'portolan:entity:component:default/payments',
    ]);
  });

  it('publishes fleet changes on the fleet channel, coalesced the same way', () => {
    const signals = fakeSignals();
    const feed = new ViewChangeEmitter();
    startSignals({ feed, signals, logger });
    feed.emitFleet({ version: 1, changed: ['images'] });
    feed.emitFleet({ version: 2, changed: ['tekton'] });
    feed.emitFleet({ version: 3, changed: ['images'] });
    jest.advanceTimersByTime(500);
    expect(signals.published).toEqual([
      {
        channel: 'portolan:fleet',
        recipients: { type: 'broadcast' },
        message: {
          type: 'portolan.fleet.changed',
          version: 1,
          changed: ['images'],
        },
      },
      {
        channel: 'portolan:fleet',
        recipients: { type: 'broadcast' },
        message: {
          type: 'portolan.fleet.changed',
          version: 3,
          changed: ['images', 'tekton'],
        },
      },
    ]);
  });

  it('forgets quiet entities: open windows drain to zero', () => {
    const signals = fakeSignals();
    const publisher = new SignalPublisher({ signals, logger });
    for (let i = 0; i < 1_000; i++) {
      publisher.entityChanged({
        entityRef: `component:default/s${i}`,
        version: 1,
        changed: ['workloads'],
      });
    }
    expect(publisher.openWindows).toBe(1_000);
    jest.advanceTimersByTime(500);
    expect(publisher.openWindows).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('bounds the open windows and publishes the overflow uncoalesced rather than dropping it', () => {
    const signals = fakeSignals();
    const publisher = new SignalPublisher({
      signals,
      logger,
      maxOpenWindows: 10,
    });
    for (let i = 0; i < 25; i++) {
      publisher.entityChanged({
        entityRef: `component:default/s${i}`,
        version: 1,
        changed: ['workloads'],
      });
    }
    expect(publisher.openWindows).toBe(10);
    expect(signals.published).toHaveLength(25);
    expect(jest.getTimerCount()).toBe(1);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('logs one warning per outage when publishing fails, and keeps going', async () => {
    const signals = fakeSignals();
    signals.publish.mockRejectedValue(new Error('events backend down'));
    const feed = new ViewChangeEmitter();
    startSignals({ feed, signals, logger });
    for (let i = 0; i < 5; i++) {
      feed.emitEntity({
        entityRef: `component:default/s${i}`,
        version: 1,
        changed: ['workloads'],
      });
    }
    await Promise.resolve();
    await Promise.resolve();
    expect(signals.publish).toHaveBeenCalledTimes(5);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toContain('events backend down');
    signals.publish.mockResolvedValue(undefined);
    feed.emitEntity({ entityRef: ref, version: 1, changed: ['workloads'] });
    await Promise.resolve();
    await Promise.resolve();
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('works again after 5 failure(s)'),
    );
  });

  it('stops listening and forgets pending changes when stopped', () => {
    const signals = fakeSignals();
    const feed = new ViewChangeEmitter();
    const started = startSignals({ feed, signals, logger });
    feed.emitEntity({ entityRef: ref, version: 1, changed: ['workloads'] });
    feed.emitEntity({ entityRef: ref, version: 2, changed: ['workloads'] });
    started.stop();
    jest.advanceTimersByTime(1_000);
    feed.emitEntity({ entityRef: ref, version: 3, changed: ['workloads'] });
    expect(signals.published).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});
