"use client";

import { useTranslation } from "@/lib/i18n";

interface GroupTabsProps {
  groups: string[];
  /** null shows every group. */
  selected: string | null;
  onSelect: (group: string | null) => void;
}

export function GroupTabs({ groups, selected, onSelect }: GroupTabsProps) {
  const { t } = useTranslation();
  const choices: (string | null)[] = [null, ...groups];
  return (
    <div role="group" aria-label={t("watchlist.groups")} className="flex flex-wrap gap-1">
      {choices.map((group) => (
        <button
          key={group ?? "\u0000all"}
          type="button"
          aria-pressed={selected === group}
          onClick={() => onSelect(group)}
          className={`rounded-full border px-3 py-0.5 text-sm ${
            selected === group ? "border-blue-700 bg-blue-700 text-white" : "border-slate-300 bg-surface text-slate-800 hover:bg-slate-100"
          }`}
        >
          {group === null ? t("watchlist.groupAll") : group || t("watchlist.ungrouped")}
        </button>
      ))}
    </div>
  );
}
