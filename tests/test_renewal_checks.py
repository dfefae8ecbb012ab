"""What stops a renewal, against last year's file, in `rates check`, the build and `rates new`:
a premium or limit far from last year's, a premium not in whole ten yen, a limit not in whole 万円,
a final file citing last year's source; each let through only when [confirmed] names it by code,
and the diff the approver reads marks it. Deadline facts are not repeated on every command.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import RATES_TEXT, edited
from cyberquote import RatesError, parse_rates
from cyberquote.rates import far_from
from cyberrenewal.renewal import new_draft
from cyberstaff.cli import main
from cyberstaff.project import RatesChoice

DRAFT = new_draft(RATES_TEXT, 2025)
FINAL = ('status = "draft"', 'status = "final"')
SOURCE_2025 = ("SJ23-10043（2023年11月14日承認）", "SJ99-00000（試験用の番号）")
FAR_DC8 = (
    "rates/2025.toml: premiums.IV[7].C (DC8): 前年度の4,008,720円から40,087,200円（+900%）に"
    "変わります。前年度の3分の2～1.5倍を外れるため、桁や列の打ち間違いとみなして止めています。"
)


def confirm(text: str, premiums: str = "", limits: str = "") -> str:
    return edited(
        text, ("premiums = []", f"premiums = [{premiums}]"), ("limits = []", f"limits = [{limits}]")
    )


def check(
    staff_folder: Path, text: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[str]]:
    (staff_folder / "rates" / "2025.toml").write_text(text, "utf-8")
    code = main(["rates", "check", "rates/2025.toml"])
    out = capsys.readouterr()
    return code, (out.err + out.out).splitlines()


def test_the_band_holds_a_renewal_and_not_a_slip() -> None:
    assert not far_from(15_000, 10_000) and not far_from(6_670, 10_000)
    assert far_from(15_010, 10_000) and far_from(6_660, 10_000)
    assert far_from(100_000, 10_000) and far_from(1_000, 10_000)  # a tenfold, a tenth


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("C = 4_008_720 }", "C = 40_087_200 }", "premiums.IV[7].C (DC8): 前年度の4,008,720円から40,087,200円（+900%）"),
        ("A =    16_740,", "A =     1_670,", "premiums.I[0].A (AA1): 前年度の16,740円から1,670円（-90%）"),
    ],
    ids=["tenfold", "tenth"],
)  # fmt: skip
def test_a_tenfold_or_a_tenth_stops_rates_check(
    staff_folder: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, key: str
) -> None:
    code, lines = check(staff_folder, edited(DRAFT, (old, new)), capsys)
    assert code == 1
    assert next(line for line in lines if "前年度の" in line).startswith(
        f"rates/2025.toml: {key}に変わります"
    )


def test_a_confirmed_change_passes_and_the_diff_marks_it(
    staff_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = edited(DRAFT, ("C = 4_008_720 }", "C = 40_087_200 }"), FINAL, SOURCE_2025)
    code, lines = check(staff_folder, text, capsys)
    assert code == 1 and FAR_DC8 in lines[0]
    code, lines = check(staff_folder, confirm(text, '"DC8"'), capsys)
    assert code == 0, lines
    assert main(["rates", "diff", "rates/2024.toml", "rates/2025.toml"]) == 0
    assert "DC8（確認済み）" in capsys.readouterr().out


def test_a_premium_not_in_whole_ten_yen_is_an_error_unless_confirmed(
    staff_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = edited(DRAFT, ("A =    16_740,", "A =    16_743,"))
    code, lines = check(staff_folder, text, capsys)
    assert code == 1
    assert lines[0].startswith(
        "rates/2025.toml: premiums.I[0].A (AA1): 16,743円は10円単位ではありません"
    )
    code, lines = check(staff_folder, confirm(text, '"AA1"'), capsys)
    assert not any("10円単位" in line for line in lines), lines


def test_a_limit_far_from_last_year_or_not_in_whole_man_yen_stops_unless_confirmed(
    staff_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = edited(
        DRAFT, ("liability_limit_yen = 100_000_000", "liability_limit_yen = 1_000_000_000")
    )
    code, lines = check(staff_folder, text, capsys)
    assert code == 1
    assert lines[0].startswith(
        "rates/2025.toml: plans[2].liability_limit_yen: 前年度の100,000,000円から1,000,000,000円（+900%）に変わります"
    )
    odd = edited(
        DRAFT, ("response_cost_limit_yen = 1_000_000", "response_cost_limit_yen = 1_000_500")
    )
    code, lines = check(staff_folder, odd, capsys)
    assert lines[0].startswith(
        "rates/2025.toml: plans[0].response_cost_limit_yen: 1,000,500円は万円単位ではありません"
    )
    for confirmed in (confirm(text, limits='"C"'), confirm(odd, limits='"A"')):
        code, lines = check(staff_folder, confirmed, capsys)
        assert lines == [line for line in lines if "plans[" not in line], lines


def test_an_unknown_code_in_confirmed_is_named(
    staff_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = check(staff_folder, confirm(DRAFT, '"DC9"', '"Z"'), capsys)
    assert code == 1
    assert (
        "rates/2025.toml: confirmed.premiums[0]: DC9 という保険料のコードはありません（AC8 のように、業種区分の文字・プラン・売上高区分の番号）"
        in lines
    )
    assert (
        "rates/2025.toml: confirmed.limits[0]: Z というプランはありません（A・B・C のようなプランの文字）"
        in lines
    )


def test_the_build_refuses_a_tenfold_premium(staff_folder: Path) -> None:
    text = edited(DRAFT, ("C = 4_008_720 }", "C = 40_087_200 }"), FINAL, SOURCE_2025)
    (staff_folder / "rates" / "2025.toml").write_text(text, "utf-8")
    with pytest.raises(RatesError) as caught:
        RatesChoice().build_path(staff_folder)
    assert FAR_DC8 in caught.value.lines("ja")[0]
    (staff_folder / "rates" / "2025.toml").write_text(confirm(text, '"DC8"'), "utf-8")
    assert RatesChoice().build_path(staff_folder) == staff_folder / "rates" / "2025.toml"


def test_rates_new_empties_last_years_confirmations() -> None:
    source = confirm(RATES_TEXT, '"AC8",  # raised by the insurer\n  "BC8",\n', '"C"')
    assert parse_rates(source).confirmed.premiums == {"AC8", "BC8"}
    draft = new_draft(source, 2025)
    assert "premiums = []\nlimits = []\n" in draft
    assert parse_rates(draft).confirmed.premiums == frozenset()


def test_deadline_facts_are_said_by_rates_new_not_by_every_check(
    staff_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rates", "new", "2025"]) == 0
    said = capsys.readouterr().err
    assert "2025年3月15日（土）は土曜日で、幹事代理店の休業日です" in said
    assert "サイトはこの締切に休業日の印を付けて会員に示すので、このままで公開できます" in said
    main(["rates", "check", "rates/2025.toml"])
    assert "休業日" not in capsys.readouterr().err


MOVED = (
    "moved_deadlines = []",
    "moved_deadlines = [{ start = 2025-04-01, deadline = 2025-03-14 }]",
)


def test_a_deadline_the_insurer_moved_is_the_one_the_site_and_the_checks_use() -> None:
    from cyberquote.schedule import join_dates, schedule_dict
    from cyberrenewal.checks import deadline_warnings
    from cyberrenewal.diff import diff_rates
    from cyberrenewal.diff_report import format_diff

    rule, moved = parse_rates(DRAFT), parse_rates(edited(DRAFT, MOVED))
    april = [
        j.deadline.isoformat() for r in (rule, moved) for j in join_dates(r) if j.start.month == 4
    ]
    assert april == ["2025-03-15", "2025-03-14"]  # a Saturday by the rule, the Friday moved
    assert '"start": "2025-04-01", "deadline": "2025-03-14"' in json.dumps(schedule_dict(moved))
    said = [w.problem.key for w in deadline_warnings(moved)]
    assert len(said) == len(deadline_warnings(rule)) - 1 and "2025年3月15日" not in str(said)
    text = format_diff(diff_rates(parse_rates(RATES_TEXT), moved), "ja")
    assert (
        "2025年4月1日開始分の申込締切（保険会社が変更）  2025年3月15日        2025年3月14日" in text
    )


def test_a_moved_deadline_must_be_a_start_of_the_period_before_its_deadline() -> None:
    wrong = (MOVED[0], "moved_deadlines = [{ start = 2025-04-02, deadline = 2025-03-14 }, "
                       "{ start = 2025-05-01, deadline = 2025-05-03 }]")  # fmt: skip
    with pytest.raises(RatesError) as caught:
        parse_rates(edited(DRAFT, wrong), name="rates/2025.toml")
    assert caught.value.lines("ja") == [
        "rates/2025.toml: midterm.moved_deadlines[0].start: 2025-04-02 は保険期間中の途中加入の始期"
        "（各月1日）ではありません。保険会社が締切を動かした月の始期を書いてください",
        "rates/2025.toml: midterm.moved_deadlines[1].deadline: 締切 2025-05-03 が始期 2025-05-01 "
        "より前になっていません。保険会社の知らせた締切日を書いてください",
    ]


def test_rates_new_empties_last_years_moved_deadlines() -> None:
    moved = edited(DRAFT, MOVED)
    assert "moved_deadlines = []\n" in new_draft(moved, 2026)
    assert parse_rates(new_draft(moved, 2026)).midterm.moved_deadlines == ()


def test_a_confirmation_that_confirms_nothing_is_warned_to_be_taken_out(
    staff_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = check(staff_folder, confirm(DRAFT, '"AA1"', '"B"'), capsys)
    assert code == 1  # a draft
    assert (
        '警告: rates/2025.toml: confirmed.premiums: [confirmed] の "AA1" は要りません（前年度から'
        "大きくは変わっておらず、端数もありません）。承認する人が読む変更点に「確認済み」と出ないよう、"
        "消してください" in lines
    )
    assert any(
        line.startswith('警告: rates/2025.toml: confirmed.limits: [confirmed] の "B"')
        for line in lines
    )
    tenfold = confirm(edited(DRAFT, ("C = 4_008_720 }", "C = 40_087_200 }")), '"DC8"')
    code, lines = check(staff_folder, tenfold, capsys)
    assert not any("は要りません" in line for line in lines), lines
