"""Serve the built site as a static host would: the CSP header, right MIME types, precompressed
files, the cache policy (cyberstaff.hosting) and conditional requests.

Hardened as the generated nginx and Apache configs are: no dotfile or dot-folder (`.git/`,
`.env`), no symlink leading out of the folder, a 400 (never a traceback) for a path no file can
have (`%00`), the CSP and nosniff headers on error responses too.

    .venv/bin/python site_src/tools/serve.py --host 127.0.0.1 --port 8000 [--prefix /cyber/] site

Port 0 picks a free port. The first line printed is the site's URL. Standard library and the
project's own cyberstaff package only (the CSP and the hosting rules, shared with the build and
`cyberquote deploy`).
"""

from __future__ import annotations

import argparse
import email.utils
import mimetypes
import os
import sys
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from cyberdocs.csp import CSP  # the same policy as the pages' <meta> (the project's .venv)
from cyberstaff.hosting import (
    ENCODINGS,
    LANG_DIRS,
    NOSNIFF,
    REFERRER_POLICY,
    TYPES,
    cache_control,
    header_csp,
    is_hidden,
)


def accepted_encodings(header: str | None) -> set[str]:
    """Codings the client accepts (q > 0) from an Accept-Encoding header."""
    accepted: set[str] = set()
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name and q > 0:
            accepted.add(name.strip().lower())
    return accepted


def content_type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def strip_prefix(url_path: str, prefix: str) -> str | None:
    """The path inside the site, or None when the URL is outside the prefix."""
    if prefix == "/":
        return url_path
    if url_path == prefix.rstrip("/"):
        return "/"
    if url_path.startswith(prefix):
        return "/" + url_path[len(prefix) :]
    return None


def bad_path(url_path: str) -> bool:
    """A request path no file can have: a NUL or another control character once decoded (`%00`
    would otherwise reach the file system and fail there with a traceback)."""
    return any(ord(c) < 0x20 or c == "\x7f" for c in unquote(url_path))


def inside(root: str, path: str) -> bool:
    """Whether path, symlinks resolved, is root or under it (no `..` or link leads out)."""
    real_root = os.path.realpath(root)
    return os.path.commonpath([real_root, os.path.realpath(path)]) == real_root


def etag(stat: os.stat_result, coding: str | None) -> str:
    """A strong validator of the bytes sent: size and modification time of the file served."""
    return f'"{stat.st_size:x}-{stat.st_mtime_ns:x}{"-" + coding if coding else ""}"'


def not_modified(
    if_none_match: str | None, if_modified_since: str | None, tag: str, mtime: float
) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    if if_none_match is not None:
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return "*" in tags or tag in tags
    if if_modified_since is None:
        return False
    try:
        since = email.utils.parsedate_to_datetime(if_modified_since).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return False
    return int(mtime) <= since


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files with the site's headers; `prefix` is where the site lives (e.g. /cyber/)."""

    prefix = "/"
    protocol_version = "HTTP/1.1"
    # A request line that cannot be parsed is answered as HTTP/1.0 (a status line and headers,
    # the CSP among them), not as HTTP/0.9's bare body.
    default_request_version = "HTTP/1.0"
    server_version = "cq-serve"
    sys_version = ""

    def __init__(self, *args: object, prefix: str = "/", **kwargs: object) -> None:
        self.prefix = prefix
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Quiet: only failed requests are logged."""
        if str(getattr(code, "value", code)).startswith(("4", "5")):
            super().log_request(code, size)

    def log_error(self, format: str, *args: object) -> None:
        """The failed request line (log_request) says enough."""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", header_csp(CSP))
        self.send_header("X-Content-Type-Options", NOSNIFF)
        self.send_header("Referrer-Policy", REFERRER_POLICY)
        super().end_headers()

    def translate_path(self, path: str) -> str:
        inner = strip_prefix(unquote(urlsplit(path).path), self.prefix)
        if inner is None:
            return ""
        return super().translate_path(inner)

    def send_head(self) -> BinaryIO | None:  # type: ignore[override]
        parts = urlsplit(self.path)
        url_path = parts.path
        if bad_path(url_path):
            self.send_error(HTTPStatus.BAD_REQUEST)
            return None
        if is_hidden(unquote(url_path)):
            return self._not_found()
        if strip_prefix(unquote(url_path), self.prefix) is None:
            if url_path == "/" and self.prefix != "/":
                return self._redirect(HTTPStatus.FOUND, self.prefix, parts.query)
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        path = self.translate_path(self.path)
        if not inside(self.directory, path):
            return self._not_found()
        if os.path.isdir(path):
            if not url_path.endswith("/"):
                return self._redirect(HTTPStatus.MOVED_PERMANENTLY, url_path + "/", parts.query)
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path) or not inside(self.directory, path):
            return self._not_found()
        return self._send_file(path, url_path)

    def _redirect(self, status: HTTPStatus, location: str, query: str) -> None:
        """A redirect that keeps the query string (a shared quote link's parameters)."""
        self.send_response(status)
        self.send_header("Location", location + ("?" + query if query else ""))
        self.send_header("Cache-Control", cache_control(location))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _not_found(self) -> BinaryIO | None:
        """The language's own 404.html (en/404.html for a miss under en/), else the site's."""
        inner = strip_prefix(unquote(urlsplit(self.path).path), self.prefix) or "/"
        first = inner.lstrip("/").partition("/")[0]
        pages = [f"{first}/404.html"] if first in LANG_DIRS else []
        for page in [*pages, "404.html"]:
            full = os.path.join(self.directory, page)
            if os.path.isfile(full) and inside(self.directory, full):
                return self._send_file(full, self.prefix + page, HTTPStatus.NOT_FOUND)
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def _send_file(
        self, path: str, url_path: str, status: HTTPStatus = HTTPStatus.OK
    ) -> BinaryIO | None:
        accepted = accepted_encodings(self.headers.get("Accept-Encoding"))
        siblings = [
            (name, path + suffix)
            for name, suffix in ENCODINGS
            if os.path.isfile(path + suffix) and inside(self.directory, path + suffix)
        ]
        body, coding = path, None
        for name, sibling in siblings:
            if name in accepted:
                body, coding = sibling, name
                break
        f = open(body, "rb")  # closed by SimpleHTTPRequestHandler.do_GET
        stat = os.fstat(f.fileno())
        tag = etag(stat, coding)
        fresh = status == HTTPStatus.OK and not_modified(
            self.headers.get("If-None-Match"),
            self.headers.get("If-Modified-Since"),
            tag,
            stat.st_mtime,
        )
        self.send_response(HTTPStatus.NOT_MODIFIED if fresh else status)
        self.send_header("ETag", tag)
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self.send_header("Cache-Control", cache_control(url_path))
        if siblings:
            self.send_header("Vary", "Accept-Encoding")
        if fresh:
            f.close()
            self.end_headers()
            return None
        self.send_header("Content-Type", content_type(path))
        self.send_header("Content-Length", str(stat.st_size))
        if coding:
            self.send_header("Content-Encoding", coding)
        self.end_headers()
        return f


class QuietServer(ThreadingHTTPServer):
    """Threads per request; a client that hangs up (a browser closing a connection) is no error."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


def normalise_prefix(prefix: str) -> str:
    return "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"


def make_server(directory: Path, host: str, port: int, prefix: str) -> QuietServer:
    handler = partial(SiteHandler, directory=str(directory), prefix=normalise_prefix(prefix))
    return QuietServer((host, port), handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, help="the built site (e.g. site)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--prefix", default="/", help="serve the site under this path")
    args = parser.parse_args(argv)
    if not (args.directory / "index.html").is_file():
        parser.error(f"{args.directory} has no index.html: build the site first (make site)")
    server = make_server(args.directory, args.host, args.port, args.prefix)
    host, port = server.server_address[:2]
    print(f"http://{host}:{port}{normalise_prefix(args.prefix)}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
