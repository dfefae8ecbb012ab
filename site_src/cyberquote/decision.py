"""The quote's decision: whether a member may join, in which band, at which premiums, from which
start, and whom the next step goes to. Facts only: ``quote.py`` puts them into words and into the
browser's and the CLI's dict.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from .dates import format_date, parse_date, today_jst
from .errors import InputError, shown
from .model import LANGS, Band, Category, Extra, Industry, Plan, Rates
from .schedule import JoinDate, join_for_start, next_join
from .words import both
from .yen import parse_yen

# Why a member gets no premium from the tables.
EXCLUDED_INDUSTRY = "excluded_industry"
REVENUE_ABOVE_CAP = "revenue_above_cap"
INDIVIDUAL_QUOTE = "individual_quote"  # eligible, above the top band: the lead agent quotes


@dataclass(frozen=True)
class PlanPrice:
    plan: Plan
    code: str
    premium_yen: int


@dataclass(frozen=True)
class Decision:
    """The facts of one quote, from the rates and the inputs; no word of any language."""

    rates: Rates
    revenue_yen: int
    industry: Industry | None
    category: Category | None
    eligible: bool
    reason: str | None
    band: Band | None
    prices: tuple[PlanPrice, ...]
    chosen: PlanPrice | None
    extras: tuple[Extra, ...]
    join: JoinDate | None
    today: date
    wished: JoinDate | None
    intake_open: bool

    @property
    def contact(self) -> str:
        """Whom the next step goes to: the lead agent while a start is open, else the
        secretariat (who answers for ineligible members and once the year's intake is over)."""
        if not self.eligible:
            return "secretariat"
        if self.reason == INDIVIDUAL_QUOTE:
            return "lead_agent"
        return "lead_agent" if self.intake_open else "secretariat"


def _normalise(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def _resolve_category(
    rates: Rates, industry: str | None, category: str | None
) -> tuple[Industry | None, Category | None]:
    found_industry = found_category = None
    if industry not in (None, ""):
        try:
            found_industry, found_category = rates.industry(_normalise(str(industry)).lower())
        except KeyError:
            raise InputError(**both("quote.unknown_industry", industry=shown(industry))) from None
    if category not in (None, ""):
        wanted = _normalise(str(category)).upper()
        try:
            by_id = rates.category(wanted)
        except KeyError:
            ids = [c.id for c in rates.categories]
            names = {"ja": "・".join(ids), "en": ", ".join(ids)}
            raise InputError(
                **both("quote.unknown_category", category=shown(category), names=names)
            ) from None
        if found_industry and found_category and found_category.id != by_id.id:
            raise InputError(
                **both(
                    "quote.other_category",
                    industry=found_industry.label.to_dict(),
                    category=found_category.label.to_dict(),
                    wanted=by_id.label.to_dict(),
                )
            )
        if found_industry is None:
            found_category = by_id
    if found_industry is None and found_category is None:
        raise InputError(**both("quote.no_industry"))
    return found_industry, found_category


def _resolve_plan(rates: Rates, plan: str | None) -> Plan | None:
    if plan in (None, ""):
        return None
    try:
        return rates.plan(_normalise(str(plan)).upper())
    except KeyError:
        codes = [p.code for p in rates.plans]
        names = {"ja": "・".join(codes), "en": ", ".join(codes)}
        raise InputError(**both("quote.unknown_plan", plan=shown(plan), codes=names)) from None


def _resolve_start(rates: Rates, start: date | str | None) -> JoinDate | None:
    if start in (None, ""):
        return None
    text = start if isinstance(start, date) else _normalise(str(start))
    if isinstance(text, str) and re.fullmatch(r"\d{4}-\d{2}", text):
        text += "-01"
    wanted = parse_date(text, field="start")
    join = join_for_start(rates, wanted)
    if join is None:
        first, last = rates.period.start.date(), rates.period.end.date()
        raise InputError(
            **both(
                "quote.start_outside",
                year=wanted.year,
                month=wanted.month,
                first={lang: format_date(first, lang) for lang in LANGS},
                last={lang: format_date(last, lang) for lang in LANGS},
            )
        )
    return join


def decide(
    rates: Rates,
    *,
    industry: str | None = None,
    category: str | None = None,
    revenue: int | str,
    plan: str | None = None,
    start: date | str | None = None,
    today: date | str | None = None,
) -> Decision:
    """The decision for an industry (or a category), an annual revenue as typed, and a plan.

    ``start`` is a wished coverage start (a month of the period); ``today`` defaults to today in
    Japan time and decides which paper deadlines have passed. Bad input raises InputError.
    """
    found_industry, found_category = _resolve_category(rates, industry, category)
    chosen_plan = _resolve_plan(rates, plan)
    revenue_yen = parse_yen(revenue)
    wished = _resolve_start(rates, start)
    day = today_jst() if today in (None, "") else parse_date(today, field="today")

    band = None
    prices: tuple[PlanPrice, ...] = ()
    if found_category is None:
        eligible, reason = False, EXCLUDED_INDUSTRY
    elif revenue_yen > rates.revenue_cap_yen:
        eligible, reason = False, REVENUE_ABOVE_CAP
    else:
        eligible = True
        band = rates.band_for(revenue_yen)
        reason = None if band else INDIVIDUAL_QUOTE
        if band:
            prices = tuple(
                PlanPrice(
                    plan=p,
                    code=rates.code(found_category.id, band.index, p.code),
                    premium_yen=rates.premium(found_category.id, band.index, p.code),
                )
                for p in rates.plans
            )
    chosen = next((p for p in prices if chosen_plan and p.plan.code == chosen_plan.code), None)
    intake_open = next_join(rates, day) is not None
    join = None
    if eligible:
        join = wished if wished and day <= wished.deadline else next_join(rates, day)
    return Decision(
        rates=rates,
        revenue_yen=revenue_yen,
        industry=found_industry,
        category=found_category,
        eligible=eligible,
        reason=reason,
        band=band,
        prices=prices,
        chosen=chosen,
        extras=rates.extras_for(found_category) if eligible else (),
        join=join,
        today=day,
        wished=wished,
        intake_open=intake_open,
    )
