import { useEffect, useState } from 'react';

const PROBE_INTERVAL_MS = 10_000;

/**
 * Whether the township node is reachable: the browser's own online/offline events, confirmed by a light request
 * to /health (a village LAN may be up while the link to the township is down).
 */
export function useNodeReachable(): boolean {
  const [reachable, setReachable] = useState<boolean>(() => navigator.onLine);
  useEffect(() => {
    let stopped = false;
    const probe = async () => {
      if (!navigator.onLine) {
        if (!stopped) setReachable(false);
        return;
      }
      try {
        const response = await fetch('/health', { cache: 'no-store' });
        if (!stopped) setReachable(response.status < 500);
      } catch {
        if (!stopped) setReachable(false);
      }
    };
    const offline = () => setReachable(false);
    window.addEventListener('online', probe);
    window.addEventListener('offline', offline);
    const timer = setInterval(probe, PROBE_INTERVAL_MS);
    void probe();
    return () => {
      stopped = true;
      window.removeEventListener('online', probe);
      window.removeEventListener('offline', offline);
      clearInterval(timer);
    };
  }, []);
  return reachable;
}
