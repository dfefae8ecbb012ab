"""When a member can join: the start of the period, then the 1st of each later month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .dates import add_months
from .model import MidTerm, Rates


@dataclass(frozen=True)
class JoinDate:
    """A coverage start and the day the papers must reach the lead agent."""

    start: date
    deadline: date


def join_dates(rates: Rates) -> list[JoinDate]:
    """Every start date of the period: the period start with its own deadline, then mid-term
    starts on ``midterm.start_day`` of each month before the end, each with its paper deadline."""
    first = rates.period.start.date()
    end = rates.period.end.date()
    dates = [JoinDate(first, rates.period.application_deadline)]
    moved = dict(rates.midterm.moved_deadlines)  # the months whose deadline the insurer moved
    start = add_months(first.replace(day=rates.midterm.start_day), 1)
    while start < end:
        dates.append(JoinDate(start, moved.get(start) or rule_deadline(rates.midterm, start)))
        start = add_months(start, 1)
    return dates


def rule_deadline(midterm: MidTerm, start: date) -> date:
    """The paper deadline the mid-term rule gives for cover from `start`."""
    return add_months(start, -midterm.deadline_months_before).replace(day=midterm.deadline_day)


def next_join(rates: Rates, today: date) -> JoinDate | None:
    """The earliest start whose paper deadline has not passed on ``today``; None once the last
    deadline of the period is past."""
    for join in join_dates(rates):
        if today <= join.deadline:
            return join
    return None


def join_for_start(rates: Rates, start: date) -> JoinDate | None:
    """The join date for a chosen coverage start (any day of its month), if the period has one."""
    for join in join_dates(rates):
        if (join.start.year, join.start.month) == (start.year, start.month):
            return join
    return None


def schedule_dict(rates: Rates) -> dict[str, Any]:
    """The period's start dates and paper deadlines as ISO dates, for the pages' scripts: they
    compare today with these dates and never compute a deadline themselves."""
    return {
        "year": rates.year,
        "period_end": rates.period.end.date().isoformat(),
        "joins": [
            {"start": j.start.isoformat(), "deadline": j.deadline.isoformat()}
            for j in join_dates(rates)
        ],
    }
