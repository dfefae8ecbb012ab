"""macros/pages/renewal.py and renewal_guide.py without a build: the parts that need no page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import RATES_TEXT, ROOT, edited
from cyberquote import parse_rates
from cyberrenewal.renewal import new_draft
from mkdocs.exceptions import PluginError

from macros.pages.renewal import (
    banner_html,
    changes_markdown,
    compare_tables_html,
    draft_refusal,
    insert_after_title,
    load_previous,
)
from macros.pages.renewal_guide import guide_examples

RATES_2024 = parse_rates(RATES_TEXT)
DRAFT_2025 = parse_rates(new_draft(RATES_TEXT, 2025), name="rates/2025.toml")
FINAL_2025 = parse_rates(
    new_draft(RATES_TEXT, 2025)
    .replace('status = "draft"', 'status = "final"')
    .replace("{ A =    16_740,", "{ A =    17_410,")
)


def year_before(source: str) -> str:
    """The rates file moved one year back: meta.year and every date."""
    moved = re.sub(r"\b(20\d\d)(-\d\d-\d\d)", lambda m: f"{int(m[1]) - 1}{m[2]}", source)
    return moved.replace("year = 2024", "year = 2023")


def test_draft_is_refused_unless_preview() -> None:
    message = draft_refusal(DRAFT_2025, preview=False)
    assert message is not None
    ja, en = message.split("\n")
    assert "rates/2025.toml" in ja and "下書き" in ja and "make site PREVIEW=1" in ja
    assert "is a draft" in en and "make site PREVIEW=1" in en
    assert draft_refusal(DRAFT_2025, preview=True) is None
    assert draft_refusal(RATES_2024, preview=False) is None


# The preview's environment variable: tests/test_project.py (cyberstaff.project reads it).


def test_banner_goes_under_the_title() -> None:
    page = "# 保険料表 { #top }\n\nbody\n"
    out = insert_after_title(page, "<div>B</div>")
    assert out.split("\n")[:3] == ["# 保険料表 { #top }", "", "<div>B</div>"]
    assert out.endswith("body\n")


def test_banner_skips_headings_inside_code_and_goes_on_top_without_title() -> None:
    page = "```sh\n# not a title\n```\n\n# Title\n"
    out = insert_after_title(page, "B")
    assert out.index("B") > out.index("# Title")
    assert insert_after_title("no title\n", "B") == "B\n\nno title\n"


def test_banner_words(macros_plugin: Any) -> None:
    ja = banner_html(macros_plugin, DRAFT_2025, "ja")
    assert "PREVIEW" in ja and "2025年度の料率は下書き" in ja and 'data-preview="2025"' in ja
    assert "\n\n" not in ja  # one Markdown block
    assert "Do not publish this site." in banner_html(macros_plugin, RATES_2024, "en")


def test_changes_without_previous_year(macros_plugin: Any) -> None:
    html = changes_markdown(macros_plugin, RATES_2024, None, "ja")
    assert "2023年度の保険料・補償内容はこのサイトに掲載していないため" in html
    assert "does not hold the premiums and cover of policy year 2023" in changes_markdown(
        macros_plugin, RATES_2024, None, "en"
    )


def test_changes_with_previous_year(macros_plugin: Any) -> None:
    md = changes_markdown(macros_plugin, FINAL_2025, RATES_2024, "ja")
    assert md.startswith('<p class="cq-changes-intro">2025年度（2025年1月1日午後4時から）')
    headings = re.findall(r"^## (.+)$", md, re.M)
    assert headings[0] == "保険料 { #changes-premiums }"
    assert len(headings) == 7
    assert "<td>AA1</td>" in md
    assert '<td class="cq-num cq-up">+670円</td>' in md
    assert "変更はありません。" in md


def test_compare_tables_carry_last_year_behind_a_checkbox(macros_plugin: Any) -> None:
    html = compare_tables_html(macros_plugin, FINAL_2025, RATES_2024, "ja", "保険料表")
    assert '<input type="checkbox" id="cq-show-previous" class="cq-show-previous">' in html
    assert '<label for="cq-show-previous">2024年度の保険料と増減を並べて表示する</label>' in html
    assert html.count('class="cq-prev"') == 96
    assert re.findall(r'<section class="cq-table-wrap" id="(category-\w+)">', html) == [
        "category-i",
        "category-ii",
        "category-iii",
        "category-iv",
    ]
    assert "<script" not in html and "style=" not in html and "\n\n" not in html


def test_previous_year_is_loaded_only_when_its_file_exists(tmp_path: Path) -> None:
    assert load_previous(tmp_path, RATES_2024) is None
    (tmp_path / "rates").mkdir()
    (tmp_path / "rates" / "2023.toml").write_text(year_before(RATES_TEXT), "utf-8")
    previous = load_previous(tmp_path, RATES_2024)
    assert previous is not None and previous.year == 2023


def test_css_hides_last_year_until_ticked() -> None:
    css = (ROOT / "site_src" / "overrides" / "assets" / "stylesheets" / "cq.css").read_text("utf-8")
    assert re.search(r"\.cq-compare \.cq-prev \{\s*display: none;", css)
    assert ".cq-show-previous:checked ~ .cq-compare-body .cq-prev" in css


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_staff_guide_examples_are_real_output(lang: str) -> None:
    examples = guide_examples(RATES_TEXT, lang)
    codes = {key: ex.exit_code for key, ex in examples.items()}
    assert codes == {
        "new": 0,
        "sheet": 0,
        "typed": 0,
        "import": 0,
        "import_broken": 1,
        "import_tenfold": 1,
        "check_draft": 1,
        "diff": 0,
        "diff_html": 0,
        "check_final": 0,
        "publish": 0,
        "downloads": 0,
    }
    for example in examples.values():
        assert "cq-guide-" not in example.output  # scratch paths made relative
        assert example.block().startswith("```") and example.block().endswith("\n```")
    assert "rates/2025.toml" in examples["new"].output
    sheet = "業種区分Ⅰ" if lang == "ja" else "Category I"
    assert examples["typed"].output == f"{sheet}!C5: 17,240"
    assert "AA1: 16,740円 → 17,240円（+500円）" in examples["import"].output or lang == "en"
    assert f"AB1 ({sheet}!E5)" in examples["import_broken"].output
    assert f"DC8 ({sheet[:-1]}Ⅳ!G12)" in examples["import_tenfold"].output or lang == "en"
    assert "+3.0%" in examples["diff"].output and "AA1" in examples["diff"].output
    assert "premiums-2025.pdf" in examples["downloads"].output
    ok = examples["check_final"].output
    assert ok.startswith("rates/2025.toml: OK") and ok.strip() in examples["publish"].output


def test_broken_previous_year_fails_with_every_problem(tmp_path: Path) -> None:
    (tmp_path / "rates").mkdir()
    broken = edited(RATES_TEXT, ("year = 2024", "year = 2023"), ("16_740", "-1"))
    (tmp_path / "rates" / "2023.toml").write_text(broken, "utf-8")
    with pytest.raises(PluginError) as caught:
        load_previous(tmp_path, RATES_2024)
    message = str(caught.value)
    assert "rates/2023.toml に誤りがある" in message and "has problems" in message
    assert "premiums.I[0].A" in message and "got -1" in message
