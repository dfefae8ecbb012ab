"""Site search in Debian Chromium: English words people type find the English pages; the words
of an attack (macros/data/search_synonyms.toml) find the coverage and incident pages in both
languages; a search that finds nothing offers whom to call and the main pages; the quote
widget's texts are not in the index; the quote page builds its index only after its quote
runtime (or the person turning to search).

The index (lang [ja, en]) stores English words stemmed, and Material turns every query word into
a prefix query that lunr does not stem; the search worker wrapper (cq-search.js) stems the
query's English words so that "insurance", "deadline" or "claims" find their pages.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, NewPage
from cyberquote import Rates
from htmltree import parse

from macros.pages.figures import incident_card

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site-search")]

# word typed -> a page (path under the English root, with its section) it must find
EXPECTED: dict[str, str] = {
    "insurance": "en/coverage/",
    "premium": "en/premiums/",
    "deadline": "en/join/",
    "incident": "en/incident/",
    "claim": "en/incident/",
    "claims": "en/incident/",
    "cooling-off": "en/notices/",
    "accident": "en/contacts/",
}


# The same concepts typed in Japanese, on the Japanese pages (the segmenter path of the wrapper).
EXPECTED_JA: dict[str, str] = {
    "保険料": "premiums/",
    "締切日": "join/",
    "事故": "incident/",
    "クーリングオフ": "notices/",
}


META = "document.querySelector('.md-search-result__meta').textContent"


def found_paths(page: Any, query: str) -> list[str]:
    """The result pages (paths without the fragment) Material lists for `query`: the box is
    emptied first (no result, the placeholder line), so the answer read is this query's own."""
    search = page.locator("input.md-search__input")
    search.click()
    search.fill("")
    search.press("End")  # Material searches on keyup
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    before = page.evaluate(META)
    search.fill(query)
    search.press("End")
    page.wait_for_function(f"b => {META} !== b", arg=before)
    page.wait_for_timeout(100)  # the result list follows the meta line
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > a", "els => els.map(a => a.getAttribute('href'))"
    )
    return [urlsplit(h).path for h in hrefs]


def not_found(page: Any, expected: dict[str, str]) -> dict[str, list[str]]:
    """Each query whose expected page is not among its results, with the paths listed instead."""
    missing = {}
    for query, path in expected.items():
        paths = found_paths(page, query)
        if not any(p.endswith("/cyber/" + path) for p in paths):
            missing[query] = paths
    return missing


def test_english_words_find_their_pages(base: str, new_page: NewPage) -> None:
    page, rec = new_page()
    page.goto(base + "en/", wait_until="load")
    assert not_found(page, EXPECTED) == {}
    assert rec.problems() == []


def test_japanese_words_still_find_their_pages(base: str, new_page: NewPage) -> None:
    page, rec = new_page()
    page.goto(base, wait_until="load")
    assert not_found(page, EXPECTED_JA) == {}
    assert rec.problems() == []


def test_a_word_on_no_page_finds_nothing(base: str, new_page: NewPage) -> None:
    """The check can fail: a word that no page contains lists no result."""
    page, _ = new_page()
    page.goto(base + "en/", wait_until="load")
    assert found_paths(page, "zebra") == []


READY = f"() => {META}.trim() !== document.body.dataset.cqFirstMeta"


def search_ready(page: Any) -> bool:
    """Material has its index: the meta line no longer says it is initializing (its first text)."""
    return page.evaluate(READY)


def search_worker_url(page: Any) -> str:
    return page.evaluate("JSON.parse(document.getElementById('__config').textContent).search")


def open_with_first_meta(page: Any, url: str) -> None:
    page.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => { document.body.dataset.cqFirstMeta ="
        " document.querySelector('.md-search-result__meta').textContent.trim(); });"
    )
    page.goto(url, wait_until="load")


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_quote_page_builds_the_search_index_when_the_search_box_is_used(
    base: str, new_page: NewPage, device: str
) -> None:
    """The quote page holds the index while its runtime starts (here it never does: the wasm
    download hangs); the person turning to the search box (the keyboard on a desktop, a tap on
    the phone's search icon) lets it go, well before the 10 s cap."""
    page, _ = new_page(**(PHONE if device == "phone" else {}))
    page.route("**/pyodide.asm.wasm", lambda route: None)  # never answered: the quote stays loading
    open_with_first_meta(page, base + "quote/")
    page.wait_for_timeout(3000)
    assert page.get_attribute("#quote-status", "data-state") == "loading"
    assert not search_ready(page)
    if device == "phone":
        page.locator('label.md-header__button[for="__search"]').first.tap()
    else:
        page.locator("input.md-search__input").focus()
    page.wait_for_function(READY, timeout=5000)
    assert "premiums/" in " ".join(found_paths(page, "保険料"))


def test_other_pages_build_the_search_index_at_once(base: str, new_page: NewPage) -> None:
    """No hold elsewhere: the home page's index is built without anyone touching the box."""
    page, _ = new_page()
    open_with_first_meta(page, base)
    page.wait_for_function(READY, timeout=15000)
    assert search_worker_url(page).endswith("search.a7633da7.min.js")


def test_the_quote_page_lets_search_go_once_its_quote_runtime_has_started(
    base: str, new_page: NewPage
) -> None:
    page, _ = new_page()
    open_with_first_meta(page, base + "quote/")
    page.wait_for_selector('#quote-status[data-state="ready"]', timeout=60_000)
    page.wait_for_function(READY, timeout=5000)
    assert search_worker_url(page).endswith("&hold=quote")


# --- the words of an attack, nothing found, the widget kept out ---------------------------------

SYNONYMS = tomllib.loads((ROOT / "macros" / "data" / "search_synonyms.toml").read_text("utf-8"))
ATTACK_WORDS = {
    "ja": ["ランサムウェア", "ハッキング", "不正アクセス"],
    "en": ["ransomware", "hacked"],
}


def test_every_page_the_synonyms_name_is_a_page_of_both_languages() -> None:
    for group in SYNONYMS["group"]:
        for page_path in group["pages"]:
            for lang in ("ja", "en"):
                assert (ROOT / "docs" / lang / f"{page_path.rstrip('/')}.md").is_file(), page_path


def test_the_words_of_an_attack_find_the_coverage_and_incident_pages(
    base: str, new_page: NewPage
) -> None:
    (group,) = SYNONYMS["group"]
    for lang, words in ATTACK_WORDS.items():
        assert set(words) <= set(group[lang])  # the data file says them
        prefix = "en/" if lang == "en" else ""
        page, rec = new_page()
        page.goto(base + prefix, wait_until="load")
        for page_path in group["pages"]:
            expected = {word: prefix + page_path for word in words}
            assert not_found(page, expected) == {}, lang
        tags = page.locator(".md-search-result .md-tags")
        assert tags.count() > 0 and not tags.first.is_visible()  # the keywords are not shown
        assert rec.problems() == []


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_search_that_finds_nothing_offers_the_incident_numbers_and_the_main_pages(
    base: str, new_page: NewPage, rates: Rates, lang: str
) -> None:
    card = incident_card(rates, lang)
    page, rec = new_page()
    page.goto(base + ("en/" if lang == "en" else ""), wait_until="load")
    help_box = page.locator(".cq-search-help")
    assert found_paths(page, "zebra") == []
    assert help_box.is_visible()
    for line in (card["agent"], card["centre"]):
        call = help_box.locator(f'a[href="{line["href"]}"]')
        assert call.inner_text() == line["tel"]
    pages = help_box.locator("nav a")
    assert pages.count() >= 5
    hrefs = [urlsplit(h).path for h in pages.evaluate_all("els => els.map(a => a.href)")]
    assert any(h.endswith("incident/") for h in hrefs)
    assert found_paths(page, "保険料" if lang == "ja" else "premium")
    assert not help_box.is_visible()  # results: no help
    assert rec.problems() == []


def test_the_index_holds_no_text_of_the_quote_widget(built_site: Path) -> None:
    """Every text of the widget's markup (its options, notices, hints) is absent from the index
    entries of the quote pages (the page's own words around it are there)."""
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    for prefix in ("", "en/"):
        tree = parse((built_site / prefix / "quote" / "index.html").read_text("utf-8"))
        widget = tree.find(id="cq-widget")
        texts = {
            text.strip()
            for node in widget.iter()
            if node.tag not in ("script", "style")
            for text in node.children
            if isinstance(text, str) and len(text.strip()) >= 8
        }
        assert len(texts) >= 10  # the options and notices were found
        docs = [d for d in index["docs"] if d["location"].startswith(prefix + "quote/")]
        indexed = " ".join(re.sub(r"<[^>]+>", " ", d["title"] + " " + d["text"]) for d in docs)
        assert "保険料" in indexed or "premium" in indexed.lower()  # the page's own words are
        assert [t for t in sorted(texts) if t in indexed] == []
