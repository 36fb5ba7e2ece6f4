import "@testing-library/jest-dom/vitest";
import { configure } from "@testing-library/react";
import { afterEach, vi } from "vitest";

// findBy…/waitFor wait up to 5 s instead of 1 s: on a busy CI machine a render can take longer
// than a second. A test still fails when what it waits for never appears.
configure({ asyncUtilTimeout: 5000 });

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
