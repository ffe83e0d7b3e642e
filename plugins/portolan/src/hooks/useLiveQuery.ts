import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useSyncExternalStore,
} from 'react';
import { portolanApiRef, type PortolanApi } from '../api';
import {
  LiveQueryStore,
  type LiveChannel,
  type LiveQueryState,
} from './LiveQueryStore';

/**
 * How often open views refresh without signals; cheap, the backend answers
 * from memory.
 */
export const DEFAULT_REFRESH_INTERVAL_MS = 10_000;

/**
 * With signals, views refetch when told; this slow timer only covers a
 * signal lost while the socket was down.
 */
export const SAFETY_REFRESH_INTERVAL_MS = 5 * 60_000;

// One store per API instance: tests (and apps) with another client get
// their own cache.
const stores = new WeakMap<PortolanApi, LiveQueryStore>();

function storeFor(api: PortolanApi): LiveQueryStore {
  let store = stores.get(api);
  if (!store) {
    store = new LiveQueryStore();
    stores.set(api, store);
  }
  return store;
}

/** A live query's state plus a way to fetch again now. */
export type LiveQuery<T> = LiveQueryState<T> & { retry(): void };

/**
 * Fetches `fetcher` under `key` while the component is mounted and the tab
 * is visible; components with the same key share one request. With a
 * `channel` and the signals plugin installed (a SignalApi in the app), it
 * refetches when a signal arrives on that channel and otherwise only every
 * {@link SAFETY_REFRESH_INTERVAL_MS}; without signals it polls every
 * `intervalMs`.
 */
export function useLiveQuery<T>(
  key: string,
  fetcher: (api: PortolanApi, signal: AbortSignal) => Promise<T>,
  options?: { intervalMs?: number; channel?: string },
): LiveQuery<T> {
  const api = useApi(portolanApiRef);
  const signals = useApiHolder().get(signalApiRef);
  const store = storeFor(api);
  const channel = options?.channel;
  const live = useMemo<LiveChannel | undefined>(
    () =>
      signals && channel
        ? {
            channel,
            subscribe: (c, onMessage) => signals.subscribe(c, onMessage),
          }
        : undefined,
    [signals, channel],
  );
  const intervalMs = live
    ? Math.max(
        options?.intervalMs ?? DEFAULT_REFRESH_INTERVAL_MS,
        SAFETY_REFRESH_INTERVAL_MS,
      )
    : options?.intervalMs ?? DEFAULT_REFRESH_INTERVAL_MS;
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  const subscribe = useCallback(
    (listener: () => void) =>
      store.subscribe<T>(
        key,
        signal => fetcherRef.current(api, signal),
        intervalMs,
        listener,
        live,
      ),
    [store, api, key, intervalMs, live],
  );
  const getSnapshot = useCallback(() => store.getState<T>(key), [store, key]);
  const state = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);

  useEffect(() => {
    store.updateFetcher<T>(key, signal => fetcherRef.current(api, signal));
  }, [store, api, key]);

  const retry = useCallback(() => store.refresh(key), [store, key]);
  return { ...state, retry };
}
