"""Prices by industry, read from the built site in both languages: the home page's plan cards and
the premiums page give each category's from-price for each plan (the lowest premium of the
category in the rates, never typed), the IT firms' category first; and Material's search index
holds none of the quote widget's own texts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import RATES_FILE
from cyberquote import format_yen, load_rates
from htmltree import page

RATES = load_rates(RATES_FILE)
LANG_ROOTS = {"ja": "", "en": "en/"}
IT = next(c for c in RATES.categories if any(i.id == "it" for i in c.industries))
ORDER = [IT.id, *(c.id for c in RATES.categories if c is not IT)]


def lowest(category: str, plan: str) -> int:
    return min(RATES.premium(category, band.index, plan) for band in RATES.bands)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_each_plan_card_gives_every_categorys_from_price_it_first(
    built_site: Path, lang: str
) -> None:
    cards = page(built_site, LANG_ROOTS[lang]).find_all("section", "cq-plan")
    assert len(cards) == len(RATES.plans)
    for plan, card in zip(RATES.plans, cards, strict=True):
        prices = card.find("dl", "cq-plan__prices")
        cells = [n for n in prices.iter() if n.tag == "dd"]
        assert [c.attrs["data-category"] for c in cells] == ORDER
        for cell in cells:
            assert (
                format_yen(lowest(cell.attrs["data-category"], plan.code), lang) in cell.flat_text()
            )
        first = next(n for n in prices.iter() if n.tag == "dt")
        assert IT.industries[0].label[lang] in first.flat_text()  # "業種区分Ⅳ（IT業）"
    # the IT firms' price is the real one, far above the cheapest category's
    assert lowest(IT.id, "A") > 10 * min(lowest(c.id, "A") for c in RATES.categories)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_premiums_page_tables_the_from_prices_it_first(built_site: Path, lang: str) -> None:
    table = page(built_site, LANG_ROOTS[lang] + "premiums").find("table", "cq-from-prices")
    rows = [n for n in table.iter() if n.tag == "tr" and "data-category" in n.attrs]
    assert [r.attrs["data-category"] for r in rows] == ORDER
    for row in rows:
        cells = [n.flat_text() for n in row.iter() if n.tag == "td"]
        want = [format_yen(lowest(row.attrs["data-category"], p.code), lang) for p in RATES.plans]
        assert [w in c for w, c in zip(want, cells, strict=True)] == [True] * len(want)


def test_the_search_index_holds_none_of_the_widgets_texts(built_site: Path) -> None:
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    quote_docs = " ".join(d["text"] for d in docs["docs"] if d["location"].endswith("quote/"))
    assert quote_docs  # the pages' own texts are still found
    for text in (
        "プランA（賠償責任",
        "試算の条件",
        "読み込んでいます",
        "Loading",
        "Annual revenue",
    ):
        assert text not in quote_docs, text
    assert IT.note["ja"] not in quote_docs
