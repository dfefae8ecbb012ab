"""The staff CLI, run as staff run it: the installed `cyberquote` script in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import CYBERQUOTE, RATES_TEXT, ROOT, edited
from cyberquote import Rates, quote

KANA = re.compile(r"[ぁ-んァ-ヶ]")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CYBERQUOTE_YEAR"}
    return subprocess.run(
        [str(CYBERQUOTE), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int = 2) -> str:
    assert result.returncode == code
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cyberquote: ")
    return lines[0]


IT_QUOTE = ["quote", "--industry", "it", "--revenue", "2億5千万", "--plan", "B"]


def test_quote_answers_in_japanese_by_default() -> None:
    result = run(*IT_QUOTE, "--today", "2024-05-15")
    assert result.returncode == 0 and result.stderr == ""
    for text in ("業種区分Ⅳ", "DB1", "483,470円", "2024年6月1日", "2024年5月15日", "エクセル"):
        assert text in result.stdout
    assert "¥" not in result.stdout


def test_quote_answers_in_english_with_lang_en() -> None:
    result = run(*IT_QUOTE, "--today", "2024-05-15", "--lang", "en")
    assert result.returncode == 0 and result.stderr == ""
    for text in ("Category IV", "DB1", "¥483,470", "1 June 2024", "15 May 2024", "Excel Co., Ltd."):
        assert text in result.stdout
    assert "円" not in result.stdout


def test_quote_marks_the_chosen_plan_among_all_three() -> None:
    out = run(*IT_QUOTE, "--today", "2024-05-15").stdout
    rows = [line for line in out.splitlines() if re.match(r"\s*(→\s*)?[ABC]\s+D[ABC]1\s", line)]
    assert [re.search(r"D[ABC]1", row)[0] for row in rows] == ["DA1", "DB1", "DC1"]
    assert ["→" in row for row in rows] == [False, True, False]


@pytest.mark.parametrize(
    ("args", "ja", "en"),
    [
        (["--industry", "finance", "--revenue", "1億"], "加入対象外", "not eligible"),
        (["--industry", "it", "--revenue", "200億1円"], "加入できません", "not available"),
        (
            ["--category", "II", "--revenue", "150億"],
            "保険料表（100億円まで）の範囲外",
            "above the premium tables",
        ),
    ],
    ids=["excluded industry", "above the cap", "individual quote"],
)
def test_not_eligible_or_not_in_the_table_is_still_an_answer(
    args: list[str], ja: str, en: str
) -> None:
    for lang, expected in (("ja", ja), ("en", en)):
        result = run("quote", *args, "--today", "2024-03-01", "--lang", lang)
        assert result.returncode == 0, result.stderr
        assert expected in result.stdout


def test_quote_without_today_uses_the_current_day() -> None:
    result = run("quote", "--industry", "retail", "--revenue", "1億", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["eligible"] is True


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (
            [*IT_QUOTE, "--today", "2024-05-15"],
            {"industry": "it", "revenue": "2億5千万", "plan": "B", "today": date(2024, 5, 15)},
        ),
        (
            ["quote", "--category", "I", "--revenue", "150億", "--today", "2024-11-20"],
            {"category": "I", "revenue": 150 * 10**8, "today": date(2024, 11, 20)},
        ),
        (
            ["quote", "--industry", "isp", "--revenue", "1", "--today", "2024-02-01"],
            {"industry": "isp", "revenue": 1, "today": date(2024, 2, 1)},
        ),
    ],
    ids=["eligible", "individual after deadlines", "excluded"],
)
def test_json_output_equals_to_dict(rates: Rates, args: list[str], kwargs: dict) -> None:
    result = run(*args, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == quote(rates, **kwargs).to_dict()


@pytest.mark.parametrize(
    ("args", "ja", "en"),
    [
        (["quote", "--industry", "it", "--revenue", "abc"], "「abc」", "“abc” could not be read"),
        (["quote", "--industry", "it", "--revenue", "1.5"], "1円未満", "whole yen"),
        (["quote", "--industry", "it", "--revenue", "-1"], "マイナス", "negative"),
        (["quote", "--industry", "banking", "--revenue", "1億"], "「banking」", "“banking”"),
        (["quote", "--industry", "it", "--revenue", "1億", "--plan", "Z"], "「Z」", "“Z”"),
        (["quote", "--industry", "it"], "--revenue", "--revenue"),
        (["quote", "--revenue", "1億"], "--industry", "--industry"),
        (
            ["quote", "--industry", "it", "--category", "I", "--revenue", "1"],
            "--category",
            "--category",
        ),
        (
            ["quote", "--industry", "it", "--revenue", "1", "--today", "tomorrow"],
            "tomorrow",
            "tomorrow",
        ),
        ([], "{quote,rates,site,export,deploy}", "{quote,rates,site,export,deploy}"),
    ],
    ids=[
        "junk revenue",
        "fractional revenue",
        "negative revenue",
        "unknown industry",
        "unknown plan",
        "missing revenue",
        "missing industry",
        "industry and category",
        "bad today",
        "no command",
    ],
)
def test_bad_input_exits_2_with_one_line_in_each_language(
    args: list[str], ja: str, en: str
) -> None:
    line = assert_one_line_error(run(*args))
    assert ja in line and KANA.search(line)
    line = assert_one_line_error(run(*args, "--lang", "en"))
    assert en in line
    assert not KANA.search(re.sub(r"“.*?”", "", line)), line


def test_rates_check_of_the_real_file_is_one_line_and_exit_0() -> None:
    result = run("rates", "check", "rates/2024.toml")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [result.stdout.strip()]
    assert result.stdout.startswith("rates/2024.toml: OK")
    assert "96" in result.stdout


def test_rates_check_defaults_to_a_file_in_rates() -> None:
    result = run("rates", "check", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert re.match(r"rates/\d{4}\.toml: OK — policy year \d{4}, 4 categories", result.stdout)


def test_rates_check_lists_every_problem_of_a_broken_file(tmp_path: Path) -> None:
    text = edited(
        RATES_TEXT, ("B = 1_514_890,", "B = -1,"), ("deadline_day = 15", "deadline_day = 31")
    )
    text += "\n[discounts]\nearly_bird = 0.05\n"
    broken = tmp_path / "2024.toml"
    broken.write_text(text, "utf-8")
    result = run("rates", "check", str(broken), "--lang", "en")
    assert result.returncode == 1 and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert sorted(result.stderr.splitlines()) == sorted(
        [
            f"{broken}: discounts: unknown section",
            f"{broken}: midterm.deadline_day: expected a day of the month (1-28), got 31",
            f"{broken}: premiums.IV[3].B (DB4): expected a positive integer, got -1",
        ]
    )


def test_rates_check_of_a_missing_file_exits_1(tmp_path: Path) -> None:
    result = run("rates", "check", str(tmp_path / "2031.toml"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"{tmp_path / '2031.toml'}: ファイルがありません"


def test_rates_table_csv_has_a_bom_and_one_row_per_premium() -> None:
    result = subprocess.run(
        [str(CYBERQUOTE), "rates", "table", "rates/2024.toml", "--format", "csv"],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.startswith(b"\xef\xbb\xbf")
    text = result.stdout.decode("utf-8-sig")
    assert len(text.splitlines()) == 97
    rows = list(csv.reader(io.StringIO(text)))
    assert [row for row in rows if "AB3" in row and "53790" in row] != []
    assert [row for row in rows if "DC8" in row and "4008720" in row] != []


def test_rates_table_markdown_shows_the_brochure_rows() -> None:
    ja = run("rates", "table", "rates/2024.toml", "--format", "md")
    assert ja.returncode == 0
    assert "| 3億円まで | AA1 16,740円 | AB1 22,100円 | AC1 28,490円 |" in ja.stdout
    assert ja.stdout.count("| 100億円まで |") == 4
    en = run("rates", "table", "rates/2024.toml", "--format", "md", "--lang", "en")
    assert "AA1 ¥16,740" in en.stdout


def test_rates_table_html_has_the_four_tables() -> None:
    result = run("rates", "table", "rates/2024.toml", "--format", "html")
    assert result.returncode == 0
    assert result.stdout.count('<table class="cq-premiums"') == 4
    assert re.search(r'<td data-code="DC8"[^>]* data-premium="4008720"', result.stdout)


def test_rates_table_rejects_an_unknown_format() -> None:
    assert_one_line_error(run("rates", "table", "rates/2024.toml", "--format", "xlsx"))


@pytest.mark.parametrize(
    "args",
    [
        ["--industry", "it\x1b[2J\u202eevil", "--revenue", "1億"],
        ["--industry", "it", "--revenue", "1\x1b]0;pwned\x07億"],
        ["--industry", "it", "--revenue", "1億", "--plan", "Z" * 5000],
        ["--category", "V\u200b\u2066", "--revenue", "1億"],
        ["--industry", "it", "--revenue", "1億", "--start", "2024-\x1b[31m04"],
    ],
    ids=["terminal-escape-and-bidi", "osc-title", "5000-chars", "zero-width", "start"],
)
def test_echoed_input_is_cut_and_its_control_characters_escaped(args: list[str]) -> None:
    line = assert_one_line_error(run("quote", *args))
    assert len(line) < 200
    assert not [c for c in line if c in "\x1b\x07\u202e\u200b\u2066"]
    assert "\\x1b" in line or "\\u" in line or "…" in line
