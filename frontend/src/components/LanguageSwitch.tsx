"use client";

import { useTranslation } from "@/lib/i18n";
import { updateSettings } from "@/lib/settings";

export function LanguageSwitch() {
  const { t, language } = useTranslation();
  const other = language === "zh-CN" ? "en" : "zh-CN";
  return (
    <button
      type="button"
      data-testid="language-switch"
      title={t("language.switchLabel")}
      lang={other}
      onClick={() => updateSettings({ language: other })}
      className="rounded border border-slate-300 bg-surface px-2 py-1 text-sm text-slate-800 hover:bg-slate-100"
    >
      {t("language.switch")}
    </button>
  );
}
