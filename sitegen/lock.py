"""One build at a time per site: an advisory lock file in the cache folder naming its holder, and one
for each folder a build writes that another cache folder's build may write too (share_locks).

A POSIX record lock (lockf): the kernel releases it when the holder exits, however it dies, so a
killed build never leaves a lock to remove by hand; and unlike flock() it is not inherited by
the build's forked workers, which may outlive a killed build for a moment. The price: the lock is
the process's, so it must never be nested: an inner site_lock() in the same process succeeds, and
its close releases the outer hold (callers that hold it pass `locked=True` down instead).
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import re
import stat
import sys
import time
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from .config import CONFIG_FILE, cache_folder

if TYPE_CHECKING:
    from .config import Config

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


def _lock_file(cache: Path, settings: str = CONFIG_FILE) -> int:
    """The lock file, open (made with the cache folder if need be); LockError saying why it cannot be
    (`settings`: the config file's name, Config.file)."""
    if cache.exists() and not cache.is_dir():
        raise LockError(f"{cache} is a file, but sitegen keeps its build cache there; remove or rename it "
                        f"(or set [paths] cache in {settings} to another folder)")
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


def build_lock(config: Config, wait: float = 0.0,
               waiting: Callable[[str], None] | None = None) -> AbstractContextManager[Hold]:
    """site_lock for a command of `config`'s site: its cache folder's lock, and one for each folder
    its builds write that another config may share (shared_folders)."""
    return site_lock(config.path("cache"), wait, waiting, shared_folders(config), config.file)


def shared_folders(config: Config) -> tuple[Path, Path]:
    """What two builds must never write at once, whatever their cache folders: content/ (the
    converter's) and the output. `serve` beside `build --config prod.toml` with [paths] cache =
    ".cache-prod" share both (rr54d 1); `blog.toml` with content, output and cache of its own shares
    nothing with site.toml, and builds beside it."""
    return config.path("content"), config.path("output")


@contextmanager
def site_lock(cache: Path, wait: float = 0.0, waiting: Callable[[str], None] | None = None,
              shares: Iterable[Path] = (), settings: str = CONFIG_FILE) -> Iterator[Hold]:
    """`wait`: seconds to wait for another holder to finish (a watcher's rebuild waits out a
    terminal build, or serve's, started by the same save; `--wait` a cron's), before giving up
    with BusyError. `waiting`: told the holder's process id once, when the wait begins. `shares`:
    folders another cache folder's build may write too (shared_folders); each has a lock file of
    its own (share_locks), taken with the cache's, all or none (_take_all). `settings`: the config
    file's name (Config.file), for advice."""
    def busy(holder: str, where: str) -> str:
        waited = f", still after waiting {wait:g} s" if wait else ""
        return (f"another sitegen is building this site (process {holder}, lock {where}{waited}); "
                "wait for it to finish or stop it, then build again")
    locks = sorted({lock for folder in shares for lock in share_locks(folder)})
    if locks:
        fds, killed = _take_all(lambda: _lock_file(cache, settings), cache, locks, wait, busy, waiting)
    else:   # (a bare cache folder: a holder of its file moved or deleted away is found through /proc)
        fd, killed = _take(lambda: _lock_file(cache, settings), cache / LOCK_FILE, wait, busy, waiting)
        fds = [fd]
    try:
        try:   # named once it holds all (one holding some is taking them, or letting go: _take_all)
            for fd in fds:   # a share lock names the cache folder's lock, which a refused build shows
                sign(fd, str(os.getpid()), cache / LOCK_FILE)
        except OSError:
            pass  # a full disk: the lock holds without the name
        try:
            yield Hold(killed or None)
        finally:
            for fd in fds:
                os.ftruncate(fd, 0)
    finally:
        for fd, lock in zip(fds[1:], locks):
            _remove_held(fd, lock)
        for fd in fds:
            os.close(fd)  # releases the lock


def _remove_held(fd: int, lock: Path) -> None:
    """A share lock's file removed as its holder lets go, while it still holds it (one a cleaner
    deleted and another build made again is that build's, kept): no file left per folder ever built.
    A waiter that opened it before and locks it once it is let go finds it gone (_still_at), and
    takes the one at the path instead, as after `rm -rf`."""
    try:
        if _still_at(fd, lock):
            os.unlink(lock)
    except OSError:
        pass   # (kept: harmless, an empty file taken again next time)


LOCKS = "SITEGEN_LOCKS"   # the environment variable naming the share locks' folder, else /tmp/sitegen-UID


def share_locks(folder: Path) -> set[Path]:
    """The lock files of `folder`, shared by every cache folder of every config that builds into it:
    the same files for all, so the kernel keeps all but one out, with no search of other processes'
    files (rr54h 1: /proc read for every lockf on the machine, 36-70 ms a lock). In a folder of the
    user's own (_locks_folder), one for each name of the folder (_folder_keys)."""
    where = _locks_folder()
    return {where / f"{hashlib.sha256(key).hexdigest()[:32]}.lock" for key in _folder_keys(folder)}


def _folder_keys(folder: Path) -> set[bytes]:
    """The names of `folder` a build takes a lock on: its real path (a link to content/ reaches the
    same), and its real path's parent as a file (device, inode) with its name: a site folder renamed
    under a build (`mv site site2`) keeps the second; the first is all there is while the parent
    does not exist yet (`output = "dist/public"`: the first build makes dist/), and a build started
    once it does finds the first build there. (Not the folder's own inode: the output's changes at
    every build, write.exchange.)"""
    real = os.path.realpath(folder)
    parent, name = os.path.split(real)
    try:
        found = os.stat(parent)
    except OSError:
        return {os.fsencode(real)}
    return {os.fsencode(real), f"{found.st_dev}:{found.st_ino}/".encode() + os.fsencode(name)}


def _locks_folder() -> Path:
    """$SITEGEN_LOCKS, else /tmp/sitegen-UID: one place every sitegen of the user finds, a cron's too
    (not XDG_RUNTIME_DIR: a cron lacks it, and /run/user/UID is emptied when the user's last session
    ends, under a cron build), made 0700. LockError when another user made it first or it is a link,
    saying what to do: in /tmp, only its owner or root may remove it; or when $SITEGEN_LOCKS is relative."""
    folder = Path(os.environ.get(LOCKS) or f"/tmp/sitegen-{os.getuid()}")
    where = f"sitegen keeps the locks that keep two builds of one site apart in {folder}"
    if not folder.is_absolute():   # (each sitegen would take it in its own working folder: none kept out)
        raise LockError(f"{LOCKS}={folder} is a relative path, but {where}, the same for every sitegen that "
                        f"builds the site; set {LOCKS} to a full path (or unset it for /tmp/sitegen-UID), then build again")
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        raise LockError(f"{folder}: {exc.strerror or exc}; {where}: make its folder writable (or set {LOCKS} "
                        "to a folder of yours), then build again") from exc
    found = os.lstat(folder)
    if found.st_uid != os.getuid():
        raise LockError(f"{folder} belongs to another user (uid {found.st_uid}), but {where}; ask them or root "
                        f"to remove it, or set {LOCKS} to a folder only you may write, the same for every sitegen "
                        "that builds this site (a cron's too), then build again")
    if not stat.S_ISDIR(found.st_mode) or found.st_mode & 0o022:
        raise LockError(f"{folder} is not a folder only you may write (mode {stat.S_IMODE(found.st_mode):o}"
                        f"{', a link' if stat.S_ISLNK(found.st_mode) else ''}), but {where}; remove it (sitegen "
                        "makes it), then build again")
    return folder


def sign(fd: int, name: str, path: Path) -> None:
    """Write the holder's `name` in its lock file (the first line: what a refused process shows),
    and the real path the file was locked at: a file moved away since (`mv .sitegen .sitegen.old`)
    is told by it from another folder's lock of the same name (held_deleted, rr53c 5); in a share
    lock, the cache folder's lock its holder holds (what a refused build names). Each line
    _escaped: a path may hold a newline."""
    os.ftruncate(fd, 0)
    lines = [name, _escaped(os.path.realpath(path))]
    os.pwrite(fd, "".join(f"{line}\n" for line in lines).encode(errors="surrogateescape"), 0)


def _escaped(path: str) -> str:
    """`path` on one line, told from every other: backslashes and newlines escaped."""
    return path.replace("\\", "\\\\").replace("\n", "\\n")


def _unescaped(line: str) -> str:
    """_escaped's line as the path it was."""
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] == "n" else m[1], line)


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
          waiting: Callable[[str], None] | None) -> tuple[int, str]:
    """The lock file, open (`opened()` opens it at `path`) and locked, polling up to `wait` seconds:
    20 ms at first (a watcher's rebuild waits out one well under a second), then up to every 0.25 s
    for a wait of minutes. Taken again when the file locked is no longer the one at `path` (`make
    clean` or `rm -rf .sitegen` deleted it while this waited): a lock on a deleted file excludes
    nobody, and the next process would lock a new file at `path` beside this one (review51f 4). And
    not taken while another process still holds such a file, deleted or moved away (held_deleted):
    it is waited for, as a holder of the file at `path` is. `busy(holder, lock file held)`: the
    BusyError's text (the file a moved-away holder holds is not `path`: rr53c).
    Returns the file, locked, and the first line it had (Hold.killed)."""
    deadline, pause = time.monotonic() + wait, 0.02
    while True:
        fd = opened()
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
            held = held_deleted(path)
            if held is None:
                return fd, first_line(fd, 8192)
            if time.monotonic() >= deadline:
                raise BusyError(busy(*held))
            if waiting is not None:
                waiting(held[0])
                waiting = None
        except BaseException:   # watch._stop_again's KeyboardInterrupt too, raised in this frame
            os.close(fd)
            raise
        os.close(fd)   # (not held while the deleted file's holder builds: it is let go, and taken again)
        time.sleep(min(pause, max(deadline - time.monotonic(), 0.0)))
        pause = min(pause * 1.5, 0.25)


SIGNING = 2.0   # seconds a lock held by a process that has not named itself yet may take to do so


def _take_all(opened: Callable[[], int], cache: Path, locks: list[Path], wait: float,
              busy: Callable[[str, str], str], waiting: Callable[[str], None] | None) -> tuple[list[int], str]:
    """The share locks and the cache folder's lock, all locked, or none: each tried without waiting,
    those taken let go when one is held, and all tried again, polling up to `wait` seconds as _take.
    So a build waiting for another holds nothing while it waits: a third build is told of the one
    building, not of the waiter (which signed its lock while it looked for others: rr54h's Left).
    Two builds starting at once: the kernel lets one take each file, with no window (rr54d 3). A
    holder that has not signed (a build taking them, or letting go) is given SIGNING seconds more.
    The share locks' files are where no cache folder moves or is deleted: no holder to look for in
    /proc (held_deleted), whose search cost every build lock 36-70 ms (rr54h 1). `opened()`: the
    cache folder's lock file, open. Returns the files ([cache's, *shares]) and the cache's lock file's first line (Hold.killed)."""
    deadline, pause = time.monotonic() + wait, 0.02
    while True:
        taken: list[int] = []
        held: list[tuple[int, Path]] = []   # the share locks this holds, to remove as it lets go
        refused, again, done = None, False, False
        try:
            for path, opening in [*((lock, lambda lock=lock: open_lock(lock)) for lock in locks),
                                  (cache / LOCK_FILE, opened)]:
                taken.append(fd := opening())   # (closed by the finally, whatever comes)
                if not _locked(fd):
                    refused = _holder(fd, path, path != cache / LOCK_FILE)
                    break
                if again := not _still_at(fd, path):   # deleted since it was opened: taken again at its path
                    break
                held.append((fd, path))
            if again:
                continue
            if refused is None:
                done = True
                return [taken[-1], *taken[:-1]], first_line(taken[-1], 8192)
            now = time.monotonic()
            if now >= deadline and (refused[0] or now >= deadline + SIGNING):
                raise BusyError(busy(refused[0] or "unknown", refused[1]))
            if waiting is not None and refused[0]:
                waiting(refused[0])
                waiting = None
        finally:
            if not done:   # (a stop's KeyboardInterrupt too: watch._stop_again)
                for fd, path in held:
                    if path != cache / LOCK_FILE:
                        _remove_held(fd, path)
                for fd in taken:
                    os.close(fd)   # (let go, never signed: its lines as they were, a killed holder's too)
        time.sleep(min(pause, max(deadline - time.monotonic(), 0.0)) or 0.02)
        pause = min(pause * 1.5, 0.25)


def _holder(fd: int, path: Path, share: bool) -> tuple[str, str]:
    """(The holder's name, '' if it has not signed; the lock file it holds, for a share lock the
    cache folder's it signed) of the lock file open at `fd`, which another process holds. The name
    of a process gone is a killed holder's, left in the file: the one holding it now has not signed."""
    lines = os.pread(fd, 8192, 0).decode(errors="surrogateescape").split("\n")
    name = lines[0].strip() if _alive(lines[0].strip()) else ""
    if share:
        return (name, _unescaped(lines[1])) if name and len(lines) > 2 else ("", str(path))
    return name, str(path)


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (ValueError, OSError):   # (another user's: alive)
        return bool(pid)
    return True


def held_deleted(path: Path) -> tuple[str, str] | None:
    """(The process id, the file it holds: where it is now) of another process holding a POSIX lock
    on a file that was at `path` and has been deleted, replaced or moved away since (`rm -rf
    .sitegen` during a build: a new file at the path, locked, let a second build run beside the
    first: rr52a 1; `mv .sitegen .sitegen.old` too: rr52f 3, and a serve's preview lock: rr53c 5),
    else None. Only the kernel still knows of that file: /proc/locks lists each lock's holder and
    file (device and inode), and /proc/PID/fd names where it is now; moved away, it is this path's
    when it says it was locked here (sign): a lock of the same name in another cache folder of the
    site (a serve with another [paths] cache), another site's or deploy target's, is not. Only the
    locks on `path`'s device are looked at (a move keeps it). None where /proc cannot tell (no
    /proc, another user's process). A build's lock needs none of this: _take_all's share locks."""
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            listed = [f for f in map(str.split, fh.read().split("\n"))   # a whole file's write lock, as lockf's:
                      if f[1:4] == ["POSIX", "ADVISORY", "WRITE"] and f[6:8] == ["0", "EOF"]]   # (not SQLite's)
        here = os.stat(path, follow_symlinks=False).st_dev
    except OSError:
        return None
    device = f"{os.major(here):02x}:{os.minor(here):02x}:"
    real = os.path.realpath(path)
    for pid, file in {(f[4], f[5]) for f in listed if f[5].startswith(device)}:
        if pid != str(os.getpid()) and (held := _held_at(pid, file.rsplit(":", 1)[-1], path.name)) is not None:
            fd, where = held
            if where.removesuffix(" (deleted)") == real or _said(fd)[1:2] == [_escaped(real)]:
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
