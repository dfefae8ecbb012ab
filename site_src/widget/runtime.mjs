// Build step (run by the site build with Node): the quote's trimmed Python runtime, made and checked
// by the Pyodide the site ships (its Python 3.14 compiles the bytecode; the host's CPython cannot).
//
//   node runtime.mjs <pyodide dir> <kernel wheel> <rates.toml> <checks.json> <out dir> <wheel path>
//
// (<wheel path>: where the wheel goes in Pyodide's file system, the worker's path too; both are
// given by macros/plugin/runtime.py.) Every start goes through the worker's own Python start,
// cq_boot (site_src/widget/cq_boot.py, in the wheel), as the browser's does.
// 1. Boots the stock Pyodide, puts the wheel on sys.path (zipimport: no unpacking), answers every
//    request of checks.json, and records the standard-library modules that start-up, the import
//    and the answers loaded ("found by running it"), and the sources the start compiled
//    (dataclass methods, a namedtuple: cq_boot.compiled).
// 2. Writes <out>/python_stdlib.zip: only those modules, as .pyc compiled by this Python (optimize=2,
//    no column tables; stdlib_zip.py beside this script, shared with the renewal page), stored (the server's brotli compresses bytecode better than deflate); and
//    <out>/cyberquote.whl, the kernel wheel with its modules' bytecode beside their source and
//    the start's compiled sources (cq_boot.GENERATED).
// 3. Boots again from the trimmed zip (and a lock file without packages) and that wheel, answers
//    the checks, and counts the sources that start compiled (none: the browser's start runs no
//    compiler).
// 4. Makes a memory snapshot against the trimmed zip (it holds zipimport's offsets into it) after
//    the kernel's import and the Widget of this rates file (a snapshot is published with the very
//    rates file it was made from), loads it into a fresh Pyodide and answers the checks from that
//    Widget: <out>/snapshot.bin.
// Prints {"trimmed": [...answers], "snapshot": [...answers], "modules": [...], "compiled": n} on
// stdout; the Python side compares the answers with CPython: a trimmed runtime that answers
// differently fails the build.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheelPath, ratesPath, checksPath, outDir, WHEEL_PATH] = process.argv.slice(2);
const indexURL = pyodideDir.endsWith("/") ? pyodideDir : `${pyodideDir}/`;
const { loadPyodide } = await import(pathToFileURL(`${indexURL}pyodide.mjs`).href);
const quiet = { stdout: () => {}, stderr: () => {} };
let wheel = new Uint8Array(readFileSync(wheelPath)); // the kernel wheel; then the browser's
const ratesToml = readFileSync(ratesPath, "utf8");
const checks = JSON.parse(readFileSync(checksPath, "utf8"));
const lock = JSON.parse(readFileSync(`${indexURL}pyodide-lock.json`, "utf8"));
// What the worker passes as lockFileContents: Pyodide's build info, no package (none is loaded).
const bareLock = { info: lock.info, packages: {} };
const zipPath = `${outDir}/python_stdlib.zip`;

// The worker's start (worker.js): the wheel on sys.path, cq_boot imports the kernel and makes the
// Widget for this build's rates file (kept in a snapshot's memory).
function start(pyodide) {
  pyodide.FS.writeFile(WHEEL_PATH, wheel);
  pyodide.pyimport("sys").path.insert(0, WHEEL_PATH);
  const boot = pyodide.pyimport("cq_boot");
  boot.import_kernel();
  boot.make_widget(ratesToml);
  return boot;
}

function answer(pyodide) {
  const handle = pyodide.pyimport("cq_boot").handle;
  return checks.map((params) => JSON.parse(handle(JSON.stringify({ params }))));
}

// 1. The stock runtime: which standard-library modules does the quote use?
// No column tables in the bytecode it compiles (tracebacks keep their line numbers).
const stock = await loadPyodide({ indexURL, ...quiet, env: { PYTHONNODEBUGRANGES: "1" } });
start(stock);
answer(stock);
stock.runPython(readFileSync(new URL("./stdlib_zip.py", import.meta.url), "utf8"));
stock.runPython(`
OPTIMIZE = 2  # no docstrings, no asserts: the parity checks decide whether that is safe
cq_modules = write_stdlib_zip("/tmp/trimmed.zip", optimize=OPTIMIZE)
import zipfile, importlib._bootstrap_external as bx  # after the census: build-time only

# The browser's wheel: the kernel wheel with each module's bytecode beside its source (unchecked
# hash-based .pyc, which zipimport takes before the .py) and the sources the start compiled with
# their code, stored, its RECORD rewritten.
import base64, hashlib, importlib.util, cq_boot
WHEEL = ${JSON.stringify(WHEEL_PATH)}
with zipfile.ZipFile(WHEEL) as source:
    files = {info.filename: source.read(info) for info in source.infolist() if not info.is_dir()}
record = next(name for name in files if name.endswith(".dist-info/RECORD"))
del files[record]
for name, data in list(files.items()):
    if name.endswith(".py"):
        code = compile(importlib.util.decode_source(data), f"{WHEEL}/{name}", "exec",
                       dont_inherit=True, optimize=OPTIMIZE)
        pyc = bx._code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)
        files[name[:-3] + ".pyc"] = bytes(pyc)
files[cq_boot.GENERATED] = cq_boot.generated_table()
def digest(data):
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
lines = [f"{name},sha256={digest(data)},{len(data)}" for name, data in sorted(files.items())]
files[record] = ("\\n".join([*lines, f"{record},,"]) + "\\n").encode()
with zipfile.ZipFile("/tmp/browser.whl", "w", zipfile.ZIP_STORED) as out:
    for name in sorted(files):
        out.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), files[name])
`);
const modules = stock.globals.get("cq_modules").toJs();
writeFileSync(zipPath, stock.FS.readFile("/tmp/trimmed.zip"));
// From here on the kernel is the browser's wheel (what the site publishes).
wheel = stock.FS.readFile("/tmp/browser.whl");
writeFileSync(`${outDir}/cyberquote.whl`, wheel);

// 3. The trimmed runtime answers (and imports nothing from outside its zip and the wheel).
const trimmedOptions = { indexURL, stdLibURL: zipPath, lockFileContents: bareLock, ...quiet };
const trimmed = await loadPyodide(trimmedOptions);
const compiled = start(trimmed).compiled.length; // sources the browser's start compiles: none
const trimmedAnswers = answer(trimmed);

// 4. The snapshot, made against the trimmed zip, checked in a fresh Pyodide.
const maker = await loadPyodide({ ...trimmedOptions, _makeSnapshot: true });
start(maker); // the snapshot holds the Widget of the rates file published with it
writeFileSync(`${outDir}/snapshot.bin`, maker.makeMemorySnapshot());
const checker = await loadPyodide({ ...trimmedOptions, _loadSnapshot: readFileSync(`${outDir}/snapshot.bin`) });
checker.FS.writeFile(WHEEL_PATH, wheel);
const snapshotAnswers = answer(checker); // from the Widget made before the snapshot

process.stdout.write(JSON.stringify({ trimmed: trimmedAnswers, snapshot: snapshotAnswers, modules, compiled }));
