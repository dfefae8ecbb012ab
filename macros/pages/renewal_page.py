"""The staff's renewal check in the browser, `renewal_page()` (docs/*/staff/renewal.md).

An unlisted page where the secretariat downloads the workbook to fill for next year, drops the
filled workbook, and sees on its own PC what `rates import` and `rates check` would say, the
approval document `rates diff` makes, and the new rates file to hand over. The checks are the
staff tools' own Python (cyberrenewal.browser.review) run by a module Web Worker on the site's
Pyodide; its runtime (the manifest, the untrimmed stdlib, the wheels, the workbooks) is written by
the build plugin (macros/plugin/renewal_runtime.py) and named here by its hashed paths, so that
only this page loads it.

Markup in macros/templates/renewal_page/, words in the catalogue's [renewal_page] section, script
and style in site_src/overrides/assets/ (cq-renewal.js, cq-renewal-worker.js, cq-renewal.css).
"""

from __future__ import annotations

from typing import Any

from cyberquote.words import Lang, as_lang, text, word

from ..plugin.config import site_context
from .render import one_block, render, script_json
from .views import relative_root

SCRIPT = "assets/javascripts/cq-renewal.js"
WORKER = "assets/javascripts/cq-renewal-worker.js"
STYLE = "assets/stylesheets/cq-renewal.css"
# The page gives up on a runtime that sends no progress for this long (the worker reports every
# quarter second while it downloads, then at each step of its start: Python, the wheels, the
# import; one step took over 30 s in WebKitGTK on two busy cores).
TIMEOUT_MS = 60_000


def script_strings(lang: Lang) -> dict[str, str]:
    """What cq-renewal.js shows, unfilled ({name} fields filled there)."""
    return {
        "loading": text("renewal_page.loading", lang),
        "loading_progress": text("renewal_page.loading_progress", lang),
        "starting": text("renewal_page.starting", lang),
        "ready": text("renewal_page.ready", lang),
        "queued": text("renewal_page.queued", lang),
        "checking": text("renewal_page.checking", lang),
        "ok": text("renewal_page.ok", lang),
        "problems": text("renewal_page.problems", lang),
        "unreadable": text("renewal_page.unreadable", lang),
        "failed": text("renewal_page.failed", lang),
        "download_link": text("renewal_page.download_link", lang),
    }


def render_renewal_page(env: Any, runtime: Any, lang: Lang, page_url: str) -> str:
    """The page's HTML for one language (runtime: the build plugin's RenewalRuntime)."""
    base = relative_root(page_url)

    def w(key: str, **fields: object) -> str:
        return word(key, lang, **fields)

    html = render(
        env,
        "renewal_page/page.html",
        lang=lang,
        w=w,
        base=base,
        guide=f"{base}{'en/' if lang == 'en' else ''}staff/",
        manifest=runtime.manifest.path,
        workbook=runtime.workbook[lang].path,
        year=runtime.year,
        rates_year=runtime.rates_year,
        script=SCRIPT,
        worker=WORKER,
        style=STYLE,
        timeout_ms=TIMEOUT_MS,
        strings_json=script_json(script_strings(lang)),
    )
    return one_block(html)  # no blank line: Markdown must keep the whole block as raw HTML


def define_env(env: Any) -> None:
    @env.macro
    def renewal_page() -> str:
        """The renewal check: workbook, file input, result, diff and download."""
        page = env.page
        lang = as_lang(getattr(page.file, "locale", None) or "ja")
        return render_renewal_page(env, site_context(env.conf).renewal, lang, page.url)
