import { ApiError } from "./api";
import type { Translate } from "./i18n";

/** The messages of a failed account request: one per field the server named (422), and one
 *  for the form; `null` form message: ErrorNotice explains it. */
export interface AccountProblems {
  fields: Record<string, string>;
  form: string | null;
}

/** The API's words for a login lockout ("too many failed logins: try again in 300 s"). */
const LOCKED_OUT = /failed logins/i;

/** "in 45 s" or "in 5 min", rounded up. */
export function describeWait(seconds: number, t: Translate): string {
  return seconds < 60 ? t("account.waitSeconds", { n: seconds }) : t("account.waitMinutes", { n: Math.ceil(seconds / 60) });
}

/** The server's rules for names and passwords, in the reader's language; other messages as sent. */
export function fieldMessage(message: string, t: Translate): string {
  const password = /^a password has (\d+) to (\d+) characters/.exec(message);
  if (password) return t("account.passwordRule", { min: password[1], max: password[2] });
  const username = /^a username has 1 to (\d+) letters/.exec(message);
  if (username) return t("account.usernameRule", { max: username[1] });
  if (/^the current password is wrong/.test(message)) return t("account.currentPasswordWrong");
  return message;
}

/**
 * Words for what went wrong with a login, a registration, the setup or a password change.
 * `action` says which: a 401 is a wrong password for a login, an expired session otherwise.
 */
export function accountProblems(error: unknown, action: "login" | "register" | "setup" | "other", t: Translate): AccountProblems {
  const problems: AccountProblems = { fields: {}, form: null };
  if (!(error instanceof ApiError)) return problems;
  if (error.kind === "validation" && error.fieldErrors.length > 0) {
    for (const { field, message } of error.fieldErrors) problems.fields[field] = fieldMessage(message, t);
    return problems;
  }
  switch (error.status) {
    case 401:
      problems.form = action === "login" ? t("account.wrongCredentials") : t("account.wrongPassword");
      break;
    case 403:
      if (action === "login") problems.form = t("account.notSetUp");
      else if (action === "register") problems.form = t("account.registrationClosed");
      else if (action === "setup") problems.form = t("account.setupNeedsKey");
      break;
    case 409:
      if (action === "setup") problems.form = t("account.alreadySetUp");
      else if (action === "register") problems.form = t("account.usernameTaken");
      break;
    case 429:
      problems.form = LOCKED_OUT.test(error.message)
        ? t("account.lockedOut", { wait: describeWait(error.retryAfterSeconds ?? 60, t) })
        : t("error.rateLimited");
      break;
  }
  return problems;
}
