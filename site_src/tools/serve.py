"""Serve the built site as a static host would: the CSP header, right MIME types, precompressed files.

    python site_src/tools/serve.py --host 127.0.0.1 --port 8000 [--prefix /cyber/] site

Port 0 picks a free port. The first line printed is the site's URL. Standard library only.
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
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from csp import CSP  # the same policy as the pages' <meta>

TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".toml": "application/toml; charset=utf-8",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".csv": "text/csv; charset=utf-8",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".woff2": "font/woff2",
}
ENCODINGS: tuple[tuple[str, str], ...] = (("br", ".br"), ("gzip", ".gz"))


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


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files with the site's headers; `prefix` is where the site lives (e.g. /cyber/)."""

    prefix = "/"
    protocol_version = "HTTP/1.1"
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
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    def translate_path(self, path: str) -> str:
        inner = strip_prefix(unquote(urlsplit(path).path), self.prefix)
        if inner is None:
            return ""
        return super().translate_path(inner)

    def send_head(self):  # type: ignore[no-untyped-def]
        url_path = urlsplit(self.path).path
        if strip_prefix(unquote(url_path), self.prefix) is None:
            if url_path == "/" and self.prefix != "/":
                self.send_response(HTTPStatus.FOUND)
                self.send_header("Location", self.prefix)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not url_path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return self._not_found()
        return self._send_file(path)

    def _not_found(self):  # type: ignore[no-untyped-def]
        """The site's own 404.html (as a static host is configured to), else a plain 404."""
        page = os.path.join(self.directory, "404.html")
        if not os.path.isfile(page):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        return self._send_file(page, HTTPStatus.NOT_FOUND)

    def _send_file(self, path: str, status: HTTPStatus = HTTPStatus.OK):  # type: ignore[no-untyped-def]
        accepted = accepted_encodings(self.headers.get("Accept-Encoding"))
        body, coding = path, None
        for name, suffix in ENCODINGS:
            if name in accepted and os.path.isfile(path + suffix):
                body, coding = path + suffix, name
                break
        f = open(body, "rb")  # closed by SimpleHTTPRequestHandler.do_GET
        stat = os.fstat(f.fileno())
        self.send_response(status)
        self.send_header("Content-Type", content_type(path))
        self.send_header("Content-Length", str(stat.st_size))
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self.send_header("Cache-Control", "no-cache")
        if any(os.path.isfile(path + suffix) for _, suffix in ENCODINGS):
            self.send_header("Vary", "Accept-Encoding")
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
