"""What changed between two years' rates (issue 6). Stub: the full version follows shortly."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cyberquote import Rates


@dataclass(frozen=True)
class RatesDiff:
    old_year: int
    new_year: int
    premiums: tuple = field(default_factory=tuple)


def diff_rates(old: Rates, new: Rates) -> RatesDiff:
    """Every difference between two rates files that a member or staff would care about."""
    raise NotImplementedError("cyberquote.diff.diff_rates is being written (issue 6)")


def format_diff(d: RatesDiff, lang: str = "ja", *, fmt: str = "text") -> str:
    """The diff as terminal text (fmt="text") or as Markdown to paste into an e-mail (fmt="md")."""
    raise NotImplementedError("cyberquote.diff.format_diff is being written (issue 6)")
