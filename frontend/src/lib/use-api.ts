import { startTransition, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again under the same key, keeping the current data on screen meanwhile. */
  reload: () => void;
}

interface Loaded<T> {
  key: string;
  group?: string;
  data?: T;
  error?: unknown;
}

/**
 * Runs `load` whenever `key` changes (null: do nothing) and aborts the previous request.
 * Data belongs to the key it was loaded for, so a new key never shows another key's data, except
 * one of the same `group`: while another period of one fund's chart loads, the last one stays.
 *
 * What arrives is rendered as a transition: React renders it in slices and lets the browser
 * handle input and paint between them, where an ordinary update renders a card's or a table's
 * data in one task that blocks the page until it is done.
 */
export function useApi<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
  group?: string,
): ApiState<T> {
  const loadRef = useRef(load);
  const groupRef = useRef(group);
  useLayoutEffect(() => {
    loadRef.current = load;
    groupRef.current = group;
  });
  const [loaded, setLoaded] = useState<Loaded<T> | null>(null);
  const [pending, setPending] = useState(false);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    const group = groupRef.current;
    setPending(true);
    loadRef.current(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        startTransition(() => {
          setLoaded({ key, group, data });
          setPending(false);
        });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        startTransition(() => {
          setLoaded((previous) => ({ key, group, data: previous?.key === key ? previous.data : undefined, error }));
          setPending(false);
        });
      },
    );
    return () => controller.abort();
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const current = loaded?.key === key ? loaded : null;
  const kept = current === null && group !== undefined && loaded?.group === group ? loaded.data : undefined;
  return {
    data: current?.data ?? kept,
    error: current?.error,
    loading: key !== null && (pending || current === null),
    reload,
  };
}
