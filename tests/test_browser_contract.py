"""The worker's answer (cyberquote.browser) and the page's script (site_src/widget/quote.js) agree
field by field: every field declared is sent and read, none is read that is not declared."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, get_type_hints

from conftest import RATES_TEXT, ROOT
from cyberquote import quote
from cyberquote.browser import Answered, Display, Refused, Widget, display_texts

SCRIPT = (ROOT / "site_src" / "widget" / "quote.js").read_text(encoding="utf-8")


def read_in_script(name: str) -> set[str]:
    """The fields quote.js reads from the object it names `name` (`d.today[lang]` -> today)."""
    return set(re.findall(rf"\b{name}\.([a-z_]+)\b", SCRIPT))


def fields(typed: Any) -> set[str]:
    return set(get_type_hints(typed))


def test_the_display_texts_sent_are_the_ones_the_page_reads(rates: Any) -> None:
    answer = quote(rates, industry="retail", revenue=300_000_000, today="2024-01-05").to_dict()
    sent = display_texts(answer, date(2024, 1, 5))
    assert set(sent) == fields(Display) == read_in_script("d")  # `d`: renderQuote's display


def test_the_answer_texts_sent_are_the_ones_the_page_reads(rates: Any) -> None:
    sent = quote(rates, industry="it", revenue=100_000_000, plan="B").answers["ja"].to_dict()
    assert set(sent) == read_in_script("a")  # `a`: renderQuote's r.answer[lang]


def test_the_worker_sends_an_answered_or_a_refused_the_page_reads_whole() -> None:
    widget = Widget(RATES_TEXT)
    answered = widget.answer({"industry": "it", "revenue": "1億"})
    refused = widget.answer({"industry": "it", "revenue": "lots"})
    assert set(answered) == fields(Answered) and answered["ok"] is True
    assert set(refused) == fields(Refused) and refused["ok"] is False
    assert refused["field"] == "revenue"
    assert (fields(Answered) | fields(Refused)) - {"ok"} <= read_in_script("answer")
