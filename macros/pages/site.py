"""The brochure site's page macros: the page language, and the rates' figures in both languages.

Every figure, date, deadline, amount and phone number on the pages comes through here from the
rates the build plugin loaded (macros/plugin/plugin.py: env CYBERQUOTE_YEAR, mkdocs.yml
`cyberquote-build: year`, else the newest non-draft rates/<year>.toml). Rates text reaches a Markdown
page through `markdown_text` and an HTML fragment through an autoescaped template, never raw.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from cyberdocs.tables import limits_table_html, premium_tables_html
from cyberquote import Rates, format_date, format_datetime, format_period
from cyberquote.dates import format_time
from cyberquote.words import LANGS, text, word
from markupsafe import Markup, escape

from ..plugin.config import site_context
from ..plugin.languages import languages
from . import views
from .intake import hours_of, is_closed, parts, weekday_hours_text
from .render import markdown_text, one_block, render, trusted


def edition_info(rates: Rates) -> dict[str, dict[str, str]]:
    """What every page (and every printed page's foot) says about the policy year and the source,
    written once: `edition` (set in bold on screen), `details` after it, and the whole `line`."""
    info = {}
    for lang in LANGS:
        edition = views.edition(rates, lang)
        period = format_period(rates.period.start, rates.period.end, lang)
        details = (
            f"{word('terms.period', lang)}: {period} · "
            f"{word('site.source_label', lang)}: {rates.source[lang]}"
        )
        info[lang] = {"edition": edition, "details": details, "line": f"{edition} · {details}"}
    return info


def header_info(rates: Rates) -> dict[str, dict[str, str | None]]:
    """The header's face per language: the programme's name (the cooperative on a line of its
    own when the name starts with it) and the incident button."""
    info: dict[str, dict[str, str | None]] = {}
    for lang in LANGS:
        name, org = rates.programme.name[lang], rates.programme.policyholder[lang]
        rest = name[len(org) :].strip() if name.startswith(org) else ""
        info[lang] = {
            "org": org if rest else None,
            "name": rest or name,
            "incident": word("trust.incident_button", lang),
            "incident_href": f"{views.lang_root(lang)}incident/",
            "root": views.lang_root(lang),  # the language switch's links (partials/alternate.html)
        }
    return info


def footer_info(rates: Rates) -> dict[str, dict[str, Any]]:
    """The footer of every page: who runs the site, whom to ask (the secretariat's number and
    hours), the insurer and the lead agent, the brochure the site follows (its approval number),
    links to the contacts, the handling of personal information and the accessibility policy."""
    secretariat = rates.contacts["secretariat"]
    info = {}
    for lang in LANGS:
        prefix = views.lang_root(lang)
        ask = parts(
            text("trust.footer_secretariat", lang),
            name=secretariat.name[lang],
            hours=weekday_hours_text(hours_of(rates, "secretariat"), lang),
        )
        slot = next(i for i, part in enumerate(ask) if part.slot == "tel")
        info[lang] = {
            "label": word("trust.footer_label", lang),
            "name": rates.programme.name[lang],
            "operator": word(
                "trust.footer_operator", lang, operator=rates.programme.policyholder[lang]
            ),
            "before_tel": "".join(part.text for part in ask[:slot]),
            "tel": secretariat.tel,
            "tel_href": views.tel_href(secretariat.tel),
            "after_tel": "".join(part.text for part in ask[slot + 1 :]),
            "insurer": word(
                "trust.footer_insurer",
                lang,
                insurer=rates.programme.insurer[lang],
                agent=rates.programme.lead_agent[lang],
            ),
            "source": word("trust.footer_source", lang, source=rates.source[lang]),
            "links": [
                (f"{prefix}contacts/", word("trust.link_contacts", lang)),
                (f"{prefix}notices/#privacy", word("trust.link_privacy", lang)),
                (f"{prefix}accessibility/", word("trust.link_accessibility", lang)),
            ],
        }
    return info


def unbroken(text: str) -> Markup:
    """A figure kept on one line in running text: <span class="cq-nowrap">…</span>."""
    return Markup('<span class="cq-nowrap">{}</span>').format(text)


def define_env(env: Any) -> None:
    rates = site_context(env.conf).rates  # loaded by the build plugin (macros/plugin/plugin.py)
    env.variables["rates"] = rates
    # The site's name in the language being built, from the rates (one source for the name too);
    # escaped, as the theme prints config.site_name without escaping it.
    env.conf["site_name"] = escape(rates.programme.name[languages(env.conf).current])
    # For the theme templates (footer and print footer): config.extra is visible there.
    env.conf["extra"]["cq_edition"] = edition_info(rates)
    env.conf["extra"]["cq_header"] = header_info(rates)
    env.conf["extra"]["cq_footer"] = footer_info(rates)
    agent_hours = hours_of(rates, "lead_agent")

    def lang() -> str:
        """The language of the page being rendered ("ja" or "en")."""
        return env.page.file.locale

    env.macro(lang)

    @env.macro
    def t(label: Any) -> Markup:
        """A bilingual Label from the rates, in the page's language, as Markdown text."""
        return markdown_text(label[lang()])

    # Amounts, dates and times in running text never break inside ("16,740 / 円", "2024年4 /
    # 1日" on a phone): each is one nowrap span (cq.css .cq-nowrap).
    @env.macro
    def yen(amount: int, units: bool = False) -> Markup:
        return unbroken(views.yen(amount, lang(), units=units))

    # Every date with its day of the week (a deadline on a Saturday is seen as such).
    @env.macro
    def day(value: date) -> Markup:
        return unbroken(format_date(value, lang(), weekday=True))

    @env.macro
    def moment(value: datetime) -> Markup:
        return unbroken(format_datetime(value, lang(), weekday=True))

    @env.macro
    def clock(value: datetime) -> Markup:
        return unbroken(format_time(value, lang()))

    @env.macro
    def period() -> str:
        """The policy period, written as in the footer and the exports."""
        return format_period(rates.period.start, rates.period.end, lang())

    @env.macro
    def midterm_rule() -> Markup:
        return markdown_text(views.midterm_rule(rates, lang()))

    @env.macro
    def edition() -> str:
        return views.edition(rates, lang())

    @env.macro
    def ui(key: str) -> str:
        return word(key, lang())

    @env.macro
    def listed(labels: Any) -> Markup:
        """Labels (or objects with .label) joined in running text, as Markdown text."""
        items = [getattr(x, "label", x)[lang()] for x in labels]
        return markdown_text(views.joined(items, lang()))

    @env.macro
    def premium_tables() -> str:
        """The four premium tables, each in its own scrolling region (phones)."""
        region = word("site.premium_tables_region", lang())
        return one_block(premium_tables_html(rates, lang(), region=region))

    @env.macro
    def limits_table() -> str:
        html = limits_table_html(rates, lang())
        return one_block(render(env, "site/scroll.html", html=trusted(html), label=None))

    @env.macro
    def join_table() -> str:
        return one_block(
            render(
                env,
                "site/join_dates.html",
                rows=views.join_rows(rates, lang(), lambda day: is_closed(day, agent_hours)),
                end=format_date(rates.period.end.date(), lang()),
                w=lambda key: word(key, lang()),
                closed_note=word(
                    "trust.closed_day_note",
                    lang(),
                    agent=rates.programme.lead_agent[lang()],
                    hours=rates.contacts["lead_agent"].hours[lang()],
                ),
            )
        )

    @env.macro
    def categories_table() -> str:
        return one_block(
            render(
                env,
                "site/categories.html",
                categories=views.category_views(rates, lang()),
                w=lambda key: word(key, lang()),
            )
        )

    @env.macro
    def excluded_list() -> str:
        items = [i.label[lang()] for i in rates.excluded]
        return one_block(render(env, "site/list.html", items=items, cls="cq-excluded"))

    @env.macro
    def support_functions() -> str:
        return one_block(
            render(
                env,
                "site/support_functions.html",
                functions=[
                    (f.id, f.label[lang()], [i[lang()] for i in f.items])
                    for f in rates.support_functions
                ],
            )
        )

    @env.macro
    def extras_list() -> str:
        return one_block(
            render(
                env,
                "site/extras.html",
                extras=[(x.id, x.label[lang()], x.description[lang()]) for x in rates.extras],
            )
        )

    @env.macro
    def contact(contact_id: str, heading_level: int = 3) -> str:
        view = views.contact_view(rates.contacts[contact_id], lang())
        return one_block(
            render(
                env, "site/contact.html", c=view, h=heading_level, w=lambda key: word(key, lang())
            )
        )

    @env.macro
    def tel(contact_id: str) -> str:
        """The contact's phone number as a tel: link."""
        number = rates.contacts[contact_id].tel
        return render(env, "site/tel.html", number=number, href=views.tel_href(number))

    @env.macro
    def downloads() -> str:
        """Links to the export files of the page's language (written by macros/plugin/exports.py)."""
        year = rates.year
        files = [
            (f"premiums-{year}.pdf", word("site.download_pdf", lang())),
            (f"premiums-{year}.csv", word("site.download_csv", lang())),
            (f"premiums-{year}-grid.csv", word("site.download_grid_csv", lang())),
        ]
        prefix = views.lang_root_prefix(env.page.url, lang())
        return one_block(
            render(
                env,
                "site/downloads.html",
                files=[(f"{prefix}downloads/{name}", text) for name, text in files],
                heading=word("site.downloads_heading", lang()),
            )
        )
