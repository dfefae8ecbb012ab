"""Single source, enforced: no yen amount, date or phone number is typed in docs/.

Every such figure must come from the rates file through the macros; a typed one would silently go
stale at the yearly renewal.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

DOCS = ROOT / "docs"

DIGIT = r"[0-9０-９]"
NUM = rf"{DIGIT}[0-9０-９,，.]*"
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
FORBIDDEN: dict[str, re.Pattern[str]] = {
    "yen amount": re.compile(
        rf"{NUM}\s*(?:[万億千百]\s*)*円|[¥￥]\s*{DIGIT}|{DIGIT}\s*yen\b|{NUM}\s*(?:million|billion)",
        re.IGNORECASE,
    ),
    "date": re.compile(
        rf"{DIGIT}{{4}}\s*年\s*{DIGIT}{{1,2}}\s*月|{DIGIT}{{1,2}}\s*月\s*{DIGIT}{{1,2}}\s*日"
        rf"|\b\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}\b"
        rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\b|\b(?:{MONTHS})\s+\d{{1,2}}\b"
        rf"|\b(?:{MONTHS})\s+\d{{4}}\b"
    ),
    # a Japanese number: 0 then at least 8 more digits, hyphens allowed between them
    "phone number": re.compile(rf"(?<![0-9０-９])[0０](?:\s*[-‐－ー]?\s*{DIGIT}){{8,}}"),
    "time of day": re.compile(
        rf"午[前後]\s*{DIGIT}|\b\d{{1,2}}:\d{{2}}\s*[ap]\.?m\b", re.IGNORECASE
    ),
    "policy year": re.compile(rf"{DIGIT}{{4}}\s*年度|\b(?:19|20)\d{{2}}\b"),
}

# Files owned by the renewal work may quote commands and years in examples (staff guide).
SCANNED = sorted(p for p in DOCS.rglob("*.md") if p.name not in {"staff.md"})


def typed_figures(text: str) -> list[tuple[str, str]]:
    """(kind, match) for every figure typed in `text`, ignoring Jinja expressions and tags."""
    plain = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", text, flags=re.DOTALL)
    return [(kind, m.group(0)) for kind, rx in FORBIDDEN.items() for m in rx.finditer(plain)]


@pytest.mark.parametrize(
    ("sample", "kind"),
    [
        ("保険料は16,740円です", "yen amount"),
        ("売上高200億円以下", "yen amount"),
        ("¥16,740", "yen amount"),
        ("up to ¥300 million", "yen amount"),
        ("2024年1月1日から", "date"),
        ("締切は12月15日", "date"),
        ("by 15 December", "date"),
        ("from January 1", "date"),
        ("2023-12-15", "date"),
        ("TEL 03-3241-0230", "phone number"),
        ("0120-727-110", "phone number"),
        ("０５７０－０２２８０８", "phone number"),
        ("午後4時に始まり", "time of day"),
        ("at 4:00 p.m.", "time of day"),
        ("2024年度の保険料", "policy year"),
        ("policy year 2024", "policy year"),
    ],
)
def test_scanner_catches_typed_figures(sample: str, kind: str) -> None:
    assert kind in {k for k, _ in typed_figures(sample)}


def test_scanner_ignores_macro_calls() -> None:
    text = "売上高{{ yen(rates.revenue_cap_yen, units=True) }}以下、{{ day(rates.period.start) }}"
    assert typed_figures(text) == []


def test_the_pages_exist() -> None:
    names = {p.relative_to(DOCS).as_posix() for p in SCANNED}
    for lang in ("ja", "en"):
        for page in ("index", "coverage", "support", "eligibility", "premiums", "quote", "join"):
            assert f"{lang}/{page}.md" in names
        for page in ("incident", "notices", "contacts"):
            assert f"{lang}/{page}.md" in names


@pytest.mark.parametrize("path", SCANNED, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_no_figure_is_typed_in_docs(path: Path) -> None:
    found = typed_figures(path.read_text(encoding="utf-8"))
    assert found == [], f"{path.relative_to(ROOT)} types figures; use the rates macros: {found}"
