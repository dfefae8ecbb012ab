"""cyberrenewal.renewal.new_draft: next year's draft from this year's TOML text."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import RATES_TEXT, edited
from cyberquote import Rates, parse_rates
from cyberrenewal.diff import diff_rates
from cyberrenewal.renewal import DRAFT_COMMENT, RenewalError, new_draft

JST = timezone(timedelta(hours=9))
CONFIRM = ('status = "draft"', 'status = "final"')
NEW_SOURCE = ("SJ23-10043（2023年11月14日承認）", "SJ99-00000（試験用の番号）")


@pytest.fixture(scope="module")
def draft_text() -> str:
    return new_draft(RATES_TEXT, 2025)


def test_draft_moves_year_and_dates_forward(draft_text: str) -> None:
    rates = parse_rates(draft_text)
    assert rates.year == 2025
    assert rates.status == "draft" and rates.is_draft
    assert rates.period.start == datetime(2025, 1, 1, 16, 0, tzinfo=JST)
    assert rates.period.end == datetime(2026, 1, 1, 16, 0, tzinfo=JST)
    assert rates.period.application_deadline == date(2024, 12, 15)


def test_draft_copies_premiums_limits_and_everything_else(rates: Rates, draft_text: str) -> None:
    old, new = rates, parse_rates(draft_text)
    assert dict(new.premiums) == dict(old.premiums)
    assert new.plans == old.plans
    assert new.bands == old.bands
    assert new.categories == old.categories and new.excluded == old.excluded
    assert dict(new.contacts) == dict(old.contacts)
    assert new.midterm == old.midterm and new.terms == old.terms


def test_diff_against_source_shows_only_the_dates(draft_text: str) -> None:
    d = diff_rates(parse_rates(RATES_TEXT), parse_rates(draft_text))
    assert not d.non_date_changes
    assert [c.field for c in d.dates] == ["start", "end", "application_deadline"]
    assert all(c.new.year == c.old.year + 1 for c in d.dates)


def test_layout_and_comments_are_kept(draft_text: str) -> None:
    before, after = RATES_TEXT.splitlines(), draft_text.splitlines()
    assert len(after) == len(before)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    changed_keys = [after[i].split("=")[0].strip() for i in changed if not after[i].startswith("#")]
    assert changed_keys == ["year", "status", "start", "end", "application_deadline"]
    # Only comment lines that name the policy year change; they now name the new one.
    for i in changed:
        if after[i].startswith("#"):
            assert "2024" in before[i] and "2025" in after[i]
    # The premium tables, with their column layout and code comments, are byte for byte the same.
    start = RATES_TEXT.index("[premiums]")
    assert draft_text[draft_text.index("[premiums]") :] == RATES_TEXT[start:]


def test_draft_mark_says_what_to_do(draft_text: str) -> None:
    status_line = next(line for line in draft_text.splitlines() if line.startswith("status"))
    assert status_line.startswith('status = "draft"')
    assert status_line.endswith(DRAFT_COMMENT)
    assert "料率表" in DRAFT_COMMENT and "insurer's sheet" in DRAFT_COMMENT


def test_confirmed_draft_loads_as_final(draft_text: str) -> None:
    confirmed = edited(draft_text, ('status = "draft"', 'status = "final"'))
    rates = parse_rates(confirmed)
    assert rates.status == "final" and not rates.is_draft


def test_two_years_ahead_moves_dates_by_two() -> None:
    rates = parse_rates(new_draft(RATES_TEXT, 2026))
    assert rates.year == 2026
    assert rates.period.start.year == 2026 and rates.period.end.year == 2027
    assert rates.period.application_deadline == date(2025, 12, 15)


def test_29_february_becomes_28_february() -> None:
    leap = edited(
        RATES_TEXT,
        ("start = 2024-01-01T16:00:00+09:00", "start = 2024-02-29T16:00:00+09:00"),
        ("application_deadline = 2023-12-15", "application_deadline = 2024-01-15"),
    )
    rates = parse_rates(new_draft(leap, 2025))
    assert rates.period.start == datetime(2025, 2, 28, 16, 0, tzinfo=JST)


def test_source_without_status_gets_a_draft_mark_in_meta() -> None:
    lines = [line for line in RATES_TEXT.splitlines(True) if not line.startswith("status")]
    text = new_draft("".join(lines), 2025)
    assert parse_rates(text).status == "draft"
    meta = text[text.index("[meta]") : text.index("[programme]")]
    assert 'status = "draft"' in meta


def test_last_years_pamphlet_approval_is_not_carried_into_the_draft() -> None:
    approved = edited(
        RATES_TEXT,
        (
            'status = "final"',
            'status = "final"\napproval_number = "SJ24-00001"\napproval_date = 2024-01-10',
        ),
    )
    assert parse_rates(approved).approval_number == "SJ24-00001"
    text = new_draft(approved, 2025)
    assert "SJ24-00001" not in text
    draft = parse_rates(text)
    assert draft.approval_number is None and draft.approval_date is None


def test_already_draft_source_stays_draft() -> None:
    draft = edited(RATES_TEXT, ('status = "final"', 'status = "draft"'))
    assert parse_rates(new_draft(draft, 2025)).is_draft


@pytest.mark.parametrize("year", [2024, 2023])
def test_year_must_come_after_the_source(year: int) -> None:
    with pytest.raises(RenewalError) as caught:
        new_draft(RATES_TEXT, year)
    assert "2024" in str(caught.value) and "後" in str(caught.value)
    assert "must come after" in caught.value.messages["en"]


def test_missing_period_date_is_reported() -> None:
    text = edited(RATES_TEXT, ("end = 2025-01-01T16:00:00+09:00\n", ""))
    with pytest.raises(RenewalError) as caught:
        new_draft(text, 2025)
    assert "period.end" in caught.value.messages["ja"]
    assert "period.end" in caught.value.messages["en"]


def test_broken_toml_is_reported_in_both_languages() -> None:
    with pytest.raises(RenewalError) as caught:
        new_draft(RATES_TEXT + "\n[meta\n", 2025)
    assert "TOML" in caught.value.messages["ja"] and "TOML" in caught.value.messages["en"]
    assert isinstance(caught.value, ValueError)


def test_missing_year_is_reported() -> None:
    text = edited(RATES_TEXT, ("year = 2024\n", ""))
    with pytest.raises(RenewalError, match=r"meta\.year"):
        new_draft(text, 2025)


def test_cli_rates_new_then_check_before_and_after_confirming(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cyberstaff.cli import main

    source = tmp_path / "rates" / "2024.toml"
    source.parent.mkdir()
    source.write_text(RATES_TEXT, "utf-8")
    assert main(["rates", "new", "2025", "--from", str(source)]) == 0
    target = tmp_path / "rates" / "2025.toml"
    assert target.read_text("utf-8") == new_draft(RATES_TEXT, 2025)
    capsys.readouterr()
    assert main(["rates", "check", str(target)]) == 1
    assert "公開できません" in capsys.readouterr().err
    target.write_text(edited(target.read_text("utf-8"), CONFIRM), "utf-8")
    assert main(["rates", "check", str(target)]) == 1  # final, but still citing 2024's brochure
    assert "meta.source: 確定版なのに、出典が2024年度と同じです" in capsys.readouterr().err
    target.write_text(edited(target.read_text("utf-8"), NEW_SOURCE), "utf-8")
    assert main(["rates", "check", str(target)]) == 0
    assert "OK（2025年度" in capsys.readouterr().out
    assert main(["rates", "diff", str(source), str(target), "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert "96件とも変わりません。" in md and "SJ99-00000" in md
    assert main(["rates", "new", "2025", "--from", str(source)]) == 2  # never overwrites
    assert "上書きはしません" in capsys.readouterr().err


def test_cli_rates_new_names_the_files_as_staff_type_them(
    staff_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cyberstaff.cli import main

    assert main(["rates", "new", "2025"]) == 0
    out = capsys.readouterr().out
    assert "cyberquote rates check rates/2025.toml" in out
    assert str(staff_folder) not in out


def test_cli_reports_a_bad_source_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cyberstaff.cli import main

    source = tmp_path / "2024.toml"
    source.write_text(edited(RATES_TEXT, ("year = 2024\n", "")), "utf-8")
    assert main(["rates", "new", "2025", "--from", str(source), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "meta.year" in err and "Traceback" not in err
    assert not (tmp_path / "2025.toml").exists()
