"use client";

import { useEffect, useRef, type ReactNode } from "react";
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
  const fieldset = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    // Disabled, the control the HTML autofocuses could not take the focus: it takes it now,
    // unless the reader has already put it somewhere.
    if (!hydrated || (document.activeElement !== null && document.activeElement !== document.body)) return;
    fieldset.current?.querySelector<HTMLElement>("[autofocus]")?.focus();
  }, [hydrated]);
  return (
    <fieldset ref={fieldset} disabled={!hydrated} role="none" className="contents">
      {children}
    </fieldset>
  );
}
