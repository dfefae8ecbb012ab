"""The modules' doctests (kernel, staff tools, site build) run as part of the test suite."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest
from cyberdocs import csp, tables
from cyberquote import dates, errors, yen

from macros.pages import render, renewal_guide
from macros.plugin import theme
from site_src.tools import lock_check


@pytest.mark.parametrize(
    "module",
    [yen, dates, errors, tables, csp, theme, render, renewal_guide, lock_check],
    ids=lambda m: m.__name__,
)
def test_module_doctests_pass(module: ModuleType) -> None:
    result = doctest.testmod(module, verbose=False)
    assert result.attempted > 0, f"{module.__name__} has no doctests left"
    assert result.failed == 0
