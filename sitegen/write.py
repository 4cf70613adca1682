"""Writing public/: a staging folder filled during the build, applied only when the build succeeded.

Only files whose bytes changed are staged, so unchanged outputs keep their mtimes (rsync, CDNs).
Nothing is ever written outside the output folder, whatever a slug or path says.
"""
from __future__ import annotations

import base64
import errno
import json
import os
import posixpath
import re
import shutil
import stat
import sys
import time
from array import array
from contextlib import suppress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Collection, Iterable, Iterator, Mapping

from .aside import Aside
from .config import CONFIG_FILE, OUTPUT_RECORD
from .content import RACY_NS, stamp_of  # RACY_NS: a source changed this recently may change again within one mtime

if TYPE_CHECKING:
    from threading import Event


class WriteError(Exception):
    pass


def safe_join(root: Path, rel: str, checked: set[str] | None = None) -> Path:
    """root/rel, refusing absolute paths, '..' and anything that resolves outside root.
    `checked` remembers folders already looked at, so thousands of pages cost one lstat a folder;
    only a symlink costs a realpath."""
    parts = _parts(root, rel)
    folder = str(root)
    for part in parts[:-1]:  # each folder on the way: known good, missing, a real folder, or a symlink
        folder = os.path.join(folder, part)
        if checked is not None and folder in checked:
            continue
        try:
            is_link = stat.S_ISLNK(os.lstat(folder).st_mode)
        except (FileNotFoundError, NotADirectoryError):   # (a file on the way: a clash, which apply names)
            is_link = False  # will be made as a real folder
        if is_link and not _inside(os.path.realpath(folder), os.path.realpath(root)):
            raise WriteError(f"refusing to write {rel!r}: a symlink makes it resolve outside {root}")
        if checked is not None:
            checked.add(folder)
    return root.joinpath(*parts)  # the file itself is replaced, never written through (Stage.apply)


def _parts(root: Path, rel: str) -> list[str]:
    """rel's parts, refusing absolute paths, '..', empty parts and NUL (no file system access)."""
    parts = rel.replace("\\", "/").split("/")
    if rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\0" in rel:
        raise WriteError(f"refusing to write {rel!r}: the path would leave {root}")
    return parts


def _inside(path: str, base: str) -> bool:
    return path == base or path.startswith(base + os.sep)


def same_bytes(path: Path | str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as fh:
            return fh.read() == data
    except OSError:
        return False


CHUNK = 1 << 20   # what same_file() reads of each file at a time


def same_file(path: Path | str, source: Path | str) -> bool:
    """Whether file `path` holds exactly `source`'s bytes: sizes first, then both read a chunk at a
    time. Reading them whole held a root/ video twice in memory on every build that changed
    anything (1.5 GB -> 3 GB, rf48c 6)."""
    try:
        if os.stat(path).st_size != os.stat(source).st_size:
            return False
        with open(path, "rb") as mine, open(source, "rb") as theirs:
            while True:
                chunk = mine.read(CHUNK)
                if chunk != theirs.read(CHUNK):
                    return False
                if not chunk:
                    return True
    except OSError:
        return False




def settled(st: os.stat_result) -> bool:
    """Whether a file was last changed over RACY_NS ago: one changed since has another stamp. One changed
    later within the same tick would keep it, unseen, so a stamp so recent is never taken for its bytes."""
    return st.st_ctime_ns < time.time_ns() - RACY_NS


def source_stamp(st: os.stat_result) -> tuple[int, ...]:
    """What put_file knows a source by: its size and mtime, and its ctime and inode, which a file put
    in its place with the old size and mtime (npm's 1985 stamps, `cp -p`, `rsync -a`) still changes:
    size and mtime alone kept the old bytes published for good (rf49a 1): the cache's stamp and the device."""
    return (*stamp_of(st), st.st_dev)


def _pair(src: os.stat_result, out: os.stat_result) -> tuple[int, ...]:
    """A source and the output found holding its bytes (Stage.known): the output by its size, mtime
    and inode too. A copy is a new file: a build killed after its switch, before the cache's save,
    left the last build's pair for an output it had copied over anew, and the copy's size and mtime
    (a vendored override's, npm's 1985 stamps) matched that pair again once the override was removed,
    publishing its bytes for good (rf50e 2). A file kept is linked, never copied, into the spare: one inode."""
    return (*source_stamp(src), out.st_size, out.st_mtime_ns, out.st_ino)


RECORD = OUTPUT_RECORD   # in the output folder: what sitegen wrote there; only those files are ever deleted
STAGE_PREFIX = ".stage-"     # .<output>.stage-*: a build's new files before they move into the spare tree
SPARE_SUFFIX = ".spare"      # the other copy of the site: built into, then switched with the live one
THEIRS_INFIX = ".theirs-"    # <spare>.theirs-<time_ns>: a spare holding another account's folder, set aside
COPY = "copy"                # a spare record's `spare` when catch_up_spare made it a copy of the live folder
LINK_TMP = ".link-tmp"        # _link_one's temporary name, beside the file it links
LANDING_SUFFIX = ".landing"    # <spare>.landing: a switch done, its check of the user's changes not yet (_landing)
KEPT_INFIX = ".kept-"          # <spare>.kept-<time_ns>: files that came into a public/ moved away at the switch
EXCHANGE_INFIX = ".exchange-"  # .<output>.exchange-<16 hex>: the live folder, moved aside by exchange()'s fallback


class OutputError(WriteError):
    """The output folder cannot be used (it holds the sources, or files sitegen did not write)."""


_GONE = array("q", [-1]).tobytes()   # a folder gone, in RawDirs.times


@dataclass(frozen=True)
class RawDirs:
    """A record's folder mtimes as its bytes (names NUL-separated, then int64s), passed on from one
    record to the next without being parsed: a build adds the mtimes of the folders it touched
    after them (a later entry wins; -1: the folder is gone), so one edit does not decode and
    re-encode 100,000 folders. `entries` counts them, `unique` the folders at the last full write."""
    names: bytes = b""
    times: bytes = b""
    entries: int = 0
    unique: int = 0

    def parse(self) -> dict[str, int]:
        names = self.names.decode("utf-8", "surrogateescape").split("\0") if self.entries else []
        out = dict(zip(names, array("q", self.times).tolist(), strict=True))
        return {d: t for d, t in out.items() if t != -1} if -1 in out.values() else out

    def folder_names(self, into: set[str] | None = None) -> set[str]:
        """parse()'s keys: without a -1 (no eight 0xff bytes in a row, at any offset) every name
        listed is one, and no mtime is decoded (176,467 at 100,000 articles, twice an edit).
        `into`: added to that set, which is returned (no set of these made first)."""
        into = set() if into is None else into
        if not self.entries:
            return into
        into.update(self.parse() if _GONE in self.times else self.names.decode("utf-8", "surrogateescape").split("\0"))
        return into


@dataclass
class Record:
    """What one copy of the output holds, written into it as RECORD.

    `spare` and `changed` say how this copy differs from the one it replaced (kept as the spare):
    the next build brings the spare up to date by touching only those files, not the whole site.
    `dirs` holds every folder's mtime, so files a user added by hand are noticed and kept; with
    `raw`, `dirs` holds only the changes to the folders `raw` lists (see RawDirs)."""
    owned: set[str] = field(default_factory=set)      # files sitegen wrote
    foreign: set[str] = field(default_factory=set)    # files found here that sitegen did not write
    token: str = ""
    spare: str = ""
    changed: set[str] = field(default_factory=set)
    dirs: dict[str, int] = field(default_factory=dict)
    raw: RawDirs | None = None
    preview: tuple[str, ...] = ()  # "drafts", "future": what a --drafts/--future build published
    swept: bool = False            # written by a sitegen that leaves no link temporaries (old_link_temporaries)
    base: str = ""                 # the base_url this copy was built for ("": not said, an older sitegen's)
    # time.time_ns() when the build that made this copy began (0: not said): a story saved after it
    # may not be in it (serve.last_preview_withheld); kept by a rewrite of the record that builds
    # nothing (the idle search index), whose mtime then says a later time (rf50c 2)
    began: int = 0

    def folders(self) -> dict[str, int]:
        """Every folder's mtime, `raw` and the changes to it together."""
        if self.raw is None:
            return self.dirs
        folders = self.raw.parse()   # a new dict, without raw's gone folders: only dirs' -1s are left to drop
        folders.update(self.dirs)    # (merged in place, not copied twice: 100,000 folders, 0.2 s an edit)
        return {d: t for d, t in folders.items() if t != -1} if -1 in self.dirs.values() else folders

    def folder_names(self, also: set[str] | None = None) -> set[str]:
        """folders()'s keys, without their mtimes (all Stage.apply asks of the last two records).
        `also` (the other record's): these added to it, which is returned; not each record's names
        made a set and the two joined in a third (176,467 names each at 100,000 articles)."""
        if also is not None and -1 not in self.dirs.values():   # (else: gone folders taken out of these alone)
            if self.raw is not None:
                self.raw.folder_names(also)
            also.update(self.dirs)
            return also
        if self.raw is None:
            names = set(self.dirs)
        else:
            names = self.raw.folder_names()
            names.update(self.dirs)
            if -1 in self.dirs.values():
                names.difference_update([d for d, t in self.dirs.items() if t == -1])
        if also is not None:
            also.update(names)
            return also
        return names

    def dump(self) -> bytes:
        """A JSON header line, then the names NUL-separated (no file name holds NUL), the folders'
        names and their mtimes as int64s, each section's length in the header: 20,000 names load
        in milliseconds, not a JSON list's 50 ms, and the folders can be passed on unparsed."""
        raw = self.raw or RawDirs()
        if raw.entries and raw.entries + len(self.dirs) > raw.unique * 5 // 4 + 1000:  # many superseded: anew
            raw, dirs = RawDirs(), {**raw.parse(), **self.dirs}
            dirs = {d: t for d, t in dirs.items() if t != -1}
        else:
            dirs = self.dirs
        names = "\0".join([*self.owned, *sorted(self.foreign), *self.changed]).encode("utf-8", "surrogateescape")
        more = "\0".join(dirs).encode("utf-8", "surrogateescape")
        dir_names = raw.names + b"\0" + more if raw.entries and dirs else raw.names or more
        entries = raw.entries + len(dirs)
        header = {"note": "files sitegen wrote here; only these are ever deleted. Do not edit.", "v": 2,
                  "token": self.token, "spare": self.spare,
                  "counts": [len(self.owned), len(self.foreign), len(self.changed)],
                  "dirs": [entries, raw.unique if raw.entries else entries], "sizes": [len(names), len(dir_names)]}
        if self.preview:
            header["preview"] = list(self.preview)
        if self.swept:
            header["swept"] = True
        if self.base:
            header["base"] = self.base
        if self.began:
            header["began"] = self.began
        return b"\n".join([json.dumps(header).encode(), names + dir_names + raw.times + array("q", dirs.values()).tobytes()])


def _token() -> str:
    import secrets
    return secrets.token_hex(8)


def read_record(folder: Path, raw_dirs: bool = False) -> Record | None:
    try:
        return parse_record((folder / RECORD).read_bytes(), raw_dirs)
    except OSError:
        return None


def parse_record(data: bytes, raw_dirs: bool = False, names: bool = True) -> Record | None:
    """A record's bytes; None when they are not one. `raw_dirs`: the folders left as bytes (see
    RawDirs); `names=False`: the files' names not read either (only the token and the folders)."""
    try:
        cut = data.find(b"\n")
        header = json.loads(data if cut < 0 else data[:cut])
        if header.get("v") != 2:
            return _parse_v1(header, data[cut + 1:] if cut >= 0 else b"")
        counts, (entries, unique), (size, dir_size) = header["counts"], header["dirs"], header["sizes"]
        # the sections are sliced from a view: a copy of all after the header line was 20 MB at 100,000 articles
        rest = memoryview(data)[cut + 1:] if cut >= 0 else memoryview(b"")
        if len(rest) != size + dir_size + 8 * entries:
            return None
        raw = RawDirs(bytes(rest[size:size + dir_size]), bytes(rest[size + dir_size:]), entries, unique)
        if raw.entries and raw.names.count(b"\0") + 1 != entries:
            return None
        files = str(rest[:size], "utf-8", "surrogateescape").split("\0") if names and sum(counts) else []
        if names and len(files) != sum(counts):
            return None
        cut = [sum(counts[:i]) for i in range(4)]
        owned, foreign, changed = (files[cut[i]:cut[i + 1]] for i in range(3))
        return Record(set(owned), set(foreign), header["token"], header["spare"], set(changed),
                      {} if raw_dirs else raw.parse(), raw if raw_dirs else None,
                      tuple(str(p) for p in header.get("preview", ())), header.get("swept") is True,
                      str(header.get("base", "")), int(header.get("began", 0)))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _parse_v1(header: dict, rest: bytes) -> Record | None:
    """The format before 2 (one base64 line of mtimes), as sitegen wrote it until session 12."""
    body, _, packed = rest.rpartition(b"\n")
    counts = header["counts"]
    names = body.decode("utf-8", "surrogateescape").split("\0") if sum(counts) else []
    if len(names) != sum(counts):
        return None
    cut = [sum(counts[:i]) for i in range(5)]
    owned, foreign, changed, dirs = (names[cut[i]:cut[i + 1]] for i in range(4))
    return Record(set(owned), set(foreign), header["token"], header["spare"], set(changed),
                  dict(zip(dirs, array("q", base64.b64decode(packed)).tolist(), strict=True)))


def built_for(folder: Path) -> str:
    """The base_url the output in `folder` was built for, as its record says ("": not said, or no
    record)."""
    base = _record_header(folder).get("base", "")
    return base if isinstance(base, str) else ""


def build_began(folder: Path) -> int:
    """When the build that made the output in `folder` began (Record.began), as its record says;
    0 when it says nothing (no record, or an older sitegen's)."""
    began = _record_header(folder).get("began", 0)
    return began if isinstance(began, int) and not isinstance(began, bool) else 0


def published_previews(folder: Path) -> tuple[str, ...]:
    """What the output in `folder` published that a plain build would not ("drafts", "future":
    Record.preview), as its record says; () when it says nothing."""
    kinds = _record_header(folder).get("preview", [])
    return tuple(str(kind) for kind in kinds) if isinstance(kinds, list) else ()


def _record_header(folder: Path) -> dict:
    """The record's header line only, not the 20,000 names after it ({}: no record, or not one)."""
    try:
        with open(folder / RECORD, "rb") as fh:
            header = json.loads(fh.readline())
    except (OSError, ValueError):
        return {}
    return header if isinstance(header, dict) else {}


def write_record(folder: Path, record: Record, live: Path | None = None) -> None:
    write_record_bytes(folder, record.dump(), live)


def write_record_bytes(folder: Path, data: bytes, live: Path | None = None) -> None:
    """The record written into `folder` (the stage, or the spare of the output `live`)."""
    tmp = folder / f"{RECORD}.tmp"
    for path in (tmp, folder / RECORD):
        _clear_folder(path, live)
    tmp.write_bytes(data)
    os.replace(tmp, folder / RECORD)


def _clear_folder(path: Path, live: Path | None) -> None:
    """A folder at the record's name in the stage or the spare (sitegen's own copies) removed: an older
    sitegen staged one for '/.sitegen-output/x.xml' in [redirects], and every later build failed
    with '.sitegen/public.spare/.sitegen-output: Is a directory', the line removed or not.
    One the live output has too is the user's (the spare is its copy, and goes live): refused."""
    _refuse_users_record_folder(live, path.name)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)


def _refuse_users_record_folder(live: Path | None, name: str) -> None:
    """OutputError when the live output holds a folder at `name` (the record's, or its temporary's):
    sitegen never writes one there, and removing its copy in the spare would drop it from public/."""
    mine = live / name if live is not None else None
    if mine is not None and mine.is_dir() and not mine.is_symlink():
        raise OutputError(f"{mine}: a folder that is not sitegen's, but sitegen keeps its record of the output "
                          "under that name; move it out of the way (the build changed nothing)")


def _drop_record(folder: Path, live: Path | None = None) -> None:
    """The record of this copy of the output removed (a folder of its name too: _clear_folder)."""
    _clear_folder(folder / RECORD, live)
    (folder / RECORD).unlink(missing_ok=True)


def mount_point(folder: Path) -> bool:
    """A file system of its own, a Docker volume or a bind mount (from the same file system too):
    a folder that cannot be renamed or replaced, only written into."""
    try:
        return (os.path.ismount(folder) or folder.stat().st_dev != folder.parent.stat().st_dev
                or os.path.realpath(folder) in mount_points())
    except OSError:   # unreadable: what is done with it says what cannot be done
        return False


def mount_points() -> set[str]:
    """Every mount point this process sees (/proc/self/mountinfo's fifth field, octal escapes
    undone), but those hidden under a later mount; none where there is no /proc."""
    try:
        with open("/proc/self/mountinfo", "rb") as info:
            lines = info.read().splitlines()
    except OSError:
        return set()
    unescape = lambda m: bytes([int(m[1], 8)])  # noqa: E731 - '\040' is a space
    mounts = {fields[0]: (fields[1], os.fsdecode(re.sub(rb"\\([0-7]{3})", unescape, fields[4])))
              for fields in (line.split(b" ") for line in lines) if len(fields) > 4}
    siblings: dict[bytes, set[str]] = {}   # the mount points of each parent mount's children
    for parent, point in mounts.values():
        siblings.setdefault(parent, set()).add(point)
    return {point for mount, (_, point) in mounts.items() if not _hidden(mount, mounts, siblings)}


def _hidden(mount: bytes, mounts: dict[bytes, tuple[bytes, str]], siblings: dict[bytes, set[str]]) -> bool:
    """Whether `mount` (mountinfo's id -> (parent's id, mount point)) lies under a mount made later
    on a folder above it in the same parent file system, or under a parent so hidden: a site's
    folder bind-mounted over (a container's `-v`, `mount --bind`) hides a volume mounted in its
    public/ before, which still has a line of its own, and every build was refused for it (rf50e 3)."""
    for _ in range(len(mounts)):   # up the parents (a loop in a damaged table ends)
        parent, point = mounts[mount]
        above, on = os.path.dirname(point), siblings[parent]
        while above != point:
            if above in on:
                return True
            point, above = above, os.path.dirname(above)
        if parent not in mounts or parent == mount:
            return False
        mount = parent
    return False


def mount_inside(folder: Path, points: Iterable[str] | None = None) -> str | None:
    """The first mount point below `folder` (its realpath: mountinfo's paths are resolved), of
    `points` (default: mount_points())."""
    below = os.path.realpath(folder) + os.sep
    return min((point for point in (mount_points() if points is None else points) if point.startswith(below)),
               default=None)


def held_mounts(output: Path, spare: Path) -> list[str]:
    """The first mount point below `output` and the first below `spare`, those there are."""
    mounts = mount_points()
    return [p for p in (mount_inside(output, mounts), mount_inside(spare, mounts)) if p is not None]


def refuse_held_mounts(output: Path, spare: Path) -> None:
    """A mount inside the output (an uploads volume, an NFS media share in the web root) refused
    before a writing build touches either copy: the switch renames the whole folder, so the mount
    went into the spare, out of the web root, and each later sync failed on it (EXDEV) or mirrored
    the spare over the volume's files. One read of /proc/self/mountinfo."""
    held = held_mounts(output, spare)
    if not held:
        return
    inner = Path(held[0])
    if inner.is_relative_to(os.path.realpath(spare)):   # the state an older sitegen's switch left
        raise OutputError(f"{spare} (sitegen's spare copy of {output}) holds a mount point, {inner}: a build of an "
                          f"older sitegen moved it there from {output} with the folder it was in, so it is no longer "
                          f"served (the build changed nothing). Unmount it (umount {inner}), then mount the volume "
                          f"outside {output} and serve it with a location of its own, as said for a mount inside it")
    served = inner.relative_to(os.path.realpath(output)).as_posix()
    raise OutputError(f"{output} holds a mount point, {inner} (a file system of its own, a Docker volume, a bind "
                      "mount); a build replaces its output folder whole with a copy made beside it, which would carry "
                      "the mount out of the web root (the build changed nothing). Mount the volume outside the output "
                      f"folder (/srv/{inner.name}) and serve it with a location of its own (nginx: location "
                      f"/{served}/ {{ alias /srv/{inner.name}/; }}), or put its files in static/ for sitegen to publish")


def claim(output: Path, legacy: Callable[[], Iterable[str]], force: bool, record: Record | None = None,
          settings: str = CONFIG_FILE) -> Record:
    """What sitegen owns in `output`, checked before anything is written. A folder with no record
    is used only when empty, when the build cache of an older sitegen lists what it wrote there
    (`legacy()`, asked only then), or with --force-output; files sitegen did not write are kept either way.
    `settings`: the config file the advice names (Config.file: --config prod.toml's, not site.toml)."""
    if output.is_symlink():  # a build swaps the folder itself with its spare copy: a link would be swapped, not followed
        raise OutputError(f"{output} is a symlink (to {os.readlink(output)}); a build replaces its output folder whole, "
                          f"so set [paths] output in {settings} to the real folder, or remove the link")
    if output.exists() and not output.is_dir():
        raise OutputError(f"{output} is not a folder; set [paths] output in {settings} to a folder of its own")
    if output.is_dir() and mount_point(output):   # the swap failed on every build: 'public.spare: Device or resource busy'
        raise OutputError(f"{output} is a mount point (a file system of its own, a Docker volume, a bind mount); a "
                          "build replaces its output folder whole with a copy made beside it, which cannot be done "
                          f"there (the build changed nothing). Set [paths] output in {settings} to a folder inside it "
                          f"({output / 'site'}) and point the web server there, or mount the volume one level up")
    record = record or read_record(output)
    if record is not None:
        return record
    older = set(legacy())
    # refused before listing it all: a folder that is not sitegen's may be $HOME (16 s to list)
    if not force and not any(_a_file(output / rel) for rel in older) and holds_files(output):
        raise OutputError(f"{output} is not empty and has no record of a sitegen build ({RECORD}); it may hold "
                          f"files that are not sitegen's. Set [paths] output in {settings} to an empty or new "
                          "folder, or pass --force-output to build there (files already there are kept). A folder built "
                          "by an older sitegen has no record either: delete it and build again")
    files = existing_files(output)
    owned = older & files
    return Record(owned, files - owned)


def _a_file(path: Path) -> bool:
    """As existing_files counts them: a file, or a link of any kind."""
    return path.is_file() or path.is_symlink()


def holds_files(folder: Path) -> bool:
    """Whether existing_files(folder) would find one: each level's listing first, stopping at the
    first file, so a folder that holds any is never listed below its top."""
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError:   # (existing_files' rglob skips what it may not list too)
        return False
    if any(e.is_symlink() or e.is_file() for e in entries):
        return True
    return any(holds_files(Path(e.path)) for e in entries if e.is_dir(follow_symlinks=False))


def check_clashes(output: Path, owned: set[str], foreign: set[str]) -> None:
    """Never overwrite a file sitegen did not write: an output at the same path, or one needing a
    folder where the file is (or the reverse, see clashes), is an error."""
    found = clashes(owned, foreign)
    if found:
        raise ClashError("\n".join(f"{output / theirs}: not sitegen's (a file put there by hand), but the site now "
                                   f"has an output {clash_place(output, mine, theirs)}; move your file elsewhere and "
                                   "build again" for mine, theirs in found), found)


class GoneError(OutputError):
    """The output folder moved or deleted by the user while a build ran: the switch, which swaps it
    with the spare copy, failed naming the spare ('.sitegen/public.spare: No such file or directory'),
    and said nothing of what to do (inc55). Nothing of theirs is touched; the next build makes it anew."""

    def __init__(self, output: Path, switched: bool = False, kept: tuple[Path, list[str]] | None = None):
        done = ("just after the new build was put in its place (a folder moved elsewhere holds the new build, and "
                "is left as it is)" if switched else "while the build ran, so the new build was not put in its place "
                "(a folder moved elsewhere is left as it was)")
        said = f"{output}/ was moved or deleted {done}; build again to make {output}/ anew"
        if kept:   # (_keep_landed's)
            folder, files = kept
            names = ", ".join(files[:10]) + (f" and {len(files) - 10} more" if len(files) > 10 else "")
            said += (f". Files put into {output}/ while the build ran are not in the moved folder: they are kept in "
                     f"{folder}/ ({names}); move them where you want them")
        super().__init__(said)


class ReplacedError(OutputError):
    """The output folder replaced by another while a build ran (`mv public public.old && mkdir public`):
    the switch swapped the user's new folder into the spare's place, and the next sync mirrored over
    the files they had put in it (fix55c). Refused before it: both folders are left as they are."""

    def __init__(self, output: Path):
        super().__init__(
            f"{output}/ was replaced by another folder while the build ran, so the new build was not put in its "
            f"place: {output}/ and the folder moved elsewhere are left as they are. Build again to build into the "
            f"new {output}/ (pass --force-output if it holds files of yours: they are kept), or move the old folder "
            f"back to {output}/ first")


def _refuse_replaced(live: Path, record: Record, sync: "SpareSync | None") -> None:
    """ReplacedError unless `live` is still the folder the build claimed: its record's token is the
    one the build began with (one read of the header line), and it is the folder the spare's sync
    began with (one stat: a copy of public/ swapped in has its record)."""
    now = _folder_id(live)
    if now is None:
        raise GoneError(live)
    # the header's token as the sync read it: a record not readable whole (a newer sitegen's) is claimed with
    # none (Record()), and compared with that, every build was refused as replaced (rev56b 1)
    began = sync.token if sync is not None else record.token
    # a folder made where none was when the build began (its first): nothing of a build to lose, and the
    # stage holds every file (Stage._fresh); it goes in as before, a file of theirs kept (rev56b 2)
    moved = sync is not None and sync.folder is not None and sync.folder != now
    if str(_record_header(live).get("token", "")) != began or moved:
        raise ReplacedError(live)


def _folder_id(path: Path) -> tuple[int, int] | None:
    """The (device, inode) of `path` itself, None if it is not there."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class PlaceError(OutputError):
    """A staged output that could not be moved into the spare copy (Stage._move_into): said of the
    output in the folder the user knows, not of the spare, with what to do; `rel` names the output,
    for the build to name its source."""

    def __init__(self, output: Path, spare: Path, rel: str, exc: OSError):
        self.rel = rel
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            advice = f"check the owner and permissions of {output / rel} and its folders, then build again"
        else:
            advice = (f"something at {output / rel} or one of its folders is in the way; move it elsewhere (or delete "
                      f"{spare}, sitegen's spare copy of the site, which the next build makes again) and build again")
        self.where, self.why = output / rel, f"could not be written ({exc.strerror or exc}); {advice}"
        super().__init__(f"{self.where}: {self.why}")


class ClashError(OutputError):
    """check_clashes' error, with the clashes (output, file not sitegen's) for the build to name
    what claims each output."""

    def __init__(self, message: str, found: list[tuple[str, str]]):
        super().__init__(message)
        self.found = found


def clashes(owned: set[str], foreign: set[str], new: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """Each (output, file not sitegen's) that cannot both be in the output folder: one path, or one
    the folder of the other (public/CNAME kept, an alias at /CNAME/ writing CNAME/index.html). Only
    the same path was compared, so the build failed on the spare with 'CNAME: File exists', naming
    no story (review47e). `new`: the outputs a foreign file may be the folder of (default: all of
    `owned`); those the last build wrote beside it cannot be."""
    if not foreign:
        return []
    found = {(rel, rel) for rel in owned & foreign}
    found.update((folder, rel) for rel in foreign for folder in folders_of(rel) if folder in owned)
    found.update((rel, folder) for rel in (owned if new is None else new) for folder in folders_of(rel)
                 if folder in foreign)
    return sorted(found)


def clash_place(output: Path, mine: str, theirs: str) -> str:
    """Where the output is, said for a message on the file `theirs` that is in its way."""
    if mine == theirs:
        return "at that path"
    if mine.startswith(theirs + "/"):
        return f"inside a folder of that name ({output / mine})"
    return f"at {output / mine}, the name of the folder it is in"


def folders_of(rel: str) -> list[str]:
    """'a/b/c.txt' -> ['a', 'a/b']."""
    parts = rel.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def linked_folder(output: Path, rel: str) -> str | None:
    """The first folder on rel's way in `output` that is a link (the user's: sitegen makes none), if any."""
    return next((f for f in folders_of(rel) if os.path.islink(output / f)), None)


@dataclass
class Refused:
    """The files of sitegen's own folder (`what`: 'pictures' of images/) that safe_join refused, by
    the link of the user's out of `output` on their way (public/images -> /srv/media). They raised
    WriteError out of the build: a traceback naming no link and no fix (review53b 1)."""
    output: Path
    what: str
    settings: str = CONFIG_FILE   # the config file the advice names (Config.file)
    by_link: dict[str, list[str]] = field(default_factory=dict)   # '' -> the refusals with no link on the way

    def add(self, rel: str, exc: WriteError) -> None:
        folder = linked_folder(self.output, rel)
        self.by_link.setdefault(folder or "", []).append(rel if folder else str(exc))

    def errors(self) -> list[str]:
        """One error a link, naming it, a file and what to do; a refusal of no link (none expected) as raised."""
        errors = list(self.by_link.get("", ()))
        for folder, rels in self.by_link.items():
            if folder:
                more = f" and {len(rels) - 1} more" if len(rels) > 1 else ""
                link = self.output / folder
                errors.append(f"{link} is a link of yours (to {os.readlink(link)}, outside {self.output}), which "
                              f"sitegen writes nothing through; {self.what} not written: {rels[0]}{more}. {folder}/ "
                              "is sitegen's alone: put the folder back in place of the link (to keep the site on "
                              f"another disk, set [paths] output in {self.settings} to a folder there), then build again")
        return errors


def clean_leftovers(output: Path) -> None:
    """Stage folders of builds that were killed (the caller holds the site's build lock)."""
    try:
        entries = list(os.scandir(output.parent))
    except OSError:
        return
    for entry in entries:
        name = entry.name.removeprefix(f".{output.name}{STAGE_PREFIX}")  # mkdtemp's 8: not a user's .public.stage-notes
        if name != entry.name and len(name) == 8 and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)


@dataclass
class Stage:
    """The build's new files, staged in a folder beside the output (same file system, so moves are
    renames), then switched in whole: see apply()."""
    output: Path
    spare: Path | None = None        # default: .<output>.spare beside it
    staged: Iterable[str] = field(default_factory=list)  # outputs to move in (the build passes a dict)
    sync: "SpareSync | None" = None  # the spare being brought up to date meanwhile (else apply() does it)
    spare_from: int | None = None    # files: a first build of this many makes its spare after the switch (None: never)
    path: Path = field(init=False)
    _checked: set[str] = field(default_factory=set, repr=False)   # output folders known to be inside
    _made: set[str] = field(default_factory=set, repr=False)      # stage folders already created
    _fresh: bool = field(default=False, repr=False)               # no output folder yet: nothing to compare
    dropped: set[str] = field(default_factory=set, init=False)     # an older sitegen's link temporaries (apply)
    token: str = field(default="", init=False)                     # the record's of the build switched in (switched())
    taken: list[str] = field(default_factory=list, init=False)     # another user's files now live as this one's copies
    found: set[str] = field(default_factory=set, init=False)       # files found in the output that sitegen did not write (apply)
    adopted: set[str] = field(default_factory=set)   # the user's files taken over as sitegen's (rootfiles): staged whatever they hold
    # put_file's: output -> _pair (*source_stamp, size, mtime_ns, ino) of a source and its output found to hold the
    # same bytes, the last build's (`known`, read only: a failed build's stage is discarded) and this one's;
    # None: copied anew unsettled, so the last build's pair is forgotten, not kept (rf50a 1)
    known: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    copies: dict[str, tuple[int, ...] | None] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.output.parent.mkdir(parents=True, exist_ok=True)
        if self.spare is None:
            self.spare = self.output.parent / f".{self.output.name}{SPARE_SUFFIX}"
        import tempfile  # with secrets below: loaded by builds that write, not by one that finds nothing to do
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.output.name}{STAGE_PREFIX}", dir=self.output.parent))
        self.path.chmod(0o755)  # mkdtemp makes it 0700; on a first build it becomes public/ itself
        # A first build (the lock keeps others from making the output meanwhile) has no file to
        # compare with and no folder of the output to check for symlinks: put() skips both.
        self._fresh = not os.path.lexists(self.output)

    def put(self, rel: str, data: bytes) -> tuple[int, int] | None:
        """Stage `data` for output/rel unless output/rel already holds exactly these bytes.
        Returns the staged file's (size, mtime_ns), which moving it into place keeps; else None."""
        if self._fresh:
            _parts(self.output, rel)
        elif same_bytes(safe_join(self.output, rel, self._checked), data) and rel not in self.adopted:
            return None   # (an adopted file is staged: the spare holds no copy of a file that was not sitegen's)
        target = os.path.join(self.path, rel)  # rel passed safe_join's checks; the stage is ours alone
        self._folder(os.path.dirname(target))
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)  # as open(): umask applies
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            st = os.fstat(fd)  # after the last write: the size and mtime the file keeps when moved
        finally:
            os.close(fd)
        return st.st_size, st.st_mtime_ns

    def put_file(self, rel: str, source: Path) -> tuple[int, int] | None:
        """put() of a file's bytes, never held in memory: compared in chunks, copied by the kernel
        (root/'s and static/'s files published as they are: a video, an archive's PDFs). A source and
        an output whose stamps the last build found holding the same bytes are not read again: every
        changing build read each such file twice (a 1 GB root/ video, 2 GB per story edit: rf48l 5).
        The copy takes its source's mtime, as rsync's quick check has it."""
        src = os.stat(source)
        if self._fresh:
            _parts(self.output, rel)
        elif rel not in self.adopted and self._holds(rel, safe_join(self.output, rel, self._checked), source, src):
            return None
        target = os.path.join(self.path, rel)
        self._folder(os.path.dirname(target))
        # the last build's pair no longer holds: kept, an unsettled copy given the old source's mtime and
        # size (another source of that stamp: a theme's file under a removed override) matched it again
        self.copies[rel] = None
        shutil.copyfile(source, target)   # (a new file: umask applies, as put()'s os.open)
        st = os.stat(target)
        if src.st_mtime_ns < time.time_ns() - RACY_NS:   # (a change during the copy gives the source a later one)
            os.utime(target, ns=(src.st_mtime_ns, src.st_mtime_ns))
        elif st.st_mtime_ns == src.st_mtime_ns:  # a clock of coarse ticks gave both the same: not then its copy
            os.utime(target, ns=(st.st_atime_ns, src.st_mtime_ns - 1))   # (the tick before, once truncated)
        else:
            return st.st_size, st.st_mtime_ns
        st = os.stat(target)
        self._same(rel, src, st)
        return st.st_size, st.st_mtime_ns

    def _holds(self, rel: str, path: str, source: Path, src: os.stat_result) -> bool:
        """Whether output `path` holds `source`'s bytes: known from the last build when neither has
        changed since (by the source's full stamp: rf49a 1), else compared, and so known next time
        (a `touch`ed video compared once, not by every build after: rf49a 2)."""
        try:
            out = os.stat(path)
        except OSError:
            return False
        if self.known.get(rel) == _pair(src, out):
            self.copies[rel] = self.known[rel]
            return True
        if not same_file(path, source):
            return False
        self._same(rel, src, out)
        return True

    def _same(self, rel: str, src: os.stat_result, out: os.stat_result) -> None:
        """Remember that output `rel` (as `out`) holds source `src`'s bytes, once its stamp is settled."""
        if settled(src):
            self.copies[rel] = _pair(src, out)

    def _folder(self, folder: str) -> None:
        """A stage folder and its parents. One mkdir a new folder: os.makedirs stats the parent
        first, and on a first build a mkdir costs as much as writing the page (ext4, 0.2 ms)."""
        if folder in self._made:
            return
        try:
            os.mkdir(folder)
        except FileExistsError:  # another worker made it
            pass
        except FileNotFoundError:
            self._folder(os.path.dirname(folder))
            os.makedirs(folder, exist_ok=True)
        self._made.add(folder)

    def apply(self, stale: set[str], owned: set[str] | None = None, record: Record | None = None,
              preview: tuple[str, ...] | None = None, base: str | None = None, began: int | None = None) -> set[str]:
        """Switch the output to the new build in one step: the spare copy is brought up to date
        (hard links to unchanged files), staged files move in, stale ones go, and then the spare
        and the live folder trade places with one atomic rename. A process killed at any moment
        leaves the old build whole; a web server never sees two builds mixed.
        `owned`: every output of this build (None: the staged ones); `record`: the live folder's
        (from claim()); `preview`: what a --drafts/--future build published, `base`: the base_url
        it was built for, `began`: when the build began (time.time_ns(); None for both: as the record
        says). Returns files found in the output that sitegen did not write."""
        live, spare = self.output, self.spare
        assert spare is not None
        record = record if record is not None else (read_record(live) or Record())
        owned = set(self.staged) if owned is None else owned
        preview = record.preview if preview is None else preview
        base = record.base if base is None else base
        began = record.began if began is None else began
        foreign = record.foreign - owned
        if not live.exists():  # first build: one rename (see _rename_in)
            if record.token or record.owned:   # it was there when claimed: this stage holds what changed only
                raise GoneError(live)
            self._rename_in(owned, preview, base, began)
            return set()
        try:   # up to the switch: every step reads the live folder, or swaps it
            # every switch, not a build's only: the idle search index (watch/serve) switched a volume mounted
            # in public/ since the last build out of the web root (rf50e 1); a build checked before its sync
            refuse_held_mounts(live, spare)
            for name in (RECORD, f"{RECORD}.tmp"):   # before the spare is touched: it would go live without it
                _refuse_users_record_folder(live, name)
            since = self.sync.began if self.sync is not None else time.time_ns()   # what changed in live after, is put back
            synced = self.sync.result() if self.sync is not None else None
            found, known, linked = synced or sync_spare(live, spare, record)
            found = found - self.adopted   # one copied in by hand since the last build, with the bytes sitegen writes there
            check_clashes(live, owned, found)
            foreign |= found
            if not record.swept:  # once per site: later, an X.link-tmp beside X is the user's own file
                self.dropped = old_link_temporaries(live, foreign)
            foreign -= self.dropped
            touched = self._move_into(spare, stale | self.dropped)
            copies, growing = _copies(live, spare, foreign)
            new = Record(owned, foreign, _token(), record.token, touched, preview=preview, swept=True, base=base,
                         began=began)
            self.token = new.token
            _note_folders(new, spare, known, touched, linked)
            write_record(spare, new, live)
            self.found = found - owned - self.dropped   # before the switch: a stop after it still says them
            _refuse_replaced(live, record, self.sync)   # last, before the note: the user's folder is not made the spare
            before = time.time_ns() - CLOCK_SLACK_NS   # a file changed in the new output after this came after the switch
            marker = _landing(spare)   # left by a failed switch too: a Ctrl-C may come after the rename, in exchange()
            marker.write_text(f"{new.token} {since} {before}\n", encoding="ascii")
            exchange(spare, live)
        except FileNotFoundError as exc:   # said of the spare ('public.spare: No such file or directory')
            if os.path.lexists(live):
                raise
            raise GoneError(live) from exc
        ours = AnyOf(owned, record.owned, stale, self.dropped)   # (stale outputs, link temporaries: taken out on purpose)
        # the last build's folders too: one this build drops (a stale page's) is in no new folder's list,
        # and its parent's mtime does not move when a file lands inside it
        folders = new.folder_names(record.folder_names())
        if not os.path.lexists(live):   # moved away right after the switch, the new build with it: a put-back made
            # a public/ of its own, with no record: every build failed on it
            raise GoneError(live, switched=True, kept=_keep_landed(spare, folders, ours, new.foreign, since))
        back = _put_back(spare, live, growing + _changed_since(spare, copies))
        gone, swapped = _users_changes(spare, live, folders, ours, back, since, before)
        marker.unlink(missing_ok=True)
        self.found = (self.found - gone) | swapped   # said kept: the next build names the output in their way
        self.taken = [rel for rel in copies if rel not in back and rel not in gone]
        self.discard()
        return self.found

    def _rename_in(self, owned: set[str], preview: tuple[str, ...], base: str, began: int) -> None:
        """A first build: the stage, its record written, becomes the output. A small one makes no
        spare copy: the next build that writes makes it (SpareSync, while it parses and renders),
        and compares that copy whole with this one, so no folder mtimes are recorded. A large one
        (`spare_from` files: 100,000 folders at 100,000 articles, 8 s of the next edit's) has the
        spare made in a child right after the switch (first_spare), while the build saves its
        cache, so its first edit finds a copy of this very build and links only what it changes.
        Made before the switch, the spare would wait for the last page."""
        whole = self.sync is not None and self.spare_from is not None and len(owned) >= self.spare_from
        self.token = _token()
        write_record(self.path, Record(owned, set(), self.token, preview=preview, swept=True, base=base, began=began))
        self.path.rename(self.output)
        if whole:
            assert self.sync is not None and self.spare is not None
            live, spare = self.output, self.spare
            self.sync.making = Aside(lambda: first_spare(live, spare))

    def _move_into(self, spare: Path, stale: set[str]) -> set[str]:
        """The stale outputs removed from the spare, then the staged files moved into it (a folder
        where a file goes is removed first): the outputs touched. Removals first: a stale file may
        be where a new output's folder goes (static/img become static/img/x.css), and the move
        failed on it, build after build (review48f). The spare has no record meanwhile (sync_spare
        dropped it), so a kill here leaves a copy the next build compares whole. The folders they
        leave empty go last: one a new file goes into keeps its mode and group (same_modes)."""
        touched: set[str] = set()
        for rel in sorted(stale):
            remove_output(spare, rel, prune=False)
            touched.add(rel)
        for rel in self.staged:
            target = safe_join(spare, rel, None)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)
                os.replace(self.path / rel, target)
            except OSError as exc:   # it named the spare's path, which the user never sees, and said no more
                if exc.errno == errno.ENOSPC:   # (the build says that one of the disk)
                    raise
                raise PlaceError(self.output, spare, rel, exc) from exc
            touched.add(rel)
        for rel in sorted(stale):
            prune_folders(spare, rel)
        return touched

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def switched(self) -> bool:
        """Whether the output holds this stage's build: a stop that came after the switch (apply()
        interrupted between its rename and its return) leaves the new build, not the old one."""
        record = _peek_record(self.output) if self.token else None
        return record is not None and record.token == self.token


class AnyOf:
    """Membership in any of some sets, without their union: apply()'s files that are sitegen's are this
    build's and the last one's outputs, 177,000 names each at 100,000 articles (their union took 0.06 s
    of an edit's CPU), asked of the few files in the folders changed during the build."""

    def __init__(self, *sets: Collection[str]):
        self.sets = sets

    def __contains__(self, rel: object) -> bool:
        return any(rel in each for each in self.sets)


def _users_changes(old: Path, live: Path, folders: Iterable[str], ours: AnyOf | set[str], back: set[str], since: int,
                   before: int, switched: int | None = None, left: frozenset[str] = frozenset()
                   ) -> tuple[set[str], set[str]]:
    """What the user changed in the output switched out (`old`) after the sync began (`since`), done in
    `live` too: files that came put back (`back` gets them), files taken out taken out. Returns those
    taken out, and those put back swapped with the build's entry at their name (_put_back).
    `switched`: when the switch was (finish_landing's, a build later): what changed after it is left;
    `left`: entries of `old` that stay there whatever they hold (a swap's, _finish_swaps)."""
    changed = _changed_folders(old, folders, since)
    landed = _landed(old, live, changed, ours, since, switched, left)
    # what was taken out before what came is put back: a file renamed in the output during the build
    # (report.pdf -> report-2024.pdf) is one inode under both names, and the put-back's rename moved
    # its ctime past `before`, so its old name, the spare's link, stayed too (rf47b 5)
    gone = _deleted(old, live, changed, AnyOf(ours, back, set(landed)), before)
    swapped: set[str] = set()
    back |= _put_back(old, live, landed, swapped)
    return gone, swapped


def _keep_landed(old: Path, folders: set[str], ours: AnyOf | set[str], foreign: set[str], since: int
                 ) -> tuple[Path, list[str]] | None:
    """The output moved away right after the switch (GoneError): what the user put into it while the
    build ran, after its sync, is in the folder switched out (`old`, the spare) alone, not in the moved
    one, and the build after next mirrored the spare over it, said nowhere (rev55c). Moved to a folder
    beside the spare that no build touches, for the error to name. In the `folders` changed since
    `since`: entries not sitegen's (not in `ours`) that the new build did not find (not `foreign`), and
    files it found that are there alone (one link: saved anew by rename during the build). Returns that
    folder and the files kept, None if none."""
    found = [rel for rel, entry in _entries(old, _changed_folders(old, folders, since))
             if rel not in ours and _came(entry, rel, foreign, folders, since)]
    if not found:
        return None
    keep = old.with_name(f"{old.name}{KEPT_INFIX}{time.time_ns()}")
    files = []
    for rel in sorted(found):
        try:
            (keep / rel).parent.mkdir(parents=True, exist_ok=True)
            os.rename(old / rel, keep / rel)
        except OSError:
            continue
        files += [rel] if not (keep / rel).is_dir() or (keep / rel).is_symlink() else \
            [f"{rel}/{sub}" for sub in _files_below(keep / rel)]
    return (keep, files) if files else None



def _entries(old: Path, folders: Iterable[str]) -> Iterator[tuple[str, os.DirEntry]]:
    """Each entry of `folders` in `old` with its path from old's top, the record's own files left
    out; a folder gone or unreadable is skipped (it holds nothing to keep)."""
    for folder in folders:
        try:
            with os.scandir(os.path.join(old, folder)) as it:
                entries = list(it)
        except OSError:
            continue
        for entry in entries:
            rel = f"{folder}/{entry.name}" if folder else entry.name
            if rel not in (RECORD, f"{RECORD}.tmp"):
                yield rel, entry

def _came(entry: os.DirEntry, rel: str, foreign: set[str], folders: set[str], since: int) -> bool:
    """Whether `entry` (not sitegen's) of the folder switched out came while the build ran (_keep_landed):
    a folder no record lists (whole: a listed one is looked in as a folder of the list), a file the
    build did not find (not `foreign`), or one it found but linked nowhere else and changed since `since`."""
    try:
        if entry.is_dir(follow_symlinks=False):
            return rel not in folders
        if rel not in foreign:
            return True
        st = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_nlink == 1 and st.st_ctime_ns >= since - CLOCK_SLACK_NS


def _landing(spare: Path) -> Path:
    """The note of a switch whose check of the user's changes (_users_changes) is not done yet: its
    build's token, `since` and `before`, then lines _note adds (the switch's time, swaps begun). A kill
    between the switch and that check left a file put in public/ during the build in the spare alone,
    and from then on every other build published it (inc55 2)."""
    return spare.with_name(f"{spare.name}{LANDING_SUFFIX}")


def finish_landing(output: Path, spare: Path) -> None:
    """What a build killed after its switch left undone (_landing) done (the caller holds the site's
    lock): the user's files that came during it put back, those taken out taken out; a note of a switch
    that did not happen (killed before it) dropped."""
    marker = _landing(spare)
    try:
        first, *more = marker.read_text(encoding="ascii").split("\n")
        token, since, before = first.split()
        times = int(since), int(before)
        if not more:   # cut short by a kill while it was written
            raise ValueError(first)
    except FileNotFoundError:
        return
    except (OSError, ValueError):
        marker.unlink(missing_ok=True)
        return
    notes = more[:-1]   # (the last: after the last newline, empty or a line a kill cut short)
    new, old = read_record(output), read_record(spare)
    if new is not None and old is not None and new.token == token and new.spare == old.token:
        switched = _noted_switch(notes)
        if switched is None:   # before a put-back moves the spare's ctime; kept, for a run after a kill in this one
            switched = _switched_at(spare, marker)
            with suppress(OSError):
                _note(marker, f"{_SWITCHED} {switched}")
        left = _finish_swaps(spare, output, notes)
        ours = AnyOf(new.owned, old.owned, new.changed)   # as apply()'s: `changed` holds its stale outputs and link temporaries
        back = _put_back(spare, output, _grown(spare, output, new.foreign, times[1]))
        _users_changes(spare, output, new.folder_names(old.folder_names()), ours, back, *times, switched=switched,
                       left=left)
    marker.unlink(missing_ok=True)


_SWITCHED, _SWAP = "switched", "swap"   # the landing note's lines after its first (see _note)


def _note(marker: Path, line: str) -> None:
    """`line` added to the landing note in one write (a kill cuts short only a last line, which then has
    no newline and is not read), the note's mtime kept: _switched_at's, until a line says the time."""
    st = os.stat(marker)
    fd = os.open(marker, os.O_WRONLY | os.O_APPEND)
    try:
        os.write(fd, f"{line}\n".encode("ascii"))
    finally:
        os.close(fd)
    os.utime(marker, ns=(st.st_atime_ns, st.st_mtime_ns))


def _noted_switch(notes: list[str]) -> int | None:
    """The switch's time, as a finish_landing that was itself killed noted it: a rerun that took it
    anew (_switched_at) took a later one, the ctime its put-backs gave the spare, and undid what the
    user changed between the two runs (rev55c)."""
    for line in notes:
        kind, _, value = line.partition(" ")
        if kind == _SWITCHED and value.isdigit():
            return int(value)
    return None


def _finish_swaps(old: Path, live: Path, notes: list[str]) -> frozenset[str]:
    """_put_back's swaps (a file and a folder) that a kill cut short between exchange()'s fallback
    renames, finished: the user's entry, moved aside in the spare, goes live, the build's goes to the
    spare. Returns the entries still aside (the user put their own at that name since), for the look at
    their changes to leave in the spare, not publish."""
    left = set()
    for line in notes:
        kind, _, value = line.partition(" ")
        if kind != _SWAP:
            continue
        try:
            at, data = value.split(" ", 1)
            began, (rel, name) = int(at), json.loads(data)
            source, target = safe_join(old, rel), safe_join(live, rel)
            # only a name _swap gives
            if not re.fullmatch(rf"\.{re.escape(source.name)}{re.escape(EXCHANGE_INFIX)}[0-9a-f]{{16}}", name):
                continue
        except (ValueError, TypeError, AttributeError, WriteError):   # not a line of _swap's
            continue
        aside = source.with_name(name)
        with suppress(OSError):
            _finish_swap(source, target, aside, began)
        if os.path.lexists(aside):
            left.add(posixpath.join(posixpath.dirname(rel), name))
    return frozenset(left)


def _finish_swap(source: Path, target: Path, aside: Path, at: int) -> None:
    """exchange(target, source, aside)'s fallback finished (see _put_back): `source` was moved to `aside`
    (the user's entry, in the spare), then `target` (the build's, live) to `source`, then `aside` to
    `target`. A `target` changed since the swap began (`at`) is the user's: it stays, and theirs from
    during the build goes back to the spare."""
    if not os.path.lexists(aside):   # done, or never begun
        return
    if not os.path.lexists(source):   # killed after the first rename
        if os.path.lexists(target) and _changed_after(target, at):
            os.rename(aside, source)
            return
        if os.path.lexists(target):
            os.rename(target, source)
        # else the build's entry, still live, taken out by the user since: theirs goes live, as the swap
        # would have put it; back in the spare, the mirror deleted it, said nowhere (rev56b 3)
    if not os.path.lexists(target):
        try:
            os.rename(aside, target)
        except OSError:   # (a 0555 folder refused to move: both as they were before the swap)
            os.rename(source, target)
            os.rename(aside, source)
            raise


def _switched_at(spare: Path, marker: Path) -> int:
    """When the switch the note tells of was done: the exchange sets the ctime of the folder it moved
    (the note's mtime, written just before it, where a file system does not). The user may change
    public/ between the kill and the next build: a file saved again, taken out (rev55c)."""
    try:
        return max(os.stat(spare).st_ctime_ns, os.stat(marker).st_mtime_ns)
    except OSError:
        return 0


def _grown(old: Path, live: Path, foreign: Iterable[str], before: int) -> list[str]:
    """apply()'s first put-back, for finish_landing: another account's files `old` holds changed
    since the switch's copy of them, which is live and untouched since (`before`): an upload in
    place went on in the folder switched out, and the next sync copied the copy over it (rf45l)."""
    out = []
    for rel in _copies(old, live, foreign)[1]:
        try:
            if os.lstat(safe_join(live, rel)).st_ctime_ns < before:
                out.append(rel)
        except (OSError, WriteError):
            continue
    return out


def _copies(live: Path, spare: Path, foreign: Iterable[str]) -> tuple[dict[str, os.stat_result], list[str]]:
    """Of the files not sitegen's, those of another user the spare holds a copy of (the kernel
    refused the link, _link_or_copy), with their live file's stat now, and of those the ones whose live
    file changed since it was copied: being written now (an upload in place), they are put back after
    the switch (_put_back), as are those written from now to the switch (_changed_since)."""
    copies, growing = {}, []
    me = os.geteuid()
    for rel in sorted(foreign):
        try:
            have, copy = os.lstat(safe_join(live, rel)), os.lstat(safe_join(spare, rel))
        except (OSError, WriteError):
            continue
        if not stat.S_ISREG(have.st_mode) or os.path.samestat(have, copy) or have.st_uid == me:
            continue
        copies[rel] = have
        if (have.st_size, have.st_mtime_ns) != (copy.st_size, copy.st_mtime_ns):
            growing.append(rel)
    return copies, growing


def _changed_since(old: Path, seen: dict[str, os.stat_result]) -> list[str]:
    """Of the files `seen` (stat()ed before the switch), those `old` holds changed since: a write in
    place that began after _copies looked went into the folder switched out (rf46a)."""
    out = []
    for rel, was in seen.items():
        try:
            now = os.lstat(safe_join(old, rel))
        except (OSError, WriteError):
            continue
        if (now.st_ino, now.st_size, now.st_mtime_ns, now.st_ctime_ns) != (was.st_ino, was.st_size, was.st_mtime_ns,
                                                                          was.st_ctime_ns):
            out.append(rel)
    return out


CLOCK_SLACK_NS = 50_000_000   # a file system's times come from a coarse clock, a tick behind time.time_ns()


def _changed_folders(old: Path, folders: Iterable[str], since: int) -> list[str]:
    """Of `folders` (and the top one), those of `old` (the output switched out) whose inode changed
    since `since` (time.time_ns()): a file was put there or taken out while the build ran. The ctime,
    not the mtime: `rsync -a src/ public/uploads/` sets the folder's mtime back to src/'s, and its new
    file stayed in the spare, its replaced one's old version went live (inc55 3). Each is
    stat()ed from its parent, opened once (O_PATH): the kernel walks one name, not the whole path
    (176,467 folders at 100,000 articles: 0.48-0.54 s of system time down to 0.29-0.38)."""
    out: list[str] = []
    try:
        top = os.open(old, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return out
    at = since - CLOCK_SLACK_NS
    try:
        if os.stat(top).st_ctime_ns >= at:
            out.append("")
        for head, names in _by_parent(folders).items():
            out += _changed_in(top, head, names, at)
    finally:
        os.close(top)
    return out


def _by_parent(folders: Iterable[str]) -> dict[str, list[str]]:
    """`folders` (no two alike) as parent -> names in it."""
    below: dict[str, list[str]] = {}
    for folder in folders:
        head, _, name = folder.rpartition("/")
        try:
            below[head].append(name)
        except KeyError:
            below[head] = [name]
    return below


def _changed_in(top: int, head: str, names: list[str], at: int) -> list[str]:
    """Of folders `names` in `head` (below the open folder `top`), those whose ctime is `at` or later."""
    out: list[str] = []
    prefix = f"{head}/" if head else ""
    try:
        fd = os.open(head, _PATH_ONLY | os.O_DIRECTORY, dir_fd=top) if head else top
    except OSError:   # (gone, a file now, or unreadable without O_PATH): each by its whole path, as before
        fd, names = top, [prefix + name for name in names]
        prefix = ""
    try:
        for name in names:
            try:
                if name and os.stat(name, dir_fd=fd).st_ctime_ns >= at:
                    out.append(prefix + name)
            except OSError:
                continue
    finally:
        if fd != top:
            os.close(fd)
    return out


_PATH_ONLY = getattr(os, "O_PATH", os.O_RDONLY)   # Linux's: opens a folder to walk from, without read permission


def _landed(old: Path, live: Path, changed: Iterable[str], ours: AnyOf | set[str], since: int,
            switched: int | None = None, left: frozenset[str] = frozenset()) -> list[str]:
    """Files that are not sitegen's (not in `ours`) put into the output while the build ran, after its
    spare was synced: they went into the folder the switch took out of use (`old`), so an upload by
    rename (rsync's, sftp's temporary file renamed over report.pdf) was lost and the old version went
    live again, and a new file waited in the spare (rf46a). Looked for in the folders `changed` since
    the sync (_changed_folders): those missing from `live`, or there as another file while this one
    changed since. Returns them (folders whole), for _put_back."""
    out: list[str] = []
    for rel, entry in _entries(old, changed):
        # an output is a file: a folder at its name is the user's (put there in place of a page)
        if rel not in left and (rel not in ours or entry.is_dir(follow_symlinks=False)):
            out += _arrived(old, live, rel, ours, since, switched)
    return sorted(set(out))


def _deleted(old: Path, live: Path, changed: Iterable[str], ours: AnyOf | set[str], before: int) -> set[str]:
    """Files not sitegen's (not in `ours`) taken out of the output while the build ran, after its spare
    was synced, taken out of the new output too: the spare kept their link, and the switch brought a
    withdrawn report.pdf back and deployed it (rf46e). In the folders `changed` since the sync, what
    `live` has and `old` lacks (a folder whole), each file only while its inode is unchanged since
    `before` (the switch, less the clock's slack): the one synced, not one put there after the switch.
    Returns the files taken out."""
    gone: set[str] = set()
    for folder in changed:
        try:
            missing = set(os.listdir(os.path.join(live, folder))) - set(os.listdir(os.path.join(old, folder)))
        except OSError:
            continue
        for rel in sorted(f"{folder}/{name}" if folder else name for name in missing):
            if rel in ours or rel in (RECORD, f"{RECORD}.tmp"):
                continue
            path = live / rel
            below = _files_below(path) if path.is_dir() and not path.is_symlink() else None
            for sub in [rel] if below is None else [f"{rel}/{name}" for name in below]:
                if sub not in ours and _unlink_if_older(live / sub, before):
                    gone.add(sub)
            if below is not None:
                _remove_empty_folders(path)
    return gone


def _unlink_if_older(path: Path, before: int) -> bool:
    """Unlink `path` if its inode has not changed since `before` (time.time_ns())."""
    try:
        if os.lstat(path).st_ctime_ns >= before:
            return False
        os.unlink(path)
    except OSError:
        return False
    return True


def _remove_empty_folders(folder: Path) -> None:
    """`folder` and the folders below it removed where empty (what is left holds a file)."""
    for top, _, _ in sorted(os.walk(folder), key=lambda entry: -len(entry[0])):
        try:
            os.rmdir(top)
        except OSError:
            continue


def _arrived(old: Path, live: Path, rel: str, ours: AnyOf | set[str], since: int,
             switched: int | None = None) -> list[str]:
    """Of `rel` in `old` (the output switched out), the files to go back to `live`: a file live has
    not, or has another file for while this one changed after `since`; in a folder live has not, every
    file not sitegen's (a folder the new build dropped held only its stale outputs, and what came since).
    `switched` (a build later): not one whose live entry changed after it (saved again since), nor one
    whose own inode did (taken out of live since: the spare's link went, its link count moved)."""
    if switched is not None and (_changed_after(old / rel, switched) or _changed_after(live / rel, switched)):
        return []
    try:
        was = os.lstat(old / rel)
    except OSError:
        return []
    try:
        now = os.lstat(live / rel)
    except FileNotFoundError:
        now = None
    except OSError:
        return []
    if stat.S_ISDIR(was.st_mode):
        if now is not None and stat.S_ISDIR(now.st_mode):   # its files are looked at as a folder of the list
            return []
        theirs = [f"{rel}/{sub}" for sub in _files_below(old / rel) if f"{rel}/{sub}" not in ours
                  and (switched is None or not _changed_after(old / rel / sub, switched))]
        # where live has a file (the new build's page), a folder holding files not sitegen's is put back
        # whole (one of only its stale pages is not), as a file where live has a folder: _put_back swaps them
        return theirs if now is None else [rel] if theirs else []
    if now is None:
        return [rel]
    changed = not os.path.samestat(was, now) and was.st_ctime_ns >= since - CLOCK_SLACK_NS
    return [rel] if changed else []


def _changed_after(path: Path, at: int) -> bool:
    """Whether the inode at `path` (if there) changed after `at`."""
    try:
        return os.lstat(path).st_ctime_ns > at
    except OSError:
        return False


def _files_below(folder: Path) -> list[str]:
    """The files (and links) below `folder`, relative to it."""
    out = []
    for top, dirs, files in os.walk(folder):
        at = os.path.relpath(top, folder)
        out += [name if at == "." else f"{at}/{name}" for name in files]
        out += [name if at == "." else f"{at}/{name}" for name in dirs if os.path.islink(os.path.join(top, name))]
    return out


def _put_back(old: Path, live: Path, rels: list[str], swapped: set[str] | None = None) -> set[str]:
    """Each file of `rels` that the switch moved into `old` (the live folder before it) renamed back
    over its copy in `live`: rf45l, a 40 MB upload written in place while a build copied it went
    live with the 15 MB copied, the uploader's own file (still being written) went into the spare,
    and the next build deleted it. Its writer now goes on writing in the live file. Returns those
    put back (a folder the builder may not write keeps the copy); `swapped` gets those swapped
    with what the build put at their name."""
    swapped = set() if swapped is None else swapped
    done = set()
    for rel in rels:
        try:
            target, source = safe_join(live, rel), safe_join(old, rel)
            if not target.parent.is_dir():   # a folder the new build no longer has (its pages gone)
                if not live.is_dir():        # (never the output itself: moved away meanwhile, see apply)
                    continue
                target.parent.mkdir(parents=True)
            if _one_a_folder(source, target):   # a file put in place of the build's folder, or a folder in
                _swap(old, rel, source, target)   # place of its page: swapped, the build's goes to the spare
                swapped.add(rel)                  # (a rename over it failed, and the next sync removed it: inc55 1)
            else:
                os.replace(source, target)
        except (OSError, WriteError):
            continue
        done.add(rel)
    return done


def _swap(old: Path, rel: str, source: Path, target: Path) -> None:
    """`source` (in the spare `old`) and `target` (live) swapped. Where exchange() falls back on three
    renames, the entry moved aside is `source`, beside it in the spare (a kill left `target`, beside it,
    published: inc55), and the landing note names it first, for finish_landing to finish the swap."""
    aside = source.with_name(f".{source.name}{EXCHANGE_INFIX}{_token()}")
    with suppress(OSError):   # (no note: never so from apply and finish_landing) the swap still, as before
        _note(_landing(old), f"{_SWAP} {time.time_ns()} {json.dumps([rel, aside.name])}")
    exchange(target, source, aside)


def _one_a_folder(a: Path, b: Path) -> bool:
    """Whether of `a` and `b`, both there, one is a real folder and the other is not."""
    try:
        return stat.S_ISDIR(os.lstat(a).st_mode) != stat.S_ISDIR(os.lstat(b).st_mode)
    except OSError:
        return False


def old_link_temporaries(live: Path, names: Iterable[str]) -> set[str]:
    """Of `names` (files found in `live` that sitegen did not write), those an older sitegen left:
    `X.link-tmp` (watch's `X.link-tmp.link-tmp`...) holding X's very bytes. _link_one renamed such a
    link over its own file, which does nothing (POSIX), so it stayed, was switched in with the next
    build and kept as the user's since, published and deployed. One whose X is gone or differs is kept.
    Looked for only when the live record is an older sitegen's (not `swept`): a copy a user makes later is theirs."""
    out = set()
    for rel in names:
        base = rel
        while base.endswith(LINK_TMP):
            base = base[:-len(LINK_TMP)]
        if base != rel and base and not base.endswith("/") and _same_file(live / base, live / rel):
            out.add(rel)
    return out


def folds_case(folder: Path) -> bool:
    """Whether the disk `folder` is on (or would be made on) takes a name in another case for the
    same file, as macOS's and Windows' do and Linux's do not: asked of case_probe's name. A look-up,
    nothing written (rf46c)."""
    probe = case_probe(folder)
    if probe is None:
        return False
    try:
        return os.path.samestat(os.lstat(probe), os.lstat(probe.with_name(probe.name.swapcase())))
    except OSError:
        return False


def case_probe(folder: Path) -> Path | None:
    """A name with letters in it on the disk `folder` is on: an entry of `folder`, else of the
    nearest folder up that exists (a first build's public/ is not made yet), else of those above it
    on that same disk. Never a folder's own name: its parent answers for it, and the site folder at
    the root of a case-blind share or USB disk sits on a case-sensitive one (rf47a)."""
    here = folder.resolve()
    while not here.is_dir() and here != here.parent:
        here = here.parent
    try:
        disk = os.stat(here).st_dev
    except OSError:
        return None
    while True:
        probe = _lettered_entry(here, disk)
        if probe is not None or here == here.parent:
            return probe
        try:
            if os.stat(here.parent).st_dev != disk:
                return None
        except OSError:
            return None
        here = here.parent


def _lettered_entry(folder: Path, disk: int) -> Path | None:
    """The first entry of `folder` whose name changes with its case and which is on `disk` (not a
    disk mounted there)."""
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.isascii() and entry.name.swapcase() != entry.name:
                    try:
                        if entry.stat(follow_symlinks=False).st_dev == disk:
                            return Path(entry.path)
                    except OSError:
                        continue
    except OSError:
        pass
    return None


def _same_file(a: Path, b: Path) -> bool:
    """One file (hard links), or two regular files of equal bytes (a site copied without its links)."""
    try:
        sa, sb = os.lstat(a), os.lstat(b)
    except OSError:
        return False
    if os.path.samestat(sa, sb):
        return True
    if not (stat.S_ISREG(sa.st_mode) and stat.S_ISREG(sb.st_mode)) or sa.st_size != sb.st_size:
        return False
    import filecmp
    try:
        return filecmp.cmp(a, b, shallow=False)
    except OSError:
        return False


def _note_folders(new: Record, spare: Path, known: RawDirs | None, touched: set[str], linked: set[str]) -> None:
    """The spare's folder mtimes in its new record: every folder's when its old record's are not
    known, else those as the old record had them and the mtimes of the folders of the files
    touched or linked since."""
    if known is None:
        new.dirs = _dir_mtimes(spare, new.owned | new.foreign)
    else:
        new.raw, new.dirs = known, _dir_mtimes(spare, touched | linked, gone=-1)


class Cancelled(Exception):
    """catch_up_spare was stopped by its `cancel` event (watch/serve: a save came); the spare is
    left as a build trusts it: its record as before the links, or none (then it is compared whole)."""


def prepare_spare(live: Path, spare: Path, cancel: Event | None = None) -> None:
    """Make the spare copy a first build skipped (a long-lived watch/serve process does this while
    idle, so its first rebuild finds every file linked already and only compares)."""
    if live.is_dir() and not spare.exists():
        _mirror(live, spare, cancel=cancel)
        (spare / RECORD).unlink(missing_ok=True)  # a copy, not a finished build: sync_spare checks it


def first_spare(live: Path, spare: Path) -> bytes:
    """A large first build's spare copy (Stage._rename_in), made in a child after the switch. The
    live record gains its folders' mtimes first (stat()ing 100,000 folders took the build's own
    process 7 s at load 16 before the switch), the new record renamed over the old from the spare,
    so public/ holds one record or the other and never a temporary; then catch_up_spare copies
    the folder. A file put in public/ before its folder is stat()ed here is linked into the copy
    and named in its record; one put there after changes that mtime, and the next build compares
    the two copies whole."""
    if not _note_live_folders(live, spare):
        return b"0"
    return b"1" if catch_up_spare(live, spare) else b"0"


def _note_live_folders(live: Path, spare: Path) -> bool:
    """A first build's record in `live` replaced by one with its folders' mtimes (first_spare);
    apart, so its 177,000 names are let go before the copy is made (the child's peak)."""
    record = read_record(live)
    if record is None or not record.token or record.dirs:
        return False
    record.dirs = _dir_mtimes(live, record.owned)  # a first build's files are all sitegen's (the folder was new)
    spare.mkdir(parents=True, exist_ok=True)
    _drop_record(spare, live)  # whatever it held: from here on not a finished copy
    tmp = spare / f"{RECORD}.live"   # a kill leaves it in the spare, which the next sync compares whole
    tmp.unlink(missing_ok=True)
    tmp.write_bytes(record.dump())
    os.replace(tmp, live / RECORD)
    return True


def catch_up_spare(live: Path, spare: Path, cancel: Event | None = None) -> bool:
    """Make the spare equal to the live folder now (watch/serve, once quiet), so the next build's
    sync_spare finds nothing to link: after a checkout that rewrote 1,540 of 2,000 pages the
    first save waited for their links. The spare's record then takes the live one's token (no
    build's record shares it, each has a new one) and lists the files found that no record
    lists; it is trusted only while the live folder keeps its record and its folders' mtimes
    (_unchanged). True when the spare is such a copy."""
    record = read_record(live, raw_dirs=True)
    if record is None or not record.token or held_mounts(live, spare):   # a volume's files are not copied
        return False                                                     # aside: the next build refuses it
    if record.raw is None or not record.raw.entries:  # a first build's: no folders to check it by
        prepare_spare(live, spare, cancel)
        return False
    old = _peek_record(spare) if spare.is_dir() else None
    if old is not None and old.token == record.token and old.spare == COPY:
        return True
    found, known, linked = sync_spare(live, spare, record, cancel)
    dirs = (_dir_mtimes(spare, linked, gone=-1) if known is not None
            else _dir_mtimes(spare, record.owned | record.foreign | found))
    write_record(spare, Record(found, set(), record.token, COPY, set(), dirs, known), live)
    return True


def sync_spare(live: Path, spare: Path, record: Record, cancel: Event | None = None
               ) -> tuple[set[str], RawDirs | None, set[str]]:
    """Make the spare equal to the live folder. Fast when the spare is the copy this live one
    replaced and nobody added files since: only the files that build changed are linked; at
    once when it is a copy of this live folder already (catch_up_spare).
    Returns files found that no record lists, the spare's known folder mtimes (as its record
    holds them, unparsed), files linked. `cancel` set: Cancelled, the spare's record put back
    when only some of the files that build changed were linked (the next sync links them all)."""
    finish_landing(live, spare)   # a killed build's look at the user's changes: in the spare alone until then
    data = _record_bytes(spare) if spare.is_dir() else None
    old = parse_record(data, raw_dirs=True, names=False) if data is not None else None
    if spare.is_dir():
        _writable(str(spare))   # a read-only public/'s copy, from a build that failed on it
    _drop_record(spare, live)  # from here on the spare is not a finished copy
    copied = old is not None and old.spare == COPY and old.token == record.token   # see catch_up_spare
    chmodded: list[str] = []
    unchanged = old is not None and bool(record.token) and (copied or old.token == record.spare) \
        and _unchanged(live, record, chmodded)
    if unchanged and copied:
        copy = parse_record(data, raw_dirs=True)
        if copy is not None and copy.raw is not None:
            same_modes(live, spare, chmodded)
            return copy.owned, copy.raw if copy.raw.entries else None, set()
    elif unchanged:
        linked = record.changed | record.foreign
        gone = []
        for rel in sorted(linked):   # (sorted: a file become a folder goes before the files in it)
            if cancel is not None and cancel.is_set():
                write_record_bytes(spare, data, live)
                raise Cancelled
            if _link_one(live, spare, rel):
                gone.append(rel)
        for rel in gone:
            prune_folders(spare, rel)
        same_modes(live, spare, chmodded)
        # a first build's record has no folders: then they are all stat()ed, not taken as none
        return set(), old.raw if old.raw is not None and old.raw.entries else None, linked
    try:
        files = _mirror(live, spare, cancel=cancel)
    except _NotOurs:
        _set_aside(spare)
        files = _mirror(live, spare, cancel=cancel)
    same_modes(live, spare, ())  # the top folder (_mirror does those below it)
    files.discard(RECORD)
    return files - record.owned - record.foreign, None, set()


class SpareSync:
    """sync_spare() in a forked process (see aside.py), started as soon as a build knows it will
    write: the links and the stat() of every folder (0.3 s at 10,000 articles) overlap parsing and
    rendering instead of adding to them."""

    def __init__(self, output: Path, spare: Path):
        # the live folder's, for claim(): read once, here; its folders are parsed by the child
        self.record = read_record(output, raw_dirs=True)
        self.folder = _folder_id(output)   # the folder the build claims: not replaced before its switch (Stage.apply)
        self.token = (self.record.token if self.record is not None    # and its record's token, read as the
                      else str(_record_header(output).get("token", "")))   # check reads it (_refuse_replaced)
        self.began = time.time_ns()   # what changes in the output from now may be missed by the sync (Stage.apply)
        record = self.record
        self.aside = Aside(lambda: _synced(output, spare, record)) if record is not None else None
        self.making: Aside | None = None  # a large first build's spare, made after its switch (Stage._rename_in)

    def result(self) -> tuple[set[str], RawDirs | None, set[str]] | None:
        """What sync_spare returned, once the child is done; None if it did not run or failed."""
        data = self.aside.result() if self.aside is not None else None
        out = parse_record(data, raw_dirs=True) if data is not None else None
        if out is None:
            return None
        return out.owned, out.raw if out.token else None, out.changed

    def close(self) -> None:
        """Wait for the children (brief, or overlapping the cache's save) so the spare is never
        changed behind the next build."""
        try:
            if self.aside is not None:
                self.aside.close()
        except BaseException:
            if self.making is not None:
                self.making.cancel()
            raise
        if self.making is not None:
            self.making.close()

    def cancel(self) -> None:
        """Kill the children (a stop): killed at any moment, the spare has no record, or the one it
        had, and the next build compares it whole (sync_spare drops the record before it links)."""
        for aside in (self.aside, self.making):
            if aside is not None:
                aside.cancel()


def _synced(output: Path, spare: Path, record: Record) -> bytes:
    """sync_spare's result as a Record's bytes (the child's way back to the build)."""
    found, known, linked = sync_spare(output, spare, record)
    return Record(found, set(), "known" if known is not None else "", "", linked, {}, known).dump()


def _peek_record(folder: Path) -> Record | None:
    """A record's token, and its folders unparsed (what sync_spare needs of the spare's)."""
    data = _record_bytes(folder)
    return parse_record(data, raw_dirs=True, names=False) if data is not None else None


def _record_bytes(folder: Path) -> bytes | None:
    try:
        return (folder / RECORD).read_bytes()
    except OSError:
        return None


def _unchanged(live: Path, record: Record, chmodded: list[str] | None = None) -> bool:
    """No file was added to or removed from the live folder since it was switched in: every folder
    keeps its mtime, and the top folder lists only what the record knows. `chmodded` gets the
    folders whose inode changed since its record was written (a chmod, a chgrp: same_modes)."""
    dirs = record.folders()
    if not dirs:
        return False
    try:
        folder = os.open(live, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    try:
        since = os.stat(RECORD, dir_fd=folder).st_mtime_ns   # its folders were filled before it was written
        for rel, mtime in dirs.items():
            st = os.stat(rel, dir_fd=folder)
            if st.st_mtime_ns != mtime:
                return False
            if chmodded is not None and st.st_ctime_ns >= since:
                chmodded.append(rel)
        # each entry of the top folder is a folder or a file the record names (a name there has no "/"),
        # asked of the record's sets: not a set made of their 177,000 names to look up some 15
        return all(e in dirs or e in record.owned or e in record.foreign or e == RECORD for e in os.listdir(folder))
    except OSError:
        return False
    finally:
        os.close(folder)


def _dir_mtimes(root: Path, files: Iterable[str], gone: int | None = None) -> dict[str, int]:
    """mtime of every folder below root holding `files` (the root itself changes with the record).
    A folder that is not there is left out, or given `gone` (-1 in a change to RawDirs)."""
    out: dict[str, int] = {}
    folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for d in {d for rel in files for d in _parents(rel)}:
            try:
                out[d] = os.stat(d, dir_fd=folder).st_mtime_ns
            except OSError:
                if gone is not None:
                    out[d] = gone
    finally:
        os.close(folder)
    return out


def _parents(rel: str) -> list[str]:
    parts = rel.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _link_one(live: Path, spare: Path, rel: str) -> bool:
    """spare/rel := live/rel (a hard link), or gone when live/rel is (True: the caller then removes the
    folders left empty, once all are linked: one made again would lose its mode, same_modes).
    A folder now: the file there goes, and the files in it are linked on their own (sorted after it)."""
    src, dst = live / rel, safe_join(spare, rel)
    try:
        have: os.stat_result | None = os.lstat(src)
    except OSError:  # gone (as os.path.lexists says)
        have = None
    if have is not None and stat.S_ISDIR(have.st_mode):   # review48f: static/img become static/img/x.css
        if dst.is_symlink() or (os.path.lexists(dst) and not dst.is_dir()):
            dst.unlink()
        return False
    if dst.is_dir() and not dst.is_symlink():
        shutil.rmtree(dst)
    if have is None:
        remove_output(spare, rel, prune=False)
        return True
    try:
        if os.path.samestat(have, os.lstat(dst)):  # renaming a link over its own file does nothing (POSIX): the
            return False                           # temporary stayed, and went live with the next switch
    except OSError:
        pass
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(dst.name + LINK_TMP)
    tmp.unlink(missing_ok=True)
    _link_or_copy(src, tmp)
    os.replace(tmp, dst)
    return False


def _link_or_copy(src: Path | str, dst: Path | str) -> None:
    """dst := src, a hard link; a copy where the kernel refuses the link: another user's file that
    this one may read but not write (fs.protected_hardlinks), a colleague's upload, certbot's
    root-owned challenge in .well-known/, which stopped every build ('Operation not permitted').
    The copy keeps the file's group too (rf45l: a 0640 root:www-data upload became the builder's
    group, and the web server got 403)."""
    try:
        os.link(src, dst, follow_symlinks=False)
    except PermissionError:
        shutil.copy2(src, dst, follow_symlinks=False)
        _same_group(os.lstat(src), dst)


def _same_group(have: os.stat_result, dst: Path | str) -> None:
    """dst given the group of the file `have` describes, then its mode again (a chown clears the
    setgid bit). Refused only when the builder is not in that group: then it read the file as any
    user may, so the web server still can (the copy keeps the mode), and it stays the builder's group."""
    if stat.S_ISLNK(have.st_mode) or os.lstat(dst).st_gid == have.st_gid:
        return
    try:
        os.chown(dst, -1, have.st_gid, follow_symlinks=False)
    except PermissionError:
        return
    os.chmod(dst, stat.S_IMODE(have.st_mode))


def _mirror(src: Path | str, dst: Path | str, prefix: str = "", seen: set[str] | None = None,
            fresh: bool = False, cancel: Event | None = None) -> set[str]:
    """Make dst equal to src with hard links (only entries that differ are touched); returns
    every file seen in src, relative to it. `fresh`: dst is a folder this call's caller just
    made, so it is empty (a whole new copy, 100,000 folders at 100,000 articles, then costs one
    mkdir each instead of a failed listing, a stat and a mkdir). `cancel` set: Cancelled, between folders."""
    if cancel is not None and cancel.is_set():
        raise Cancelled
    seen = set() if seen is None else seen
    have: dict[str, os.DirEntry] = {}
    if not fresh:
        try:
            have = {e.name: e for e in os.scandir(dst)}
        except FileNotFoundError:
            os.makedirs(dst)
        else:
            _writable(dst)
    try:
        entries = list(os.scandir(src))
    except FileNotFoundError:
        entries = []
    for e in entries:
        d = have.pop(e.name, None)
        target = os.path.join(dst, e.name)
        if e.is_dir(follow_symlinks=False):
            if d is not None and not d.is_dir(follow_symlinks=False):
                os.unlink(d.path)
                d = None
            if d is None:
                os.mkdir(target)
            _mirror(e.path, target, f"{prefix}{e.name}/", seen, fresh=d is None, cancel=cancel)
            try:   # once it is filled: a read-only public/ folder's copy (0555) took no folder made in it (review52b 3)
                _same_mode(e.stat(follow_symlinks=False), target)
            except OSError:   # gone meanwhile: the next build mirrors it
                pass
            continue
        seen.add(prefix + e.name)
        if d is not None:
            if d.inode() == e.inode():
                continue
            _remove(d)
        _link_or_copy(e.path, target)
    for d in have.values():
        _remove(d)
    if not entries and not os.path.isdir(src):
        shutil.rmtree(dst, ignore_errors=True)
    return seen


class _NotOurs(PermissionError):
    """A spare's folder its user may not make writable again: another account's (see _set_aside). A
    PermissionError still, for _mirror's other callers (a watcher's catch_up_spare)."""


def _writable(folder: str) -> None:
    """A spare's folder its owner may write in again while it is mirrored (_mirror gives it the live
    one's mode after): the copy of a read-only public/ folder, left so by a build that then failed,
    failed every build after it, even once public/ was made writable again. One the user may not
    chmod is another account's: _NotOurs."""
    mode = stat.S_IMODE(os.lstat(folder).st_mode)
    if mode & (stat.S_IWUSR | stat.S_IXUSR) != stat.S_IWUSR | stat.S_IXUSR:
        try:
            os.chmod(folder, mode | stat.S_IWUSR | stat.S_IXUSR)
        except PermissionError as exc:
            raise _NotOurs(exc.errno, exc.strerror, folder) from None


def _set_aside(spare: Path) -> None:
    """The spare renamed aside (a rename of the whole copy is the builder's to make: its folder is the
    cache's) and removed as far as the builder may, and made anew. It held another account's read-only
    folder (`sudo mkdir -m 555 public/legal`), there since the switch that made the live folder's copy
    of it: one the builder may neither write in nor empty, which failed every later build naming
    `.sitegen/public.spare/legal` (rr52d's Left). The new copy's folder is the builder's, the mode kept;
    what stays aside (that folder, and what is in it) is only that account's to remove."""
    aside = spare.with_name(f"{spare.name}{THEIRS_INFIX}{time.time_ns()}")
    os.rename(spare, aside)
    shutil.rmtree(aside, ignore_errors=True)


def clean_set_aside(spare: Path) -> None:
    """What _set_aside left beside the spare, removed as far as the builder may (the caller holds
    the site's lock and is about to write): a kill between its rename and its removal left a whole
    copy of the site there, and only the next build may remove it. Only names _set_aside makes (its
    infix, then digits), real folders, never a link's target; another account's folder in one stays
    (the builder may not empty it), with the folders above it, and goes once that account's is gone."""
    prefix = f"{spare.name}{THEIRS_INFIX}"
    try:
        entries = [e for e in os.scandir(spare.parent) if e.name.startswith(prefix)]
    except OSError:
        return
    for entry in entries:
        if entry.name[len(prefix):].isdigit() and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)


def same_modes(live: Path, spare: Path, folders: Iterable[str]) -> None:
    """The spare's folders given the modes and group of the live ones (the top folder too): the
    spare goes live, and its folders were made with the umask, so every other build turned a
    `2750 www-data` public/ into `0755` of the user's group, an embargoed 0700 folder into 0755.
    A chmod changes no mtime: a build that only links the changes is given the folders whose ctime
    is newer than the live record (_unchanged: the others are as this sync or the last left them)."""
    top = os.open(live, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for rel in ("", *folders):
            try:
                have = os.stat(rel, dir_fd=top, follow_symlinks=False) if rel else os.fstat(top)
            except OSError:   # gone since: nothing to copy
                continue
            _same_mode(have, os.path.join(spare, rel) if rel else str(spare))
    finally:
        os.close(top)


def _same_mode(have: os.stat_result, folder: str) -> None:
    """`folder` given the mode and group of the folder `have` describes (a group only where the
    user may give it: one of theirs; a folder not theirs to change is left as it is)."""
    try:
        mine = os.lstat(folder)
        if not (stat.S_ISDIR(mine.st_mode) and stat.S_ISDIR(have.st_mode)):
            return
        if mine.st_gid != have.st_gid:
            try:   # before chmod: a chown clears the setgid bit
                os.chown(folder, -1, have.st_gid, follow_symlinks=False)
            except OSError:  # not a group of theirs
                pass
        if stat.S_IMODE(mine.st_mode) != stat.S_IMODE(have.st_mode) or mine.st_gid != have.st_gid:
            os.chmod(folder, stat.S_IMODE(have.st_mode))
    except OSError:
        pass


def _remove(entry: os.DirEntry) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def exchange(a: Path, b: Path, aside: Path | None = None) -> None:
    """Swap two folders atomically: Linux renameat2(RENAME_EXCHANGE). Where that is missing (other
    systems, some file systems), three renames: public/ is missing for a moment, never mixed; `b` is
    moved aside meanwhile, to `aside` (default: beside it, '.<b>.exchange-<16 hex>')."""
    libc = _libc()
    if libc is not None:
        if libc.renameat2(-100, os.fsencode(a), -100, os.fsencode(b), 2) == 0:  # AT_FDCWD, RENAME_EXCHANGE
            return
        err = _errno()
        if err not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
            raise OSError(err, os.strerror(err), str(a))
    # a name of its own: '<b>.old' was removed first, whoever had put it there (an admin's backup);
    # a kill between the renames leaves it, and recover_exchange() puts it back where it belongs
    aside = aside or b.with_name(f".{b.name}{EXCHANGE_INFIX}{_token()}")
    os.rename(b, aside)
    try:
        os.rename(a, b)
    except BaseException:
        os.rename(aside, b)  # b as it was
        raise
    try:
        os.rename(aside, a)
    except OSError:   # a's place refused it (EACCES: a 0555 folder moved to another parent rewrites its '..'):
        os.rename(b, a)   # both as they were, for the caller to retry or say (left so, a's place stayed empty: rr53d 1)
        os.rename(aside, b)
        raise


def recover_exchange(output: Path, spare: Path) -> None:
    """Finish what a folder exchange's fallback left when it was killed between its renames (the
    caller holds the site's lock): the live folder it had moved aside goes back to the output's
    place if that is empty (killed before the new build moved in: public/ was missing, and the
    next build started over without the files put there by hand), else to the spare's if that is
    empty (killed before the last rename). Only a folder this code made: its name, a 16-hex-digit
    token, a real folder holding an output's record; one with both places taken is left alone."""
    prefix = f".{output.name}{EXCHANGE_INFIX}"
    try:
        entries = [e for e in os.scandir(output.parent) if e.name.startswith(prefix)]
    except OSError:
        return
    for entry in entries:
        token = entry.name[len(prefix):]
        if (len(token) != 16 or token.strip("0123456789abcdef") or not entry.is_dir(follow_symlinks=False)
                or not os.path.isfile(os.path.join(entry.path, RECORD))):
            continue
        for place in (output, spare):
            if not os.path.lexists(place):
                os.rename(entry.path, place)
                break


def _errno() -> int:
    import ctypes
    return ctypes.get_errno()


@lru_cache(maxsize=1)
def _libc():
    """glibc, for renameat2 (ctypes loads only when a build switches folders)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.renameat2  # noqa: B018 - glibc 2.28+
    except (OSError, AttributeError):
        return None
    return libc


def remove_output(output: Path, rel: str, prune: bool = True) -> None:
    """Delete output/rel and (`prune`) the folders it leaves empty."""
    try:
        target = safe_join(output, rel)
        target.unlink()
    except (OSError, WriteError):
        return
    if prune:
        prune_folders(output, rel)


def prune_folders(output: Path, rel: str) -> None:
    """output/rel's folders removed while empty, from the deepest up (one now a file ends it)."""
    try:
        parent = safe_join(output, rel).parent
    except WriteError:
        return
    while parent != output and parent.is_relative_to(output):
        try:
            parent.rmdir()
        except OSError:
            break
        parent = parent.parent


def existing_files(output: Path) -> set[str]:
    if not output.is_dir():
        return set()
    return {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file() or p.is_symlink()}


HOSTED = ("static", "images")   # public/'s folders whose files hosts cache for a year (hosting.render_headers)


def own_files(output: Path) -> tuple[str, ...]:
    """The files in `output`'s HOSTED folders that sitegen did not write, as its record says (not as their
    names look: rf46a, a user's poll-widget.20250117.js passed for fingerprinted): _headers must not
    cache them for a year. An input of every build, so adding or removing one renders _headers again."""
    found = [rel for folder in HOSTED for rel in _files_below_rel(output, folder)]
    if not found:
        return ()
    mine = owned_below(output, HOSTED)
    return tuple(sorted(rel for rel in found if rel not in mine))


def owned_below(folder: Path, tops: tuple[str, ...]) -> set[str]:
    """The files below the folders `tops` that the record in `folder` says sitegen wrote (none when it
    has no record that can be read), found in the record's bytes: own_files, in every build, made a
    set of all 177,000 names at 100,000 articles to look up the few in static/ and images/."""
    data = _record_bytes(folder)
    if data is None or parse_record(data, raw_dirs=True, names=False) is None:   # its checks, no name read
        return set()
    head = data.find(b"\n")
    if head < 0:   # a header alone (edited by hand: sitegen ends it with a newline) names no file
        return set()
    header = json.loads(data[:head])
    if header.get("v") != 2:   # an old sitegen's format: read whole
        record = parse_record(data, raw_dirs=True)
        return {rel for rel in record.owned if rel.startswith(tuple(f"{top}/" for top in tops))} if record else set()
    counts, end = header["counts"], head + 1 + header["sizes"][0]
    if data.count(b"\0", head + 1, end) + 1 != sum(counts):   # (parse_record's check of the names)
        return set()
    # each name below a top: the first name, then those after a NUL (a literal first: searched in C at
    # memchr's pace); the owned names come first (counts[0] of them), a name's place is the NULs before it
    below = re.compile(b"(?:%s)/[^\0]*" % b"|".join(re.escape(top.encode()) for top in tops))
    first = below.match(data, head + 1, end)
    out = {first[0].decode("utf-8", "surrogateescape")} if first and counts[0] else set()
    at, place = head + 1, 0
    for found in re.compile(b"\0" + below.pattern).finditer(data, head + 1, end):
        place += data.count(b"\0", at, found.start() + 1)
        at = found.start() + 1
        if place >= counts[0]:
            break
        out.add(found[0][1:].decode("utf-8", "surrogateescape"))
    return out


def _files_below_rel(output: Path, folder: str) -> list[str]:
    top = output / folder
    return [f"{folder}/{rel}" for rel in _files_below(top)] if top.is_dir() and not top.is_symlink() else []

