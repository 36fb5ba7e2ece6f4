import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { SettingsEffects } from "@/components/SettingsEffects";
import { SettingsPage } from "@/components/settings/SettingsPage";
import { SETTINGS_STORAGE_KEY, updateSettings } from "./settings";
import { resolveTheme } from "./theme";
import { THEME_SCRIPT } from "./theme-script";

/** A device whose colour preference the test sets, and changes, like a user switching it. */
function stubSystemPreference(dark: boolean) {
  const listeners = new Set<() => void>();
  const state = { dark };
  vi.stubGlobal("matchMedia", (media: string) => ({
    get matches() {
      return media === "(prefers-color-scheme: dark)" && state.dark;
    },
    media,
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  }));
  return (next: boolean) => {
    state.dark = next;
    listeners.forEach((notify) => notify());
  };
}

function runThemeScript() {
  // What the inline <script> in <head> does before the first paint.
  new Function(THEME_SCRIPT)();
  return document.documentElement.dataset.theme;
}

describe("theme", () => {
  beforeEach(() => {
    delete document.documentElement.dataset.theme;
  });

  it("follows the system unless the user chose light or dark", () => {
    expect(resolveTheme("system", true)).toBe("dark");
    expect(resolveTheme("system", false)).toBe("light");
    expect(resolveTheme("light", true)).toBe("light");
    expect(resolveTheme("dark", false)).toBe("dark");
  });

  it("is set before the first paint from the stored choice or the system", () => {
    stubSystemPreference(true);
    expect(runThemeScript()).toBe("dark");
    window.localStorage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify({ theme: "light" }));
    expect(runThemeScript()).toBe("light");
    window.localStorage.setItem(SETTINGS_STORAGE_KEY, "not json");
    expect(runThemeScript()).toBe("dark");
  });

  it("switches live when the system preference changes and the setting is system", () => {
    const setSystemDark = stubSystemPreference(false);
    render(<SettingsEffects />);
    expect(document.documentElement.dataset.theme).toBe("light");
    act(() => setSystemDark(true));
    expect(document.documentElement.dataset.theme).toBe("dark");
    act(() => updateSettings({ theme: "light" }));
    expect(document.documentElement.dataset.theme).toBe("light");
  });

  it("is chosen in Settings and remembered", async () => {
    stubSystemPreference(false);
    // The page's other cards load from the API; they may stay loading here.
    vi.stubGlobal("fetch", () => new Promise(() => {}));
    const user = userEvent.setup();
    render(
      <>
        <SettingsEffects />
        <SettingsPage />
      </>,
    );
    const select = screen.getByTestId("settings-theme");
    expect(select).toHaveValue("system");
    expect(screen.getByRole("option", { name: "跟随系统" })).toBeInTheDocument();

    await user.selectOptions(select, "dark");
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(JSON.parse(window.localStorage.getItem(SETTINGS_STORAGE_KEY)!).theme).toBe("dark");
    expect(runThemeScript()).toBe("dark");
  });
});
