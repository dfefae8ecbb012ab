"""A malformed rates file stops the site build with every problem named, before anything is
written: staff see the file, the key and what is wrong (in Japanese, then English), never a
traceback or a half-built site."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import mkdocs_build

ROOT = Path(__file__).resolve().parents[1]


def test_broken_rates_stop_the_build_before_anything_is_written(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("docs", "macros", "rates", "site_src"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    rates = project / "rates" / "2024.toml"
    text = rates.read_text("utf-8")
    broken = text.replace("{ A =    16_740,", "{ A = -1,", 1).replace(
        "period]\nstart = 2024-01-01T16:00:00+09:00",
        "period]\nstart = 2026-01-01T16:00:00+09:00",
        1,
    )
    assert broken.count("A = -1,") == 1 and "start = 2026-01-01" in broken
    rates.write_text(broken, "utf-8")
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
