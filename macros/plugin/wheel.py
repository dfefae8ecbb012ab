"""The kernel wheel the browser installs: ``site_src/cyberquote`` and the worker's Python start
(``site_src/widget/cq_boot.py``, a module of its own), written directly.

The staff tools (``cyberstaff``) never ship. A pure wheel is a zip with a dist-info folder;
writing it here (fixed timestamps, sorted entries) makes the same sources give the same bytes,
offline, without pip or pyodide-build (which downloads a cross-build environment).
"""

from __future__ import annotations

import base64
import hashlib
import io
import tomllib
import zipfile
from pathlib import Path

from cyberquote import words

from .files import CACHE_DIR, ROOT, store_atomically

KERNEL_DIR = ROOT / "site_src" / "cyberquote"
BOOT_MODULE = ROOT / "site_src" / "widget" / "cq_boot.py"  # imported by the worker from the wheel


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]


def wheel_name() -> str:
    """The wheel's file name, known before it is built (a pure wheel: py3-none-any)."""
    return f"cyberquote-{project_version()}-py3-none-any.whl"


def kernel_files() -> list[Path]:
    return sorted(
        path
        for path in KERNEL_DIR.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


def sources_hash(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_wheel() -> Path:
    """The browser's wheel, cached by the hash of its sources."""
    name = wheel_name()
    cached = (
        CACHE_DIR
        / f"wheel-{sources_hash([ROOT / 'pyproject.toml', BOOT_MODULE, *kernel_files()])}"
        / name
    )
    if cached.exists():
        return cached
    store_atomically(cached, kernel_wheel_bytes())
    check_wheel(cached)
    return cached


def kernel_wheel_bytes() -> bytes:
    """The wheel's bytes: the kernel's files, then METADATA, WHEEL and RECORD (PEP 427)."""
    version = project_version()
    dist_info = f"cyberquote-{version}.dist-info"
    files: dict[str, bytes] = {
        f"cyberquote/{path.relative_to(KERNEL_DIR).as_posix()}": path.read_bytes()
        for path in kernel_files()
    }
    # Of the words catalogue, only what the kernel's modules name (tests/test_words.py).
    kernel_sources = [p.read_text(encoding="utf-8") for p in kernel_files() if p.suffix == ".py"]
    kernel_words = words.as_toml(words.named_in(*kernel_sources))
    files[f"cyberquote/{words.CATALOGUE}"] = kernel_words.encode()
    files[BOOT_MODULE.name] = BOOT_MODULE.read_bytes()
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
    """The wheel must hold the package, the worker's glue module and its start."""
    if not wheel.is_file():
        raise RuntimeError(f"the wheel {wheel.name} was not written")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for needed in ("cyberquote/__init__.py", "cyberquote/browser.py", BOOT_MODULE.name):
        if needed not in names:
            raise RuntimeError(f"{wheel.name} lacks {needed}")
