"""Dates in Japan time, written as each language writes them: the one formatter of days, times
of day and periods for the site, the quote, the exports and the CLI.

>>> format_date(date(2024, 1, 15), "ja"), format_date(date(2024, 1, 15), "en")
('2024年1月15日', '15 January 2024')
>>> format_datetime(datetime(2024, 1, 1, 16, 0, tzinfo=JST), "ja")
'2024年1月1日午後4時'
>>> format_datetime(datetime(2024, 1, 1, 16, 0, tzinfo=JST), "en")
'4:00 p.m. on 1 January 2024'

Noon and midnight, the hours a 12-hour clock makes ambiguous: Japanese writes them as
午後0時 and 午前0時 (the usage of laws and insurance wordings), English as 12:00 noon and
12:00 midnight (never "12 a.m." or "12 p.m.").

>>> [format_time(datetime(2024, 1, 1, h, m), "ja") for h, m in ((0, 0), (0, 30), (12, 0), (12, 5))]
['午前0時', '午前0時30分', '午後0時', '午後0時5分']
>>> [format_time(datetime(2024, 1, 1, h, m), "en") for h, m in ((0, 0), (0, 30), (12, 0), (12, 5))]
['12:00 midnight', '12:30 a.m.', '12:00 noon', '12:05 p.m.']
>>> format_time(datetime(2024, 1, 1, 9, 15), "ja"), format_time(datetime(2024, 1, 1, 23, 0), "en")
('午前9時15分', '11:00 p.m.')
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from .errors import InputError, shown
from .words import both

# Japan has no daylight saving time: a fixed offset needs no tz database (none under Pyodide).
JST = timezone(timedelta(hours=9), "JST")

_MONTHS_EN = (
    "January February March April May June July August September October November December"
).split()
_WEEKDAYS = {
    "ja": "月火水木金土日",
    "en": "Mon Tue Wed Thu Fri Sat Sun".split(),
}


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
        raise InputError(**both("date.unreadable", field=field, value=shown(value))) from None


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier); the day must exist in the target month."""
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def format_date(day: date, lang: str = "ja", *, weekday: bool = False) -> str:
    """2024年12月15日 / 15 December 2024; with ``weekday``, the day of the week as the site's
    deadlines show it (after the date in Japanese, before it in English).

    >>> format_date(date(2024, 12, 15), "ja", weekday=True), format_date(date(2024, 12, 15), "en", weekday=True)
    ('2024年12月15日（日）', 'Sun 15 December 2024')
    """
    if lang == "ja":
        text = f"{day.year}年{day.month}月{day.day}日"
        return f"{text}（{_WEEKDAYS['ja'][day.weekday()]}）" if weekday else text
    text = f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
    return f"{_WEEKDAYS['en'][day.weekday()]} {text}" if weekday else text


def format_time(moment: datetime, lang: str = "ja") -> str:
    """The time of day as the brochure writes it: 午後4時 / 4:00 p.m. (noon and midnight above).

    The clock time of ``moment`` as it stands (``format_datetime`` turns it to Japan time first).
    """
    hour, minute = moment.hour, moment.minute
    if lang == "ja":
        half = "午前" if hour < 12 else "午後"
        return f"{half}{hour % 12}時" + (f"{minute}分" if minute else "")
    if minute == 0 and hour in (0, 12):
        return "12:00 noon" if hour == 12 else "12:00 midnight"
    half = "a.m." if hour < 12 else "p.m."
    return f"{hour % 12 or 12}:{minute:02d} {half}"


def format_datetime(moment: datetime, lang: str = "ja", *, weekday: bool = False) -> str:
    """A moment in Japan time; with ``weekday``, its date as ``format_date`` writes it then.

    >>> format_datetime(datetime(2024, 1, 1, 16, tzinfo=JST), "en", weekday=True)
    '4:00 p.m. on Mon 1 January 2024'
    """
    moment = moment.astimezone(JST)
    day, clock = format_date(moment.date(), lang, weekday=weekday), format_time(moment, lang)
    return f"{day}{clock}" if lang == "ja" else f"{clock} on {day}"


def format_when(value: date, lang: str = "ja") -> str:
    """A date, or a moment (a datetime) with its time of day in Japan: a rates file's dates are
    either (the period's start and end are moments, the deadlines days).

    >>> format_when(date(2024, 1, 1), "en"), format_when(datetime(2024, 1, 1, 16, tzinfo=JST), "en")
    ('1 January 2024', '4:00 p.m. on 1 January 2024')
    """
    if isinstance(value, datetime):
        return format_datetime(value, lang)
    return format_date(value, lang)


def format_period(start: datetime, end: datetime, lang: str = "ja") -> str:
    """The one way a period is written, on the pages, in their footers and in the exports.

    >>> start, end = datetime(2024, 1, 1, 16, tzinfo=JST), datetime(2025, 1, 1, 16, tzinfo=JST)
    >>> format_period(start, end, "ja")
    '2024年1月1日午後4時～2025年1月1日午後4時'
    >>> format_period(start, end, "en")
    'from 4:00 p.m. on 1 January 2024 to 4:00 p.m. on 1 January 2025'
    """
    if lang == "ja":
        return f"{format_datetime(start, 'ja')}～{format_datetime(end, 'ja')}"
    return f"from {format_datetime(start, 'en')} to {format_datetime(end, 'en')}"
