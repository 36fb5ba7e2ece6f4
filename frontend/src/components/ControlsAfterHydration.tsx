"use client";

import type { ReactNode } from "react";
import { useHydrated } from "@/lib/use-hydrated";

/**
 * Keeps the exported HTML's form controls disabled until the app has taken the page over: what is
 * chosen or typed before that is reset by hydration, which gives the controls the app's state.
 * On a slow phone the controls show greyed for that moment instead of dropping the choice.
 * A fieldset disables all of its controls natively; `display: contents` keeps it out of the
 * layout and role "none" out of the accessibility tree.
 */
export function ControlsAfterHydration({ children }: { children: ReactNode }) {
  const hydrated = useHydrated();
  return (
    <fieldset disabled={!hydrated} role="none" className="contents">
      {children}
    </fieldset>
  );
}
