"""The Pyodide runtime the quote widget boots: which files of the pinned npm `pyodide` it needs,
and where they come from.

The version is the one package-lock.json pins (npm `pyodide`). A boot needs five files: three are
published as they are (pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm), the standard library zip
is trimmed to what the quote imports (macros/plugin/runtime.py) and the lock file keeps only
Pyodide's build info (macros/plugin/assets.py). Nothing else from the package is published.

The files come from node_modules/pyodide when `npm ci` has run. A staff machine with Python and
pip only has no node_modules: the build then fetches the very tarball npm would install from the
npm registry (`npm_config_registry`, as npm reads it, else registry.npmjs.org), checks it
against the `integrity` hash package-lock.json pins, and unpacks the files above into
build/pyodide-<version>/ once. Without Node there is no trimmed runtime and no snapshot
(runtime.py publishes Pyodide's own standard library). No network and no node_modules: the
build stops with one line saying what the machine needs.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from cyberquote.words import both
from mkdocs.exceptions import PluginError

from .files import ROOT

PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
# Every file the build reads from the package (runtime.py's cache key reads package.json).
PACKAGE_FILES = ("package.json", *PYODIDE_FILES)
DEFAULT_REGISTRY = "https://registry.npmjs.org/"
MAX_TARBALL_BYTES = 64_000_000  # 314.0.7's is 6.5 MB; a larger answer is not the package
FETCH_TIMEOUT_S = 120


# Where npm installs the packages; CQ_NODE_MODULES points the build at another folder (the tests'
# machine without node_modules). A fetched Pyodide goes to build/ beside it.
NODE_MODULES = Path(os.environ.get("CQ_NODE_MODULES") or ROOT / "node_modules")
LOCK = ROOT / "package-lock.json"


def pinned(lock: Path = LOCK) -> tuple[str, str]:
    """(version, integrity) of `pyodide` in package-lock.json."""
    entry = json.loads(lock.read_text(encoding="utf-8"))["packages"]["node_modules/pyodide"]
    return entry["version"], entry["integrity"]


def pyodide_dir(node_modules: Path = NODE_MODULES, lock: Path = LOCK) -> Path:
    """node_modules/pyodide once npm installed it, else the folder the tarball is unpacked to."""
    installed = node_modules / "pyodide"
    if (installed / "package.json").is_file():
        return installed
    return node_modules.parent / "build" / f"pyodide-{pinned(lock)[0]}"


PYODIDE_DIR = pyodide_dir()


def tarball_url(version: str, registry: str | None = None) -> str:
    """Where npm itself would download `pyodide@version` from."""
    base = registry or os.environ.get("npm_config_registry") or DEFAULT_REGISTRY
    return f"{base.rstrip('/')}/pyodide/-/pyodide-{version}.tgz"


def _refused(key: str, **fields: object) -> PluginError:
    texts = both(key, **fields)
    return PluginError(f"{texts['ja']}\n  {texts['en']}")


def check_integrity(data: bytes, integrity: str) -> bool:
    """True if `data` has the lock's Subresource-Integrity hash (``sha512-<base64>``)."""
    algorithm, _, digest = integrity.partition("-")
    if algorithm not in ("sha256", "sha384", "sha512"):
        return False
    return base64.b64encode(hashlib.new(algorithm, data).digest()).decode() == digest


def fetch_pyodide(target: Path, *, lock: Path = LOCK, registry: str | None = None) -> None:
    """The pinned tarball, downloaded, checked and unpacked (PACKAGE_FILES only) into `target`,
    which appears whole or not at all. PluginError with one line (ja, then en) otherwise."""
    version, integrity = pinned(lock)
    url = tarball_url(version, registry)
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_S) as answer:
            data = answer.read(MAX_TARBALL_BYTES + 1)
    except (OSError, urllib.error.URLError) as exc:
        reason = getattr(exc, "reason", exc)
        raise _refused("cli.pyodide_unreachable", url=url, reason=reason) from None
    if len(data) > MAX_TARBALL_BYTES or not check_integrity(data, integrity):
        raise _refused("cli.pyodide_integrity", url=url, integrity=integrity)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".pyodide-", dir=target.parent) as tmp:
        unpacked = Path(tmp) / "package"
        unpacked.mkdir()
        try:
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
                for name in PACKAGE_FILES:
                    member = tar.getmember(f"package/{name}")
                    source = tar.extractfile(member) if member.isfile() else None
                    if source is None:
                        raise KeyError(name)
                    (unpacked / name).write_bytes(source.read())
        except (KeyError, tarfile.TarError, EOFError):  # a lock pinning some other package
            raise _refused("cli.pyodide_integrity", url=url, integrity=integrity) from None
        if complete(target):  # a build running beside this one was quicker
            return
        shutil.rmtree(target, ignore_errors=True)  # a folder a killed build left half made
        try:
            os.replace(unpacked, target)
        except OSError:
            if not complete(target):
                raise


def complete(folder: Path) -> bool:
    """True when `folder` holds every file the build reads from the package."""
    return all((folder / name).is_file() for name in PACKAGE_FILES)


def ensure_pyodide(node_modules: Path = NODE_MODULES, lock: Path = LOCK) -> Path:
    """The Pyodide folder: node_modules/pyodide as npm left it (never written to), else
    build/pyodide-<version>/, fetched first unless every file is there."""
    folder = pyodide_dir(node_modules, lock)
    if folder.parent != node_modules and not complete(folder):
        fetch_pyodide(folder, lock=lock)
    return folder
