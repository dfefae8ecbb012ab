"""The quote worker's Python start, one routine for the browser (worker.js) and the build (runtime.mjs).

It ships in the browser's wheel beside the kernel, as a module of its own (macros/plugin/wheel.py),
so that the worker runs no Python source: the worker puts the wheel on sys.path and calls
`import_kernel()`, `make_widget(rates_toml)`, then `handle(request_json)` for every request.

Importing the kernel makes code at run time: every @dataclass writes its methods as source and
exec()s it, and decimal's namedtuple eval()s a lambda. In a fresh page that runs CPython's compiler,
a large body of wasm that an engine has not yet compiled well; in WebKit it took most of the
import (bench/bench_engines.py). The build runs this same start in Pyodide's own Python and keeps
every source compiled meanwhile with its code object (`compiled`, written by runtime.mjs into the
wheel as GENERATED); the browser's start takes each source's code from there instead of compiling
it. A source not there (another Python, a build without Node) is compiled as before.
"""

from __future__ import annotations

import builtins
import marshal
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from importlib.util import MAGIC_NUMBER
from types import CodeType
from typing import Any

GENERATED = "cq_generated.bin"  # beside this module: MAGIC_NUMBER, then marshal of `compiled`

# Every source this process compiled through exec() or eval() during the start, by (mode, source).
compiled: dict[tuple[str, str], CodeType] = {}
_widget: Any = None


@cache
def generated_code() -> Mapping[tuple[str, str], CodeType]:
    """The build's code for the sources the start generates, if it was made by this very Python."""
    folder = __file__.rpartition("/")[0]
    try:
        data = __loader__.get_data(f"{folder}/{GENERATED}")  # zipimport reads it from the wheel
    except OSError:
        return {}
    if not data.startswith(MAGIC_NUMBER):
        return {}
    return marshal.loads(data[len(MAGIC_NUMBER) :])


def generated_table() -> bytes:
    """What GENERATED holds: the sources this process compiled during its start, with their code."""
    return MAGIC_NUMBER + marshal.dumps(compiled)


@contextmanager
def known_sources(known: Mapping[tuple[str, str], CodeType]) -> Iterator[None]:
    """exec() and eval() of a source string take its code from `known` (else compile it, as they
    would, and keep it in `compiled`); both are themselves again afterwards."""
    real_exec, real_eval = builtins.exec, builtins.eval

    def code(source: Any, mode: str) -> Any:
        if not isinstance(source, str):
            return source
        if mode == "eval":
            source = source.lstrip(" \t")  # as eval() reads a string
        key = (mode, source)
        found = known.get(key) or compiled.get(key)
        if found is None:
            found = compiled[key] = compile(source, "<string>", mode, dont_inherit=True)
        return found

    def run(real: Any, mode: str, source: Any, namespace: Any, local: Any, **kwargs: Any) -> Any:
        if namespace is None:  # the caller's namespaces, as exec() and eval() take them
            caller = sys._getframe(2)
            namespace, local = caller.f_globals, caller.f_locals if local is None else local
        return real(code(source, mode), namespace, local, **kwargs)

    def exec_(source: Any, globals: Any = None, locals: Any = None, /, **kwargs: Any) -> Any:
        return run(real_exec, "exec", source, globals, locals, **kwargs)

    def eval_(source: Any, globals: Any = None, locals: Any = None, /) -> Any:
        return run(real_eval, "eval", source, globals, locals)

    builtins.exec, builtins.eval = exec_, eval_
    try:
        yield
    finally:
        builtins.exec, builtins.eval = real_exec, real_eval


def import_kernel() -> None:
    """The kernel imported from the wheel, its generated code taken from the build's."""
    with known_sources(generated_code()):
        import cyberquote.browser  # noqa: F401


def make_widget(rates_toml: str) -> None:
    """The Widget for the rates file the site was built from (a snapshot holds it made)."""
    from cyberquote.browser import Widget

    global _widget
    with known_sources(generated_code()):
        _widget = Widget(rates_toml)


def ready() -> bool:
    """True once the Widget is made (in a memory snapshot's Python it already is)."""
    return _widget is not None


def handle(request_json: str) -> str:
    """One request from the page, answered by the Widget (cyberquote.browser.Widget.handle)."""
    answer: str = _widget.handle(request_json)
    return answer
