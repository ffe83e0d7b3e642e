import { LiveQueryStore } from './LiveQueryStore';

function setHidden(hidden: boolean) {
  Object.defineProperty(document, 'hidden', {
    configurable: true,
    get: () => hidden,
  });
  document.dispatchEvent(new Event('visibilitychange'));
}

async function flush() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('LiveQueryStore', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    setHidden(false);
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('polls while subscribed and stops when the last subscriber leaves', async () => {
    const store = new LiveQueryStore();
    const fetcher = jest.fn().mockResolvedValue('v');
    const stop = store.subscribe('k', fetcher, 10_000, () => {});
    await flush();
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(store.getState('k')).toMatchObject({ value: 'v', loading: false });
    jest.advanceTimersByTime(10_000);
    await flush();
    expect(fetcher).toHaveBeenCalledTimes(2);
    stop();
    jest.advanceTimersByTime(60_000);
    await flush();
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('shares one request between subscribers of a key', async () => {
    const store = new LiveQueryStore();
    const fetcher = jest.fn().mockResolvedValue('v');
    store.subscribe('k', fetcher, 10_000, () => {});
    store.subscribe('k', fetcher, 10_000, () => {});
    await flush();
    expect(fetcher).toHaveBeenCalledTimes(1);
  });

  it('keeps the previous value while refreshing and after a failed refresh', async () => {
    const store = new LiveQueryStore();
    let resolve: (v: string) => void = () => {};
    const fetcher = jest
      .fn()
      .mockResolvedValueOnce('first')
      .mockImplementationOnce(() => new Promise(r => (resolve = r)))
      .mockRejectedValueOnce(new Error('backend down'));
    store.subscribe('k', fetcher, 10_000, () => {});
    await flush();
    jest.advanceTimersByTime(10_000);
    await flush();
    expect(store.getState('k')).toMatchObject({
      value: 'first',
      refreshing: true,
      loading: false,
    });
    resolve('second');
    await flush();
    expect(store.getState('k')).toMatchObject({
      value: 'second',
      refreshing: false,
    });
    jest.advanceTimersByTime(10_000);
    await flush();
    const state = store.getState<string>('k');
    expect(state.value).toBe('second');
    expect(state.error?.message).toBe('backend down');
  });

  it('pauses while the tab is hidden and refreshes when it is shown again', async () => {
    const store = new LiveQueryStore();
    const fetcher = jest.fn().mockResolvedValue('v');
    store.subscribe('k', fetcher, 10_000, () => {});
    await flush();
    setHidden(true);
    jest.advanceTimersByTime(60_000);
    await flush();
    expect(fetcher).toHaveBeenCalledTimes(1);
    setHidden(false);
    await flush();
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('refreshes on demand', async () => {
    const store = new LiveQueryStore();
    const fetcher = jest.fn().mockResolvedValue('v');
    store.subscribe('k', fetcher, 10_000, () => {});
    await flush();
    store.refresh('k');
    await flush();
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('with a live channel: refetches on a signal, and a signal while hidden waits for the tab to show', async () => {
    const store = new LiveQueryStore();
    const fetcher = jest.fn().mockResolvedValue('v');
    let send: () => void = () => {};
    const unsubscribe = jest.fn();
    const stop = store.subscribe('k', fetcher, 300_000, () => {}, {
      channel: 'portolan:fleet',
      subscribe: (_channel, onMessage) => {
        send = onMessage;
        return { unsubscribe };
      },
    });
    await flush();
    expect(fetcher).toHaveBeenCalledTimes(1);
    send();
    await flush();
    expect(fetcher).toHaveBeenCalledTimes(2);
    setHidden(true);
    send();
    send();
    await flush();
    expect(fetcher).toHaveBeenCalledTimes(2);
    setHidden(false);
    await flush();
    expect(fetcher).toHaveBeenCalledTimes(3);
    stop();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });
});
