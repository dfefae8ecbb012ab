// The quote widget's module worker: boots the self-hosted Pyodide from the build's trimmed runtime,
// puts the cyberquote wheel on sys.path and hands over to its Python start, cq_boot (the same the
// build's check runs, site_src/widget/cq_boot.py), which imports the kernel and reads the rates TOML
// the site was built from; then answers quote requests from the page. All quote logic is Python
// (cyberquote.browser.Widget.handle: JSON string in, JSON string out); no Python source is run here.
//
// Every runtime download is counted as its bytes arrive ("progress" messages: the page's timeout
// follows them, and the page says how far the download is) and fetched once: a memory snapshot
// that fails to start falls back to a normal boot from the bytes already received.
//
// Page -> worker: {type: "boot", pyodide, wheel, rates, snapshot, total}   (absolute URLs; total:
//                 the bytes the boot downloads, known from the build)
//                 {type: "quote", id, params}
// Worker -> page: {type: "progress", loaded, total} | {type: "ready", mode, timings}
//                 {type: "failed", reason} | {type: "answer", id, answer}

let handle = null;
let mode = "none";
const timings = {}; // milliseconds since the epoch, for the benchmark (bench/bench_quote.py)
const stamp = (name) => {
  timings[name] = performance.timeOrigin + performance.now();
};
// Written by the build (macros/plugin/assets.py): {wheel: the wheel's path in Pyodide's file system,
// fetched: the runtime files Pyodide fetches}.
const RUNTIME = "__CQ_RUNTIME__";
const PROGRESS_EVERY_MS = 250;

// Bytes received so far, reported to the page at most every PROGRESS_EVERY_MS.
const progress = { loaded: 0, total: 0, sent: 0 };
function report() {
  const now = performance.now();
  if (now - progress.sent < PROGRESS_EVERY_MS) return;
  progress.sent = now;
  self.postMessage({ type: "progress", loaded: progress.loaded, total: progress.total });
}

// Count a response's bytes as they arrive, on a clone: the response itself goes on untouched (its
// URL and type kept, so that WebAssembly's streaming compilation and code cache still apply).
async function countBytes(response) {
  if (!response.body) return;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    progress.loaded += value.byteLength;
    report();
  }
}

// fetch() for the boot: each runtime URL is downloaded once; a second request (Pyodide started a
// second time after a failed snapshot) gets a copy of the first response, not a new download.
const realFetch = self.fetch.bind(self);
const downloads = new Map();
function onceFetch(input, init) {
  const url = new URL(input instanceof Request ? input.url : input, self.location.href).href;
  if (!downloads.has(url)) {
    downloads.set(
      url,
      realFetch(input, init).then((response) => {
        countBytes(response.clone()).catch(() => {});
        return response;
      }),
    );
  }
  // Every caller gets a clone and the original stays unread for the next one.
  return downloads.get(url).then((response) => response.clone());
}

async function fetchOk(url) {
  const response = await onceFetch(url);
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return response;
}

// The memory snapshot saves start-up CPU time for about 4 MB more to download: measured
// (bench/bench_quote.py) it loses on every real network when downloaded, so it is used only when
// the offline copy already holds it (a repeat visit): read from the cache, never downloaded.
async function cachedSnapshot(url) {
  if (!url || !self.caches) return null;
  try {
    const hit = await caches.match(url);
    return hit ? await hit.arrayBuffer() : null;
  } catch {
    return null; // storage blocked or a broken entry: boot normally
  }
}

// Pyodide 314 only warns when the wasm file cannot be fetched or compiled, and then never settles:
// turn that warning into a failure at once instead of waiting for the page's timeout.
const warn = console.warn;
function wasmFailure() {
  return new Promise((_, reject) => {
    console.warn = (...args) => {
      warn(...args);
      if (String(args[0]).includes("wasm instantiation failed")) reject(new Error("wasm instantiation failed"));
    };
  });
}

// Put the wheel on sys.path (zipimport reads it as is), import the kernel, build the Python Widget
// from the rates TOML (cq_boot); returns the function that answers.
async function prepare(pyodide, wheel, rates) {
  console.warn = warn;
  stamp("pyodide");
  pyodide.FS.writeFile(RUNTIME.wheel, new Uint8Array(await wheel));
  const sys = pyodide.pyimport("sys");
  if (!sys.modules.has("cq_boot")) sys.path.insert(0, RUNTIME.wheel); // a snapshot has it there
  const boot = pyodide.pyimport("cq_boot");
  stamp("wheel");
  if (!boot.ready()) {
    // A snapshot holds the Widget of the rates file built with it; a normal boot makes it.
    boot.import_kernel();
    stamp("import");
    boot.make_widget(await rates);
  }
  stamp("widget");
  return boot.handle;
}

async function boot(config) {
  if (typeof WebAssembly !== "object") throw new Error("no WebAssembly");
  progress.total = Number(config.total) || 0;
  self.fetch = onceFetch; // Pyodide fetches the wasm and the standard library with fetch()
  // The wheel and the rates download (and a cached snapshot is read) while Pyodide boots.
  const wheel = fetchOk(config.wheel).then((r) => r.arrayBuffer());
  const rates = fetchOk(config.rates).then((r) => r.text());
  const snapshot = cachedSnapshot(config.snapshot);
  for (const download of [wheel, rates]) download.catch(() => {});
  // Pyodide's own downloads start now, not once pyodide.mjs has loaded and asked for them: its
  // fetch() calls then get these responses (onceFetch), its import() this module.
  for (const name of RUNTIME.fetched) onceFetch(new URL(name, config.pyodide).href).catch(() => {});
  const createPyodideModule = import(new URL("pyodide.asm.mjs", config.pyodide).href).then((m) => m.default);
  createPyodideModule.catch(() => {});
  stamp("boot");
  const { loadPyodide } = await import(new URL("pyodide.mjs", config.pyodide).href);
  const snapshotBytes = await snapshot;
  const fetchFailure = Promise.all([wheel, rates]).then(() => new Promise(() => {})); // never wins
  const start = (options) =>
    Promise.race([
      loadPyodide({ indexURL: config.pyodide, createPyodideModule, stdout: () => {}, stderr: () => {}, ...options }),
      wasmFailure(),
      fetchFailure,
    ]);
  try {
    if (snapshotBytes) {
      // The build's memory snapshot (Python started, cyberquote imported); any failure: boot
      // normally, from the downloads already made.
      try {
        handle = await prepare(await start({ _loadSnapshot: snapshotBytes }), wheel, rates);
        mode = "snapshot";
        return;
      } catch {
        // a wheel or rates failure fails the normal boot below at once too
      }
    }
    handle = await prepare(await start({}), wheel, rates);
    mode = "normal";
  } finally {
    self.fetch = realFetch;
    downloads.clear(); // the unread copies are no longer needed
  }
}

self.addEventListener("message", async (event) => {
  const message = event.data;
  if (message.type === "boot") {
    try {
      await boot(message);
      self.postMessage({ type: "ready", timings, mode });
    } catch (error) {
      self.postMessage({ type: "failed", reason: String(error && error.message ? error.message : error) });
    }
  } else if (message.type === "quote") {
    let answer;
    try {
      answer = handle(JSON.stringify({ params: message.params }));
    } catch (error) {
      answer = JSON.stringify({ ok: false, error: String(error), messages: {} });
    }
    self.postMessage({ type: "answer", id: message.id, answer });
  }
});
