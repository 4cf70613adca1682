"""leftovers.py: what a sitegen killed while building leaves is removed by the next run of any
command, which says so in one line; a user's files that only look alike are kept."""
from __future__ import annotations

import inspect
import os
import signal
import subprocess
import sys
import time

import pytest

from builders import copy_site, tree
from sitegen import cache, cli, leftovers, write
from sitegen.convert import writer
from sitegen.lock import LOCK_FILE

LOOK_ALIKES = (".public.stage-notes/a.txt", "content/.convert-notes.tmp", "content/draft.1.tmp",
               ".sitegen/notes.tmp", "public/notes.1.txt")


def _mine(root):
    """A user's files whose names look like sitegen's temporary ones (must all survive)."""
    for rel in LOOK_ALIKES:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("mine\n", encoding="utf-8")


def _kept(root) -> bool:
    return all((root / rel).read_text(encoding="utf-8") == "mine\n" for rel in LOOK_ALIKES)


def _many_articles(root, count: int) -> None:
    for i in range(count):
        (root / "content" / f"filler-{i}.md").write_text(
            f"---\ntitle: Filler story number {i}\ndate: 2024-06-{1 + i % 28:02d}T08:00:00Z\ntags: [Filler {i % 40}]\n"
            f"---\n" + "A paragraph of the filler story, long enough to render. " * 20 + "\n", encoding="utf-8")


def test_a_build_killed_while_staging_is_cleaned_by_the_next_run_of_another_command(tmp_path, capsys):
    """Before: the killed build's .public.stage-* (and the cold build's side file of cache rows)
    stayed until the next build that wrote; a `sitegen convert`, a deploy --no-build or a build
    with nothing to write left them."""
    from builders import build
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    _many_articles(root, 600)
    _mine(root)
    proc = subprocess.Popen([sys.executable, "-m", "sitegen.cli", "build", "--root", str(root), "--no-convert", "-q",
                             "--workers", "1"], start_new_session=True, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not [p for p in root.glob(".public.stage-*") if len(p.name) == len(".public.stage-") + 8]:
            assert proc.poll() is None and time.monotonic() < deadline, "the build ended before it staged a page"
            time.sleep(0.005)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    left = sorted(p.name for p in root.glob(".public.stage-????????"))
    assert left and (root / ".sitegen" / LOCK_FILE).read_text().split("\n")[0] == str(proc.pid)
    assert cli.main(["convert", "--root", str(root)]) == 0
    err = capsys.readouterr().err
    assert err.count("note: removed what a sitegen stopped while building left") == 1, err
    assert f"(process {proc.pid}): .public.stage-" in err
    assert not list(root.glob(".public.stage-????????")) and _kept(root)
    assert cli.main(["convert", "--root", str(root)]) == 0 and "removed" not in capsys.readouterr().err  # once


def _killed_holder(root, make: str) -> int:
    """A process that takes the site's lock, writes what sitegen writes mid-build (`make`, code),
    and dies holding it, as kill -9 leaves them. Returns its pid."""
    code = (f"import os\nfrom pathlib import Path\nfrom sitegen.lock import site_lock\nroot = Path({str(root)!r})\n"
            f"with site_lock(root / '.sitegen'):\n" + "".join(f"    {line}\n" for line in make.splitlines())
            + "    os._exit(9)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr
    return int((root / ".sitegen" / LOCK_FILE).read_text().split("\n")[0])


MAKE = """\
import tempfile
from sitegen.convert.writer import atomic_write
from sitegen.write import Stage
Stage(root / 'public').put('index.html', b'half a page')
os.close(tempfile.mkstemp(dir=root / 'content', prefix='.convert-', suffix='.tmp')[0])
(root / '.sitegen' / 'rows.tmp.sqlite').write_bytes(b'rows')
(root / '.sitegen' / f'config.json.{os.getpid()}.tmp').write_bytes(b'{}')
(root / '.sitegen' / 'images' / f'ab12cd.{os.getpid()}.tmp').mkdir(parents=True)
(root / 'public' / '.sitegen-output.tmp').write_bytes(b'record')"""


# (deploy --no-build --force: the killed conversion's files, made after the build, changed content/ since)
@pytest.mark.parametrize("command", [["build"], ["convert"], ["deploy", "--no-build", "--force", "{www}"]])
def test_every_command_removes_only_what_a_killed_sitegen_wrote_and_says_so_once(tmp_path, capsys, command):
    from builders import build
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    before = tree(root / "public")
    _mine(root)
    pid = _killed_holder(root, MAKE)
    made = {p.name for p in [*root.glob(".public.stage-*"), *(root / "content").glob(".convert-*"),
                             *(root / ".sitegen").rglob("*.tmp*"), *(root / "public").glob("*.tmp")]}
    assert len(made) == 9, made   # 6 of sitegen's, 3 look-alikes
    capsys.readouterr()
    args = [word.format(www=tmp_path / "www") for word in command]
    assert cli.main([*args, "--root", str(root)]) == 0
    err = capsys.readouterr().err
    notes = [line for line in err.splitlines() if line.startswith("note: removed")]
    assert len(notes) == 1 and f"(process {pid}): " in notes[0] and "and 3 more" in notes[0], err
    assert not list(root.glob(".public.stage-????????")) and not list((root / "content").glob(".convert-????????.tmp"))
    assert not [p for p in (root / ".sitegen").rglob("*.tmp*") if p.name != "notes.tmp"]
    assert not (root / "public" / ".sitegen-output.tmp").exists() and _kept(root)
    if command[0] != "build":   # (its clock is the real one, not builders.build's fixed one)
        assert tree(root / "public") == {**before, "notes.1.txt": b"mine\n"}


def test_a_run_after_a_clean_one_looks_in_no_large_folder_and_removes_nothing(tmp_path, capsys):
    root = copy_site("newsroom", tmp_path / "site")
    assert cli.main(["build", "--root", str(root), "-q"]) == 0
    _mine(root)
    (root / "content" / ".convert-abcd1234.tmp").write_text("x", encoding="utf-8")  # not killed: not looked for
    assert cli.main(["build", "--root", str(root)]) == 0
    assert "removed" not in capsys.readouterr().err and _kept(root)
    assert (root / "content" / ".convert-abcd1234.tmp").exists()
    assert (root / ".sitegen" / LOCK_FILE).read_text() == ""   # a clean end empties it: no killed holder


def test_a_build_killed_while_it_wrote_the_published_feeds_record_leaves_no_temporary_file_in_content(tmp_path, capsys):
    """content/.sitegen-published.tmp (ledger.write_ledger), left by a build killed between its write
    and its rename, is removed by the next run, which says so: content/ is under version control."""
    root = copy_site("newsroom", tmp_path / "site")
    pid = _killed_holder(root, "(root / 'content' / '.sitegen-published.tmp').write_bytes(b'# half a rec')")
    (root / "content" / "notes.published.tmp").write_text("mine\n", encoding="utf-8")   # a look-alike: kept
    assert cli.main(["convert", "--root", str(root)]) == 0
    assert f"(process {pid}): content/.sitegen-published.tmp" in capsys.readouterr().err
    assert not (root / "content" / ".sitegen-published.tmp").exists()
    assert (root / "content" / "notes.published.tmp").read_text(encoding="utf-8") == "mine\n"


def test_the_names_follow_the_modules_that_make_them():
    assert write.STAGE_PREFIX == ".stage-" and leftovers._SIDE == cache.SIDE
    assert leftovers._RECORD_TMP == write.RECORD + ".tmp"
    assert 'prefix=".convert-", suffix=".tmp"' in inspect.getsource(writer.atomic_write)


def test_a_running_sitegen_s_temporary_file_is_not_taken_for_a_leftover(tmp_path, capsys):
    # load_config writes config.json.PID.tmp without the site's lock: a build starting beside
    # another must not remove the other's file mid-write (final32)
    root = copy_site("newsroom", tmp_path / "site")
    assert cli.main(["build", "--root", str(root), "-q"]) == 0
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = root / ".sitegen" / f"config.json.{_ended_pid()}.tmp"
        live = root / ".sitegen" / f"config.json.{running.pid}.tmp"
        for path in (dead, live):
            path.write_text("{}", encoding="utf-8")
        assert cli.main(["build", "--root", str(root)]) == 0
        assert live.exists() and not dead.exists(), capsys.readouterr().err
    finally:
        running.kill()
        running.wait()


def _ended_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_an_import_takes_the_lock_and_a_killed_one_s_files_in_sub_folders_are_removed(tmp_path, capsys):
    """The import wrote content/local/.convert-XXXXXXXX.tmp without the site's lock, and the sweep
    looked only in content/'s top folder: a kill left it there for good."""
    root = copy_site("newsroom", tmp_path / "site")
    _mine(root)
    (root / "content" / "local").mkdir()
    (root / "content" / "local" / ".convert-notes.tmp").write_text("mine\n", encoding="utf-8")
    src = tmp_path / "pel" / "content"
    src.mkdir(parents=True)
    (src / "a.md").write_text("Title: A\nDate: 2019-11-01\n\nText.\n", encoding="utf-8")
    pid = _killed_holder(root, "import tempfile\nos.close(tempfile.mkstemp(dir=root / 'content' / 'local', "
                               "prefix='.convert-', suffix='.tmp')[0])")
    capsys.readouterr()
    assert cli.main(["import", "pelican", str(tmp_path / "pel"), "--root", str(root)]) == 0
    assert f"(process {pid}): content/local/.convert-" in capsys.readouterr().err
    assert [p.name for p in (root / "content" / "local").iterdir()] == [".convert-notes.tmp"] and _kept(root)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom pathlib import Path\n"
                               "from sitegen.lock import site_lock\n"
                               f"with site_lock(Path({str(root / '.sitegen')!r})):\n"
                               "    print('held', flush=True)\n    time.sleep(60)\n"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        (src / "b.md").write_text("Title: B\nDate: 2019-11-02\n\nText.\n", encoding="utf-8")
        assert cli.main(["import", "pelican", str(tmp_path / "pel"), "--root", str(root)]) == cli.EXIT_BUSY
        assert "nothing imported (--wait SECONDS waits for it)" in capsys.readouterr().err
        assert not (root / "content" / "b.md").exists()
    finally:
        holder.kill()
        holder.wait()
