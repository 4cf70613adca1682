"""Jinja's compiled templates kept between builds, signed, so that a cache restored from somewhere
else (a shared CI cache) can never make a build run code it did not compile itself.

Jinja's own FileSystemBytecodeCache stores marshalled code and loads it whenever the template's
source is unchanged: whoever can write the cache folder can run code in the next build. Here each
file is signed with a key of the user's (signed.py: an HMAC-SHA256 of its name and bytes, the key
outside the site, in the user's cache folder). A file whose tag does not verify is ignored and the
template compiled again (62 ms for the built-in theme, against 3 ms loaded). Without a key that
only this user can write, templates are compiled in memory every build.

The compiled templates live beside the key (`sitegen/templates/`), one file per template file,
source and compiling environment (Jinja, Python, the environment's settings: `environment_digest`),
like Python's __pycache__: every site using the same theme, and a site whose `.sitegen/` was
removed, loads code instead of compiling it. At most MAX_FILES files; the least recently used go.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import jinja2

from . import code_stamp
from .signed import (KEY_FILE, MAX_FILES, SignedFolder, key_folder, prune,  # noqa: F401 - this module's names
                     signing_key)

SHARED = "templates"  # beside the key: the compiled templates of every site this user builds
_OLD_FOLDERS = {"templates.signed": "*.code",    # in the site's cache folder until session 23, signed
                "jinja": "__jinja2_*.cache"}     # before session 22: unsigned, never read again
FORMAT = "1"  # of the files, and of what environment_digest covers


class SignedBytecodeCache(SignedFolder, jinja2.BytecodeCache):
    """Jinja's bytecode cache, one file a template, each verified before it is unmarshalled.
    `salt`: the compiling environment (environment_digest), part of every file's name."""

    def __init__(self, folder: Path, key: bytes, salt: str = "") -> None:
        super().__init__(folder, key)
        self._salt = salt

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

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        body = self.read(self._path(bucket).name)
        if body is not None:
            bucket.bytecode_from_string(body)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.write(self._path(bucket).name, bucket.bytecode_to_string())

    def load_note(self, what: str) -> bytes | None:
        """Data kept with the code (a theme's template closure), verified like it; `what` names it."""
        return self.read(self._note(what))

    def dump_note(self, what: str, body: bytes) -> None:
        self.write(self._note(what), body)

    def _note(self, what: str) -> str:
        return hashlib.sha256("\0".join((FORMAT, self._salt, "note", what)).encode()).hexdigest() + ".note"


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
