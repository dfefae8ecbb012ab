"""Writing what the build publishes: unchanged files left alone, cached work, precompression.

Compressed copies and the wheel are cached under build/widget-cache/ by the hash of their inputs:
brotli at its best level takes tens of seconds for the wasm file.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

import brotli
from cyberstaff.project import CHECKOUT

ROOT = CHECKOUT  # node_modules/, build/, the widget's and the kernel's sources
CACHE_DIR = ROOT / "build" / "widget-cache"
BROTLI_BEST_MAX_BYTES = 16_000_000
BROTLI_CACHE_KIND = f"br-{brotli.__version__}"  # another brotli may compress differently
MAX_COMPRESSED_RATIO = 0.9  # keep a sibling only if it saves at least 10 % (not the stdlib zip)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def keep_sibling(original_size: int, compressed_size: int) -> bool:
    return compressed_size <= original_size * MAX_COMPRESSED_RATIO


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip (no file name, mtime 0): the same input gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_quality(size: int) -> int:
    """The best level, except for the 31 MB snapshot (level 11 would take minutes; 5 is near)."""
    return 11 if size <= BROTLI_BEST_MAX_BYTES else 5


def brotli_bytes(data: bytes) -> bytes:
    """Brotli (the `brotli` module, pinned): the same input gives the same bytes."""
    return brotli.compress(data, quality=brotli_quality(len(data)))


def cached(kind: str, data: bytes, make: Callable[[bytes], bytes]) -> bytes:
    """make(data), cached under build/widget-cache/<sha256>.<kind>."""
    path = CACHE_DIR / f"{sha256(data)}.{kind}"
    if path.exists():
        return path.read_bytes()
    out = make(data)
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
