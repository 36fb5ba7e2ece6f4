import { useEffect, useLayoutEffect, useRef } from "react";

/** Fired on window when an answer suggests the live source is failing (a 503, or data marked stale). */
export const SOURCE_TROUBLE_EVENT = "etftool:source-trouble";

export function reportSourceTrouble(): void {
  if (typeof window !== "undefined") window.dispatchEvent(new Event(SOURCE_TROUBLE_EVENT));
}

/** Whether a parsed answer is market data served from the cache because the live source failed. */
export function isStaleAnswer(body: unknown): boolean {
  return typeof body === "object" && body !== null && (body as { stale?: unknown }).stale === true;
}

/** Calls `onTrouble` when answers suggest the live source fails, at most once per `minSeconds`. */
export function useSourceTrouble(onTrouble: () => void, minSeconds = 10): void {
  const callback = useRef(onTrouble);
  useLayoutEffect(() => {
    callback.current = onTrouble;
  });
  useEffect(() => {
    let last = -Infinity;
    const listener = () => {
      const now = Date.now();
      if (now - last < minSeconds * 1000) return;
      last = now;
      callback.current();
    };
    window.addEventListener(SOURCE_TROUBLE_EVENT, listener);
    return () => window.removeEventListener(SOURCE_TROUBLE_EVENT, listener);
  }, [minSeconds]);
}
