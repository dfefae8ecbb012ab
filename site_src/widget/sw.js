// The site's service worker (published at the site's root as cq-sw.js, so its scope is the site
// wherever it is hosted, e.g. /cyber/): a second visit of the quote page answers from its cache,
// and the page works offline after the first visit.
//
// The build writes BUILD (the content hashes of everything the quote depends on) and HASHED (the
// one rule for content-hashed names, site_src/tools/cache_names.py) into this file, so a rebuilt
// site is a new service worker: it takes over at once and deletes the older caches in one step.
//
// - A content-hashed file never changes: the cache first.
// - Anything else (pages, the search index, unhashed files): the network first, the cache only
//   when the network fails; so an online visit always gets the pages (and through them the rates
//   file's hashed name) of the site as published now, never an old rates file.
// - Nothing is downloaded on install: the quote page asks for its offline copy ({type: "keep",
//   urls}) after its first answer; the hashed files come from the browser's HTTP cache.
const BUILD = "__CQ_BUILD__";
const HASHED = /__CQ_HASHED__/;
const CACHE = `cq-${BUILD}`;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const old = (await caches.keys()).filter((key) => key.startsWith("cq-") && key !== CACHE);
      await Promise.all(old.map((key) => caches.delete(key)));
      await self.clients.claim();
    })(),
  );
});

// The cache key of a page or file: its URL without query string or fragment (a shared link to the
// quote page carries the person's details in its query).
function key(url) {
  const bare = new URL(url);
  bare.search = "";
  bare.hash = "";
  return bare.href;
}

async function keep(urls) {
  const cache = await caches.open(CACHE);
  await Promise.all(
    urls.map(async (url) => {
      if (await cache.match(key(url))) return;
      // A hashed file from the HTTP cache as it is; anything else revalidated (a 304 costs
      // nothing), so that no old page is kept.
      const mode = HASHED.test(new URL(url).pathname) ? "force-cache" : "no-cache";
      const response = await fetch(url, { cache: mode, credentials: "same-origin" });
      if (!response.ok) throw new Error(`${response.status} ${url}`);
      await cache.put(key(url), response);
    }),
  );
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type !== "keep" || !Array.isArray(message.urls)) return;
  const reply = (ok) => event.ports[0] && event.ports[0].postMessage({ ok });
  const inScope = message.urls.filter((url) => String(url).startsWith(self.registration.scope));
  event.waitUntil(keep(inScope).then(() => reply(true), () => reply(false)));
});

async function respond(request) {
  const cache = await caches.open(CACHE);
  const url = key(request.url);
  if (HASHED.test(new URL(url).pathname)) {
    const hit = await cache.match(url);
    if (hit) return hit;
    const response = await fetch(request);
    if (response.ok) await cache.put(url, response.clone());
    return response;
  }
  try {
    // Revalidated: never a page from the HTTP cache that the server would not send now (and
    // offline, no stale copy from there either: the offline copy below is this build's).
    const response = await fetch(request, { cache: "no-cache" });
    if (response.ok && response.type === "basic") await cache.put(url, response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(url);
    if (hit) return hit;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(self.registration.scope)) return;
  if (request.headers.has("range")) return; // partial responses are not cached
  event.respondWith(respond(request));
});
