"""The site build's MkDocs plugin (``cyberquote-build`` in mkdocs.yml), as Material's are.

- on_startup: whether this is `mkdocs serve` (its live-reload script is inline: only then is the
  CSP relaxed; a build with any site_url keeps the strict policy).
- on_config: the rates the site is built from (a broken file stops the build here, before
  anything is written, with every problem and no traceback) and the CSP, for the page macros
  (macros/pages/) and the theme (site_src/overrides/).
- on_post_build, once, after static-i18n has written every language (it runs a whole build per
  language on the same site_dir, then rewrites the search index): the widget's runtime, the
  exports, the print stylesheets; the sitemaps are dropped when site_url is unset; then every
  text file of the site is precompressed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from cyberdocs.csp import CSP, serve_csp
from cyberquote import Rates, RatesError, load_rates
from cyberquote.rates import build_rates_path
from cyberquote.words import word
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from .assets import WidgetRuntime, publish, widget_runtime
from .compress import precompress_site
from .exports import publish_exports
from .languages import all_languages_written, languages
from .not_found import move_not_found_pages
from .renewal_runtime import RenewalRuntime, publish_renewal, renewal_runtime
from .search_index import add_search_synonyms
from .theme import drop_unaddressed_sitemaps, write_print_css

RATES_REFUSED = f"{word('site.rates_broken', 'ja')} / {word('site.rates_broken', 'en')}"


def load_site_rates(project_dir: Path, year: Any) -> Rates:
    """The rates to build from: env CYBERQUOTE_YEAR, else `year` (mkdocs.yml extra.rates_year),
    else the newest final rates/<year>.toml; a broken file is one PluginError naming every problem
    in Japanese and English."""
    try:
        return load_rates(build_rates_path(project_dir, year=year))
    except RatesError as err:
        raise PluginError("\n".join([RATES_REFUSED, *err.both_lines()])) from None


class BuildPlugin(BasePlugin):  # type: ignore[type-arg]
    serving = False
    runtime: WidgetRuntime | None = None
    renewal: RenewalRuntime | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup also keeps this object across `mkdocs serve` rebuilds.
        self.serving = command == "serve"

    @event_priority(50)  # before mkdocs-macros, whose page macros read what is set here
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        project_dir = Path(config.config_file_path).resolve().parent
        config.extra["rates"] = load_site_rates(project_dir, config.extra.get("rates_year"))
        config.extra["csp"] = serve_csp(CSP) if self.serving else CSP
        # The widget's files and their hashed names, made once per build (the trimmed runtime is
        # made here) and kept for the other languages' builds: every page names the same files.
        if self.runtime is None or languages(config).is_default:
            self.runtime = widget_runtime(config.extra["rates"])
            # The renewal page's own runtime and workbooks (staff/renewal/ only loads them).
            self.renewal = renewal_runtime(config.extra["rates"], self.runtime)
        config.extra["widget_runtime"] = self.runtime
        config.extra["renewal_runtime"] = self.renewal
        return config

    @event_priority(-110)  # after static-i18n's: all languages written, the search index final
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not all_languages_written(config):
            return
        langs = languages(config)
        site_dir = Path(config.site_dir)
        rates: Rates = config.extra["rates"]
        publish(site_dir, config.extra["widget_runtime"])
        publish_renewal(site_dir, config.extra["renewal_runtime"])
        publish_exports(site_dir, rates, langs, Path(config.config_file_path).parent)
        move_not_found_pages(site_dir, langs)
        templates = config.plugins["macros"].env  # mkdocs-macros' Jinja environment
        write_print_css(site_dir, templates, config.extra["cq_edition"])
        if not config.site_url:
            drop_unaddressed_sitemaps(site_dir)
        add_search_synonyms(site_dir)  # the words of an attack find their pages
        precompress_site(site_dir)  # last: every text file as written, .br and .gz
