"""Every page of both languages in the engines members use besides Chromium: Firefox ESR and
WebKitGTK (Safari's engine). One browser session per engine visits them all; no page logs a
console error, and the quote pages, opened from a shared link, show CPython's premium.

- Firefox ESR (Debian `firefox-esr`): started with --remote-debugging-port, driven over WebDriver
  BiDi on a websocket (geckodriver is not packaged: site_src/tools/firefox.py, which the
  benchmark uses too); console entries come as log.entryAdded.
- WebKitGTK (Debian `webkit2gtk-driver`): Selenium's WebKitGTK driver runs MiniBrowser on an
  Xvfb display; WebDriver gives no console, so MiniBrowser writes its console to stdout (through
  a small launcher that keeps it in a file).

Both are installed by site_src/tools/system-deps.sh. On a machine without them the tests say so
and skip; under CI (CI set) a missing engine fails.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from real_servers import stop
from test_servers import QUERY, RATES, premium_text

from site_src.tools import firefox

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("engines")]

ANSWER_S = 90  # Pyodide boots slower in WebKit; 2 busy cores
MINIBROWSERS = "/usr/lib/*/webkit2gtk-4.*/MiniBrowser"


def need(path: str | None, what: str) -> str:
    """The binary's path; a skip that says what to install (a failure under CI)."""
    if path:
        return path
    message = f"{what} is not installed (bash site_src/tools/system-deps.sh installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def visits(base: str, pages: list[str]) -> Iterator[tuple[str, str, str | None]]:
    """(page, URL, premium the page must show or None) for every page; quote pages from a
    shared link."""
    for path in pages:
        if path.endswith("quote/"):
            lang = "en" if path.startswith("en/") else "ja"
            yield path, base + path + QUERY, premium_text(RATES, lang)
        else:
            yield path, base + path, None


# --- Firefox ESR over WebDriver BiDi (site_src/tools/firefox.py) --------------------------------


def console_errors(bidi: firefox.Bidi) -> list[str]:
    """The console errors logged since the last call."""
    errors = [
        f"{e['params'].get('text')} {where(e['params'])}"
        for e in bidi.events
        if e.get("method") == "log.entryAdded" and e["params"].get("level") == "error"
    ]
    bidi.events.clear()
    return errors


def where(entry: dict[str, Any]) -> str:
    """The script and line a log entry came from, when it says."""
    frames = (entry.get("stackTrace") or {}).get("callFrames") or [{}]
    return f"({frames[0].get('url', '?')}:{frames[0].get('lineNumber', '?')})"


WAIT_FOR_TEXT = """(want, seconds) => new Promise((resolve) => {
    const until = Date.now() + seconds * 1000;
    (function poll() {
        const shown = document.querySelector("#quote-result")?.innerText || "";
        if (shown.includes(want) || Date.now() > until) resolve(shown);
        else setTimeout(poll, 100);
    })();
})"""


# Resolves once the page has started in full (Material's search says it is ready), as a person
# reading it would let it: leaving earlier aborts the search worker's downloads mid-way.
SETTLED = """() => new Promise((resolve) => {
    const until = Date.now() + 15000;
    const config = JSON.parse(document.getElementById("__config").textContent);
    const ready = config.translations["search.result.placeholder"];
    (function poll() {
        const meta = document.querySelector(".md-search-result__meta");
        if (!meta || meta.textContent.trim() === ready || Date.now() > until) resolve(true);
        else setTimeout(poll, 100);
    })();
})"""


def test_firefox_every_page_without_console_errors_and_the_quote_answers(
    site_server: str, site_pages: list[str], tmp_path: Path
) -> None:
    binary = need(shutil.which(firefox.EXECUTABLE), "Firefox ESR (firefox-esr)")
    problems = []
    with firefox.session(binary, tmp_path, ANSWER_S) as bidi:
        bidi("session.subscribe", events=["log.entryAdded"])
        context = bidi.context()
        for path, url, premium in visits(site_server, site_pages):
            bidi("browsingContext.navigate", context=context, url=url, wait="complete")
            if premium is not None:
                shown = bidi(
                    "script.callFunction",
                    functionDeclaration=WAIT_FOR_TEXT,
                    arguments=[
                        {"type": "string", "value": premium},
                        {"type": "number", "value": ANSWER_S},
                    ],
                    target={"context": context},
                    awaitPromise=True,
                )["result"]["value"]
                if premium not in shown:
                    problems.append(f"{path}: no {premium} in the answer: {shown[:200]!r}")
            bidi(
                "script.callFunction",
                functionDeclaration=SETTLED,
                target={"context": context},
                awaitPromise=True,
            )
            problems += [f"{path}: {error}" for error in console_errors(bidi)]
    assert not problems, "\n".join(problems)


# --- WebKitGTK through WebKitWebDriver and MiniBrowser -------------------------------------------


def xvfb(tmp_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """An Xvfb server on a free display number (a lock file marks a display in use)."""
    binary = need(shutil.which("Xvfb"), "Xvfb (xvfb)")
    for number in range(90, 200):
        if Path(f"/tmp/.X{number}-lock").exists():
            continue
        process = subprocess.Popen(
            [binary, f":{number}", "-nolisten", "tcp", "-screen", "0", "1280x1024x24"],
            stdout=subprocess.DEVNULL,
            stderr=open(tmp_path / "xvfb.log", "wb"),
        )
        deadline = time.monotonic() + 10
        while process.poll() is None and time.monotonic() < deadline:
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                return process, f":{number}"
            time.sleep(0.05)
        stop(process)  # another test run took the number meanwhile
    raise RuntimeError("no free X display")


def test_webkit_every_page_without_console_errors_and_the_quote_answers(
    site_server: str, site_pages: list[str], tmp_path: Path
) -> None:
    """WebDriver drives a MiniBrowser in automation mode, which writes no console; a second
    MiniBrowser, opened meanwhile on every page at once (one tab each), writes its console."""
    driver_binary = need(shutil.which("WebKitWebDriver"), "WebKitWebDriver (webkit2gtk-driver)")
    minibrowser = need(next(iter(sorted(glob.glob(MINIBROWSERS))), None), "MiniBrowser")
    from selenium import webdriver
    from selenium.webdriver.support.ui import WebDriverWait
    from selenium.webdriver.webkitgtk.options import Options
    from selenium.webdriver.webkitgtk.service import Service

    pages = list(visits(site_server, site_pages))
    display, name = xvfb(tmp_path)
    env = {**os.environ, "DISPLAY": name}
    console = tmp_path / "console.log"
    with open(console, "wb") as out:
        tabs = subprocess.Popen(
            [minibrowser, "--enable-write-console-messages-to-stdout=true"]
            + [url for _, url, _ in pages],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    options = Options()
    options.binary_location = minibrowser
    options.add_argument("--automation")
    problems = []
    try:
        service = Service(
            executable_path=driver_binary, log_output=str(tmp_path / "driver.log"), env=env
        )
        driver = webdriver.WebKitGTK(options=options, service=service)
        try:
            driver.set_page_load_timeout(ANSWER_S)
            for path, url, premium in pages:
                driver.get(url)
                if premium is None:
                    continue
                try:
                    WebDriverWait(driver, ANSWER_S).until(
                        lambda d, p=premium: p in d.find_element("id", "quote-result").text
                    )
                except Exception:
                    text = driver.find_element("id", "quote-result").text
                    problems.append(f"{path}: no {premium} in the answer: {text[:200]!r}")
        finally:
            driver.quit()
        time.sleep(2)  # the tabs' last messages
    finally:
        stop(tabs)
        stop(display)
    lines = console.read_text(errors="replace").splitlines()
    problems += [line for line in lines if line.startswith("CONSOLE ") and " ERROR " in line]
    assert not problems, "\n".join(problems)
