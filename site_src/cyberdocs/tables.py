"""The premium tables, rendered once for every medium: site pages, PDF, CSV, paste-ready HTML.

A table is first built as plain data (``premium_grid``); the HTML, CSV and Markdown renderers
only lay that data out, so the site, the pamphlet files and the CLI cannot disagree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from html import escape

from cyberquote.model import Band, Category, Plan, Rates
from cyberquote.words import word
from cyberquote.yen import format_yen, signed_percent, signed_yen

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


def plan_limits(plan: Plan, lang: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """The plan's two limits as (label, amount): liability, then response costs."""
    return (
        (word("terms.liability", lang), format_yen(plan.liability_limit_yen, lang, units=True)),
        (
            word("terms.response_costs", lang),
            format_yen(plan.response_cost_limit_yen, lang, units=True),
        ),
    )


def plan_heading(plan: Plan, lang: str) -> tuple[str, str, str]:
    """The column head: the plan, its liability limit and its response-cost limit."""
    liability, response = (f"{label} {amount}" for label, amount in plan_limits(plan, lang))
    return (word("table.plan_name", lang, code=plan.code), liability, response)


def _change(cell: Cell, lang: str) -> str:
    """Last year's figure and the change, in the words of the rates diff."""
    assert cell.previous_yen is not None
    diff = cell.premium_yen - cell.previous_yen
    if diff == 0:
        return word("table.unchanged", lang)
    before = format_yen(cell.previous_yen, lang)
    change = f"{signed_yen(diff, lang)}, {signed_percent(diff / cell.previous_yen * 100)}"
    return f"{word('table.previous', lang)} {before} ({change})"


class _Html:
    """Builds markup with either classes (site, PDF) or inline styles (paste-ready fragments)."""

    def __init__(self, inline: bool) -> None:
        self.inline = inline
        # Word processors drop display:block on a span: inline markup breaks lines with <br>.
        self.line_break = "<br>" if inline else ""

    def attrs(self, role: str, cls: str | None = None, **extra: str) -> str:
        parts = []
        if cls:
            parts.append(f'class="{cls}"')
        if self.inline and role in INLINE_STYLES:
            parts.append(f'style="{INLINE_STYLES[role]}"')
        parts += [f'{k.replace("_", "-")}="{escape(str(v))}"' for k, v in extra.items()]
        return (" " + " ".join(parts)) if parts else ""

    def labelled_amount(self, label: str, amount: str) -> str:
        """'賠償責任 3,000万円': with classes, the amount in a ``cq-amount`` span that the site
        keeps on one line ("¥30 million" never splits on a phone); inline, the plain text."""
        if self.inline:
            return escape(f"{label} {amount}")
        return f'{escape(label)} <span class="cq-amount">{escape(amount)}</span>'


def premium_table_html(
    rates: Rates,
    category_id: str,
    lang: str = "ja",
    *,
    previous: Rates | None = None,
    inline_styles: bool = False,
) -> str:
    """One category's premium table. With ``previous``, each cell also holds last year's figure
    in a ``cq-prev`` element (hidden unless the page's toggle shows it)."""
    grid = premium_grid(rates, category_id, previous=previous)
    h = _Html(inline_styles)
    out = [
        f"<table{h.attrs('table', 'cq-premiums', data_category=category_id, data_year=str(rates.year))}>"
    ]
    note = grid.category.note
    caption = escape(category_title(grid.category, lang))
    if note:
        caption += f"{h.line_break}<span{h.attrs('note', 'cq-note')}>{escape(note[lang])}</span>"
    out.append(f"<caption{h.attrs('caption')}>{caption}</caption>")
    out.append("<thead><tr>")
    out.append(f"<th{h.attrs('th', None, scope='col')}>{escape(word('table.revenue', lang))}</th>")
    for plan in grid.plans:
        name = word("table.plan_name", lang, code=plan.code)
        limits = "".join(
            f"{h.line_break}<span{h.attrs('limit', 'cq-limit')}>{h.labelled_amount(*limit)}</span>"
            for limit in plan_limits(plan, lang)
        )
        out.append(
            f"<th{h.attrs('th', None, scope='col', data_plan=plan.code)}>{escape(name)}{limits}</th>"
        )
    out.append("</tr></thead><tbody>")
    for row in grid.rows:
        out.append(f"<tr{h.attrs('', None, data_band=str(row.band.index))}>")
        out.append(
            f"<th{h.attrs('th_row', None, scope='row')}>{escape(row.band.short_label(lang))}</th>"
        )
        for plan, cell in zip(grid.plans, row.cells, strict=True):
            prev = ""
            if cell.previous_yen is not None:
                prev = f"<span{h.attrs('', 'cq-prev')}>{escape(_change(cell, lang))}</span>"
            out.append(
                f"<td{h.attrs('td', None, data_code=cell.code, data_plan=plan.code, data_premium=str(cell.premium_yen))}>"
                f"<span{h.attrs('code', 'cq-code')}>{cell.code}</span> "
                f"<span{h.attrs('premium', 'cq-premium')}>{escape(format_yen(cell.premium_yen, lang))}</span>"
                f"{prev}</td>"
            )
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def premium_tables_html(
    rates: Rates, lang: str = "ja", *, previous: Rates | None = None, inline_styles: bool = False
) -> str:
    """All the categories' tables, each in its own section."""
    return "\n".join(
        f'<section class="cq-table-wrap" id="category-{c.id.lower()}">'
        f"{premium_table_html(rates, c.id, lang, previous=previous, inline_styles=inline_styles)}"
        "</section>"
        for c in rates.categories
    )


def limits_table_html(rates: Rates, lang: str = "ja", *, inline_styles: bool = False) -> str:
    """The plans' limits and the brochure's two notes on them."""
    h = _Html(inline_styles)
    out = [f"<table{h.attrs('table', 'cq-limits')}>"]
    out.append(
        f"<caption{h.attrs('caption')}>{escape(word('table.limits_caption', lang))}</caption>"
    )
    out.append(
        f"<thead><tr><th{h.attrs('th', None, scope='col')}>{escape(word('terms.plan', lang))}</th>"
    )
    out.append(
        f"<th{h.attrs('th', None, scope='col')}>{escape(word('terms.liability', lang))}</th>"
    )
    out.append(
        f"<th{h.attrs('th', None, scope='col')}>{escape(word('terms.response_costs', lang))}</th></tr></thead><tbody>"
    )
    for plan in rates.plans:
        out.append(
            f"<tr{h.attrs('', None, data_plan=plan.code)}><th{h.attrs('th_row', None, scope='row')}>{plan.code}</th>"
            f"<td{h.attrs('td', None, data_yen=str(plan.liability_limit_yen))}>"
            f"{escape(format_yen(plan.liability_limit_yen, lang, units=True))}</td>"
            f"<td{h.attrs('td', None, data_yen=str(plan.response_cost_limit_yen))}>"
            f"{escape(format_yen(plan.response_cost_limit_yen, lang, units=True))}</td></tr>"
        )
    out.append("</tbody></table>")
    out.append(f"<ol{h.attrs('', 'cq-limit-notes')}>")
    out += [f"<li>{escape(note[lang])}</li>" for note in rates.limit_notes]
    out.append("</ol>")
    return "".join(out)


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
            name, liability, response = plan_heading(plan, lang)
            heads += [
                word("table.grid_head", lang, plan=name, liability=liability, response=response),
                "",
            ]
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
