"""Which language mkdocs-static-i18n is building, and in what order it builds them.

static-i18n builds the default language first (into site/), then each other language in turn
(into site/<lang>/), all on the same site_dir; its plugin object says which one is running. Before
its own on_config has run (the first build's other plugins), and without the plugin, the theme's
language is the one being built.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

DOWNLOADS = "downloads"


@dataclass(frozen=True)
class Languages:
    current: str
    default: str
    order: tuple[str, ...]  # the order the builds run in: the default language first

    @property
    def is_default(self) -> bool:
        return self.current == self.default

    @property
    def is_last(self) -> bool:
        """Whether this is the last language build: every page of every language is written."""
        return self.current == self.order[-1]

    def root(self, site_dir: Path, lang: str) -> Path:
        """Where a language's pages go: site/ for the default language, site/<lang>/ else."""
        return site_dir if lang == self.default else site_dir / lang

    def downloads_dir(self, site_dir: Path, lang: str) -> Path:
        """site/downloads for the default language, site/<lang>/downloads for the others."""
        return self.root(site_dir, lang) / DOWNLOADS


def languages(conf: Any) -> Languages:
    """The languages of the build `conf` (a MkDocs config) is running."""
    i18n = conf["plugins"].get("i18n") if "plugins" in conf else None
    if i18n is None:
        lang = str(conf["theme"].get("language") or "ja")
        return Languages(lang, lang, (lang,))
    default = i18n.default_language
    order = (default, *(lang for lang in i18n.build_languages if lang != default))
    current = i18n.current_language or str(conf["theme"].get("language") or default)
    return Languages(current, default, order)


def all_languages_written(conf: Any) -> bool:
    """Whether every language's pages are written and static-i18n is done with the site (its
    on_post_build, priority -100, builds the other languages, then rewrites the search index):
    true only in the default language's on_post_build after static-i18n's."""
    i18n = conf["plugins"].get("i18n") if "plugins" in conf else None
    return i18n is None or not i18n.building
