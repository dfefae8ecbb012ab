"""The build plugin's options and what it hands the page macros, declared as Material declares its
plugins' (material/plugins/*/config.py: a ``Config`` class the plugin is typed with).

- ``BuildConfig``: the options of ``- cyberquote-build:`` in mkdocs.yml. The environment
  (CYBERQUOTE_YEAR, CYBERQUOTE_PREVIEW) is mapped onto them once, by
  ``cyberstaff.project.RatesChoice.from_environment``, the same rule the staff commands follow.
- ``SiteContext``: what a page macro may know of the build (the rates, whether it is a preview,
  the project folder, the quote widget's and the renewal page's runtimes), one typed object in ``config.extra`` under
  ``CONTEXT_KEY``, put there by the plugin (or by the pamphlet, which renders the pages alone) and
  read with ``site_context``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

if TYPE_CHECKING:
    from cyberquote import Rates

    from .assets import WidgetRuntime
    from .renewal_runtime import RenewalRuntime

CONTEXT_KEY = "cyberquote"


class BuildConfig(Config):
    """``- cyberquote-build:`` in mkdocs.yml."""

    # The policy year built (rates/<year>.toml); unset: the newest final file. CYBERQUOTE_YEAR
    # overrides it.
    year = c.Optional(c.Type(int))
    # A preview: PREVIEW under every page's title, and a draft may be built. CYBERQUOTE_PREVIEW=1
    # turns it on (`make site PREVIEW=1`, `cyberquote site build --preview`).
    preview = c.Type(bool, default=False)


@dataclass(frozen=True)
class SiteContext:
    """What the page macros are given, for one language's build."""

    rates: Rates
    preview: bool
    project_dir: Path  # the folder of mkdocs.yml: rates/, docs/
    # The widget's files and their hashed names, and the renewal page's; None where neither page
    # is rendered (the pamphlet's chapters).
    runtime: WidgetRuntime | None
    renewal: RenewalRuntime | None = None


def hand_to_pages(config: Any, context: SiteContext) -> None:
    """Give the page macros `context` (a MkDocs config, before mkdocs-macros' on_config)."""
    config.extra[CONTEXT_KEY] = context


def site_context(config: Any) -> SiteContext:
    """The context the build plugin handed the page macros of the build `config`."""
    context: SiteContext = config.extra[CONTEXT_KEY]
    return context
