"use client";

import { useEffect } from "react";
import { resolveColorConvention, useSettings } from "@/lib/settings";
import { applyTheme, useResolvedTheme } from "@/lib/theme";
import { useHydrated } from "@/lib/use-hydrated";

/** Mirrors language, colour and theme settings onto <html>, where CSS and screen readers read them. */
export function SettingsEffects() {
  const settings = useSettings();
  const convention = resolveColorConvention(settings);
  const theme = useResolvedTheme();
  // Hydration renders with the static HTML's defaults; the theme script has already set the
  // real theme, which those defaults must not overwrite, even for a frame.
  const hydrated = useHydrated();
  useEffect(() => {
    document.documentElement.lang = settings.language;
    document.documentElement.dataset.colors = convention;
  }, [settings.language, convention]);
  useEffect(() => {
    if (hydrated) applyTheme(theme);
  }, [hydrated, theme]);
  return null;
}
