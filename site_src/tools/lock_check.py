"""The installed Python packages are exactly those of requirements.lock.

Setup installs the lock as it is (``pip install --no-deps --require-hashes``): nothing is resolved
at install time, so a new upstream release cannot change what is installed. This check says so
after the install and in the tests: a package missing, a version different, or one installed that
the lock does not name (``make`` run after a hand-made ``pip install``, a stale venv) fails loudly.

    python site_src/tools/lock_check.py [LOCK]      # exit 1 and one line per difference

>>> differences({"jinja2": "3.1.6", "pip": "26.3"}, {"jinja2": "3.1.5", "six": "1.16.0"})
['missing: pip==26.3 (in the lock, not installed)', 'different: jinja2 3.1.5 installed, the lock pins 3.1.6', 'extra: six==1.16.0 (installed, not in the lock)']
>>> locked_versions("Jinja2==3.1.6 \\\\\\n    --hash=sha256:00\\n    # via mkdocs\\n")
{'jinja2': '3.1.6'}
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

LOCK = Path(__file__).resolve().parents[2] / "requirements.lock"
PROJECT = "cyberquote"  # installed from the checkout itself (editable), not from the lock
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", re.MULTILINE)


def normalized(name: str) -> str:
    """A distribution name as PEP 503 compares them (``Jinja2`` and ``jinja2`` are one)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_versions(text: str) -> dict[str, str]:
    """Each ``name==version`` line of a lock written by ``uv pip compile --generate-hashes``."""
    return {normalized(name): version for name, version in _PIN.findall(text)}


def installed_versions() -> dict[str, str]:
    """Every distribution in this interpreter's environment except the project itself."""
    found = {normalized(d.metadata["Name"]): d.version for d in metadata.distributions()}
    found.pop(PROJECT, None)
    return found


def differences(locked: dict[str, str], installed: dict[str, str]) -> list[str]:
    """One readable line per package where the environment is not the lock."""
    lines = [f"missing: {n}=={v} (in the lock, not installed)" for n, v in sorted(locked.items())
             if n not in installed]  # fmt: skip
    lines += [f"different: {n} {installed[n]} installed, the lock pins {v}"
              for n, v in sorted(locked.items()) if n in installed and installed[n] != v]  # fmt: skip
    lines += [f"extra: {n}=={v} (installed, not in the lock)" for n, v in sorted(installed.items())
              if n not in locked]  # fmt: skip
    return lines


def main(argv: list[str]) -> int:
    lock = Path(argv[0]) if argv else LOCK
    found = differences(locked_versions(lock.read_text(encoding="utf-8")), installed_versions())
    for line in found:
        print(f"{lock.name}: {line}", file=sys.stderr)
    if found:
        print(
            f"The environment {sys.prefix} is not {lock.name}: remove it and run make again.",
            file=sys.stderr,
        )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
