"""`cyberquote site build | preview | publish --to DIR`: what `make site` does, with Python only.

No make, apt or POSIX-only call: the build is `python -m mkdocs build` with the same year choice
as `make site` (`cyberquote.rates.build_rates_path`: a named year, a preview, or the newest final
file, refused while a newer one is a draft); the preview is served by site_src/tools/serve.py;
publishing builds beside the target and then puts the new files in place so that a visitor
never sees half a site (assets first, pages last, stale files removed at the end).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from cyberquote.errors import InputError
from cyberquote.rates import build_rates_path, load_rates
from cyberquote.words import Lang, both, word

from .checks import warnings
from .rates_commands import previous_year, print_warnings, root

PAGE_SUFFIXES = (".html", ".htm", ".xml", ".txt")  # what names the other files: written last


def _env(year: int | None, preview: bool) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("CYBERQUOTE_YEAR", "CYBERQUOTE_PREVIEW")
    }
    env["NO_MKDOCS_2_WARNING"] = "1"
    if year:
        env["CYBERQUOTE_YEAR"] = str(year)
    if preview:
        env["CYBERQUOTE_PREVIEW"] = "1"
    return env


def build(project: Path, out: Path, *, year: int | None, preview: bool, lang: Lang) -> int:
    """Check the rates the site will use, then build it into `out`; the exit code."""
    env = _env(year, preview)
    path = build_rates_path(project, year=year, preview=preview)  # RatesError: cli.main prints
    rates = load_rates(path, name=f"rates/{path.name}")
    print_warnings(warnings(rates, previous_year(path, rates)), lang)
    if preview:
        print(f"PREVIEW: rates/{path.name}")
    elif rates.is_draft:
        print(word("cli.check_draft", lang, path=rates.path, status=rates.status), file=sys.stderr)
        return 1
    else:
        print(
            word(
                "cli.check_ok", lang, path=rates.path, year=rates.year,
                categories=len(rates.categories), bands=len(rates.bands),
                plans=len(rates.plans), cells=len(rates.premiums),
            )
        )  # fmt: skip
    if shutil.which("node") is None:
        print(word("site_build.no_node", lang), file=sys.stderr)
    env["CYBERQUOTE_YEAR"] = path.stem
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        print(word("site_build.failed", lang), file=sys.stderr)
        return 1
    print(word("site_build.built", lang, out=out))
    return 0


def put_in_place(new: Path, target: Path) -> None:
    """Make `target` hold exactly the files of `new`, never showing half a site: into an absent
    target by one rename; into a live one, file by file with atomic replaces, assets before the
    pages that name them, stale files removed last."""
    if not target.exists():
        os.replace(new, target)
        return
    files = sorted(p.relative_to(new) for p in new.rglob("*") if p.is_file())
    for rel in sorted(files, key=lambda p: (p.suffix.lower() in PAGE_SUFFIXES, str(p))):
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(new / rel, destination)
    keep = set(files)
    for old in sorted(target.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        rel = old.relative_to(target)
        if old.is_file() and rel not in keep:
            old.unlink()
        elif old.is_dir() and not any(old.iterdir()):
            old.rmdir()
    shutil.rmtree(new, ignore_errors=True)


def cmd_build(args: argparse.Namespace) -> int:
    project = root()
    out = Path(args.out) if args.out else project / "site"
    return build(project, out.resolve(), year=args.year, preview=args.preview, lang=args.lang)


def cmd_preview(args: argparse.Namespace) -> int:
    project = root()
    with tempfile.TemporaryDirectory(prefix="cq-preview-") as tmp:
        out = Path(tmp) / "site"
        code = build(project, out, year=args.year, preview=True, lang=args.lang)
        if code:
            return code
        serve = project / "site_src" / "tools" / "serve.py"
        command = [sys.executable, str(serve), "--host", "127.0.0.1", "--port", str(args.port)]
        print(word("site_build.serving", args.lang), flush=True)
        try:
            return subprocess.run([*command, str(out)], check=False).returncode
        except KeyboardInterrupt:
            return 0


def cmd_publish(args: argparse.Namespace) -> int:
    project = root()
    target = Path(args.to).resolve()
    if target.exists() and not target.is_dir():
        raise InputError(**both("site_build.not_a_folder", target=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        code = build(project, staging / "site", year=args.year, preview=False, lang=args.lang)
        if code:
            return code
        put_in_place(staging / "site", target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(word("site_build.published", args.lang, target=target))
    return 0


def add_commands(commands: argparse._SubParsersAction, lang: dict, parser_class: type) -> None:
    """`site build`, `site preview`, `site publish` on the CLI's parser."""
    site = commands.add_parser("site", help="build, preview or publish the site (no make needed)")
    sub = site.add_subparsers(dest="site_command", required=True, parser_class=parser_class)
    for name, run, text in (
        ("build", cmd_build, "build the site (like make site)"),
        ("preview", cmd_preview, "build a preview and serve it on 127.0.0.1"),
        ("publish", cmd_publish, "build and put the site in place at --to DIR, atomically"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("--year", type=int, help="the policy year (default: the newest final)")
        command.add_argument("--lang", **lang)
        if name == "build":
            command.add_argument("--preview", action="store_true", help="PREVIEW on every page")
            command.add_argument("--out", help="output folder (default: site)")
        if name == "preview":
            command.add_argument("--port", type=int, default=8000)
        if name == "publish":
            command.add_argument("--to", required=True, help="the folder the web server serves")
        command.set_defaults(run=run)
