"""What every host of the site must send, in one place for serve.py and `cyberquote deploy`.

- The cache policy. A file whose URL carries a content hash or build id (an 8 to 64 hex-digit
  run with at least one letter, between separators: `bundle.a5f9d56c.min.js`,
  `worker.3f2a9c1be0.mjs`, `assets/b-0c9e1f2a/…`) never changes under that name, so a browser may
  keep it a year without asking. Everything else, and every HTML page, is `no-cache`: revalidated
  on each use, so a corrected premium reaches the next visit instead of a heuristically cached
  old copy. A run of digits only (a date such as 20240401) is never taken for a hash: calling a
  file immutable by mistake is the dangerous direction.
- The MIME types the site's files need, which of them are text (compressed on the fly when no
  precompressed sibling exists) and the headers sent with every response.

Standard library only.
"""

from __future__ import annotations

import re

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

# One regex for nginx (map on $uri), Apache (ap_expr on REQUEST_URI) and Python: no backslashes
# (nginx and Apache quote differently), so `[.]` rather than an escaped dot.
HASHED_URL = "^(?!.*(?:/|[.]html?)$).*[-/._+](?=[0-9]*[a-f])[0-9a-f]{8,64}[-/._+]"
_HASHED = re.compile(HASHED_URL)
# Dotfiles and dot-folders (.git/config, .env, .htaccess) are never served, wherever they sit
# under the site's folder; only .well-known/ (RFC 8615: ACME challenges, security.txt) is. The
# same regex for nginx (location on $uri), Apache (RewriteRule, per-directory) and Python.
HIDDEN_URL = "(^|/)[.](?!well-known/)"
_HIDDEN = re.compile(HIDDEN_URL)

# Suffix -> Content-Type. Text types carry their charset (the TOML and CSV are UTF-8).
TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",
    ".toml": "application/toml; charset=utf-8",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".bin": "application/octet-stream",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".woff2": "font/woff2",
}
# Media types compressed on the fly (gzip) when no .br/.gz sibling is there to be sent as is.
# application/javascript is what Debian's nginx mime.types gives .js.
TEXT_TYPES: tuple[str, ...] = (
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "application/toml",
    "application/xml",
    "image/svg+xml",
    "text/csv",
    "text/plain",
)
# Precompressed siblings, preferred in this order when the client accepts the coding.
ENCODINGS: tuple[tuple[str, str], ...] = (("br", ".br"), ("gzip", ".gz"))
# The site's languages other than the default (Japanese, at the root), each in its own folder
# with its own 404.html (mkdocs.yml, i18n plugin).
LANG_DIRS: tuple[str, ...] = ("en",)
REFERRER_POLICY = "no-referrer"
NOSNIFF = "nosniff"
FRAME_ANCESTORS = "frame-ancestors 'self'"  # a <meta> CSP cannot say this; the header must


def is_hashed(path: str) -> bool:
    """Whether a URL path (or file path) names its content, so it may be cached for good."""
    return _HASHED.match(path.replace("\\", "/")) is not None


def is_hidden(path: str) -> bool:
    """Whether a URL path names a dotfile or lies in a dot-folder: never served.

    >>> [is_hidden(p) for p in ("/.git/config", "/cyber/.env", "/.well-known/x", "/a.b/")]
    [True, True, False, False]
    """
    return _HIDDEN.search(path) is not None


def cache_control(path: str) -> str:
    """The Cache-Control value for a URL path under the policy above."""
    return IMMUTABLE if is_hashed(path) else REVALIDATE


def header_csp(csp: str) -> str:
    """The Content-Security-Policy header: the pages' policy plus what only a header can say."""
    return f"{csp.rstrip('; ')}; {FRAME_ANCESTORS}"


def media_type(content_type: str) -> str:
    """ "text/css; charset=utf-8" -> "text/css"."""
    return content_type.split(";")[0].strip()
