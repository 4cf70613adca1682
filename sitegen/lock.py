"""One build at a time per site: an advisory lock file in the cache folder naming its holder.

A POSIX record lock (lockf): the kernel releases it when the holder exits, however it dies, so a
killed build never leaves a lock to remove by hand; and unlike flock() it is not inherited by
the build's forked workers, which may outlive a killed build for a moment.
"""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .config import cache_folder

LOCK_FILE = "build.lock"


class LockError(Exception):
    """Another process is building this site; str() names it."""


@contextmanager
def site_lock(cache: Path) -> Iterator[None]:
    if cache.exists() and not cache.is_dir():
        raise LockError(f"{cache} is a file, but sitegen keeps its build cache there; remove or rename it "
                        "(or set [paths] cache in site.toml to another folder)")
    fd = os.open(cache_folder(cache) / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            raise LockError(f"another sitegen is building this site (process {holder}, lock {cache / LOCK_FILE}); "
                            "wait for it to finish or stop it, then build again") from None
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
