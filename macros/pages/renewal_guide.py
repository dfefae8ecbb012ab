"""Real command output for the staff guide (issue 6), made at build time.

The staff guide (docs/*/staff.md) walks the renewal from the year the site is built for to the
next one. Its example outputs are not typed: `guide_examples` runs the real commands
(`cyberquote rates new / check / diff`) in-process on a scratch copy of this year's rates file, so
the guide always shows what staff will see, with this year's figures and dates.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cyberquote import Rates, load_rates
from cyberstaff.cli import main as cyberquote_main
from cyberstaff.export import export_names
from cyberstaff.tables import premium_table_html

EXAMPLE_RAISE_PERCENT = 3  # the guide's illustration: premium AA1 raised by this much


@dataclass(frozen=True)
class Example:
    command: str  # as staff type it, from the project folder ("" for a file excerpt)
    output: str  # what it printed (stdout then stderr), scratch paths made relative
    exit_code: int
    syntax: str = "text"

    def block(self) -> str:
        """A fenced code block: the command after a prompt, then its output."""
        body = f"$ {self.command}\n{self.output}" if self.command else self.output
        return f"```{self.syntax}\n{body.rstrip()}\n```"


def _run(scratch: Path, command: str, args: list[str]) -> Example:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cyberquote_main(args)
    text = (out.getvalue() + err.getvalue()).replace(f"{scratch}/", "")
    return Example(command=command, output=text, exit_code=code)


def _replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise ValueError(f"staff guide: expected one {old!r} in the draft")
    return text.replace(old, new)


def _raised(premium: int) -> int:
    """The illustration's new premium: raised by EXAMPLE_RAISE_PERCENT, to the nearest 10 yen."""
    return round(premium * (100 + EXAMPLE_RAISE_PERCENT) / 100, -1)


def _draft_excerpt(text: str) -> str:
    """The lines staff edit: the [meta] table and the first category's premium rows."""
    lines = text.splitlines()
    meta = lines.index("[meta]")
    start = lines.index("[premiums]")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == "]")
    return "\n".join([*lines[meta : meta + 4], "...", *lines[start : end + 1]])


@cache
def _examples(source_text: str, lang: str) -> dict[str, Example]:
    rates = load_rates(source_text)
    year, nxt = rates.year, rates.year + 1
    old_name, new_name = f"rates/{year}.toml", f"rates/{nxt}.toml"
    cli = ".venv/bin/cyberquote"
    en = ["--lang", "en"] if lang == "en" else []
    with tempfile.TemporaryDirectory(prefix="cq-guide-") as tmp:
        scratch = Path(tmp)
        (scratch / "rates").mkdir()
        old_path, new_path = scratch / old_name, scratch / new_name
        old_path.write_text(source_text, "utf-8")
        suffix = " --lang en" if en else ""
        examples = {
            "new": _run(
                scratch,
                f"{cli} rates new {nxt}{suffix}",
                ["rates", "new", str(nxt), "--from", str(old_path), *en],
            )
        }
        draft = new_path.read_text("utf-8")
        examples["draft"] = Example("", _draft_excerpt(draft), 0, syntax="toml")
        check = ["rates", "check", str(new_path), *en]
        examples["check_draft"] = _run(scratch, f"{cli} rates check {new_name}{suffix}", check)
        diff = ["rates", "diff", str(old_path), str(new_path), "--format", "md", *en]
        diff_command = f"{cli} rates diff {old_name} {new_name} --format md{suffix}"
        examples["diff_dates"] = _run(scratch, diff_command, diff)
        aa1 = rates.premium("I", 1, "A")
        row = re.search(r"\{ A = +([\d_]+),", draft)
        if row is None:
            raise ValueError("staff guide: the first premium row was not found in the draft")
        raised = f"{int(_raised(aa1)):_}".rjust(len(row[1]))
        example = _replace_once(draft, row[0], row[0].replace(row[1], raised))
        new_path.write_text(example, "utf-8")
        examples["diff_example"] = _run(scratch, diff_command, diff)
        typo = _replace_once(draft, row[0], row[0].replace(row[1], "0".rjust(len(row[1]))))
        new_path.write_text(typo, "utf-8")
        examples["check_broken"] = _run(scratch, f"{cli} rates check {new_name}{suffix}", check)
        confirmed = draft.replace('status = "draft"', 'status = "final"', 1)
        new_path.write_text(confirmed, "utf-8")
        examples["check_final"] = _run(scratch, f"{cli} rates check {new_name}{suffix}", check)
        make_site = [
            f"{cli} rates check",
            examples["check_final"].output.rstrip("\n"),
            ".venv/bin/mkdocs build --strict --quiet",
        ]
        examples["make_site"] = Example("make site", "\n".join(make_site), 0)
        names = "\n".join(sorted(export_names(load_rates(confirmed))))
        examples["downloads"] = Example("ls site/downloads/", names, 0)
    return examples


def guide_examples(source_text: str, lang: str) -> dict[str, Example]:
    """The staff guide's example outputs for the renewal from this year's rates file (its text)
    to the next year's."""
    return _examples(source_text, lang)


def live_check_line(rates: Rates) -> str:
    """What `grep -o 'data-code="AA1"[^>]*'` prints for the premiums page of `rates`."""
    html = premium_table_html(rates, "I", "ja")
    found = re.search(r'data-code="AA1"[^>]*', html)
    if found is None:
        raise ValueError("staff guide: no AA1 cell in the premium table")
    return found[0]
