"""The yearly renewal on the site: draft refusal, preview banner, what changed, last year's figures.

- A draft rates file is refused (the build fails with a message in Japanese and English) unless
  the build is a preview (``make site PREVIEW=1``: the build plugin's context says so).
- A preview build puts a PREVIEW banner on every page, under its title.
- ``renewal_changes()``: the what-changed page's body, this year's rates against
  ``rates/<year-1>.toml`` when that file exists.
- ``premium_tables_with_previous()``: the premium tables with last year's figure in every cell,
  shown by a checkbox (CSS only: the CSP forbids inline script).

Markup is in macros/templates/renewal/, style in the site's stylesheet
(site_src/overrides/assets/stylesheets/cq.css).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cyberdocs.tables import premium_tables_html
from cyberquote import Rates, RatesError, format_datetime, load_rates
from cyberquote.words import word
from cyberrenewal.diff import diff_rates
from cyberrenewal.diff_report import Section, diff_sections
from markupsafe import Markup
from mkdocs.exceptions import PluginError

from ..plugin.config import site_context
from .render import one_block, render
from .renewal_guide import EXAMPLE_RAISE_PERCENT, guide_examples


def draft_refusal(rates: Rates, preview: bool) -> str | None:
    """The message that stops the build, or None when the build may go on."""
    if not rates.is_draft or preview:
        return None
    values = {"path": rates.path, "status": rates.status}
    return f"{word('renewal.refused', 'ja', **values)}\n{word('renewal.refused', 'en', **values)}"


def previous_rates_path(root: Path, year: int) -> Path:
    return root / "rates" / f"{year - 1}.toml"


def load_previous(root: Path, rates: Rates) -> Rates | None:
    """Last year's rates when rates/<year-1>.toml exists. A broken one fails the build with a
    PluginError naming the file and every problem (no traceback)."""
    path = previous_rates_path(root, rates.year)
    if not path.is_file():
        return None
    try:
        return load_rates(path)
    except RatesError as err:
        head = word("renewal.previous_broken", "ja", path=path.name) + "\n"
        head += word("renewal.previous_broken", "en", path=path.name)
        raise PluginError("\n".join([head, *err.both_lines()])) from None


_H1 = re.compile(r"^# \S")
_FENCE = re.compile(r"^(```|~~~)")


def insert_after_title(markdown: str, block: str) -> str:
    """`block` after the page's first level-1 heading (MkDocs takes the title from the first
    element, so nothing may come before it); at the top when the page has no such heading."""
    lines = markdown.split("\n")
    fenced = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and _H1.match(line):
            return "\n".join([*lines[: i + 1], "", block, "", *lines[i + 1 :]])
    return f"{block}\n\n{markdown}"


def banner_html(env: Any, rates: Rates, lang: str) -> str:
    if rates.is_draft:
        text = word("renewal.banner_draft", lang, year=rates.year)
    else:
        text = word("renewal.banner_final", lang, year=rates.year)
    return one_block(render(env, "renewal/banner.html", year=rates.year, text=text))


def changes_markdown(env: Any, rates: Rates, previous: Rates | None, lang: str) -> str:
    """The what-changed page's body: an intro, then one titled table per kind of change."""
    if previous is None:
        text = word("renewal.no_previous", lang, old=rates.year - 1)
        return f'<p class="cq-changes-none">{Markup.escape(text)}</p>'
    sections: list[Section] = diff_sections(diff_rates(previous, rates), lang)
    tables = [
        Markup(one_block(render(env, "renewal/changes_table.html", section=s))) if s.rows else None
        for s in sections
    ]
    intro = word(
        "renewal.changes_intro",
        lang,
        new=rates.year,
        old=previous.year,
        start=format_datetime(rates.period.start, lang),
    )
    return render(env, "renewal/changes.html", intro=intro, sections=sections, tables=tables)


def compare_tables_html(
    env: Any, rates: Rates, previous: Rates, lang: str, region_label: str
) -> str:
    """The premium tables with last year's figures, behind the show-previous checkbox; each
    table in its own scrolling section, as on the premium page (ids category-i ... -iv)."""
    tables = premium_tables_html(rates, lang, previous=previous, region=region_label)
    return one_block(
        render(
            env,
            "renewal/compare.html",
            previous_year=previous.year,
            label=word("renewal.show_previous", lang, old=previous.year),
            tables=Markup(tables),
        )
    )


@dataclass(frozen=True)
class _Build:
    root: Path
    rates: Rates
    previous: Rates | None


def define_env(env: Any) -> None:
    context = site_context(env.conf)
    rates, preview, root = context.rates, context.preview, context.project_dir
    refusal = draft_refusal(rates, preview)
    if refusal is not None:
        raise PluginError(refusal)
    build = _Build(root, rates, load_previous(root, rates))
    env.variables["renewal_preview"] = preview
    env.variables["previous_rates"] = build.previous
    env.variables["staff_raise_percent"] = EXAMPLE_RAISE_PERCENT

    def lang() -> str:
        return getattr(env.page.file, "locale", None) or "ja"

    @env.macro
    def renewal_changes() -> str:
        """The what-changed page: every change from last year's rates, or why there is none."""
        return changes_markdown(env, build.rates, build.previous, lang())

    @env.macro
    def premium_tables_with_previous() -> str:
        """The premium tables; with last year's file, its figures behind a checkbox."""
        if build.previous is None:
            return env.macros["premium_tables"]()
        label = word("site.premium_tables_region", lang())
        return compare_tables_html(env, build.rates, build.previous, lang(), label)

    @env.macro
    def staff_example(key: str) -> str:
        """A real command and its output for the staff guide, as a fenced code block."""
        source = build.root / "rates" / f"{build.rates.year}.toml"
        return guide_examples(source.read_text("utf-8"), lang())[key].block()


def on_post_page_macros(env: Any) -> None:
    if env.variables["renewal_preview"]:
        lang = getattr(env.page.file, "locale", None) or "ja"
        env.markdown = insert_after_title(
            env.markdown, banner_html(env, env.variables["rates"], lang)
        )
