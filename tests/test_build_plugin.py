"""The site build's machinery: the build plugin (macros/plugin/plugin.py) runs its after-build work
once per build, after the last language, although static-i18n runs a whole MkDocs build per
language; the page templates render through mkdocs-macros' strict, autoescaping environment."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import jinja2
import pytest
from conftest import ROOT
from mkdocs.config import load_config

from macros.pages.render import render
from macros.plugin import config, plugin
from macros.plugin.config import BuildConfig, SiteContext, hand_to_pages
from macros.plugin.languages import languages


class AnyExtra(dict):  # type: ignore[type-arg]
    """config.extra where every value the after-build steps read is there (they are replaced)."""

    def __missing__(self, key: str) -> object:
        return object()


def test_after_build_work_runs_once_after_the_last_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    steps = [
        name
        for name, value in vars(plugin).items()
        if inspect.isfunction(value)
        and value.__module__.startswith("macros.plugin.")
        and value.__module__ not in (plugin.__name__, languages.__module__, config.__name__)
    ]
    assert "publish" in steps and "publish_exports" in steps
    for name in steps:
        monkeypatch.setattr(plugin, name, lambda *args, _name=name, **kwargs: calls.append(_name))
    conf = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path))
    conf["extra"] = AnyExtra()
    hand_to_pages(conf, SiteContext(object(), False, tmp_path, None))  # type: ignore[arg-type]
    monkeypatch.setattr(conf.plugins["macros"], "_env", object(), raising=False)
    build, i18n = conf.plugins["cyberquote-build"], conf.plugins["i18n"]
    # What static-i18n shows the plugin's on_post_build (language being built, whether it is
    # building the other languages): before static-i18n's own (priority -100), the default
    # language's build, then the nested English build; after it, the nested build, then the
    # default language's build once static-i18n is done (current_language stays the last one).
    if getattr(build.on_post_build, "mkdocs_priority", 0) > -100:
        seen = [("ja", False), ("en", True)]
    else:
        seen = [("en", True), ("en", False)]
    for number, (lang, building) in enumerate(seen, 1):
        i18n.current_language, i18n.building = lang, building
        build.on_post_build(config=conf)
        assert (calls != []) is (number == len(seen)), (lang, building)
    assert calls.count("publish") == 1 and calls.count("publish_exports") == 1
    assert list(tmp_path.iterdir()) == []


def test_the_plugins_options_are_declared_and_a_wrong_one_is_named() -> None:
    conf = load_config(str(ROOT / "mkdocs.yml"))
    options = conf.plugins["cyberquote-build"].config
    assert isinstance(options, BuildConfig) and (options.year, options.preview) == (None, False)
    typed = BuildConfig()
    typed.load_dict({"year": "2024年", "yaer": 2024})
    errors, warnings = typed.validate()  # `mkdocs build --strict` stops on either
    assert [name for name, _ in errors] == ["year"]
    assert [name for name, _ in warnings] == ["yaer"]


def test_a_name_missing_in_a_page_template_fails_instead_of_rendering_nothing(
    macros_plugin: Any,
) -> None:
    with pytest.raises(jinja2.UndefinedError, match=r"'\w+' is undefined"):
        render(macros_plugin, "widget/form.html", lang="ja")


def test_page_templates_escape_and_markdown_pages_do_not(macros_plugin: Any) -> None:
    html = render(macros_plugin, "site/list.html", items=['<b id="x">'], cls="c")
    assert "<b id" not in html and "&lt;b id=&#34;x&#34;&gt;" in html
    page = macros_plugin.env.from_string("{{ '*a*' }} <b>{{ x }}</b>").render(x="y")
    assert page == "*a* <b>y</b>"  # Markdown source: the t() macro escapes rates text itself
