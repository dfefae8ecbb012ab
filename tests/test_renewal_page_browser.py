"""The renewal check page (staff/renewal/) in Chromium, served under a subpath with the site's CSP:
LibreOffice workbooks dropped or chosen, checked by cyberrenewal.browser.review in the page's
worker on the site's own Pyodide, the result, the approval document and the draft to download.

One page load for the checks (the renewal runtime takes seconds to start): each test gives it a
file of its own name and waits for the answer about that file; one more, quick, for a runtime
that cannot load.
"""

from __future__ import annotations

import base64
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, Recorder, goto
from cyberquote import load_rates
from test_site_axe import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("renewal-page")]

FIXTURES = ROOT / "tests" / "fixtures" / "renewal"
PAGE = "staff/renewal/"
# The ten premiums make_fixtures.py raised by 5 % in LibreOffice Calc (RAISED there), by code.
RAISED = {"AA1", "AA2", "AB3", "AC4", "BA1", "BB8", "CC2", "CA5", "DB1", "DC8"}
START_MS = 90_000  # a cold start on 2 busy cores: Pyodide, the stdlib, openpyxl


@pytest.fixture(scope="module")
def renewal(browser: Any, base: str) -> Iterator[tuple[Any, Recorder]]:
    """The Japanese page, its runtime started and ready, recorded for the whole module."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    recorder = Recorder()
    recorder.attach(page)
    goto(page, base + PAGE)
    page.wait_for_selector("#renewal-result[data-state=ready]", timeout=START_MS)
    try:
        yield page, recorder
    finally:
        context.close()


def answer(page: Any, name: str) -> str:
    """The state once the page has answered about the file `name`."""
    page.wait_for_function(
        """name => ["ok", "problems"].includes(document.getElementById("renewal-result").dataset.state)
                   && document.getElementById("renewal-status").textContent.startsWith(name)""",
        arg=name,
        timeout=30_000,
    )
    return page.get_attribute("#renewal-result", "data-state")


def drop(page: Any, path: Path, name: str) -> None:
    """A file dragged from the desktop onto the drop box (a real drop event with its files)."""
    page.evaluate(
        """([data, name]) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name));
            const box = document.getElementById("renewal-drop");
            for (const type of ["dragover", "drop"]) {
              box.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true, cancelable: true}));
            }
        }""",
        [base64.b64encode(path.read_bytes()).decode(), name],
    )


def test_ten_premiums_raised_give_ok_the_approval_document_and_a_draft_holding_them(
    renewal: tuple[Any, Recorder],
) -> None:
    page, _ = renewal
    page.set_input_files("#renewal-file", str(FIXTURES / "2025-ten-raised.xlsx"))
    assert answer(page, "2025-ten-raised.xlsx") == "ok"
    assert page.is_hidden("#renewal-problems")
    codes = page.eval_on_selector_all("#renewal-diff td", "cells => cells.map(c => c.textContent)")
    assert (
        RAISED <= set(codes)
        and not {c for c in codes if re.fullmatch(r"[A-D][A-C][1-8]", c)} - RAISED
    )
    # The document is rebuilt from an inert parse: no style attribute, no element but its own.
    assert (
        page.eval_on_selector(
            "#renewal-diff", "d => d.querySelectorAll('[style], script, img').length"
        )
        == 0
    )
    with page.expect_download() as info:
        page.click("#renewal-download")
    download = info.value
    assert download.suggested_filename == "2025.toml"
    new = load_rates(Path(download.path()), name="2025.toml")
    old = load_rates(ROOT / "rates" / "2024.toml")
    assert new.is_draft and new.year == 2025
    changed = {new.code(*key) for key, yen in new.premiums.items() if yen != old.premiums[key]}
    assert changed == RAISED


def test_the_approval_document_prints_alone_without_the_sites_edition_line(
    renewal: tuple[Any, Recorder], tmp_path: Path
) -> None:
    """Printed for the approval, the page is the document about next year: not the page's other
    parts, and not the foot every other printed page has (this year's edition and source)."""
    page, _ = renewal
    page.set_input_files("#renewal-file", str(FIXTURES / "2025-ten-raised.xlsx"))
    assert answer(page, "2025-ten-raised.xlsx") == "ok"
    pdf = tmp_path / "approval.pdf"
    pdf.write_bytes(page.pdf(format="A4"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "2025年度" in text and "AA1" in text
    assert "年度版" not in text and "記入した保険料表を選ぶ" not in text


def test_a_text_and_a_tenfold_premium_give_problems_naming_both_cells(
    renewal: tuple[Any, Recorder],
) -> None:
    page, _ = renewal
    drop(page, FIXTURES / "2025-text-tenfold.xlsx", "保険料表-2025.xlsx")
    assert answer(page, "保険料表-2025.xlsx") == "problems"
    problems = page.eval_on_selector_all(
        "#renewal-problems li", "items => items.map(li => li.textContent)"
    )
    assert len(problems) == 2
    assert "AA1 (業種区分Ⅰ!C5)" in problems[0] and "未定" in problems[0]
    assert "DC8 (業種区分Ⅳ!G12)" in problems[1] and "+900%" in problems[1]
    assert page.is_hidden("#renewal-diff-step") and page.is_hidden("#renewal-download-step")
    assert axe_violations(page) == []


def test_text_from_the_file_is_shown_as_text(renewal: tuple[Any, Recorder], tmp_path: Path) -> None:
    """A file named like markup, and unreadable: its name reaches the page as text only."""
    page, _ = renewal
    hostile = '<img src=x onerror="document.title=1">.xlsx'
    drop_file = tmp_path / "book.xlsx"
    drop_file.write_bytes(b"not a workbook")
    drop(page, drop_file, hostile)
    assert answer(page, hostile) == "problems"
    assert hostile in page.text_content("#renewal-problems")
    assert page.eval_on_selector("#renewal-result", "r => r.querySelectorAll('img').length") == 0


def tab_to(page: Any, element_id: str, presses: int = 60) -> None:
    """Tab until `element_id` has the focus (each Tab goes forward from the last one)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} not reached in {presses} presses of Tab")


def test_a_keyboard_alone_gets_the_workbook_checked_and_the_draft(
    renewal: tuple[Any, Recorder],
) -> None:
    """Tab to the workbook link, then to the file input (Space opens the file chooser), then to
    the download once the answer is in (Enter saves it): no mouse."""
    page, _ = renewal
    page.click("h1")  # the keyboard's starting point: the top of the page's text
    tab_to(page, "renewal-workbook")
    tab_to(page, "renewal-file")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(FIXTURES / "2025-ten-raised.xlsx"))
    assert answer(page, "2025-ten-raised.xlsx") == "ok"
    tab_to(page, "renewal-download")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "2025.toml"


def test_nothing_leaves_the_site_and_nothing_fails(renewal: tuple[Any, Recorder]) -> None:
    _, recorder = renewal
    assert recorder.foreign() == []
    assert recorder.problems() == []
    assert any("/assets/renewal/runtime." in url for url in recorder.requests)


def test_a_runtime_that_cannot_load_says_so_and_points_to_the_commands(
    browser: Any, base: str
) -> None:
    context = browser.new_context()
    try:
        context.route("**/assets/renewal/runtime.*.json", lambda route: route.fulfill(status=404))
        page = context.new_page()
        goto(page, base + PAGE)
        page.wait_for_selector("#renewal-result[data-state=failed]", timeout=30_000)
        assert "起動できませんでした" in page.text_content("#renewal-status")
        guide = page.eval_on_selector("#renewal-failure a", "a => a.href")
        assert guide == base + "staff/"  # the staff guide, with the commands
        assert "404" in page.get_attribute("#renewal-failure", "data-reason")
    finally:
        context.close()


# --- the built pages, read as files -----------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_each_language_names_its_workbook_and_the_runtime_the_build_wrote(
    built_site: Path, lang: str
) -> None:
    page = (built_site / ("en/" if lang == "en" else "") / PAGE / "index.html").read_text("utf-8")
    workbook = re.search(r'id="renewal-workbook"[^>]*href="([^"]+)"', page)
    runtime = re.search(r'data-renewal-runtime="([^"]+)"', page)
    assert workbook and runtime
    folder = built_site / ("en/" if lang == "en" else "") / PAGE
    assert f"workbook-2025-{lang}." in workbook[1] and (folder / workbook[1]).resolve().is_file()
    assert (folder / runtime[1]).resolve().is_file()


def test_only_the_renewal_page_names_its_runtime_and_it_stays_out_of_nav_and_search(
    built_site: Path,
) -> None:
    naming = {
        path.relative_to(built_site).as_posix()
        for path in built_site.rglob("*.html")
        if re.search(r"assets/renewal/|cq-renewal", path.read_text("utf-8"))
    }
    assert naming == {f"{PAGE}index.html", f"en/{PAGE}index.html"}
    for home in ("index.html", "en/index.html"):
        assert "staff/renewal/" not in (built_site / home).read_text("utf-8")
    index = (built_site / "search" / "search_index.json").read_text("utf-8")
    assert "新しい保険料の確認" not in index and "Checking the new premiums" not in index
