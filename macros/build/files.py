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

ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = ROOT / "build" / "widget-cache"
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


def publish_file_with_siblings(data: bytes, dest: Path) -> None:
    """Write dest and, where it pays, dest.gz and dest.br (stale siblings are removed)."""
    write_if_changed(dest, data)
    siblings: dict[str, bytes | None] = {".gz": None, ".br": None}
    if worth_compressing(len(data)):
        siblings[".gz"] = cached("gz", data, gzip_bytes)
        siblings[".br"] = cached(f"br-{brotli.__version__}", data, brotli_bytes)
    for suffix, packed in siblings.items():
        sibling = dest.with_name(dest.name + suffix)
        if packed is not None and keep_sibling(len(data), len(packed)):
            write_if_changed(sibling, packed)
        else:
            remove_if_present(sibling)


def remove_with_siblings(dest: Path) -> None:
    for stale in (dest, dest.with_name(dest.name + ".gz"), dest.with_name(dest.name + ".br")):
        remove_if_present(stale)
