"""One build at a time per site: an advisory lock file in the cache folder naming its holder.

A POSIX record lock (lockf): the kernel releases it when the holder exits, however it dies, so a
killed build never leaves a lock to remove by hand; and unlike flock() it is not inherited by
the build's forked workers, which may outlive a killed build for a moment. The price: the lock is
the process's, so it must never be nested: an inner site_lock() in the same process succeeds, and
its close releases the outer hold (callers that hold it pass `locked=True` down instead).
"""
from __future__ import annotations

import errno
import fcntl
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .config import CACHE_OWNER, cache_folder

LOCK_FILE = "build.lock"


class LockError(Exception):
    """The lock cannot be taken; str() says why and what to do."""


class BusyError(LockError):
    """Another process is building this site; str() names it. Worth retrying later, unlike the
    rest: `sitegen build` exits EXIT_BUSY for it, so a script can tell it from bad input."""


WAIT = 120.0  # seconds a rebuild of serve or watch, or a deploy, waits for another sitegen's build


@dataclass(frozen=True)
class Hold:
    """The lock, held. `killed`: the process id the lock's file still named when it was taken: its
    holder ended without releasing it (killed), and may have left files behind (leftovers.py).
    Any other end, Ctrl-C and exceptions included, empties the file."""
    killed: str | None = None


def _lock_file(cache: Path) -> int:
    """The lock file, open (made with the cache folder if need be); LockError saying why it cannot be."""
    if cache.exists() and not cache.is_dir():
        raise LockError(f"{cache} is a file, but sitegen keeps its build cache there; remove or rename it "
                        "(or set [paths] cache in site.toml to another folder)")
    try:
        folder = cache_folder(cache)
    except OSError as exc:  # a site folder it may not write (another user's checkout): a message, not a traceback
        raise LockError(f"{exc.filename or cache}: {exc.strerror or exc}; check its owner and permissions "
                        "(and the folder's), then build again") from exc
    return open_lock(folder / LOCK_FILE)


def open_lock(path: Path, again: str = "build again") -> int:
    """`path` open read-write for a lock (made if missing), never through a link: a cloned site's
    `.sitegen/build.lock -> ~/.bashrc` had that file truncated and given the holder's process id
    (review49e). LockError says why it cannot be opened; `again`: what to do once it is fixed."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as exc:  # another user's lock file, a folder in its place: a message, not a traceback
        if exc.errno == errno.ELOOP and os.path.islink(path):
            raise LockError(f"{path} is a link (to {os.readlink(path)}), but sitegen keeps a lock file there "
                            f"and writes to it; remove the link (sitegen makes the file), then {again}") from exc
        raise LockError(f"{exc.filename or path}: {exc.strerror or exc}; check its owner and "
                        f"permissions (and the folder's), then {again}") from exc


def lockable(cache: Path) -> None:
    """LockError when no build of the site could take its lock (a cache folder that cannot be made or
    written): `sitegen watch` stops at its start then, as serve does, rather than watch for good with
    no build possible (review46c 13). Whether another process holds the lock is not asked."""
    os.close(_lock_file(cache))


@contextmanager
def site_lock(cache: Path, wait: float = 0.0, waiting: Callable[[str], None] | None = None) -> Iterator[Hold]:
    """`wait`: seconds to wait for another holder to finish (a watcher's rebuild waits out a
    terminal build, or serve's, started by the same save; `--wait` a cron's), before giving up
    with BusyError. `waiting`: told the holder's process id once, when the wait begins."""
    def busy(holder: str, where: str) -> str:
        waited = f", still after waiting {wait:g} s" if wait else ""
        return (f"another sitegen is building this site (process {holder}, lock {where}{waited}); "
                "wait for it to finish or stop it, then build again")
    site = _site_of(cache)
    fd, killed = _take(lambda: _lock_file(cache), cache / LOCK_FILE, wait, busy, waiting, site)
    try:
        try:
            sign(fd, str(os.getpid()), cache / LOCK_FILE, site)
        except OSError:
            pass  # a full disk: the lock holds without the name
        try:
            yield Hold(killed or None)
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the lock


def sign(fd: int, name: str, path: Path, site: str | None = None) -> None:
    """Write the holder's `name` in its lock file (the first line: what a refused process shows),
    the real path the file was locked at: a file moved away since (`mv .sitegen .sitegen.old`) is
    told by it from another folder's lock of the same name (held_deleted, rr53c 5); and for a
    build's lock, the site it builds (_site_of): another cache folder of the same site builds into
    the same content/ and public/ (rr54d 1). Each line _escaped: a path may hold a newline."""
    os.ftruncate(fd, 0)
    lines = [name, _escaped(os.path.realpath(path))] + ([_escaped(site)] if site else [])
    os.pwrite(fd, "".join(f"{line}\n" for line in lines).encode(errors="surrogateescape"), 0)


def _escaped(path: str) -> str:
    """`path` on one line, told from every other: backslashes and newlines escaped."""
    return path.replace("\\", "\\\\").replace("\n", "\\n")


def _site_of(cache: Path) -> str | None:
    """The site whose build cache `cache` is, as its CACHE_OWNER mark says (config._own_cache writes
    it when a command first loads the site's config); None when unmarked or unreadable."""
    try:
        return (cache / CACHE_OWNER).read_text(encoding="utf-8", errors="surrogateescape").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def first_line(fd: int, size: int = 200) -> str:
    """The holder's name its lock file gives (sign's first line), '' if none."""
    return os.pread(fd, size, 0).decode(errors="replace").split("\n", 1)[0].strip()


@contextmanager
def path_lock(path: Path, wait: float, busy: Callable[[str], str]) -> Iterator[None]:
    """The same kind of lock on another file than a site's: `path` (made if missing, its folder
    not). `busy(holder)`: the BusyError's text when it is still held after `wait` seconds. A deploy
    to a folder holds one per target, beside its releases: other sites and checkouts deploy there."""
    fd, _ = _take(lambda: open_lock(path, "try again"), path, wait, lambda holder, _where: busy(holder), None)
    try:
        try:
            sign(fd, str(os.getpid()), path)
        except OSError:
            pass
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the lock


def waiting_note(wait: float, quiet: bool = False) -> Callable[[str], None] | None:
    """site_lock's `waiting` for a command: one line on stderr when it starts to wait (not under
    -q, nor for a wait of 0 s), so a terminal or a cron log shows why nothing happens yet."""
    if quiet or not wait:
        return None

    def note(holder: str) -> None:
        print(f"waiting for another sitegen building this site (process {holder}) to finish, up to {wait:g} s",
              file=sys.stderr, flush=True)
    return note


def _take(opened: Callable[[], int], path: Path, wait: float, busy: Callable[[str, str], str],
          waiting: Callable[[str], None] | None, site: str | None = None) -> tuple[int, str]:
    """The lock file, open (`opened()` opens it at `path`) and locked, polling up to `wait` seconds:
    20 ms at first (a watcher's rebuild waits out one well under a second), then up to every 0.25 s
    for a wait of minutes. Taken again when the file locked is no longer the one at `path` (`make
    clean` or `rm -rf .sitegen` deleted it while this waited): a lock on a deleted file excludes
    nobody, and the next process would lock a new file at `path` beside this one (review51f 4). And
    not taken while another process still holds such a file, deleted or moved away (held_deleted):
    it is waited for, as a holder of the file at `path` is. `busy(holder, lock file held)`: the
    BusyError's text (the file a moved-away holder holds is not `path`: rr53c). `site`: see held_deleted;
    a build's lock is signed with it before the others are looked at, so of two builds of the site
    taking their locks in two cache folders at once, the later to look sees the other (rr54d 3).
    Returns the file, locked, and the first line it had (Hold.killed)."""
    deadline, pause = time.monotonic() + wait, 0.02
    while True:
        fd, found = opened(), None
        try:
            while not _locked(fd):
                holder = first_line(fd, 64) or "unknown"
                if time.monotonic() >= deadline:
                    raise BusyError(busy(holder, str(path)))
                if waiting is not None:
                    waiting(holder)
                    waiting = None
                time.sleep(min(pause, max(deadline - time.monotonic(), 0.0)))
                pause = min(pause * 1.5, 0.25)
            if not _still_at(fd, path):
                os.close(fd)
                continue
            found = os.pread(fd, 8192, 0)
            if site is not None:
                try:
                    sign(fd, str(os.getpid()), path, site)
                except OSError:
                    pass
            held = held_deleted(path, site)
            if held is None:
                return fd, found.decode(errors="replace").split("\n", 1)[0].strip()
            if site is not None:
                _put_back(fd, found)
            if time.monotonic() >= deadline:
                raise BusyError(busy(*held))
            if waiting is not None:
                waiting(held[0])
                waiting = None
        except BaseException:   # watch._stop_again's KeyboardInterrupt too, raised in this frame
            if site is not None and found is not None:
                _put_back(fd, found)
            os.close(fd)
            raise
        os.close(fd)   # (not held while the deleted file's holder builds: it is let go, and taken again)
        time.sleep(min(pause, max(deadline - time.monotonic(), 0.0)))
        pause = min(pause * 1.5, 0.25)


def _put_back(fd: int, found: bytes) -> None:
    """The lock file's lines as they were when locked (a killed holder's name), before it is let go."""
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, found, 0)
    except OSError:
        pass


def held_deleted(path: Path, site: str | None = None) -> tuple[str, str] | None:
    """(The process id, the file it holds: where it is now) of another process holding a POSIX lock
    on a file that was at `path` and has been deleted, replaced or moved away since (`rm -rf
    .sitegen` during a build: a new file at the path, locked, let a second build run beside the
    first: rr52a 1; `mv .sitegen .sitegen.old` too: rr52f 3, and a serve's preview lock: rr53c 5),
    else None. Only the kernel still knows of that file: /proc/locks lists each lock's holder and
    file (device and inode), and /proc/PID/fd names where it is now; moved away, it is this path's
    when it says it was locked here (sign): a lock of the same name in another cache folder of the
    site (a serve with another [paths] cache), another site's or deploy target's, is not. `site`
    (a build's lock): a lock of the same name that says it is that site's counts too, wherever it
    is (`serve` beside `build --config prod.toml` with [paths] cache = ".cache-prod": one content/
    to convert into, one public/: rr54d 1). None where /proc cannot tell (no /proc, another user's process)."""
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            listed = [f for f in map(str.split, fh.read().split("\n"))   # a whole file's write lock, as lockf's:
                      if f[1:4] == ["POSIX", "ADVISORY", "WRITE"] and f[6:8] == ["0", "EOF"]]   # (not SQLite's)
        here = os.stat(path, follow_symlinks=False).st_dev
    except OSError:
        return None
    device = f"{os.major(here):02x}:{os.minor(here):02x}:"
    real = os.path.realpath(path)
    for pid, file in {(f[4], f[5]) for f in listed if site or f[5].startswith(device)}:   # (a site's other
        if pid != str(os.getpid()) and (held := _held_at(pid, file.rsplit(":", 1)[-1], path.name)) is not None:
            fd, where = held   # cache may be on another device: /var/cache/sitegen)
            said = _said(fd)
            if where.removesuffix(" (deleted)") == real or said[1:2] == [_escaped(real)] \
                    or site and said[2:3] == [_escaped(site)]:
                return pid, where
    return None


def _held_at(pid: str, inode: str, name: str) -> tuple[str, str] | None:
    """Process `pid`'s open file of `inode` (the one it locks), if it is named `name` (only such a
    file is stat'ed: a stat reaches the file, a link's name does not): (its /proc fd, where it is
    now, ' (deleted)' kept when it is)."""
    try:
        held = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return None
    for fd in held:
        try:
            where = os.readlink(f"/proc/{pid}/fd/{fd}")
            if Path(where.removesuffix(" (deleted)")).name == name \
                    and str(os.stat(f"/proc/{pid}/fd/{fd}").st_ino) == inode:
                return f"/proc/{pid}/fd/{fd}", where
        except OSError:
            continue
    return None


def _said(fd: str) -> list[str]:
    """The whole lines of the lock file open at /proc `fd` (sign's), [] if it cannot be read."""
    try:
        with open(fd, "rb") as fh:
            said = fh.read(8192).decode(errors="surrogateescape").split("\n")
    except OSError:
        return []
    return said[:-1]


def _still_at(fd: int, path: Path) -> bool:
    """Whether the file open at `fd` is the one `path` names (not deleted nor replaced since it was opened)."""
    try:
        named = os.stat(path, follow_symlinks=False)
    except (FileNotFoundError, NotADirectoryError):   # deleted, or its folder too
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _locked(fd: int) -> bool:
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
