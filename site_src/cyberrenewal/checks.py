"""The staff checks of a rates file that loads, against last year's: what stops, what to do.

A loaded file's own errors are the reader's (`cyberquote.rates`). Against last year's file, a
premium or limit far from last year's, or a final file citing last year's source, stops too
(`cyberquote.rates.year_problems`, which the site build also runs): `warnings` raises them.
What is left are warnings, each saying what to do:

- a draft still citing last year's source (`rates check`, `rates import`, the build);
- a code in [confirmed] that confirms nothing (the figure is near last year's and whole): the
  approver would read a mark on a change that needs none;
- a paper deadline (the schema's ``deadline`` fields: the start's application deadline and each
  mid-term deadline) on a Saturday, a Sunday, a Japanese public holiday or a New Year closing day
  of the lead agent's (its ``new_year_closed``), when it takes papers on working weekdays only: said once, by `rates new`, which has just moved the dates. It is
  a fact, not a mistake, so it is not repeated on every command: the site marks such deadlines
  for members. The calendar is the maintained ``holidays`` package (staff side only).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays
from cyberquote import schema
from cyberquote.dates import format_date
from cyberquote.errors import Problem, RatesError
from cyberquote.model import Rates
from cyberquote.rates import LIMIT_STEP_YEN, PREMIUM_STEP_YEN, far_from, year_problems
from cyberquote.schedule import join_dates
from cyberquote.words import LANGS, Lang, both, word


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
    """2024年12月15日（日） / Sun 15 December 2024."""
    return format_date(day, lang, weekday=True)


_DAY_RANGE = re.compile(r"(\d\d)-(\d\d)\.\.(\d\d)-(\d\d)")


def closed_days(new_year_closed: str | None) -> tuple[str, ...] | None:
    """A contact's ``new_year_closed`` ("12-31..01-03") as the month-days it names, in order;
    () when there is none, None when it is not written that way (the caller says so).

    >>> closed_days("12-31..01-03"), closed_days(None), closed_days("31 Dec")
    (('12-31', '01-01', '01-02', '01-03'), (), None)
    """
    if not new_year_closed:
        return ()
    found = _DAY_RANGE.fullmatch(new_year_closed.strip())
    if not found:
        return None
    try:  # a leap year, so that 02-29 is a day; the range may run over the year's end
        day = date(2024, int(found[1]), int(found[2]))
        last = date(2024, int(found[3]), int(found[4]))
    except ValueError:
        return None
    days: list[str] = []
    while len(days) < 366:
        days.append(f"{day:%m-%d}")
        if day == last:
            break
        day = day + timedelta(days=1) if (day.month, day.day) != (12, 31) else date(2024, 1, 1)
    return tuple(days)


def closed_reason(day: date, lang: Lang, new_year: Collection[str] = ()) -> str | None:
    """Why papers cannot arrive on `day` (土曜日, 祝日（海の日）, 年末年始...), None on a working
    weekday: the one rule of a closed day, for these warnings and the site's join table.
    `new_year` holds the lead agent's New Year closing days ("12-31", ...: `closed_days`)."""
    holiday = _holidays(day.year, lang).get(day)
    if holiday:
        return word("check.holiday", lang, name=holiday)
    if day.weekday() == 5:
        return word("check.saturday", lang)
    if day.weekday() == 6:
        return word("check.sunday", lang)
    if f"{day:%m-%d}" in new_year:
        return word("check.new_year", lang)
    return None


def weekday_before(day: date, new_year: Collection[str] = ()) -> date:
    """The last working weekday before `day`."""
    day -= timedelta(days=1)
    while closed_reason(day, "ja", new_year):
        day -= timedelta(days=1)
    return day


def _deadline_warning(
    name: str, key: str, day: date, what: dict[Lang, str], new_year: Collection[str]
) -> Warning_ | None:
    if closed_reason(day, "ja", new_year) is None:
        return None
    before = weekday_before(day, new_year)
    texts = {
        lang: word(
            "check.deadline_closed",
            lang,
            what=what[lang],
            day=_day(day, lang),
            why=closed_reason(day, lang, new_year),
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
    moved = dict(rates.midterm.moved_deadlines)
    agent = rates.contacts.get("lead_agent")
    new_year = (closed_days(agent.new_year_closed) if agent else ()) or ()
    for i, join in enumerate(join_dates(rates)):
        if i == 0:
            what = {lang: word("check.deadline_start", lang) for lang in LANGS}
            key = start_key
        else:
            what = {
                lang: word("check.deadline_midterm", lang, start=format_date(join.start, lang))
                for lang in LANGS
            }
            key = "midterm.moved_deadlines" if join.start in moved else midterm_key
        warning = _deadline_warning(rates.path, key, join.deadline, what, new_year)
        if warning:
            found.append(warning)
    return found


def source_warnings(rates: Rates, previous: Rates | None) -> list[Warning_]:
    """A draft still citing last year's source: to be rewritten before it is marked final."""
    if previous is None or not rates.is_draft or rates.source != previous.source:
        return []
    texts = both(
        "renewal_checks.old_source_draft", year=previous.year, source=rates.source.to_dict()
    )
    return [Warning_(Problem(rates.path, "meta.source", texts["ja"], texts["en"]))]


def confirmed_warnings(rates: Rates, previous: Rates | None) -> list[Warning_]:
    """Codes of [confirmed] whose figures would pass without it: to be taken out."""
    if previous is None:
        return []
    by_code = {rates.code(*key): key for key in rates.premiums}
    found = []
    for code in sorted(rates.confirmed.premiums):
        new, old = rates.premiums[by_code[code]], previous.premiums.get(by_code[code])
        if new % PREMIUM_STEP_YEN == 0 and (old is None or not far_from(new, old)):
            found.append(("confirmed.premiums", code))
    before = {p.code: p for p in previous.plans}
    for plan in (p for p in rates.plans if p.code in rates.confirmed.limits):
        last = before.get(plan.code)
        pairs = [(new, last.limits[name] if last else None) for name, new in plan.limits.items()]
        if all(n % LIMIT_STEP_YEN == 0 and (o is None or not far_from(n, o)) for n, o in pairs):
            found.append(("confirmed.limits", plan.code))
    texts = [(key, both("renewal_checks.not_needed", code=code)) for key, code in found]
    return [Warning_(Problem(rates.path, key, t["ja"], t["en"])) for key, t in texts]


def warnings(rates: Rates, previous: Rates | None = None) -> list[Warning_]:
    """The warnings about `rates` against `previous`, after what stops.

    Raises RatesError with every change that stops (`year_problems`). After `rates import` there
    is none left: the import refuses them first, naming each premium by its workbook cell.
    """
    stops = year_problems(rates, previous)
    if stops:
        raise RatesError(stops)
    return [*source_warnings(rates, previous), *confirmed_warnings(rates, previous)]
