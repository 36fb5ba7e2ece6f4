"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslation, type MessageKey } from "@/lib/i18n";
import { LanguageSwitch } from "./LanguageSwitch";

const LINKS: { href: string; label: MessageKey }[] = [
  { href: "/", label: "nav.home" },
  { href: "/search/", label: "nav.search" },
  { href: "/compare/", label: "nav.compare" },
  { href: "/backtest/", label: "nav.backtest" },
  { href: "/holdings/", label: "nav.holdings" },
  { href: "/alerts/", label: "nav.alerts" },
  { href: "/settings/", label: "nav.settings" },
];

function withSlash(path: string): string {
  return path.endsWith("/") ? path : `${path}/`;
}

export function NavBar() {
  const { t } = useTranslation();
  const current = withSlash(usePathname() ?? "/");
  return (
    <header className="border-b border-slate-200 bg-surface">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        {t("app.skipToContent")}
      </a>
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2">
        <Link href="/" className="text-lg font-semibold text-slate-900">
          {t("app.name")}
        </Link>
        <nav aria-label={t("nav.label")} className="order-3 w-full overflow-x-auto sm:order-none sm:w-auto sm:flex-1">
          <ul className="flex gap-1 whitespace-nowrap">
            {LINKS.map((link) => {
              const active = link.href === current;
              return (
                <li key={link.href}>
                  <Link
                    href={link.href}
                    aria-current={active ? "page" : undefined}
                    className={`block rounded px-2 py-1 text-sm ${
                      active ? "bg-blue-700 text-white" : "text-slate-700 hover:bg-slate-100"
                    }`}
                  >
                    {t(link.label)}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="ml-auto sm:ml-0">
          <LanguageSwitch />
        </div>
      </div>
    </header>
  );
}
