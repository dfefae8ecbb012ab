"""The quote widget's page macro, `quote_widget()`: the form and the answer area.

It renders macros/templates/widget/form.html for the page's language: the form's options
(industries grouped by category, the excluded ones too; plans; the start dates of the period) come
from the rates the site is built from, the widget's own words from the words catalogue's [widget]
section (site_src/cyberquote/words.toml).
The runtime the form loads (Pyodide, the widget's JS/CSS, the kernel wheel, the rates TOML) is
published by the build plugin (macros/build/assets.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cyberquote import Rates, format_date, format_yen
from cyberquote.schedule import join_dates
from cyberquote.words import as_lang, widget_texts
from markupsafe import Markup

from ..build.assets import SERVICE_WORKER, WidgetRuntime
from .render import one_block, render

TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Group:
    label: str
    options: tuple[Option, ...]


def industry_groups(rates: Rates, lang: str, excluded_label: str) -> tuple[Group, ...]:
    """One group per category with its industries, then the excluded industries."""
    groups = [
        Group(
            label=category.label[lang],
            options=tuple(Option(i.id, i.label[lang]) for i in category.industries),
        )
        for category in rates.categories
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


def relative_root(page_url: str) -> str:
    """The relative path from a page (its URL as MkDocs gives it, e.g. "en/quote/") to the site root."""
    return "../" * page_url.count("/")


def language_relative(page_url: str, lang: str) -> str:
    """The page's URL inside its language's tree ("en/quote/" -> "quote/"; ja is at the root)."""
    prefix = f"{lang}/"
    return page_url[len(prefix) :] if lang != "ja" and page_url.startswith(prefix) else page_url


def strings_json(strings: dict[str, str]) -> str:
    """JSON safe inside <script type="application/json">: no "<" can close the element."""
    return json.dumps(strings, ensure_ascii=False).replace("<", "\\u003c")


def render_widget(env: Any, rates: Rates, lang: str, page_url: str) -> str:
    """The widget's HTML for one page (pure: rates, language and the page's URL in, HTML out)."""
    strings = widget_texts(as_lang(lang))  # the catalogue's [widget] section (words.toml)
    base = relative_root(page_url)
    runtime: WidgetRuntime = env.variables["widget_runtime"]  # hashed names (build plugin)
    html = render(
        env,
        "widget/form.html",
        lang=lang,
        s=strings,
        base=base,
        base_lang=relative_root(language_relative(page_url, lang)),
        runtime=runtime,
        service_worker=SERVICE_WORKER,
        timeout_ms=TIMEOUT_MS,
        strings_json=Markup(strings_json(strings)),
        groups=industry_groups(rates, lang, strings["excluded_group"]),
        plans=plan_options(rates, lang, strings["plan_option"]),
        starts=start_options(rates, lang, strings["start_option"], strings["start_option_passed"]),
        start_closed=strings["start_closed"].format(year=rates.year),
    )
    return one_block(html)  # no blank line: Markdown must keep the whole block as raw HTML


def define_env(env: Any) -> None:
    @env.macro
    def quote_widget() -> str:
        """The quote form and answer area (Japanese or English after the page's language)."""
        page = env.page
        lang = getattr(page.file, "locale", None) or "ja"
        return render_widget(env, env.variables["rates"], lang, page.url)
