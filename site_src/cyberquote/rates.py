"""Reading and validating a rates file: every problem is reported at once, with file and key.

The reader walks the schema (`schema.py`): each value is checked by its declared kind and
bounds, and a key the schema does not declare is refused at every level. Messages are in both
languages (`errors.Problem`); the English ones are the ``.problems`` of the `RatesError`.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from . import schema
from .dates import add_months
from .errors import Problem, RatesError, shown
from .model import (
    Band,
    Category,
    Confirmed,
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
from .toml_errors import explain
from .words import both
from .yen import format_yen

_MISSING = object()
# Amounts as the brochure prints them: premiums in whole ten yen, limits in whole 万円.
PREMIUM_STEP_YEN, LIMIT_STEP_YEN = 10, 10_000


def load_rates(path: str | os.PathLike[str], *, name: str | None = None) -> Rates:
    """A validated, immutable Rates from the rates file at `path`.

    Messages name the file `name`, by default the path as typed (relative to the working folder
    when inside it). Raises RatesError listing every problem, each as ``file: key: what is
    wrong``; a missing, oversized or non-UTF-8 file is one of them (`read_rates_file`).
    """
    path = Path(path)
    shown = name or _display(path)
    return _Reader(shown, parse_toml(read_rates_file(path, shown), shown)).rates()


def parse_rates(text: str, *, name: str = "<rates>") -> Rates:
    """A validated, immutable Rates from the TOML text of a rates file: the browser's worker,
    and a draft checked before it is written. `name` names it in messages; the same size limit
    as a file applies. Raises RatesError as `load_rates` does."""
    return _Reader(name, parse_toml(bounded_text(text, name), name)).rates()


def parse_toml(text: str, shown: str) -> dict[str, Any]:
    """The TOML of a rates file, or RatesError with the syntax error told in words."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        ja, en = explain(text, str(exc))
        raise RatesError([Problem(shown, "", ja, en)]) from None
    except RecursionError:
        raise RatesError([_problem(shown, "", "rates.too_deep")]) from None


def read_rates_file(path: Path, shown: str) -> str:
    """The text of a rates file, or RatesError saying in words why it is not one: not a regular
    file (a folder, a FIFO, a device such as /dev/zero: refused without reading or waiting),
    larger than `schema.MAX_RATES_BYTES` (checked before reading), or not UTF-8 text. A UTF-8
    BOM (メモ帳 writes one) is dropped."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: opening a FIFO with no writer does not wait
    except FileNotFoundError:
        raise RatesError([_problem(shown, "", "rates.file_not_found")]) from None
    except IsADirectoryError:
        raise RatesError([_problem(shown, "", "rates.not_a_file")]) from None
    except PermissionError:  # on Windows also a file another program holds open
        raise RatesError([_problem(shown, "", "rates.no_permission")]) from None
    except OSError as exc:
        raise RatesError([_problem(shown, "", "rates.unreadable", error=exc.strerror)]) from None
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode):
            raise RatesError([_problem(shown, "", "rates.not_a_file")])
        if found.st_size > schema.MAX_RATES_BYTES:
            raise RatesError([_too_big(shown, found.st_size)])
        with open(fd, "rb", closefd=False) as file:
            data = file.read(schema.MAX_RATES_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > schema.MAX_RATES_BYTES:
        raise RatesError([_too_big(shown, len(data))])
    return decode_rates(data, shown)


def decode_rates(data: bytes, shown: str) -> str:
    """UTF-8 text (a BOM dropped); RatesError naming what the bytes are instead: UTF-16 or
    Shift_JIS (メモ帳's "ANSI" on a Japanese Windows), a NUL byte, or bytes no encoding reads."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise RatesError([_problem(shown, "", "rates.utf16")])
    data = data.removeprefix(codecs.BOM_UTF8)
    if b"\0" in data:
        line = data.count(b"\n", 0, data.index(b"\0")) + 1
        raise RatesError([_problem(shown, "", "rates.nul_byte", line=line)])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            data.decode("cp932")
        except UnicodeDecodeError:
            raise RatesError([_problem(shown, "", "rates.not_utf8", line=line)]) from None
        raise RatesError([_problem(shown, "", "rates.shift_jis", line=line)]) from None


def bounded_text(text: str, shown: str) -> str:
    """Rates TOML given as text (`parse_rates`): the same size limit as a file, a leading BOM
    dropped."""
    if len(text) > schema.MAX_RATES_BYTES or len(text.encode()) > schema.MAX_RATES_BYTES:
        raise RatesError([_too_big(shown, len(text.encode()))])
    return text.removeprefix("\ufeff")


def _too_big(shown: str, size: int) -> Problem:
    return _problem(
        shown, "", "rates.too_big", size=f"{size:,}", limit=f"{schema.MAX_RATES_BYTES:,}"
    )


def _problem(file: str, key: str, message: str, **fields: Any) -> Problem:
    """A Problem with the words of `message` ([rates.*] of words.toml) in both languages."""
    texts = both(
        message, **{k: v.to_dict() if isinstance(v, Label) else v for k, v in fields.items()}
    )
    return Problem(file, key, texts["ja"], texts["en"])


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def rates_files(rates_dir: Path) -> dict[int, Path]:
    """The rates files in a folder by year (``rates/2024.toml`` -> 2024)."""
    return {int(p.stem): p for p in sorted(rates_dir.glob("[0-9][0-9][0-9][0-9].toml"))}


def file_status(path: Path) -> str | None:
    """meta.status of a rates file, read without validating it (None when unreadable)."""
    try:
        status = tomllib.loads(read_rates_file(path, str(path))).get("meta", {}).get("status")
    except (RatesError, tomllib.TOMLDecodeError, RecursionError):
        return None
    return status if isinstance(status, str) else None


def far_from(new: int, old: int) -> bool:
    """True when `new` is outside two thirds to one and a half times `old`.

    Why this band: at a renewal a premium moves by the insurer's rate revision and by the
    group's discount or loading, each of them some tens of percent in a bad year, and a limit
    moves only when a plan is redesigned. A figure more than half again above last year's, or
    below two thirds of it, is far more often a slip (a digit too many or too few, the next
    column's or band's figure, a formula dragged across) than a decision: a tenfold or a tenth
    is always outside. Such a change stops until the file names it in [confirmed].
    """
    return 2 * new > 3 * old or 3 * new < 2 * old


def year_problems(rates: Rates, previous: Rates | None) -> list[Problem]:
    """What stops `rates` against last year's file: a premium or limit far from last year's
    (`far_from`) that [confirmed] does not name, and a final file citing last year's source."""
    if previous is None:
        return []
    found = []
    letters = {c.id: c.letter for c in rates.categories}
    for (category, band, plan), new in rates.premiums.items():
        old = previous.premiums.get((category, band, plan))
        code = f"{letters[category]}{plan}{band}"
        if old is None or not far_from(new, old) or code in rates.confirmed.premiums:
            continue
        key = f"premiums.{category}[{band - 1}].{plan} ({code})"
        found.append(_far_problem(rates.path, key, "renewal_checks.premium_far", old, new, code))
    before = {p.code: p for p in previous.plans}
    for p, plan in enumerate(rates.plans):
        last = before.get(plan.code)
        if last is None or plan.code in rates.confirmed.limits:
            continue
        for limit in schema.PLAN_LIMITS:
            old, new = last.limits[limit.name], plan.limits[limit.name]
            if far_from(new, old):
                key = f"plans[{p}].{limit.key}"
                found.append(
                    _far_problem(rates.path, key, "renewal_checks.limit_far", old, new, plan.code)
                )
    if not rates.is_draft and rates.source == previous.source:
        problem = _problem(
            rates.path,
            "meta.source",
            "renewal_checks.old_source",
            year=previous.year,
            source=rates.source,
        )
        found.append(problem)
    return found


def _yen(amount: int) -> dict[str, str]:
    return {lang: format_yen(amount, lang) for lang in ("ja", "en")}


def _far_problem(file: str, key: str, message: str, old: int, new: int, code: str) -> Problem:
    percent = f"{(new - old) * 100 / old:+.0f}%"
    return _problem(file, key, message, old=_yen(old), new=_yen(new), code=code, percent=percent)


def previous_rates(path: Path, year: int | None = None) -> Rates | None:
    """Last year's rates beside `path` (rates/2024.toml for rates/2025.toml), if it loads.
    `year` is the file's own policy year when it is known (a file not named <year>.toml);
    otherwise its name says it."""
    if year is None:
        if not path.stem.isdigit():
            return None
        year = int(path.stem)
    candidate = path.parent / f"{year - 1}.toml"
    if not candidate.is_file():
        return None
    try:
        return load_rates(candidate, name=f"{path.parent.name}/{candidate.name}")
    except RatesError:
        return None


def refuse_implausible(path: Path, name: str | None = None) -> None:
    """RatesError when the file at `path` changes last year's figures in a way that stops
    (`year_problems`); a file that does not load is left to the caller, which reports it."""
    try:
        rates = load_rates(path, name=name)
    except RatesError:
        return
    problems = year_problems(rates, previous_rates(path))
    if problems:
        raise RatesError(problems)


class _Reader:
    """Walks the raw TOML along the schema, collecting problems instead of stopping."""

    def __init__(self, name: str, data: dict[str, Any]) -> None:
        self.name = name
        self.data = data
        self.problems: list[Problem] = []

    # -- primitives ---------------------------------------------------------------------------
    def problem(self, key: str, message: str, **fields: Any) -> None:
        self.problems.append(_problem(self.name, key, message, **fields))

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

    def unknown(self, key: str, found: dict[str, Any], allowed: tuple[str, ...]) -> None:
        """Refuse the keys of table `key` that the schema does not declare."""
        for extra in sorted(set(found) - set(allowed)):
            # Imported here: only a broken file needs it, so a browser boot (its rates file was
            # checked at build time) never loads it, and the trimmed runtime leaves it out.
            import difflib

            near = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.75)
            where = f"{key}.{extra}" if key else extra
            if not key:
                self.problem(where, "rates.unknown_section")
            elif near:
                self.problem(where, "rates.did_you_mean", near=near[0])
            else:
                self.problem(where, "rates.unknown_key")

    def value(self, key: str, kind: str, *, optional: bool = False) -> Any:
        """A value of a declared kind, checked by its kind; None (and a problem) when wrong."""
        declared = schema.KINDS[kind]
        found = self.get(key)
        if found is _MISSING:
            if not optional:
                self.problem(key, "rates.missing", expected=declared.expected)
            return None
        if declared.type is dict:
            return self.label(key)
        wrong = declared.problem(key, found)
        if wrong is not None:
            message, fields = wrong
            self.problem(key, message, **fields)
            return None
        return found

    def label(self, key: str, *, optional: bool = False, allowed=schema.LABEL_KEYS) -> Label | None:
        found = self.get(key)
        if found is _MISSING and optional:
            return None
        if not isinstance(found, dict):
            if found is _MISSING:
                self.problem(key, "rates.missing", expected=schema.KINDS["label"].expected)
            else:
                self.problem(key, "rates.not_label", got=shown(repr(found)))
            return None
        texts = [self.value(f"{key}.{lang}", "text") for lang in schema.LABEL_KEYS]
        for extra in sorted(set(found) - set(allowed)):
            self.problem(f"{key}.{extra}", "rates.unknown_label_key")
        return Label(texts[0], texts[1]) if all(texts) else None

    def table(self, key: str, allowed: tuple[str, ...] | None = None) -> dict[str, Any]:
        found = self.get(key)
        if not isinstance(found, dict):
            self.problem(key, "rates.missing_table" if found is _MISSING else "rates.not_table")
            return {}
        if allowed is not None:
            self.unknown(key, found, allowed)
        return found

    def array(self, key: str, *, nonempty: bool = True) -> list[Any]:
        found = self.get(key)
        if not isinstance(found, list):
            self.problem(key, "rates.missing_list" if found is _MISSING else "rates.not_list")
            return []
        if nonempty and not found:
            self.problem(key, "rates.empty")
        return found

    def items(self, table: schema.Table) -> list[str]:
        """The keys of each [[table]] item, its unknown keys refused."""
        keys = []
        for i, item in enumerate(self.array(table.key)):
            key = f"{table.key}[{i}]"
            if isinstance(item, dict):
                self.unknown(key, item, table.keys)
            keys.append(key)
        return keys

    def fields(self, table: schema.Table, prefix: str | None = None) -> dict[str, Any]:
        """Every scalar field of a table (labels included), by key; lists are read apart."""
        prefix = prefix or table.key
        return {
            f.key: self.value(f"{prefix}.{f.key}", f.kind, optional=not f.required)
            for f in table.fields
            if schema.KINDS[f.kind].type is not list  # lists are read apart
        }

    # -- sections -----------------------------------------------------------------------------
    def rates(self) -> Rates:
        self.unknown("", self.data, tuple(schema.SCHEMA))
        for table in schema.TABLES:
            if table.shape == "table" and not (table.optional and table.key not in self.data):
                self.table(table.key, table.keys)
        meta = self.fields(schema.META)
        year = meta["year"] or 0
        programme = Programme(**{k: v or "" for k, v in self.fields(schema.PROGRAMME).items()})
        period = self.period(year)
        midterm = MidTerm(**{k: v or 0 for k, v in self.fields(schema.MIDTERM).items()})
        midterm = replace(midterm, moved_deadlines=self.moved(period, midterm))
        terms = Terms(**{k: v or 0 for k, v in self.fields(schema.TERMS).items()})
        cap = self.value("eligibility.revenue_cap_yen", "yen") or 0
        plans = self.plans()
        notes = tuple(self.label(f"limit_notes.{k}") for k in self.table("limit_notes"))
        bands = self.bands(cap)
        extras = self.extras()
        categories, excluded = self.categories({e.id for e in extras if e.applies_to == "category"})
        premiums = self.premiums(categories, bands, plans)
        functions = self.support_functions()
        contacts = self.contacts()
        confirmed = self.confirmed(categories, bands, plans)
        self.whole_amounts(categories, plans, premiums, confirmed)
        if self.problems:
            raise RatesError(self.problems)
        return Rates(
            path=self.name,
            year=year,
            status=meta["status"],
            source=meta["source"],
            approval_number=meta["approval_number"],
            approval_date=meta["approval_date"],
            programme=programme,
            period=period,
            midterm=midterm,
            terms=terms,
            revenue_cap_yen=cap,
            plans=plans,
            limit_notes=notes,
            bands=bands,
            categories=categories,
            excluded=excluded,
            extras=extras,
            support_functions=functions,
            contacts=contacts,
            premiums=premiums,
            confirmed=confirmed,
        )

    def period(self, year: int) -> Period:
        found = self.fields(schema.PERIOD)
        start, end, deadline = found["start"], found["end"], found["application_deadline"]
        if start and end and not start < end:
            self.problem(
                "period.end", "rates.after_start", start=start.isoformat(), got=end.isoformat()
            )
        elif start and end and end.date() > add_months(start.date(), 12):
            self.problem(
                "period.end", "rates.period_long", start=start.isoformat(), got=end.isoformat()
            )
        if start and year and start.year != year:
            self.problem("period.start", "rates.start_year", year=year, got=start.isoformat())
        if start and deadline and not deadline < start.date():
            self.problem(
                "period.application_deadline",
                "rates.before_start",
                start=start.date().isoformat(),
                got=deadline.isoformat(),
            )
        return Period(**found)

    def plans(self) -> tuple[Plan, ...]:
        plans: list[Plan] = []
        for key in self.items(schema.PLANS):
            found = self.fields(schema.PLANS, key)
            code = found["code"]
            if code is not None and code in {p.code for p in plans}:
                self.problem(f"{key}.code", "rates.duplicate_plan", code=code)
            limits = {limit.name: found[limit.key] or 0 for limit in schema.PLAN_LIMITS}
            liability, response = limits["liability"], limits["response_cost"]
            if liability and response and response > liability:
                self.problem(f"{key}.response_cost_limit_yen", "rates.response_above_liability")
            plans.append(Plan(code=code or "?", limits=limits))
        return tuple(plans)

    def bands(self, cap: int) -> tuple[Band, ...]:
        bands: list[Band] = []
        lower = 0
        for i, _ in enumerate(self.array("bands.upper_yen")):
            upper = self.value(f"bands.upper_yen[{i}]", "yen") or 0
            if upper and upper <= lower:
                self.problem(
                    f"bands.upper_yen[{i}]", "rates.band_not_rising", lower=lower, got=upper
                )
            bands.append(Band(index=i + 1, lower_yen=lower, upper_yen=upper))
            lower = max(lower, upper)
        if cap and bands and lower > cap:
            self.problem("eligibility.revenue_cap_yen", "rates.cap_below_bands", top=lower)
        return tuple(bands)

    def industries(self, key: str, seen: dict[str, str]) -> tuple[Industry, ...]:
        found = []
        for i, _ in enumerate(self.array(key)):
            item = f"{key}[{i}]"
            ident = self.value(f"{item}.id", "id")
            if ident is not None and ident in seen:
                self.problem(f"{item}.id", "rates.industry_twice", ident=ident, where=seen[ident])
            elif ident:
                seen[ident] = item
            label = self.label(item, allowed=schema.INDUSTRY_KEYS)
            if ident and label:
                found.append(Industry(id=ident, label=label))
        return tuple(found)

    def categories(
        self, category_extras: set[str]
    ) -> tuple[tuple[Category, ...], tuple[Industry, ...]]:
        seen: dict[str, str] = {}
        categories: list[Category] = []
        for key in self.items(schema.CATEGORIES):
            found = self.fields(schema.CATEGORIES, key)
            ident, letter = found["id"], found["letter"]
            if ident is not None and ident in {c.id for c in categories}:
                self.problem(f"{key}.id", "rates.duplicate_category", ident=ident)
            if letter is not None and letter in {c.letter for c in categories}:
                self.problem(f"{key}.letter", "rates.duplicate_letter", letter=letter)
            extras = self.get(f"{key}.extras")
            extras = [] if extras is _MISSING else extras
            if not isinstance(extras, list) or any(e not in category_extras for e in extras):
                self.problem(f"{key}.extras", "rates.bad_extras", got=shown(repr(extras)))
                extras = ()
            categories.append(
                Category(
                    **{**found, "id": ident or "?", "letter": letter or "?"},
                    industries=self.industries(f"{key}.industries", seen),
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
            self.problem(f"premiums.{extra}", "rates.no_category")
        codes = [p.code for p in plans]
        for category in categories:
            rows = self.array(f"premiums.{category.id}")
            if rows and len(rows) != len(bands):
                self.problem(
                    f"premiums.{category.id}", "rates.rows", bands=len(bands), got=len(rows)
                )
            for b, band in enumerate(bands):
                row_key = f"premiums.{category.id}[{b}]"
                row = self.get(row_key)
                if row is _MISSING:
                    continue
                if not isinstance(row, dict):
                    shape = ", ".join(f"{c} = ..." for c in codes)
                    self.problem(row_key, "rates.bad_row", codes=shape, got=shown(repr(row)))
                    continue
                for extra in sorted(set(row) - set(codes)):
                    self.problem(f"{row_key}.{extra}", "rates.no_plan")
                for code in codes:
                    cell = f"{row_key}.{code} ({category.letter}{code}{band.index})"
                    if code in row:
                        found = self.value(f"{row_key}.{code}", "premium")
                        if found is not None:
                            premiums[(category.id, band.index, code)] = found
                        else:  # name the cell by its code too
                            self.problems[-1] = _renamed(self.problems[-1], cell)
                    else:
                        self.problem(
                            cell, "rates.missing", expected=schema.KINDS["premium"].expected
                        )
        self.rising(categories, bands, plans, premiums)
        return premiums

    def rising(self, categories, bands, plans, premiums) -> None:
        """A premium rises from plan A to B to C, and from each band to the next."""
        for category in categories:
            for b, band in enumerate(bands):
                for p, plan in enumerate(plans):
                    here = premiums.get((category.id, band.index, plan.code))
                    if here is None:
                        continue
                    cell = f"premiums.{category.id}[{b}].{plan.code} ({category.letter}{plan.code}{band.index})"
                    if p:
                        prev = plans[p - 1].code
                        before = premiums.get((category.id, band.index, prev))
                        if before is not None and here <= before:
                            self.problem(
                                cell,
                                "rates.plan_not_rising",
                                prev=prev,
                                prev_code=f"{category.letter}{prev}{band.index}",
                                prev_yen=before,
                                got=here,
                            )
                    if b:
                        below = premiums.get((category.id, band.index - 1, plan.code))
                        if below is not None and here <= below:
                            self.problem(
                                cell,
                                "rates.band_premium_not_rising",
                                prev_code=f"{category.letter}{plan.code}{band.index - 1}",
                                prev_yen=below,
                                got=here,
                            )

    def extras(self) -> tuple[Extra, ...]:
        extras = []
        for key in self.items(schema.EXTRAS):
            found = self.fields(schema.EXTRAS, key)
            extras.append(
                Extra(
                    **{
                        **found,
                        "id": found["id"] or "?",
                        "applies_to": found["applies_to"] or "all",
                    }
                )
            )
        return tuple(extras)

    def support_functions(self) -> tuple[SupportFunction, ...]:
        functions = []
        for key in self.items(schema.SUPPORT_FUNCTIONS):
            found = self.fields(schema.SUPPORT_FUNCTIONS, key)
            items = tuple(
                self.label(f"{key}.items[{j}]") for j, _ in enumerate(self.array(f"{key}.items"))
            )
            functions.append(SupportFunction(**{**found, "id": found["id"] or "?"}, items=items))
        return tuple(functions)

    def moved(self, period: Period, midterm: MidTerm) -> tuple[tuple[date, date], ...]:
        """[midterm] moved_deadlines: each a mid-term start of the period (the start_day of a
        month after the period's start, before its end), once, with a deadline before it."""
        key = "midterm.moved_deadlines"
        if self.get(key) is _MISSING:
            return ()
        found: dict[date, date] = {}
        for i, _ in enumerate(self.array(key, nonempty=False)):
            item = f"{key}[{i}]"
            if not isinstance(self.get(item), dict):
                self.problem(item, "rates.not_table")
                continue
            self.unknown(item, self.get(item), ("start", "deadline"))
            start, deadline = (
                self.value(f"{item}.start", "date"),
                self.value(f"{item}.deadline", "date"),
            )
            if start is None or deadline is None:
                continue
            first, end = period.start, period.end
            if start.day != midterm.start_day or not (
                first and end and first.date() < start < end.date()
            ):
                self.problem(
                    f"{item}.start",
                    "renewal_checks.moved_not_a_start",
                    got=start.isoformat(),
                    day=midterm.start_day,
                )
            elif start in found:
                self.problem(f"{item}.start", "renewal_checks.moved_twice", got=start.isoformat())
            elif not deadline < start:
                self.problem(
                    f"{item}.deadline",
                    "renewal_checks.moved_not_before",
                    got=deadline.isoformat(),
                    start=start.isoformat(),
                )
            else:
                found[start] = deadline
        return tuple(sorted(found.items()))

    def codes(self, key: str, allowed: set[str], message: str) -> frozenset[str]:
        """A list of codes (["AC8", "BC8"]), each one of `allowed`; empty when left out."""
        found = self.get(key)
        if found is _MISSING:
            return frozenset()
        if not isinstance(found, list) or not all(isinstance(c, str) for c in found):
            expected = schema.KINDS["codes"].expected
            self.problem(key, "rates.expected", expected=expected, got=shown(repr(found)))
            return frozenset()
        for i, code in enumerate(found):
            if code not in allowed:
                self.problem(f"{key}[{i}]", message, got=shown(code))
        return frozenset(c for c in found if c in allowed)

    def confirmed(self, categories, bands, plans) -> Confirmed:
        """[confirmed]: the changes staff checked against the insurer's sheet (see
        `year_problems`), each code one the file has."""
        if "confirmed" in self.data:
            self.table("confirmed", schema.CONFIRMED.keys)
        codes = {f"{c.letter}{p.code}{b.index}" for c in categories for b in bands for p in plans}
        return Confirmed(
            premiums=self.codes("confirmed.premiums", codes, "renewal_checks.unknown_code"),
            limits=self.codes(
                "confirmed.limits", {p.code for p in plans}, "renewal_checks.unknown_plan"
            ),
        )

    def whole_amounts(self, categories, plans, premiums, confirmed: Confirmed) -> None:
        """Premiums in whole ten yen and limits in whole 万円, as the brochure prints them: a
        premium of 72,723円 is a spreadsheet formula's remainder, not a figure from the sheet."""
        letters = {c.id: c.letter for c in categories}
        for (category, band, plan), yen in premiums.items():
            code = f"{letters[category]}{plan}{band}"
            if yen % PREMIUM_STEP_YEN and code not in confirmed.premiums:
                key = f"premiums.{category}[{band - 1}].{plan} ({code})"
                self.problem(key, "renewal_checks.not_ten_yen", got=_yen(yen), code=code)
        for p, plan in enumerate(plans):
            for limit in schema.PLAN_LIMITS:
                yen = plan.limits[limit.name]
                if yen % LIMIT_STEP_YEN and plan.code not in confirmed.limits:
                    self.problem(
                        f"plans[{p}].{limit.key}",
                        "renewal_checks.limit_not_whole",
                        got=_yen(yen),
                        plan=plan.code,
                    )

    def contacts(self) -> dict[str, Contact]:
        contacts = {}
        for ident in self.table("contacts"):
            key = f"contacts.{ident}"
            self.table(key, schema.CONTACTS.keys)
            found = self.fields(schema.CONTACTS, key)
            contacts[ident] = Contact(
                id=ident,
                **{**found, "tel": found["tel"] or "", "toll_free": bool(found["toll_free"])},
            )
        for required in schema.REQUIRED_CONTACTS:
            if required not in contacts:
                self.problem(f"contacts.{required}", "rates.missing_contact")
        return contacts


def _renamed(problem: Problem, key: str) -> Problem:
    return Problem(problem.file, key, problem.ja, problem.en)
