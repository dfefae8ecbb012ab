"""The printed pamphlet, whole: the site's pages laid out as an A4 brochure by WeasyPrint.

The chapters are the site's own page bodies (``pamphlet_pages``), so a premium, a date, a phone
number or a sentence changed for the site changes both PDFs too. This module adds only what a
printed brochure has and a web page has not: the cover (programme, policy year, period,
application deadline, for members only), the table of contents and cross-references by page
number, the running footer, the draft mark on every page of a draft, and the insurer's approval
number on a final file that has one. Every PDF is checked (``export_checks``) before it is kept.

WeasyPrint takes seconds per PDF, so a PDF is cached under build/pamphlet-cache/ by a hash of
all it is made from (the whole HTML document, the stylesheet, WeasyPrint's version): a rebuild
of unchanged sources reuses it, and any change to a page, a word or the rates makes a new one.
"""

from __future__ import annotations

import hashlib
import html
import re
import string
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from cyberquote.dates import format_date, format_period
from cyberquote.errors import RatesError
from cyberquote.words import text, word

from .export_checks import PamphletPage, check_pamphlet, fonts_used
from .pamphlet_pages import Chapter, ChapterError, render_chapters

if TYPE_CHECKING:
    from cyberquote.model import Rates

CACHE_DIR = Path("build") / "pamphlet-cache"  # under the project folder
CACHE_KEEP = 8  # PDFs kept in the cache (two languages of the last few rates and texts)
_SVG_START = re.compile(r"<svg\b[^>]*>")


class PamphletError(RatesError):
    """A pamphlet could not be made or failed its checks; ``problems`` says why."""


@dataclass(frozen=True)
class Pamphlet:
    """One language's pamphlet: the document's HTML and stylesheet, everything the PDF is made of."""

    lang: str
    html: str
    css: str

    @property
    def key(self) -> str:
        import weasyprint

        digest = hashlib.sha256()
        for part in (weasyprint.__version__, self.css, self.html):
            digest.update(part.encode("utf-8") + b"\0")
        return digest.hexdigest()[:32]


def pamphlet_name(rates: Rates, lang: str) -> str:
    return f"pamphlet-{rates.year}-{lang}.pdf"


@cache
def _template(name: str) -> str:
    return resources.files(__package__).joinpath("templates", name).read_text(encoding="utf-8")


def css_string(text: str) -> str:
    """A CSS string literal holding `text` as it reads."""
    escaped = "".join(c if c.isalnum() or c in " .,()（）" else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def pamphlet_css(lang: str) -> str:
    """The stylesheet, with the cross-reference's words around its page number."""
    before, _, after = text("pamphlet.page_ref", lang).partition("{page}")
    xref = (
        "a.pamphlet-xref::after { content: "
        f"{css_string(before)} target-counter(attr(href url), page) {css_string(after)}; }}"
    )
    return f"{_template('pamphlet.css')}\n{xref}\n"


def approval_html(rates: Rates, lang: str) -> str:
    """The insurer's approval number (and date), only on a final rates file that records one."""
    if rates.is_draft or not rates.approval_number:
        return ""
    number = rates.approval_number
    if rates.approval_date is None:
        text = word("pamphlet.approval_number", lang, number=number)
    else:
        date = format_date(rates.approval_date, lang)
        text = word("pamphlet.approval", lang, number=number, date=date)
    return f'<p class="pamphlet-approval">{html.escape(text)}</p>'


def with_svg_style(body: str) -> str:
    """Each inline SVG with the pamphlet's chart stylesheet inside it: WeasyPrint applies the
    document's stylesheet to HTML only, and every unstyled shape would print solid black."""
    style = f"<style>{_template('pamphlet-svg.css')}</style>"
    return _SVG_START.sub(lambda m: m[0] + style, body)


def pamphlet_html(rates: Rates, lang: str, chapters: list[Chapter]) -> str:
    """The whole document: cover, contents, the chapters, the approval number."""
    e = html.escape
    programme = rates.programme.name[lang]
    title = word("pamphlet.title", lang, programme=programme, year=rates.year)
    banner = word("export.draft_banner", lang)
    toc = "\n".join(f'<li><a href="#{c.name}">{e(c.title)}</a></li>' for c in chapters if c.title)
    body = "\n".join(
        f'<section class="pamphlet-chapter" id="{c.name}">\n{with_svg_style(c.body)}\n</section>'
        for c in chapters
    )
    period = rates.period
    return string.Template(_template("pamphlet.html")).substitute(
        lang=lang,
        title=e(title),
        author=e(rates.programme.policyholder[lang]),
        description=e(word("pamphlet.description", lang, year=rates.year)),
        draft=f'<p class="pamphlet-draft">{e(banner)}</p>' if rates.is_draft else "",
        members=e(
            word("pamphlet.members_only", lang, policyholder=rates.programme.policyholder[lang])
        ),
        programme=e(programme),
        year=e(word("pamphlet.year", lang, year=rates.year)),
        policy_form=e(rates.programme.policy_form[lang]),
        period_label=e(word("terms.period", lang)),
        period=e(format_period(period.start, period.end, lang)),
        deadline_label=e(word("pamphlet.deadline", lang)),
        deadline=e(format_date(period.application_deadline, lang)),
        policyholder_label=e(word("export.policyholder", lang)),
        policyholder=e(rates.programme.policyholder[lang]),
        insurer_label=e(word("export.insurer", lang)),
        insurer=e(rates.programme.insurer[lang]),
        toc_heading=e(word("pamphlet.contents", lang)),
        toc=toc,
        chapters=body,
        approval=approval_html(rates, lang),
    )


def pamphlets(project: Path, rates: Rates, langs: tuple[str, ...]) -> list[Pamphlet]:
    """Each language's pamphlet document, from the project's pages, words and these rates."""
    config_file = project / "mkdocs.yml"
    if not config_file.is_file():
        raise PamphletError(
            [f"{config_file}: not found; the pamphlet is made from the site's pages"]
        )
    try:
        chapters = render_chapters(config_file, rates, langs)
    except ChapterError as err:
        raise PamphletError([str(err)]) from None
    return [
        Pamphlet(lang, pamphlet_html(rates, lang, chapters[lang]), pamphlet_css(lang))
        for lang in langs
    ]


def render_pdf(pamphlet: Pamphlet, rates: Rates) -> bytes:
    """The PDF, tagged (PDF/UA-1: language, title, structure, bookmarks), checked against the
    rates from its own layout; raises PamphletError naming every problem."""
    import weasyprint  # heavy and optional: only the PDFs need it

    document = weasyprint.HTML(string=pamphlet.html).render(
        stylesheets=[weasyprint.CSS(string=pamphlet.css)]
    )
    fonts = fonts_used(document)
    pages = [page_facts(page) for page in document.pages]
    problems = check_pamphlet(rates, pamphlet.lang, pages, fonts)
    if problems:
        raise PamphletError(problems)
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    if pdf is None:  # write_pdf returns bytes when given no target
        raise PamphletError(["WeasyPrint returned no PDF"])
    return pdf


def page_facts(page: object) -> PamphletPage:
    """What the checks need of a laid-out page: size, text, and the boxes outside its margins."""
    page_box = page._page_box  # type: ignore[attr-defined]
    root = page_box.children[0]  # the <html> box; the other children are the margin boxes
    left, top = root.position_x, root.position_y
    right, bottom = left + root.margin_width(), top + root.margin_height()
    texts: list[str] = []
    outside: list[str] = []
    drawn = False

    def walk(box: object) -> None:
        nonlocal drawn
        text = getattr(box, "text", None)
        if isinstance(text, str) and text.strip():
            texts.append(text)
        if getattr(box, "replacement", None) is not None:
            drawn = True
        x, y = box.border_box_x(), box.border_box_y()  # type: ignore[attr-defined]
        w, h = box.border_width(), box.border_height()  # type: ignore[attr-defined]
        if w > 0 and (
            x < left - 0.5 or x + w > right + 0.5 or y < top - 0.5 or y + h > bottom + 0.5
        ):
            outside.append((text or type(box).__name__)[:40])
        for child in getattr(box, "children", ()):
            walk(child)

    walk(root)
    return PamphletPage(
        width_mm=page.width * 25.4 / 96,  # type: ignore[attr-defined]
        height_mm=page.height * 25.4 / 96,  # type: ignore[attr-defined]
        text=" ".join(texts),
        drawn=drawn or bool(texts),
        outside=tuple(outside),
    )


def cached_pdf(pamphlet: Pamphlet, rates: Rates, cache_dir: Path | None) -> bytes:
    """The pamphlet's PDF from the cache when nothing it is made of changed, else rendered,
    checked and stored (only checked PDFs are stored; the oldest beyond CACHE_KEEP go)."""
    if cache_dir is None:
        return render_pdf(pamphlet, rates)
    path = cache_dir / f"{pamphlet.key}.pdf"
    if path.is_file():
        path.touch()  # most recently used
        return path.read_bytes()
    pdf = render_pdf(pamphlet, rates)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(pdf)
        partial.replace(path)
        kept = sorted(cache_dir.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[CACHE_KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs time
    return pdf


def render_pamphlets(
    project: Path, rates: Rates, langs: tuple[str, ...], *, cache_dir: Path | None = None
) -> dict[str, bytes]:
    """pamphlet-<year>-<lang>.pdf for each language, checked; raises PamphletError."""
    problems: list[str] = []
    files = {}
    for pamphlet in pamphlets(project, rates, langs):
        name = pamphlet_name(rates, pamphlet.lang)
        try:
            files[name] = cached_pdf(pamphlet, rates, cache_dir)
        except PamphletError as err:
            problems += [f"{name}: {p}" for p in err.problems]
    if problems:
        raise PamphletError(problems)
    return files
