"""`rates import` with workbooks and CSVs LibreOffice Calc wrote (tests/fixtures/renewal, made by
make_fixtures.py there): what staff type is read, and what could hurt is refused, named, never
written. Each case imports into a fresh 2025 draft beside rates/2024.toml, as `rates new` makes it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import RATES_TEXT, ROOT
from cyberquote import load_rates, parse_rates
from cyberrenewal.renewal import new_draft
from cyberrenewal.sheet_import import read_book
from cyberstaff.cli import main

FIXTURES = ROOT / "tests" / "fixtures" / "renewal"
DRAFT = new_draft(RATES_TEXT, 2025)
NOT_WRITTEN = "rates/2025.toml は書き換えていません。上のとおりに直してから、もう一度 rates import してください"


@pytest.fixture
def folder(staff_folder: Path) -> Path:
    """Staff's folder with this year's draft beside last year's file."""
    (staff_folder / "rates" / "2025.toml").write_text(DRAFT, "utf-8")
    return staff_folder


def run_import(folder: Path, name: str, capsys: pytest.CaptureFixture[str], into: str = "2025"):
    """Import the fixture `name` (copied beside the rates folder): exit code and output lines."""
    shutil.copy(FIXTURES / name, folder / name)
    code = main(["rates", "import", name, "--into", f"rates/{into}.toml"])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, (out.err + out.out).splitlines()


def test_a_libreoffice_workbook_typed_as_people_type_imports(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(FIXTURES / "2025-typed.xlsx", folder / "book.xlsx")
    assert main(["rates", "import", "book.xlsx", "--into", "rates/2025.toml"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "rates/2025.toml に書き込みました: 保険料3件を変更（96件中）",
        "  AA1: 16,740円 → 17,240円（+500円）",
        "  AB1: 22,100円 → 22,760円（+660円）",  # typed ２２，７６０
        "  AC3: 69,320円 → 71,400円（+2,080円）",  # typed 7万1400円
    ]
    assert load_rates(folder / "rates" / "2025.toml").premium("I", 3, "C") == 71_400


def test_a_premium_from_a_formula_is_refused_naming_its_cell(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = run_import(folder, "2025-formula.xlsx", capsys)
    assert code == 1
    assert lines[0].startswith(
        "2025-formula.xlsx: CB2 (業種区分Ⅲ!E6): 73,322円は10円単位ではありません（Excelの計算式の端数ではありませんか）"
    )
    assert lines[-1] == NOT_WRITTEN
    assert (folder / "rates" / "2025.toml").read_text("utf-8") == DRAFT


def test_a_tenfold_premium_is_refused_not_warned(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = run_import(folder, "2025-tenfold.xlsx", capsys)
    assert code == 1
    assert lines[0].startswith(
        "2025-tenfold.xlsx: DC8 (業種区分Ⅳ!G12): 前年度の4,008,720円から40,087,200円（+900%）に変わります。"
    )
    assert '[confirmed] の premiums に "DC8" を加えてください' in lines[0]
    assert (folder / "rates" / "2025.toml").read_text("utf-8") == DRAFT


def test_last_years_workbook_is_refused_naming_both_years(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = run_import(folder, "2024-typed.xlsx", capsys)
    assert code == 1
    assert lines[0].startswith(
        "2024-typed.xlsx: 業種区分Ⅰ!B15: このブックは2024年度のものです。rates/2025.toml は2025年度です。"
    )
    assert (folder / "rates" / "2025.toml").read_text("utf-8") == DRAFT


def test_a_final_file_is_never_imported_into(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (folder / "rates" / "2024.toml").read_bytes()
    code, lines = run_import(folder, "2024-typed.xlsx", capsys, into="2024")
    assert code == 1
    assert lines[0].startswith(
        'rates/2024.toml: meta.status: rates/2024.toml は確定版（status = "final"）です。'
        "公開した年度のファイルは書き換えません。来年度の下書きを cyberquote rates new 2025 で作り"
    )
    assert (folder / "rates" / "2024.toml").read_bytes() == before


def test_a_figure_outside_the_table_is_named_and_a_renamed_limits_sheet_still_read(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = (FIXTURES / "2025-renamed-outside.xlsx").read_bytes()
    book = read_book(data, "2025-renamed-outside.xlsx", parse_rates(DRAFT), "book.xlsx")
    assert book.limits[("A", "liability")].value == 35_000_000
    assert book.limits[("A", "liability")].place == "保険金額（改定）!B3"
    assert [p.line("ja") for p in book.problems] == [
        "book.xlsx: 業種区分Ⅰ!I5: 表の外に数字があります（17240）。"
        "保険料はコードの右のセルにだけ入力してください。メモなら、このブックから消してください"
    ]
    code, _ = run_import(folder, "2025-renamed-outside.xlsx", capsys)
    assert code == 1 and (folder / "rates" / "2025.toml").read_text("utf-8") == DRAFT


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["utf8", "utf8-bom"])
def test_the_grid_csv_reads_in_utf8_with_or_without_bom(
    folder: Path, capsys: pytest.CaptureFixture[str], bom: bytes
) -> None:
    (folder / "grid.csv").write_bytes(bom + (FIXTURES / "grid-2025-utf8.csv").read_bytes())
    assert main(["rates", "import", "grid.csv", "--into", "rates/2025.toml"]) == 0
    assert "  AA1: 16,740円 → 17,240円（+500円）" in capsys.readouterr().out.splitlines()


def test_the_grid_csv_reads_in_shift_jis(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = run_import(folder, "grid-2025-sjis.csv", capsys)
    assert code == 0, lines
    assert "  AA1: 16,740円 → 17,240円（+500円）" in lines


def test_a_csv_of_one_sheet_says_excel_saved_only_the_active_sheet(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = run_import(folder, "2025-typed-sheet1-utf8.csv", capsys)
    assert code == 1
    assert lines == [
        "2025-typed-sheet1-utf8.csv: このCSVには業種区分Ⅰの保険料しかありません。"
        "ExcelはCSVで保存すると、開いているシートだけを保存します。ブックを .xlsx のまま rates import してください",
        NOT_WRITTEN,
    ]


@pytest.mark.parametrize("name", ["2025.xls", "2025.ods", "2025.numbers"])
def test_other_spreadsheet_formats_are_told_to_save_as_xlsx(
    folder: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    if name.endswith(".numbers"):  # no Numbers here: a file by that name is enough
        (folder / name).write_bytes((FIXTURES / "2025.ods").read_bytes())
        code = main(["rates", "import", name, "--into", "rates/2025.toml"])
        lines = capsys.readouterr().err.splitlines()
    else:
        code, lines = run_import(folder, name, capsys)
    suffix = name.rpartition(".")[2]
    assert code == 1
    assert lines == [
        f"{name}: .{suffix} 形式のファイルは読めません。Excel・LibreOffice・Numbers で開き、"
        "「Excel ブック (.xlsx)」として保存してから rates import してください",
        NOT_WRITTEN,
    ]
