"""Benchmark: Lighthouse (npm, pinned in package.json) mobile scores of every page (issue 11).

    .venv/bin/python bench/bench_lighthouse.py [--site site] [--prefix /cyber/] [--pages en/,quote/]
        [--json build/lighthouse]

Serves the built site with site_src/tools/serve.py (the CSP header, precompressed files) under a
subpath, runs node_modules/.bin/lighthouse on each page with Debian Chromium (CHROME_PATH), mobile
form factor and Lighthouse's default simulated throttling, and prints a Markdown table of the four
category scores per page (performance, accessibility, best practices, SEO), then the audits that
kept accessibility, best practices or SEO below 100. Exits 1 when any of those three is below 100
(performance is measured, not a target here). Pages run one at a time: this is slow (~15 s a page).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from site_src.tools import chromium as chromium_setup  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
SERVE = ROOT / "site_src" / "tools" / "serve.py"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = ("accessibility", "best-practices", "seo")  # 100 on every page
CHROME_FLAGS = " ".join(["--headless", *chromium_setup.ARGS])


@dataclass
class PageScores:
    path: str
    scores: dict[str, int] = field(default_factory=dict)
    failing: dict[str, list[str]] = field(default_factory=dict)  # category -> audit ids below 1
    error: str | None = None


def site_pages(site: Path) -> list[str]:
    """Every page of the built site as a path under its root ("", "coverage/", "en/")."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search", "downloads")):
            continue
        pages.append("" if rel == "." else rel + "/")
    return pages


def start_server(site: Path, prefix: str) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, str(SERVE), "--host", "127.0.0.1", "--port", "0"]
    process = subprocess.Popen(
        [*command, "--prefix", prefix, str(site)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    if not url.startswith("http://"):
        process.terminate()
        raise SystemExit(f"serve.py did not start: {url!r}")
    return process, url


def run_lighthouse(url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": chromium_setup.EXECUTABLE}
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--form-factor=mobile",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not out.is_file():
        raise RuntimeError((result.stderr or result.stdout).strip().splitlines()[-1:])
    return json.loads(out.read_text(encoding="utf-8"))


def scores_of(path: str, report: dict) -> PageScores:
    page = PageScores(path)
    audits = report["audits"]
    for cat in CATEGORIES:
        category = report["categories"][cat]
        page.scores[cat] = round((category["score"] or 0) * 100)
        page.failing[cat] = [
            ref["id"]
            for ref in category["auditRefs"]
            if ref.get("weight", 0) > 0
            and audits[ref["id"]].get("score") is not None
            and audits[ref["id"]]["score"] < 1
        ]
    return page


def table(pages: list[PageScores]) -> str:
    lines = [
        "| page | performance | accessibility | best practices | SEO |",
        "|---|---:|---:|---:|---:|",
    ]
    for p in pages:
        if p.error:
            lines.append(f"| /{p.path} | error: {p.error} | | | |")
            continue
        lines.append(f"| /{p.path} | " + " | ".join(str(p.scores[c]) for c in CATEGORIES) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--prefix", default="/cyber/")
    parser.add_argument("--pages", help="comma-separated paths (default: every page)")
    parser.add_argument("--json", type=Path, help="keep each page's Lighthouse JSON here")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        raise SystemExit("node_modules/.bin/lighthouse is missing: run `make deps` (npm ci)")
    if not (args.site / "index.html").is_file():
        raise SystemExit(f"{args.site} holds no built site: run `make site`")
    paths = args.pages.split(",") if args.pages else site_pages(args.site)
    process, base = start_server(args.site, args.prefix)
    results: list[PageScores] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out_dir = args.json or Path(tmp)
            out_dir.mkdir(parents=True, exist_ok=True)
            for path in paths:
                name = (path.strip("/").replace("/", "_") or "home") + ".json"
                try:
                    report = run_lighthouse(base + path, out_dir / name)
                    results.append(scores_of(path, report))
                except (RuntimeError, OSError, subprocess.TimeoutExpired) as err:
                    results.append(PageScores(path, error=str(err)))
                print(f"  {path or '/'}: done", file=sys.stderr)
    finally:
        process.terminate()
        process.wait(timeout=10)
    print(table(results))
    missed = []
    for p in results:
        if p.error:
            missed.append(f"/{p.path}: {p.error}")
            continue
        for cat in TARGETS:
            if p.scores[cat] < 100:
                missed.append(f"/{p.path} {cat} {p.scores[cat]}: {', '.join(p.failing[cat])}")
    perf = {f"/{p.path}": p.failing["performance"] for p in results if not p.error}
    slow = {k: v for k, v in perf.items() if v}
    if slow:
        print("\nPerformance audits below 1 (for information):")
        for path, ids in slow.items():
            print(f"- {path}: {', '.join(ids)}")
    if missed:
        print("\nBelow 100 (accessibility, best practices, SEO):")
        print("\n".join(f"- {m}" for m in missed))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
