import { useSyncExternalStore } from "react";
import { useSettings, type Theme } from "./settings";

export type ResolvedTheme = "light" | "dark";

const DARK_QUERY = "(prefers-color-scheme: dark)";

export function resolveTheme(theme: Theme, systemDark: boolean): ResolvedTheme {
  if (theme !== "system") return theme;
  return systemDark ? "dark" : "light";
}

/** Sets the theme on <html>, where globals.css switches its colour variables. */
export function applyTheme(theme: ResolvedTheme): void {
  document.documentElement.dataset.theme = theme;
}

function subscribeSystem(notify: () => void): () => void {
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener("change", notify);
  return () => query.removeEventListener("change", notify);
}

function systemPrefersDark(): boolean {
  return window.matchMedia(DARK_QUERY).matches;
}

/** The theme in effect: the setting, or the device's preference (followed live) for "system". */
export function useResolvedTheme(): ResolvedTheme {
  const { theme } = useSettings();
  const systemDark = useSyncExternalStore(subscribeSystem, systemPrefersDark, () => false);
  return resolveTheme(theme, systemDark);
}
