"use client";

import { useId, useState, type FormEvent } from "react";
import { isValidCode, MAX_COMPARE_CODES } from "@/lib/codes";
import { useTranslation, type MessageKey } from "@/lib/i18n";

interface CodePickerProps {
  codes: string[];
  onChange: (codes: string[]) => void;
  /** Codes offered as one-click additions (the watchlist). */
  suggestions: { code: string; name: string }[];
}

export function CodePicker({ codes, onChange, suggestions }: CodePickerProps) {
  const { t } = useTranslation();
  const inputId = useId();
  const errorId = useId();
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState<{ key: MessageKey; code?: string } | null>(null);
  const full = codes.length >= MAX_COMPARE_CODES;

  const add = (raw: string) => {
    const code = raw.trim();
    if (!isValidCode(code)) return setProblem({ key: "compare.invalidCode" });
    if (codes.includes(code)) return setProblem({ key: "compare.duplicate", code });
    if (full) return setProblem({ key: "compare.tooMany" });
    setProblem(null);
    setDraft("");
    onChange([...codes, code]);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    add(draft);
  };

  const offered = suggestions.filter((suggestion) => !codes.includes(suggestion.code));
  return (
    <div className="space-y-2">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor={inputId} className="block text-sm font-medium">
            {t("compare.codeLabel")}
          </label>
          <input
            id={inputId}
            data-testid="compare-code-input"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            aria-invalid={problem !== null}
            aria-describedby={problem ? errorId : undefined}
            placeholder="510300"
            className="w-36 rounded border border-slate-400 bg-surface px-2 py-1"
          />
        </div>
        <button type="submit" disabled={full} className="rounded bg-blue-700 px-3 py-1 text-white hover:bg-blue-800 disabled:opacity-50">
          {t("compare.add")}
        </button>
        <span className="text-sm text-slate-600">{t("compare.selected", { count: codes.length })}</span>
      </form>
      {problem && (
        <p id={errorId} role="alert" className="text-sm text-red-800">
          {t(problem.key, { code: problem.code ?? "" })}
        </p>
      )}
      <ul aria-label={t("compare.codeLabel")} className="flex flex-wrap gap-1">
        {codes.map((code) => (
          <li key={code} data-testid="compare-chip" className="inline-flex items-center gap-1 rounded-full bg-blue-100 py-0.5 pr-1 pl-3 text-sm text-blue-950">
            {code}
            <button
              type="button"
              aria-label={t("compare.remove", { code })}
              onClick={() => onChange(codes.filter((other) => other !== code))}
              className="rounded-full px-1.5 hover:bg-blue-200"
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {offered.length > 0 && !full && (
        <div className="flex flex-wrap gap-1 text-sm">
          {offered.map((suggestion) => (
            <button
              key={suggestion.code}
              type="button"
              onClick={() => add(suggestion.code)}
              className="rounded border border-slate-300 bg-surface px-2 py-0.5 hover:bg-slate-100"
            >
              + {suggestion.name} <span className="text-slate-600">{suggestion.code}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
