"""Putting a built site in place without losing anything (`site build --out`, `site publish`).

The rules, from issue 18:

- A command owns only what it wrote. The folder records it (MANIFEST, a list of the files it
  published); anything else in the folder is someone else's. A folder holding such files is
  refused, a few of them named, unless the person says `--keep-others` (publish): those files are
  then remembered in the manifest and carried into every new build, hard-linked, never removed.
  The folder that is or holds the project, a home folder or `/`, and an empty name, are refused
  always.
- The whole site switches at once. The new build is made in a fresh folder beside the target
  (so MkDocs' cleaning of its output never meets a file of someone else's), made readable by the
  web server whatever the umask, and then swapped with the target in one rename: Linux's
  renameat2(RENAME_EXCHANGE), or elsewhere two renames with a moment of no site between (never
  a mix). A visitor gets every file from one build; a kill leaves the old or the new site, whole;
  the next run removes what a killed one left beside the target.
- What the disk refuses (read-only, full, no permission, a mount point that cannot be renamed)
  is one clear line, before the swap, so the live site is left as it was.

CYBERQUOTE_PUBLISH_KILL_AT=STEP[:N] makes the command kill itself (SIGKILL) the N-th time it
reaches STEP (see STEPS): the tests use it to stop a publish at each moment of the swap.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from cyberquote.errors import InputError, shown
from cyberquote.words import Lang, both, word

MANIFEST = ".cyberquote-published"  # JSON, named without .json (every .json of a site has a .br)
KILL_AT = "CYBERQUOTE_PUBLISH_KILL_AT"
STEPS = (
    "built",
    "carrying",
    "carried",
    "recorded",
    "half-swapped",
    "swapped",
    "restored",
    "cleaned",
)
_LEFTOVER = ".cq-"  # in the names of the folders made beside the target: .site.cq-new-41-x1y2
_SHOWN = 5  # foreign files named in a refusal
_ECHO = 300  # characters of a path echoed in a message


_REACHED: dict[str, int] = {}


def step(name: str) -> None:
    """A moment of the swap; the test hook (KILL_AT) stops the process here, as a kill would."""
    at, _, count = os.environ.get(KILL_AT, "").partition(":")
    if at == name:
        _REACHED[name] = _REACHED.get(name, 0) + 1
        if _REACHED[name] == int(count or 1):
            os.kill(os.getpid(), signal.SIGKILL)


def refuse(key: str, **fields: object) -> InputError:
    """One clear line in both languages (cli.main prints the user's); paths and file names
    echoed safely (a newline in a name cannot make it two lines)."""
    safe = {k: shown(v, _ECHO) if isinstance(v, str | Path) else v for k, v in fields.items()}
    return InputError(**both(key, **safe))


def disk_error(exc: OSError, path: Path | str) -> InputError:
    """What the disk said, as one line that also says the live site is unchanged; a full or
    read-only disk is told about the folder named, not the file of the build it stopped at."""
    where = exc.filename or path
    if exc.errno == errno.EROFS:
        return refuse("publish.read_only", path=path)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return refuse("publish.disk_full", path=path)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return refuse("publish.no_permission", path=where)
    return refuse("publish.disk_error", path=where, error=exc.strerror or exc)


_ERRNO_IN_OUTPUT = re.compile(r"\[Errno (\d+)\] ([^:\n]+)")
_DISK_ERRNOS = (errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM)


def disk_error_in(output: str, place: Path) -> InputError | None:
    """The disk error a failed `mkdocs build` died of (its traceback's last [Errno]), if any,
    told about the place the person named (not the build folder beside it)."""
    found = _ERRNO_IN_OUTPUT.findall(output)
    if not found or int(found[-1][0]) not in _DISK_ERRNOS:
        return None
    return disk_error(OSError(int(found[-1][0]), found[-1][1]), place)


# --- where a site may go ------------------------------------------------------------------------


def _homes() -> set[Path]:
    """The home folders of people (root and uid >= 1000) and of whoever runs this."""
    found = {Path.home()}
    try:
        import pwd  # POSIX only
    except ImportError:
        pwd = None
    for user in pwd.getpwall() if pwd else []:
        if (user.pw_uid == 0 or user.pw_uid >= 1000) and user.pw_dir not in ("", "/"):
            found.add(Path(user.pw_dir))
    return {p.resolve() for p in found if p.is_dir()}


def checked_target(given: str, project: Path, option: str) -> Path:
    """The folder named by --to/--out, resolved; refused if empty, a file, or a folder whose
    replacement would take the project, a home folder or the whole disk with it."""
    if not given.strip():
        raise refuse("publish.empty", option=option)
    target = Path(given).expanduser().resolve()
    if target == Path(target.anchor):
        raise refuse("publish.is_root", target=target)
    if target == project.resolve() or target in project.resolve().parents:
        raise refuse("publish.holds_project", target=target, project=project)
    for home in _homes():
        if target == home or target in home.parents:
            raise refuse("publish.holds_home", target=target, home=home)
    if target.exists() and not target.is_dir():
        raise refuse("site_build.not_a_folder", target=target, option=option)
    return target


# --- what a folder holds ------------------------------------------------------------------------


@dataclass
class Manifest:
    """What the command wrote into a folder (files), and what the person said to keep (kept)."""

    files: set[str] = field(default_factory=set)
    kept: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, folder: Path) -> Manifest | None:
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            return cls(set(data["files"]), set(data.get("kept", [])))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, folder: Path) -> None:
        text = json.dumps({"files": sorted(self.files), "kept": sorted(self.kept)}, indent=0)
        (folder / MANIFEST).write_text(text + "\n", encoding="utf-8")
        (folder / MANIFEST).chmod(0o644)


def files_of(folder: Path) -> Iterator[str]:
    """Every file, link and empty folder under folder, as a relative POSIX path."""
    for top, dirs, files in os.walk(folder):
        rel = Path(top).relative_to(folder)
        for name in files + [d for d in dirs if os.path.islink(os.path.join(top, d))]:
            yield (rel / name).as_posix()
        if not dirs and not files and top != str(folder):
            yield rel.as_posix() + "/"


def others_in(folder: Path, mine: set[str]) -> list[str]:
    """The paths in folder the command did not write; a folder holding none of its files is
    named once, as "dir/"."""
    owned_dirs = {parent for rel in mine for parent in PurePosixPath(rel).parents}
    found: set[str] = set()
    for rel in files_of(folder):
        if rel in mine or rel == MANIFEST:
            continue
        folders = reversed(PurePosixPath(rel.rstrip("/")).parents[:-1])  # outermost first
        outer = next((d for d in folders if d not in owned_dirs), None)
        found.add(f"{outer}/" if outer else rel)
    return sorted(found)


def _under(rel: str, kept: set[str]) -> bool:
    return rel in kept or any(k.endswith("/") and rel.startswith(k) for k in kept)


@dataclass
class Plan:
    """A target checked before the build: what it holds that is not the command's."""

    target: Path
    manifest: Manifest
    others: list[str]  # the paths to carry into the new build (kept, or allowed now)


def plan(target: Path, *, keep_others: bool, own_unmarked: bool, refusal: str) -> Plan:
    """Check the target before building (so a refusal comes before the 20 s build): what is in
    it that the command did not write must be allowed (--keep-others now, or remembered)."""
    remove_leftovers(target)
    if target.is_dir() and os.path.ismount(target):
        raise refuse("publish.mount_point", target=target)
    if not target.exists():
        return Plan(target, Manifest(), [])
    if own_unmarked:  # the project's own site/ (make site writes it too): all the build's
        return Plan(target, Manifest(set(files_of(target))), [])
    manifest = Manifest.read(target) or Manifest()
    others = others_in(target, manifest.files)
    new = [o for o in others if not _under(o, manifest.kept)]
    if new and not keep_others:
        shown = ", ".join(new[:_SHOWN]) + (" …" if len(new) > _SHOWN else "")
        raise refuse(refusal, target=target, names=shown, count=len(new))
    manifest.kept |= set(new)
    return Plan(target, manifest, others)


# --- the swap -----------------------------------------------------------------------------------


def _beside(target: Path, kind: str) -> Path:
    """A fresh folder beside target (same disk), named for this process: .NAME.cq-KIND-PID-x1y2."""
    prefix = f".{target.name}{_LEFTOVER}{kind}-{os.getpid()}-"
    return Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))


def remove_leftovers(target: Path) -> None:
    """Remove the folders a killed run left beside target (its process is gone); a killed
    two-rename swap (no RENAME_EXCHANGE) that left no target gets its old site back first."""
    try:
        found = sorted(target.parent.iterdir())
    except OSError:
        return
    for left in found:
        match = re.fullmatch(rf"\.{re.escape(target.name)}\.cq-(new|old)-(\d+)-\w+", left.name)
        if not match or not left.is_dir() or left.is_symlink() or _alive(int(match[2])):
            continue
        if match[1] == "old" and not os.path.lexists(target):
            os.rename(left, target)
        else:
            shutil.rmtree(left, ignore_errors=True)


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would end the process there
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def staging_beside(target: Path) -> Path:
    """A fresh folder beside target, on the same disk, for the new build."""
    try:
        return _beside(target, "new")
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise refuse(
                "publish.parent_not_writable", target=target, parent=target.parent
            ) from None
        raise disk_error(exc, target.parent) from None


def make_readable(folder: Path) -> None:
    """Folders 0755 and files 0644 at least: the web server reads them whatever the umask."""
    for top, _dirs, files in os.walk(folder):
        os.chmod(top, stat.S_IMODE(os.stat(top).st_mode) | 0o755)
        for name in files:
            path = os.path.join(top, name)
            if not os.path.islink(path):
                os.chmod(path, stat.S_IMODE(os.lstat(path).st_mode) | 0o644)


def carry(plan_: Plan, new: Path) -> None:
    """Hard-link (or copy) the other people's files into the new build, at the same places."""
    for top in plan_.others:
        source = plan_.target / top.rstrip("/")
        paths = [source] if not source.is_dir() or source.is_symlink() else None
        for path in paths or [source, *sorted(source.rglob("*"))]:
            rel = path.relative_to(plan_.target)
            destination = new / rel
            if path.is_symlink():
                os.symlink(os.readlink(path), destination)
            elif path.is_dir():
                destination.mkdir(exist_ok=True)
                shutil.copystat(path, destination)
            else:
                try:
                    os.link(path, destination)
                except OSError:
                    shutil.copy2(path, destination)
            step("carrying")


def clashes(plan_: Plan, new: Path) -> list[str]:
    """Other people's paths that the new build would write over: refused, never replaced."""
    return [o for o in plan_.others if os.path.lexists(new / o.rstrip("/"))]


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    fd_cwd, exchange = -100, 2  # AT_FDCWD, RENAME_EXCHANGE
    if renameat2(fd_cwd, os.fsencode(a), fd_cwd, os.fsencode(b), exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap(new: Path, target: Path) -> Path | None:
    """Put new at target in one step; where the old target now is (None if there was none)."""
    if not target.exists():
        os.rename(new, target)
        return None
    if _exchange(new, target):
        return new
    old = _beside(target, "old")
    old.rmdir()  # a free name of this process's: Windows renames onto no existing folder
    os.rename(target, old)
    step("half-swapped")  # no site for a moment; a kill here is undone by remove_leftovers
    os.rename(new, target)
    return old


def restore_others(old: Path, target: Path, published: set[str]) -> None:
    """Others' files written in old during the swap (new, or replaced by a rename) move over."""
    for rel in files_of(old):
        if rel in published or rel == MANIFEST or rel.endswith("/"):
            continue
        there, here = target / rel, old / rel
        if os.path.lexists(there) and os.path.samestat(os.lstat(there), os.lstat(here)):
            continue
        there.parent.mkdir(parents=True, exist_ok=True)
        os.replace(here, there)


def put_in_place(new: Path, plan_: Plan) -> None:
    """Record, carry, make readable and swap `new` (a finished build beside the target) in."""
    target = plan_.target
    built = set(files_of(new))
    step("built")
    clash = clashes(plan_, new)
    if clash:
        raise refuse("publish.clash", target=target, names=", ".join(clash[:_SHOWN]))
    carry(plan_, new)
    step("carried")
    make_readable(new)
    if target.exists():  # the folder keeps its owner and mode
        old_stat = target.stat()
        os.chmod(new, stat.S_IMODE(old_stat.st_mode) | 0o755)
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            os.chown(new, old_stat.st_uid, old_stat.st_gid)
    Manifest(built, plan_.manifest.kept).write(new)
    step("recorded")
    old = swap(new, target)
    step("swapped")
    if old is not None:
        try:
            restore_others(old, target, plan_.manifest.files)
            step("restored")
        finally:
            shutil.rmtree(old, ignore_errors=True)
    step("cleaned")


def put_site(
    target: Path,
    build: Callable[[Path], int],
    *,
    keep_others: bool,
    own_unmarked: bool,
    refusal: str,
    dry_run: bool,
    lang: Lang,
) -> int:
    """`site build --out` and `site publish`: plan, build beside, swap in; one at a time."""
    with claimed(target):
        place = plan(target, keep_others=keep_others, own_unmarked=own_unmarked, refusal=refusal)
        return build_and_swap(place, build, dry_run=dry_run, lang=lang)


@contextmanager
def claimed(target: Path) -> Iterator[None]:
    """The target's parent made (readable by the web server) and locked: one build or publish
    at a time beside it, the lock let go at any exit, a kill included (POSIX; elsewhere none)."""
    try:
        for folder in reversed([target.parent, *target.parent.parents]):
            if not folder.exists():
                folder.mkdir()
                folder.chmod(0o755)
    except OSError as exc:
        raise disk_error(exc, target.parent) from None
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        handle = os.open(target.parent, os.O_RDONLY)
    except OSError as exc:
        raise disk_error(exc, target.parent) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise refuse("publish.busy", target=target) from None
        yield
    finally:
        os.close(handle)


def build_and_swap(plan_: Plan, build: Callable[[Path], int], *, dry_run: bool, lang: Lang) -> int:
    """Build into a fresh folder beside the target with `build` and swap it in (or, dry, tell
    what would change). A disk error is one line; the live site is untouched until the swap."""
    staging = staging_beside(plan_.target)
    try:
        code = build(staging)
        if code:
            return code
        if dry_run:
            changes = Changes.between(plan_, staging)
        else:
            put_in_place(staging, plan_)
    except OSError as exc:
        raise disk_error(exc, plan_.target) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if dry_run:
        changes.show(plan_, lang)
    return 0


@dataclass
class Changes:
    """--dry-run: the files a publish would add, replace (other bytes) and remove."""

    added: list[str]
    replaced: list[str]
    removed: list[str]
    same: int

    @classmethod
    def between(cls, plan_: Plan, new: Path) -> Changes:
        import filecmp

        built, live = set(files_of(new)), plan_.manifest.files
        both_ = {rel for rel in built & live if not rel.endswith("/")}
        same = {rel for rel in both_ if filecmp.cmp(new / rel, plan_.target / rel, False)}
        return cls(sorted(built - live), sorted(both_ - same), sorted(live - built), len(same))

    def show(self, plan_: Plan, lang: Lang) -> None:
        print(word("publish.dry_run", lang, target=plan_.target))
        for mark, names in (("+", self.added), ("~", self.replaced), ("-", self.removed)):
            for name in names:
                print(f"  {mark} {name}")
        for name in plan_.others:
            print(f"  = {name}")
        print(
            word(
                "publish.dry_run_counts", lang, added=len(self.added),
                replaced=len(self.replaced), removed=len(self.removed), same=self.same,
                kept=len(plan_.others),
            )
        )  # fmt: skip
