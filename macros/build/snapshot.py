"""The quote widget's Pyodide memory snapshot: made with Node at build time, checked, published.

site_src/widget/snapshot.mjs boots the same node_modules/pyodide the site ships with
`_makeSnapshot`, imports cyberquote.browser, writes the snapshot, then loads it into a fresh
Pyodide and answers a set of quote requests. The snapshot is published to
site/assets/widget/pyodide-snapshot.bin only when those answers equal CPython's. Otherwise (or
without `node`) nothing is published and the widget boots Pyodide normally; it also does so
whenever the snapshot fails to load in the browser.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from cyberquote import Rates
from cyberquote.browser import Widget

from .files import CACHE_DIR, ROOT, publish_file_with_siblings, remove_with_siblings, sha256
from .files import store_atomically
from .pyodide import PYODIDE_DIR

log = logging.getLogger("mkdocs.plugins.cyberquote.widget")
SNAPSHOT_SCRIPT = ROOT / "site_src" / "widget" / "snapshot.mjs"
SNAPSHOT_ASSET = "widget/pyodide-snapshot.bin"  # under site/assets/
SNAPSHOT_TODAY = "2024-02-10"
SNAPSHOT_TIMEOUT_S = 600


def snapshot_checks(rates: Rates) -> list[dict[str, Any]]:
    """Requests the snapshot must answer exactly as CPython does before it is published."""
    checks: list[dict[str, Any]] = [
        {"industry": c.industries[0].id, "revenue": b.upper_yen, "plan": p.code}
        for c in rates.categories
        for b in (rates.bands[0], rates.bands[-1])
        for p in rates.plans
    ]
    checks += [
        {"industry": rates.excluded[0].id, "revenue": "1億", "plan": "A"},
        {"industry": "it", "revenue": "２億５千万円", "plan": "B", "start": "2024-06-01"},
        {"industry": "it", "revenue": "abc", "plan": "A"},
    ]
    return [{**params, "today": SNAPSHOT_TODAY} for params in checks]


def expected_answers(rates_toml: str, checks: list[dict[str, Any]]) -> list[Any]:
    """CPython's answers through the same glue, as the browser receives them (via JSON)."""
    widget = Widget(rates_toml)
    return [json.loads(json.dumps(widget.answer(params), ensure_ascii=False)) for params in checks]


def build_snapshot(wheel: Path, rates: Rates, rates_toml: str) -> Path | None:
    """A verified Pyodide memory snapshot (cached), or None when it cannot be made or verified.

    Made with Node from the same node_modules/pyodide the site ships; the widget boots normally
    whenever the snapshot is absent or fails to load.
    """
    node = shutil.which("node")
    if node is None:
        log.info("quote widget: no `node`, so no Pyodide snapshot (the widget boots normally)")
        return None
    inputs = [wheel.read_bytes(), SNAPSHOT_SCRIPT.read_bytes(), rates_toml.encode()]
    inputs += [(PYODIDE_DIR / name).read_bytes() for name in ("pyodide.mjs", "package.json")]
    key = sha256(b"\0".join(sha256(part).encode() for part in inputs))
    cached = CACHE_DIR / f"snapshot-{key}.bin"
    if cached.exists():
        return cached
    checks = snapshot_checks(rates)
    with tempfile.TemporaryDirectory(prefix="cq-snapshot-") as tmp:
        out, checks_file, rates_file = (
            Path(tmp) / n for n in ("snap.bin", "checks.json", "r.toml")
        )
        checks_file.write_text(json.dumps(checks, ensure_ascii=False), encoding="utf-8")
        rates_file.write_text(rates_toml, encoding="utf-8")
        command = [node, str(SNAPSHOT_SCRIPT), str(PYODIDE_DIR), str(wheel), str(rates_file)]
        try:
            done = subprocess.run(
                [*command, str(out), str(checks_file)],
                capture_output=True,
                text=True,
                timeout=SNAPSHOT_TIMEOUT_S,
            )
            answers = json.loads(done.stdout)["answers"] if done.returncode == 0 else None
        except (subprocess.TimeoutExpired, ValueError, KeyError) as err:
            answers, done = None, err
        if answers != expected_answers(rates_toml, checks):
            why = getattr(done, "stderr", None) or str(done)
            log.info(
                "quote widget: Pyodide snapshot not published (failed its check): %s", why[-2000:]
            )
            return None
        store_atomically(cached, out.read_bytes())
    return cached


def publish_snapshot(assets: Path, wheel: Path, rates: Rates, rates_toml: str) -> None:
    """The verified snapshot at site/assets/widget/, or none at all (no stale one left)."""
    dest = assets / SNAPSHOT_ASSET
    snapshot = build_snapshot(wheel, rates, rates_toml)
    if snapshot is None:
        remove_with_siblings(dest)
        return
    publish_file_with_siblings(snapshot.read_bytes(), dest)
