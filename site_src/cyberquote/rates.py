"""Reading and validating a rates file: every problem is reported at once, with file and key."""

from __future__ import annotations

import os
import re
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import RatesError
from .model import (
    Band,
    Category,
    Contact,
    Extra,
    Industry,
    Label,
    MidTerm,
    Period,
    Plan,
    Programme,
    Rates,
    SupportFunction,
    Terms,
)

_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_TEL = re.compile(r"0\d{1,4}(?:-\d{1,6}){1,2}\Z")
_CATEGORY_ID = re.compile(r"[IVX]+\Z")
_LETTER = re.compile(r"[A-Z]\Z")
_STATUSES = ("final", "draft")
_TOP_KEYS = {
    "meta", "programme", "period", "midterm", "terms", "eligibility", "plans", "limit_notes",
    "bands", "categories", "premiums", "extras", "support_functions", "contacts",
}  # fmt: skip
_MISSING = object()


def load_rates(source: str | os.PathLike[str], *, name: str | None = None) -> Rates:
    """A validated, immutable Rates from a path or from TOML text.

    Raises RatesError listing every problem, each as ``file: key: what is wrong``.
    """
    if isinstance(source, os.PathLike) or ("\n" not in source and "=" not in source):
        path = Path(source)
        shown = name or _display(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise RatesError([f"{shown}: file not found"]) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise RatesError([f"{shown}: cannot be read: {exc}"]) from None
    else:
        text, shown = source, name or "<rates>"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RatesError([f"{shown}: not valid TOML: {exc}"]) from None
    return _Reader(shown, data).rates()


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def rates_files(rates_dir: Path) -> dict[int, Path]:
    """The rates files in a folder by year (``rates/2024.toml`` -> 2024)."""
    return {int(p.stem): p for p in sorted(rates_dir.glob("[0-9][0-9][0-9][0-9].toml"))}


def default_rates_path(
    root: str | os.PathLike[str] = ".", *, year: int | str | None = None
) -> Path:
    """The rates file to build from: the year named by CYBERQUOTE_YEAR, else ``year`` (from
    mkdocs.yml ``extra.rates_year``), else the newest file in ``root/rates`` not marked draft."""
    rates_dir = Path(root) / "rates"
    chosen = os.environ.get("CYBERQUOTE_YEAR") or year
    if chosen:
        return rates_dir / f"{int(chosen)}.toml"
    files = rates_files(rates_dir)
    for found in sorted(files, reverse=True):
        try:
            status = tomllib.loads(files[found].read_text("utf-8")).get("meta", {}).get("status")
        except (OSError, tomllib.TOMLDecodeError):
            continue
        if status == "final":
            return files[found]
    if files:
        return files[max(files)]
    raise RatesError([f"{rates_dir}: no rates file (expected rates/<year>.toml)"])


class _Reader:
    """Walks the raw TOML, collecting problems instead of stopping at the first."""

    def __init__(self, name: str, data: dict[str, Any]) -> None:
        self.name = name
        self.data = data
        self.problems: list[str] = []

    # -- primitives ---------------------------------------------------------------------------
    def problem(self, key: str, what: str) -> None:
        self.problems.append(f"{self.name}: {key}: {what}")

    def get(self, key: str) -> Any:
        node: Any = self.data
        for part in re.findall(r"[^.\[\]]+|\[\d+\]", key):
            if part.startswith("["):
                index = int(part[1:-1])
                if not isinstance(node, list) or index >= len(node):
                    return _MISSING
                node = node[index]
            else:
                if not isinstance(node, dict) or part not in node:
                    return _MISSING
                node = node[part]
        return node

    def value(self, key: str, kind: type | tuple[type, ...], expected: str, *, optional=False):
        found = self.get(key)
        if found is _MISSING:
            if not optional:
                self.problem(key, f"missing ({expected})")
            return None
        if isinstance(found, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            self.problem(key, f"expected {expected}, got {found!r}")
            return None
        if not isinstance(found, kind):
            self.problem(key, f"expected {expected}, got {found!r}")
            return None
        return found

    def text(self, key: str, *, optional: bool = False) -> str | None:
        found = self.value(key, str, "a text", optional=optional)
        if found is not None and not found.strip():
            self.problem(key, "is empty")
            return None
        return found

    def integer(self, key: str, *, minimum: int = 1, what: str = "a positive integer") -> int:
        found = self.value(key, int, what)
        if found is not None and found < minimum:
            self.problem(key, f"expected {what}, got {found}")
            return 0
        return found or 0

    def label(self, key: str, *, optional: bool = False) -> Label | None:
        found = self.get(key)
        if found is _MISSING and optional:
            return None
        if not isinstance(found, dict):
            self.problem(
                key,
                "missing (a label with ja and en)"
                if found is _MISSING
                else f"expected a label {{ ja = ..., en = ... }}, got {found!r}",
            )
            return None
        texts = [self.text(f"{key}.{lang}") for lang in ("ja", "en")]
        for extra in set(found) - {"ja", "en", "id"}:
            self.problem(f"{key}.{extra}", "unknown key (a label has ja and en)")
        return Label(texts[0], texts[1]) if all(texts) else None

    def table(self, key: str) -> dict[str, Any]:
        found = self.get(key)
        if not isinstance(found, dict):
            self.problem(key, "missing (a table)" if found is _MISSING else "expected a table")
            return {}
        return found

    def array(self, key: str, *, nonempty: bool = True) -> list[Any]:
        found = self.get(key)
        if not isinstance(found, list):
            self.problem(key, "missing (a list)" if found is _MISSING else "expected a list")
            return []
        if nonempty and not found:
            self.problem(key, "is empty")
        return found

    def moment(self, key: str) -> datetime | None:
        found = self.value(
            key, datetime, "a date and time with offset, e.g. 2024-01-01T16:00:00+09:00"
        )
        if found is not None and found.tzinfo is None:
            self.problem(key, "needs a UTC offset, e.g. 2024-01-01T16:00:00+09:00")
            return None
        return found

    def day(self, key: str) -> date | None:
        found = self.get(key)
        if isinstance(found, datetime) or (found is not _MISSING and not isinstance(found, date)):
            self.problem(key, f"expected a date like 2023-12-15, got {found!r}")
            return None
        if found is _MISSING:
            self.problem(key, "missing (a date like 2023-12-15)")
            return None
        return found

    # -- sections -----------------------------------------------------------------------------
    def rates(self) -> Rates:
        for key in sorted(set(self.data) - _TOP_KEYS):
            self.problem(key, "unknown section")
        year = self.integer("meta.year", minimum=2000, what="a year like 2024")
        status = self.text("meta.status")
        if status is not None and status not in _STATUSES:
            self.problem("meta.status", f'expected "final" or "draft", got {status!r}')
        source = self.label("meta.source")
        programme = self.programme()
        period = self.period()
        midterm = MidTerm(
            self.integer("midterm.start_day", what="a day of the month (1-28)"),
            self.integer("midterm.deadline_day", what="a day of the month (1-28)"),
            self.integer("midterm.deadline_months_before", what="a number of months (1-12)"),
        )
        for key in ("start_day", "deadline_day"):
            if getattr(midterm, key) > 28:
                self.problem(
                    f"midterm.{key}",
                    f"expected a day of the month (1-28), got {getattr(midterm, key)}",
                )
        terms = Terms(
            *(
                self.label(f"terms.{k}")
                for k in ("payment", "premium_basis", "territory", "how_to_apply")
            ),
            deductible_yen=self.integer(
                "terms.deductible_yen", minimum=0, what="a whole number of yen, 0 or more"
            ),
        )
        cap = self.integer("eligibility.revenue_cap_yen")
        plans = self.plans()
        notes = tuple(self.label(f"limit_notes.{k}") for k in self.table("limit_notes"))
        bands = self.bands(cap)
        extras = self.extras()
        categories, excluded = self.categories({e.id for e in extras if e.applies_to == "category"})
        premiums = self.premiums(categories, bands, plans)
        functions = self.support_functions()
        contacts = self.contacts()
        if self.problems:
            raise RatesError(self.problems)
        return Rates(
            path=self.name, year=year, status=status, source=source, programme=programme,
            period=period, midterm=midterm, terms=terms, revenue_cap_yen=cap, plans=plans,
            limit_notes=notes, bands=bands, categories=categories, excluded=excluded,
            extras=extras, support_functions=functions, contacts=contacts, premiums=premiums,
        )  # fmt: skip

    def programme(self) -> Programme:
        labels = [
            self.label(f"programme.{k}")
            for k in (
                "name",
                "policy_form",
                "policyholder",
                "insured",
                "insurer",
                "lead_agent",
                "other_agents",
            )
        ]
        return Programme(*labels, agents_list_url=self.text("programme.agents_list_url") or "")

    def period(self) -> Period:
        start, end = self.moment("period.start"), self.moment("period.end")
        deadline = self.day("period.application_deadline")
        if start and end and not start < end:
            self.problem(
                "period.end",
                f"must be after period.start ({start.isoformat()}), got {end.isoformat()}",
            )
        if start and deadline and not deadline < start.date():
            self.problem(
                "period.application_deadline",
                f"must be before period.start ({start.date().isoformat()}), got {deadline.isoformat()}",
            )
        return Period(start, end, deadline)

    def plans(self) -> tuple[Plan, ...]:
        plans = []
        for i, _ in enumerate(self.array("plans")):
            key = f"plans[{i}]"
            code = self.text(f"{key}.code")
            if code is not None and not _LETTER.match(code):
                self.problem(f"{key}.code", f"expected one capital letter, got {code!r}")
            if code in {p.code for p in plans}:
                self.problem(f"{key}.code", f"duplicate plan code {code!r}")
            liability = self.integer(f"{key}.liability_limit_yen")
            response = self.integer(f"{key}.response_cost_limit_yen")
            if liability and response and response > liability:
                self.problem(
                    f"{key}.response_cost_limit_yen",
                    "must not exceed the liability limit (the overall cap)",
                )
            plans.append(Plan(code or "?", liability, response))
        return tuple(plans)

    def bands(self, cap: int) -> tuple[Band, ...]:
        bands: list[Band] = []
        lower = 0
        for i, _ in enumerate(self.array("bands.upper_yen")):
            upper = self.integer(f"bands.upper_yen[{i}]")
            if upper and upper <= lower:
                self.problem(
                    f"bands.upper_yen[{i}]",
                    f"must be greater than the band before ({lower:,}), got {upper:,}",
                )
            bands.append(Band(i + 1, lower, upper))
            lower = max(lower, upper)
        if cap and bands and lower > cap:
            self.problem(
                "eligibility.revenue_cap_yen", f"must not be below the top band's bound ({lower:,})"
            )
        return tuple(bands)

    def industries(self, key: str, seen: dict[str, str]) -> tuple[Industry, ...]:
        found = []
        for i, _ in enumerate(self.array(key)):
            item = f"{key}[{i}]"
            ident = self.text(f"{item}.id")
            if ident is not None and not _ID.match(ident):
                self.problem(
                    f"{item}.id", f"expected a lowercase ASCII id like food_service, got {ident!r}"
                )
            elif ident in seen:
                self.problem(f"{item}.id", f"industry {ident!r} is already listed at {seen[ident]}")
            elif ident:
                seen[ident] = item
            label = self.label(item)
            if ident and label:
                found.append(Industry(ident, label))
        return tuple(found)

    def categories(
        self, category_extras: set[str]
    ) -> tuple[tuple[Category, ...], tuple[Industry, ...]]:
        seen: dict[str, str] = {}
        categories = []
        for i, _ in enumerate(self.array("categories")):
            key = f"categories[{i}]"
            ident = self.text(f"{key}.id")
            letter = self.text(f"{key}.letter")
            if ident is not None and not _CATEGORY_ID.match(ident):
                self.problem(f"{key}.id", f"expected a roman numeral like III, got {ident!r}")
            if ident in {c.id for c in categories}:
                self.problem(f"{key}.id", f"duplicate category {ident!r}")
            if letter is not None and not _LETTER.match(letter):
                self.problem(f"{key}.letter", f"expected one capital letter, got {letter!r}")
            if letter in {c.letter for c in categories}:
                self.problem(f"{key}.letter", f"duplicate code letter {letter!r}")
            extras = self.get(f"{key}.extras")
            extras = [] if extras is _MISSING else extras
            if not isinstance(extras, list) or any(e not in category_extras for e in extras):
                self.problem(
                    f"{key}.extras",
                    f'expected ids of extras with applies_to = "category", got {extras!r}',
                )
                extras = ()
            categories.append(
                Category(
                    id=ident or "?",
                    letter=letter or "?",
                    label=self.label(f"{key}.label"),
                    description=self.label(f"{key}.description"),
                    industries=self.industries(f"{key}.industries", seen),
                    note=self.label(f"{key}.note", optional=True),
                    extras=tuple(extras),
                )
            )
        excluded = self.industries("eligibility.excluded", seen)
        return tuple(categories), excluded

    def premiums(self, categories, bands, plans) -> dict[tuple[str, int, str], int]:
        table = self.table("premiums")
        premiums: dict[tuple[str, int, str], int] = {}
        ids = [c.id for c in categories]
        for extra in sorted(set(table) - set(ids)):
            self.problem(f"premiums.{extra}", "no such category in [[categories]]")
        codes = [p.code for p in plans]
        for category in categories:
            rows = self.array(f"premiums.{category.id}")
            if rows and len(rows) != len(bands):
                self.problem(
                    f"premiums.{category.id}",
                    f"expected {len(bands)} rows (one per band), got {len(rows)}",
                )
            for b, band in enumerate(bands):
                row_key = f"premiums.{category.id}[{b}]"
                row = self.get(row_key)
                if row is _MISSING:
                    continue
                if not isinstance(row, dict):
                    self.problem(
                        row_key,
                        f"expected {{ {', '.join(f'{c} = ...' for c in codes)} }}, got {row!r}",
                    )
                    continue
                for extra in sorted(set(row) - set(codes)):
                    self.problem(f"{row_key}.{extra}", "no such plan in [[plans]]")
                for code in codes:
                    cell = f"{row_key}.{code} ({category.letter}{code}{band.index})"
                    found = row.get(code, _MISSING)
                    if found is _MISSING:
                        self.problem(cell, "missing (a positive integer)")
                    elif isinstance(found, bool) or not isinstance(found, int) or found <= 0:
                        self.problem(cell, f"expected a positive integer, got {found!r}")
                    else:
                        premiums[(category.id, band.index, code)] = found
        return premiums

    def extras(self) -> tuple[Extra, ...]:
        extras = []
        for i, _ in enumerate(self.array("extras")):
            key = f"extras[{i}]"
            ident = self.text(f"{key}.id")
            applies = self.text(f"{key}.applies_to")
            if applies not in (None, "all", "category"):
                self.problem(f"{key}.applies_to", f'expected "all" or "category", got {applies!r}')
            extras.append(
                Extra(
                    ident or "?",
                    applies or "all",
                    self.label(f"{key}.label"),
                    self.label(f"{key}.description"),
                )
            )
        return tuple(extras)

    def support_functions(self) -> tuple[SupportFunction, ...]:
        functions = []
        for i, _ in enumerate(self.array("support_functions")):
            key = f"support_functions[{i}]"
            items = tuple(
                self.label(f"{key}.items[{j}]") for j, _ in enumerate(self.array(f"{key}.items"))
            )
            functions.append(
                SupportFunction(self.text(f"{key}.id") or "?", self.label(f"{key}.label"), items)
            )
        return tuple(functions)

    def contacts(self) -> dict[str, Contact]:
        contacts = {}
        for ident in self.table("contacts"):
            key = f"contacts.{ident}"
            tel = self.text(f"{key}.tel")
            if tel is not None and not _TEL.match(tel):
                self.problem(
                    f"{key}.tel", f"expected a phone number like 03-3241-0230, got {tel!r}"
                )
            fax = self.text(f"{key}.fax", optional=True)
            if fax is not None and not _TEL.match(fax):
                self.problem(f"{key}.fax", f"expected a fax number like 03-3241-0230, got {fax!r}")
            web = self.text(f"{key}.web", optional=True)
            if web is not None and not web.startswith("https://"):
                self.problem(f"{key}.web", f"expected an https:// address, got {web!r}")
            contacts[ident] = Contact(
                id=ident,
                name=self.label(f"{key}.name"),
                role=self.label(f"{key}.role"),
                tel=tel or "",
                hours=self.label(f"{key}.hours"),
                postcode=self.text(f"{key}.postcode", optional=True),
                address=self.label(f"{key}.address", optional=True),
                fax=fax,
                web=web,
                note=self.label(f"{key}.note", optional=True),
                toll_free=bool(
                    self.value(f"{key}.toll_free", bool, "true or false", optional=True)
                ),
            )
        for required in (
            "secretariat",
            "lead_agent",
            "insurer_branch",
            "accident_centre",
            "adr_centre",
        ):
            if required not in contacts:
                self.problem(f"contacts.{required}", "missing (a contact table)")
        return contacts
