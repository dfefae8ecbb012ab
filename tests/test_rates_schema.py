"""The rates schema is the one declaration the reader, the diff and the renewal walk.

- every declared field is read into the model (schema and dataclasses agree);
- an undeclared key is refused at every level of the file;
- every field with diff policy "field" shows in the diff when it changes (nothing hand-picked);
- every plan limit of `schema.PLAN_LIMITS` is read, compared and in the workbook (none by name);
- the renewal moves exactly the fields marked shift.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from conftest import RATES_TEXT, edited
from cyberquote import RatesError, model, parse_rates, schema
from cyberquote.words import word
from cyberrenewal.diff import diff_rates
from cyberrenewal.diff_report import format_diff
from cyberrenewal.renewal import SHIFTED
from cyberrenewal.sheet import limit_places, workbook

OLD = parse_rates(RATES_TEXT, name="rates/2024.toml")
MODELS = {
    "programme": model.Programme,
    "period": model.Period,
    "midterm": model.MidTerm,
    "terms": model.Terms,
    "plans": model.Plan,
    "categories": model.Category,
    "extras": model.Extra,
    "support_functions": model.SupportFunction,
    "contacts": model.Contact,
}


@pytest.mark.parametrize("table", sorted(MODELS))
def test_schema_and_model_agree(table: str) -> None:
    declared = {f.attribute for f in schema.SCHEMA[table].fields}
    attributes = {f.name for f in dataclasses.fields(MODELS[table])} - {"id"}
    assert declared - {"id"} == attributes


def test_every_field_has_a_known_kind_and_diff_policy() -> None:
    for table, found in schema.fields():
        assert found.kind in schema.KINDS, f"{table.key}.{found.key}"
        assert found.diff in schema.DIFF_POLICIES, f"{table.key}.{found.key}"


def test_top_level_keys_are_the_schema_tables() -> None:
    import tomllib

    assert set(tomllib.loads(RATES_TEXT)) == set(schema.SCHEMA)


UNKNOWN = [
    ("[terms]\n", "[terms]\nbogus_key = 1\n", "terms.bogus_key"),
    ('[[plans]]\ncode = "A"\n', '[[plans]]\ncode = "A"\nbogus_key = 1\n', "plans[0].bogus_key"),
    ('id = "IV"\n', 'id = "IV"\nbogus_key = 1\n', "categories[3].bogus_key"),
    (
        '{ id = "it", ja = "IT業", en = "IT services" }',
        '{ id = "it", ja = "IT業", en = "IT services", de = "IT" }',
        "categories[3].industries[0].de",
    ),
    ('id = "gdpr"\n', 'id = "gdpr"\nbogus_key = 1\n', "support_functions[6].bogus_key"),
    (
        "[contacts.adr_centre]\n",
        "[contacts.adr_centre]\nbogus_key = 1\n",
        "contacts.adr_centre.bogus_key",
    ),
    ("[bands]\n", "[bands]\nbogus_key = 1\n", "bands.bogus_key"),
    ("[meta]\n", "[meta]\nbogus_key = 1\n", "meta.bogus_key"),
    ("[period]\n", "[period]\nbogus_key = 1\n", "period.bogus_key"),
]


@pytest.mark.parametrize(("old", "new", "key"), UNKNOWN, ids=[k for _, _, k in UNKNOWN])
def test_an_unknown_key_is_refused_at_every_level(old: str, new: str, key: str) -> None:
    with pytest.raises(RatesError) as caught:
        parse_rates(edited(RATES_TEXT, (old, new)), name="rates/2024.toml")
    assert [p for p in caught.value.problems if p.split(": ")[1] == key] == [
        f"rates/2024.toml: {key}: unknown key"
        + (" (a label has ja and en)" if key.endswith(".de") else "")
    ]


def _label_fields() -> list[tuple[str, str]]:
    """(table, key) of every label field compared field by field ("field" policy)."""
    return [(t.key, f.key) for t, f in schema.fields() if f.diff == "field" and f.kind == "label"]


def _change_label(text: str, table: str, key: str) -> str:
    """The text with the Japanese of the first `key = { ja = "..."` in `table` changed."""
    header = {"meta": "[meta]", "programme": "[programme]", "terms": "[terms]"}.get(
        table,
        "[[" + table + "]]"
        if table in ("categories", "extras", "support_functions")
        else f"[{table}]",
    )
    start = text.index(header)
    match = re.compile(rf'^{key} = {{ ja = "', re.M).search(text, start)
    assert match, (table, key)
    return text[: match.end()] + "改" + text[match.end() :]


@pytest.mark.parametrize(("table", "key"), _label_fields(), ids=lambda v: str(v))
def test_every_compared_label_shows_in_the_diff(table: str, key: str) -> None:
    new = parse_rates(_change_label(RATES_TEXT, table, key), name="rates/2025.toml")
    d = diff_rates(OLD, new)
    assert len(d.fields) == 1, d.fields
    change = d.fields[0]
    assert change.table == table and change.new["ja"].startswith("改")
    assert change.field.ja in format_diff(d, "ja")


def test_renewal_moves_exactly_the_shift_fields() -> None:
    assert SHIFTED == (("period", "start"), ("period", "end"), ("period", "application_deadline"))
    assert {k for _, k in SHIFTED} == {f.key for f in schema.PERIOD.fields if f.shift}


@pytest.mark.parametrize("limit", schema.PLAN_LIMITS, ids=lambda limit: limit.name)
def test_each_plan_limit_is_read_compared_and_in_the_workbook(limit: schema.Limit) -> None:
    old = OLD.plan("A").limits[limit.name]
    line = f"{limit.key} = {old:_}\n"
    new = parse_rates(edited(RATES_TEXT, (line, line.replace(f"{old:_}", f"{old + 10_000:_}"))))
    d = diff_rates(OLD, new)
    assert [(c.plan, c.kind, c.old, c.new) for c in d.limits] == [
        ("A", limit.name, old, old + 10_000)
    ]
    assert word(limit.change_words, "ja", plan="A") in format_diff(d, "ja")
    sheet = workbook(new, "ja").worksheets[-1]
    assert sheet[limit_places(new)[("A", limit.name)]].value == old + 10_000
