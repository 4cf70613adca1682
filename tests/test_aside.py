"""aside.py: work in a forked child, its bytes read back; a failure is None, never a half result."""
from __future__ import annotations

import os
import signal
import time

import pytest

from conftest import no_child_left
from sitegen.aside import Aside, BothEnds

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")


def test_the_childs_bytes_come_back_and_it_sees_the_parents_memory(tmp_path):
    shared = {"n": 41}
    aside = Aside(lambda: str(shared["n"] + 1).encode())
    assert aside.result() == b"42"
    assert aside.result() is None  # read once: the child is gone


def test_a_child_that_raises_gives_none_and_nothing_it_wrote_is_taken(tmp_path):
    def work() -> bytes:
        (tmp_path / "half").write_text("x")
        raise RuntimeError("disk full")
    assert Aside(work).result() is None
    assert (tmp_path / "half").exists()  # the caller decides what a failed child's files are worth


def test_close_waits_for_a_slow_child(tmp_path):
    def work() -> bytes:
        time.sleep(0.3)
        (tmp_path / "done").write_text("yes")
        return b"ok"
    aside = Aside(work)
    assert aside.close() == b"ok" and (tmp_path / "done").read_text() == "yes"


def _interrupt(signum, frame):
    raise KeyboardInterrupt


@pytest.mark.parametrize("wait", ["result", "close"])
def test_a_ctrl_c_while_waiting_kills_the_child_and_a_later_close_is_none(tmp_path, wait):
    """review45e 3: a Ctrl-C in result() (a build's stage asking for the spare's sync) left the child
    running with its pipe closed; the build's `finally: close()` then read it again: os.fdopen(-1)'s
    ValueError replaced the interrupt, and watch reported the stop as "build crashed"."""
    def work() -> bytes:
        time.sleep(2)
        (tmp_path / "done").write_text("yes")
        return b"ok"
    aside = Aside(work)
    old = signal.signal(signal.SIGALRM, _interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    try:
        with pytest.raises(KeyboardInterrupt):
            getattr(aside, wait)()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert no_child_left()  # killed and reaped at once, not left to finish its work
    assert aside.close() is None and aside.result() is None
    time.sleep(2.1)
    assert not (tmp_path / "done").exists()


@pytest.mark.parametrize("late", [0.0, 0.05])
def test_both_ends_find_a_failing_check_wherever_it_is(late):
    """The child takes them from the start, this process from the end once it asks (now, or after
    the child has done some or all): a False anywhere is the answer, whoever checked it."""
    for bad in [None, *range(9)]:
        both = BothEnds(9, lambda i: i != bad)
        time.sleep(late)
        assert both.all() is (bad is None), bad
        both.cancel()
    assert no_child_left()


def test_both_ends_check_every_index_in_one_process_or_the_other(tmp_path):
    """Each index is checked at least once (where the two meet, perhaps twice), none skipped."""
    def check(i: int) -> bool:
        with open(tmp_path / "seen", "a") as fh:
            fh.write(f"{i}\n")
        time.sleep(0.002)
        return True
    both = BothEnds(50, check)
    time.sleep(0.02)
    assert both.all()
    assert {int(line) for line in (tmp_path / "seen").read_text().split()} == set(range(50))


def test_a_failure_found_here_first_kills_and_reaps_the_child_still_checking(tmp_path):
    """A failing check found by this process ended all() with the child left running, then a zombie
    never reaped (a watch that found public/ damaged kept one each build); the test below failed
    whenever its child started later than this process reached index 0."""
    parent = os.getpid()

    def check(i: int) -> bool:
        if os.getpid() != parent:
            time.sleep(5)   # the child is still at its first index when the answer is known
            (tmp_path / "child-done").write_text("yes")
        return i != 4
    started = time.monotonic()
    assert BothEnds(5, check).all() is False
    assert no_child_left() and time.monotonic() - started < 4   # killed, not waited for
    time.sleep(0.1)
    assert not (tmp_path / "child-done").exists()


def test_both_ends_check_the_childs_part_here_when_the_child_fails(tmp_path):
    parent = os.getpid()

    def check(i: int) -> bool:
        if os.getpid() != parent:
            raise RuntimeError("the child dies")
        return i != 0
    both = BothEnds(5, check)
    time.sleep(0.05)  # the child has died holding index 0
    assert both.all() is False
    assert BothEnds(5, lambda i: os.getpid() == parent or 1 / 0).all() is True
    assert no_child_left()


POOL = """
import os, sys, time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from sitegen.aside import die_with

def pid(_):
    time.sleep(0.05)
    return os.getpid()

if __name__ == "__main__":
    pool = ProcessPoolExecutor(2, mp_context=get_context(sys.argv[1]), initializer=die_with, initargs=(os.getpid(),))
    print(*sorted(set(pool.map(pid, range(8)))), flush=True)
    time.sleep(120)
"""


def _gone(pid: int) -> bool:
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_pool_workers_end_when_the_process_that_made_the_pool_is_killed(tmp_path, method):
    # killed by its pid alone, sitegen left its workers waiting on a pipe for ever; the converter's
    # forkserver workers (under watch and serve) and their forkserver kept each other alive (final32)
    import signal
    import subprocess
    import sys
    script = tmp_path / "pool.py"
    script.write_text(POOL, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), method], stdout=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        workers = [int(p) for p in proc.stdout.readline().split()]
        assert workers and proc.pid not in workers
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        until = time.monotonic() + 10
        while not all(_gone(w) for w in workers) and time.monotonic() < until:
            time.sleep(0.05)
        assert [w for w in workers if not _gone(w)] == [], f"{method} workers outlived their sitegen"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # whatever is left of the group, test passed or not
        except ProcessLookupError:
            pass
        proc.wait()


MANY_FILES = """
import os, resource, sys, time
from sitegen.aside import die_with

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if hard != resource.RLIM_INFINITY and hard < 1200:
    print("few", flush=True)
    sys.exit(0)
resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200) if soft != resource.RLIM_INFINITY else soft, hard))
held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]   # a long-running serve's open files
die_with(int(sys.argv[1]))
print("watching", max(held), flush=True)
time.sleep(60)
"""


def test_a_worker_of_a_process_with_over_1024_open_files_still_ends_with_its_sitegen(tmp_path):
    """review51e 2: the orphan watch waited on its pidfd with select.select(), which refuses a file
    number over 1023 (ValueError, not caught): past 1,024 open files (a long serve) every worker it
    forked printed a traceback and no longer ended when serve was killed. It polls now (no such
    limit): the worker, with 1,100 files open, ends once the process it watches has."""
    import subprocess
    import sys
    script = tmp_path / "many.py"
    script.write_text(MANY_FILES, encoding="utf-8")
    parent = subprocess.Popen(["sleep", "120"])
    worker = subprocess.Popen([sys.executable, str(script), str(parent.pid)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        said = worker.stdout.readline().split()
        if said == ["few"]:
            pytest.skip("the hard limit of open files is under 1,200 here")
        assert said[0] == "watching" and int(said[1]) >= 1100, said
        parent.kill()
        parent.wait()
        assert worker.wait(timeout=15) == 1       # _exit_after's os._exit(1), not the script's end
        assert "Error" not in worker.stderr.read()
    finally:
        for proc in (parent, worker):
            if proc.poll() is None:
                proc.kill()
                proc.wait()
