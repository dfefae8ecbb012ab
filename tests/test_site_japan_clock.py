"""cq-japan.js: the visitor's clock read in Japan and the words' placeholders, one module for the
intake banner (cq-intake.js) and the quote (widget/quote.js). Run in Node with a fixed clock."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
JAVASCRIPTS = ROOT / "site_src" / "overrides" / "assets" / "javascripts"
MODULE = JAVASCRIPTS / "cq-japan.js"

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs node")


def run_module(now_ms: int, expression: str) -> object:
    """`expression` evaluated in Node against cq-japan.js's exports, with Date.now() fixed."""
    script = (
        f"Date.now = () => {now_ms};\n"
        f"const m = await import({json.dumps(MODULE.as_uri())});\n"
        f"console.log(JSON.stringify({expression}));\n"
    )
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return json.loads(done.stdout)


def test_today_in_japan_turns_at_midnight_japan_time() -> None:
    # 2024-06-14 14:59:59 UTC is 23:59:59 in Japan; one second later it is the 15th there.
    before = 1718377199_000
    assert run_module(before, "m.todayInJapan()") == "2024-06-14"
    assert run_module(before + 1000, "[m.todayInJapan(), m.nowInJapan()]") == [
        "2024-06-15",
        {"day": "2024-06-15", "clock": "00:00", "weekday": 6},  # a Saturday
    ]


def test_fill_leaves_an_unknown_field_as_written() -> None:
    assert run_module(0, 'm.fill("あと{days}日{x}", {days: 3})') == "あと3日{x}"


def test_the_banner_and_the_quote_import_it_and_keep_no_copy() -> None:
    quote = (ROOT / "site_src" / "widget" / "quote.js").read_text(encoding="utf-8")
    intake = (JAVASCRIPTS / "cq-intake.js").read_text(encoding="utf-8")
    assert 'from "../javascripts/cq-japan.js"' in quote  # published as assets/widget/quote.*.js
    assert 'from "./cq-japan.js"' in intake
    for text in (quote, intake):
        assert not re.search(r"function (todayInJapan|nowInJapan|fill)\b|JST_MS", text)
