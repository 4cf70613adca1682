"""Run rsync and git so that they end with the sitegen that started them, in scratch folders
that the next deploy removes when a kill left them.

A sitegen killed by its process ID alone (`kill -9 PID`, a CI timeout) left its rsync running on
its own, still sending and deleting after --delete-after while a new `sitegen build` took the lock
and rewrote public/; a `git push` likewise. Each child asks the kernel for SIGTERM when its parent
dies (PR_SET_PDEATHSIG): rsync and git stop on it as on Ctrl-C. The signal follows the *thread*
that started the child, not the process: subprocess.run waits for the child in that same thread,
so the thread outlives it.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from typing import Any, Callable

_PR_SET_PDEATHSIG = 1
_SCRATCH = re.compile(r"^sitegen-(?:rsync|deploy)-(\d+)-")   # sitegen-rsync-<pid of its sitegen>-<random>


def run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess:
    """subprocess.run, the child ending when this process does (on Linux)."""
    return subprocess.run(cmd, preexec_fn=_die_with_parent(), **kwargs)


def _die_with_parent() -> Callable[[], None] | None:
    """The preexec_fn that sets PR_SET_PDEATHSIG; None where there is no prctl (not Linux).
    prctl is looked up here, in the parent: the child between fork and exec only calls it."""
    try:
        import ctypes
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError, ImportError):
        return None
    parent = os.getpid()

    def set_signal() -> None:
        prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect: no signal will come
            os._exit(1)
    return set_signal


def scratch(kind: str) -> tempfile.TemporaryDirectory:
    """A temporary folder named after this process (sitegen-KIND-PID-...), made once the ones
    killed deploys left are removed: each held a copy of the site (git's index and objects, rsync's
    lists), and /tmp filled up with them."""
    sweep_scratch()
    return tempfile.TemporaryDirectory(prefix=f"sitegen-{kind}-{os.getpid()}-")


def sweep_scratch() -> None:
    """Remove this user's scratch folders whose sitegen is gone; one whose process still runs (another
    deploy) stays. A folder of an older sitegen (no PID in its name) is left alone."""
    top = tempfile.gettempdir()
    try:
        entries = list(os.scandir(top))
    except OSError:
        return
    for entry in entries:
        m = _SCRATCH.match(entry.name)
        try:
            if m and entry.is_dir(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_uid == os.getuid() \
                    and not _running(int(m[1])):
                shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:
            continue


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # another user's process runs under that number
        return True
    return True
