"""The print exports in the built site: each language's PDF, CSVs, HTML fragments and pamphlet
in its downloads folder (site/downloads/, site/en/downloads/), the files the home and premium
pages link. The pamphlets are cached under build/pamphlet-cache/ (cyberdocs.pamphlet): a
rebuild of unchanged pages, words and rates reuses them."""

from __future__ import annotations

from pathlib import Path

from cyberquote import Rates
from cyberstaff.export import ExportError, export_all
from mkdocs.exceptions import PluginError

from .languages import Languages

EXPORTS_REFUSED = (
    "ダウンロード用ファイルを作れないため、サイトを作成しません。 / "
    "The download files could not be made; the site was not built."
)


def publish_exports(site_dir: Path, rates: Rates, langs: Languages, project: Path) -> list[Path]:
    """Every built language's export files and pamphlet, made from `project`'s pages (the same
    files on every call); an export check that fails stops the build with one message naming
    every problem, no traceback."""
    try:
        return [
            path
            for lang in langs.order
            for path in export_all(
                rates,
                langs.downloads_dir(site_dir, lang),
                lang=lang,
                pamphlets=(lang,),
                project=project,
            )
        ]
    except ExportError as err:
        raise PluginError("\n".join([EXPORTS_REFUSED, *err.problems])) from None
