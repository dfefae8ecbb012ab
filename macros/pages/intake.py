"""The intake banner on every page: the period's start dates and paper deadlines, as
`cyberquote.schedule` makes them, with the words the banner and its script show.

The theme's partial (site_src/overrides/partials/cq-intake.html) reads `config.extra.cq_intake`;
its script (assets/javascripts/cq-intake.js) only compares today's date in Japan with these
dates, so the rule that makes a deadline lives in Python alone.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import holidays
from cyberquote import Rates
from cyberquote.dates import format_date, format_time
from cyberquote.schedule import join_dates, schedule_dict
from cyberquote.words import LANGS, text, word
from cyberrenewal.checks import closed_reason
from mkdocs.exceptions import PluginError

from .render import script_json
from .views import OpeningHours, lang_root, opening_hours, tel_href


@dataclass(frozen=True)
class Part:
    """A piece of a sentence: plain text, or a slot (``{name}``) the template fills."""

    text: str
    slot: str | None = None


def parts(template: str, **values: str) -> tuple[Part, ...]:
    """A word's text cut at its fields: those given in ``values`` filled in, the others slots.

    >>> parts("あと{days}日、{x}", x="!")
    (Part(text='あと', slot=None), Part(text='', slot='days'), Part(text='日、', slot=None), Part(text='!', slot=None))
    """
    out = []
    for literal, name, _, _ in string.Formatter().parse(template):
        if literal:
            out.append(Part(literal))
        if name:
            out.append(Part(values[name]) if name in values else Part("", name))
    return tuple(out)


def intake_info(rates: Rates) -> dict[str, dict[str, Any]]:
    """Per language: the banner's words, and the schedule (ISO dates and the same dates in words)
    as the JSON its script reads."""
    joins = join_dates(rates)
    last = joins[-1]
    secretariat = rates.contacts["secretariat"]
    schedule = schedule_dict(rates)
    info = {}
    for lang in LANGS:
        last_deadline = format_date(last.deadline, lang, weekday=True)
        data = {
            **schedule,
            "joins": [
                {
                    **iso,
                    "start_text": format_date(j.start, lang, weekday=True),
                    "deadline_text": format_date(j.deadline, lang, weekday=True),
                }
                for iso, j in zip(schedule["joins"], joins, strict=True)
            ],
            "days": {
                "zero": text("intake.days_zero", lang),
                "one": text("intake.days_one", lang),
                "other": text("intake.days_other", lang),
            },
            "passed": word("intake.passed", lang),
            "next": word("intake.next", lang),
        }
        info[lang] = {
            "label": word("intake.label", lang),
            "static": word("intake.static", lang, year=rates.year, last_deadline=last_deadline),
            "open": parts(text("intake.open", lang)),  # every field a slot
            "closed": parts(
                text("intake.closed", lang),
                year=str(rates.year),
                last_deadline=last_deadline,
                secretariat=secretariat.name[lang],
                hours=weekday_hours_text(hours_of(rates, "secretariat"), lang),
            ),
            "tel": secretariat.tel,
            "tel_href": tel_href(secretariat.tel),
            "link": word("intake.link", lang),
            "link_href": f"{lang_root(lang)}join/",
            "json": script_json(data),
        }
    return info


def hours_of(rates: Rates, contact_id: str) -> OpeningHours:
    """The contact's opening hours from the rates (weekday_hours, new_year_closed); a missing or
    malformed value stops the build with what to write, in both languages."""
    contact = rates.contacts[contact_id]
    found = contact.weekday_hours and opening_hours(contact.weekday_hours, contact.new_year_closed)
    if not found:
        value = f"{contact.weekday_hours} / {contact.new_year_closed}"
        field = f"contacts.{contact_id}.weekday_hours / new_year_closed"
        expected = '"09:00-17:00" / "12-31..01-03"'
        raise PluginError(
            "\n".join(
                word("trust.bad_hours", lang, field=field, value=value, expected=expected)
                for lang in LANGS
            )
        )
    return found


@cache
def public_holidays(first_year: int, last_year: int) -> frozenset[date]:
    """Japan's public holidays (the maintained ``holidays`` package, at build time only: the
    site's script gets them as a list of dates)."""
    return frozenset(holidays.country_holidays("JP", years=range(first_year, last_year + 1)))


def holiday_years(rates: Rates, today: date) -> tuple[int, int]:
    """The years whose holidays the site carries: the policy year's and its neighbours, to the
    year after the build (a visitor's clock may be later than the period)."""
    return rates.period.start.year - 1, max(rates.period.end.year, today.year) + 1


def is_closed(day: date, hours: OpeningHours) -> bool:
    """Whether the contact is closed all day (a weekend, a public holiday, one of its New Year
    days): the staff checks' rule (`cyberrenewal.checks.closed_reason`), so that the join table
    marks the very deadlines `rates new` warns about."""
    return closed_reason(day, "ja", hours.closed_days) is not None


def open_now_data(rates: Rates, contact_id: str = "lead_agent") -> dict[str, Any]:
    """What cq-intake.js needs to tell whether the contact is open at the visitor's time in Japan:
    its hours, its closing days and the public holidays (ISO dates)."""
    hours = hours_of(rates, contact_id)
    first, last = holiday_years(rates, date.today())
    return {
        "opens": hours.opens,
        "closes": hours.closes,
        "closed_days": list(hours.closed_days),
        "holidays": sorted(day.isoformat() for day in public_holidays(first, last)),
    }


def weekday_hours_text(hours: OpeningHours, lang: str) -> str:
    """'平日 午前9時～午後5時' / 'weekdays 9:00 a.m. to 5:00 p.m.'."""
    start, end = (
        format_time(datetime.strptime(clock, "%H:%M"), lang)
        for clock in (hours.opens, hours.closes)
    )
    return word("trust.weekdays_from_to", lang, start=start, end=end)


def intake_until(rates: Rates, lang: str) -> str:
    """The last mid-term start of the period and its deadline in a sentence that stays true after
    the deadline has passed."""
    last = join_dates(rates)[-1]
    return word(
        "intake.until",
        lang,
        year=rates.year,
        last_start=format_date(last.start, lang, weekday=True),
        last_deadline=format_date(last.deadline, lang, weekday=True),
    )


def define_env(env: Any) -> None:
    rates = env.variables["rates"]
    # For the theme's partial (config.extra is what theme templates see).
    env.conf["extra"]["cq_intake"] = intake_info(rates)

    @env.macro
    def midterm_until() -> str:
        """'2024年度の中途加入は…まで受け付けます' in the page's language."""
        return intake_until(rates, env.page.file.locale)
