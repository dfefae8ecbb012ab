"""`cyberquote export` run as staff run it (issue 5): a subprocess, its exit code and stderr.

A broken rates file must stop the export with the validation messages and leave no file behind.
"""

from __future__ import annotations

import pathlib
import subprocess

import pytest
from conftest import CYBERQUOTE, RATES_FILE, RATES_TEXT, ROOT, edited
from cyberquote import RatesError, load_rates

BROKEN = {
    # a premium of the wrong sign, and a band bound out of order
    "bad-values": edited(
        RATES_TEXT,
        ("{ A =    16_740,", "{ A =   -16_740,"),
        ("  500_000_000,        # 2", "  250_000_000,        # 2"),
    ),
    # a table of 7 rows for 8 bands
    "missing-row": edited(
        RATES_TEXT,
        ("  { A =   234_780, B =   309_940, C =   399_460 },   # BA8 BB8 BC8 100億円まで\n", ""),
    ),
}


def _export(
    out: pathlib.Path, *args: str, cwd: pathlib.Path = ROOT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CYBERQUOTE, "export", "--out", out, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_rates_fail_with_the_validation_messages_and_write_nothing(name, tmp_path):
    text = BROKEN[name]
    broken = tmp_path / "2024.toml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(RatesError) as err:
        load_rates(broken)
    out = tmp_path / "out"
    result = _export(out, "--rates", str(broken))
    assert result.returncode == 1  # 1: a rates file with problems (cli.py)
    assert err.value.problems
    for problem in err.value.lines("ja"):  # the CLI speaks Japanese by default
        # each message names the file as given; compare what follows the file name
        assert problem.split(": ", 1)[1] in result.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024.toml"]


def test_broken_rates_leave_an_existing_directory_untouched(tmp_path):
    broken = tmp_path / "2024.toml"
    broken.write_text(BROKEN["missing-row"], encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "premiums-2024.pdf").write_bytes(b"last year's good file")
    result = _export(out, "--rates", str(broken))
    assert result.returncode == 1  # 1: a rates file with problems (cli.py)
    assert [p.name for p in out.iterdir()] == ["premiums-2024.pdf"]
    assert (out / "premiums-2024.pdf").read_bytes() == b"last year's good file"


def test_a_pdf_that_fails_its_checks_exits_4_naming_the_problem_not_as_broken_rates(tmp_path):
    # A label the rates file accepts but no installed font draws (an Egyptian hieroglyph): the
    # rates load, the PDF's own check refuses it. Exit 1 would send staff to a sound rates file.
    drawn_by_no_font = edited(
        RATES_TEXT,
        (
            'label = { ja = "業種区分Ⅰ", en = "Category I" }',
            'label = { ja = "業種区分Ⅰ𓀀", en = "Category I 𓀀" }',
        ),
    )
    rates_file = tmp_path / "2024.toml"
    rates_file.write_text(drawn_by_no_font, encoding="utf-8")
    load_rates(rates_file)  # a sound rates file
    out = tmp_path / "out"
    for lang, head in (("ja", "何も書き出していません"), ("en", "nothing was written")):
        result = _export(out, "--rates", str(rates_file), "--lang", lang)
        assert result.returncode == 4, result.stderr
        first, *problems = result.stderr.strip().splitlines()
        assert head in first
        assert problems == ["premiums-2024.pdf: font IPAexGothic has no glyph for '𓀀'"]
    assert not out.exists()


def test_cli_exports_the_english_files(tmp_path):
    out = tmp_path / "en"
    result = _export(out, "--rates", str(RATES_FILE), "--lang", "en")
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        ["premiums-2024.pdf", "premiums-2024.csv", "premiums-2024-grid.csv"]
        + [f"premiums-2024-{c}.html" for c in ("I", "II", "III", "IV")]
        + ["pamphlet-2024-ja.pdf", "pamphlet-2024-en.pdf"]  # the pamphlet in both languages
    )
    grid = (out / "premiums-2024-grid.csv").read_text(encoding="utf-8-sig")
    assert "Annual revenue" in grid and "up to" in grid
    assert "まで" not in grid


def test_export_works_from_any_folder(rates, tmp_path: pathlib.Path) -> None:
    elsewhere = tmp_path / "desktop"
    elsewhere.mkdir()
    result = _export(tmp_path / "out", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    year = rates.year
    assert (tmp_path / "out" / f"pamphlet-{year}-ja.pdf").stat().st_size > 0
    assert (tmp_path / "out" / f"pamphlet-{year}-en.pdf").stat().st_size > 0


def test_unknown_language_is_refused_as_bad_input(tmp_path):
    out = tmp_path / "out"
    result = _export(out, "--lang", "fr")
    assert result.returncode == 2
    assert "fr" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_export_to_an_existing_file_says_so_in_one_line(tmp_path: pathlib.Path, lang: str) -> None:
    target = tmp_path / "premiums.pdf"
    target.write_bytes(b"kept")
    done = _export(target, "--lang", lang)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert ("ファイルです" if lang == "ja" else "is a file, not a folder") in done.stderr
    assert "Traceback" not in done.stderr
    assert target.read_bytes() == b"kept"


@pytest.mark.parametrize("out", ["/proc/cq-export", "/proc/self/cq/export"])
def test_export_to_an_unwritable_place_says_so_in_one_line(out: str) -> None:
    # /proc refuses new folders even to root, like a read-only share would
    done = _export(pathlib.Path(out))
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "書き込めません" in done.stderr and "Traceback" not in done.stderr
