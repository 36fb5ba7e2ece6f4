import type { WatchlistEntry } from "./use-watchlist";

export const LOCAL_WATCHLIST_KEY = "etftool.watchlist";

function isEntry(value: unknown): value is WatchlistEntry {
  const item = value as WatchlistEntry;
  return typeof item?.code === "string" && typeof item.name === "string";
}

/** The browser-side watchlist used while the server has none (or cannot be reached). */
export function readLocalWatchlist(): WatchlistEntry[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(LOCAL_WATCHLIST_KEY) ?? "[]");
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter(isEntry)
      .map((item, index) => ({ code: item.code, name: item.name, group: item.group ?? "", position: index }));
  } catch {
    return [];
  }
}

export function writeLocalWatchlist(items: readonly WatchlistEntry[]): WatchlistEntry[] {
  const numbered = items.map((item, position) => ({ ...item, position }));
  window.localStorage.setItem(LOCAL_WATCHLIST_KEY, JSON.stringify(numbered));
  return numbered;
}
