import { startTransition, useEffect, useState } from "react";

/**
 * Resolves once the browser has painted the frame being rendered now: a frame's callback runs
 * just before its paint, and a task queued from it runs after. Requests that can wait a frame
 * (a list's per-row figures, the status banners) start then, so what was just rendered shows
 * first instead of waiting behind them for the main thread and the browser's six connections.
 */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/**
 * False until the browser has painted a frame after `ready` turned true; true from then on while
 * `ready` is. What waits on it (the cards below a page's main content, their requests) mounts
 * after that content is on screen, instead of making its first frame wait for their work.
 */
export function useAfterPaint(ready: boolean): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (!ready || painted) return;
    let mounted = true;
    afterNextPaint().then(() => {
      // A transition, as in useApi: what waited on the paint mounts in slices.
      if (mounted) startTransition(() => setPainted(true));
    });
    return () => {
      mounted = false;
    };
  }, [ready, painted]);
  return ready && painted;
}
