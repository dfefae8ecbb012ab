"""Benchmark: navigation to the first quote shown, against a bare Pyodide boot (issue 4).

    .venv/bin/python bench/bench_quote.py [--site site] [--runs 5]

Copies the built site to a temporary directory, adds a bare page (bench-bare/) that boots the
same Pyodide files in a module worker and runs one Python call, serves the copy with
site_src/tools/serve.py (the CSP header, precompressed .br/.gz), and measures in Debian Chromium:

- quote: from navigation start to the `cq-first-quote` performance mark the quote page sets when
  its first answer is on screen (a shared link, so the answer needs no typing), as built: the
  worker boots from the build's memory snapshot;
- quote-nosnap: the same page on a second copy of the site without the snapshot (the fallback);
- bare:  from navigation start to the `bare-done` mark (Pyodide booted, `1 + 1` evaluated).

Cold: a new browser context per run (empty cache). Warm: a persistent profile, primed once, the
browser relaunched for each run. Other hosts are blocked with --host-resolver-rules (request
routing would turn the HTTP cache off). Prints the medians and the ratios to the bare boot;
exits 1 when the quote page as built is over the target ratio (1.15).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from site_src.tools import chromium as chromium_setup  # noqa: E402

SERVE = ROOT / "site_src" / "tools" / "serve.py"
CHROMIUM = chromium_setup.EXECUTABLE
# Other hosts are blocked by the resolver, not by request routing, which would turn the cache off.
CHROMIUM_ARGS = [*chromium_setup.ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
QUOTE_PATH = f"quote/?industry=it&revenue={url_quote('2億5千万円')}&plan=B"
BARE_PATH = "bench-bare/"
TIMEOUT_MS = 60_000

BARE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bare Pyodide boot</title>
<script type="module" src="bare.js"></script></head>
<body><p id="out">booting</p></body></html>
"""
BARE_JS = """const worker = new Worker(new URL("bare-worker.js", import.meta.url), {type: "module"});
worker.onmessage = (event) => {
  performance.mark("bare-done");
  document.getElementById("out").textContent = String(event.data);
  document.body.dataset.done = "1";
};
worker.postMessage(new URL("../assets/pyodide/", import.meta.url).href);
"""
BARE_WORKER = """self.onmessage = async (event) => {
  const indexURL = event.data;
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  const pyodide = await loadPyodide({ indexURL });
  self.postMessage(pyodide.runPython("1 + 1"));
};
"""


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    done_selector: str
    mark: str
    site: str = "main"  # "main": the built site; "nosnap": the same without the memory snapshot


QUOTE = Target("quote", QUOTE_PATH, '#quote-result[data-state="quote"]', "cq-first-quote")
QUOTE_NOSNAP = Target("quote-nosnap", QUOTE_PATH, QUOTE.done_selector, QUOTE.mark, "nosnap")
BARE = Target("bare", BARE_PATH, "body[data-done]", "bare-done")
TARGETS = (QUOTE, QUOTE_NOSNAP, BARE)
SNAPSHOT = Path("assets") / "widget" / "pyodide-snapshot.bin"


def make_bench_site(site: Path, into: Path, snapshot: bool = True) -> Path:
    """A copy of the built site plus the bare page (the built site itself is left untouched)."""
    copy = into / ("site" if snapshot else "site-nosnap")
    shutil.copytree(site, copy)
    if not snapshot:
        for suffix in ("", ".gz", ".br"):
            (copy / SNAPSHOT).with_name(SNAPSHOT.name + suffix).unlink(missing_ok=True)
    bare = copy / "bench-bare"
    bare.mkdir()
    (bare / "index.html").write_text(BARE_HTML, encoding="utf-8")
    (bare / "bare.js").write_text(BARE_JS, encoding="utf-8")
    (bare / "bare-worker.js").write_text(BARE_WORKER, encoding="utf-8")
    return copy


def start_server(directory: Path) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, str(SERVE), "--host", "127.0.0.1", "--port", "0", str(directory)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        process.terminate()
        raise RuntimeError(f"serve.py did not start: {url!r}")
    return process, url


def measure(page: Any, bases: dict[str, str], target: Target) -> float:
    """Milliseconds from navigation start to the target's mark."""
    page.goto(bases[target.site] + target.path)
    page.wait_for_selector(target.done_selector, timeout=TIMEOUT_MS)
    return float(page.evaluate(f"performance.getEntriesByName({target.mark!r})[0].startTime"))


def cold_runs(playwright: Any, base: dict[str, str], target: Target, runs: int) -> list[float]:
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    try:
        times = []
        for _ in range(runs):
            context = browser.new_context()
            times.append(measure(context.new_page(), base, target))
            context.close()
        return times
    finally:
        browser.close()


def warm_run(playwright: Any, base: dict[str, str], target: Target, profile: Path) -> float:
    """One return visit: the browser relaunched on a persistent profile whose cache is primed."""
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    try:
        return measure(context.new_page(), base, target)
    finally:
        context.close()


def interleaved(run: Callable[[Target, int], list[float]], runs: int) -> dict[str, list[float]]:
    """Alternate quote and bare runs so that machine load drifts affect both alike."""
    out: dict[str, list[float]] = {target.name: [] for target in TARGETS}
    for _ in range(runs):
        for target in TARGETS:
            out[target.name] += run(target, 1)
    return out


def report(label: str, samples: dict[str, list[float]]) -> float:
    """Print the medians and the ratios; returns the ratio of the quote page as built."""
    medians = {name: statistics.median(values) for name, values in samples.items()}
    bare = medians[BARE.name]
    for name, values in samples.items():
        ratio = f"   ratio {medians[name] / bare:.2f}" if name != BARE.name else ""
        runs = ", ".join(f"{v:.0f}" for v in values)
        print(f"{label:5} {name:13} median {medians[name]:6.0f} ms{ratio:14}  runs: {runs}")
    return medians[QUOTE.name] / bare


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site")
    parser.add_argument("--runs", type=int, default=5, help="runs of each kind (at least 5)")
    parser.add_argument("--target", type=float, default=1.15, help="the ratio to stay under")
    args = parser.parse_args(argv)
    if not (args.site / "quote" / "index.html").is_file():
        parser.error(f"{args.site} has no quote page: build the site first (make site)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="cq-bench-") as tmp:
        servers = {}
        for name, snapshot in (("main", True), ("nosnap", False)):
            servers[name] = start_server(make_bench_site(args.site, Path(tmp), snapshot))
        base = {name: url for name, (_, url) in servers.items()}
        try:
            with sync_playwright() as p:
                cold = interleaved(lambda t, n: cold_runs(p, base, t, n), args.runs)
                profiles = {t.name: Path(tmp) / f"profile-{t.name}" for t in TARGETS}
                for t in TARGETS:
                    warm_run(p, base, t, profiles[t.name])  # prime the cache
                warm = interleaved(
                    lambda t, n: [warm_run(p, base, t, profiles[t.name]) for _ in range(n)],
                    args.runs,
                )
        finally:
            for process, _ in servers.values():
                process.terminate()
                process.wait()
    print(f"Chromium, {args.runs} runs each, served by serve.py (brotli): {base['main']}")
    print("quote: as built (memory snapshot); quote-nosnap: the same site without the snapshot")
    ratios = [report("cold", cold), report("warm", warm)]
    ok = all(r <= args.target for r in ratios)
    print(f"target ≤ {args.target:.2f}×: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
