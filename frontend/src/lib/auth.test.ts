import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { jsonResponse } from "@/test/fixtures";
import { api, retryAfterSeconds } from "./api";
import { clearUserData, loadAuth, resetAuth, safeNext, USER_DATA_CACHE } from "./auth";
import { LOCAL_WATCHLIST_KEY } from "./local-watchlist";
import { loadSettings, updateSettings } from "./settings";

function clearCookies() {
  for (const pair of document.cookie.split(";")) {
    const name = pair.split("=")[0].trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
}

describe("the CSRF header", () => {
  beforeEach(() => {
    clearCookies();
    document.cookie = "etftool_csrf=abc%2D123; path=/";
    document.cookie = "other=1; path=/";
  });
  afterEach(clearCookies);

  it("echoes the CSRF cookie on every change and on no read", async () => {
    const fetchMock = vi.fn((url: string, init?: RequestInit) => {
      void url;
      void init;
      return Promise.resolve(init?.method === "GET" ? jsonResponse({ items: [], groups: [] }) : new Response(null, { status: 204 }));
    });
    vi.stubGlobal("fetch", fetchMock);
    await api.watchlist.list();
    await api.watchlist.remove("510300");
    await api.watchlist.reorder(["510300"]);
    await api.auth.logout();
    await api.tokens.remove(4);
    const headers = fetchMock.mock.calls.map(([url, init]) => [url, (init?.headers as Record<string, string>)["X-CSRF-Token"]]);
    expect(headers).toEqual([
      ["/api/v1/watchlist", undefined],
      ["/api/v1/watchlist/510300", "abc-123"],
      ["/api/v1/watchlist/order", "abc-123"],
      ["/api/auth/logout", "abc-123"],
      ["/api/tokens/4", "abc-123"],
    ]);
  });

  it("sends none without a login's cookie", async () => {
    clearCookies();
    const fetchMock = vi.fn(() => Promise.resolve(new Response(null, { status: 204 })));
    vi.stubGlobal("fetch", fetchMock);
    await api.watchlist.remove("510300");
    expect(fetchMock.mock.calls[0]).toEqual([
      "/api/v1/watchlist/510300",
      expect.objectContaining({ headers: expect.not.objectContaining({ "X-CSRF-Token": expect.anything() }) }),
    ]);
  });
});

describe("accounts client", () => {
  beforeEach(resetAuth);

  it("calls the accounts' routes under /api", async () => {
    const fetchMock = vi.fn(() => Promise.resolve(jsonResponse({ id: 2, username: "bo", is_admin: false, created_at: "2026-01-01T00:00:00Z" }, 201)));
    vi.stubGlobal("fetch", fetchMock);
    await api.auth.login({ username: "ann", password: "pw" });
    await api.users.create({ username: "bo", password: "pw", is_admin: false });
    expect(fetchMock.mock.calls.map((call) => (call as unknown[])[0])).toEqual(["/api/auth/login", "/api/users"]);
    expect(fetchMock).toHaveBeenCalledWith("/api/auth/login", expect.objectContaining({ method: "POST", body: '{"username":"ann","password":"pw"}' }));
  });

  it("reads the longer Retry-After of a 429 that carries two", () => {
    expect(retryAfterSeconds("300, 1")).toBe(300);
    expect(retryAfterSeconds("1")).toBe(1);
    expect(retryAfterSeconds("")).toBeNull();
    expect(retryAfterSeconds(null)).toBeNull();
  });

  it("is anonymous on a 401 from /auth/me, and unknown when the server cannot say", async () => {
    vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(jsonResponse({ detail: "log in first" }, 401))));
    expect((await loadAuth()).status).toBe("anonymous");
    vi.stubGlobal("fetch", vi.fn(() => Promise.reject(new TypeError("Failed to fetch"))));
    expect((await loadAuth()).status).toBe("unknown");
  });

  it("returns after login only to a path of this site", () => {
    expect(safeNext("/holdings/?tab=1")).toBe("/holdings/?tab=1");
    expect(safeNext(null)).toBe("/");
    expect(safeNext("//evil.example/")).toBe("/");
    expect(safeNext("https://evil.example/")).toBe("/");
    expect(safeNext("/login/?next=/x")).toBe("/");
  });

  it("forgets the cached watchlist, the browser-side one and the stored key", async () => {
    const remove = vi.fn(() => Promise.resolve(true));
    vi.stubGlobal("caches", { delete: remove });
    window.localStorage.setItem(LOCAL_WATCHLIST_KEY, "[]");
    updateSettings({ apiKey: "etf_token_of_ann", language: "en" });
    await clearUserData();
    expect(loadSettings()).toMatchObject({ apiKey: "", language: "en" });
    expect(remove).toHaveBeenCalledWith(USER_DATA_CACHE);
    expect(window.localStorage.getItem(LOCAL_WATCHLIST_KEY)).toBeNull();
    // The cache the service worker keeps the watchlist in.
    const worker = readFileSync(join(process.cwd(), "src/service-worker/sw.js"), "utf8");
    expect(worker).toContain(`const API_CACHE = "${USER_DATA_CACHE}";`);
  });
});
