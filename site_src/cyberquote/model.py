"""The domain: an immutable picture of one policy year, as the rates file states it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType

from .words import LANGS, word
from .yen import format_yen


@dataclass(frozen=True)
class Label:
    """A text in both site languages: ``Label(ja, en)``, the one positional pair."""

    ja: str
    en: str

    def __getitem__(self, lang: str) -> str:
        return self.en if lang == "en" else self.ja

    def to_dict(self) -> dict[str, str]:
        return {"ja": self.ja, "en": self.en}


@dataclass(frozen=True, kw_only=True)
class Plan:
    """A plan and its limits in yen, by the names `schema.PLAN_LIMITS` declares, in its order:
    tables, the workbook, the diff and the checks iterate them. The two properties are for
    what means one limit in particular (a sentence naming it, a test of its figure)."""

    code: str
    limits: Mapping[str, int]

    def __post_init__(self) -> None:
        object.__setattr__(self, "limits", MappingProxyType(dict(self.limits)))

    @property
    def liability_limit_yen(self) -> int:
        return self.limits["liability"]

    @property
    def response_cost_limit_yen(self) -> int:
        return self.limits["response_cost"]


@dataclass(frozen=True, kw_only=True)
class Band:
    """A revenue band: above ``lower_yen`` (band 1 starts at 0 inclusive) up to ``upper_yen``."""

    index: int
    lower_yen: int
    upper_yen: int

    def contains(self, revenue_yen: int) -> bool:
        if self.index == 1:
            return 0 <= revenue_yen <= self.upper_yen
        return self.lower_yen < revenue_yen <= self.upper_yen

    def label(self, lang: str) -> str:
        """The band in words, e.g. 3億円超5億円以下."""
        upper = format_yen(self.upper_yen, lang, units=True)
        if self.index == 1:
            return word("band.first", lang, upper=upper)
        lower = format_yen(self.lower_yen, lang, units=True)
        return word("band.range", lang, lower=lower, upper=upper)

    def short_label(self, lang: str) -> str:
        """The brochure's row head, e.g. 5億円まで."""
        upper = format_yen(self.upper_yen, lang, units=True)
        return word("band.row_head", lang, upper=upper)

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            "lower_yen": self.lower_yen,
            "upper_yen": self.upper_yen,
            "label": {lang: self.label(lang) for lang in LANGS},
        }


@dataclass(frozen=True, kw_only=True)
class Industry:
    id: str
    label: Label


@dataclass(frozen=True, kw_only=True)
class Category:
    id: str
    letter: str
    label: Label
    description: Label
    industries: tuple[Industry, ...]
    note: Label | None = None
    extras: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Extra:
    """A cover or service set automatically (for everyone, or for one category)."""

    id: str
    applies_to: str
    label: Label
    description: Label


@dataclass(frozen=True, kw_only=True)
class SupportFunction:
    id: str
    label: Label
    items: tuple[Label, ...]


def tel_href(number: str) -> str:
    """`tel:` link for a Japanese number as printed.

    >>> tel_href("0120-727-110")
    'tel:0120727110'
    """
    digits = "".join(c for c in number if c.isdecimal())
    if not digits:
        raise ValueError(f"not a telephone number: {number!r}")
    return f"tel:{digits}"


@dataclass(frozen=True, kw_only=True)
class Contact:
    id: str
    name: Label
    role: Label
    tel: str
    hours: Label
    postcode: str | None = None
    address: Label | None = None
    fax: str | None = None
    web: str | None = None
    note: Label | None = None
    toll_free: bool = False
    weekday_hours: str | None = None  # "09:00-17:00": open on weekdays that are not holidays
    new_year_closed: str | None = None  # "12-31..01-03": closed over the New Year


@dataclass(frozen=True, kw_only=True)
class Period:
    start: datetime
    end: datetime
    application_deadline: date


@dataclass(frozen=True, kw_only=True)
class MidTerm:
    """Mid-term joins: cover from the ``start_day`` of a month, papers by ``deadline_day`` of the
    month ``deadline_months_before`` earlier."""

    start_day: int
    deadline_day: int
    deadline_months_before: int
    # (start, deadline): a month whose deadline the insurer moved off the rule (e.g. to the
    # weekday before a Saturday); `schedule.join_dates` uses it instead of the rule's.
    moved_deadlines: tuple[tuple[date, date], ...] = ()


@dataclass(frozen=True, kw_only=True)
class Terms:
    payment: Label
    premium_basis: Label
    territory: Label
    how_to_apply: Label
    deductible_yen: int


@dataclass(frozen=True, kw_only=True)
class Programme:
    name: Label
    policy_form: Label
    policyholder: Label
    insured: Label
    insurer: Label
    lead_agent: Label
    other_agents: Label
    agents_list_url: str


@dataclass(frozen=True, kw_only=True)
class Confirmed:
    """Changes from last year the checks would stop, confirmed against the insurer's sheet:
    premiums by code (AC8), limits by plan (C). Written in the file, so the diff shows them."""

    premiums: frozenset[str] = frozenset()
    limits: frozenset[str] = frozenset()


@dataclass(frozen=True, kw_only=True)
class Rates:
    """One policy year: everything that may change at a renewal."""

    path: str
    year: int
    status: str
    source: Label
    programme: Programme
    period: Period
    midterm: MidTerm
    terms: Terms
    revenue_cap_yen: int
    plans: tuple[Plan, ...]
    limit_notes: tuple[Label, ...]
    bands: tuple[Band, ...]
    categories: tuple[Category, ...]
    excluded: tuple[Industry, ...]
    extras: tuple[Extra, ...]
    support_functions: tuple[SupportFunction, ...]
    contacts: Mapping[str, Contact]
    # (category id, band index, plan code) -> annual premium in yen
    premiums: Mapping[tuple[str, int, str], int] = field(repr=False)
    confirmed: Confirmed = Confirmed()
    approval_number: str | None = None  # the insurer's approval of the printed pamphlet
    approval_date: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "contacts", MappingProxyType(dict(self.contacts)))
        object.__setattr__(self, "premiums", MappingProxyType(dict(self.premiums)))

    @property
    def is_draft(self) -> bool:
        return self.status != "final"

    def premium(self, category_id: str, band_index: int, plan_code: str) -> int:
        return self.premiums[(category_id, band_index, plan_code)]

    def code(self, category_id: str, band_index: int, plan_code: str) -> str:
        """The brochure's cell code: category letter, plan, band number (e.g. AB3)."""
        return f"{self.category(category_id).letter}{plan_code}{band_index}"

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def plan(self, code: str) -> Plan:
        for plan in self.plans:
            if plan.code == code:
                return plan
        raise KeyError(code)

    def industry(self, industry_id: str) -> tuple[Industry, Category | None]:
        """The industry and its category; the category is None for an excluded industry."""
        for category in self.categories:
            for industry in category.industries:
                if industry.id == industry_id:
                    return industry, category
        for industry in self.excluded:
            if industry.id == industry_id:
                return industry, None
        raise KeyError(industry_id)

    def band_for(self, revenue_yen: int) -> Band | None:
        """The band holding this revenue; None above the top band."""
        for band in self.bands:
            if band.contains(revenue_yen):
                return band
        return None

    def extras_for(self, category: Category | None) -> tuple[Extra, ...]:
        chosen = category.extras if category else ()
        return tuple(e for e in self.extras if e.applies_to == "all" or e.id in chosen)
