"""The quote's trimmed Python runtime: made with Node by the Pyodide the site ships, checked here.

site_src/widget/runtime.mjs boots node_modules/pyodide, puts the kernel wheel on sys.path, answers
the parity checks below and records the standard-library modules that start-up, the import and
the answers loaded. Only those go into the published python_stdlib.zip, compiled to .pyc by
Pyodide's own Python 3.14 (docstrings, asserts and column tables left out: the host's CPython is
another version and cannot write that bytecode); the kernel wheel gets its modules' bytecode the
same way, and the code its import generates (dataclass methods: site_src/widget/cq_boot.py), so
that the browser's start runs no compiler. Pyodide then boots from that zip and wheel and answers
the checks again; so does a memory snapshot made against it (a snapshot holds zipimport's offsets
into the zip it was made with).

A trimmed runtime whose answers differ from CPython's stops the build. A snapshot that differs is
left out (the widget boots normally). Results are cached under build/widget-cache/ by the hash of
every input.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cyberquote import Rates
from cyberquote.browser import Widget
from mkdocs.exceptions import PluginError

from .files import CACHE_DIR, ROOT, sha256, store_atomically
from .pyodide import PYODIDE_DIR

log = logging.getLogger("mkdocs.plugins.cyberquote.widget")
RUNTIME_SCRIPT = ROOT / "site_src" / "widget" / "runtime.mjs"
STDLIB_ZIP = ROOT / "site_src" / "widget" / "stdlib_zip.py"  # run by runtime.mjs in Pyodide
CHECK_TODAY = "2024-02-10"
WHEEL_PATH = "/lib/cyberquote.whl"  # the wheel in Pyodide's file system (runtime.mjs, worker.js)
NODE_TIMEOUT_S = 600
KEEP_RUNTIMES = 8  # parallel builds (pytest -n 2, other checkouts' rates) each need their own
# Inputs of the Pyodide package that decide what the trimmed runtime is.
PYODIDE_INPUTS = ("package.json", "pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.zip")


@dataclass(frozen=True)
class TrimmedRuntime:
    """The published standard library zip, the kernel wheel with its bytecode, the checked
    snapshot (None if it failed its check); `compiled`: the sources the browser's start still
    compiles (0; None when unknown: a build without Node)."""

    stdlib: bytes
    wheel: bytes
    snapshot: bytes | None
    modules: tuple[str, ...]
    compiled: int | None


def parity_checks(rates: Rates) -> list[dict[str, Any]]:
    """Requests the trimmed runtime and the snapshot must answer exactly as CPython does: every
    category and plan at the lowest and highest band, an excluded industry, written-out revenue,
    a chosen start, a rejected input."""
    checks: list[dict[str, Any]] = [
        {"industry": c.industries[0].id, "revenue": b.upper_yen, "plan": p.code}
        for c in rates.categories
        for b in (rates.bands[0], rates.bands[-1])
        for p in rates.plans
    ]
    checks += [
        {"industry": rates.excluded[0].id, "revenue": "1億", "plan": "A"},
        {"industry": "it", "revenue": "２億５千万円", "plan": "B", "start": "2024-06-01"},
        {"industry": "it", "revenue": "abc", "plan": "A"},
    ]
    return [{**params, "today": CHECK_TODAY} for params in checks]


def expected_answers(rates_toml: str, checks: list[dict[str, Any]]) -> list[Any]:
    """CPython's answers through the same glue, as the browser receives them (via JSON)."""
    widget = Widget(rates_toml)
    return [json.loads(json.dumps(widget.answer(params), ensure_ascii=False)) for params in checks]


def first_difference(got: list[Any], want: list[Any], checks: list[dict[str, Any]]) -> str:
    if len(got) != len(want):
        return f"{len(got)} answers for {len(want)} checks"
    for params, a, b in zip(checks, got, want, strict=True):
        if a != b:
            return f"{json.dumps(params, ensure_ascii=False)}: {str(a)[:300]} != {str(b)[:300]}"
    return "no difference"


def runtime_key(wheel: bytes, rates_toml: str, checks: list[dict[str, Any]]) -> str:
    parts = [wheel, RUNTIME_SCRIPT.read_bytes(), STDLIB_ZIP.read_bytes(), rates_toml.encode()]
    parts.append(json.dumps(checks, sort_keys=True).encode())
    parts += [(PYODIDE_DIR / name).read_bytes() for name in PYODIDE_INPUTS]
    return sha256(b"\0".join(sha256(part).encode() for part in parts))


def run_node(wheel: Path, rates_toml: str, checks: list[dict[str, Any]], out: Path) -> Any:
    """runtime.mjs's JSON report; PluginError with its error output when it fails."""
    node = shutil.which("node")
    if node is None:
        raise PluginError("quote widget: `node` is needed to build the trimmed Python runtime")
    (out / "checks.json").write_text(json.dumps(checks, ensure_ascii=False), encoding="utf-8")
    (out / "rates.toml").write_text(rates_toml, encoding="utf-8")
    command = [node, str(RUNTIME_SCRIPT), str(PYODIDE_DIR), str(wheel)]
    command += [str(out / "rates.toml"), str(out / "checks.json"), str(out), WHEEL_PATH]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=NODE_TIMEOUT_S)
    except subprocess.TimeoutExpired as err:
        raise PluginError(f"quote widget: runtime.mjs took over {NODE_TIMEOUT_S} s") from err
    if done.returncode != 0:
        # Node prints the minified line of Pyodide an error passes through: leave such lines out.
        lines = [line for line in done.stderr.splitlines() if len(line) < 400]
        raise PluginError("quote widget: runtime.mjs failed:\n" + "\n".join(lines[-40:]))
    return json.loads(done.stdout)


def prune_runtimes(keep: int = KEEP_RUNTIMES) -> None:
    """Only the most recently used runtimes stay cached (each holds a 31 MB snapshot)."""
    cached = sorted(CACHE_DIR.glob("runtime-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in cached[keep:]:
        shutil.rmtree(stale, ignore_errors=True)


def build_runtime(wheel: Path, rates: Rates, rates_toml: str) -> TrimmedRuntime:
    """The trimmed runtime for this wheel and rates file, checked against CPython (cached)."""
    checks = parity_checks(rates)
    cache = CACHE_DIR / f"runtime-{runtime_key(wheel.read_bytes(), rates_toml, checks)}"
    if not (cache / "report.json").exists() and shutil.which("node") is None:
        # Staff build with Python and pip only: Pyodide's own standard library, no snapshot.
        log.info("quote widget: no `node`, so Pyodide's full standard library is published")
        return TrimmedRuntime(
            stdlib=(PYODIDE_DIR / "python_stdlib.zip").read_bytes(),
            wheel=wheel.read_bytes(),  # the kernel's sources, compiled by Pyodide when imported
            snapshot=None,
            modules=(),
            compiled=None,
        )
    if not (cache / "report.json").exists():
        with tempfile.TemporaryDirectory(prefix="cq-runtime-") as tmp:
            report = run_node(wheel, rates_toml, checks, Path(tmp))
            want = expected_answers(rates_toml, checks)
            if report["trimmed"] != want:
                why = first_difference(report["trimmed"], want, checks)
                raise PluginError(f"quote widget: the trimmed runtime answers differently: {why}")
            snapshot_ok = report["snapshot"] == want
            if not snapshot_ok:
                why = first_difference(report["snapshot"], want, checks)
                log.info("quote widget: memory snapshot left out (failed its check): %s", why)
            for name in ("python_stdlib.zip", "cyberquote.whl"):
                store_atomically(cache / name, (Path(tmp) / name).read_bytes())
            if snapshot_ok:
                store_atomically(cache / "snapshot.bin", (Path(tmp) / "snapshot.bin").read_bytes())
            summary = {
                "modules": report["modules"],
                "snapshot": snapshot_ok,
                "compiled": report["compiled"],
            }
            store_atomically(cache / "report.json", json.dumps(summary).encode())
    os.utime(cache)  # the most recently used runtimes are the ones kept
    prune_runtimes()
    summary = json.loads((cache / "report.json").read_text(encoding="utf-8"))
    snapshot = (cache / "snapshot.bin").read_bytes() if summary["snapshot"] else None
    return TrimmedRuntime(
        stdlib=(cache / "python_stdlib.zip").read_bytes(),
        wheel=(cache / "cyberquote.whl").read_bytes(),
        snapshot=snapshot,
        modules=tuple(summary["modules"]),
        compiled=summary["compiled"],
    )
