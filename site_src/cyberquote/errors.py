"""The two kinds of failure: a person's input, and a broken rates file."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Longest echo of a person's input in a message: enough to recognise it, never a wall of text.
ECHO_LIMIT = 40


class InputError(ValueError):
    """Bad input from a person (a malformed revenue, an unknown industry...).

    Carries the message in both languages, since the same error reaches a Japanese or an English
    page; ``str()`` is the Japanese one, Japanese being the site's first language.
    """

    def __init__(self, ja: str, en: str) -> None:
        super().__init__(ja)
        self.messages = {"ja": ja, "en": en}

    def message(self, lang: str) -> str:
        return self.messages.get(lang, self.messages["ja"])


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a rates file: where (file, key) and what, in both languages."""

    file: str
    key: str  # "" for the whole file (not found, not TOML)
    ja: str
    en: str

    def line(self, lang: str = "en") -> str:
        """``file: key: what`` in one language."""
        what = self.en if lang == "en" else self.ja
        return ": ".join(part for part in (self.file, self.key, what) if part)


class RatesError(ValueError):
    """A rates file that must not be used, with every problem found, one per line.

    ``problems`` are the English lines (``file: key: what``); ``lines(lang)`` gives them in
    either language (staff tools print Japanese by default).
    """

    def __init__(self, problems: list[str] | list[Problem]) -> None:
        self.items = [p if isinstance(p, Problem) else Problem("", "", p, p) for p in problems]
        self.problems = [p.line("en") for p in self.items]
        super().__init__("\n".join(self.problems))

    def lines(self, lang: str = "ja") -> list[str]:
        return [p.line(lang) for p in self.items]

    def both_lines(self) -> list[str]:
        """Each problem in Japanese, then (indented) in English where it reads otherwise: what the
        site build prints, whoever runs it."""
        out: list[str] = []
        for problem in self.items:
            ja, en = problem.line("ja"), problem.line("en")
            out += [ja] if ja == en else [ja, f"  {en}"]
        return out


def shown(text: object, limit: int = ECHO_LIMIT) -> str:
    """A person's input as a message may echo it: cut to ``limit`` characters (with …) and every
    control or format character (terminal escapes, bidi marks, zero-width joiners, newlines) shown
    as an escape, so that echoed input can neither garble a terminal nor reorder a sentence.

    >>> shown("2億円"), shown("a\\x1b[31mred"), shown("x\\u202ey"), shown("9" * 50)
    ('2億円', 'a\\\\x1b[31mred', 'x\\\\u202ey', '999999999999999999999999999999999999999…')
    """
    out: list[str] = []
    for char in str(text):
        if unicodedata.category(char)[0] == "C":
            code = ord(char)
            char = (
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}"
                if code < 0x10000
                else f"\\U{code:08x}"
            )
        out.append(char)
    escaped = "".join(out)
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"
