"use client";

import { useEffect } from "react";
import { resolveColorConvention, useSettings } from "@/lib/settings";

/** Mirrors language and colour settings onto <html>, where CSS and screen readers read them. */
export function SettingsEffects() {
  const settings = useSettings();
  const convention = resolveColorConvention(settings);
  useEffect(() => {
    document.documentElement.lang = settings.language;
    document.documentElement.dataset.colors = convention;
  }, [settings.language, convention]);
  return null;
}
