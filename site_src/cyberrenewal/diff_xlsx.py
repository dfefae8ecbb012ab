"""`rates diff OLD NEW --format xlsx --out FILE`: the insurer-approval view as a workbook.

One sheet per section of `diff_report.diff_sections` (the same rows as the text, Markdown and
HTML views), with a title row, bold headers, frozen panes and widths fit to the text. It is
printed for the approver: A4 landscape, every column scaled onto the page width (as many pages
down as the rows need), the header row repeated on each page, long texts wrapped.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .diff import RatesDiff
from .diff_report import diff_sections, display_width, title
from .sheet import text_cell

_HEAD = PatternFill("solid", fgColor="E8EEF6")
MAX_WIDTH = 40  # characters; a longer text wraps (a contact's address, a programme text)


def diff_workbook(d: RatesDiff, lang: str = "ja") -> Workbook:
    """The diff as a workbook: a sheet per section, its summary, then its table."""
    book = Workbook()
    book.remove(book.active)
    for section in diff_sections(d, lang):
        ws = book.create_sheet(section.title[:31].replace("/", "・"))
        text_cell(ws["A1"], title(d, lang))
        ws["A1"].font = Font(bold=True, size=13)
        text_cell(ws["A2"], section.summary)
        _page_setup(ws)
        if not section.rows:
            continue
        for column, head in enumerate(section.headers, start=1):
            cell = text_cell(ws.cell(3, column), head)
            cell.font, cell.fill = Font(bold=True), _HEAD
        for r, row in enumerate(section.rows, start=4):
            for column, text in enumerate(row, start=1):
                cell = text_cell(ws.cell(r, column), text)
                horizontal = "right" if section.numeric[column - 1] else "left"
                cell.alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=True)
        for column in range(1, len(section.headers) + 1):
            longest = max(
                display_width(str(ws.cell(r, column).value or "")) for r in range(3, ws.max_row + 1)
            )
            ws.column_dimensions[get_column_letter(column)].width = min(MAX_WIDTH, longest + 2)
        ws.freeze_panes = "A4"
        ws.print_title_rows = "3:3"
    return book


def _page_setup(ws) -> None:
    """A4 landscape, all columns on the page's width, as many pages down as needed."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
