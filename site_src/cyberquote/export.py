"""Print and paste-ready exports of the premium tables (issue 5). Stub: filled in shortly."""

from __future__ import annotations

import pathlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cyberquote import Rates


def export_all(rates: Rates, out_dir: pathlib.Path, *, lang: str = "ja") -> list[pathlib.Path]:
    """Write the PDF, the two CSVs and the four HTML fragments for rates.year into out_dir."""
    raise NotImplementedError("cyberquote.export.export_all is being written (issue 5)")
