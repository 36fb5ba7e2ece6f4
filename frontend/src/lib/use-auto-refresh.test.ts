import { renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useAutoRefresh } from "./use-auto-refresh";

function setHidden(hidden: boolean) {
  Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
  document.dispatchEvent(new Event("visibilitychange"));
}

describe("useAutoRefresh", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    setHidden(false);
  });

  it("refreshes on the interval only while the page is visible, and on return", () => {
    const refresh = vi.fn();
    renderHook(() => useAutoRefresh(refresh, 5));
    vi.advanceTimersByTime(10_000);
    expect(refresh).toHaveBeenCalledTimes(2);

    setHidden(true);
    vi.advanceTimersByTime(30_000);
    expect(refresh).toHaveBeenCalledTimes(2);

    setHidden(false);
    expect(refresh).toHaveBeenCalledTimes(3);
  });

  it("does nothing when switched off", () => {
    const refresh = vi.fn();
    renderHook(() => useAutoRefresh(refresh, 0));
    vi.advanceTimersByTime(60_000);
    setHidden(false);
    expect(refresh).not.toHaveBeenCalled();
  });
});
