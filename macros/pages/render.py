"""Page fragments from macros/templates/, rendered by mkdocs-macros' own Jinja environment.

That environment (mkdocs.yml: ``include_dir: macros/templates``, ``on_undefined: strict``) fails
the build on any undefined name, in the pages and in these templates alike. Its ``.html``
templates are autoescaped; the Markdown pages themselves are not (they are not HTML), so the
macros that put rates text into Markdown escape it with ``markdown_text``.
"""

from __future__ import annotations

import json
import re
from typing import Any

import jinja2
from markupsafe import Markup, escape

AUTOESCAPE = jinja2.select_autoescape(
    enabled_extensions=("html",), default_for_string=False, default=False
)
# Characters Markdown (with attr_list, tables and md_in_html) acts on inside a line.
_MARKDOWN_INLINE = re.compile(r"[\\`*_{}\[\]|]")
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n\f\v]+[ \t]*")
# What makes a line a heading, list item, quote, definition or setext underline.
_MARKDOWN_LINE_START = re.compile(r"^(?:[#+\-=:]|\d+(?=[.)]))")


def templates(env: Any) -> jinja2.Environment:
    """mkdocs-macros' Jinja environment (``env`` is the plugin), autoescaping its .html files."""
    jinja: jinja2.Environment = env.env
    jinja.autoescape = AUTOESCAPE
    return jinja


def render(env: Any, name: str, **context: Any) -> str:
    """Render macros/templates/<name> with `context`; the result is block-level HTML."""
    return templates(env).get_template(name).render(**context).strip()


def one_block(html: str) -> str:
    """Raw HTML as one Markdown block: no blank line inside, so Markdown leaves it whole."""
    return "\n".join(line for line in html.splitlines() if line.strip())


def trusted(html: str) -> Markup:
    """Mark HTML produced by our own renderers (cyberdocs.tables) as safe to embed."""
    return Markup(html)


def script_json(data: Any) -> Markup:
    """`data` as JSON for a ``<script type="application/json">`` element: "<", ">" and "&" as
    \\u escapes, so that no text in it (a rates label, a word) can close the element.

    >>> print(script_json({"x": "</script>&"}))
    {"x":"\\u003c/script\\u003e\\u0026"}
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def markdown_text(text: str) -> Markup:
    """Rates text for a Markdown page: shown as written, never read as HTML or Markdown.

    HTML's special characters become entities, and so do the characters Markdown would make a
    link, an image, emphasis, code, attributes or a table cell of; line breaks become spaces
    (a line of its own could start a heading or a list), and a first character that could start
    one is escaped too.

    >>> print(markdown_text('[x](javascript:alert(1)) <b id="x">'))
    &#91;x&#93;(javascript:alert(1)) &lt;b id=&#34;x&#34;&gt;
    >>> print(markdown_text("# 1. a_b\\n- c"))
    &#35; 1. a&#95;b - c
    >>> print(markdown_text("12. 全角　スペース"))
    &#49;&#50;. 全角　スペース
    """
    flat = _LINE_BREAKS.sub(" ", str(escape(text))).strip(" \t")
    flat = _MARKDOWN_INLINE.sub(lambda m: f"&#{ord(m[0])};", flat)
    flat = _MARKDOWN_LINE_START.sub(lambda m: "".join(f"&#{ord(c)};" for c in m[0]), flat)
    return Markup(flat)
