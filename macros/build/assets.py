"""The quote widget's runtime in the built site, published once per build.

site/assets/pyodide/   the five Pyodide boot files, each large one with precompressed .gz and .br
                       siblings for servers that serve them (macros/build/pyodide.py)
site/assets/widget/    quote.js (page module), worker.js (module worker), quote.css, and
                       pyodide-snapshot.bin, a verified memory snapshot (macros/build/snapshot.py)
site/assets/cyberquote-<version>-py3-none-any.whl   the kernel package (macros/build/wheel.py)
site/assets/rates/<year>.toml                       the rates file the site was built from
"""

from __future__ import annotations

from pathlib import Path

from cyberquote import Rates

from .files import ROOT, write_if_changed
from .pyodide import publish_pyodide
from .snapshot import publish_snapshot
from .wheel import build_wheel, wheel_name

WIDGET_DIR = ROOT / "site_src" / "widget"
WIDGET_FILES = ("quote.js", "worker.js", "quote.css")


def rates_source(rates: Rates) -> Path:
    """The rates TOML the site was built from (its path may be relative to the project root)."""
    path = Path(rates.path)
    return path if path.is_absolute() or path.exists() else ROOT / path


def rates_asset_name(rates: Rates) -> str:
    """Where the rates TOML goes under site/assets/ (e.g. rates/2024.toml)."""
    return f"rates/{Path(rates.path).name}"


def publish(site_dir: Path, rates: Rates) -> None:
    """Everything the widget needs at run time, into site_dir/assets/ (idempotent)."""
    assets = site_dir / "assets"
    publish_pyodide(site_dir)
    for name in WIDGET_FILES:
        write_if_changed(assets / "widget" / name, (WIDGET_DIR / name).read_bytes())
    wheel = build_wheel()
    write_if_changed(assets / wheel_name(), wheel.read_bytes())
    source = rates_source(rates)
    publish_snapshot(assets, wheel, rates, source.read_text(encoding="utf-8"))
    write_if_changed(assets / rates_asset_name(rates), source.read_bytes())
