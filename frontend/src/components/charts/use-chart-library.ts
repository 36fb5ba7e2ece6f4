import { useEffect, useState } from "react";

export type ChartLibrary = typeof import("lightweight-charts");

let loading: Promise<ChartLibrary> | null = null;

/**
 * Downloads lightweight-charts on demand (pages without charts never do), once. A page with a
 * chart calls it as it mounts: its charts mount only with their data, and the library then comes
 * while the data does instead of after it.
 */
export function loadChartLibrary(): Promise<ChartLibrary> {
  loading ??= import("lightweight-charts").catch((error: unknown) => {
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
      if (mounted) setLibrary(module);
    });
    return () => {
      mounted = false;
    };
  }, []);
  return library;
}

/** For a page whose chart mounts with its data: starts the library's download as the page mounts. */
export function useChartLibraryPreload(): void {
  useEffect(() => {
    // A failure is shown where the chart mounts, which asks again.
    loadChartLibrary().catch(() => {});
  }, []);
}
