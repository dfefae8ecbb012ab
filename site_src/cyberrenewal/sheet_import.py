"""`cyberquote rates import BOOK.xlsx --into rates/2025.toml`: the workbook's figures into the draft.

Reads the workbook `sheet` writes (or the grid CSV the exports write: the same layout): a premium
is the cell right of its code (AA1), wherever the code stands, so a moved table or an added note
still reads. Excel numbers and text typed the ways people type (``17,240``, ``１７，２４０``,
``17240円``) are read by the same `cyberquote.yen.parse_yen` as the quote. The figures are then
written into the draft's *text* (comments and layout kept, as `renewal` does), the result is
loaded and checked like any rates file, and a problem is named by code and cell: ``AA1 (業種区分Ⅰ!C5)``.
Nothing is written while any problem remains.

Everything here works on bytes and text (`import_figures`), so that the renewal page runs the very
same code in the browser (`cyberrenewal.browser`); `import_book` is the command's file reading.

An import cannot hurt: it never writes into a final file; a workbook of another policy year (the
year cell `sheet` writes) is refused naming both years; a figure outside the table is named, not
dropped, and the limits are found by their plan codes whatever their sheet is called; a change
that stops against last year's file (`cyberquote.rates.year_problems`) is named by its cell. A
CSV is read as UTF-8 (with or without BOM) or Shift_JIS (Excel's "CSV (コンマ区切り)"); one holding
a single category is told that Excel saved only the active sheet; .xls, .ods and .numbers files
are told to be saved as .xlsx.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import Any

from cyberquote import schema
from cyberquote.errors import InputError, Problem, RatesError
from cyberquote.model import Rates
from cyberquote.rates import load_rates, parse_rates, previous_rates, year_problems
from cyberquote.words import LANGS, Lang, word
from cyberquote.yen import format_yen, parse_yen, signed_yen
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

_TABLE_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\s]+?)\s*\]\]?\s*(#.*)?$")
_ARRAY_START = re.compile(r"^\s*([A-Za-z0-9_]+)\s*=\s*\[")
_KEY_VALUE = re.compile(r"^(\s*)([A-Za-z0-9_]+)(\s*=\s*)(-?[0-9_]+)")
_PREMIUM_KEY = re.compile(r"^premiums\.\w+\[\d+\]\.\w+ \((\w+)\)$")
LIMIT_KEYS = {limit.name: limit.key for limit in schema.PLAN_LIMITS}  # workbook column order
OTHER_FORMATS = (".xls", ".ods", ".numbers", ".xlsb", ".et")  # saved as .xlsx first
CSV_ENCODINGS = ("utf-8-sig", "cp932")  # Excel's "CSV UTF-8" (BOM) or "CSV (コンマ区切り)"


@dataclass(frozen=True)
class Figure:
    value: int
    place: str  # 業種区分Ⅰ!C5 (a workbook) or C5 (a CSV)


@dataclass
class Book:
    """What a workbook holds: premiums by code, limits by (plan, kind), and the cells that could
    not be read."""

    name: str
    premiums: dict[str, Figure] = field(default_factory=dict)
    limits: dict[tuple[str, str], Figure] = field(default_factory=dict)
    years: list[Figure] = field(default_factory=list)  # the year cells (one per sheet)
    problems: list[Problem] = field(default_factory=list)


def _both(key: str, **fields: Any) -> tuple[str, str]:
    texts = {
        lang: word(
            key, lang, **{k: v[lang] if isinstance(v, dict) else v for k, v in fields.items()}
        )
        for lang in LANGS
    }
    return texts["ja"], texts["en"]


def is_csv(filename: str) -> bool:
    return PurePath(filename).suffix.lower() == ".csv"


def _cells(data: bytes, filename: str) -> Iterator[tuple[str, dict[tuple[int, int], Any]]]:
    """(sheet name, {(row, column): value}) of every sheet; one nameless sheet for a CSV."""
    if is_csv(filename):
        yield (
            "",
            {(r, c): v for r, row in enumerate(_csv_rows(data), 1) for c, v in enumerate(row, 1)},
        )
        return
    book = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    try:
        for ws in book.worksheets:
            found = {}
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is not None and hasattr(cell, "column"):
                        found[(cell.row, cell.column)] = cell.value
            yield ws.title, found
    finally:
        book.close()


class CsvEncodingError(ValueError):
    """A CSV in none of `CSV_ENCODINGS`."""


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return list(csv.reader(io.StringIO(text, newline="")))
    raise CsvEncodingError()


def _text(value: Any) -> str:
    return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else ""


def amount(value: Any) -> int | tuple[str, str]:
    """Whole yen from a cell, or the (ja, en) reason it is not one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return _both("sheet.blank")
    if isinstance(value, bool | datetime | date):
        value = str(value)  # a date Excel made of "1/2", TRUE...: not an amount
    if isinstance(value, float):
        if value != int(value):
            return _both("sheet.fraction", value=value)
        value = int(value)
    if isinstance(value, int):
        return value
    try:
        return parse_yen(str(value))
    except InputError:  # its reasons speak of a revenue typed in the quote: a cell gets its own
        return _both("sheet.not_amount", text=str(value).strip()[:30])


def _is_figure(value: Any) -> bool:
    """A number, or a text that reads as an amount (２９，９１０, 6万9150円)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and isinstance(amount(value), int)


def read_book(data: bytes, filename: str, rates: Rates, name: str | None = None) -> Book:
    """The figures of the workbook (or grid CSV) `data`, saved as `filename`, for the codes of
    `rates`."""
    book = Book(name or filename)
    codes = {rates.code(*key) for key in rates.premiums}
    plans = [p.code for p in rates.plans]
    year_labels = {word("table.year", lang) for lang in LANGS}
    seen: dict[str, str] = {}
    for sheet, cells in _cells(data, filename):
        used: set[tuple[int, int]] = set()  # the cells read: codes, figures, year, limits
        has_codes = any(_text(v) in codes for v in cells.values())
        for (row, column), value in sorted(cells.items()):
            text = _text(value)
            ref = f"{get_column_letter(column + 1)}{row}"
            place = f"{sheet}!{ref}" if sheet else ref
            if text in year_labels:
                used |= {(row, column), (row, column + 1)}
                year = amount(cells.get((row, column + 1)))
                book.years.append(Figure(year if isinstance(year, int) else 0, place))
                continue
            if not has_codes and column == 1 and text in plans:  # the limits, on any sheet
                used.add((row, column))
                for offset, kind in enumerate(LIMIT_KEYS, start=1):
                    used.add((row, column + offset))
                    ref = f"{get_column_letter(column + offset)}{row}"
                    place = f"{sheet}!{ref}" if sheet else ref
                    read = amount(cells.get((row, column + offset)))
                    key = f"plans[{plans.index(text)}].{LIMIT_KEYS[kind]} ({place})"
                    if isinstance(read, int):
                        book.limits[(text, kind)] = Figure(read, place)
                    else:
                        book.problems.append(Problem(book.name, key, *read))
                continue
            if text not in codes:
                continue
            used |= {(row, column), (row, column + 1)}
            if text in seen:
                ja, en = _both("sheet.twice", first=seen[text], second=place)
                book.problems.append(Problem(book.name, text, ja, en))
                continue
            seen[text] = place
            read = amount(cells.get((row, column + 1)))
            if isinstance(read, int):
                book.premiums[text] = Figure(read, place)
            else:
                book.problems.append(Problem(book.name, f"{text} ({place})", *read))
        for (row, column), value in sorted(cells.items()):
            if (row, column) not in used and _is_figure(value):
                ref = f"{get_column_letter(column)}{row}"
                place = f"{sheet}!{ref}" if sheet else ref
                ja, en = _both("renewal_checks.outside", text=str(value).strip()[:30])
                book.problems.append(Problem(book.name, place, ja, en))
    missing = sorted(codes - set(seen), key=sorted(codes).index)
    read_letters = {code[0] for code in seen}
    if missing and len(read_letters) == 1 and is_csv(filename):
        category = next(c for c in rates.categories if c.letter in read_letters)
        ja, en = _both("renewal_checks.one_category", category=category.label.to_dict())
        book.problems.append(Problem(book.name, "", ja, en))
        return book
    for code in missing:
        book.problems.append(Problem(book.name, code, *_both("sheet.not_found")))
    return book


def _replace_number(line: str, key: str, value: int) -> str:
    """`key = 16_740` in `line` set to `value`, keeping the column width of the old figure."""
    pattern = re.compile(rf"\b({re.escape(key)}\s*=\s*)(-?[0-9_]+)")
    match = pattern.search(line.split("#")[0])
    if match is None:
        raise ValueError(key)
    figure = f"{value:_}".rjust(len(match[2]))
    return line[: match.start(2)] + figure + line[match.end(2) :]


def set_figures(text: str, rates: Rates, premiums: dict[tuple[str, int, str], int],
                limits: dict[tuple[str, str], int]) -> str:  # fmt: skip
    """The draft's text with `premiums` and `limits` written in, every other byte kept.

    Raises ValueError when the layout is not one premium row per line (then nothing is written).
    """
    lines = text.splitlines(keepends=True)
    table, category, band, plan_index = "", None, 0, -1
    for i, line in enumerate(lines):
        code_part = line.split("#")[0]
        header = _TABLE_HEADER.match(line)
        if header is not None and not code_part.strip().startswith(("{", "]")):
            table = header[1].replace(" ", "")
            plan_index += table == "plans"
            category = None
            continue
        if table == "premiums":
            start = _ARRAY_START.match(code_part)
            if start is not None:
                category, band = start[1], 0
                if "{" in code_part:
                    raise ValueError("premium rows on the array's own line")
                continue
            if category is not None and "{" in code_part:
                band += 1
                for plan in rates.plans:
                    key = (category, band, plan.code)
                    if key in premiums:
                        lines[i] = _replace_number(lines[i], plan.code, premiums[key])
            elif "]" in code_part:
                category = None
        elif table == "plans" and 0 <= plan_index < len(rates.plans):
            match = _KEY_VALUE.match(code_part)
            plan = rates.plans[plan_index].code
            for kind, key in LIMIT_KEYS.items():
                if match is not None and match[2] == key and (plan, kind) in limits:
                    lines[i] = _replace_number(lines[i], key, limits[(plan, kind)])
    result = "".join(lines)
    _check_written(text, result, rates, premiums, limits)
    return result


def _check_written(before: str, after: str, rates: Rates, premiums, limits) -> None:
    """The new text must hold exactly the old data with the given figures in."""
    expected, found = tomllib.loads(before), tomllib.loads(after)
    for (category, band, plan), value in premiums.items():
        expected["premiums"][category][band - 1][plan] = value
    codes = [p.code for p in rates.plans]
    for (plan, kind), value in limits.items():
        expected["plans"][codes.index(plan)][LIMIT_KEYS[kind]] = value
    if found != expected:
        raise ValueError("the figures did not land where expected")


@dataclass(frozen=True)
class Imported:
    """What `import_book` did: the new text (None when refused), the problems, the changes."""

    text: str | None
    problems: list[Problem]
    premium_changes: list[tuple[str, int, int]]  # (code, old, new)
    limit_changes: list[tuple[str, str, int, int]]  # (plan, kind, old, new)
    places: dict[str, str]  # code -> "AA1 (業種区分Ⅰ!C5)"
    rates: Rates | None = None


def _refused(file: str, key: str, *texts: str) -> Imported:
    return Imported(None, [Problem(file, key, *texts)], [], [], {})


def _into_final(draft: Rates, target: str) -> Imported | None:
    """An import never writes into a final file: refused, naming next year's."""
    if draft.is_draft:
        return None
    return _refused(target, "meta.status", *_both(
        "renewal_checks.into_final", target=target, next=draft.year + 1
    ))  # fmt: skip


def change_lines(result: Imported, lang: Lang) -> list[str]:
    """What changed, a line each, as `rates import` prints it under its summary: the premiums
    (code, old, new, difference), then the limits (plan, which, old, new)."""
    lines = [
        word("sheet.change_line", lang, code=code, old=format_yen(old, lang),
             new=format_yen(new, lang), difference=signed_yen(new - old, lang))
        for code, old, new in result.premium_changes
    ]  # fmt: skip
    lines += [
        word("sheet.limit_line", lang, plan=plan, what=word(schema.plan_limit(kind).words, lang),
             old=format_yen(old, lang, units=True), new=format_yen(new, lang, units=True))
        for plan, kind, old, new in result.limit_changes
    ]  # fmt: skip
    return lines


def import_book(book_path: Path, target: Path, *, book_name: str | None = None) -> Imported:
    """The draft at `target` with the workbook's figures in (not written: the caller writes)."""
    name = book_name or book_path.name
    load_rates(target)  # the draft must load first: RatesError (file not found...) otherwise
    draft_text = target.read_text("utf-8")
    refusal = _into_final(parse_rates(draft_text, name=str(target)), str(target))
    if refusal is not None:
        return refusal
    if not book_path.is_file():
        return _refused(name, "", *_both("rates.file_not_found"))
    try:
        data = book_path.read_bytes()
    except OSError as exc:
        return _refused(name, "", *_both("sheet.unreadable", reason=type(exc).__name__))
    return import_figures(
        data, book_path.name, draft_text, target=str(target), previous=previous_rates(target),
        book_name=name,
    )  # fmt: skip


def import_figures(data: bytes, filename: str, draft_text: str, *, target: str,
                   previous: Rates | None, book_name: str | None = None) -> Imported:  # fmt: skip
    """The draft `draft_text` (named `target`) with the figures of the workbook `data` (saved as
    `filename`) in, checked against last year's `previous`: no file read or written."""
    name = book_name or filename
    draft = parse_rates(draft_text, name=target)
    refusal = _into_final(draft, target)
    if refusal is not None:
        return refusal
    suffix = PurePath(filename).suffix
    if suffix.lower() in OTHER_FORMATS:
        return _refused(name, "", *_both("renewal_checks.save_as_xlsx", ext=suffix))
    try:
        book = read_book(data, filename, draft, name)
    except CsvEncodingError:
        return _refused(name, "", *_both("renewal_checks.csv_encoding"))
    except (OSError, zipfile.BadZipFile, ValueError, KeyError, UnicodeDecodeError) as exc:
        return _refused(name, "", *_both("sheet.unreadable", reason=type(exc).__name__))
    places = {code: f"{code} ({figure.place})" for code, figure in book.premiums.items()}
    problems = _year_problems(book, draft, target, from_csv=is_csv(filename))
    if problems:  # another year's workbook: its figures are not this year's to check
        return Imported(None, problems + book.problems, [], [], places)
    by_code = {draft.code(*key): key for key in draft.premiums}
    premiums = {by_code[code]: figure.value for code, figure in book.premiums.items()}
    limits = {key: figure.value for key, figure in book.limits.items()}
    try:
        text = set_figures(draft_text, draft, premiums, limits)
    except ValueError:
        layout = Problem(target, "", *_both("sheet.layout", target=target))
        return Imported(None, [*book.problems, layout], [], [], places)
    # The figures that did read are checked even when others did not: every problem at once.
    try:
        rates = parse_rates(text, name=target)
        stops = year_problems(rates, previous)
    except RatesError as err:
        stops = err.items
    if book.problems or stops:
        named = [_at_cell(p, name, places) for p in stops]
        return Imported(None, [*book.problems, *named], [], [], places)
    premium_changes = [
        (draft.code(*key), draft.premiums[key], value)
        for key, value in premiums.items()
        if draft.premiums[key] != value
    ]
    old_limits = {(p.code, kind): p.limits[kind] for p in draft.plans for kind in LIMIT_KEYS}
    limit_changes = [
        (plan, kind, old_limits[(plan, kind)], value)
        for (plan, kind), value in limits.items()
        if old_limits[(plan, kind)] != value
    ]
    return Imported(text, [], premium_changes, limit_changes, places, rates)


def _year_problems(book: Book, draft: Rates, target: str, *, from_csv: bool) -> list[Problem]:
    """The workbook must be this year's: every year cell says the draft's year. A workbook
    without one was not made by `rates sheet`; a CSV may lack it (the grid CSV of the exports)."""
    if not book.years and not from_csv:
        ja, en = _both("renewal_checks.book_no_year", target=target, year=draft.year)
        return [Problem(book.name, "", ja, en)]
    wrong = next((figure for figure in book.years if figure.value != draft.year), None)
    if wrong is None:
        return []
    ja, en = _both(
        "renewal_checks.book_year", book_year=wrong.value, target=target,
        year=draft.year,
    )  # fmt: skip
    return [Problem(book.name, wrong.place, ja, en)]


def _at_cell(problem: Problem, book: str, places: dict[str, str]) -> Problem:
    """A reader's problem about a premium, named by the workbook's cell instead of the TOML key."""
    match = _PREMIUM_KEY.match(problem.key)
    if match and match[1] in places:
        return Problem(book, places[match[1]], problem.ja, problem.en)
    return problem
