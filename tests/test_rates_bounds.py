"""The rates file's input bounds: what is not a rates file is refused in words, at once and
without reading it whole; phone numbers are ASCII; each text has a length fit for its place.

The kernel does the checks (`load_rates`, `parse_rates`), so a site build and the browser's worker refuse what
`rates check` refuses; the command says it in one line, never a traceback.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import CYBERQUOTE, RATES_TEXT, edited
from cyberquote import load_rates, parse_rates
from cyberquote.browser import Widget
from cyberquote.errors import RatesError
from cyberquote.schema import MAX_RATES_BYTES, NAME_CHARS, SENTENCE_CHARS


def check(path: Path | str, *args: str) -> subprocess.CompletedProcess[str]:
    """`cyberquote rates check PATH`, as staff run it (a hang fails the test, not the run)."""
    return subprocess.run(
        [str(CYBERQUOTE), "rates", "check", str(path), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
        check=False,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1 and result.stdout == ""
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    return line


def problems(text: str) -> list[str]:
    with pytest.raises(RatesError) as refused:
        parse_rates(text, name="2024.toml")
    return refused.value.lines("ja")


def test_a_fifo_is_refused_at_once_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "2024.toml"
    os.mkfifo(fifo)
    line = one_line(check(fifo))
    assert (
        line
        == f"{fifo}: 普通のファイルではありません（フォルダーや装置、名前付きパイプは料率ファイルになりません）"
    )


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/urandom", "/tmp"])
def test_a_device_or_folder_is_one_line_never_a_memory_error(path: str) -> None:
    line = one_line(check(path, "--lang", "en"))
    assert (
        line
        == f"{path}: not a regular file (a folder, a device or a named pipe is not a rates file)"
    )


def test_a_50_mb_file_is_refused_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "2024.toml"
    with big.open("wb") as file:
        file.truncate(50_000_000)  # sparse: the size is there, the bytes are not
    line = one_line(check(big))
    assert line == (
        f"{big}: 大きすぎます（50,000,000バイト）。料率ファイルは1,000,000バイトまでです。"
        "別のファイルを指定していないか確認してください"
    )


def test_the_browser_worker_refuses_an_oversized_text_with_the_same_words() -> None:
    padded = RATES_TEXT + "#" * MAX_RATES_BYTES + "\n"
    with pytest.raises(RatesError) as refused:
        Widget(padded)  # what the quote page's worker runs under Pyodide
    assert refused.value.problems == [
        f"<rates>: too large ({len(padded.encode()):,} bytes): a rates file has at most "
        "1,000,000 bytes. Check that you named the right file"
    ]


def test_a_file_saved_with_a_bom_is_read(tmp_path: Path) -> None:
    bom = tmp_path / "2024.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + RATES_TEXT.encode())
    assert load_rates(bom).year == 2024
    assert Widget("\ufeff" + RATES_TEXT).rates.year == 2024
    result = check(bom)
    assert result.returncode == 0 and f"{bom}: OK" in result.stdout
    assert f"お知らせ: {bom} の先頭に BOM" in result.stderr


@pytest.mark.parametrize(
    ("data", "ja"),
    [
        (
            RATES_TEXT.encode("cp932", "replace"),
            "Shift_JIS（メモ帳の「ANSI」）で保存されています（1行目から）。",
        ),
        (RATES_TEXT.encode("utf-16"), "UTF-16 で保存されています。"),
        (b"[meta]\nyear = 2024\n\x00\n", "3行目に NUL 文字（0x00）があります。"),
        (b"[meta]\nyear = 2024\n\x81 \n", "3行目に UTF-8 として読めない文字があります。"),
    ],
    ids=["shift_jis", "utf-16", "nul", "broken"],
)
def test_an_encoding_other_than_utf8_is_named_in_japanese(
    tmp_path: Path, data: bytes, ja: str
) -> None:
    path = tmp_path / "2024.toml"
    path.write_bytes(data)
    line = one_line(check(path))
    assert line.startswith(f"{path}: {ja}")
    assert "codec" not in line and "Unicode" not in line


@pytest.mark.parametrize(
    "tel", ["０３-3241-0230", "0٣-3241-0230", "03–3241–0230", "03-3241-0230 "], ids=repr
)
def test_a_phone_number_is_ascii_digits_and_hyphens_only(tel: str) -> None:
    text = edited(RATES_TEXT, ('tel = "03-3241-0230"', f'tel = "{tel}"'))
    assert [p for p in problems(text) if "contacts.secretariat.tel" in p] == [
        f"2024.toml: contacts.secretariat.tel: 03-3241-0230 のような電話番号ではありません（{tel!r}）"
    ]


def test_a_postcode_in_full_width_digits_is_refused() -> None:
    secretariat = 'en = "Policyholder (the cooperative)" }\npostcode = "103-0023"'
    text = edited(RATES_TEXT, (secretariat, secretariat.replace("103", "１０３")))
    assert [p for p in problems(text) if "contacts.secretariat.postcode" in p] != []


@pytest.mark.parametrize(
    ("field", "text", "key", "limit"),
    [
        ("label", "業種区分Ⅰ", "categories[0].label.ja", NAME_CHARS),
        (
            "description",
            "製造業、卸売・商社、小売業、建設業",
            "categories[0].description.ja",
            SENTENCE_CHARS,
        ),
    ],
    ids=["a name", "a sentence"],
)
def test_each_text_has_a_length_fit_for_its_place(
    field: str, text: str, key: str, limit: int
) -> None:
    def lengthened(n: int) -> str:
        old = f'{field} = {{ ja = "{text}"'
        return edited(RATES_TEXT, (old, f'{field} = {{ ja = "{text}{"あ" * (n - len(text))}"'))

    assert parse_rates(lengthened(limit))  # the limit itself is allowed
    assert [p for p in problems(lengthened(limit + 1)) if key in p] == [
        f"2024.toml: {key}: 長すぎます（{limit + 1}文字）。ここは{limit}文字までです"
    ]


def test_a_description_at_its_limit_still_prints_the_tables_on_two_pages(tmp_path: Path) -> None:
    """The issue's case: a 2,000-character description made the table PDF three pages and the
    build failed after `rates check` passed; at SENTENCE_CHARS the export's own checks pass."""
    from cyberstaff.export import export_all

    old = 'description = { ja = "製造業、卸売・商社、小売業、建設業"'
    rates = parse_rates(
        edited(RATES_TEXT, (old, f'description = {{ ja = "{"あ" * SENTENCE_CHARS}"'))
    )
    written = export_all(rates, tmp_path / "out", lang="ja", pamphlets=())
    assert any(path.suffix == ".pdf" for path in written)
