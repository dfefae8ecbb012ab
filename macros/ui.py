"""The site's UI words (macros/ui.toml), looked up by key and language."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

UI_PATH = Path(__file__).with_name("ui.toml")
LANGS: tuple[str, ...] = ("ja", "en")


@cache
def _words(path: Path = UI_PATH) -> dict[str, dict[str, str]]:
    with path.open("rb") as f:
        data = tomllib.load(f)
    for key, entry in data.items():
        missing = [lang for lang in LANGS if lang not in entry]
        if missing:
            raise ValueError(f"{path}: [{key}] lacks {', '.join(missing)}")
    return data


def word(key: str, lang: str, **fields: object) -> str:
    """The UI word `key` in `lang`, with `{name}` fields filled in."""
    try:
        entry = _words()[key]
    except KeyError:
        raise KeyError(f"{UI_PATH.name}: no entry [{key}]") from None
    return entry[lang].format(**fields) if fields else entry[lang]
