// The renewal check's module worker (staff/renewal/): boots the site's own Pyodide with the
// untrimmed standard library, installs the wheels the build wrote for the renewal (the kernel and
// cyberrenewal, openpyxl, the Japanese holidays) and runs cyberrenewal.browser.review on each
// workbook the page sends. Every URL comes from the build's manifest (assets/renewal/runtime.*.json,
// macros/plugin/renewal_runtime.py), relative to it; nothing is fetched from another host, and the
// workbook never leaves this worker.
//
// Page -> worker: {type: "boot", manifest}                    (absolute URL of the manifest)
//                 {type: "review", id, name, data, lang}      (data: the file's ArrayBuffer)
// Worker -> page: {type: "progress", loaded, total} | {type: "ready"}
//                 {type: "failed", reason} | {type: "result", id, result}

const PROGRESS_EVERY_MS = 250;
// Bytes received so far, reported at most every PROGRESS_EVERY_MS (the page's timeout follows).
const progress = { loaded: 0, total: 0, sent: 0 };
// Each step of the start is also a progress report: the page's give-up time starts again.
const step = () => self.postMessage({ type: "progress", loaded: progress.loaded, total: progress.total });

let pyodide = null;
let reviewFile = null; // Python: (data, filename, lang) -> JSON text of review()'s dict
let currentToml = "";

function report() {
  const now = performance.now();
  if (now - progress.sent < PROGRESS_EVERY_MS) return;
  progress.sent = now;
  self.postMessage({ type: "progress", loaded: progress.loaded, total: progress.total });
}

// fetch() that counts a response's bytes on a clone; the response itself goes on untouched (its
// type kept: WebAssembly's streaming compilation still applies to the wasm). received(url)
// resolves once that URL's whole body is in (or its download has stopped).
const realFetch = self.fetch.bind(self);
const bodies = new Map(); // URL -> {promise, resolve}
function received(url) {
  if (!bodies.has(url)) {
    let resolve;
    const promise = new Promise((done) => {
      resolve = done;
    });
    bodies.set(url, { promise, resolve });
  }
  return bodies.get(url);
}

async function countedFetch(input, init) {
  const response = await realFetch(input, init);
  if (!response.ok) throw new Error(`${response.status} ${response.url}`);
  const reader = response.clone().body?.getReader();
  if (reader) {
    (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        progress.loaded += value.byteLength;
        report();
      }
    })()
      .catch(() => {})
      .finally(received(response.url).resolve);
  }
  return response;
}

async function boot(manifestUrl) {
  if (typeof WebAssembly !== "object") throw new Error("no WebAssembly");
  step();
  const manifest = await (await countedFetch(manifestUrl)).json();
  const at = (path) => new URL(path, manifestUrl).href;
  progress.total = Number(manifest.bytes) || 0;
  self.fetch = countedFetch; // Pyodide fetches the wasm and the standard library with fetch()
  try {
    const rates = countedFetch(at(manifest.rates)).then((r) => r.text());
    const { loadPyodide } = await import(at(`${manifest.pyodide}pyodide.mjs`));
    const starting = loadPyodide({
      indexURL: at(manifest.pyodide),
      stdLibURL: at(manifest.stdlib),
      stdout: () => {},
      stderr: () => {},
    });
    // The wheels download once the wasm is in (or Python has started without this fetch() seeing
    // it), while Python starts: they are needed only then, and the wasm, the largest file,
    // compiled as it arrives, gets the whole line meanwhile (0.5 s sooner on fast 4G).
    const wasm = received(at(`${manifest.pyodide}pyodide.asm.wasm`)).promise;
    const gate = Promise.race([wasm, starting.catch(() => {})]);
    const wheels = manifest.wheels.map((path) =>
      gate.then(() => countedFetch(at(path))).then((r) => r.arrayBuffer()),
    );
    for (const download of [...wheels, rates]) download.catch(() => {});
    pyodide = await starting;
    step();
    // Unpacked, not zip-imported: the holidays package reads its translations from files.
    for (const wheel of wheels) pyodide.unpackArchive(await wheel, "wheel");
    currentToml = await rates;
    step();
    pyodide.globals.set("cq_module", manifest.module);
    reviewFile = pyodide.runPython(`
import importlib, json
def cq_review(data, filename, current_toml, lang, _review=importlib.import_module(cq_module).review):
    return json.dumps(_review(data.to_bytes(), filename, current_toml=current_toml, lang=lang), ensure_ascii=False)
del cq_module
cq_review`);
    step();
  } finally {
    self.fetch = realFetch;
  }
}

self.addEventListener("message", async (event) => {
  const message = event.data;
  if (message.type === "boot") {
    try {
      await boot(message.manifest);
      self.postMessage({ type: "ready" });
    } catch (error) {
      self.postMessage({ type: "failed", reason: String(error && error.message ? error.message : error) });
    }
  } else if (message.type === "review") {
    let result;
    try {
      result = JSON.parse(reviewFile(new Uint8Array(message.data), message.name, currentToml, message.lang));
    } catch (error) {
      result = { state: "error", reason: String(error && error.message ? error.message : error) };
    }
    self.postMessage({ type: "result", id: message.id, result });
  }
});
