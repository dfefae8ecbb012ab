"""`rates check` refuses a character the PDFs' font cannot draw, so a build never fails on it
after the check passed (the premium table and the pamphlet are set in IPAex Gothic)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import CYBERQUOTE, RATES_TEXT, edited
from cyberdocs.glyphs import drawable, font_file, undrawable

LABEL = 'label = { ja = "業種区分Ⅰ"'


def test_the_font_is_the_one_fontconfig_gives_the_pdf() -> None:
    path = font_file()
    assert path is not None and path.is_file(), "install fonts-ipaexfont-gothic"
    assert ord("吉") in (drawable() or ()) and 0x20BB7 not in (drawable() or ())


def test_without_fontconfig_the_font_is_found_in_windows_font_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = font_file()
    assert real is not None
    (tmp_path / "Fonts").mkdir()
    (tmp_path / "Fonts" / "ipaexg.ttf").symlink_to(real)
    monkeypatch.setenv("PATH", str(tmp_path))  # no fc-match
    monkeypatch.setenv("WINDIR", str(tmp_path))
    assert font_file() == tmp_path / "Fonts" / "ipaexg.ttf"


def test_every_text_of_the_real_rates_file_can_be_drawn() -> None:
    assert undrawable(RATES_TEXT, "rates/2024.toml") == []


@pytest.mark.parametrize(
    ("inserted", "named"),
    [
        ("𠮷田", "「𠮷」(U+20BB7)"),
        ("保険😀", "「😀」(U+1F600)"),
        ("注意\u26a0\ufe0f", "「\ufe0f」(U+FE0F)"),
    ],
    ids=["kanji outside JIS", "emoji", "variation selector"],
)
def test_rates_check_names_the_character_and_its_key(
    tmp_path: Path, inserted: str, named: str
) -> None:
    path = tmp_path / "2024.toml"
    path.write_text(edited(RATES_TEXT, (LABEL, f'label = {{ ja = "{inserted}業種区分Ⅰ"')), "utf-8")
    result = subprocess.run(
        [str(CYBERQUOTE), "rates", "check", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert "Traceback" not in result.stderr
    line = next(x for x in result.stderr.splitlines() if "categories[0].label.ja" in x)
    assert named in line and "PDFのフォント（IPAexGothic）にない文字" in line
