"""How the tests and the benchmark start a browser: Debian's Chromium, headless, never a
downloaded build, with the flags this sandbox needs (no sandboxing as root, no background
connections to hosts it cannot reach)."""

EXECUTABLE = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
