import { useCallback, useEffect, useState } from 'react';

/** Loads once and on `reload()`; keeps the last value while reloading so lists do not flicker. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { value: T | undefined; error: unknown; loading: boolean; reload: () => void } {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setLoading(true);
    run().then(
      (v) => live && (setValue(v), setError(undefined), setLoading(false)),
      (e: unknown) => live && (setError(e), setLoading(false)),
    );
    return () => {
      live = false;
    };
  }, [run, tick]);
  return { value, error, loading, reload: () => setTick((t) => t + 1) };
}
