"""How the tests and the benchmark drive Firefox ESR: Debian's `firefox-esr`, headless, over
WebDriver BiDi on its own websocket (geckodriver is not packaged and cannot be downloaded here).

Firefox started with --remote-debugging-port speaks BiDi at ws://127.0.0.1:<port>/session; a
fresh profile with PREFS keeps it from calling hosts it cannot reach."""

from __future__ import annotations

import itertools
import json
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

EXECUTABLE = "firefox-esr"
PREFS = """\
user_pref("app.update.disabledForTesting", true);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("browser.safebrowsing.update.enabled", false);
user_pref("extensions.update.enabled", false);
"""
CONNECT_TIMEOUT_S = 60


class Bidi:
    """A WebDriver BiDi session on Firefox's websocket: commands, and the events seen meanwhile."""

    def __init__(self, port: int, timeout_s: float) -> None:
        import websocket

        deadline = time.monotonic() + CONNECT_TIMEOUT_S
        while True:
            try:
                # Firefox refuses a handshake that carries an Origin header.
                self.ws = websocket.create_connection(
                    f"ws://127.0.0.1:{port}/session", timeout=timeout_s, suppress_origin=True
                )
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    def __call__(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        self.ws.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") != number:
                self.events.append(message)
            elif message.get("type") == "error":
                raise RuntimeError(f"{method}: {message.get('message')}")
            else:
                return dict(message["result"])

    def context(self) -> str:
        """The first browsing context (the window Firefox opened)."""
        return str(self("browsingContext.getTree")["contexts"][0]["context"])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def session(binary: str, folder: Path, timeout_s: float) -> Iterator[Bidi]:
    """A headless Firefox on a fresh profile in `folder` (its output in folder/firefox.log), and a
    BiDi session on it; Firefox is stopped afterwards."""
    profile = folder / "profile"
    profile.mkdir()
    (profile / "user.js").write_text(PREFS, encoding="utf-8")
    port = _free_port()
    command = [binary, "--headless", "--no-remote", "--profile", str(profile)]
    with open(folder / "firefox.log", "wb") as log:
        process = subprocess.Popen(
            [*command, f"--remote-debugging-port={port}", "about:blank"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        bidi = Bidi(port, timeout_s)
        bidi("session.new", capabilities={})
        yield bidi
        bidi.ws.close()
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
