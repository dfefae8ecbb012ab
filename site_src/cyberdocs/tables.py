"""The premium tables, rendered once for every medium: site pages, PDF, CSV, paste-ready HTML.

A table is first built as plain data (``premium_grid``); the HTML, CSV and Markdown renderers
only lay that data out, so the site, the pamphlet files and the CLI cannot disagree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from cyberquote import schema
from cyberquote.model import Band, Category, Plan, Rates
from cyberquote.words import word
from cyberquote.yen import format_yen, signed_percent, signed_yen

if TYPE_CHECKING:
    import jinja2

BOM = "\ufeff"

# Inline styles for paste-ready fragments (word processors and DTP keep style="", not classes).
INLINE_STYLES = {
    "table": "border-collapse:collapse;font-size:10pt;margin:0 0 8pt 0;",
    "caption": "caption-side:top;text-align:left;font-weight:bold;padding:0 0 4pt 0;",
    "th": "border:1px solid #555;padding:3pt 6pt;background:#e8eef6;text-align:center;",
    "th_row": "border:1px solid #555;padding:3pt 6pt;background:#f4f6f9;text-align:left;white-space:nowrap;",
    "td": "border:1px solid #555;padding:3pt 6pt;text-align:right;white-space:nowrap;",
    "code": "color:#333;margin-right:6pt;",
    "premium": "font-weight:bold;",
    "limit": "font-weight:normal;font-size:9pt;",
    "note": "font-weight:normal;font-size:8pt;",
}


@dataclass(frozen=True)
class Cell:
    code: str
    premium_yen: int
    previous_yen: int | None = None


@dataclass(frozen=True)
class Row:
    band: Band
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Grid:
    """One category's table as the brochure prints it: rows = bands, columns = plans."""

    category: Category
    plans: tuple[Plan, ...]
    rows: tuple[Row, ...]


def premium_grid(rates: Rates, category_id: str, *, previous: Rates | None = None) -> Grid:
    category = rates.category(category_id)
    rows = []
    for band in rates.bands:
        cells = []
        for plan in rates.plans:
            key = (category_id, band.index, plan.code)
            before = previous.premiums.get(key) if previous else None
            cells.append(Cell(rates.code(*key), rates.premium(*key), before))
        rows.append(Row(band, tuple(cells)))
    return Grid(category, rates.plans, tuple(rows))


def category_title(category: Category, lang: str) -> str:
    label, description = category.label[lang], category.description[lang]
    return word("terms.category_title", lang, label=label, description=description)


def plan_limits(plan: Plan, lang: str) -> tuple[tuple[str, str], ...]:
    """The plan's limits as (label, amount), in the order `schema.PLAN_LIMITS` declares."""
    return tuple(
        (word(limit.words, lang), format_yen(plan.limits[limit.name], lang, units=True))
        for limit in schema.PLAN_LIMITS
    )


def plan_heading(plan: Plan, lang: str) -> tuple[str, ...]:
    """The column head: the plan's name, then each of its limits ("賠償責任 3,000万円")."""
    limits = (f"{label} {amount}" for label, amount in plan_limits(plan, lang))
    return (word("table.plan_name", lang, code=plan.code), *limits)


def _change(cell: Cell, lang: str) -> str:
    """Last year's figure and the change, in the words of the rates diff."""
    assert cell.previous_yen is not None
    diff = cell.premium_yen - cell.previous_yen
    if diff == 0:
        return word("table.unchanged", lang)
    before = format_yen(cell.previous_yen, lang)
    change = f"{signed_yen(diff, lang)}, {signed_percent(diff / cell.previous_yen * 100)}"
    return f"{word('table.previous', lang)} {before} ({change})"


@cache
def _templates() -> jinja2.Environment:
    """The tables' templates (``templates/*table*.html``), autoescaped like every page fragment;
    an unknown name fails instead of printing nothing. Jinja2 is imported here, when a table is
    first rendered: importing the export modules stays standard library (Pyodide, the CSV)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader(__package__, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def _render(name: str, *, inline_styles: bool, **context: object) -> str:
    template = _templates().get_template(name)
    return template.render(inline=inline_styles, styles=INLINE_STYLES, **context).strip()


def premium_table_html(
    rates: Rates,
    category_id: str,
    lang: str = "ja",
    *,
    previous: Rates | None = None,
    inline_styles: bool = False,
) -> str:
    """One category's premium table (``templates/premium_table.html``). With ``previous``, each
    cell also holds last year's figure in a ``cq-prev`` element (hidden unless the page's toggle
    shows it)."""
    grid = premium_grid(rates, category_id, previous=previous)
    note = grid.category.note
    plans = [
        {
            "code": plan.code,
            "name": word("table.plan_name", lang, code=plan.code),
            "limits": plan_limits(plan, lang),
        }
        for plan in grid.plans
    ]
    rows = [
        {
            "band": row.band.index,
            "label": row.band.short_label(lang),
            "cells": [
                {
                    "code": cell.code,
                    "plan": plan.code,
                    "premium_yen": cell.premium_yen,
                    "premium": format_yen(cell.premium_yen, lang),
                    "change": None if cell.previous_yen is None else _change(cell, lang),
                }
                for plan, cell in zip(grid.plans, row.cells, strict=True)
            ],
        }
        for row in grid.rows
    ]
    return _render(
        "premium_table.html",
        inline_styles=inline_styles,
        grid=grid,
        year=rates.year,
        title=category_title(grid.category, lang),
        note=note[lang] if note else None,
        revenue=word("table.revenue", lang),
        plans=plans,
        rows=rows,
    )


def premium_tables_html(
    rates: Rates,
    lang: str = "ja",
    *,
    previous: Rates | None = None,
    inline_styles: bool = False,
    region: str | None = None,
) -> str:
    """All the categories' tables, each in its own section (``templates/premium_tables.html``);
    with ``region`` (the site's words for it), each in a scrolling region named after its
    category."""
    tables = [
        (
            c.id.lower(),
            c.label[lang],
            premium_table_html(rates, c.id, lang, previous=previous, inline_styles=inline_styles),
        )
        for c in rates.categories
    ]
    return _render("premium_tables.html", inline_styles=inline_styles, tables=tables, region=region)


def limits_table_html(rates: Rates, lang: str = "ja", *, inline_styles: bool = False) -> str:
    """The plans' limits and the brochure's two notes on them (``templates/limits_table.html``)."""
    plans = [
        {
            "code": plan.code,
            "limits": [
                (yen, format_yen(yen, lang, units=True))
                for yen in (plan.limits[limit.name] for limit in schema.PLAN_LIMITS)
            ],
        }
        for plan in rates.plans
    ]
    return _render(
        "limits_table.html",
        inline_styles=inline_styles,
        caption=word("table.limits_caption", lang),
        heads=[
            word("terms.plan", lang),
            *(word(limit.words, lang) for limit in schema.PLAN_LIMITS),
        ],
        plans=plans,
        notes=[note[lang] for note in rates.limit_notes],
    )


# A text cell Excel would read as a formula (or, after a tab or CR, as a new cell) is
# neutralised with a leading apostrophe, as OWASP advises for CSV injection.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(cell: str | int) -> str | int:
    """A CSV cell that Excel shows as text, never runs: ``'=1+1`` for ``=1+1``.

    >>> excel_safe("=1+1"), excel_safe("@SUM(A1)"), excel_safe("AA1"), excel_safe(-3)
    ("'=1+1", "'@SUM(A1)", 'AA1', -3)
    """
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def _csv(rows: list[list[str | int]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(
        [[excel_safe(cell) for cell in row] for row in rows]
    )
    return BOM + buffer.getvalue()


def premiums_csv(rates: Rates, lang: str = "ja") -> str:
    """One row per cell, UTF-8 with a BOM so that Excel reads the Japanese correctly."""
    rows: list[list[str | int]] = [
        [
            word("table.year", lang),
            word("terms.category", lang),
            word("table.band_no", lang),
            word("terms.band", lang),
            word("table.lower", lang),
            word("table.upper", lang),
            word("terms.plan", lang),
            word("terms.code", lang),
            word("table.premium", lang),
        ]
    ]
    for category in rates.categories:
        for row in premium_grid(rates, category.id).rows:
            for plan, cell in zip(rates.plans, row.cells, strict=True):
                rows.append(
                    [
                        rates.year,
                        category.id,
                        row.band.index,
                        row.band.label(lang),
                        row.band.lower_yen,
                        row.band.upper_yen,
                        plan.code,
                        cell.code,
                        cell.premium_yen,
                    ]
                )
    return _csv(rows)


def premiums_grid_csv(rates: Rates, lang: str = "ja") -> str:
    """The tables as the brochure shows them: a block per category, a code and a premium column
    per plan, a blank line between blocks."""
    rows: list[list[str | int]] = []
    for category in rates.categories:
        if rows:
            rows.append([])
        rows.append([category_title(category, lang)])
        heads: list[str | int] = [word("table.revenue", lang)]
        for plan in rates.plans:
            name, *limits = plan_heading(plan, lang)
            joined = word("table.limits_joiner", lang).join(limits)
            heads += [word("table.grid_head", lang, plan=name, limits=joined), ""]
        rows.append(heads)
        for row in premium_grid(rates, category.id).rows:
            line: list[str | int] = [row.band.short_label(lang)]
            for cell in row.cells:
                line += [cell.code, cell.premium_yen]
            rows.append(line)
    return _csv(rows)


def premiums_markdown(rates: Rates, lang: str = "ja") -> str:
    """The tables as Markdown, for notes and e-mails."""
    out = []
    for category in rates.categories:
        grid = premium_grid(rates, category.id)
        out.append(f"### {category_title(category, lang)}\n")
        heads = [" ".join(plan_heading(p, lang)) for p in grid.plans]
        out.append(f"| {word('table.revenue', lang)} | " + " | ".join(heads) + " |")
        out.append("|---|" + "---:|" * len(heads))
        for row in grid.rows:
            cells = [f"{c.code} {format_yen(c.premium_yen, lang)}" for c in row.cells]
            out.append(f"| {row.band.short_label(lang)} | " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)
