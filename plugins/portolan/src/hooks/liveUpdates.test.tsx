import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { portolanApiRef } from '../api';
import { storefrontEntity } from '../__fixtures__/entity';
import { mockPortolanApi } from '../__testUtils__/renderPortolan';
import { useClusters } from './useClusters';
import { useEntityView } from './useEntityView';
import { useFleetOnboarding } from './useOnboarding';

/** A SignalApi as the signals plugin provides it, driven by the test. */
class FakeSignalApi implements SignalApi {
  readonly subscribers = new Map<string, Set<(m: any) => void>>();

  subscribe(channel: string, onMessage: (message: any) => void) {
    const set = this.subscribers.get(channel) ?? new Set();
    const cb = onMessage;
    set.add(cb);
    this.subscribers.set(channel, set);
    return {
      unsubscribe: () => {
        set.delete(cb);
      },
    };
  }

  send(channel: string, message: object) {
    for (const cb of this.subscribers.get(channel) ?? []) cb(message);
  }

  listening(channel: string): number {
    return this.subscribers.get(channel)?.size ?? 0;
  }
}

const channel = 'portolan:entity:component:default/storefront-web';

async function flush() {
  await act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  });
}

function wrapperWith(apis: Parameters<typeof TestApiProvider>[0]['apis']) {
  return ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={apis}>{children}</TestApiProvider>
  );
}

describe('live updates', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('with signals: fetches once, never on an interval, and refetches when the entity is signalled', async () => {
    const api = mockPortolanApi();
    const signals = new FakeSignalApi();
    const { result, unmount } = renderHook(
      () => useEntityView(storefrontEntity),
      {
        wrapper: wrapperWith([
          [portolanApiRef, api],
          [signalApiRef, signals],
        ]),
      },
    );
    await flush();
    expect(api.getEntityView).toHaveBeenCalledTimes(1);
    expect(result.current.value).toBeDefined();
    expect(signals.listening(channel)).toBe(1);

    // Idle for four minutes: no request at all.
    await act(async () => {
      jest.advanceTimersByTime(4 * 60_000);
    });
    await flush();
    expect(api.getEntityView).toHaveBeenCalledTimes(1);

    act(() =>
      signals.send(channel, {
        type: 'portolan.entity.changed',
        entityRef: 'component:default/storefront-web',
        version: 2,
        changed: ['workloads'],
      }),
    );
    await flush();
    expect(api.getEntityView).toHaveBeenCalledTimes(2);

    // A signal for another entity changes nothing here.
    act(() => signals.send('portolan:entity:component:default/other', {}));
    await flush();
    expect(api.getEntityView).toHaveBeenCalledTimes(2);

    unmount();
    expect(signals.listening(channel)).toBe(0);
  });

  it('with signals: still refetches on the slow safety timer, no more often than every five minutes', async () => {
    const api = mockPortolanApi();
    const signals = new FakeSignalApi();
    renderHook(() => useEntityView(storefrontEntity), {
      wrapper: wrapperWith([
        [portolanApiRef, api],
        [signalApiRef, signals],
      ]),
    });
    await flush();
    await act(async () => {
      jest.advanceTimersByTime(5 * 60_000 - 1);
    });
    await flush();
    expect(api.getEntityView).toHaveBeenCalledTimes(1);
    await act(async () => {
      jest.advanceTimersByTime(1);
    });
    await flush();
    expect(api.getEntityView).toHaveBeenCalledTimes(2);
  });

  it('with signals: a burst of signals during a request gives one more request, not one per signal', async () => {
    let resolve: (v: unknown) => void = () => {};
    const api = mockPortolanApi();
    const signals = new FakeSignalApi();
    renderHook(() => useEntityView(storefrontEntity), {
      wrapper: wrapperWith([
        [portolanApiRef, api],
        [signalApiRef, signals],
      ]),
    });
    await flush();
    api.getEntityView.mockImplementationOnce(
      () => new Promise(r => (resolve = r)) as any,
    );
    act(() => signals.send(channel, {}));
    await flush();
    expect(api.getEntityView).toHaveBeenCalledTimes(2);
    act(() => {
      for (let i = 0; i < 10; i++) signals.send(channel, {});
    });
    await flush();
    expect(api.getEntityView).toHaveBeenCalledTimes(2);
    const view = await api.getEntityView.mock.results[0].value;
    await act(async () => resolve(view));
    await flush();
    expect(api.getEntityView).toHaveBeenCalledTimes(3);
  });

  it('with signals: back online, live views refetch once (signals sent while the socket was down are lost)', async () => {
    const api = mockPortolanApi();
    const signals = new FakeSignalApi();
    renderHook(() => useEntityView(storefrontEntity), {
      wrapper: wrapperWith([
        [portolanApiRef, api],
        [signalApiRef, signals],
      ]),
    });
    await flush();
    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    await flush();
    expect(api.getEntityView).toHaveBeenCalledTimes(2);
  });

  it('fleet queries listen on the fleet channel', async () => {
    const api = mockPortolanApi();
    const signals = new FakeSignalApi();
    renderHook(
      () => {
        useClusters();
        useFleetOnboarding();
      },
      {
        wrapper: wrapperWith([
          [portolanApiRef, api],
          [signalApiRef, signals],
        ]),
      },
    );
    await flush();
    expect(api.getClusters).toHaveBeenCalledTimes(1);
    expect(api.getFleetOnboarding).toHaveBeenCalledTimes(1);
    act(() =>
      signals.send('portolan:fleet', {
        type: 'portolan.fleet.changed',
        version: 1,
        changed: ['clusters'],
      }),
    );
    await flush();
    expect(api.getClusters).toHaveBeenCalledTimes(2);
    expect(api.getFleetOnboarding).toHaveBeenCalledTimes(2);
    await act(async () => {
      jest.advanceTimersByTime(60_000);
    });
    await flush();
    expect(api.getClusters).toHaveBeenCalledTimes(2);
  });

  it('without the signals plugin: polls every 10 s, as before', async () => {
    const api = mockPortolanApi();
    renderHook(() => useEntityView(storefrontEntity), {
      wrapper: wrapperWith([[portolanApiRef, api]]),
    });
    await flush();
    expect(api.getEntityView).toHaveBeenCalledTimes(1);
    for (let i = 2; i <= 4; i++) {
      await act(async () => {
        jest.advanceTimersByTime(10_000);
      });
      await flush();
      expect(api.getEntityView).toHaveBeenCalledTimes(i);
    }
  });
});
