"""Jinja's compiled templates kept between builds, signed, so that a `.sitegen/` restored from
somewhere else (a shared CI cache) can never make a build run code it did not compile itself.

Jinja's own FileSystemBytecodeCache stores marshalled code and loads it whenever the template's
source is unchanged: whoever can write the cache folder can run code in the next build. Here each
file carries an HMAC-SHA256 of its name and bytes under a key that lives outside the site, in the
user's cache folder (`$XDG_CACHE_HOME/sitegen/template-key`, else `~/.cache/...`, mode 0600,
made on first use). A file whose tag does not verify is ignored and the template compiled again
(62 ms for the built-in theme, against 3 ms loaded). Without a key that only this user can write,
templates are compiled in memory every build.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import stat
from pathlib import Path

import jinja2

KEY_FILE = "template-key"
KEY_BYTES = 32
TAG_BYTES = 32  # HMAC-SHA256
FOLDER = "templates.signed"  # in the site's cache folder
_OLD_FOLDER = "jinja"  # before session 22: unsigned files, never read again


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


class SignedBytecodeCache(jinja2.BytecodeCache):
    """Jinja's bytecode cache, one file a template, each verified before it is unmarshalled."""

    def __init__(self, folder: Path, key: bytes) -> None:
        self.folder = folder
        self._key = key

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.folder / f"{bucket.key}.code"

    def _tag(self, bucket: jinja2.bccache.Bucket, body: bytes) -> bytes:
        return hmac.new(self._key, bucket.key.encode() + b"\0" + body, hashlib.sha256).digest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            data = self._path(bucket).read_bytes()
        except OSError:
            return
        tag, body = data[:TAG_BYTES], data[TAG_BYTES:]
        if body and hmac.compare_digest(tag, self._tag(bucket, body)):
            bucket.bytecode_from_string(body)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        body = bucket.bytecode_to_string()
        path = self._path(bucket)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(self._tag(bucket, body) + body)
            os.replace(tmp, path)  # a reader sees the old file or the new one, never half
        except OSError:  # a read-only cache folder: the build goes on, compiling next time too
            tmp.unlink(missing_ok=True)

    def clear(self) -> None:
        for path in self.folder.glob("*.code"):
            path.unlink(missing_ok=True)


def _remove_unsigned(folder: Path) -> None:
    """Jinja's own cache files that an older sitegen left there, and the folder if that empties it:
    only files named as Jinja names them, whatever else a cache path set to a user's folder holds."""
    try:
        for path in folder.glob("__jinja2_*.cache"):
            path.unlink(missing_ok=True)
        folder.rmdir()
    except OSError:  # missing, or holding something else: left as it is
        pass


def bytecode_cache(cache: Path, key: bytes | None = None) -> SignedBytecodeCache | None:
    """The site's signed template cache under `cache` (the site's `.sitegen/`), or None (compile
    in memory) when there is no usable key or the folder cannot be made."""
    key = key if key is not None else signing_key()
    if key is None:
        return None
    _remove_unsigned(cache / _OLD_FOLDER)
    try:
        folder = cache / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return SignedBytecodeCache(folder, key)
