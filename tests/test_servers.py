"""The site on Debian's real nginx and Apache, each with the config `cyberquote deploy` prints.

One nginx and one Apache for the module (tests/real_servers.py): nginx with brotli_static, the
Apache vhost (rules in <Directory>) and, on a second port of the same Apache, a shared host's
docroot with the site in cyber/ and the generated .htaccess (AllowOverride as it asks). The
built site is copied under /cyber/, dated a month back: without cache headers a browser would
keep such files for days. One persistent Chromium profile visits everything in one context.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote
from urllib.parse import urlsplit

import pytest
from conftest import RATES_FILE, RATES_TEXT, VENV_BIN, ProjectCopy, Recorder
from cyberdocs.csp import CSP
from cyberquote import load_rates, parse_rates, quote
from cyberstaff import hosting
from real_servers import PREFIX, Scratch

from site_src.tools import chromium as chromium_setup

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("servers")]

SERVERS = ("nginx", "apache", "htaccess")
BOOT_MS = 60_000
RATES = load_rates(RATES_FILE)
INDUSTRY = RATES.categories[0].industries[0].id
REVENUE = "1億"
PLAN = RATES.plans[0].code
QUERY = f"?industry={INDUSTRY}&revenue={url_quote(REVENUE)}&plan={PLAN}"  # a shared quote link
SHARED_LINK = f"quote/{QUERY}"
HTACCESS_PAGES = ("", "quote/", "en/")
# The stale-price check needs each server's cache headers on the quote's files; the .htaccess
# sends the vhost's very headers (checked over HTTP above), so it is left out there.
STALE_SERVERS = ("nginx", "apache")
# Text types as the servers name them (Debian's nginx says application/javascript for .js).
TEXT_TYPES = {*hosting.TEXT_TYPES, "application/javascript"}


def premium_text(rates: Any, lang: str) -> str:
    """The premium the quote page shows for the shared link's inputs, as CPython writes it."""
    answer = quote(rates, industry=INDUSTRY, revenue=REVENUE, plan=PLAN).to_dict()
    return next(p["premium"][lang] for p in answer["plans"] if p["plan"] == PLAN)


def corrected_rates_text(text: str) -> tuple[str, int]:
    """The rates file with the shared link's premium raised by 10 yen (a mid-year correction)."""
    old = quote(RATES, industry=INDUSTRY, revenue=REVENUE, plan=PLAN).to_dict()["premium_yen"]
    assert old is not None
    head, sep, premiums = text.partition("[premiums]")
    literal = re.compile(rf"\b{PLAN}\s*=\s*{f'{old:_}'}\b")
    assert literal.search(premiums), "the premium's literal is not where this test looks for it"
    corrected = literal.sub(f"{PLAN} = {old + 10:_}", premiums, count=1)
    return head + sep + corrected, old + 10


def build_corrected_site(out: Path, project_copy: ProjectCopy) -> subprocess.Popen[str]:
    """Start `mkdocs build` of a copy of the project with the corrected rates file (in the
    background)."""
    corrected, _ = corrected_rates_text(RATES_TEXT)
    project = project_copy({f"rates/{RATES_FILE.name}": corrected})
    return subprocess.Popen(
        [str(VENV_BIN / "mkdocs"), "build", "--strict", "--quiet", "-d", str(out)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@dataclass
class Seen:
    """Every response the browser got (pages and workers alike) and every failed request."""

    responses: list[dict[str, Any]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.responses.clear()
        self.failed.clear()


@dataclass
class World:
    """The module's servers (by name: nginx, apache, htaccess), its browser profile, what the
    browser saw, and the corrected site being built meanwhile."""

    scratch: Scratch
    urls: dict[str, str]
    context: Any
    seen: Seen
    corrected: subprocess.Popen[str]
    corrected_dir: Path


@pytest.fixture(scope="module")
def world(browser: Any, built_site: Path, project_copy: ProjectCopy) -> Iterator[World]:
    """Start the corrected build (it takes longest), publish the site aged a month, start the
    servers, open one persistent Chromium profile."""
    scratch = Scratch.create()
    corrected_dir = scratch.dir / "corrected-site"
    build: subprocess.Popen[str] | None = None
    try:
        build = build_corrected_site(corrected_dir, project_copy)
        scratch.publish(built_site, age_days=30)
        with scratch.nginx() as nginx, scratch.apache() as apache:
            assert apache.htaccess_url is not None
            urls = {"nginx": nginx.url, "apache": apache.url, "htaccess": apache.htaccess_url}
            context = browser.browser_type.launch_persistent_context(
                str(scratch.dir / "profile"),
                executable_path=chromium_setup.EXECUTABLE,
                headless=True,
                args=chromium_setup.ARGS,
            )
            context.set_default_navigation_timeout(BOOT_MS)
            seen = Seen()
            context.on("response", lambda r: seen.responses.append(_response(r)))
            context.on("requestfailed", lambda r: _failed(seen, r))
            try:
                yield World(
                    scratch,
                    urls,
                    context,
                    seen,
                    build,
                    corrected_dir,
                )
            finally:
                context.close()
    finally:
        if build is not None:
            if build.poll() is None:
                build.kill()
            build.communicate()
        scratch.remove()


def _response(response: Any) -> dict[str, Any]:
    return {
        "url": response.url,
        "status": response.status,
        "headers": response.headers,
        "from_sw": response.from_service_worker,
    }


def _failed(seen: Seen, request: Any) -> None:
    if "ERR_ABORTED" not in (request.failure or ""):
        seen.failed.append(f"{request.url} {request.failure}")


def recorded_page(world: World) -> tuple[Any, Recorder]:
    """A new tab in the module's profile whose console errors (its workers' too: Chromium
    reports them on the page) and uncaught errors are recorded."""
    page = world.context.new_page()
    recorder = Recorder()
    recorder.attach(page)
    return page, recorder


def visit(world: World, url: str) -> tuple[Any, Any, Recorder]:
    """A recorded tab opened at url: (page, navigation response, recorder)."""
    page, recorder = recorded_page(world)
    response = page.goto(url)
    return page, response, recorder


def site_file(world: World, url: str) -> Path | None:
    """The file a site URL names in the served copy (a folder's index.html; None outside)."""
    path = urlsplit(url).path
    if not path.startswith(PREFIX):
        return None
    inner = path[len(PREFIX) :]
    return world.scratch.site_root / (
        inner + "index.html" if inner.endswith("/") or not inner else inner
    )


def check_responses(world: World, name: str) -> list[str]:
    """What is wrong in the responses seen: headers, codings, statuses."""
    problems = []
    for r in world.seen.responses:
        url, headers, status = r["url"], r["headers"], r["status"]
        if urlsplit(url).scheme not in ("http", "https") or r["from_sw"]:
            continue
        media = headers.get("content-type", "").split(";")[0].strip()
        coding = headers.get("content-encoding")
        if status >= 400:
            problems.append(f"{name}: {status} {url}")
        if status in (301, 302, 304) or status >= 400:
            continue
        if media == "text/html" or re.search(r"/worker[^/]*\.m?js$", urlsplit(url).path):
            if headers.get("content-security-policy") != hosting.header_csp(CSP):
                problems.append(f"{name}: no CSP header on {url}")
        if media in TEXT_TYPES and coding not in ("br", "gzip"):
            problems.append(f"{name}: text sent uncompressed: {url} ({media})")
        file = site_file(world, url)
        if file is not None and Path(f"{file}.br").is_file() and coding != "br":
            # Debian's brotli_static (ngx_brotli) under disable_symlinks sends the .gz instead
            # for a few of a page's parallel requests (the hardening is worth it; still gzip).
            if not (name == "nginx" and coding == "gzip"):
                problems.append(f"{name}: {url} has a .br beside it but came as {coding}")
        if "accept-encoding" not in headers.get("vary", "").lower():
            problems.append(f"{name}: no Vary: Accept-Encoding on {url}")
        want = hosting.cache_control(urlsplit(url).path)
        if headers.get("cache-control") != want:
            problems.append(f"{name}: Cache-Control {headers.get('cache-control')} on {url}")
    return problems


def worker_reaches_other_origin(world: World, page: Any, name: str) -> list[str]:
    """The quote's worker tries another origin (another of the servers, which would answer a
    no-cors fetch): the CSP header must stop it, as a <meta> CSP cannot."""
    other = next(url for key, url in world.urls.items() if key != name)
    outcome = [
        worker.evaluate(
            "(url) => fetch(url, {mode: 'no-cors'}).then(() => 'fetched', () => 'blocked')", other
        )
        for worker in page.workers
    ]
    if not outcome:
        return [f"{name}: the quote page has no worker"]
    return [f"{name}: a worker fetched {other}" for result in outcome if result != "blocked"]


def wait_for_answer(page: Any, text: str) -> str:
    result = page.locator("#quote-result")
    result.filter(has_text=text).wait_for(timeout=BOOT_MS)
    return str(result.inner_text())


# --- over HTTP: the headers a browser does not show ---------------------------------------------


def get(url: str, headers: dict[str, str] | None = None) -> tuple[http.client.HTTPResponse, bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


@pytest.mark.parametrize("name", SERVERS)
def test_types_codings_and_headers(world: World, name: str) -> None:
    base = world.urls[name]
    site = world.scratch.site_root
    types = {
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".toml": "application/toml",
        ".whl": "application/zip",
        ".bin": "application/octet-stream",
    }
    for suffix, media in types.items():
        found = next(p for p in sorted(site.rglob(f"*{suffix}")) if "assets" in p.parts)
        rel = found.relative_to(site).as_posix()
        plain, _ = get(base + rel, {"Accept-Encoding": "identity"})
        assert plain.status == 200, rel
        assert plain.getheader("Content-Type", "").split(";")[0] == media, rel
        assert plain.getheader("Content-Language") is None, rel  # .br is not Breton
        assert "Accept-Encoding" in (plain.getheader("Vary") or ""), rel
        if Path(f"{found}.br").is_file():
            br, body = get(base + rel, {"Accept-Encoding": "gzip, br"})
            assert br.getheader("Content-Encoding") == "br", rel
            assert body == Path(f"{found}.br").read_bytes(), rel
            assert br.getheader("Content-Type", "").split(";")[0] == media, rel
            assert br.getheader("Content-Language") is None, rel
            refused, _ = get(base + rel, {"Accept-Encoding": "br;q=0, gzip"})
            assert refused.getheader("Content-Encoding") == "gzip", rel
            assert refused.getheader("Content-Type", "").split(";")[0] == media, rel
            neither, body = get(base + rel, {"Accept-Encoding": "br;q=0, gzip;q=0"})
            assert neither.getheader("Content-Encoding") is None, rel
            assert body == found.read_bytes(), rel
    page, body = get(base, {"Accept-Encoding": "gzip"})
    assert page.status == 200 and page.getheader("Content-Encoding") == "gzip"
    assert page.getheader("Content-Security-Policy") == hosting.header_csp(CSP)
    assert "frame-ancestors 'self'" in page.getheader("Content-Security-Policy", "")
    assert page.getheader("X-Content-Type-Options") == hosting.NOSNIFF
    assert page.getheader("Referrer-Policy") == hosting.REFERRER_POLICY
    assert page.getheader("Cache-Control") == hosting.REVALIDATE
    refused, _ = get(base, {"Accept-Encoding": "gzip;q=0"})
    assert refused.status == 200 and refused.getheader("Content-Encoding") is None
    hashed = next(p for p in sorted(site.rglob("*.js")) if hosting.is_hashed(p.as_posix()))
    immutable, _ = get(base + hashed.relative_to(site).as_posix())
    assert immutable.getheader("Cache-Control") == hosting.IMMUTABLE
    tag = page.getheader("ETag")
    again, body = get(base, {"Accept-Encoding": "gzip", "If-None-Match": tag or ""})
    assert tag and again.status == 304 and body == b""
    folder, _ = get(f"{base}en?plan={PLAN}")
    assert folder.status == 301
    assert urlsplit(folder.getheader("Location", "")).path == f"{PREFIX}en/"
    assert urlsplit(folder.getheader("Location", "")).query == f"plan={PLAN}"


# --- in Chromium ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", SERVERS)
def test_every_page_loads_clean_and_the_quote_answers(
    world: World, name: str, site_pages: list[str]
) -> None:
    """Every page of both languages in one tab; the quote pages from a shared link, until the
    answer shows CPython's premium (so the worker, Pyodide and the rates were all served)."""
    world.seen.clear()
    page, recorder = recorded_page(world)
    problems = []
    # The .htaccess holds the vhost's very rules: its home pages and the quote page say whether
    # Apache read them there; every page is visited on the other two.
    paths = [p for p in site_pages if p in HTACCESS_PAGES] if name == "htaccess" else site_pages
    for path in paths:
        quote_page = path.endswith("quote/")
        response = page.goto(world.urls[name] + (path + QUERY if quote_page else path))
        if response is None or response.status != 200:
            problems.append(f"{path}: {response and response.status}")
        if quote_page:
            lang = "en" if path.startswith("en/") else "ja"
            wait_for_answer(page, premium_text(RATES, lang))
            problems += worker_reaches_other_origin(world, page, name)
    page.close()
    problems += recorder.problems() + world.seen.failed + check_responses(world, name)
    assert not problems, "\n".join(problems)
    worker = [r for r in world.seen.responses if re.search(r"/worker[^/]*\.m?js$", r["url"])]
    assert worker, "the quote pages started no worker"


@pytest.mark.parametrize("name", SERVERS)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_missing_pages_get_the_styled_404_of_their_language(
    world: World, name: str, lang: str
) -> None:
    world.seen.clear()
    base = world.urls[name] + ("en/" if lang == "en" else "")
    page, response, recorder = visit(world, base + "nope/")
    assert response is not None and response.status == 404
    assert page.evaluate("document.documentElement.lang") == lang
    # Styled: Material's stylesheet applied (its header has the primary colour, not none).
    header = page.evaluate(
        "getComputedStyle(document.querySelector('.md-header') || document.body).backgroundColor"
    )
    page.close()
    assert header not in ("rgba(0, 0, 0, 0)", "transparent"), "the 404 page has no styles"
    failed = [f for f in world.seen.failed if "/nope/" not in f]
    assert not failed, "\n".join(failed)
    assert [p for p in recorder.problems() if "404" not in p] == []
    assert not [
        r["url"] for r in world.seen.responses if r["status"] >= 400 and "/nope/" not in r["url"]
    ]


def test_a_corrected_premium_reaches_the_next_visit(world: World) -> None:
    """Visit, publish a rebuild with a changed premium over the site, visit again in the same
    profile: the new premium (no old rates, wheel, snapshot or script from a cache)."""
    before = premium_text(RATES, "ja")
    for name in STALE_SERVERS:
        page, _, _ = visit(world, world.urls[name] + SHARED_LINK)
        assert before in wait_for_answer(page, before)
        page.close()
    output, _ = world.corrected.communicate(timeout=300)
    assert world.corrected.returncode == 0, output
    world.scratch.publish(world.corrected_dir)
    after = premium_text(parse_rates(corrected_rates_text(RATES_TEXT)[0]), "ja")
    assert after != before
    for name in STALE_SERVERS:
        page, _, recorder = visit(world, world.urls[name] + SHARED_LINK)
        page.wait_for_function(
            """(texts) => {
                const shown = document.querySelector("#quote-result")?.innerText || "";
                return texts.some((t) => shown.includes(t));
            }""",
            arg=[after, before],
            timeout=BOOT_MS,
        )
        text = str(page.locator("#quote-result").inner_text())
        page.close()
        assert after in text and before not in text, f"{name}: still the old premium:\n{text}"
        assert not recorder.problems(), name
