"""The quote widget's runtime in the built site: only what a boot needs, each under a hashed name.

site/assets/pyodide/<hash>/   pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm (macros/plugin/pyodide.py),
                              python_stdlib.zip (trimmed to what the quote imports, as .pyc:
                              macros/plugin/runtime.py), pyodide-lock.json (Pyodide's build info
                              and no package: the quote loads none)
site/assets/widget/           quote.<hash>.js (page module), worker.<hash>.js (module worker, with
                              the runtime's file names and the wheel's path written in),
                              quote.<hash>.css, pyodide-snapshot.<hash>.bin (a checked memory
                              snapshot; the page uses it only once its offline copy holds it)
site/assets/cyberquote-<version>-py3-none-any.<hash>.whl   the kernel package and the worker's
                              Python start (macros/plugin/wheel.py), with their bytecode for
                              Pyodide's Python and the code the start generates (runtime.py)
site/assets/rates/<year>.<hash>.toml                       the rates file the site was built from
site/cq-sw.js                 the service worker (site_src/widget/sw.js): its scope is the site's
                              root; the build's hashes are written into it

`widget_runtime(rates)` names every file before the pages are rendered (the page macro puts the
names in the quote page); `publish` writes the same bytes after the last language. Compression
comes last, over the whole site (macros/plugin/compress.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from cyberquote import Rates
from cyberquote.rates import read_rates_file
from cyberstaff.hosting import HASHED_URL

from .files import ROOT, write_if_changed
from .names import Asset, content_hash
from .pyodide import PYODIDE_DIR, PYODIDE_FILES, ensure_pyodide
from .runtime import WHEEL_PATH, build_runtime
from .wheel import build_wheel, wheel_name

WIDGET_DIR = ROOT / "site_src" / "widget"
SERVICE_WORKER = "cq-sw.js"  # at the site's root, so that its scope is the whole site
STOCK_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")  # published as they are
FETCHED = ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")  # by fetch() in a boot


def rates_source(rates: Rates) -> Path:
    """The rates TOML the site was built from (its path may be relative to the project root)."""
    path = Path(rates.path)
    return path if path.is_absolute() or path.exists() else ROOT / path


def worker_script() -> bytes:
    """site_src/widget/worker.js with the runtime's facts it needs: the files Pyodide fetches and
    the wheel's path in its file system (the same path the build's check uses)."""
    text = (WIDGET_DIR / "worker.js").read_text(encoding="utf-8")
    facts = {"wheel": WHEEL_PATH, "fetched": list(FETCHED)}
    return text.replace('"__CQ_RUNTIME__"', json.dumps(facts)).encode()


def bare_lock() -> bytes:
    """Pyodide's lock file without its 357 packages: the boot reads only its build info."""
    lock = json.loads((PYODIDE_DIR / "pyodide-lock.json").read_text(encoding="utf-8"))
    return json.dumps({"info": lock["info"], "packages": {}}, sort_keys=True).encode()


@dataclass(frozen=True)
class WidgetRuntime:
    """Every file the quote depends on, by its published (hashed) path under the site root."""

    script: Asset
    worker: Asset
    style: Asset
    wheel: Asset
    rates: Asset
    snapshot: Asset | None
    pyodide: tuple[Asset, ...]  # one folder named by the hash of them all

    @property
    def pyodide_dir(self) -> str:
        return self.pyodide[0].path.rpartition("/")[0] + "/"

    @property
    def pyodide_names(self) -> tuple[str, ...]:
        return tuple(asset.path.rpartition("/")[2] for asset in self.pyodide)

    @property
    def files(self) -> tuple[Asset, ...]:
        extra = (self.snapshot,) if self.snapshot else ()
        return (self.script, self.worker, self.style, self.wheel, self.rates, *self.pyodide, *extra)

    @property
    def build_id(self) -> str:
        """Names the service worker's cache: a rebuilt site with any other file, another cache."""
        return content_hash(*(asset.path.encode() for asset in self.files))

    @property
    def download_bytes(self) -> int:
        """What a first boot fetches (the page's progress counts these bytes, uncompressed)."""
        fetched = [a for a in self.pyodide if a.path.rpartition("/")[2] in FETCHED]
        return sum(len(a.data) for a in (*fetched, self.wheel, self.rates))


_runtimes: dict[str, WidgetRuntime] = {}


def widget_runtime(rates: Rates) -> WidgetRuntime:
    """The widget's files for this build (made once per process for the same inputs)."""
    ensure_pyodide()  # from the npm registry when there is no node_modules (Python and pip only)
    source = rates_source(rates)
    toml = read_rates_file(source, source.name)  # as the kernel reads it: a BOM dropped
    wheel = build_wheel()
    widget = {name: (WIDGET_DIR / name).read_bytes() for name in ("quote.js", "quote.css")}
    widget["worker.js"] = worker_script()
    parts = [wheel.read_bytes(), toml.encode(), *widget.values()]
    key = hashlib.sha256(b"\0".join(hashlib.sha256(p).digest() for p in parts)).hexdigest()
    if key not in _runtimes:
        trimmed = build_runtime(wheel, rates, toml)
        files = {name: (PYODIDE_DIR / name).read_bytes() for name in STOCK_FILES}
        files["python_stdlib.zip"] = trimmed.stdlib
        files["pyodide-lock.json"] = bare_lock()
        folder = f"assets/pyodide/{content_hash(*(files[name] for name in PYODIDE_FILES))}"
        snapshot = trimmed.snapshot
        _runtimes[key] = WidgetRuntime(
            script=Asset.hashed("assets/widget", "quote.js", widget["quote.js"]),
            worker=Asset.hashed("assets/widget", "worker.js", widget["worker.js"]),
            style=Asset.hashed("assets/widget", "quote.css", widget["quote.css"]),
            wheel=Asset.hashed("assets", wheel_name(), trimmed.wheel),
            rates=Asset.hashed("assets/rates", source.name, toml.encode()),
            snapshot=Asset.hashed("assets/widget", "pyodide-snapshot.bin", snapshot)
            if snapshot
            else None,
            pyodide=tuple(Asset(f"{folder}/{name}", files[name]) for name in PYODIDE_FILES),
        )
    return _runtimes[key]


def service_worker(runtime: WidgetRuntime) -> bytes:
    """site_src/widget/sw.js with this build's id and the one rule for hashed names."""
    text = (WIDGET_DIR / "sw.js").read_text(encoding="utf-8")
    text = text.replace("__CQ_BUILD__", runtime.build_id)
    return text.replace("/__CQ_HASHED__/", f"new RegExp({json.dumps(HASHED_URL)})").encode()


def publish(site_dir: Path, runtime: WidgetRuntime) -> None:
    """The very files the pages name (made before them: sources edited meanwhile do not count),
    into site_dir (idempotent)."""
    for asset in runtime.files:
        write_if_changed(site_dir / asset.path, asset.data)
    write_if_changed(site_dir / SERVICE_WORKER, service_worker(runtime))
