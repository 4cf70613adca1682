"""lock.py: one build at a time per site, the holder named; released however the holder ends."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builders import build, copy_site, tree
from sitegen.lock import LOCK_FILE, site_lock


def _holder(root, cache=".sitegen"):
    """Another process holding the site's lock as a build does (its content/ and public/ shared:
    lock.shared_folders) until its stdin is closed (communicate(""))."""
    code = (f"import sys\nfrom pathlib import Path\nfrom sitegen.lock import site_lock\nroot = Path({str(root)!r})\n"
            f"with site_lock(root / {cache!r}, shares=(root / 'content', root / 'public')):\n"
            "    print('held', flush=True)\n    sys.stdin.read()\n")
    holder = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    return holder


def test_a_second_build_is_refused_naming_the_holder_and_changes_nothing(tmp_path):
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    before = tree(root / "public")
    (root / "content/year-review.md").write_text((root / "content/year-review.md").read_text() + "\nMore.\n")
    holder = _holder(root)
    try:
        result = build(root)
    finally:
        holder.communicate("")
    assert not result.ok and f"process {holder.pid}" in result.errors[0]
    assert tree(root / "public") == before
    assert build(root).ok  # released


def test_a_lock_held_by_a_killed_process_is_free(tmp_path):
    cache = tmp_path / ".sitegen"
    code = f"from sitegen.lock import site_lock\nfrom pathlib import Path\nimport os\nwith site_lock(Path({str(cache)!r})):\n    os._exit(9)\n"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 9
    assert (cache / LOCK_FILE).read_text().strip()  # the dead holder's pid is still written there
    with site_lock(cache):
        assert (cache / LOCK_FILE).read_text().split("\n")[0] == str(os.getpid())


def test_a_cache_path_that_is_a_file_is_a_clear_error(tmp_path):
    root = copy_site("newsroom", tmp_path / "site")
    (root / ".sitegen").write_text("not a folder")
    result = build(root)
    assert not result.ok and ".sitegen is a file" in result.errors[0]


def test_a_deploy_waits_for_another_build_instead_of_failing(tmp_path):
    """A cron deploy racing a watcher's rebuild (well under a second) publishes once it is done."""
    import time
    from sitegen import cli
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    code = (f"import sys, time\nfrom pathlib import Path\nfrom sitegen.lock import site_lock\n"
            f"with site_lock(Path({str(root / '.sitegen')!r})):\n    print('held', flush=True)\n    time.sleep(1.0)\n")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        start = time.monotonic()
        code = cli.main(["deploy", str(tmp_path / "www" / "news"), "--root", str(root), "--no-build", "-q"])
        waited = time.monotonic() - start
    finally:
        holder.wait()
    assert code == 0 and waited > 0.3 and (tmp_path / "www" / "news" / "index.html").is_file()


def test_a_build_refused_for_another_one_exits_75_for_scripts_to_retry(tmp_path, capsys):
    """Before: exit status 1, as for bad input, so a cron script could not tell 'try again' from
    'fix the content'. A deploy that waited in vain says the same."""
    from sitegen import cli
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    before = tree(root / "public")
    holder = _holder(root)
    try:
        assert cli.main(["build", "--root", str(root), "-q"]) == cli.EXIT_BUSY == 75
        err = capsys.readouterr().err
        assert f"another sitegen is building this site (process {holder.pid}" in err and "public/ left as it was" in err
        assert cli.main(["deploy", str(tmp_path / "www"), "--root", str(root), "--no-build", "-q", "--wait", "0.1"]) == 75
        assert "still after waiting 0.1 s" in capsys.readouterr().err
    finally:
        holder.communicate("")
    assert tree(root / "public") == before and not (tmp_path / "www").exists()
    assert cli.main(["build", "--root", str(root), "-q"]) == 0   # released


def test_a_lock_file_that_cannot_be_opened_is_a_message_not_a_traceback(tmp_path, capsys):
    """sitegen build (which takes the lock in cli since session 29) and deploy raised
    IsADirectoryError / PermissionError from os.open with a traceback."""
    from sitegen import cli
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    before = tree(root / "public")
    (root / ".sitegen" / LOCK_FILE).unlink()
    (root / ".sitegen" / LOCK_FILE).mkdir()           # what a stray mkdir or a bad copy leaves
    assert cli.main(["build", "--root", str(root), "-q"]) == cli.EXIT_ERRORS
    err = capsys.readouterr().err
    assert f"{root / '.sitegen' / LOCK_FILE}: Is a directory; check its owner and permissions" in err
    assert "Traceback" not in err and tree(root / "public") == before
    assert cli.main(["deploy", str(tmp_path / "www"), "--root", str(root), "--no-build", "-q"]) == cli.EXIT_ERRORS
    assert "Is a directory" in capsys.readouterr().err and not (tmp_path / "www").exists()


def test_a_conversion_while_another_sitegen_builds_is_refused_and_writes_nothing(tmp_path, capsys):
    """`sitegen convert` took no lock: beside a watcher's rebuild (which converts too) the two
    wrote the same content files and each its own convert-state.json, the later one losing the
    other's records. Now it is refused as a build is: exit 75, nothing written, then it runs."""
    from sitegen import cli
    root = copy_site("newsroom", tmp_path / "site")
    (root / "seeds").mkdir()
    (root / "seeds" / "budget-night.txt").write_text(
        "Budget night brings a surprise for savers\n\nThe chancellor announced a new savings allowance on "
        "Tuesday evening, surprising economists.\n\nThe change takes effect in April, officials said.\n",
        encoding="utf-8")
    before = tree(root / "content")
    holder = _holder(root)
    try:
        (root / "report.txt").write_text("the last run's report\n", encoding="utf-8")
        assert cli.main(["convert", "--root", str(root), "-q", "--report", str(root / "report.txt")]) == cli.EXIT_BUSY
        assert (root / "report.txt").read_text(encoding="utf-8") == "the last run's report\n"
        assert f"another sitegen is building this site (process {holder.pid}" in capsys.readouterr().err
    finally:
        holder.communicate("")
    assert tree(root / "content") == before
    assert cli.main(["convert", "--root", str(root), "-q"]) == 0   # released
    assert tree(root / "content") != before


def _timed_holder(root, seconds: float):
    """Another process holding the site's lock for `seconds`, as a long rebuild does."""
    code = (f"import time\nfrom pathlib import Path\nfrom sitegen.lock import site_lock\n"
            f"with site_lock(Path({str(root / '.sitegen')!r})):\n    print('held', flush=True)\n    time.sleep({seconds})\n")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    return holder


def test_wait_lets_a_cron_build_or_convert_wait_out_another_build(tmp_path, capsys):
    """Before: a cron `sitegen convert` or `build` started during a long rebuild exited 75 at once;
    now --wait SECONDS waits for it, saying so once, and builds when it is done."""
    import time
    from sitegen import cli
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    capsys.readouterr()
    for command in ("convert", "build"):
        holder = _timed_holder(root, 1.0)
        try:
            start = time.monotonic()
            assert cli.main([command, "--root", str(root), "--wait", "30"]) == 0
            waited = time.monotonic() - start
        finally:
            holder.wait()
        err = capsys.readouterr().err
        assert err.count(f"waiting for another sitegen building this site (process {holder.pid}) to finish, "
                         "up to 30 s") == 1, err
        assert 0.3 < waited < 20


def test_wait_gives_up_with_75_after_its_seconds_and_changes_nothing(tmp_path, capsys):
    import time
    from sitegen import cli
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    (root / "content/year-review.md").write_text((root / "content/year-review.md").read_text() + "\nMore.\n")
    before = tree(root / "public")
    capsys.readouterr()
    holder = _holder(root)
    try:
        for command in ("build", "convert"):
            start = time.monotonic()
            assert cli.main([command, "--root", str(root), "--wait", "0.6", "-q"]) == cli.EXIT_BUSY
            assert time.monotonic() - start >= 0.6
            err = capsys.readouterr().err
            assert f"(process {holder.pid}, lock {root / '.sitegen' / LOCK_FILE}, still after waiting 0.6 s)" in err
            assert "waiting for" not in err and "--wait SECONDS waits for it" not in err   # -q; waited already
        assert cli.main(["build", "--root", str(root), "-q"]) == cli.EXIT_BUSY   # no --wait: at once, with the hint
        assert "(--wait SECONDS waits for it)" in capsys.readouterr().err
    finally:
        holder.communicate("")
    assert tree(root / "public") == before


def test_wait_takes_a_number_of_seconds(tmp_path, capsys):
    import pytest
    from sitegen import cli
    root = copy_site("newsroom", tmp_path / "site")
    for bad in ("-1", "ten", "inf", "nan"):
        with pytest.raises(SystemExit) as exit_:
            cli.main(["build", "--root", str(root), "--wait", bad])
        assert exit_.value.code == cli.EXIT_USAGE
        assert f"--wait: {bad!r}: expected a number of seconds, e.g. 600" in capsys.readouterr().err


def test_ctrl_c_while_waiting_exits_130_as_each_command_s_help_says(tmp_path):
    """Exit codes a script can trust: Ctrl-C (SIGINT) is 130 for convert, build and deploy, here
    while --wait waits (a moment a test can hit for sure); convert's and deploy's --help did not
    list 130."""
    import signal
    from sitegen import cli
    root = copy_site("newsroom", tmp_path / "site")
    (tmp_path / "pel" / "content").mkdir(parents=True)     # import's help did not list 75 nor 130 (review54c)
    (tmp_path / "pel" / "content" / "a.md").write_text("Title: A\nDate: 2024-01-01\n\nText.\n", encoding="utf-8")
    holder = _holder(root)
    try:
        for command in (["convert"], ["build"], ["deploy", str(tmp_path / "www")],
                        ["import", "pelican", str(tmp_path / "pel")]):
            assert "130 interrupted" in cli.EXAMPLES[command[0]]
            assert "75 another" in cli.EXAMPLES[command[0]]
            proc = subprocess.Popen([sys.executable, "-m", "sitegen.cli", *command, "--root", str(root), "--wait", "60"],
                                    stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
            line = proc.stderr.readline()
            assert line.startswith(f"waiting for another sitegen building this site (process {holder.pid})"), line
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=30) == cli.EXIT_INTERRUPTED == 130
            assert proc.stderr.read() == "interrupted\n"
    finally:
        holder.communicate("")
    assert not (tmp_path / "www").exists() and not (root / "public").exists()


def test_lock_and_cache_files_that_are_links_out_of_the_site_are_refused_and_their_targets_untouched(tmp_path, capsys):
    """A repository that commits `.sitegen/build.lock -> ~/.bashrc` had that file truncated and
    overwritten with a process id by its first build (opened O_RDWR|O_CREAT, then ftruncate), and a
    dangling `.sitegen/.gitignore` link made a file at its target (review49e Left)."""
    from sitegen import cli
    root = copy_site("newsroom", tmp_path / "site")
    outside = tmp_path / "bashrc"
    outside.write_text("export KEEP=1\n")
    (root / ".sitegen").mkdir()
    (root / ".sitegen" / LOCK_FILE).symlink_to(outside)
    (root / ".sitegen" / ".gitignore").symlink_to(tmp_path / "made-outside")
    assert cli.main(["build", "--root", str(root), "-q"]) == cli.EXIT_ERRORS
    err = capsys.readouterr().err
    assert f"{root / '.sitegen' / LOCK_FILE} is a link" in err and "Traceback" not in err
    assert outside.read_text() == "export KEEP=1\n"
    assert not (tmp_path / "made-outside").exists() and not (root / "public").exists()
    (root / ".sitegen" / LOCK_FILE).unlink()       # the fix the message asks for
    assert cli.main(["build", "--root", str(root), "-q"]) == 0
    assert outside.read_text() == "export KEEP=1\n" and not (tmp_path / "made-outside").exists()


def test_a_preview_lock_that_is_a_link_is_not_written_through(tmp_path):
    from sitegen.serve import PREVIEW_LOCK, hold_preview
    from sitegen.lock import LockError
    import pytest
    outside = tmp_path / "profile"
    outside.write_text("keep\n")
    (tmp_path / ".sitegen").mkdir()
    (tmp_path / ".sitegen" / PREVIEW_LOCK).symlink_to(outside)
    with pytest.raises(LockError, match="is a link"):
        hold_preview(tmp_path / ".sitegen", "http://127.0.0.1:8000/")
    assert outside.read_text() == "keep\n"


def _takes_lock(root) -> bool:
    """Whether another process gets the site's lock now (no wait)."""
    code = (f"import sys\nfrom pathlib import Path\nfrom sitegen.lock import BusyError, site_lock\n"
            f"try:\n    with site_lock(Path({str(root / '.sitegen')!r})):\n        pass\n"
            f"except BusyError:\n    sys.exit(75)\n")
    return subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_a_lock_file_deleted_while_waiting_for_it_is_taken_again_at_its_path(tmp_path):
    """`make clean` or `rm -rf .sitegen` while a build waits for the lock: the waiter locked the deleted
    file once its holder ended, and a third build, making a new file at the path, ran beside it
    (review51f 4). It takes the file now at the path instead, and waits for that file's holder."""
    import pytest
    from sitegen.lock import BusyError
    root = tmp_path / "site"
    first = _holder(root)
    third = []

    def clean(_holder_pid):   # told once the waiter found the lock held
        os.unlink(root / ".sitegen" / LOCK_FILE)
        first.communicate("")         # (before the third: a lock on the deleted file keeps it out: rr52a 1)
        third.append(_holder(root))   # a new file at the path, locked
    try:
        with pytest.raises(BusyError) as busy, site_lock(root / ".sitegen", wait=1.5, waiting=clean):
            pass
        assert f"(process {third[0].pid}, lock " in str(busy.value)   # the new file's holder, not the first's
    finally:
        for holder in [first, *third]:
            if holder.returncode is None:
                holder.communicate("")

def test_a_cache_folder_deleted_while_waiting_for_the_lock_is_made_again_and_locked(tmp_path):
    """`rm -rf .sitegen` while a build waits: the waiter's lock, on the deleted file, kept nobody out."""
    import shutil
    root = tmp_path / "site"
    first = _holder(root)

    def remove(_holder_pid):
        shutil.rmtree(root / ".sitegen")
        first.communicate("")
    with site_lock(root / ".sitegen", wait=5, waiting=remove):
        assert not _takes_lock(root)   # (not read here: closing any descriptor of it would release the lock)
        assert (root / ".sitegen" / LOCK_FILE).stat().st_size == len(f"{os.getpid()}\n{(root / '.sitegen' / LOCK_FILE).resolve()}\n")
    assert _takes_lock(root)


def test_a_lock_file_deleted_while_held_keeps_a_second_build_out(tmp_path):
    """`rm -rf .sitegen` (or of its lock) while a build holds the lock: a second `sitegen build` made
    a new lock file at the path, locked it and ran beside the first, both writing public/ and the
    cache (rr52a 1). It finds the first's lock on the deleted file, and is refused as while it was there."""
    import shutil
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    before = tree(root / "public")
    holder = _holder(root)
    try:
        shutil.rmtree(root / ".sitegen")
        second = subprocess.run([os.path.join(os.path.dirname(sys.executable), "sitegen"), "build", "--root", str(root), "-q"],
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 75, second.stderr
        assert f"another sitegen is building this site (process {holder.pid}" in second.stderr
        assert tree(root / "public") == before
    finally:
        holder.communicate("")
    assert build(root).ok   # released: the first gone, the path's lock is free again


def test_a_preview_lock_deleted_while_held_keeps_a_second_serve_out(tmp_path):
    """`rm -rf .sitegen` while a serve holds its preview lock: a second serve's hold_preview made a new
    file and took it, and both rebuilt .sitegen/preview/, each for its own port, until the first's
    next check (rr52a 2). It is refused now, naming the first; once that one ends, it is taken."""
    import shutil
    from sitegen.serve import PREVIEW_LOCK, hold_preview
    cache = tmp_path / ".sitegen"
    code = (f"import sys\nfrom pathlib import Path\nfrom sitegen.serve import hold_preview\n"
            f"fd, _ = hold_preview(Path({str(cache)!r}), 'http://127.0.0.1:1/')\nassert fd is not None\n"
            "print('held', flush=True)\nsys.stdin.read()\n")
    first = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert first.stdout.readline() == "held\n"
        shutil.rmtree(cache)
        fd, holder = hold_preview(cache, "http://127.0.0.1:2/")
        assert fd is None and holder == f"process {first.pid}, holding {tmp_path.resolve()}/.sitegen/{PREVIEW_LOCK} (deleted)", holder
    finally:
        first.communicate("")
    fd, holder = hold_preview(cache, "http://127.0.0.1:2/")
    try:
        assert fd is not None and f"process {os.getpid()}" in (cache / PREVIEW_LOCK).read_text()
    finally:
        os.close(fd)


def test_a_cache_folder_moved_away_while_its_lock_is_held_keeps_a_second_build_out(tmp_path):
    """`mv .sitegen .sitegen.old` (a clean build with the old cache kept aside) while a build holds the
    lock: the next build made a new .sitegen/build.lock, took it and ran beside the first, as after
    `rm -rf .sitegen` before rr52a 1: it would sweep the first's stage files as a killed build's."""
    from sitegen.lock import BusyError
    root = tmp_path / "site"
    (root / ".sitegen").mkdir(parents=True)
    holder = _holder(root)
    try:
        (root / ".sitegen").rename(root / ".sitegen.old")
        with pytest.raises(BusyError, match=f"process {holder.pid}") as busy:
            with site_lock(root / ".sitegen"):
                pass
        # the file really held, not the path's new one (rr53c's Left)
        assert f", lock {root.resolve()}/.sitegen.old/{LOCK_FILE});" in str(busy.value)
    finally:
        holder.communicate("")


@pytest.mark.parametrize("marked", [False, True])
def test_a_cache_folder_moved_away_and_deleted_while_its_lock_is_held_keeps_a_second_build_out(tmp_path, marked):
    """`mv .sitegen .old && rm -rf .old` while a build holds the lock: the holder's file is deleted
    under another name than the path's; still this site's lock (rr52f 3), marked with the site or not."""
    import shutil
    from sitegen.config import CACHE_OWNER
    from sitegen.lock import BusyError
    root = tmp_path / "site"
    (root / ".sitegen").mkdir(parents=True)
    if marked:
        (root / ".sitegen" / CACHE_OWNER).write_text(f"{root.resolve()}\n")
    holder = _holder(root)
    try:
        (root / ".sitegen").rename(root / ".old")
        shutil.rmtree(root / ".old")
        with pytest.raises(BusyError, match=f"process {holder.pid}"):
            with site_lock(root / ".sitegen"):
                pass
    finally:
        holder.communicate("")
    with site_lock(root / ".sitegen"):   # released: taken
        pass


def test_another_sites_cache_beside_this_ones_holding_its_lock_does_not_keep_this_site_out(tmp_path):
    """Two sites' caches side by side ([paths] cache = "/var/cache/a" and ".../b"), each marked
    with its site: a build of one is no moved-away cache of the other (rr52f 3's fix must not refuse it)."""
    from sitegen.config import CACHE_OWNER
    caches = tmp_path / "caches"
    for name in ("a", "b"):
        (caches / name).mkdir(parents=True)
        (tmp_path / f"site-{name}").mkdir()
        (caches / name / CACHE_OWNER).write_text(f"{(tmp_path / f'site-{name}').resolve()}\n")
    code = (f"import sys\nfrom pathlib import Path\nfrom sitegen.lock import site_lock\n"
            f"with site_lock(Path({str(caches / 'b')!r})):\n    print('held', flush=True)\n    sys.stdin.read()\n")
    holder = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with site_lock(caches / "a"):
            pass
    finally:
        holder.communicate("")


def test_a_cache_folder_moved_away_while_a_serve_holds_its_preview_lock_keeps_a_second_serve_out(tmp_path):
    """The same for `serve`'s preview lock: `mv .sitegen .sitegen.old` while a serve holds it (rr53c 5:
    told from a serve's lock in another cache folder of the site by the path its file says it was
    locked at, test_serve's test_a_cache_folder_another_serve_previews_is_refused_on_reload), and
    the refusal names the file the first holds."""
    from sitegen.serve import hold_preview
    cache = tmp_path / ".sitegen"
    code = (f"import sys\nfrom pathlib import Path\nfrom sitegen.serve import hold_preview\n"
            f"fd, _ = hold_preview(Path({str(cache)!r}), 'http://127.0.0.1:1/')\nassert fd is not None\n"
            "print('held', flush=True)\nsys.stdin.read()\n")
    first = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert first.stdout.readline() == "held\n"
        cache.rename(tmp_path / ".sitegen.old")
        fd, holder = hold_preview(cache, "http://127.0.0.1:2/")
        assert fd is None and holder == f"process {first.pid}, holding {tmp_path.resolve()}/.sitegen.old/preview.lock", holder
    finally:
        first.communicate("")


def test_deploys_to_two_targets_of_one_name_in_sibling_folders_do_not_keep_each_other_out(tmp_path):
    """A deploy target's lock (/srv/a/.www.lock beside /srv/a/www) is no cache folder: rr52f 3's
    moved-away rule, asked of every lock, would have taken /srv/b's holder for this target's."""
    from sitegen.lock import path_lock
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    code = (f"import sys\nfrom pathlib import Path\nfrom sitegen.lock import path_lock\n"
            f"with path_lock(Path({str(tmp_path / 'b' / '.www.lock')!r}), 0, str):\n"
            "    print('held', flush=True)\n    sys.stdin.read()\n")
    holder = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with path_lock(tmp_path / "a" / ".www.lock", 0, lambda pid: f"busy {pid}"):
            pass
    finally:
        holder.communicate("")


@pytest.mark.parametrize("held", [".sitegen", ".cache-prod"])
def test_two_builds_of_one_site_with_two_cache_folders_keep_each_other_out(tmp_path, held):
    """`sitegen serve` (cache .sitegen/) beside `sitegen build --config prod.toml` with [paths] cache
    = ".cache-prod": two lock files, but one site: one content/ to convert into, one public/ to write
    (rr53c's exclusion, which left54c's lock rewrite lost: rr54d 1). The second is refused (exit 75),
    naming the holder and the lock it holds; once that one ends, it builds."""
    sitegen = os.path.join(os.path.dirname(sys.executable), "sitegen")
    root = copy_site("newsroom", tmp_path / "site")
    (root / "prod.toml").write_text((root / "site.toml").read_text() + '\n[paths]\ncache = ".cache-prod"\n')
    runs = {".sitegen": [sitegen, "build", "--root", str(root), "-q"],
            ".cache-prod": [sitegen, "build", "--root", str(root), "--config", str(root / "prod.toml"), "-q"]}
    for args in runs.values():   # each cache made and marked as the site's by a real build
        done = subprocess.run(args, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    before = tree(root / "public")
    (root / "content/year-review.md").write_text((root / "content/year-review.md").read_text() + "\nMore.\n")
    holder = _holder(root, held)
    other = ".cache-prod" if held == ".sitegen" else ".sitegen"
    try:
        second = subprocess.run(runs[other], capture_output=True, text=True, timeout=120)
        assert second.returncode == 75, second.stderr
        assert f"another sitegen is building this site (process {holder.pid}, lock {root.resolve()}/{held}/{LOCK_FILE});" \
            in second.stderr
        assert tree(root / "public") == before
    finally:
        holder.communicate("")
    done = subprocess.run(runs[other], capture_output=True, text=True, timeout=120)   # released: it builds
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("name", ["news\nroom", os.fsdecode(b"caf\xe9")])
def test_a_cache_moved_away_in_a_site_folder_named_with_a_newline_or_not_utf8_keeps_a_second_build_out(tmp_path, name):
    """The lock file's lines name paths: a site folder with a newline in its name cut the second line
    in two, so a moved-away cache there was no longer known (rr54d 2); bytes not UTF-8 kept as they are."""
    from sitegen.lock import BusyError
    root = tmp_path / name
    (root / ".sitegen").mkdir(parents=True)
    holder = _holder(root)
    try:
        (root / ".sitegen").rename(root / ".sitegen.old")
        with pytest.raises(BusyError, match=f"process {holder.pid}"):
            with site_lock(root / ".sitegen"):
                pass
    finally:
        holder.communicate("")


def test_two_builds_of_one_site_with_two_cache_folders_starting_at_once_do_not_both_run(tmp_path):
    """Between a build's lockf and the lines it writes in its lock file, another cache folder's build
    of the site found the file without them, so both ran (rr54d 3: a save seen by serve and by
    `watch --config prod.toml` starts both at once). The window is widened here: the first, its
    locks taken, stops for 1 s before it names itself in them; the second must be refused meanwhile,
    and name it (a lock held but not signed yet is given lock.SIGNING to be)."""
    sitegen = os.path.join(os.path.dirname(sys.executable), "sitegen")
    root = copy_site("newsroom", tmp_path / "site")
    (root / "prod.toml").write_text((root / "site.toml").read_text() + '\n[paths]\ncache = ".cache-prod"\n')
    prod = [sitegen, "build", "--root", str(root), "--config", str(root / "prod.toml"), "-q"]
    for args in ([sitegen, "build", "--root", str(root), "-q"], prod):
        done = subprocess.run(args, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    code = ("import sys, time\nfrom pathlib import Path\nimport sitegen.lock as lock\nsigned = lock.sign\n"
            "def slow(*args):\n    if not slow.done:\n        print('checking', flush=True)\n        time.sleep(1)\n"
            "    slow.done = True\n    return signed(*args)\nslow.done = False\n"
            f"lock.sign = slow\nroot = Path({str(root)!r})\n"
            "with lock.site_lock(root / '.sitegen', shares=(root / 'content', root / 'public')):\n"
            "    print('held', flush=True)\n    sys.stdin.read()\n")
    holder = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "checking\n"
        second = subprocess.run(prod, capture_output=True, text=True, timeout=120)
        assert holder.stdout.readline() == "held\n"
        assert second.returncode == 75, second.stderr
        assert f"(process {holder.pid}, lock {root.resolve()}/.sitegen/{LOCK_FILE});" in second.stderr
    finally:
        holder.communicate("")


def _paused_build(root, *args, held=True, patch=""):
    """A real `sitegen build --root root ARGS` that stops under its lock (in its sweep of what a killed
    build left) until its stdin is closed (communicate("")); `patch`: code run before it starts.
    `held`: wait until it holds the lock."""
    code = ("import sys, time\nimport sitegen.leftovers as leftovers\nimport sitegen.lock as lock\n" + patch +
            "def paused(*args, **kwargs):\n    print('held', flush=True)\n    sys.stdin.read()\n"
            "leftovers.sweep = paused\nfrom sitegen.cli import main\nsys.exit(main(sys.argv[1:]))\n")
    paused = subprocess.Popen([sys.executable, "-c", code, "build", "--root", str(root), "-q", *args],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if held:
        assert paused.stdout.readline() == "held\n"
    return paused


def _sitegen(*args):
    return subprocess.run([os.path.join(os.path.dirname(sys.executable), "sitegen"), *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not os.path.isdir("/dev/shm") or os.stat("/dev/shm").st_dev == os.stat("/tmp").st_dev,
                    reason="needs /dev/shm on its own device")
def test_a_build_reads_no_open_file_of_an_unrelated_lock_holder_on_another_device(tmp_path):
    """A build's lock looked for a holder of the site's lock in another cache folder through /proc:
    for each whole-file POSIX write lock on the machine, a listdir of its holder's fds and a readlink
    of each. So a process with thousands of files open holding one lockf anywhere (a database, a mail
    spool) cost each build lock, each rebuild of watch/serve, thousands of /proc reads, 36-70 ms a
    lock on a busy box (rr54h 1). Now the site's lock files are the same files for every cache
    folder (lock.share_locks): counted, a real `sitegen build`'s readlinks of that process's fds."""
    code = ("import fcntl, os, sys, tempfile\n"
            "d = tempfile.mkdtemp(dir='/dev/shm')\n"
            "fd = os.open(os.path.join(d, 'spool.lock'), os.O_RDWR | os.O_CREAT)\n"
            "fcntl.lockf(fd, fcntl.LOCK_EX)\n"
            "keep = [os.open('/dev/null', os.O_RDONLY) for _ in range(2000)]\n"
            "print(d, flush=True)\nsys.stdin.read()\n"
            "import shutil; shutil.rmtree(d)\n")
    holder = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().startswith("/dev/shm/")
        root = copy_site("newsroom", tmp_path / "site")
        assert _sitegen("build", "--root", str(root), "-q").returncode == 0   # the cache made and marked
        counting = ("import os, sys\nreadlink = os.readlink\nseen = []\n"
                    "os.readlink = lambda p, *a, **k: seen.append(str(p)) or readlink(p, *a, **k)\n"
                    "from sitegen.cli import main\ncode = main(sys.argv[1:])\n"
                    f"print(len([p for p in seen if p.startswith('/proc/{holder.pid}/')]))\nsys.exit(code)\n")
        done = subprocess.run([sys.executable, "-c", counting, "build", "--root", str(root), "-q"],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.split()[-1] == "0"
    finally:
        holder.communicate("")


def test_two_configs_in_one_folder_that_share_nothing_build_side_by_side_and_two_sharing_an_output_do_not(tmp_path):
    """`blog.toml` beside site.toml with content, output and cache of its own: a cron running both
    had one exit 75, refused for the other (rr54d's site mark was the folder's, not what a build
    writes). They share nothing a build writes, so both build. A third config with the same public/
    (another content/ and cache) is still refused, naming the build that holds it."""
    import shutil
    root = copy_site("newsroom", tmp_path / "site")
    shutil.copytree(root / "content", root / "blog-content")
    base = (root / "site.toml").read_text()
    (root / "blog.toml").write_text(base + '\n[paths]\ncontent = "blog-content"\noutput = "blog-public"\n'
                                    'cache = ".cache-blog"\n')
    (root / "same-output.toml").write_text(base + '\n[paths]\ncontent = "blog-content"\ncache = ".cache-same"\n')
    for config in ("site.toml", "blog.toml", "same-output.toml"):   # each cache made and marked by a build
        done = _sitegen("build", "--root", str(root), "--config", str(root / config), "-q")
        assert done.returncode == 0, done.stderr
    shutil.rmtree(root / "blog-public")
    holder = _paused_build(root)
    try:
        blog = _sitegen("build", "--root", str(root), "--config", str(root / "blog.toml"), "-q")
        assert blog.returncode == 0, blog.stderr
        assert (root / "blog-public" / "index.html").is_file()
        same = _sitegen("build", "--root", str(root), "--config", str(root / "same-output.toml"), "-q")
        assert same.returncode == 75, same.stderr
        assert f"another sitegen is building this site (process {holder.pid}, lock {root.resolve()}/.sitegen/" \
            f"{LOCK_FILE});" in same.stderr
    finally:
        holder.communicate("")
    assert holder.returncode == 0, holder.stderr


def test_a_build_waiting_for_another_is_not_named_as_the_holder_by_a_third(tmp_path):
    """A rebuild waiting up to 120 s for another cache folder's build of the site locked and signed
    its own lock file at each poll while it looked for the other: a build started then in its cache
    folder exited 75 naming the waiter, which builds nothing (rr54h's Left). The waiter's look is
    widened to 1 s here (held_deleted, where it is still used); the third must name the builder."""
    root = copy_site("newsroom", tmp_path / "site")
    prod = root / "prod.toml"
    prod.write_text((root / "site.toml").read_text() + '\n[paths]\ncache = ".cache-prod"\n')
    for args in ([], ["--config", str(prod)]):
        done = _sitegen("build", "--root", str(root), "-q", *args)
        assert done.returncode == 0, done.stderr
    holder = _paused_build(root)
    slow = ("looked = lock.held_deleted\ndef slow(*args):\n    time.sleep(1)\n    return looked(*args)\n"
            "lock.held_deleted = slow\n")
    waiter = _paused_build(root, "--config", str(prod), "--wait", "60", held=False, patch=slow)
    try:
        time.sleep(1.5)   # (waiting)
        third = _sitegen("build", "--root", str(root), "--config", str(prod), "-q")
        assert third.returncode == 75, third.stderr
        assert f"(process {holder.pid}, lock {root.resolve()}/.sitegen/{LOCK_FILE});" in third.stderr
        assert str(waiter.pid) not in third.stderr
    finally:
        holder.communicate("")
        waiter.communicate("")
    assert holder.returncode == waiter.returncode == 0, waiter.stderr


def test_a_cache_path_that_is_a_file_names_the_config_file_given_with_config_not_site_toml(tmp_path):
    """`sitegen build --config prod.toml` whose [paths] cache is a file: the advice said "set [paths]
    cache in site.toml", a file not in use (left54a's Left); it names prod.toml."""
    root = copy_site("newsroom", tmp_path / "site")
    (root / "prod.toml").write_text((root / "site.toml").read_text() + '\n[paths]\ncache = "cache-file"\n')
    (root / "site.toml").unlink()
    (root / "cache-file").write_text("not a folder\n")
    done = _sitegen("build", "--root", str(root), "--config", str(root / "prod.toml"), "-q")
    assert done.returncode != 0 and "(or set [paths] cache in prod.toml to another folder)" in done.stderr, done.stderr
    assert "site.toml" not in done.stderr


def _locks():
    """The share locks' folder of this run (conftest's $SITEGEN_LOCKS) and the lock files in it."""
    folder = Path(os.environ["SITEGEN_LOCKS"])
    return folder, sorted(p.name for p in folder.iterdir())


def test_a_share_lock_file_is_removed_when_its_holder_lets_go_and_a_run_keeps_them_in_its_own_temp(tmp_path):
    """A build's share locks (one per folder it writes) were never removed, and in the real
    /tmp/sitegen-UID whatever the caller: a test run left ~2,000 there (left55a's Left). They are in
    $SITEGEN_LOCKS (the run's own temp), four while a build holds them (two names each of content/
    and public/: lock._folder_keys), none once it ends, nor after a build refused for it, nor after
    one that waited and built."""
    root = copy_site("newsroom", tmp_path / "site")
    (root / "prod.toml").write_text((root / "site.toml").read_text() + '\n[paths]\ncache = ".cache-prod"\n')
    folder, before = _locks()
    holder = _paused_build(root)
    try:
        assert len(set(_locks()[1]) - set(before)) == 4
        refused = _sitegen("build", "--root", str(root), "--config", str(root / "prod.toml"), "-q")
        assert refused.returncode == 75, refused.stderr
        assert len(set(_locks()[1]) - set(before)) == 4
    finally:
        holder.communicate("")
    assert holder.returncode == 0, holder.stderr
    done = _sitegen("build", "--root", str(root), "--config", str(root / "prod.toml"), "-q")
    assert done.returncode == 0, done.stderr
    assert set(_locks()[1]) - set(before) == set()


def test_share_locks_removed_as_they_are_let_go_never_let_two_builds_of_one_folder_run_at_once(tmp_path):
    """A hammer: 4 processes, each with a cache folder of its own (only the share locks keep them
    apart), take the site's lock 40 times each, as fast as they can; each marks its turn with a file
    only one may make (O_EXCL). A file removed by its holder as it lets go, locked meanwhile by one
    that had opened it, must be seen gone (_still_at) and the one at the path taken instead."""
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    code = ("import os, sys\nfrom pathlib import Path\nfrom sitegen.lock import site_lock\n"
            "root, me = Path(sys.argv[1]), sys.argv[2]\nturns = clashes = 0\n"
            "for _ in range(40):\n"
            "    with site_lock(root / f'.cache-{me}', wait=60, shares=(root / 'content', root / 'public')):\n"
            "        try:\n            os.close(os.open(root / 'turn', os.O_CREAT | os.O_EXCL | os.O_WRONLY))\n"
            "        except FileExistsError:\n            clashes += 1\n            continue\n"
            "        turns += 1\n        os.sched_yield()\n        os.unlink(root / 'turn')\n"
            "print(turns, clashes)\n")
    _, before = _locks()
    runs = [subprocess.Popen([sys.executable, "-c", code, str(root), str(n)], stdout=subprocess.PIPE, text=True)
            for n in range(4)]
    said = [run.communicate(timeout=300)[0] for run in runs]
    assert said == ["40 0\n"] * 4
    assert set(_locks()[1]) - set(before) == set()


def test_a_site_folder_renamed_while_a_build_holds_its_lock_keeps_another_cache_folders_build_out(tmp_path):
    """The share locks were named by the folders' real paths: `mv site site2` during a build, and
    `build --config prod.toml` (another cache folder) in site2 found other files, and built beside
    it, into the same content/ and public/. They are named by the folder's parent as a file."""
    root = copy_site("newsroom", tmp_path / "site")
    (root / "prod.toml").write_text((root / "site.toml").read_text() + '\n[paths]\ncache = ".cache-prod"\n')
    holder = _holder(root)
    try:
        moved = root.rename(tmp_path / "site2")
        second = _sitegen("build", "--root", str(moved), "--config", str(moved / "prod.toml"), "-q")
        assert second.returncode == 75, second.stderr
        assert f"(process {holder.pid}," in second.stderr
    finally:
        holder.communicate("")


@pytest.mark.parametrize("key, linked", [("content", "content"), ("output", "public")])
def test_a_folder_a_build_writes_reached_through_a_link_shares_one_lock_with_its_real_name(tmp_path, key, linked):
    """Two names of one folder: prod.toml writes `the-<linked>`, a link to the site's own; its build
    (a cache folder of its own) is refused while the site's holds its lock."""
    root = copy_site("newsroom", tmp_path / "site")
    (root / "public").mkdir(exist_ok=True)
    (root / f"the-{linked}").symlink_to(root / linked)
    (root / "prod.toml").write_text((root / "site.toml").read_text() +
                                    f'\n[paths]\ncache = ".cache-prod"\n{key} = "the-{linked}"\n')
    holder = _holder(root)
    try:
        second = _sitegen("build", "--root", str(root), "--config", str(root / "prod.toml"), "-q")
        assert second.returncode == 75, second.stderr
        assert f"(process {holder.pid}," in second.stderr
    finally:
        holder.communicate("")


def test_a_share_locks_folder_another_user_made_first_says_what_to_do(tmp_path, monkeypatch):
    """/tmp/sitegen-UID made first by another user (anyone may, on a shared machine): the advice was
    "remove it", which /tmp's sticky bit forbids. It names the owner, asks them or root, and offers
    $SITEGEN_LOCKS; the build changes nothing."""
    if os.getuid() != 0:
        pytest.skip("needs root, to make a folder of another user's")
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, 4321, 4321)
    monkeypatch.setenv("SITEGEN_LOCKS", str(theirs))
    root = copy_site("newsroom", tmp_path / "site")
    done = _sitegen("build", "--root", str(root), "-q")
    assert done.returncode != 0
    assert f"{theirs} belongs to another user (uid 4321)" in done.stderr
    assert "ask them or root to remove it, or set SITEGEN_LOCKS to a folder only you may write" in done.stderr
    assert not (root / "public").exists()


def _dist_holder(root, cache, patch=""):
    """A process holding site_lock(root/CACHE) for one folder only, dist/public with no dist/ yet: a
    folder of one lock file (lock._folder_keys), until its stdin is closed. `patch`: code run first."""
    code = ("import sys\nfrom pathlib import Path\nimport sitegen.lock as lock\n" + patch +
            "root = Path(sys.argv[1])\ntry:\n"
            f"    with lock.site_lock(root / {cache!r}, shares=(root / 'dist' / 'public',)):\n"
            "        print('held', flush=True)\n        sys.stdin.read()\n"
            "except lock.BusyError as busy:\n    print(busy, flush=True)\n")
    return subprocess.Popen([sys.executable, "-c", code, str(root)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)


def test_a_share_lock_file_a_waiter_opened_before_its_holder_removed_it_is_never_taken_for_the_lock(tmp_path):
    """The race of a share lock's file removed by its holder as it lets go. W opens the file; its
    holder A removes it and lets go; C makes a new one at the path and takes it; then W locks the
    file it opened: free, but no longer the lock (C holds the one every other build finds). W must
    open the path again and be refused, naming C, never build beside it. Real processes, each with a
    cache folder of its own, so only the share lock keeps them apart; W stops after its first open."""
    root = tmp_path / "site"
    root.mkdir()
    a = _dist_holder(root, ".cache-a")
    assert a.stdout.readline() == "held\n"
    pause = ("opened = lock.open_lock\n"
             "def paused(path, *args):\n    fd = opened(path, *args)\n    if not paused.done:\n"
             "        paused.done = True\n        print('opened', flush=True)\n        sys.stdin.readline()\n"
             "    return fd\npaused.done = False\nlock.open_lock = paused\n")
    w = _dist_holder(root, ".cache-w", pause)
    c = None
    try:
        assert w.stdout.readline() == "opened\n"
        a.communicate("")   # A removes its file and lets go
        assert a.returncode == 0
        c = _dist_holder(root, ".cache-c")
        assert c.stdout.readline() == "held\n"
        w.stdin.write("\n")
        w.stdin.flush()
        said = w.stdout.readline()
        assert said.startswith(f"another sitegen is building this site (process {c.pid}, lock "), said
    finally:
        for process in (w, c):
            if process is not None:
                process.communicate("")


def test_a_first_build_making_its_outputs_parent_keeps_a_build_started_after_that_out(tmp_path):
    """`output = "dist/public"`, no dist/ yet: the first build's lock was named by the real path (no
    parent to name it by), and once that build had made dist/, a second config writing the same
    output (a cache folder and content of its own) named it by dist/'s inode: another file, and it
    built beside the first, into one public/. A folder's lock has both names; the second is refused."""
    root = copy_site("newsroom", tmp_path / "site")
    shutil.copytree(root / "content", root / "content-prod")
    (root / "site.toml").write_text((root / "site.toml").read_text() + '\n[paths]\noutput = "dist/public"\n')
    (root / "prod.toml").write_text((root / "site.toml").read_text() +
                                    'cache = ".cache-prod"\ncontent = "content-prod"\n')
    assert not (root / "dist").exists()
    holder = _paused_build(root)
    try:
        (root / "dist").mkdir()   # as its stage does (write.Stage), before it writes public/
        second = _sitegen("build", "--root", str(root), "--config", str(root / "prod.toml"), "-q")
        assert second.returncode == 75, second.stderr
        assert f"(process {holder.pid}," in second.stderr
    finally:
        holder.communicate("")
    assert holder.returncode == 0, holder.stderr


def test_a_relative_sitegen_locks_is_refused_not_taken_in_each_working_folder(tmp_path):
    """SITEGEN_LOCKS=locks: each sitegen would keep its locks in `locks` of its own working folder,
    so a cron's build in its home and one from the site's folder would not keep each other out."""
    root = copy_site("newsroom", tmp_path / "site")
    env = {**os.environ, "SITEGEN_LOCKS": "locks"}
    done = subprocess.run([os.path.join(os.path.dirname(sys.executable), "sitegen"), "build", "--root", str(root), "-q"],
                          capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert done.returncode != 0
    assert "SITEGEN_LOCKS=locks is a relative path" in done.stderr and "set SITEGEN_LOCKS to a full path" in done.stderr
    assert not (tmp_path / "locks").exists() and not (root / "public").exists()
