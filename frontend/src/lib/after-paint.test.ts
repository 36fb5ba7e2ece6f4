import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, renderHook } from "@testing-library/react";
import { afterNextPaint, useAfterPaint } from "./after-paint";

describe("afterNextPaint", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "requestAnimationFrame"] }));
  afterEach(() => vi.useRealTimers());

  it("waits for the next animation frame and then a task", async () => {
    let painted = false;
    void afterNextPaint().then(() => (painted = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(painted).toBe(false);
    // The frame's callback runs before its paint: not yet.
    await vi.advanceTimersToNextFrame();
    expect(painted).toBe(false);
    await vi.advanceTimersByTimeAsync(4);
    expect(painted).toBe(true);
  });
});

describe("useAfterPaint", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "requestAnimationFrame"] }));
  afterEach(() => vi.useRealTimers());

  it("turns true once a frame has been painted after it was given true, and stays true", async () => {
    const { result, rerender } = renderHook(({ ready }) => useAfterPaint(ready), { initialProps: { ready: false } });
    await act(() => vi.advanceTimersToNextFrame());
    expect(result.current).toBe(false);

    rerender({ ready: true });
    expect(result.current).toBe(false);
    await act(() => vi.advanceTimersToNextFrame());
    expect(result.current).toBe(false);
    await act(() => vi.advanceTimersByTimeAsync(4));
    expect(result.current).toBe(true);

    // Not ready again (another fund loading): false, and true again with no frame to wait for.
    rerender({ ready: false });
    expect(result.current).toBe(false);
    rerender({ ready: true });
    expect(result.current).toBe(true);
  });
});
