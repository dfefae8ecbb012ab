"""The quote widget in Debian Chromium against the built site, with the real self-hosted Pyodide.

One Japanese page and one English page are booted once each and shared by the tests of this
module; a few tests need a page of their own (a shared link, the failure path).
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import RATES_FILE, ROOT
from cyberquote import InputError, format_date, format_yen, load_rates, quote
from cyberquote.dates import JST
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("widget")]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BOOT_MS = 60_000  # a loaded 2-core CI machine; the widget itself gives up after 30 s
ANSWER_MS = 15_000
TODAY = "2024-02-10"  # a fixed day inside the 2024 period: the pages' clock and the JS API's
RATES = load_rates(RATES_FILE)


def expected(**params: Any) -> dict[str, Any]:
    """CPython's to_dict() as the browser receives it (through JSON)."""
    return json.loads(json.dumps(quote(RATES, **params).to_dict()))


def form_expected(**params: Any) -> dict[str, Any]:
    """What the form shows: the page passes its own today, TODAY on these pages' fixed clock."""
    return expected(**params, today=TODAY)


def fix_clock(page: Any) -> None:
    """The page's clock stands at noon of TODAY in Japan (the answers follow the page's date)."""
    page.clock.set_fixed_time(datetime.fromisoformat(f"{TODAY}T12:00:00").replace(tzinfo=JST))


class Booted:
    """A quote page whose Pyodide is ready, with every request and console error recorded."""

    def __init__(self, browser: Any, url: str) -> None:
        self.context = browser.new_context()
        self.requests: list[str] = []
        self.console: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page = self.context.new_page()
        fix_clock(self.page)
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.response = self.page.goto(url)
        wait_ready(self.page)

    def close(self) -> None:
        self.context.close()


def wait_ready(page: Any, timeout: int = BOOT_MS) -> None:
    expect(page.locator("#quote-status")).to_have_attribute("data-state", "ready", timeout=timeout)
    page.evaluate("window.cyberquote.ready")


@pytest.fixture(scope="module")
def ja(browser: Any, site_server: str) -> Iterator[Booted]:
    booted = Booted(browser, f"{site_server}quote/")
    yield booted
    booted.close()


@pytest.fixture(scope="module")
def en(browser: Any, site_server: str) -> Iterator[Booted]:
    booted = Booted(browser, f"{site_server}en/quote/")
    yield booted
    booted.close()


def js_quote_all(page: Any, params_list: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """window.cyberquote.quote for each params; a rejection becomes {"error": message}."""
    return page.evaluate(
        """async (all) => {
            const out = [];
            for (const params of all) {
                try { out.push({result: await window.cyberquote.quote(params)}); }
                catch (e) { out.push({error: e.message}); }
            }
            return out;
        }""",
        params_list,
    )


def cpython_outcome(params: dict[str, Any]) -> dict[str, Any]:
    try:
        return {"result": expected(**params)}
    except ValueError as err:
        return {"error": str(err)}


# --- the JS API against CPython ----------------------------------------------------------------


def test_all_96_cells_match_cpython(ja: Booted) -> None:
    params_list = [
        {
            "industry": category.industries[0].id,
            "revenue": band.upper_yen if n % 2 else band.lower_yen + 1,
            "plan": plan.code,
            "today": TODAY,
        }
        for category in RATES.categories
        for band in RATES.bands
        for n, plan in enumerate(RATES.plans)
    ]
    assert len(params_list) == 96
    got = js_quote_all(ja.page, params_list)
    want = [cpython_outcome(p) for p in params_list]
    assert got == want
    assert {g["result"]["code"] for g in got} == {
        RATES.code(c.id, b.index, p.code)
        for c in RATES.categories
        for b in RATES.bands
        for p in RATES.plans
    }


EDGE_INPUTS: list[dict[str, Any]] = [
    {"industry": "it", "revenue": 0, "plan": "A"},
    {"industry": "it", "revenue": "0", "plan": "B"},
    {"industry": "retail", "revenue": "3億", "plan": "A"},  # band 1 upper edge, inclusive
    {"industry": "retail", "revenue": "300000001", "plan": "A"},  # just over: band 2
    {"industry": "retail", "revenue": "３億", "plan": "C"},  # full-width digits
    {"industry": "retail", "revenue": "３００，０００，００１円", "plan": "C"},
    {"industry": "lodging", "revenue": "2億5千万円", "plan": "B"},
    {"industry": "lodging", "revenue": "２億５千万", "plan": "B"},
    {"industry": "lodging", "revenue": "2億5,000万円", "plan": "B"},
    {"industry": "lodging", "revenue": "2.5億", "plan": "B"},
    {"industry": "travel", "revenue": "5000万", "plan": "A"},
    {"industry": "travel", "revenue": "10億", "plan": "C"},
    {"industry": "travel", "revenue": "1000000001", "plan": "C"},
    {"industry": "other", "revenue": "100億", "plan": "B"},  # top of the tables
    {"industry": "other", "revenue": "10000000001", "plan": "B"},  # individual quote
    {"industry": "other", "revenue": "200億", "plan": "B"},  # at the cap
    {"industry": "other", "revenue": "200億1円", "plan": "B"},  # over the cap
    {"industry": "it", "revenue": "250億", "plan": "A"},
    {"industry": "finance", "revenue": "1億", "plan": "A"},  # excluded industries
    {"industry": "cloud_hosting", "revenue": "1億", "plan": "C"},
    {"industry": "online_payment", "revenue": 1, "plan": "B"},
    {"category": "II", "revenue": "4億", "plan": "A"},
    {"industry": "it", "revenue": "3億", "plan": "B", "start": "2024-06-01"},
    {"industry": "it", "revenue": "3億", "plan": "B", "start": "2024-02-01"},  # deadline passed
    {"industry": "it", "revenue": "3億", "plan": "B", "today": "2023-12-01"},
    {"industry": "it", "revenue": "abc", "plan": "A"},  # malformed
    {"industry": "it", "revenue": "", "plan": "A"},
    {"industry": "it", "revenue": "-5億", "plan": "A"},
    {"industry": "it", "revenue": "1億円円", "plan": "A"},
    {"industry": "nosuch", "revenue": "1億", "plan": "A"},
    {"industry": "it", "revenue": "1億", "plan": "Z"},
    {"industry": "it", "revenue": "1億", "plan": "A", "start": "2025-03-01"},
    {"industry": "it", "revenue": "1億", "plan": "A", "start": "June"},
    {"industry": "it", "revenue": "1億", "plan": "A", "today": "tomorrow"},
]


def test_edge_inputs_match_cpython_including_rejections(ja: Booted) -> None:
    params_list = [{"today": TODAY, **p} for p in EDGE_INPUTS]
    got = js_quote_all(ja.page, params_list)
    want = [cpython_outcome(p) for p in params_list]
    assert len(want) >= 25
    for params, g, w in zip(params_list, got, want, strict=True):
        assert g == w, params
    errors = [w for w in want if "error" in w]
    assert len(errors) >= 5 and all(e["error"] for e in errors)  # rejected with the message


def test_default_today_is_the_pages_today_in_japan(ja: Booted) -> None:
    got = js_quote_all(ja.page, [{"industry": "it", "revenue": "3億", "plan": "A"}])[0]
    assert got == {"result": expected(industry="it", revenue="3億", plan="A", today=TODAY)}


# --- the form, key by key ----------------------------------------------------------------------


def type_revenue(page: Any, text: str) -> None:
    field = page.locator("#quote-revenue")
    field.fill("")
    field.press_sequentially(text, delay=15)


def set_form(page: Any, industry: str, revenue: str, plan: str = "A", start: str = "") -> None:
    page.select_option("#quote-industry", industry)
    page.select_option("#quote-plan", plan)
    page.select_option("#quote-start", start)
    type_revenue(page, revenue)


def assert_shows(page: Any, want: dict[str, Any], lang: str) -> None:
    """The visible answer is the one CPython gives for the same inputs: its heading, notice,
    premium and next step each once, the plans and the band."""
    result = page.locator("#quote-result")
    chosen = next((p for p in want["plans"] if p["chosen"]), None)
    if not want["eligible"]:
        state = "ineligible"
    elif want["intake"] == "closed":
        state = "closed"
    else:
        state = "individual" if want["reason"] == "individual_quote" else "quote"
    # An answer to an earlier keystroke can share the state and the code: the shown revenue
    # tells the answer to the last input apart.
    expect(result.locator('dd[data-fact="revenue"]')).to_have_text(
        format_yen(want["revenue_yen"], lang), timeout=ANSWER_MS
    )
    expect(result).to_have_attribute("data-state", state, timeout=ANSWER_MS)
    expect(result).to_have_attribute(
        "data-code", chosen["code"] if chosen else "", timeout=ANSWER_MS
    )
    answer = want["answer"][lang]
    expect(result.locator("h2")).to_have_text(answer["heading"])
    text = result.inner_text()
    for place in ("notice", "premium_label", "premium_note", "next_step"):
        if answer[place]:
            assert text.count(answer[place]) == 1, place
    if chosen:
        expect(result.locator(".cq-quote-premium-amount")).to_have_text(answer["premium"])
        column = page.locator("#quote-result th.cq-chosen")
        expect(column).to_have_attribute("data-plan", want["plan"])
        for plan in want["plans"]:
            assert plan["code"] in text and plan["premium"][lang] in text
        assert want["band"]["label"][lang] in text
    if want["category_label"]:
        assert want["category_label"][lang] in text


FLOWS = [
    ("it", "2億5千万円", "B", ""),
    ("manufacturing", "３億", "A", ""),
    ("retail", "300,000,001", "C", ""),
    ("welfare", "49億9999万", "B", "2024-09-01"),
    ("finance", "1億", "A", ""),  # excluded industry: not eligible
    ("lodging", "250億", "C", ""),  # over the cap: not eligible
    ("education", "150億", "B", ""),  # individual quote
]


@pytest.mark.parametrize(("industry", "revenue", "plan", "start"), FLOWS)
def test_user_flow_typed_key_by_key(ja: Booted, industry, revenue, plan, start) -> None:
    set_form(ja.page, industry, revenue, plan, start)
    want = form_expected(industry=industry, revenue=revenue, plan=plan, start=start or None)
    assert_shows(ja.page, want, "ja")
    query = dict(p.split("=", 1) for p in urlsplit(ja.page.url).query.split("&"))
    assert query["industry"] == industry and query["plan"] == plan


def test_malformed_revenue_shows_the_message_not_a_quote(ja: Booted) -> None:
    set_form(ja.page, "it", "12o億", "B")
    with pytest.raises(InputError) as err:
        quote(RATES, industry="it", revenue="12o億", plan="B")
    result = ja.page.locator("#quote-result")
    expect(result).to_have_attribute("data-state", "error", timeout=ANSWER_MS)
    expect(ja.page.locator("#quote-revenue-error")).to_have_text(err.value.messages["ja"])
    assert ja.page.locator("#quote-result table").count() == 0
    assert ja.page.input_value("#quote-revenue") == "12o億"  # the field is never rewritten


def test_user_text_is_rendered_as_text_not_html(ja: Booted) -> None:
    set_form(ja.page, "it", "<img src=x id=cq-injected>億", "A")
    expect(ja.page.locator("#quote-result")).to_have_attribute(
        "data-state", "error", timeout=ANSWER_MS
    )
    assert ja.page.locator("#cq-injected").count() == 0


def test_nothing_happens_while_an_input_method_is_composing(ja: Booted) -> None:
    set_form(ja.page, "it", "1億", "A")
    result = ja.page.locator("#quote-result")
    expect(result).to_have_attribute("data-code", "DA1", timeout=ANSWER_MS)
    field = ja.page.locator("#quote-revenue")
    field.fill("")
    field.focus()
    cdp = ja.context.new_cdp_session(ja.page)
    for text in ("さ", "さん", "さんお", "さんおく"):
        cdp.send(
            "Input.imeSetComposition",
            {"text": text, "selectionStart": len(text), "selectionEnd": len(text)},
        )
    ja.page.wait_for_timeout(600)
    assert field.input_value() == "さんおく"  # mid-composition text, untouched
    # the field was emptied before composing began: that prompt is all that shows
    expect(result).to_have_attribute("data-state", "prompt")
    assert "さんおく" not in urlsplit(ja.page.url).query
    cdp.send("Input.insertText", {"text": "7億"})  # the input method commits
    cdp.detach()
    want = form_expected(industry="it", revenue="7億", plan="A")
    assert_shows(ja.page, want, "ja")


def test_200_rapid_changes_end_with_the_last_input(ja: Booted) -> None:
    # the module's page is shared: pin the fields this test does not change
    ja.page.select_option("#quote-plan", "A")
    ja.page.select_option("#quote-start", "")
    last = ja.page.evaluate(
        """async () => {
            const revenue = document.getElementById("quote-revenue");
            const industry = document.getElementById("quote-industry");
            const industries = ["it", "retail", "logistics", "travel", "finance"];
            let text = "";
            for (let i = 0; i < 200; i++) {
                if (i % 7 === 0) {
                    industry.value = industries[(i / 7) % industries.length];
                    industry.dispatchEvent(new Event("change"));
                }
                text = `${(i * 37) % 120 + 1}億${i % 10}千万`;
                revenue.value = text;
                revenue.dispatchEvent(new Event("input", {bubbles: true}));
                if (i % 13 === 0) await new Promise((r) => setTimeout(r, 1));
            }
            return {industry: industry.value, revenue: text,
                    plan: document.getElementById("quote-plan").value};
        }"""
    )
    assert last["plan"] == "A"
    want = form_expected(industry=last["industry"], revenue=last["revenue"], plan="A")
    assert_shows(ja.page, want, "ja")
    ja.page.wait_for_timeout(1000)  # nothing late may replace it
    assert_shows(ja.page, want, "ja")


# --- link, print, English ----------------------------------------------------------------------


def test_a_shared_link_reproduces_its_quote(ja: Booted, browser: Any) -> None:
    set_form(ja.page, "real_estate", "4億8千万", "C", "2024-07-01")
    want = form_expected(industry="real_estate", revenue="4億8千万", plan="C", start="2024-07-01")
    assert_shows(ja.page, want, "ja")
    link = ja.page.url
    shown = ja.page.locator("#quote-result").inner_text()
    assert "revenue=480000000" in urlsplit(link).query  # the number read, not the text typed
    other = Booted(browser, link)
    try:
        assert other.page.input_value("#quote-revenue") == "480000000"
        assert other.page.input_value("#quote-start") == "2024-07-01"
        assert_shows(other.page, want, "ja")
        assert other.page.locator("#quote-result").inner_text() == shown
    finally:
        other.close()


def test_loading_state_is_visible_and_announced(browser: Any, site_server: str) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{site_server}quote/", wait_until="domcontentloaded")
        status = page.locator("#quote-status")
        expect(status).to_have_attribute("role", "status")
        expect(status).to_have_attribute("aria-live", "polite")
        expect(status).to_have_attribute("data-state", "loading")
        expect(status).to_be_visible()
        expect(status.locator(".cq-spinner")).to_be_visible()
        assert "読み込んでいます" in status.inner_text()
        wait_ready(page)
        expect(status.locator(".cq-spinner")).to_be_hidden()
    finally:
        context.close()


def test_print_view_is_a_one_page_summary(ja: Booted) -> None:
    set_form(ja.page, "it", "2億5千万円", "B", "2024-08-01")
    want = form_expected(industry="it", revenue="2億5千万円", plan="B", start="2024-08-01")
    assert_shows(ja.page, want, "ja")
    page = ja.page
    page.emulate_media(media="print")
    try:
        summary = page.locator("#quote-print")
        expect(summary).to_be_visible()
        text = summary.inner_text()
        assert format_date(date.fromisoformat(TODAY), "ja") in text
        assert "2024年度" in text and "IT業" in text and "2億5千万円" in text
        assert "プランB" in text and "2024年8月1日" in text
        expect(page.locator("#quote-form")).to_be_hidden()
        expect(page.locator("#quote-result")).to_be_visible()
        expect(page.locator(".md-header")).to_be_hidden()
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "quote.pdf"
            pdf.write_bytes(page.pdf(format="A4", print_background=True))
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        pages = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
        assert pages.split()[-1] == "1"
    finally:
        page.emulate_media(media="screen")


def test_english_page_speaks_english(en: Booted) -> None:
    page = en.page
    assert page.locator("label[for=quote-revenue]").inner_text() == "Annual revenue"
    groups = page.locator("#quote-industry optgroup")
    assert groups.first.get_attribute("label") == RATES.categories[0].label["en"]
    set_form(page, "it", "250,000,000", "B")
    assert_shows(page, form_expected(industry="it", revenue="250,000,000", plan="B"), "en")
    expect(page.locator("#quote-result")).to_contain_text("¥483,470")
    set_form(page, "finance", "1億", "A")
    assert_shows(page, form_expected(industry="finance", revenue="1億", plan="A"), "en")
    expect(page.locator("#quote-result h2")).to_have_text("Not eligible on these details")


# --- safety: hosts, CSP, accessibility ---------------------------------------------------------


def run_axe(page: Any) -> list[dict[str, Any]]:
    """Serious or critical axe-core violations inside the widget (the rest of the page is the
    site's own, checked by the site's tests)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))  # CDP evaluation: not subject to the page's CSP
    violations = page.evaluate(
        """async () => (await axe.run({include: [["#cq-widget"]]}, {resultTypes: ["violations"]})).violations
            .map((v) => ({id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target)}))"""
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def test_axe_finds_nothing_serious_before_and_after_a_quote(en: Booted) -> None:
    page = en.page
    page.select_option("#quote-industry", "")
    page.locator("#quote-revenue").fill("")
    expect(page.locator("#quote-result")).to_have_attribute("data-state", "prompt")
    assert run_axe(page) == []
    set_form(page, "it", "3億", "C")
    assert_shows(page, form_expected(industry="it", revenue="3億", plan="C"), "en")
    assert run_axe(page) == []


def test_no_request_leaves_the_site_and_the_csp_holds(
    ja: Booted, en: Booted, site_server: str
) -> None:
    host = urlsplit(site_server).netloc
    for booted in (ja, en):
        assert booted.requests
        assert [u for u in booted.requests if urlsplit(u).netloc != host] == []
        assert not [c for c in booted.console if "Content Security Policy" in c]
        csp = booted.response.headers["content-security-policy"]
        assert "'wasm-unsafe-eval'" in csp and "worker-src 'self'" in csp
        assert "'unsafe-eval'" not in csp.replace("'wasm-unsafe-eval'", "")
    fetched = {re.sub(r"[.][0-9a-f]{12}[.]", ".", urlsplit(u).path) for u in ja.requests}
    names = {path.rsplit("/", 1)[-1] for path in fetched}  # hashed names, without the hash
    assert {"worker.js", "pyodide.asm.wasm", "python_stdlib.zip", "2024.toml"} <= names


def test_other_pages_load_no_pyodide(browser: Any, site_server: str, site_pages: list[str]) -> None:
    context = browser.new_context()
    sizes: dict[str, int] = {}
    context.on("requestfinished", lambda r: sizes.__setitem__(r.url, r.sizes()["responseBodySize"]))
    try:
        page = context.new_page()
        others = [p for p in site_pages if not p.endswith("quote/")]
        assert len(others) >= 4
        for path in others:
            page.goto(f"{site_server}{path}")
        page.wait_for_timeout(500)
        assert sizes  # the recording works
        widget = [
            u
            for u in sizes
            if "/assets/pyodide/" in u or "/assets/widget/" in u or u.endswith(".whl")
        ]
        assert widget == []
    finally:
        context.close()


# --- memory snapshot (first and repeat visits: test_widget_offline) ---------------------------


def test_save_data_keeps_no_snapshot_in_the_offline_copy(browser: Any, site_server: str) -> None:
    """With Save-Data on, the offline copy is made without the snapshot (4 MB more)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(
            "Object.defineProperty(Navigator.prototype, 'connection', "
            "{get: () => ({saveData: true, effectiveType: '4g'})})"
        )
        page.goto(f"{site_server}quote/?industry=it&revenue=3%E5%84%84&plan=A")
        expect(page.locator("#cq-widget")).to_have_attribute("data-cache", "ready", timeout=BOOT_MS)
        kept = page.evaluate(
            "caches.keys().then((keys) => Promise.all(keys.map((k) => caches.open(k)"
            ".then((c) => c.keys()).then((rs) => rs.map((r) => r.url))))).then((all) => all.flat())"
        )
        assert any(u.endswith("/pyodide.asm.wasm") for u in kept)
        assert not [u for u in kept if "snapshot" in u]
    finally:
        context.close()


# --- failure path -----------------------------------------------------------------------------


def assert_failure_shown(page: Any, lang: str, timeout: int) -> None:
    failure = page.locator("#quote-failure")
    expect(failure).to_be_visible(timeout=timeout)
    expect(page.locator("#quote-status")).to_have_attribute("data-state", "failed")
    link = failure.locator("a")
    assert link.get_attribute("href") == "../premiums/"
    resolved = page.evaluate("document.querySelector('#quote-failure a').href")
    assert resolved.endswith("/en/premiums/" if lang == "en" else "/premiums/")
    error = page.evaluate("window.cyberquote.ready.then(() => 'ready', (e) => e.message)")
    assert error != "ready"


@pytest.mark.parametrize(
    "unreachable",
    [
        ["**/pyodide.asm.wasm"],
        ["**/cyberquote-*.whl"],
        ["**/python_stdlib.zip"],
    ],
)
def test_failure_when_a_runtime_file_is_unreachable(
    browser: Any, site_server: str, unreachable: list[str]
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        aborted: list[str] = []

        def abort(route: Any) -> None:
            aborted.append(route.request.url)
            route.abort()

        for pattern in unreachable:
            page.route(pattern, abort)
        page.goto(f"{site_server}en/quote/?industry=it&revenue=3%E5%84%84")
        assert_failure_shown(page, "en", timeout=40_000)
        assert aborted
        reason = page.evaluate("document.querySelector('#cq-widget').dataset.failure")
        assert reason != "timeout"  # failed at once, not by the 30 s timeout
        expect(page.locator("#quote-failure")).to_contain_text("premium tables")
        expect(page.locator("#quote-result")).to_be_empty()
    finally:
        context.close()


def fulfill_with_timeout(route: Any, timeout_ms: int) -> None:
    """Serve the quote page with another give-up time than the built 30 s."""
    response = route.fetch()
    body = response.text()
    assert 'data-timeout-ms="30000"' in body
    route.fulfill(response=response, body=body.replace('"30000"', f'"{timeout_ms}"'))


def test_failure_by_timeout_when_the_wasm_never_arrives(browser: Any, site_server: str) -> None:
    """A wasm request that hangs: the page gives up after its timeout (30 s as built, see
    test_widget_build; shortened here by rewriting that one attribute of the served page)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        held: list[Any] = []
        page.route("**/pyodide.asm.wasm", lambda route: held.append(route))  # never answered

        page.route("**/quote/", lambda route: fulfill_with_timeout(route, 3_000))
        page.goto(f"{site_server}quote/")
        assert_failure_shown(page, "ja", timeout=20_000)
        assert held  # the wasm was requested and is still pending
        assert page.evaluate("document.querySelector('#cq-widget').dataset.failure") == "timeout"
    finally:
        context.close()


def test_failure_without_webassembly(browser: Any, site_server: str) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script("delete globalThis.WebAssembly")
        page.goto(f"{site_server}quote/")
        assert_failure_shown(page, "ja", timeout=5_000)
        expect(page.locator("#quote-failure")).to_contain_text("保険料表")
        assert (
            page.evaluate("document.querySelector('#cq-widget').dataset.failure")
            == "no WebAssembly"
        )
    finally:
        context.close()
