"""The renewal page's standard library: Pyodide's own zip trimmed to what review() loads there.

Pyodide's python_stdlib.zip is 2.5 MB; review() and its wheels load about a fifth of it. As the
quote's runtime does (runtime.py), the build asks the Pyodide the site ships, under Node: it boots
with the whole zip, installs the renewal's wheels, imports every standard-library module their
sources name (a workbook from Excel may take a path the samples do not), runs review() on sample
files (the workbooks to fill, the grid CSV in UTF-8 and Shift_JIS, a workbook with problems, a
file that is no workbook) in both languages, and records the standard-library files Python then
holds. Those modules are compiled by that Python (as the quote's runtime.mjs does: optimize 2, no
column tables, so the browser compiles none of them) and zipped uncompressed (the site's brotli
shrinks the whole better than deflate does file by file); Pyodide boots again from that zip and
must load the same modules and answer every sample exactly as with the whole one, or the build
stops. Without Node, the whole zip is published.
Results are cached under build/widget-cache/ by the hash of every input.
"""

from __future__ import annotations

import ast
import hashlib
import io
import json
import logging
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from mkdocs.exceptions import PluginError

from .files import CACHE_DIR, store_atomically
from .runtime import STDLIB_ZIP

log = logging.getLogger("mkdocs.plugins.cyberquote.renewal")
NODE_TIMEOUT_S = 300
KEEP = 4  # cached trimmed zips kept (parallel builds of other rates each need their own)
Sample = tuple[bytes, str, str]  # (file bytes, file name, lang)

TRACE_SCRIPT = r"""
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
const [pyodideDir, stdlib, work] = process.argv.slice(2);
const { loadPyodide } = await import(resolve(pyodideDir, "pyodide.mjs"));
const job = JSON.parse(readFileSync(resolve(work, "job.json"), "utf8"));
// No column tables in the bytecode it compiles (tracebacks keep their line numbers).
const pyodide = await loadPyodide({
  indexURL: pyodideDir + "/", stdLibURL: stdlib, stdout: () => {}, stderr: () => {},
  env: { PYTHONNODEBUGRANGES: "1" },
});
for (const wheel of job.wheels) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(resolve(work, wheel))), "wheel");
}
pyodide.runPython(readFileSync(resolve(work, "stdlib_zip.py"), "utf8")); // write_stdlib_zip
pyodide.globals.set("job", pyodide.toPy(job));
pyodide.globals.set("toml", readFileSync(resolve(work, "rates.toml"), "utf8"));
pyodide.globals.set("samples", pyodide.toPy(
  job.samples.map((_, i) => new Uint8Array(readFileSync(resolve(work, `sample-${i}`))))));
console.log(pyodide.runPython(`
import importlib, json
for name in job["modules"]:
    try:
        importlib.import_module(name)
    except Exception:  # a module this Pyodide lacks (tkinter...) or that needs a browser
        pass
from cyberrenewal.browser import review
results = [
    review(data, name, current_toml=toml, lang=lang)
    for data, (name, lang) in zip(samples, job["samples"])
]
# Every module the standard library zip gave, compiled by this Python as the quote's runtime is
# (optimize 2, no docstrings or asserts; the second run, on this zip, must answer alike).
modules = write_stdlib_zip("/tmp/stdlib.zip", optimize=2)
json.dumps({"results": results, "modules": modules}, ensure_ascii=False)
`));
writeFileSync(resolve(work, "stdlib.zip"), pyodide.FS.readFile("/tmp/stdlib.zip"));
"""


def imported_names(sources: list[str]) -> set[str]:
    """Every absolute module name the sources import (``import a.b`` gives a and a.b; ``from a
    import b`` gives a and a.b, which may be a module)."""
    names: set[str] = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            for name in found:
                parts = name.split(".")
                names |= {".".join(parts[: i + 1]) for i in range(len(parts))}
    return names


def stdlib_modules(full: bytes, wheels: list[bytes]) -> list[str]:
    """The standard-library modules the wheels' sources name."""
    with zipfile.ZipFile(io.BytesIO(full)) as archive:
        tops = {name.split("/")[0].removesuffix(".py") for name in archive.namelist()}
    sources = []
    for wheel in wheels:
        with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
            sources += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                        if n.endswith(".py")]  # fmt: skip
    return sorted(n for n in imported_names(sources) if n.split(".")[0] in tops)


def run_trace(pyodide: Path, stdlib: Path, work: Path) -> dict:
    node = shutil.which("node") or "node"  # renewal_stdlib runs this only when there is one
    script = work / "trace.mjs"
    script.write_text(TRACE_SCRIPT, "utf-8")
    shutil.copyfile(STDLIB_ZIP, work / "stdlib_zip.py")
    try:
        done = subprocess.run(
            [node, str(script), str(pyodide), str(stdlib), str(work)],
            capture_output=True, text=True, timeout=NODE_TIMEOUT_S,
        )  # fmt: skip
    except subprocess.TimeoutExpired as err:
        raise PluginError(f"renewal page: the stdlib trace took over {NODE_TIMEOUT_S} s") from err
    if done.returncode != 0:
        # Node prints the minified line of Pyodide an error passes through: the Python
        # traceback follows it on the same line.
        told = done.stderr[done.stderr.rfind("Traceback (most recent call last)") :]
        raise PluginError("renewal page: the stdlib trace failed:\n" + told[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def renewal_stdlib(
    pyodide: Path, wheels: list[tuple[str, bytes]], samples: list[Sample], toml: str
) -> bytes:
    """Pyodide's standard library trimmed to what review() loads, checked; whole without Node."""
    full = (pyodide / "python_stdlib.zip").read_bytes()
    if shutil.which("node") is None:
        log.info("renewal page: no `node`, so Pyodide's full standard library is published")
        return full
    parts = [full, TRACE_SCRIPT.encode(), STDLIB_ZIP.read_bytes(), toml.encode()]
    parts += [data for _, data in wheels] + [data for data, _, _ in samples]
    parts += [f"{name}\0{lang}".encode() for _, name, lang in samples]
    key = hashlib.sha256(b"\0".join(hashlib.sha256(p).digest() for p in parts)).hexdigest()
    cached = CACHE_DIR / f"renewal-stdlib-{key}.zip"
    if not cached.exists():
        with tempfile.TemporaryDirectory(prefix="cq-renewal-") as tmp:
            work = Path(tmp)
            for name, data in wheels:
                (work / name).write_bytes(data)
            for i, (data, _, _) in enumerate(samples):
                (work / f"sample-{i}").write_bytes(data)
            (work / "rates.toml").write_text(toml, "utf-8")
            job = {
                "wheels": [name for name, _ in wheels],
                "modules": stdlib_modules(full, [data for _, data in wheels]),
                "samples": [[name, lang] for _, name, lang in samples],
            }
            (work / "job.json").write_text(json.dumps(job, ensure_ascii=False), "utf-8")
            (work / "full.zip").write_bytes(full)
            whole = run_trace(pyodide, work / "full.zip", work)
            trimmed = (work / "stdlib.zip").read_bytes()
            (work / "trimmed.zip").write_bytes(trimmed)
            again = run_trace(pyodide, work / "trimmed.zip", work)
            if again["results"] != whole["results"] or again["modules"] != whole["modules"]:
                raise PluginError("renewal page: review() answers otherwise on the trimmed stdlib")
            store_atomically(cached, trimmed)
    cached.touch()  # the most recently used are the ones kept
    for stale in sorted(
        CACHE_DIR.glob("renewal-stdlib-*.zip"), key=lambda p: p.stat().st_mtime, reverse=True
    )[KEEP:]:
        stale.unlink(missing_ok=True)
    return cached.read_bytes()
