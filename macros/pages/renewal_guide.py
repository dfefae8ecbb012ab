"""Real command output for the staff guide, made at build time.

The staff guide (docs/*/staff.md) walks the renewal from the year the site is built for to the
next one, by the spreadsheet. Its example outputs are not typed: `guide_examples` runs the real
commands (`cyberquote rates new / sheet / import / check / diff`) in-process on a scratch copy of
this year's rates file, with a workbook filled in by openpyxl as staff fill it in Excel, so the
guide always shows what staff will see, with this year's figures and dates.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cyberquote import Rates, parse_rates
from cyberquote.words import word
from cyberrenewal.sheet import premium_places
from cyberrenewal.sheet_import import set_figures
from cyberstaff.cli import main as cyberquote_main
from cyberstaff.export import export_names
from openpyxl import load_workbook

EXAMPLE_RAISE_PERCENT = 3  # the guide's illustration: premium AA1 raised by this much
# What step 7 tells staff to write in meta.source: the new brochure's number, shown as a pattern
# (the real number comes with the insurer's papers; a final file citing last year's is refused).
EXAMPLE_SOURCE = (
    'source = { ja = "損害保険ジャパン パンフレット SJ○○-○○○○○（○年○月○日承認）", '
    'en = "Sompo Japan brochure SJ○○-○○○○○ (approved ...)" }'
)


@dataclass(frozen=True)
class Example:
    command: str  # as staff type it, from the project folder ("" for a file excerpt)
    output: str  # what it printed (stdout then stderr), scratch paths made relative
    exit_code: int
    syntax: str = "text"

    def block(self) -> str:
        """A fenced code block: the command after a prompt, then its output. The fence is longer
        than any run of backticks in the output (rates text among it), so nothing closes it early.

        >>> print(Example("", "a ```` b", 0).block())
        `````text
        a ```` b
        `````
        >>> Example("cmd", "out", 0).block()
        '```text\\n$ cmd\\nout\\n```'
        """
        body = f"$ {self.command}\n{self.output}" if self.command else self.output
        fence = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`+", body))])
        return f"{fence}{self.syntax}\n{body.rstrip()}\n{fence}"


def _run(scratch: Path, command: str, args: list[str]) -> Example:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cyberquote_main(args)
    text = (out.getvalue() + err.getvalue()).replace(f"{scratch}/", "")
    return Example(command=command, output=text, exit_code=code)


def _raised(premium: int) -> int:
    """The illustration's new premium: raised by EXAMPLE_RAISE_PERCENT, to the nearest 10 yen."""
    return int(round(premium * (100 + EXAMPLE_RAISE_PERCENT) / 100, -1))


def _typed(scratch: Path, book: Path, cells: dict[str, object]) -> None:
    """Type `cells` ({"業種区分Ⅰ!C5": "17,240"}) into the workbook, as a person does in Excel."""
    workbook = load_workbook(book)
    for ref, value in cells.items():
        sheet, cell = ref.split("!")
        workbook[sheet][cell] = value
    workbook.save(book)


@cache
def _examples(source_text: str, lang: str) -> dict[str, Example]:
    rates = parse_rates(source_text)
    year, nxt = rates.year, rates.year + 1
    old_name, new_name = f"rates/{year}.toml", f"rates/{nxt}.toml"
    book_name = f"保険料表-{nxt}.xlsx" if lang == "ja" else f"premiums-{nxt}.xlsx"
    html_name = f"変更点-{nxt}.html" if lang == "ja" else f"changes-{nxt}.html"
    cli = "cyberquote"
    en = ["--lang", "en"] if lang == "en" else []
    suffix = " --lang en" if en else ""
    with tempfile.TemporaryDirectory(prefix="cq-guide-") as tmp:
        scratch = Path(tmp)
        (scratch / "rates").mkdir()
        old_path, new_path = scratch / old_name, scratch / new_name
        book = scratch / book_name
        old_path.write_text(source_text, "utf-8")

        def run(command: str, args: list[str]) -> Example:
            return _run(scratch, f"{cli} {command}{suffix}", [*args, *en])

        examples = {
            "new": run(f"rates new {nxt}", ["rates", "new", str(nxt), "--from", str(old_path)])
        }
        draft = new_path.read_text("utf-8")
        examples["sheet"] = run(
            f"rates sheet {new_name} --out {book_name}",
            ["rates", "sheet", str(new_path), "--out", str(book)],
        )
        draft_rates = parse_rates(draft)
        first = premium_places(draft_rates, lang)
        aa1, ab1 = (draft_rates.code("I", 1, p) for p in ("A", "B"))
        typed = f"{_raised(rates.premium('I', 1, 'A')):,}"
        blank = book.with_name("blank.xlsx")
        shutil.copy(book, blank)
        _typed(scratch, book, {str(first[aa1]): typed})
        importing = ["rates", "import", str(book), "--into", str(new_path)]
        examples["import"] = run(f"rates import {book_name} --into {new_name}", importing)
        examples["typed"] = Example("", f"{first[aa1]}: {typed}", 0)
        tenfold = book.with_name("tenfold.xlsx")
        shutil.copy(blank, tenfold)
        _typed(scratch, blank, {str(first[ab1]): rates.premium("I", 1, "A") - 10})
        shutil.copy(blank, book)
        broken = run(f"rates import {book_name} --into {new_name}", importing)
        examples["import_broken"] = broken
        top = max(draft_rates.premiums, key=lambda k: (k[0] == draft_rates.categories[-1].id, k))
        _typed(
            scratch, tenfold, {str(first[draft_rates.code(*top)]): draft_rates.premiums[top] * 10}
        )
        shutil.copy(tenfold, book)
        examples["import_tenfold"] = run(f"rates import {book_name} --into {new_name}", importing)
        new_path.write_text(_imported_text(draft, rates, typed), "utf-8")
        examples["check_draft"] = run(f"rates check {new_name}", ["rates", "check", str(new_path)])
        diff = ["rates", "diff", str(old_path), str(new_path)]
        examples["diff"] = run(f"rates diff {old_name} {new_name}", diff)
        html = ["rates", "diff", str(old_path), str(new_path), "--format", "html", "--out",
                str(scratch / html_name)]  # fmt: skip
        examples["diff_html"] = run(
            f"rates diff {old_name} {new_name} --format html --out {html_name}", html
        )
        confirmed = new_path.read_text("utf-8").replace('status = "draft"', 'status = "final"', 1)
        confirmed = re.sub(r"^source = .*$", EXAMPLE_SOURCE, confirmed, count=1, flags=re.M)
        new_path.write_text(confirmed, "utf-8")
        examples["check_final"] = run(f"rates check {new_name}", ["rates", "check", str(new_path)])
        final = parse_rates(confirmed)
        published = [
            *examples["check_final"].output.rstrip("\n").splitlines(),
            word("site_build.published", lang, target="/srv/www/cyber"),
        ]
        examples["publish"] = Example(
            f"{cli} site publish --to /srv/www/cyber{suffix}", "\n".join(published), 0
        )
        names = "\n".join(sorted(export_names(final)))
        examples["downloads"] = Example("", names, 0)
    return examples


def _imported_text(draft: str, rates: Rates, typed: str) -> str:
    """The draft with AA1 raised as the import writes it (the example after the broken import)."""
    key = ("I", 1, "A")
    return set_figures(draft, parse_rates(draft), {key: int(typed.replace(",", ""))}, {})


def guide_examples(source_text: str, lang: str) -> dict[str, Example]:
    """The staff guide's example outputs for the renewal from this year's rates file (its text)
    to the next year's."""
    return _examples(source_text, lang)
