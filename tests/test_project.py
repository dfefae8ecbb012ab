"""cyberstaff.project: which rates file a command and a site build use, and the environment that
names the year and the preview (read there and nowhere else)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RATES_TEXT
from cyberquote import RatesError
from cyberstaff.project import PREVIEW_ENV, YEAR_ENV, RatesChoice


def _project(tmp_path: Path, **statuses: str) -> Path:
    """A project folder whose rates/ holds one file per year ("y2025": "draft")."""
    (tmp_path / "rates").mkdir()
    for name, status in statuses.items():
        text = RATES_TEXT.replace('status = "final"', f'status = "{status}"', 1)
        (tmp_path / "rates" / f"{name[1:]}.toml").write_text(text, "utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("environ", "year", "preview", "expected"),
    [
        ({}, None, None, RatesChoice(None, False)),
        ({}, 2024, None, RatesChoice(2024, False)),  # mkdocs.yml's year, or --year
        ({YEAR_ENV: "2025"}, 2024, None, RatesChoice(2025, False)),  # the variable wins
        ({YEAR_ENV: ""}, 2024, None, RatesChoice(2024, False)),  # an empty one names nothing
        ({PREVIEW_ENV: "1"}, None, None, RatesChoice(None, True)),
        ({PREVIEW_ENV: "yes"}, None, None, RatesChoice(None, False)),  # only "1" turns it on
        ({PREVIEW_ENV: "1"}, None, False, RatesChoice(None, False)),  # `site build` w/o --preview
    ],
)
def test_the_environment_names_the_year_over_the_configured_one_and_the_preview_by_1(
    environ: dict[str, str], year: int | None, preview: bool | None, expected: RatesChoice
) -> None:
    assert RatesChoice.from_environment(year=year, preview=preview, environ=environ) == expected


def test_a_child_build_gets_the_choice_and_nothing_inherited() -> None:
    parent = {"PATH": "/bin", YEAR_ENV: "2023", PREVIEW_ENV: "1"}
    assert RatesChoice(2025).environment(parent) == {"PATH": "/bin", YEAR_ENV: "2025"}
    assert RatesChoice(None, True).environment(parent) == {"PATH": "/bin", PREVIEW_ENV: "1"}


def test_a_command_takes_the_newest_final_file_and_a_build_is_refused_while_a_newer_is_a_draft(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path, y2024="final", y2025="draft")
    assert RatesChoice().command_path(root) == root / "rates" / "2024.toml"
    with pytest.raises(RatesError) as refused:
        RatesChoice().build_path(root)
    assert refused.value.items[0].file == "rates/2025.toml"
    assert RatesChoice(2024).build_path(root) == root / "rates" / "2024.toml"  # named: built
    assert RatesChoice(None, True).build_path(root) == root / "rates" / "2025.toml"  # preview


def test_a_folder_without_rates_files_is_one_problem_naming_it(tmp_path: Path) -> None:
    with pytest.raises(RatesError) as refused:
        RatesChoice().command_path(_project(tmp_path))
    assert refused.value.items[0].file == str(tmp_path / "rates")
