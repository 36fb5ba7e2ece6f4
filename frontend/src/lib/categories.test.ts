import { describe, expect, it } from "vitest";
import type { Category } from "./api-extensions";
import { categoriesPresent, filterByCategory } from "./categories";

const ITEMS: { code: string; category?: Category | null }[] = [
  { code: "510300", category: "broad" },
  { code: "512880", category: "sector" },
  { code: "511010", category: "bond" },
  { code: "510500", category: "broad" },
  { code: "MTUM", category: null },
  { code: "OLD" },
];
const categoryOf = (item: (typeof ITEMS)[number]) => item.category;

describe("filterByCategory", () => {
  it("keeps every item, in order, when no category is chosen", () => {
    expect(filterByCategory(ITEMS, null, categoryOf).map((item) => item.code)).toEqual(["510300", "512880", "511010", "510500", "MTUM", "OLD"]);
  });

  it("keeps the items of the chosen category only, leaving out unknown ones", () => {
    expect(filterByCategory(ITEMS, "broad", categoryOf).map((item) => item.code)).toEqual(["510300", "510500"]);
    expect(filterByCategory(ITEMS, "commodity", categoryOf)).toEqual([]);
  });
});

describe("categoriesPresent", () => {
  it("lists the categories found, in the standard order, without unknowns", () => {
    expect(categoriesPresent(ITEMS, categoryOf)).toEqual(["broad", "sector", "bond"]);
  });
});
