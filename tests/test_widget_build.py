"""The quote widget without a browser: the built site's runtime files, the form, the Python glue."""

from __future__ import annotations

import gzip
import importlib.util
import json
import random
import re
import zipfile
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import brotli
import pytest
from conftest import ROOT
from cyberquote import load_rates, quote
from cyberquote.browser import Widget, display_texts
from cyberquote.dates import today_jst
from cyberquote.words import widget_texts
from cyberstaff.hosting import is_hashed
from mkdocs.exceptions import PluginError

from macros.pages import views, widget
from macros.plugin import assets, compress, files, names, pyodide, runtime
from macros.plugin import wheel as kernel_wheel

PYODIDE = ROOT / "node_modules" / "pyodide"


# --- the built site ----------------------------------------------------------------------------


def published_runtime(site: Path) -> dict[str, str]:
    """The quote page's runtime attributes (data-worker, data-pyodide, ...)."""
    html = (site / "quote" / "index.html").read_text(encoding="utf-8")
    root = next(attrs for _, attrs in _tags(html) if attrs.get("id") == "cq-widget")
    return {key: str(value) for key, value in root.items()}


def test_only_the_five_boot_files_and_their_siblings_are_published(built_site: Path) -> None:
    folders = list((built_site / "assets" / "pyodide").iterdir())
    assert len(folders) == 1 and is_hashed(f"/assets/pyodide/{folders[0].name}/pyodide.mjs")
    names_ = {p.name for p in folders[0].iterdir()}
    boot = set(pyodide.PYODIDE_FILES)
    assert boot <= names_
    for name in names_ - boot:
        stem, _, suffix = name.rpartition(".")
        assert stem in boot and suffix in {"gz", "br"}, name
    assert {"pyodide.asm.wasm.br", "python_stdlib.zip.br"} <= names_
    assert "pyodide.js" not in names_ and "console.html" not in names_


def test_boot_files_are_byte_copies_and_siblings_decompress_to_them(built_site: Path) -> None:
    published = built_site / "quote" / published_runtime(built_site)["data-pyodide"]
    for name in assets.STOCK_FILES:
        original = (PYODIDE / name).read_bytes()
        assert (published / name).read_bytes() == original, name
        assert gzip.decompress((published / f"{name}.gz").read_bytes()) == original, name
    wasm_br = published / "pyodide.asm.wasm.br"
    assert brotli.decompress(wasm_br.read_bytes()) == (PYODIDE / "pyodide.asm.wasm").read_bytes()
    assert wasm_br.stat().st_size < (published / "pyodide.asm.wasm.gz").stat().st_size
    lock = json.loads((published / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"] == {} and lock["info"]["abi_version"]


def test_wheel_and_rates_are_published_under_hashed_names(built_site: Path, rates) -> None:
    attrs = published_runtime(built_site)
    quote_dir = built_site / "quote"
    wheel = (quote_dir / attrs["data-wheel"]).resolve()
    with zipfile.ZipFile(wheel) as archive:
        names_ = set(archive.namelist())
    assert {"cyberquote/__init__.py", "cyberquote/browser.py", "cyberquote/quote.py"} <= names_
    assert any(n.endswith(".dist-info/WHEEL") for n in names_)
    assert not [n for n in names_ if n.startswith(("cyberstaff", "cyberdocs", "cyberrenewal"))]
    sources = {n for n in names_ if n.endswith(".py")}
    assert {n + "c" for n in sources} <= names_  # bytecode for Pyodide's Python beside each
    published = (quote_dir / attrs["data-rates"]).resolve()
    assert published.read_bytes() == assets.rates_source(rates).read_bytes()
    for key in ("data-worker", "data-wheel", "data-rates", "data-snapshot"):
        path = (quote_dir / attrs[key]).resolve()
        url = "/" + path.relative_to(built_site).as_posix()
        assert is_hashed(url), url
        # the name is the content's: a changed file can never be served under an old name
        assert names.content_hash(path.read_bytes()) in path.name, url
    sw = (built_site / "cq-sw.js").read_text(encoding="utf-8")
    assert "__CQ_" not in sw and not is_hashed("/cq-sw.js")


class _Collector(HTMLParser):
    """Every start tag with its attributes, and the text inside <option>s."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = _Collector()
    collector.feed(html)
    return collector.tags


@pytest.mark.parametrize(
    ("lang", "page"), [("ja", "quote/index.html"), ("en", "en/quote/index.html")]
)
def test_quote_page_holds_the_form_and_its_runtime_urls(
    built_site: Path, rates, lang, page
) -> None:
    html = (built_site / page).read_text(encoding="utf-8")
    tags = _tags(html)
    ids = {attrs.get("id") for _, attrs in tags}
    assert {"quote-industry", "quote-revenue", "quote-plan", "quote-start", "quote-result"} <= ids
    root = next(attrs for tag, attrs in tags if attrs.get("id") == "cq-widget")
    assert root["data-lang"] == lang
    assert root["data-timeout-ms"] == "30000"
    page_dir = (built_site / page).parent
    for key in ("data-worker", "data-wheel", "data-rates", "data-sw"):
        assert (page_dir / str(root[key])).resolve().is_file(), key
    assert (page_dir / str(root["data-sw"])).resolve() == built_site / "cq-sw.js"
    assert (page_dir / str(root["data-pyodide"]) / "pyodide.mjs").resolve().is_file()
    groups = [attrs["label"] for tag, attrs in tags if tag == "optgroup"]
    assert groups[:-1] == [c.label[lang] for c in rates.categories]
    values = [attrs.get("value") for tag, attrs in tags if tag == "option"]
    industries = [i.id for c in rates.categories for i in c.industries] + [
        i.id for i in rates.excluded
    ]
    plans = [p.code for p in rates.plans]
    assert values == ["", *industries, *plans, "", *[f"2024-{m:02d}-01" for m in range(1, 13)]]
    scripts = [attrs for tag, attrs in tags if tag == "script" and attrs.get("src")]
    assert any(
        re.search(r"assets/widget/quote[.][0-9a-f]{12}[.]js$", str(s["src"])) for s in scripts
    )
    assert all(s.get("type") == "module" for s in scripts if "widget" in str(s["src"]))
    assert 'cq-widget"' in html and "<script>" not in html.split('id="cq-widget"')[1]


def test_no_other_page_references_the_widget_or_pyodide(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("*.html") if p.parent.name != "quote"]
    assert len(pages) > 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "assets/pyodide" not in text and "widget/quote." not in text, page
        assert "cq-sw.js" not in text, page  # only the quote page registers the service worker


# --- the macro's pure parts --------------------------------------------------------------------


def test_relative_root_and_the_page_inside_its_language() -> None:
    assert views.relative_root("quote/") == "../"
    assert views.relative_root("en/quote/") == "../../"
    assert views.relative_root("") == ""
    assert views.in_lang("en/quote/", "en") == "quote/"
    assert views.in_lang("quote/", "ja") == "quote/"
    assert views.in_lang("english/", "en") == "english/"  # a page whose name starts with "en"


def test_strings_have_the_same_keys_in_both_languages() -> None:
    ja, en = widget_texts("ja"), widget_texts("en")
    assert set(ja) == set(en)
    assert ja["failed_link"] != en["failed_link"]


def test_rendered_widget_escapes_and_links_the_tables(macros_plugin, rates) -> None:
    html = widget.render_widget(macros_plugin, rates, "en", "en/quote/")
    assert 'href="../premiums/"' in html
    assert re.search(r'data-worker="[.][.]/[.][.]/assets/widget/worker[.][0-9a-f]{12}[.]js"', html)
    assert "\n\n" not in html
    ja = widget.render_widget(macros_plugin, rates, "ja", "quote/")
    assert 'href="../premiums/"' in ja and "業種区分Ⅳ" in ja


def test_compression_siblings_are_kept_only_when_they_pay(tmp_path: Path) -> None:
    assert files.gzip_bytes(b"a" * 50_000) == files.gzip_bytes(b"a" * 50_000)
    assert files.keep_sibling(100, 90) and not files.keep_sibling(100, 91)
    (tmp_path / "small.json").write_bytes(b"{}")
    (tmp_path / "big.txt").write_bytes(b"x" * 20_000)
    (tmp_path / "big.txt.gz").write_bytes(b"stale")
    (tmp_path / "random.bin").write_bytes(random.Random(0).randbytes(2_000))  # does not shrink
    (tmp_path / "photo.png").write_bytes(b"x" * 20_000)  # not a type that is compressed
    compress.precompress_site(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "big.txt",
        "big.txt.br",
        "big.txt.gz",
        "photo.png",
        "random.bin",
        "small.json",
    ]
    assert gzip.decompress((tmp_path / "big.txt.gz").read_bytes()) == b"x" * 20_000


def test_every_text_file_of_the_site_is_precompressed(built_site: Path) -> None:
    texts = [
        p
        for p in built_site.rglob("*")
        if p.suffix in {".html", ".css", ".js", ".mjs", ".json", ".toml"}
        and p.stat().st_size >= 1_000
    ]
    kinds = {p.suffix for p in texts}
    assert kinds == {".html", ".css", ".js", ".mjs", ".json", ".toml"}
    assert any(p.name == "search_index.json" for p in texts)
    for path in texts:
        packed = path.with_name(path.name + ".br")
        assert packed.is_file(), path
        assert brotli.decompress(packed.read_bytes()) == path.read_bytes(), path


def test_hashed_names_pass_the_one_rule() -> None:
    assert names.hashed_name("quote.js", b"x") == f"quote.{names.content_hash(b'x')}.js"
    assert names.content_hash(b"x") != names.content_hash(b"y")
    for n in range(200):  # a digest of digits only would not count as a hash: never made
        assert not names.content_hash(str(n).encode()).isdigit()
    assert names.Asset.hashed("assets/rates", "2024.toml", b"x").path.startswith("assets/rates/")
    assert not is_hashed("/assets/rates/2024.toml")


# --- the worker's Python glue ------------------------------------------------------------------


def test_widget_answers_exactly_to_dict(rates) -> None:
    widget_ = Widget(assets.rates_source(rates).read_text(encoding="utf-8"))
    params = {"industry": "it", "revenue": "２億５千万円", "plan": "B", "today": "2024-02-10"}
    answer = json.loads(widget_.handle(json.dumps({"params": params})))
    expected = json.loads(json.dumps(quote(rates, **params).to_dict()))
    assert answer["ok"] is True and answer["result"] == expected
    assert answer["display"]["today"] == {"ja": "2024年2月10日", "en": "10 February 2024"}
    assert answer["display"]["coverage_start"]["ja"] == "2024年3月1日"


def test_widget_reports_input_errors_in_both_languages(rates) -> None:
    widget_ = Widget(assets.rates_source(rates).read_text(encoding="utf-8"))
    answer = widget_.answer({"industry": "it", "revenue": "abc"})
    assert answer["ok"] is False
    assert "abc" in answer["messages"]["ja"] and "abc" in answer["messages"]["en"]
    assert answer["error"] == answer["messages"]["ja"]
    assert widget_.answer({"industri": "it"})["ok"] is False
    assert json.loads(widget_.handle("[1]"))["ok"] is False
    assert json.loads(widget_.handle("{not json"))["ok"] is False


def test_default_today_is_the_date_in_japan(rates) -> None:
    late_utc = datetime(2024, 3, 31, 15, 30, tzinfo=UTC)  # 00:30 on 1 April in Tokyo
    assert today_jst(late_utc) == date(2024, 4, 1)
    widget_ = Widget(assets.rates_source(rates).read_text(encoding="utf-8"))
    answer = widget_.answer({"industry": "it", "revenue": 1}, now=late_utc)
    assert answer["display"]["today"]["en"] == "1 April 2024"


def test_display_texts_format_revenue_in_both_languages(rates) -> None:
    result = quote(rates, industry="retail", revenue=300_000_000, today="2024-01-05").to_dict()
    texts = display_texts(result, date(2024, 1, 5))
    assert texts["revenue"] == {"ja": "300,000,000円", "en": "¥300,000,000"}
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", texts["coverage_end"]["ja"])


# --- the memory snapshot -----------------------------------------------------------------------


def test_trimmed_stdlib_holds_only_bytecode_the_quote_imports(built_site: Path) -> None:
    folder = built_site / "quote" / published_runtime(built_site)["data-pyodide"]
    with zipfile.ZipFile(folder / "python_stdlib.zip") as archive:
        entries = [i for i in archive.infolist() if not i.is_dir()]
    modules = {e.filename.removesuffix(".pyc").removesuffix("/__init__") for e in entries}
    assert all(e.filename.endswith(".pyc") for e in entries)  # no source to compile at start
    assert {"tomllib/_parser", "decimal", "datetime", "json/decoder", "_pyodide/_base"} <= modules
    assert not {"email", "http/client", "unittest", "sqlite3", "xml/dom"} & modules
    with zipfile.ZipFile(PYODIDE / "python_stdlib.zip") as stock:
        assert len(modules) < len(stock.namelist()) / 3
    with zipfile.ZipFile(folder / "python_stdlib.zip") as archive:
        magic = {archive.read(e)[:4] for e in entries}
    assert len(magic) == 1 and magic != {importlib.util.MAGIC_NUMBER}  # 3.14's, not the host's


def test_snapshot_is_published_with_its_compressed_siblings(built_site: Path) -> None:
    snapshot = (built_site / "quote" / published_runtime(built_site)["data-snapshot"]).resolve()
    assert snapshot.stat().st_size > 10_000_000
    assert snapshot.with_name(snapshot.name + ".br").stat().st_size < 6_000_000


def test_parity_checks_cover_every_category_and_an_error(rates) -> None:
    checks = runtime.parity_checks(rates)
    industries = {c["industry"] for c in checks}
    assert {c.industries[0].id for c in rates.categories} <= industries
    assert rates.excluded[0].id in industries
    assert all(c["today"] == runtime.CHECK_TODAY for c in checks)
    answers = runtime.expected_answers(
        assets.rates_source(rates).read_text(encoding="utf-8"), checks
    )
    assert [a["ok"] for a in answers].count(False) == 1


def test_a_trimmed_runtime_that_answers_differently_fails_the_build(
    rates, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gate before publishing: the trimmed runtime's answers (Pyodide in Node) must equal
    CPython's; here CPython is made to say something else."""
    copy = tmp_path / f"{rates.year}.toml"  # a different input: no cached runtime applies
    text = assets.rates_source(rates).read_text(encoding="utf-8")
    copy.write_text(text + f"\n# {tmp_path.name}\n", encoding="utf-8")
    wheel = kernel_wheel.build_wheel()
    monkeypatch.setattr(runtime, "CACHE_DIR", tmp_path / "cache")
    real = runtime.expected_answers
    monkeypatch.setattr(
        runtime, "expected_answers", lambda toml, checks: [*real(toml, checks)[:-1], "other"]
    )
    with pytest.raises(PluginError, match="answers differently"):
        runtime.build_runtime(wheel, load_rates(copy), copy.read_text("utf-8"))
    assert not list((tmp_path / "cache").glob("runtime-*"))


def test_brotli_quality_is_lowered_only_for_the_snapshot() -> None:
    assert files.brotli_quality(9_598_218) == 11  # pyodide.asm.wasm
    assert files.brotli_quality(31_457_424) == 5
