"""The two kinds of failure: a person's input, and a broken rates file."""

from __future__ import annotations


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
