"""The Pyodide runtime the quote widget boots: which files of node_modules/pyodide it needs.

The version is the one package-lock.json pins (npm `pyodide`). A boot needs five files: three are
published as they are (pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm), the standard library zip
is trimmed to what the quote imports (macros/build/runtime.py) and the lock file keeps only
Pyodide's build info (macros/build/assets.py). Nothing else from the package is published.
"""

from __future__ import annotations

from .files import ROOT

PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
