"""The premium workbook staff fill in: `cyberquote rates sheet RATES.toml --out 保険料表-2025.xlsx`.

Laid out as the brochure prints the tables: a sheet per category, a row per revenue band, for
each plan its code and, in the cell right of it, the premium ("AA1 16,740円"); the plan limits
under each plan's name, and on a sheet of their own. Formatted for people: yen with separators,
column widths, frozen headers, a print area, A4 landscape. Each sheet carries the policy year
("年度" and the year right of it, under the table), so that last year's workbook is refused for
this year's draft. `sheet_import` reads it back (the same layout as the grid CSV of the exports:
a premium is the cell right of its code).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from cyberdocs.tables import category_title, plan_heading, premium_grid
from cyberquote import schema
from cyberquote.model import Rates
from cyberquote.words import Lang, word
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")
FIRST_ROW = 5  # the first band's row; rows 1-4 are the title, the hint and the two header rows
_THIN = Side(style="thin", color="555555")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD = PatternFill("solid", fgColor="E8EEF6")
_INPUT = PatternFill("solid", fgColor="FFFBE6")


@dataclass(frozen=True)
class Place:
    """Where a figure sits: sheet title and cell reference (C5)."""

    sheet: str
    ref: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.ref}"


def text_cell(cell: Cell, value: object) -> Cell:
    """Put `value` in `cell` as a value, never a formula: openpyxl takes a text starting with "="
    for one, and a label from the rates file must reach Excel as the text it is."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def sheet_name(rates: Rates, category_id: str, lang: Lang) -> str:
    """業種区分Ⅰ / Category I: the category's own label, as Excel allows a sheet name (31
    characters, none of []:*?/\\), made unique by the category id when two labels collide."""
    names = [_SHEET_UNSAFE.sub("・", c.label[lang])[:31] for c in rates.categories]
    index = [c.id for c in rates.categories].index(category_id)
    if names.count(names[index]) > 1:
        return f"{names[index][: 30 - len(category_id)]} {category_id}"
    return names[index]


def premium_places(rates: Rates, lang: Lang) -> dict[str, Place]:
    """Where `workbook` puts each premium, by code."""
    places = {}
    for category in rates.categories:
        for b, _band in enumerate(rates.bands):
            for p, plan in enumerate(rates.plans):
                code = rates.code(category.id, b + 1, plan.code)
                ref = f"{get_column_letter(3 + 2 * p)}{FIRST_ROW + b}"
                places[code] = Place(sheet_name(rates, category.id, lang), ref)
    return places


def _category_sheet(book: Workbook, rates: Rates, category_id: str, lang: Lang, how_to: str):
    ws = book.create_sheet(sheet_name(rates, category_id, lang))
    status = word("sheet.status_draft" if rates.is_draft else "sheet.status_final", lang)
    text_cell(ws["A1"], word("sheet.title", lang, year=rates.year, status=status))
    ws["A1"].font = Font(bold=True, size=13)
    text_cell(ws["A2"], category_title(rates.category(category_id), lang))
    ws["A2"].font = Font(bold=True)
    ws["A3"] = word("table.revenue", lang)
    ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    yen = word("sheet.yen_format", lang)
    for p, plan in enumerate(rates.plans):
        column = 2 + 2 * p
        name, *limits = plan_heading(plan, lang)
        ws.cell(3, column, name)
        ws.cell(4, column, "\n".join(limits))
        for row in (3, 4):
            ws.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + 1)
    grid = premium_grid(rates, category_id)
    for b, row in enumerate(grid.rows):
        line = FIRST_ROW + b
        text_cell(ws.cell(line, 1), row.band.short_label(lang))
        for p, cell in enumerate(row.cells):
            ws.cell(line, 2 + 2 * p, cell.code).font = Font(color="333333")
            premium = ws.cell(line, 3 + 2 * p, cell.premium_yen)
            premium.number_format = yen
            premium.fill = _INPUT
            premium.font = Font(bold=True)
    last_row, last_column = FIRST_ROW + len(grid.rows) - 1, 1 + 2 * len(rates.plans)
    for line in ws.iter_rows(min_row=3, max_row=last_row, max_col=last_column):
        for cell in line:
            cell.border = _BOX
            if cell.row < FIRST_ROW:
                cell.fill = _HEAD
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[4].height = 32
    ws.column_dimensions["A"].width = 14
    for p in range(len(rates.plans)):
        ws.column_dimensions[get_column_letter(2 + 2 * p)].width = 7
        ws.column_dimensions[get_column_letter(3 + 2 * p)].width = 15
    ws.cell(last_row + 2, 1, how_to).font = Font(italic=True)
    year_cell(ws, last_row + 3, rates.year, lang)
    ws.freeze_panes = f"B{FIRST_ROW}"
    ws.print_area = f"A1:{get_column_letter(last_column)}{last_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = "3:4"


def year_cell(ws, row: int, year: int, lang: Lang) -> None:
    """ "年度 | 2025" in columns A and B of `row`: the year `sheet_import` checks."""
    ws.cell(row, 1, word("table.year", lang)).font = Font(color="333333")
    ws.cell(row, 2, year).font = Font(color="333333")


def limit_places(rates: Rates) -> dict[tuple[str, str], str]:
    """(plan code, limit name) -> cell reference on the limits sheet: a column per limit of
    `schema.PLAN_LIMITS` from B, a row per plan from 3."""
    return {
        (plan.code, limit.name): f"{get_column_letter(2 + k)}{3 + p}"
        for p, plan in enumerate(rates.plans)
        for k, limit in enumerate(schema.PLAN_LIMITS)
    }


def _limits_sheet(book: Workbook, rates: Rates, lang: Lang) -> None:
    ws = book.create_sheet(word("sheet.limits_sheet", lang))
    ws["A1"] = word("sheet.limits_title", lang, year=rates.year)
    ws["A1"].font = Font(bold=True, size=13)
    heads = ("terms.plan", *(limit.words for limit in schema.PLAN_LIMITS))
    for column, key in enumerate(heads, start=1):
        head = ws.cell(2, column, word(key, lang))
        head.fill, head.border, head.font = _HEAD, _BOX, Font(bold=True)
    yen = word("sheet.yen_format", lang)
    for p, plan in enumerate(rates.plans):
        ws.cell(3 + p, 1, plan.code).border = _BOX
        for column, limit in enumerate(schema.PLAN_LIMITS, start=2):
            cell = ws.cell(3 + p, column, plan.limits[limit.name])
            cell.number_format, cell.border, cell.fill = yen, _BOX, _INPUT
    ws.column_dimensions["A"].width = 10
    for column in range(2, len(heads) + 1):
        ws.column_dimensions[get_column_letter(column)].width = 20
    ws.freeze_panes = "A3"
    ws.print_area = f"A1:{get_column_letter(len(heads))}{2 + len(rates.plans)}"
    year_cell(ws, 4 + len(rates.plans), rates.year, lang)


def workbook(
    rates: Rates, lang: Lang = "ja", *, target: str = "rates/<year>.toml", how_to: str | None = None
) -> Workbook:
    """The premium workbook of `rates`, ready to save. Under each table: `how_to`, by default
    the command that reads it back into `target` (the renewal page's workbook says its own)."""
    book = Workbook()
    book.remove(book.active)
    how_to = how_to or word("sheet.how_to", lang, target=target)
    for category in rates.categories:
        _category_sheet(book, rates, category.id, lang, how_to)
    _limits_sheet(book, rates, lang)
    return book


def write_sheet(rates: Rates, out: Path, lang: Lang = "ja") -> Path:
    """Save the workbook of `rates` at `out` (an .xlsx file)."""
    target = f"rates/{rates.year}.toml"
    workbook(rates, lang, target=target).save(out)
    return out
