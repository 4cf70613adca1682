"""Run rsync and git so that they end with the sitegen that started them.

A sitegen killed by its process ID alone (`kill -9 PID`, a CI timeout) left its rsync running on
its own, still sending and deleting after --delete-after while a new `sitegen build` took the lock
and rewrote public/; a `git push` likewise. Each child asks the kernel for SIGTERM when its parent
dies (PR_SET_PDEATHSIG): rsync and git stop on it as on Ctrl-C. The signal follows the *thread*
that started the child, not the process: subprocess.run waits for the child in that same thread,
so the thread outlives it.
"""
from __future__ import annotations

import os
import signal
import subprocess
from typing import Any, Callable

_PR_SET_PDEATHSIG = 1


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
