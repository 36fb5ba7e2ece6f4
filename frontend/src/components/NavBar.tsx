"use client";

import { usePathname } from "next/navigation";
import { AppLink } from "@/components/AppLink";
import { useTranslation, type MessageKey } from "@/lib/i18n";
import { AccountControls } from "./account/AccountControls";
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
    // Inside the layout's <header>, with the site-wide banners.
    <div className="border-b border-slate-200 bg-surface">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        {t("app.skipToContent")}
      </a>
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2">
        <AppLink href="/" className="tap-target text-lg font-semibold text-slate-900">
          {t("app.name")}
        </AppLink>
        {/* On phones a bar fixed at the bottom, within the thumb's reach, with every page in view. */}
        <nav
          aria-label={t("nav.label")}
          data-testid="main-nav"
          className="fixed inset-x-0 bottom-0 z-20 border-t border-slate-200 bg-surface pb-[env(safe-area-inset-bottom)] sm:static sm:flex-1 sm:border-0 sm:bg-transparent sm:pb-0"
        >
          <ul className="flex sm:gap-1 sm:whitespace-nowrap">
            {LINKS.map((link) => {
              const active = link.href === current;
              return (
                <li key={link.href} className="flex-auto sm:flex-none">
                  <AppLink
                    href={link.href}
                    aria-current={active ? "page" : undefined}
                    className={`flex min-h-14 items-center justify-center px-0.5 text-center text-[11px] leading-tight sm:block sm:min-h-0 sm:rounded sm:px-2 sm:py-1 sm:text-sm ${
                      active ? "bg-blue-700 text-white" : "text-slate-700 hover:bg-slate-100"
                    }`}
                  >
                    {t(link.label)}
                  </AppLink>
                </li>
              );
            })}
          </ul>
        </nav>
        {/* The account's name and log-out here rather than in the phone's bottom bar. */}
        <div className="ml-auto flex items-center gap-2 sm:ml-0">
          <AccountControls />
          <LanguageSwitch />
        </div>
      </div>
    </div>
  );
}
