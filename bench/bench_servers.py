"""Benchmark: the quote page on Debian's nginx and Apache against serve.py (issue 12).

    .venv/bin/python bench/bench_servers.py [--site site] [--runs 3]

Copies the built site under /cyber/ and starts, through tests/real_servers.py, nginx and Apache
with the configs `cyberquote deploy` prints (the vhost, and the .htaccess on a shared host's
docroot) and site_src/tools/serve.py on the same files. For each run and each server in turn,
a cold visit in a new Chromium context (empty cache) of the quote page from a shared link (the
answer needs no typing) measures:

- bytes: every byte of every response (bodies as sent, compressed, plus headers) until the
  first quote is on screen, from Playwright's request sizes (the worker's fetches included);
- first quote: the `cq-first-quote` performance mark the page sets when its first answer shows.

Prints a Markdown table of medians (and of the fastest run) with the ratio of each server to
serve.py in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from real_servers import Scratch  # noqa: E402

from site_src.tools import chromium as chromium_setup  # noqa: E402

QUOTE_PATH = f"quote/?industry=it&revenue={url_quote('2億5千万円')}&plan=B"
TIMEOUT_MS = 120_000


@dataclass
class Result:
    bytes: list[int] = field(default_factory=list)
    first_quote_ms: list[float] = field(default_factory=list)


def measure(browser: Any, url: str) -> tuple[int, float]:
    """One cold visit: (bytes received until the first quote, ms to the first quote)."""
    context = browser.new_context()
    requests: list[Any] = []
    context.on("requestfinished", lambda request: requests.append(request))
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(
        "() => performance.getEntriesByName('cq-first-quote').length > 0", timeout=TIMEOUT_MS
    )
    first = float(
        page.evaluate("() => performance.getEntriesByName('cq-first-quote')[0].startTime")
    )
    total = 0
    for request in list(requests):
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    context.close()
    return total, first


def table(results: dict[str, Result]) -> str:
    """Medians (and the fastest run: on a busy machine it says more than the median)."""
    base = results["serve.py"]
    base_bytes = statistics.median(base.bytes)
    base_ms, base_min = statistics.median(base.first_quote_ms), min(base.first_quote_ms)
    lines = [
        "| server | quote page bytes (MB) | × serve.py | first quote, median ms | × serve.py "
        "| fastest ms | × serve.py |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, result in results.items():
        size = statistics.median(result.bytes)
        ms, fastest = statistics.median(result.first_quote_ms), min(result.first_quote_ms)
        lines.append(
            f"| {name} | {size / 1e6:.2f} | {size / base_bytes:.2f} | {ms:.0f} | "
            f"{ms / base_ms:.2f} | {fastest:.0f} | {fastest / base_min:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} has no index.html: build the site first (make site)")
    from playwright.sync_api import sync_playwright

    scratch = Scratch.create()
    try:
        scratch.publish(args.site)
        with (
            scratch.serve_py() as dev,
            scratch.nginx() as nginx,
            scratch.apache() as apache,
            sync_playwright() as p,
        ):
            assert apache.htaccess_url is not None
            urls = {
                "serve.py": dev.url,
                "nginx": nginx.url,
                "apache (vhost)": apache.url,
                "apache (.htaccess)": apache.htaccess_url,
            }
            browser = p.chromium.launch(
                executable_path=chromium_setup.EXECUTABLE, headless=True, args=chromium_setup.ARGS
            )
            results = {name: Result() for name in urls}
            for run in range(args.runs):
                for name, base in urls.items():
                    size, ms = measure(browser, base + QUOTE_PATH)
                    results[name].bytes.append(size)
                    results[name].first_quote_ms.append(ms)
                    print(f"run {run + 1} {name}: {size / 1e6:.2f} MB, {ms:.0f} ms", flush=True)
            browser.close()
    finally:
        scratch.remove()
    print()
    print(f"Median of {args.runs} cold visits of the quote page (shared link), same run:")
    print()
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
