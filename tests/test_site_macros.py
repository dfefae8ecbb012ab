"""The site's page macro helpers (macros/pages/), the build plugin's CSP, and mkdocs.yml."""

from __future__ import annotations

import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, ProjectCopy, mkdocs_build
from cyberdocs.csp import CSP, serve_csp
from cyberquote import Rates
from cyberquote.dates import format_time
from mkdocs.config import load_config

from macros.pages import views
from macros.plugin import theme

JST = timezone(timedelta(hours=9))


def test_tel_href() -> None:
    assert views.tel_href("0120-727-110") == "tel:0120727110"
    assert views.tel_href("03-3241-0230") == "tel:0332410230"
    with pytest.raises(ValueError, match="not a telephone number"):
        views.tel_href("TEL")


@pytest.mark.parametrize(
    ("n", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (11, "11th"), (15, "15th"), (22, "22nd")]
)
def test_ordinal(n: int, text: str) -> None:
    assert views.ordinal(n) == text


@pytest.mark.parametrize(
    ("hour", "minute", "ja", "en"),
    [
        (16, 0, "午後4時", "4:00 p.m."),
        (9, 15, "午前9時15分", "9:15 a.m."),
        (0, 0, "午前0時", "12:00 midnight"),
        (12, 0, "午後0時", "12:00 noon"),
    ],
)
def test_clock(hour: int, minute: int, ja: str, en: str) -> None:
    moment = datetime(2024, 1, 1, hour, minute, tzinfo=JST)
    assert format_time(moment, "ja") == ja  # the site's clock() macro
    assert format_time(moment, "en") == en


@pytest.mark.parametrize(
    ("url", "lang", "prefix"),
    [("", "ja", ""), ("premiums/", "ja", "../"), ("en/", "en", ""), ("en/premiums/", "en", "../")],
)
def test_lang_root_prefix(url: str, lang: str, prefix: str) -> None:
    assert views.lang_root_prefix(url, lang) == prefix


def test_joined() -> None:
    assert views.joined(["金融", "公共機関"], "ja") == "金融、公共機関"
    assert views.joined(["Finance", "Rail", "Public"], "en") == "finance, rail and public"
    assert views.joined(["Finance"], "en") == "finance"
    assert views.joined(["IT services", "E-commerce"], "en") == "IT services and e-commerce"


def test_midterm_rule_comes_from_the_rates(rates: Rates) -> None:
    ja = views.midterm_rule(rates, "ja")
    en = views.midterm_rule(rates, "en")
    assert f"毎月{rates.midterm.start_day}日付" in ja
    assert f"前月{rates.midterm.deadline_day}日" in ja
    assert rates.programme.lead_agent["ja"] in ja
    assert views.ordinal(rates.midterm.deadline_day) in en


def test_join_rows_are_the_schedule_in_both_languages(rates: Rates) -> None:
    from cyberquote.schedule import join_dates

    rows_ja = views.join_rows(rates, "ja")
    rows_en = views.join_rows(rates, "en")
    dates = join_dates(rates)
    assert len(rows_ja) == len(rows_en) == len(dates) == 12
    assert [r.start_iso for r in rows_ja] == [d.start.isoformat() for d in dates]
    assert [r.deadline_iso for r in rows_en] == [d.deadline.isoformat() for d in dates]
    assert rows_ja[0].start.endswith("日") and "January" in rows_en[0].start


def test_contact_views(rates: Rates) -> None:
    centre = views.contact_view(rates.contacts["accident_centre"], "en")
    assert centre.tel == rates.contacts["accident_centre"].tel
    assert centre.tel_href == views.tel_href(centre.tel)
    assert centre.toll_free is True and centre.address is None


def test_print_edition_css_escapes_quotes_and_line_breaks(macros_plugin: Any) -> None:
    css = theme.print_edition_css(macros_plugin.env, {"line": 'Y "1" · P: a\\b · S: x\ny\rz\fw'})
    assert '@bottom-left { content: "Y \\"1\\" · P: a\\\\b · S: x\\a y\\d z\\c w";' in css


def test_mkdocs_config_as_the_issue_asks() -> None:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    conf = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    assert "site_url" not in conf  # relative links everywhere
    assert conf["theme"]["language"] == "ja"
    assert conf["theme"]["font"] is False
    assert conf["extra"]["generator"] is False
    plugins = {next(iter(p)) if isinstance(p, dict) else p: p for p in conf["plugins"]}
    assert list(plugins) == ["search", "i18n", "cyberquote-build", "macros"]
    assert plugins["search"]["search"]["lang"] == ["ja", "en"]
    macros = plugins["macros"]["macros"]
    assert macros["on_undefined"] == "strict" and macros["on_error_fail"] is True
    assert macros["include_dir"] == "macros/templates"  # the one home of the page templates
    langs = plugins["i18n"]["i18n"]["languages"]
    assert [(lang["locale"], lang.get("default", False)) for lang in langs] == [
        ("ja", True),
        ("en", False),
    ]
    nav = conf["nav"]
    for page in ("index.md", "coverage.md", "premiums.md", "quote.md", "contacts.md"):
        assert page in nav


def test_macro_modules_load_in_order_and_skip_missing_ones() -> None:
    import macros

    assert macros.MODULES[0] == "macros.pages.site"  # the others read the rates it publishes
    assert all(name.startswith("macros.pages.") for name in macros.MODULES)
    assert macros._load("macros.no_such_module") is None


def build_variant(
    project_copy: ProjectCopy, site: Path, page: str, plugin_yaml: str = "", top_yaml: str = ""
) -> subprocess.CompletedProcess[str]:
    """Build, into site, a copy of the project with a second config: the project's site made of
    one page (both languages), with options for the build plugin. (The pamphlet the build makes
    reads the project's own mkdocs.yml and docs/.)"""
    conf = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    conf = conf.replace("docs_dir: docs", "docs_dir: one-page", 1)
    if plugin_yaml:
        conf = conf.replace("  - cyberquote-build\n", "  - cyberquote-build:\n" + plugin_yaml, 1)
    conf = top_yaml + conf.split("\nnav:")[0] + "\nnav:\n  - index.md\n"
    project = project_copy(
        {"variant.yml": conf, "one-page/ja/index.md": page, "one-page/en/index.md": page}
    )
    return mkdocs_build(site, project=project, config="variant.yml", env={"CYBERQUOTE_YEAR": ""})


def test_a_typo_in_a_page_fails_the_build(project_copy: ProjectCopy, tmp_path: Path) -> None:
    """on_undefined: strict — an undefined name stops the build instead of publishing a blank."""
    result = build_variant(project_copy, tmp_path / "site", "# T\n\n{{ rates.no_such_field }}\n")
    assert result.returncode != 0
    assert "no_such_field" in result.stdout + result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_with_a_site_url_links_stay_relative(project_copy: ProjectCopy, tmp_path: Path) -> None:
    """Setting site_url (e.g. for a real sitemap) keeps the language switcher relative."""
    result = build_variant(
        project_copy, tmp_path / "site", "# T\n", top_yaml="site_url: https://example.org/cyber/\n"
    )
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    ja = (site / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<a href="." hreflang="ja"' in ja and '<a href="en/" hreflang="en"' in ja
    assert '<a href=".." hreflang="ja"' in en and '<a href="./" hreflang="en"' in en
    assert "https://example.org/cyber/" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_mkdocs_yml_names_the_policy_year(project_copy: ProjectCopy, tmp_path: Path) -> None:
    """The build plugin's `year` picks the rates file; a year without a file stops the build."""
    result = build_variant(
        project_copy, tmp_path / "site", "# T\n\n{{ rates.year }}\n", "      year: 1999\n"
    )
    assert result.returncode != 0
    assert "1999.toml" in result.stdout + result.stderr


def test_postal_address(rates: Rates) -> None:
    agent = rates.contacts["lead_agent"]
    assert views.postal_address(agent, "ja") == f"〒{agent.postcode} {agent.address['ja']}"
    assert views.postal_address(agent, "en") == f"{agent.address['en']} {agent.postcode}"
    assert views.postal_address(rates.contacts["accident_centre"], "en") is None


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_built_site_has_the_print_stylesheet_with_year_and_source(
    built_site: Path, rates: Rates, lang: str
) -> None:
    css = (built_site / "assets" / "stylesheets" / f"cq-print-{lang}.css").read_text("utf-8")
    assert views.edition(rates, lang) in css
    assert rates.source[lang] in css
    page = (built_site / ("" if lang == "ja" else "en/") / "premiums" / "index.html").read_text(
        "utf-8"
    )
    assert f"assets/stylesheets/cq-print-{lang}.css" in page


@pytest.mark.parametrize("site_url", [None, "http://127.0.0.1:8000/"])
def test_only_mkdocs_serve_relaxes_the_csp(site_url: str | None) -> None:
    """The command decides (on_startup), never the site_url: `mkdocs serve` sets it to its own
    address, and a build for that very address must keep the strict policy."""
    for command, expected in (("serve", serve_csp(CSP)), ("build", CSP)):
        conf = load_config(str(ROOT / "mkdocs.yml"), site_url=site_url)
        build = conf.plugins["cyberquote-build"]  # configured with its options, as in a build
        build.on_startup(command=command, dirty=False)
        assert build.on_config(conf).extra["csp"] == expected, command
    assert "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'" in serve_csp(CSP)
    assert "'unsafe-inline'" not in CSP


def test_a_build_with_mkdocs_serves_address_keeps_the_strict_csp(
    project_copy: ProjectCopy, tmp_path: Path
) -> None:
    result = build_variant(
        project_copy, tmp_path / "site", "# T\n", top_yaml="site_url: http://127.0.0.1:8000/\n"
    )
    assert result.returncode == 0, result.stderr
    for page in ("index.html", "en/index.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in html, page
        assert "unsafe-inline" not in html, page


def test_built_pages_carry_the_strict_csp(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in html


def test_search_worker_wrapper_names_materials_own_worker(built_site: Path) -> None:
    """main.html names Material's hashed worker file: an upgrade of Material must update it."""
    import re

    import material

    main = (ROOT / "site_src" / "overrides" / "main.html").read_text(encoding="utf-8")
    name = re.search(r"\?material=(search\.[0-9a-f]+\.min\.js)", main)
    assert name is not None
    workers = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    assert (workers / name.group(1)).is_file(), f"Material no longer ships {name.group(1)}"
    published = built_site / "assets" / "javascripts" / "workers"
    assert (published / "cq-search.js").is_file() and (published / name.group(1)).is_file()
