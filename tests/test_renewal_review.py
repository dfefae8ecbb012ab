"""The renewal page's Python: `cyberrenewal.browser.review` on workbooks LibreOffice Calc saved
(tests/fixtures/renewal, made by make_fixtures.py), and the build step that ships it
(macros/plugin/renewal_runtime.py): its wheels are the lock's, its manifest names what it wrote,
and the wheels alone run review() in a bare CPython and in the real Pyodide under Node.
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cyberquote import parse_rates
from cyberquote.words import word
from cyberrenewal.browser import review
from cyberrenewal.renewal import new_draft
from cyberstaff.cli import main
from mkdocs.exceptions import PluginError
from openpyxl import load_workbook

from macros.plugin.assets import WidgetRuntime
from macros.plugin.names import Asset
from macros.plugin.pyodide import PYODIDE_DIR, PYODIDE_FILES
from macros.plugin.renewal_runtime import (
    FOLDER,
    LOCK,
    RenewalRuntime,
    index_files,
    locked,
    locked_wheel,
    renewal_runtime,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "renewal"
CURRENT = (ROOT / "rates" / "2024.toml").read_text("utf-8")
# The ten premiums make_fixtures.py raised by 5 % (RAISED there), by code.
RAISED = {"AA1", "AA2", "AB3", "AC4", "BA1", "BB8", "CC2", "CA5", "DB1", "DC8"}


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def codes_in(diff_html: str) -> set[str]:
    return set(re.findall(r"<td>([A-D][A-C][1-8])</td>", diff_html))


def test_ten_premiums_raised_in_libreoffice_give_ok_a_diff_of_the_ten_and_a_draft_holding_them():
    result = review(
        fixture("2025-ten-raised.xlsx"), "保険料表.xlsx", current_toml=CURRENT, lang="ja"
    )
    assert (result["state"], result["problems"]) == ("ok", [])
    assert codes_in(result["diff_html"]) == RAISED
    assert {line.split(":")[0].strip() for line in result["changes"]} == RAISED  # rates import's
    assert (result["toml_name"], result["year"]) == ("2025.toml", 2025)
    new, old = parse_rates(result["toml"]), parse_rates(CURRENT)
    assert new.is_draft and new.year == 2025
    changed = {new.code(*key) for key, yen in new.premiums.items() if yen != old.premiums[key]}
    assert changed == RAISED
    for key, yen in new.premiums.items():
        if new.code(*key) in RAISED:
            assert yen == round(old.premiums[key] * 1.05 / 10) * 10
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result  # what the worker posts


def test_a_text_and_a_tenfold_premium_are_both_named_by_code_and_cell_in_the_pages_language():
    for lang, says in (("ja", ("「未定」", "+900%")), ("en", ("未定", "+900%"))):
        result = review(
            fixture("2025-text-tenfold.xlsx"), "book.xlsx", current_toml=CURRENT, lang=lang
        )
        assert result["state"] == "problems"
        assert result["toml"] == result["diff_html"] == "" and result["year"] is None
        found = [(p["code"], p["cell"]) for p in result["problems"]]
        assert found == [("AA1", "業種区分Ⅰ!C5"), ("DC8", "業種区分Ⅳ!G12")]
        for problem, said in zip(result["problems"], says, strict=True):
            assert problem["text"].startswith(f"book.xlsx: {problem['code']} ({problem['cell']}): ")
            assert said in problem["text"]


def test_the_pages_lines_are_the_commands_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "rates").mkdir()
    (tmp_path / "rates" / "2024.toml").write_text(CURRENT, "utf-8")
    (tmp_path / "rates" / "2025.toml").write_text(new_draft(CURRENT, 2025), "utf-8")
    shutil.copy(FIXTURES / "2025-text-tenfold.xlsx", tmp_path / "book.xlsx")
    monkeypatch.chdir(tmp_path)
    assert main(["rates", "import", "book.xlsx", "--into", "rates/2025.toml", "--lang", "en"]) == 1
    printed = capsys.readouterr().err.splitlines()
    result = review(fixture("2025-text-tenfold.xlsx"), "book.xlsx", current_toml=CURRENT, lang="en")
    assert [p["text"] for p in result["problems"]] == printed[:-1]  # then "not written"


def test_the_grid_csv_reads_in_utf8_and_in_shift_jis():
    utf8, sjis = (
        review(fixture(name), name, current_toml=CURRENT, lang="ja")
        for name in ("grid-2025-utf8.csv", "grid-2025-sjis.csv")
    )
    assert utf8["state"] == sjis["state"] == "ok"
    assert utf8["toml"] == sjis["toml"]
    assert codes_in(utf8["diff_html"]) == {"AA1"}


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("2025.ods", fixture("2025.ods"), ".ods"),
        ("book.xlsx", b"not a workbook", "BadZipFile"),
        ("book.xlsx", b"", "BadZipFile"),
        ("book.csv", b"\xff\xfe\x00garbage\x81", "CSV"),
        ("2025-typed-sheet1-utf8.csv", fixture("2025-typed-sheet1-utf8.csv"), "active sheet"),
    ],
)
def test_a_file_it_cannot_read_is_one_problem_of_code_file(name: str, data: bytes, says: str):
    result = review(data, name, current_toml=CURRENT, lang="en")
    assert result["state"] == "problems"
    assert [(p["code"], p["cell"]) for p in result["problems"]] == [("file", "")]
    assert says in result["problems"][0]["text"]


def test_last_years_workbook_is_refused_naming_both_years():
    result = review(fixture("2024-typed.xlsx"), "book.xlsx", current_toml=CURRENT, lang="ja")
    assert [(p["code"], p["cell"]) for p in result["problems"]] == [("", "業種区分Ⅰ!B15")]
    assert "2024年度" in result["problems"][0]["text"]
    assert "2025年度" in result["problems"][0]["text"]


def test_the_diff_is_escaped_and_carries_no_style_the_csp_would_refuse():
    hostile = CURRENT.replace('ja = "業種区分Ⅰ"', 'ja = "<img src=x onerror=alert(1)>"', 1)
    assert hostile != CURRENT
    result = review(fixture("2025-ten-raised.xlsx"), "b.xlsx", current_toml=hostile, lang="ja")
    assert result["state"] == "ok"
    assert "&lt;img src=x onerror=alert(1)&gt;" in result["diff_html"]
    assert "<img" not in result["diff_html"] and "style=" not in result["diff_html"]
    assert result["diff_html"].startswith('<section class="renewal-diff">')


def test_warnings_are_the_deadlines_rates_new_names_and_the_source_to_rewrite():
    result = review(fixture("2025-ten-raised.xlsx"), "b.xlsx", current_toml=CURRENT, lang="ja")
    assert all(w.startswith("警告: rates/2025.toml: ") for w in result["warnings"])
    assert sum("祝日（敬老の日）" in w for w in result["warnings"]) == 1
    assert sum("meta.source" in w for w in result["warnings"]) == 1


# --- the build step ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def widget() -> WidgetRuntime:
    """The quote's Pyodide files and rates file, as a build names them (the quote's trimmed
    stdlib, which the renewal does not use, left as Pyodide's own)."""
    rates_asset = Asset.hashed("assets/rates", "2024.toml", CURRENT.encode())
    pyodide = tuple(
        Asset(f"assets/pyodide/0123456789ab/{n}", (PYODIDE_DIR / n).read_bytes())
        for n in PYODIDE_FILES
    )
    stub = Asset("assets/widget/quote.0123456789ab.js", b"")
    return WidgetRuntime(
        script=stub, worker=stub, style=stub, wheel=stub, rates=rates_asset, snapshot=None,
        pyodide=pyodide,
    )  # fmt: skip


@pytest.fixture(scope="module")
def runtime(widget: WidgetRuntime) -> RenewalRuntime:
    return renewal_runtime(parse_rates(CURRENT, name="rates/2024.toml"), widget)


@pytest.fixture(scope="module")
def site(
    runtime: RenewalRuntime, widget: WidgetRuntime, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    out = tmp_path_factory.mktemp("renewal-site")
    for asset in (*runtime.files, *widget.pyodide, widget.rates):
        (out / asset.path).parent.mkdir(parents=True, exist_ok=True)
        (out / asset.path).write_bytes(asset.data)
    return out


def manifest(runtime: RenewalRuntime) -> dict[str, Any]:
    return json.loads(runtime.manifest.data)


def test_the_manifest_names_files_written_beside_it_with_their_sha256(runtime, site):
    data = manifest(runtime)
    folder = site / FOLDER
    named = [data["stdlib"], *data["wheels"], data["rates"], *data["workbook"].values()]
    assert set(named) == set(data["sha256"])
    for url in named:
        path = Path(posixpath.normpath(folder / url))
        assert hashlib.sha256(path.read_bytes()).hexdigest() == data["sha256"][url], url
    assert (data["rates_year"], data["year"], data["module"]) == (
        2024,
        2025,
        "cyberrenewal.browser",
    )
    pyodide = Path(posixpath.normpath(folder / data["pyodide"]))
    fetched = [pyodide / "pyodide.asm.wasm", pyodide / "pyodide-lock.json"]
    fetched += [folder / url for url in (data["stdlib"], *data["wheels"], data["rates"])]
    sizes = [Path(posixpath.normpath(path)).stat().st_size for path in fetched]
    assert data["bytes"] == sum(sizes)  # what a boot fetch()es, as the page's progress counts
    with (
        zipfile.ZipFile(folder / data["stdlib"]) as ours,
        zipfile.ZipFile(PYODIDE_DIR / "python_stdlib.zip") as whole,
    ):  # trimmed to what review() loads in Pyodide, compiled by it (under Node, as tests run)
        names = set(ours.namelist())
        assert {"xml/etree/ElementTree.pyc", "gettext.pyc", "zipfile/__init__.pyc"} <= names
        assert not {n for n in names if n.endswith(".py")}
        assert len(names) < len(whole.namelist()) / 2
    assert runtime.manifest.path.startswith(f"{FOLDER}/runtime.")
    assert all(a.path.startswith(f"{FOLDER}/") for a in runtime.files)


def test_the_locked_wheels_are_the_locks_bytes_and_holidays_is_trimmed_to_japan(runtime):
    pins = locked()
    published = {
        w.path.rpartition("/")[2].split("-")[0]: w.data
        for w in runtime.files
        if w.path.endswith(".whl")
    }
    for dist in ("openpyxl", "et_xmlfile", "python_dateutil", "six"):
        name = dist.replace("_", "-")
        assert hashlib.sha256(published[dist]).hexdigest() in pins[name][1], dist
    assert pins["openpyxl"][0] == "3.1.5" and pins["et-xmlfile"][0] == "2.0.0"
    with zipfile.ZipFile(io.BytesIO(published["holidays"])) as trimmed:
        names = set(trimmed.namelist())
    assert {n for n in names if n.startswith("holidays/countries/")} == {
        "holidays/countries/__init__.py", "holidays/countries/japan.py"
    }  # fmt: skip
    assert {n for n in names if n.endswith(".mo")} == {
        "holidays/locale/ja/LC_MESSAGES/JP.mo", "holidays/locale/en_US/LC_MESSAGES/JP.mo"
    }  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(published["cyberrenewal"])) as ours:
        modules = {n for n in ours.namelist() if n.endswith(".py")}
    assert "cyberrenewal/browser.py" in modules and "cyberquote/rates.py" in modules
    assert not {m for m in modules if m.startswith(("cyberdocs/", "cyberstaff/"))}
    assert not {"cyberrenewal/sheet.py", "cyberrenewal/diff_xlsx.py"} & modules


def test_a_cached_wheel_that_is_not_the_locks_is_refused_and_dropped(tmp_path: Path):
    version, _ = locked()["six"]
    bad = tmp_path / f"six-{version}-py2.py3-none-any.whl"
    bad.write_bytes(b"PK not six")
    with pytest.raises(PluginError, match=re.escape(LOCK.name)):
        locked_wheel("six", cache=tmp_path)
    assert not bad.exists()


def test_an_index_page_in_json_or_html_lists_the_same_files():
    digest = "a" * 64
    url = "https://files.example/six-1.17.0-py2.py3-none-any.whl"
    as_json = {"files": [{"filename": "six-1.17.0-py2.py3-none-any.whl", "url": url,
                          "hashes": {"sha256": digest}}]}  # fmt: skip
    as_html = f'<html><body><a href="{url}#sha256={digest}" data-requires-python="&gt;=2.7">'
    as_html += "six-1.17.0-py2.py3-none-any.whl</a><br/></body></html>"
    assert index_files(json.dumps(as_json).encode()) == as_json["files"]
    assert index_files(as_html.encode()) == as_json["files"]


def test_no_index_and_no_cached_wheel_stop_the_build_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple/")  # nothing listens there
    with pytest.raises(PluginError) as refused:
        locked_wheel("six", cache=tmp_path)
    ja, en = str(refused.value).splitlines()
    assert ja.startswith(
        "年度更新ページのライブラリを取得できません（http://127.0.0.1:9/simple/six/"
    )
    assert en.strip().startswith("Cannot fetch a library of the renewal page")


def test_the_workbook_is_next_years_and_reads_back_as_no_change(runtime, widget):
    for lang, book in runtime.workbook.items():
        assert f"workbook-2025-{lang}." in book.path
        result = review(book.data, "workbook.xlsx", current_toml=CURRENT, lang=lang)
        assert result["state"] == "ok", result["problems"]
        assert codes_in(result["diff_html"]) == set()
        sheet = load_workbook(io.BytesIO(book.data)).worksheets[0]
        texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        assert (
            word("sheet.title", lang, year=2025, status=word("sheet.status_draft", lang)) in texts
        )
        assert word("renewal_page.workbook_how_to", lang) in texts  # not the command's line
        assert not [t for t in texts if "cyberquote rates" in t]
    again = renewal_runtime(parse_rates(CURRENT, name="rates/2024.toml"), widget)
    assert [a.path for a in again.files] == [
        a.path for a in runtime.files
    ]  # same bytes, same names


# --- the wheels alone: a bare CPython, and Pyodide under Node ------------------------------------

CASES = [
    ("2025-ten-raised.xlsx", "ja"),
    ("2025-text-tenfold.xlsx", "en"),
    ("grid-2025-sjis.csv", "ja"),
]


def expected() -> list[dict[str, Any]]:
    return [review(fixture(n), n, current_toml=CURRENT, lang=lang) for n, lang in CASES]


# Japan's public holidays of 2000-2040 in both languages the checks name them in.
JAPAN_HOLIDAYS = (
    "[[str(d), n] for lang in ('ja', 'en_US') for d, n in sorted(__import__('holidays')"
    ".country_holidays('JP', years=range(2000, 2041), language=lang).items())]"
)


def test_the_wheels_alone_run_review_in_a_bare_cpython(runtime, site, tmp_path: Path):
    packages = tmp_path / "site-packages"
    for url in manifest(runtime)["wheels"]:
        with zipfile.ZipFile(site / FOLDER / url) as wheel:
            wheel.extractall(packages)
    script = (
        "import json, sys; from pathlib import Path\n"
        f"sys.path.insert(0, {str(packages)!r})\n"
        "from cyberrenewal.browser import review\n"
        f"cases = {json.dumps([[str(FIXTURES / n), n, lang] for n, lang in CASES])}\n"
        f"toml = Path({str(ROOT / 'rates' / '2024.toml')!r}).read_text('utf-8')\n"
        "out = [review(Path(p).read_bytes(), n, current_toml=toml, lang=l) for p, n, l in cases]\n"
        "mods = sorted({m.split('.')[0] for m in sys.modules})\n"
        f"days = {JAPAN_HOLIDAYS}\n"
        "print(json.dumps({'results': out, 'modules': mods, 'holidays': days}, ensure_ascii=False))\n"
    )
    done = subprocess.run(
        [sys.executable, "-S", "-c", script], capture_output=True, text=True, check=True
    )  # -S: no site-packages, only the wheels and the standard library
    answer = json.loads(done.stdout)
    assert answer["results"] == expected()
    assert answer["holidays"] == eval(JAPAN_HOLIDAYS)  # the trimmed package's Japan: the whole's
    assert not {"cyberdocs", "cyberstaff", "mkdocs", "jinja2"} & set(answer["modules"])


NODE_SCRIPT = r"""
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
const [pyodideDir, manifestPath, casesPath] = process.argv.slice(2);
const { loadPyodide } = await import(resolve(pyodideDir, "pyodide.mjs"));
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const here = dirname(manifestPath);
const started = performance.now();
const pyodide = await loadPyodide({
  indexURL: pyodideDir + "/", stdLibURL: resolve(here, manifest.stdlib), stdout: () => {},
});
for (const wheel of manifest.wheels) pyodide.unpackArchive(new Uint8Array(readFileSync(resolve(here, wheel))), "wheel");
pyodide.runPython("from cyberrenewal.browser import review");
const ready = performance.now();
const results = [], times = [];
for (const [path, name, lang] of JSON.parse(readFileSync(casesPath, "utf8"))) {
  const t = performance.now();
  pyodide.globals.set("args", pyodide.toPy({ data: new Uint8Array(readFileSync(path)), name, lang,
    toml: readFileSync(resolve(here, manifest.rates), "utf8") }));
  results.push(JSON.parse(pyodide.runPython(
    "import json; json.dumps(review(args['data'], args['name'], current_toml=args['toml'], " +
    "lang=args['lang']), ensure_ascii=False)")));
  times.push(performance.now() - t);
}
console.log(JSON.stringify({ results, ready_ms: ready - started, review_ms: times }));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_review_runs_in_pyodide_under_node_as_in_cpython(runtime, site, tmp_path: Path):
    script = tmp_path / "review.mjs"
    script.write_text(NODE_SCRIPT, "utf-8")
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps([[str(FIXTURES / n), n, lang] for n, lang in CASES]), "utf-8")
    folder = site / FOLDER
    done = subprocess.run(
        ["node", str(script), str(PYODIDE_DIR), str(folder / runtime.manifest.path.rpartition("/")[2]),
         str(cases)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["results"] == expected()
