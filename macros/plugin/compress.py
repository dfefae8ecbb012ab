"""Every text file of the built site precompressed: .br (brotli) and .gz siblings.

Run last, over the whole site_dir: HTML, CSS, JS, the search index, TOML, JSON, SVG, XML, CSV, and
the runtime's binaries that shrink (the wasm, the stored stdlib zip, the snapshot). A server sends
the sibling the browser accepts (serve.py and the nginx/Apache configurations of `cyberquote
deploy`); a sibling is kept only where it saves at least 10 %. Compressed bytes are cached by the
hash of their input (files.cached), so an unchanged file costs nothing on the next build.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .files import (
    BROTLI_CACHE_KIND,
    brotli_bytes,
    cached,
    gzip_bytes,
    keep_sibling,
    remove_if_present,
    write_if_changed,
)

TEXT_SUFFIXES = frozenset(
    {".html", ".css", ".js", ".mjs", ".json", ".map", ".toml", ".svg", ".xml", ".csv", ".txt"}
)
BINARY_SUFFIXES = frozenset({".wasm", ".zip", ".whl", ".bin", ".pdf", ".webmanifest"})
SIBLINGS = (".br", ".gz")
MIN_BYTES = 256  # below a packet's worth nothing is gained


def compressible(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in TEXT_SUFFIXES or suffix in BINARY_SUFFIXES


def compress_file(path: Path) -> None:
    """path.br and path.gz next to path where they pay; stale ones removed."""
    data = path.read_bytes()
    for suffix, kind, make in ((".br", BROTLI_CACHE_KIND, brotli_bytes), (".gz", "gz", gzip_bytes)):
        sibling = path.with_name(path.name + suffix)
        packed = cached(kind, data, make) if len(data) >= MIN_BYTES else None
        if packed is not None and keep_sibling(len(data), len(packed)):
            write_if_changed(sibling, packed)
        else:
            remove_if_present(sibling)


def precompress_site(site_dir: Path) -> list[Path]:
    """Compress every compressible file under site_dir (in threads: brotli releases the GIL)."""
    files = [
        path
        for path in sorted(site_dir.rglob("*"))
        if path.is_file() and path.suffix not in SIBLINGS and compressible(path)
    ]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(compress_file, files))
    return files
