"use client";

import { useId, useState, type FormEvent } from "react";
import { useTranslation, type MessageKey } from "@/lib/i18n";
import { updateSettings, useSettings } from "@/lib/settings";

export function ApiKeyForm() {
  const { t } = useTranslation();
  const { apiKey } = useSettings();
  const inputId = useId();
  const helpId = useId();
  const [draft, setDraft] = useState("");
  const [status, setStatus] = useState<MessageKey | null>(null);

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.trim()) return;
    updateSettings({ apiKey: draft.trim() });
    setDraft("");
    setStatus("settings.apiKeySaved");
  };

  const clear = () => {
    updateSettings({ apiKey: "" });
    setStatus("settings.apiKeyCleared");
  };

  return (
    <form onSubmit={save} className="space-y-2">
      <label htmlFor={inputId} className="block font-medium">
        {t("settings.apiKey")}
      </label>
      <p id={helpId} className="text-sm text-slate-600">
        {t("settings.apiKeyHelp")} {apiKey ? t("settings.apiKeyStored") : t("settings.apiKeyNone")}
      </p>
      <div className="flex flex-wrap gap-2">
        <input
          id={inputId}
          data-testid="api-key-input"
          type="password"
          autoComplete="off"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          aria-describedby={helpId}
          className="min-w-0 flex-1 rounded border border-slate-400 bg-surface px-2 py-1"
        />
        <button type="submit" className="rounded bg-blue-700 px-3 py-1 text-white hover:bg-blue-800">
          {t("common.save")}
        </button>
        {apiKey && (
          <button type="button" onClick={clear} className="rounded border border-slate-400 px-3 py-1 hover:bg-slate-100">
            {t("settings.clear")}
          </button>
        )}
      </div>
      {status && (
        <p role="status" className="text-sm text-emerald-800">
          {t(status)}
        </p>
      )}
    </form>
  );
}
