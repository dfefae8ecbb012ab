"""The built premium pages (both languages) against the rates file: all 96 cells, limits, bands."""

from __future__ import annotations

from pathlib import Path

import pytest
from cyberquote import Rates, format_yen
from htmltree import page

PREMIUMS = {"ja": "premiums", "en": "en/premiums"}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_premium_cell_matches_the_rates(built_site: Path, rates: Rates, lang: str) -> None:
    doc = page(built_site, PREMIUMS[lang])
    tables = doc.find_all("table", cls="cq-premiums")
    assert [t.attrs["data-category"] for t in tables] == [c.id for c in rates.categories]
    seen = 0
    for table in tables:
        cat = rates.category(table.attrs["data-category"])
        assert table.find("caption").text().startswith(cat.label[lang])
        rows = table.find("tbody").find_all("tr")
        assert len(rows) == len(rates.bands)
        for row, band in zip(rows, rates.bands, strict=True):
            assert int(row.attrs["data-band"]) == band.index
            assert row.find("th").text().strip() == band.short_label(lang)
            assert format_yen(band.upper_yen, lang, units=True) in band.short_label(lang)
            cells = row.find_all("td")
            assert [c.attrs["data-plan"] for c in cells] == [p.code for p in rates.plans]
            for cell, plan in zip(cells, rates.plans, strict=True):
                premium = rates.premium(cat.id, band.index, plan.code)
                code = rates.code(cat.id, band.index, plan.code)
                assert cell.attrs["data-code"] == code
                assert int(cell.attrs["data-premium"]) == premium
                assert cell.find("span", cls="cq-code").text() == code
                assert cell.find("span", cls="cq-premium").text() == format_yen(premium, lang)
                seen += 1
    assert seen == 96


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_plan_headings_show_the_limits(built_site: Path, rates: Rates, lang: str) -> None:
    for table in page(built_site, PREMIUMS[lang]).find_all("table", cls="cq-premiums"):
        heads = table.find("thead").find_all("th", scope="col")[1:]
        for head, plan in zip(heads, rates.plans, strict=True):
            text = head.text()
            assert format_yen(plan.liability_limit_yen, lang, units=True) in text
            assert format_yen(plan.response_cost_limit_yen, lang, units=True) in text


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_limits_table_and_notes_match_the_rates(built_site: Path, rates: Rates, lang: str) -> None:
    doc = page(built_site, PREMIUMS[lang])
    limits = doc.find("table", cls="cq-limits")
    rows = limits.find("tbody").find_all("tr")
    assert [r.attrs["data-plan"] for r in rows] == [p.code for p in rates.plans]
    for row, plan in zip(rows, rates.plans, strict=True):
        cells = row.find_all("td")
        assert [int(c.attrs["data-yen"]) for c in cells] == [
            plan.liability_limit_yen,
            plan.response_cost_limit_yen,
        ]
        assert [c.text() for c in cells] == [
            format_yen(plan.liability_limit_yen, lang, units=True),
            format_yen(plan.response_cost_limit_yen, lang, units=True),
        ]
    notes = [li.text() for li in doc.find("ol", cls="cq-limit-notes").find_all("li")]
    assert notes == [note[lang] for note in rates.limit_notes]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_premium_page_links_its_downloads(built_site: Path, rates: Rates, lang: str) -> None:
    links = page(built_site, PREMIUMS[lang]).find("ul", cls="cq-downloads").find_all("a")
    hrefs = [a.attrs["href"] for a in links]
    year = rates.year
    assert hrefs == [
        f"../downloads/pamphlet-{year}-{lang}.pdf",
        f"../downloads/premiums-{year}.pdf",
        f"../downloads/premiums-{year}.csv",
        f"../downloads/premiums-{year}-grid.csv",
    ]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_each_table_scrolls_in_its_own_focusable_region(built_site: Path, lang: str) -> None:
    doc = page(built_site, PREMIUMS[lang])
    regions = doc.find_all("div", cls="cq-scroll")
    premium_regions = [r for r in regions if r.find_all("table", cls="cq-premiums")]
    assert len(premium_regions) == 4
    for region in premium_regions:
        assert region.attrs.get("role") == "region"
        assert region.attrs.get("tabindex") == "0"
        assert region.attrs.get("aria-label")
        assert len(region.find_all("table")) == 1
