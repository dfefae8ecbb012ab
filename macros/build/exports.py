"""The print exports in the built site: each language's PDF, CSVs and HTML fragments in its
downloads folder (site/downloads/, site/en/downloads/), the files the premium page links."""

from __future__ import annotations

from pathlib import Path

from cyberquote import Rates
from cyberstaff.export import export_all

from .languages import Languages


def publish_exports(site_dir: Path, rates: Rates, langs: Languages) -> list[Path]:
    """Every built language's export files (the same files on every call)."""
    return [
        path
        for lang in langs.order
        for path in export_all(rates, langs.downloads_dir(site_dir, lang), lang=lang)
    ]
