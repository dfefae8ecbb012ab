"""The two kinds of failure: a person's input, and a broken rates file."""

from __future__ import annotations

import unicodedata

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


class RatesError(ValueError):
    """A rates file that must not be used, with every problem found, one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


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
