/**
 * Resolves once the browser has painted the frame being rendered now: a frame's callback runs
 * just before its paint, and a task queued from it runs after. Requests that can wait a frame
 * (a list's per-row figures, the status banners) start then, so what was just rendered shows
 * first instead of waiting behind them for the main thread and the browser's six connections.
 */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}
