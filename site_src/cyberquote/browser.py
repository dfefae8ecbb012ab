"""Glue for the quote widget's Web Worker: one JSON string in, one JSON string out.

The worker (site_src/widget/worker.js) boots Pyodide, unpacks this package's wheel, builds a
:class:`Widget` from the very rates TOML the site was built from, then passes each request from
the page through :meth:`Widget.handle`. Keeping the glue here keeps the JavaScript thin: the quote,
its formatting and its error messages all come from the same Python code the CLI and the build use.

Request:  {"params": {keyword arguments of cyberquote.quote}}
Answer:   ``Answered`` or ``Refused`` (below): the contract with site_src/widget/quote.js, which
          reads every field of them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Literal, TypedDict

from . import format_date, format_yen, parse_rates, parse_yen, quote
from .dates import parse_date, today_jst
from .model import LANGS

PARAMS = ("industry", "category", "revenue", "plan", "start", "today")

PerLang = dict[str, str]  # {"ja": ..., "en": ...}


class Display(TypedDict):
    """The texts the page shows beside a quote that ``Quote.to_dict`` holds only as numbers or
    ISO dates."""

    today: PerLang
    revenue: PerLang
    coverage_start: PerLang | None
    coverage_end: PerLang | None
    application_deadline: PerLang | None


class Answered(TypedDict):
    ok: Literal[True]
    result: dict[str, Any]  # Quote.to_dict(), as `cyberquote quote --json` prints it
    display: Display


class Refused(TypedDict):
    ok: Literal[False]
    error: str
    messages: PerLang
    field: str | None  # the form field the message belongs under, when one is to blame


def _per_lang_date(iso: str | None) -> PerLang | None:
    if iso is None:
        return None
    day = date.fromisoformat(iso)
    return {lang: format_date(day, lang) for lang in LANGS}


def display_texts(result: Mapping[str, Any], today: date) -> Display:
    """The texts the page shows beside a quote that to_dict() holds only as numbers or ISO dates."""
    revenue = result["revenue_yen"]
    return {
        "today": {lang: format_date(today, lang) for lang in LANGS},
        "revenue": {lang: format_yen(revenue, lang) for lang in LANGS},
        "coverage_start": _per_lang_date(result.get("coverage_start")),
        "coverage_end": _per_lang_date(result.get("coverage_end")),
        "application_deadline": _per_lang_date(result.get("application_deadline")),
    }


def _error(err: Exception, field: str | None = None) -> Refused:
    messages = getattr(err, "messages", None)
    if not isinstance(messages, Mapping):
        messages = {lang: str(err) for lang in LANGS}
    return {"ok": False, "error": str(err), "messages": dict(messages), "field": field}


def _blamed_field(params: Mapping[str, Any]) -> str | None:
    """The field a failed quote's message belongs under: the revenue if it cannot be read (the
    only field typed by hand; the others are chosen from lists)."""
    try:
        parse_yen(params.get("revenue", ""))
    except ValueError:
        return "revenue"
    return None


class Widget:
    """The rates of one policy year, ready to answer the page's requests."""

    def __init__(self, rates_toml: str) -> None:
        self.rates = parse_rates(rates_toml)

    def answer(self, params: Mapping[str, Any], now: datetime | None = None) -> Answered | Refused:
        """Quote for `params` (the keywords of cyberquote.quote); errors become an answer too."""
        unknown = sorted(set(params) - set(PARAMS))
        if unknown:
            return _error(ValueError(f"unknown parameter(s): {', '.join(unknown)}"))
        kwargs = dict(params)
        if kwargs.get("today") in (None, ""):
            kwargs["today"] = today_jst(now)
        try:
            result = quote(self.rates, **kwargs).to_dict()
            today = parse_date(kwargs["today"], field="today")
        except ValueError as err:
            return _error(err, _blamed_field(params))
        return {"ok": True, "result": result, "display": display_texts(result, today)}

    def handle(self, request_json: str) -> str:
        """The worker's entry point: a JSON request in, a JSON answer out."""
        try:
            request = json.loads(request_json)
            params = request.get("params") if isinstance(request, dict) else None
            if not isinstance(params, dict):
                raise ValueError("params must be an object")
        except ValueError as err:
            return json.dumps(_error(err), ensure_ascii=False)
        return json.dumps(self.answer(params), ensure_ascii=False)
