"""Work done aside: a function run in a forked child process that dies with the build, its result
read back as bytes.

A build uses it for work that can overlap its own steps on a core they leave idle: bringing the
spare copy of public/ up to date (write.SpareSync), encoding the article rows of a first build's
cache while the site is planned (cache.BuildCache.prepare_rows_aside). The child shares the
parent's memory copy-on-write, so nothing is pickled on the way in.
"""
from __future__ import annotations

import os
import sys
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
        if not self.pid:
            return None
        fd, self.fd = self.fd, -1  # the file object below owns it now
        with os.fdopen(fd, "rb") as fh:
            data = fh.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        return data if status == 0 else None

    def cancel(self) -> None:
        """Kill the child if it still runs, and reap it (its result is not wanted)."""
        if self.pid:
            try:
                os.kill(self.pid, 9)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = 0
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def close(self) -> bytes | None:
        """result(); interrupted while waiting, the child is killed first (it must not outlive the
        build's lock) and the interrupt goes on."""
        try:
            return self.result()
        except BaseException:
            self.cancel()
            raise


def _child(parent: int, r: int, w: int, work: Callable[[], bytes]) -> None:
    code = 1
    try:
        os.close(r)
        _die_with_parent()
        if os.getppid() == parent:  # the parent did not die before the line above took effect
            data = work()
            with os.fdopen(w, "wb") as fh:
                fh.write(data)
            code = 0
    finally:
        os._exit(code)  # no interpreter shutdown: the parent's open files and locks are not the child's to close


def _die_with_parent() -> None:
    """PR_SET_PDEATHSIG: a killed build takes its helpers with it (Linux; elsewhere they finish)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass
