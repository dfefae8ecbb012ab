"""The yearly renewal: a draft rates file for the next year (issue 6). Stub: filled in shortly."""

from __future__ import annotations


def new_draft(source_text: str, year: int) -> str:
    """The text of rates/<year>.toml made from the previous year's TOML text, marked as a draft."""
    raise NotImplementedError("cyberquote.renewal.new_draft is being written (issue 6)")
