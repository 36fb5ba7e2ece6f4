import "@testing-library/jest-dom/vitest";
import { afterEach, vi } from "vitest";

// jsdom has no canvas: charts are checked through a recording stand-in of the library.
vi.mock("lightweight-charts", () => import("./lightweight-charts-mock"));

afterEach(() => {
  window.localStorage.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
