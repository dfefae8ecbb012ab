"""The quote on a phone (390×844, touch), in Japanese and English, on a fixed clock: the answer
where it was asked (premium and plan under the revenue field, in view as soon as it is typed),
errors under the field and marked for assistive technology, nothing stale once the inputs are
cleared, IT業's excluded businesses under the select, the 100億–200億 band read as eligible, and
an address that holds the revenue only as a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import RATES_FILE
from cyberquote import InputError, load_rates, quote
from cyberquote.dates import JST
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("quote-phone")]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
BOOT_MS = 60_000
ANSWER_MS = 15_000
TODAY = "2024-03-10"  # inside the 2024 intake: every start still open
RATES = load_rates(RATES_FILE)
IT = next(c for c in RATES.categories if any(i.id == "it" for i in c.industries))
PATHS = {"ja": "quote/", "en": "en/quote/"}


class Phone:
    """A booted quote page on a phone, its clock at noon of TODAY in Japan."""

    def __init__(self, browser: Any, url: str) -> None:
        self.context = browser.new_context(**PHONE)
        self.page = self.context.new_page()
        self.page.clock.set_fixed_time(
            datetime.fromisoformat(f"{TODAY}T12:00:00").replace(tzinfo=JST)
        )
        self.page.goto(url)
        expect(self.page.locator("#quote-status")).to_have_attribute(
            "data-state", "ready", timeout=BOOT_MS
        )


@pytest.fixture(scope="module", params=["ja", "en"])
def phone(request: Any, browser: Any, site_server: str) -> Iterator[tuple[Any, str]]:
    booted = Phone(browser, f"{site_server}{PATHS[request.param]}")
    yield booted.page, request.param
    booted.context.close()


def in_view(page: Any, selector: str) -> bool:
    """The element lies wholly inside the 844 px screen as it stands (no scrolling)."""
    return page.locator(selector).evaluate(
        """(el) => { const r = el.getBoundingClientRect();
                     return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }"""
    )


def tap_industry_and_type(page: Any, industry: str, revenue: str) -> None:
    page.select_option("#quote-industry", industry)
    page.select_option("#quote-plan", "A")
    field = page.locator("#quote-revenue")
    field.tap()
    field.fill("")
    field.press_sequentially(revenue, delay=10)


def test_the_premium_and_plan_are_in_view_as_soon_as_the_revenue_is_typed(phone) -> None:  # type: ignore[no-untyped-def]
    page, lang = phone
    page.evaluate("window.scrollTo(0, 0)")
    tap_industry_and_type(page, "it", "2億5千万")
    want = quote(RATES, industry="it", revenue="2億5千万", plan="A", today=TODAY)
    answer = want.answers[lang]
    line = page.locator("#quote-answer-line")
    expect(line).to_contain_text(answer.premium, timeout=ANSWER_MS)
    expect(line).to_contain_text(answer.premium_label)
    expect(line).to_have_attribute("data-state", "quote")
    assert in_view(page, "#quote-answer-line") and in_view(page, "#quote-revenue")
    # the full answer further down is the same one, and the line links to it
    expect(page.locator("#quote-result .cq-quote-premium-amount")).to_have_text(answer.premium)
    assert line.locator("a").get_attribute("href") == "#quote-result"
    assert page.evaluate("document.activeElement.id") == "quote-revenue"  # focus stays


def test_an_error_is_under_the_field_and_the_field_is_marked(phone) -> None:  # type: ignore[no-untyped-def]
    page, lang = phone
    tap_industry_and_type(page, "manufacturing", "12o億")
    with pytest.raises(InputError) as err:
        quote(RATES, industry="manufacturing", revenue="12o億")
    error = page.locator("#quote-revenue-error")
    expect(error).to_have_text(err.value.messages[lang], timeout=ANSWER_MS)
    field = page.locator("#quote-revenue")
    expect(field).to_have_attribute("aria-invalid", "true")
    described = field.get_attribute("aria-describedby").split()
    assert described[0] == "quote-revenue-error" and "quote-revenue-hint" in described
    assert in_view(page, "#quote-revenue-error")
    expect(page.locator("#quote-answer-line")).to_be_hidden()
    assert page.locator("#quote-result .cq-error").count() == 0  # said once, where it was made
    # corrected: the mark and the message go
    field.fill("1億")
    expect(page.locator("#quote-answer-line")).to_be_visible(timeout=ANSWER_MS)
    expect(error).to_be_hidden()
    assert field.get_attribute("aria-invalid") is None
    assert field.get_attribute("aria-describedby") == "quote-revenue-hint"


def test_clearing_the_inputs_leaves_no_old_premium_anywhere(phone) -> None:  # type: ignore[no-untyped-def]
    page, lang = phone
    tap_industry_and_type(page, "retail", "7億")
    premium = quote(RATES, industry="retail", revenue="7億", plan="A", today=TODAY)
    amount = premium.answers[lang].premium
    expect(page.locator("#quote-status")).to_contain_text(amount, timeout=ANSWER_MS)
    page.locator("#quote-revenue").fill("")
    expect(page.locator("#quote-result")).to_have_attribute("data-state", "prompt")
    for where in ("#quote-status", "#quote-result", "#quote-revenue-error", "#cq-widget"):
        assert amount not in page.locator(where).inner_text(), where
    expect(page.locator("#quote-answer-line")).to_be_hidden()
    assert "revenue" not in parse_qs(urlsplit(page.url).query)


def test_it_shows_the_excluded_it_businesses_under_the_select(phone) -> None:  # type: ignore[no-untyped-def]
    page, lang = phone
    page.select_option("#quote-industry", "it")
    note = page.locator(".cq-industry-note:visible")
    expect(note).to_have_count(1)
    expect(note).to_have_text(IT.note[lang])
    # the brochure's four IT businesses that may not join, as the rates name them
    for excluded in ("isp", "cloud_hosting", "ec_platform", "online_payment"):
        label = next(i.label["ja"] for i in RATES.excluded if i.id == excluded)
        assert label in IT.note["ja"], label
    select = page.locator("#quote-industry")
    assert select.get_attribute("aria-describedby") == note.get_attribute("id")
    assert in_view(page, ".cq-industry-note:visible")
    page.select_option("#quote-industry", "manufacturing")
    expect(page.locator(".cq-industry-note:visible")).to_have_count(0)
    assert select.get_attribute("aria-describedby") is None


def test_150_oku_reads_eligible_premium_set_individually_and_whom_to_ask(phone) -> None:  # type: ignore[no-untyped-def]
    page, lang = phone
    tap_industry_and_type(page, "it", "150億")
    want = quote(RATES, industry="it", revenue="150億", plan="A", today=TODAY)
    answer = want.answers[lang]
    agent = RATES.contacts["lead_agent"]
    result = page.locator("#quote-result")
    expect(result).to_have_attribute("data-state", "individual", timeout=ANSWER_MS)
    expect(result.locator("h2")).to_have_text(answer.heading)
    expect(page.locator("#quote-answer-line")).to_contain_text(answer.heading)
    text = result.inner_text()
    assert answer.premium_note in text and agent.tel in answer.next_step
    assert ("加入の対象" if lang == "ja" else "eligible") in text
    assert ("加入できません" if lang == "ja" else "not eligible") not in text.lower()


def test_the_address_keeps_the_revenue_as_a_number_and_a_long_paste_short(phone) -> None:  # type: ignore[no-untyped-def]
    page, _ = phone
    tap_industry_and_type(page, "it", "2億5千万")
    # the answer to the last keystroke (an earlier one's, e.g. "2億", may show first)
    expect(page).to_have_url(re.compile(r"[?&]revenue=250000000(&|$)"), timeout=ANSWER_MS)
    assert parse_qs(urlsplit(page.url).query)["revenue"] == ["250000000"]
    paste = "9" * 200_000
    page.locator("#quote-revenue").fill(paste)
    expect(page.locator("#quote-revenue-error")).to_be_visible(timeout=ANSWER_MS)
    assert len(page.url) < 200
    assert "revenue" not in parse_qs(urlsplit(page.url).query)
    assert len(page.locator("#quote-revenue-error").inner_text()) < 300  # the echo is cut too
