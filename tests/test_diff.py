"""cyberrenewal.diff: what changed between two years' rates, and how staff read it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import RATES_TEXT, edited
from cyberquote import parse_rates
from cyberquote.yen import signed_percent, signed_yen
from cyberrenewal.diff import diff_rates
from cyberrenewal.diff_report import (
    diff_sections,
    display_width,
    format_diff,
)
from cyberrenewal.renewal import new_draft
from hypothesis import given, settings
from hypothesis import strategies as st

OLD = parse_rates(RATES_TEXT)


def renewed(*edits: tuple[str, str]) -> str:
    """The 2025 draft of the 2024 file, confirmed, with `edits` (old, new) applied."""
    return edited(new_draft(RATES_TEXT, 2025), ('status = "draft"', 'status = "final"'), *edits)


RAISE_AA1 = ("{ A =    16_740,", "{ A =    17_410,")
LOWER_DC8 = ("C = 4_008_720 }", "C = 3_900_000 }")


def test_same_rates_have_no_changes() -> None:
    d = diff_rates(OLD, OLD)
    assert d.is_empty and d.premiums_compared == 96
    text = format_diff(d, "ja")
    assert "96件とも変わりません。" in text
    # programme, limits, bands, eligibility, dates, contacts
    assert text.count("変更はありません。") == 6
    assert "None of the 96 premiums changes." in format_diff(d, "en")


def test_premium_changes_with_difference_and_percent() -> None:
    d = diff_rates(OLD, parse_rates(renewed(RAISE_AA1, LOWER_DC8)))
    assert [(c.code, c.category, c.band, c.plan) for c in d.premiums] == [
        ("AA1", "I", 1, "A"),
        ("DC8", "IV", 8, "C"),
    ]
    aa1, dc8 = d.premiums
    assert (aa1.old, aa1.new, aa1.difference) == (16_740, 17_410, 670)
    assert aa1.percent == pytest.approx(4.0024, abs=1e-4)
    assert (dc8.old, dc8.new, dc8.difference) == (4_008_720, 3_900_000, -108_720)
    assert dc8.percent == pytest.approx(-2.7121, abs=1e-4)


def test_text_format_lines_up_in_a_terminal() -> None:
    d = diff_rates(OLD, parse_rates(renewed(RAISE_AA1, LOWER_DC8)))
    text = format_diff(d, "ja")
    assert text.splitlines()[0] == "2024年度から2025年度への変更"
    assert "96件中2件が変わります（値上げ1件、値下げ1件）。" in text
    rows = [line for line in text.splitlines() if "AA1" in line or "DC8" in line]
    assert rows[0].split() == [
        "業種区分Ⅰ",
        "3億円まで",
        "A",
        "AA1",
        "16,740円",
        "17,410円",
        "+670円",
        "+4.0%",
    ]
    assert rows[1].split()[-2:] == ["-108,720円", "-2.7%"]
    # Right-aligned figures end in the same terminal column.
    assert display_width(rows[0]) == display_width(rows[1])


def test_markdown_format_for_an_email() -> None:
    d = diff_rates(OLD, parse_rates(renewed(RAISE_AA1, LOWER_DC8)))
    md = format_diff(d, "en", fmt="md")
    assert md.startswith("## Changes from 2024 to 2025\n")
    assert "Premiums changing: 2 of 96 (1 up, 1 down)." in md
    assert "| Category | Revenue | Plan | Code | 2024 | 2025 | Difference | Change |" in md
    assert "| --- | --- | --- | --- | ---: | ---: | ---: | ---: |" in md
    assert "| Category I | up to ¥300 million | A | AA1 | ¥16,740 | ¥17,410 | +¥670 | +4.0% |" in md
    assert (
        "| Category IV | up to ¥10 billion | C | DC8 | ¥4,008,720 | ¥3,900,000 | -¥108,720 | -2.7% |"
        in md
    )
    ja = format_diff(d, "ja", fmt="md")
    assert "| 業種区分 | 売上高 | プラン | コード | 2024年度 | 2025年度 | 差額 | 増減率 |" in ja


def test_dates_of_a_renewal() -> None:
    d = diff_rates(OLD, parse_rates(renewed()))
    text = format_diff(d, "ja")
    assert "2024年1月1日午後4時" in text and "2026年1月1日午後4時" in text
    assert "2023年12月15日" in text and "2024年12月15日" in text
    en = format_diff(d, "en", fmt="md")
    assert (
        "| Application deadline for cover from the start | 15 December 2023 | 15 December 2024 |"
        in en
    )


def test_limit_band_and_eligibility_changes() -> None:
    new = parse_rates(
        renewed(
            ("liability_limit_yen = 30_000_000", "liability_limit_yen = 40_000_000"),
            ("  10_000_000_000,     # 8", "  12_000_000_000,     # 8"),
            ("revenue_cap_yen = 20_000_000_000", "revenue_cap_yen = 25_000_000_000"),
            (
                '  { id = "travel", ja = "旅行業", en = "Travel" },\n',
                "",
            ),
            (
                '  { id = "finance", ja = "金融", en = "Finance" },\n',
                '  { id = "finance", ja = "金融", en = "Finance" },\n'
                '  { id = "travel", ja = "旅行業", en = "Travel" },\n',
            ),
        )
    )
    d = diff_rates(OLD, new)
    assert [(c.plan, c.kind, c.old, c.new) for c in d.limits] == [
        ("A", "liability", 30_000_000, 40_000_000)
    ]
    assert [(c.index, c.old_upper, c.new_upper) for c in d.bands] == [
        (8, 10_000_000_000, 12_000_000_000)
    ]
    assert (d.revenue_cap.old, d.revenue_cap.new) == (20_000_000_000, 25_000_000_000)
    assert [(c.id, c.old, c.new) for c in d.industries] == [("travel", "III", "excluded")]
    text = format_diff(d, "ja")
    assert "プランA 賠償責任" in text and "3,000万円" in text and "4,000万円" in text
    assert "区分8の上限" in text and "120億円" in text
    assert "加入できる売上高の上限" in text and "250億円" in text
    assert "旅行業の業種区分" in text and "加入対象外" in text
    assert "Category of Travel" in format_diff(d, "en")


def test_contact_changes() -> None:
    new = parse_rates(renewed(('tel = "03-3241-0230"', 'tel = "03-3241-0231"')))
    d = diff_rates(OLD, new)
    assert [(c.contact, c.field, c.old, c.new) for c in d.contacts] == [
        ("secretariat", "tel", "03-3241-0230", "03-3241-0231")
    ]
    assert "全国情報技術協同組合 事務局: 電話" in format_diff(d, "ja")
    assert d.non_date_changes


def test_sections_are_the_same_for_every_view() -> None:
    d = diff_rates(OLD, parse_rates(renewed(RAISE_AA1)))
    sections = diff_sections(d, "en")
    assert [s.key for s in sections] == [
        "premiums",
        "programme",
        "limits",
        "bands",
        "eligibility",
        "dates",
        "contacts",
    ]
    assert sections[0].rows == (
        ("Category I", "up to ¥300 million", "A", "AA1", "¥16,740", "¥17,410", "+¥670", "+4.0%"),
    )
    assert len(sections[5].rows) == 3


@pytest.mark.parametrize(
    ("amount", "ja", "en"),
    [(670, "+670円", "+¥670"), (-108_720, "-108,720円", "-¥108,720"), (0, "±0円", "±¥0")],
)
def test_signed_yen(amount: int, ja: str, en: str) -> None:
    assert signed_yen(amount, "ja") == ja
    assert signed_yen(amount, "en") == en


@pytest.mark.parametrize(
    ("percent", "text"), [(4.0024, "+4.0%"), (-2.71, "-2.7%"), (0.04, "±0.0%"), (-0.04, "±0.0%")]
)
def test_signed_percent(percent: float, text: str) -> None:
    assert signed_percent(percent) == text


def test_bad_format_or_language_is_refused() -> None:
    d = diff_rates(OLD, OLD)
    with pytest.raises(ValueError, match="fmt"):
        format_diff(d, "ja", fmt="pdf")
    with pytest.raises(ValueError, match="lang"):
        format_diff(d, "fr")


def test_deductible_and_midterm_rule_changes() -> None:
    new = parse_rates(
        renewed(
            ("deductible_yen = 0", "deductible_yen = 100_000"),
            ("deadline_day = 15", "deadline_day = 10"),
        )
    )
    d = diff_rates(OLD, new)
    assert [(c.table, c.field, c.old, c.new) for c in d.terms] == [  # in the file's order
        ("midterm", "deadline_day", 15, 10),
        ("terms", "deductible_yen", 0, 100_000),
    ]
    assert d.non_date_changes
    sections = {s.key: s for s in diff_sections(d, "ja")}
    assert ("自己負担額", "0円", "100,000円") in sections["limits"].rows
    assert ("中途加入の申込締切日", "毎月15日", "毎月10日") in sections["dates"].rows
    en = {s.key: s for s in diff_sections(d, "en")}
    assert ("Mid-term application deadline", "day 15 of the month", "day 10 of the month") in (
        en["dates"].rows
    )


def test_premiums_follow_the_new_years_category_order() -> None:
    new = parse_rates(renewed(("C = 4_008_720 }", "C = 3_900_000 }"), RAISE_AA1))
    assert [c.code for c in diff_rates(OLD, new).premiums] == ["AA1", "DC8"]
    assert [c.code for c in diff_rates(new, OLD).premiums] == ["AA1", "DC8"]


def test_a_draft_says_so_in_the_title() -> None:
    draft = parse_rates(new_draft(RATES_TEXT, 2025))
    md = format_diff(diff_rates(OLD, draft), "ja", fmt="md")
    assert md.splitlines()[0] == (
        "## 2024年度から2025年度への変更（2025年度は下書きです。保険会社の料率表と照合前の内容です）"
    )
    en = format_diff(diff_rates(OLD, draft), "en")
    assert en.startswith("Changes from 2024 to 2025 (the 2025 rates are a draft,")
    assert "draft" not in format_diff(diff_rates(OLD, parse_rates(renewed())), "en")


KEYS = sorted(OLD.premiums)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(KEYS), st.integers(min_value=1, max_value=9_999_999), max_size=12
    )
)
def test_diff_finds_exactly_the_cells_that_changed(edits: dict) -> None:
    new = replace(OLD, premiums={**OLD.premiums, **edits}, year=2025)
    d = diff_rates(OLD, new)
    changed = {k for k, v in edits.items() if v != OLD.premiums[k]}
    assert {(c.category, c.band, c.plan) for c in d.premiums} == changed
    for c in d.premiums:
        assert (
            c.difference
            == edits[(c.category, c.band, c.plan)] - OLD.premiums[(c.category, c.band, c.plan)]
        )
        assert (c.percent > 0) == (c.difference > 0)
        assert c.code == OLD.code(c.category, c.band, c.plan)
    text = format_diff(d, "en")
    assert all(c.code in text for c in d.premiums)
    assert not d.non_date_changes or bool(changed)


@pytest.mark.parametrize("year", range(2025, 2031))
def test_drafts_for_later_years_differ_only_in_dates(year: int) -> None:
    d = diff_rates(OLD, parse_rates(new_draft(RATES_TEXT, year)))
    assert not d.non_date_changes
    assert [c.new.year - c.old.year for c in d.dates] == [year - 2024] * 3


def test_the_diff_workbook_prints_on_a4_with_every_column_on_the_page(tmp_path: Path) -> None:
    from cyberrenewal.diff_xlsx import diff_workbook
    from openpyxl import load_workbook

    raised = renewed(
        RAISE_AA1, ("liability_limit_yen = 30_000_000", "liability_limit_yen = 35_000_000")
    )
    out = tmp_path / "changes.xlsx"
    diff_workbook(diff_rates(OLD, parse_rates(raised)), "ja").save(out)
    book = load_workbook(out)
    for ws in book.worksheets:
        setup = ws.page_setup
        assert (int(setup.paperSize), setup.orientation) == (9, "landscape"), ws.title  # 9: A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title  # as many pages down
    premiums = book["保険料"]
    assert premiums.print_title_rows == "$3:$3"  # the header row on every page
    assert [c.value for c in premiums[3]][-2:] == ["差額", "増減率"]
    assert premiums["D4"].value == "AA1"


def test_a_confirmed_change_is_marked_in_every_view() -> None:
    raised = renewed(
        ("C = 4_008_720 }", "C = 40_087_200 }"),
        ("limits = []", 'limits = ["A"]'),
        ("premiums = []", 'premiums = ["DC8"]'),
        ("liability_limit_yen = 30_000_000", "liability_limit_yen = 60_000_000"),
    )
    d = diff_rates(OLD, parse_rates(raised))
    assert "DC8（確認済み）" in format_diff(d, "ja")
    assert "プランA 賠償責任（確認済み）" in format_diff(d, "ja", fmt="md")
    assert "DC8 (confirmed)" in format_diff(d, "en", fmt="html")
