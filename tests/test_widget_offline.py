"""The quote page on a second visit and offline (its service worker), after a rebuild, and on a
slow line: Debian Chromium against the built site with the real Pyodide.

- A first visit boots normally (no snapshot download) and then keeps an offline copy; a repeat
  visit boots from the cached snapshot; a snapshot that fails falls back without a second
  download; offline, the page still answers.
- A rebuilt site with a corrected premium, published over the old one under /cyber/: the next
  visit in the same browser shows the new premium, online and then offline, and the old cache is
  gone. A member who then opens only the premiums page gets the whole new offline copy (quote,
  pages, search) before the old one goes; if the network goes mid-way, the old copy shows
  nothing rather than an older premium than the one just seen.
- The give-up time follows the download: a slow download that keeps arriving passes it, and the
  page says how far it is (a stalled one fails: test_widget_browser).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ProjectCopy, SiteServer
from cyberquote import quote
from playwright.sync_api import expect
from test_servers import INDUSTRY, PLAN, RATES, REVENUE, SHARED_LINK, build_corrected_site

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("widget")]

BOOT_MS = 60_000
GIVE_UP_MS = 8_000
PARAMS = {"industry": INDUSTRY, "revenue": REVENUE, "plan": PLAN, "today": "2024-02-10"}
LINK = SHARED_LINK  # a shared quote link: the answer needs no typing
PREMIUM_JS = """(params) => window.cyberquote.quote(params)
    .then((r) => r.plans.find((p) => p.chosen).premium_yen)"""


def premium_in_cpython() -> int:
    return int(quote(RATES, **PARAMS).to_dict()["premium_yen"])


def answered(page: Any, timeout: int = BOOT_MS) -> str:
    """Waits for the page's first answer on screen; returns how the worker booted."""
    page.wait_for_function(
        "() => performance.getEntriesByName('cq-first-quote').length > 0", timeout=timeout
    )
    return str(page.evaluate("document.querySelector('#cq-widget').dataset.boot"))


def kept(page: Any) -> None:
    expect(page.locator("#cq-widget")).to_have_attribute("data-cache", "ready", timeout=BOOT_MS)


def visit(context: Any, url: str) -> tuple[Any, list[str]]:
    """A new page of the context at url; the list fills with the URLs it (and its worker)
    requested."""
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(url)
    return page, requested


def test_repeat_visit_from_the_cache_a_failing_snapshot_and_offline(
    browser: Any, site_server: str
) -> None:
    context = browser.new_context()
    try:
        first, requested = visit(context, site_server + LINK)
        assert answered(first) == "normal"  # a first visit downloads no snapshot
        assert not [u for u in requested if "snapshot" in u]
        kept(first)
        names = first.evaluate(
            "caches.keys().then((keys) => Promise.all(keys.map((k) => caches.open(k)"
            ".then((c) => c.keys()).then((rs) => rs.map((r) => r.url))))).then((all) => all.flat())"
        )
        assert any("snapshot" in u for u in names) and any(u.endswith(".wasm") for u in names)
        first.close()

        repeat, _ = visit(context, site_server + LINK)
        assert answered(repeat) == "snapshot"
        assert repeat.evaluate(PREMIUM_JS, PARAMS) == premium_in_cpython()
        # Spoil the cached snapshot: the next visit boots normally, fetching the wasm once.
        repeat.evaluate(
            """async () => {
                for (const key of await caches.keys()) {
                    const cache = await caches.open(key);
                    for (const request of await cache.keys())
                        if (request.url.includes("snapshot")) await cache.put(request, new Response("spoilt"));
                }
            }"""
        )
        repeat.close()
        fallback, requested = visit(context, site_server + LINK)
        assert answered(fallback) == "normal"
        assert len([u for u in requested if u.endswith("/pyodide.asm.wasm")]) == 1
        fallback.close()

        context.set_offline(True)
        offline, _ = visit(context, site_server + LINK)
        answered(offline)
        assert offline.evaluate(PREMIUM_JS, PARAMS) == premium_in_cpython()
    finally:
        context.close()


# --- a rebuild published over the site -----------------------------------------------------------


@pytest.fixture(scope="module")
def rebuilt(project_copy: ProjectCopy, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site rebuilt with the shared link's premium corrected by 10 yen (built once)."""
    out = tmp_path_factory.mktemp("rebuilt") / "site"
    build = build_corrected_site(out, project_copy)
    output, _ = build.communicate(timeout=600)
    assert build.returncode == 0, output
    return out


@pytest.fixture
def published(built_site: Path, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the built site served under /cyber/ (the folder can be published over)."""
    folder = tmp_path / "www"
    shutil.copytree(built_site, folder)
    server = SiteServer(folder, prefix="/cyber/")
    try:
        yield folder, server.url
    finally:
        server.stop()


def publish_over(source: Path, folder: Path) -> None:
    """As `rsync --delete` would: the new site in place of the old, in the same folder."""
    for entry in folder.iterdir():
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    shutil.copytree(source, folder, dirs_exist_ok=True)


def test_a_rebuilt_site_shows_the_new_premium_on_the_next_visit(
    browser: Any, published: tuple[Path, str], rebuilt: Path
) -> None:
    """The offline copy of a visit, then a rebuild with the premium corrected by 10 yen published
    over the site (under /cyber/): the next visit in the same browser shows the new premium,
    online and then offline, from the one cache left."""
    folder, url = published
    assert url.endswith("/cyber/")
    old = premium_in_cpython()
    context = browser.new_context()
    try:
        page, _ = visit(context, url + SHARED_LINK)
        answered(page)
        assert page.evaluate(PREMIUM_JS, PARAMS) == old
        kept(page)
        assert page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)") == url
        page.close()

        publish_over(rebuilt, folder)
        page, _ = visit(context, url + SHARED_LINK)
        answered(page)
        assert page.evaluate(PREMIUM_JS, PARAMS) == old + 10
        expect(page.locator("#quote-result")).to_contain_text(f"{old + 10:,}")
        kept(page)
        assert len(page.evaluate("caches.keys()")) == 1  # the old build's cache is gone
        page.close()

        context.set_offline(True)
        page, _ = visit(context, url + SHARED_LINK)
        answered(page)
        assert page.evaluate(PREMIUM_JS, PARAMS) == old + 10
    finally:
        context.close()


def kept_quote_and_premiums(context: Any, url: str) -> tuple[Any, str]:
    """The old build's offline copy as a member leaves it: the quote page answered and kept, the
    premiums page visited. The page (left open) and the name of its cache."""
    page, _ = visit(context, url + SHARED_LINK)
    answered(page)
    kept(page)
    page.goto(url + "premiums/")
    expect(page.locator("article")).to_contain_text(f"{premium_in_cpython():,}")
    (cache,) = page.evaluate("caches.keys()")
    return page, str(cache)


def taken_over(page: Any, old_cache: str) -> None:
    """Waits until the new build's worker has taken over: its cache alone, the old one gone."""
    for _ in range(BOOT_MS // 100):
        keys = page.evaluate("caches.keys()")
        if len(keys) == 1 and keys[0] != old_cache:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the new build did not take over: caches {keys}")


def search_finds(page: Any, word: str, path: str) -> bool:
    from test_site_search import found_paths

    return any(p.endswith(path) for p in found_paths(page, word))


def test_a_new_build_hands_over_its_offline_copy_whole(
    browser: Any, published: tuple[Path, str], rebuilt: Path
) -> None:
    """After a correction the member opens only the premiums page, online: the new build's worker
    fetches the whole offline copy anew before it drops the old one, so offline both the
    premiums page and the quote (never visited since) show the new premium, and search works."""
    folder, url = published
    new = premium_in_cpython() + 10
    context = browser.new_context()
    try:
        page, old_cache = kept_quote_and_premiums(context, url)
        publish_over(rebuilt, folder)
        page.goto(url + "premiums/")
        taken_over(page, old_cache)
        context.set_offline(True)
        page.goto(url + "premiums/")
        expect(page.locator("article")).to_contain_text(f"{new:,}")
        expect(page.locator("article")).not_to_contain_text(f"{new - 10:,}")
        page.close()
        page, _ = visit(context, url + SHARED_LINK)
        answered(page)
        assert page.evaluate(PREMIUM_JS, PARAMS) == new
        expect(page.locator("#quote-result")).to_contain_text(f"{new:,}")
        assert search_finds(page, "保険料", "/premiums/")
    finally:
        context.close()


def test_an_old_offline_copy_is_not_shown_once_a_newer_build_was_seen(
    browser: Any, published: tuple[Path, str], rebuilt: Path
) -> None:
    """The member sees the corrected premiums page online and goes offline while the new
    build's worker is still fetching its copy (held here, then cut): the old worker stays, but
    shows no page from its old copy; back online, the new build takes over whole."""
    folder, url = published
    new = premium_in_cpython() + 10
    context = browser.new_context()
    try:
        page, old_cache = kept_quote_and_premiums(context, url)
        publish_over(rebuilt, folder)
        held: list[Any] = []
        context.route(url + "quote/", lambda route: held.append(route))  # the worker's fetch
        page.goto(url + "premiums/")
        expect(page.locator("article")).to_contain_text(f"{new:,}")
        for _ in range(BOOT_MS // 100):
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the new build's worker did not start its hand-over"
        context.set_offline(True)
        held[0].abort()
        context.unroute(url + "quote/")
        page.wait_for_function(
            "() => navigator.serviceWorker.getRegistration()"
            ".then((r) => !r.installing && !r.waiting)",
            timeout=BOOT_MS,
        )
        assert page.evaluate("caches.keys()") == [old_cache]  # the old worker stays
        offline, _ = visit_offline(context, url + SHARED_LINK)
        assert offline is None, "the old build's quote page was shown offline"

        context.set_offline(False)
        page.goto(url + "premiums/")
        taken_over(page, old_cache)
        context.set_offline(True)
        page, _ = visit(context, url + SHARED_LINK)
        answered(page)
        assert page.evaluate(PREMIUM_JS, PARAMS) == new
    finally:
        context.close()


def visit_offline(context: Any, url: str) -> tuple[Any, str | None]:
    """A page opened offline: (the page, its premium shown) or (None, None) when none loads."""
    page = context.new_page()
    try:
        page.goto(url)
    except Exception:
        page.close()
        return None, None
    return page, page.locator("#quote-result").inner_text()


# --- a slow line ---------------------------------------------------------------------------------


def test_a_slow_download_that_keeps_arriving_is_not_given_up(
    browser: Any, site_server: str
) -> None:
    """Served with an 8 s give-up time and throttled to 2 Mbit/s (the boot's 3.6 MB then take
    about 15 s): the page keeps waiting while bytes arrive, shows how far it is, and answers."""
    from test_widget_browser import fulfill_with_timeout

    context = browser.new_context()
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        rate = 2_000_000 / 8
        conditions = {"offline": False, "latency": 40, "downloadThroughput": rate}
        cdp.send("Network.emulateNetworkConditions", {**conditions, "uploadThroughput": rate})
        page.route("**/quote/*", lambda route: fulfill_with_timeout(route, GIVE_UP_MS))
        page.goto(site_server + LINK)
        page.wait_for_function(
            "() => Number(document.querySelector('#quote-status').dataset.percent) > 0",
            timeout=BOOT_MS,
        )
        expect(page.locator("#quote-status")).to_contain_text("%")
        answered(page, timeout=120_000)
        boot_ms = page.evaluate(
            "performance.getEntriesByName('cq-ready')[0].startTime"
            " - performance.getEntriesByName('cq-worker-created')[0].startTime"
        )
        assert boot_ms > GIVE_UP_MS  # it did outlast the give-up time
    finally:
        context.close()
