import { useCallback } from "react";
import { useSettings, type Language } from "../settings";
import { en } from "./en";
import type { MessageKey, Messages } from "./messages";
import { zhCN } from "./zh-CN";

export type { MessageKey } from "./messages";

const dictionaries: Record<Language, Messages> = { "zh-CN": zhCN, en };

export type MessageVars = Record<string, string | number>;

/** Looks up a message and fills `{name}` placeholders. */
export function translate(language: Language, key: MessageKey, vars?: MessageVars): string {
  const template = dictionaries[language][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Whether a key built from an API value (e.g. a temperature component name) has a message. */
export function isMessageKey(key: string): key is MessageKey {
  return key in zhCN;
}

export type Translate = (key: MessageKey, vars?: MessageVars) => string;

export function useTranslation(): { t: Translate; language: Language } {
  const { language } = useSettings();
  const t = useCallback<Translate>((key, vars) => translate(language, key, vars), [language]);
  return { t, language };
}
