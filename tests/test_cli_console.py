"""Every staff command where staff work: a Japanese Windows console, output that cannot be
written, argument mistakes and --help in the person's language; one line, never a traceback.

`PYTHONIOENCODING=cp932` is what Python does on a Japanese Windows console when the output is
redirected or in Git Bash: a character outside cp932 (an em dash, ¥) must never stop a command.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
from pathlib import Path

import pytest
from conftest import CYBERQUOTE, RATES_FILE, RATES_TEXT, ROOT, edited
from cyberquote.words import catalogue
from cyberstaff import cli

KANA = re.compile(r"[ぁ-んァ-ヶ]")


def cp932(*args: str, cwd: Path = ROOT, stdout: str = "cp932") -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of the command on a cp932 console; both streams must be
    cp932 text (a UnicodeEncodeError would have stopped the command first), but `rates table`
    writes its file's bytes (UTF-8: `> premiums.csv` opens in Excel)."""
    env = {k: v for k, v in os.environ.items() if k not in ("CYBERQUOTE_YEAR", "PYTHONUTF8")}
    result = subprocess.run(
        [str(CYBERQUOTE), *args],
        cwd=cwd,
        env={**env, "PYTHONIOENCODING": "cp932", "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        timeout=300,
        check=False,
    )
    out, err = result.stdout.decode(stdout), result.stderr.decode("cp932")
    assert "Traceback" not in err and "Error:" not in err, err
    return result.returncode, out, err


@pytest.fixture
def office(staff_folder: Path) -> Path:
    """Staff's folder, one category's label with an em dash and a yen sign (neither is in
    cp932)."""
    text = edited(RATES_TEXT, ('en = "Category I"', 'en = "Category I — ¥"'))
    (staff_folder / "rates" / "2024.toml").write_text(text, "utf-8")
    return staff_folder


def test_a_renewal_runs_on_a_cp932_console(office: Path) -> None:
    book = office / "保険料表-2025.xlsx"
    steps = [
        (["rates", "new", "2025"], 0),
        (["rates", "sheet", "rates/2025.toml", "--out", str(book)], 0),
        (["rates", "import", str(book), "--into", "rates/2025.toml"], 0),
        (["rates", "check", "rates/2025.toml"], 1),  # a draft
        (["rates", "check", "rates/2024.toml"], 0),
        (["rates", "diff", "rates/2024.toml", "rates/2025.toml", "--lang", "en"], 0),
        (["rates", "diff", "rates/2024.toml", str(RATES_FILE), "--format", "md",
          "--lang", "en"], 0),
        (["rates", "diff", "rates/2024.toml", "rates/2025.toml", "--format", "xlsx",
          "--out", str(office / "diff.xlsx")], 0),
        (["quote", "--industry", "it", "--revenue", "2億", "--today", "2024-03-01"], 0),
        (["quote", "--category", "I", "--revenue", "1億", "--rates", "rates/2024.toml",
          "--lang", "en"], 0),
        (["deploy", "nginx", "--prefix", "/cyber/", "--root", "/var/www/cyber"], 0),
    ]  # fmt: skip
    for args, code in steps:
        got, out, err = cp932(*args, cwd=office)
        assert got == code, (args, out, err)
    assert cp932("rates", "table", "--lang", "en", cwd=office, stdout="utf-8")[0] == 0
    assert "Category I ? ?" in cp932("rates", "diff", "rates/2024.toml", str(RATES_FILE),
                                     "--lang", "en", cwd=office)[1]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["quote", "--industry", "it", "--revenue", "abc"], 2, "「abc」"),
        (["rates", "check", "rates/2031.toml"], 1, "ファイルがありません"),
        (["rates", "check", "/dev/zero"], 1, "普通のファイルではありません"),
        (["rates", "new", "2024"], 2, "上書きはしません"),
        (["rates", "sheet", "--out", "rates/2024.toml"], 2, "上書きはしません"),
        (["rates", "import", "book.xls", "--into", "rates/2025.toml"], 1, ".xlsx"),
        (["rates", "diff", "rates/2024.toml", "rates/2024.toml", "--out", "no/such/d.md"], 2,
         "no/such/d.md に書き込めません: ファイルまたはフォルダーがありません"),
        (["rates", "table", "--format", "xlsx"], 2, "'xlsx' は選べません"),
        (["site", "publish", "--to", ""], 2, "--to"),
        (["site", "preview", "--port", "99999"], 2, "99999"),
        (["export", "--out", "out", "--rates", "rates/2031.toml"], 1, "ファイルがありません"),
        (["deploy", "nginx", "--prefix", "/a b/"], 2, "--prefix"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)  # fmt: skip
def test_a_mistake_is_told_in_japanese_on_a_cp932_console(
    office: Path, args: list[str], code: int, words: str
) -> None:
    if "import" in args:  # a draft to import into, and Excel 97's file
        assert cp932("rates", "new", "2025", cwd=office)[0] == 0
        (office / "book.xls").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
    got, _, err = cp932(*args, cwd=office)
    assert got == code and words in err and KANA.search(err), err


def test_what_the_commands_say_in_japanese_is_all_cp932() -> None:
    """The words a command prints (not the site's own pages) hold no character a Japanese
    Windows console lacks, so nothing shows as "?" (the em dash of `rates check`, ¥)."""
    printed = (
        "terms", "amount", "date", "band", "quote", "table", "check", "diff", "sheet", "export",
        "cli", "argparse", "new_draft", "renewal", "deploy", "site_build", "publish", "rates",
        "toml", "kind", "rates_table", "field", "renewal_checks",
    )  # fmt: skip
    outside = {
        key: [c for c in entry["ja"] if not c.encode("cp932", "ignore")]
        for key, entry in catalogue().items()
        if key.split(".")[0] in printed
    }
    assert {key: chars for key, chars in outside.items() if chars} == {}


@pytest.mark.parametrize(
    "args", [[], ["rates", "import"], ["site", "publish"], ["deploy"]], ids=" ".join
)
def test_help_reads_in_japanese_and_in_english(args: list[str]) -> None:
    code, ja, _ = cp932(*args, "--help")
    assert code == 0 and ja.startswith("使い方: cyberquote")
    assert "オプション:" in ja and "この説明を表示して終了します" in ja
    assert not re.search(r"usage:|options:|show this help|positional arguments", ja)
    code, en, _ = cp932(*args, "--help", "--lang", "en")
    assert code == 0 and en.startswith("usage: cyberquote") and not KANA.search(en)


@pytest.mark.parametrize(
    ("args", "ja", "en"),
    [
        (
            ["rates", "import", "book.xlsx"],
            "cyberquote: 指定が正しくありません: 次の指定が必要です: --into"
            "（使い方: cyberquote rates import --help）",
            "cyberquote: the following arguments are required: --into"
            " (see cyberquote rates import --help)",
        ),
        (
            ["rates", "new", "次の年"],
            "cyberquote: 指定が正しくありません: year: '次の年' は読めません（数字で書いてください）"
            "（使い方: cyberquote rates new --help）",
            "cyberquote: argument year: invalid int value: '次の年'"
            " (see cyberquote rates new --help)",
        ),
        (
            ["quote", "--industry", "it", "--revenue", "1", "--colour", "red"],
            "cyberquote: 指定が正しくありません: 知らない指定です: --colour red"
            "（使い方: cyberquote --help）",
            "cyberquote: unrecognized arguments: --colour red (see cyberquote --help)",
        ),
        (
            ["quote", "--revenue", "1"],
            "cyberquote: 指定が正しくありません: 次のどれか一つを指定してください: "
            "--industry --category（使い方: cyberquote quote --help）",
            "cyberquote: one of the arguments --industry --category is required"
            " (see cyberquote quote --help)",
        ),
    ],
    ids=["missing", "not a number", "unknown option", "one of"],
)
def test_an_argument_mistake_is_one_line_in_one_language(args: list[str], ja: str, en: str) -> None:
    code, out, err = cp932(*args)
    assert (code, out, err) == (2, "", ja + "\n")
    code, out, err = cp932(*args, "--lang", "en")
    assert (code, out, err) == (2, "", en + "\n")


def test_every_command_and_option_has_help_in_both_languages() -> None:
    """A command or option added without its words in cli._HELP_WORDS shows up here."""

    def helps(parser: argparse.ArgumentParser, place: str = "") -> dict[str, str]:
        found = {place: parser.description or ""}
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    found[f"{place} {choice.dest} (listed)"] = choice.help or ""
                for name, sub in action.choices.items():
                    found |= helps(sub, f"{place} {name}".strip())
            elif action.dest != "help":
                found[f"{place} {action.option_strings or action.dest}"] = action.help or ""
        return found

    with cli._argparse_words("ja"):
        ja = helps(cli._parser("ja"))
    with cli._argparse_words("en"):
        en = helps(cli._parser("en"))
    assert len(ja) > 50
    assert [place for place, text in ja.items() if not re.search(r"[ぁ-んァ-ヶ一-龥]", text)] == []
    assert [place for place, text in en.items() if not text or KANA.search(text)] == []


def test_output_to_a_full_disk_is_one_line() -> None:
    with open("/dev/full", "wb") as full:
        for args in (["rates", "check"], ["rates", "table", "--format", "csv"], ["--help"]):
            result = subprocess.run(
                [str(CYBERQUOTE), *args], cwd=ROOT, stdout=full, stderr=subprocess.PIPE,
                text=True, timeout=60, check=False,
            )  # fmt: skip
            assert result.returncode == 2, args
            assert result.stderr.splitlines()[-1:] == [
                "cyberquote: 結果を出力できませんでした: ディスクに空きがありません"
            ]
            assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


def test_a_closed_stdout_is_one_line_and_nothing_done(office: Path) -> None:
    result = subprocess.run(
        ["sh", "-c", f'exec "{CYBERQUOTE}" rates new 2025 >&-'],
        cwd=office, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == "cyberquote: 出力先（標準出力）が閉じているため、何もしませんでした。\n"
    assert not (office / "rates" / "2025.toml").exists()


def test_a_reader_that_stops_early_ends_the_command_quietly() -> None:
    for args in (
        ["rates", "table", "--format", "csv"],
        ["rates", "diff", str(RATES_FILE), str(RATES_FILE)],
    ):
        process = subprocess.Popen(
            [str(CYBERQUOTE), *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # `| head -0`
        assert process.wait(timeout=60) == 0
        assert process.stderr.read() == b""
        process.stderr.close()


def test_a_busy_port_suggests_another(office: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, out, err = cp932("site", "preview", "--port", str(port), cwd=office)
    assert code == 2 and out == ""
    assert f"ポート {port} で待ち受けできません" in err and "--port" in err
    assert len(err.splitlines()) == 1
