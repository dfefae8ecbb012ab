"""The staff command line: a thin layer over the package, in Japanese by default.

Exit codes: 0 an answer (eligible or not) or a clean check; 1 a rates file with problems;
2 bad input, with a one-line message on stderr. Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import NoReturn

from cyberquote.errors import InputError, RatesError, shown
from cyberquote.model import Rates
from cyberquote.quote import Quote, quote
from cyberquote.rates import default_rates_path, load_rates
from cyberquote.words import Lang, word

from . import deploy, rates_commands, site_commands
from .tables import premium_tables_html, premiums_csv, premiums_markdown

_REPO = Path(__file__).resolve().parents[2]


class _Usage(Exception):
    """A command-line mistake, reported in one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _Usage(message)


def _root() -> Path:
    """The project folder: the current one if it holds rates/, else the package's checkout."""
    return Path.cwd() if (Path.cwd() / "rates").is_dir() else _REPO


def _rates(path: str | None) -> Rates:
    return load_rates(Path(path) if path else default_rates_path(_root()))


def _print_quote(q: Quote, lang: str) -> None:
    data = q.to_dict()
    for line in data["messages"][lang]:
        print(line)
    if data["plans"]:
        print()
        print("   " + word("cli.plans_head", lang))
        for plan in data["plans"]:
            mark = "→" if plan["chosen"] else " "
            print(
                f" {mark} {plan['plan']:<4} {plan['code']:<5} {plan['premium'][lang]:>11}  "
                f"{plan['liability_limit'][lang]:>10}  {plan['response_cost_limit'][lang]:>10}"
            )
    if data["extras"]:
        print()
        print(word("cli.extras", lang))
        for extra in data["extras"]:
            print(f"  - {extra['label'][lang]}")


def _cmd_quote(args: argparse.Namespace) -> int:
    rates = _rates(args.rates)
    q = quote(
        rates,
        industry=args.industry,
        category=args.category,
        revenue=args.revenue,
        plan=args.plan,
        start=args.start,
        today=args.today,
    )
    if args.json:
        print(json.dumps(q.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_quote(q, args.lang)
    return 0


def _cmd_table(args: argparse.Namespace) -> int:
    rates = _rates(args.file)
    render = {"csv": premiums_csv, "md": premiums_markdown, "html": premium_tables_html}[
        args.format
    ]
    text = render(rates, args.lang)
    sys.stdout.buffer.write(text.encode("utf-8"))
    if not text.endswith("\n"):
        sys.stdout.buffer.write(b"\n")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import export_all

    rates = _rates(args.rates)
    for path in export_all(rates, Path(args.out), lang=args.lang):
        print(path)
    return 0


def _parser() -> _Parser:
    lang = {"choices": ["ja", "en"], "default": "ja", "help": "output language (default ja)"}
    parser = _Parser(
        prog="cyberquote",
        description="全国情報技術協同組合 団体サイバー保険: quotes, rates, exports",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    q = commands.add_parser("quote", help="premium quote for an industry and an annual revenue")
    who = q.add_mutually_exclusive_group(required=True)
    who.add_argument("--industry", help="industry id, e.g. it, retail, food_service")
    who.add_argument("--category", help="industry category I, II, III or IV")
    q.add_argument(
        "--revenue", required=True, help="annual revenue as typed, e.g. 2億5千万, 250000000"
    )
    q.add_argument("--plan", help="plan A, B or C")
    q.add_argument("--start", help="wished coverage start, YYYY-MM")
    q.add_argument(
        "--today", help="the day to apply deadlines to, YYYY-MM-DD (default: today in Japan)"
    )
    q.add_argument("--lang", **lang)
    q.add_argument("--json", action="store_true", help="print Quote.to_dict() as JSON")
    q.add_argument("--rates", help="rates file (default: the current year's in rates/)")
    q.set_defaults(run=_cmd_quote)

    rates = commands.add_parser("rates", help="check, show, compare or start a rates file")
    sub = rates.add_subparsers(dest="rates_command", required=True, parser_class=_Parser)
    check = sub.add_parser("check", help="validate a rates file")
    check.add_argument("file", nargs="?")
    check.add_argument("--lang", **lang)
    check.set_defaults(run=rates_commands.cmd_check)
    table = sub.add_parser("table", help="the premium tables as CSV, Markdown or HTML")
    table.add_argument("file", nargs="?")
    table.add_argument("--format", choices=["csv", "md", "html"], default="md")
    table.add_argument("--lang", **lang)
    table.set_defaults(run=_cmd_table)
    diff = sub.add_parser("diff", help="what changed between two rates files")
    diff.add_argument("old")
    diff.add_argument("new")
    diff.add_argument("--format", choices=["text", "md", "html", "xlsx"], default="text")
    diff.add_argument("--out", help="write to this file (needed for xlsx)")
    diff.add_argument("--lang", **lang)
    diff.set_defaults(run=rates_commands.cmd_diff)
    new = sub.add_parser("new", help="next year's draft from this year's file")
    new.add_argument("year", type=int)
    new.add_argument("--from", dest="source")
    new.add_argument("--lang", **lang)
    new.set_defaults(run=rates_commands.cmd_new)
    sheet = sub.add_parser("sheet", help="the premiums as an Excel workbook to fill in")
    sheet.add_argument("file", nargs="?")
    sheet.add_argument(
        "--out", required=True, help="the workbook to write, e.g. 保険料表-2025.xlsx"
    )
    sheet.add_argument("--lang", **lang)
    sheet.set_defaults(run=rates_commands.cmd_sheet)
    imp = sub.add_parser("import", help="a filled-in workbook (or grid CSV) into a draft")
    imp.add_argument("book", help="the .xlsx workbook or the grid .csv")
    imp.add_argument("--into", required=True, help="the draft rates file, e.g. rates/2025.toml")
    imp.add_argument("--lang", **lang)
    imp.set_defaults(run=rates_commands.cmd_import)

    site_commands.add_commands(commands, lang, _Parser)

    export = commands.add_parser("export", help="PDF, CSV and HTML premium tables for pamphlets")
    export.add_argument("--out", required=True)
    export.add_argument("--rates")
    export.add_argument("--lang", **lang)
    export.set_defaults(run=_cmd_export)
    deploy.add_command(commands, lang)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lang: Lang = (
        "en"
        if "en"
        in [a.split("=", 1)[-1] for a in argv if a.startswith("--lang")]
        + [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--lang"]
        else "ja"
    )
    try:
        args = _parser().parse_args(argv)
        code = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, where it is handled, not at exit
        return code
    except _Usage as exc:
        print(word("cli.usage", lang, problem=shown(exc, 160)), file=sys.stderr)
        return 2
    except InputError as exc:
        print(f"cyberquote: {exc.message(lang)}", file=sys.stderr)
        return 2
    except RatesError as exc:
        print("\n".join(exc.lines(lang)), file=sys.stderr)
        return 1
    except BrokenPipeError:  # `cyberquote … | head` closed the pipe: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no flush error at exit
        return 0


if __name__ == "__main__":
    sys.exit(main())
