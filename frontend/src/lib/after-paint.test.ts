import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { afterNextPaint } from "./after-paint";

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
