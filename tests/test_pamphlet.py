"""The printed pamphlet (issue 21): `export_all` writes it in Japanese and English from the
site's own pages, words and rates; read back here with poppler-utils (pdftotext, pdfinfo,
pdffonts, pdftohtml) and checked with the same checks the export runs on its layout.

Every export runs on a copy of the project's page sources in tmp_path (its cache included):
the changed-copy test edits that copy, never the checkout.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from conftest import RATES_TEXT, ROOT, ProjectCopy, edited
from cyberdocs import pamphlet
from cyberdocs.export_checks import PamphletPage, check_pamphlet
from cyberdocs.pamphlet_pages import localise
from cyberquote import load_rates
from cyberquote.yen import format_yen
from cyberstaff.export import export_all

LANGS = ("ja", "en")

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils missing: run `make system-deps`"
)


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


SIDE_MARGIN_PT = 15 * 72 / 25.4  # templates/pamphlet.css: @page margin, left and right
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
)


def read_pages(pdf: Path) -> list[PamphletPage]:
    """The PDF's pages as the checks read them, from pdftotext: size, text (reading order, as
    -layout gives it), and every word that lies in the left or right margin (-bbox)."""
    found = _PAGE.findall(_run("pdftotext", "-bbox", str(pdf), "-"))
    texts = _run("pdftotext", "-layout", str(pdf), "-").split("\f")[: len(found)]
    pages = []
    for (width, height, words), text in zip(found, texts, strict=True):
        right = float(width) - SIDE_MARGIN_PT
        outside = tuple(
            word
            for x_min, x_max, word in _WORD.findall(words)
            if float(x_min) < SIDE_MARGIN_PT - 1 or float(x_max) > right + 1
        )
        mm = 25.4 / 72
        pages.append(PamphletPage(float(width) * mm, float(height) * mm, text, outside=outside))
    return pages


@pytest.fixture(scope="module")
def exported(
    project_copy: ProjectCopy, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """(project copy, out dir) of one `export_all` with both pamphlets."""
    project = project_copy(linked=())  # the pamphlet cache (under build/) its own
    out = tmp_path_factory.mktemp("pamphlet")
    export_all(load_rates(project / "rates" / "2024.toml"), out, project=project)
    return project, out


def _pdf(exported: tuple[Path, Path], lang: str) -> Path:
    return exported[1] / f"pamphlet-2024-{lang}.pdf"


@pytest.mark.parametrize("lang", LANGS)
def test_pamphlet_read_back_passes_the_checks(exported, rates, lang):
    """A4 portrait, 8-24 pages, none blank, no word in the side margins; every premium beside
    its code, every contact number and every date, as pdftotext reads the written file."""
    pages = read_pages(_pdf(exported, lang))
    assert check_pamphlet(rates, lang, pages) == []
    assert 8 <= len(pages) <= 24


@pytest.mark.parametrize("lang", LANGS)
def test_pamphlet_embeds_every_font_and_is_tagged_pdf_ua(exported, lang):
    pdf = _pdf(exported, lang)
    rows = _run("pdffonts", str(pdf)).splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), rows  # the emb column
    assert any("IPAexGothic" in row for row in rows)
    info = _run("pdfinfo", str(pdf))
    assert "Tagged:          yes" in info
    assert re.search(
        r"Title: +全国情報技術協同組合 団体サイバー保険（2024年度）|Title: +ITCOOP Group Cyber Insurance, policy year 2024",
        info,
    )
    assert 'pdfuaid:part="1"' in _run("pdfinfo", "-meta", str(pdf))
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf.read_bytes(), re.DOTALL)
    inflated = b"".join(_inflate(s) for s in streams)
    assert re.search(rb"/Lang ?\(" + lang.encode() + rb"\)", inflated + pdf.read_bytes())


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompress(data)
    except zlib.error:
        return b""


@pytest.mark.parametrize("lang", LANGS)
def test_contents_footer_and_bookmarks_name_the_right_pages(exported, lang):
    pdf = _pdf(exported, lang)
    pages = read_pages(pdf)
    total = len(pages)
    assert not re.search(rf"\b1 / {total}\b", pages[0].text)  # no footer on the cover
    for number, page in enumerate(pages[1:], start=2):
        assert re.search(rf"\b{number} / {total}\s*$", page.text), number
    entries = re.findall(r"^(\S.*?)\s*\.{3,}\s*(\d+)\s*$", pages[1].text, re.M)
    assert len(entries) == 9, pages[1].text
    for title, number in entries:
        assert title.strip() in pages[int(number) - 1].text, (title, number)
    outline = _run("pdftohtml", "-i", "-stdout", "-xml", str(pdf))
    items = re.findall(r'<item page="(\d+)">([^<]+)</item>', outline)
    for title, number in entries:  # a bookmark per chapter, on its page
        assert (number, title.strip()) in items
    assert len(items) > 2 * len(entries)  # and one per section (h2)


@pytest.mark.parametrize("lang", LANGS)
def test_cross_references_give_real_page_numbers(exported, rates, lang):
    text = " ".join(p.text for p in read_pages(_pdf(exported, lang)))
    pattern = r"（(\d+)ページ）" if lang == "ja" else r"\(page (\d+)\)"
    numbers = [int(n) for n in re.findall(pattern, text)]
    assert len(numbers) >= 5
    assert all(3 <= n <= len(read_pages(_pdf(exported, lang))) for n in numbers)


@pytest.mark.parametrize("lang", LANGS)
def test_each_category_table_stays_on_one_page_and_contacts_come_last(exported, rates, lang):
    pages = [" ".join(p.text.split()) for p in read_pages(_pdf(exported, lang))]
    for category in rates.categories:
        codes = [rates.code(category.id, b.index, p.code) for b in rates.bands for p in rates.plans]
        holding = {
            n for n, text in enumerate(pages) for code in codes if re.search(rf"\b{code}\b", text)
        }
        assert len(holding) == 1, (category.id, holding)
    assert rates.contacts["adr_centre"].tel in pages[-1]
    cover = pages[0]
    assert "2023年12月15日" in cover if lang == "ja" else "15 December 2023" in cover


def _changed_copy(project_copy: ProjectCopy, *, draft: bool) -> Path:
    """A copy of the project with a premium, a phone number, a sentence and the approval changed."""
    edits = [
        ("16_740", "16_750"),
        ('"03-3241-0230"', '"03-3241-0299"'),
        ("[meta]\n", '[meta]\napproval_number = "SJ24-99999"\napproval_date = 2024-11-20\n'),
    ]
    if draft:
        edits.append(('status = "final"', 'status = "draft"'))
    files = {"rates/2024.toml": edited(RATES_TEXT, *edits)}
    for lang, sentence in (("ja", "お問い合わせは"), ("en", "For questions")):
        name = f"docs/{lang}/contacts.md"
        body = (ROOT / name).read_text(encoding="utf-8")
        heading_end = body.index("\n", body.index("\n# ")) + 1
        files[name] = f"{body[:heading_end]}\n{sentence}ZZ-改訂文。\n{body[heading_end:]}"
    return project_copy(files, linked=())


def test_a_changed_premium_number_sentence_and_approval_change_both_pamphlets(
    project_copy, tmp_path
):
    project = _changed_copy(project_copy, draft=False)
    rates = load_rates(project / "rates" / "2024.toml")
    export_all(rates, tmp_path / "out", project=project)
    for lang in LANGS:
        text = "".join(
            _run("pdftotext", str(tmp_path / "out" / f"pamphlet-2024-{lang}.pdf"), "-").split()
        )
        assert (
            f"AA1{format_yen(16_750, lang)}" in text
            and f"AA1{format_yen(16_740, lang)}" not in text
        )
        assert "03-3241-0299" in text and "03-3241-0230" not in text
        assert "ZZ-改訂文。" in text
        assert "SJ24-99999" in text


def test_a_draft_is_marked_on_every_page_and_shows_no_approval(project_copy, tmp_path):
    project = _changed_copy(project_copy, draft=True)
    rates = load_rates(project / "rates" / "2024.toml")
    export_all(rates, tmp_path / "out", project=project, pamphlets=("ja",))
    pdf = tmp_path / "out" / "pamphlet-2024-ja.pdf"
    pages = [p.text for p in read_pages(pdf)]
    assert all("下書き：保険会社の料率表と照合前です" in page for page in pages)
    assert "SJ24-99999" not in "".join(pages)
    assert not (tmp_path / "out" / "pamphlet-2024-en.pdf").exists()


def test_unchanged_sources_reuse_the_cached_pdf(exported, monkeypatch):
    project, out = exported
    rates = load_rates(project / "rates" / "2024.toml")

    def no_render(*args, **kwargs):
        raise AssertionError("rendered again although nothing changed")

    monkeypatch.setattr(pamphlet, "render_pdf", no_render)
    files = pamphlet.render_pamphlets(project, rates, LANGS, cache_dir=project / pamphlet.CACHE_DIR)
    for lang in LANGS:
        assert (
            files[f"pamphlet-2024-{lang}.pdf"] == (out / f"pamphlet-2024-{lang}.pdf").read_bytes()
        )


def test_the_checks_name_a_missing_figure_a_blank_or_wrong_page_and_an_overflow(rates):
    page = PamphletPage(210, 297, "x")
    problems = check_pamphlet(
        rates,
        "ja",
        [page] * 7
        + [
            PamphletPage(210, 297, " ", drawn=False),
            PamphletPage(297, 210, "y", outside=("https://a-very-long-address",)),
        ],
    )
    text = "\n".join(problems)
    assert "page 8 is blank" in text
    assert "page 9 is 297 × 210 mm, not A4 portrait" in text
    assert "page 9: 'https://a-very-long-address' lies outside the margins" in text
    assert "premium AA1: 'AA116,740円' is not printed" in text
    assert "secretariat tel: '03-3241-0230' is not printed" in text
    assert "application deadline: '2023年12月15日' is not printed" in text
    assert "7 pages" not in text and "9 pages" not in text


def test_links_between_chapters_become_page_references_and_others_lose_their_link():
    body = localise(
        "index",
        '<h2 id="plans">P</h2><a href="premiums.md#tables">表</a> <a href="quote.md">試算</a>'
        ' <a href="#plans">上</a> <a href="tel:0332410230">03</a>',
    )
    assert 'id="index--plans"' in body
    assert '<a class="pamphlet-xref" href="#premiums--tables">表</a>' in body
    assert "<span>試算</span>" in body and "quote.md" not in body
    assert 'href="#index--plans"' in body and 'href="tel:0332410230"' in body


def test_the_layout_reading_finds_an_overflow_and_a_blank_page():
    """What the export checks before writing, read off WeasyPrint's layout: a line wider than
    the page's text area and a page with nothing on it."""
    import weasyprint

    html = (
        '<html lang="ja"><body><p style="white-space:nowrap">' + "保険料表" * 80 + "</p>"
        '<p style="break-before:page"></p><p style="break-before:page">三</p></body></html>'
    )
    css = weasyprint.CSS(string="@page { size: A4; margin: 20mm }")
    pages = [
        pamphlet.page_facts(p) for p in weasyprint.HTML(string=html).render(stylesheets=[css]).pages
    ]
    assert len(pages) == 3
    assert pages[0].outside and not pages[2].outside
    assert round(pages[0].width_mm) == 210 and round(pages[0].height_mm) == 297
    assert not pages[1].drawn and pages[2].text == "三"
