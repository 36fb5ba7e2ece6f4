import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { LanguageSwitch } from "@/components/LanguageSwitch";
import { SettingsEffects } from "@/components/SettingsEffects";
import { translate, useTranslation } from "./i18n";
import { en } from "./i18n/en";
import { zhCN } from "./i18n/zh-CN";
import { loadSettings, SETTINGS_STORAGE_KEY, updateSettings } from "./settings";

function Title() {
  const { t } = useTranslation();
  return <h1>{t("home.title")}</h1>;
}

describe("i18n", () => {
  it("starts in Chinese and switches to English and back", async () => {
    const user = userEvent.setup();
    render(
      <>
        <SettingsEffects />
        <Title />
        <LanguageSwitch />
      </>,
    );
    expect(screen.getByRole("heading")).toHaveTextContent("我的自选");
    expect(document.documentElement.lang).toBe("zh-CN");

    await user.click(screen.getByTestId("language-switch"));
    expect(screen.getByRole("heading")).toHaveTextContent("My watchlist");
    expect(document.documentElement.lang).toBe("en");
    expect(JSON.parse(window.localStorage.getItem(SETTINGS_STORAGE_KEY)!).language).toBe("en");

    await user.click(screen.getByTestId("language-switch"));
    expect(screen.getByRole("heading")).toHaveTextContent("我的自选");
  });

  it("follows the language for gain colours unless the user chose", () => {
    render(<SettingsEffects />);
    expect(document.documentElement.dataset.colors).toBe("red-up");
    act(() => updateSettings({ language: "en" }));
    expect(document.documentElement.dataset.colors).toBe("green-up");
    act(() => updateSettings({ colors: "red-up" }));
    expect(document.documentElement.dataset.colors).toBe("red-up");
  });

  it("fills placeholders", () => {
    expect(translate("en", "search.noResults", { query: "xyz" })).toBe("No ETF matches “xyz”.");
    expect(translate("zh-CN", "refresh.seconds", { n: 5 })).toBe("每 5 秒");
  });

  it("has the same placeholders in every language", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });

  it("ignores stored settings it does not understand", () => {
    window.localStorage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify({ language: "fr", refreshSeconds: 7 }));
    expect(loadSettings()).toMatchObject({ language: "zh-CN", refreshSeconds: 0 });
  });
});
