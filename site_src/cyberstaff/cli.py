"""The staff command line: a thin layer over the package, in Japanese by default.

Exit codes: 0 an answer (eligible or not) or a clean check; 1 a rates file with problems;
2 bad input, a file or an output that cannot be written, with a one-line message on stderr;
3 a fault of the tool itself, still one line; 4 `export`'s files failed their own checks (a
PDF too long, a character no font draws), every problem listed and nothing written; 130
interrupted. Never a traceback: argparse's messages and every --help are in the person's
language (the words of [argparse.*]), and output survives a cp932 console (a character it lacks
is written as "?").
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from cyberdocs.tables import premium_tables_html, premiums_csv, premiums_markdown
from cyberquote import schema
from cyberquote.errors import InputError, RatesError, shown
from cyberquote.model import Rates
from cyberquote.quote import Quote, quote
from cyberquote.rates import load_rates
from cyberquote.words import Lang, text, word

from . import deploy, rates_commands, site_commands
from .project import default_rates_file
from .rates_commands import os_reason

EXIT_EXPORT_FAILED = 4


class _Usage(Exception):
    """A command-line mistake, reported in one line with the command whose --help explains it."""

    def __init__(self, message: str, prog: str) -> None:
        super().__init__(message)
        self.prog = prog


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _Usage(message, self.prog)


# argparse's own messages (its gettext message ids) -> our words: `--help` and every argument
# error read in the person's language, none of them half English.
_ARGPARSE_WORDS = {
    "usage: ": "argparse.usage",
    "positional arguments": "argparse.positionals",
    "options": "argparse.options",
    "show this help message and exit": "argparse.help",
    "the following arguments are required: %s": "argparse.required",
    "one of the arguments %s is required": "argparse.one_of",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "invalid %(type)s value: %(value)r": "argparse.invalid_value",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
    "not allowed with argument %s": "argparse.not_allowed_with",
    "expected one argument": "argparse.expected_one",
    "expected at most one argument": "argparse.expected_at_most_one",
    "expected at least one argument": "argparse.expected_at_least_one",
    "ignored explicit argument %r": "argparse.ignored_argument",
    "ambiguous option: %(option)s could match %(matches)s": "argparse.ambiguous",
    "unexpected option string: %s": "argparse.unexpected_option",
}

# The help of every command and option, by its place in the command tree ("rates import
# --into"); "* --lang" for an option every command takes. Every command and option of `_parser`
# has its words here, so that every --help reads in one language.
_HELP_WORDS = {
    "": "argparse.h_cyberquote",
    "quote": "argparse.h_quote",
    "quote --industry": "argparse.h_quote_industry",
    "quote --category": "argparse.h_quote_category",
    "quote --revenue": "argparse.h_quote_revenue",
    "quote --plan": "argparse.h_quote_plan",
    "quote --start": "argparse.h_quote_start",
    "quote --today": "argparse.h_quote_today",
    "quote --json": "argparse.h_quote_json",
    "quote --rates": "argparse.h_rates_option",
    "rates": "argparse.h_rates",
    "rates check": "argparse.h_rates_check",
    "rates table": "argparse.h_rates_table",
    "rates table --format": "argparse.h_format",
    "rates diff": "argparse.h_rates_diff",
    "rates diff old": "argparse.h_diff_old",
    "rates diff new": "argparse.h_diff_new",
    "rates diff --format": "argparse.h_format",
    "rates diff --out": "argparse.h_diff_out",
    "rates new": "argparse.h_rates_new",
    "rates new year": "argparse.h_new_year",
    "rates new --from": "argparse.h_new_from",
    "rates sheet": "argparse.h_rates_sheet",
    "rates sheet --out": "argparse.h_sheet_out",
    "rates import": "argparse.h_rates_import",
    "rates import book": "argparse.h_import_book",
    "rates import --into": "argparse.h_import_into",
    "site": "argparse.h_site",
    "site build": "argparse.h_site_build",
    "site build --preview": "argparse.h_site_preview_flag",
    "site build --out": "argparse.h_site_out",
    "site preview": "argparse.h_site_preview",
    "site preview --port": "argparse.h_site_port",
    "site publish": "argparse.h_site_publish",
    "site publish --to": "argparse.h_site_to",
    "site publish --keep-others": "publish.h_keep_others",
    "site publish --dry-run": "publish.h_dry_run",
    "export": "argparse.h_export",
    "export --out": "argparse.h_export_out",
    "export --rates": "argparse.h_rates_option",
    "deploy": "argparse.h_deploy",
    "deploy server": "argparse.h_deploy_server",
    "deploy --prefix": "argparse.h_deploy_prefix",
    "deploy --root": "argparse.h_deploy_root",
    "deploy --listen": "argparse.h_deploy_listen",
    "deploy --server-name": "argparse.h_deploy_server_name",
    "deploy --htaccess": "argparse.h_deploy_htaccess",
    "* file": "argparse.h_file",
    "* --lang": "argparse.h_lang",
    "* --year": "argparse.h_year",
}


@contextmanager
def _argparse_words(lang: Lang) -> Iterator[None]:
    """argparse's messages in `lang` while the parser is made and used (argparse looks each one
    up through gettext at the moment it needs it)."""

    def translate(message: str) -> str:
        key = _ARGPARSE_WORDS.get(message)
        return text(key, lang) if key else message

    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: translate(one if n == 1 else many)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _help_key(place: str) -> str | None:
    last = place.rpartition(" ")[2]
    return _HELP_WORDS.get(place) or _HELP_WORDS.get(f"* {last}")


def _localise(parser: argparse.ArgumentParser, lang: Lang, place: str = "") -> None:
    """Every help text of the command tree from the words catalogue (the `_HELP_WORDS` place
    of each command and option); a command's help is also its own --help's description."""
    key = _help_key(place)
    if key:
        parser.description = word(key, lang)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            # "required: {check,table,...}" rather than the internal name of the choice
            action.metavar = action.metavar or "{" + ",".join(action.choices) + "}"
            for choice in action._choices_actions:
                key = _help_key(f"{place} {choice.dest}".strip())
                choice.help = word(key, lang) if key else choice.help
            for name, sub in action.choices.items():
                _localise(sub, lang, f"{place} {name}".strip())
        elif action.dest != "help":
            name = action.option_strings[0] if action.option_strings else action.dest
            key = _help_key(f"{place} {name}".strip())
            action.help = word(key, lang) if key else action.help


def _rates(path: str | None) -> Rates:
    """The file named, else the one `project` chooses (CYBERQUOTE_YEAR, else the newest final)."""
    return load_rates(Path(path) if path else default_rates_file())


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
                f" {mark} {plan['plan']:<4} {plan['code']:<5} {plan['premium'][lang]:>11}"
                + "".join(
                    f"  {plan[f'{limit.name}_limit'][lang]:>10}" for limit in schema.PLAN_LIMITS
                )
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
    from .export import ExportError, export_all  # WeasyPrint and the pamphlet: this command only

    rates = _rates(args.rates)
    try:
        written = export_all(rates, Path(args.out), lang=args.lang)
    except ExportError as err:
        print(word("cli.export_failed", args.lang), *err.problems, sep="\n", file=sys.stderr)
        return EXIT_EXPORT_FAILED
    for path in written:
        print(path)
    return 0


LANG_OPTION: dict[str, Any] = {"choices": ["ja", "en"], "default": "ja"}


def _commands(parser: argparse.ArgumentParser, dest: str) -> argparse._SubParsersAction:
    return parser.add_subparsers(dest=dest, required=True, parser_class=_Parser)


def _command(
    commands: argparse._SubParsersAction, name: str, run: Callable[[argparse.Namespace], int]
) -> argparse.ArgumentParser:
    """One command of the tree, run by `main` with the parsed line; `help=""` only lists it in
    its parent's --help (its words, and its options', are `_HELP_WORDS`')."""
    command = commands.add_parser(name, help="")
    command.set_defaults(run=run)
    return command


def _parser(lang: Lang) -> _Parser:
    """The whole command tree, declared here and only here; its help in `lang` (call inside
    `_argparse_words`). The commands' code is in rates_commands, site_commands, deploy and below."""
    parser = _Parser(prog="cyberquote")
    commands = _commands(parser, "command")

    q = _command(commands, "quote", _cmd_quote)
    who = q.add_mutually_exclusive_group(required=True)
    who.add_argument("--industry")
    who.add_argument("--category")
    q.add_argument("--revenue", required=True)
    q.add_argument("--plan")
    q.add_argument("--start")
    q.add_argument("--today")
    q.add_argument("--lang", **LANG_OPTION)
    q.add_argument("--json", action="store_true")
    q.add_argument("--rates")

    rates = _commands(commands.add_parser("rates", help=""), "rates_command")
    check = _command(rates, "check", rates_commands.cmd_check)
    check.add_argument("file", nargs="?")
    check.add_argument("--lang", **LANG_OPTION)
    table = _command(rates, "table", _cmd_table)
    table.add_argument("file", nargs="?")
    table.add_argument("--format", choices=["csv", "md", "html"], default="md")
    table.add_argument("--lang", **LANG_OPTION)
    diff = _command(rates, "diff", rates_commands.cmd_diff)
    diff.add_argument("old")
    diff.add_argument("new")
    diff.add_argument("--format", choices=["text", "md", "html", "xlsx"], default="text")
    diff.add_argument("--out")
    diff.add_argument("--lang", **LANG_OPTION)
    new = _command(rates, "new", rates_commands.cmd_new)
    new.add_argument("year", type=int)
    new.add_argument("--from", dest="source")
    new.add_argument("--lang", **LANG_OPTION)
    sheet = _command(rates, "sheet", rates_commands.cmd_sheet)
    sheet.add_argument("file", nargs="?")
    sheet.add_argument("--out", required=True)
    sheet.add_argument("--lang", **LANG_OPTION)
    imp = _command(rates, "import", rates_commands.cmd_import)
    imp.add_argument("book")
    imp.add_argument("--into", required=True)
    imp.add_argument("--lang", **LANG_OPTION)

    site = _commands(commands.add_parser("site", help=""), "site_command")
    for name, run in (
        ("build", site_commands.cmd_build),
        ("preview", site_commands.cmd_preview),
        ("publish", site_commands.cmd_publish),
    ):
        command = _command(site, name, run)
        command.add_argument("--year", type=int)
        command.add_argument("--lang", **LANG_OPTION)
        if name == "build":
            command.add_argument("--preview", action="store_true")
            command.add_argument("--out")
        if name == "preview":
            command.add_argument("--port", type=int, default=8000)
        if name == "publish":
            command.add_argument("--to", required=True)
            command.add_argument("--keep-others", action="store_true")
            command.add_argument("--dry-run", action="store_true")

    export = _command(commands, "export", _cmd_export)
    export.add_argument("--out", required=True)
    export.add_argument("--rates")
    export.add_argument("--lang", **LANG_OPTION)

    served = _command(commands, "deploy", deploy.cmd_deploy)
    served.add_argument("server", choices=deploy.SERVERS)
    served.add_argument("--prefix", default="/")
    served.add_argument("--root")
    served.add_argument("--listen")
    served.add_argument("--server-name")
    served.add_argument("--htaccess", action="store_true")
    served.add_argument("--lang", **LANG_OPTION)
    _localise(parser, lang)
    return parser


def _language(argv: list[str]) -> Lang:
    """--lang as given anywhere on the line (before the parser, whose errors need it)."""
    given = [a.split("=", 1)[-1] for a in argv if a.startswith("--lang=")]
    given += [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--lang"]
    return "en" if "en" in given else "ja"


class _Stdout(io.FileIO):
    """The process's stdout that remembers a failed write (a full disk, /dev/full): that
    OSError is then the output's own, told as such, not a file's."""

    failed = False

    def write(self, data: Any) -> int:
        try:
            return super().write(data)
        except OSError:
            self.failed = True
            raise


_stdout: _Stdout | None = None


def _tolerant_output() -> bool:
    """Output that never stops a command: a character the console's code page lacks (cp932
    has no — or ¥) is written as "?", never a UnicodeEncodeError; a failed write is noticed.
    False if stdout is closed."""
    global _stdout
    # Not a terminal: a Windows console is written through its own API (UTF-16), not the fd.
    if sys.stdout is not None and sys.stdout is sys.__stdout__ and not sys.stdout.isatty():
        _stdout = _Stdout(sys.stdout.fileno(), "w", closefd=False)
        sys.stdout = io.TextIOWrapper(
            io.BufferedWriter(_stdout),
            encoding=sys.stdout.encoding,
            errors="replace",
            line_buffering=sys.stdout.line_buffering,
        )
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # for the whole process
    return sys.stdout is not None


def _drop_output() -> None:
    """After the output failed (a closed pipe, a full disk): what is left goes nowhere, so the
    interpreter's last flush at exit cannot fail again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _run(argv: list[str], lang: Lang) -> int:
    """Parse the line and run its command; --help is printed and answered 0."""
    try:
        with _argparse_words(lang):
            args = _parser(lang).parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    return args.run(args)


def main(argv: list[str] | None = None) -> int:
    """Run one command; every failure is one line on stderr (exit 1 or 2), never a traceback."""
    argv = sys.argv[1:] if argv is None else argv
    lang = _language(argv)
    if not _tolerant_output():
        print(word("cli.stdout_closed", lang), file=sys.stderr)
        return 2
    try:
        code = _run(argv, lang)
        sys.stdout.flush()  # a closed pipe or a full disk shows here, where it is handled
        return code
    except _Usage as exc:
        print(word("cli.usage", lang, problem=shown(exc, 160), prog=exc.prog), file=sys.stderr)
        return 2
    except InputError as exc:
        print(f"cyberquote: {exc.message(lang)}", file=sys.stderr)
        return 2
    except RatesError as exc:
        print("\n".join(exc.lines(lang)), file=sys.stderr)
        return 1
    except BrokenPipeError:  # `cyberquote … | head` closed the pipe: not an error of ours
        _drop_output()
        return 0
    except OSError as exc:
        if _stdout is not None and _stdout.failed:  # /dev/full, a disk that filled up
            _drop_output()
            print(word("cli.output_failed", lang, reason=os_reason(exc, lang)), file=sys.stderr)
        elif exc.filename is None:
            print(f"cyberquote: {shown(os_reason(exc, lang), 200)}", file=sys.stderr)
        else:
            path = shown(exc.filename, 160)
            print(
                word("cli.os_error", lang, path=path, reason=os_reason(exc, lang)), file=sys.stderr
            )
        return 2
    except KeyboardInterrupt:
        print(word("cli.interrupted", lang), file=sys.stderr)
        return 130
    except Exception as exc:  # a fault of ours: still one line, naming what to report
        what = shown(f"{type(exc).__name__}: {exc}", 200)
        print(word("cli.internal_error", lang, what=what), file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
