"use client";

import { useEffect, useRef, useState } from "react";

/** How far (px) a finger pulls the top of the page down before letting go refreshes. */
export const PULL_THRESHOLD = 70;
const PULL_MAX = 120;

/**
 * Pull-to-refresh for touch screens: a finger that starts at the very top of the page and pulls
 * down by PULL_THRESHOLD refreshes on release. `pull` (0 … PULL_MAX) drives the indicator.
 */
export function usePullToRefresh(onRefresh: () => void): number {
  const [pull, setPull] = useState(0);
  const refresh = useRef(onRefresh);
  useEffect(() => {
    refresh.current = onRefresh;
  });

  useEffect(() => {
    let start: { x: number; y: number } | null = null;
    let distance = 0;
    const onStart = (event: TouchEvent) => {
      const atTop = (document.scrollingElement?.scrollTop ?? 0) <= 0;
      // A touch on an element with gestures of its own (a row's drag handle) is not a pull.
      const ownGesture = event.target instanceof Element && getComputedStyle(event.target).touchAction === "none";
      const pulling = atTop && !ownGesture && event.touches.length === 1;
      start = pulling ? { x: event.touches[0].clientX, y: event.touches[0].clientY } : null;
      distance = 0;
    };
    const onMove = (event: TouchEvent) => {
      if (start === null) return;
      const down = event.touches[0].clientY - start.y;
      const sideways = Math.abs(event.touches[0].clientX - start.x);
      // Scrolling up, or a sideways swipe through the wide table, is not a pull.
      if (down <= 0 || sideways > down) {
        start = null;
        distance = 0;
      } else {
        distance = Math.min(down, PULL_MAX);
      }
      setPull(distance);
    };
    const onEnd = () => {
      if (start !== null && distance >= PULL_THRESHOLD) refresh.current();
      start = null;
      distance = 0;
      setPull(0);
    };
    // The browser's own pull-to-refresh would reload the whole app instead.
    const root = document.documentElement;
    const overscroll = root.style.overscrollBehaviorY;
    root.style.overscrollBehaviorY = "contain";
    window.addEventListener("touchstart", onStart, { passive: true });
    window.addEventListener("touchmove", onMove, { passive: true });
    window.addEventListener("touchend", onEnd);
    window.addEventListener("touchcancel", onEnd);
    return () => {
      root.style.overscrollBehaviorY = overscroll;
      window.removeEventListener("touchstart", onStart);
      window.removeEventListener("touchmove", onMove);
      window.removeEventListener("touchend", onEnd);
      window.removeEventListener("touchcancel", onEnd);
    };
  }, []);

  return pull;
}
