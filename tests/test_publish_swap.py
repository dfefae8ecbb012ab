"""cyberstaff.publish: the swap of a built site into place, killed at each of its moments, and
what it keeps of others' files (issue 18, points 1 and 3).

A stand-in build (a few files stamped with the premium they show) keeps these fast; the commands
with a real MkDocs build are in tests/test_publish_cli.py. Kills are made at exact moments with
the module's hook (CYBERQUOTE_PUBLISH_KILL_AT=STEP[:N], a SIGKILL of itself), not by timing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cyberquote.errors import InputError
from cyberstaff.publish import KILL_AT, MANIFEST, build_and_swap, claimed, files_of, plan

# Two builds of a small site: the pages, the CSV and the search index all name the premium.
OLD = (
    "index.html",
    "en/index.html",
    "premiums/index.html",
    "en/premiums/index.html",
    "downloads/premiums.csv",
    "search/search_index.json",
    "assets/app.1111.js",
    "old.html",
)
NEW = ("index.html", "en/index.html", "premiums/index.html", "en/premiums/index.html",
       "downloads/premiums.csv", "search/search_index.json", "assets/app.2222.js", "new.html")  # fmt: skip
BUILDS = {"16740": OLD, "16750": NEW}
# What the administrator and others keep in the served folder.
OTHERS = {
    ".htaccess": "Header always set Content-Security-Policy ...",
    "other-app/data/customers.csv": "id,name\n1,顧客\n",
    ".well-known/security.txt": "Contact: mailto:security@example.jp\n",
    "google1234abcd.html": "google-site-verification: google1234abcd.html",
}

# One publish of BUILDS[premium] in a process of its own (so that it can be killed):
# argv = target, premium, "exchange" | "two-renames" | "killed-mid-build".
RUN = f"""
import os, signal, sys
from pathlib import Path
import cyberstaff.publish as publish
from cyberquote.errors import InputError

target, premium, how = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
files = {BUILDS!r}[premium]
if how == "two-renames":  # a system without RENAME_EXCHANGE
    publish._exchange = lambda new, old: False

def build(fresh):
    for n, rel in enumerate(files):
        if how == "killed-mid-build" and n == len(files) // 2:
            os.kill(os.getpid(), signal.SIGKILL)
        (fresh / rel).parent.mkdir(parents=True, exist_ok=True)
        (fresh / rel).write_text(f"{{premium}} {{rel}}", encoding="utf-8")
    return 0

try:
    sys.exit(publish.put_site(
        target, build, keep_others=True, own_unmarked=False, refusal="publish.others",
        dry_run=False, lang="en",
    ))
except InputError as refused:
    sys.exit(refused.message("en"))
"""


def publish_run(
    target: Path, premium: str, how: str = "exchange", kill_at: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != KILL_AT}
    if kill_at:
        env[KILL_AT] = kill_at
    return subprocess.run(
        [sys.executable, "-c", RUN, str(target), premium, how],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip


def site_shown(target: Path) -> str:
    """The premium of the one build every site file comes from; 'mixed' or 'missing' if not."""
    site = {
        rel: (target / rel).read_text(encoding="utf-8")
        for rel in files_of(target)
        if rel != MANIFEST and rel not in OTHERS
    }
    for premium, files in BUILDS.items():
        if site == {rel: f"{premium} {rel}" for rel in files}:
            return premium
    return "mixed" if site else "missing"


def others_intact(target: Path) -> bool:
    return all((target / rel).read_text(encoding="utf-8") == text for rel, text in OTHERS.items())


def leftovers(target: Path) -> list[str]:
    return [p.name for p in target.parent.iterdir() if p != target]


@pytest.fixture
def live(tmp_path: Path) -> Path:
    """The served folder: the 16,740円 site, published, with others' files beside it."""
    target = tmp_path / "www" / "cyber"
    assert publish_run(target, "16740").returncode == 0
    for rel, text in OTHERS.items():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_text(text, encoding="utf-8")
    return target


# Every moment of a publish: mid-build, then each step of the swap (the N-th carried file), with
# RENAME_EXCHANGE and with the two renames used where it is missing.
MOMENTS = [
    ("killed-mid-build", ""),
    *[("exchange", at) for at in ("built", "carrying:1", "carrying:4", "carrying:7", "carried",
                                  "recorded", "swapped", "restored", "cleaned")],
    *[("two-renames", at) for at in ("recorded", "half-swapped", "swapped", "restored")],
]  # fmt: skip


@pytest.mark.parametrize(("how", "kill_at"), MOMENTS)
def test_a_publish_killed_at_any_moment_leaves_one_whole_site(
    live: Path, how: str, kill_at: str
) -> None:
    killed = publish_run(live, "16750", how, kill_at)
    assert killed.returncode == -9, killed.stderr
    if how == "two-renames" and kill_at == "half-swapped":
        assert not live.exists()  # the one moment without a site (404s, never a mix) ...
        publish_run(live, "16750", how, "built")  # ... which the next run undoes first
        assert site_shown(live) == "16740"
    else:
        assert site_shown(live) in BUILDS and others_intact(live)
    again = publish_run(live, "16750")
    assert again.returncode == 0, again.stderr
    assert site_shown(live) == "16750" and others_intact(live)
    assert leftovers(live) == []  # the killed run's build folders are gone


def test_a_republish_removes_only_its_own_files_and_keeps_others(live: Path) -> None:
    inode = (live / "other-app/data/customers.csv").stat().st_ino
    assert publish_run(live, "16750").returncode == 0
    assert site_shown(live) == "16750" and others_intact(live)
    assert not (live / "old.html").exists() and not (live / "assets/app.1111.js").exists()
    assert (live / "other-app/data/customers.csv").stat().st_ino == inode  # linked, not copied
    assert leftovers(live) == []


def test_files_it_did_not_write_are_refused_by_name_until_the_person_says_keep(
    tmp_path: Path,
) -> None:
    target = tmp_path / "cyber"
    assert publish_run(target, "16740").returncode == 0
    for rel, text in OTHERS.items():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_text(text, encoding="utf-8")

    def build(fresh: Path) -> int:
        raise AssertionError("refused before any build")

    with pytest.raises(InputError) as refused:
        plan(target, keep_others=False, own_unmarked=False, refusal="publish.others")
    line = refused.value.message("en")
    for name in (".htaccess", "other-app/", ".well-known/", "google1234abcd.html"):
        assert name in line
    assert "--keep-others" in line and "write (4)" in line
    assert site_shown(target) == "16740" and others_intact(target)
    # Said once, remembered: a later publish without the flag keeps them too.
    kept = plan(target, keep_others=True, own_unmarked=False, refusal="publish.others")
    assert build_and_swap(kept, lambda fresh: build_new(fresh), dry_run=False, lang="en") == 0
    again = plan(target, keep_others=False, own_unmarked=False, refusal="publish.others")
    assert sorted(again.others) == [
        ".htaccess",
        ".well-known/",
        "google1234abcd.html",
        "other-app/",
    ]
    (target / "new-file.txt").write_text("someone else's", encoding="utf-8")
    with pytest.raises(InputError, match=r"new-file\.txt"):
        plan(target, keep_others=False, own_unmarked=False, refusal="publish.others")


def build_new(fresh: Path) -> int:
    for rel in NEW:
        (fresh / rel).parent.mkdir(parents=True, exist_ok=True)
        (fresh / rel).write_text(f"16750 {rel}", encoding="utf-8")
    return 0


def test_a_name_the_new_site_needs_is_never_taken_from_someone_else(tmp_path: Path) -> None:
    target = tmp_path / "cyber"
    target.mkdir()
    (target / "index.html").write_text("another site's home page", encoding="utf-8")
    place = plan(target, keep_others=True, own_unmarked=False, refusal="publish.others")
    with pytest.raises(InputError, match=r"index\.html"):
        build_and_swap(place, build_new, dry_run=False, lang="en")
    assert [p.name for p in target.iterdir()] == ["index.html"]
    assert (target / "index.html").read_text(encoding="utf-8") == "another site's home page"
    assert leftovers(target) == []


def test_dry_run_lists_added_replaced_and_removed_and_changes_nothing(
    live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {rel: (live / rel).read_bytes() for rel in files_of(live)}
    place = plan(live, keep_others=True, own_unmarked=False, refusal="publish.others")
    assert build_and_swap(place, build_new, dry_run=True, lang="en") == 0
    out = capsys.readouterr().out.splitlines()
    assert "  + assets/app.2222.js" in out and "  + new.html" in out
    assert "  ~ index.html" in out and "  ~ downloads/premiums.csv" in out
    assert "  - assets/app.1111.js" in out and "  - old.html" in out
    assert "  = .htaccess" in out and "  = other-app/" in out
    assert out[-1] == "2 added, 6 replaced, 2 removed, 0 unchanged, 4 of others' kept."
    assert {rel: (live / rel).read_bytes() for rel in files_of(live)} == before
    assert leftovers(live) == []


def test_one_publish_at_a_time_into_a_folder(live: Path) -> None:
    with claimed(live):
        second = publish_run(live, "16750")
    assert second.returncode == 1 and "Another build or publish is writing" in second.stderr
    assert site_shown(live) == "16740" and leftovers(live) == []


def test_a_file_name_is_echoed_on_one_line(tmp_path: Path) -> None:
    target = tmp_path / "cyber"
    target.mkdir()
    (target / "notes\n\x1b[31mred.txt").write_text("someone else's", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        plan(target, keep_others=False, own_unmarked=False, refusal="publish.others")
    line = refused.value.message("en")
    assert "notes\\x0a\\x1b[31mred.txt" in line and "\n" not in line and "\x1b" not in line
