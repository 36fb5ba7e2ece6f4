import type { MarketStatus } from "./api-types";
import { isMessageKey, translate } from "./i18n";
import type { Language } from "./settings";

// chinese_calendar's holiday names, as the server's reasons quote them.
const HOLIDAYS: Record<string, { "zh-CN": string; en: string }> = {
  "New Year's Day": { "zh-CN": "元旦", en: "New Year's Day" },
  "Spring Festival": { "zh-CN": "春节", en: "Spring Festival" },
  "Tomb-sweeping Day": { "zh-CN": "清明节", en: "Tomb-sweeping Day" },
  "Labour Day": { "zh-CN": "劳动节", en: "Labour Day" },
  "Dragon Boat Festival": { "zh-CN": "端午节", en: "Dragon Boat Festival" },
  "National Day": { "zh-CN": "国庆节", en: "National Day" },
  "Mid-autumn Festival": { "zh-CN": "中秋节", en: "Mid-autumn Festival" },
};

function holidayName(name: string, language: Language): string {
  return HOLIDAYS[name]?.[language] ?? name;
}

/** The server's reasons (market_status.py) that the UI says in the reader's language. */
const REASONS: { pattern: RegExp; key: string }[] = [
  { pattern: /^trading day$/, key: "marketReason.tradingDay" },
  { pattern: /^weekend$/, key: "marketReason.weekend" },
  { pattern: /^weekend \((.+)\)$/, key: "marketReason.weekendHoliday" },
  { pattern: /^weekend make-up workday \((.+)\); exchanges closed$/, key: "marketReason.makeUpDay" },
  { pattern: /^holiday: (.+)$/, key: "marketReason.holiday" },
  { pattern: /^before the opening auction$/, key: "marketReason.beforeAuction" },
  { pattern: /^after the close$/, key: "marketReason.afterClose" },
  { pattern: /^outside regular hours$/, key: "marketReason.outsideHours" },
  { pattern: /^regular hours \(US holidays not checked\)$/, key: "marketReason.regularHours" },
  { pattern: /^weekday; no holiday calendar for (\d{4})$/, key: "marketReason.noCalendar" },
];

/**
 * The market state in the reader's language, and the server's English reason translated when it is
 * one the UI knows (`translated: false` means the reason is shown as the server wrote it).
 */
export function describeMarketStatus(
  status: Pick<MarketStatus, "state" | "label">,
  language: Language,
): { state: string; reason: string; translated: boolean } {
  const stateKey = `market.${status.state}`;
  const state = isMessageKey(stateKey) ? translate(language, stateKey) : status.state;
  for (const { pattern, key } of REASONS) {
    const match = pattern.exec(status.label.trim());
    if (match && isMessageKey(key)) {
      const detail = match[1] ?? "";
      return { state, reason: translate(language, key, { name: holidayName(detail, language), year: detail }), translated: true };
    }
  }
  return { state, reason: status.label, translated: false };
}
