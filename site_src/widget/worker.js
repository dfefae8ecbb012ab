// The quote widget's module worker: boots the self-hosted Pyodide, installs the cyberquote wheel,
// loads the rates TOML the site was built from, then answers quote requests from the page.
// All quote logic is Python (cyberquote.browser.Widget.handle: JSON string in, JSON string out).
//
// It boots from the build's memory snapshot when there is one (see snapshot.mjs), and normally
// (Python start-up, then the import) whenever the snapshot is missing or fails.
//
// Page -> worker: {type: "boot", pyodide, wheel, rates, snapshot}   (absolute URLs)
//                 {type: "quote", id, params}
// Worker -> page: {type: "ready", mode, timings} | {type: "failed", reason}
//                 {type: "answer", id, answer}   (answer: the JSON string from Python)

let handle = null;
let mode = "none";
const timings = {}; // milliseconds since the epoch, for the benchmark (bench/bench_quote.py)
const stamp = (name) => {
  timings[name] = performance.timeOrigin + performance.now();
};

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return response;
}

// Pyodide 314 only warns when the wasm file cannot be fetched or compiled, and then never settles:
// turn that warning into a failure at once instead of waiting for the page's 30 s timeout.
const warn = console.warn;
function wasmFailure() {
  return new Promise((_, reject) => {
    console.warn = (...args) => {
      warn(...args);
      if (String(args[0]).includes("wasm instantiation failed")) reject(new Error("wasm instantiation failed"));
    };
  });
}

// Install the wheel, read the rates TOML, build the Python Widget; returns its handle function.
async function prepare(pyodide, wheel, rates) {
  console.warn = warn;
  stamp("pyodide");
  pyodide.unpackArchive(await wheel, "wheel");
  stamp("wheel");
  pyodide.globals.set("cq_rates_toml", await rates);
  pyodide.runPython("from cyberquote.browser import Widget");
  stamp("import");
  pyodide.runPython("cq_widget = Widget(cq_rates_toml)\ndel cq_rates_toml");
  const handle = pyodide.globals.get("cq_widget").handle;
  stamp("widget");
  return handle;
}

async function boot(config) {
  if (typeof WebAssembly !== "object") throw new Error("no WebAssembly");
  // The wheel, the rates and the snapshot download while Pyodide boots.
  const wheel = fetchOk(config.wheel).then((r) => r.arrayBuffer());
  const rates = fetchOk(config.rates).then((r) => r.text());
  const snapshot = config.snapshot ? fetchOk(config.snapshot).then((r) => r.arrayBuffer()) : null;
  for (const download of [wheel, rates, snapshot]) download?.catch(() => {});
  stamp("boot");
  const { loadPyodide } = await import(new URL("pyodide.mjs", config.pyodide).href);
  const fetchFailure = Promise.all([wheel, rates]).then(() => new Promise(() => {})); // never wins
  const start = (options) =>
    Promise.race([
      loadPyodide({ indexURL: config.pyodide, stdout: () => {}, stderr: () => {}, ...options }),
      wasmFailure(),
      fetchFailure,
    ]);
  if (snapshot) {
    // The build's memory snapshot (Python started, cyberquote imported); any failure: boot normally.
    try {
      handle = await prepare(await start({ _loadSnapshot: snapshot }), wheel, rates);
      mode = "snapshot";
      return;
    } catch {
      // a wheel or rates failure fails the normal boot below at once too
    }
  }
  handle = await prepare(await start({}), wheel, rates);
  mode = "normal";
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
