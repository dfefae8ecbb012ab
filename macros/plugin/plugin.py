"""The site build's MkDocs plugin (``cyberquote-build`` in mkdocs.yml), as Material writes its
plugins: typed with its options (``config.BuildConfig``), handing the page macros one typed
``config.SiteContext``.

- on_startup: whether this is `mkdocs serve` (its live-reload script is inline: only then is the
  CSP relaxed; a build with any site_url keeps the strict policy).
- on_config: the rates the site is built from (the year and the preview: the plugin's options and
  the environment, by ``cyberstaff.project.RatesChoice``; a broken file stops the build here,
  before anything is written, with every problem and no traceback), handed to the page macros
  (macros/pages/) with the widget's runtime; the CSP for the theme (site_src/overrides/).
- on_post_build, once, after static-i18n has written every language (it runs a whole build per
  language on the same site_dir, then rewrites the search index): the after-build steps, in
  order, ending with the precompression of every text file of the site.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from cyberdocs.csp import CSP, serve_csp
from cyberquote import Rates, RatesError, load_rates
from cyberquote.words import word
from cyberstaff.project import RatesChoice
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from .assets import WidgetRuntime, publish, widget_runtime
from .compress import precompress_site
from .config import BuildConfig, SiteContext, hand_to_pages, site_context
from .exports import publish_exports
from .languages import all_languages_written, languages
from .not_found import move_not_found_pages
from .renewal_runtime import RenewalRuntime, publish_renewal, renewal_runtime
from .search_index import add_search_synonyms
from .theme import drop_unaddressed_sitemaps, write_print_css

RATES_REFUSED = f"{word('site.rates_broken', 'ja')} / {word('site.rates_broken', 'en')}"


def load_site_rates(project_dir: Path, choice: RatesChoice) -> Rates:
    """The rates to build from (`RatesChoice.build_path`); a broken or refused file is one
    PluginError naming every problem in Japanese and English."""
    try:
        return load_rates(choice.build_path(project_dir))
    except RatesError as err:
        raise PluginError("\n".join([RATES_REFUSED, *err.both_lines()])) from None


class BuildPlugin(BasePlugin[BuildConfig]):
    serving = False
    rates: Rates | None = None
    runtime: WidgetRuntime | None = None
    renewal: RenewalRuntime | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup also keeps this object across `mkdocs serve` rebuilds.
        self.serving = command == "serve"

    @event_priority(50)  # before mkdocs-macros, whose page macros read what is handed here
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        project_dir = Path(config.config_file_path).resolve().parent
        choice = RatesChoice.from_environment(
            year=self.config.year, preview=self.config.preview or None
        )
        # The rates (read and checked against last year's) and the widget's files with their
        # hashed names, made once per build (the trimmed runtime is made here) and kept for the
        # other languages' builds: every page names the same files.
        if self.rates is None or languages(config).is_default:
            self.rates = load_site_rates(project_dir, choice)
            self.runtime = widget_runtime(self.rates)
            # The renewal page's own runtime and workbooks (staff/renewal/ only loads them).
            self.renewal = renewal_runtime(self.rates, self.runtime)
        context = SiteContext(self.rates, choice.preview, project_dir, self.runtime, self.renewal)
        hand_to_pages(config, context)
        config.extra["csp"] = serve_csp(CSP) if self.serving else CSP  # the theme's <meta>
        return config

    @event_priority(-110)  # after static-i18n's: all languages written, the search index final
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not all_languages_written(config):
            return
        context = site_context(config)
        langs = languages(config)
        site_dir = Path(config.site_dir)
        # The after-build steps, in order; each writes into site_dir only.
        publish(site_dir, context.runtime)
        publish_renewal(site_dir, context.renewal)
        publish_exports(site_dir, context.rates, langs, context.project_dir)
        move_not_found_pages(site_dir, langs)
        templates = config.plugins["macros"].env  # mkdocs-macros' Jinja environment
        write_print_css(site_dir, templates, config.extra["cq_edition"])  # macros/pages/site.py
        if not config.site_url:
            drop_unaddressed_sitemaps(site_dir)
        add_search_synonyms(site_dir)  # the words of an attack find their pages
        precompress_site(site_dir)  # last: every text file as written, .br and .gz
