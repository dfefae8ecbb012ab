"""Checks of the export files against the rates they were made from (pure functions).

Each check returns a list of problems (empty when the file is right); ``export_all`` refuses to
write anything while one is found, and the tests run the same checks on the written files.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from cyberquote.yen import format_yen

from .tables import BOM, excel_safe

if TYPE_CHECKING:
    from cyberquote.model import Rates

# Tags that run code, pull in other files or hide styles away from the elements.
FORBIDDEN_TAGS = frozenset(
    {
        "script",
        "link",
        "style",
        "iframe",
        "frame",
        "object",
        "embed",
        "img",
        "base",
        "form",
        "svg",
        "video",
        "audio",
        "source",
    }
)
REFERENCE_ATTRS = frozenset({"src", "href", "srcset", "action", "formaction", "poster", "data"})
FORBIDDEN_IN_STYLE = re.compile(r"url\s*\(|@import|expression\s*\(", re.IGNORECASE)
EXTERNAL = re.compile(r"(?:https?:)?//|javascript:", re.IGNORECASE)


# Fonts that hold every glyph of the documents (Debian: fonts-ipaexfont-gothic, fonts-ipafont-gothic).
JAPANESE_FONTS = ("IPAexGothic", "IPAGothic", "IPAPGothic")


@dataclass(frozen=True)
class FontUse:
    """A font embedded in the PDF and the characters it had no glyph for (shown as boxes)."""

    family: str
    missing: str = ""


def fonts_used(document: Any) -> tuple[FontUse, ...]:
    """The fonts a laid-out WeasyPrint document embeds, each with the characters it lacked."""
    return tuple(
        FontUse(str(font.family), "".join(sorted(map(chr, font.missing))))
        for font in document.fonts.values()
    )


def check_pdf(pages: int, fonts: tuple[FontUse, ...], *, max_pages: int = 2) -> list[str]:
    """The PDF: 1 to max_pages pages, text set in a Japanese font, no character without a glyph."""
    problems = []
    if not 1 <= pages <= max_pages:
        problems.append(f"{pages} pages; the tables must fit on 1 to {max_pages}")
    return problems + check_fonts(fonts)


def check_fonts(fonts: tuple[FontUse, ...]) -> list[str]:
    """Text set in a Japanese font, and no character without a glyph."""
    problems = []
    if not any(font.family in JAPANESE_FONTS for font in fonts):
        used = ", ".join(sorted({font.family for font in fonts})) or "none"
        problems.append(
            f"no Japanese font embedded (used: {used}); install {JAPANESE_FONTS[0]} "
            "(Debian fonts-ipaexfont-gothic, `make system-deps`)"
        )
    for font in fonts:
        if font.missing:
            problems.append(f"font {font.family} has no glyph for {font.missing!r}")
    return problems


def expected_cells(rates: Rates, category_id: str | None = None) -> dict[str, int]:
    """code -> premium for every cell of the rates (or of one category), in table order."""
    return {
        rates.code(category.id, band.index, plan.code): rates.premium(
            category.id, band.index, plan.code
        )
        for category in rates.categories
        if category_id in (None, category.id)
        for band in rates.bands
        for plan in rates.plans
    }


def _rows(text: str) -> list[list[str]]:
    return [row for row in csv.reader(io.StringIO(text.removeprefix(BOM))) if any(row)]


def check_csv(rates: Rates, text: str) -> list[str]:
    """The long CSV: BOM, a header, then exactly one row per cell holding its category, band
    bounds, plan, code and premium (as plain digits)."""
    problems = [] if text.startswith(BOM) else ["premiums CSV: no UTF-8 BOM at the start"]
    rows = _rows(text)
    body = rows[1:]
    expected = len(rates.categories) * len(rates.bands) * len(rates.plans)
    if len(body) != expected:
        problems.append(f"premiums CSV: {len(body)} data rows, expected {expected}")
    codes = expected_cells(rates).keys()
    by_code = {cell: row for row in body for cell in row if cell in codes}
    for category in rates.categories:
        for band in rates.bands:
            for plan in rates.plans:
                code = rates.code(category.id, band.index, plan.code)
                row = by_code.get(code)
                if row is None:
                    problems.append(f"premiums CSV: no row for {code}")
                    continue
                want = {
                    category.id,
                    plan.code,
                    str(band.lower_yen),
                    str(band.upper_yen),
                    str(rates.premium(category.id, band.index, plan.code)),
                }
                missing = sorted(want - set(row))
                if missing:
                    problems.append(f"premiums CSV: row {code} lacks {', '.join(missing)}")
    return problems


def _premium_forms(amount: int, lang: str) -> set[str]:
    return {str(amount), format_yen(amount, lang), f"{amount:,}"}


def check_grid_csv(rates: Rates, lang: str, text: str) -> list[str]:
    """The grid CSV: BOM; for each category, in order, one row per band, in order, that starts
    with the band's row head and holds each plan's code followed by its premium, A then B then C,
    as the brochure prints them."""
    problems = [] if text.startswith(BOM) else ["grid CSV: no UTF-8 BOM at the start"]
    rows = _rows(text)
    position = 0
    for category in rates.categories:
        for band in rates.bands:
            head = str(excel_safe(band.short_label(lang)))
            codes = [rates.code(category.id, band.index, plan.code) for plan in rates.plans]
            found = next((i for i in range(position, len(rows)) if codes[0] in rows[i]), None)
            if found is None:
                problems.append(f"grid CSV: no row for {codes[0]} after row {position + 1}")
                continue
            row = rows[found]
            position = found + 1
            if not row or row[0].strip() != head:
                problems.append(f"grid CSV: row {found + 1} should start with {head!r}")
            last = 0
            for plan, code in zip(rates.plans, codes, strict=True):
                premium = rates.premium(category.id, band.index, plan.code)
                if code not in row[last:]:
                    problems.append(f"grid CSV: row {found + 1}: {code} missing or out of order")
                    continue
                at = row.index(code, last)
                forms = _premium_forms(premium, lang)
                if at + 1 >= len(row) or row[at + 1].strip() not in forms:
                    problems.append(
                        f"grid CSV: row {found + 1}: {code} is not followed by {premium}"
                    )
                last = at + 1
    return problems


class _FragmentScan(HTMLParser):
    """Collects what a paste-ready fragment must not hold, and its cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.cells: dict[str, str] = {}
        self.cell_text: dict[str, str] = {}
        self._in_cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"holds a <{tag}> element")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag}> has an event handler {name}")
            elif name in REFERENCE_ATTRS:
                self.problems.append(f"<{tag}> refers to {value!r} ({name})")
            elif name == "style" and FORBIDDEN_IN_STYLE.search(value):
                self.problems.append(f"<{tag}> style refers elsewhere: {value!r}")
            elif EXTERNAL.search(value):
                self.problems.append(f"<{tag}> {name} holds an address: {value!r}")
        attributes = dict(attrs)
        if tag == "td" and attributes.get("data-code"):
            code = attributes["data-code"] or ""
            self.cells[code] = attributes.get("data-premium") or ""
            self.cell_text[code] = ""
            self._in_cell = code

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in_cell = None

    def handle_data(self, data: str) -> None:
        if self._in_cell is not None:
            self.cell_text[self._in_cell] += data


def check_fragment(rates: Rates, category_id: str, lang: str, text: str) -> list[str]:
    """A paste-ready fragment: no script, no stylesheet, no reference to another file or host,
    and exactly the category's cells, each showing its code and premium."""
    scan = _FragmentScan()
    scan.feed(text)
    scan.close()
    problems = list(scan.problems)
    if "<style" in text.lower() or "@import" in text.lower():
        problems.append("holds a style sheet; only inline styles are allowed")
    expected = expected_cells(rates, category_id)
    if set(scan.cells) != set(expected):
        extra = sorted(set(scan.cells) - set(expected))
        missing = sorted(set(expected) - set(scan.cells))
        problems.append(f"cells differ from the rates: missing {missing}, extra {extra}")
    for code, premium in expected.items():
        if code not in scan.cells:
            continue
        if scan.cells[code] != str(premium):
            problems.append(f"{code}: data-premium {scan.cells[code]!r}, rates say {premium}")
        shown = " ".join(scan.cell_text[code].split())
        if code not in shown or format_yen(premium, lang) not in shown:
            problems.append(f"{code}: shows {shown!r}, expected the code and {premium}")
    return problems


# The pamphlet: A4 portrait, 8 to 24 pages (cover, contents, the site's chapters).
A4_MM = (210.0, 297.0)
PAMPHLET_PAGES = (8, 24)


@dataclass(frozen=True)
class PamphletPage:
    """A printed page as the checks read it: its size, its text (from the layout, or read back
    from the PDF with pdftotext), whether anything is drawn on it, what lies outside its margins."""

    width_mm: float
    height_mm: float
    text: str
    drawn: bool = True
    outside: tuple[str, ...] = ()


def _squeezed(text: str) -> str:
    """Text without any white space: a line break inside a figure does not hide it."""
    return "".join(text.split())


def pamphlet_facts(rates: Rates, lang: str) -> dict[str, str]:
    """What the pamphlet must print, as it prints it, by what it is: every code beside its
    premium, every contact's numbers, every date (the period, the deadline, each join date)."""
    from cyberquote.dates import format_date, format_period
    from cyberquote.schedule import join_dates

    facts = {
        f"premium {code}": f"{code}{format_yen(premium, lang)}"
        for code, premium in expected_cells(rates).items()
    }
    for contact in rates.contacts.values():
        facts[f"{contact.id} tel"] = contact.tel
        if contact.fax:
            facts[f"{contact.id} fax"] = contact.fax
    period = rates.period
    facts["period"] = format_period(period.start, period.end, lang)
    facts["application deadline"] = format_date(period.application_deadline, lang)
    for join in join_dates(rates):
        facts[f"join {join.start}"] = format_date(join.start, lang)
        facts[f"join deadline {join.deadline}"] = format_date(join.deadline, lang)
    return facts


def check_pamphlet(
    rates: Rates, lang: str, pages: list[PamphletPage], fonts: tuple[FontUse, ...] = ()
) -> list[str]:
    """The pamphlet against its rates: A4 portrait pages, 8 to 24 of them, none blank, nothing
    outside the margins; every premium beside its code, every contact number, every date; and
    (when given, i.e. from the layout) the fonts: Japanese, with a glyph for every character."""
    problems = []
    low, high = PAMPHLET_PAGES
    if not low <= len(pages) <= high:
        problems.append(f"{len(pages)} pages; a pamphlet has {low} to {high}")
    for number, page in enumerate(pages, start=1):
        if abs(page.width_mm - A4_MM[0]) > 1 or abs(page.height_mm - A4_MM[1]) > 1:
            problems.append(
                f"page {number} is {page.width_mm:.0f} × {page.height_mm:.0f} mm, not A4 portrait"
            )
        if not page.drawn or not page.text.strip():
            problems.append(f"page {number} is blank")
        for what in page.outside:
            problems.append(f"page {number}: {what!r} lies outside the margins")
    text = _squeezed(" ".join(page.text for page in pages))
    for what, shown in pamphlet_facts(rates, lang).items():
        if _squeezed(shown) not in text:
            problems.append(f"{what}: {shown!r} is not printed")
    if fonts:
        problems += check_fonts(fonts)
    return problems
