"""The doctests of cyberquote.yen, cyberquote.dates and cyberstaff.tables run as part of the test suite."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest
from cyberquote import dates, errors, yen
from cyberstaff import tables


@pytest.mark.parametrize("module", [yen, dates, errors, tables], ids=lambda m: m.__name__)
def test_module_doctests_pass(module: ModuleType) -> None:
    result = doctest.testmod(module, verbose=False)
    assert result.attempted > 0, f"{module.__name__} has no doctests left"
    assert result.failed == 0
