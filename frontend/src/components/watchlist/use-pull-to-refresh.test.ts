import { act, renderHook } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { PULL_THRESHOLD, usePullToRefresh } from "./use-pull-to-refresh";

/** A touch event as the browser sends it to the window (jsdom has no Touch objects). */
function touch(type: string, points: { x: number; y: number }[], on: EventTarget = window) {
  const event = new Event(type, { bubbles: true });
  const touches = points.map((point) => ({ clientX: point.x, clientY: point.y }));
  Object.defineProperty(event, "touches", { value: touches });
  act(() => {
    on.dispatchEvent(event);
  });
}

function swipe(from: { x: number; y: number }, to: { x: number; y: number }, on: EventTarget = window) {
  touch("touchstart", [from], on);
  touch("touchmove", [{ x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 }]);
  touch("touchmove", [to]);
}

describe("usePullToRefresh", () => {
  it("refreshes when a pull past the threshold is let go, and shows how far it is pulled", () => {
    const refresh = vi.fn();
    const { result } = renderHook(() => usePullToRefresh(refresh));
    swipe({ x: 100, y: 50 }, { x: 100, y: 50 + PULL_THRESHOLD + 10 });
    expect(result.current).toBe(PULL_THRESHOLD + 10);
    expect(refresh).not.toHaveBeenCalled();
    touch("touchend", []);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(result.current).toBe(0);
  });

  it("does nothing for a short pull, a sideways swipe or a swipe up", () => {
    const refresh = vi.fn();
    renderHook(() => usePullToRefresh(refresh));
    for (const to of [
      { x: 100, y: 50 + PULL_THRESHOLD - 10 },
      { x: 300, y: 50 + PULL_THRESHOLD + 10 },
      { x: 100, y: 10 },
    ]) {
      swipe({ x: 100, y: 50 }, to);
      touch("touchend", []);
    }
    expect(refresh).not.toHaveBeenCalled();
  });

  it("leaves a drag that starts on an element with gestures of its own to that element", () => {
    const refresh = vi.fn();
    const handle = document.body.appendChild(document.createElement("span"));
    handle.style.touchAction = "none";
    const { result } = renderHook(() => usePullToRefresh(refresh));
    swipe({ x: 100, y: 50 }, { x: 100, y: 50 + PULL_THRESHOLD + 10 }, handle);
    expect(result.current).toBe(0);
    touch("touchend", [], handle);
    expect(refresh).not.toHaveBeenCalled();
    handle.remove();
  });

  it("keeps the browser's own pull-to-refresh off while it listens", () => {
    const { unmount } = renderHook(() => usePullToRefresh(vi.fn()));
    expect(document.documentElement.style.overscrollBehaviorY).toBe("contain");
    unmount();
    expect(document.documentElement.style.overscrollBehaviorY).toBe("");
  });
});
