"""The environment is requirements.lock, exactly: the guard that setup and these tests run."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import ROOT

from site_src.tools import lock_check

LOCK_TEXT = (ROOT / "requirements.lock").read_text(encoding="utf-8")


def run_guard(lock: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "site_src" / "tools" / "lock_check.py"), str(lock)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_installed_packages_are_the_lock_exactly() -> None:
    result = run_guard(ROOT / "requirements.lock")
    assert result.returncode == 0, result.stderr
    assert (
        lock_check.differences(
            lock_check.locked_versions(LOCK_TEXT), lock_check.installed_versions()
        )
        == []
    )


def test_the_guard_fails_on_a_missing_a_different_and_an_extra_package(tmp_path: Path) -> None:
    text = LOCK_TEXT.replace("\nmkdocs==1.6.1 ", "\nmkdocs==1.6.0 ", 1)
    text = text.replace("\nmarkupsafe==", "\nmarkupsafe-gone==", 1)  # installed, no longer locked
    text += "\nnot-a-real-package==1.0 \\\n    --hash=sha256:00\n"
    assert text.count("==") == LOCK_TEXT.count("==") + 1
    doctored = tmp_path / "requirements.lock"
    doctored.write_text(text, encoding="utf-8")

    result = run_guard(doctored)

    assert result.returncode == 1
    assert "different: mkdocs 1.6.1 installed, the lock pins 1.6.0" in result.stderr
    assert "missing: not-a-real-package==1.0" in result.stderr
    assert "missing: markupsafe-gone==" in result.stderr
    assert "extra: markupsafe==" in result.stderr


def test_the_installer_and_the_build_backend_are_locked_with_their_hashes() -> None:
    locked = lock_check.locked_versions(LOCK_TEXT)
    for name in ("pip", "setuptools"):
        block = LOCK_TEXT.split(f"\n{name}=={locked[name]} \\\n", 1)[1].split("\n    #", 1)[0]
        assert "--hash=sha256:" in block, name
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["build-system"]["requires"] == [f"setuptools=={locked['setuptools']}"]


def test_setup_installs_the_lock_without_resolving_or_fetching() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line.strip() for line in makefile.splitlines() if "pip install" in line]
    assert installs, "the Makefile installs nothing"
    assert all("--no-deps" in line for line in installs), installs
    assert any("--require-hashes -r requirements.lock" in line for line in installs)
    assert any("--no-build-isolation --no-index -e ." in line for line in installs)
    assert "pip check" in makefile and "lock_check.py" in makefile
