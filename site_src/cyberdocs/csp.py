"""The site's Content-Security-Policy: only the site itself (plus WebAssembly compilation).

One value, imported as ``cyberdocs.csp.CSP`` by all that need it: the site build (the
<meta http-equiv> of every page, via ``config.extra.csp``), site_src/tools/serve.py and the server
configs (the HTTP header, which a Web Worker needs: <meta> does not govern it).
"""

from __future__ import annotations

# No manifest-src: the site has no web manifest (default-src 'none' refuses one), and WebKit
# builds without web manifests (WebKitGTK) log the directive as an error on every page.
CSP = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; "
    "worker-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)


def serve_csp(csp: str = CSP) -> str:
    """The policy under `mkdocs serve` only: its live-reload script is inline.

    >>> "'unsafe-inline'" in serve_csp() and "'unsafe-inline'" not in CSP
    True
    """
    return csp.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'", 1)
