"""Benchmark: the first quote on the networks members use, against a bare Pyodide boot (issue 13).

    .venv/bin/python bench/bench_quote.py [--site site] [--baseline DIR] [--runs 3]
        [--profiles localhost,cable,fast4g,slow4g] [--new-tab]

Serves each site under test with site_src/tools/serve.py's handler (the CSP header, the cache
policy, precompressed .br/.gz) from a copy, counting every byte the server writes, and measures
in Debian Chromium, throttled with CDP `Network.emulateNetworkConditions` on the page's session
(which also throttles its dedicated worker):

- built: the quote page of `--site` as built, from a shared link (the answer needs no typing),
  to the `cq-first-quote` performance mark its first answer on screen sets;
- baseline: the same for `--baseline DIR`, another build (e.g. of an older commit) measured in the
  same run, so that ratios compare like with like;
- built-nosnap: the same site with the quote pages' snapshot attribute removed (whether the
  memory snapshot pays is decided by this comparison);
- bare: a page that boots the stock Pyodide files of node_modules/pyodide (brotli siblings, as a
  server would send them) in a module worker and evaluates `1 + 1` (`bare-done` mark).

For each profile and site: a first visit (a new browser context: empty cache, no service worker),
then a repeat visit in the same tab once the page says its offline copy is ready (or after the
network has been quiet for a second), then the same page offline. `--new-tab` makes the repeat
and offline visits in new tabs instead: headless Chromium 156 then starts its own omnibox WebUI
renderer beside the page (the browser's UI, not the site), about 0.3-0.4 s more on 2 cores.
Bytes are those the server sent until the first quote (all of them for the repeat and offline
visits). CDP's CPU throttling does not reach a dedicated worker in Chromium 156: the CPU is this
machine's. Prints a Markdown table of medians and the targets of issue 13; exits 1 when a target
is missed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "site_src" / "tools"))
import serve  # noqa: E402  (the site's own server: same headers as the tests see)

from macros.plugin.pyodide import PYODIDE_FILES  # noqa: E402  (the five files a boot needs)
from site_src.tools import chromium as chromium_setup  # noqa: E402

CHROMIUM = chromium_setup.EXECUTABLE
# Other hosts are blocked by the resolver, not by request routing, which would turn the cache off.
CHROMIUM_ARGS = [*chromium_setup.ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
QUOTE_PATH = f"quote/?industry=it&revenue={url_quote('2億5千万円')}&plan=B"
STOCK_PYODIDE = ROOT / "node_modules" / "pyodide"
CACHE_DIR = ROOT / "build" / "bench-cache"
ANSWER_TIMEOUT_MS = 120_000
CACHED_TIMEOUT_MS = 120_000
SETTLE_S = 2.0
MB = 1_000_000


@dataclass(frozen=True)
class Profile:
    """A network: throughput in Mbit/s and round-trip latency in ms (None: unthrottled)."""

    name: str
    mbps: float | None
    latency_ms: float

    def conditions(self, offline: bool = False) -> dict[str, Any]:
        rate = -1 if self.mbps is None else self.mbps * 1_000_000 / 8
        return {
            "offline": offline,
            "latency": self.latency_ms,
            "downloadThroughput": rate,
            "uploadThroughput": rate,
        }


PROFILES = {
    p.name: p
    for p in (
        Profile("localhost", None, 0),
        Profile("cable", 20, 20),
        Profile("fast4g", 9, 60),
        Profile("slow4g", 1.6, 150),
    )
}
CASES = ("first", "repeat", "offline")

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
worker.postMessage(new URL("pyodide/", import.meta.url).href);
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
    """A page under test: where it is, what shows it is done, what shows it failed."""

    name: str
    path: str
    done: str
    mark: str
    failed: str | None


@dataclass
class Counter:
    """Bytes written by the server since the last reset (headers and bodies), with the time of
    each write (so that the bytes sent before a moment in the page can be told)."""

    value: int = 0
    writes: list[tuple[float, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, n: int) -> None:
        with self.lock:
            self.value += n
            self.writes.append((time.time() * 1000, n))

    def reset(self) -> None:
        with self.lock:
            self.value = 0
            self.writes = []

    def until(self, epoch_ms: float) -> int:
        with self.lock:
            return sum(n for at, n in self.writes if at <= epoch_ms)


class _CountingWriter:
    def __init__(self, inner: Any, counter: Counter) -> None:
        self._inner, self._counter = inner, counter

    def write(self, data: bytes) -> int:
        self._counter.add(len(data))
        return self._inner.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def counting_handler(counter: Counter) -> type:
    class CountingHandler(serve.SiteHandler):
        def setup(self) -> None:
            super().setup()
            self.wfile = _CountingWriter(self.wfile, counter)

    return CountingHandler


@dataclass
class Server:
    """serve.py's handler on 127.0.0.1 in a thread, with a byte counter."""

    directory: Path
    counter: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        handler = partial(counting_handler(self.counter), directory=str(self.directory))
        self.httpd = serve.QuietServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def compressed_stock(name: str, data: bytes) -> dict[str, bytes]:
    """The .br and .gz siblings of a stock Pyodide file (cached: brotli 11 takes a while)."""
    import gzip
    import hashlib

    import brotli

    out = {}
    key = hashlib.sha256(data).hexdigest()
    for suffix, make in ((".br", lambda d: brotli.compress(d, quality=11)), (".gz", gzip.compress)):
        path = CACHE_DIR / f"{key}{suffix}"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(make(data))
        packed = path.read_bytes()
        if len(packed) < 0.9 * len(data):
            out[suffix] = packed
    return out


def without_snapshot(site: Path) -> Path:
    """The copy's quote pages with no snapshot (data-snapshot removed; their siblings dropped)."""
    for page in site.glob("**/quote/index.html"):
        html = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r' data-snapshot="[^"]*"', "", html), encoding="utf-8")
        for suffix in (".br", ".gz"):
            page.with_name(page.name + suffix).unlink(missing_ok=True)
    return site


def has_snapshot(site: Path) -> bool:
    return 'data-snapshot="' in (site / "quote" / "index.html").read_text(encoding="utf-8")


def make_bare_site(into: Path) -> Path:
    """The bare page with the stock Pyodide files (and the siblings a server would send)."""
    bare = into / "bare"
    (bare / "pyodide").mkdir(parents=True)
    (bare / "index.html").write_text(BARE_HTML, encoding="utf-8")
    (bare / "bare.js").write_text(BARE_JS, encoding="utf-8")
    (bare / "bare-worker.js").write_text(BARE_WORKER, encoding="utf-8")
    for name in PYODIDE_FILES:
        data = (STOCK_PYODIDE / name).read_bytes()
        (bare / "pyodide" / name).write_bytes(data)
        for suffix, packed in compressed_stock(name, data).items():
            (bare / "pyodide" / f"{name}{suffix}").write_bytes(packed)
    return bare


QUOTE = Target(
    "quote",
    QUOTE_PATH,
    "#quote-result[data-request-id]",  # an answer shown, whatever it says (the intake may be closed)
    "cq-first-quote",
    '#quote-status[data-state="failed"]',
)
BARE = Target("bare", "", "body[data-done]", "bare-done", None)


@dataclass(frozen=True)
class Sample:
    ms: float | None  # None: no answer (failed or timed out)
    bytes: int


def visit(page: Any, server: Server, target: Target, profile: Profile, offline: bool) -> Sample:
    """One navigation of the tab to the target, throttled; the time to its mark and the bytes
    sent."""
    context = page.context
    try:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", profile.conditions(offline))
        context.set_offline(offline)
        page.goto("about:blank")
        server.counter.reset()
        try:
            page.goto(server.url + target.path, timeout=ANSWER_TIMEOUT_MS)
            selector = target.done if target.failed is None else f"{target.done}, {target.failed}"
            page.wait_for_selector(selector, timeout=ANSWER_TIMEOUT_MS)
        except Exception:  # offline without a cache: the navigation itself fails
            return Sample(None, server.counter.value)
        if page.locator(target.done).count() == 0:
            return Sample(None, server.counter.value)
        ms, origin = page.evaluate(
            f"[performance.getEntriesByName({target.mark!r})[0].startTime, performance.timeOrigin]"
        )
        return Sample(float(ms), server.counter.until(origin + ms))
    finally:
        if not offline:
            wait_until_cached(page, server)
        cdp.detach()
        context.set_offline(False)


def wait_until_cached(page: Any, server: Server) -> None:
    """Until the page's offline copy is ready (data-cache="ready"), else a quiet second."""
    has_sw = page.evaluate("Boolean(document.querySelector('#cq-widget[data-sw]'))")
    if has_sw:
        try:
            page.wait_for_selector('#cq-widget[data-cache="ready"]', timeout=CACHED_TIMEOUT_MS)
            return
        except Exception:  # reported as a slow repeat visit instead
            pass
    last, quiet_since = server.counter.value, time.monotonic()
    while time.monotonic() - quiet_since < 1.0:
        time.sleep(0.1)
        if server.counter.value != last:
            last, quiet_since = server.counter.value, time.monotonic()


def run_once(
    browser: Any, server: Server, target: Target, profile: Profile, *, new_tab: bool
) -> dict[str, Sample]:
    """A first visit in a new browser context, then the repeat and offline visits in the same
    tab (or each in a new tab: headless Chromium then starts its omnibox WebUI renderer beside
    the page, which takes up to a core for a second on its own)."""
    time.sleep(SETTLE_S)  # the previous context's teardown (its caches, its renderers) ends first
    context = browser.new_context()
    try:
        page = context.new_page()
        samples = {}
        for case in CASES:
            if new_tab and case != "first":
                page.close()
                page = context.new_page()
            samples[case] = visit(page, server, target, profile, offline=case == "offline")
        return samples
    finally:
        context.close()


def median_sample(samples: list[Sample]) -> Sample:
    """Median time over the runs that answered (None if fewer than half did); median bytes."""
    times = [s.ms for s in samples if s.ms is not None]
    ms = statistics.median(times) if len(times) * 2 > len(samples) else None
    return Sample(ms, int(statistics.median(s.bytes for s in samples)))


def fmt(sample: Sample) -> str:
    time_text = "fails" if sample.ms is None else f"{sample.ms / 1000:.2f} s"
    return f"{time_text} · {sample.bytes / MB:.2f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site")
    parser.add_argument("--baseline", type=Path, help="another build measured side by side")
    parser.add_argument("--runs", type=int, default=3, help="runs of each case (median)")
    parser.add_argument("--profiles", default=",".join(PROFILES), help="comma-separated")
    parser.add_argument(
        "--new-tab", action="store_true", help="repeat and offline visits each in a new tab"
    )
    args = parser.parse_args(argv)
    sites = {"built": args.site}
    if args.baseline:
        sites["baseline"] = args.baseline
    for name, site in sites.items():
        if not (site / "quote" / "index.html").is_file():
            parser.error(f"{name}: {site} has no quote page: build the site first (make site)")
    profiles = [PROFILES[name] for name in args.profiles.split(",")]
    from playwright.sync_api import sync_playwright

    results: dict[tuple[str, str], list[dict[str, Sample]]] = {}
    with tempfile.TemporaryDirectory(prefix="cq-bench-") as tmp:
        servers = {name: Server(shutil.copytree(d, Path(tmp) / name)) for name, d in sites.items()}
        if has_snapshot(args.site):  # the snapshot rule is chosen by this comparison
            copy = shutil.copytree(args.site, Path(tmp) / "nosnap")
            servers["built-nosnap"] = Server(without_snapshot(copy))
        servers["bare"] = Server(make_bare_site(Path(tmp)))
        targets = {name: QUOTE for name in servers} | {"bare": BARE}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
                for profile in profiles:
                    for _ in range(args.runs):  # interleaved: load drifts affect every site alike
                        for name, server in servers.items():
                            sample = run_once(
                                browser, server, targets[name], profile, new_tab=args.new_tab
                            )
                            results.setdefault((profile.name, name), []).append(sample)
                            print(f"  {profile.name:9} {name:8} {sample}", file=sys.stderr)
                browser.close()
        finally:
            for server in servers.values():
                server.stop()
    medians = {
        key: {case: median_sample([run[case] for run in runs]) for case in CASES}
        for key, runs in results.items()
    }
    names = list(servers)
    tabs = "each in a new tab" if args.new_tab else "in the same tab"
    print(
        f"Chromium, median of {args.runs} runs, repeat and offline visits {tabs};"
        " time to the first quote · bytes sent\n"
    )
    print("| profile | visit | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for profile in profiles:
        for case in CASES:
            cells = [fmt(medians[(profile.name, name)][case]) for name in names]
            print(f"| {profile.name} | {case} | " + " | ".join(cells) + " |")
    return report_targets(medians, profiles)


def report_targets(medians: dict[tuple[str, str], dict[str, Sample]], profiles: list) -> int:
    """Issue 13's targets, each checked where this run measured it."""
    checks: list[tuple[str, bool]] = []
    measured = {p.name for p in profiles}

    def get(profile: str, site: str, case: str) -> Sample | None:
        return medians.get((profile, site), {}).get(case)

    first = [get(p.name, "built", "first") for p in profiles]
    checks.append(("bytes to the first quote ≤ 4.0 MB", all(s.bytes <= 4 * MB for s in first)))
    if "fast4g" in measured:
        built, bare = get("fast4g", "built", "first"), get("fast4g", "bare", "first")
        ok = built.ms is not None and bare.ms is not None and built.ms < bare.ms
        base = get("fast4g", "baseline", "first")
        if base is not None:
            ok = ok and (base.ms is None or built.ms <= 0.45 * base.ms)
        checks.append(("fast 4G: ≤ 0.45 × baseline and below the bare boot", ok))
    if "slow4g" in measured:
        slow = get("slow4g", "built", "first")
        checks.append(("slow 4G answers in ≤ 25 s", slow.ms is not None and slow.ms <= 25_000))
    if "cable" in measured:
        rep = get("cable", "built", "repeat")
        checks.append(("repeat visit on cable ≤ 1.0 s", rep.ms is not None and rep.ms <= 1_000))
    offline = [get(p.name, "built", "offline") for p in profiles]
    checks.append(("offline: the quote answers", all(s.ms is not None for s in offline)))
    print()
    for text, ok in checks:
        print(f"- {'met' if ok else 'NOT met'}: {text}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
