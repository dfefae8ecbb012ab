"""The documents of the exports: the print document (HTML for the PDF) and the paste-ready
HTML fragments. Markup lives in ``templates/``; the tables come from ``cyberdocs.tables``."""

from __future__ import annotations

import html
import string
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from cyberquote.dates import format_period
from cyberquote.words import word
from cyberquote.yen import format_yen

from .tables import limits_table_html, premium_table_html, premium_tables_html

if TYPE_CHECKING:
    from cyberquote.model import Rates

FRAGMENT_DRAFT_STYLE = (
    "margin:0 0 6pt 0;padding:4pt;border:1.5pt solid #000000;font-weight:bold;"
    "text-align:center;color:#000000;"
)
FRAGMENT_NOTE_STYLE = "margin:4pt 0 0 0;font-size:8pt;line-height:1.4;color:#000000;"


@cache
def _template(name: str) -> str:
    return resources.files(__package__).joinpath("templates", name).read_text(encoding="utf-8")


def print_css() -> str:
    """The print stylesheet of the PDF."""
    return _template("export_print.css")


def period_text(rates: Rates, lang: str) -> str:
    return format_period(rates.period.start, rates.period.end, lang)


def basis_text(rates: Rates, lang: str) -> str:
    """The line under the brochure's tables: (保険期間1年、一括払) ※自己負担額はありません。"""
    if rates.terms.deductible_yen == 0:
        deductible = word("export.no_deductible", lang)
    else:
        amount = format_yen(rates.terms.deductible_yen, lang)
        deductible = word("export.deductible", lang, amount=amount)
    return word("export.basis", lang, basis=rates.terms.premium_basis[lang], deductible=deductible)


def source_text(rates: Rates, lang: str) -> str:
    """The foot line: the policy year and the brochure the figures come from (members read it:
    no file name, no staff status; a draft says so in its own banner)."""
    return word("export.source", lang, year=rates.year, source=rates.source[lang])


def notes_texts(rates: Rates, lang: str) -> list[str]:
    """The brochure's two notes on limits, numbered as it prints them."""
    return [
        word("export.note", lang, n=n, text=note[lang])
        for n, note in enumerate(rates.limit_notes, start=1)
    ]


def print_html(rates: Rates, lang: str) -> str:
    """The whole print document: heading, facts, plan limits and notes, the four tables."""
    e = html.escape
    banner = word("export.draft_banner", lang)
    draft = f'<p class="cq-draft">{e(banner)}</p>' if rates.is_draft else ""
    return string.Template(_template("export_print.html")).substitute(
        lang=lang,
        title=e(word("export.title", lang, year=rates.year)),
        author=e(rates.programme.policyholder[lang]),
        description=e(word("export.description", lang, year=rates.year)),
        draft=draft,
        programme=e(rates.programme.name[lang]),
        period_label=e(word("terms.period", lang)),
        period=e(period_text(rates, lang)),
        policyholder_label=e(word("export.policyholder", lang)),
        policyholder=e(rates.programme.policyholder[lang]),
        insurer_label=e(word("export.insurer", lang)),
        insurer=e(rates.programme.insurer[lang]),
        limits=limits_table_html(rates, lang),
        tables=premium_tables_html(rates, lang),
        basis=e(basis_text(rates, lang)),
        source=e(source_text(rates, lang)),
    )


def fragment_html(rates: Rates, category_id: str, lang: str) -> str:
    """One category's table as a standalone HTML file to paste into a word processor or DTP
    tool: inline styles only, no script, no reference to any other file or host."""
    e = html.escape
    category = rates.category(category_id)
    banner = word("export.draft_banner", lang)
    draft = f'<p style="{FRAGMENT_DRAFT_STYLE}">{e(banner)}</p>' if rates.is_draft else ""
    notes = "\n".join(
        f'<p style="{FRAGMENT_NOTE_STYLE}">{e(note)}</p>' for note in notes_texts(rates, lang)
    )
    return string.Template(_template("export_fragment.html")).substitute(
        lang=lang,
        title=e(
            word("export.fragment_title", lang, year=rates.year, category=category.label[lang])
        ),
        draft=draft,
        table=premium_table_html(rates, category_id, lang, inline_styles=True),
        notes=notes,
        basis=e(basis_text(rates, lang)),
        period=e(word("export.period_line", lang, period=period_text(rates, lang))),
        source=e(source_text(rates, lang)),
    )
