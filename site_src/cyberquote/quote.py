"""The quote: which band and premiums apply to a member, and when cover can start."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import schema
from .dates import format_date, format_datetime, parse_date, today_jst
from .errors import InputError, shown
from .model import LANGS, Band, Category, Contact, Extra, Industry, Label, Plan, Rates, tel_href
from .schedule import JoinDate, join_dates, join_for_start, next_join
from .words import Lang, both, word
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
class Answer:
    """The answer in one language: the texts the page shows in their places (each fact once),
    and the same answer as sentences for the CLI and screen readers."""

    heading: str
    notice: str | None
    premium_label: str | None
    premium: str | None
    premium_note: str | None
    next_step: str
    sentences: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "heading": self.heading,
            "notice": self.notice,
            "premium_label": self.premium_label,
            "premium": self.premium,
            "premium_note": self.premium_note,
            "next_step": self.next_step,
        }


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
    today: date
    wished: JoinDate | None
    intake_open: bool
    answers: dict[str, Answer]

    @property
    def messages(self) -> dict[str, list[str]]:
        return {lang: list(self.answers[lang].sentences) for lang in LANGS}

    def to_dict(self) -> dict[str, Any]:
        chosen = self.chosen
        wished = self.wished
        return {
            "policy_year": self.rates.year,
            "today": self.today.isoformat(),
            "intake": "open" if self.intake_open else "closed",
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
            **{
                f"{limit.name}_limit_yen": chosen.plan.limits[limit.name] if chosen else None
                for limit in schema.PLAN_LIMITS
            },
            "plans": [_price_dict(price, price is chosen) for price in self.prices],
            "extras": [{"id": e.id, "label": e.label.to_dict()} for e in self.extras],
            "wished_start": wished.start.isoformat() if wished else None,
            "wished_start_passed": bool(wished and self.today > wished.deadline),
            "coverage_start": self.join.start.isoformat() if self.join else None,
            "coverage_end": self.rates.period.end.date().isoformat(),
            "application_deadline": self.join.deadline.isoformat() if self.join else None,
            "contact": _contact_for(self.eligible, self.reason, self.intake_open),
            "contacts": {
                key: _contact_dict(self.rates.contacts[key])
                for key in ("lead_agent", "secretariat")
            },
            "agents_list_url": self.rates.programme.agents_list_url,
            "answer": {lang: self.answers[lang].to_dict() for lang in LANGS},
            "messages": self.messages,
        }


def _contact_for(eligible: bool, reason: str | None, intake_open: bool) -> str:
    """Whom the next step goes to: the lead agent while a start is open, else the secretariat
    (who answers for ineligible members and once the year's intake is over)."""
    if not eligible:
        return "secretariat"
    if reason == INDIVIDUAL_QUOTE:
        return "lead_agent"
    return "lead_agent" if intake_open else "secretariat"


def _contact_dict(contact: Contact) -> dict[str, Any]:
    """A contact as the page shows it: name, phone (and its tel: link), hours, address, FAX."""
    address = None
    if contact.address is not None:
        address = (
            both(
                "site.postal_address", postcode=contact.postcode, address=contact.address.to_dict()
            )
            if contact.postcode
            else contact.address.to_dict()
        )
    return {
        "name": contact.name.to_dict(),
        "role": contact.role.to_dict(),
        "tel": contact.tel,
        "tel_href": tel_href(contact.tel),
        "hours": contact.hours.to_dict(),
        "postal_address": address,
        "fax": contact.fax,
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
        **{f"{name}_limit_yen": yen for name, yen in plan.limits.items()},
        "premium": {lang: format_yen(price.premium_yen, lang) for lang in LANGS},
        **{
            f"{name}_limit": {lang: format_yen(yen, lang, units=True) for lang in LANGS}
            for name, yen in plan.limits.items()
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
    intake_open = next_join(rates, day) is not None
    join = None
    if eligible:
        join = wished if wished and day <= wished.deadline else next_join(rates, day)
    extras = rates.extras_for(found_category) if eligible else ()
    facts = _Facts(rates, found_industry, found_category, revenue_yen, reason, band, chosen,
                   wished, join, intake_open)  # fmt: skip
    return Quote(
        rates, revenue_yen, found_industry, found_category, eligible, reason, band, prices,
        chosen, extras, join, day, wished, intake_open,
        {lang: _answer(facts, lang) for lang in LANGS},
    )  # fmt: skip


@dataclass(frozen=True)
class _Facts:
    """What the answer's words are chosen from."""

    rates: Rates
    industry: Industry | None
    category: Category | None
    revenue_yen: int
    reason: str | None
    band: Band | None
    chosen: PlanPrice | None
    wished: JoinDate | None
    join: JoinDate | None
    intake_open: bool


def _answer(f: _Facts, lang: Lang) -> Answer:
    """The answer in ``lang``: its heading, the notice that must not be missed (a passed start,
    a closed year), the chosen premium, and the next step; and the same as sentences."""
    rates = f.rates
    secretariat = rates.contacts["secretariat"]
    agent = rates.contacts["lead_agent"]
    last = join_dates(rates)[-1]
    common = {
        "industry": f.industry.label[lang] if f.industry else "",
        "category": _category_label(f.category)[lang] if f.category else "",
        "revenue": format_yen(f.revenue_yen, lang, units=True),
        "cap": format_yen(rates.revenue_cap_yen, lang, units=True),
        "top": format_yen(rates.bands[-1].upper_yen, lang, units=True),
        "year": rates.year,
        "last_deadline": format_date(last.deadline, lang),
        "secretariat": secretariat.name[lang],
        "secretariat_tel": secretariat.tel,
        "agent": agent.name[lang],
        "agent_tel": agent.tel,
        "agent_hours": agent.hours[lang],
        "how_to_apply": rates.terms.how_to_apply[lang],
    }

    def line(key: str, **values: object) -> str:
        return word(key, lang, **common, **values)

    if f.reason in (EXCLUDED_INDUSTRY, REVENUE_ABOVE_CAP):
        why = line("quote.excluded" if f.reason == EXCLUDED_INDUSTRY else "quote.above_cap")
        ask = line("quote.ask_secretariat")
        return Answer(line("quote.heading_ineligible"), why, None, None, None,
                      line("quote.ineligible_next"), (why, ask))  # fmt: skip

    closed = not f.intake_open
    notice = None
    if closed:
        notice = line("quote.period_closed")
    elif f.wished and f.join != f.wished:
        notice = line(
            "quote.wished_start_passed",
            start=format_date(f.wished.start, lang),
            deadline=format_date(f.wished.deadline, lang),
            next=format_date(f.join.start, lang) if f.join else "",
        )
    sentences = [notice] if notice else []
    if f.band is None:
        # Eligible above the top band: said first, then whom to ask for the premium (never a
        # refusal: the brochure's cap is the eligibility limit, the tables stop below it).
        heading = line("quote.heading_closed" if closed else "quote.heading_individual")
        why = line("quote.individual_quote")
        ask = line("quote.individual_next")
        return Answer(heading, notice, None, None, why, ask, (*sentences, why, ask))

    sentences.append(line("quote.band", band=f.band.label(lang)))
    premium_label = premium = note = None
    if f.chosen:
        plan = f.chosen.plan
        premium = format_yen(f.chosen.premium_yen, lang)
        values = {"plan": plan.code, "code": f.chosen.code, "premium": premium}
        premium_label = line(
            "quote.premium_label_reference" if closed else "quote.premium_label", **values
        )
        sentences.append(
            line(
                "quote.chosen_plan",
                **values,
                **{name: format_yen(yen, lang, units=True) for name, yen in plan.limits.items()},
            )
        )
    if f.join is None:
        return Answer(line("quote.heading_closed"), notice, premium_label, premium, None,
                      line("quote.closed_next"), (*sentences, line("quote.ask_secretariat")))  # fmt: skip
    begin = rates.period.start.replace(
        year=f.join.start.year, month=f.join.start.month, day=f.join.start.day
    )
    if f.join.start != rates.period.start.date():
        note = line("quote.midterm_premium")
    cover = line(
        "quote.cover",
        begin=format_datetime(begin, lang),
        end=format_datetime(rates.period.end, lang),
        deadline=format_date(f.join.deadline, lang),
    )
    sentences += [s for s in (note, cover) if s]
    sentences.append(line("quote.next_step"))
    return Answer(line("quote.heading"), notice, premium_label, premium, note,
                  rates.terms.how_to_apply[lang], tuple(sentences))  # fmt: skip
