"""Crawl the built HTML: every internal link and anchor resolves, and every URL is relative.

Relative URLs are what let the cooperative publish the site under a subpath
(https://www.itcoop.or.jp/cyber/). The 404 pages (404.html, en/404.html) are left out: a server
shows them at a missing URL one folder below the language's root (/cyber/nope/), and their
relative links are written for that place, not for where the file lies (they are checked served,
in test_site_browser.py and test_site_figures.py).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from htmltree import parse

LINK_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}
EXTERNAL = ("http", "https", "mailto", "tel", "data")


def html_files(site: Path) -> list[Path]:
    return sorted(
        p
        for p in site.rglob("*.html")
        if p.name != "404.html" and "assets" not in p.relative_to(site).parts
    )


@cache
def ids_of(path: Path) -> frozenset[str]:
    doc = parse(path.read_text(encoding="utf-8"))
    return frozenset(n.attrs["id"] for n in doc.iter() if "id" in n.attrs) | frozenset(
        n.attrs["name"] for n in doc.iter() if n.tag == "a" and "name" in n.attrs
    )


def links_of(path: Path) -> list[str]:
    doc = parse(path.read_text(encoding="utf-8"))
    return [
        node.attrs[attr]
        for tag, attr in LINK_ATTRS.items()
        for node in doc.find_all(tag)
        if attr in node.attrs
    ]


def resolve(site: Path, page: Path, url: str) -> tuple[Path, str]:
    """The file a relative URL on `page` points to, and its fragment."""
    target, fragment = urldefrag(url)
    path = unquote(urlsplit(target).path)
    if not path:
        return page, fragment
    resolved = (page.parent / path).resolve()
    if url.split("#")[0].endswith("/") or resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved, fragment


def broken_links(site: Path) -> list[str]:
    problems = []
    root = site.resolve()
    for page in html_files(site):
        where = page.relative_to(site).as_posix()
        for url in links_of(page):
            scheme = urlsplit(url).scheme
            if scheme in EXTERNAL:
                continue
            if url.startswith("/"):
                problems.append(f"{where}: root-absolute URL {url}")
                continue
            target, fragment = resolve(site, page, url)
            if not target.is_relative_to(root):
                problems.append(f"{where}: {url} leaves the site")
            elif not target.is_file():
                problems.append(f"{where}: {url} -> missing {target}")
            elif fragment and target.suffix == ".html" and fragment not in ids_of(target):
                problems.append(f"{where}: {url} -> no id {fragment!r}")
    return problems


def test_the_crawl_sees_the_pages(built_site: Path) -> None:
    pages = {p.relative_to(built_site).as_posix() for p in html_files(built_site)}
    for lang_root in ("", "en/"):
        for name in ("", "coverage/", "premiums/", "quote/", "join/", "contacts/"):
            assert f"{lang_root}{name}index.html" in pages


def test_no_broken_internal_link_or_anchor(built_site: Path) -> None:
    assert broken_links(built_site) == []


def test_every_label_names_a_control_of_its_page(built_site: Path) -> None:
    orphans = []
    for path in html_files(built_site):
        doc = parse(path.read_text(encoding="utf-8"))
        for node in doc.iter():
            target = node.attrs.get("for") if node.tag == "label" else None
            if target and target not in ids_of(path):
                orphans.append(f"{path.relative_to(built_site)}: label for={target!r}")
    assert orphans == []


def test_the_crawler_finds_breakage(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<p id="here"><a href="../b/">b</a><a href="#there">x</a><a href="/abs/">y</a>'
        '<a href="#here">ok</a><a href="https://example.org/">ext</a></p>',
        encoding="utf-8",
    )
    problems = broken_links(tmp_path)
    assert len(problems) == 3, problems
    assert any("missing" in p for p in problems)
    assert any("no id 'there'" in p for p in problems)
    assert any("root-absolute" in p for p in problems)


@pytest.mark.parametrize("lang_root", ["", "en/"])
def test_external_links_are_only_the_brochures_own(built_site: Path, lang_root: str) -> None:
    """Links to other hosts are plain links to the organisations named in the brochure."""
    allowed = {"www.itcoop.or.jp", "www.sompo-japan.co.jp", "www.sonpo.or.jp"}
    hosts = set()
    for page in html_files(built_site / lang_root if lang_root else built_site):
        for url in links_of(page):
            if urlsplit(url).scheme in ("http", "https"):
                hosts.add(urlsplit(url).hostname)
    assert hosts <= allowed


def test_no_sitemap_with_placeholder_urls(built_site: Path) -> None:
    """Without site_url MkDocs would publish a sitemap of "None/..." URLs; none is published."""
    for path in built_site.rglob("sitemap.xml*"):
        assert path.suffix != ".gz", path
        assert "<loc>None" not in path.read_text(encoding="utf-8"), path
