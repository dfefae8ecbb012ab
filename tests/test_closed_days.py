"""The lead agent's closed days, one rule (cyberrenewal.checks.closed_reason) for the staff
warnings and the site's join table: weekends, Japan's public holidays and its New Year days."""

from __future__ import annotations

from datetime import date, timedelta

from conftest import RATES_TEXT, edited
from cyberquote.rates import parse_rates
from cyberrenewal.checks import closed_reason, deadline_warnings

from macros.pages.intake import hours_of, is_closed

# A mid-term deadline the insurer moved onto 2 January (a Tuesday, a New Year closing day).
ON_NEW_YEAR = (
    "moved_deadlines = []",
    "moved_deadlines = [{ start = 2024-02-01, deadline = 2024-01-02 }]",
)


def test_a_deadline_on_a_new_year_closing_day_is_warned_about_in_both_languages() -> None:
    rates = parse_rates(edited(RATES_TEXT, ON_NEW_YEAR))
    [warning] = [w for w in deadline_warnings(rates) if "2024年1月2日" in w.line("ja")]
    assert "年末年始" in warning.line("ja") and "2023年12月29日（金）" in warning.line("ja")
    assert "in the New Year holidays" in warning.line("en")
    assert warning.problem.key == "midterm.moved_deadlines"


def test_the_join_table_marks_the_days_the_warnings_name() -> None:
    rates = parse_rates(RATES_TEXT)
    hours = hours_of(rates, "lead_agent")
    day, shut = date(2023, 12, 1), []
    while day < date(2025, 2, 1):
        assert is_closed(day, hours) == (closed_reason(day, "en", hours.closed_days) is not None)
        if is_closed(day, hours) and day.weekday() < 5:
            shut.append(day)
        day += timedelta(days=1)
    # on weekdays: the public holidays and the New Year days (2024-01-01 is both)
    assert date(2024, 1, 2) in shut and date(2024, 12, 31) in shut and date(2024, 7, 15) in shut
    assert date(2024, 12, 30) not in shut and date(2025, 1, 6) not in shut
