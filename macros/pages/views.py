"""Pure functions: turn the rates into the plain values the site's templates show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cyberquote import Rates, format_date, format_yen
from cyberquote.model import tel_href  # one rule for tel: links, shared with the quote
from cyberquote.schedule import join_dates
from cyberquote.words import word


@dataclass(frozen=True)
class JoinRow:
    start: str
    deadline: str
    start_iso: str
    deadline_iso: str


@dataclass(frozen=True)
class ContactView:
    id: str
    name: str
    role: str
    postcode: str | None
    address: str | None
    postal_address: str | None
    tel: str | None
    tel_href: str | None
    fax: str | None
    web: str | None
    hours: str | None
    note: str | None
    toll_free: bool


@dataclass(frozen=True)
class CategoryView:
    id: str
    letter: str
    label: str
    description: str
    note: str | None
    industries: tuple[str, ...]


def text(label: Any, lang: str) -> str | None:
    """A Label (or None) in one language."""
    return None if label is None else label[lang]


def join_rows(rates: Rates, lang: str) -> list[JoinRow]:
    """The start dates of the period with their paper deadlines, formatted for `lang`."""
    return [
        JoinRow(
            start=format_date(j.start, lang),
            deadline=format_date(j.deadline, lang),
            start_iso=j.start.isoformat(),
            deadline_iso=j.deadline.isoformat(),
        )
        for j in join_dates(rates)
    ]


def contact_view(contact: Any, lang: str) -> ContactView:
    return ContactView(
        id=contact.id,
        name=contact.name[lang],
        role=contact.role[lang],
        postcode=contact.postcode,
        address=text(contact.address, lang),
        postal_address=postal_address(contact, lang),
        tel=contact.tel,
        tel_href=tel_href(contact.tel) if contact.tel else None,
        fax=contact.fax,
        web=contact.web,
        hours=text(contact.hours, lang),
        note=text(contact.note, lang),
        toll_free=bool(contact.toll_free),
    )


def postal_address(contact: Any, lang: str) -> str | None:
    """'〒103-0023 東京都…' / '…, Tokyo 103-0023'; the address alone when there is no postcode."""
    address = text(contact.address, lang)
    if address is None or not contact.postcode:
        return address
    return word("site.postal_address", lang, postcode=contact.postcode, address=address)


def category_views(rates: Rates, lang: str) -> list[CategoryView]:
    return [
        CategoryView(
            id=c.id,
            letter=c.letter,
            label=c.label[lang],
            description=c.description[lang],
            note=text(c.note, lang),
            industries=tuple(i.label[lang] for i in c.industries),
        )
        for c in rates.categories
    ]


def in_running_text(item: str, lang: str) -> str:
    """A list label as a word inside an English sentence ("Finance" -> "finance"; "IT" stays)."""
    if lang == "en" and len(item) > 1 and item[0].isupper() and not item[1].isupper():
        return item[0].lower() + item[1:]
    return item


def joined(items: list[str] | tuple[str, ...], lang: str) -> str:
    """A list in running text: "金融、鉄道・航空" / "finance, railways and airlines"."""
    if lang == "ja":
        return "、".join(items)
    items = [in_running_text(item, lang) for item in items]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def edition(rates: Rates, lang: str) -> str:
    """'2024年度版' / 'Policy year 2024'."""
    return word("site.edition", lang, year=rates.year)


def yen(amount: int, lang: str, *, units: bool = False) -> str:
    return format_yen(amount, lang, units=units)


def lang_root_prefix(page_url: str, lang: str, default_lang: str = "ja") -> str:
    """Relative path from a page to its language's root ("premiums/" -> "../", "" -> "")."""
    path = page_url
    if lang != default_lang and path.startswith(f"{lang}/"):
        path = path[len(lang) + 1 :]
    return "../" * path.count("/")


def midterm_rule(rates: Rates, lang: str) -> str:
    """The mid-term join rule in a sentence, from [midterm]."""
    m = rates.midterm
    return word(
        "site.midterm_rule" if m.deadline_months_before == 1 else "site.midterm_rule_n",
        lang,
        start_day=m.start_day if lang == "ja" else ordinal(m.start_day),
        deadline_day=m.deadline_day if lang == "ja" else ordinal(m.deadline_day),
        months=m.deadline_months_before,
        agent=rates.programme.lead_agent[lang],
    )


def ordinal(n: int) -> str:
    """English ordinal: 1 -> '1st', 15 -> '15th', 22 -> '22nd'."""
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
