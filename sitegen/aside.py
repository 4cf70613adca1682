"""Work done aside: a function run in a forked child process that dies with the build, its result
read back as bytes.

A build uses it for work that can overlap its own steps on a core they leave idle: bringing the
spare copy of public/ up to date (write.SpareSync), encoding the article rows of a first build's
cache while the site is planned (cache.BuildCache.prepare_rows_aside). The child shares the
parent's memory copy-on-write, so nothing is pickled on the way in.
"""
from __future__ import annotations

import mmap
import os
from typing import Callable


class Aside:
    """work() in a forked child, started now. result() waits for it: its bytes, or None when it
    failed, was killed or could not start (no fork here): the caller then does the work itself."""

    def __init__(self, work: Callable[[], bytes]):
        self.pid, self.fd = 0, -1
        if not hasattr(os, "fork"):
            return
        parent = os.getpid()
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            _child(parent, r, w, work)
        os.close(w)
        self.pid, self.fd = pid, r

    def result(self) -> bytes | None:
        """Interrupted while waiting (Ctrl-C), the child is killed and reaped before the interrupt
        goes on: left running with its pipe closed, a later close() read the pipe again (os.fdopen(-1):
        ValueError, which replaced the interrupt, and watch called the stop "build crashed")."""
        if not self.pid:
            return None
        fd, self.fd = self.fd, -1  # the file object below owns it now
        try:
            with os.fdopen(fd, "rb") as fh:
                data = fh.read()
            _, status = os.waitpid(self.pid, 0)
        except BaseException:
            self.cancel()
            raise
        self.pid = 0
        return data if status == 0 else None

    def cancel(self) -> None:
        """Kill the child if it still runs, and reap it (its result is not wanted)."""
        if self.pid:
            try:
                os.kill(self.pid, 9)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:  # reaped already (an interrupt just after result()'s waitpid)
                pass
            self.pid = 0
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def close(self) -> bytes | None:
        """result(); interrupted while waiting, the child is killed first (it must not outlive the
        build's lock) and the interrupt goes on. After an interrupted result(): None."""
        return self.result()


def shared_ints(values: list[int]) -> memoryview:
    """`values` as 64-bit ints in anonymous shared memory: what a forked child writes there, its
    parent and siblings see (the view keeps the memory alive)."""
    ints = memoryview(mmap.mmap(-1, 8 * max(1, len(values)))).cast("q")
    for i, value in enumerate(values):
        ints[i] = value
    return ints


class BothEnds:
    """Whether check(i) holds for every i in range(n), asked of a forked child that takes them from
    0 up, started now, and of this process, which takes them from n - 1 down once it asks (all()).
    The two meet wherever their cores let them: a share fixed in advance left one core idle while
    the other still checked, whichever of them the machine's other work slowed. Each claims an i
    in shared memory before checking it; where they meet one may be checked twice, none skipped."""

    def __init__(self, n: int, check: Callable[[int], bool]):
        self.n, self.check = n, check
        self.marks = shared_ints([0, n])  # [0]: below it the child's; [1]: from it this process's
        self.child = Aside(self._from_start)

    def _from_start(self) -> bytes:
        marks, i = self.marks, 0
        while i < marks[1]:
            marks[0] = i + 1
            if not self.check(i):
                return b"0"
            i += 1
        return b"1"

    def all(self) -> bool:
        """This process's part, then the child's answer (if the child failed or could not start,
        its part is checked here). Asked once: `check` (and what it holds) is let go after."""
        found = self._all()
        self.check = None
        return found

    def _all(self) -> bool:
        marks, low = self.marks, self.n
        while low > marks[0]:
            low -= 1
            marks[1] = low
            if not self.check(low):   # the answer is known: the child's part is not wanted, nor left a zombie
                self.child.cancel()
                return False
        found = self.child.close()
        if found in (b"0", b"1"):
            return found == b"1"
        return all(self.check(i) for i in range(low))

    def cancel(self) -> None:
        self.child.cancel()


def _child(parent: int, r: int, w: int, work: Callable[[], bytes]) -> None:
    code = 1
    try:
        os.close(r)
        die_with(parent)
        if os.getppid() == parent:  # the parent did not die before the line above took effect
            data = work()
            with os.fdopen(w, "wb") as fh:
                fh.write(data)
            code = 0
    finally:
        os._exit(code)  # no interpreter shutdown: the parent's open files and locks are not the child's to close


def die_with(parent: int) -> None:
    """In an Aside child, a pool or a render worker: exit once the sitegen process `parent` has
    ended. A build killed by its process ID alone (`kill PID`, a timeout; Ctrl-C signals the whole
    group) left its workers waiting forever on a pipe nobody read, ~55 MB each; a forkserver's
    workers (the converter's under watch and serve) and the forkserver kept each other alive. A
    thread that waits on a pidfd, not PR_SET_PDEATHSIG (which Aside's children used until session
    32): that names the process that started the worker (the forkserver), and costs each child
    ctypes' import, ~4 ms of CPU beside the build."""
    import threading
    threading.Thread(target=_exit_after, args=(parent,), name="sitegen-orphan-watch", daemon=True).start()


def _exit_after(pid: int) -> None:
    """Wait for process `pid` to end, then end this one (no clean-up: the sitegen that started it
    is gone, and with it the lock). Told at once by a pidfd (Linux 5.3); else asked once a second.
    poll(), not select(): select refuses a file number over 1023, and a long serve holds more."""
    import errno
    import select
    try:
        watch = select.poll()
        watch.register(os.pidfd_open(pid), select.POLLIN)
        watch.poll()
    except OSError as exc:
        if exc.errno != errno.ESRCH:  # no pidfd here (a sandbox's seccomp): ask
            _poll_until_gone(pid)
    except AttributeError:  # not Linux
        _poll_until_gone(pid)
    os._exit(1)


def _poll_until_gone(pid: int) -> None:
    import time
    while True:
        try:
            os.kill(pid, 0)
        except (ProcessLookupError, PermissionError):  # none, or another user's has the number now
            return
        time.sleep(1)
