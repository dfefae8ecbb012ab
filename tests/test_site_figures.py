"""The member pages' pictures, read from the built site: the brochure's statistics on the home
pages (figures from macros/data/facts.toml, each with its text alternative and source), the
incident-response flow on the support pages (every step, the functions named as the rates name
them, linked to their descriptions), the plan cards and the plan comparison (limits from the
rates), and the 404 pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cyberquote import format_yen
from htmltree import page, parse

from macros.pages.figures import facts_problems, load_facts, number_fields

LANG_ROOTS = {"ja": "", "en": "en/"}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_home_shows_every_statistic_with_its_source(built_site: Path, lang: str) -> None:
    facts = load_facts()
    home = page(built_site, LANG_ROOTS[lang])
    figures = home.find_all("figure", "cq-stat")
    assert [f.attrs["id"] for f in figures] == [f"stat-{s['id']}" for s in facts["statistics"]]
    for entry, figure in zip(facts["statistics"], figures, strict=True):
        fields = number_fields(entry, lang)
        assert figure.find("p", "cq-stat__value").flat_text() == entry["value"][lang].format(
            **fields
        )
        caption = figure.find("figcaption").flat_text()
        assert entry["source"][lang] in caption
        assert entry["claim"][lang].format(**fields) in caption
        charts = [n for n in figure.iter() if n.attrs.get("role") == "img"]
        assert all(c.attrs.get("aria-label") for c in charts), entry["id"]
    text = home.flat_text()
    assert "5,613,797" in text and ("2,700億円" if lang == "ja" else "¥270 billion") in text


def test_a_statistics_number_is_filled_from_the_data_file() -> None:
    """The check can fail: the numbers are formatted from the data, not copied from the text."""
    entry = {"total_yen": 270_000_000_000, "ratio_tenths": 16, "people": 5_613_797}
    assert number_fields(entry, "ja") == {
        "total": "2,700億円",
        "ratio": "1.6",
        "people": "5,613,797",
    }
    assert number_fields(entry, "en")["total"] == "¥270 billion"


def test_a_broken_facts_file_is_told_by_what_it_lacks() -> None:
    """The data file is checked before a page is drawn: each problem named (no traceback)."""
    assert facts_problems(load_facts()) == []
    good = dict(load_facts()["statistics"][0])
    broken = {**good, "claim": {"ja": "{percentage}", "en": "x"}, "source": {"ja": "y"}}
    step = {"id": "a", "step": {"ja": "a", "en": "a"}, "what": {"ja": [], "en": []}}
    problems = facts_problems({"statistics": [good, broken], "flow": [step]})
    assert problems == [
        "statistics[2].claim: {percentage} ?",
        "statistics[2].source: ja と en の文 / a ja and an en text",
        "flow[1].functions",
    ]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_support_page_draws_the_flow_with_its_functions(built_site: Path, rates, lang: str) -> None:  # type: ignore[no-untyped-def]
    facts = load_facts()
    support = page(built_site, LANG_ROOTS[lang] + "support")
    flow = support.find("ol", "cq-flow")
    steps = [li.attrs["id"] for li in flow.find_all("li", "cq-flow__step")]
    assert steps == [f"flow-{s['id']}" for s in facts["flow"]]
    branches = [li.attrs["id"] for li in flow.find_all("li", "cq-flow__branch")]
    assert branches == [f"flow-{p['id']}" for s in facts["flow"] for p in s.get("parallel", [])]
    labels = {f.id: f.label[lang] for f in rates.support_functions}
    chips = support.find_all("a", "cq-chip")
    assert chips
    anchors = {n.attrs.get("id") for n in support.iter()}
    for chip in chips:
        target = chip.attrs["href"].removeprefix("#")
        assert target in anchors
        assert chip.flat_text() == labels[target.removeprefix("function-")]
    used = {c.attrs["href"] for c in chips}
    assert {f"#function-{i}" for i in ("gdpr", "call_centre", "reputation", "finance")} <= used


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_plan_cards_and_comparison_show_the_rates_limits(
    built_site: Path, rates, lang: str
) -> None:  # type: ignore[no-untyped-def]
    home = page(built_site, LANG_ROOTS[lang])
    cards = home.find_all("section", "cq-plan")
    assert [c.attrs["id"] for c in cards] == [f"plan-{p.code.lower()}" for p in rates.plans]
    lowest = {
        p.code: min(v for (_, _, code), v in rates.premiums.items() if code == p.code)
        for p in rates.plans
    }
    for plan, card in zip(rates.plans, cards, strict=True):
        text = card.flat_text()
        assert format_yen(plan.liability_limit_yen, lang, units=True) in text
        assert format_yen(plan.response_cost_limit_yen, lang, units=True) in text
        assert format_yen(lowest[plan.code], lang) in text
    coverage = page(built_site, LANG_ROOTS[lang] + "coverage")
    bars = {
        tr.attrs["data-plan"]: [r.attrs["width"] for r in tr.find_all("rect")]
        for tr in coverage.find("table", "cq-plan-bars").iter()
        if tr.tag == "tr" and "data-plan" in tr.attrs
    }
    assert bars["C"] == ["100.0", "100.0"]  # the largest limits are the longest bars
    assert bars["A"] == ["30.0", "20.0"]


@pytest.mark.parametrize(("path", "lang"), [("404.html", "ja"), ("en/404.html", "en")])
def test_404_pages_are_in_their_language_with_relative_links(
    built_site: Path, path: str, lang: str
) -> None:
    html = (built_site / path).read_text(encoding="utf-8")
    tree = parse(html)
    assert tree.find("html").attrs["lang"] == lang
    hrefs = [n.attrs.get("href", "") for n in tree.iter() if n.tag in ("a", "link")]
    hrefs += [n.attrs.get("src", "") for n in tree.iter() if n.tag == "script"]
    assert [h for h in hrefs if h.startswith("/")] == []  # no root-absolute link
    assert not (built_site / "404").exists() and not (built_site / "en" / "404").exists()
