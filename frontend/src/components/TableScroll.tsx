import type { ReactNode } from "react";

/**
 * The sideways scroller of a table that may be wider than a phone: focusable, so that a keyboard
 * scrolls it too (axe's scrollable-region-focusable), and a region named after its table.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="relative overflow-x-auto">
      {children}
    </div>
  );
}
