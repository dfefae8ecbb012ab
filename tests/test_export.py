"""The CSVs and HTML fragments of the print exports (issue 5), without the PDF (see
test_export_pdf.py), checked against the rates file they are made from."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import subprocess
import sys

import pytest
from conftest import RATES_TEXT, edited
from cyberdocs.export_checks import (
    BOM,
    check_csv,
    check_fragment,
    check_grid_csv,
    expected_cells,
)
from cyberdocs.export_docs import fragment_html, print_html, source_text
from cyberdocs.tables import category_title, plan_heading, premiums_csv, premiums_grid_csv
from cyberquote import RatesError, parse_rates
from cyberquote.words import word
from cyberquote.yen import format_yen
from cyberstaff.export import (
    ExportError,
    export_links,
    export_names,
    render_exports,
    write_files,
)
from hypothesis import given, settings
from hypothesis import strategies as st

# Four cells copied by hand from the brochure (SJ23-10043, 保険金額および保険料), one per table.
BROCHURE_CELLS = {"AA1": 16_740, "BB4": 150_960, "CC7": 242_670, "DC8": 4_008_720}


def test_file_names_follow_the_contract(rates):
    assert export_names(rates) == [
        "premiums-2024.pdf",
        "premiums-2024.csv",
        "premiums-2024-grid.csv",
        "premiums-2024-I.html",
        "premiums-2024-II.html",
        "premiums-2024-III.html",
        "premiums-2024-IV.html",
    ]
    links = export_links(rates)
    assert links["pdf"] == "downloads/premiums-2024.pdf"
    assert links["fragments"]["IV"] == "downloads/premiums-2024-IV.html"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_long_csv_has_one_row_per_cell_with_bom(rates, lang):
    text = premiums_csv(rates, lang)
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    header, body = rows[0], [row for row in rows[1:] if row]
    assert len(body) == 96
    assert check_csv(rates, text) == []
    # each row, read by its header, gives back exactly the rates' cell
    codes = {row[header.index(word("terms.code", lang))]: row for row in body}
    assert set(codes) == set(expected_cells(rates))
    for code, premium in BROCHURE_CELLS.items():
        assert int(codes[code][header.index(word("table.premium", lang))]) == premium


def test_long_csv_rows_carry_band_bounds(rates):
    text = premiums_csv(rates, "ja")
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    # band 2 of category I, plan B: above 3億 up to 5億
    row = next(row for row in rows if "AB2" in row)
    assert "300000000" in row and "500000000" in row and "41260" in row


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_grid_csv_reproduces_the_brochure_layout(rates, lang):
    text = premiums_grid_csv(rates, lang)
    assert text.startswith(BOM)
    assert check_grid_csv(rates, lang, text) == []
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    # the brochure's first row of table I: 3億円まで AA1 16,740円 AB1 22,100円 AC1 28,490円
    first = next(row for row in rows if "AA1" in row)
    assert first[0] == rates.bands[0].short_label(lang)
    assert [cell for cell in first if re.fullmatch(r"[A-D][ABC][1-8]", cell)] == [
        "AA1",
        "AB1",
        "AC1",
    ]
    # the tables come in the brochure's order, I to IV, bands 1 to 8
    code_rows = [
        next(c for c in row if re.fullmatch(r"[A-D]A[1-8]", c))
        for row in rows
        if any(re.fullmatch(r"[A-D]A[1-8]", c) for c in row)
    ]
    assert code_rows == [f"{letter}A{band}" for letter in "ABCD" for band in range(1, 9)]


def test_grid_check_catches_a_swapped_cell(rates):
    text = premiums_grid_csv(rates, "ja")
    swapped = text.replace(",16740,", ",X,").replace(",22100,", ",16740,").replace(",X,", ",22100,")
    assert swapped != text
    assert any("AA1" in p for p in check_grid_csv(rates, "ja", swapped))


def test_csv_check_catches_a_wrong_premium(rates):
    text = premiums_csv(rates, "ja").replace("16740", "16741")
    assert any("AA1" in p for p in check_csv(rates, text))
    assert check_csv(rates, text.removeprefix(BOM))[0].endswith("no UTF-8 BOM at the start")


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("category", ["I", "II", "III", "IV"])
def test_fragment_is_standalone_and_matches_the_rates(rates, lang, category):
    text = fragment_html(rates, category, lang)
    assert check_fragment(rates, category, lang, text) == []
    lowered = text.lower()
    assert "<script" not in lowered
    assert "<style" not in lowered and "<link" not in lowered
    assert "http://" not in lowered and "https://" not in lowered and "url(" not in lowered
    assert 'style="' in text  # the look travels with the cells
    # word processors ignore display:block on spans: the plan limits go on lines of their own
    assert "display:block" not in text
    assert text.count('<br><span class="cq-limit"') == 2 * len(rates.plans)
    assert "<br><br>" not in text
    cells = {}
    for td in re.findall(r"<td [^>]*>", text):
        code = re.search(r'data-code="([^"]+)"', td)
        if code:
            cells[code[1]] = int(re.search(r'data-premium="(\d+)"', td)[1])
    assert cells == expected_cells(rates, category)
    assert f'<html lang="{lang}">' in text
    assert source_text(rates, lang) in text.replace("&amp;", "&")


def test_fragment_check_catches_scripts_and_references(rates):
    text = fragment_html(rates, "I", "ja")
    bad = text.replace(
        "</body>", '<script>alert(1)</script><img src="https://x.example/a.png"></body>'
    )
    problems = check_fragment(rates, "I", "ja", bad)
    assert any("<script>" in p for p in problems)
    assert any("https://x.example" in p for p in problems)
    wrong = text.replace('data-premium="16740"', 'data-premium="16750"')
    assert any("AA1" in p for p in check_fragment(rates, "I", "ja", wrong))


def test_english_exports_are_in_english(rates):
    html = print_html(rates, "en")
    assert '<html lang="en">' in html
    assert "Policy period" in html and "保険期間" not in html
    assert format_yen(16_740, "en") in html
    grid = premiums_grid_csv(rates, "en")
    assert "up to" in grid and "Annual revenue" in grid and "まで" not in grid


def test_print_document_has_period_limits_notes_and_source(rates):
    html = print_html(rates, "ja")
    assert "2024年1月1日午後4時～2025年1月1日午後4時" in html
    for plan in rates.plans:
        assert format_yen(plan.liability_limit_yen, "ja", units=True) in html
        assert format_yen(plan.response_cost_limit_yen, "ja", units=True) in html
    for note in rates.limit_notes:
        assert note["ja"] in html
    assert "2024年度版" in html
    assert "rates/2024.toml" not in html and "料率ファイル" not in html  # no staff words
    assert rates.source["ja"] in html
    assert "自己負担額はありません" in html


def test_draft_rates_are_marked_on_every_document(rates):
    draft = parse_rates(edited(RATES_TEXT, ('status = "final"', 'status = "draft"')))
    assert draft.is_draft
    assert "下書き" in print_html(draft, "ja")
    assert "DRAFT" in fragment_html(draft, "I", "en")
    assert "下書き" not in fragment_html(rates, "I", "ja")


def test_unknown_language_fails_before_anything_is_written(rates, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(ExportError) as err:
        render_exports(rates, "fr")
    assert "fr" in str(err.value)
    assert not isinstance(err.value, RatesError)  # not told as a broken rates file (exit 1)
    assert not out.exists()


def test_write_files_replaces_old_files_and_leaves_no_staging(tmp_path):
    out = tmp_path / "downloads"
    out.mkdir()
    (out / "premiums-2024.csv").write_text("old", encoding="utf-8")
    (out / "keep.txt").write_text("other", encoding="utf-8")
    written = write_files({"premiums-2024.csv": b"new", "b.html": b"<p>"}, out)
    assert written == [out / "premiums-2024.csv", out / "b.html"]
    assert (out / "premiums-2024.csv").read_bytes() == b"new"
    assert (out / "keep.txt").read_text(encoding="utf-8") == "other"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["downloads"]


def test_write_files_failing_midway_leaves_the_directory_as_it_was(tmp_path):
    out = tmp_path / "downloads"
    out.mkdir()
    (out / "a.csv").write_text("old", encoding="utf-8")
    # a name with a directory that does not exist: fails while staging, after a.csv was staged
    with pytest.raises(OSError):
        write_files({"a.csv": b"new", "missing/b.csv": b"x"}, out)
    assert (out / "a.csv").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["downloads"]


def test_a_changed_rate_reaches_every_file(rates):
    """One rates object feeds every export: change a premium in the file and every file follows."""
    changed = parse_rates(edited(RATES_TEXT, ("{ A =    16_740,", "{ A =    17_010,")))
    assert changed.premium("I", 1, "A") == 17_010
    assert check_csv(changed, premiums_csv(changed, "ja")) == []
    assert check_grid_csv(changed, "ja", premiums_grid_csv(changed, "ja")) == []
    fragment = fragment_html(changed, "I", "ja")
    assert check_fragment(changed, "I", "ja", fragment) == []
    assert "17,010円" in fragment and "16,740円" not in fragment
    document = print_html(changed, "ja")
    assert "17,010円" in document and "16,740円" not in document
    # and the files made from the old rates no longer pass the checks against the new ones
    assert any("AA1" in p for p in check_csv(changed, premiums_csv(rates, "ja")))
    assert any(
        "AA1" in p for p in check_fragment(changed, "I", "ja", fragment_html(rates, "I", "ja"))
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_grid_csv_blocks_start_with_title_and_plan_heads(rates, lang):
    rows = list(csv.reader(io.StringIO(premiums_grid_csv(rates, lang).removeprefix(BOM))))
    blocks = [[]]
    for row in rows:
        if row:
            blocks[-1].append(row)
        else:
            blocks.append([])
    assert len(blocks) == len(rates.categories)
    for block, category in zip(blocks, rates.categories, strict=True):
        assert block[0] == [category_title(category, lang)]
        assert block[1][0] == word("table.revenue", lang)
        for plan in rates.plans:
            head = next(cell for cell in block[1] if plan_heading(plan, lang)[0] in cell)
            assert format_yen(plan.liability_limit_yen, lang, units=True) in head
        assert len(block) == 2 + len(rates.bands)
        assert all(len(row) == 1 + 2 * len(rates.plans) for row in block[2:])


def test_importing_the_export_modules_leaves_weasyprint_unloaded():
    """The package stays standard library at import time (Pyodide, the site build's macros)."""
    probe = (
        "import sys, cyberstaff.export, cyberdocs.export_docs, cyberdocs.export_checks\n"
        "print(sorted(m for m in ('weasyprint', 'jinja2', 'pydyf') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@settings(max_examples=25, deadline=None)
@given(
    premium=st.integers(min_value=1, max_value=99_999_999_999),
    cell=st.sampled_from(
        [(c, b, p) for c in ("I", "II", "III", "IV") for b in range(1, 9) for p in "ABC"]
    ),
    lang=st.sampled_from(["ja", "en"]),
)
def test_any_premium_passes_through_every_file(rates, premium, cell, lang):
    changed = dataclasses.replace(rates, premiums={**rates.premiums, cell: premium})
    code = changed.code(*cell)
    assert check_csv(changed, premiums_csv(changed, lang)) == []
    assert check_grid_csv(changed, lang, premiums_grid_csv(changed, lang)) == []
    fragment = fragment_html(changed, cell[0], lang)
    assert check_fragment(changed, cell[0], lang, fragment) == []
    assert f'data-code="{code}"' in fragment and format_yen(premium, lang) in fragment
