import "@testing-library/jest-dom/vitest";
import { afterEach, vi } from "vitest";

// jsdom has no canvas: charts are checked through a recording stand-in of the library.
vi.mock("lightweight-charts", () => import("./lightweight-charts-mock"));

// jsdom has no matchMedia: the device prefers light and no window is narrow, unless a test stubs it.
window.matchMedia = (query: string) =>
  ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {},
    dispatchEvent: () => false,
  }) as MediaQueryList;

afterEach(() => {
  window.localStorage.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
