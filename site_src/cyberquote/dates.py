"""Dates in Japan time, written as each language writes them.

>>> format_date(date(2024, 1, 15), "ja"), format_date(date(2024, 1, 15), "en")
('2024年1月15日', '15 January 2024')
>>> format_datetime(datetime(2024, 1, 1, 16, 0, tzinfo=JST), "ja")
'2024年1月1日午後4時'
>>> format_datetime(datetime(2024, 1, 1, 16, 0, tzinfo=JST), "en")
'4:00 p.m. on 1 January 2024'
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from .errors import InputError

# Japan has no daylight saving time: a fixed offset needs no tz database (none under Pyodide).
JST = timezone(timedelta(hours=9), "JST")

_MONTHS_EN = (
    "January February March April May June July August September October November December"
).split()


def today_jst(now: datetime | None = None) -> date:
    """Today's date in Japan (at ``now``, an aware datetime, if given)."""
    return (now or datetime.now(JST)).astimezone(JST).date()


def parse_date(value: date | str, *, field: str) -> date:
    """A date from a ``date`` or YYYY-MM-DD text; InputError naming the field otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(
            f"{field} の日付「{value}」を読み取れません。YYYY-MM-DD の形で指定してください。",
            f"The {field} date “{value}” is not a date: use YYYY-MM-DD.",
        ) from None


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier); the day must exist in the target month."""
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def format_date(day: date, lang: str = "ja") -> str:
    if lang == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def format_time(moment: datetime, lang: str = "ja") -> str:
    """午後4時 / 4:00 p.m."""
    hour12 = moment.hour % 12 or 12
    if lang == "ja":
        half = "午前" if moment.hour < 12 else "午後"
        minutes = f"{moment.minute}分" if moment.minute else ""
        return f"{half}{hour12}時{minutes}"
    half = "a.m." if moment.hour < 12 else "p.m."
    return f"{hour12}:{moment.minute:02d} {half}"


def format_datetime(moment: datetime, lang: str = "ja") -> str:
    moment = moment.astimezone(JST)
    if lang == "ja":
        return f"{format_date(moment.date(), 'ja')}{format_time(moment, 'ja')}"
    return f"{format_time(moment, 'en')} on {format_date(moment.date(), 'en')}"


def format_period(start: datetime, end: datetime, lang: str = "ja") -> str:
    """2024年1月1日午後4時～2025年1月1日午後4時 / from 4:00 p.m. on ... to 4:00 p.m. on ..."""
    if lang == "ja":
        return f"{format_datetime(start, 'ja')}～{format_datetime(end, 'ja')}"
    return f"from {format_datetime(start, 'en')} to {format_datetime(end, 'en')}"
