"""A site put in place by cyberstaff.publish, as Debian's nginx and Apache serve it (issue 18,
points 1 and 4): published under umask 077 it is readable by their www-data workers; republished,
the new build is what they serve at once, and the .htaccess the administrator saved beside it
stays, so the pages still carry the CSP.

A stand-in build (the pages and 404 pages the configs name) keeps this to a few seconds; the
real site on these servers is tests/test_servers.py.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from cyberdocs.csp import CSP
from cyberstaff.deploy import config, deployment
from cyberstaff.hosting import header_csp
from cyberstaff.publish import put_site
from real_servers import PREFIX, Scratch

pytestmark = [pytest.mark.xdist_group("servers")]

PAGES = ("index.html", "404.html", "en/index.html", "en/404.html", "downloads/premiums.csv")


def publish(target: Path, premium: str) -> None:
    """The stand-in site showing `premium`, published under umask 077 (others' files kept)."""

    def build(fresh: Path) -> int:
        for rel in PAGES:
            (fresh / rel).parent.mkdir(parents=True, exist_ok=True)
            (fresh / rel).write_text(f"<p>{premium}</p>\n", encoding="utf-8")
        return 0

    saved = os.umask(0o077)
    try:
        done = put_site(
            target, build, keep_others=True, own_unmarked=False, refusal="publish.others",
            dry_run=False, lang="en",
        )  # fmt: skip
        assert done == 0
    finally:
        os.umask(saved)


def get(url: str) -> tuple[int, str, str | None]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read().decode()
            return response.status, body, response.headers["Content-Security-Policy"]
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers["Content-Security-Policy"]


@pytest.fixture(scope="module")
def scratch() -> Iterator[Scratch]:
    made = Scratch.create()
    htaccess = config(deployment("apache", PREFIX, None, htaccess=True))
    (made.roots[1] / ".htaccess").write_text(htaccess, encoding="utf-8")  # the admin's file
    yield made
    made.remove()


def test_published_and_republished_sites_are_served_whole_with_their_headers(
    scratch: Scratch,
) -> None:
    for root in scratch.roots:
        publish(root, "16,740円")
    with scratch.nginx() as nginx, scratch.apache() as apache:
        urls = [nginx.url, apache.url, apache.htaccess_url]
        for url in urls:
            assert get(url)[:2] == (200, "<p>16,740円</p>\n"), url  # readable under umask 077
        for root in scratch.roots:
            publish(root, "16,750円")
        for url in urls:
            for page in ("", "en/", "downloads/premiums.csv"):
                status, body, csp = get(url + page)
                assert (status, body, csp) == (200, "<p>16,750円</p>\n", header_csp(CSP)), url
            status, body, csp = get(url + "en/nope/")
            assert (status, body, csp) == (404, "<p>16,750円</p>\n", header_csp(CSP)), url
    assert (scratch.roots[1] / ".htaccess").is_file()
