"""The site on a given day: the intake banner of every page, the join table's passed rows, and
the quote's start months and answer, with the browser's clock set by Playwright.

The schedule is Python's (cyberquote.schedule); the pages' scripts only compare today's date in
Japan with it. One browser; each page gets its own context with its clock and viewport.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from conftest import RATES_FILE, ROOT
from cyberquote import format_date, load_rates, quote
from cyberquote.dates import JST
from cyberquote.schedule import next_join
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("dates")]

RATES = load_rates(RATES_FILE)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BOOT_MS = 60_000
ANSWER_MS = 15_000
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SECRETARIAT_TEL = "tel:0332410230"
RATES_LAST_DEADLINE = {"ja": "2024年11月15日（金）", "en": "Fri 15 November 2024"}

# (today in Japan, expected state, next start, its deadline, days left)
DAYS = [
    (date(2024, 3, 10), "open", "2024-04-01", "2024-03-15", 5),
    (date(2024, 11, 20), "closed", None, None, None),
    (date(2026, 12, 1), "closed", None, None, None),
]


def at_noon_in_japan(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=JST)


def banner(page: Any) -> Any:
    return page.locator("[data-cq-intake]")


def assert_no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width


# --- the banner on every page, at three dates, both languages, phone and desktop -----------------


@pytest.mark.parametrize(("day", "state", "start", "deadline", "left"), DAYS, ids=str)
def test_banner_and_join_table_follow_the_date(
    page_at: Any, site_server: str, day: date, state: str, start: str, deadline: str, left: int
) -> None:
    assert (next_join(RATES, day) is None) == (state == "closed")  # the kernel agrees
    for lang, path in (("ja", "join/"), ("en", "en/join/")):
        for viewport in (PHONE, DESKTOP):
            page = page_at(at_noon_in_japan(day), viewport=viewport)
            page.goto(f"{site_server}{path}")
            intake = banner(page)
            expect(intake).to_have_attribute("data-state", state)
            assert intake.get_attribute("data-today") == day.isoformat()
            expect(intake).to_be_visible()
            text = intake.inner_text()
            if state == "open":
                assert intake.get_attribute("data-start") == start
                assert intake.get_attribute("data-deadline") == deadline
                for iso in (start, deadline):
                    assert format_date(date.fromisoformat(iso), lang) in text
                assert (f"あと{left}日" if lang == "ja" else f"{left} days left") in text
            else:
                assert intake.get_attribute("data-start") is None
                assert ("締切で終了しました" if lang == "ja" else "closed on") in text
                last = RATES_LAST_DEADLINE[lang]
                assert last in text  # with its day of the week
                assert intake.locator(f'a[href="{SECRETARIAT_TEL}"]').is_visible()
            assert_no_sideways_scroll(page)
            # the join table: rows whose deadline is before today say so, the next one is marked
            rows = page.locator("table.cq-join tbody tr")
            passed = page.locator("table.cq-join tr[data-passed]")
            want_passed = sum(
                1 for r in rows.all() if r.get_attribute("data-cq-deadline") < day.isoformat()
            )
            assert passed.count() == want_passed and want_passed >= 3
            word = "締切済み" if lang == "ja" else "closed"
            expect(passed.first).to_contain_text(word)
            if state == "open":
                expect(page.locator("table.cq-join tr[data-next]")).to_have_attribute(
                    "data-cq-deadline", deadline
                )
            assert page.errors == []


def test_today_is_taken_in_japan_not_utc(page_at: Any, site_server: str) -> None:
    # 16:00 UTC on 15 March is 1:00 on 16 March in Japan: the 1 April deadline has passed
    page = page_at(datetime.fromisoformat("2024-03-15T16:00:00+00:00"), viewport=DESKTOP)
    page.goto(f"{site_server}")
    expect(banner(page)).to_have_attribute("data-start", "2024-05-01")
    assert banner(page).get_attribute("data-today") == "2024-03-16"
    # on the deadline itself the start is still open: its last day
    page = page_at(at_noon_in_japan(date(2024, 3, 15)), viewport=DESKTOP)
    page.goto(f"{site_server}en/")
    expect(banner(page)).to_have_attribute("data-start", "2024-04-01")
    expect(banner(page)).to_contain_text("today is the last day")


def test_without_script_the_pages_say_nothing_a_date_could_make_false(
    page_at: Any, site_server: str
) -> None:
    for path in ("join/", "en/join/", ""):
        page = page_at(
            at_noon_in_japan(date(2026, 12, 1)), viewport=DESKTOP, java_script_enabled=False
        )
        page.goto(f"{site_server}{path}")
        intake = banner(page)
        assert intake.get_attribute("data-state") is None
        text = intake.inner_text()
        assert "2024年11月15日" in text or "15 November 2024" in text  # the last deadline, dated
        body = page.locator("article").inner_text()
        assert "毎月受け付けています" not in body and "accepted every month." not in body
        assert page.locator(".cq-intake__open").is_hidden()


# --- the quote page on a given day -------------------------------------------------------------


def run_axe(page: Any) -> list[dict[str, Any]]:
    """Serious or critical axe-core violations in the quote widget."""
    page.evaluate(AXE.read_text(encoding="utf-8"))  # CDP evaluation: not subject to the CSP
    found = page.evaluate(
        """async () => (await axe.run({include: [["#cq-widget"]]}, {resultTypes: ["violations"]}))
            .violations.map((v) => ({id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target)}))"""
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


def quote_page(page_at: Any, url: str, day: date, **options: Any) -> Any:
    page = page_at(at_noon_in_japan(day), viewport=options.pop("viewport", PHONE), **options)
    page.goto(url)
    expect(page.locator("#quote-status")).to_have_attribute("data-state", "ready", timeout=BOOT_MS)
    return page


def answer_for(day: date, **params: Any) -> dict[str, Any]:
    return quote(RATES, today=day, **params).to_dict()


def test_quote_on_10_march_2024(page_at: Any, site_server: str) -> None:
    day = date(2024, 3, 10)
    page = quote_page(
        page_at,
        f"{site_server}quote/?industry=it&revenue=2%E5%84%845%E5%8D%83%E4%B8%87&plan=B",
        day,
        permissions=["clipboard-read", "clipboard-write"],
    )
    # passed start months are disabled and say so; open ones are not
    options = page.evaluate(
        "[...document.querySelectorAll('#quote-start option[data-deadline]')]"
        ".map((o) => [o.value, o.disabled, o.textContent])"
    )
    for value, disabled, label in options:
        passed = value <= "2024-03-01"
        assert disabled == passed, value
        assert ("締切済み" in label) == passed
    result = page.locator("#quote-result")
    expect(result).to_have_attribute("data-state", "quote", timeout=ANSWER_MS)
    want = answer_for(day, industry="it", revenue="2億5千万", plan="B")
    assert result.get_attribute("data-start") == "2024-04-01"
    assert result.get_attribute("data-deadline") == "2024-03-15"
    # the price first and large, then the plans, the dates, the next step
    order = page.evaluate(
        "[...document.querySelector('#quote-result').children].map((c) => c.className || c.tagName)"
    )
    assert order[:4] == ["H2", "cq-quote-premium", "cq-quote-premium-note", "cq-quote-plans"], order
    amount = result.locator(".cq-quote-premium-amount")
    expect(amount).to_have_text(want["answer"]["ja"]["premium"])
    size = amount.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 1.5 * result.locator(".cq-quote-plans td").first.evaluate(
        "(e) => parseFloat(getComputedStyle(e).fontSize)"
    )
    text = result.inner_text()
    assert "見積" not in text + page.locator("#quote-form").inner_text()
    assert text.count(want["answer"]["ja"]["premium_note"]) == 1
    assert result.locator('a[href="tel:0335172305"]').count() == 1
    assert result.locator(f'a[href="{RATES.programme.agents_list_url}"]').count() == 1
    assert "03-3517-2309" in text and "〒103-0023" in text  # where the papers go, with the FAX
    status = page.locator("#quote-status .cq-status-text").bounding_box()
    assert status and status["width"] <= 1  # for screen readers only: no second heading
    assert_no_sideways_scroll(page)
    assert run_axe(page) == []  # the phone layout of the answer (plan cards) included

    # copy link: the clipboard holds the page's link, and that link reproduces the estimate
    page.locator('#quote-result button[data-action="copy"]').click()
    expect(result.locator(".cq-copy-status")).to_have_attribute("data-copied", "yes")
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == page.url and "revenue=" in link
    other = quote_page(page_at, link, day)
    expect(other.locator("#quote-result .cq-quote-premium-label")).to_have_text(
        want["answer"]["ja"]["premium_label"], timeout=ANSWER_MS
    )
    # the address holds the revenue as the number it was read as (short, whatever was typed)
    assert other.input_value("#quote-revenue") == "250000000"

    # print: the contacts and the deadline are on paper, the buttons are not
    page.emulate_media(media="print")
    printed = page.locator("#cq-widget").inner_text()
    for fact in ("2024年3月15日", "03-3517-2305", "03-3517-2309", "〒103-0023"):
        assert fact in printed
    assert page.locator(".cq-quote-actions").is_hidden()
    assert page.locator("#quote-print").is_visible()
    page.emulate_media(media="screen")

    # the language switch keeps the inputs
    href = page.locator('a[data-cq-alternate][hreflang="en"]').get_attribute("href")
    assert "industry=it" in href and "plan=B" in href
    english = quote_page(
        page_at, page.locator('a[data-cq-alternate][hreflang="en"]').evaluate("(a) => a.href"), day
    )
    assert english.input_value("#quote-revenue") == "250000000"  # as the address keeps it
    expect(english.locator("#quote-result .cq-quote-premium-amount")).to_have_text(
        want["answer"]["en"]["premium"], timeout=ANSWER_MS
    )
    # a passed start month in a link (set as a link would set it) is said, not swapped silently
    english.evaluate(
        """() => { const start = document.querySelector('#quote-start');
                   start.value = '2024-02-01'; start.dispatchEvent(new Event('change')); }"""
    )
    result = english.locator("#quote-result")
    expect(result).to_have_attribute("data-wished-passed", "2024-02-01", timeout=ANSWER_MS)
    passed = answer_for(day, industry="it", revenue="2億5千万", plan="B", start="2024-02-01")
    expect(result.locator(".cq-quote-notice")).to_have_text(passed["answer"]["en"]["notice"])
    assert result.get_attribute("data-start") == "2024-04-01"
    assert english.evaluate("document.querySelector('#quote-start').selectedOptions[0].disabled")
    assert page.errors == [] and english.errors == []


def test_quote_once_the_year_is_closed(page_at: Any, site_server: str) -> None:
    """Japanese page (the English words of the same answer: tests/test_quote.py)."""
    day, lang, prefix = date(2026, 12, 1), "ja", ""
    page = quote_page(
        page_at, f"{site_server}{prefix}quote/?industry=it&revenue=3%E5%84%84&plan=C", day
    )
    assert page.evaluate(
        "[...document.querySelectorAll('#quote-start option[data-deadline]')].every((o) => o.disabled)"
    )
    closed_label = (
        "2024年度の受付は終了しました" if lang == "ja" else "Applications for 2024 have closed"
    )
    assert page.locator('#quote-start option[value=""]').inner_text() == closed_label
    result = page.locator("#quote-result")
    expect(result).to_have_attribute("data-state", "closed", timeout=ANSWER_MS)
    want = answer_for(day, industry="it", revenue="3億", plan="C")["answer"][lang]
    expect(result.locator("h2")).to_have_text(want["heading"])
    expect(result.locator(".cq-quote-premium-label")).to_have_text(want["premium_label"])
    assert ("参考" if lang == "ja" else "for reference") in want["premium_label"]
    assert result.locator(f'a[href="{SECRETARIAT_TEL}"]').count() == 1
    assert result.locator('[data-fact="coverage_start"]').count() == 0
    expect(banner(page)).to_have_attribute("data-state", "closed")
