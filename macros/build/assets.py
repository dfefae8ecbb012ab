"""Ship the quote widget's runtime into the built site (used by macros/widget.py).

site/assets/pyodide/   the five Pyodide boot files from node_modules/pyodide, each large one with
                       precompressed .gz (Python gzip) and .br (Debian `brotli`, when installed)
                       siblings for servers that serve them
site/assets/widget/    quote.js (page module), worker.js (module worker), quote.css
site/assets/cyberquote-<version>-py3-none-any.whl   the kernel package (never the staff tools)
site/assets/rates/<year>.toml                       the rates file the site was built from
site/assets/widget/pyodide-snapshot.bin            a verified memory snapshot (macros/widget_snapshot.py)

Compressed files and the wheel are cached under build/widget-cache/ by the hash of their inputs:
brotli at its best level takes about 45 s for the wasm file, and the hook runs for each language.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import os
import shutil
import subprocess
import threading
import tomllib
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
WIDGET_DIR = ROOT / "site_src" / "widget"
CACHE_DIR = ROOT / "build" / "widget-cache"
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
WIDGET_FILES = ("quote.js", "worker.js", "quote.css")
MIN_COMPRESS_BYTES = 10_000  # smaller files gain nothing worth a second request path
BROTLI_BEST_MAX_BYTES = 16_000_000
MAX_COMPRESSED_RATIO = 0.9  # keep a sibling only if it saves at least 10 % (not the stdlib zip)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def worth_compressing(size: int) -> bool:
    return size >= MIN_COMPRESS_BYTES


def keep_sibling(original_size: int, compressed_size: int) -> bool:
    return compressed_size <= original_size * MAX_COMPRESSED_RATIO


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip (no file name, mtime 0): the same input gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_quality(size: int) -> int:
    """The best level, except for the 31 MB snapshot (level 11 would take minutes; 5 is near)."""
    return 11 if size <= BROTLI_BEST_MAX_BYTES else 5


def brotli_bytes(data: bytes) -> bytes | None:
    """Brotli with the Debian `brotli` CLI; None when it is not installed."""
    exe = shutil.which("brotli")
    if exe is None:
        return None
    quality = str(brotli_quality(len(data)))
    done = subprocess.run(
        [exe, "-q", quality, "-c", "-"], input=data, capture_output=True, check=True
    )
    return done.stdout


def _cached(kind: str, data: bytes, make: Any) -> bytes | None:
    """make(data) cached under build/widget-cache/<sha256>.<kind>."""
    path = CACHE_DIR / f"{sha256(data)}.{kind}"
    if path.exists():
        return path.read_bytes()
    out = make(data)
    if out is not None:
        store_atomically(path, out)
    return out


def store_atomically(path: Path, data: bytes) -> None:
    """Write via a unique temporary name: parallel builds (pytest -n 2) never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def write_if_changed(path: Path, data: bytes) -> None:
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def remove_if_present(path: Path) -> None:
    if path.exists():
        path.unlink()


def publish_file_with_siblings(data: bytes, dest: Path) -> None:
    """Write dest and, where it pays, dest.gz and dest.br (stale siblings are removed)."""
    write_if_changed(dest, data)
    siblings = {".gz": None, ".br": None}
    if worth_compressing(len(data)):
        siblings[".gz"] = _cached("gz", data, gzip_bytes)
        siblings[".br"] = _cached("br", data, brotli_bytes)
    for suffix, packed in siblings.items():
        sibling = dest.with_name(dest.name + suffix)
        if packed is not None and keep_sibling(len(data), len(packed)):
            write_if_changed(sibling, packed)
        else:
            remove_if_present(sibling)


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


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]


def wheel_name() -> str:
    """The wheel's file name, known before it is built (a pure wheel: py3-none-any)."""
    return f"cyberquote-{project_version()}-py3-none-any.whl"


def package_sources() -> list[Path]:
    package = ROOT / "site_src" / "cyberquote"
    files = (p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return [ROOT / "pyproject.toml", *sorted(files)]


def sources_hash(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_wheel() -> Path:
    """The browser's wheel: the kernel package only (``site_src/cyberquote``), written directly.

    The staff tools (``cyberstaff``) never ship. A pure wheel is a zip with a dist-info folder;
    writing it here (fixed timestamps, sorted entries) makes the same sources give the same bytes,
    offline, without pip or pyodide-build (which downloads a cross-build environment).
    """
    name = wheel_name()
    cached = CACHE_DIR / f"wheel-{sources_hash(package_sources())}" / name
    if cached.exists():
        return cached
    store_atomically(cached, kernel_wheel_bytes())
    check_wheel(cached)
    return cached


def kernel_wheel_bytes() -> bytes:
    """The wheel's bytes: the kernel's files, then METADATA, WHEEL and RECORD (PEP 427)."""
    package = ROOT / "site_src" / "cyberquote"
    version = project_version()
    dist_info = f"cyberquote-{version}.dist-info"
    files: dict[str, bytes] = {
        f"cyberquote/{path.relative_to(package).as_posix()}": path.read_bytes()
        for path in sorted(package.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    files[f"{dist_info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: cyberquote\nVersion: {version}\n".encode()
    )
    files[f"{dist_info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: cyberquote-build\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n"
    )
    record = [f"{name},sha256={_record_hash(data)},{len(data)}" for name, data in files.items()]
    files[f"{dist_info}/RECORD"] = ("\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in files.items():
            info = zipfile.ZipInfo(entry, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def _record_hash(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def check_wheel(wheel: Path) -> None:
    """The wheel must hold the package and the worker's glue module."""
    if not wheel.is_file():
        raise RuntimeError(f"the wheel {wheel.name} was not written")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for needed in ("cyberquote/__init__.py", "cyberquote/browser.py"):
        if needed not in names:
            raise RuntimeError(f"{wheel.name} lacks {needed}")


def rates_source(rates: Any) -> Path:
    """The rates TOML the site was built from (its path may be relative to the project root)."""
    path = Path(rates.path)
    return path if path.is_absolute() or path.exists() else ROOT / path


def rates_asset_name(rates: Any) -> str:
    """Where the rates TOML goes under site/assets/ (e.g. rates/2024.toml)."""
    return f"rates/{Path(rates.path).name}"


def publish(site_dir: Path, rates: Any) -> None:
    """Everything the widget needs at run time, into site_dir/assets/ (idempotent)."""
    assets = site_dir / "assets"
    publish_pyodide(site_dir)
    for name in WIDGET_FILES:
        write_if_changed(assets / "widget" / name, (WIDGET_DIR / name).read_bytes())
    wheel = build_wheel()
    write_if_changed(assets / wheel_name(), wheel.read_bytes())
    from macros.widget_snapshot import publish_snapshot  # it imports this module

    publish_snapshot(assets, wheel, rates)
    write_if_changed(assets / rates_asset_name(rates), rates_source(rates).read_bytes())
