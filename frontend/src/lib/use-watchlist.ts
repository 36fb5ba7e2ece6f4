import { useCallback, useEffect, useState } from "react";
import { api } from "./api";
import type { WatchlistItem } from "./api-types";
import { readLocalWatchlist, writeLocalWatchlist } from "./local-watchlist";

export type WatchlistMode = "server" | "local";

export interface WatchlistEntry {
  code: string;
  name: string;
  group: string;
}

export interface Watchlist {
  items: WatchlistItem[];
  /** null while the first load runs. */
  mode: WatchlistMode | null;
  /** Why the server list is not used (set in local mode). */
  fallbackReason: unknown;
  /** The last failed change, shown to the user; the list is rolled back. */
  writeError: unknown;
  add: (entry: WatchlistEntry) => Promise<void>;
  remove: (code: string) => Promise<void>;
  reorder: (codes: string[]) => Promise<void>;
}

function byPosition(items: WatchlistItem[]): WatchlistItem[] {
  return [...items].sort((a, b) => a.position - b.position);
}

function inOrder(items: WatchlistItem[], codes: string[]): WatchlistItem[] {
  const byCode = new Map(items.map((item) => [item.code, item]));
  return codes.flatMap((code, position) => {
    const item = byCode.get(code);
    return item ? [{ ...item, position }] : [];
  });
}

/**
 * The watchlist from the server, or from localStorage when the server list fails to load
 * (endpoint missing, backend down): the home page keeps working either way and says which.
 */
export function useWatchlist(): Watchlist {
  const [items, setItems] = useState<WatchlistItem[]>([]);
  const [mode, setMode] = useState<WatchlistMode | null>(null);
  const [fallbackReason, setFallbackReason] = useState<unknown>(null);
  const [writeError, setWriteError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    api.watchlist.list(controller.signal).then(
      (response) => {
        setItems(byPosition(response.items));
        setMode("server");
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setItems(readLocalWatchlist());
        setFallbackReason(error);
        setMode("local");
      },
    );
    return () => controller.abort();
  }, []);

  /** Shows `next` at once; if the server refuses, puts the previous list back. */
  const change = useCallback(
    async (next: WatchlistItem[], save: () => Promise<WatchlistItem[] | void>) => {
      const previous = items;
      setItems(next);
      setWriteError(null);
      if (mode === "local") {
        setItems(writeLocalWatchlist(next));
        return;
      }
      try {
        const saved = await save();
        if (saved) setItems(saved);
      } catch (error) {
        setItems(previous);
        setWriteError(error);
      }
    },
    [items, mode],
  );

  const add = useCallback(
    async (entry: WatchlistEntry) => {
      if (items.some((item) => item.code === entry.code)) return;
      const optimistic = [...items, { ...entry, position: items.length }];
      await change(optimistic, async () => {
        const created = await api.watchlist.add({ code: entry.code, group: entry.group || undefined });
        return [...items, created];
      });
    },
    [items, change],
  );

  const remove = useCallback(
    (code: string) =>
      change(
        items.filter((item) => item.code !== code),
        () => api.watchlist.remove(code),
      ),
    [items, change],
  );

  const reorder = useCallback(
    (codes: string[]) => change(inOrder(items, codes), () => api.watchlist.reorder(codes)),
    [items, change],
  );

  return { items, mode, fallbackReason, writeError, add, remove, reorder };
}
