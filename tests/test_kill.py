"""Kill -9 at random moments (seeded): public/ and a deployed folder are always one whole build.

A build of about 3,000 articles (every page changes: the site's title flips between two values)
runs in a child process group that is SIGKILLed at a random moment of its run. After each kill
the output must equal one of the two clean builds, file for file; after the last, one more build
must equal a clean build. The same for `sitegen deploy` to a folder, switching between the two.
"""
from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from sitegen.write import RECORD

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("kill")]
ARTICLES, KILLS, SEED = 3000, 20, 12
TITLES = ("Kill Test News", "Kill Test Daily")


def sitegen(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sitegen.cli", *args, "--root", str(root), "--no-convert", "-q",
                             "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, cwd=ROOT)  # its own group: the kill takes its workers too


def run(root: Path, *args: str) -> str:
    proc = sitegen(root, *args)
    out = proc.communicate(timeout=600)[0].decode()
    assert proc.returncode == 0, out
    return out


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.blake2b(p.read_bytes(), digest_size=16).hexdigest()
            for p in folder.rglob("*") if p.is_file() and p.name not in (RECORD, ".sitegen-deploy")}


def set_title(root: Path, title: str) -> None:
    (root / "site.toml").write_text(f'[site]\ntitle = "{title}"\nbase_url = "https://kill.example.org/"\n'
                                    '[search]\nenabled = false\n'  # fewer, smaller feeds: a shorter run per kill
                                    '[feeds]\nper_tag = false\nper_author = false\nfull_content = false\n')


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    """The site, and the two clean builds it flips between, built once for both tests."""
    base = tmp_path_factory.mktemp("kill")
    root = base / "site"
    subprocess.run([sys.executable, str(ROOT / "benchmarks/gen_corpus.py"), str(ARTICLES), str(root / "content")],
                   check=True, stdout=subprocess.DEVNULL)
    clean: dict[str, dict[str, str]] = {}
    seconds = []
    for title in TITLES:
        set_title(root, title)
        shutil.rmtree(root / "public", ignore_errors=True)
        shutil.rmtree(root / ".sitegen", ignore_errors=True)
        started = time.monotonic()
        run(root, "build")
        seconds.append(time.monotonic() - started)
        clean[title] = digests(root / "public")
        shutil.copytree(root / "public", base / f"public-{len(clean)}")
    return {"root": root, "clean": clean, "seconds": max(seconds), "base": base}


def kill_at_random(proc: subprocess.Popen, rng: random.Random, longest: float) -> None:
    time.sleep(rng.uniform(0.05, longest))
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # finished first: a whole new build, which is fine too
    proc.wait()


def test_a_build_killed_at_any_moment_leaves_the_old_or_the_new_build(corpus):
    root, clean, rng = corpus["root"], corpus["clean"], random.Random(SEED)
    current = TITLES[1]  # public/ holds the second clean build
    for n in range(KILLS):
        target = TITLES[0] if current == TITLES[1] else TITLES[1]
        set_title(root, target)
        kill_at_random(sitegen(root, "build"), rng, corpus["seconds"])
        got = digests(root / "public")
        assert got in (clean[current], clean[target]), f"kill {n}: public/ mixes two builds"
        current = target if got == clean[target] else current
    run(root, "build")  # after all those kills, an incremental build still equals a clean one
    assert digests(root / "public") == clean[target]
    assert not list(root.glob(".public.stage-*")), "stage folders of killed builds were not removed"


def test_a_folder_deploy_killed_at_any_moment_leaves_the_old_or_the_new_site(corpus):
    clean, base, rng = corpus["clean"], corpus["base"], random.Random(SEED + 1)
    dest = base / "www" / "news"
    publics = {TITLES[0]: base / "public-1", TITLES[1]: base / "public-2"}
    site = base / "deploy-site"
    site.mkdir()
    set_title(site, "unused")
    (site / "public").symlink_to(publics[TITLES[0]])  # the site's output, swapped between the two builds
    run(site, "deploy", str(dest), "--no-build")
    current = TITLES[0]
    started = time.monotonic()
    (site / "public").unlink()
    (site / "public").symlink_to(publics[TITLES[1]])
    run(site, "deploy", str(dest), "--no-build")
    longest, current = time.monotonic() - started, TITLES[1]
    for n in range(KILLS):
        target = TITLES[0] if current == TITLES[1] else TITLES[1]
        (site / "public").unlink()
        (site / "public").symlink_to(publics[target])
        kill_at_random(sitegen(site, "deploy", str(dest), "--no-build"), rng, longest)
        got = digests(dest)
        assert got in (clean[current], clean[target]), f"kill {n}: the deployed site mixes two builds"
        current = target if got == clean[target] else current
    run(site, "deploy", str(dest), "--no-build")
    assert digests(dest) == clean[target]
    releases = dest.parent / f".{dest.name}.releases"
    assert len([p for p in releases.iterdir()]) <= 2, "half-made or old releases left behind"
    assert not list(dest.parent.glob(".news.switch-*"))


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            try:
                kids = [int(k) for k in (task / "children").read_text().split()]
            except OSError:
                continue
            found.update(kids)
            todo += kids
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc to find the workers")
def test_a_build_killed_by_its_pid_alone_takes_its_workers_with_it(corpus):
    # `kill PID` (a timeout, a supervisor) signals the build alone, not its group: its render
    # workers then waited forever on a pipe nobody read, ~55 MB each (editor32, session 32)
    root = corpus["root"]
    set_title(root, TITLES[0] if digests(root / "public") == corpus["clean"][TITLES[1]] else TITLES[1])
    proc = sitegen(root, "build")
    try:
        deadline, workers = time.monotonic() + corpus["seconds"] * 3, set()
        while time.monotonic() < deadline and proc.poll() is None:
            staged = [f for stage in root.glob(".public.stage-*") for f in stage.glob("*/*")]
            workers = _descendants(proc.pid)
            if len(workers) >= 2 and staged:  # rendering: the stage fills
                break
            time.sleep(0.01)
        assert proc.poll() is None and len(workers) >= 2, "the build ended before its workers were seen"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        until = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < until:
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)], "workers outlived the build killed by its pid"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
    set_title(root, TITLES[1])  # as the other tests expect it: public/ the second clean build
    run(root, "build")
    assert digests(root / "public") == corpus["clean"][TITLES[1]]
