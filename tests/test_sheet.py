"""`rates sheet` / `rates import`: the workbook round trip, the grid CSV, typed text. (The full
renewal with a build is tests/test_renewal_site.py; files LibreOffice wrote, test_renewal_files.py;
publishing, issue 18's tests.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RATES_TEXT
from cyberdocs.tables import premiums_grid_csv
from cyberquote import load_rates, parse_rates
from cyberrenewal.renewal import new_draft
from cyberrenewal.sheet_import import amount, import_book
from cyberstaff.cli import main


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    (tmp_path / "rates").mkdir()
    path = tmp_path / "rates" / "2025.toml"
    path.write_text(new_draft(RATES_TEXT, 2025), "utf-8")
    return path


@pytest.mark.parametrize(
    ("typed", "yen"),
    [(17240, 17240), (17240.0, 17240), ("17,240", 17240), ("１７，２４０", 17240),
     ("17240円", 17240), ("¥17,240", 17240), (" 1万7240 ", 17240)],
)  # fmt: skip
def test_a_cell_is_read_as_the_quote_reads_an_amount(typed: object, yen: int) -> None:
    assert amount(typed) == yen


def test_an_untouched_workbook_changes_nothing(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = draft.parent.parent / "book.xlsx"
    assert main(["rates", "sheet", str(draft), "--out", str(book)]) == 0
    before = draft.read_text("utf-8")
    assert main(["rates", "import", str(book), "--into", str(draft)]) == 0
    assert "変更はありません（保険料96件を確認しました）" in capsys.readouterr().out
    assert draft.read_text("utf-8") == before


def test_sheet_refuses_to_overwrite_a_workbook(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = draft.parent.parent / "book.xlsx"
    book.write_bytes(b"staff's edits")
    assert main(["rates", "sheet", str(draft), "--out", str(book)]) == 2
    assert "上書きはしません" in capsys.readouterr().err
    assert book.read_bytes() == b"staff's edits"


def test_the_english_workbook_imports_too(draft: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    book = draft.parent.parent / "book-en.xlsx"
    assert main(["rates", "sheet", str(draft), "--out", str(book), "--lang", "en"]) == 0
    workbook = load_workbook(book)
    assert workbook.sheetnames[-1] == "Limits"
    workbook["Category I"]["C5"] = "17,410"
    workbook["Limits"]["B3"] = 35_000_000
    workbook.save(book)
    assert main(["rates", "import", str(book), "--into", str(draft), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "AA1: ¥16,740 → ¥17,410 (+¥670)" in out
    assert "plan A Liability: ¥30 million → ¥35 million" in out
    rates = load_rates(draft)
    assert (
        rates.premium("I", 1, "A") == 17_410 and rates.plan("A").liability_limit_yen == 35_000_000
    )


def test_the_grid_csv_of_the_exports_imports(draft: Path) -> None:
    csv = draft.parent.parent / "premiums-2025-grid.csv"
    text = premiums_grid_csv(load_rates(draft), "ja").replace(",AA1,16740,", ',AA1,"17,410",', 1)
    csv.write_text(text, "utf-8")
    result = import_book(csv, draft)
    assert result.problems == [] and result.premium_changes == [("AA1", 16_740, 17_410)]
    assert result.places["AA1"] == "AA1 (C3)"


def test_diff_as_a_workbook(draft: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    old = draft.parent / "2024.toml"
    old.write_text(RATES_TEXT, "utf-8")
    text = draft.read_text("utf-8").replace("{ A =    16_740,", "{ A =    17_410,", 1)
    draft.write_text(text.replace('en = "Worldwide', 'en = "Japan only; was Worldwide', 1), "utf-8")
    out = draft.parent.parent / "changes.xlsx"
    assert main(["rates", "diff", str(old), str(draft), "--format", "xlsx", "--out", str(out)]) == 0
    book = load_workbook(out)
    assert book.sheetnames[:2] == ["保険料", "制度・補償の内容"]
    premiums = [[c.value for c in row] for row in book["保険料"].iter_rows(min_row=4)]
    assert premiums == [
        ["業種区分Ⅰ", "3億円まで", "A", "AA1", "16,740円", "17,410円", "+670円", "+4.0%"]
    ]
    assert book["制度・補償の内容"]["A4"].value == "補償地域"
    assert main(["rates", "diff", str(old), str(draft), "--format", "xlsx"]) == 2
    assert "--out" in capsys.readouterr().err


def test_toml_mistake_in_english(draft: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft.write_text(
        draft.read_text("utf-8").replace("deductible_yen = 0", "deductible_yen = 17,240")
    )
    assert main(["rates", "check", str(draft), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "not valid TOML. A number takes no comma: write 17240 or 17_240." in err
    assert "Expected newline" not in err


HOSTILE = '=HYPERLINK("http://x","<b id=x>")'


def test_labels_reach_html_and_excel_as_text(draft: Path) -> None:
    from cyberrenewal.diff import diff_rates
    from cyberrenewal.diff_report import format_diff
    from cyberrenewal.diff_xlsx import diff_workbook
    from cyberrenewal.sheet import workbook

    hostile = draft.read_text("utf-8")
    for old in (
        'label = { ja = "業種区分Ⅰ"',
        'territory = { ja = "全世界（事故発生地域・損害賠償請求地域を問わず補償の対象）"',
    ):
        hostile = hostile.replace(old, old.split("=")[0] + "= { ja = '" + HOSTILE + "'", 1)
    new = parse_rates(hostile, name="rates/2025.toml")
    d = diff_rates(parse_rates(RATES_TEXT), new)
    html = format_diff(d, "ja", fmt="html")
    assert "<b id=x>" not in html and "&lt;b id=x&gt;" in html
    cells = [c for ws in diff_workbook(d, "ja") for row in ws.iter_rows() for c in row]
    assert any(c.value == HOSTILE for c in cells)
    assert all(c.data_type != "f" for c in cells)
    book = workbook(new, "ja")
    name = book.sheetnames[0]
    assert name.startswith("=HYPERLINK") and len(name) <= 31 and not set(name) & set("[]:*?/\\")
    sheet_cells = [c for ws in book for row in ws.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in sheet_cells)
