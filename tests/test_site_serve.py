"""site_src/tools/serve.py: the static server the tests and `make serve` use."""

from __future__ import annotations

import gzip
import http.client
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import SERVE, SiteServer

sys.path.insert(0, str(SERVE.parent))
from cyberdocs.csp import CSP
from cyberstaff.hosting import IMMUTABLE, REVALIDATE, header_csp, is_hashed
from serve import accepted_encodings, content_type, not_modified, strip_prefix


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("tree")
    root = base / "site"
    root.mkdir()
    (root / "index.html").write_text("<!doctype html><p>home</p>", encoding="utf-8")
    (root / "404.html").write_text("<p>not here</p>", encoding="utf-8")
    (root / "en").mkdir()
    (root / "en" / "index.html").write_text("<p>en</p>", encoding="utf-8")
    (root / "en" / "404.html").write_text("<p>not found (en)</p>", encoding="utf-8")
    (root / "app.3fa2b1c9.js").write_text("export {}", encoding="utf-8")
    (base / "secret.txt").write_text("outside the site", encoding="utf-8")
    (base / "secret-dir").mkdir()
    (base / "secret-dir" / "index.html").write_text("outside too", encoding="utf-8")
    os.symlink(base / "secret.txt", root / "leak.txt")
    os.symlink(base / "secret-dir", root / "leak-dir")
    os.symlink(base / "secret.txt", root / "index.html.gz")  # a sibling that leads out
    (root / "alias.txt").symlink_to("index.html")  # a link that stays inside is fine
    big = b"wasm" * 1000
    (root / "rt.wasm").write_bytes(big)
    (root / "rt.wasm.gz").write_bytes(gzip.compress(big))
    (root / "rt.wasm.br").write_bytes(b"pretend-brotli")
    (root / "m.mjs").write_text("export {}", encoding="utf-8")
    (root / "rates.toml").write_text("year = 2024\n", encoding="utf-8")
    (root / "pkg.whl").write_bytes(b"PK")
    return root


@pytest.fixture(scope="module")
def server(tree: Path) -> Iterator[str]:
    s = SiteServer(tree, "/cyber/")
    try:
        yield s.url
    finally:
        s.stop()


def get(url: str, path: str, headers: dict[str, str] | None = None):
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def test_port_zero_prints_the_url_with_the_prefix(server: str) -> None:
    assert server.startswith("http://127.0.0.1:") and server.endswith("/cyber/")
    assert not server.endswith(":0/cyber/")


def test_pages_carry_the_csp_header(server: str) -> None:
    response, body = get(server, "/cyber/")
    assert response.status == 200 and b"home" in body
    assert response.getheader("Content-Security-Policy") == header_csp(CSP)
    assert "frame-ancestors 'self'" in response.getheader("Content-Security-Policy")
    assert response.getheader("Referrer-Policy") == "no-referrer"
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("X-Content-Type-Options") == "nosniff"


@pytest.mark.parametrize(
    ("path", "mime"),
    [
        ("/cyber/m.mjs", "text/javascript"),
        ("/cyber/rates.toml", "application/toml"),
        ("/cyber/pkg.whl", "application/zip"),
        ("/cyber/rt.wasm", "application/wasm"),
    ],
)
def test_mime_types(server: str, path: str, mime: str) -> None:
    response, _ = get(server, path)
    assert response.status == 200
    assert response.getheader("Content-Type").split(";")[0] == mime


def test_precompressed_siblings_follow_accept_encoding(server: str, tree: Path) -> None:
    plain, body = get(server, "/cyber/rt.wasm")
    assert body == (tree / "rt.wasm").read_bytes()
    assert plain.getheader("Content-Encoding") is None
    assert plain.getheader("Vary") == "Accept-Encoding"
    gz, body = get(server, "/cyber/rt.wasm", {"Accept-Encoding": "gzip"})
    assert gz.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(body) == (tree / "rt.wasm").read_bytes()
    assert gz.getheader("Content-Type") == "application/wasm"
    br, body = get(server, "/cyber/rt.wasm", {"Accept-Encoding": "gzip, br"})
    assert br.getheader("Content-Encoding") == "br" and body == b"pretend-brotli"
    refused, _ = get(server, "/cyber/rt.wasm", {"Accept-Encoding": "br;q=0, gzip;q=0"})
    assert refused.getheader("Content-Encoding") is None


def test_prefix_redirects_and_404s(server: str) -> None:
    root, _ = get(server, "/")
    assert root.status == 302 and root.getheader("Location") == "/cyber/"
    outside, _ = get(server, "/en/")
    assert outside.status == 404
    missing, body = get(server, "/cyber/nope/")
    assert missing.status == 404 and b"not here" in body  # the site's own 404.html
    assert missing.getheader("Cache-Control") == REVALIDATE
    english, body = get(server, "/cyber/en/nope/")
    assert english.status == 404 and b"not found (en)" in body  # the language's 404.html
    slash, _ = get(server, "/cyber/en")
    assert slash.status == 301 and slash.getheader("Location") == "/cyber/en/"
    escape, _ = get(server, "/cyber/../../etc/passwd")
    assert escape.status == 404


def test_folder_redirect_keeps_the_query_string(server: str) -> None:
    response, _ = get(server, "/cyber/en?industry=it&revenue=1%E5%84%84")
    assert response.status == 301
    assert response.getheader("Location") == "/cyber/en/?industry=it&revenue=1%E5%84%84"
    root, _ = get(server, "/?plan=B")
    assert root.status == 302 and root.getheader("Location") == "/cyber/?plan=B"


def test_cache_policy(server: str) -> None:
    page, _ = get(server, "/cyber/")
    assert page.getheader("Cache-Control") == REVALIDATE
    unhashed, _ = get(server, "/cyber/rates.toml")
    assert unhashed.getheader("Cache-Control") == REVALIDATE
    hashed, _ = get(server, "/cyber/app.3fa2b1c9.js")
    assert hashed.status == 200 and hashed.getheader("Cache-Control") == IMMUTABLE


def test_conditional_requests_get_304(server: str) -> None:
    first, body = get(server, "/cyber/rt.wasm", {"Accept-Encoding": "br"})
    tag, modified = first.getheader("ETag"), first.getheader("Last-Modified")
    assert first.status == 200 and tag and modified and body
    again, body = get(server, "/cyber/rt.wasm", {"Accept-Encoding": "br", "If-None-Match": tag})
    assert again.status == 304 and body == b""
    assert again.getheader("ETag") == tag and again.getheader("Vary") == "Accept-Encoding"
    assert again.getheader("Cache-Control") == REVALIDATE
    # The gzip variant is other bytes: the brotli variant's tag does not validate it.
    other, body = get(server, "/cyber/rt.wasm", {"Accept-Encoding": "gzip", "If-None-Match": tag})
    assert other.status == 200 and other.getheader("Content-Encoding") == "gzip" and body
    since, body = get(server, "/cyber/", {"If-Modified-Since": modified})
    assert since.status == 304 and body == b""
    stale, body = get(server, "/cyber/", {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert stale.status == 200 and b"home" in body


def test_refuses_links_and_dots_that_leave_the_root(server: str) -> None:
    for path in ("/cyber/leak.txt", "/cyber/leak-dir/", "/cyber/%2e%2e/secret.txt"):
        response, body = get(server, path)
        assert response.status == 404 and b"outside" not in body, path
    gz, body = get(server, "/cyber/", {"Accept-Encoding": "gzip"})
    assert gz.status == 200 and gz.getheader("Content-Encoding") is None and b"home" in body
    inside, body = get(server, "/cyber/alias.txt")
    assert inside.status == 200 and b"home" in body


def test_refuses_a_directory_without_a_site() -> None:
    result = subprocess.run(
        [sys.executable, str(SERVE), "--port", "0", str(SERVE.parent / "no-such-dir")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "build the site first" in result.stderr


def test_helpers() -> None:
    assert accepted_encodings("gzip, deflate, br;q=0.5") == {"gzip", "deflate", "br"}
    assert accepted_encodings("br;q=0, gzip") == {"gzip"}
    assert accepted_encodings(None) == set()
    assert content_type("x.mjs").startswith("text/javascript")
    assert content_type("x.unknown") == "application/octet-stream"
    assert strip_prefix("/cyber/a/", "/cyber/") == "/a/"
    assert strip_prefix("/cyber", "/cyber/") == "/"
    assert strip_prefix("/other/", "/cyber/") is None
    assert strip_prefix("/a", "/") == "/a"
    assert not_modified('W/"1-2", "3-4"', None, '"3-4"', 0.0)
    assert not not_modified('"1-2"', "Mon, 01 Jan 2001 00:00:00 GMT", '"3-4"', 0.0)
    assert not not_modified(None, "not a date", '"3-4"', 0.0)
    assert is_hashed("/cyber/assets/javascripts/bundle.a5f9d56c.min.js.br")
    assert is_hashed("/cyber/assets/b-0c9e1f2a/pyodide.asm.wasm")
    assert not is_hashed("/cyber/assets/rates/2024.toml")
    assert not is_hashed("/cyber/downloads/premiums-20240401.csv")  # a date is no hash
    assert not is_hashed("/cyber/a5f9d56c/index.html")  # a page is never immutable
