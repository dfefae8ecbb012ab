"""The 404 pages, one per language: 404.html (Japanese) and en/404.html (English).

They are the Markdown pages docs/<lang>/404.md, built like every other page, so that their links
are relative (MkDocs' own 404.html template makes every link root-absolute, which breaks a site
under a subpath, and static-i18n would let the last language's overwrite the first's). After
the build each one moves from <lang root>/404/index.html to <lang root>/404.html. Its links are
written for the depth one folder below the language's root, where a server shows it for a
missing /cyber/<name>/ or /cyber/en/<name>/ (the theme's own 404.html template is empty:
site_src/overrides/404.html).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .languages import Languages

PAGE_DIR = "404"


def move_not_found_pages(site_dir: Path, langs: Languages) -> list[Path]:
    """Every language's built 404/index.html moved to 404.html beside it; the folder removed,
    so /404/ is not a page that answers 200. Idempotent: a moved page is left as it is."""
    written = []
    for lang in langs.order:
        root = langs.root(site_dir, lang)
        built = root / PAGE_DIR / "index.html"
        if built.is_file():
            target = root / "404.html"
            built.replace(target)
            shutil.rmtree(root / PAGE_DIR)
            written.append(target)
    return written
