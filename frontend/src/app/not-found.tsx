"use client";

import { AppLink } from "@/components/AppLink";
import { DocumentTitle } from "@/components/DocumentTitle";
import { useTranslation } from "@/lib/i18n";

export default function NotFound() {
  const { t } = useTranslation();
  return (
    <section className="py-12 text-center">
      <DocumentTitle title={t("notFound.title")} />
      <h1 className="text-2xl font-semibold">{t("notFound.title")}</h1>
      <p className="mt-2 text-slate-700">{t("notFound.body")}</p>
      <AppLink href="/" className="tap-target mt-4 inline-block rounded bg-blue-700 px-3 py-1.5 text-white hover:bg-blue-800">
        {t("notFound.home")}
      </AppLink>
    </section>
  );
}
