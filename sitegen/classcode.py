"""The code that dataclasses generates for sitegen's own classes, kept signed between runs.

Python 3.11's @dataclass writes each method it adds (__init__, __repr__, __eq__, __hash__, and a
frozen class's __setattr__ and __delattr__) as source text and exec()s it, so every start parses
and compiles it again: 177 texts before a cold build forks its parse child, about 30% of that
stretch, where the other core idles (docs/speed-log.md, sessions 26 and 27). Here such a text,
if this sitegen compiled it in an earlier run under this Python, runs the code object kept then:
the same code, since the text alone decides it (compiled as exec() compiles it, file "<string>",
no future flags inherited).

The kept code is one file per sitegen version (its code stamp) and Python, signed like the
compiled templates (signed.py), in `classes/` beside the key: read at the first of sitegen's
classes and written again, with what this process compiled added, by save() at the end of a
command that missed. The `sitegen` command installs it at its start (cli._start), before any of
sitegen's classes is made; a program that imports sitegen itself is left as it was. Only classes
of sitegen's own modules go through it: every other package's exec() runs as before.

No `from __future__ import annotations` in this module, on purpose: exec() of a text takes the
future flags of the frame that calls it, which for other packages' classes is ClassCode.__call__;
with that import their generated __init__ would get its annotations as strings.
"""
import builtins
import dataclasses
import hashlib
import marshal
import sys
from types import CodeType
from typing import Any, Callable

FOLDER = "classes"  # beside the key (signed.key_folder)
MOST, KEEP = 32, 16  # files there (~350 KB each): one a sitegen version (for its developers, an edit) and Python
FORMAT = "1"        # of the file: marshal of {text: marshal of its code}
_SOURCE = "<string>"  # the file name exec() gives the code it compiles from text


class ClassCode:
    """dataclasses' exec(): for a text generated for a class of `package`, the code kept for it
    (read from the signed file on first use), else compiled here and remembered for save()."""

    def __init__(self, stamp: Callable[[], str], package: str = "sitegen") -> None:
        self._stamp = stamp  # sitegen's code stamp: a new sitegen keeps its code in a new file
        self._prefix = package + "."
        self._kept: dict[str, bytes] | None = None  # text -> its marshalled code, as read
        self._new: dict[str, CodeType] = {}          # text -> code compiled in this process
        self._store: tuple[Any, str] | None = None   # (signed.SignedFolder, file name); None: no usable key

    def __call__(self, source: Any, globals: dict | None = None, locals: Any = None, /, **kw: Any) -> None:
        if type(source) is str and globals is not None and str(globals.get("__name__")).startswith(self._prefix):
            source = self.code(source)
        builtins.exec(source, globals, locals, **kw)

    def code(self, text: str) -> CodeType:
        """The code of `text`: kept, or compiled as exec() would compile it."""
        kept = self._kept if self._kept is not None else self._load()
        body = kept.get(text)
        if body is not None:
            try:
                return marshal.loads(body)
            except (EOFError, ValueError, TypeError):  # signed by this user, but not as written here
                pass
        code = self._new.get(text) or compile(text, _SOURCE, "exec", dont_inherit=True)
        self._new[text] = code
        return code

    def _load(self) -> dict[str, bytes]:
        self._kept = {}
        from .signed import SignedFolder, key_folder, signing_key
        home = key_folder()
        key = signing_key(home) if home is not None else None
        if key is None:
            return self._kept
        parts = (FORMAT, "dataclass code", sys.version, sys.implementation.cache_tag, str(sys.flags.optimize),
                 self._stamp())
        name = hashlib.sha256("\0".join(parts).encode()).hexdigest() + ".code"
        self._store = (SignedFolder(home / FOLDER, key, MOST, KEEP), name)
        body = self._store[0].read(name)
        try:
            found = marshal.loads(body) if body else {}
        except (EOFError, ValueError, TypeError):
            found = {}
        if isinstance(found, dict):
            self._kept = found
        return self._kept

    def save(self) -> None:
        """Write the file again if this process compiled something it lacked."""
        if not self._new or self._store is None or self._kept is None:
            return
        found = {**self._kept, **{text: marshal.dumps(code) for text, code in self._new.items()}}
        store, name = self._store
        try:
            store.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:  # a read-only cache folder: compiled again next time
            return
        store.write(name, marshal.dumps(found))
        self._kept, self._new = found, {}


def install(stamp: Callable[[], str], package: str = "sitegen") -> None:
    """Route dataclasses' exec() through a ClassCode, once a process; left alone if something
    else already replaced it."""
    if "exec" not in vars(dataclasses):
        dataclasses.exec = ClassCode(stamp, package)  # type: ignore[attr-defined]


def save() -> None:
    """What this process compiled for sitegen's classes, kept for the next run (see ClassCode.save)."""
    hook = vars(dataclasses).get("exec")
    if isinstance(hook, ClassCode):
        hook.save()
