import { afterNextPaint } from "./after-paint";
import { api } from "./api";
import type { Health } from "./api-types";
import { useApi, type ApiState } from "./use-api";

let asking: Promise<Health> | null = null;

/** The question in flight, shared: it is asked again once answered, as each part mounts. */
function askHealth(): Promise<Health> {
  // The page's own content is painted before the status parts ask.
  asking ??= afterNextPaint()
    .then(() => api.health())
    .finally(() => {
      asking = null;
    });
  return asking;
}

/**
 * The server's health (version, whether writes are open) for the parts of every page that show
 * it: one request for all of them, not one each while the page loads.
 */
export function useHealth(): ApiState<Health> {
  return useApi("health", askHealth);
}
