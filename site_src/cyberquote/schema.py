"""The rates file's schema, declared once: every table, every key, its kind, bounds, the name
people read, and how a renewal treats it.

The reader (`rates.py`) walks it to check each value and to refuse unknown keys at every level;
the staff diff (`cyberstaff.diff`) walks it to compare every field; the renewal
(`cyberstaff.renewal`) moves the fields marked ``shift``; the staff checks warn about the paper
deadlines marked ``deadline``. Adding a field to the rates file is one `Field` here (plus the
attribute of the model dataclass that code reads; tests/test_rates_schema.py pins that they
agree).

Diff policies (``Field.diff``):
- ``"field"``: compared value by value and listed under its table's heading (the default);
- ``"premiums"``, ``"limits"``, ``"bands"``, ``"cap"``, ``"placement"``, ``"dates"``,
  ``"terms"``, ``"contacts"``: shown by the diff's own presentations of those sections;
- ``"title"``: shown in the diff's title (year, draft status), not as a row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .model import Label

# Bounds of every amount a rates file may hold. A premium above 1億円 or a limit, a band or a cap
# above 1兆円 is a typing mistake, and keeping amounts far below 2**53 keeps them exact in the
# browser.
MAX_PREMIUM_YEN = 100_000_000
MAX_AMOUNT_YEN = 1_000_000_000_000
FIRST_YEAR, LAST_YEAR = 2000, 2100

DIFF_POLICIES = (
    "field", "premiums", "limits", "bands", "cap", "placement", "dates", "terms", "contacts",
    "title",
)  # fmt: skip


@dataclass(frozen=True)
class Field:
    """One key of a table: ``kind`` names how the reader checks it (see `KINDS`)."""

    key: str
    kind: str
    label: Label
    required: bool = True
    diff: str = "field"
    shift: bool = False  # moved by the year difference when `rates new` makes next year's draft
    deadline: bool = False  # a day papers must reach the lead agent (weekday check)
    attr: str | None = None  # the model attribute, when it differs from the key

    @property
    def attribute(self) -> str:
        return self.attr or self.key


@dataclass(frozen=True)
class Table:
    """A table of the rates file.

    ``shape``: ``"table"`` ([terms]), ``"array"`` ([[plans]]), ``"map"`` ([contacts.<id>]: a
    table of tables), ``"labels"`` ([limit_notes]: any key, each a label), ``"premiums"``.
    ``items`` gives the model's items by id (arrays and maps), for the diff.
    """

    key: str
    label: Label
    fields: tuple[Field, ...] = ()
    shape: str = "table"
    items: Callable[[Any], dict[str, Any]] | None = None
    item_label: Callable[[Any, str], str] | None = None

    def field(self, key: str) -> Field:
        for found in self.fields:
            if found.key == key:
                return found
        raise KeyError(f"{self.key}.{key}")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)


@dataclass(frozen=True)
class Kind:
    """How a value is written: ``expected`` is what the message asks for."""

    name: str
    expected: Label


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("year", Label("2024 のような年", "a year like 2024")),
        Kind("status", Label('"final" か "draft"', '"final" or "draft"')),
        Kind("label", Label("ja と en のある表記", "a label with ja and en")),
        Kind("text", Label("文字列", "a text")),
        Kind("url", Label("https:// で始まるアドレス", "an https:// address")),
        Kind("tel", Label("03-3241-0230 のような電話番号", "a phone number like 03-3241-0230")),
        Kind("fax", Label("03-3241-0230 のようなFAX番号", "a fax number like 03-3241-0230")),
        Kind("postcode", Label("103-0023 のような郵便番号", "a postcode like 103-0023")),
        Kind(
            "moment",
            Label(
                "2024-01-01T16:00:00+09:00 のような時差付きの日時",
                "a date and time with offset, e.g. 2024-01-01T16:00:00+09:00",
            ),
        ),
        Kind("date", Label("2023-12-15 のような日付", "a date like 2023-12-15")),
        Kind("day", Label("日にち（1～28）", "a day of the month (1-28)")),
        Kind("months", Label("月数（1～12）", "a number of months (1-12)")),
        Kind("yen", Label("1以上の整数", "a positive integer")),
        Kind("yen0", Label("0以上の整数（円）", "a whole number of yen, 0 or more")),
        Kind("premium", Label("1以上の整数", "a positive integer")),
        Kind("letter", Label("大文字のアルファベット1字", "one capital letter")),
        Kind("roman", Label("III のようなローマ数字", "a roman numeral like III")),
        Kind(
            "id",
            Label("food_service のような半角小文字のID", "a lowercase ASCII id like food_service"),
        ),
        Kind("bool", Label("true か false", "true or false")),
        Kind("applies_to", Label('"all" か "category"', '"all" or "category"')),
        Kind("labels", Label("表記の配列", "a list of labels")),
        Kind("industries", Label("業種の配列", "a list of industries")),
        Kind("extra_ids", Label("自動セットのIDの配列", "a list of extra ids")),
        Kind("yens", Label("金額の配列", "a list of amounts")),
    )
}


def _by(attr: str) -> Callable[[Any], dict[str, Any]]:
    return lambda items: {getattr(item, attr): item for item in items}


def _L(ja: str, en: str) -> Label:
    return Label(ja, en)


META = Table(
    "meta",
    _L("ファイルの情報", "About the file"),
    (
        Field("year", "year", _L("年度", "policy year"), diff="title"),
        Field("status", "status", _L("状態", "status"), diff="title"),
        Field("source", "label", _L("出典（パンフレット）", "source (brochure)")),
    ),
)
PROGRAMME = Table(
    "programme",
    _L("制度", "Programme"),
    (
        Field("name", "label", _L("制度の名称", "name of the programme")),
        Field("policy_form", "label", _L("保険の種類", "policy form")),
        Field("policyholder", "label", _L("保険契約者", "policyholder")),
        Field("insured", "label", _L("被保険者", "insured")),
        Field("insurer", "label", _L("引受保険会社", "insurer")),
        Field("lead_agent", "label", _L("幹事取扱代理店", "lead agent")),
        Field("other_agents", "label", _L("その他の代理店", "other agents")),
        Field("agents_list_url", "url", _L("代理店一覧のアドレス", "address of the agents list")),
    ),
)
PERIOD = Table(
    "period",
    _L("保険期間", "Policy period"),
    (
        Field(
            "start",
            "moment",
            _L("保険期間の始期", "start of the policy period"),
            diff="dates",
            shift=True,
        ),
        Field(
            "end",
            "moment",
            _L("保険期間の終期", "end of the policy period"),
            diff="dates",
            shift=True,
        ),
        Field(
            "application_deadline",
            "date",
            _L("始期からの加入の申込締切日", "application deadline for cover from the start"),
            diff="dates",
            shift=True,
            deadline=True,
        ),
    ),
)
MIDTERM = Table(
    "midterm",
    _L("中途加入", "Mid-term joins"),
    (
        Field(
            "start_day", "day", _L("中途加入の補償開始日", "mid-term cover starts on"), diff="terms"
        ),
        Field(
            "deadline_day",
            "day",
            _L("中途加入の申込締切日", "mid-term application deadline"),
            diff="terms",
            deadline=True,
        ),
        Field(
            "deadline_months_before",
            "months",
            _L(
                "中途加入の申込締切（補償開始の何か月前）",
                "mid-term deadline, months before the start",
            ),
            diff="terms",
        ),
    ),
)
TERMS = Table(
    "terms",
    _L("補償の条件", "Terms"),
    (
        Field("payment", "label", _L("払込方法", "payment method")),
        Field("premium_basis", "label", _L("保険料の払込", "premium basis")),
        Field("deductible_yen", "yen0", _L("自己負担額", "deductible"), diff="terms"),
        Field("territory", "label", _L("補償地域", "territory")),
        Field("how_to_apply", "label", _L("加入の方法", "how to apply")),
    ),
)
ELIGIBILITY = Table(
    "eligibility",
    _L("加入の条件", "Who can join"),
    (
        Field(
            "revenue_cap_yen",
            "yen",
            _L("加入できる売上高の上限", "highest annual revenue that can join"),
            diff="cap",
            attr="revenue_cap_yen",
        ),
        Field(
            "excluded",
            "industries",
            _L("加入できない業種", "industries that may not join"),
            diff="placement",
        ),
    ),
)
PLANS = Table(
    "plans",
    _L("プラン", "Plans"),
    (
        Field("code", "letter", _L("プラン", "plan"), diff="limits"),
        Field("liability_limit_yen", "yen", _L("賠償責任", "liability"), diff="limits"),
        Field(
            "response_cost_limit_yen",
            "yen",
            _L("事故対応費用", "incident response costs"),
            diff="limits",
        ),
    ),
    shape="array",
    items=_by("code"),
)
LIMIT_NOTES = Table("limit_notes", _L("保険金額の注記", "Notes on the limits"), shape="labels")
BANDS = Table(
    "bands",
    _L("売上高の区分", "Revenue bands"),
    (Field("upper_yen", "yens", _L("区分の上限", "upper bounds"), diff="bands"),),
)
CATEGORIES = Table(
    "categories",
    _L("業種区分", "Categories"),
    (
        Field("id", "roman", _L("番号", "number"), diff="title"),
        Field("letter", "letter", _L("コードの文字", "code letter")),
        Field("label", "label", _L("名称", "name")),
        Field("description", "label", _L("説明", "description")),
        Field("note", "label", _L("注記", "note"), required=False),
        Field("extras", "extra_ids", _L("自動セット", "set automatically"), required=False),
        Field("industries", "industries", _L("業種", "industries"), diff="placement"),
    ),
    shape="array",
    items=_by("id"),
    item_label=lambda c, lang: c.label[lang],
)
PREMIUMS = Table("premiums", _L("保険料", "Premiums"), shape="premiums")
EXTRAS = Table(
    "extras",
    _L("自動セットの補償・サービス", "Covers and services set automatically"),
    (
        Field("id", "id", _L("ID", "id"), diff="title"),
        Field("applies_to", "applies_to", _L("対象", "applies to")),
        Field("label", "label", _L("名称", "name")),
        Field("description", "label", _L("説明", "description")),
    ),
    shape="array",
    items=_by("id"),
    item_label=lambda e, lang: e.label[lang],
)
SUPPORT_FUNCTIONS = Table(
    "support_functions",
    _L("緊急時サポートの機能", "Emergency support functions"),
    (
        Field("id", "id", _L("ID", "id"), diff="title"),
        Field("label", "label", _L("名称", "name")),
        Field("items", "labels", _L("内容", "items")),
    ),
    shape="array",
    items=_by("id"),
    item_label=lambda f, lang: f.label[lang],
)
CONTACTS = Table(
    "contacts",
    _L("連絡先", "Contacts"),
    (
        Field("name", "label", _L("名称", "name"), diff="contacts"),
        Field("role", "label", _L("役割", "role"), diff="contacts"),
        Field("postcode", "postcode", _L("郵便番号", "postcode"), required=False, diff="contacts"),
        Field("address", "label", _L("住所", "address"), required=False, diff="contacts"),
        Field("tel", "tel", _L("電話", "telephone"), diff="contacts"),
        Field("fax", "fax", _L("FAX", "fax"), required=False, diff="contacts"),
        Field("web", "url", _L("ウェブサイト", "website"), required=False, diff="contacts"),
        Field("hours", "label", _L("受付時間", "hours"), diff="contacts"),
        Field(
            "toll_free", "bool", _L("フリーダイヤル", "toll-free"), required=False, diff="contacts"
        ),
        Field("note", "label", _L("注記", "note"), required=False, diff="contacts"),
    ),
    shape="map",
)
REQUIRED_CONTACTS = ("secretariat", "lead_agent", "insurer_branch", "accident_centre", "adr_centre")

TABLES: tuple[Table, ...] = (
    META, PROGRAMME, PERIOD, MIDTERM, TERMS, ELIGIBILITY, PLANS, LIMIT_NOTES, BANDS, CATEGORIES,
    PREMIUMS, EXTRAS, SUPPORT_FUNCTIONS, CONTACTS,
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
