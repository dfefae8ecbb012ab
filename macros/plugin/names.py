"""Content-hashed names for everything the quote depends on, so that no old copy can answer.

The worker, the page script and stylesheet, the kernel wheel, the rates file, the snapshot are each
published as `<stem>.<hash>.<suffix>`; the Pyodide files, whose names Pyodide itself builds from
its folder, go into a folder named by the hash of them all (assets/pyodide/<hash>/). After a
mid-year correction the rebuilt pages name a new rates file, which no browser or proxy can have
kept. Whether a name counts as hashed is decided by one rule, cyberstaff.hosting.is_hashed (the
cache policy of serve.py and of the nginx/Apache configurations); every name made here passes it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cyberstaff.hosting import is_hashed

HASH_LENGTH = 12


def content_hash(*parts: bytes) -> str:
    """A 12 hex-digit digest of the parts, with at least one letter (the rule ignores a run of
    digits only, which could be a date)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    text = digest.hexdigest()
    for start in range(len(text) - HASH_LENGTH + 1):
        piece = text[start : start + HASH_LENGTH]
        if not piece.isdigit():
            return piece
    return "f" + text[: HASH_LENGTH - 1]  # 64 digits in a row: not in this universe


def hashed_name(name: str, data: bytes) -> str:
    """ "quote.js" -> "quote.<hash>.js" (the hash of data)."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{content_hash(data)}.{suffix}" if dot else f"{name}.{content_hash(data)}"


@dataclass(frozen=True)
class Asset:
    """A file the build publishes: its path under the site root and its bytes."""

    path: str
    data: bytes

    @classmethod
    def hashed(cls, folder: str, name: str, data: bytes) -> Asset:
        asset = cls(f"{folder}/{hashed_name(name, data)}", data)
        if not is_hashed("/" + asset.path):
            raise ValueError(f"{asset.path} does not pass cyberstaff.hosting.is_hashed")
        return asset
