"""The `cyberquote rates ...` commands staff run at a renewal: check, sheet, import, new, diff.

Each takes the parsed arguments and returns the exit code: 0 done (warnings allowed), 1 a rates
file or workbook with problems (every one printed, named by key or cell), 2 bad input (raised as
InputError, printed in one line by `cli.main`).
"""

from __future__ import annotations

import argparse
import codecs
import errno
import sys
from pathlib import Path

from cyberdocs.glyphs import undrawable
from cyberquote.errors import InputError, RatesError
from cyberquote.rates import load_rates, parse_rates, previous_rates, read_rates_file
from cyberquote.words import Lang, both, word
from cyberrenewal.checks import Warning_, deadline_warnings, warnings

from .project import default_rates_file, project_dir

# What the system says about a file or the output, in the person's language (strerror is English).
_ERRNO_WORDS = {
    errno.ENOENT: "cli.errno_enoent",
    errno.EACCES: "cli.errno_eacces",
    errno.EPERM: "cli.errno_eacces",
    errno.ENOSPC: "cli.errno_enospc",
    errno.EROFS: "cli.errno_erofs",
    errno.EISDIR: "cli.errno_eisdir",
    errno.ENOTDIR: "cli.errno_enotdir",
    errno.EEXIST: "cli.errno_eexist",
    errno.EADDRINUSE: "cli.errno_eaddrinuse",
}


def os_reason(exc: OSError, lang: Lang) -> str:
    """Why a file operation failed, in words (the system's own text for a rare error)."""
    key = _ERRNO_WORDS.get(exc.errno or 0)
    return word(key, lang) if key else str(exc.strerror or exc)


def shown(path: Path) -> Path:
    """A path as staff would type it: relative to the current folder when it lies inside it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def print_warnings(found: list[Warning_], lang: Lang) -> None:
    for warning in found:
        print(warning.line(lang), file=sys.stderr)
    if found:
        print(word("check.summary", lang, n=len(found)), file=sys.stderr)


def write_out(out: Path, data: str | bytes) -> None:
    """Write a file the person named; InputError in one line when the place cannot take it (a
    folder that does not exist, no permission, a full disk)."""
    try:
        if isinstance(data, bytes):
            out.write_bytes(data)
        else:
            out.write_text(data, encoding="utf-8")
    except OSError as exc:
        texts = {lang: os_reason(exc, lang) for lang in ("ja", "en")}
        raise InputError(**both("check.out_unwritable", path=out, reason=texts)) from None


def _fresh(out: Path) -> Path:
    """`out`, refused when it exists (a workbook staff edited must not be lost)."""
    if out.exists():
        raise InputError(**both("check.out_exists", path=out))
    return out


def cmd_check(args: argparse.Namespace) -> int:
    path = Path(args.file) if args.file else default_rates_file()
    rates = load_rates(path)
    undrawn = undrawable(read_rates_file(path, rates.path), rates.path)
    if undrawn:  # the build's PDF would fail on it: refused here, not after the check passed
        raise RatesError(undrawn)
    with path.open("rb") as file:
        if file.read(3) == codecs.BOM_UTF8:  # read as UTF-8 all the same; said, not a warning
            print(word("cli.check_bom", args.lang, path=rates.path), file=sys.stderr)
    print_warnings(warnings(rates, previous_rates(path, rates.year)), args.lang)
    if rates.is_draft:
        print(
            word("cli.check_draft", args.lang, path=rates.path, status=rates.status),
            file=sys.stderr,
        )
        return 1
    print(
        word(
            "cli.check_ok",
            args.lang,
            path=rates.path,
            year=rates.year,
            categories=len(rates.categories),
            bands=len(rates.bands),
            plans=len(rates.plans),
            cells=len(rates.premiums),
        )
    )
    return 0


def cmd_sheet(args: argparse.Namespace) -> int:
    from cyberrenewal.sheet import write_sheet

    path = Path(args.file) if args.file else default_rates_file()
    rates = load_rates(path)
    out = _fresh(Path(args.out))
    try:
        write_sheet(rates, out, args.lang)
    except OSError as exc:
        texts = {lang: os_reason(exc, lang) for lang in ("ja", "en")}
        raise InputError(**both("check.out_unwritable", path=out, reason=texts)) from None
    print(
        word(
            "sheet.wrote",
            args.lang,
            path=out,
            categories=len(rates.categories),
            n=len(rates.premiums),
        )
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from cyberrenewal.sheet_import import change_lines, import_book

    target = Path(args.into)
    result = import_book(Path(args.book), target, book_name=args.book)
    lang: Lang = args.lang
    if result.text is None or result.rates is None:
        for problem in result.problems:
            print(problem.line(lang), file=sys.stderr)
        print(word("sheet.not_written", lang, target=target), file=sys.stderr)
        return 1
    n = len(result.rates.premiums)
    if not result.premium_changes and not result.limit_changes:
        print(word("sheet.no_change", lang, target=target, n=n))
    else:
        write_out(target, result.text)
        print(word("sheet.changed", lang, target=target, k=len(result.premium_changes), n=n))
        for line in change_lines(result, lang):
            print(line)
    found = warnings(result.rates, previous_rates(target, result.rates.year))
    print_warnings(found, lang)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """`rates new YEAR`: the draft, then the warnings about the deadlines it moved."""
    from cyberrenewal.renewal import new_draft

    source = (
        Path(args.source)
        if args.source
        else shown(project_dir() / "rates" / f"{args.year - 1}.toml")
    )
    target = source.parent / f"{args.year}.toml"
    if target.exists():
        raise InputError(**both("cli.target_exists", target=target))
    text = read_rates_file(source, str(source))  # RatesError names why it cannot be read
    draft = new_draft(text, args.year)
    rates = parse_rates(draft, name=str(target))  # never write a file that would not load
    write_out(target, draft)
    print(word("cli.draft_written", args.lang, target=target, source=source))
    print_warnings(deadline_warnings(rates), args.lang)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from cyberrenewal.diff import diff_rates
    from cyberrenewal.diff_report import format_diff

    d = diff_rates(load_rates(Path(args.old)), load_rates(Path(args.new)))
    if args.format == "xlsx":
        from cyberrenewal.diff_xlsx import diff_workbook

        if not args.out:
            raise InputError(**both("check.diff_out_needed"))
        out = _fresh(Path(args.out))
        try:
            diff_workbook(d, args.lang).save(out)
        except OSError as exc:
            texts = {lang: os_reason(exc, lang) for lang in ("ja", "en")}
            raise InputError(**both("check.out_unwritable", path=out, reason=texts)) from None
        print(out)
        return 0
    text = format_diff(d, args.lang, fmt=args.format)
    if args.out:
        out = _fresh(Path(args.out))
        write_out(out, text)
        print(out)
    else:
        print(text)
    return 0
