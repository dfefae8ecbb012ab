"""The quote in words: the answer a member reads (the page's texts and the same as sentences
for the CLI and screen readers), and the dict the browser widget receives. What is decided, and
why, is ``decision.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from . import schema
from .dates import format_date, format_datetime
from .decision import EXCLUDED_INDUSTRY, REVENUE_ABOVE_CAP, Decision, PlanPrice, decide
from .model import LANGS, Category, Contact, Label, Rates, tel_href
from .schedule import join_dates
from .words import Lang, both, word
from .yen import format_yen


@dataclass(frozen=True, kw_only=True)
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
    """One quote: the decision and its answer in each language; ``to_dict`` is what the browser
    widget receives and `cyberquote quote --json` prints."""

    decision: Decision
    answers: dict[str, Answer]

    @property
    def messages(self) -> dict[str, list[str]]:
        return {lang: list(self.answers[lang].sentences) for lang in LANGS}

    def to_dict(self) -> dict[str, Any]:
        d = self.decision
        chosen = d.chosen
        wished = d.wished
        return {
            "policy_year": d.rates.year,
            "today": d.today.isoformat(),
            "intake": "open" if d.intake_open else "closed",
            "industry": d.industry.id if d.industry else None,
            "industry_label": d.industry.label.to_dict() if d.industry else None,
            "category": d.category.id if d.category else None,
            "category_label": _category_label(d.category).to_dict() if d.category else None,
            "revenue_yen": d.revenue_yen,
            "revenue": {lang: format_yen(d.revenue_yen, lang, units=True) for lang in LANGS},
            "eligible": d.eligible,
            "reason": d.reason,
            "band": d.band.to_dict() if d.band else None,
            "plan": chosen.plan.code if chosen else None,
            "code": chosen.code if chosen else None,
            "premium_yen": chosen.premium_yen if chosen else None,
            **{
                f"{limit.name}_limit_yen": chosen.plan.limits[limit.name] if chosen else None
                for limit in schema.PLAN_LIMITS
            },
            "plans": [_price_dict(price, price is chosen) for price in d.prices],
            "extras": [{"id": e.id, "label": e.label.to_dict()} for e in d.extras],
            "wished_start": wished.start.isoformat() if wished else None,
            "wished_start_passed": bool(wished and d.today > wished.deadline),
            "coverage_start": d.join.start.isoformat() if d.join else None,
            "coverage_end": d.rates.period.end.date().isoformat(),
            "application_deadline": d.join.deadline.isoformat() if d.join else None,
            "contact": d.contact,
            "contacts": {
                key: _contact_dict(d.rates.contacts[key]) for key in ("lead_agent", "secretariat")
            },
            "agents_list_url": d.rates.programme.agents_list_url,
            "answer": {lang: self.answers[lang].to_dict() for lang in LANGS},
            "messages": self.messages,
        }


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
    """The quote for an industry (or a category), an annual revenue as typed, and a plan: the
    decision (``decision.decide``, whose docstring says what each input does) in words."""
    decision = decide(
        rates,
        industry=industry,
        category=category,
        revenue=revenue,
        plan=plan,
        start=start,
        today=today,
    )
    return Quote(decision=decision, answers={lang: _answer(decision, lang) for lang in LANGS})


def _answer(f: Decision, lang: Lang) -> Answer:
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
        return Answer(
            heading=line("quote.heading_ineligible"),
            notice=why,
            premium_label=None,
            premium=None,
            premium_note=None,
            next_step=line("quote.ineligible_next"),
            sentences=(why, ask),
        )

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
        return Answer(
            heading=heading,
            notice=notice,
            premium_label=None,
            premium=None,
            premium_note=why,
            next_step=ask,
            sentences=(*sentences, why, ask),
        )

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
        return Answer(
            heading=line("quote.heading_closed"),
            notice=notice,
            premium_label=premium_label,
            premium=premium,
            premium_note=None,
            next_step=line("quote.closed_next"),
            sentences=(*sentences, line("quote.ask_secretariat")),
        )
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
    return Answer(
        heading=line("quote.heading"),
        notice=notice,
        premium_label=premium_label,
        premium=premium,
        premium_note=note,
        next_step=rates.terms.how_to_apply[lang],
        sentences=tuple(sentences),
    )
