"use client";

import type { Category } from "@/lib/api-extensions";
import { useTranslation } from "@/lib/i18n";

interface CategoryFilterProps {
  categories: readonly Category[];
  /** null: every category. */
  selected: Category | null;
  onSelect: (category: Category | null) => void;
}

/** Chips to show one category of funds (宽基, 行业主题, 债券 …) or all of them. */
export function CategoryFilter({ categories, selected, onSelect }: CategoryFilterProps) {
  const { t } = useTranslation();
  const choices: (Category | null)[] = [null, ...categories];
  return (
    <div role="group" aria-label={t("category.label")} data-testid="category-filter" className="flex flex-wrap gap-1">
      {choices.map((category) => (
        <button
          key={category ?? "all"}
          type="button"
          data-category={category ?? "all"}
          aria-pressed={selected === category}
          onClick={() => onSelect(category)}
          className={`rounded-full border px-3 py-0.5 text-sm ${
            selected === category ? "border-sky-800 bg-sky-800 text-white" : "border-slate-300 bg-surface text-slate-800 hover:bg-slate-100"
          }`}
        >
          {category === null ? t("category.all") : t(`category.${category}`)}
        </button>
      ))}
    </div>
  );
}
