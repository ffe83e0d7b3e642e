import { useApi } from '@backstage/core-plugin-api';
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { portolanApiRef, type PortolanApi } from '../api';
import { LiveQueryStore, type LiveQueryState } from './LiveQueryStore';

/** How often open views refresh; cheap, the backend answers from memory. */
export const DEFAULT_REFRESH_INTERVAL_MS = 10_000;

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
 * Polls `fetcher` under `key` while the component is mounted and the tab is
 * visible; components with the same key share one request.
 */
export function useLiveQuery<T>(
  key: string,
  fetcher: (api: PortolanApi, signal: AbortSignal) => Promise<T>,
  options?: { intervalMs?: number },
): LiveQuery<T> {
  const api = useApi(portolanApiRef);
  const store = storeFor(api);
  const intervalMs = options?.intervalMs ?? DEFAULT_REFRESH_INTERVAL_MS;
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  const subscribe = useCallback(
    (listener: () => void) =>
      store.subscribe<T>(
        key,
        signal => fetcherRef.current(api, signal),
        intervalMs,
        listener,
      ),
    [store, api, key, intervalMs],
  );
  const getSnapshot = useCallback(() => store.getState<T>(key), [store, key]);
  const state = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);

  useEffect(() => {
    store.updateFetcher<T>(key, signal => fetcherRef.current(api, signal));
  }, [store, api, key]);

  const retry = useCallback(() => store.refresh(key), [store, key]);
  return { ...state, retry };
}
