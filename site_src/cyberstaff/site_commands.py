"""`cyberquote site build | preview | publish --to DIR`: what `make site` does, with Python only.

The build is `python -m mkdocs build` with the same year choice as `make site`
(`cyberstaff.project.RatesChoice.build_path`: a named year, a preview, or the newest final file,
refused while a newer one is a draft); the preview is served by site_src/tools/serve.py. Build and
publish go into a fresh folder beside the target and are swapped in whole (cyberstaff.publish):
they never remove a file they did not write, and a failed or killed build leaves the last site.
MkDocs runs in its own process group, killed with the command (SIGTERM, Ctrl+C, or SIGKILL
through Linux's parent-death signal).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cyberquote.errors import InputError, shown
from cyberquote.rates import load_rates, previous_rates
from cyberquote.words import Lang, both, word
from cyberrenewal.checks import warnings

from .project import RatesChoice, project_dir
from .publish import checked_target, disk_error_in, put_site
from .rates_commands import print_warnings


def _die_with_parent(parent: int) -> Callable[[], None] | None:
    """Linux: the child gets SIGKILL when this process dies, even by SIGKILL."""
    if not sys.platform.startswith("linux"):
        return None

    def arrange() -> None:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # died before the line above
            os._exit(1)

    return arrange


def _mkdocs(project: Path, out: Path, env: dict[str, str]) -> tuple[int, str]:
    """`mkdocs build` into out, in its own process group, taken down with this command."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)]
    # Its output is read back here as UTF-8, whatever the console's encoding (cp932 on a Japanese
    # Windows PC): the console's own encoding applies only when this command prints it.
    env = {**env, "PYTHONIOENCODING": "utf-8"}
    child = subprocess.Popen(
        command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        encoding="utf-8", errors="replace", start_new_session=True,
        preexec_fn=_die_with_parent(os.getpid()),
    )  # fmt: skip
    try:
        output, _ = child.communicate()
    except BaseException:
        if hasattr(os, "killpg"):
            os.killpg(child.pid, signal.SIGKILL)  # mkdocs and whatever it started
        else:
            child.kill()
        child.wait()
        raise
    return child.returncode, output


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP stop the command as Ctrl+C does, so its clean-up runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    numbers = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    saved = {number: signal.signal(number, stop) for number in numbers}
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


def _stoppable(run: Callable[[], int], lang: Lang) -> int:
    """run(), or one line and exit code 130 if a signal or Ctrl+C stopped it."""
    try:
        with _stopped_by_signals():
            return run()
    except KeyboardInterrupt:
        print(word("publish.interrupted", lang), file=sys.stderr)
        return 130


def build(
    project: Path,
    out: Path,
    *,
    year: int | None,
    preview: bool,
    lang: Lang,
    place: Path | None = None,
) -> int:
    """Check the rates the site will use, then build it into `out` (a fresh folder); the exit
    code. A disk error is told about `place`, the folder the person named."""
    choice = RatesChoice.from_environment(year=year, preview=preview)
    path = choice.build_path(project)  # RatesError: cli.main prints it
    rates = load_rates(path, name=f"rates/{path.name}")
    print_warnings(warnings(rates, previous_rates(path, rates.year)), lang)
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
    # The year found, named to MkDocs: the build plugin then chooses the very file checked here.
    env = RatesChoice(int(path.stem), preview).environment()
    code, output = _mkdocs(project, out, {**env, "NO_MKDOCS_2_WARNING": "1"})
    if code != 0:
        problem = disk_error_in(output, place or out)
        if problem:
            raise problem
        sys.stderr.write(output)
        print(word("site_build.failed", lang), file=sys.stderr)
        return 1
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    project = project_dir()
    own = project / "site"  # the project's own output folder (make site writes it too)
    out = own if args.out is None else checked_target(args.out, project, "--out")

    def run() -> int:
        return put_site(
            out,
            lambda fresh: build(
                project, fresh, year=args.year, preview=args.preview, lang=args.lang, place=out
            ),
            keep_others=False,
            own_unmarked=out == own,
            refusal="publish.others_build",
            dry_run=False,
            lang=args.lang,
        )

    code = _stoppable(run, args.lang)
    if code == 0:
        print(word("site_build.built", args.lang, out=shown(out, 300)))
    return code


def _check_port(port: int) -> None:
    """Refuse a port that cannot be served on before the build, not after it."""
    if not 0 <= port <= 65535:
        raise InputError(**both("publish.bad_port", port=port))
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise InputError(**both("publish.port_busy", port=port, error=exc.strerror)) from None


def cmd_preview(args: argparse.Namespace) -> int:
    project = project_dir()
    _check_port(args.port)
    with tempfile.TemporaryDirectory(prefix="cq-preview-") as tmp:
        out = Path(tmp) / "site"
        code = _stoppable(
            lambda: build(project, out, year=args.year, preview=True, lang=args.lang), args.lang
        )
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
    project = project_dir()
    target = checked_target(args.to, project, "--to")

    def run() -> int:
        return put_site(
            target,
            lambda fresh: build(
                project, fresh, year=args.year, preview=False, lang=args.lang, place=target
            ),
            keep_others=args.keep_others,
            own_unmarked=False,
            refusal="publish.others",
            dry_run=args.dry_run,
            lang=args.lang,
        )

    code = _stoppable(run, args.lang)
    if code == 0 and not args.dry_run:
        print(word("site_build.published", args.lang, target=shown(target, 300)))
    return code
