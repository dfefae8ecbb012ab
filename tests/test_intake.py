"""The intake banner's build side (macros/pages/intake.py): the schedule it writes is the
kernel's, with the day of the week on every date; its JSON cannot close its script element; its
static words stay true on any date; the opening hours the site's "open now" reads come from the
rates and a malformed one stops the build in both languages."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest
from conftest import RATES_FILE
from cyberquote import format_date, load_rates
from cyberquote.schedule import join_dates, schedule_dict
from mkdocs.exceptions import PluginError

from macros.pages.intake import (
    hours_of,
    intake_info,
    intake_until,
    is_closed,
    open_now_data,
    parts,
)
from macros.pages.render import script_json
from macros.pages.views import opening_hours

RATES = load_rates(RATES_FILE)


def test_the_banner_schedule_is_the_kernels() -> None:
    info = intake_info(RATES)
    for lang in ("ja", "en"):
        data = json.loads(info[lang]["json"])
        assert [(j["start"], j["deadline"]) for j in data["joins"]] == [
            (j.start.isoformat(), j.deadline.isoformat()) for j in join_dates(RATES)
        ]
        assert data["joins"][3]["deadline_text"] == format_date(
            join_dates(RATES)[3].deadline, lang, weekday=True
        )
        assert {k: data[k] for k in ("year", "period_end")} == {
            k: schedule_dict(RATES)[k] for k in ("year", "period_end")
        }


def test_script_json_cannot_close_its_element() -> None:
    text = script_json({"x": "</script><b>&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"x": "</script><b>&"}


def test_sentences_are_cut_at_their_slots() -> None:
    # compared as (text, slot) pairs: a build in the same worker reloads the macro modules, and
    # a reloaded module's Part is another class than the one imported here
    assert [(p.text, p.slot) for p in parts("次は{start}、締切{deadline}", deadline="3月15日")] == [
        ("次は", None),
        ("", "start"),
        ("、締切", None),
        ("3月15日", None),
    ]
    closed = intake_info(RATES)["ja"]["closed"]
    assert [p.slot for p in closed if p.slot] == ["tel"]  # the number becomes a tel: link
    assert [p.slot for p in intake_info(RATES)["en"]["open"] if p.slot] == [
        "start",
        "deadline",
        "days",
    ]


def test_static_words_name_the_last_deadline_and_claim_no_open_intake() -> None:
    last = join_dates(RATES)[-1]
    for lang in ("ja", "en"):
        static = intake_info(RATES)[lang]["static"]
        assert format_date(last.deadline, lang, weekday=True) in static
        assert format_date(last.start, lang, weekday=True) in intake_until(RATES, lang)
    assert "受付中" not in intake_info(RATES)["ja"]["static"]


def test_every_date_carries_its_day_of_the_week() -> None:
    assert format_date(date(2024, 6, 15), "ja", weekday=True) == "2024年6月15日（土）"
    assert format_date(date(2024, 6, 15), "en", weekday=True) == "Sat 15 June 2024"
    assert format_date(date(2024, 9, 15), "en", weekday=True).startswith("Sun ")


def test_the_closed_intake_names_whom_to_ask_and_when_they_answer() -> None:
    closed = "".join(p.text for p in intake_info(RATES)["ja"]["closed"])
    assert RATES.contacts["secretariat"].name["ja"] in closed
    assert (
        "平日 午前9時～午後5時" in closed
    )  # the secretariat's hours: its number is closed at night
    assert "9:00 a.m. to 5:00 p.m." in "".join(p.text for p in intake_info(RATES)["en"]["closed"])


def test_the_lead_agent_is_closed_on_weekends_holidays_and_over_the_new_year() -> None:
    hours = hours_of(RATES, "lead_agent")
    assert (hours.opens, hours.closes) == ("09:00", "17:00")
    closed = {
        day: is_closed(day, hours)
        for day in (
            date(2024, 6, 14),  # Friday
            date(2024, 6, 15),  # Saturday
            date(2024, 7, 15),  # 海の日, a Monday
            date(2024, 9, 15),  # Sunday
            date(2024, 12, 31),  # Tuesday, New Year closing
            date(2025, 1, 3),  # Friday, New Year closing
            date(2025, 1, 6),  # Monday, open
        )
    }
    assert [day for day, shut in closed.items() if shut] == [
        date(2024, 6, 15),
        date(2024, 7, 15),
        date(2024, 9, 15),
        date(2024, 12, 31),
        date(2025, 1, 3),
    ]
    data = open_now_data(RATES)
    assert "2024-07-15" in data["holidays"] and "2024-07-16" not in data["holidays"]
    assert data["closed_days"] == ["12-31", "01-01", "01-02", "01-03"]


@pytest.mark.parametrize("hours", ["9-17", "17:00-09:00", "09:00-25:00"])
def test_malformed_opening_hours_stop_the_build_in_both_languages(hours: str) -> None:
    assert opening_hours(hours, None) is None
    agent = dataclasses.replace(RATES.contacts["lead_agent"], weekday_hours=hours)
    rates = dataclasses.replace(RATES, contacts={**RATES.contacts, "lead_agent": agent})
    with pytest.raises(PluginError) as raised:
        hours_of(rates, "lead_agent")
    assert "contacts.lead_agent.weekday_hours" in str(raised.value)
    assert "書いてください" in str(raised.value) and "must be written as" in str(raised.value)
