"use client";

import { useState } from "react";
import { AccountSection } from "@/components/account/AccountSection";
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
  type Theme,
} from "@/lib/settings";
import { ApiKeyForm } from "./ApiKeyForm";
import { CsvImportList } from "./CsvImportList";
import { CsvPriceImport } from "./CsvPriceImport";
import { DataSourcesTable } from "./DataSourcesTable";
import { NotificationChannels } from "./NotificationChannels";
import { SettingSelect } from "./SettingSelect";
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
  // Counts imports, so that the list of them loads again after each.
  const [imports, setImports] = useState(0);

  return (
    <section className="space-y-4">
      <DocumentTitle title={t("settings.title")} />
      <h1 className="text-xl font-semibold">{t("settings.title")}</h1>
      <div className="grid gap-3 rounded border border-slate-200 bg-surface p-3 sm:grid-cols-2 lg:grid-cols-4">
        <SettingSelect
          label={t("settings.language")}
          testId="settings-language"
          value={settings.language}
          choices={LANGUAGES}
          choiceLabel={(language) => LANGUAGE_NAMES[language]}
          choiceLang={(language) => language}
          onChange={(language) => updateSettings({ language })}
        />
        <SettingSelect
          label={t("settings.colors")}
          testId="settings-colors"
          value={settings.colors}
          choices={COLOR_CONVENTIONS}
          choiceLabel={(convention) => t(COLOR_LABELS[convention])}
          onChange={(colors) => updateSettings({ colors })}
        >
          <p className="mt-1 text-sm">
            <span className="text-up">▲ +1.23%</span> <span className="text-down">▼ −1.23%</span>
          </p>
        </SettingSelect>
        <SettingSelect
          label={t("settings.theme")}
          testId="settings-theme"
          value={settings.theme}
          choices={THEMES}
          choiceLabel={(theme) => t(THEME_LABELS[theme])}
          onChange={(theme) => updateSettings({ theme })}
        />
        <SettingSelect
          label={t("settings.refresh")}
          value={settings.refreshSeconds}
          choices={REFRESH_CHOICES}
          choiceLabel={(seconds) => (seconds === 0 ? t("refresh.off") : t("refresh.seconds", { n: seconds }))}
          onChange={(refreshSeconds) => updateSettings({ refreshSeconds })}
        />
      </div>
      <AccountSection />
      <div className="rounded border border-slate-200 bg-surface p-3">
        <ApiKeyForm />
      </div>
      <NotificationChannels />
      <UserDataTransfer />
      <CsvPriceImport onImported={() => setImports((generation) => generation + 1)} />
      <CsvImportList generation={imports} />
      <DataSourcesTable />
    </section>
  );
}
