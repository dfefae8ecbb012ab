"""The intake banner's build side (macros/pages/intake.py): the schedule it writes is the
kernel's, its JSON cannot close its script element, and its static words stay true on any date."""

from __future__ import annotations

import json
from pathlib import Path

from cyberquote import format_date, load_rates
from cyberquote.rates import default_rates_path
from cyberquote.schedule import join_dates, schedule_dict

from macros.pages.intake import intake_info, intake_until, parts, script_json

ROOT = Path(__file__).resolve().parent.parent
RATES = load_rates(default_rates_path(ROOT))


def test_the_banner_schedule_is_the_kernels() -> None:
    info = intake_info(RATES)
    for lang in ("ja", "en"):
        data = json.loads(info[lang]["json"])
        assert [(j["start"], j["deadline"]) for j in data["joins"]] == [
            (j.start.isoformat(), j.deadline.isoformat()) for j in join_dates(RATES)
        ]
        assert data["joins"][3]["deadline_text"] == format_date(join_dates(RATES)[3].deadline, lang)
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
        assert format_date(last.deadline, lang) in static
        assert format_date(last.start, lang) in intake_until(RATES, lang)
    assert "受付中" not in intake_info(RATES)["ja"]["static"]
