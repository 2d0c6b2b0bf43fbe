import { useCallback, useEffect, useRef, useState } from 'react';
import { api, toApiError, type ApiError, type Query } from './client.js';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** True while the first load or a reload runs. */
  loading: boolean;
  /** Loads again (after a mutation, or from a « Réessayer » button). */
  reload: () => void;
  /** Replaces the data locally (e.g. with the row a PATCH returned). */
  setData: (data: T) => void;
}

/**
 * Loads `path` (GET) and reloads whenever the path or the query changes; a stale
 * answer never overwrites a newer one. Pass `null` to load nothing yet.
 *
 *   const { data, error, loading, reload } = useApi<User>(`/api/users/${id}`);
 *   if (loading && !data) return <Loading />;
 *   if (error) return <ErrorAlert error={error} onRetry={reload} />;
 */
export function useApi<T>(path: string | null, query?: Query): ApiState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState<boolean>(path !== null);
  const [tick, setTick] = useState(0);
  const key = path === null ? null : JSON.stringify([path, query ?? {}]);

  useEffect(() => {
    if (key === null || path === null) { setLoading(false); return; }
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    api.get<T>(path, { query, signal: controller.signal })
      .then((value) => { if (!controller.signal.aborted) { setData(value); setLoading(false); } })
      .catch((e) => { if (!controller.signal.aborted) { setError(toApiError(e)); setLoading(false); } });
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, setData };
}

export interface Mutation<A extends unknown[], R> {
  run: (...args: A) => Promise<R | undefined>;
  pending: boolean;
  error: ApiError | undefined;
  reset: () => void;
}

/**
 * Wraps an action that calls the API: tracks `pending`, keeps the last `error`
 * (for FormErrorSummary) and resolves to undefined instead of throwing.
 *
 *   const save = useMutation((body: Body) => api.post<Org>('/api/organisations', body));
 *   const created = await save.run(body);
 *   if (created) navigate(...);
 *   <FormErrorSummary error={save.error} />
 */
export function useMutation<A extends unknown[], R>(action: (...args: A) => Promise<R>): Mutation<A, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const actionRef = useRef(action);
  actionRef.current = action;
  const run = useCallback(async (...args: A) => {
    setPending(true);
    setError(undefined);
    try {
      return await actionRef.current(...args);
    } catch (e) {
      setError(toApiError(e));
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  const reset = useCallback(() => setError(undefined), []);
  return { run, pending, error, reset };
}
