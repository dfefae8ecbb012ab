"""Warnings about a rates file that loads: what is allowed but is most likely a mistake.

A loaded file's errors are the reader's (`cyberquote.rates`); these are the warnings `rates
check`, `rates import` and `rates new` print (exit 0 when there is nothing else):

- a premium that changed by more than ±25 % from the previous year's file;
- a paper deadline (the schema's ``deadline`` fields: the start's application deadline and each
  mid-term deadline) on a Saturday, a Sunday or a Japanese public holiday, when the lead agent
  takes papers on weekdays only. The calendar is the maintained ``holidays`` package (staff side
  only: the browser never needs it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays
from cyberquote import schema
from cyberquote.dates import format_date
from cyberquote.errors import Problem
from cyberquote.model import Rates
from cyberquote.schedule import join_dates
from cyberquote.words import LANGS, Lang, word
from cyberquote.yen import format_yen

from .diff_report import signed_percent

JUMP_PERCENT = 25


@dataclass(frozen=True)
class Warning_:
    """One warning: a Problem (file, key, both languages) that does not stop publishing."""

    problem: Problem

    def line(self, lang: Lang) -> str:
        return word("check.warning", lang, line=self.problem.line(lang))


@cache
def _holidays(year: int, lang: Lang) -> holidays.HolidayBase:
    return holidays.country_holidays("JP", years=year, language="ja" if lang == "ja" else "en_US")


def _day(day: date, lang: Lang) -> str:
    """2024年12月15日（日） / 15 December 2024 (Sunday)."""
    return format_date(day, lang, weekday=True)


def closed_reason(day: date, lang: Lang) -> str | None:
    """Why papers cannot arrive on `day` (土曜日, 祝日（海の日）...), None on a working weekday."""
    holiday = _holidays(day.year, lang).get(day)
    if holiday:
        return word("check.holiday", lang, name=holiday)
    if day.weekday() == 5:
        return word("check.saturday", lang)
    if day.weekday() == 6:
        return word("check.sunday", lang)
    return None


def weekday_before(day: date) -> date:
    """The last working weekday before `day`."""
    day -= timedelta(days=1)
    while closed_reason(day, "ja"):
        day -= timedelta(days=1)
    return day


def _deadline_warning(name: str, key: str, day: date, what: dict[Lang, str]) -> Warning_ | None:
    if closed_reason(day, "ja") is None:
        return None
    before = weekday_before(day)
    texts = {
        lang: word(
            "check.deadline_closed",
            lang,
            what=what[lang],
            day=_day(day, lang),
            why=closed_reason(day, lang),
            weekday_before=_day(before, lang),
        )
        for lang in LANGS
    }
    return Warning_(Problem(name, key, texts["ja"], texts["en"]))


def deadline_warnings(rates: Rates) -> list[Warning_]:
    """Every paper deadline of the period that falls on a day the lead agent is closed."""
    deadline_keys = [f"{t.key}.{f.key}" for t, f in schema.fields() if f.deadline]
    start_key = next(k for k in deadline_keys if k.startswith("period."))
    midterm_key = next(k for k in deadline_keys if k.startswith("midterm."))
    found = []
    for i, join in enumerate(join_dates(rates)):
        if i == 0:
            what = {lang: word("check.deadline_start", lang) for lang in LANGS}
            key = start_key
        else:
            what = {
                lang: word("check.deadline_midterm", lang, start=format_date(join.start, lang))
                for lang in LANGS
            }
            key = midterm_key
        warning = _deadline_warning(rates.path, key, join.deadline, what)
        if warning:
            found.append(warning)
    return found


def premium_key(rates: Rates, category_id: str, band: int, plan: str) -> str:
    """The reader's name for a premium cell: premiums.I[0].A (AA1)."""
    return f"premiums.{category_id}[{band - 1}].{plan} ({rates.code(category_id, band, plan)})"


def premium_warnings(
    rates: Rates, previous: Rates | None, where: dict[str, str] | None = None
) -> list[Warning_]:
    """Premiums that moved by more than JUMP_PERCENT from `previous`; `where` names a cell by
    code (e.g. {"AA1": "AA1 (B5)"}) when the figures came from a workbook."""
    if previous is None:
        return []
    found = []
    for key, new in rates.premiums.items():
        old = previous.premiums.get(key)
        if old is None or abs(new - old) * 100 <= JUMP_PERCENT * old:
            continue
        percent = signed_percent((new - old) * 100 / old)
        texts = {
            lang: word(
                "check.premium_jump",
                lang,
                old=format_yen(old, lang),
                new=format_yen(new, lang),
                percent=percent,
            )
            for lang in LANGS
        }
        name = premium_key(rates, *key)
        if where and rates.code(*key) in where:
            name = where[rates.code(*key)]
        found.append(Warning_(Problem(rates.path, name, texts["ja"], texts["en"])))
    return found


def warnings(
    rates: Rates, previous: Rates | None = None, where: dict[str, str] | None = None
) -> list[Warning_]:
    """All warnings about `rates`, premiums first."""
    return [*premium_warnings(rates, previous, where), *deadline_warnings(rates)]
