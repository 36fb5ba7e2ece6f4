import { useEffect, useLayoutEffect, useRef } from "react";

/**
 * Calls `refresh` every `seconds` (0 = never) while the page is visible, and once when it
 * becomes visible again, so a background tab sends no requests.
 */
export function useAutoRefresh(refresh: () => void, seconds: number): void {
  const refreshRef = useRef(refresh);
  useLayoutEffect(() => {
    refreshRef.current = refresh;
  });

  useEffect(() => {
    if (seconds <= 0) return;
    const timer = window.setInterval(() => {
      if (!document.hidden) refreshRef.current();
    }, seconds * 1000);
    const onVisibilityChange = () => {
      if (!document.hidden) refreshRef.current();
    };
    document.addEventListener("visibilitychange", onVisibilityChange);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisibilityChange);
    };
  }, [seconds]);
}
