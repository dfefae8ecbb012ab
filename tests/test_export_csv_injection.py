"""CSV cells that Excel would run as formulas are neutralised: a rates label starting with
=, +, -, @ reaches the CSV files as text (a leading apostrophe), and the export checks accept it."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import RATES_TEXT, edited
from cyberdocs.export_checks import check_csv, check_grid_csv
from cyberdocs.tables import BOM, premiums_csv, premiums_grid_csv
from cyberquote import parse_rates

ORIGINAL = 'label = { ja = "業種区分Ⅰ", en = "Category I" }'


@pytest.mark.parametrize(
    "hostile",
    ['=HYPERLINK("http://x")', "+1+cmd", "-2+3", "@SUM(A1:A9)"],
    ids=["equals", "plus", "minus", "at"],
)
def test_a_formula_looking_label_reaches_excel_as_text(hostile: str) -> None:
    rates = parse_rates(
        edited(RATES_TEXT, (ORIGINAL, f"label = {{ ja = '{hostile}', en = '{hostile}' }}")),
        name="hostile.toml",
    )
    for lang in ("ja", "en"):
        for text in (premiums_csv(rates, lang), premiums_grid_csv(rates, lang)):
            assert not [c for c in _cells(text) if c[:1] in ("=", "+", "-", "@")]
        # the grid CSV heads each block with the category's label: shown, as text
        assert any(c.startswith("'" + hostile) for c in _cells(premiums_grid_csv(rates, lang)))
        assert check_csv(rates, premiums_csv(rates, lang)) == []
        assert check_grid_csv(rates, lang, premiums_grid_csv(rates, lang)) == []


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.removeprefix(BOM))) for cell in row]
