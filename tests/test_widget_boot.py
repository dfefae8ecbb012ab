"""The worker's Python start (site_src/widget/cq_boot.py): one routine for the browser and the
build's check, shipped in the wheel with its bytecode and the code the kernel's import generates,
so that the browser's start runs no compiler (the cause of WebKit's slow import:
bench/bench_engines.py)."""

from __future__ import annotations

import builtins
import importlib.util
import json
import marshal
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import RATES_FILE, ROOT
from cyberquote import load_rates, quote
from cyberquote.rates import read_rates_file
from test_widget_build import published_runtime

from macros.plugin import assets, pyodide, runtime
from macros.plugin import wheel as kernel_wheel

sys.path.insert(0, str(ROOT / "site_src" / "widget"))
import cq_boot


@pytest.fixture(autouse=True)
def fresh_compiled():
    cq_boot.compiled.clear()
    yield
    cq_boot.compiled.clear()


def test_a_known_source_runs_the_known_code_and_an_unknown_one_is_compiled_and_kept() -> None:
    known = {("exec", "x = 1"): compile("x = 2", "<string>", "exec")}
    namespace: dict[str, object] = {}
    with cq_boot.known_sources(known):
        exec("x = 1", namespace)
        assert eval("  x + 1", namespace) == 3  # eval() reads past leading blanks, as it does
    assert namespace["x"] == 2
    assert set(cq_boot.compiled) == {("eval", "x + 1")}
    assert builtins.exec is exec and builtins.eval is eval  # themselves again afterwards


def test_a_dataclass_made_meanwhile_has_its_methods_compiled_once() -> None:
    with cq_boot.known_sources({}):

        @dataclass(frozen=True)
        class Point:
            x: int

    assert Point(1) == Point(1) and repr(Point(2)).endswith("Point(x=2)")
    assert {mode for mode, _ in cq_boot.compiled} == {"exec"}
    assert any("def __init__(self" in source for _, source in cq_boot.compiled)
    table = cq_boot.generated_table()
    assert table.startswith(importlib.util.MAGIC_NUMBER)
    assert (
        marshal.loads(table[len(importlib.util.MAGIC_NUMBER) :]).keys() == cq_boot.compiled.keys()
    )


def test_exec_and_eval_without_namespaces_use_the_callers() -> None:
    here = "local"  # noqa: F841 (read by the eval below)
    namespace = {"here": "global"}
    with cq_boot.known_sources({}):
        found = eval("here")
        exec("result = here", namespace)
    assert found == "local" and namespace["result"] == "global"


def test_the_kernel_wheel_holds_the_start_beside_the_kernel() -> None:
    with zipfile.ZipFile(kernel_wheel.build_wheel()) as archive:
        names = set(archive.namelist())
    assert {"cq_boot.py", "cyberquote/browser.py"} <= names
    assert cq_boot.GENERATED not in names  # made by Pyodide's Python (runtime.mjs) only


def test_the_published_wheel_holds_bytecode_and_generated_code_for_pyodides_python(
    built_site: Path,
) -> None:
    quote_dir = built_site / "quote"
    attrs = published_runtime(built_site)
    wheel = (quote_dir / attrs["data-wheel"]).resolve()
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        magic = {archive.read(n)[:4] for n in names if n.endswith(".pyc")}
        generated = archive.read(cq_boot.GENERATED)
    assert {"cq_boot.pyc", "cyberquote/browser.pyc", "cyberquote/model.pyc"} <= names
    with zipfile.ZipFile(quote_dir / attrs["data-pyodide"] / "python_stdlib.zip") as stdlib:
        stdlib_magic = {stdlib.read(i)[:4] for i in stdlib.infolist() if not i.is_dir()}
    assert magic == stdlib_magic and magic != {importlib.util.MAGIC_NUMBER}  # 3.14's
    assert generated[:4] in magic


def test_the_browsers_start_compiles_no_source() -> None:
    """runtime.mjs counts, in the trimmed runtime, the sources the start still compiled."""
    rates = load_rates(RATES_FILE)
    source = assets.rates_source(rates)
    text = read_rates_file(source, source.name)
    trimmed = runtime.build_runtime(kernel_wheel.build_wheel(), rates, text)  # the build's cache
    assert trimmed.compiled == 0


# The worker's start (worker.js's prepare) in Node, on the stock Pyodide.
NODE_START = """
import { readFileSync } from "node:fs";
const [pyodideMjs, wheel, rates, wheelPath] = process.argv.slice(2);
const { loadPyodide } = await import(pyodideMjs);
const pyodide = await loadPyodide({ stdout: () => {}, stderr: () => {} });
pyodide.FS.writeFile(wheelPath, new Uint8Array(readFileSync(wheel)));
pyodide.pyimport("sys").path.insert(0, wheelPath);
const boot = pyodide.pyimport("cq_boot");
boot.import_kernel();
boot.make_widget(readFileSync(rates, "utf8"));
const params = { industry: "it", revenue: "250000000", plan: "B", today: "2024-03-10" };
const answer = JSON.parse(boot.handle(JSON.stringify({ params })));
process.stdout.write(JSON.stringify({ compiled: boot.compiled.length, answer }));
"""


def test_a_wheel_without_the_builds_code_starts_by_compiling_it(tmp_path: Path) -> None:
    """A build without Node publishes the kernel wheel as written (sources only, no GENERATED):
    the same start compiles what the import generates, and answers."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    rates = load_rates(RATES_FILE)
    script = tmp_path / "start.mjs"
    script.write_text(NODE_START, encoding="utf-8")
    pyodide_mjs = (pyodide.PYODIDE_DIR / "pyodide.mjs").as_uri()
    wheel = kernel_wheel.build_wheel()
    source = assets.rates_source(rates)
    done = subprocess.run(
        [node, str(script), pyodide_mjs, str(wheel), str(source), runtime.WHEEL_PATH],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["compiled"] > 20  # the dataclasses' methods, compiled at the start as before
    expected = quote(rates, industry="it", revenue=250_000_000, plan="B", today="2024-03-10")
    assert report["answer"]["result"] == json.loads(json.dumps(expected.to_dict()))


def test_the_worker_gets_the_runtime_facts_from_the_build() -> None:
    script = assets.worker_script().decode()
    assert '"__CQ_RUNTIME__"' not in script
    assert f'"wheel": "{runtime.WHEEL_PATH}"' in script
    assert '"fetched": ["pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"]' in script
    assert "runPython" not in script  # the worker runs no Python source: cq_boot does the start
