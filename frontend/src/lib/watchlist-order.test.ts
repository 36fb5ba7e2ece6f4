import { describe, expect, it } from "vitest";
import { applySubsetOrder, moveCode, moveCodeTo, sortByValue } from "./watchlist-order";

describe("watchlist ordering", () => {
  it("moves a code up or down and stops at the ends", () => {
    expect(moveCode(["a", "b", "c"], "b", -1)).toEqual(["b", "a", "c"]);
    expect(moveCode(["a", "b", "c"], "b", 1)).toEqual(["a", "c", "b"]);
    expect(moveCode(["a", "b", "c"], "a", -1)).toEqual(["a", "b", "c"]);
    expect(moveCode(["a", "b", "c"], "c", 1)).toEqual(["a", "b", "c"]);
  });

  it("drops a dragged code onto another's place", () => {
    expect(moveCodeTo(["a", "b", "c", "d"], "a", "c")).toEqual(["b", "c", "a", "d"]);
    expect(moveCodeTo(["a", "b", "c", "d"], "d", "b")).toEqual(["a", "d", "b", "c"]);
  });

  it("reorders one group inside the full list without moving other groups", () => {
    // a, c are group X; b, d group Y. Swapping X's order keeps Y's slots.
    expect(applySubsetOrder(["a", "b", "c", "d"], ["c", "a"])).toEqual(["c", "b", "a", "d"]);
  });

  it("sorts numbers both ways with missing values last", () => {
    const rows = [{ v: 2 }, { v: null }, { v: 10 }, { v: -1 }];
    expect(sortByValue(rows, (row) => row.v, "desc").map((row) => row.v)).toEqual([10, 2, -1, null]);
    expect(sortByValue(rows, (row) => row.v, "asc").map((row) => row.v)).toEqual([-1, 2, 10, null]);
  });
});
