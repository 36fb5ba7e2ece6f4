import { useEffect, useState } from "react";

export type ChartLibrary = typeof import("lightweight-charts");

/** Loads lightweight-charts on demand so pages without charts never download it. */
export function useChartLibrary(): ChartLibrary | null {
  const [library, setLibrary] = useState<ChartLibrary | null>(null);
  useEffect(() => {
    let mounted = true;
    import("lightweight-charts").then((module) => {
      if (mounted) setLibrary(module);
    });
    return () => {
      mounted = false;
    };
  }, []);
  return library;
}
