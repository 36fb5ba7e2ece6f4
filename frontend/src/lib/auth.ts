import { useEffect, useSyncExternalStore } from "react";
import { api, ApiError } from "./api";
import type { Me } from "./api-types";
import { LOCAL_WATCHLIST_KEY } from "./local-watchlist";
import { loadSettings, updateSettings } from "./settings";

/**
 * Who this browser acts as, from `GET /api/auth/me`, loaded once per page load and again
 * after each login, logout and setup.
 * - `loading`: not answered yet;
 * - `anonymous`: 401, the server has accounts and this browser is not logged in;
 * - `known`: the answer (`via: "setup"` while the server has no passwords yet);
 * - `unknown`: no answer (offline, or a server without accounts): the app works as before.
 */
export type AuthState =
  | { status: "loading" }
  | { status: "anonymous" }
  | { status: "known"; me: Me }
  | { status: "unknown"; error: unknown };

const LOADING: AuthState = { status: "loading" };
let state: AuthState = LOADING;
let pending: Promise<AuthState> | null = null;
const listeners = new Set<() => void>();

function setState(next: AuthState): void {
  state = next;
  listeners.forEach((notify) => notify());
}

/** Asks the server who this browser is; concurrent callers share one request. */
export function loadAuth(): Promise<AuthState> {
  pending ??= api.auth.me().then(
    (me): AuthState => ({ status: "known", me }),
    (error: unknown): AuthState =>
      error instanceof ApiError && error.status === 401 ? { status: "anonymous" } : { status: "unknown", error },
  );
  const request = pending;
  return request.then((next) => {
    if (pending === request) {
      pending = null;
      setState(next);
    }
    return next;
  });
}

export function getAuth(): AuthState {
  return state;
}

/** For tests: forget the answer. */
export function resetAuth(): void {
  pending = null;
  state = LOADING;
}

function subscribe(notify: () => void): () => void {
  listeners.add(notify);
  return () => listeners.delete(notify);
}

/** The auth state for rendering; the first caller loads it. */
export function useAuth(): AuthState {
  const current = useSyncExternalStore(subscribe, getAuth, () => LOADING);
  useEffect(() => {
    if (getAuth().status === "loading" && pending === null) void loadAuth();
  }, []);
  return current;
}

/** The service worker's cache of API answers (the last watchlist): see src/service-worker/sw.js. */
export const USER_DATA_CACHE = "etftool-api";

/**
 * Forgets what this browser kept of the user's data, so that the next person to log in on it
 * does not see it: the service worker's cached watchlist, the browser-side watchlist, and the
 * stored API key or token.
 */
export async function clearUserData(): Promise<void> {
  // A stored key or token would act for its owner whoever logs in next (the server prefers it).
  if (loadSettings().apiKey) updateSettings({ apiKey: "" });
  try {
    window.localStorage.removeItem(LOCAL_WATCHLIST_KEY);
  } catch {
    // Nothing stored.
  }
  if (typeof caches !== "undefined") {
    try {
      await caches.delete(USER_DATA_CACHE);
    } catch {
      // Cache storage can be refused (private windows); then nothing was kept either.
    }
  }
}

/** Loads `url` afresh, so that nothing the previous user's pages held in memory stays on screen. */
export function loadPage(url: string): void {
  window.location.assign(url);
}

/** Logs this browser out, forgets the user's data and opens the login page. */
export async function logOut(): Promise<void> {
  try {
    await api.auth.logout();
  } finally {
    await clearUserData();
  }
  setState({ status: "anonymous" });
  loadPage("/login/");
}

/**
 * Where to go after logging in: `next` when it is a path of this site, else the home page.
 * Never another origin (`//host`, `https://…`), nor the login page itself.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next === "/login" || next.startsWith("/login/") || next.startsWith("/login?")) return "/";
  return next;
}
