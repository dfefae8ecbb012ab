"""The quote: which band and premiums apply to a member, and when cover can start."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .dates import format_date, format_datetime, parse_date, today_jst
from .errors import InputError
from .model import LANGS, Band, Category, Extra, Industry, Label, Plan, Rates
from .schedule import JoinDate, join_for_start, next_join
from .words import both, word
from .yen import format_yen, parse_yen

EXCLUDED_INDUSTRY = "excluded_industry"
REVENUE_ABOVE_CAP = "revenue_above_cap"
INDIVIDUAL_QUOTE = "individual_quote"


@dataclass(frozen=True)
class PlanPrice:
    plan: Plan
    code: str
    premium_yen: int


@dataclass(frozen=True)
class Quote:
    """The answer for one set of inputs; ``to_dict`` is what the browser widget receives."""

    rates: Rates = field(repr=False)
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
    messages: dict[str, list[str]]

    def to_dict(self) -> dict[str, Any]:
        chosen = self.chosen
        return {
            "policy_year": self.rates.year,
            "industry": self.industry.id if self.industry else None,
            "industry_label": self.industry.label.to_dict() if self.industry else None,
            "category": self.category.id if self.category else None,
            "category_label": _category_label(self.category).to_dict() if self.category else None,
            "revenue_yen": self.revenue_yen,
            "revenue": {lang: format_yen(self.revenue_yen, lang, units=True) for lang in LANGS},
            "eligible": self.eligible,
            "reason": self.reason,
            "band": self.band.to_dict() if self.band else None,
            "plan": chosen.plan.code if chosen else None,
            "code": chosen.code if chosen else None,
            "premium_yen": chosen.premium_yen if chosen else None,
            "liability_limit_yen": chosen.plan.liability_limit_yen if chosen else None,
            "response_cost_limit_yen": chosen.plan.response_cost_limit_yen if chosen else None,
            "plans": [_price_dict(price, price is chosen) for price in self.prices],
            "extras": [{"id": e.id, "label": e.label.to_dict()} for e in self.extras],
            "coverage_start": self.join.start.isoformat() if self.join else None,
            "coverage_end": self.rates.period.end.date().isoformat(),
            "application_deadline": self.join.deadline.isoformat() if self.join else None,
            "messages": {lang: list(self.messages[lang]) for lang in LANGS},
        }


def _category_label(category: Category) -> Label:
    fields = {"label": category.label.to_dict(), "description": category.description.to_dict()}
    return Label(**both("terms.category_title", **fields))


def _price_dict(price: PlanPrice, chosen: bool) -> dict[str, Any]:
    plan = price.plan
    return {
        "plan": plan.code,
        "code": price.code,
        "premium_yen": price.premium_yen,
        "liability_limit_yen": plan.liability_limit_yen,
        "response_cost_limit_yen": plan.response_cost_limit_yen,
        "premium": {lang: format_yen(price.premium_yen, lang) for lang in LANGS},
        "liability_limit": {
            lang: format_yen(plan.liability_limit_yen, lang, units=True) for lang in LANGS
        },
        "response_cost_limit": {
            lang: format_yen(plan.response_cost_limit_yen, lang, units=True) for lang in LANGS
        },
        "chosen": chosen,
    }


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
            raise InputError(**both("quote.unknown_industry", industry=industry)) from None
    if category not in (None, ""):
        wanted = _normalise(str(category)).upper()
        try:
            by_id = rates.category(wanted)
        except KeyError:
            ids = [c.id for c in rates.categories]
            names = {"ja": "・".join(ids), "en": ", ".join(ids)}
            raise InputError(
                **both("quote.unknown_category", category=category, names=names)
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
        raise InputError(**both("quote.unknown_plan", plan=plan, codes=names)) from None


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


def quote(
    rates: Rates,
    *,
    industry: str | None = None,
    category: str | None = None,
    revenue: int | str,
    plan: str | None = None,
    start: date | str | None = None,
    today: date | str | None = None,
) -> Quote:
    """The quote for an industry (or a category), an annual revenue as typed, and a plan.

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
                PlanPrice(p, rates.code(found_category.id, band.index, p.code),
                          rates.premium(found_category.id, band.index, p.code))
                for p in rates.plans
            )  # fmt: skip
    chosen = next((p for p in prices if chosen_plan and p.plan.code == chosen_plan.code), None)
    join = None
    if eligible:
        join = wished if wished and day <= wished.deadline else next_join(rates, day)
    extras = rates.extras_for(found_category) if eligible else ()
    messages = {
        lang: _messages(rates, lang, found_industry, found_category, revenue_yen, reason, band,
                        chosen, wished, join)
        for lang in LANGS
    }  # fmt: skip
    return Quote(
        rates, revenue_yen, found_industry, found_category, eligible, reason, band, prices,
        chosen, extras, join, messages,
    )  # fmt: skip


def _messages(
    rates: Rates,
    lang: str,
    industry: Industry | None,
    category: Category | None,
    revenue_yen: int,
    reason: str | None,
    band: Band | None,
    chosen: PlanPrice | None,
    wished: JoinDate | None,
    join: JoinDate | None,
) -> list[str]:
    """The answer in sentences, for the CLI and for screen readers."""
    secretariat = rates.contacts["secretariat"]
    agent = rates.contacts["lead_agent"]
    common = {
        "industry": industry.label[lang] if industry else "",
        "category": _category_label(category)[lang] if category else "",
        "revenue": format_yen(revenue_yen, lang, units=True),
        "cap": format_yen(rates.revenue_cap_yen, lang, units=True),
        "top": format_yen(rates.bands[-1].upper_yen, lang, units=True),
        "year": rates.year,
        "secretariat": secretariat.name[lang],
        "secretariat_tel": secretariat.tel,
        "agent": agent.name[lang],
        "agent_tel": agent.tel,
        "agent_hours": agent.hours[lang],
        "how_to_apply": rates.terms.how_to_apply[lang],
    }

    def line(key: str, **values: object) -> str:
        return word(key, lang, **common, **values)

    if reason == EXCLUDED_INDUSTRY:
        return [line("quote.excluded"), line("quote.ask_secretariat")]
    if reason == REVENUE_ABOVE_CAP:
        return [line("quote.above_cap"), line("quote.ask_secretariat")]
    lines = []
    if band is None:
        lines.append(line("quote.individual_quote"))
    else:
        lines.append(line("quote.band", band=band.label(lang)))
        if chosen:
            plan = chosen.plan
            lines.append(
                line(
                    "quote.chosen_plan",
                    plan=plan.code,
                    code=chosen.code,
                    premium=format_yen(chosen.premium_yen, lang),
                    liability=format_yen(plan.liability_limit_yen, lang, units=True),
                    response=format_yen(plan.response_cost_limit_yen, lang, units=True),
                )
            )
    if wished and join != wished:
        lines.append(
            line(
                "quote.wished_start_passed",
                start=format_date(wished.start, lang),
                deadline=format_date(wished.deadline, lang),
            )
        )
    if join is None:
        lines.append(line("quote.period_closed"))
        return lines
    begin = rates.period.start.replace(
        year=join.start.year, month=join.start.month, day=join.start.day
    )
    lines.append(
        line(
            "quote.cover",
            begin=format_datetime(begin, lang),
            end=format_datetime(rates.period.end, lang),
            deadline=format_date(join.deadline, lang),
        )
    )
    if join.start != rates.period.start.date():
        lines.append(line("quote.midterm_premium"))
    lines.append(line("quote.next_step"))
    return lines
