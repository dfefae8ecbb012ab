"""Characters the PDFs cannot draw, found by `rates check` before a build meets them.

The premium table and the pamphlet are set in IPAex Gothic (export_checks.JAPANESE_FONTS, the
first family their stylesheets name). A character that font has no glyph for (𠮷, an emoji, a
variation selector) would print as a box, and the export check then stops the build after
`rates check` had passed. Here every text of the rates file is looked up in the font's own
character map (fontTools, which WeasyPrint already brings), the font file being the one
fontconfig gives WeasyPrint for that family. Staff side only: the kernel never needs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from cyberquote.errors import Problem
from cyberquote.words import both

from .export_checks import JAPANESE_FONTS

PDF_FONT = JAPANESE_FONTS[0]


def _windows_font(name: str = "ipaexg.ttf") -> Path | None:
    """IPAex Gothic's file in Windows' font folders (for all users, or for one)."""
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    if os.environ.get("LOCALAPPDATA"):
        folders.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    return next((f / name for f in folders if (f / name).is_file()), None)


def font_file(family: str = PDF_FONT) -> Path | None:
    """The file fontconfig uses for `family` (without fc-match, the font's file in Windows'
    font folders); None if it is not installed (then the export's own check names the font)."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return _windows_font() if family == PDF_FONT else None
    found = subprocess.run(
        [fc_match, "-f", "%{family}\n%{file}", family],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split("\n")
    if len(found) != 2 or family not in found[0].split(","):
        return None
    return Path(found[1])


@cache
def drawable(family: str = PDF_FONT) -> frozenset[int] | None:
    """The code points the font has a glyph for (None when the font is not found)."""
    path = font_file(family)
    if path is None:
        return None
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=0, lazy=True) as font:
        return frozenset(font.getBestCmap())


def texts(node: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """Every string of a parsed rates file with its key (``categories[0].label.ja``)."""
    if isinstance(node, str):
        yield key, node
    elif isinstance(node, dict):
        for name, value in node.items():
            yield from texts(value, f"{key}.{name}" if key else name)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from texts(value, f"{key}[{i}]")


def undrawable(toml: str, file: str, family: str = PDF_FONT) -> list[Problem]:
    """A problem for each text holding characters the PDF font cannot draw, naming them."""
    cmap = drawable(family)
    if cmap is None:
        return []
    found = []
    for key, text in texts(tomllib.loads(toml)):
        missing = dict.fromkeys(c for c in text if ord(c) not in cmap and c not in "\n\t")
        if missing:
            chars = "、".join(f"「{c}」(U+{ord(c):04X})" for c in missing)
            texts_ = both("cli.no_glyph", chars=chars, font=family)
            found.append(Problem(file, key, texts_["ja"], texts_["en"]))
    return found
