"""Files of code kept between builds, each signed with a key of this user's, so that a cache
restored from somewhere else (a shared CI cache) can never make a build run code it did not
compile itself. Jinja's compiled templates (bytecode.py) and the code dataclasses generate for
sitegen's classes (classcode.py) are kept this way.

Each file carries an HMAC-SHA256 of its name and bytes under a key that lives outside the site,
in the user's cache folder (`$XDG_CACHE_HOME/sitegen/template-key`, else `~/.cache/...`, mode
0600, made on first use). A file whose tag does not verify is ignored and its code compiled
again. Without a key that only this user can write, nothing is loaded: code is compiled in memory
every build.

Kept apart from bytecode.py, which imports Jinja (50 ms): the classes' code is loaded at
sitegen's first import, long before anything is rendered.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import stat
import time
from pathlib import Path

from . import LazyPattern

KEY_FILE = "template-key"  # (its name since session 22: the templates were its first use)
KEY_BYTES = 32
TAG_BYTES = 32  # HMAC-SHA256
MAX_FILES = 1024      # in a folder (a theme is ~20 files, 8 KB each); past it the least recently used go
KEEP_FILES = 768      # what a prune leaves
TOUCH_AFTER = 3600    # seconds: a file loaded this much after its last use is marked used again
_OURS = LazyPattern(r"[0-9a-f]{64}\.(?:code|note)")  # the only names a prune ever removes


def key_folder() -> Path | None:
    """The XDG cache folder's `sitegen/` (a relative XDG_CACHE_HOME is ignored, as the spec says)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home at all (HOME unset, no passwd entry)
            return None
    return Path(base) / "sitegen"


def signing_key(folder: Path | None = None) -> bytes | None:
    """The user's key (made if missing), or None when there is none this user alone can write."""
    folder = folder or key_folder()
    if folder is None:
        return None
    path = folder / KEY_FILE
    try:
        return _read_key(path) if path.exists() else _make_key(path)
    except OSError:
        return None


def _read_key(path: Path) -> bytes | None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(fd)
        if not _private(info):
            return None
        key = os.read(fd, KEY_BYTES + 1)
    finally:
        os.close(fd)
    return key if len(key) == KEY_BYTES else None


def _private(info: os.stat_result) -> bool:
    """A regular file of this user that no one else can write (nor read, so no one can sign)."""
    owner_ok = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
    return stat.S_ISREG(info.st_mode) and owner_ok and not info.st_mode & 0o077


def _make_key(path: Path) -> bytes | None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f"{KEY_FILE}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, os.urandom(KEY_BYTES))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)  # never replaces: two first builds at once agree on one key
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return _read_key(path)


class SignedFolder:
    """A folder of signed files: read() returns a file's body only if its tag verifies under
    `key`; write() replaces a file whole and, once a process, prunes the folder to `most` files."""

    def __init__(self, folder: Path, key: bytes, most: int = MAX_FILES, keep: int = KEEP_FILES) -> None:
        self.folder = folder
        self._key = key
        self._bound = (most, keep)
        self._pruned = False

    def _tag(self, name: str, body: bytes) -> bytes:
        return hmac.new(self._key, name.encode() + b"\0" + body, hashlib.sha256).digest()

    def read(self, name: str) -> bytes | None:
        """The file's body if its tag verifies; a file not used for TOUCH_AFTER is marked used."""
        path = self.folder / name
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            data = _read_all(fd, info.st_size)
        except OSError:
            return None
        finally:
            os.close(fd)
        tag, body = data[:TAG_BYTES], data[TAG_BYTES:]
        if not body or not hmac.compare_digest(tag, self._tag(name, body)):
            return None
        if time.time() - info.st_mtime > TOUCH_AFTER:  # what prune() goes by
            try:
                os.utime(path)
            except OSError:  # a read-only folder: loaded all the same
                pass
        return body

    def write(self, name: str, body: bytes) -> None:
        path = self.folder / name
        tmp = path.with_name(f"{name}.{os.getpid()}.tmp")
        try:
            tmp.unlink(missing_ok=True)  # a leftover, or a link planted there: never written through
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                os.write(fd, self._tag(name, body) + body)
            finally:
                os.close(fd)
            os.replace(tmp, path)  # a reader sees the old file or the new one, never half
        except OSError:  # a read-only cache folder: the build goes on, compiling next time too
            tmp.unlink(missing_ok=True)
            return
        if not self._pruned:  # once a process: the folder grows only by what is compiled
            self._pruned = True
            prune(self.folder, *self._bound)

    def clear(self) -> None:
        for path in self.folder.iterdir():
            if _OURS.fullmatch(path.name):
                path.unlink(missing_ok=True)


def _read_all(fd: int, size: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, max(size, 1 << 16)):
        chunks.append(chunk)
    return b"".join(chunks)


def prune(folder: Path, most: int = MAX_FILES, keep: int = KEEP_FILES) -> None:
    """Past `most` files, remove the least recently used down to `keep`: only files named as this
    module names them, whatever else someone put in the folder."""
    try:
        found = [(entry.stat().st_mtime, entry.path) for entry in os.scandir(folder) if _OURS.fullmatch(entry.name)]
        if len(found) <= most:
            return
        for _, path in sorted(found)[:len(found) - keep]:
            os.unlink(path)
    except OSError:  # a file gone meanwhile (another build pruning), a read-only folder
        pass
