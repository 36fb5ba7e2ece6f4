// The service worker, completed by scripts/make-sw.mjs after `next build`, which puts
// VERSION (the build id) and SHELL (every file of the export) in front of this text. A deploy
// changes VERSION, so browsers install the new worker, which replaces the old shell's cache.
/* global VERSION, SHELL */
const SHELL_CACHE = `etftool-shell-${VERSION}`;
// The last watchlist the API returned, shown when the network is gone. It is one user's data:
// the page deletes this cache at every login and logout (clearUserData in src/lib/auth.ts).
const API_CACHE = "etftool-api";
const WATCHLIST = "/api/v1/watchlist";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => name.startsWith("etftool-shell-") && name !== SHELL_CACHE).map((name) => caches.delete(name))),
      )
      .then(() => self.clients.claim()),
  );
});

/** The network's answer, kept in the cache; the cached one when the network fails. */
async function networkFirst(request, cacheName, fallback) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(cacheName);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    // Pages are cached without their query (/etf/?code=… is /etf/ filled in by its script);
    // the API's Vary names headers that do not change the watchlist.
    const options = { ignoreSearch: true, ignoreVary: true };
    const cached = (await caches.match(request, options)) ?? (fallback && (await caches.match(fallback)));
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname === WATCHLIST) {
    event.respondWith(networkFirst(request, API_CACHE));
  } else if (url.pathname.startsWith("/_next/static/")) {
    // Content-hashed: the cached copy is the current one.
    event.respondWith(caches.match(request).then((cached) => cached ?? fetch(request)));
  } else if (!url.pathname.startsWith("/api/") && url.pathname !== "/health") {
    event.respondWith(networkFirst(request, SHELL_CACHE, request.mode === "navigate" ? "/" : undefined));
  }
});
