"""The member's site as a trusted insurance site (issue 20), on the built pages.

Read from the HTML (no browser): every page has the 事故のご連絡 button and the full footer; the
join page applies in three steps with a weekday on every date and the lead agent's closed days
marked; the accessibility policy carries its standard, level and test. In Chromium, with the
clock set by Playwright: the incident page leads with the line open at that moment in Japan, as a
big tap target; without script both lines show their hours; a closed intake stays in a line or
two of a phone screen; the headings keep "ご注意" whole; no font is downloaded.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import RATES_FILE, goto
from cyberquote import format_date, load_rates
from cyberquote.dates import JST
from cyberquote.schedule import join_dates
from htmltree import page

RATES = load_rates(RATES_FILE)
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
TAP_PX = 44


def test_every_page_has_the_incident_button_and_the_full_footer(
    built_site: Path, site_pages: list[str]
) -> None:
    secretariat = RATES.contacts["secretariat"]
    for path in site_pages:
        tree = page(built_site, path)
        lang = "en" if path.startswith("en/") else "ja"
        button = tree.find("a", cls="cq-incident-button")
        target = (built_site / path / button.attrs["href"]).resolve()
        assert target == (built_site / ("en/" if lang == "en" else "") / "incident").resolve(), path
        assert (
            "事故のご連絡" in button.text()
            if lang == "ja"
            else "Report an incident" in button.text()
        )
        footer = tree.find("footer")
        text = footer.text()
        assert secretariat.tel in text and "SJ23-10043" in text, path
        assert RATES.programme.insurer[lang] in text and RATES.programme.lead_agent[lang] in text
        links = footer.find("nav", cls="cq-footer__links").find_all("a")
        targets = [
            (built_site / path / a.attrs["href"].split("#")[0]).resolve().relative_to(built_site)
            for a in links
        ]
        home = Path("en" if lang == "en" else "")
        assert targets == [home / "contacts", home / "notices", home / "accessibility"], path
        assert links[1].attrs["href"].endswith("#privacy")
        # the programme's name, never Material's stock book icon, in the header
        assert tree.find("svg", cls="cq-logo") and "cq-brand__name" in str(
            [n.attrs.get("class") for n in tree.find("header").iter()]
        )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_join_page_applies_in_three_steps_with_weekdays_and_closed_days(
    built_site: Path, lang: str
) -> None:
    tree = page(built_site, "join" if lang == "ja" else "en/join")
    article = tree.find("article")
    steps = article.find("h2", id="how")
    steps_list = next(
        n
        for n in article.find_all("ol")
        if "加入依頼書" in n.text() or "application form" in n.text()
    )
    items = steps_list.find_all("li")
    assert steps and len(items) == 3
    assert RATES.contacts["secretariat"].tel in items[0].text()  # the form: agent or secretariat
    assert RATES.programme.lead_agent[lang] in items[2].text()  # must reach the lead agent
    intro = article.find("p").text()
    assert RATES.contacts["secretariat"].tel in intro  # a non-member asks the secretariat first
    rows = article.find("table", cls="cq-join").find("tbody").find_all("tr")
    for row, join in zip(rows, join_dates(RATES), strict=True):
        assert (
            format_date(join.deadline, lang, weekday=True) in row.text()
            and format_date(join.start, lang, weekday=True) in row.text()
        )
    closed = [r.attrs["data-cq-deadline"] for r in rows if "data-closed" in r.attrs]
    assert closed == ["2024-06-15", "2024-07-15", "2024-09-15"]  # 土, 海の日, 日
    assert article.find("p", cls="cq-join__note")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_accessibility_policy_states_standard_scope_target_and_results(
    built_site: Path, lang: str
) -> None:
    tree = page(built_site, "accessibility" if lang == "ja" else "en/accessibility")
    ids = [h.attrs.get("id") for h in tree.find("article").find_all("h2")]
    assert ids[:4] == ["policy", "scope", "target", "results"]
    text = tree.find("article").text()
    assert "JIS X 8341-3:2016" in text and "AA" in text and "axe-core" in text
    assert "Lighthouse" in text and re.search(r"2026年12月7日（月）|Mon 7 December 2026", text)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("moment", "lang", "open_line"),
    [
        (datetime(2024, 6, 15, 22, 0, tzinfo=JST), "ja", "centre"),  # Saturday night
        (datetime(2024, 6, 14, 10, 0, tzinfo=JST), "en", "agent"),  # a Friday morning
        (datetime(2025, 1, 1, 10, 0, tzinfo=JST), "ja", "centre"),  # New Year's Day, a Wednesday
    ],
    ids=["saturday-22h", "weekday-10h", "1-january"],
)
def test_the_incident_page_leads_with_the_line_open_now(
    base: str, page_at: Any, moment: datetime, lang: str, open_line: str
) -> None:
    page = page_at(moment, **PHONE)
    goto(page, base + ("incident/" if lang == "ja" else "en/incident/"))
    block = page.locator("[data-cq-now]")
    assert block.get_attribute("data-open-line") == open_line
    first = block.locator(".cq-now__line").first
    assert first.get_attribute("data-line") == open_line
    assert first.locator(".cq-now__state").inner_text() == (
        "受付中" if lang == "ja" else "Open now"
    )
    call = first.locator("a.cq-now__call")
    tel = RATES.contacts["accident_centre" if open_line == "centre" else "lead_agent"].tel
    assert call.get_attribute("href") == "tel:" + tel.replace("-", "")
    box = call.bounding_box()
    assert box["height"] >= TAP_PX and box["width"] >= 300
    # it is the first thing under the title, and no intake banner stands above it
    assert page.locator("[data-cq-intake]").count() == 0
    assert page.locator("article h1 + .cq-now").count() == 1
    assert box["y"] < 844 / 2


@pytest.mark.browser
def test_without_script_both_lines_show_their_hours(base: str, page_at: Any) -> None:
    page = page_at(None, java_script_enabled=False, **PHONE)
    goto(page, base + "incident/")
    lines = page.locator(".cq-now__line")
    assert lines.count() == 2
    for n, contact in enumerate(("lead_agent", "accident_centre")):
        assert RATES.contacts[contact].hours["ja"] in lines.nth(n).inner_text()
        assert lines.nth(n).locator("a.cq-now__call").bounding_box()["height"] >= TAP_PX
    assert page.locator(".cq-now__line[data-open]").count() == 0


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_closed_intake_fits_in_a_line_or_two_of_a_phone(
    base: str, page_at: Any, lang: str
) -> None:
    page = page_at(datetime(2026, 12, 7, 12, 0, tzinfo=JST), **PHONE)
    goto(page, base + ("premiums/" if lang == "ja" else "en/premiums/"))
    banner = page.locator(".md-banner")
    assert page.locator("[data-cq-intake]").get_attribute("data-state") == "closed"
    assert banner.bounding_box()["height"] <= 0.10 * 844
    text = banner.inner_text()
    assert RATES.contacts["secretariat"].tel in text
    assert ("平日 午前9時～午後5時" if lang == "ja" else "weekdays 9:00 a.m. to 5:00 p.m.") in text
    header_button = page.locator("a.cq-incident-button").bounding_box()
    assert header_button["height"] >= TAP_PX and header_button["x"] + header_button["width"] <= 390


@pytest.mark.browser
def test_the_look_uses_system_fonts_a_dark_h1_and_keeps_ご注意_whole(
    base: str, page_at: Any
) -> None:
    page = page_at(None, **PHONE)
    fonts: list[str] = []
    page.on("request", lambda r: fonts.append(r.url) if r.resource_type == "font" else None)
    goto(page, base + "notices/")
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.index("Hiragino") < family.index("Yu Gothic") < family.index("Noto Sans JP")
    assert family.index("Noto Sans JP") < family.index("Meiryo") < family.index("sans-serif")
    h1 = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('article h1'));"
        " return [s.color, s.fontWeight]; })()"
    )
    assert h1[1] == "700" and h1[0] in ("rgba(0, 0, 0, 0.87)", "rgb(0, 0, 0)")
    # made large enough to wrap on a phone, the heading still keeps ご注意 on one line (one
    # rectangle per line of a range), and breaks between phrases only
    lines = page.evaluate(
        """(() => {
          const h = document.querySelector('article h1');
          h.style.fontSize = '44px';
          if (h.getClientRects()[0].height < 80) return -1;  // it must wrap for the check to count
          const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
          let node; while ((node = walker.nextNode()) && !node.data.includes('ご注意')) {}
          const range = document.createRange();
          const at = node.data.indexOf('ご注意');
          range.setStart(node, at); range.setEnd(node, at + 3);
          return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
        })()"""
    )
    assert lines == 1
    assert fonts == []
