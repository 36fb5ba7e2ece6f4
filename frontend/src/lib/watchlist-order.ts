// Pure ordering helpers for the watchlist table, kept apart from React so they are easy to test.

/** Moves `code` by `offset` places (−1 up, +1 down); unchanged at the ends. */
export function moveCode(codes: readonly string[], code: string, offset: number): string[] {
  const from = codes.indexOf(code);
  const to = from + offset;
  if (from < 0 || to < 0 || to >= codes.length) return [...codes];
  return moveIndex(codes, from, to);
}

/** Drag and drop: puts `code` where `targetCode` is, shifting the rest. */
export function moveCodeTo(codes: readonly string[], code: string, targetCode: string): string[] {
  const from = codes.indexOf(code);
  const to = codes.indexOf(targetCode);
  if (from < 0 || to < 0) return [...codes];
  return moveIndex(codes, from, to);
}

function moveIndex(codes: readonly string[], from: number, to: number): string[] {
  const next = [...codes];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved);
  return next;
}

/**
 * Applies a new order of some codes (one group's rows) to the full list: the slots those
 * codes occupy stay where they are and are refilled in the new order.
 */
export function applySubsetOrder(allCodes: readonly string[], subsetInNewOrder: readonly string[]): string[] {
  const subset = new Set(subsetInNewOrder);
  const replacements = [...subsetInNewOrder];
  return allCodes.map((code) => (subset.has(code) ? (replacements.shift() as string) : code));
}

export type SortDirection = "asc" | "desc";

/** Sorts by a numeric column; rows without a value go last in both directions. */
export function sortByValue<T>(rows: readonly T[], value: (row: T) => number | null | undefined, dir: SortDirection): T[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const left = value(a);
    const right = value(b);
    const leftMissing = left === null || left === undefined || Number.isNaN(left);
    const rightMissing = right === null || right === undefined || Number.isNaN(right);
    if (leftMissing || rightMissing) return Number(leftMissing) - Number(rightMissing);
    return sign * ((left as number) - (right as number));
  });
}
