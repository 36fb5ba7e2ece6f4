// Without React, so that the root layout (a server component) can import it.
import { PERIODS } from "./api-types";
import { MAX_COMPARE_CODES } from "./codes";

/**
 * The request for the data a page's main content shows (the watchlist, the holdings, a fund, a
 * comparison), worked out from the address alone, or null. It runs in the browser as this
 * function's source text (EARLY_REQUEST_SCRIPT), so it uses nothing but its arguments;
 * early-request.test.tsx checks that the pages ask for the same URLs.
 */
export function earlyRequestUrl(
  pathname: string,
  search: string,
  periods: readonly string[],
  maxCompareCodes: number,
): string | null {
  const page = pathname.replace(/\/?$/, "/");
  const params = new URLSearchParams(search);
  if (page === "/") return "/api/v1/watchlist";
  if (page === "/holdings/") return "/api/v1/holdings";
  if (page === "/etf/") {
    const code = (params.get("code") || "").trim();
    return code ? "/api/v1/etfs/" + encodeURIComponent(code) : null;
  }
  if (page === "/compare/") {
    const listed = (params.get("codes") || "").split(",").map((code) => code.trim());
    const codes = listed.filter((code, index) => code && listed.indexOf(code) === index).slice(0, maxCompareCodes);
    const asked = params.get("period") || "";
    const query = new URLSearchParams({ codes: codes.join(","), period: periods.includes(asked) ? asked : "1y" });
    return codes.length >= 2 ? "/api/v1/compare?" + query.toString() : null;
  }
  return null;
}

const STORE = "__etftoolEarlyRequest";

interface EarlyRequest {
  url: string;
  response: Promise<Response>;
}

/**
 * Runs inline in <head>: starts the page's main request while the app's JavaScript is still on
 * its way (on a phone's network, a second or more), and leaves it for requestUrl to take. Not
 * with an API key in the settings (the app then sends it as a header; the settings' storage key
 * is repeated here, as in THEME_SCRIPT). A failed request is caught here too, so that one nobody
 * takes logs no unhandled rejection; requestUrl still sees it fail.
 */
export const EARLY_REQUEST_SCRIPT =
  "(function(){try{var s=JSON.parse(localStorage.getItem(\"etftool.settings\")||\"{}\");" +
  `var u=s&&s.apiKey?null:(${earlyRequestUrl.toString()})(location.pathname,location.search,` +
  `${JSON.stringify(PERIODS)},${MAX_COMPARE_CODES});` +
  `if(u){var r=fetch(u,{headers:{Accept:"application/json"}});r.catch(function(){});` +
  `window.${STORE}={url:u,response:r}}}catch(e){}})()`;

/** The answer EARLY_REQUEST_SCRIPT started for `url`, once; undefined for any other request. */
export function takeEarlyResponse(url: string): Promise<Response> | undefined {
  if (typeof window === "undefined") return undefined;
  const store = window as unknown as Record<string, EarlyRequest | undefined>;
  const early = store[STORE];
  if (early?.url !== url) return undefined;
  delete store[STORE];
  return early.response;
}
