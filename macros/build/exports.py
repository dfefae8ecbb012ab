"""The site build writes the print exports (issue 5): after the Japanese build into
``site/downloads/``, after the English build into ``site/en/downloads/``.

``define_env`` publishes the file names as ``exports`` for the premium page's links;
``on_post_build`` runs once per language build (ja, then en) on the same ``site_dir`` and writes
the files of that language only, so running it twice gives the same tree.
"""

from __future__ import annotations

import pathlib
from typing import Any

from cyberstaff.export import export_all, export_links

DOWNLOADS = "downloads"


def build_language(conf: Any) -> tuple[str, bool]:
    """The language being built and whether it is the default one (served at the site root).

    mkdocs-static-i18n builds the default language first, then each other language in turn; its
    plugin object says which one is running. Without the plugin the theme's language is used.
    """
    i18n = conf["plugins"].get("i18n") if "plugins" in conf else None
    if i18n is not None and getattr(i18n, "current_language", None):
        return i18n.current_language, i18n.current_language == i18n.default_language
    return str(conf["theme"].get("language") or "ja"), True


def downloads_dir(conf: Any) -> pathlib.Path:
    """site/downloads for the default language, site/<lang>/downloads for the others."""
    lang, is_default = build_language(conf)
    site_dir = pathlib.Path(conf["site_dir"])
    return site_dir / DOWNLOADS if is_default else site_dir / lang / DOWNLOADS


def define_env(env: Any) -> None:
    rates = env.variables.get("rates")
    if rates is not None:
        env.variables["exports"] = export_links(rates, DOWNLOADS)


def on_post_build(env: Any) -> None:
    lang, _ = build_language(env.conf)
    export_all(env.variables["rates"], downloads_dir(env.conf), lang=lang)
