"""The member pages' pictures and next steps: the brochure's statistics, the incident-response
flow, the plan cards and the plan comparison, the agents-list link, and the incident card that
the theme shows on every page.

The statistics and the flow come from macros/data/facts.toml (brochure facts that are not
renewed yearly); plans, premiums, contacts and support functions from the rates. Markup is in
macros/templates/site/ (statistics, flow, plan_cards, plan_comparison, agents_link) and in the
theme partial site_src/overrides/partials/cq-incident-card.html.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cyberquote import Rates, format_date, format_yen, schema
from cyberquote.model import tel_href
from cyberquote.words import LANGS, Lang, fields_of, text, word
from mkdocs.exceptions import PluginError

from .intake import open_now_data
from .render import one_block, render, script_json
from .views import lang_root

FACTS_PATH = Path(__file__).resolve().parent.parent / "data" / "facts.toml"
TEXTS = ("title", "value", "claim", "basis", "source")  # a statistic's texts, in both languages


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    on: bool


@dataclass(frozen=True)
class Chart:
    """What the statistic's small SVG draws: kind "share", "one_in", "ratio" or "" (none)."""

    kind: str
    alt: str = ""
    filled: float = 0.0  # share: the filled length out of 100
    before: float = 0.0  # ratio: the year before's bar, the latest being 100
    dots: tuple[Dot, ...] = ()
    height: float = 0.0
    labels: tuple[str, ...] = ()  # ratio: the two bars' names (the year before, the year)


@dataclass(frozen=True)
class Statistic:
    id: str
    title: str
    value: str
    claim: str
    basis: str
    source: str
    chart: Chart


@dataclass(frozen=True)
class FunctionLink:
    id: str
    label: str


@dataclass(frozen=True)
class FlowStep:
    id: str
    step: str
    what: tuple[str, ...]
    functions: tuple[FunctionLink, ...]
    parallel: tuple[FlowStep, ...] = ()


@dataclass(frozen=True)
class LimitView:
    label: str
    amount: str
    bar: float  # its bar's length: the largest amount of this limit across the plans is 100


@dataclass(frozen=True)
class PlanView:
    code: str
    name: str
    limits: tuple[LimitView, ...]  # in the order schema.PLAN_LIMITS declares


def facts_problems(facts: dict[str, Any]) -> list[str]:
    """What a statistic or a flow step lacks (a text in both languages, its lists)."""
    problems = []
    for n, entry in enumerate(facts.get("statistics", []), start=1):
        if "id" not in entry:
            problems.append(f"statistics[{n}].id")
        for name in TEXTS:
            texts = entry.get(name)
            if not isinstance(texts, dict) or not all(isinstance(texts.get(k), str) for k in LANGS):
                problems.append(f"statistics[{n}].{name}: ja と en の文 / a ja and an en text")
                continue
            fields = number_fields(entry, "ja")
            unknown = sorted((fields_of(texts["ja"]) | fields_of(texts["en"])) - set(fields))
            if unknown:
                problems.append(f"statistics[{n}].{name}: {{{', '.join(unknown)}}} ?")

    def step(where: str, entry: dict[str, Any]) -> None:
        for name in ("id", "step", "what", "functions"):
            if name not in entry:
                problems.append(f"{where}.{name}")
        for k, item in enumerate(entry.get("parallel", []), start=1):
            step(f"{where}.parallel[{k}]", item)

    for n, entry in enumerate(facts.get("flow", []), start=1):
        step(f"flow[{n}]", entry)
    if not facts.get("statistics") or not facts.get("flow"):
        problems.append("[[statistics]] / [[flow]]")
    return problems


@cache
def load_facts(path: Path = FACTS_PATH) -> dict[str, Any]:
    """facts.toml as read; a broken file stops the build with what is wrong (no traceback)."""
    try:
        with path.open("rb") as f:
            facts = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise PluginError(f"{path.name} を読めません / cannot be read: {err}") from None
    problems = facts_problems(facts)
    if problems:
        head = f"{path.name} に足りない項目があります / lacks:"
        raise PluginError("\n".join([head, *(f"- {p}" for p in problems)]))
    return facts


def number_fields(entry: dict[str, Any], lang: Lang) -> dict[str, str]:
    """The statistic's numbers as its texts show them: `x_yen` -> {x} (2,700億円 / ¥270 billion),
    `x_tenths` -> {x} (1.6), any other whole number -> {name} with thousands separators."""
    fields = {}
    for key, value in entry.items():
        if not isinstance(value, int) or isinstance(value, bool):
            continue
        if key.endswith("_yen"):
            fields[key.removesuffix("_yen")] = format_yen(value, lang, units=True)
        elif key.endswith("_tenths"):
            fields[key.removesuffix("_tenths")] = f"{value // 10}.{value % 10}"
        else:
            fields[key] = f"{value:,}"
    return fields


def chart_of(entry: dict[str, Any], lang: Lang, fields: dict[str, str]) -> Chart:
    """The small chart a statistic's numbers call for."""
    if "percent" in entry:
        alt = word("site.chart_share", lang, percent=fields["percent"])
        return Chart("share", alt, filled=float(entry["percent"]))
    if "one_in" in entry:
        n = int(entry["one_in"])
        per_row = 10
        dots = tuple(
            Dot(x=5 + 10 * (i % per_row), y=5 + 10 * (i // per_row), on=i == 0) for i in range(n)
        )
        rows = -(-n // per_row)
        alt = word("site.chart_one_in", lang, one_in=fields["one_in"])
        return Chart("one_in", alt, dots=dots, height=10 * rows)
    if "ratio_tenths" in entry:
        alt = word("site.chart_ratio", lang, ratio=fields["ratio"])
        labels = tuple(entry[key][lang] for key in ("before_label", "latest_label"))
        return Chart("ratio", alt, before=round(1000 / entry["ratio_tenths"], 1), labels=labels)
    return Chart("")


def statistics(facts: dict[str, Any], lang: Lang) -> list[Statistic]:
    out = []
    for entry in facts["statistics"]:
        fields = number_fields(entry, lang)
        texts = {name: entry[name][lang].format(**fields) for name in TEXTS}
        out.append(Statistic(id=entry["id"], chart=chart_of(entry, lang, fields), **texts))
    return out


def function_links(rates: Rates, ids: list[str], lang: Lang) -> tuple[FunctionLink, ...]:
    """Support functions by id, named as the rates name them; an unknown id stops the build."""
    by_id = {f.id: f for f in rates.support_functions}
    missing = [i for i in ids if i not in by_id]
    if missing:
        names = ", ".join(missing)
        raise PluginError(
            f"facts.toml: 料率の support_functions に {names} がありません / "
            f"no support function {names} in the rates"
        )
    return tuple(FunctionLink(i, by_id[i].label[lang]) for i in ids)


def flow_steps(facts: dict[str, Any], rates: Rates, lang: Lang) -> list[FlowStep]:
    def step(entry: dict[str, Any]) -> FlowStep:
        return FlowStep(
            id=entry["id"],
            step=entry["step"][lang],
            what=tuple(entry["what"][lang]),
            functions=function_links(rates, entry["functions"], lang),
            parallel=tuple(step(p) for p in entry.get("parallel", ())),
        )

    return [step(entry) for entry in facts["flow"]]


def plan_views(rates: Rates, lang: Lang) -> list[PlanView]:
    """Each plan's limits and bar lengths (the largest limit of its kind = 100)."""
    top = {m.name: max(p.limits[m.name] for p in rates.plans) for m in schema.PLAN_LIMITS}

    def limit(m: schema.Limit, yen: int) -> LimitView:
        amount = format_yen(yen, lang, units=True)
        return LimitView(word(m.words, lang), amount, round(100 * yen / top[m.name], 1))

    return [
        PlanView(
            code=plan.code,
            name=word("table.plan_name", lang, code=plan.code),
            limits=tuple(limit(m, plan.limits[m.name]) for m in schema.PLAN_LIMITS),
        )
        for plan in rates.plans
    ]


def incident_card(rates: Rates, lang: Lang) -> dict[str, Any]:
    """What the theme's incident card shows (config.extra.cq_card[lang]): the lead agent and the
    accident support centre with tap-to-call numbers, the agents list, the incident page."""

    def contact(contact_id: str) -> dict[str, Any]:
        c = rates.contacts[contact_id]
        return {
            "name": c.name[lang],
            "role": c.role[lang],
            "tel": c.tel,
            "href": tel_href(c.tel) if c.tel else None,
            "hours": c.hours[lang] if c.hours else None,
            "toll_free": word("site.toll_free", lang) if c.toll_free else "",
        }

    return {
        "heading": word("site.card_heading", lang),
        "lead": word("site.card_lead", lang),
        "agent": contact("lead_agent"),
        "nights_label": word("site.card_nights", lang),
        "centre": contact("accident_centre"),
        "agents_list_url": rates.programme.agents_list_url,
        "agents_list": word("site.agents_list", lang),
        "incident_page": word("site.card_incident_page", lang),
        "incident_href": f"{lang_root(lang)}incident/",
    }


def open_now(rates: Rates, lang: Lang) -> dict[str, Any]:
    """The incident page's first block: the lead agent and the accident support centre as two
    big call buttons with their hours, and what cq-intake.js needs to mark the one open now."""
    card = incident_card(rates, lang)
    lines = [
        {**card["agent"], "id": "agent", "who": word("trust.agent_who", lang)},
        {**card["centre"], "id": "centre", "who": card["nights_label"]},
    ]
    data = {
        **open_now_data(rates),
        "open": word("trust.open_now", lang),
        "closed": word("trust.closed_now", lang),
        "as_of": text("trust.as_of", lang),  # {time}: filled by the script
        "lang": lang,
    }
    return {
        "heading": word("trust.open_now_heading", lang),
        "noscript": word("trust.open_now_noscript", lang),
        "lines": lines,
        "data": script_json(data),
    }


def define_env(env: Any) -> None:
    rates: Rates = env.variables["rates"]
    facts = load_facts()
    env.conf["extra"]["cq_card"] = {lang: incident_card(rates, lang) for lang in LANGS}
    env.variables["a11y"] = facts["accessibility"]  # the accessibility page's standard and level

    def lang() -> Lang:
        return env.page.file.locale

    @env.macro
    def statistics_figures() -> str:
        """The brochure's statistics, as figures (home page)."""
        return one_block(
            render(
                env,
                "site/statistics.html",
                stats=statistics(facts, lang()),
                source_label=word("site.source_label", lang()),
            )
        )

    @env.macro
    def response_flow() -> str:
        """The incident-response flow with the support functions at each step (support page)."""
        throughout = function_links(rates, facts["flow_notes"]["throughout"], lang())
        return one_block(
            render(
                env,
                "site/flow.html",
                steps=flow_steps(facts, rates, lang()),
                throughout=throughout,
                caption=word("site.flow_caption", lang()),
                help_label=word("site.flow_help", lang()),
                throughout_label=word("site.flow_throughout", lang()),
            )
        )

    @env.macro
    def plan_cards() -> str:
        """The three plans as cards with their limits and each category's from-price (home page)."""
        return one_block(
            render(
                env,
                "site/plan_cards.html",
                plans=plan_views(rates, lang()),
                premium_label=word("terms.annual_premium", lang()),
            )
        )

    @env.macro
    def plan_comparison() -> str:
        """The plans' limits side by side, with bars (coverage page)."""
        return one_block(
            render(
                env,
                "site/plan_comparison.html",
                plans=plan_views(rates, lang()),
                caption=word("table.limits_caption", lang()),
                plan_label=word("terms.plan", lang()),
                limit_labels=[word(m.words, lang()) for m in schema.PLAN_LIMITS],
            )
        )

    @env.macro
    def open_now_lines() -> str:
        """The line open now, first, as a big call button (incident page)."""
        return one_block(render(env, "site/open_now.html", **open_now(rates, lang())))

    @env.macro
    def accessibility_results() -> str:
        """The last accessibility test of the whole site, from facts.toml (accessibility page)."""
        a = facts["accessibility"]
        docs = Path(env.conf["docs_dir"])
        pages = {
            code: sum(1 for md in (docs / code).glob("*.md") if md.name != "404.md")
            for code in LANGS
        }
        widths = ("、" if lang() == "ja" else ", ").join(f"{w} px" for w in a["widths"])
        rows = [
            ("trust.a11y_standard", word("trust.a11y_standard_value", lang(), **a)),
            ("trust.a11y_date", format_date(a["tested"], lang(), weekday=True)),
            ("trust.a11y_scope", word("trust.a11y_scope_value", lang(), widths=widths, **pages)),
            (
                "trust.a11y_tools",
                word(
                    "trust.a11y_tools_value",
                    lang(),
                    tools=" + ".join(a["tools"]),
                    browser=a["browser"],
                ),
            ),
            (
                "trust.a11y_result",
                word(
                    "trust.a11y_result_value",
                    lang(),
                    axe=a["axe_serious"],
                    score=a["lighthouse_score"],
                ),
            ),
        ]
        return one_block(
            render(
                env,
                "site/accessibility.html",
                caption=word("trust.a11y_caption", lang()),
                rows=[(word(key, lang()), value) for key, value in rows],
            )
        )

    @env.macro
    def agents_list() -> str:
        """A link to the list of designated agents (the cooperative's website)."""
        return render(
            env,
            "site/agents_link.html",
            url=rates.programme.agents_list_url,
            text=word("site.agents_list_where", lang()),
        )
