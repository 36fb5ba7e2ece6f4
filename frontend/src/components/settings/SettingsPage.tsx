"use client";

import { useId } from "react";
import { DocumentTitle } from "@/components/DocumentTitle";
import { useTranslation, type MessageKey } from "@/lib/i18n";
import {
  COLOR_CONVENTIONS,
  LANGUAGES,
  REFRESH_CHOICES,
  THEMES,
  updateSettings,
  useSettings,
  type ColorConvention,
  type Language,
  type RefreshSeconds,
  type Theme,
} from "@/lib/settings";
import { ApiKeyForm } from "./ApiKeyForm";
import { DataSourcesTable } from "./DataSourcesTable";
import { NotificationChannels } from "./NotificationChannels";
import { UserDataTransfer } from "./UserDataTransfer";

const LANGUAGE_NAMES: Record<Language, string> = { "zh-CN": "简体中文", en: "English" };
const COLOR_LABELS: Record<ColorConvention, MessageKey> = {
  auto: "settings.colorsAuto",
  "red-up": "settings.colorsRedUp",
  "green-up": "settings.colorsGreenUp",
};
const THEME_LABELS: Record<Theme, MessageKey> = {
  system: "settings.themeSystem",
  light: "settings.themeLight",
  dark: "settings.themeDark",
};

export function SettingsPage() {
  const { t } = useTranslation();
  const settings = useSettings();
  const ids = { language: useId(), colors: useId(), theme: useId(), refresh: useId() };
  const selectClass = "rounded border border-slate-400 bg-surface px-2 py-1";

  return (
    <section className="space-y-4">
      <DocumentTitle title={t("settings.title")} />
      <h1 className="text-xl font-semibold">{t("settings.title")}</h1>
      <div className="grid gap-3 rounded border border-slate-200 bg-surface p-3 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <label htmlFor={ids.language} className="block font-medium">
            {t("settings.language")}
          </label>
          <select
            id={ids.language}
            data-testid="settings-language"
            value={settings.language}
            onChange={(event) => updateSettings({ language: event.target.value as Language })}
            className={selectClass}
          >
            {LANGUAGES.map((language) => (
              <option key={language} value={language} lang={language}>
                {LANGUAGE_NAMES[language]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.colors} className="block font-medium">
            {t("settings.colors")}
          </label>
          <select
            id={ids.colors}
            data-testid="settings-colors"
            value={settings.colors}
            onChange={(event) => updateSettings({ colors: event.target.value as ColorConvention })}
            className={selectClass}
          >
            {COLOR_CONVENTIONS.map((convention) => (
              <option key={convention} value={convention}>
                {t(COLOR_LABELS[convention])}
              </option>
            ))}
          </select>
          <p className="mt-1 text-sm">
            <span className="text-up">▲ +1.23%</span> <span className="text-down">▼ −1.23%</span>
          </p>
        </div>
        <div>
          <label htmlFor={ids.theme} className="block font-medium">
            {t("settings.theme")}
          </label>
          <select
            id={ids.theme}
            data-testid="settings-theme"
            value={settings.theme}
            onChange={(event) => updateSettings({ theme: event.target.value as Theme })}
            className={selectClass}
          >
            {THEMES.map((theme) => (
              <option key={theme} value={theme}>
                {t(THEME_LABELS[theme])}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.refresh} className="block font-medium">
            {t("settings.refresh")}
          </label>
          <select
            id={ids.refresh}
            value={settings.refreshSeconds}
            onChange={(event) => updateSettings({ refreshSeconds: Number(event.target.value) as RefreshSeconds })}
            className={selectClass}
          >
            {REFRESH_CHOICES.map((seconds) => (
              <option key={seconds} value={seconds}>
                {seconds === 0 ? t("refresh.off") : t("refresh.seconds", { n: seconds })}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="rounded border border-slate-200 bg-surface p-3">
        <ApiKeyForm />
      </div>
      <NotificationChannels />
      <UserDataTransfer />
      <DataSourcesTable />
    </section>
  );
}
