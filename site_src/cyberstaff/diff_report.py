"""The words and figures of a rates diff, in Japanese and English (issue 6).

`diff_sections(d, lang)` gives the titled tables of display strings that every view shares: the
terminal text and the e-mail Markdown of `format_diff` here, and the site's what-changed page
(an HTML template fed the same sections).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from cyberquote.dates import format_date, format_datetime
from cyberquote.model import Label
from cyberquote.yen import format_yen

if TYPE_CHECKING:
    from .diff import ContactValue, PremiumChange, RatesDiff

FORMATS = ("text", "md")
LANGS = ("ja", "en")

_WORDS: dict[str, Label] = {
    "title": Label("{old}年度から{new}年度への変更", "Changes from {old} to {new}"),
    "draft_note": Label(
        "（{year}年度は下書きです。保険会社の料率表と照合前の内容です）",
        " (the {year} rates are a draft, not yet checked against the insurer's sheet)",
    ),
    "none": Label("変更はありません。", "No changes."),
    "premiums": Label("保険料", "Premiums"),
    "premiums_summary": Label(
        "{n}件中{k}件が変わります（値上げ{up}件、値下げ{down}件）。",
        "Premiums changing: {k} of {n} ({up} up, {down} down).",
    ),
    "premiums_none": Label("{n}件とも変わりません。", "None of the {n} premiums changes."),
    "limits": Label("保険金額（補償の限度額）", "Limits"),
    "bands": Label("売上高の区分", "Revenue bands"),
    "eligibility": Label("加入の条件", "Who can join"),
    "dates": Label("日付", "Dates"),
    "contacts": Label("連絡先", "Contacts"),
    "h_category": Label("業種区分", "Category"),
    "h_band": Label("売上高", "Revenue"),
    "h_plan": Label("プラン", "Plan"),
    "h_code": Label("コード", "Code"),
    "h_year": Label("{year}年度", "{year}"),
    "h_difference": Label("差額", "Difference"),
    "h_percent": Label("増減率", "Change"),
    "h_item": Label("項目", "Item"),
    "h_contact": Label("連絡先", "Contact"),
    "h_before": Label("変更前", "Before"),
    "h_after": Label("変更後", "After"),
    "added": Label("新設", "new"),
    "removed": Label("廃止", "removed"),
    "not_listed": Label("記載なし", "not listed"),
    "excluded": Label("加入対象外", "not eligible"),
    "liability": Label("プラン{plan} 賠償責任", "Plan {plan}: liability"),
    "response_cost": Label("プラン{plan} 事故対応費用", "Plan {plan}: incident response costs"),
    "band": Label("区分{index}の上限", "Upper bound of band {index}"),
    "revenue_cap": Label("加入できる売上高の上限", "Highest annual revenue that can join"),
    "industry": Label("{industry}の業種区分", "Category of {industry}"),
    "start": Label("保険期間の始期", "Start of the policy period"),
    "end": Label("保険期間の終期", "End of the policy period"),
    "application_deadline": Label(
        "始期からの加入の申込締切日", "Application deadline for cover from the start"
    ),
    "deductible_yen": Label("自己負担額", "Deductible"),
    "midterm_start_day": Label("中途加入の補償開始日", "Mid-term cover starts on"),
    "midterm_deadline_day": Label("中途加入の申込締切日", "Mid-term application deadline"),
    "midterm_deadline_months_before": Label(
        "中途加入の申込締切（補償開始の何か月前）", "Mid-term deadline, months before the start"
    ),
    "day_of_month": Label("毎月{n}日", "day {n} of the month"),
    "months_before": Label("{n}か月前", "{n} month(s) before"),
    "f_name": Label("名称", "name"),
    "f_role": Label("役割", "role"),
    "f_tel": Label("電話", "telephone"),
    "f_hours": Label("受付時間", "hours"),
    "f_postcode": Label("郵便番号", "postcode"),
    "f_address": Label("住所", "address"),
    "f_fax": Label("FAX", "fax"),
    "f_web": Label("ウェブサイト", "website"),
    "f_note": Label("注記", "note"),
    "f_toll_free": Label("フリーダイヤル", "toll-free"),
    "yes": Label("はい", "yes"),
    "no": Label("いいえ", "no"),
}


def word(key: str, lang: str, **values: object) -> str:
    """The phrase `key` in `lang`, with its {placeholders} filled."""
    return _WORDS[key][lang].format(**values)


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


def signed_yen(amount: int, lang: str) -> str:
    """+670円 / -1,000円 / ±0円; +¥670 / -¥1,000 / ±¥0."""
    sign = "+" if amount > 0 else "-" if amount < 0 else "±"
    return sign + format_yen(abs(amount), lang)


def signed_percent(percent: float) -> str:
    """+4.0% / -2.5% / ±0.0%, one decimal."""
    text = f"{abs(percent):.1f}%"
    if text == "0.0%":
        return "±" + text
    return ("+" if percent > 0 else "-") + text


def _yen_or(amount: int | None, lang: str, missing: str, *, units: bool = False) -> str:
    return word(missing, lang) if amount is None else format_yen(amount, lang, units=units)


def _when(value: date, lang: str) -> str:
    if isinstance(value, datetime):
        return format_datetime(value, lang)
    return format_date(value, lang)


def _premium_row(change: PremiumChange, lang: str, labels: dict) -> tuple[str, ...]:
    diff, pct = change.difference, change.percent
    return (
        labels["category"].get(change.category, change.category),
        labels["band"].get(change.band, str(change.band)),
        change.plan,
        change.code,
        _yen_or(change.old, lang, "added"),
        _yen_or(change.new, lang, "removed"),
        "" if diff is None else signed_yen(diff, lang),
        "" if pct is None else signed_percent(pct),
    )


def _premiums_section(d: RatesDiff, lang: str, labels: dict) -> Section:
    up = sum(1 for c in d.premiums if (c.difference or 0) > 0)
    down = sum(1 for c in d.premiums if (c.difference or 0) < 0)
    if d.premiums:
        summary = word(
            "premiums_summary", lang, n=d.premiums_compared, k=len(d.premiums), up=up, down=down
        )
    else:
        summary = word("premiums_none", lang, n=d.premiums_compared)
    headers = tuple(
        word(k, lang, year=y)
        for k, y in (
            ("h_category", None),
            ("h_band", None),
            ("h_plan", None),
            ("h_code", None),
            ("h_year", d.old_year),
            ("h_year", d.new_year),
            ("h_difference", None),
            ("h_percent", None),
        )
    )
    rows = tuple(_premium_row(c, lang, labels) for c in d.premiums)
    numeric = (False, False, False, False, True, True, True, True)
    return Section("premiums", word("premiums", lang), summary, headers, rows, numeric)


def _change_section(key: str, lang: str, rows: list[tuple[str, str, str]]) -> Section:
    headers = (word("h_item", lang), word("h_before", lang), word("h_after", lang))
    summary = "" if rows else word("none", lang)
    return Section(key, word(key, lang), summary, headers, tuple(rows), (False, False, False))


def _place(place: str | None, lang: str, labels: dict) -> str:
    if place is None:
        return word("not_listed", lang)
    if place == "excluded":
        return word("excluded", lang)
    return labels["category"].get(place, place)


def _term(field: str, value: int, lang: str) -> str:
    if field == "deductible_yen":
        return format_yen(value, lang)
    if field == "midterm_deadline_months_before":
        return word("months_before", lang, n=value)
    return word("day_of_month", lang, n=value)


def _contact_value(value: ContactValue, lang: str) -> str:
    if value is None:
        return word("not_listed", lang)
    if isinstance(value, bool):
        return word("yes" if value else "no", lang)
    if isinstance(value, Label):
        return value[lang]
    return value


def _other_sections(d: RatesDiff, lang: str, labels: dict) -> list[Section]:
    limits = [
        (
            word(c.kind, lang, plan=c.plan),
            _yen_or(c.old, lang, "added", units=True),
            _yen_or(c.new, lang, "removed", units=True),
        )
        for c in d.limits
    ]
    bands = [
        (
            word("band", lang, index=c.index),
            _yen_or(c.old_upper, lang, "added", units=True),
            _yen_or(c.new_upper, lang, "removed", units=True),
        )
        for c in d.bands
    ]
    eligibility = []
    if d.revenue_cap is not None:
        cap = d.revenue_cap
        eligibility.append(
            (
                word("revenue_cap", lang),
                format_yen(cap.old, lang, units=True),
                format_yen(cap.new, lang, units=True),
            )
        )
    eligibility += [
        (
            word("industry", lang, industry=c.label[lang]),
            _place(c.old, lang, labels),
            _place(c.new, lang, labels),
        )
        for c in d.industries
    ]
    dates = [(word(c.field, lang), _when(c.old, lang), _when(c.new, lang)) for c in d.dates]
    for c in d.terms:
        row = (word(c.field, lang), _term(c.field, c.old, lang), _term(c.field, c.new, lang))
        (limits if c.field == "deductible_yen" else dates).append(row)
    contacts = [
        (
            f"{c.name[lang]}: {word('f_' + c.field, lang)}",
            _contact_value(c.old, lang),
            _contact_value(c.new, lang),
        )
        for c in d.contacts
    ]
    return [
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
    text = word("title", lang, old=d.old_year, new=d.new_year)
    if d.new_is_draft:
        text += word("draft_note", lang, year=d.new_year)
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
