"""What a sitegen killed while it held the site's lock (kill -9, a plain `kill`, a power cut) leaves
behind, removed by the next run of any command that takes the lock, which says so in one line.

Only names sitegen makes are removed, in the folders it makes them in: a build's stage folder
(`.public.stage-` and mkdtemp's 8 characters, beside the output), its temporary files in the cache
folder (the side file of a cold build's cache rows, up to hundreds of MB; `NAME.PID.tmp`), the
output record's `.sitegen-output.tmp`, a picture's `FOLDER.PID.tmp` in the cache's images/, and
the converter's and the import's `.convert-XXXXXXXX.tmp` (mkstemp's) in content/ (its sub-folders
too: the import writes there) and the cache, and a build's `content/.sitegen-published.tmp` (ledger.py). A user's file that
only looks alike (`.public.stage-notes`, `notes.tmp`) is never touched. Ctrl-C cleans up as it
goes; these are what a process that could not leaves.

The folders that may be large (content/, the cache's images/) are looked at only when the lock's
file still names its last holder, which a holder that ends in any way but being killed empties
(lock.Hold.killed): a run after a normal one pays for two small listings, about 0.1 ms.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

from . import LazyPattern
from .config import Config
from .ledger import LEDGER_TMP

# Kept equal to the names they follow by tests/test_leftovers.py (write.STAGE_PREFIX, cache.SIDE,
# write.RECORD, convert/writer.atomic_write's mkstemp prefix and suffix).
_STAGE = r"\.stage-[a-z0-9_]{8}"                   # write.Stage: mkdtemp(prefix=f".{output}.stage-")
_CONVERT_NAME = r"\.convert-[a-z0-9_]{8}\.tmp"
_PID_NAME = r".+\.[0-9]+\.tmp"                      # config.json, signed files, images: NAME.PID.tmp
_SIDE = "rows.tmp.sqlite"                            # cache.SIDE, with SQLite's journal beside it
_RECORD_TMP = ".sitegen-output.tmp"                  # write.write_record's
_CACHE_TMP = re.compile("|".join((_PID_NAME, _CONVERT_NAME, re.escape(_SIDE) + "(-journal|-wal|-shm)?")))
_CONVERT_TMP, _PID_TMP = LazyPattern(_CONVERT_NAME), LazyPattern(_PID_NAME)   # only after a kill


def find(config: Config, killed: bool) -> list[Path]:
    """Leftovers in this site's folders; `killed`: look in the large folders too (see above)."""
    output, cache, content = config.path("output"), config.path("cache"), config.path("content")
    found = _entries(output.parent, re.compile(re.escape(f".{output.name}") + _STAGE), folders=True)
    found += _entries(cache, re.compile(r"\.[^/]+" + _STAGE), folders=True)   # serve's preview stage
    found += [p for p in _entries(cache, _CACHE_TMP) if not _writer_runs(p)]
    record_tmp = output / _RECORD_TMP   # one stat, not a listing of public/'s top folder
    found += [record_tmp] if record_tmp.is_file() and not record_tmp.is_symlink() else []
    if killed:
        found += _entries_below(content, _CONVERT_TMP)
        ledger_tmp = content / LEDGER_TMP   # one name, at content/'s top (ledger.write_ledger)
        found += [ledger_tmp] if ledger_tmp.is_file() and not ledger_tmp.is_symlink() else []
        found += _entries(cache / "discarded", _CONVERT_TMP)
        found += [p for p in _entries(cache / "images", _PID_TMP, folders=True) if not _writer_runs(p)]
    return sorted(set(found))


def _writer_runs(path: Path) -> bool:
    """Whether the process a NAME.PID.tmp names still runs: load_config writes config.json's
    without the site's lock (a build starting beside this one), and its file is its own."""
    found = re.fullmatch(r".+\.([0-9]+)\.tmp", path.name)
    if found is None or int(found[1]) == os.getpid():
        return False
    try:
        os.kill(int(found[1]), 0)
    except (ProcessLookupError, PermissionError, OverflowError):  # none, or another user's
        return False
    return True


def _entries(folder: Path, name: re.Pattern[str], folders: bool = False) -> list[Path]:
    """Entries of `folder` (not below) whose whole name matches: files, or with `folders` folders
    too; never a symlink (removing one would not free what it points to, and it is not ours)."""
    try:
        with os.scandir(folder) as it:
            return [Path(e.path) for e in it if name.fullmatch(e.name) and not e.is_symlink()
                    and (e.is_file() or (folders and e.is_dir()))]
    except OSError:  # no such folder yet
        return []


def _entries_below(folder: Path, name: re.Pattern[str]) -> list[Path]:
    """Files in `folder` and its sub-folders whose whole name matches; a linked folder is not entered."""
    found = []
    for top, _, files in os.walk(folder):   # followlinks=False
        found += [Path(top, f) for f in files if name.fullmatch(f) and not os.path.islink(os.path.join(top, f))]
    return found


def sweep(config: Config, killed: str | None = None, quiet: bool = False) -> list[Path]:
    """Remove the leftovers (the caller holds the site's lock, so no running sitegen owns them)
    and say so in one line on stderr (not under -q). `killed`: the process id the lock's file
    named (lock.Hold.killed), if any. Returns what was removed."""
    root = Path(config.root)
    found = [(p, _shown(p, root)) for p in find(config, killed is not None)]
    removed = [(p, name) for p, name in found if _remove(p)]
    if removed and not quiet:
        names = [name for _, name in removed]
        more = f" and {len(names) - 3} more" if len(names) > 3 else ""
        who = f" (process {killed})" if killed else ""
        print(f"note: removed what a sitegen stopped while building left{who}: {', '.join(names[:3])}{more}",
              file=sys.stderr)
    return [p for p, _ in removed]


def _remove(path: Path) -> bool:
    try:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    except OSError:  # another user's file, a read-only folder: left, as before
        return False
    return True


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root)) + ("/" if path.is_dir() else "")
    except ValueError:
        return str(path)
