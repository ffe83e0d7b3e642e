/*
 * One request to a history or DORA route, re-asked when its inputs change
 * and cancelled when they change again or the component unmounts. Not
 * live-polled: history moves at the pace of deployments.
 */
import { useEffect, useState } from 'react';

export interface AsyncAnswer<T> {
  loading: boolean;
  value?: T;
  error?: Error;
  retry(): void;
}

export function useAsyncAnswer<T>(
  ask: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
): AsyncAnswer<T> {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<Omit<AsyncAnswer<T>, 'retry'>>({
    loading: true,
  });
  useEffect(() => {
    const abort = new AbortController();
    setState(s => ({ ...s, loading: true }));
    ask(abort.signal).then(
      value => {
        if (!abort.signal.aborted) setState({ loading: false, value });
      },
      error => {
        if (!abort.signal.aborted) {
          setState({ loading: false, error: error as Error });
        }
      },
    );
    return () => abort.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);
  return { ...state, retry: () => setAttempt(a => a + 1) };
}
