"""The project a command or a site build works on, and which of its rates files it uses.

CPython only, like everything under cyberstaff/: the browser's wheel is the kernel alone, and the
kernel reads a rates text, never a folder. Here, once:

- the project folder (`project_dir`): the current one if it holds rates/, else this checkout;
- the year and the preview (`RatesChoice`), and the environment variables that name them
  (CYBERQUOTE_YEAR, CYBERQUOTE_PREVIEW: `make site YEAR=... PREVIEW=1` sets them, `cyberquote site`
  sets them for its MkDocs process, and the build plugin reads them through `from_environment`);
- the rates file a command defaults to (`RatesChoice.command_path`: the year named, else the
  newest final file) and the one a site build uses (`RatesChoice.build_path`: a preview may take
  a draft; a newer draft, or figures far from last year's, refuse the build).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cyberquote.errors import Problem, RatesError
from cyberquote.rates import file_status, rates_files, refuse_implausible
from cyberquote.words import both

CHECKOUT = Path(__file__).resolve().parents[2]  # site_src/cyberstaff/project.py -> the checkout
YEAR_ENV = "CYBERQUOTE_YEAR"
PREVIEW_ENV = "CYBERQUOTE_PREVIEW"


def project_dir() -> Path:
    """The project folder: the current one if it holds rates/, else the package's checkout."""
    return Path.cwd() if (Path.cwd() / "rates").is_dir() else CHECKOUT


def default_rates_file() -> Path:
    """The rates file a command uses when none is named: CYBERQUOTE_YEAR's, else the newest
    final one, in the project folder."""
    return RatesChoice.from_environment().command_path(project_dir())


def _refusal(file: str, message: str, **fields: object) -> RatesError:
    texts = both(message, **fields)
    return RatesError([Problem(file, "", texts["ja"], texts["en"])])


@dataclass(frozen=True)
class RatesChoice:
    """Which rates file: the policy `year` named (None: the newest final file) and whether the
    build is a `preview` (PREVIEW on every page; a draft may be built)."""

    year: int | None = None
    preview: bool = False

    @classmethod
    def from_environment(
        cls,
        *,
        year: int | None = None,
        preview: bool | None = None,
        environ: Mapping[str, str] = os.environ,
    ) -> RatesChoice:
        """CYBERQUOTE_YEAR over `year` (mkdocs.yml's, or --year); `preview` as given, else
        CYBERQUOTE_PREVIEW=1. An empty variable names nothing."""
        named = environ.get(YEAR_ENV) or year
        if preview is None:
            preview = environ.get(PREVIEW_ENV) == "1"
        return cls(int(named) if named else None, preview)

    def environment(self, environ: Mapping[str, str] = os.environ) -> dict[str, str]:
        """`environ` for a child build of this choice: its own variables, none inherited."""
        env = {k: v for k, v in environ.items() if k not in (YEAR_ENV, PREVIEW_ENV)}
        if self.year:
            env[YEAR_ENV] = str(self.year)
        if self.preview:
            env[PREVIEW_ENV] = "1"
        return env

    def command_path(self, root: Path) -> Path:
        """The rates file a command uses when none is given: the year named, else the newest
        file in root/rates not marked draft (else the newest file)."""
        rates_dir = root / "rates"
        if self.year:
            return rates_dir / f"{self.year}.toml"
        files = rates_files(rates_dir)
        for found in sorted(files, reverse=True):
            if file_status(files[found]) == "final":
                return files[found]
        if files:
            return files[max(files)]
        raise _refusal(str(rates_dir), "rates.no_rates_file")

    def build_path(self, root: Path) -> Path:
        """The rates file a site build uses (`mkdocs build`, `make site`, `cyberquote site`).

        As `command_path`, but a preview with no year named takes the newest file, draft or not;
        and with no year named, a newer draft refuses the build (RatesError naming the draft and
        what to run), since building last year's site then would quietly publish it over the
        renewal being prepared. A file whose figures stop against last year's (`year_problems`)
        refuses it too: a tenfold premium must not reach the site.
        """
        files = rates_files(root / "rates")
        if self.preview:
            if not self.year and files:
                return files[max(files)]
            return self.command_path(root)
        path = self.command_path(root)
        if not self.year and path.stem.isdigit():
            drafts = _newer_drafts(root, int(path.stem))
            if drafts:
                raise _refusal(f"rates/{drafts[0].name}", "rates.newer_draft", year=int(path.stem))
        refuse_implausible(path, name=f"rates/{path.name}")
        return path


def _newer_drafts(root: Path, year: int) -> list[Path]:
    """Rates files for years after `year` that are still drafts (a build of `year` would quietly
    leave them unpublished)."""
    files = rates_files(root / "rates")
    return [files[y] for y in sorted(files) if y > year and file_status(files[y]) != "final"]
