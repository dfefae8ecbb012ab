"""`cyberquote site build | preview | publish` as an administrator meets them (issue 18, points
1-5 and 8): places they refuse, odd disks, a strict umask, a failing or killed build.

Each test runs the console script on a tiny MkDocs project (this year's rates, two pages, MkDocs'
own theme: a build of about a second), never the real site; a test that needs to mount a tmpfs
(read-only or full disk, a mount point) or to act as another user is skipped where that is not
allowed. No test names a folder outside tmp_path that a wrong command could empty.
"""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import CYBERQUOTE, RATES_TEXT, ROOT
from cyberquote.errors import InputError

MANIFEST = ".cyberquote-published"  # cyberstaff.publish.MANIFEST (these tests run the CLI)
# A MkDocs hook: with CQ_TEST_SLOW naming a file, it writes its process id there and waits (a
# build surely running when the test kills the command); with CQ_TEST_FAIL, the build fails
# after writing the pages, as the site's PDF step does on a character its font lacks.
HOOKS = """
import os, time
from pathlib import Path
from mkdocs.exceptions import PluginError

def on_pre_build(config):
    if os.environ.get("CQ_TEST_SLOW"):
        Path(os.environ["CQ_TEST_SLOW"]).write_text(str(os.getpid()))
        time.sleep(60)

def on_post_build(config):
    if os.environ.get("CQ_TEST_FAIL"):
        raise PluginError("the PDF font has no glyph for 𠮷")
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project the commands accept: rates/2024.toml, a mkdocs.yml, two pages."""
    root = tmp_path / "project"
    (root / "rates").mkdir(parents=True)
    (root / "rates" / "2024.toml").write_text(RATES_TEXT, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Premiums\n\n16,740円\n", encoding="utf-8")
    (root / "docs" / "en.md").write_text("# In English\n\n16,740 yen\n", encoding="utf-8")
    (root / "hooks.py").write_text(HOOKS, encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: tiny\nhooks: [hooks.py]\n", "utf-8")
    return root


def cyberquote(
    project: Path, *args: str, preexec: Callable[[], None] | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CYBERQUOTE, *args], cwd=project, capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}, preexec_fn=preexec,
    )  # fmt: skip


def one_line(done: subprocess.CompletedProcess[str], *words: str) -> None:
    """Refused with exit 2 and one line that names each of words, no traceback."""
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    for text in words:
        assert text in done.stderr, done.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def published(project: Path, target: Path, *extra: str) -> Path:
    done = cyberquote(project, "site", "publish", "--to", str(target), "--lang", "en", *extra)
    assert done.returncode == 0, done.stderr
    return target


# --- point 2: places that are never written ----------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["site", "publish", "--to", ""], ["--to is empty"]),
        (["site", "publish", "--to", "."], ["holds this project"]),
        (["site", "publish", "--to", ".."], ["holds this project"]),
        (["site", "build", "--out", "."], ["holds this project"]),
        (["site", "publish", "--to", "HOME"], ["home folder"]),
        (["site", "publish", "--to", "HOME/.."], ["home folder"]),  # /home
        (["site", "build", "--out", "HOME"], ["home folder"]),
    ],
)
def test_the_project_a_home_folder_or_an_empty_name_are_refused(
    project: Path, tmp_path: Path, args: list[str], words: list[str]
) -> None:
    home = tmp_path / "home" / "staff"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "id_ed25519").write_text("key", encoding="utf-8")
    (home / "Documents").mkdir()
    (home / "Documents" / "見積.txt").write_text("大事", encoding="utf-8")
    before = snapshot(tmp_path)
    args = [a.replace("HOME", str(home)) for a in args]
    one_line(cyberquote(project, *args, "--lang", "en", HOME=str(home)), *words)
    assert snapshot(tmp_path) == before


def test_the_whole_disk_is_refused() -> None:
    # Not through the command: on a version without the check, that would publish into /.
    from cyberstaff.publish import checked_target

    with pytest.raises(InputError) as refused:
        checked_target("/", ROOT, "--to")
    assert "whole disk" in refused.value.message("en")


def test_build_out_a_file_or_a_folder_of_others_is_one_line(project: Path) -> None:
    one_line(cyberquote(project, "site", "build", "--out", "mkdocs.yml"), "mkdocs.yml")
    theirs = project.parent / "exports"
    theirs.mkdir()
    (theirs / "customers.csv").write_text("id\n1\n", encoding="utf-8")
    done = cyberquote(project, "site", "build", "--out", str(theirs), "--lang", "en")
    one_line(done, "customers.csv", "new or empty folder")
    assert snapshot(theirs) == {"customers.csv": b"id\n1\n"}


# --- point 1: others' files in the served folder ------------------------------------------------


def test_publish_keeps_an_htaccess_and_another_apps_files(project: Path, tmp_path: Path) -> None:
    target = published(project, tmp_path / "www" / "cyber")
    (target / ".htaccess").write_text("Header always set X-Test 1\n", encoding="utf-8")
    (target / "other-app").mkdir()
    (target / "other-app" / "customers.csv").write_text("id\n1\n", encoding="utf-8")
    refused = cyberquote(project, "site", "publish", "--to", str(target), "--lang", "en")
    one_line(refused, ".htaccess", "other-app/", "--keep-others")
    (project / "docs" / "en.md").unlink()
    dry = cyberquote(project, "site", "publish", "--to", str(target), "--keep-others", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "  - en/index.html" in dry.stdout.splitlines()
    assert "  = .htaccess" in dry.stdout.splitlines()
    assert (target / "en" / "index.html").is_file()  # a dry run changes nothing
    published(project, target, "--keep-others")
    published(project, target)  # remembered: no flag needed the next time
    assert not (target / "en").exists()  # its own file, removed with the page
    assert (target / ".htaccess").read_text(encoding="utf-8") == "Header always set X-Test 1\n"
    assert (target / "other-app" / "customers.csv").read_text(encoding="utf-8") == "id\n1\n"


# --- point 4: a strict umask, odd disks ---------------------------------------------------------


def test_published_files_are_readable_by_the_web_server_under_umask_077(
    project: Path, tmp_path: Path
) -> None:
    target = tmp_path / "www" / "cyber"
    done = cyberquote(
        project, "site", "publish", "--to", str(target), preexec=lambda: os.umask(0o077)
    )
    assert done.returncode == 0, done.stderr
    for path in [target, *target.rglob("*")]:
        mode = path.stat().st_mode
        assert mode & (0o005 if stat.S_ISDIR(mode) else 0o004), (path, oct(mode))


@pytest.fixture
def mount() -> Iterator[Callable[..., Path]]:
    """mount(path, size) puts a tmpfs of that size at path; all unmounted at the end."""
    mounted: list[Path] = []

    def put(path: Path, size: str = "8m") -> Path:
        path.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(path)],
            capture_output=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        mounted.append(path)
        return path

    yield put
    for path in reversed(mounted):
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_a_read_only_disk_is_one_line_and_the_site_stays(
    project: Path, tmp_path: Path, mount: Callable[..., Path]
) -> None:
    disk = mount(tmp_path / "disk")
    target = published(project, disk / "cyber")
    before = snapshot(target)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    done = cyberquote(project, "site", "publish", "--to", str(target), "--lang", "en")
    one_line(done, "read-only", "the live site is as it was")
    assert snapshot(target) == before


def test_a_full_disk_is_one_line_and_the_site_stays(
    project: Path, tmp_path: Path, mount: Callable[..., Path]
) -> None:
    disk = mount(tmp_path / "disk", "3m")  # the site takes about 2 MB: a second copy fails
    target = published(project, disk / "cyber")
    before = snapshot(target)
    (project / "docs" / "index.md").write_text("# Premiums\n\n16,750円\n", encoding="utf-8")
    done = cyberquote(project, "site", "publish", "--to", str(target), "--lang", "en")
    one_line(done, "is full", "the live site is as it was")
    assert snapshot(target) == before
    assert [p.name for p in disk.iterdir()] == ["cyber"]  # the half-made build is gone


def test_a_mount_point_is_one_line_and_the_site_stays(
    project: Path, tmp_path: Path, mount: Callable[..., Path]
) -> None:
    target = mount(tmp_path / "www" / "cyber")
    (target / "index.html").write_text("the live site", encoding="utf-8")
    done = cyberquote(project, "site", "publish", "--to", str(target), "--lang", "en")
    one_line(done, "mount point", f"{target}/site")
    assert snapshot(target) == {"index.html": b"the live site"}


def test_a_parent_that_cannot_be_written_is_one_line(project: Path, tmp_path: Path) -> None:
    """The usual /var/www: DIR is the publisher's, its parent not (made immutable here, since
    root may write any folder)."""
    target = published(project, tmp_path / "www" / "cyber")
    before = snapshot(target)
    if subprocess.run(["chattr", "+i", str(target.parent)], check=False).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        done = cyberquote(project, "site", "publish", "--to", str(target), "--lang", "en")
    finally:
        subprocess.run(["chattr", "-i", str(target.parent)], check=True)
    one_line(done, f"Cannot write to {target.parent}", "the live site is as it was")
    assert snapshot(target) == before


# --- point 5: a failed build ---------------------------------------------------------------------


def test_a_failed_build_leaves_the_last_good_site(project: Path) -> None:
    assert cyberquote(project, "site", "build").returncode == 0
    site = project / "site"
    before = snapshot(site)
    assert "index.html" in before and "en/index.html" in before
    (project / "docs" / "en.md").write_text("# 𠮷野家\n", encoding="utf-8")
    done = cyberquote(project, "site", "build", CQ_TEST_FAIL="1")  # after MkDocs' cleaning
    assert done.returncode == 1 and "no glyph for 𠮷" in done.stderr
    assert snapshot(site) == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == []


# --- point 3: a killed command ---------------------------------------------------------------------


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_publish_takes_its_build_with_it(
    project: Path, tmp_path: Path, kill: signal.Signals
) -> None:
    target = published(project, tmp_path / "www" / "cyber")
    before = snapshot(target)
    pid_file = tmp_path / "mkdocs.pid"
    command = subprocess.Popen(
        [CYBERQUOTE, "site", "publish", "--to", str(target), "--lang", "en"], cwd=project,
        env={**os.environ, "CQ_TEST_SLOW": str(pid_file)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not pid_file.exists() or not pid_file.read_text():
        assert command.poll() is None and time.monotonic() < deadline, command.communicate()
        time.sleep(0.1)
    mkdocs = int(pid_file.read_text())
    command.send_signal(kill)
    _, err = command.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while running(mkdocs) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running(mkdocs)
    assert snapshot(target) == before
    if kill == signal.SIGTERM:  # stopped as by Ctrl+C: one line, its build folder removed
        assert command.returncode == 130 and "Traceback" not in err
        assert err.strip().splitlines() == [
            "Stopped. The live site is as it was (the half-made one is removed)."
        ]
    published(project, target)
    assert [p.name for p in target.parent.iterdir()] == ["cyber"]  # what the kill left is gone
    assert (target / MANIFEST).is_file()


# --- point 8: the site commands' own errors ---------------------------------------------------------


def test_preview_refuses_a_port_before_building(project: Path) -> None:
    done = cyberquote(project, "site", "preview", "--port", "99999", "--lang", "en")
    one_line(done, "--port 99999")
    assert done.stdout == ""  # not even the rates check: nothing was built
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        done = cyberquote(project, "site", "preview", "--port", port, "--lang", "en")
    one_line(done, f"port {port}")
    assert done.stdout == ""


@pytest.mark.parametrize("output", ["/dev/full", "closed"])
def test_publish_with_its_output_full_or_closed_is_one_line(
    project: Path, tmp_path: Path, output: str
) -> None:
    target = tmp_path / "cyber"
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [CYBERQUOTE, "site", "publish", "--to", str(target), "--lang", "en"], cwd=project,
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=120, check=False,
            preexec_fn=(lambda: os.close(1)) if output == "closed" else None,
        )  # fmt: skip
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not target.exists() or (target / MANIFEST).is_file()  # the whole site, or none
