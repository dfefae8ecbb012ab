"""The brochure site's macros: the rates, the page language, and the figures in both languages.

Every figure, date, deadline, amount and phone number on the pages comes through here from the
rates file that `cyberquote.rates.default_rates_path` picks (env CYBERQUOTE_YEAR, mkdocs.yml
`extra.rates_year`, else the newest non-draft rates/<year>.toml).
"""

from __future__ import annotations

import importlib.util
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cyberquote import Rates, RatesError, format_date, format_datetime, load_rates
from cyberquote.rates import default_rates_path
from cyberstaff.tables import limits_table_html, premium_table_html
from mkdocs.exceptions import PluginError

from . import views
from .render import render, trusted
from .ui import LANGS, word


def _one_block(html: str) -> str:
    """Raw HTML as one Markdown block: no blank line inside, so Markdown leaves it whole."""
    return "\n".join(line for line in html.splitlines() if line.strip())


def edition_info(rates: Rates) -> dict[str, dict[str, str]]:
    """What every page (and every printed page) says about the policy year and the source."""
    return {
        lang: {
            "edition": views.edition(rates, lang),
            "period_label": word("period_label", lang),
            "period": f"{format_datetime(rates.period.start, lang)} – "
            f"{format_datetime(rates.period.end, lang)}",
            "source_label": word("source_label", lang),
            "source": rates.source[lang],
        }
        for lang in LANGS
    }


def build_language(conf: Any) -> str:
    """The language mkdocs-static-i18n is building now (the theme's language without it)."""
    i18n = conf["plugins"].get("i18n")
    return getattr(i18n, "current_language", None) or conf["theme"]["language"]


def load_csp(root: Path) -> str:
    """The CSP string of site_src/tools/csp.py (also sent as a header by serve.py)."""
    path = root / "site_src" / "tools" / "csp.py"
    spec = importlib.util.spec_from_file_location("cq_site_csp", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.CSP)


PRINT_CSS = "assets/stylesheets/cq-print-{lang}.css"


def write_print_css(site_dir: Path, edition: dict[str, dict[str, str]]) -> list[Path]:
    """The per-language print stylesheets (idempotent: same content on every call)."""
    written = []
    for lang, info in edition.items():
        path = site_dir / PRINT_CSS.format(lang=lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(views.print_edition_css(info), encoding="utf-8")
        written.append(path)
    return written


def drop_unaddressed_sitemaps(site_dir: Path) -> list[Path]:
    """Without site_url, MkDocs writes sitemaps whose URLs read "None...": remove them."""
    removed = []
    for path in [*site_dir.glob("sitemap.xml*"), *site_dir.glob("*/sitemap.xml*")]:
        if path.name.endswith(".gz") or "<loc>None" in path.read_text(encoding="utf-8"):
            path.unlink()
            removed.append(path)
    return removed


def on_post_build(env: Any) -> None:
    site_dir = Path(env.conf["site_dir"])
    write_print_css(site_dir, env.conf["extra"]["cq_edition"])
    if not env.conf.get("site_url"):
        drop_unaddressed_sitemaps(site_dir)


def define_env(env: Any) -> None:
    root = Path(env.project_dir)
    # CYBERQUOTE_YEAR, else mkdocs.yml extra.rates_year, else the newest final rates file.
    try:
        rates = load_rates(default_rates_path(root, year=env.conf["extra"].get("rates_year")))
    except RatesError as err:
        # Before anything is written: mkdocs prints this as one error, with no traceback.
        head = "料率ファイルに問題があるため、サイトを作成しません。 / The rates file has problems; the site was not built."
        raise PluginError("\n".join([head, *err.problems])) from None
    env.variables["rates"] = rates
    csp = load_csp(root)
    if views.is_mkdocs_serve(env.conf.get("site_url"), env.conf.get("dev_addr")):
        csp = views.serve_csp(csp)  # development only: the built site keeps the strict policy
    env.conf["extra"]["csp"] = csp
    # The site's name in the language being built, from the rates (one source for the name too).
    env.conf["site_name"] = rates.programme.name[build_language(env.conf)]
    # For the theme templates (footer and print footer): config.extra is visible there.
    env.conf["extra"]["cq_edition"] = edition_info(rates)

    def lang() -> str:
        """The language of the page being rendered ("ja" or "en")."""
        return env.page.file.locale

    env.macro(lang)

    @env.macro
    def t(label: Any) -> str:
        """A bilingual Label from the rates, in the page's language."""
        return label[lang()]

    @env.macro
    def yen(amount: int, units: bool = False) -> str:
        return views.yen(amount, lang(), units=units)

    @env.macro
    def day(value: date) -> str:
        return format_date(value, lang())

    @env.macro
    def moment(value: datetime) -> str:
        return format_datetime(value, lang())

    @env.macro
    def clock(value: datetime) -> str:
        return views.clock(value, lang())

    @env.macro
    def midterm_rule() -> str:
        return views.midterm_rule(rates, lang())

    @env.macro
    def edition() -> str:
        return views.edition(rates, lang())

    @env.macro
    def ui(key: str) -> str:
        return word(key, lang())

    @env.macro
    def listed(labels: Any) -> str:
        """Labels (or objects with .label) joined in running text."""
        items = [getattr(x, "label", x)[lang()] for x in labels]
        return views.joined(items, lang())

    @env.macro
    def premium_tables() -> str:
        """The four premium tables, each in its own scrolling region (phones)."""
        return _one_block(
            render(
                "premium_tables.html",
                tables=[
                    (c.id.lower(), trusted(premium_table_html(rates, c.id, lang())))
                    for c in rates.categories
                ],
                label=word("premium_tables_region", lang()),
                names={c.id.lower(): c.label[lang()] for c in rates.categories},
            )
        )

    @env.macro
    def limits_table() -> str:
        html = limits_table_html(rates, lang())
        return _one_block(render("scroll.html", html=trusted(html), label=None))

    @env.macro
    def join_table() -> str:
        return _one_block(
            render(
                "join_dates.html",
                rows=views.join_rows(rates, lang()),
                end=format_date(rates.period.end.date(), lang()),
                w=lambda key: word(key, lang()),
            )
        )

    @env.macro
    def categories_table() -> str:
        return _one_block(
            render(
                "categories.html",
                categories=views.category_views(rates, lang()),
                w=lambda key: word(key, lang()),
            )
        )

    @env.macro
    def excluded_list() -> str:
        items = [i.label[lang()] for i in rates.excluded]
        return _one_block(render("list.html", items=items, cls="cq-excluded"))

    @env.macro
    def support_functions() -> str:
        return _one_block(
            render(
                "support_functions.html",
                functions=[
                    (f.id, f.label[lang()], [i[lang()] for i in f.items])
                    for f in rates.support_functions
                ],
            )
        )

    @env.macro
    def extras_list() -> str:
        return _one_block(
            render(
                "extras.html",
                extras=[(x.id, x.label[lang()], x.description[lang()]) for x in rates.extras],
            )
        )

    @env.macro
    def contact(contact_id: str, heading_level: int = 3) -> str:
        view = views.contact_view(rates.contacts[contact_id], lang())
        return _one_block(
            render("contact.html", c=view, h=heading_level, w=lambda key: word(key, lang()))
        )

    @env.macro
    def tel(contact_id: str) -> str:
        """The contact's phone number as a tel: link."""
        number = rates.contacts[contact_id].tel
        return render("tel.html", number=number, href=views.tel_href(number))

    @env.macro
    def downloads() -> str:
        """Links to the export engineer's files (written by macros.exports in on_post_build)."""
        year = rates.year
        files = [
            (f"premiums-{year}.pdf", word("download_pdf", lang())),
            (f"premiums-{year}.csv", word("download_csv", lang())),
            (f"premiums-{year}-grid.csv", word("download_grid_csv", lang())),
        ]
        prefix = views.lang_root_prefix(env.page.url, lang())
        return _one_block(
            render(
                "downloads.html",
                files=[(f"{prefix}downloads/{name}", text) for name, text in files],
                heading=word("downloads_heading", lang()),
            )
        )
