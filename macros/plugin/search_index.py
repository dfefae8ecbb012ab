"""Search that knows the words of an attack: the synonyms of macros/data/search_synonyms.toml
(ランサムウェア, hacked ...) become keywords of the pages that cover it in the search index.

Material's index has a `tags` field (boosted above titles) that its search worker indexes; the
site has no tags of its own, and the result list does not show them (assets/stylesheets/
cq-search.css). Run once all languages are written and before precompression.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from .files import ROOT

SYNONYMS = ROOT / "macros" / "data" / "search_synonyms.toml"
INDEX = Path("search") / "search_index.json"
LANG_PREFIXES = {"ja": "", "en": "en/"}  # where each language's pages are (mkdocs.yml, i18n)


def synonyms(path: Path = SYNONYMS) -> dict[str, list[str]]:
    """Index location ("incident/", "en/incident/") -> its words, in both languages."""
    with path.open("rb") as f:
        groups = tomllib.load(f)["group"]
    words: dict[str, list[str]] = {}
    for group in groups:
        for page in group["pages"]:
            for prefix in LANG_PREFIXES.values():
                listed = words.setdefault(prefix + page, [])
                listed += [w for w in [*group["ja"], *group["en"]] if w not in listed]
    return words


def add_search_synonyms(site_dir: Path, path: Path = SYNONYMS) -> None:
    """The words as the `tags` of each page's own entry. A page named that this build does not
    hold (a test's one-page site) is passed over; tests/test_site_search.py checks that the
    words find the site's coverage and incident pages, so a renamed page cannot lose them."""
    index_file = site_dir / INDEX
    index = json.loads(index_file.read_text(encoding="utf-8"))
    pages = {doc["location"]: doc for doc in index["docs"]}
    for location, words in synonyms(path).items():
        if location in pages:
            pages[location]["tags"] = words
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    index_file.write_text(text, encoding="utf-8")
