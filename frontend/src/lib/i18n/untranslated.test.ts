import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { zhCN } from "./zh-CN";

// Written the same in Chinese: product, service and library names, protocols, indicators,
// units and currency codes, the field names the services' own documents use, and the other
// language's name on the switch.
const KEPT = new Set([
  "ETF", "LOF", "API", "EMA", "MACD", "RSI", "KDJ", "MA", "XIRR", "IOPV", "JSON", "URL", "ID",
  "SMTP", "STARTTLS", "SSL", "TLS", "Telegram", "Server", "Lark", "Bark", "iOS", "PushPlus", "ntfy",
  "Webhook", "Bot", "Token", "Chat", "SendKey", "Key", "topic", "English", "README-Docker", "YYYY-MM-DD",
  "CSV", "MB", "akshare", "CNY",
  "date", "close", // the column names a price CSV file has
  "hs", // pinyin initials, as typed in the search box ("hs300")
]);

/** The latin words (two letters or more) of `text` that are not KEPT, leaving out
 *  {placeholders}, setting names (API_KEY) and paths (/etf/?code=510300). */
function englishWords(text: string): string[] {
  const prose = text
    .replace(/\{\w+\}/g, " ")
    .replace(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, " ")
    .replace(/\S*\/\S*/g, " ");
  return (prose.match(/[A-Za-z][A-Za-z'-]+/g) ?? []).filter((word) => !KEPT.has(word));
}

/** Text a component shows without `t()`: JSX text between tags, and literal labels. */
function hardCodedText(source: string): string[] {
  const texts = [...source.matchAll(/>([^<>{}=;()]*[A-Za-z][^<>{}=;()]*)<\//g)].map((match) => match[1].trim());
  const labels = [...source.matchAll(/\b(?:aria-label|title|placeholder|alt|label)="([^"]*[A-Za-z][^"]*)"/g)];
  return [...texts, ...labels.map((match) => match[1])].filter((text) => englishWords(text).length > 0);
}

function components(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return components(path);
    return path.endsWith(".tsx") && !path.endsWith(".test.tsx") ? [path] : [];
  });
}

describe("translations", () => {
  it("leave no English in the Chinese messages but names and acronyms", () => {
    const untranslated = Object.entries(zhCN).filter(([, text]) => englishWords(text).length > 0);
    expect(untranslated).toEqual([]);
  });

  it("find the English a component would show in both languages", () => {
    expect(hardCodedText('<p className="x">Open the chart</p>')).toEqual(["Open the chart"]);
    expect(hardCodedText('<button aria-label="Close">×</button>')).toEqual(["Close"]);
    expect(hardCodedText("<p>{t(\"home.title\")}</p><abbr>ETF</abbr>")).toEqual([]);
    expect(englishWords("请设置 API_KEY（见 README-Docker），例如 /etf/?code=510300 与 {code}")).toEqual([]);
  });

  it("are used for every text the components show", () => {
    const root = join(process.cwd(), "src"); // vitest runs in the frontend folder
    const found = components(root).flatMap((path) =>
      hardCodedText(readFileSync(path, "utf8")).map((text) => `${relative(root, path)}: ${text}`),
    );
    expect(found).toEqual([]);
  });
});
