"""Renders the HTML fragments of macros/templates/ (markup stays in templates)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

TEMPLATES = Path(__file__).with_name("templates")


@cache
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    return env


def render(name: str, **context: Any) -> str:
    """Render macros/templates/<name> with `context`; the result is block-level HTML."""
    return _env().get_template(name).render(**context).strip()


def trusted(html: str) -> Markup:
    """Mark HTML produced by our own renderers (cyberstaff.tables) as safe to embed."""
    return Markup(html)
