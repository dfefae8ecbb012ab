"""The quote widget's page macro, `quote_widget()`: the form and the answer area; and the
premiums that lead to it, `from_prices()` (each category's lowest premium per plan, for the home
page's plan cards) and `from_price_table()` (the same as a table, premiums page).

It renders macros/templates/widget/form.html for the page's language: the form's options
(industries grouped by category, the excluded ones too; plans; the start dates of the period) come
from the rates the site is built from, the widget's own words from the words catalogue's [widget]
section (site_src/cyberquote/words.toml).
The runtime the form loads (Pyodide, the widget's JS/CSS, the kernel wheel, the rates TOML) is
published by the build plugin (macros/plugin/assets.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cyberquote import Rates, format_date, format_yen
from cyberquote.schedule import join_dates
from cyberquote.words import as_lang, text, widget_texts, word
from markupsafe import Markup, escape

from ..plugin.assets import SERVICE_WORKER
from ..plugin.config import site_context
from .render import one_block, render, script_json
from .views import lang_root_prefix, relative_root

TIMEOUT_MS = 30_000
# The cooperative's own trade (an IT cooperative): its category's prices are shown first.
CORE_INDUSTRY = "it"


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Group:
    """An optgroup of the industry select; ``note`` (the category's note in the rates, e.g. the
    IT businesses that are excluded) is shown under the select while one of its industries is
    chosen, as the element ``note_id``."""

    label: str
    options: tuple[Option, ...]
    note: str | None = None
    note_id: str = ""


def industry_groups(rates: Rates, lang: str, excluded_label: str) -> tuple[Group, ...]:
    """One group per category with its industries, then the excluded industries."""
    groups = [
        Group(
            label=category.label[lang],
            options=tuple(Option(i.id, i.label[lang]) for i in category.industries),
            note=category.note[lang] if category.note else None,
            note_id=f"quote-industry-note-{n}" if category.note else "",
        )
        for n, category in enumerate(rates.categories, start=1)
    ]
    excluded = tuple(Option(i.id, i.label[lang]) for i in rates.excluded)
    groups.append(Group(label=excluded_label, options=excluded))
    return tuple(groups)


def plan_options(rates: Rates, lang: str, template: str) -> tuple[Option, ...]:
    return tuple(
        Option(
            plan.code,
            template.format(
                code=plan.code,
                liability=format_yen(plan.liability_limit_yen, lang, units=True),
                response=format_yen(plan.response_cost_limit_yen, lang, units=True),
            ),
        )
        for plan in rates.plans
    )


@dataclass(frozen=True)
class StartOption:
    """A start date with its paper deadline; the page's script shows ``passed_label`` (and
    disables the choice) once the deadline is before today."""

    value: str
    label: str
    deadline: str
    passed_label: str


def start_options(
    rates: Rates, lang: str, template: str, passed_template: str
) -> tuple[StartOption, ...]:
    options = []
    for join in join_dates(rates):
        dates = {
            "start": format_date(join.start, lang),
            "deadline": format_date(join.deadline, lang),
        }
        options.append(
            StartOption(
                join.start.isoformat(),
                template.format(**dates),
                join.deadline.isoformat(),
                passed_template.format(**dates),
            )
        )
    return tuple(options)


@dataclass(frozen=True)
class FromPrice:
    """One category's lowest annual premium per plan (its first revenue band), as shown."""

    id: str
    name: str  # 業種区分Ⅰ, or with the core industry: 業種区分Ⅳ（IT業）
    title: str  # 業種区分Ⅳ：IT業（…）
    amounts: dict[str, Markup]  # plan code -> "366,230円から", the amount kept on one line


def from_prices(rates: Rates, lang: str) -> list[FromPrice]:
    """Each category's lowest premium for each plan, from the rates (never typed), the category
    of the cooperative's own trade first, the others in the rates' order."""
    core = next(
        (c for c in rates.categories if any(i.id == CORE_INDUSTRY for i in c.industries)), None
    )
    ordered = [*([core] if core else []), *(c for c in rates.categories if c is not core)]
    template = escape(text("site.plan_premium_from", lang))
    prices = []
    for category in ordered:
        amounts = {}
        for plan in rates.plans:
            lowest = min(rates.premium(category.id, band.index, plan.code) for band in rates.bands)
            span = Markup('<span class="cq-amount">{}</span>').format(format_yen(lowest, lang))
            amounts[plan.code] = Markup(template).format(amount=span)
        label = category.label[lang]
        industry = next((i for i in category.industries if i.id == CORE_INDUSTRY), None)
        prices.append(
            FromPrice(
                id=category.id,
                name=word("prices.core_category", lang, label=label, industry=industry.label[lang])
                if industry
                else label,
                title=word(
                    "terms.category_title",
                    lang,
                    label=label,
                    description=category.description[lang],
                ),
                amounts=amounts,
            )
        )
    return prices


def from_price_note(rates: Rates, lang: str) -> str:
    """What the from-prices are: the premiums of the first revenue band."""
    return word("prices.note", lang, band=rates.bands[0].short_label(lang))


def render_widget(env: Any, rates: Rates, lang: str, page_url: str) -> str:
    """The widget's HTML for one page (pure: rates, language and the page's URL in, HTML out)."""
    strings = widget_texts(as_lang(lang))  # the catalogue's [widget] section (words.toml)
    base = relative_root(page_url)
    runtime = site_context(env.conf).runtime  # hashed names (build plugin)
    html = render(
        env,
        "widget/form.html",
        lang=lang,
        s=strings,
        base=base,
        base_lang=lang_root_prefix(page_url, lang),
        runtime=runtime,
        service_worker=SERVICE_WORKER,
        timeout_ms=TIMEOUT_MS,
        strings_json=script_json(strings),
        groups=industry_groups(rates, lang, strings["excluded_group"]),
        plans=plan_options(rates, lang, strings["plan_option"]),
        starts=start_options(rates, lang, strings["start_option"], strings["start_option_passed"]),
        start_closed=strings["start_closed"].format(year=rates.year),
    )
    return one_block(html)  # no blank line: Markdown must keep the whole block as raw HTML


def define_env(env: Any) -> None:
    def page_lang() -> str:
        return getattr(env.page.file, "locale", None) or "ja"

    @env.macro
    def from_prices_view() -> dict[str, Any]:
        """The from-prices by category for a template (the home page's plan cards)."""
        rates = env.variables["rates"]
        return {
            "prices": from_prices(rates, page_lang()),
            "note": from_price_note(rates, page_lang()),
        }

    @env.macro
    def from_price_table() -> str:
        """Each category's from-price for each plan, the IT firms' first (premiums page)."""
        rates = env.variables["rates"]
        lang = page_lang()
        return one_block(
            render(
                env,
                "site/from_prices.html",
                prices=from_prices(rates, lang),
                plans=[p.code for p in rates.plans],
                plan_label=lambda code: word("table.plan_name", lang, code=code),
                caption=word("prices.caption", lang),
                category_label=word("terms.category", lang),
                note=from_price_note(rates, lang),
            )
        )

    @env.macro
    def quote_widget() -> str:
        """The quote form and answer area (Japanese or English after the page's language)."""
        page = env.page
        lang = getattr(page.file, "locale", None) or "ja"
        return render_widget(env, env.variables["rates"], lang, page.url)
