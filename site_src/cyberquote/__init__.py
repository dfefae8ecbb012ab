"""Quotes for the 全国情報技術協同組合 group cyber insurance, from one rates file.

Standard library only and free of I/O in its logic, so the same code runs in CPython (CLI,
tests, site build) and in the browser under Pyodide.
"""

from .dates import format_date, format_datetime, format_period
from .errors import InputError, RatesError
from .model import Band, Category, Industry, Label, Plan, Rates
from .quote import Quote, quote
from .rates import load_rates, parse_rates
from .yen import format_yen, parse_yen

__all__ = [
    "Band",
    "Category",
    "Industry",
    "InputError",
    "Label",
    "Plan",
    "Quote",
    "Rates",
    "RatesError",
    "format_date",
    "format_datetime",
    "format_period",
    "format_yen",
    "load_rates",
    "parse_rates",
    "parse_yen",
    "quote",
]
