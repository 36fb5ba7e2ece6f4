import { startTransition, useCallback, useEffect, useState } from "react";
import { api } from "./api";
import type { WatchlistItem } from "./api-types";
import { readLocalWatchlist, writeLocalWatchlist } from "./local-watchlist";

export type WatchlistMode = "server" | "local";

/** A watchlist row as the UI keeps it, whether from the server or from localStorage. */
export interface WatchlistEntry {
  code: string;
  name: string;
  group: string;
  position: number;
}

export type NewWatchlistEntry = Omit<WatchlistEntry, "position">;

export interface Watchlist {
  items: WatchlistEntry[];
  /** null while the first load runs. */
  mode: WatchlistMode | null;
  /** Why the server list is not used (set in local mode). */
  fallbackReason: unknown;
  /** The last failed change, shown to the user; the list is rolled back. */
  writeError: unknown;
  add: (entry: NewWatchlistEntry) => Promise<void>;
  remove: (code: string) => Promise<void>;
  reorder: (codes: string[]) => Promise<void>;
}

/** The server's rows without their quotes, which the pages load (and refresh) themselves. */
function toEntry({ code, name, group, position }: WatchlistItem): WatchlistEntry {
  return { code, name, group, position };
}

function byPosition(items: WatchlistItem[]): WatchlistEntry[] {
  return items.map(toEntry).sort((a, b) => a.position - b.position);
}

function inOrder(items: WatchlistEntry[], codes: string[]): WatchlistEntry[] {
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
  const [items, setItems] = useState<WatchlistEntry[]>([]);
  const [mode, setMode] = useState<WatchlistMode | null>(null);
  const [fallbackReason, setFallbackReason] = useState<unknown>(null);
  const [writeError, setWriteError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    api.watchlist.list(controller.signal).then(
      // A transition, as in useApi: the list renders in slices.
      (response) =>
        startTransition(() => {
          setItems(byPosition(response.items));
          setMode("server");
        }),
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
    async (next: WatchlistEntry[], save: () => Promise<WatchlistEntry[] | void>) => {
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
    async (entry: NewWatchlistEntry) => {
      if (items.some((item) => item.code === entry.code)) return;
      const optimistic = [...items, { ...entry, position: items.length }];
      await change(optimistic, async () => {
        const created = await api.watchlist.add({ code: entry.code, group: entry.group || undefined });
        return [...items, toEntry(created)];
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
