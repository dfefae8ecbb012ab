"""The print-ready PDF and the files export_all writes (issue 5), read back with poppler-utils.

The export runs once per session per language (it takes a few seconds: WeasyPrint lays out the
whole document); every test reads the same files.
"""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess
import time

import pytest
from conftest import RATES_TEXT, edited
from cyberdocs.export_checks import (
    JAPANESE_FONTS,
    FontUse,
    check_csv,
    check_fragment,
    check_grid_csv,
    check_pdf,
    expected_cells,
)
from cyberquote import parse_rates
from cyberquote.yen import format_yen
from cyberstaff.export import export_all, export_names, render_pdf

POPPLER = ("pdftotext", "pdffonts", "pdfinfo")

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in POPPLER),
    reason="poppler-utils missing: run `make system-deps`",
)


@pytest.fixture(scope="session", params=["ja", "en"])
def exported(request, rates, tmp_path_factory):
    """(lang, out_dir, paths, seconds) of one export_all run per language."""
    out = tmp_path_factory.mktemp(f"export-{request.param}") / "downloads"
    started = time.perf_counter()
    paths = export_all(rates, out, lang=request.param, pamphlets=())  # tables: test_pamphlet
    return request.param, out, paths, time.perf_counter() - started


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _pdf(exported) -> pathlib.Path:
    return exported[1] / "premiums-2024.pdf"


def test_export_all_writes_exactly_the_seven_files(exported, rates):
    _, out, paths, seconds = exported
    assert [p.name for p in paths] == export_names(rates)
    assert sorted(p.name for p in out.iterdir()) == sorted(export_names(rates))
    assert all(p.stat().st_size > 0 for p in paths)
    assert seconds < 30, f"export took {seconds:.1f} s"


def test_pdf_is_a4_and_one_or_two_pages(exported):
    info = _run("pdfinfo", str(_pdf(exported)))
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])
    assert 1 <= pages <= 2
    width, height = map(
        float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups()
    )
    assert abs(width - 595.28) < 1 and abs(height - 841.89) < 1  # A4 portrait
    assert re.search(r"^Tagged:\s+yes", info, re.M)  # structure for screen readers
    title = {"ja": "サイバー保険 保険料表（2024年度）", "en": "Cyber insurance premium tables"}
    assert title[exported[0]] in re.search(r"^Title:\s+(.*)$", info, re.M)[1]


def test_pdf_fonts_are_all_embedded_and_japanese_capable(exported):
    lines = _run("pdffonts", str(_pdf(exported))).splitlines()[2:]
    assert lines, "no fonts: the text would be an image"
    for line in lines:
        # columns: name type encoding emb sub uni object ID
        assert re.search(r"\s+yes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$", line), line
    assert any("IPAex" in line or "IPAGothic" in line for line in lines), lines


def test_pdf_text_holds_every_cell_in_its_row(exported, rates):
    lang = exported[0]
    text = _run("pdftotext", "-layout", str(_pdf(exported)), "-")
    lines = text.splitlines()
    for category in rates.categories:
        for band in rates.bands:
            codes = [rates.code(category.id, band.index, p.code) for p in rates.plans]
            line = next((ln for ln in lines if codes[0] in ln), None)
            assert line is not None, f"{codes[0]} not in the PDF text"
            # the row: band head, then each code followed by its premium, A, B, C
            expected = [band.short_label(lang)]
            for plan, code in zip(rates.plans, codes, strict=True):
                expected += [
                    code,
                    format_yen(rates.premium(category.id, band.index, plan.code), lang),
                ]
            assert re.search(r"\s+".join(map(re.escape, expected)), line), (expected, line)
    found = set(re.findall(r"\b[A-D][ABC][1-8]\b", text))
    assert found == set(expected_cells(rates))


def test_pdf_text_holds_limits_notes_period_and_source(exported, rates):
    lang = exported[0]
    text = " ".join(_run("pdftotext", str(_pdf(exported)), "-").split())
    flat = text.replace(" ", "")
    for plan in rates.plans:
        assert format_yen(plan.liability_limit_yen, lang, units=True).replace(" ", "") in flat
        assert format_yen(plan.response_cost_limit_yen, lang, units=True).replace(" ", "") in flat
    for note in rates.limit_notes:
        assert note[lang].replace(" ", "")[:30] in flat
    period = {
        "ja": "2024年1月1日午後4時～2025年1月1日午後4時",
        "en": "from 4:00 p.m. on 1 January 2024 to 4:00 p.m. on 1 January 2025",
    }[lang]
    assert period.replace(" ", "") in flat
    assert "rates/2024.toml" not in text and "料率ファイル" not in text  # no staff words
    assert rates.source[lang].replace(" ", "")[:20] in flat


def test_pdf_tables_are_never_split_across_pages(exported, rates):
    pages = _run("pdftotext", "-layout", str(_pdf(exported)), "-").split("\f")
    for category in rates.categories:
        first = rates.code(category.id, 1, rates.plans[0].code)
        last = rates.code(category.id, rates.bands[-1].index, rates.plans[-1].code)
        holding = [i for i, page in enumerate(pages) if first in page or last in page]
        assert len(set(holding)) == 1, f"table {category.id} spans pages {holding}"


def test_written_csvs_and_fragments_pass_the_checks(exported, rates):
    lang, out, _, _ = exported
    csv_bytes = (out / "premiums-2024.csv").read_bytes()
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    assert check_csv(rates, csv_bytes.decode("utf-8")) == []
    grid_bytes = (out / "premiums-2024-grid.csv").read_bytes()
    assert grid_bytes.startswith(b"\xef\xbb\xbf")
    assert check_grid_csv(rates, lang, grid_bytes.decode("utf-8")) == []
    for category in rates.categories:
        text = (out / f"premiums-2024-{category.id}.html").read_text(encoding="utf-8")
        assert check_fragment(rates, category.id, lang, text) == []


def test_export_is_repeatable_byte_for_byte(exported, rates, tmp_path):
    lang, out, _, _ = exported
    again = export_all(rates, tmp_path, lang=lang, pamphlets=())
    for path in again:
        assert path.read_bytes() == (out / path.name).read_bytes(), path.name


def test_render_pdf_counts_pages_and_fonts():
    result = render_pdf(
        '<html lang="ja"><p style="break-after:page">一</p><p style="break-after:page">二</p>'
        "<p>三</p></html>"
    )
    assert result.pdf.startswith(b"%PDF-")
    assert result.pages == 3
    assert check_pdf(result.pages, result.fonts) == ["3 pages; the tables must fit on 1 to 2"]
    assert {font.family for font in result.fonts} & set(JAPANESE_FONTS)


def test_check_pdf_refuses_missing_glyphs_and_latin_only_fonts():
    latin = (FontUse("DejaVu Sans", "保険"),)
    problems = check_pdf(1, latin)
    assert any("no Japanese font embedded (used: DejaVu Sans)" in p for p in problems)
    assert any("no glyph for '保険'" in p for p in problems)
    assert check_pdf(2, (FontUse("IPAexGothic"),)) == []


def test_a_draft_says_so_on_every_page(rates, tmp_path):
    draft = parse_rates(edited(RATES_TEXT, ('status = "final"', 'status = "draft"')))
    pdf = next(
        p for p in export_all(draft, tmp_path, lang="ja", pamphlets=()) if p.suffix == ".pdf"
    )
    pages = _run("pdftotext", str(pdf), "-").split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 2
    assert all("下書き：保険会社の料率表と照合前です" in page for page in pages)


def test_final_rates_carry_no_draft_mark(exported):
    assert "DRAFT" not in _run("pdftotext", str(_pdf(exported)), "-")
    assert "下書き" not in _run("pdftotext", str(_pdf(exported)), "-")
