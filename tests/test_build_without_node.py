"""A build on a staff machine with Python and pip only: no node_modules, no Node.

The pinned Pyodide tarball comes from the npm registry (here a registry on 127.0.0.1, named by
`npm_config_registry` as npm itself reads it), is checked against package-lock.json's integrity
hash and unpacked into build/ beside node_modules; a tarball that does not match is refused, and
no network gives one line saying what the machine needs. The real node_modules is never touched:
the build is pointed at an empty one with CQ_NODE_MODULES. The unit tests serve a tarball made
from node_modules/pyodide's files with a lock pinning its hash; the whole build serves the very
tarball npm downloaded (from npm's cache, where `npm ci` left it).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import CYBERQUOTE, ROOT, mkdocs_build
from mkdocs.exceptions import PluginError

from macros.plugin.pyodide import PACKAGE_FILES, PYODIDE_FILES, ensure_pyodide, pinned

NODE_PYODIDE = ROOT / "node_modules" / "pyodide"
VERSION = pinned()[0]


def tarball() -> bytes:
    """An npm-style tarball (package/...) of the files the build reads, as npm installed them."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz", compresslevel=1) as tar:
        for name in PACKAGE_FILES:
            tar.add(NODE_PYODIDE / name, arcname=f"package/{name}")
    return out.getvalue()


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def pin(project: Path, pinned_integrity: str) -> Path:
    """A package-lock.json in `project`, its pyodide entry pinning `pinned_integrity`."""
    lock = json.loads((ROOT / "package-lock.json").read_text("utf-8"))
    lock["packages"]["node_modules/pyodide"]["integrity"] = pinned_integrity
    (project / "package-lock.json").write_text(json.dumps(lock), "utf-8")
    return project / "package-lock.json"


def npm_cached_tarball() -> bytes | None:
    """The registry's own tarball of the pinned Pyodide, from npm's content-addressed cache."""
    algorithm, _, digest = pinned()[1].partition("-")
    hexdigest = base64.b64decode(digest).hex()
    cache = Path(os.environ.get("npm_config_cache") or Path.home() / ".npm")
    found = cache / "_cacache" / f"content-v2/{algorithm}" / hexdigest[:2] / hexdigest[2:4]
    path = found / hexdigest[4:]
    return path.read_bytes() if path.is_file() else None


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def registry_folder(folder: Path, data: bytes) -> Path:
    (folder / "pyodide" / "-").mkdir(parents=True)
    (folder / "pyodide" / "-" / f"pyodide-{VERSION}.tgz").write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, bytes]]:
    """(URL, tarball bytes) of a registry on 127.0.0.1 serving pyodide/-/pyodide-<v>.tgz."""
    data = tarball()
    server, url = serve(registry_folder(tmp_path_factory.mktemp("registry"), data))
    yield url, data
    server.shutdown()
    server.server_close()


def test_the_pinned_tarball_is_fetched_checked_and_unpacked_once(
    tmp_path: Path, registry: tuple[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, data = registry
    lock = pin(tmp_path, integrity(data))
    monkeypatch.setenv("npm_config_registry", url)
    folder = ensure_pyodide(tmp_path / "node_modules", lock)
    assert folder == tmp_path / "build" / f"pyodide-{VERSION}"
    for name in PACKAGE_FILES:
        assert (folder / name).read_bytes() == (NODE_PYODIDE / name).read_bytes(), name
    assert sorted(p.name for p in folder.iterdir()) == sorted(PACKAGE_FILES)
    monkeypatch.setenv("npm_config_registry", "http://127.0.0.1:9/")  # nothing listens there
    assert ensure_pyodide(tmp_path / "node_modules", lock) == folder  # kept: no second download


def test_a_tarball_that_does_not_match_the_lock_is_refused(
    tmp_path: Path, registry: tuple[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, data = registry
    lock = pin(tmp_path, integrity(data + b"another build"))
    monkeypatch.setenv("npm_config_registry", url)
    with pytest.raises(PluginError) as refused:
        ensure_pyodide(tmp_path / "node_modules", lock)
    message = str(refused.value)
    assert "package-lock.json の integrity" in message and "does not match" in message
    assert not (tmp_path / "build" / f"pyodide-{VERSION}").exists()


def test_no_network_and_no_node_modules_says_what_the_machine_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = pin(tmp_path, pinned()[1])
    monkeypatch.setenv("npm_config_registry", "http://127.0.0.1:9/")
    with pytest.raises(PluginError) as refused:
        ensure_pyodide(tmp_path / "node_modules", lock)
    ja, en = str(refused.value).splitlines()
    assert "registry.npmjs.org に接続できること" in ja and "npm ci" in ja
    assert "needs to reach registry.npmjs.org, or a node_modules made by npm ci" in en


def test_node_modules_is_used_as_npm_left_it() -> None:
    assert ensure_pyodide(ROOT / "node_modules") == NODE_PYODIDE


def test_a_machine_without_node_modules_or_node_builds_from_the_registrys_tarball(
    tmp_path: Path,
) -> None:
    data = npm_cached_tarball()
    if data is None:
        pytest.skip("the pinned Pyodide tarball is not in npm's cache (run npm ci once)")
    server, url = serve(registry_folder(tmp_path / "registry", data))
    path = os.pathsep.join([str(Path(sys.executable).parent), "/usr/sbin", "/sbin"])
    assert shutil.which("node", path=path) is None
    env = {"CQ_NODE_MODULES": str(tmp_path / "node_modules"), "npm_config_registry": url}
    try:
        result = mkdocs_build(tmp_path / "site", env={**env, "PATH": path})
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr

    fetched = tmp_path / "build" / f"pyodide-{VERSION}"
    assert sorted(p.name for p in fetched.iterdir()) == sorted(PACKAGE_FILES)
    (folder,) = (tmp_path / "site" / "assets" / "pyodide").iterdir()
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm"):
        assert (folder / name).read_bytes() == (NODE_PYODIDE / name).read_bytes(), name
    assert {p.name for p in folder.iterdir() if p.suffix not in (".br", ".gz")} == set(
        PYODIDE_FILES
    )


def site_build(tmp_path: Path, registry: str) -> subprocess.CompletedProcess[str]:
    """`cyberquote site build` on a machine without node_modules or Node."""
    path = os.pathsep.join([str(Path(sys.executable).parent), "/usr/sbin", "/sbin"])
    env = {
        k: v for k, v in os.environ.items() if k not in ("CYBERQUOTE_YEAR", "CYBERQUOTE_PREVIEW")
    }
    env |= {"CQ_NODE_MODULES": str(tmp_path / "node_modules"), "PATH": path}
    env["npm_config_registry"] = registry
    return subprocess.run(
        [CYBERQUOTE, "site", "build", "--out", tmp_path / "site"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_site_build_offline_without_node_modules_says_so_in_one_line(tmp_path: Path) -> None:
    result = site_build(tmp_path, "http://127.0.0.1:9/")  # nothing listens there
    assert result.returncode == 1 and "Traceback" not in result.stderr
    needs = [line for line in result.stderr.splitlines() if "registry.npmjs.org" in line]
    assert len(needs) == 2  # in Japanese, then in English
    assert "Pyodide を取得できません" in needs[0] and "npm ci" in needs[0]
    assert not (tmp_path / "site").exists()


def test_site_build_refuses_a_registry_tarball_that_is_not_the_pinned_one(
    tmp_path: Path, registry: tuple[str, bytes]
) -> None:
    url, _ = registry  # node_modules' files, not the bytes package-lock.json pins
    result = site_build(tmp_path, url)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "package-lock.json の integrity" in result.stderr
    assert not (tmp_path / "site").exists()
    assert not (tmp_path / "build" / f"pyodide-{VERSION}").exists()
