"""The Pyodide runtime the quote widget boots: the five boot files of node_modules/pyodide.

The version is the one package-lock.json pins (npm `pyodide`); nothing else from the package is
fetched by the browser, so nothing else is published.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .files import ROOT, publish_file_with_siblings

PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)


def publish_pyodide(site_dir: Path, source: Path = PYODIDE_DIR) -> list[Path]:
    """Copy only the five boot files (and their compressed siblings) to site/assets/pyodide/."""
    missing = [name for name in PYODIDE_FILES if not (source / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{source}: missing {', '.join(missing)} (run `npm ci`)")
    dest_dir = site_dir / "assets" / "pyodide"
    dest_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(source / name, dest_dir / name) for name in PYODIDE_FILES]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        list(pool.map(lambda job: publish_file_with_siblings(job[0].read_bytes(), job[1]), jobs))
    return [dest for _, dest in jobs]
