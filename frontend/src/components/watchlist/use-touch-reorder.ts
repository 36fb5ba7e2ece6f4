"use client";

import { useRef, useState, type PointerEvent } from "react";

/** The code of the watchlist row under a point of the screen, if any. */
function rowCodeAt(x: number, y: number): string | null {
  return document.elementFromPoint(x, y)?.closest<HTMLElement>("[data-code]")?.dataset.code ?? null;
}

/**
 * Reordering by a finger (or pen) on a row's handle: HTML drag and drop, which the mouse uses on
 * the whole row, does not start from a touch. The handle takes the pointer (touch-action: none),
 * follows it over the rows and drops the row on the one under it.
 */
export function useTouchReorder(onDrop: (dragged: string, target: string) => void) {
  const dragged = useRef<string | null>(null);
  const [target, setTarget] = useState<string | null>(null);

  const reset = () => {
    dragged.current = null;
    setTarget(null);
  };

  const handleProps = (code: string) => ({
    onPointerDown(event: PointerEvent<HTMLElement>) {
      if (event.pointerType === "mouse") return;
      event.currentTarget.setPointerCapture(event.pointerId);
      dragged.current = code;
      setTarget(code);
    },
    onPointerMove(event: PointerEvent<HTMLElement>) {
      if (dragged.current !== null) setTarget(rowCodeAt(event.clientX, event.clientY));
    },
    onPointerUp(event: PointerEvent<HTMLElement>) {
      const from = dragged.current;
      const to = rowCodeAt(event.clientX, event.clientY);
      reset();
      if (from !== null && to !== null && from !== to) onDrop(from, to);
    },
    onPointerCancel: reset,
  });

  return { target, handleProps };
}
