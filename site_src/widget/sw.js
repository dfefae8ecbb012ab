// The site's service worker (published at the site's root as cq-sw.js, so its scope is the site
// wherever it is hosted, e.g. /cyber/): a second visit of the quote page answers from its cache,
// and the pages visited, the quote and the search work offline after the first visit.
//
// The build (macros/plugin/assets.py) writes BUILD (the content hashes of everything the quote
// depends on) and HASHED (the one rule for content-hashed names, HASHED_URL in
// site_src/cyberstaff/hosting.py) into this file, so a rebuilt site is a new service worker.
//
// - A content-hashed file never changes: the cache first.
// - Anything else (pages, the search index, unhashed files): the network first, the cache only
//   when the network fails; so an online visit always gets the pages (and through them the rates
//   file's hashed name) of the site as published now, never an old rates file.
// - Nothing is downloaded on a first install: the quote page asks for its offline copy ({type:
//   "keep", urls}) after its first answer; the hashed files come from the browser's HTTP cache.
//   With each page kept go the files it names (its scripts, styles, the quote's runtime) and
//   what Material's search worker loads (the index, lunr), so that search works offline too.
//
// A new build hands over whole. Its worker, while installing, fetches anew every page and file
// the previous build's offline copy held, with the files those pages name, into its own cache;
// only once that cache is complete does it take over and delete the older ones. If that fails
// (the network is gone mid-way), it is dropped and the previous worker stays, but retired: once
// it has seen a newer build (a page answered by the network while a new worker installs), it
// keeps no more pages and answers nothing from its cache, so that an offline page never shows a
// premium older than a page already seen. The next online visit installs the new build again.
const BUILD = "__CQ_BUILD__";
const HASHED = /__CQ_HASHED__/;
const CACHE = `cq-${BUILD}`;
const RETIRED = new URL("cq-sw-retired", self.registration.scope).href; // a marker in the cache
const GONE = [404, 410]; // a page of the previous build that this one no longer has
const SNAPSHOT = /\/pyodide-snapshot\.[^/]*\.bin$/; // the quote's memory snapshot (assets.py)
// What Material's search worker (assets/javascripts/workers/) loads from inside the worker, for
// the search plugin's lang: [ja, en] (mkdocs.yml); the page names only the worker.
const SEARCH_FILES = [
  "../lunr/min/lunr.stemmer.support.min.js",
  "../lunr/tinyseg.js",
  "../lunr/min/lunr.ja.min.js",
  "../lunr/min/lunr.multi.min.js",
];

self.addEventListener("install", (event) => {
  event.waitUntil(handOver().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      await Promise.all((await olderCaches()).map((key) => caches.delete(key)));
      await self.clients.claim();
    })(),
  );
});

async function olderCaches() {
  return (await caches.keys()).filter((key) => key.startsWith("cq-") && key !== CACHE);
}

// The cache key of a page or file: its URL without fragment, and a page's without its query (a
// shared link to the quote page carries the person's details in it). A script keeps its query:
// a worker reads its parameters from its own URL, which a cached response gives it.
function key(url) {
  const bare = new URL(url);
  bare.hash = "";
  if (/(\/|\.html)$/.test(bare.pathname)) bare.search = "";
  return bare.href;
}

function inScope(url) {
  return String(url).startsWith(self.registration.scope);
}

// Every unhashed page and file the previous builds kept, fetched anew into this build's cache
// (with what they name: this build's hashed files). Rejects when the network fails; a page the
// new build answers with an error (gone, refused) is left out.
async function handOver() {
  const urls = new Set();
  let snapshot = false; // kept only where the person's copy had one (none with Save-Data)
  for (const name of await olderCaches()) {
    for (const request of await (await caches.open(name)).keys()) {
      snapshot ||= SNAPSHOT.test(new URL(request.url).pathname);
      if (request.url !== RETIRED && !HASHED.test(new URL(request.url).pathname)) urls.add(request.url);
    }
  }
  if (!urls.size) return;
  try {
    await keep([...urls], { strict: false, snapshot });
  } catch (error) {
    await caches.delete(CACHE); // this worker is dropped: the previous one's cache alone stays
    throw error;
  }
}

// The same-scope files a page names: its scripts and stylesheets, the quote widget's runtime
// (data-* attributes; its memory snapshot only if asked: the page leaves it out with Save-Data)
// and Material's search worker with what it loads.
function named(html, pageUrl, { snapshot = false } = {}) {
  const found = [];
  const add = (value, base = pageUrl) => {
    try {
      found.push(new URL(value.replace(/&amp;/g, "&"), base).href);
    } catch {
      // not a URL
    }
  };
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/gi)) add(match[1]);
  for (const match of html.matchAll(/<link\b[^>]*>/gi)) {
    const href = /\bhref="([^"]+)"/.exec(match[0]);
    if (href && /\brel="(stylesheet|modulepreload|icon)"/.test(match[0])) add(href[1]);
  }
  for (const match of html.matchAll(/\bdata-(worker|wheel|rates|snapshot)="([^"]+)"/g)) {
    if (match[1] !== "snapshot" || snapshot) add(match[2]);
  }
  const pyodide = /\bdata-pyodide="([^"]+)"/.exec(html);
  const files = /\bdata-pyodide-files="([^"]+)"/.exec(html);
  if (pyodide && files) {
    const dir = new URL(pyodide[1], pageUrl).href;
    for (const name of files[1].split(/\s+/).filter(Boolean)) add(name, dir);
  }
  const config = /<script id="__config" type="application\/json">([^<]*)<\/script>/.exec(html);
  if (config) {
    try {
      const { base, search } = JSON.parse(config[1]);
      const root = new URL(`${base || "."}/`, pageUrl);
      add("search/search_index.json", root.href);
      if (search) {
        const worker = new URL(search, pageUrl);
        add(worker.href);
        const material = worker.searchParams.get("material");
        if (material) add(material, worker.href);
        for (const file of SEARCH_FILES) add(file, worker.href);
      }
    } catch {
      // no search on this page
    }
  }
  return found.filter(inScope);
}

// Fetches into this build's cache what it does not hold yet; with each page, the files it names.
// Strict (the quote page's own list): a file the server refuses fails the whole.
async function keep(urls, { strict = true, snapshot = false } = {}) {
  const cache = await caches.open(CACHE);
  const store = async (url) => {
    const bare = key(url);
    if (await cache.match(bare)) return [];
    // A hashed file from the HTTP cache as it is; anything else revalidated (a 304 costs
    // nothing), so that no old page is kept.
    const mode = HASHED.test(new URL(url).pathname) ? "force-cache" : "no-cache";
    const response = await fetch(url, { cache: mode, credentials: "same-origin" });
    if (!response.ok) {
      if (strict && !GONE.includes(response.status)) throw new Error(`${response.status} ${url}`);
      return [];
    }
    const html = (response.headers.get("content-type") || "").startsWith("text/html");
    const more = html ? named(await response.clone().text(), bare, { snapshot }) : [];
    await cache.put(bare, response);
    return more;
  };
  const pages = await Promise.all(urls.filter(inScope).map(store));
  await Promise.all([...new Set(pages.flat())].map(store));
}

// Whether a newer build's worker is installing or waiting: this one is then retired for good
// (the marker is kept in its cache: a worker may be stopped and started again meanwhile).
async function retired({ check = false } = {}) {
  const cache = await caches.open(CACHE);
  if (await cache.match(RETIRED)) return true;
  if (check) {
    try {
      await self.registration.update();
    } catch {
      return false; // offline or refused: no newer build known
    }
  }
  if (!self.registration.installing && !self.registration.waiting) return false;
  await cache.put(RETIRED, new Response(""));
  return true;
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type !== "keep" || !Array.isArray(message.urls)) return;
  const reply = (ok) => event.ports[0] && event.ports[0].postMessage({ ok });
  const kept = retired().then((old) => (old ? Promise.reject(new Error("retired")) : keep(message.urls)));
  event.waitUntil(kept.then(() => reply(true), () => reply(false)));
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
    // A page visited is kept, unless a newer build has been seen (a navigation asks the server).
    const fresh = response.ok && response.type === "basic";
    if (fresh && !(await retired({ check: request.mode === "navigate" }))) {
      await cache.put(url, response.clone());
    }
    return response;
  } catch (error) {
    const hit = (await cache.match(RETIRED)) ? undefined : await cache.match(url);
    if (hit) return hit;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !inScope(request.url)) return;
  if (request.headers.has("range")) return; // partial responses are not cached
  event.respondWith(respond(request));
});
