"""The site's own pages as the printed pamphlet's chapters: no third copy of any sentence.

Each chosen page (docs/<lang>/<name>.md) is rendered exactly as the site build renders it: the
project's mkdocs.yml is loaded, mkdocs-macros runs the page macros (macros/pages/) on the page
with the given rates, and Markdown converts it with the site's own extensions. Only then are
the chapter's ids and links made to work inside one printed document: ids get the chapter's
name as prefix, a link to another chapter becomes a cross-reference by page number, and a link
to a page that is not printed (the quote, the downloads) keeps its words without the link.
"""

from __future__ import annotations

import contextlib
import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cyberquote.model import Rates

# The brochure's order: overview and statistics, covers, support and its flow, eligibility,
# premiums, how to join, notices and duties, what to do after an incident, the contacts last.
CHAPTERS: tuple[str, ...] = (
    "index",
    "coverage",
    "support",
    "eligibility",
    "premiums",
    "join",
    "notices",
    "incident",
    "contacts",
)

_ID_ATTR = re.compile(r'\s(id|for|aria-labelledby|aria-describedby)="([^"]*)"')
_LINK = re.compile(r'<a\b([^>]*?)\shref="([^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


class ChapterError(Exception):
    """A page could not be rendered (a macro failed): names the page and what went wrong."""


@dataclass(frozen=True)
class Chapter:
    """One site page as a pamphlet chapter: `name` is its anchor, `body` its HTML."""

    name: str
    title: str
    body: str


def chapter_anchor(name: str, fragment: str = "") -> str:
    return f"{name}--{fragment}" if fragment else name


def _link(name: str, match: re.Match[str]) -> str:
    before, href, after, text = match.groups()
    if href.startswith("#"):
        return f'<a{before} href="#{chapter_anchor(name, href[1:])}"{after}>{text}</a>'
    target, _, fragment = href.partition("#")
    if target.endswith(".md") and "/" not in target and target[:-3] in CHAPTERS:
        anchor = chapter_anchor(target[:-3], fragment)
        return f'<a{before} class="pamphlet-xref" href="#{anchor}"{after}>{text}</a>'
    if re.match(r"(?:https?|tel|mailto):", href):
        return match[0]
    return f"<span>{text}</span>"  # a page or file the pamphlet does not hold


def localise(name: str, body: str) -> str:
    """The chapter's ids prefixed with its name and its links resolved inside the pamphlet."""
    body = _ID_ATTR.sub(
        lambda m: f' {m[1]}="{" ".join(chapter_anchor(name, v) for v in m[2].split())}"', body
    )
    return _LINK.sub(lambda m: _link(name, m), body)


def chapter_title(body: str) -> str:
    """The chapter's h1 as plain text (for the table of contents)."""
    found = _H1.search(body)
    return html.unescape(_TAG.sub("", found[1])).strip() if found else ""


def render_chapters(
    config_file: Path, rates: Rates, langs: tuple[str, ...]
) -> dict[str, list[Chapter]]:
    """Every chapter of each language, rendered by the site's macros and Markdown extensions."""
    import markdown  # the site build's own libraries: staff tools only, never the browser
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from macros.plugin.config import SiteContext, hand_to_pages

    # mkdocs-macros finds its include_dir from the working folder: the project's, wherever the
    # command was started.
    with contextlib.chdir(config_file.parent):
        conf = load_config(str(config_file))
        # The rates given, not the build plugin's choice; a draft's pamphlet is a preview (the
        # page macros refuse to build a draft otherwise); no quote page is rendered.
        context = SiteContext(rates, rates.is_draft, config_file.parent, runtime=None)
        hand_to_pages(conf, context)
        macros = conf.plugins["macros"]
        macros.on_config(conf)
        result = {}
        for lang in langs:
            chapters = []
            for name in CHAPTERS:
                file = File(
                    f"{lang}/{name}.md", conf.docs_dir, conf.site_dir, conf.use_directory_urls
                )
                file.locale = lang  # as mkdocs-static-i18n marks it; the macros read it
                page = Page(None, file, conf)
                page.read_source(conf)
                try:
                    source = macros.on_page_markdown(
                        page.markdown, page=page, config=conf, files=Files([file])
                    )
                except (Exception, SystemExit) as err:  # mkdocs-macros exits on a macro error
                    raise ChapterError(
                        f"docs/{lang}/{name}.md: {type(err).__name__}: {err}"
                    ) from err
                converter = markdown.Markdown(
                    extensions=conf.markdown_extensions, extension_configs=conf.mdx_configs
                )
                body = localise(name, converter.convert(source))
                chapters.append(Chapter(name, chapter_title(body), body))
            result[lang] = chapters
        return result
