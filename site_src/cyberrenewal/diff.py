"""What changed between two years' rates: the review step of the yearly renewal.

`diff_rates(old, new)` compares two loaded `Rates` and returns a `RatesDiff` of plain data.
`diff_sections(d, lang)` turns it into titled tables of display strings (the one place where the
wording lives); `diff_report.format_diff` renders those as terminal text, Markdown or HTML for an e-mail, and the
site's what-changed page renders the same sections through an HTML template.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from cyberquote import schema
from cyberquote.model import Contact, Label, Rates
from cyberquote.schedule import rule_deadline

EXCLUDED = "excluded"


@dataclass(frozen=True)
class PremiumChange:
    """One premium cell whose amount differs (old or new is None when the cell is new/removed)."""

    category: str
    band: int
    plan: str
    code: str
    old: int | None
    new: int | None
    confirmed: bool = False  # named in the new file's [confirmed]: checked against the sheet

    @property
    def difference(self) -> int | None:
        """New minus old, in yen."""
        if self.old is None or self.new is None:
            return None
        return self.new - self.old

    @property
    def percent(self) -> float | None:
        """The change as a percentage of the old premium."""
        if self.old is None or self.new is None:
            return None
        return (self.new - self.old) * 100 / self.old


@dataclass(frozen=True)
class LimitChange:
    plan: str
    kind: str  # the limit's name in `schema.PLAN_LIMITS`: "liability", "response_cost"
    old: int | None
    new: int | None
    confirmed: bool = False  # the plan is named in the new file's [confirmed] limits


@dataclass(frozen=True)
class BandChange:
    index: int
    old_upper: int | None
    new_upper: int | None


@dataclass(frozen=True)
class CapChange:
    old: int
    new: int


@dataclass(frozen=True)
class IndustryChange:
    """An industry whose place changed: a category id, "excluded", or None (not listed)."""

    id: str
    label: Label
    old: str | None
    new: str | None


@dataclass(frozen=True)
class DateChange:
    """A date of the schema (diff policy "dates": the period's), or a moved mid-term deadline
    (table "midterm", field "moved_deadlines")."""

    table: str
    field: str  # its key in `table`: "start", "end", "application_deadline", "moved_deadlines"
    old: date
    new: date
    start: date | None = None  # a moved mid-term deadline's start (old: the rule's deadline)


ContactValue = Label | str | bool | None


@dataclass(frozen=True)
class TermChange:
    """A whole-number term of the schema (diff policy "terms"), named by its table and key:
    ("terms", "deductible_yen"), or a mid-term join rule such as ("midterm", "start_day")."""

    table: str
    field: str
    old: int
    new: int


@dataclass(frozen=True)
class ContactChange:
    """One field of one contact (name, tel, hours...); old/new as the rates file holds them."""

    contact: str
    name: Label  # the contact's name, for display
    field: str
    old: ContactValue
    new: ContactValue


FieldValue = Label | str | int | bool | tuple[Label, ...] | tuple[str, ...] | None


@dataclass(frozen=True)
class FieldChange:
    """Any other field the schema declares (diff policy "field"): a term, a programme name, a
    category's description, an extra... `item` names the array item (None for a plain table);
    `field` is None when the whole item was added or removed."""

    table: str
    item: Label | None
    field: Label | None
    old: FieldValue
    new: FieldValue


@dataclass(frozen=True)
class DiffLabels:
    """Display names for the ids a diff holds (the new year's, else last year's)."""

    categories: dict[str, Label] = field(default_factory=dict)
    bands: dict[int, Label] = field(default_factory=dict)


@dataclass(frozen=True)
class RatesDiff:
    old_year: int
    new_year: int
    premiums_compared: int
    premiums: tuple[PremiumChange, ...]
    limits: tuple[LimitChange, ...]
    bands: tuple[BandChange, ...]
    revenue_cap: CapChange | None
    industries: tuple[IndustryChange, ...]
    dates: tuple[DateChange, ...]
    contacts: tuple[ContactChange, ...]
    terms: tuple[TermChange, ...] = ()
    fields: tuple[FieldChange, ...] = ()
    new_is_draft: bool = False
    labels: DiffLabels = field(default_factory=DiffLabels, compare=False, repr=False)

    @property
    def is_empty(self) -> bool:
        return not (self.non_date_changes or self.dates)

    @property
    def non_date_changes(self) -> bool:
        """True when anything other than the period dates differs."""
        return bool(
            self.premiums
            or self.limits
            or self.bands
            or self.revenue_cap
            or self.industries
            or self.contacts
            or self.terms
            or self.fields
        )


# --- comparing ---------------------------------------------------------------------------------


def _premium_changes(old: Rates, new: Rates) -> tuple[int, tuple[PremiumChange, ...]]:
    order: dict[str, int] = {}
    for category in (*new.categories, *old.categories):  # the new year's order first
        order.setdefault(category.id, len(order))
    keys = sorted(set(old.premiums) | set(new.premiums), key=lambda k: (order[k[0]], k[1], k[2]))
    changes = []
    for key in keys:
        before, after = old.premiums.get(key), new.premiums.get(key)
        if before != after:
            code = (new if after is not None else old).code(*key)
            confirmed = code in new.confirmed.premiums
            changes.append(PremiumChange(*key, code, before, after, confirmed))
    return len(keys), tuple(changes)


def _limit_changes(old: Rates, new: Rates) -> tuple[LimitChange, ...]:
    before = {p.code: p for p in old.plans}
    after = {p.code: p for p in new.plans}
    changes = []
    for code in sorted(set(before) | set(after)):
        for limit in schema.PLAN_LIMITS:
            b = before[code].limits[limit.name] if code in before else None
            a = after[code].limits[limit.name] if code in after else None
            if a != b:
                confirmed = code in new.confirmed.limits
                changes.append(LimitChange(code, limit.name, b, a, confirmed))
    return tuple(changes)


def _band_changes(old: Rates, new: Rates) -> tuple[BandChange, ...]:
    before = {b.index: b.upper_yen for b in old.bands}
    after = {b.index: b.upper_yen for b in new.bands}
    return tuple(
        BandChange(i, before.get(i), after.get(i))
        for i in sorted(set(before) | set(after))
        if before.get(i) != after.get(i)
    )


def _placements(rates: Rates) -> dict[str, tuple[str, Label]]:
    places = {i.id: (EXCLUDED, i.label) for i in rates.excluded}
    for category in rates.categories:
        places.update({i.id: (category.id, i.label) for i in category.industries})
    return places


def _industry_changes(old: Rates, new: Rates) -> tuple[IndustryChange, ...]:
    before, after = _placements(old), _placements(new)
    changes = []
    for ident in [*after, *(i for i in before if i not in after)]:
        b = before.get(ident, (None, None))[0]
        a = after.get(ident, (None, None))[0]
        if a != b:
            label = (after.get(ident) or before[ident])[1]
            changes.append(IndustryChange(ident, label, b, a))
    return tuple(changes)


def _date_changes(old: Rates, new: Rates) -> tuple[DateChange, ...]:
    changes = []
    for table, found in schema.fields():
        if found.diff != "dates":
            continue
        b = getattr(_holder(old, table), found.attribute)
        a = getattr(_holder(new, table), found.attribute)
        if a != b:
            changes.append(DateChange(table.key, found.key, b, a))
    for start, moved in new.midterm.moved_deadlines:  # beside the day the rule gives
        before = rule_deadline(new.midterm, start)
        changes.append(DateChange("midterm", "moved_deadlines", before, moved, start))
    return tuple(changes)


def _term_changes(old: Rates, new: Rates) -> tuple[TermChange, ...]:
    """The schema's whole-number terms ("terms" policy), in the file's order."""
    changes = []
    for table, found in schema.fields():
        if found.diff != "terms":
            continue
        b = getattr(_holder(old, table), found.attribute)
        a = getattr(_holder(new, table), found.attribute)
        if a != b:
            changes.append(TermChange(table.key, found.key, b, a))
    return tuple(changes)


def _contact_changes(old: Rates, new: Rates) -> tuple[ContactChange, ...]:
    changes = []
    names = [f.name for f in fields(Contact) if f.name != "id"]
    for ident in [*new.contacts, *(c for c in old.contacts if c not in new.contacts)]:
        b, a = old.contacts.get(ident), new.contacts.get(ident)
        label = (a or b).name
        for name in names:
            before = getattr(b, name) if b else None
            after = getattr(a, name) if a else None
            if before != after:
                changes.append(ContactChange(ident, label, name, before, after))
    return tuple(changes)


def _holder(rates: Rates, table: schema.Table) -> object:
    """The model object holding a table's fields (meta's source sits on Rates itself)."""
    return rates if table.key == "meta" else getattr(rates, table.key)


def _compare(table: schema.Table, item: Label | None, before: object, after: object):
    for found in table.fields:
        if found.diff != "field":
            continue
        b, a = getattr(before, found.attribute), getattr(after, found.attribute)
        if b != a:
            yield FieldChange(table.key, item, found.label, b, a)


def _field_changes(old: Rates, new: Rates) -> tuple[FieldChange, ...]:
    """Every "field"-policy field of the schema, compared (items of arrays matched by id)."""
    changes: list[FieldChange] = []
    for table in schema.TABLES:
        compared = any(f.diff == "field" for f in table.fields)
        if table.shape == "table" and compared:
            changes += _compare(table, None, _holder(old, table), _holder(new, table))
        elif table.shape == "labels":
            b, a = _holder(old, table), _holder(new, table)
            if b != a:
                changes.append(FieldChange(table.key, None, table.label, b, a))
        elif table.items is not None and compared:
            before, after = table.items(_holder(old, table)), table.items(_holder(new, table))
            for ident in [*after, *(i for i in before if i not in after)]:
                b, a = before.get(ident), after.get(ident)
                shown = a if a is not None else b
                name = (
                    Label(*(table.item_label(shown, lang) for lang in ("ja", "en")))
                    if table.item_label
                    else Label(ident, ident)
                )
                if b is None or a is None:
                    changes.append(FieldChange(table.key, name, None, b and name, a and name))
                else:
                    changes += _compare(table, name, b, a)
    return tuple(changes)


def _labels(old: Rates, new: Rates) -> DiffLabels:
    categories: dict[str, Label] = {}
    bands: dict[int, Label] = {}
    for rates in (old, new):  # the new year's wins
        categories.update({c.id: c.label for c in rates.categories})
        bands.update(
            {b.index: Label(b.short_label("ja"), b.short_label("en")) for b in rates.bands}
        )
    return DiffLabels(categories, bands)


def diff_rates(old: Rates, new: Rates) -> RatesDiff:
    """Every difference between two years' rates that a member or staff would care about."""
    compared, premiums = _premium_changes(old, new)
    cap = None
    if old.revenue_cap_yen != new.revenue_cap_yen:
        cap = CapChange(old.revenue_cap_yen, new.revenue_cap_yen)
    return RatesDiff(
        old_year=old.year,
        new_year=new.year,
        premiums_compared=compared,
        premiums=premiums,
        limits=_limit_changes(old, new),
        bands=_band_changes(old, new),
        revenue_cap=cap,
        industries=_industry_changes(old, new),
        dates=_date_changes(old, new),
        contacts=_contact_changes(old, new),
        terms=_term_changes(old, new),
        fields=_field_changes(old, new),
        new_is_draft=new.is_draft,
        labels=_labels(old, new),
    )
