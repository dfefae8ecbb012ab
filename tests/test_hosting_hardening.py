"""The hosts refuse what a web root must never give away, on Debian's real nginx and Apache (the
configs `cyberquote deploy` prints: vhost and .htaccess) and on serve.py.

Into the served folder go what lands there by accident: a `.git/` and a `.env` holding a secret,
a link to a secret file outside the folder, and a link to an outside folder owned by another
user than its target (as a link made by the deploying user to a system folder is). No host may
answer any of them with the secret; every answer, the servers' own error pages included, carries
the CSP and nosniff; serve.py answers a path no file can have (`%00`) with 400 and logs no
traceback. The probes are plain HTTP: no browser.
"""

from __future__ import annotations

import http.client
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from cyberdocs.csp import CSP
from cyberstaff import hosting
from real_servers import Running, Scratch

pytestmark = [pytest.mark.xdist_group("servers")]

SECRET = "cq-secret-4f1d"
HOSTS = ("nginx", "apache", "htaccess", "serve.py")
# What lands in a web root by accident (a checkout, an environment file), by URL under the site.
DOTFILES = (".git/config", ".git/", ".env", "%2egit/config", "en/.env", ".htaccess")
LINKS = ("outside.txt", "outside-folder/secret.txt")  # symlinks out of the folder
NOBODY = 65534  # owns the folder link, not its target (root's)
# Refused by Apache while it walks the folders, before it has read the site's .htaccess: the
# answer has the headers of the host's own config (the vhost's has the site's).
BEFORE_HTACCESS = ("outside-folder/secret.txt",)


@dataclass
class Hosts:
    urls: dict[str, str]
    servers: dict[str, Running]


def plant(root: Path, outside: Path) -> None:
    """The accidents, in a served folder."""
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text(f"[remote]\n\turl = {SECRET}\n")
    (root / ".env").write_text(f"PASSWORD={SECRET}\n")
    (root / "en" / ".env").write_text(f"PASSWORD={SECRET}\n")
    (root / ".well-known").mkdir()
    (root / ".well-known" / "security.txt").write_text("Contact: mailto:x@example.org\n")
    (root / "outside.txt").symlink_to(outside / "secret.txt")
    (root / "outside-folder").symlink_to(outside)
    os.lchown(root / "outside-folder", NOBODY, NOBODY)
    for path in [root / ".git", *root.glob(".*"), *(root / ".git").iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.fixture(scope="module")
def hosts(built_site: Path) -> Iterator[Hosts]:
    scratch = Scratch.create()
    try:
        scratch.publish(built_site)
        outside = scratch.dir / "outside"
        outside.mkdir(mode=0o755)
        (outside / "secret.txt").write_text(SECRET)
        (outside / "secret.txt").chmod(0o644)
        for root in scratch.roots:
            plant(root, outside)
        with scratch.nginx() as nginx, scratch.apache() as apache, scratch.serve_py() as dev:
            assert apache.htaccess_url is not None
            urls = {
                "nginx": nginx.url,
                "apache": apache.url,
                "htaccess": apache.htaccess_url,
                "serve.py": dev.url,
            }
            yield Hosts(urls, {"nginx": nginx, "apache": apache, "serve.py": dev})
    finally:
        scratch.remove()


def raw(url: str, request_target: str) -> tuple[int, dict[str, str], bytes]:
    """One request with the target sent exactly as given (no client-side quoting)."""
    parts = urlsplit(url)
    assert parts.hostname and parts.port
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.putrequest("GET", request_target, skip_accept_encoding=True)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def hardened_headers(headers: dict[str, str]) -> list[str]:
    """What is missing from an answer's security headers."""
    wrong = []
    if headers.get("content-security-policy") != hosting.header_csp(CSP):
        wrong.append(f"CSP {headers.get('content-security-policy')!r}")
    if headers.get("x-content-type-options") != hosting.NOSNIFF:
        wrong.append("no nosniff")
    return wrong


@pytest.mark.parametrize("host", HOSTS)
def test_no_dotfile_or_link_out_of_the_root_is_served(hosts: Hosts, host: str) -> None:
    base = hosts.urls[host]
    prefix = urlsplit(base).path
    problems = []
    for path in (*DOTFILES, *LINKS):
        status, headers, body = raw(base, prefix + path)
        if status not in (403, 404) or SECRET.encode() in body:
            problems.append(
                f"{path}: {status}{' with the secret' if SECRET.encode() in body else ''}"
            )
        if not (host == "htaccess" and path in BEFORE_HTACCESS):
            problems += [f"{path}: {w}" for w in hardened_headers(headers)]
    status, _, body = raw(base, prefix + ".well-known/security.txt")
    assert status == 200 and body.startswith(b"Contact:"), ".well-known/ must stay reachable"
    status, _, _ = raw(base, prefix + "index.html")
    assert status == 200
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("host", ["nginx", "apache", "serve.py"])
def test_the_servers_own_error_pages_carry_the_csp(hosts: Hosts, host: str) -> None:
    """A NUL in the path, a URI too long, a request line that is no HTTP: each host's own error
    answer has the site's security headers (the .htaccess host is left out: a .htaccess cannot
    reach answers given before the request is mapped to a folder)."""
    base = hosts.urls[host]
    prefix = urlsplit(base).path
    problems = []
    statuses = {}
    for name, target in (("NUL", prefix + "index.html%00.txt"), ("long", prefix + "a" * 70_000)):
        status, headers, _ = raw(base, target)
        statuses[name] = status
        if status < 400:
            problems.append(f"{name}: {status}")
        problems += [f"{name} ({status}): {w}" for w in hardened_headers(headers)]
    status, headers = garbage_request(base)
    statuses["garbage"] = status
    if status != 400:
        problems.append(f"garbage: {status}")
    problems += [f"garbage ({status}): {w}" for w in hardened_headers(headers)]
    assert not problems, f"{statuses}\n" + "\n".join(problems)
    if host == "serve.py":
        assert statuses["NUL"] == 400
        log = hosts.servers[host].errors()
        assert "Traceback" not in log, log


def garbage_request(url: str) -> tuple[int, dict[str, str]]:
    """A request line that is no HTTP request: the status and headers of the answer."""
    parts = urlsplit(url)
    assert parts.hostname and parts.port
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(b"GET / HTTP/1.1 nonsense\r\nHost: 127.0.0.1\r\n\r\n")
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    headers = {}
    for line in head[1:]:
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    return status, headers
