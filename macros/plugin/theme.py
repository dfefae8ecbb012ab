"""Files the theme refers to that the build writes, and MkDocs output the site does without.

- assets/stylesheets/cq-print-<lang>.css: puts the policy year and the source in the foot margin
  of every printed page (CSS cannot take that text from the page), from
  macros/templates/site/print_edition.css.
- sitemap.xml: without site_url MkDocs writes sitemaps whose URLs read "None...": removed.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

PRINT_CSS = "assets/stylesheets/cq-print-{lang}.css"
PRINT_TEMPLATE = "site/print_edition.css"
_CSS_UNSAFE = re.compile(r'[\\"\x00-\x1f\x7f]')


def css_string(text: str) -> str:
    """`text` as a CSS string literal: quote, backslash and every control character (LF, CR,
    FF among them) escaped, so that no rates text can end the string or the rule.

    >>> print(css_string('a"b\\\\c\\nd\\re\\ff'))
    "a\\"b\\\\c\\a d\\d e\\c f"
    """
    return '"' + _CSS_UNSAFE.sub(lambda m: _css_escape(m[0]), text) + '"'


def _css_escape(char: str) -> str:
    return "\\" + char if char in '\\"' else f"\\{ord(char):x} "


def print_edition_css(templates: jinja2.Environment, info: dict[str, str]) -> str:
    template = templates.get_template(PRINT_TEMPLATE)
    return template.render(line=css_string(info["line"])).strip() + "\n"


def write_print_css(
    site_dir: Path, templates: jinja2.Environment, edition: dict[str, dict[str, str]]
) -> list[Path]:
    """The per-language print stylesheets (the same content on every call)."""
    written = []
    for lang, info in edition.items():
        path = site_dir / PRINT_CSS.format(lang=lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(print_edition_css(templates, info), encoding="utf-8")
        written.append(path)
    return written


def drop_unaddressed_sitemaps(site_dir: Path) -> list[Path]:
    """Remove the sitemaps whose URLs read "None..." (no site_url), and their .gz copies."""
    removed = []
    for path in [*site_dir.glob("sitemap.xml*"), *site_dir.glob("*/sitemap.xml*")]:
        if path.name.endswith(".gz") or "<loc>None" in path.read_text(encoding="utf-8"):
            path.unlink()
            removed.append(path)
    return removed
