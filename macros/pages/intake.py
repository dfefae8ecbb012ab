"""The intake banner on every page: the period's start dates and paper deadlines, as
`cyberquote.schedule` makes them, with the words the banner and its script show.

The theme's partial (site_src/overrides/partials/cq-intake.html) reads `config.extra.cq_intake`;
its script (assets/javascripts/cq-intake.js) only compares today's date in Japan with these
dates, so the rule that makes a deadline lives in Python alone.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from typing import Any

from cyberquote import Rates, format_date
from cyberquote.schedule import join_dates, schedule_dict
from cyberquote.words import LANGS, text, word

from .views import tel_href


@dataclass(frozen=True)
class Part:
    """A piece of a sentence: plain text, or a slot (``{name}``) the template fills."""

    text: str
    slot: str | None = None


def parts(template: str, **values: str) -> tuple[Part, ...]:
    """A word's text cut at its fields: those given in ``values`` filled in, the others slots.

    >>> parts("あと{days}日、{x}", x="!")
    (Part(text='あと', slot=None), Part(text='', slot='days'), Part(text='、', slot=None), Part(text='!', slot=None))
    """
    out = []
    for literal, name, _, _ in string.Formatter().parse(template):
        if literal:
            out.append(Part(literal))
        if name:
            out.append(Part(values[name]) if name in values else Part("", name))
    return tuple(out)


def script_json(data: Any) -> str:
    """JSON safe inside <script type="application/json">: no "<", ">" or "&" as such."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def intake_info(rates: Rates) -> dict[str, dict[str, Any]]:
    """Per language: the banner's words, and the schedule (ISO dates and the same dates in words)
    as the JSON its script reads."""
    joins = join_dates(rates)
    last = joins[-1]
    secretariat = rates.contacts["secretariat"]
    schedule = schedule_dict(rates)
    info = {}
    for lang in LANGS:
        last_deadline = format_date(last.deadline, lang)
        data = {
            **schedule,
            "joins": [
                {
                    **iso,
                    "start_text": format_date(j.start, lang),
                    "deadline_text": format_date(j.deadline, lang),
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
            ),
            "tel": secretariat.tel,
            "tel_href": tel_href(secretariat.tel),
            "link": word("intake.link", lang),
            "json": script_json(data),
        }
    return info


def intake_until(rates: Rates, lang: str) -> str:
    """The last mid-term start of the period and its deadline in a sentence that stays true after
    the deadline has passed."""
    last = join_dates(rates)[-1]
    return word(
        "intake.until",
        lang,
        year=rates.year,
        last_start=format_date(last.start, lang),
        last_deadline=format_date(last.deadline, lang),
    )


def define_env(env: Any) -> None:
    rates = env.variables["rates"]
    # For the theme's partial (config.extra is what theme templates see).
    env.conf["extra"]["cq_intake"] = intake_info(rates)

    @env.macro
    def midterm_until() -> str:
        """'2024年度の中途加入は…まで受け付けます' in the page's language."""
        return intake_until(rates, env.page.file.locale)
