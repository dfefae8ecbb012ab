"""The build plugin (macros/build/plugin.py): its after-build work runs once per build, after the
last language, although static-i18n runs a whole MkDocs build per language."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from mkdocs.config import load_config

from macros.build import plugin
from macros.build.languages import languages

ROOT = Path(__file__).resolve().parents[1]


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
        and value.__module__.startswith("macros.build.")
        and value.__module__ not in (plugin.__name__, languages.__module__)
    ]
    assert "publish" in steps and "publish_exports" in steps
    for name in steps:
        monkeypatch.setattr(plugin, name, lambda *args, _name=name, **kwargs: calls.append(_name))
    conf = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path))
    conf["extra"] = AnyExtra()
    monkeypatch.setattr(conf.plugins["macros"], "_env", object(), raising=False)
    build, i18n = conf.plugins["cyberquote-build"], conf.plugins["i18n"]
    for lang in ("ja", "en"):  # static-i18n's order: the default language first
        i18n.current_language = lang
        build.on_post_build(config=conf)
        assert (calls != []) is (lang == "en"), lang
    assert calls.count("publish") == 1 and calls.count("publish_exports") == 1
    assert list(tmp_path.iterdir()) == []
