"""The words catalogue (site_src/cyberquote/words.toml): every key in both languages, with the
same fields, and used somewhere; every key the code names exists; no key built from parts."""

from __future__ import annotations

import ast
import re
import zipfile
from functools import cache
from io import BytesIO
from pathlib import Path

import pytest
from conftest import ROOT
from cyberquote import words
from cyberquote.words import LANGS, WIDGET_TERMS, both, catalogue, fields_of, parse, word

# Where words are used: the kernel, the staff tools, the site build, the widget, the theme, pages.
SOURCE_DIRS = ("site_src", "macros", "docs")
SOURCE_SUFFIXES = {".py", ".html", ".js", ".mjs", ".md"}
# The lookups: word, both, text; the templates' w(key) and the pages' ui(key) macros.
LOOKUPS = {"word", "both", "text", "w", "ui"}
KEY = r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*"


@cache
def sources() -> dict[Path, str]:
    found = {}
    for top in SOURCE_DIRS:
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts:
                found[path] = path.read_text(encoding="utf-8")
    return found


def all_source() -> str:
    return "\n".join(sources().values())


def test_every_key_has_both_languages_and_no_empty_text() -> None:
    assert len(catalogue()) > 100
    for key, entry in catalogue().items():
        assert set(entry) == set(LANGS), key
        assert all(entry[lang].strip() for lang in LANGS), key


def test_every_key_has_the_same_fields_in_both_languages() -> None:
    for key, entry in catalogue().items():
        assert fields_of(entry["ja"]) == fields_of(entry["en"]), key


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('[a.b]\nja = "x"\n', r"\[a\.b\] must have exactly ja and en"),
        ('[a.b]\nja = "x"\nen = "y"\nfr = "z"\n', r"\[a\.b\] must have exactly ja and en"),
        ('[a.b]\nja = "{n}件"\nen = "{count} items"\n', r"\[a\.b\] has different \{fields\}"),
        ('[a.b]\nja = ""\nen = "y"\n', r"\[a\.b\] texts must be non-empty"),
        ('a = "x"\n', r"a is not a \[section\]"),
    ],
)
def test_a_malformed_entry_is_refused_by_name(source: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse(source)


def test_every_key_is_used_somewhere() -> None:
    """A key is used where it is written out whole ("section.key"); the widget's own section is
    sent as a whole to its script, so each of its keys must be read there (S.key, s.key, ["key"])."""
    text = all_source()
    unused = []
    for key in catalogue():
        section, name = key.split(".")
        if section == "widget":
            used = re.search(rf"""\b[sS]\.{name}\b|\[["']{name}["']\]""", text)
        else:
            used = re.search(rf"""["']{re.escape(key)}["']""", text)
        if not used:
            unused.append(key)
    assert unused == []


def test_the_widget_reads_each_shared_term_it_is_sent() -> None:
    text = all_source()
    assert not set(WIDGET_TERMS) & set(words.section("widget", "ja"))  # no name sent twice
    for name, key in WIDGET_TERMS.items():
        assert key in catalogue(), key
        assert re.search(rf"\b[sS]\.{name}\b", text), name


def test_every_key_the_code_names_exists() -> None:
    pattern = re.compile(rf"""(?<!\w)_?(?:{"|".join(LOOKUPS)})\(\s*["']({KEY})["']""")
    named = {(path, m[1]) for path, src in sources().items() for m in pattern.finditer(src)}
    assert len(named) > 100
    missing = sorted(f"{p.relative_to(ROOT)}: {k}" for p, k in named if k not in catalogue())
    assert missing == []


def _built(node: ast.expr) -> bool:
    """A key made of parts: an f-string, a concatenation, a str.format/join/replace, a % format.
    (A name, a subscript or a call that returns a key written out whole elsewhere is fine.)"""
    if isinstance(node, ast.JoinedStr | ast.BinOp):
        return True
    return isinstance(node, ast.Call) and getattr(node.func, "attr", None) in {
        "format",
        "join",
        "replace",
        "removeprefix",
        "removesuffix",
    }


def test_no_key_is_built_from_parts() -> None:
    """The key of a lookup is never put together from pieces: the scan above could not see it."""
    built = []
    for path, src in sources().items():
        if path.suffix != ".py":
            continue
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                if str(name).lstrip("_") in LOOKUPS and _built(node.args[0]):
                    built.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert built == []


def test_templates_name_whole_keys() -> None:
    pattern = re.compile(r"""\bw\(\s*(["'])(.*?)\1""")
    for path, src in sources().items():
        if path.suffix == ".html":
            for match in pattern.finditer(src):
                assert re.fullmatch(KEY, match[2]), f"{path.relative_to(ROOT)}: w({match[2]!r})"


def test_lookup_fills_fields_and_refuses_unknown_keys_and_languages() -> None:
    assert word("terms.policy_year", "ja", year=2024) == "2024年度"
    assert both("site.edition", year=2024) == {"ja": "2024年度版", "en": "Policy year 2024"}
    assert (
        both("terms.category_title", label={"ja": "区分Ⅰ", "en": "Category I"}, description="x")[
            "en"
        ]
        == "Category I: x"
    )
    with pytest.raises(KeyError, match=r"no entry \[terms.nothing\]"):
        word("terms.nothing", "ja")
    with pytest.raises(ValueError, match="lang must be one of"):
        word("terms.plan", "fr")  # type: ignore[arg-type]


# Sections that name each entry of a declared table (the rates schema, cyberquote/schema.py):
# one key per table, field and kind, even where two of them read alike.
SCHEMA_SECTIONS = {"rates_table", "field", "kind"}


def test_one_key_per_concept() -> None:
    """業種区分 (once defined in four files) is one key; outside the schema's own sections no two
    keys hold the same pair of texts."""
    assert catalogue()["terms.category"] == {"ja": "業種区分", "en": "Category"}
    pairs: dict[tuple[str, str], str] = {}
    for key, entry in catalogue().items():
        if key.split(".")[0] in SCHEMA_SECTIONS:
            continue
        pair = (entry["ja"], entry["en"])
        assert pair not in pairs, f"{key} repeats {pairs[pair]}: use one key ([terms] if shared)"
        pairs[pair] = key


def test_the_old_homes_of_words_are_gone() -> None:
    for old in ("macros/ui.toml", "macros/ui.py", "site_src/widget/strings.toml"):
        assert not (ROOT / old).exists(), old
    assert not (ROOT / "site_src" / "cyberquote" / "messages.py").exists()


def test_the_browser_wheel_carries_the_kernels_words_only() -> None:
    """The wheel's words.toml holds every key the kernel's modules name, as the catalogue has it,
    and none of the staff's or the site's."""
    from macros.plugin.wheel import KERNEL_DIR, kernel_wheel_bytes

    kernel = [p.read_text(encoding="utf-8") for p in sorted(KERNEL_DIR.glob("*.py"))]
    with zipfile.ZipFile(BytesIO(kernel_wheel_bytes())) as wheel:
        assert "cyberquote/words.py" in wheel.namelist()
        shipped = parse(wheel.read("cyberquote/words.toml").decode("utf-8"))
    assert set(shipped) == set(words.named_in(*kernel)) >= {"quote.band", "amount.unreadable"}
    assert all(shipped[key] == catalogue()[key] for key in shipped)
    assert not {"cli.usage", "site.edition", "export.title"} & set(shipped)
