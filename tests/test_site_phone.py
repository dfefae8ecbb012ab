"""The member pages on a phone (390×844) and a desktop (1280×900), both languages, in Chromium.

No page scrolls sideways; on the premium pages every premium cell lies inside the viewport and
inside its table's region (nothing hidden behind a scroll), the caption naming the category's
industries is shown whole, and no amount, code or band breaks across lines. Phones between 360
and 414 px get the stacked table; the desktop keeps the brochure's grid (a row per band, a column
per plan). Every page ends with the incident card: the accident support centre's and the lead
agent's numbers as tel: links, and the list of designated agents.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import NewPage, goto
from cyberquote import Rates
from cyberquote.model import tel_href

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site-phone")]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

# Every premium cell and caption, measured: inside the viewport? inside its region? one line?
MEASURE = """() => {
  const vw = document.documentElement.clientWidth;
  const lines = el => {
    const r = [...el.getClientRects()];
    return new Set(r.map(x => Math.round(x.top))).size;
  };
  return [...document.querySelectorAll('table.cq-premiums')].map(t => {
    const region = t.closest('.cq-scroll').getBoundingClientRect();
    const cells = [...t.querySelectorAll('td[data-code]')];
    const caption = t.querySelector('caption');
    return {
      category: t.dataset.category,
      cells: cells.length,
      outside: cells.filter(c => {
        const r = c.getBoundingClientRect();
        return r.left < -0.5 || r.right > vw + 0.5 || r.left < region.left - 0.5
          || r.right > region.right + 0.5;
      }).map(c => c.dataset.code),
      broken: [...t.querySelectorAll('.cq-premium, .cq-code, .cq-amount, tbody th')]
        .filter(e => lines(e) > 1).map(e => e.textContent),
      captionCut: caption.scrollWidth > caption.clientWidth + 1
        || caption.getBoundingClientRect().right > vw + 0.5,
      rowsPerBand: [...t.querySelectorAll('tbody tr')].map(tr =>
        new Set([...tr.querySelectorAll('td')].map(td => Math.round(td.getBoundingClientRect().top))).size),
      bandBesidePlans: [...t.querySelectorAll('tbody tr')].every(tr => {
        const th = tr.querySelector('th').getBoundingClientRect();
        const td = tr.querySelector('td').getBoundingClientRect();
        return Math.abs(th.top - td.top) < 2;
      }),
    };
  });
}"""


def sideways(page: Any) -> list[int] | None:
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return widths if widths[0] > widths[1] else None


# Figures in running text that broke across lines (amounts, dates, times, phone numbers).
BROKEN_FIGURES = """() => [...document.querySelectorAll(
    '.md-content .cq-nowrap, .md-content .cq-amount, .md-content a.cq-tel, .md-content time')]
  .filter(e => new Set([...e.getClientRects()].map(r => Math.round(r.top))).size > 1)
  .map(e => e.textContent)"""

# Figures that stick out of the box they are in (a card, a cell, a paragraph).
OVERFLOWING = """() => [...document.querySelectorAll('.md-content .cq-nowrap, .md-content .cq-amount')]
  .filter(e => {
    const box = e.closest('td, th, dd, li, p, figure, section').getBoundingClientRect();
    const r = e.getBoundingClientRect();
    return r.right > box.right + 0.5 || r.left < box.left - 0.5;
  }).map(e => e.textContent)"""

CARD = """url => {
  const card = document.querySelectorAll('aside.cq-card');
  if (card.length !== 1) return [card.length];
  const a = [...card[0].querySelectorAll('a')];
  return [1, a.filter(x => x.protocol === 'tel:').map(x => x.getAttribute('href')).sort(),
          a.filter(x => x.getAttribute('href') === url).length];
}"""


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_page_scrolls_sideways_no_figure_breaks_and_every_page_has_the_incident_card(
    base: str, site_pages: list[str], new_page: NewPage, rates: Rates, device: dict[str, Any]
) -> None:
    tels = sorted(tel_href(rates.contacts[c].tel) for c in ("accident_centre", "lead_agent"))
    card = [1, tels, 1]  # one card, the two tel: links, the agents list linked once
    page, _ = new_page(**device)
    wide, no_card, broken = {}, {}, {}
    for path in site_pages:  # both languages
        goto(page, base + path)
        if widths := sideways(page):
            wide[path] = widths
        if figures := page.evaluate(BROKEN_FIGURES):
            broken[path] = figures
        found = page.evaluate(CARD, rates.programme.agents_list_url)
        if found != card:
            no_card[path] = found
    assert wide == {}
    assert no_card == {}
    assert broken == {}


@pytest.mark.parametrize("width", [360, 390, 414, 1280])
@pytest.mark.parametrize("lang_root", ["", "en/"])
def test_every_premium_is_on_screen_whole(
    base: str, new_page: NewPage, width: int, lang_root: str
) -> None:
    phone = width < 600
    device = {**PHONE, "viewport": {"width": width, "height": 844}} if phone else DESKTOP
    page, _ = new_page(**device)
    goto(page, base + lang_root + "premiums/")
    assert sideways(page) is None
    tables = page.evaluate(MEASURE)
    assert [t["category"] for t in tables] == ["I", "II", "III", "IV"]
    for t in tables:
        assert t["cells"] == 24, t["category"]
        assert t["outside"] == [], t
        assert t["broken"] == [], t
        assert not t["captionCut"], t
        # phone: a band's three plans share one line below the band; desktop: the grid
        assert all(n == 1 for n in t["rowsPerBand"]), t
        assert t["bandBesidePlans"] is (not phone), t


@pytest.mark.parametrize("path", ["", "en/", "coverage/", "en/coverage/", "en/join/"])
def test_no_figure_sticks_out_of_its_box_at_360_px(base: str, new_page: NewPage, path: str) -> None:
    page, _ = new_page(**{**PHONE, "viewport": {"width": 360, "height": 780}})
    goto(page, base + path)
    assert page.evaluate(OVERFLOWING) == []


def test_the_measure_can_fail(base: str, new_page: NewPage) -> None:
    """Forced back into a wide grid that scrolls, a phone's table has cells off screen."""
    page, _ = new_page(**PHONE, bypass_csp=True)  # the test's own <style>
    goto(page, base + "en/premiums/")
    page.add_style_tag(
        content=".md-typeset .cq-scroll table.cq-premiums{display:table!important;"
        "width:60rem!important} .md-typeset table.cq-premiums tr{display:table-row!important}"
    )
    tables = page.evaluate(MEASURE)
    assert any(t["outside"] for t in tables)
    goto(page, base + "en/")
    page.add_style_tag(
        content=".md-typeset .cq-plans{grid-template-columns:repeat(3,4rem)!important}"
    )
    assert page.evaluate(OVERFLOWING) != []
