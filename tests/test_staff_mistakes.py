"""The mistakes staff make at a renewal, each caught with a Japanese message naming the cell or key.

Every case starts from next year's draft (made from rates/2024.toml as `rates new` makes it) and
its workbook (as `rates sheet` writes it), makes one mistake the way a person would (in the
workbook with openpyxl, or in the TOML text), runs the staff command in-process, and expects the
whole message line. Workbook cells: sheet 業種区分Ⅰ, band n on row 4+n, plan A/B/C premiums in
columns C/E/G (their codes in B/D/F).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import RATES_TEXT, edited
from cyberquote import parse_rates
from cyberrenewal.renewal import new_draft
from cyberrenewal.sheet import write_sheet
from cyberstaff.cli import main
from openpyxl import load_workbook

DRAFT = new_draft(RATES_TEXT, 2025)
BOOK = "保険料表-2025.xlsx"
I = "業種区分Ⅰ"  # noqa: E741 - the sheet's name, as staff see it


def line_of(text: str) -> int:
    """The line number of `text` in the draft (a TOML mistake is told by its line)."""
    return next(n for n, line in enumerate(DRAFT.splitlines(), 1) if text in line)


@dataclass(frozen=True)
class Mistake:
    id: str
    make: Callable[[Path], list[str]]  # does the mistake in the folder, returns the command
    expected: str  # a whole line of the output (stderr, then stdout)


def workbook(**cells: object) -> Callable[[Path], list[str]]:
    """Type `cells` ({"業種区分Ⅰ!C5": value}) into the workbook, then import it."""

    def make(folder: Path) -> list[str]:
        book = load_workbook(folder / BOOK)
        for ref, value in cells.items():
            sheet, cell = ref.split("!")
            book[sheet][cell] = value
        book.save(folder / BOOK)
        return [
            "rates",
            "import",
            str(folder / BOOK),
            "--into",
            str(folder / "rates" / "2025.toml"),
        ]

    return make


def toml(old: str, new: str, command: str = "check") -> Callable[[Path], list[str]]:
    """Replace `old` (found once) by `new` in the draft, then check it (or diff it)."""

    def make(folder: Path) -> list[str]:
        path = folder / "rates" / "2025.toml"
        path.write_text(edited(path.read_text("utf-8"), (old, new)), "utf-8")
        if command == "diff":
            return ["rates", "diff", str(folder / "rates" / "2024.toml"), str(path)]
        return ["rates", "check", str(path)]

    return make


def deep(folder: Path) -> list[str]:
    path = folder / "rates" / "2025.toml"
    path.write_text(DRAFT + "\nextra = " + "[" * 500 + "]" * 500 + "\n", "utf-8")
    return ["rates", "check", str(path)]


F = "rates/2025.toml"
W = BOOK
MISTAKES = [
    Mistake(
        "plans B and C swapped in a row",
        workbook(**{f"{I}!E5": 28_490, f"{I}!G5": 22_100}),
        f"{W}: AC1 ({I}!G5): プランB（AB1 28,490円）より高くしてください（22,100円）。プランの列が入れ替わっていませんか",
    ),
    Mistake(
        "a premium typed ten times too big mid-table",
        workbook(**{f"{I}!C6": 312_600}),
        f"{W}: AB2 ({I}!E6): プランA（AA2 312,600円）より高くしてください（41,260円）。プランの列が入れ替わっていませんか",
    ),
    Mistake(
        "a premium typed ten times too big at the top: stopped against last year",
        workbook(**{"業種区分Ⅳ!G12": 40_087_200}),
        f'{W}: DC8 (業種区分Ⅳ!G12): 前年度の4,008,720円から40,087,200円（+900%）に変わります。前年度の3分の2～1.5倍を外れるため、桁や列の打ち間違いとみなして止めています。保険会社の料率表と照らして、打ち間違いなら直してください。料率表どおりなら、[confirmed] の premiums に "DC8" を加えてください（差分に「確認済み」と出ます）',
    ),
    Mistake(
        "a premium cell left blank",
        workbook(**{f"{I}!C7": None}),
        f"{W}: AA3 ({I}!C7): 空欄です。保険料を数字で入力してください",
    ),
    Mistake(
        "text that is no number",
        workbook(**{f"{I}!E8": "未定"}),
        f"{W}: AB4 ({I}!E8): 「未定」は金額として読めません。円単位の数字で入力してください（例: 17240、17,240、17240円）。",
    ),
    Mistake(
        "a fraction of a yen",
        workbook(**{f"{I}!C9": 65_860.5}),
        f"{W}: AA5 ({I}!C9): 65860.5 には1円未満の端数があります。円単位の整数で入力してください",
    ),
    Mistake(
        "a zero premium",
        workbook(**{f"{I}!G10": 0}),
        f"{W}: AC6 ({I}!G10): 1以上の整数ではありません（0）",
    ),
    Mistake(
        "an amount beyond any premium",
        workbook(**{f"{I}!G12": 1_832_800_000}),
        f"{W}: AC8 ({I}!G12): 大きすぎます（上限 100,000,000円、入力は 1,832,800,000）",
    ),
    Mistake(
        "a code overwritten",
        workbook(**{f"{I}!D6": "AB２x"}),
        f"{W}: AB2: ブックにこのコードのセルがありません。コードの列を消したり書き換えたりしていないか確認してください",
    ),
    Mistake(
        "a row pasted twice",
        workbook(**{f"{I}!B14": "AA1", f"{I}!C14": 16_740}),
        f"{W}: AA1: ブックに2回あります（{I}!C5 と {I}!C14）。片方を消してください",
    ),
    Mistake(
        "a premium lower than the band below",
        workbook(**{f"{I}!C8": 40_000}),
        f"{W}: AA4 ({I}!C8): 一つ下の売上高区分（AA3 40,740円）より高くしてください（40,000円）",
    ),
    Mistake(
        "a response-cost limit above the liability limit",
        workbook(**{"保険金額!C3": 40_000_000}),
        f"{F}: plans[0].response_cost_limit_yen: 賠償責任の保険金額（総支払限度額）を超えています",
    ),
    Mistake(
        "a misspelt key under [terms]",
        toml("deductible_yen = 0", "deductable_yen = 0"),
        f"{F}: terms.deductable_yen: 知らないキーです（deductible_yen の書き間違いではありませんか）",
    ),
    Mistake(
        "members_only, which nothing reads",
        toml("[eligibility]\n", "[eligibility]\nmembers_only = true\n"),
        f"{F}: eligibility.members_only: 知らないキーです（綴りを確認してください）",
    ),
    Mistake(
        "an unknown key in a contact",
        toml('tel = "03-3241-0230"', 'tel = "03-3241-0230"\nemail = "info@example.jp"'),
        f"{F}: contacts.secretariat.email: 知らないキーです（綴りを確認してください）",
    ),
    Mistake(
        "17,240 typed into the TOML",
        toml("{ A =    16_740,", "{ A =    17,240,"),
        f"{F}: {line_of('{ A =    16_740,')}行目: TOMLとして読めません。数字にカンマ（,）は使えません。17240 または 17_240 と書いてください。（その行: {{ A =    17,240, B =    22_100, C =    28_490 }},   # AA1 AB…）",
    ),
    Mistake(
        "full-width digits typed into the TOML",
        toml("deductible_yen = 0", "deductible_yen = １７２４０"),
        f"{F}: {line_of('deductible_yen = 0')}行目: TOMLとして読めません。全角の数字や記号は使えません。半角で書いてください（１７２４０ → 17240）。（その行: deductible_yen = １７２４０）",
    ),
    Mistake(
        "17240円 typed into the TOML",
        toml("deductible_yen = 0", "deductible_yen = 17240円"),
        f"{F}: {line_of('deductible_yen = 0')}行目: TOMLとして読めません。金額に「円」や「￥」は書けません。17240 のように数字だけを書いてください。（その行: deductible_yen = 17240円）",
    ),
    Mistake(
        "a mid-term deadline thirteen months before",
        toml("deadline_months_before = 1", "deadline_months_before = 13"),
        f"{F}: midterm.deadline_months_before: 月数（1～12）ではありません（13）",
    ),
    Mistake(
        "a period in year 9999",
        toml("end = 2026-01-01T16:00:00+09:00", "end = 9999-01-01T16:00:00+09:00"),
        f"{F}: period.end: 2000年から2100年までの日付にしてください（9999-01-01T16:00:00+09:00）",
    ),
    Mistake(
        "a start in the wrong year",
        toml("start = 2025-01-01T16:00:00+09:00", "start = 2024-01-01T16:00:00+09:00"),
        f"{F}: period.start: meta.year（2025年度）の年に始めてください（2024-01-01T16:00:00+09:00）",
    ),
    Mistake(
        "TOML nested 500 deep",
        deep,
        f"{F}: 表や配列の入れ子が深すぎて読めません。[ や {{ の閉じ忘れ・書きすぎがないか確認してください",
    ),
    Mistake(
        "the territory shrunk: shown in the diff",
        toml(
            'territory = { ja = "全世界（事故発生地域・損害賠償請求地域を問わず補償の対象）"',
            'territory = { ja = "日本国内"',
            command="diff",
        ),
        "  補償地域  全世界（事故発生地域・損害賠償請求地域を問わず補償の対象）  日本国内",
    ),
    Mistake(
        "the lead agent renamed: shown in the diff",
        toml(
            'lead_agent = { ja = "株式会社エクセル", en = "Excel Co., Ltd." }',
            'lead_agent = { ja = "株式会社エクセルサポート", en = "Excel Support Co., Ltd." }',
            command="diff",
        ),
        "  幹事取扱代理店  株式会社エクセル  株式会社エクセルサポート",
    ),
    Mistake(
        "a premium from a formula, not a whole ten yen",
        workbook(**{f"{I}!C5": 16_743}),
        f'{W}: AA1 ({I}!C5): 16,743円は10円単位ではありません（Excelの計算式の端数ではありませんか）。保険会社の料率表の金額を入力してください。料率表がこの金額なら、[confirmed] の premiums に "AA1" を加えてください',
    ),
    Mistake(
        "a final file still citing last year's brochure",
        toml('status = "draft"', 'status = "final"'),
        f"{F}: meta.source: 確定版なのに、出典が2024年度と同じです（損害保険ジャパン パンフレット SJ23-10043（2023年11月14日承認））。今年度のパンフレットの番号と承認日に書き換えてください",
    ),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The draft, last year's file and the workbook, made once; each case works on a copy."""
    folder = tmp_path_factory.mktemp("mistakes")
    (folder / "rates").mkdir()
    (folder / "rates" / "2024.toml").write_text(RATES_TEXT, "utf-8")
    (folder / "rates" / "2025.toml").write_text(DRAFT, "utf-8")
    write_sheet(parse_rates(DRAFT, name=F), folder / BOOK)
    return folder


def test_there_are_at_least_20_distinct_mistakes() -> None:
    assert len({m.id for m in MISTAKES}) == len({m.expected for m in MISTAKES}) == len(MISTAKES)
    assert len(MISTAKES) >= 20


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.id for m in MISTAKES])
def test_mistake_gets_its_japanese_message(
    mistake: Mistake, base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    folder = tmp_path / "work"
    shutil.copytree(base, folder)
    monkeypatch.chdir(folder)  # messages name files as staff type them: rates/2025.toml
    argv = [a.replace(f"{folder}/", "") for a in mistake.make(folder)]
    code = main(argv)
    out = capsys.readouterr()
    lines = (out.err + out.out).splitlines()
    assert mistake.expected in lines, "\n".join(lines)
    assert "Traceback" not in out.err
    warning_only = mistake.expected.startswith("警告")
    # diff: 0; import: 0 with warnings only; check: 1 (problems, or the draft is refused)
    expected_code = {"diff": 0, "import": 0 if warning_only else 1}.get(argv[1], 1)
    assert code == expected_code, lines
    if argv[1] == "import" and code == 1:  # nothing written while a problem remains
        assert (folder / "rates" / "2025.toml").read_text("utf-8") == DRAFT
