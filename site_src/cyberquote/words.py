"""Every word a user reads, in both languages: the catalogue words.toml and its one lookup.

A key is "section.key" and is always written out whole where it is used (never built from
parts), so tests/test_words.py can tell a key that nothing uses. Texts hold ``{name}`` fields,
the same ones in both languages. Standard library only: this module ships to the browser.
"""

from __future__ import annotations

import json
import re
import string
import tomllib
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Literal, cast

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")
CATALOGUE = "words.toml"
_QUOTED_KEY = re.compile(r"""["']([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)["']""")

# The widget's script shows these shared terms under its own names (site_src/widget/quote.js).
WIDGET_TERMS = {
    "category": "terms.category",
    "band": "terms.band",
    "plan": "terms.plan",
    "plan_col": "terms.plan",
    "liability_row": "terms.liability",
    "response_row": "terms.response_costs",
    "premium_row": "terms.annual_premium",
    "coverage_start": "terms.cover_starts",
    "policy_year": "terms.policy_year",
}


def as_lang(value: object) -> Lang:
    """``value`` as a Lang; ValueError for anything else."""
    if value not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {value!r}")
    return cast(Lang, value)


def fields_of(text: str) -> frozenset[str]:
    """The ``{name}`` fields of a text."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


@cache
def catalogue() -> Mapping[str, Mapping[Lang, str]]:
    """{"section.key": {"ja": text, "en": text}}, read once from the package's words.toml."""
    return parse(resources.files(__package__).joinpath(CATALOGUE).read_text(encoding="utf-8"))


def parse(source: str) -> dict[str, Mapping[Lang, str]]:
    """A catalogue's entries by key; ValueError naming the entry that is not a ja/en pair of
    non-empty texts with the same fields."""
    entries: dict[str, Mapping[Lang, str]] = {}
    for section, table in tomllib.loads(source).items():
        if not isinstance(table, dict):
            raise ValueError(f"{CATALOGUE}: {section} is not a [section]")
        for key, entry in table.items():
            name = f"{section}.{key}"
            if not isinstance(entry, dict) or set(entry) != set(LANGS):
                raise ValueError(f"{CATALOGUE}: [{name}] must have exactly {' and '.join(LANGS)}")
            if not all(isinstance(entry[lang], str) and entry[lang] for lang in LANGS):
                raise ValueError(f"{CATALOGUE}: [{name}] texts must be non-empty strings")
            if len({fields_of(entry[lang]) for lang in LANGS}) != 1:
                raise ValueError(f"{CATALOGUE}: [{name}] has different {{fields}} in ja and en")
            entries[name] = {lang: entry[lang] for lang in LANGS}
    return entries


def text(key: str, lang: Lang) -> str:
    """The text of ``key`` with its ``{name}`` fields left unfilled (for the page's script)."""
    try:
        entry = catalogue()[key]
    except KeyError:
        raise KeyError(f"{CATALOGUE}: no entry [{key}]") from None
    return entry[as_lang(lang)]


def word(key: str, lang: Lang, **fields: object) -> str:
    """The text of ``key`` in ``lang`` with its ``{name}`` fields filled in."""
    return text(key, lang).format(**fields)


def both(key: str, **fields: object) -> dict[Lang, str]:
    """``key`` in every language; a field given as a {lang: value} dict is taken per language."""
    return {
        lang: word(
            key,
            lang,
            **{k: v[lang] if isinstance(v, Mapping) else v for k, v in fields.items()},
        )
        for lang in LANGS
    }


def section(name: str, lang: Lang) -> dict[str, str]:
    """Every text of section ``name`` in ``lang``, unfilled, by its key inside the section."""
    prefix = f"{name}."
    return {
        key[len(prefix) :]: entry[as_lang(lang)]
        for key, entry in catalogue().items()
        if key.startswith(prefix)
    }


def widget_texts(lang: Lang) -> dict[str, str]:
    """What the quote widget's form and script show: the [widget] section and its shared terms."""
    return {**section("widget", lang), **{n: text(k, lang) for n, k in WIDGET_TERMS.items()}}


def named_in(*sources: str) -> list[str]:
    """The catalogue's keys these source texts write out whole ("section.key"), in its order."""
    found = {match[1] for source in sources for match in _QUOTED_KEY.finditer(source)}
    return [key for key in catalogue() if key in found]


def as_toml(keys: Iterable[str]) -> str:
    """These entries as a catalogue of their own: the browser's wheel carries only the words the
    kernel's modules name (the staff's and the site's stay out of its bytes and its parse time)."""
    return "".join(
        f"[{key}]\n"
        + "".join(
            f"{lang} = {json.dumps(catalogue()[key][lang], ensure_ascii=False)}\n" for lang in LANGS
        )
        for key in keys
    )
