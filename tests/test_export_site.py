"""The build plugin's exports (macros/plugin/exports.py): where each language's files go, and that
the built site holds them."""

from __future__ import annotations

import pathlib
import re

import pytest
from conftest import ROOT
from cyberquote import Rates
from cyberstaff.export import export_names
from mkdocs.config import load_config

from macros.plugin.languages import languages


@pytest.fixture
def conf():
    """The project's real MkDocs config, with its real plugins (i18n among them)."""
    return load_config(str(ROOT / "mkdocs.yml"))


def test_japanese_build_writes_to_site_downloads(conf):
    conf.plugins["i18n"].current_language = "ja"  # what static-i18n sets before the first build
    langs = languages(conf)
    assert (langs.current, langs.is_default, langs.is_last) == ("ja", True, False)
    site = pathlib.Path(conf["site_dir"])
    assert langs.downloads_dir(site, "ja") == site / "downloads"


def test_english_build_writes_to_site_en_downloads_and_is_the_last(conf):
    conf.plugins["i18n"].current_language = "en"  # set by static-i18n for its second build
    langs = languages(conf)
    assert (langs.current, langs.is_default, langs.is_last) == ("en", False, True)
    assert langs.order == ("ja", "en")
    site = pathlib.Path(conf["site_dir"])
    assert langs.downloads_dir(site, "en") == site / "en" / "downloads"


def test_before_i18n_configures_the_theme_language_is_used(conf):
    assert conf.plugins["i18n"].current_language is None
    assert languages(conf).current == "ja"


def test_built_site_holds_both_languages_exports(built_site: pathlib.Path, rates: Rates):
    site = built_site
    for lang, folder in (("ja", site / "downloads"), ("en", site / "en" / "downloads")):
        files = [p.name for p in folder.iterdir() if p.suffix not in (".br", ".gz")]
        # besides precompressed copies; each language's pamphlet beside its tables
        assert sorted(files) == sorted([*export_names(rates), f"pamphlet-2024-{lang}.pdf"])
    ja = (site / "downloads" / "premiums-2024-grid.csv").read_text(encoding="utf-8-sig")
    en = (site / "en" / "downloads" / "premiums-2024-grid.csv").read_text(encoding="utf-8-sig")
    assert "3億円まで" in ja and "up to ¥300 million" in en and "まで" not in en


def test_home_and_premium_pages_link_to_existing_exports_of_their_language(request):
    try:
        site = pathlib.Path(request.getfixturevalue("built_site"))
    except pytest.FixtureLookupError:
        pytest.skip("the built_site fixture (tests/conftest.py) is not there yet")
    for page, downloads, lang in (
        (site / "premiums" / "index.html", site / "downloads", "ja"),
        (site / "en" / "premiums" / "index.html", site / "en" / "downloads", "en"),
        (site / "index.html", site / "downloads", "ja"),
        (site / "en" / "index.html", site / "en" / "downloads", "en"),
    ):
        links = re.findall(r'href="([^"]*downloads/[^"]+)"', page.read_text(encoding="utf-8"))
        assert {pathlib.PurePosixPath(link).suffix for link in links} >= {".pdf", ".csv"}
        assert f"pamphlet-2024-{lang}.pdf" in {pathlib.PurePosixPath(link).name for link in links}
        for link in links:
            target = (page.parent / link).resolve()
            assert target.parent == downloads.resolve(), link
            assert target.is_file(), link
