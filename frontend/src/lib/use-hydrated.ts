import { useSyncExternalStore } from "react";

const subscribeNothing = () => () => {};

/** False on the server and while React hydrates the exported HTML; true once the app has the page. */
export function useHydrated(): boolean {
  return useSyncExternalStore(subscribeNothing, () => true, () => false);
}
