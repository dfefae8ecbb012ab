"""Text from the rates file is shown as text everywhere it reaches the site, never read as markup.

The site is built once from a copy of rates/2024.toml whose texts carry HTML (an element with an
id, an attribute break-out with an event handler, a <meta http-equiv="refresh">), a Markdown link
to javascript:, and, in the source line the print stylesheet quotes, a quote and a backslash.
Every page must show those characters and hold no such element, attribute or link; the print
stylesheet's string must stay one CSS string (its CR, LF and FF escapes are tested in
test_site_macros.py: the PDF export rightly refuses a control character in the source line).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import RATES_TEXT, ProjectCopy, mkdocs_build
from htmltree import Node, parse

B_ID = '<b id="x">'
BREAK_OUT = '"><img src=x onerror=alert(1)>'
REFRESH = '<meta http-equiv="refresh" content="0;url=https://example.com">'
LINK = "[x](javascript:alert(1))"

pytestmark = pytest.mark.xdist_group("escaping")


def toml_text(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\f", "\\f")
    )


def appended(source: str, line_start: str, payload: str, *, before: bool = False) -> str:
    """The rates text with `payload` added to the ja and en texts of the one line starting so."""
    lines = [x for x in source.splitlines() if x.strip().startswith(line_start)]
    assert len(lines) == 1, line_start
    escaped = toml_text(payload)

    def add(m: re.Match[str]) -> str:
        text = f"{escaped}{m[2]}" if before else f"{m[2]}{escaped}"
        return f'{m[1]} = "{text}"'

    return source.replace(lines[0], re.sub(r'\b(ja|en) = "([^"]*)"', add, lines[0]))


def poisoned(source: str) -> str:
    """The rates file with each payload added to texts that reach the title, the header and
    footer, the tables, the Markdown text (t(), listed(), the mid-term rule) and the print CSS."""
    source = appended(source, 'name = { ja = "全国情報技術協同組合 団体サイバー保険"', B_ID)
    source = appended(source, "lead_agent = ", REFRESH)
    source = appended(
        source, 'name = { ja = "株式会社エクセル"', BREAK_OUT
    )  # the lead agent's contact
    source = appended(source, "territory = ", LINK, before=True)
    source = appended(source, '{ id = "finance",', LINK)
    return appended(source, "source = ", BREAK_OUT + ' \\ "q"')


@pytest.fixture(scope="module")
def site(project_copy: ProjectCopy) -> Path:
    project = project_copy({"rates/2024.toml": poisoned(RATES_TEXT)})
    out = project / "site"
    result = mkdocs_build(out, project=project, env={"CYBERQUOTE_YEAR": "2024"})
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts)


def offences(tree: Node) -> list[str]:
    found = [f"<b id={n.attrs['id']}>" for n in tree.find_all("b") if "id" in n.attrs]
    found += ["<img>" for n in tree.find_all("img") if "onerror" in n.attrs]
    found += ["refresh" for n in tree.find_all("meta") if n.attrs.get("http-equiv") == "refresh"]
    found += [
        n.attrs["href"]
        for n in tree.find_all("a")
        if n.attrs.get("href", "").strip().lower().startswith("javascript:")
    ]
    found += [name for n in tree.iter() for name in n.attrs if name.startswith("on")]
    return found


def test_no_page_holds_an_element_attribute_or_link_from_the_rates_text(site: Path) -> None:
    checked = pages(site)
    assert len(checked) >= 20
    for page in checked:
        assert offences(parse(page.read_text("utf-8"))) == [], page.relative_to(site)


@pytest.mark.parametrize("lang_root", ["", "en/"])
def test_the_rates_text_is_shown_as_written(site: Path, lang_root: str) -> None:
    home = parse((site / lang_root / "index.html").read_text("utf-8"))
    assert B_ID in home.find("title").text()  # the site name: title, header
    assert B_ID in home.find("header").text()
    assert REFRESH in home.find("article").text()  # t(lead_agent) in a Markdown table
    assert BREAK_OUT in home.find("aside", cls="cq-edition").text()  # the theme's footer
    assert BREAK_OUT in home.find("aside", cls="cq-card").text()  # the theme's incident card
    coverage = parse((site / lang_root / "coverage" / "index.html").read_text("utf-8"))
    assert LINK in coverage.find("article").text()  # t(territory) alone on its line
    join = parse((site / lang_root / "join" / "index.html").read_text("utf-8"))
    assert REFRESH in join.find("article").text()  # the mid-term rule names the lead agent
    assert LINK in home.find("article").text()  # listed(excluded) in a Markdown list item
    quote = parse((site / lang_root / "quote" / "index.html").read_text("utf-8"))
    assert LINK in quote.find("select", id="quote-industry").text()  # the form's options
    eligibility = parse((site / lang_root / "eligibility" / "index.html").read_text("utf-8"))
    assert LINK in eligibility.find("ul", cls="cq-excluded").text()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_print_stylesheet_keeps_the_source_one_css_string(site: Path, lang: str) -> None:
    css = (site / "assets" / "stylesheets" / f"cq-print-{lang}.css").read_text("utf-8")
    line = next(x for x in css.splitlines() if "@bottom-left" in x)
    content = re.fullmatch(r'\s*@bottom-left \{ content: "((?:[^"\\\n\r\f]|\\.)*)"; .*\}', line)
    assert content is not None, line
    assert '\\"><img src=x onerror=alert(1)> \\\\ \\"q\\"' in content[1]
