import type { Category } from "./api-extensions";
import { CATEGORIES } from "./api-extensions";

/**
 * Items of one category (null: all of them). An item whose category is unknown (not loaded yet,
 * or an older backend) belongs to no category, so a chosen category leaves it out.
 */
export function filterByCategory<T>(
  items: readonly T[],
  category: Category | null,
  categoryOf: (item: T) => Category | null | undefined,
): T[] {
  if (category === null) return [...items];
  return items.filter((item) => categoryOf(item) === category);
}

/** The categories that occur among the items, in the standard order (for filter chips). */
export function categoriesPresent<T>(items: readonly T[], categoryOf: (item: T) => Category | null | undefined): Category[] {
  const present = new Set(items.map(categoryOf));
  return CATEGORIES.filter((category) => present.has(category));
}
