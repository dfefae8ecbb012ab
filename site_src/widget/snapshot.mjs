// Build step (run by macros/widget_assets.py with Node): a Pyodide memory snapshot taken after
// `import cyberquote.browser`, so that the browser skips Python's start-up and the package import.
//
//   node snapshot.mjs <pyodide dir> <wheel> <rates.toml> <out file> <checks.json>
//
// Makes the snapshot, then verifies it: loads it into a fresh Pyodide, installs the wheel, reads
// the rates and answers every request of checks.json (a JSON list of quote params). Prints
// {"answers": [...]} on stdout; the Python side compares them with CPython before publishing.
// The snapshot is tied to this exact Pyodide build (314, private API: _makeSnapshot/_loadSnapshot).
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheelPath, ratesPath, outPath, checksPath] = process.argv.slice(2);
const indexURL = pyodideDir.endsWith("/") ? pyodideDir : `${pyodideDir}/`;
const { loadPyodide } = await import(pathToFileURL(`${indexURL}pyodide.mjs`).href);
const quiet = { stdout: () => {}, stderr: () => {} };
const wheel = new Uint8Array(readFileSync(wheelPath));

const maker = await loadPyodide({ indexURL, _makeSnapshot: true, ...quiet });
maker.unpackArchive(wheel, "wheel");
maker.runPython("import cyberquote.browser");
writeFileSync(outPath, maker.makeMemorySnapshot());

const checker = await loadPyodide({ indexURL, _loadSnapshot: readFileSync(outPath), ...quiet });
checker.unpackArchive(wheel, "wheel");
checker.globals.set("cq_rates_toml", readFileSync(ratesPath, "utf8"));
checker.runPython("from cyberquote.browser import Widget\ncq_widget = Widget(cq_rates_toml)");
const handle = checker.globals.get("cq_widget").handle;
const checks = JSON.parse(readFileSync(checksPath, "utf8"));
const answers = checks.map((params) => JSON.parse(handle(JSON.stringify({ params }))));
process.stdout.write(JSON.stringify({ answers }));
