"""Benchmark: the quote's first answer in WebKit (WebKitGTK, Safari's engine), Firefox ESR and Chromium.

    .venv/bin/python bench/bench_engines.py [--site site ...] [--runs 3]
                                            [--engines webkit,firefox,chromium]

Serves each built site with site_src/tools/serve.py's handler (the CSP header, precompressed
files) on 127.0.0.1 and opens the quote page from a shared link (the answer needs no typing) in a
fresh browser each run (empty cache, no service worker): Debian Chromium through Playwright,
Firefox ESR over WebDriver BiDi (site_src/tools/firefox.py), and WebKitGTK's MiniBrowser through
Debian's WebKitWebDriver and Selenium on an Xvfb display (started here if DISPLAY is unset).
Several --site (a build before and after a change) are measured in turns, run by run, so that
the machine's load falls on each alike. Reads the performance marks the page and its worker set
(site_src/widget/quote.js, worker.js) and prints the median of each phase:

    boot      the worker's start to Pyodide's loadPyodide() resolved (downloads, wasm, Python)
    import    `from cyberquote.browser import Widget` (the kernel, from the wheel)
    widget    `Widget(rates_toml)` (the rates file read and checked)
    first     navigation start to the first answer on screen (`cq-first-quote`)

Needs: apt-get install webkit2gtk-driver xvfb firefox-esr (Debian); selenium and websocket-client
are in the lock.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "site_src" / "tools"))
import serve  # noqa: E402  (the site's own server: same headers as the tests see)

from site_src.tools import chromium as chromium_setup  # noqa: E402
from site_src.tools import firefox  # noqa: E402

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
FIRST_ANSWERED = "performance.getEntriesByName('cq-first-quote').length > 0"


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


def run_chromium(url: str, repeat: bool = False) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    if repeat:
        raise SystemExit("--repeat is measured in WebKit only")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_setup.EXECUTABLE, headless=True, args=chromium_setup.ARGS
        )
        try:
            page = browser.new_page()
            page.goto(url)
            page.wait_for_function(f"() => {FIRST_ANSWERED}", timeout=TIMEOUT_S * 1000, polling=50)
            return phases(page.evaluate(f"() => {READ_MARKS[len('return ') :]}"))
        finally:
            browser.close()


def run_firefox(url: str, repeat: bool = False) -> dict[str, float]:
    """Firefox ESR on a fresh profile (an empty cache), over WebDriver BiDi."""
    if repeat:
        raise SystemExit("--repeat is measured in WebKit only")
    binary = shutil.which(firefox.EXECUTABLE)
    if not binary:
        raise SystemExit("firefox-esr not found: apt-get install firefox-esr")
    with tempfile.TemporaryDirectory(prefix="bench-firefox-") as folder:
        with firefox.session(binary, Path(folder), TIMEOUT_S) as bidi:
            context = bidi.context()
            bidi("browsingContext.navigate", context=context, url=url, wait="complete")
            target = {"context": context}
            deadline = time.monotonic() + TIMEOUT_S
            while not bidi(
                "script.evaluate", expression=FIRST_ANSWERED, target=target, awaitPromise=False
            )["result"]["value"]:
                if time.monotonic() > deadline:
                    raise SystemExit("firefox: no first answer")
                time.sleep(0.05)
            marks = bidi(
                "script.evaluate",
                expression=f"JSON.stringify({READ_MARKS[len('return ') :]})",
                target=target,
                awaitPromise=False,
            )["result"]["value"]
            return phases(json.loads(marks))


def minibrowser() -> str:
    found = sorted(Path("/usr/lib").glob("*/webkit2gtk-4.*/MiniBrowser"))
    if not found:
        raise SystemExit("MiniBrowser not found: apt-get install webkit2gtk-driver")
    return str(found[-1])


def run_webkit(url: str, repeat: bool = False) -> dict[str, float]:
    from selenium import webdriver
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.WebKitGTKOptions()
    options.binary_location = minibrowser()
    options.add_argument("--automation")
    service = webdriver.WebKitGTKService(executable_path=WEBKIT_DRIVER)
    driver = webdriver.WebKitGTK(options=options, service=service)
    answered = f"return {FIRST_ANSWERED}"
    try:
        driver.get(url)
        WebDriverWait(driver, TIMEOUT_S).until(lambda d: d.execute_script(answered))
        if repeat:  # a repeat visit: from the offline copy, with the memory snapshot
            WebDriverWait(driver, TIMEOUT_S).until(
                lambda d: d.execute_script(
                    "return document.getElementById('cq-widget').dataset.cache"
                )
            )
            driver.get(url + "&again=1")
            WebDriverWait(driver, TIMEOUT_S).until(lambda d: d.execute_script(answered))
        return phases(driver.execute_script(READ_MARKS))
    finally:
        driver.quit()


RUNNERS: dict[str, Callable[[str, bool], dict[str, float]]] = {
    "webkit": run_webkit,
    "firefox": run_firefox,
    "chromium": run_chromium,
}


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
    parser.add_argument("--site", type=Path, action="append", help="a built site (repeatable)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engines", default="webkit,firefox,chromium")
    parser.add_argument(
        "--repeat", action="store_true", help="WebKit: measure a repeat visit (snapshot) instead"
    )
    args = parser.parse_args()
    sites: list[Path] = args.site or [ROOT / "site"]
    engines = args.engines.split(",")
    for engine in engines:
        if engine not in RUNNERS:
            raise SystemExit(f"unknown engine {engine!r}")
    for site in sites:
        if not (site / "quote" / "index.html").is_file():
            raise SystemExit(f"no built site at {site}")
    servers = [serve_site(site) for site in sites]
    xvfb = with_display() if "webkit" in engines else None
    results: dict[tuple[str, Path], list[dict[str, float]]] = {}
    try:
        for _ in range(args.runs):
            for engine in engines:
                for site, (_server, base) in zip(sites, servers, strict=True):
                    run = RUNNERS[engine](base + QUOTE_PATH, args.repeat)
                    results.setdefault((engine, site), []).append(run)
                    time.sleep(1)
    finally:
        for server, _base in servers:
            server.shutdown()
        if xvfb:
            xvfb.terminate()
    names = ("boot", "import", "widget", "first")
    print(
        f"| engine (median of {args.runs}) | site | " + " | ".join(f"{n} ms" for n in names) + " |"
    )
    print("|---|---|" + "---:|" * len(names))
    for (engine, site), runs in results.items():
        medians = [statistics.median(r[n] for r in runs) for n in names]
        print(f"| {engine} | {site} | " + " | ".join(f"{m:.0f}" for m in medians) + " |")
        for r in runs:
            print(
                f"|  run | {site} | " + " | ".join(f"{r[n]:.0f}" for n in names) + " |",
                file=sys.stderr,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
