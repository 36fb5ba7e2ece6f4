import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { AuthGate } from "@/components/account/AuthGate";
import { ControlsAfterHydration } from "@/components/ControlsAfterHydration";
import { DataSourceBanner } from "@/components/DataSourceBanner";
import { Footer } from "@/components/Footer";
import { NavBar } from "@/components/NavBar";
import { OfflineSupport } from "@/components/OfflineSupport";
import { OpenWritesBanner } from "@/components/OpenWritesBanner";
import { SettingsEffects } from "@/components/SettingsEffects";
import { EARLY_REQUEST_SCRIPT } from "@/lib/early-request";
import { THEME_SCRIPT } from "@/lib/theme-script";
import "./globals.css";

// No title here: pages render their own <title> in the chosen language (see DocumentTitle).
export const metadata: Metadata = {
  description: "Self-hosted ETF analysis: watchlist, charts, metrics, comparison and DCA backtests.",
  manifest: "/manifest.webmanifest",
  // Named here, so browsers ask for no /favicon.ico (which the export does not have).
  icons: { icon: { url: "/icon.svg", type: "image/svg+xml" }, apple: "/icons/icon-192.png" },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0f172b" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The theme script sets data-theme before React hydrates, hence suppressHydrationWarning.
    <html lang="zh-CN" data-colors="red-up" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
        <script dangerouslySetInnerHTML={{ __html: EARLY_REQUEST_SCRIPT }} />
      </head>
      {/* Room at the bottom for the phone's navigation bar (NavBar). */}
      <body className="flex min-h-screen flex-col pb-[calc(3.5rem+env(safe-area-inset-bottom))] sm:pb-0">
        <SettingsEffects />
        <ControlsAfterHydration>
          <header>
            <NavBar />
            <OfflineSupport />
          </header>
          {/* At least a window high, so that what follows starts below the fold and the page's
              content arriving moves nothing in view. */}
          <main id="main" className="mx-auto min-h-screen w-full max-w-6xl flex-1 px-3 py-4">
            <AuthGate>{children}</AuthGate>
          </main>
          {/* Notices about every page that come with the API's answers. They follow the page, so
              that appearing they move nothing on it; on wider screens they are held at the bottom
              of the window while the page scrolls under them (a phone's would be too small). */}
          <div className="sm:sticky sm:bottom-0 sm:z-10">
            <DataSourceBanner />
            <OpenWritesBanner />
          </div>
          <Footer />
        </ControlsAfterHydration>
      </body>
    </html>
  );
}
