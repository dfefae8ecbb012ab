"""The test kit: the rates, a changed copy of the project, the built site, a server for it, one
Chromium per test worker.

- ``rates`` (session): the programme's rates, ``load_rates(RATES_FILE)``; ``RATES_TEXT``: that
  file's text (a constant: most tests edit it at import, into their cases).
- ``edited(text, (old, new), ...)``: the text with each ``old`` replaced, each found exactly once.
- ``staff_folder``: a temporary folder holding rates/2024.toml, the current folder.
- ``project_copy`` (session, a factory): the project's sources copied into a temporary folder
  with some files rewritten, for a build or a command that changes them; ``mkdocs_build``
  builds such a copy. No test writes into the checkout.
- ``built_site``: path of the built site. Reuses ``site/`` (``make test`` builds it first; env
  ``CQ_SITE`` names another built directory); builds
  into a temporary directory with ``mkdocs build --strict`` only if ``site/`` is missing or
  ``CQ_REBUILD=1``.
- ``site_server``: base URL (ending in ``/``) of ``site_src/tools/serve.py`` serving the built site
  on 127.0.0.1 (with the CSP header), one per session.
- ``browser``: Debian Chromium through Playwright, one per session (worker).
- ``new_page``: makes a fresh page whose console errors, page errors and requests are recorded;
  ``page_at``: the same with the page's clock standing at a given moment.
- ``site_pages`` (session): every HTML page of the built site, as URL paths.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # `import macros` (the site's macro modules) in tests
from cyberquote import Rates, load_rates  # noqa: E402

from site_src.tools import chromium as chromium_setup  # noqa: E402

VENV_BIN = Path(sys.executable).parent
CYBERQUOTE = VENV_BIN / "cyberquote"  # the staff command, as installed: tests run it as staff do
SERVE = ROOT / "site_src" / "tools" / "serve.py"

# The programme's rates file: the brochure's figures, and the year the site is built for.
RATES_FILE = ROOT / "rates" / "2024.toml"
RATES_TEXT = RATES_FILE.read_text("utf-8")


@pytest.fixture(scope="session")
def rates() -> Rates:
    """The programme's rates, loaded once per worker (a Rates is immutable)."""
    return load_rates(RATES_FILE)


def edited(text: str, *edits: tuple[str, str]) -> str:
    """The text with each (old, new) made: an edit that matched nothing, or more than one
    place, would test something else than its test says."""
    for old, new in edits:
        assert text.count(old) == 1, f"expected exactly one {old!r}"
        text = text.replace(old, new)
    return text


# What a build or a staff command reads, copied; the npm packages (Pyodide) and the build cache
# (the compressed widget: minutes to make) linked, so that a copy builds as fast as the checkout.
PROJECT = (
    "docs",
    "macros",
    "rates",
    "site_src",
    "mkdocs.yml",
    "pyproject.toml",
    "requirements.lock",
)
SHARED = ("node_modules", "build")


@pytest.fixture
def staff_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder as staff have it, rates/2024.toml in it, made the current folder (commands name
    the files as staff type them: rates/2025.toml)."""
    (tmp_path / "rates").mkdir()
    (tmp_path / "rates" / RATES_FILE.name).write_text(RATES_TEXT, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


ProjectCopy = Callable[..., Path]


@pytest.fixture(scope="session")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> ProjectCopy:
    """``project_copy(files, copied=PROJECT, linked=SHARED)``: the project copied into a fresh
    temporary folder with ``files`` (path -> text) written over it, its path returned. Its rates/
    holds the programme's file alone, whatever drafts the checkout holds."""

    def make(
        files: Mapping[str, str] | None = None,
        *,
        copied: tuple[str, ...] = PROJECT,
        linked: tuple[str, ...] = SHARED,
    ) -> Path:
        dest = tmp_path_factory.mktemp("project")
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
        for name in copied:
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, dest / name, ignore=ignore)
            else:
                shutil.copy2(ROOT / name, dest / name)
        for name in linked:
            if (ROOT / name).exists():  # else the copy's build makes its own
                (dest / name).symlink_to(ROOT / name)
        for other in (dest / "rates").glob("*.toml"):
            if other.name != RATES_FILE.name:
                other.unlink()
        for name, text in (files or {}).items():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            (dest / name).write_text(text, "utf-8")
        return dest

    return make


def mkdocs_build(
    out_dir: Path,
    *,
    project: Path = ROOT,
    config: str = "mkdocs.yml",
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of a project (this one, or a changed copy) into out_dir; its
    output kept whole (--quiet would hide the warnings that fail a strict build)."""
    return subprocess.run(
        [str(VENV_BIN / "mkdocs"), "build", "--strict", "-f", config, "-d", str(out_dir)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


def build_site(out_dir: Path, env: dict[str, str] | None = None) -> Path:
    """The project built into out_dir; raises with mkdocs' output."""
    result = mkdocs_build(out_dir, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return out_dir


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = Path(os.environ.get("CQ_SITE", ROOT / "site"))
    if os.environ.get("CQ_REBUILD") == "1" or not (site / "index.html").is_file():
        return build_site(tmp_path_factory.mktemp("site"))
    return site


@pytest.fixture(scope="session")
def macros_plugin() -> Any:
    """mkdocs-macros configured as in the build (mkdocs.yml, every plugin's on_config): its Jinja
    environment renders the page templates in tests exactly as in the build."""
    conf = load_config(str(ROOT / "mkdocs.yml"))
    conf.plugins.on_config(conf)
    return conf.plugins["macros"]


class SiteServer:
    """serve.py in a subprocess; ``url`` is the base URL printed on its first line."""

    def __init__(self, directory: Path, prefix: str = "/") -> None:
        self.process = subprocess.Popen(
            [
                *(sys.executable, str(SERVE), "--host", "127.0.0.1", "--port", "0"),
                *("--prefix", prefix, str(directory)),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"serve.py did not start: {line!r}")
        self.url = line

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


PREFIX = "/cyber/"  # the subpath the cooperative serves the site under


@pytest.fixture(scope="module")
def base(built_site: Path) -> Iterator[str]:
    """The built site served under a subpath, as it is hosted: every link must stay inside it."""
    server = SiteServer(built_site, PREFIX)
    try:
        assert server.url.endswith(PREFIX)
        yield server.url
    finally:
        server.stop()


def goto(page: Any, url: str, wait_until: str = "load") -> Any:
    """Navigate and insist on a 200: a page that failed to load must not pass a check."""
    response = page.goto(url, wait_until=wait_until)
    assert response is not None and response.status == 200, url
    return response


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[str]:
    server = SiteServer(built_site)
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=chromium_setup.EXECUTABLE, headless=True, args=chromium_setup.ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Recorder:
    """What a page did: console errors, uncaught errors, every request URL, failed requests."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on(
            "console",
            lambda m: self.console_errors.append(m.text) if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", self._failed)

    def _failed(self, request: Any) -> None:
        # ERR_ABORTED: the page navigated away while a request was in flight (not a fault).
        if "ERR_ABORTED" not in (request.failure or ""):
            self.failed.append(f"{request.url} {request.failure}")

    def foreign(self, allowed_host: str = "127.0.0.1") -> list[str]:
        """Requests to any host but the site's own (data: and blob: URLs are local)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob")
            and urlsplit(url).hostname != allowed_host
        ]

    def problems(self) -> list[str]:
        return self.console_errors + self.page_errors + self.failed


NewPage = Callable[..., tuple[Any, "Recorder"]]


@pytest.fixture
def new_page(browser: Any) -> Iterator[NewPage]:
    """``page, rec = new_page(viewport={...})``: a page in its own context, recorded."""
    contexts: list[Any] = []

    def make(**context_options: Any) -> tuple[Any, Recorder]:
        context = browser.new_context(**context_options)
        context.set_default_navigation_timeout(60_000)  # 2 busy cores: the quote page boots Pyodide
        contexts.append(context)
        page = context.new_page()
        recorder = Recorder()
        recorder.attach(page)
        return page, recorder

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page_at(new_page: NewPage) -> Callable[..., Any]:
    """``page_at(moment, **context options)``: a new page whose clock stands still at moment
    (None: the real clock; without script, no clock), its uncaught errors in ``page.errors``."""

    def make(moment: datetime | None, **context_options: Any) -> Any:
        page, recorder = new_page(**context_options)
        page.errors = recorder.page_errors
        if moment is not None and context_options.get("java_script_enabled", True):
            page.clock.set_fixed_time(moment)
        return page

    return make


@pytest.fixture(scope="session")
def site_pages(built_site: Path) -> list[str]:
    """Every HTML page of the built site, as URL paths relative to the root ("", "en/coverage/")."""
    pages = []
    for path in sorted(built_site.rglob("index.html")):
        rel = path.parent.relative_to(built_site).as_posix()
        if rel.startswith(("assets", "search", "downloads")):
            continue
        pages.append("" if rel == "." else rel + "/")
    return pages
