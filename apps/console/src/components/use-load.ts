import { useCallback, useEffect, useState } from 'react';

/**
 * Loads once and on `reload()`; keeps the last value while reloading so lists do not flicker. `version` counts the
 * values loaded: an editor keyed by it starts again from each freshly loaded value (after its own save, say).
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { value: T | undefined; error: unknown; loading: boolean; version: number; reload: () => void } {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const [version, setVersion] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setLoading(true);
    run().then(
      (v) => live && (setValue(v), setVersion((n) => n + 1), setError(undefined), setLoading(false)),
      (e: unknown) => live && (setError(e), setLoading(false)),
    );
    return () => {
      live = false;
    };
  }, [run, tick]);
  return { value, error, loading, version, reload: () => setTick((t) => t + 1) };
}
