"""The paste-ready fragments opened as staff open them: a saved file in Chromium (issue 5).

Nothing but the file itself may load, the look must come from the inline styles alone, and
the text a person selects and copies must be the rates' codes and premiums.
"""

from __future__ import annotations

import pytest
from cyberdocs.export_docs import fragment_html
from cyberquote import format_yen
from cyberstaff.export import export_names

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def fragments(rates, tmp_path_factory):
    """The fragments as export_all writes them (its names, its renderer), without the PDF."""
    out = tmp_path_factory.mktemp("fragments")
    names = [n for n in export_names(rates) if n.endswith(".html")]
    for name, category in zip(names, rates.categories, strict=True):
        (out / name).write_text(fragment_html(rates, category.id, "ja"), encoding="utf-8")
    return [out / name for name in names]


def test_fragments_load_nothing_else_and_show_the_rates(fragments, rates, new_page):
    assert len(fragments) == len(rates.categories)
    for path, category in zip(fragments, rates.categories, strict=True):
        page, rec = new_page()
        page.goto(path.as_uri())
        assert rec.requests == [path.as_uri()], rec.requests
        assert rec.problems() == []
        shown = dict(
            page.eval_on_selector_all(
                "td[data-code]", "cells => cells.map(c => [c.dataset.code, c.innerText])"
            )
        )
        expected = {
            rates.code(category.id, band.index, plan.code): [
                rates.code(category.id, band.index, plan.code),
                format_yen(rates.premium(category.id, band.index, plan.code), "ja"),
            ]
            for band in rates.bands
            for plan in rates.plans
        }
        assert {code: text.split() for code, text in shown.items()} == expected
        # the inline styles alone draw the grid: cell borders and the head's fill
        border = page.eval_on_selector("td", "e => getComputedStyle(e).borderTopStyle")
        fill = page.eval_on_selector("thead th", "e => getComputedStyle(e).backgroundColor")
        assert border == "solid"
        assert fill not in ("rgba(0, 0, 0, 0)", "transparent")
        # the plan limits sit on lines of their own, as in the brochure
        head = page.inner_text('thead th[data-plan="A"]')
        assert head.splitlines()[0] == "プランA" and len(head.splitlines()) == 3
