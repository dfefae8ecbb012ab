"""Pure functions: turn the rates into the plain values the site's templates show."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from cyberquote import Rates, format_date, format_yen
from cyberquote.model import tel_href  # one rule for tel: links, shared with the quote
from cyberquote.schedule import join_dates
from cyberquote.words import word
from cyberrenewal.checks import closed_days


@dataclass(frozen=True)
class JoinRow:
    start: str
    deadline: str
    start_iso: str
    deadline_iso: str
    start_dated: str = ""  # with the day of the week: 2024年6月1日（土） / Sat 1 June 2024
    deadline_dated: str = ""
    closed: bool = False  # the deadline falls on a day the lead agent is closed


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


def join_rows(
    rates: Rates, lang: str, closed_on: Callable[[date], bool] = lambda day: False
) -> list[JoinRow]:
    """The start dates of the period with their paper deadlines, formatted for `lang`, each
    deadline marked if `closed_on` it the lead agent takes no papers."""
    return [
        JoinRow(
            start=format_date(j.start, lang),
            deadline=format_date(j.deadline, lang),
            start_iso=j.start.isoformat(),
            deadline_iso=j.deadline.isoformat(),
            start_dated=format_date(j.start, lang, weekday=True),
            deadline_dated=format_date(j.deadline, lang, weekday=True),
            closed=closed_on(j.deadline),
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


# The language whose pages are at the site's root (mkdocs.yml: i18n's default_language); the
# others' pages are under a folder named for the language (docs_structure: folder).
DEFAULT_LANG = "ja"


def lang_root(lang: str) -> str:
    """Where a language's pages are, from the site's root: the one rule for every link to a page
    of a language (the header, footer, card and intake links, the language switch, the widget).

    >>> lang_root("ja"), lang_root("en")
    ('', 'en/')
    """
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def relative_root(page_url: str) -> str:
    """The relative path from a page (its URL as MkDocs gives it, "en/quote/") to the site root."""
    return "../" * page_url.count("/")


def in_lang(page_url: str, lang: str) -> str:
    """The page's URL inside its language's pages ("en/quote/" -> "quote/")."""
    root = lang_root(lang)
    return page_url[len(root) :] if root and page_url.startswith(root) else page_url


def lang_root_prefix(page_url: str, lang: str) -> str:
    """Relative path from a page to its language's root ("premiums/" -> "../", "" -> "").

    >>> lang_root_prefix("en/premiums/", "en"), lang_root_prefix("premiums/", "ja")
    ('../', '../')
    """
    return relative_root(in_lang(page_url, lang))


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


_HOURS = re.compile(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)")


@dataclass(frozen=True)
class OpeningHours:
    """When a contact answers, as the site's "open now" reads it: weekdays that are not public
    holidays nor New Year closing days, from ``opens`` to ``closes`` ("09:00", "17:00")."""

    opens: str
    closes: str
    closed_days: tuple[str, ...]  # "12-31", "01-01", ...: month-day, every year


def opening_hours(weekday_hours: str, new_year_closed: str | None) -> OpeningHours | None:
    """The rates' ``weekday_hours`` ("09:00-17:00") and ``new_year_closed`` ("12-31..01-03");
    None if either is not written that way (the caller says so).

    >>> opening_hours("09:00-17:00", "12-31..01-03")
    OpeningHours(opens='09:00', closes='17:00', closed_days=('12-31', '01-01', '01-02', '01-03'))
    >>> opening_hours("9-17", None) is None, opening_hours("17:00-09:00", None) is None
    (True, True)
    """
    hours = _HOURS.fullmatch(weekday_hours.strip())
    if not hours or hours[1] + hours[2] >= hours[3] + hours[4]:
        return None
    days = closed_days(new_year_closed)
    if days is None:
        return None
    return OpeningHours(f"{hours[1]}:{hours[2]}", f"{hours[3]}:{hours[4]}", days)
