import { useSyncExternalStore } from "react";

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

/** "auto" follows the language: red means up in Chinese markets, green elsewhere. */
export const COLOR_CONVENTIONS = ["auto", "red-up", "green-up"] as const;
export type ColorConvention = (typeof COLOR_CONVENTIONS)[number];

/** "system" follows the device's light/dark preference (prefers-color-scheme). */
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export const REFRESH_CHOICES = [0, 5, 10, 30] as const;
export type RefreshSeconds = (typeof REFRESH_CHOICES)[number];

export interface Settings {
  language: Language;
  colors: ColorConvention;
  theme: Theme;
  refreshSeconds: RefreshSeconds;
  apiKey: string;
}

const DEFAULT_SETTINGS: Settings = {
  language: "zh-CN",
  colors: "auto",
  theme: "system",
  refreshSeconds: 0,
  apiKey: "",
};

export const SETTINGS_STORAGE_KEY = "etftool.settings";

const listeners = new Set<() => void>();
let cachedRaw: string | null = null;
let cachedSettings: Settings = DEFAULT_SETTINGS;

function pick<T>(allowed: readonly T[], value: unknown, fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function parseSettings(raw: string | null): Settings {
  if (!raw) return DEFAULT_SETTINGS;
  try {
    const stored = JSON.parse(raw) as Partial<Record<keyof Settings, unknown>>;
    return {
      language: pick(LANGUAGES, stored.language, DEFAULT_SETTINGS.language),
      colors: pick(COLOR_CONVENTIONS, stored.colors, DEFAULT_SETTINGS.colors),
      theme: pick(THEMES, stored.theme, DEFAULT_SETTINGS.theme),
      refreshSeconds: pick(REFRESH_CHOICES, stored.refreshSeconds, DEFAULT_SETTINGS.refreshSeconds),
      apiKey: typeof stored.apiKey === "string" ? stored.apiKey : "",
    };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

function readRaw(): string | null {
  try {
    return window.localStorage.getItem(SETTINGS_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Current settings; the same object is returned until storage changes (useSyncExternalStore needs that). */
export function loadSettings(): Settings {
  if (typeof window === "undefined") return DEFAULT_SETTINGS;
  const raw = readRaw();
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cachedSettings = parseSettings(raw);
  }
  return cachedSettings;
}

export function updateSettings(change: Partial<Settings>): void {
  const next = { ...loadSettings(), ...change };
  window.localStorage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify(next));
  listeners.forEach((notify) => notify());
}

function subscribe(notify: () => void): () => void {
  listeners.add(notify);
  // Other tabs change localStorage too; keep this tab in step.
  window.addEventListener("storage", notify);
  return () => {
    listeners.delete(notify);
    window.removeEventListener("storage", notify);
  };
}

/** Settings for rendering. The static HTML is built with the defaults, so hydration starts from them. */
export function useSettings(): Settings {
  return useSyncExternalStore(subscribe, loadSettings, () => DEFAULT_SETTINGS);
}

export type UpColor = "red-up" | "green-up";

export function resolveColorConvention(settings: Pick<Settings, "colors" | "language">): UpColor {
  if (settings.colors !== "auto") return settings.colors;
  return settings.language === "zh-CN" ? "red-up" : "green-up";
}
