"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { DocumentTitle } from "@/components/DocumentTitle";
import { ErrorNotice } from "@/components/ErrorNotice";
import { useTranslation } from "@/lib/i18n";
import { useWatchlist } from "@/lib/use-watchlist";
import { SearchBox } from "./SearchBox";

export function SearchPage() {
  const { t } = useTranslation();
  const router = useRouter();
  const watchlist = useWatchlist();
  const [group, setGroup] = useState("");
  const groupId = useId();
  const inWatchlist = new Set(watchlist.items.map((item) => item.code));

  return (
    <section className="space-y-3">
      <DocumentTitle title={t("search.title")} />
      <h1 className="text-xl font-semibold">{t("search.title")}</h1>
      {watchlist.mode === "local" && (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-950">
          {t("watchlist.localFallback")}
        </p>
      )}
      {watchlist.writeError !== null && <ErrorNotice error={watchlist.writeError} />}
      <SearchBox
        onOpen={(result) => router.push(`/etf/?code=${encodeURIComponent(result.code)}`)}
        onAdd={(result) => watchlist.add({ code: result.code, name: result.name, group: group.trim() })}
        isAdded={(code) => inWatchlist.has(code)}
      />
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label htmlFor={groupId}>{t("search.group")}</label>
        <input
          id={groupId}
          value={group}
          maxLength={32}
          onChange={(event) => setGroup(event.target.value)}
          className="rounded border border-slate-400 bg-surface px-2 py-1"
        />
      </div>
    </section>
  );
}
