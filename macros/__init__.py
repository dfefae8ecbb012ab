"""The site build: page macros (``macros.pages``), their templates (macros/templates/) and the
MkDocs plugin that runs before and after the pages (``macros.plugin``).

This module is mkdocs-macros' entry point (mkdocs.yml ``module_name: macros``): it loads the page
macro modules of MODULES in order, each owning its macros and its page hooks (a module that does
not exist yet is skipped); they are reloaded on every build so that ``mkdocs serve`` picks up
edits (mkdocs-macros keeps this package imported). Nothing here runs after the build: that is the
build plugin's work.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any

MODULES: tuple[str, ...] = (
    "macros.pages.site",
    "macros.pages.figures",
    "macros.pages.intake",
    "macros.pages.widget",
    "macros.pages.renewal",
    "macros.pages.renewal_page",
)

_loaded: list[ModuleType] = []


def _load(name: str) -> ModuleType | None:
    """Import (or reload) one macro module; None only if that very module does not exist."""
    try:
        if name in sys.modules:
            return importlib.reload(sys.modules[name])
        return importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name == name:
            return None
        raise


def _call_all(hook: str, env: Any) -> None:
    for module in _loaded:
        func = getattr(module, hook, None)
        if func is not None:
            func(env)


def define_env(env: Any) -> None:
    """Load every macro module in order and let each declare its variables and macros."""
    _loaded.clear()
    for name in MODULES:
        module = _load(name)
        if module is not None:
            _loaded.append(module)
            module.define_env(env)


def on_pre_page_macros(env: Any) -> None:
    _call_all("on_pre_page_macros", env)


def on_post_page_macros(env: Any) -> None:
    _call_all("on_post_page_macros", env)
