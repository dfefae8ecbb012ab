"""The yearly renewal: next year's draft rates file, made from this year's text.

`new_draft` edits the TOML *text* line by line, so that every comment, the column layout of the
premium tables and the order of the keys stay exactly as staff know them. It changes only:

- `meta.year`, and the policy-year mentions in comment lines (``2024年度``, ``policy year 2024``,
  ``rates/2024.toml``);
- the dates the schema marks `shift` (`period.start`, `period.end`,
  `period.application_deadline`), moved by the year difference;
- `meta.status`, set to ``"draft"`` with a comment saying the file awaits confirmation against
  the insurer's sheet;
- the lists of `[confirmed]` and the moved mid-term deadlines, emptied: a change confirmed or
  a deadline moved for one year says nothing of the next;
- the insurer's approval of the pamphlet (`meta.approval_number`, `meta.approval_date`), dropped:
  it approved last year's pamphlet, and would otherwise print on next year's.

Premiums, limits, bands and everything else are copied unchanged; the result is parsed again and
compared with the source, so a file this function returns is known to hold the same data.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from typing import Any

from cyberquote import schema
from cyberquote.errors import InputError
from cyberquote.words import Lang, both, word

DRAFT_COMMENT = f"# {word('new_draft.comment', 'ja')} / {word('new_draft.comment', 'en')}"
SHIFTED = schema.shifted()  # (table, key) of the dates moved by the year difference

_TABLE_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\s]+?)\s*\]\]?\s*(#.*)?$")
_KEY_VALUE = re.compile(r"^(?P<indent>\s*)(?P<key>[A-Za-z0-9_\-]+)(?P<eq>\s*=\s*)(?P<value>.*)$")
_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_STRING_VALUE = re.compile(r"^\"[^\"]*\"")


class RenewalError(InputError):
    """The source text cannot be turned into a draft (an InputError, so the CLI reports it in one
    line, exit 2): `.messages` is {"ja": ..., "en": ...}; str(err) is the Japanese."""

    def __init__(self, *, ja: str, en: str) -> None:
        super().__init__(ja, en)


def _shift_year(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _shift_date_literal(value: str, years: int) -> str:
    """Move the TOML date or datetime at the start of `value`, keeping time, offset and comment."""
    match = _DATE_PREFIX.match(value)
    if match is None:
        raise RenewalError(**both("new_draft.not_a_date", value=value.strip()))
    old = date(int(match[1]), int(match[2]), int(match[3]))
    return _shift_year(old, years).isoformat() + value[match.end() :]


def _parse(text: str, what: dict[Lang, str]) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise RenewalError(**both("new_draft.not_toml", what=what, error=err)) from err


def _source_year(data: dict[str, Any]) -> int:
    year = data.get("meta", {}).get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise RenewalError(**both("new_draft.no_year"))
    return year


def _rewrite_comment(line: str, old_year: int, new_year: int) -> str:
    for before, after in (
        (f"{old_year}年度", f"{new_year}年度"),
        (f"policy year {old_year}", f"policy year {new_year}"),
        (f"rates/{old_year}.toml", f"rates/{new_year}.toml"),
    ):
        line = line.replace(before, after)
    return line


def _emptied(table: str, key: str) -> bool:
    """A list each year has its own: [confirmed] and the moved mid-term deadlines."""
    return table == "confirmed" or (table, key) == ("midterm", "moved_deadlines")


DROPPED = {("meta", "approval_number"), ("meta", "approval_date")}  # one year's approval


def _edit_lines(lines: list[str], old_year: int, new_year: int) -> tuple[list[str], set[str]]:
    """The edited lines and the set of edits made ("year", "status", "start", ...)."""
    years = new_year - old_year
    table = ""
    done: set[str] = set()
    out: list[str] = []
    in_list = False  # inside an emptied list written over several lines: dropped

    def leave_meta() -> None:
        # A source without meta.status gets one, at the end of its [meta] table.
        if table == "meta" and "status" not in done:
            while out and not out[-1].strip():
                out.pop()
            out.extend([f'status = "draft"  {DRAFT_COMMENT}', ""])
            done.add("status")

    for line in lines:
        if in_list:
            in_list = "]" not in line.split("#")[0]
            continue
        if line.lstrip().startswith("#"):
            out.append(_rewrite_comment(line, old_year, new_year))
            continue
        header = _TABLE_HEADER.match(line)
        if header is not None:
            leave_meta()
            table = header[1].replace(" ", "")
            out.append(line)
            continue
        kv = _KEY_VALUE.match(line)
        if kv is None:
            out.append(line)
            continue
        key, value = kv["key"], kv["value"]
        head = kv["indent"] + key + kv["eq"]
        if table == "meta" and key == "year":
            out.append(head + re.sub(r"^\d+", str(new_year), value))
            done.add("year")
        elif table == "meta" and key == "status":
            status = _STRING_VALUE.sub('"draft"', value, count=1)
            kept = status.split("#")[0]
            pad = kept[len(kept.rstrip()) :] or "  "
            out.append(f"{head}{kept.rstrip()}{pad}{DRAFT_COMMENT}")
            done.add("status")
        elif (table, key) in DROPPED:
            continue
        elif _emptied(table, key):
            out.append(f"{head}[]")
            in_list = "]" not in value.split("#")[0]
        elif (table, key) in SHIFTED:
            out.append(head + _shift_date_literal(value, years))
            done.add(f"{table}.{key}")
        else:
            out.append(line)
    leave_meta()
    return out, done


def _check_result(source: dict[str, Any], result: dict[str, Any], years: int) -> None:
    """The draft must hold the source's data with only year, status and the dates changed."""
    expected = dict(source)
    expected["meta"] = {**source["meta"], "year": source["meta"]["year"] + years, "status": "draft"}
    for table, key in DROPPED:
        expected[table] = {k: v for k, v in expected[table].items() if k != key}
    for table, section in source.items():
        if isinstance(section, dict) and any(_emptied(table, key) for key in section):
            expected[table] = {
                key: [] if _emptied(table, key) else value for key, value in section.items()
            }
    for table, key in SHIFTED:
        section = expected[table] = dict(expected[table])
        value = section[key]
        if isinstance(value, datetime):
            section[key] = datetime.combine(_shift_year(value.date(), years), value.timetz())
        else:
            section[key] = _shift_year(value, years)
    if result != expected:
        raise RenewalError(**both("new_draft.changed"))


def new_draft(source_text: str, year: int) -> str:
    """The text of rates/<year>.toml made from the previous year's TOML text, marked as a draft.

    Raises RenewalError (a ValueError with .messages in ja and en) when the source cannot be read,
    lacks the year or a period date, or when `year` is not after the source's year.
    """
    source = _parse(source_text, both("new_draft.the_source"))
    old_year = _source_year(source)
    if year <= old_year:
        raise RenewalError(**both("new_draft.year_not_after", year=year, old_year=old_year))
    lines = source_text.splitlines(keepends=False)
    edited, done = _edit_lines(lines, old_year, year)
    missing = [f"{table}.{key}" for table, key in SHIFTED if f"{table}.{key}" not in done]
    if missing:
        raise RenewalError(**both("new_draft.lacks", keys=", ".join(missing)))
    text = "\n".join(edited) + ("\n" if source_text.endswith("\n") else "")
    if "status" not in done:
        raise RenewalError(**both("new_draft.no_status"))
    _check_result(source, _parse(text, both("new_draft.the_draft")), year - old_year)
    return text
