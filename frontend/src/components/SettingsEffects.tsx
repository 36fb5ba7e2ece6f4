"use client";

import { useEffect } from "react";
import { resolveColorConvention, useSettings } from "@/lib/settings";
import { applyTheme, useResolvedTheme } from "@/lib/theme";

/** Mirrors language, colour and theme settings onto <html>, where CSS and screen readers read them. */
export function SettingsEffects() {
  const settings = useSettings();
  const convention = resolveColorConvention(settings);
  const theme = useResolvedTheme();
  useEffect(() => {
    document.documentElement.lang = settings.language;
    document.documentElement.dataset.colors = convention;
  }, [settings.language, convention]);
  useEffect(() => applyTheme(theme), [theme]);
  return null;
}
