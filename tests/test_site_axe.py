"""axe-core (npm, pinned in package.json) on every page of the built site, both languages.

No serious or critical violation is allowed, at 1280×900 and at 390×844 (phone layout). axe is evaluated through the DevTools protocol,
which the page's CSP does not govern, so the pages are checked exactly as they are served.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import ROOT, NewPage, goto

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site-axe")]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8") if AXE.is_file() else "throw new Error('npm ci')"


def axe_violations(page: Any) -> list[tuple[str, ...]]:
    page.evaluate(AXE_SOURCE)
    return [
        tuple(v)
        for v in page.evaluate(
            """axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' ')).join(', ')]))"""
        )
    ]


@pytest.mark.parametrize(
    "device",
    [
        {"viewport": {"width": 1280, "height": 900}},
        {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    ],
    ids=["desktop", "phone"],
)
def test_axe_finds_no_serious_violation_on_any_page(
    base: str, site_pages: list[str], new_page: NewPage, device: dict[str, Any]
) -> None:
    """Every page, both languages, on a desktop and on a phone (the stacked premium tables)."""
    page, _ = new_page(**device)
    found = {}
    for path in site_pages:
        goto(page, base + path)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


def test_axe_with_the_search_dialog_and_drawer_open(base: str, new_page: NewPage) -> None:
    page, _ = new_page(viewport={"width": 375, "height": 812})
    goto(page, base + "en/")
    page.click('label.md-header__button[for="__drawer"]')
    assert axe_violations(page) == []
    page, _ = new_page()
    goto(page, base)
    search = page.locator("input.md-search__input")
    search.click()
    search.fill("サイバー")
    search.press("End")
    page.wait_for_selector(".md-search-result__item")
    assert axe_violations(page) == []


def test_axe_reports_a_planted_violation(base: str, new_page: NewPage) -> None:
    """The check can fail: an image without alt text is a critical violation."""
    page, _ = new_page()
    goto(page, base)
    page.evaluate(
        "document.querySelector('article').insertAdjacentHTML('beforeend', "
        "'<img src=\"assets/images/favicon.png\">')"
    )
    assert any(v[0] == "image-alt" for v in axe_violations(page))
