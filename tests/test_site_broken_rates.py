"""A malformed rates file stops the site build with every problem named, before anything is
written: staff see the file, the key and what is wrong (in Japanese, then English), never a
traceback or a half-built site."""

from __future__ import annotations

from pathlib import Path

from conftest import RATES_TEXT, ProjectCopy, edited, mkdocs_build


def test_broken_rates_stop_the_build_before_anything_is_written(
    project_copy: ProjectCopy, tmp_path: Path
) -> None:
    broken = edited(
        RATES_TEXT,
        ("{ A =    16_740,", "{ A = -1,"),
        (
            "period]\nstart = 2024-01-01T16:00:00+09:00",
            "period]\nstart = 2026-01-01T16:00:00+09:00",
        ),
    )
    project = project_copy({"rates/2024.toml": broken})
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the site as it was", "utf-8")

    result = mkdocs_build(out, project=project, env={"CYBERQUOTE_YEAR": ""})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert "rates/2024.toml: premiums.I[0].A (AA1): 1以上の整数ではありません（-1）" in output
    assert "rates/2024.toml: premiums.I[0].A (AA1): expected a positive integer, got -1" in output
    assert "rates/2024.toml: period.end: must be after period.start" in output
    assert "料率ファイルに問題があるため" in output
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text("utf-8") == "the site as it was"
