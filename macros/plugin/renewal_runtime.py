"""The renewal page's runtime: what its Web Worker needs to run `cyberrenewal.browser.review` on
the site's own Pyodide, and the workbook to fill. Loaded by that page only (staff/renewal/).

site/assets/renewal/   runtime.<hash>.json        the manifest the page names (shape below)
                       python_stdlib.<hash>.zip   Pyodide's own standard library trimmed to what
                                                  review() loads there, stored (renewal_stdlib.py;
                                                  the whole zip without Node): the quote's holds
                                                  only what the quote imports, not xml.*, gettext...
                       cyberrenewal-<version>-py3-none-any.<hash>.whl
                                                  cyberquote and the cyberrenewal modules review()
                                                  imports (BROWSER_MODULES), with the words they name
                       openpyxl, et_xmlfile, python_dateutil, six: the pure wheels of
                       requirements.lock, byte for byte (their sha256 checked against the lock)
                       holidays-<version>-py3-none-any.<hash>.whl
                                                  the locked wheel trimmed to Japan (its other
                                                  countries, financial markets and translations
                                                  left out: `japan_holidays`)
                       workbook-<year>-<lang>.<hash>.xlsx
                                                  next year's workbook as `rates sheet` lays it out
                                                  (this year's figures, next year's year cell)

The manifest, every URL relative to it: {"pyodide": the quote's Pyodide folder (one download for
both pages), "stdlib", "wheels": [...], "sha256": {url: hex}, "rates": the quote's rates file,
"rates_year", "year", "workbook": {lang: url}, "module", "bytes": what a boot fetch()es, as the
quote counts it: the wasm and lock file of the quote's folder, the stdlib, wheels and rates}.

The locked wheels come from the package index pip uses (PIP_INDEX_URL, else pypi.org), through
its JSON simple API, once: they are kept in build/renewal-wheels/ and checked against the lock's
hashes each time they are read. No network and no cached wheel: the build stops with one line.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import posixpath
import re
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cyberdocs.tables import premiums_grid_csv
from cyberquote import Rates, parse_rates
from cyberquote import words as catalogue
from cyberquote.words import LANGS, Lang, both, word
from cyberrenewal.renewal import new_draft
from cyberrenewal.sheet import workbook
from mkdocs.exceptions import PluginError
from openpyxl import Workbook, load_workbook
from openpyxl.writer.excel import ExcelWriter

from .assets import FETCHED, WidgetRuntime
from .files import ROOT, store_atomically, write_if_changed
from .names import Asset
from .pyodide import ensure_pyodide
from .renewal_stdlib import Sample, renewal_stdlib
from .wheel import KERNEL_DIR, kernel_files, project_version
from .wheel import _record_hash as record_hash

FOLDER = "assets/renewal"
LOCK = ROOT / "requirements.lock"
WHEEL_CACHE = ROOT / "build" / "renewal-wheels"
DEFAULT_INDEX = "https://pypi.org/simple/"
SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"
_LINK = re.compile(r'<a\s[^>]*href="([^"#]+)#sha256=([0-9a-f]{64})"[^>]*>\s*([^<\s]+)\s*</a>')
FETCH_TIMEOUT_S = 60
MAX_WHEEL_BYTES = 20_000_000  # holidays 0.108's is the largest, 1.7 MB
# The locked distributions the browser installs, in install order (dependencies first).
LOCKED = ("six", "python-dateutil", "holidays", "et-xmlfile", "openpyxl")
RENEWAL_DIR = KERNEL_DIR.parent / "cyberrenewal"
# What review() imports of cyberrenewal (not the workbook writer, the xlsx diff, cyberdocs).
BROWSER_MODULES = (
    "__init__",
    "browser",
    "sheet_import",
    "checks",
    "renewal",
    "diff",
    "diff_report",
)
HOLIDAYS_CODE = "JP"  # the one country the checks ask for
# Of the folders holidays' __init__ import whole, the modules Japan's class imports.
HOLIDAYS_KEPT = {
    "holidays/countries": ("__init__", "japan"),
    "holidays/financial": ("__init__",),
    "holidays/calendars": ("__init__", "gregorian", "julian", "ethiopian"),
    "holidays/groups": ("__init__", "custom", "international"),
}
HOLIDAYS_INIT = {  # what each of those __init__ then imports
    "holidays/countries": "from holidays.countries.japan import Japan, JP, JPN\n",
    "holidays/financial": "",
    "holidays/calendars": "from holidays.calendars.gregorian import GREGORIAN_CALENDAR\n"
    "from holidays.calendars.julian import JULIAN_CALENDAR\n",
    "holidays/groups": "from holidays.groups.custom import StaticHolidays\n"
    "from holidays.groups.international import InternationalHolidays\n",
}
HOLIDAYS_LOCALES = ("ja", "en_US")  # the languages checks.closed_reason names holidays in
_KEY_SECTION = re.compile(r"""f["']([a-z][a-z0-9_]*)\.\{""")  # f"kind.{name}"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
WORKBOOK_TIME = datetime(2000, 1, 1)  # the workbook's stated creation time: fixed, same bytes


@dataclass(frozen=True)
class RenewalRuntime:
    """The renewal page's files by their published (hashed) paths; `manifest` names the rest."""

    manifest: Asset
    workbook: dict[Lang, Asset]
    files: tuple[Asset, ...]  # every file written under assets/renewal/, the manifest included
    year: int  # the year the workbook is for
    rates_year: int  # the year of the rates the site is built from


def _refused(key: str, **fields: object) -> PluginError:
    texts = both(key, **fields)
    return PluginError(f"{texts['ja']}\n  {texts['en']}")


def locked(lock: Path = LOCK) -> dict[str, tuple[str, frozenset[str]]]:
    """name -> (version, the sha256 hashes the lock allows) of every pin in requirements.lock."""
    pins: dict[str, tuple[str, frozenset[str]]] = {}
    name = ""
    for line in lock.read_text(encoding="utf-8").splitlines():
        pin = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", line)
        if pin:
            name = pin[1].lower()
            pins[name] = (pin[2], frozenset())
        digest = re.search(r"--hash=sha256:([0-9a-f]{64})", line)
        if digest and name:
            version, hashes = pins[name]
            pins[name] = (version, hashes | {digest[1]})
    return pins


def wheel_prefix(name: str, version: str) -> str:
    """The start of the wheel file name (PEP 427: the name with - and . as _)."""
    return f"{re.sub(r'[-_.]+', '_', name)}-{version}-"


def _pure(filename: str, prefix: str) -> bool:
    return filename.startswith(prefix) and filename.endswith("-none-any.whl")


def index_url() -> str:
    return os.environ.get("PIP_INDEX_URL") or DEFAULT_INDEX


def _fetch(url: str, accept: str | None = None) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as answer:
            return answer.read(MAX_WHEEL_BYTES + 1)
    except (OSError, urllib.error.URLError) as exc:
        reason = getattr(exc, "reason", exc)
        raise _refused("renewal_page.runtime_unreachable", url=url, reason=reason) from None


def index_files(page: bytes) -> list[dict[str, Any]]:
    """The files a project page of the simple API lists: JSON (PEP 691, pypi.org's answer to
    its media type) or HTML (PEP 503, what a plain mirror serves), as the JSON form gives them."""
    try:
        return json.loads(page).get("files", [])
    except ValueError:
        links = _LINK.findall(page.decode("utf-8", "replace"))
        return [
            {"filename": html.unescape(name), "url": html.unescape(href),
             "hashes": {"sha256": digest}}
            for href, digest, name in links
        ]  # fmt: skip


def fetch_wheel(name: str, version: str, hashes: frozenset[str], cache: Path) -> Path:
    """The locked pure wheel of `name`, from the index once, kept in `cache`."""
    prefix = wheel_prefix(name, version)
    project = f"{index_url().rstrip('/')}/{re.sub(r'[-_.]+', '-', name)}/"
    listing = index_files(_fetch(project, f"{SIMPLE_JSON}, text/html;q=0.1"))
    found = [
        f
        for f in listing
        if _pure(f["filename"], prefix) and f.get("hashes", {}).get("sha256") in hashes
    ]
    if not found:
        raise _refused("renewal_page.runtime_hash", name=f"{prefix}*.whl", lock=LOCK.name)
    url = urllib.parse.urljoin(project, found[0]["url"])
    data = _fetch(url)
    if hashlib.sha256(data).hexdigest() not in hashes:
        raise _refused("renewal_page.runtime_hash", name=found[0]["filename"], lock=LOCK.name)
    store_atomically(cache / found[0]["filename"], data)
    return cache / found[0]["filename"]


def locked_wheel(name: str, lock: Path = LOCK, cache: Path = WHEEL_CACHE) -> tuple[str, bytes]:
    """(file name, bytes) of the locked pure wheel of `name`, its sha256 checked against the
    lock whether it was cached or fetched."""
    version, hashes = locked(lock)[name]
    prefix = wheel_prefix(name, version)
    kept = [p for p in sorted(cache.glob(f"{prefix}*.whl")) if _pure(p.name, prefix)]
    path = kept[0] if kept else fetch_wheel(name, version, hashes, cache)
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() not in hashes:
        path.unlink()  # a damaged or foreign file: fetched again next time
        raise _refused("renewal_page.runtime_hash", name=path.name, lock=lock.name)
    return path.name, data


def write_zip(files: dict[str, bytes], method: int = zipfile.ZIP_STORED) -> bytes:
    """A zip of `files` in their order, with fixed times: the same files give the same bytes.
    Stored by default: the site's brotli shrinks a stored wheel better than deflate does."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for entry, data in files.items():
            info = zipfile.ZipInfo(entry, date_time=ZIP_TIME)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def with_record(files: dict[str, bytes], dist_info: str) -> bytes:
    """A wheel of `files` with its RECORD (PEP 427) written last."""
    files = {k: v for k, v in files.items() if k != f"{dist_info}/RECORD"}
    record = [f"{name},sha256={record_hash(data)},{len(data)}" for name, data in files.items()]
    files[f"{dist_info}/RECORD"] = ("\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n").encode()
    return write_zip(files)


def japan_holidays(wheel: bytes) -> bytes:
    """The holidays wheel with Japan as its only country: the package lists every country and
    market lazily (holidays.registry) but the __init__ of its countries/, financial/, calendars/
    and groups/ import them all (the lunar calendars' tables are 1.5 MB), and its translations
    are 4.7 MB. Kept: the core, the calendars and groups Japan's class imports (HOLIDAYS_KEPT),
    countries/japan.py, and Japan's ja and en_US translations; each trimmed folder's __init__
    imports only what is kept."""
    locales = {
        f"holidays/locale/{lang}/LC_MESSAGES/{HOLIDAYS_CODE}.mo" for lang in HOLIDAYS_LOCALES
    }
    files: dict[str, bytes] = {}
    dist_info = ""
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        for name in archive.namelist():
            if name.endswith(".dist-info/RECORD"):
                dist_info = name.rpartition("/")[0]
            folder, _, module = name.rpartition("/")
            if folder in HOLIDAYS_KEPT and module.removesuffix(".py") not in HOLIDAYS_KEPT[folder]:
                continue
            if name.startswith("holidays/locale/") and name not in locales:
                continue
            files[name] = archive.read(name)
    # The registry's lazy loaders name every country and market; only Japan's module exists here.
    for folder, imports in HOLIDAYS_INIT.items():
        files[f"{folder}/__init__.py"] = ("# Trimmed to Japan.\n" + imports).encode()
    return with_record(files, dist_info)


def words_named(sources: list[str]) -> list[str]:
    """The catalogue's keys the sources name: written out whole, or as a section the key is made
    in (``f"kind.{name}"`` takes every kind.* entry)."""
    sections = {match[1] for source in sources for match in _KEY_SECTION.finditer(source)}
    named = set(catalogue.named_in(*sources))
    return [key for key in catalogue.catalogue() if key in named or key.split(".")[0] in sections]


def browser_wheel() -> tuple[str, bytes]:
    """(file name, bytes) of the wheel review() runs: the kernel and BROWSER_MODULES, with the
    words their sources name."""
    version = project_version()
    dist_info = f"cyberrenewal-{version}.dist-info"
    files: dict[str, bytes] = {
        f"cyberquote/{p.relative_to(KERNEL_DIR).as_posix()}": p.read_bytes() for p in kernel_files()
    }
    files |= {
        f"cyberrenewal/{module}.py": (RENEWAL_DIR / f"{module}.py").read_bytes()
        for module in BROWSER_MODULES
    }
    sources = [data.decode("utf-8") for name, data in files.items() if name.endswith(".py")]
    files[f"cyberquote/{catalogue.CATALOGUE}"] = catalogue.as_toml(words_named(sources)).encode()
    files[f"{dist_info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: cyberrenewal\nVersion: {version}\n".encode()
    )
    files[f"{dist_info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: cyberquote-build\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n"
    )
    return f"cyberrenewal-{version}-py3-none-any.whl", with_record(files, dist_info)


def workbook_bytes(draft: Rates, lang: Lang) -> bytes:
    """The workbook to fill for `draft`'s year, as `rates sheet` lays it out, the same bytes for
    the same rates (Workbook.save stamps the time it saves: its writer is called directly)."""
    how_to = word("renewal_page.workbook_how_to", lang)  # the page reads it, not a command
    book = workbook(draft, lang, target=f"rates/{draft.year}.toml", how_to=how_to)
    return xlsx_bytes(book)


def xlsx_bytes(book: Workbook) -> bytes:
    """The saved workbook, the same bytes for the same content (fixed times)."""
    book.properties.created = book.properties.modified = WORKBOOK_TIME
    buffer = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    with zipfile.ZipFile(buffer) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    return write_zip(entries, zipfile.ZIP_DEFLATED)  # a download: as small as Excel's own


def trace_samples(draft: Rates, books: dict[Lang, bytes]) -> list[Sample]:
    """Files review() is run on while its standard library is traced: the workbooks to fill,
    one with a text and a tenfold premium, the grid CSV in UTF-8 and Shift_JIS, and no workbook."""
    wrong = load_workbook(io.BytesIO(books["ja"]))
    first = wrong.worksheets[0]
    first["C5"] = "未定"
    first["E5"] = first["E5"].value * 10
    grid = {lang: premiums_grid_csv(draft, lang) for lang in LANGS}
    return [
        *((data, "workbook.xlsx", lang) for lang, data in books.items()),
        (xlsx_bytes(wrong), "workbook.xlsx", "en"),
        (grid["ja"].encode("utf-8"), "grid.csv", "ja"),  # premiums_grid_csv starts with a BOM
        (grid["ja"].lstrip("\ufeff").encode("cp932"), "grid.csv", "en"),
        (b"not a workbook", "workbook.xlsx", "ja"),
    ]


def _relative(asset: Asset) -> str:
    """A path under the site root, as a URL relative to assets/renewal/ (where the manifest is)."""
    return posixpath.relpath(asset.path, FOLDER)


def renewal_runtime(rates: Rates, widget: WidgetRuntime) -> RenewalRuntime:
    """The renewal page's files for this build, next to the quote's Pyodide and rates file."""
    pyodide = ensure_pyodide()
    toml = widget.rates.data.decode("utf-8")
    draft = parse_rates(new_draft(toml, rates.year + 1), name=f"rates/{rates.year + 1}.toml")
    built = [browser_wheel()]
    for name in LOCKED:
        filename, data = locked_wheel(name)
        built.append((filename, japan_holidays(data) if name == "holidays" else data))
    wheels = [Asset.hashed(FOLDER, filename, data) for filename, data in built]
    books = {
        lang: Asset.hashed(
            FOLDER, f"workbook-{draft.year}-{lang}.xlsx", workbook_bytes(draft, lang)
        )
        for lang in LANGS
    }
    samples = trace_samples(draft, {lang: book.data for lang, book in books.items()})
    stdlib = Asset.hashed(
        FOLDER, "python_stdlib.zip", renewal_stdlib(pyodide, built, samples, toml)
    )
    # What a boot fetch()es, counted as the quote's download_bytes counts (uncompressed): of the
    # quote's Pyodide folder the wasm and the lock file (its stdlib is not the renewal's).
    shared = [a for a in widget.pyodide if posixpath.basename(a.path) in FETCHED]
    fetched = [*(a for a in shared if not a.path.endswith(".zip")), stdlib, *wheels, widget.rates]
    manifest = {
        "pyodide": _relative(widget.pyodide[0]).rpartition("/")[0] + "/",
        "stdlib": _relative(stdlib),
        "wheels": [_relative(w) for w in wheels],
        "sha256": {
            _relative(a): hashlib.sha256(a.data).hexdigest()
            for a in (stdlib, *wheels, widget.rates, *books.values())
        },
        "rates": _relative(widget.rates),
        "rates_year": rates.year,
        "year": draft.year,
        "workbook": {lang: _relative(book) for lang, book in books.items()},
        "module": "cyberrenewal.browser",
        "bytes": sum(len(a.data) for a in fetched),
    }
    data = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode()
    manifest_asset = Asset.hashed(FOLDER, "runtime.json", data)
    return RenewalRuntime(
        manifest=manifest_asset,
        workbook=books,
        files=(manifest_asset, stdlib, *wheels, *books.values()),
        year=draft.year,
        rates_year=rates.year,
    )


def publish_renewal(site_dir: Path, runtime: RenewalRuntime) -> None:
    """The very files the renewal page names, into site_dir (idempotent)."""
    for asset in runtime.files:
        write_if_changed(site_dir / asset.path, asset.data)
