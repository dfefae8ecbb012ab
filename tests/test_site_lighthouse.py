"""Lighthouse (npm, pinned) on one representative page, mobile: accessibility, best practices and
SEO at 100. The premium page carries every part of a member page: the intake banner, the phone
tables, the incident card. Every page is measured by bench/bench_lighthouse.py (slow: a script,
not a test).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site-lighthouse")]


def bench() -> ModuleType:
    path = ROOT / "bench" / "bench_lighthouse.py"
    spec = importlib.util.spec_from_file_location("bench_lighthouse", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_premium_page_scores_100_for_accessibility_best_practices_and_seo(
    built_site: Path, tmp_path: Path
) -> None:
    lighthouse = bench()
    process, base = lighthouse.start_server(built_site, "/cyber/")
    try:
        report = lighthouse.run_lighthouse(base + "premiums/", tmp_path / "premiums.json")
    finally:
        process.terminate()
        process.wait(timeout=10)
    scores = lighthouse.scores_of("premiums/", report)
    assert report["configSettings"]["formFactor"] == "mobile"
    assert {c: scores.scores[c] for c in lighthouse.TARGETS} == dict.fromkeys(
        lighthouse.TARGETS, 100
    ), {c: scores.failing[c] for c in lighthouse.TARGETS}
