"""The documents of the exports: the print document (HTML for the PDF) and the paste-ready
HTML fragments. Markup lives in ``templates/``; the tables come from ``cyberstaff.tables``."""

from __future__ import annotations

import html
import string
from functools import cache
from importlib import resources
from pathlib import PurePath
from typing import TYPE_CHECKING

from cyberquote.dates import format_period
from cyberquote.yen import format_yen

from .tables import limits_table_html, premium_table_html, premium_tables_html

if TYPE_CHECKING:
    from cyberquote.model import Rates

TEXT: dict[str, dict[str, str]] = {
    "ja": {
        "title": "サイバー保険 保険料表（{year}年度）",
        "fragment_title": "サイバー保険 保険料表（{year}年度）{category}",
        "description": "{year}年度の業種区分別・売上高別・プラン別の年間保険料とプランの保険金額",
        "period": "保険期間",
        "policyholder": "保険契約者",
        "insurer": "引受保険会社",
        "no_deductible": "自己負担額はありません。",
        "deductible": "自己負担額：{amount}",
        "source": "{year}年度 料率ファイル {path}（{status}）／出典：{source}",
        "final": "確定",
        "draft": "下書き",
        "draft_banner": "下書き：保険会社の料率表と照合前です。印刷・配布しないでください。",
        "period_line": "保険期間：{period}",
        "note": "(注{n}){text}",
    },
    "en": {
        "title": "Cyber insurance premium tables, policy year {year}",
        "fragment_title": "Cyber insurance premium table, policy year {year}: {category}",
        "description": "Annual premiums for policy year {year} by category, revenue and plan, "
        "with the plan limits",
        "period": "Policy period",
        "policyholder": "Policyholder",
        "insurer": "Insurer",
        "no_deductible": "No deductible.",
        "deductible": "Deductible: {amount}",
        "source": "Policy year {year}, rates file {path} ({status}). Source: {source}",
        "final": "final",
        "draft": "draft",
        "draft_banner": "DRAFT: not yet checked against the insurer's sheet. "
        "Do not print or hand out.",
        "period_line": "Policy period: {period}",
        "note": "(Note {n}) {text}",
    },
}

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


def rates_file_name(rates: Rates) -> str:
    """The rates file as people know it (rates/2024.toml), not the machine's absolute path."""
    parts = PurePath(rates.path).parts
    return "/".join(parts[-2:]) if len(parts) >= 2 else rates.path


def period_text(rates: Rates, lang: str) -> str:
    return format_period(rates.period.start, rates.period.end, lang)


def basis_text(rates: Rates, lang: str) -> str:
    """The line under the brochure's tables: (保険期間1年、一括払) ※自己負担額はありません。"""
    t = TEXT[lang]
    if rates.terms.deductible_yen == 0:
        deductible = t["no_deductible"]
    else:
        deductible = t["deductible"].format(amount=format_yen(rates.terms.deductible_yen, lang))
    basis = rates.terms.premium_basis[lang]
    return f"({basis}) ※{deductible}" if lang == "ja" else f"({basis}) {deductible}"


def source_text(rates: Rates, lang: str) -> str:
    t = TEXT[lang]
    return t["source"].format(
        year=rates.year,
        path=rates_file_name(rates),
        status=t["draft"] if rates.is_draft else t["final"],
        source=rates.source[lang],
    )


def notes_texts(rates: Rates, lang: str) -> list[str]:
    """The brochure's two notes on limits, numbered as it prints them."""
    return [
        TEXT[lang]["note"].format(n=n, text=note[lang])
        for n, note in enumerate(rates.limit_notes, start=1)
    ]


def print_html(rates: Rates, lang: str) -> str:
    """The whole print document: heading, facts, plan limits and notes, the four tables."""
    t = TEXT[lang]
    e = html.escape
    draft = f'<p class="cq-draft">{e(t["draft_banner"])}</p>' if rates.is_draft else ""
    return string.Template(_template("export_print.html")).substitute(
        lang=lang,
        title=e(t["title"].format(year=rates.year)),
        author=e(rates.programme.policyholder[lang]),
        description=e(t["description"].format(year=rates.year)),
        draft=draft,
        programme=e(rates.programme.name[lang]),
        period_label=e(t["period"]),
        period=e(period_text(rates, lang)),
        policyholder_label=e(t["policyholder"]),
        policyholder=e(rates.programme.policyholder[lang]),
        insurer_label=e(t["insurer"]),
        insurer=e(rates.programme.insurer[lang]),
        limits=limits_table_html(rates, lang),
        tables=premium_tables_html(rates, lang),
        basis=e(basis_text(rates, lang)),
        source=e(source_text(rates, lang)),
    )


def fragment_html(rates: Rates, category_id: str, lang: str) -> str:
    """One category's table as a standalone HTML file to paste into a word processor or DTP
    tool: inline styles only, no script, no reference to any other file or host."""
    t = TEXT[lang]
    e = html.escape
    category = rates.category(category_id)
    draft = (
        f'<p style="{FRAGMENT_DRAFT_STYLE}">{e(t["draft_banner"])}</p>' if rates.is_draft else ""
    )
    notes = "\n".join(
        f'<p style="{FRAGMENT_NOTE_STYLE}">{e(note)}</p>' for note in notes_texts(rates, lang)
    )
    return string.Template(_template("export_fragment.html")).substitute(
        lang=lang,
        title=e(t["fragment_title"].format(year=rates.year, category=category.label[lang])),
        draft=draft,
        table=premium_table_html(rates, category_id, lang, inline_styles=True),
        notes=notes,
        basis=e(basis_text(rates, lang)),
        period=e(t["period_line"].format(period=period_text(rates, lang))),
        source=e(source_text(rates, lang)),
    )
