"""Reading yen amounts as people type them, and writing them as the brochure does.

Pure functions, pinned by doctests:

>>> parse_yen("２億５千万円")
250000000
>>> parse_yen("2億5,000万円")
250000000
>>> parse_yen("2.5億")
250000000
>>> parse_yen("¥250 million")
250000000
>>> format_yen(16740, "ja"), format_yen(16740, "en")
('16,740円', '¥16,740')
>>> format_yen(30_000_000, "ja", units=True), format_yen(30_000_000, "en", units=True)
('3,000万円', '¥30 million')
>>> format_yen(100_000_000, "ja", units=True), format_yen(100_000_000, "en", units=True)
('1億円', '¥100 million')
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation, localcontext

from .errors import InputError, shown
from .words import both

# Largest amount accepted: below 1,000兆円, so that every amount is exact in a JavaScript number.
MAX_YEN = 10**15 - 1
# Longest amount text read (after normalising): far more than any amount needs.
MAX_TEXT = 64

_KANJI_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_BIG_UNITS = (("兆", 10**12), ("億", 10**8), ("万", 10**4))
_EN_UNITS = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
}
# ASCII digits only: NFKC has already turned full-width ones into these, and other scripts'
# digits (which \d would take) are not what a Japanese or English user means.
_NUMBER = r"[0-9]+(?:\.[0-9]+)?"
_SMALL = re.compile(
    rf"(?:(?P<sen>{_NUMBER})?千)?(?:(?P<hyaku>{_NUMBER})?百)?(?:(?P<ju>{_NUMBER})?十)?(?P<one>{_NUMBER})?"
)
_JAPANESE = re.compile(
    r"(?:(?P<兆>[^兆億万]+)兆)?(?:(?P<億>[^兆億万]+)億)?(?:(?P<万>[^兆億万]+)万)?(?P<rest>[^兆億万]+)?"
)
_ENGLISH = re.compile(rf"(?P<n>{_NUMBER})(?P<unit>[a-z]+)?")
_COMMA_BETWEEN_DIGITS = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?:[^0-9]|$))")


def _error_unreadable(text: str) -> InputError:
    return InputError(**both("amount.unreadable", shown=shown(text, 30)))


def _small_number(text: str) -> Decimal | None:
    """A number below 10,000 written with digits and 千・百・十 (5千, 2千5百, 1,500, 2.5)."""
    match = _SMALL.fullmatch(text)
    if not match or not text:
        return None
    total = Decimal(0)
    for group, unit in (("sen", 1000), ("hyaku", 100), ("ju", 10)):
        marker = {"sen": "千", "hyaku": "百", "ju": "十"}[group]
        if match[group] is not None:
            total += Decimal(match[group]) * unit
        elif marker in text:
            total += unit  # 千万 means 1,000万
    if match["one"] is not None:
        total += Decimal(match["one"])
    return total


def _parse_japanese(text: str) -> Decimal | None:
    match = _JAPANESE.fullmatch(text)
    if not match or not any(match.groupdict().values()):
        return None
    total = Decimal(0)
    for unit, size in (*_BIG_UNITS, ("rest", 1)):
        part = match[unit]
        if part is None:
            continue
        value = _small_number(part)
        if value is None:
            return None
        total += value * size
    return total


def _parse_english(text: str) -> Decimal | None:
    match = _ENGLISH.fullmatch(text)
    if not match:
        return None
    unit = match["unit"]
    if unit is not None and unit not in _EN_UNITS:
        return None
    return Decimal(match["n"]) * _EN_UNITS.get(unit or "", 1)


def parse_yen(text: str | int) -> int:
    """Whole yen from what a person types: half- or full-width digits, commas, 円 or ¥, the units
    兆 億 万 千, or million and billion. Raises InputError (a ValueError) in ja and en.

    >>> parse_yen("３億円"), parse_yen("1,500万"), parse_yen("0")
    (300000000, 15000000, 0)
    """
    if isinstance(text, bool) or not isinstance(text, (int, str)):
        raise _error_unreadable(str(text))
    if isinstance(text, int):
        value = Decimal(text)
        original = str(text)
    else:
        original = text.strip()
        value = _read(original)
    if value < 0:
        raise InputError(**both("amount.negative"))
    if value != value.to_integral_value():
        raise InputError(**both("amount.fraction"))
    if value > MAX_YEN:
        raise InputError(**both("amount.too_large"))
    return int(value)


def _read(original: str) -> Decimal:
    if not original:
        raise InputError(**both("amount.empty"))
    text = unicodedata.normalize("NFKC", original).lower()
    text = re.sub(r"\s+", "", text).translate(_KANJI_DIGITS)
    text = text.replace("、", ",")
    negative = text[:1] in ("-", "−", "▲", "△", "ー")
    if negative:
        text = text[1:]
    text = re.sub(r"^(?:¥|\\|jpy)", "", text)
    text = re.sub(r"(?:円|yen|jpy)$", "", text)
    text = _COMMA_BETWEEN_DIGITS.sub("", text)
    if not text or "," in text:
        raise _error_unreadable(original)
    if len(text) > MAX_TEXT:  # a million digits: too large, not an exponent overflow
        if re.fullmatch(r"[0-9.]+", text):
            return Decimal(MAX_YEN + 1)
        raise _error_unreadable(original)
    try:
        with localcontext(prec=2 * MAX_TEXT):  # exact for every text short enough to be read
            value = _parse_japanese(text)
            if value is None:
                value = _parse_english(text)
    except InvalidOperation:
        value = None
    if value is None:
        raise _error_unreadable(original)
    return -value if negative else value


def format_yen(amount: int, lang: str = "ja", *, units: bool = False) -> str:
    """16,740円 / ¥16,740; with ``units``, 3,000万円 / ¥30 million for round amounts."""
    if not units:
        return f"{amount:,}円" if lang == "ja" else f"¥{amount:,}"
    return _units_ja(amount) if lang == "ja" else _units_en(amount)


def _units_ja(amount: int) -> str:
    """2億5,000万円: each 兆・億・万 group written with its own thousands separator."""
    if amount == 0:
        return "0円"
    parts = []
    rest = amount
    for unit, size in _BIG_UNITS:
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count:,}{unit}")
    if rest:
        parts.append(f"{rest:,}")
    return "".join(parts) + "円"


def _units_en(amount: int) -> str:
    """¥30 million, ¥2.5 billion; amounts that are not round stay exact (¥16,740)."""
    for word, size in (("trillion", 10**12), ("billion", 10**9), ("million", 10**6)):
        if amount >= size and (amount * 1000) % size == 0:
            number = Decimal(amount) / size
            text = f"{number:,f}".rstrip("0").rstrip(".") if "." in f"{number:f}" else f"{number:,}"
            return f"¥{text} {word}"
    return f"¥{amount:,}"


def signed_yen(amount: int, lang: str) -> str:
    """A change of premium with its sign, ± for none.

    >>> signed_yen(670, "ja"), signed_yen(-1000, "en"), signed_yen(0, "ja")
    ('+670円', '-¥1,000', '±0円')
    """
    sign = "+" if amount > 0 else "-" if amount < 0 else "±"
    return sign + format_yen(abs(amount), lang)


def signed_percent(percent: float) -> str:
    """A change in percent with one decimal (a rounding to zero reads ±).

    >>> signed_percent(4.0), signed_percent(-2.5), signed_percent(0.04)
    ('+4.0%', '-2.5%', '±0.0%')
    """
    text = f"{abs(percent):.1f}%"
    if text == "0.0%":
        return "±" + text
    return ("+" if percent > 0 else "-") + text
