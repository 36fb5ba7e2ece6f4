import { startTransition, useEffect, useState } from "react";
import { afterNextPaint } from "@/lib/after-paint";

export type ChartLibrary = typeof import("lightweight-charts");

let loading: Promise<ChartLibrary> | null = null;

/**
 * Downloads lightweight-charts on demand (pages without charts never do), once, after the frame
 * being rendered is painted: the library is the biggest download and evaluation of a page, and
 * what was just rendered (a fund's quote, a comparison's card) shows first instead of behind it.
 */
export function loadChartLibrary(): Promise<ChartLibrary> {
  loading ??= afterNextPaint()
    .then(() => import("lightweight-charts"))
    .catch((error: unknown) => {
      loading = null; // offline: the next chart tries again
      throw error;
    });
  return loading;
}

export function useChartLibrary(): ChartLibrary | null {
  const [library, setLibrary] = useState<ChartLibrary | null>(null);
  useEffect(() => {
    let mounted = true;
    loadChartLibrary().then((module) => {
      // A transition, as in useApi: what the library makes render (the charts) renders in slices.
      if (mounted) startTransition(() => setLibrary(module));
    });
    return () => {
      mounted = false;
    };
  }, []);
  return library;
}

/**
 * For a page whose chart mounts with its data: starts the library's download once `ready` (at
 * once by default), so that it comes while the chart's data does instead of after it.
 */
export function useChartLibraryPreload(ready = true): void {
  useEffect(() => {
    // A failure is shown where the chart mounts, which asks again.
    if (ready) loadChartLibrary().catch(() => {});
  }, [ready]);
}
