"""A scripted renewal to 2025, end to end, in a temporary copy of the repository.

Staff's steps, run as staff run them: `cyberquote rates new 2025`, `rates sheet` (the workbook),
the new premiums typed into it with openpyxl as a person would (numbers, and text cells typed
"22,980", "２９，６３０", "1223510円"; some up, one down), `rates import` into the draft, a moved
deadline, `rates check` (refuses the draft, warns about weekend deadlines), `rates diff --format
html`, `make site` with no year (refused: a newer file is a draft), a build of the draft (refused),
a preview build (PREVIEW on every page), confirm (status "final"), and the final build with
`cyberquote site publish` where `make`, `node` and `brotli` are not on PATH. Then the built site's
tables, the exports, the what-changed page, the policy year on every page and the widget's answers
must all be 2025's, and nothing under docs/ may have changed.

The copy is built once per session (all tests here run in one xdist group).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import PROJECT, ROOT, SHARED, ProjectCopy, edited
from cyberquote import Rates, load_rates, quote

pytestmark = pytest.mark.xdist_group("renewal-2025")

# The insurer's new sheet, as staff type it into the workbook: (sheet, cell, what is typed).
TYPED = (
    ("業種区分Ⅰ", "C5", 17_410),  # AA1: a number
    ("業種区分Ⅰ", "E5", "22,980"),  # AB1: text with a comma
    ("業種区分Ⅰ", "G5", "２９，６３０"),  # AC1: full-width digits and comma
    ("業種区分Ⅳ", "E7", "1223510円"),  # DB3: with 円
    ("業種区分Ⅳ", "G12", 3_927_550),  # DC8: down
)
# Dates are not in the workbook: the deadline is moved in the draft itself.
EDITS = (("application_deadline = 2024-12-15", "application_deadline = 2024-12-13"),)
CONFIRM = ('status = "draft"', 'status = "final"')
NEW_SOURCE = ("SJ23-10043（2023年11月14日承認）", "SJ99-00000（試験用の番号）")  # final: not 2024's
CHANGED = {  # code -> (2024, 2025)
    "AA1": (16_740, 17_410),
    "AB1": (22_100, 22_980),
    "AC1": (28_490, 29_630),
    "DB3": (1_176_450, 1_223_510),
    "DC8": (4_008_720, 3_927_550),
}


@dataclass(frozen=True)
class Renewal:
    repo: Path
    site: Path  # the published 2025 build
    preview: Path  # the preview build of the draft
    old: Rates
    new: Rates
    steps: dict[str, subprocess.CompletedProcess[str]]
    docs_before: str
    docs_after: str


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def environment(repo: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CYBERQUOTE_YEAR", "CYBERQUOTE_PREVIEW", "PYTHONPATH")
    }
    env.update(PYTHONPATH=str(repo / "site_src"), NO_MKDOCS_2_WARNING="1", **extra)
    return env


def run(repo: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    console = extra.get("PYTHONIOENCODING", "utf-8")  # cp932: a Japanese Windows console
    return subprocess.run(
        list(args), cwd=repo, env=environment(repo, **extra), capture_output=True, encoding=console
    )


def cyberquote(repo: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return run(repo, sys.executable, "-m", "cyberstaff", *args, **extra)


def mkdocs(repo: Path, site: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return run(repo, sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site), **extra)


def without_make_node_brotli(tmp: Path) -> str:
    """A PATH with none of make, node, brotli (nor anything else): the staff flow needs Python only."""
    bare = tmp / "bare-path"
    bare.mkdir(exist_ok=True)
    for tool in ("make", "node", "brotli"):
        assert shutil.which(tool, path=str(bare)) is None
    return str(bare)


def type_into_workbook(book: Path) -> None:
    """What a person does in Excel, done with openpyxl: type the new figures, save."""
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    for sheet, cell, value in TYPED:
        workbook[sheet][cell] = value
    workbook.save(book)


def make(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`make` as staff run it; -o deps: the shared virtualenv and packages are set up already."""
    return run(repo, "make", "-o", "deps", *args)


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(edited(path.read_text("utf-8"), (old, new)), "utf-8")


@pytest.fixture(scope="session")
def renewal(project_copy: ProjectCopy, tmp_path_factory: pytest.TempPathFactory) -> Renewal:
    # staff's folder: the make targets and the README too; the virtualenv linked, as installed
    repo = project_copy(copied=(*PROJECT, "README.md", "Makefile"), linked=(".venv", *SHARED))
    docs_before = tree_hash(repo / "docs")
    target = repo / "rates" / "2025.toml"
    bare = without_make_node_brotli(tmp_path_factory.mktemp("renewal"))
    steps = {"new": cyberquote(repo, "rates", "new", "2025", PATH=bare)}
    assert steps["new"].returncode == 0, steps["new"].stderr
    steps["new_again"] = cyberquote(repo, "rates", "new", "2025")
    steps["diff_draft"] = cyberquote(
        repo, "rates", "diff", "rates/2024.toml", "rates/2025.toml", "--format", "md"
    )
    book = repo / "保険料表-2025.xlsx"
    steps["sheet"] = cyberquote(
        repo, "rates", "sheet", "rates/2025.toml", "--out", book.name, PATH=bare
    )
    assert steps["sheet"].returncode == 0, steps["sheet"].stderr
    type_into_workbook(book)
    steps["import"] = cyberquote(
        repo, "rates", "import", book.name, "--into", "rates/2025.toml", PATH=bare
    )
    assert steps["import"].returncode == 0, steps["import"].stderr
    for old, new in EDITS:
        edit(target, old, new)
    steps["check_draft"] = cyberquote(repo, "rates", "check", "rates/2025.toml", PATH=bare)
    steps["diff_html"] = cyberquote(
        repo, "rates", "diff", "rates/2024.toml", "rates/2025.toml", "--format", "html",
        "--out", "変更点-2025.html", PATH=bare,
    )  # fmt: skip
    steps["make_older"] = make(repo, "site")  # 2024 while 2025 is a draft: refused
    steps["mkdocs_older"] = mkdocs(repo, repo / "refused-older")  # the same, by mkdocs itself
    steps["build_draft"] = mkdocs(repo, repo / "refused", CYBERQUOTE_YEAR="2025")
    steps["make_draft"] = make(repo, "site", "YEAR=2025")
    steps["build_preview"] = make(repo, "site", "PREVIEW=1")  # the newest file, draft or not
    assert steps["build_preview"].returncode == 0, steps["build_preview"].stderr[-3000:]
    preview = (repo / "site").rename(repo / "preview")
    edit(target, *CONFIRM)
    edit(target, *NEW_SOURCE)
    steps["check_final"] = cyberquote(repo, "rates", "check", "rates/2025.toml", PATH=bare)
    steps["diff_final"] = cyberquote(repo, "rates", "diff", "rates/2024.toml", "rates/2025.toml")
    site = repo / "site"
    # The final build as staff without make, Node or brotli do it: no year named, the newest
    # final file (2025), put in place atomically, on a Japanese Windows console's encoding.
    steps["build"] = cyberquote(
        repo, "site", "publish", "--to", "site", PATH=bare, PYTHONIOENCODING="cp932"
    )
    assert steps["build"].returncode == 0, steps["build"].stderr[-3000:]
    return Renewal(
        repo=repo,
        site=site,
        preview=preview,
        old=load_rates(repo / "rates" / "2024.toml"),
        new=load_rates(target),
        steps=steps,
        docs_before=docs_before,
        docs_after=tree_hash(repo / "docs"),
    )


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.parts)


def cells(html: str) -> dict[str, int]:
    found = re.findall(r'<td[^>]*data-code="(\w+)"[^>]*data-premium="(\d+)"', html)
    return {code: int(premium) for code, premium in found}


# --- the staff commands ------------------------------------------------------------------------


def test_rates_new_writes_a_draft_and_refuses_to_overwrite(renewal: Renewal) -> None:
    assert "rates/2025.toml" in renewal.steps["new"].stdout
    assert "下書き" in renewal.steps["new"].stdout
    again = renewal.steps["new_again"]
    assert again.returncode == 2 and "上書きはしません" in again.stderr


def test_rates_new_says_once_that_the_deadline_it_moved_is_a_sunday(renewal: Renewal) -> None:
    err = renewal.steps["new"].stderr
    assert (
        "period.application_deadline: 始期からの加入の申込締切 2024年12月15日（日）は日曜日で、"
        "幹事代理店の休業日です" in err
    )
    assert "前の平日の2024年12月13日（金）に変えたときだけ、その日付に直してください" in err


def test_the_workbook_is_laid_out_as_the_brochure(renewal: Renewal) -> None:
    from openpyxl import load_workbook

    assert (
        "保険料表-2025.xlsx を書き出しました（業種区分4・保険料96件）"
        in renewal.steps["sheet"].stdout
    )
    book = load_workbook(renewal.repo / "保険料表-2025.xlsx")
    assert book.sheetnames == ["業種区分Ⅰ", "業種区分Ⅱ", "業種区分Ⅲ", "業種区分Ⅳ", "保険金額"]
    first = book["業種区分Ⅰ"]
    assert (first["A5"].value, first["B5"].value) == ("3億円まで", "AA1")
    assert first["C5"].number_format == '#,##0"円"'
    assert first.freeze_panes == "B5" and first.print_area


def test_import_reads_numbers_and_typed_text_and_keeps_the_layout(renewal: Renewal) -> None:
    out = renewal.steps["import"].stdout
    assert "rates/2025.toml に書き込みました: 保険料5件を変更（96件中）" in out
    for line in ("AB1: 22,100円 → 22,980円（+880円）", "AC1: 28,490円 → 29,630円（+1,140円）",
                 "DB3: 1,176,450円 → 1,223,510円（+47,060円）", "DC8: 4,008,720円 → 3,927,550円（-81,170円）"):  # fmt: skip
        assert line in out, line
    text = (renewal.repo / "rates" / "2025.toml").read_text("utf-8")
    assert "{ A =    17_410, B =    22_980, C =    29_630 },   # AA1 AB1 AC1   3億円まで" in text
    assert "B = 1_223_510" in text and "# Premiums: annual, lump sum, in yen." in text


def test_check_of_the_draft_refuses_without_repeating_deadline_facts(renewal: Renewal) -> None:
    check = renewal.steps["check_draft"]
    assert check.returncode == 1
    assert "警告: rates/2025.toml: meta.source: 出典が2024年度のままです" in check.stderr
    assert "休業日" not in check.stderr  # said once by rates new; the site marks them


def test_diff_as_html_for_an_email(renewal: Renewal) -> None:
    assert renewal.steps["diff_html"].returncode == 0, renewal.steps["diff_html"].stderr
    html = (renewal.repo / "変更点-2025.html").read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="ja">' in html
    assert "<script" not in html and "<link" not in html and "<style" not in html
    assert "96件中5件が変わります（値上げ4件、値下げ1件）。" in html
    assert ">AA1</td>" in html and ">+670円</td>" in html


def test_make_site_refuses_last_year_while_this_year_is_a_draft(renewal: Renewal) -> None:
    refused = renewal.steps["make_older"]
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "rates/2025.toml: 下書きのため、その前の2024年度のサイトは作りません" in refused.stderr
    assert "make site PREVIEW=1" in refused.stderr and "make site YEAR=2024" in refused.stderr
    direct = renewal.steps["mkdocs_older"]
    assert direct.returncode != 0
    assert "rates/2025.toml: a draft, so no site is built" in direct.stderr
    assert "Traceback" not in direct.stderr
    assert not (renewal.repo / "refused-older" / "index.html").exists()


def test_final_build_needs_no_make_node_or_brotli(renewal: Renewal) -> None:
    build = renewal.steps["build"]
    assert "Node がないため" in build.stderr
    assert "に公開しました。" in build.stdout
    assert not list(renewal.repo.glob(".site-new-*"))  # the staging folder is gone


def test_diff_of_the_fresh_draft_shows_only_the_dates(renewal: Renewal) -> None:
    md = renewal.steps["diff_draft"].stdout
    assert renewal.steps["diff_draft"].returncode == 0
    assert "96件とも変わりません。" in md
    assert md.count("変更はありません。") == 5  # programme, limits, bands, eligibility, contacts
    assert "| 保険期間の始期 | 2024年1月1日午後4時 | 2025年1月1日午後4時 |" in md


def test_check_refuses_the_draft_and_passes_the_confirmed_file(renewal: Renewal) -> None:
    draft, final = renewal.steps["check_draft"], renewal.steps["check_final"]
    assert draft.returncode == 1 and "下書き" in draft.stderr
    assert final.returncode == 0 and "2025年度" in final.stdout and "96" in final.stdout


def test_build_refuses_the_draft_with_a_clear_message(renewal: Renewal) -> None:
    refused = renewal.steps["build_draft"]
    assert refused.returncode != 0
    assert "下書き" in refused.stderr and "make site PREVIEW=1" in refused.stderr
    assert "is a draft" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (renewal.repo / "refused" / "index.html").exists()


def test_make_site_refuses_the_draft_and_previews_it(renewal: Renewal) -> None:
    refused, preview = renewal.steps["make_draft"], renewal.steps["build_preview"]
    assert refused.returncode != 0
    assert "rates/2025.toml: 下書き" in refused.stderr and "mkdocs build" not in refused.stdout
    assert "PREVIEW: rates/2025.toml" in preview.stdout
    assert "rates check" not in preview.stdout
    assert "rates/2025.toml: OK" in renewal.steps["build"].stdout


def test_diff_after_editing_lists_every_change(renewal: Renewal) -> None:
    text = renewal.steps["diff_final"].stdout
    assert "96件中5件が変わります（値上げ4件、値下げ1件）。" in text
    for code in CHANGED:
        assert re.search(rf"\b{code}\b", text), code
    assert "2024年12月13日" in text


# --- the published 2025 site -------------------------------------------------------------------


def test_docs_were_not_edited(renewal: Renewal) -> None:
    assert renewal.docs_after == renewal.docs_before


def test_premium_tables_show_2025_in_both_languages(renewal: Renewal) -> None:
    expected = {renewal.new.code(*key): premium for key, premium in renewal.new.premiums.items()}
    for page in ("premiums/index.html", "en/premiums/index.html"):
        shown = cells((renewal.site / page).read_text("utf-8"))
        assert shown == expected, page
    assert expected["AA1"] == 17_410 and expected["DC8"] == 3_927_550


def edition(year: int, lang: str) -> str:
    """The site's words for a policy year ([site.edition] of the words catalogue)."""
    catalogue = ROOT / "site_src" / "cyberquote" / "words.toml"
    return tomllib.loads(catalogue.read_text("utf-8"))["site"]["edition"][lang].format(year=year)


def test_every_page_names_policy_year_2025(renewal: Renewal) -> None:
    found = pages(renewal.site)
    assert len(found) >= 20
    for page in found:
        html = page.read_text("utf-8")
        english = page.relative_to(renewal.site).parts[0] == "en"
        lang = "en" if english else "ja"
        assert edition(2025, lang) in html, page  # the site's own words, e.g. 2025年度版
        assert edition(2024, lang) not in html, page
        assert 'class="cq-preview-banner"' not in html, page


def change_rows(html: str, section: str) -> dict[str, list[str]]:
    """The what-changed table of one section: its body rows' cells, by the row's 4th cell
    (the premium code) or first cell (the item)."""
    start = html.index(f'<table class="cq-changes" data-section="{section}">')
    table = html[start : html.index("</table>", start)]
    rows = [
        re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]
    key = 3 if section == "premiums" else 0
    return {row[key]: row for row in rows if row}


def test_what_changed_page_lists_every_change(renewal: Renewal) -> None:
    html = (renewal.site / "changes" / "index.html").read_text("utf-8")
    shown = change_rows(html, "premiums")
    assert set(shown) == set(CHANGED)
    assert shown["AA1"][4:] == ["16,740円", "17,410円", "+670円", "+4.0%"]
    assert shown["DC8"][4:] == ["4,008,720円", "3,927,550円", "-81,170円", "-2.0%"]
    assert "96件中5件が変わります（値上げ4件、値下げ1件）。" in html
    dates = change_rows(html, "dates")
    assert dates["始期からの加入の申込締切日"][1:] == ["2023年12月15日", "2024年12月13日"]
    assert dates["保険期間の終期"][1:] == ["2025年1月1日午後4時", "2026年1月1日午後4時"]
    assert 'data-section="limits">変更はありません。' in html
    en = (renewal.site / "en" / "changes" / "index.html").read_text("utf-8")
    assert "Premiums changing: 5 of 96 (4 up, 1 down)." in en
    assert "¥17,410" in en and "+¥670" in en and "13 December 2024" in en


def test_what_changed_page_is_in_the_navigation(renewal: Renewal) -> None:
    home = (renewal.site / "index.html").read_text("utf-8")
    assert 'href="changes/"' in home


def test_exports_are_2025(renewal: Renewal) -> None:
    for downloads in (renewal.site / "downloads", renewal.site / "en" / "downloads"):
        names = sorted(p.name for p in downloads.iterdir())
        assert "premiums-2025.pdf" in names and "premiums-2025.csv" in names
        assert not any("2024" in name for name in names), names
        csv = (downloads / "premiums-2025.csv").read_text("utf-8-sig")
        assert re.search(r"AA1\D+17,?410", csv) and re.search(r"DC8\D+3,?927,?550", csv)
        assert not re.search(r"AA1\D+16,?740", csv)
    pdf = subprocess.run(
        ["pdftotext", str(renewal.site / "downloads" / "premiums-2025.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "17,410" in pdf and "3,927,550" in pdf and "16,740" not in pdf


def test_widget_answers_with_2025_rates_in_cpython(renewal: Renewal) -> None:
    # the rates file the widget fetches: rates/2025.toml, or its content-hashed name
    (published,) = (renewal.site / "assets" / "rates").glob("2025*.toml")
    rates = load_rates(published)
    answer = quote(rates, industry="manufacturing", revenue="2億", plan="A", today=date(2025, 3, 1))
    data = answer.to_dict()
    assert data["policy_year"] == 2025
    assert (data["code"], data["premium_yen"]) == ("AA1", 17_410)
    assert data["coverage_end"] == "2026-01-01"
    it = quote(rates, industry="it", revenue=10_000_000_000, plan="C").to_dict()
    assert (it["code"], it["premium_yen"]) == ("DC8", 3_927_550)


# --- the preview of the draft ------------------------------------------------------------------


def test_preview_marks_every_page_under_its_title(renewal: Renewal) -> None:
    found = [*pages(renewal.preview), renewal.preview / "404.html"]
    assert len(found) >= 20
    for page in found:
        html = page.read_text("utf-8")
        assert html.count('class="cq-preview-banner"') == 1, page
        h1 = html.index("<h1")
        assert h1 < html.index("cq-preview-banner"), page
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        assert "PREVIEW" not in title and title.strip(), page
    ja = (renewal.preview / "index.html").read_text("utf-8")
    assert "PREVIEW" in ja and "公開しないでください" in ja and "2025年度" in ja
    en = (renewal.preview / "en" / "index.html").read_text("utf-8")
    assert "Do not publish this site." in en


def test_preview_shows_the_draft_figures(renewal: Renewal) -> None:
    shown = cells((renewal.preview / "premiums" / "index.html").read_text("utf-8"))
    assert shown["AA1"] == 17_410 and shown["DC8"] == 3_927_550


# --- the staff guide of the 2025 site ----------------------------------------------------------


def test_staff_guide_walks_the_next_renewal_by_the_workbook(renewal: Renewal) -> None:
    ja = (renewal.site / "staff" / "index.html").read_text("utf-8")
    assert "cyberquote rates new 2026" in ja
    assert "cyberquote rates sheet rates/2026.toml --out 保険料表-2026.xlsx" in ja
    assert "AA1: 17,410円 → 17,930円（+520円）" in ja  # this year's AA1 raised by 3%
    assert "rates/2026.toml: OK（2026年度" in ja
    assert "rsync" not in ja and "curl" not in ja and "make site" not in ja
    en = (renewal.site / "en" / "staff" / "index.html").read_text("utf-8")
    assert "rates/2026.toml: OK — policy year 2026" in en


def test_staff_guide_is_out_of_the_members_navigation_and_search(renewal: Renewal) -> None:
    for home in ("index.html", "en/index.html"):
        assert 'href="staff/"' not in (renewal.site / home).read_text("utf-8"), home
    index = (renewal.site / "search" / "search_index.json").read_text("utf-8")
    assert "年度更新の手順" not in index and "yearly renewal" not in index


# --- in a browser, served with the site's CSP --------------------------------------------------


@pytest.fixture(scope="session")
def renewal_url(renewal: Renewal) -> Iterator[str]:
    serve = renewal.repo / "site_src" / "tools" / "serve.py"
    process = subprocess.Popen(
        [sys.executable, str(serve), "--host", "127.0.0.1", "--port", "0", str(renewal.site)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    try:
        assert url.startswith("http://127.0.0.1:"), url
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def watch(page: Any) -> list[str]:
    """Every 4xx/5xx response of the page, but the theme's sitemap.xml look-ups beside each page
    (a known site-wide 404 of the language switcher, not the renewal's)."""
    bad: list[str] = []

    def seen(response: Any) -> None:
        if response.status >= 400 and not response.url.endswith("/sitemap.xml"):
            bad.append(f"{response.status} {response.url}")

    page.on("response", seen)
    return bad


@pytest.mark.browser
def test_widget_in_the_browser_quotes_2025(renewal_url: str, new_page: Callable) -> None:
    page, rec = new_page()
    bad = watch(page)
    page.goto(renewal_url + "quote/")
    result = page.evaluate(
        "() => window.cyberquote.quote({industry: 'manufacturing', revenue: '2億', plan: 'A'})"
    )
    assert result["policy_year"] == 2025
    assert (result["code"], result["premium_yen"]) == ("AA1", 17_410)
    assert result["coverage_end"] == "2026-01-01"
    assert bad == [] and rec.page_errors == [] and rec.failed == [] and rec.foreign() == []


@pytest.mark.browser
def test_toggle_shows_last_years_premium(renewal_url: str, new_page: Callable) -> None:
    page, rec = new_page()
    bad = watch(page)
    page.goto(renewal_url + "changes/")
    previous = page.locator('td[data-code="AA1"] .cq-prev')
    assert previous.count() == 1
    assert not previous.is_visible()
    page.get_by_label("2024年度の保険料と増減を並べて表示する").check()
    assert previous.is_visible()
    assert "16,740円" in previous.inner_text()
    page.get_by_label("2024年度の保険料と増減を並べて表示する").uncheck()
    assert not previous.is_visible()
    assert bad == [] and rec.page_errors == [] and rec.failed == [] and rec.foreign() == []


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def serious_axe_violations(page: Any) -> list[dict[str, Any]]:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # CDP evaluation: not subject to the CSP
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .map((v) => ({id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target)}))"""
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@pytest.mark.browser
@pytest.mark.parametrize("path", ["changes/", "en/changes/", "staff/", "en/staff/"])
def test_renewal_pages_pass_axe(renewal_url: str, new_page: Callable, path: str) -> None:
    page, _ = new_page()
    page.goto(renewal_url + path)
    assert serious_axe_violations(page) == []
    toggle = page.locator("#cq-show-previous")
    if toggle.count():
        toggle.check()
        assert serious_axe_violations(page) == []
