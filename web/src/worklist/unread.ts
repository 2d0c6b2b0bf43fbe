import { useEffect, useState } from 'react';
import { api } from '../api/client.js';

/** The header's unread count: loaded on each page change, and refreshed when a page marks notifications read. */
const listeners = new Set<() => void>();
export function refreshUnreadCount(): void { for (const l of listeners) l(); }

export function useUnreadCount(active: boolean, path: string): number | undefined {
  const [count, setCount] = useState<number | undefined>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    return () => { listeners.delete(listener); };
  }, []);
  useEffect(() => {
    if (!active) { setCount(undefined); return; }
    const controller = new AbortController();
    api.get<{ unread: number }>('/api/notifications/unread-count', { signal: controller.signal })
      .then((r) => setCount(r.unread)).catch(() => undefined);
    return () => controller.abort();
  }, [active, path, tick]);
  return count;
}
