"""Jinja's compiled templates kept between builds, signed, so that a cache restored from somewhere
else (a shared CI cache) can never make a build run code it did not compile itself.

Jinja's own FileSystemBytecodeCache stores marshalled code and loads it whenever the template's
source is unchanged: whoever can write the cache folder can run code in the next build. Here each
file carries an HMAC-SHA256 of its name and bytes under a key that lives outside the site, in the
user's cache folder (`$XDG_CACHE_HOME/sitegen/template-key`, else `~/.cache/...`, mode 0600,
made on first use). A file whose tag does not verify is ignored and the template compiled again
(62 ms for the built-in theme, against 3 ms loaded). Without a key that only this user can write,
templates are compiled in memory every build.

The compiled templates live beside the key (`sitegen/templates/`), one file per template file,
source and compiling environment (Jinja, Python, the environment's settings: `environment_digest`),
like Python's __pycache__: every site using the same theme, and a site whose `.sitegen/` was
removed, loads code instead of compiling it. At most MAX_FILES files; the least recently used go.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import stat
import sys
import time
from pathlib import Path

import jinja2

from . import code_stamp

KEY_FILE = "template-key"
KEY_BYTES = 32
TAG_BYTES = 32  # HMAC-SHA256
SHARED = "templates"  # beside the key: the compiled templates of every site this user builds
MAX_FILES = 1024      # in SHARED (a theme is ~20 files, 8 KB each); past it the least recently used go
KEEP_FILES = 768      # what a prune leaves
TOUCH_AFTER = 3600    # seconds: a file loaded this much after its last use is marked used again
_OURS = re.compile(r"[0-9a-f]{64}\.(?:code|note)")  # the only names a prune ever removes
_OLD_FOLDERS = {"templates.signed": "*.code",    # in the site's cache folder until session 23, signed
                "jinja": "__jinja2_*.cache"}     # before session 22: unsigned, never read again
FORMAT = "1"  # of the files, and of what environment_digest covers


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
    """Jinja's bytecode cache, one file a template, each verified before it is unmarshalled.
    `salt`: the compiling environment (environment_digest), part of every file's name."""

    def __init__(self, folder: Path, key: bytes, salt: str = "") -> None:
        self.folder = folder
        self._key = key
        self._salt = salt
        self._pruned = False

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> jinja2.bccache.Bucket:
        """Jinja's bucket, named by the template's name, file and source and the environment, so
        another source or another environment is another file (never a file rewritten back and
        forth by two sites or two sitegens sharing the folder)."""
        checksum = self.get_source_checksum(source)
        key = hashlib.sha256("\0".join((FORMAT, self._salt, name, filename or "", checksum)).encode()).hexdigest()
        bucket = jinja2.bccache.Bucket(environment, key, checksum)
        self.load_bytecode(bucket)
        return bucket

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.folder / f"{bucket.key}.code"

    def _tag(self, name: str, body: bytes) -> bytes:
        return hmac.new(self._key, name.encode() + b"\0" + body, hashlib.sha256).digest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        body = self._read(self._path(bucket).name)
        if body is not None:
            bucket.bytecode_from_string(body)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._write(self._path(bucket).name, bucket.bytecode_to_string())

    def load_note(self, what: str) -> bytes | None:
        """Data kept with the code (a theme's template closure), verified like it; `what` names it."""
        return self._read(self._note(what))

    def dump_note(self, what: str, body: bytes) -> None:
        self._write(self._note(what), body)

    def _note(self, what: str) -> str:
        return hashlib.sha256("\0".join((FORMAT, self._salt, "note", what)).encode()).hexdigest() + ".note"

    def _read(self, name: str) -> bytes | None:
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

    def _write(self, name: str, body: bytes) -> None:
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
            prune(self.folder)

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


def environment_digest(env: jinja2.Environment) -> str | None:
    """What Jinja's compiler reads besides a template's source: Jinja's and Python's versions, the
    environment's syntax settings, its code generator (and the VERSION of sitegen's own), its
    extensions, and the names and calling conventions of its filters and tests (compiled into the
    code). None when a setting cannot be named (a callable autoescape or finalize is called or
    inspected while compiling): no shared cache then."""
    from jinja2.utils import _PassArg
    if not isinstance(env.autoescape, bool):
        return None
    kinds = [sorted((name, str(_PassArg.from_obj(f))) for name, f in table.items()) for table in (env.filters, env.tests)]
    plain = sorted((k, v) for k, v in env.policies.items() if isinstance(v, (str, int, float, bool, type(None))))
    parts = [FORMAT, jinja2.__version__, sys.version, sys.implementation.cache_tag, type(env).__module__,
             type(env).__qualname__, env.code_generator_class.__qualname__, env.block_start_string,
             env.block_end_string, env.variable_start_string, env.variable_end_string, env.comment_start_string,
             env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
             env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized, env.autoescape,
             env.is_async, env.finalize is not None, str(_PassArg.from_obj(env.finalize)) if env.finalize else "",
             getattr(env, "newstyle_gettext", None), sorted(env.extensions), kinds, plain]
    generator = getattr(env.code_generator_class, "VERSION", None)  # a code generator of sitegen's own
    if generator is not None:
        parts += [generator, code_stamp()]  # and the code around it, whose VERSION an edit may not bump
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _remove_old(cache: Path) -> None:
    """The site's own template folders of older sitegens, and each folder if that empties it:
    only files named as sitegen or Jinja named them, whatever else a cache path set to a user's
    folder holds."""
    for name, pattern in _OLD_FOLDERS.items():
        folder = cache / name
        try:
            for path in folder.glob(pattern):
                path.unlink(missing_ok=True)
            folder.rmdir()
        except OSError:  # missing, or holding something else: left as it is
            pass


def bytecode_cache(cache: Path, salt: str | None, key: bytes | None = None,
                   folder: Path | None = None) -> SignedBytecodeCache | None:
    """The user's signed template cache (`folder`, else SHARED beside the key) for templates
    compiled by the environment `salt` names (environment_digest), or None (compile in memory)
    when there is no usable key, no such name or the folder cannot be made. `cache`: the site's
    cache folder, where older sitegens kept compiled templates (removed here)."""
    _remove_old(cache)
    home = key_folder()
    key = key if key is not None else signing_key(home)
    if key is None or salt is None or (folder is None and home is None):
        return None
    folder = folder or home / SHARED
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return SignedBytecodeCache(folder, key, salt)
