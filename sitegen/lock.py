"""One build at a time per site: an advisory lock file in the cache folder naming its holder.

A POSIX record lock (lockf): the kernel releases it when the holder exits, however it dies, so a
killed build never leaves a lock to remove by hand; and unlike flock() it is not inherited by
the build's forked workers, which may outlive a killed build for a moment. The price: the lock is
the process's, so it must never be nested: an inner site_lock() in the same process succeeds, and
its close releases the outer hold (callers that hold it pass `locked=True` down instead).
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .config import cache_folder

LOCK_FILE = "build.lock"


class LockError(Exception):
    """The lock cannot be taken; str() says why and what to do."""


class BusyError(LockError):
    """Another process is building this site; str() names it. Worth retrying later, unlike the
    rest: `sitegen build` exits EXIT_BUSY for it, so a script can tell it from bad input."""


WAIT = 120.0  # seconds a rebuild of serve or watch, or a deploy, waits for another sitegen's build


@contextmanager
def site_lock(cache: Path, wait: float = 0.0) -> Iterator[None]:
    """`wait`: seconds to wait for another holder to finish (a watcher's rebuild waits out a
    terminal build, or serve's, started by the same save), before giving up with LockError."""
    if cache.exists() and not cache.is_dir():
        raise LockError(f"{cache} is a file, but sitegen keeps its build cache there; remove or rename it "
                        "(or set [paths] cache in site.toml to another folder)")
    try:
        fd = os.open(cache_folder(cache) / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:  # another user's lock file, a folder in its place: a message, not a traceback
        raise LockError(f"{exc.filename or cache / LOCK_FILE}: {exc.strerror or exc}; check its owner and "
                        "permissions (and the folder's), then build again") from exc
    try:
        deadline = time.monotonic() + wait
        while not _locked(fd):
            if time.monotonic() >= deadline:
                holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
                raise BusyError(f"another sitegen is building this site (process {holder}, lock {cache / LOCK_FILE}); "
                                "wait for it to finish or stop it, then build again")
            time.sleep(0.02)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            pass  # a full disk: the lock holds without the name
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the lock


def _locked(fd: int) -> bool:
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
