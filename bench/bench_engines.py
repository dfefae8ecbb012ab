"""Benchmark: the quote's first answer in WebKit (WebKitGTK, Safari's engine) beside Chromium.

    .venv/bin/python bench/bench_engines.py [--site site] [--runs 3] [--engines webkit,chromium]

Serves the built site with site_src/tools/serve.py's handler (the CSP header, precompressed files)
on 127.0.0.1 and opens the quote page from a shared link (the answer needs no typing) in a fresh
browser each run (empty cache, no service worker): Debian Chromium through Playwright, and
WebKitGTK's MiniBrowser through Debian's WebKitWebDriver and Selenium on an Xvfb display (started
here if DISPLAY is unset). Reads the performance marks the page and its worker set
(site_src/widget/quote.js, worker.js) and prints the median of each phase:

    boot      the worker's start to Pyodide's loadPyodide() resolved (downloads, wasm, Python)
    import    `from cyberquote.browser import Widget` (the kernel, from the wheel)
    widget    `Widget(rates_toml)` (the rates file read and checked)
    first     navigation start to the first answer on screen (`cq-first-quote`)

Needs: apt-get install webkit2gtk-driver xvfb (Debian); selenium is in the lock.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "site_src" / "tools"))
import serve  # noqa: E402  (the site's own server: same headers as the tests see)

from site_src.tools import chromium as chromium_setup  # noqa: E402

QUOTE_PATH = "quote/?industry=it&revenue=250000000&plan=B"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
MARKS = ("cq-worker-boot", "cq-worker-pyodide", "cq-worker-wheel", "cq-worker-import",
         "cq-worker-widget", "cq-ready", "cq-first-quote")  # fmt: skip
READ_MARKS = (
    "return Object.fromEntries("
    + json.dumps(MARKS)
    + ".map((name) => [name, (performance.getEntriesByName(name)[0] || {}).startTime ?? null]))"
)
TIMEOUT_S = 120


def phases(marks: dict[str, float]) -> dict[str, float]:
    """Milliseconds of each phase from the page's marks (a boot from the memory snapshot has the
    kernel imported and the Widget made already: no import mark, both phases 0)."""
    imported = marks["cq-worker-import"]
    return {
        "boot": marks["cq-worker-pyodide"] - marks["cq-worker-boot"],
        "import": imported - marks["cq-worker-wheel"] if imported else 0.0,
        "widget": marks["cq-worker-widget"] - imported if imported else 0.0,
        "first": marks["cq-first-quote"],
    }


def serve_site(site: Path) -> tuple[serve.QuietServer, str]:
    handler = partial(serve.SiteHandler, directory=str(site))
    server = serve.QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def run_chromium(url: str, runs: int) -> list[dict[str, float]]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        for _ in range(runs):
            browser = p.chromium.launch(
                executable_path=chromium_setup.EXECUTABLE,
                headless=True,
                args=chromium_setup.ARGS,
            )
            try:
                page = browser.new_page()
                page.goto(url)
                deadline = time.monotonic() + TIMEOUT_S
                while not page.evaluate("performance.getEntriesByName('cq-first-quote').length"):
                    if time.monotonic() > deadline:
                        raise SystemExit("chromium: no first answer")
                    time.sleep(0.05)
                out.append(phases(page.evaluate(f"() => {READ_MARKS[len('return ') :]}")))
            finally:
                browser.close()
            time.sleep(1)
    return out


def minibrowser() -> str:
    found = sorted(Path("/usr/lib").glob("*/webkit2gtk-4.*/MiniBrowser"))
    if not found:
        raise SystemExit("MiniBrowser not found: apt-get install webkit2gtk-driver")
    return str(found[-1])


def run_webkit(url: str, runs: int, repeat: bool = False) -> list[dict[str, float]]:
    from selenium import webdriver
    from selenium.webdriver.support.ui import WebDriverWait

    out = []
    for _ in range(runs):
        options = webdriver.WebKitGTKOptions()
        options.binary_location = minibrowser()
        options.add_argument("--automation")
        service = webdriver.WebKitGTKService(executable_path=WEBKIT_DRIVER)
        driver = webdriver.WebKitGTK(options=options, service=service)
        try:
            driver.get(url)
            WebDriverWait(driver, TIMEOUT_S).until(
                lambda d: d.execute_script(
                    "return performance.getEntriesByName('cq-first-quote').length > 0"
                )
            )
            if repeat:  # a repeat visit: from the offline copy, with the memory snapshot
                WebDriverWait(driver, TIMEOUT_S).until(
                    lambda d: d.execute_script(
                        "return document.getElementById('cq-widget').dataset.cache"
                    )
                )
                driver.get(url + "&again=1")
                WebDriverWait(driver, TIMEOUT_S).until(
                    lambda d: d.execute_script(
                        "return performance.getEntriesByName('cq-first-quote').length > 0"
                    )
                )
            out.append(phases(driver.execute_script(READ_MARKS)))
        finally:
            driver.quit()
        time.sleep(1)
    return out


def with_display() -> subprocess.Popen[bytes] | None:
    """An Xvfb display for MiniBrowser when there is none."""
    if os.environ.get("DISPLAY"):
        return None
    if not shutil.which("Xvfb"):
        raise SystemExit("no DISPLAY and no Xvfb: apt-get install xvfb")
    xvfb = subprocess.Popen(["Xvfb", ":97", "-screen", "0", "1280x900x24", "-nolisten", "tcp"])
    os.environ["DISPLAY"] = ":97"
    time.sleep(1)
    return xvfb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engines", default="webkit,chromium")
    parser.add_argument(
        "--repeat", action="store_true", help="WebKit: measure a repeat visit (snapshot) instead"
    )
    args = parser.parse_args()
    if not (args.site / "quote" / "index.html").is_file():
        raise SystemExit(f"no built site at {args.site}")
    server, base = serve_site(args.site)
    xvfb = None
    try:
        results: dict[str, list[dict[str, float]]] = {}
        for engine in args.engines.split(","):
            if engine == "webkit":
                xvfb = xvfb or with_display()
                results[engine] = run_webkit(base + QUOTE_PATH, args.runs, args.repeat)
            elif engine == "chromium":
                results[engine] = run_chromium(base + QUOTE_PATH, args.runs)
            else:
                raise SystemExit(f"unknown engine {engine!r}")
    finally:
        server.shutdown()
        if xvfb:
            xvfb.terminate()
    names = ("boot", "import", "widget", "first")
    print(f"| engine (median of {args.runs}) | " + " | ".join(f"{n} ms" for n in names) + " |")
    print("|---|" + "---:|" * len(names))
    for engine, runs in results.items():
        medians = [statistics.median(r[n] for r in runs) for n in names]
        print(f"| {engine} | " + " | ".join(f"{m:.0f}" for m in medians) + " |")
        for r in runs:
            print("|  run | " + " | ".join(f"{r[n]:.0f}" for n in names) + " |", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
