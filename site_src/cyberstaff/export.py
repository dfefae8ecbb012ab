"""The print exports: the premium tables as a PDF, two CSVs and HTML fragments, and the whole
printed pamphlet in Japanese and English (``cyberdocs.pamphlet``).

Every file is made from ``cyberdocs.tables`` fed by one ``Rates`` object, like the site's own
table, and the pamphlets from the site's own pages, so print and web cannot disagree.
``export_all`` renders everything in memory, checks every file against the rates, and only then
writes, through a temporary directory: when a check fails it raises ``ExportError`` listing the
problems and writes nothing.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import tempfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cyberdocs.export_checks import (
    FontUse,
    check_csv,
    check_fragment,
    check_grid_csv,
    check_pdf,
    fonts_used,
)
from cyberdocs.export_docs import fragment_html, print_css, print_html
from cyberdocs.pamphlet import CACHE_DIR, PamphletError, render_pamphlets
from cyberdocs.tables import premiums_csv, premiums_grid_csv
from cyberquote.errors import InputError, shown
from cyberquote.model import LANGS
from cyberquote.words import both

from .project import project_dir

if TYPE_CHECKING:
    from cyberquote.model import Rates

MAX_PDF_PAGES = 2


class ExportError(Exception):
    """The exports failed their own checks (a file that does not match the rates, a PDF too long
    or drawn without a glyph); ``problems`` says why, one line each. Not a ``RatesError``: the
    rates file was read and is sound, and the command says so by its own exit code (cli.py)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class PdfResult:
    pdf: bytes
    pages: int
    fonts: tuple[FontUse, ...]


def export_names(rates: Rates) -> list[str]:
    """The file names export_all writes, in the order it returns them."""
    year = rates.year
    return [
        f"premiums-{year}.pdf",
        f"premiums-{year}.csv",
        f"premiums-{year}-grid.csv",
        *(f"premiums-{year}-{category.id}.html" for category in rates.categories),
    ]


def export_links(rates: Rates, directory: str = "downloads") -> dict[str, object]:
    """The export files as relative links, for the site's premium page:
    {"pdf": "downloads/premiums-2024.pdf", "csv": ..., "grid_csv": ..., "fragments": {"I": ...}}."""
    pdf, csv_name, grid, *fragments = export_names(rates)
    return {
        "pdf": f"{directory}/{pdf}",
        "csv": f"{directory}/{csv_name}",
        "grid_csv": f"{directory}/{grid}",
        "fragments": {
            category.id: f"{directory}/{name}"
            for category, name in zip(rates.categories, fragments, strict=True)
        },
    }


def render_exports(rates: Rates, lang: str) -> dict[str, bytes]:
    """Every export file, name -> content, checked against the rates; raises ExportError."""
    if lang not in LANGS:
        raise ExportError([f"unknown language {lang!r}: use one of {', '.join(LANGS)}"])
    pdf_name, csv_name, grid_name, *fragment_names = export_names(rates)
    texts = {csv_name: premiums_csv(rates, lang), grid_name: premiums_grid_csv(rates, lang)}
    problems = check_csv(rates, texts[csv_name])
    problems += check_grid_csv(rates, lang, texts[grid_name])
    for category, name in zip(rates.categories, fragment_names, strict=True):
        texts[name] = fragment_html(rates, category.id, lang)
        problems += [f"{name}: {p}" for p in check_fragment(rates, category.id, lang, texts[name])]
    if problems:  # checked before the slow PDF, so a wrong table fails fast
        raise ExportError(problems)
    result = render_pdf(print_html(rates, lang))
    problems = check_pdf(result.pages, result.fonts, max_pages=MAX_PDF_PAGES)
    if problems:
        raise ExportError([f"{pdf_name}: {p}" for p in problems])
    files = {pdf_name: result.pdf} | {name: text.encode("utf-8") for name, text in texts.items()}
    return {name: files[name] for name in export_names(rates)}


def render_pdf(html: str) -> PdfResult:
    """The PDF of a print document, with its page count and the fonts it embeds. WeasyPrint is
    imported here only, so the package stays standard library for the site and Pyodide."""
    import weasyprint  # heavy and optional: only the PDF needs it

    document = weasyprint.HTML(string=html).render(stylesheets=[weasyprint.CSS(string=print_css())])
    # Tagged: the download is also read on screen, where a reader needs the table structure.
    pdf = document.write_pdf(pdf_tags=True)
    if pdf is None:  # write_pdf returns bytes when given no target
        raise ExportError(["WeasyPrint returned no PDF"])
    fonts = fonts_used(document)
    return PdfResult(pdf, len(document.pages), fonts)


def write_files(files: dict[str, bytes], out_dir: pathlib.Path) -> list[pathlib.Path]:
    """Write all files into out_dir, through a temporary directory beside it: a failure while
    writing leaves out_dir as it was (files are moved in only once all are written)."""
    out_dir = pathlib.Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = pathlib.Path(tempfile.mkdtemp(prefix=".cq-export-", dir=out_dir.parent))
    try:
        for name, content in files.items():
            (staging / name).write_bytes(content)
        out_dir.mkdir(exist_ok=True)
        written = []
        for name in files:
            os.replace(staging / name, out_dir / name)
            written.append(out_dir / name)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def pamphlet_files(
    rates: Rates, langs: tuple[str, ...], project: pathlib.Path | None = None
) -> dict[str, bytes]:
    """pamphlet-<year>-<lang>.pdf for each of langs, from the project's pages (the current
    folder's when it holds rates/, else this checkout's), cached under its build/ folder."""
    project = pathlib.Path(project or project_dir())
    try:
        return render_pamphlets(project, rates, langs, cache_dir=project / CACHE_DIR)
    except PamphletError as err:
        raise ExportError(err.problems) from None


def export_all(
    rates: Rates,
    out_dir: pathlib.Path,
    *,
    lang: str = "ja",
    pamphlets: tuple[str, ...] = LANGS,
    project: pathlib.Path | None = None,
) -> list[pathlib.Path]:
    """Write the PDF, the two CSVs and one HTML fragment per category for rates.year into
    out_dir, and the pamphlet in each language of `pamphlets`; return their paths. Raises
    ExportError and writes nothing when a check fails."""
    out_dir = pathlib.Path(out_dir)
    check_out_dir(out_dir)  # before the PDF is rendered: a wrong --out fails at once
    files = render_exports(rates, lang)
    if pamphlets:
        files |= pamphlet_files(rates, pamphlets, project)
    try:
        return write_files(files, out_dir)
    except OSError:  # full disk, permissions changed meanwhile
        raise _cannot_write(out_dir) from None


def check_out_dir(out_dir: pathlib.Path) -> None:
    """The export folder must be a folder (or not exist yet) in a place we may write to."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(**both("export.out_is_file", out=shown(out_dir)))
    existing = next((p for p in (out_dir, *out_dir.parents) if p.exists()), None)
    if existing is None or not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise _cannot_write(out_dir)


def _cannot_write(out_dir: pathlib.Path) -> InputError:
    return InputError(**both("export.out_unwritable", out=shown(out_dir)))
