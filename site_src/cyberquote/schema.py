"""The rates file's schema, declared once: every table, every key, its kind (and the kind's
check), bounds, the name people read (a key of words.toml), and how a renewal treats it.

The reader (`rates.py`) walks it to check each value by its `Kind` and to refuse unknown keys at
every level, and builds the model's objects by keyword from what it read; the staff diff
(`cyberrenewal.diff`) walks it to compare every field; the renewal (`cyberrenewal.renewal`)
moves the fields marked ``shift``; the staff checks warn about the paper deadlines marked
``deadline``. Adding a field to the rates file is one `Field` here (plus the attribute of the
model dataclass that code reads; tests/test_rates_schema.py pins that they agree); a plan limit
is one `Limit` in `PLAN_LIMITS`, which the tables, the workbook, the diff and the checks iterate
(CONTRIBUTING.md, "Adding a field to the rates file").

Diff policies (``Field.diff``):
- ``"field"``: compared value by value and listed under its table's heading (the default);
- ``"premiums"``, ``"limits"``, ``"bands"``, ``"cap"``, ``"placement"``, ``"dates"``,
  ``"terms"``, ``"contacts"``: shown by the diff's own presentations of those sections;
- ``"title"``: shown in the diff's title (year, draft status), not as a row;
- ``"confirmed"``: marks the premium and limit rows of the changes it confirms;
- ``"moved"``: each moved mid-term deadline, a row of the diff's dates beside the rule's day.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .errors import shown
from .model import Label
from .words import both

# Bounds of every amount a rates file may hold. A premium above 1億円 or a limit, a band or a cap
# above 1兆円 is a typing mistake, and keeping amounts far below 2**53 keeps them exact in the
# browser.
MAX_PREMIUM_YEN = 100_000_000
MAX_AMOUNT_YEN = 1_000_000_000_000
FIRST_YEAR, LAST_YEAR = 2000, 2100
# A rates file is about 20 KB; far above that it is not one (a log, an image, /dev/zero), and
# reading it whole would only cost memory: refused before it is read, by file size or text size.
MAX_RATES_BYTES = 1_000_000
# The longest text each place takes, in characters: a name that sits in a table cell, a heading
# or a button; a sentence (a description, a note, opening hours) that sits in a paragraph. Well
# above the brochure's longest (68 and 183 characters, both English), and low enough that any one
# text at its limit keeps the premium table PDF on its two pages (tests/test_rates_bounds.py).
NAME_CHARS, SENTENCE_CHARS = 100, 400
SENTENCE_KEYS = frozenset(
    {
        "source", "policy_form", "policyholder", "insured", "other_agents", "premium_basis",
        "territory", "how_to_apply", "description", "note", "items", "address", "hours",
        "limit_notes",
    }
)  # fmt: skip


def text_limit(key: str) -> int:
    """The longest text allowed at `key` (``categories[0].description.ja`` -> SENTENCE_CHARS):
    a sentence if any part of its key names one, else a name."""
    parts = {part.partition("[")[0] for part in key.split(".")}
    return SENTENCE_CHARS if parts & SENTENCE_KEYS else NAME_CHARS


DIFF_POLICIES = (
    "field", "premiums", "limits", "bands", "cap", "placement", "dates", "terms", "contacts",
    "title", "confirmed", "moved",
)  # fmt: skip


@dataclass(frozen=True)
class Field:
    """One key of a table: ``kind`` names how the reader checks it (see `KINDS`)."""

    key: str
    kind: str
    words: str  # the words.toml key of the field's name, as people read it
    required: bool = True
    diff: str = "field"
    shift: bool = False  # moved by the year difference when `rates new` makes next year's draft
    deadline: bool = False  # a day papers must reach the lead agent (weekday check)
    attr: str | None = None  # the model attribute, when it differs from the key

    @property
    def attribute(self) -> str:
        return self.attr or self.key

    @property
    def label(self) -> Label:
        return _label(self.words)


@dataclass(frozen=True)
class Table:
    """A table of the rates file.

    ``shape``: ``"table"`` ([terms]), ``"array"`` ([[plans]]), ``"map"`` ([contacts.<id>]: a
    table of tables), ``"labels"`` ([limit_notes]: any key, each a label), ``"premiums"``.
    ``items`` gives the model's items by id (arrays and maps), for the diff.
    """

    key: str
    words: str  # the words.toml key of the table's name
    fields: tuple[Field, ...] = ()
    shape: str = "table"
    items: Callable[[Any], dict[str, Any]] | None = None
    item_label: Callable[[Any, str], str] | None = None
    optional: bool = False  # a file may leave the whole table out

    def field(self, key: str) -> Field:
        for found in self.fields:
            if found.key == key:
                return found
        raise KeyError(f"{self.key}.{key}")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    @property
    def label(self) -> Label:
        return _label(self.words)


@dataclass(frozen=True)
class Kind:
    """How a value is written, and its check: ``expected`` is what a message asks for.

    ``type`` is the TOML value it takes (compared exactly: a bool is not a whole number, a
    date-time not a date); a label is a ``{ ja, en }`` table (dict), and lists are read apart.
    A whole number lies in ``bounds``; above them an amount (``capped``) is too large, anything
    else the wrong kind. A text matches ``pattern`` or is one of ``choices``. ``words`` is
    written out (not built from the name): the browser's wheel keeps the words its code names.
    """

    name: str
    words: str  # the words.toml key of what a message asks for (kind.<name>)
    type: type = str
    bounds: tuple[int, int] | None = None
    capped: bool = False
    pattern: re.Pattern[str] | None = None
    choices: tuple[str, ...] = ()

    @property
    def expected(self) -> Label:
        return _label(self.words)

    def problem(self, key: str, found: Any) -> tuple[str, dict[str, Any]] | None:
        """What is wrong with `found` at `key`, as (the words.toml key, its fields); None when
        nothing is."""
        if type(found) is not self.type:
            return self._wrong(found)
        if self.bounds:
            low, high = self.bounds
            if found < low or (found > high and not self.capped):
                return self._wrong(found)
            if found > high:
                return ("rates.too_large", {"limit": high, "got": found})
        elif isinstance(found, date):
            if self.type is datetime and found.tzinfo is None:
                return ("rates.no_offset", {})
            if not FIRST_YEAR <= found.year <= LAST_YEAR:
                range_ = {"first": FIRST_YEAR, "last": LAST_YEAR, "got": found.isoformat()}
                return ("rates.year_range", range_)
        elif isinstance(found, str):
            if not found.strip():
                return ("rates.empty", {})
            if len(found) > text_limit(key):
                return ("rates.too_long", {"limit": text_limit(key), "got": len(found)})
            hidden = next((c for c in found if unicodedata.category(c)[0] == "C"), None)
            if hidden is not None:  # a tab, an escape, a bidi mark: invisible on page and PDF
                return ("rates.control_character", {"got": shown(hidden)})
            if self.pattern and not self.pattern.match(found):
                return self._wrong(found)
            if self.choices and found not in self.choices:
                return self._wrong(found)
        return None

    def _wrong(self, found: Any) -> tuple[str, dict[str, Any]]:
        return ("rates.expected", {"expected": self.expected, "got": shown(repr(found))})


_TEL = re.compile(r"0[0-9]{1,4}(?:-[0-9]{1,6}){1,2}\Z")
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("year", "kind.year", int, (FIRST_YEAR, LAST_YEAR)),
        Kind("status", "kind.status", choices=("final", "draft")),
        Kind("label", "kind.label", dict),
        Kind("text", "kind.text"),
        Kind("url", "kind.url", pattern=re.compile(r"https://\S+\Z")),
        # ASCII digits only: a full-width or Arabic-Indic digit would reach a tel: link as it is.
        Kind("tel", "kind.tel", pattern=_TEL),
        Kind("fax", "kind.fax", pattern=_TEL),
        Kind("postcode", "kind.postcode", pattern=re.compile(r"[0-9]{3}-[0-9]{4}\Z")),
        Kind("moment", "kind.moment", datetime),
        Kind("date", "kind.date", date),
        Kind("day", "kind.day", int, (1, 28)),
        Kind("months", "kind.months", int, (1, 12)),
        Kind("yen", "kind.yen", int, (1, MAX_AMOUNT_YEN), capped=True),
        Kind("yen0", "kind.yen0", int, (0, MAX_AMOUNT_YEN), capped=True),
        Kind("premium", "kind.premium", int, (1, MAX_PREMIUM_YEN), capped=True),
        Kind("letter", "kind.letter", pattern=re.compile(r"[A-Z]\Z")),
        Kind("roman", "kind.roman", pattern=re.compile(r"[IVX]+\Z")),
        Kind("id", "kind.id", pattern=re.compile(r"[a-z][a-z0-9_]*\Z")),
        Kind("bool", "kind.bool", bool),
        Kind("applies_to", "kind.applies_to", choices=("all", "category")),
        Kind("labels", "kind.labels", list),
        Kind("industries", "kind.industries", list),
        Kind("extra_ids", "kind.extra_ids", list),
        Kind("yens", "kind.yens", list),
        Kind("codes", "kind.codes", list),
        Kind("moved", "kind.moved", list),
    )
}


@dataclass(frozen=True)
class Limit:
    """A limit every plan carries (its key in [[plans]] is ``<name>_limit_yen``): the site, the
    workbook, the diff and the checks iterate `PLAN_LIMITS`, in the brochure's order."""

    name: str  # "liability": how the model (`Plan.limits`), the diff and the workbook name it
    words: str  # the words.toml key of its name as a column head
    change_words: str  # ... and as a row of the diff

    @property
    def key(self) -> str:
        return f"{self.name}_limit_yen"

    @property
    def label(self) -> Label:
        return _label(self.words)


PLAN_LIMITS = (
    Limit("liability", "terms.liability", "diff.liability"),
    Limit("response_cost", "terms.response_costs", "diff.response_cost"),
)


def plan_limit(name: str) -> Limit:
    """The declared limit called `name` ("liability")."""
    for limit in PLAN_LIMITS:
        if limit.name == name:
            return limit
    raise KeyError(name)


def _by(attr: str) -> Callable[[Any], dict[str, Any]]:
    return lambda items: {getattr(item, attr): item for item in items}


def _label(key: str) -> Label:
    """The words of `key` as a Label (both languages)."""
    texts = both(key)
    return Label(texts["ja"], texts["en"])


META = Table(
    "meta",
    "rates_table.meta",
    (
        Field("year", "year", "field.meta_year", diff="title"),
        Field("status", "status", "field.meta_status", diff="title"),
        Field("source", "label", "field.meta_source"),
        # The insurer's approval of the printed pamphlet (e.g. SJ23-10043, 2023-11-14): recorded
        # once granted; only a final file prints it.
        Field("approval_number", "text", "field.meta_approval_number", required=False),
        Field("approval_date", "date", "field.meta_approval_date", required=False),
    ),
)
PROGRAMME = Table(
    "programme",
    "rates_table.programme",
    (
        Field("name", "label", "field.programme_name"),
        Field("policy_form", "label", "field.programme_policy_form"),
        Field("policyholder", "label", "field.programme_policyholder"),
        Field("insured", "label", "field.programme_insured"),
        Field("insurer", "label", "field.programme_insurer"),
        Field("lead_agent", "label", "field.programme_lead_agent"),
        Field("other_agents", "label", "field.programme_other_agents"),
        Field("agents_list_url", "url", "field.programme_agents_list_url"),
    ),
)
PERIOD = Table(
    "period",
    "rates_table.period",
    (
        Field("start", "moment", "diff.start", diff="dates", shift=True),
        Field("end", "moment", "diff.end", diff="dates", shift=True),
        Field(
            "application_deadline",
            "date",
            "diff.application_deadline",
            diff="dates",
            shift=True,
            deadline=True,
        ),
    ),
)
MIDTERM = Table(
    "midterm",
    "rates_table.midterm",
    (
        Field("start_day", "day", "diff.midterm_start_day", diff="terms"),
        Field("deadline_day", "day", "diff.midterm_deadline_day", diff="terms", deadline=True),
        Field(
            "deadline_months_before", "months", "diff.midterm_deadline_months_before", diff="terms"
        ),
        # [{ start = 2025-04-01, deadline = 2025-03-14 }]: the deadlines the insurer moved, by
        # the start they are for; emptied by `rates new` (each year's are its own).
        Field(
            "moved_deadlines",
            "moved",
            "field.midterm_moved_deadlines",
            required=False,
            diff="moved",
            deadline=True,
        ),
    ),
)
TERMS = Table(
    "terms",
    "rates_table.terms",
    (
        Field("payment", "label", "field.terms_payment"),
        Field("premium_basis", "label", "field.terms_premium_basis"),
        Field("deductible_yen", "yen0", "diff.deductible_yen", diff="terms"),
        Field("territory", "label", "field.terms_territory"),
        Field("how_to_apply", "label", "field.terms_how_to_apply"),
    ),
)
ELIGIBILITY = Table(
    "eligibility",
    "rates_table.eligibility",
    (
        Field("revenue_cap_yen", "yen", "diff.revenue_cap", diff="cap"),
        Field("excluded", "industries", "field.eligibility_excluded", diff="placement"),
    ),
)
PLANS = Table(
    "plans",
    "rates_table.plans",
    (
        Field("code", "letter", "terms.plan", diff="limits"),
        *(Field(m.key, "yen", m.words, diff="limits", attr="limits") for m in PLAN_LIMITS),
    ),
    shape="array",
    items=_by("code"),
)
LIMIT_NOTES = Table(
    "limit_notes",
    "rates_table.limit_notes",
    shape="labels",
)
BANDS = Table(
    "bands",
    "rates_table.bands",
    (Field("upper_yen", "yens", "field.bands_upper_yen", diff="bands"),),
)
CATEGORIES = Table(
    "categories",
    "rates_table.categories",
    (
        Field("id", "roman", "field.categories_id", diff="title"),
        Field("letter", "letter", "field.categories_letter"),
        Field("label", "label", "field.categories_label"),
        Field("description", "label", "field.categories_description"),
        Field("note", "label", "field.categories_note", required=False),
        Field("extras", "extra_ids", "field.categories_extras", required=False),
        Field("industries", "industries", "field.categories_industries", diff="placement"),
    ),
    shape="array",
    items=_by("id"),
    item_label=lambda c, lang: c.label[lang],
)
PREMIUMS = Table(
    "premiums",
    "rates_table.premiums",
    shape="premiums",
    items=_by("id"),
    item_label=lambda e, lang: e.label[lang],
)
EXTRAS = Table(
    "extras",
    "rates_table.extras",
    (
        Field("id", "id", "field.extras_id", diff="title"),
        Field("applies_to", "applies_to", "field.extras_applies_to"),
        Field("label", "label", "field.extras_label"),
        Field("description", "label", "field.extras_description"),
    ),
    shape="array",
    items=_by("id"),
    item_label=lambda e, lang: e.label[lang],
)
SUPPORT_FUNCTIONS = Table(
    "support_functions",
    "rates_table.support_functions",
    (
        Field("id", "id", "field.support_functions_id", diff="title"),
        Field("label", "label", "field.support_functions_label"),
        Field("items", "labels", "field.support_functions_items"),
    ),
    shape="array",
    items=_by("id"),
    item_label=lambda f, lang: f.label[lang],
)
CONTACTS = Table(
    "contacts",
    "rates_table.contacts",
    (
        Field("name", "label", "diff.f_name", diff="contacts"),
        Field("role", "label", "diff.f_role", diff="contacts"),
        Field("postcode", "postcode", "diff.f_postcode", required=False, diff="contacts"),
        Field("address", "label", "diff.f_address", required=False, diff="contacts"),
        Field("tel", "tel", "diff.f_tel", diff="contacts"),
        Field("fax", "fax", "diff.f_fax", required=False, diff="contacts"),
        Field("web", "url", "diff.f_web", required=False, diff="contacts"),
        Field("hours", "label", "diff.f_hours", diff="contacts"),
        # The hours as the site's "open now" reads them: "09:00-17:00" on weekdays that are not
        # public holidays, and the New Year days closed ("12-31..01-03"); `hours` stays the text.
        Field("weekday_hours", "text", "trust.f_weekday_hours", required=False, diff="contacts"),
        Field(
            "new_year_closed", "text", "trust.f_new_year_closed", required=False, diff="contacts"
        ),
        Field("toll_free", "bool", "diff.f_toll_free", required=False, diff="contacts"),
        Field("note", "label", "diff.f_note", required=False, diff="contacts"),
    ),
    shape="map",
)
# Changes from last year that the checks stop unless confirmed here, each named by code (see
# `cyberquote.rates.year_problems`): a premium by its code (AC8), a plan's limits by the plan (C).
CONFIRMED = Table(
    "confirmed",
    "rates_table.confirmed",
    (
        Field("premiums", "codes", "field.confirmed_premiums", required=False, diff="confirmed"),
        Field("limits", "codes", "field.confirmed_limits", required=False, diff="confirmed"),
    ),
    optional=True,
)
REQUIRED_CONTACTS = ("secretariat", "lead_agent", "insurer_branch", "accident_centre", "adr_centre")

TABLES: tuple[Table, ...] = (
    META, PROGRAMME, PERIOD, MIDTERM, TERMS, ELIGIBILITY, PLANS, LIMIT_NOTES, BANDS, CATEGORIES,
    PREMIUMS, EXTRAS, SUPPORT_FUNCTIONS, CONTACTS, CONFIRMED,
)  # fmt: skip
SCHEMA: dict[str, Table] = {t.key: t for t in TABLES}
# An industry item: { id = "it", ja = "IT業", en = "IT services" }; a label: { ja = ..., en = ... }.
INDUSTRY_KEYS = ("id", "ja", "en")
LABEL_KEYS = ("ja", "en")


def fields() -> Iterator[tuple[Table, Field]]:
    """Every declared field, table by table, in the file's order."""
    for table in TABLES:
        for found in table.fields:
            yield table, found


def shifted() -> tuple[tuple[str, str], ...]:
    """(table, key) of the fields `rates new` moves by the year difference."""
    return tuple((t.key, f.key) for t, f in fields() if f.shift)
