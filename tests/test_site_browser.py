"""The brochure site in Debian Chromium, served under a subpath (/cyber/) as the cooperative will.

Every page in both languages: loads with no console error under the CSP, requests nothing from any
other host, has no serious or critical axe-core violation; the language switch keeps the page;
Japanese search finds the coverage page (English search: test_site_search.py; phones:
test_site_phone.py); print is A4 with the policy year and source on every page; each language's
404 page works under the subpath.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import NewPage, goto
from cyberquote import Rates

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CSP_SOURCES = "default-src 'none'"


def test_every_page_loads_cleanly_under_a_subpath(
    base: str, site_pages: list[str], new_page: NewPage
) -> None:
    assert len(site_pages) >= 20  # ten pages in each language
    page, rec = new_page()
    report = {}
    for path in site_pages:
        before = len(rec.problems())
        response = goto(page, base + path, "networkidle")
        assert CSP_SOURCES in response.headers.get("content-security-policy", "")
        meta = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert meta is not None and CSP_SOURCES in meta, path
        page.wait_for_timeout(150)
        if len(rec.problems()) > before:
            report[path] = rec.problems()[before:]
    assert report == {}
    assert rec.foreign() == []
    assert all(url.startswith(base) for url in rec.requests), [
        u for u in rec.requests if not u.startswith(base)
    ]


@pytest.mark.parametrize(
    ("start", "lang", "expected"),
    [
        ("coverage/", "en", "en/coverage/"),
        ("en/coverage/", "ja", "coverage/"),
        ("", "en", "en/"),
        ("en/", "ja", ""),
        ("en/premiums/", "ja", "premiums/"),
    ],
)
def test_language_switch_keeps_the_page(
    base: str, new_page: NewPage, start: str, lang: str, expected: str
):
    page, rec = new_page()
    goto(page, base + start)
    page.hover(".md-select button")
    page.click(f'.md-select__link[hreflang="{lang}"]')
    page.wait_for_load_state("networkidle")
    assert page.url == base + expected
    assert page.locator("html").get_attribute("lang") == lang
    assert rec.problems() == []


def test_japanese_search_finds_the_coverage_page(base: str, new_page: NewPage) -> None:
    page, rec = new_page()
    goto(page, base)
    search = page.locator("input.md-search__input")
    search.click()
    search.fill("サイバー攻撃")
    search.press("End")  # Material searches on keyup
    page.wait_for_selector(".md-search-result__item")
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item a", "els => els.map(a => a.getAttribute('href'))"
    )
    paths = [urlsplit(h).path for h in hrefs]
    assert any(p.endswith("/coverage/") and "/en/" not in p for p in paths), paths
    assert rec.problems() == []


def test_phone_navigation_drawer_opens_and_navigates(base: str, new_page: NewPage) -> None:
    page, rec = new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    goto(page, base)
    page.click('label.md-header__button[for="__drawer"]')
    link = page.locator('.md-sidebar--primary a.md-nav__link[href="coverage/"]').first
    link.wait_for(state="visible")
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.url == base + "coverage/"
    assert rec.problems() == []


def test_print_styles(base: str, new_page: NewPage) -> None:
    page, _ = new_page()
    goto(page, base + "premiums/")
    page.emulate_media(media="print")
    styles = page.evaluate(
        """() => {
          const cs = (sel, prop) => getComputedStyle(document.querySelector(sel))[prop];
          return {
            nav: cs('.md-sidebar--primary', 'display'),
            header: cs('.md-header', 'display'),
            thead: cs('table.cq-premiums thead', 'display'),
            row: cs('table.cq-premiums tbody tr', 'breakInside'),
            wrap: cs('.cq-table-wrap', 'breakInside'),
          };
        }"""
    )
    assert styles == {
        "nav": "none",
        "header": "none",
        "thead": "table-header-group",
        "row": "avoid",
        "wrap": "avoid",
    }


@pytest.mark.parametrize(("path", "lang"), [("premiums/", "ja"), ("en/notices/", "en")])
def test_every_printed_page_names_the_policy_year_and_source(
    base: str, new_page: NewPage, rates: Rates, tmp_path: Path, path: str, lang: str
) -> None:
    page, _ = new_page()
    goto(page, base + path)
    pdf = tmp_path / "print.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    size = next(line for line in info.stdout.splitlines() if line.startswith("Page size"))
    assert "595.92 x 842.88" in size or "(A4)" in size, size  # A4 in points
    pages = int(next(ln for ln in info.stdout.splitlines() if ln.startswith("Pages")).split()[-1])
    assert pages >= 2
    edition = "2024年度版" if lang == "ja" else "Policy year 2024"
    edition = edition.replace("2024", str(rates.year))
    for number in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert edition in text, number
        assert rates.source[lang] in " ".join(text.split()), number
    everything = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    nav_only = "万一事故が起きたら" if lang == "ja" else "Premium estimate"
    assert nav_only not in everything  # a title that only the navigation would print


def test_the_csp_blocks_inline_scripts_and_other_hosts(base: str, new_page: NewPage) -> None:
    page, rec = new_page()
    goto(page, base + "premiums/")
    blocked = page.evaluate(
        """async () => {
          const s = document.createElement('script');
          s.textContent = 'window.__cqInline = 1';
          document.body.append(s);
          let fetched = true;
          try { await fetch('https://example.org/'); } catch (e) { fetched = false; }
          return {inline: window.__cqInline === undefined, fetched};
        }"""
    )
    assert blocked == {"inline": True, "fetched": False}
    assert any("Content Security Policy" in e for e in rec.console_errors)
    assert rec.foreign() == []


@pytest.mark.parametrize(
    ("missing", "lang", "title"),
    [("nope/", "ja", "ページが見つかりません"), ("en/nope/", "en", "Page not found")],
)
def test_each_language_has_a_404_page_that_works_under_a_subpath(
    base: str, new_page: NewPage, missing: str, lang: str, title: str
) -> None:
    """Built without site_url and served under /cyber/: the page is in the language of the
    missing URL, loads its styles (no failed request) and every link of it leads to a page."""
    page, rec = new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    response = page.goto(base + missing, wait_until="networkidle")
    assert response is not None and response.status == 404
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").inner_text() == title
    assert failed == [base + missing]  # the page itself, nothing it loads
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in (
        "sticky",
        "fixed",
    )  # Material's stylesheet is there
    links = page.eval_on_selector_all(
        "a[href]:not([href^='#']):not([href^='tel:']):not([href^='http'])",
        "as => as.map(a => a.href)",
    )
    assert len(links) >= 10
    broken = [url for url in set(links) if page.request.get(url).status != 200]
    assert broken == []
    assert rec.foreign() == []
    home = base if lang == "ja" else base + "en/"
    assert home in links
    phone, _ = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.goto(base + missing, wait_until="load")
    widths = phone.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1]  # no sideways scroll on a phone either
