"""Every module of the site's code with a ``>>>`` example runs it as part of the test suite.

The list is found, not kept by hand: a hand-kept list once left out macros/pages/intake.py, whose
example had gone wrong unnoticed.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest
from conftest import ROOT

CODE = ("site_src", "macros")


def module_name(path: Path) -> str:
    """The name the module is imported by: site_src's packages are installed under their own name
    (site_src/cyberquote/yen.py is ``cyberquote.yen``); the rest by its path from the root
    (``site_src.tools.lock_check``, ``macros.pages.intake``)."""
    rel = path.relative_to(ROOT).with_suffix("")
    if rel.parts[0] == "site_src" and (ROOT / "site_src" / rel.parts[1] / "__init__.py").is_file():
        rel = rel.relative_to("site_src")
    return ".".join(rel.parts)


WITH_EXAMPLES = sorted(
    module_name(path)
    for folder in CODE
    for path in (ROOT / folder).rglob("*.py")
    if ">>> " in path.read_text("utf-8")
)


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_module_examples_pass(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), verbose=False)
    assert result.attempted > 0, f"{name} writes >>> outside an example"
    assert result.failed == 0
