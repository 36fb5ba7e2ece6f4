"use client";

import { isCategory } from "@/lib/api-extensions";
import { useTranslation } from "@/lib/i18n";

/** The fund's category (宽基, 行业主题, 债券 …); nothing when the backend gave none. */
export function CategoryBadge({ category }: { category: string | null | undefined }) {
  const { t } = useTranslation();
  if (!isCategory(category)) return null;
  return (
    <span data-testid="category-badge" data-category={category} className="rounded bg-sky-100 px-1.5 py-0.5 text-xs whitespace-nowrap text-sky-900">
      {t(`category.${category}`)}
    </span>
  );
}
