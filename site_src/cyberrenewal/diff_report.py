"""The words and figures of a rates diff, in Japanese and English.

`diff_sections(d, lang)` gives the titled tables of display strings that every view shares: the
terminal text and the e-mail Markdown of `format_diff` here, and the site's what-changed page
(an HTML template fed the same sections).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from cyberquote import schema
from cyberquote.dates import format_date, format_when
from cyberquote.model import Label
from cyberquote.words import LANGS, word
from cyberquote.yen import format_yen, signed_percent, signed_yen

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .diff import (
        ContactValue,
        DateChange,
        FieldChange,
        FieldValue,
        PremiumChange,
        RatesDiff,
        TermChange,
    )

FORMATS = ("text", "md", "html")

# The words of each kind of change, by the field names the diff gives (keys written out whole).
_SECTION_TITLES = {
    "programme": "diff.programme",
    "limits": "diff.limits",
    "bands": "diff.bands",
    "eligibility": "diff.eligibility",
    "dates": "diff.dates",
    "contacts": "diff.contacts",
}


def _field_words(table: str, field: str) -> str:
    """The words key of a date or term change's field, as the schema declares it."""
    return schema.SCHEMA[table].field(field).words


@dataclass(frozen=True)
class Section:
    """One kind of change as a small table of display strings."""

    key: str  # "premiums", "limits", "bands", "eligibility", "dates", "contacts"
    title: str
    summary: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # right-align these columns


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")


def _yen_or(amount: int | None, lang: str, missing: str, *, units: bool = False) -> str:
    return word(missing, lang) if amount is None else format_yen(amount, lang, units=units)


def _date_name(change: DateChange, lang: str) -> str:
    """A date row's name: the field's, or a moved deadline's ("4月1日開始分の申込締切（変更）")."""
    if change.start is None:
        return word(_field_words(change.table, change.field), lang)
    return word("diff.moved_deadline", lang, start=format_date(change.start, lang))


def _confirmed(name: str, confirmed: bool, lang: str) -> str:
    """`name`, marked when the new file's [confirmed] names the change: AC8（確認済み）."""
    return word("diff.confirmed", lang, name=name) if confirmed else name


def _premium_row(change: PremiumChange, lang: str, labels: dict) -> tuple[str, ...]:
    diff, pct = change.difference, change.percent
    return (
        labels["category"].get(change.category, change.category),
        labels["band"].get(change.band, str(change.band)),
        change.plan,
        _confirmed(change.code, change.confirmed, lang),
        _yen_or(change.old, lang, "diff.added"),
        _yen_or(change.new, lang, "diff.removed"),
        "" if diff is None else signed_yen(diff, lang),
        "" if pct is None else signed_percent(pct),
    )


def _premiums_section(d: RatesDiff, lang: str, labels: dict) -> Section:
    up = sum(1 for c in d.premiums if (c.difference or 0) > 0)
    down = sum(1 for c in d.premiums if (c.difference or 0) < 0)
    if d.premiums:
        summary = word(
            "diff.premiums_summary",
            lang,
            n=d.premiums_compared,
            k=len(d.premiums),
            up=up,
            down=down,
        )
    else:
        summary = word("diff.premiums_none", lang, n=d.premiums_compared)
    headers = (
        word("terms.category", lang),
        word("diff.h_band", lang),
        word("terms.plan", lang),
        word("terms.code", lang),
        word("terms.policy_year", lang, year=d.old_year),
        word("terms.policy_year", lang, year=d.new_year),
        word("diff.h_difference", lang),
        word("diff.h_percent", lang),
    )
    rows = tuple(_premium_row(c, lang, labels) for c in d.premiums)
    numeric = (False, False, False, False, True, True, True, True)
    return Section("premiums", word("diff.premiums", lang), summary, headers, rows, numeric)


def _change_section(key: str, lang: str, rows: list[tuple[str, str, str]]) -> Section:
    headers = (word("diff.h_item", lang), word("diff.h_before", lang), word("diff.h_after", lang))
    summary = "" if rows else word("diff.none", lang)
    return Section(
        key, word(_SECTION_TITLES[key], lang), summary, headers, tuple(rows), (False, False, False)
    )


def _place(place: str | None, lang: str, labels: dict) -> str:
    if place is None:
        return word("diff.not_listed", lang)
    if place == "excluded":
        return word("diff.excluded", lang)
    return labels["category"].get(place, place)


def _term(change: TermChange, value: int, lang: str) -> str:
    """A whole-number term as its kind reads: an amount, a number of months, a day of the month."""
    kind = schema.SCHEMA[change.table].field(change.field).kind
    if kind == "months":
        return word("diff.months_before", lang, n=value)
    if kind == "day":
        return word("diff.day_of_month", lang, n=value)
    return format_yen(value, lang)


def _contact_value(value: ContactValue, lang: str) -> str:
    if value is None:
        return word("diff.not_listed", lang)
    if isinstance(value, bool):
        return word("diff.yes", lang) if value else word("diff.no", lang)
    if isinstance(value, Label):
        return value[lang]
    return value


def _field_value(value: FieldValue, lang: str) -> str:
    """A schema field's value as shown: labels in `lang`, lists joined, yes/no."""
    if isinstance(value, tuple):
        return (
            "、".join(_field_value(v, lang) for v in value)
            if lang == "ja"
            else "; ".join(_field_value(v, lang) for v in value)
        )
    return _contact_value(value, lang)


def _field_row(c: FieldChange, lang: str) -> tuple[str, str, str]:
    if c.field is None:  # a whole item added or removed
        name = (c.item or c.new or c.old)[lang]
        before = word("diff.not_listed", lang) if c.old is None else name
        after = word("diff.removed", lang) if c.new is None else word("diff.added", lang)
        return name, before, after
    item = f"{c.item[lang]}: {c.field[lang]}" if c.item else c.field[lang]
    return item, _field_value(c.old, lang), _field_value(c.new, lang)


def _other_sections(d: RatesDiff, lang: str, labels: dict) -> list[Section]:
    programme = [_field_row(c, lang) for c in d.fields]
    limits = [
        (
            _confirmed(
                word(schema.plan_limit(c.kind).change_words, lang, plan=c.plan), c.confirmed, lang
            ),
            _yen_or(c.old, lang, "diff.added", units=True),
            _yen_or(c.new, lang, "diff.removed", units=True),
        )
        for c in d.limits
    ]
    bands = [
        (
            word("diff.band", lang, index=c.index),
            _yen_or(c.old_upper, lang, "diff.added", units=True),
            _yen_or(c.new_upper, lang, "diff.removed", units=True),
        )
        for c in d.bands
    ]
    eligibility = []
    if d.revenue_cap is not None:
        cap = d.revenue_cap
        eligibility.append(
            (
                word("diff.revenue_cap", lang),
                format_yen(cap.old, lang, units=True),
                format_yen(cap.new, lang, units=True),
            )
        )
    eligibility += [
        (
            word("diff.industry", lang, industry=c.label[lang]),
            _place(c.old, lang, labels),
            _place(c.new, lang, labels),
        )
        for c in d.industries
    ]
    dates = [
        (_date_name(c, lang), format_when(c.old, lang), format_when(c.new, lang)) for c in d.dates
    ]
    for c in d.terms:
        row = (
            word(_field_words(c.table, c.field), lang),
            _term(c, c.old, lang),
            _term(c, c.new, lang),
        )
        (limits if c.table == "terms" else dates).append(row)
    contacts = [
        (
            f"{c.name[lang]}: {word(schema.CONTACTS.field(c.field).words, lang)}",
            _contact_value(c.old, lang),
            _contact_value(c.new, lang),
        )
        for c in d.contacts
    ]
    return [
        _change_section("programme", lang, programme),
        _change_section("limits", lang, limits),
        _change_section("bands", lang, bands),
        _change_section("eligibility", lang, eligibility),
        _change_section("dates", lang, dates),
        _change_section("contacts", lang, contacts),
    ]


def diff_sections(d: RatesDiff, lang: str) -> list[Section]:
    """The diff as titled tables of display strings, premiums first."""
    _check_lang(lang)
    labels = {
        "category": {k: v[lang] for k, v in d.labels.categories.items()},
        "band": {k: v[lang] for k, v in d.labels.bands.items()},
    }
    return [_premiums_section(d, lang, labels), *_other_sections(d, lang, labels)]


def title(d: RatesDiff, lang: str) -> str:
    text = word("diff.title", lang, old=d.old_year, new=d.new_year)
    if d.new_is_draft:
        text += word("diff.draft_note", lang, year=d.new_year)
    return text


# --- terminal text -----------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: two for full-width (East Asian wide) characters."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def _text_table(section: Section) -> list[str]:
    table = [section.headers, *section.rows]
    widths = [max(display_width(row[i]) for row in table) for i in range(len(section.headers))]
    return [
        "  "
        + "  ".join(
            _pad(cell, widths[i], section.numeric[i]) for i, cell in enumerate(row)
        ).rstrip()
        for row in table
    ]


def render_text(d: RatesDiff, lang: str, sections: list[Section]) -> str:
    out = [title(d, lang), "=" * display_width(title(d, lang))]
    for section in sections:
        out += ["", f"■ {section.title}"]
        if section.summary:
            out.append("  " + section.summary)
        if section.rows:
            out += _text_table(section)
    return "\n".join(out) + "\n"


# --- Markdown for an e-mail --------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def _md_table(section: Section) -> list[str]:
    align = ["---:" if right else "---" for right in section.numeric]
    lines = ["| " + " | ".join(_md_cell(h) for h in section.headers) + " |"]
    lines.append("| " + " | ".join(align) + " |")
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in section.rows]
    return lines


def render_md(d: RatesDiff, lang: str, sections: list[Section]) -> str:
    out = [f"## {title(d, lang)}"]
    for section in sections:
        out += ["", f"### {section.title}", ""]
        if section.summary:
            out.append(section.summary)
        if section.rows:
            if section.summary:
                out.append("")
            out += _md_table(section)
    return "\n".join(out) + "\n"


# --- HTML for an e-mail ------------------------------------------------------------------------
# Inline styles: mail programs (Outlook, Gmail) drop <style> blocks and classes. This page is sent,
# never served by the site, so the site's CSP does not apply to it.
_MAIL_STYLES = {
    "body": "font-family:'Hiragino Sans','Yu Gothic','Meiryo',sans-serif;font-size:11pt;color:#222;",
    "h1": "font-size:15pt;margin:0 0 12pt 0;",
    "h2": "font-size:12pt;margin:16pt 0 6pt 0;border-bottom:2px solid #3f51b5;",
    "p": "margin:0 0 6pt 0;",
    "table": "border-collapse:collapse;margin:0 0 8pt 0;",
    "th": "border:1px solid #888;padding:3pt 6pt;background:#e8eef6;text-align:left;",
    "td": "border:1px solid #888;padding:3pt 6pt;text-align:left;vertical-align:top;",
    "num": "border:1px solid #888;padding:3pt 6pt;text-align:right;white-space:nowrap;",
}


def html_sections(
    sections: list[Section], *, level: int, attrs: Mapping[str, str] | None = None
) -> list[str]:
    """The sections as HTML, every text escaped: a heading of `level`, the summary, the table.
    `attrs` adds an attribute to an element by its role ("h", "p", "table", "th", "td", "num" for
    a figure's cell): inline styles for an e-mail, a class for the renewal page (whose CSP allows
    no style attribute).

    >>> print("\\n".join(html_sections([Section("x", "A<B", "", ("k",), [("1",)], (True,))],
    ...                                  level=3, attrs={"num": 'class="num"'})))
    <h3 data-section="x">A&lt;B</h3>
    <table>
    <thead><tr>
    <th scope="col">k</th>
    </tr></thead>
    <tbody>
    <tr><td class="num">1</td></tr>
    </tbody>
    </table>
    """
    attrs = attrs or {}

    def at(role: str) -> str:
        return f" {attrs[role]}" if role in attrs else ""

    out: list[str] = []
    for section in sections:
        heading = f"h{level}"
        out.append(
            f'<{heading}{at("h")} data-section="{escape(section.key)}">'
            f"{escape(section.title)}</{heading}>"
        )
        if section.summary:
            out.append(f"<p{at('p')}>{escape(section.summary)}</p>")
        if not section.rows:
            continue
        out += [f"<table{at('table')}>", "<thead><tr>"]
        out += [f'<th scope="col"{at("th")}>{escape(h)}</th>' for h in section.headers]
        out += ["</tr></thead>", "<tbody>"]
        for row in section.rows:
            cells = "".join(
                f"<td{at('num' if section.numeric[i] else 'td')}>{escape(c)}</td>"
                for i, c in enumerate(row)
            )
            out.append(f"<tr>{cells}</tr>")
        out += ["</tbody>", "</table>"]
    return out


def render_html(d: RatesDiff, lang: str, sections: list[Section]) -> str:
    """A self-contained page (no link, script or stylesheet) to attach or paste into an e-mail."""
    heading = escape(title(d, lang))
    styles = {"h" if k == "h2" else k: f'style="{v}"' for k, v in _MAIL_STYLES.items()}
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        '<head><meta charset="utf-8">',
        f"<title>{heading}</title></head>",
        f'<body style="{_MAIL_STYLES["body"]}">',
        f'<h1 style="{_MAIL_STYLES["h1"]}">{heading}</h1>',
        *html_sections(sections, level=2, attrs=styles),
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def format_diff(d: RatesDiff, lang: str = "ja", *, fmt: str = "text") -> str:
    """The diff as terminal text (fmt="text"), Markdown (fmt="md") or a self-contained HTML page
    (fmt="html") to send by e-mail."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, got {fmt!r}")
    sections = diff_sections(d, lang)
    render = {"md": render_md, "html": render_html, "text": render_text}[fmt]
    return render(d, lang, sections)
