"""All 96 premiums of rates/2024.toml against an independent transcription of the brochure.

tests/fixtures/brochure_premiums.txt holds the brochure's premium-table lines as printed
(e.g. ``3億円まで AA1 16,740円 AB1 22,100円 AC1 28,490円``). It is read here with its own small
regex, never through the rates loader, and compared with load_rates() cell by cell.
"""

from __future__ import annotations

import re

import pytest
from conftest import RATES_FILE, ROOT
from cyberquote import load_rates

FIXTURE = ROOT / "tests" / "fixtures" / "brochure_premiums.txt"
BROCHURE = ROOT.parent / "shared" / "seed" / "000_de4313e1767d7abb.txt"
RATES = load_rates(RATES_FILE)

ROMAN = {"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV"}
HEADING = re.compile(r"業種区分(?P<roman>[ⅠⅡⅢⅣ])")
ROW = re.compile(r"(?P<oku>\d+)億円まで(?P<cells>(?: [A-D][A-C][1-8] [\d,]+円){3})")
CELL = re.compile(r"(?P<code>[A-D](?P<plan>[A-C])(?P<band>[1-8])) (?P<yen>[\d,]+)円")


def read_transcription() -> list[dict]:
    """One dict per brochure cell: category, band (row order), plan, printed code and yen."""
    cells: list[dict] = []
    category = None
    band = 0
    for line in FIXTURE.read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        if heading := HEADING.fullmatch(line):
            category, band = ROMAN[heading["roman"]], 0
            continue
        row = ROW.fullmatch(line)
        assert row and category, f"unexpected line in the fixture: {line!r}"
        band += 1
        for column, cell in zip("ABC", CELL.finditer(row["cells"]), strict=True):
            cells.append(
                {
                    "category": category,
                    "band": band,
                    "plan": column,
                    "row_upper_yen": int(row["oku"]) * 100_000_000,
                    "code": cell["code"],
                    "code_plan": cell["plan"],
                    "code_band": int(cell["band"]),
                    "yen": int(cell["yen"].replace(",", "")),
                }
            )
    return cells


CELLS = read_transcription()


def test_transcription_holds_all_96_cells_once() -> None:
    assert len(CELLS) == 96
    assert len({c["code"] for c in CELLS}) == 96
    assert {(c["category"], c["band"], c["plan"]) for c in CELLS} == {
        (cat, band, plan) for cat in ROMAN.values() for band in range(1, 9) for plan in "ABC"
    }


def test_rates_file_has_no_premium_beyond_the_brochure() -> None:
    assert set(RATES.premiums) == {(c["category"], c["band"], c["plan"]) for c in CELLS}


@pytest.mark.parametrize("cell", CELLS, ids=[c["code"] for c in CELLS])
def test_premium_matches_the_brochure(cell: dict) -> None:
    assert RATES.premium(cell["category"], cell["band"], cell["plan"]) == cell["yen"]


@pytest.mark.parametrize("cell", CELLS, ids=[c["code"] for c in CELLS])
def test_cell_code_matches_the_brochure(cell: dict) -> None:
    # The printed code agrees with its own column and row, and the package derives the same one.
    assert (cell["code_plan"], cell["code_band"]) == (cell["plan"], cell["band"])
    assert RATES.code(cell["category"], cell["band"], cell["plan"]) == cell["code"]


def test_row_heads_match_the_band_bounds() -> None:
    heads = sorted({(c["band"], c["row_upper_yen"]) for c in CELLS})
    assert [(b.index, b.upper_yen) for b in RATES.bands] == heads


def test_row_heads_render_as_the_brochure_prints_them() -> None:
    rows = [line for line in FIXTURE.read_text("utf-8").splitlines() if ROW.fullmatch(line)]
    first_table_heads = [row.split()[0] for row in rows[:8]]
    assert [band.short_label("ja") for band in RATES.bands] == first_table_heads


@pytest.mark.skipif(not BROCHURE.exists(), reason="brochure text not on this machine")
def test_fixture_lines_are_copied_from_the_brochure() -> None:
    brochure_lines = set(BROCHURE.read_text("utf-8").splitlines())
    rows = [line for line in FIXTURE.read_text("utf-8").splitlines() if ROW.fullmatch(line)]
    assert len(rows) == 32
    assert [row for row in rows if row not in brochure_lines] == []
