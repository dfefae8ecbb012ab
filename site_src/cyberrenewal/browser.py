"""The renewal page's one call: a dropped workbook checked as `rates new`, `rates import` and
`rates check` would, in the browser (a Web Worker on the site's own Pyodide).

`review` takes the dropped file's bytes and this year's rates text, makes next year's draft
(`renewal.new_draft`), reads the figures into it (`sheet_import.import_figures`) and checks the
result against this year's (`checks`): the same functions, messages and words as the commands.
Pure: no file or network I/O, nothing but the standard library, openpyxl and the holidays package
(what the build step macros/plugin/renewal_runtime.py ships). It never raises for bad input: a
file it cannot read is a problem of code "file".
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from cyberquote.errors import InputError, Problem, RatesError
from cyberquote.model import Rates
from cyberquote.rates import parse_rates
from cyberquote.words import Lang, both

from .checks import deadline_warnings, warnings
from .diff import diff_rates
from .diff_report import diff_sections, html_sections, title
from .renewal import new_draft
from .sheet_import import change_lines, import_figures

CURRENT = "rates.toml"  # how messages name this year's file, which the page fetched
_AT_CELL = re.compile(r"^(?P<code>\S+) \((?P<cell>[^()]+)\)$")  # "AA1 (業種区分Ⅰ!C5)"
_CELL = re.compile(r"^(?:.+!)?[A-Z]{1,3}[0-9]+$")  # "業種区分Ⅰ!I5", or "C3" in a CSV


def _problem(problem: Problem, lang: Lang) -> dict[str, str]:
    """A problem as the page lists it: the code and the cell it names, and the command's line."""
    found = _AT_CELL.match(problem.key)
    if found:
        code, cell = found["code"], found["cell"]
    elif _CELL.match(problem.key):
        code, cell = "", problem.key
    else:
        code, cell = problem.key or "file", ""
    return {"code": code, "cell": cell, "text": problem.line(lang)}


def diff_html(old: Rates, new: Rates, lang: Lang) -> str:
    """The approval document of `rates diff --format html` (its title, sections, tables and
    words), as a section of the page: no style attribute (the site's CSP allows none), every
    text escaped."""
    d = diff_rates(old, new)
    out = ['<section class="renewal-diff">', f"<h2>{escape(title(d, lang))}</h2>"]
    out += html_sections(diff_sections(d, lang), level=3, attrs={"num": 'class="num"'})
    out.append("</section>")
    return "\n".join(out)


def _refused(problems: list[Problem], lang: Lang) -> dict[str, Any]:
    return {
        "state": "problems",
        "problems": [_problem(p, lang) for p in problems],
        "warnings": [],
        "changes": [],
        "diff_html": "",
        "toml": "",
        "toml_name": "",
        "year": None,
    }


def review(data: bytes, filename: str, *, current_toml: str, lang: str) -> dict[str, Any]:
    """Next year's rates from the workbook or CSV `data` (saved as `filename`), checked against
    this year's `current_toml`, as a JSON-able dict for the page (cq-renewal.js):

    - ``state``: "ok" or "problems";
    - ``problems``: ``{"code", "cell", "text"}`` each (``AA1``, ``業種区分Ⅰ!C5``, the command's line);
    - ``warnings``, ``changes``: the lines `rates check` and `rates import` print;
    - ``diff_html``: the approval document (`diff_html`), ``toml``: next year's draft, named
      ``toml_name`` for ``year``; empty (None) when there are problems.
    """
    shown: Lang = "en" if lang == "en" else "ja"
    try:
        current = parse_rates(current_toml, name=CURRENT)
        year = current.year + 1
        target = f"rates/{year}.toml"
        draft = new_draft(current_toml, year)
        result = import_figures(
            bytes(data), filename, draft, target=target, previous=current, book_name=filename
        )
    except RatesError as err:  # this year's file: the site was built from it, so hardly ever
        return _refused(err.items, shown)
    except InputError as err:
        return _refused([Problem(CURRENT, "", **err.messages)], shown)
    except Exception as exc:  # a workbook openpyxl trips on: a problem, never a traceback
        reason = type(exc).__name__
        return _refused([Problem(filename, "", **both("sheet.unreadable", reason=reason))], shown)
    if result.text is None or result.rates is None:
        return _refused(result.problems, shown)
    rates = result.rates
    found = [*deadline_warnings(rates), *warnings(rates, current)]
    return {
        "state": "ok",
        "problems": [],
        "warnings": [w.line(shown) for w in found],
        "changes": change_lines(result, shown),
        "diff_html": diff_html(current, rates, shown),
        "toml": result.text,
        "toml_name": f"{year}.toml",
        "year": year,
    }
