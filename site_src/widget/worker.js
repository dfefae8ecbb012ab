// The quote widget's module worker: boots the self-hosted Pyodide, installs the cyberquote wheel,
// loads the rates TOML the site was built from, then answers quote requests from the page.
// All quote logic is Python (cyberquote.browser.Widget.handle: JSON string in, JSON string out).
//
// Page -> worker: {type: "boot", pyodide, wheel, rates}   (absolute URLs)
//                 {type: "quote", id, params}
// Worker -> page: {type: "ready"} | {type: "failed", reason} | {type: "answer", id, answer}

let handle = null;
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

async function boot(config) {
  if (typeof WebAssembly !== "object") throw new Error("no WebAssembly");
  // The wheel and the rates download while Pyodide boots.
  const wheel = fetchOk(config.wheel).then((r) => r.arrayBuffer());
  const rates = fetchOk(config.rates).then((r) => r.text());
  wheel.catch(() => {});
  rates.catch(() => {});
  stamp("boot");
  const { loadPyodide } = await import(new URL("pyodide.mjs", config.pyodide).href);
  const pyodide = await Promise.race([
    loadPyodide({ indexURL: config.pyodide, stdout: () => {}, stderr: () => {} }),
    wasmFailure(),
    Promise.all([wheel, rates]).then(() => new Promise(() => {})), // fails early, never wins
  ]);
  console.warn = warn;
  stamp("pyodide");
  pyodide.unpackArchive(await wheel, "wheel");
  stamp("wheel");
  pyodide.globals.set("cq_rates_toml", await rates);
  pyodide.runPython("from cyberquote.browser import Widget");
  stamp("import");
  pyodide.runPython("cq_widget = Widget(cq_rates_toml)\ndel cq_rates_toml");
  const widget = pyodide.globals.get("cq_widget");
  handle = widget.handle;
  stamp("widget");
}

self.addEventListener("message", async (event) => {
  const message = event.data;
  if (message.type === "boot") {
    try {
      await boot(message);
      self.postMessage({ type: "ready", timings });
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
