"""The build cache in `.sitegen/`: what the last build read and wrote, so the next does only the difference.

One SQLite file, `cache.sqlite`, in a format that cannot run code (sitegen/codec.py: a `.sitegen/`
restored from a shared CI cache is data, never a program):
- `meta`: the state (a digest of every input's stat, when the output goes stale by the clock,
  each output's fingerprint, size and mtime as four blobs an edit patches in place), read on
  every build; the scan of `content/` the article rows were made from (`Scan`); the last build's
  plan, saved only when the plan itself changed.
- `pages` and `deps`: the plan's pages, one JSON row each, and each article's pages that show
  its full text: written with the plan's layout, read a few rows at a time by a rebuild.
- `articles`: one row per content file (parsed article keyed by path, without its body, with the
  file's stat, and the few facts a build needs of every article: tag count, warnings, pictures,
  date, language). A page showing a body reads it from the file, checked against the article's
  digest (content.article_body), as the render workers of a large first build always have.
  A build reads the stats; a rebuild from the saved plan reads only the rows of the articles the
  changed pages show (`LazyArticles`), so 100,000 articles never sit in memory for one edit.
The cache only ever saves work: it is versioned, and a missing, stale or corrupt cache is rebuilt,
never trusted.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from array import array
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import codec, code_stamp, libraries_stamp
from .aside import Aside
from .config import cache_folder
from .content import Article, Correction, Listing, stamp_of, with_body, without_body

VERSION = 34  # bump when Article, fingerprints or output layout change (26: Article.pinned, pinned_until;
              # 27: listings hold all a teaser shows; 28: Article.feed_id_date; 29: stamps with ctime and
              # inode, the state's built_at; 30: facts.authors; 31: Article.words of the text, by script;
              # 32: a curly apostrophe or soft hyphen joins a word; a byline's own spelling in fingerprints;
              # 33: U+2010 and the middle dot join a word, Tifinagh and Coptic are letters;
              # 34: a saved plan's tag_slugs and author_slugs)


def _version(parsed_with: str = "") -> str:
    """The cache's format and the code that wrote it, with the libraries and Python it ran on
    (libraries_stamp: a new Babel, markdown-it or Jinja may write other pages): another sitegen's
    cache is not read. And the settings its article rows were parsed with (BuildCache.parsed_with):
    rows are keyed by the file's stat alone, so a cache parsed under another time zone or language
    is not read either."""
    return f"{VERSION}+{code_stamp()}.{libraries_stamp()}" + (f"+{parsed_with}" if parsed_with else "")


FILE = "cache.sqlite"
# Each article's facts in a table of their own: a build reads them all, and a row of `articles`
# (a kilobyte of JSON) would make every scan read every article.
_ARTICLES = "CREATE TABLE articles (path TEXT PRIMARY KEY, data TEXT NOT NULL);"
_META = "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"  # not in a side file
_FACT_TABLE = ("CREATE TABLE facts (path TEXT PRIMARY KEY, mtime INTEGER NOT NULL, size INTEGER NOT NULL,"
               " ctime INTEGER NOT NULL, ino INTEGER NOT NULL,"
               " tags INTEGER NOT NULL, authors INTEGER NOT NULL, warned INTEGER NOT NULL, pictured INTEGER NOT NULL,"
               " date TEXT NOT NULL, language TEXT NOT NULL);")  # in a side file with staged layout rows
_FACTS = _META + _FACT_TABLE
# the saved plan's pages, one row each, and per article the pages showing its full text: an edit
# reads the few it re-renders, not 200,000 pages (see saved_pages); and per article, its related
# stories and label (a page reads those of the stories it shows). A side file may have them too
# (stage_layout).
_LAYOUT = ("CREATE TABLE pages (n INTEGER PRIMARY KEY, output TEXT NOT NULL, data TEXT NOT NULL);"
           "CREATE TABLE deps (article INTEGER PRIMARY KEY, pages TEXT NOT NULL);"
           "CREATE TABLE listed (article INTEGER PRIMARY KEY, related TEXT NOT NULL, label TEXT NOT NULL);")
_OTHERS = _FACTS + _LAYOUT
_SCHEMA = _ARTICLES + _OTHERS
_ROW = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # one encoder for 200,000 page rows
_BATCH = 500  # rows per SELECT ... IN (...): SQLite's default limit on parameters is far above
SIDE = "rows.tmp.sqlite"  # article rows encoded while a cold build plans and renders (prepare_rows)
_OLD = ("state.pickle", "articles.pickle")  # the format before this one: never read, removed on save


_COLUMNS = ("out.rels", "out.fps", "out.sizes", "out.mtimes")  # the state's outputs, blobs in meta


class _Columns:
    """The state's outputs as saved: four columns (paths NUL-separated, fingerprints NUL-padded to
    one width, sizes and mtimes as int64s). An edit reads and replaces a few entries by position
    (the paths are indexed once it asks for more than a few), and the save writes just those bytes
    into the saved blobs (`changed`), so one edit neither decodes nor rewrites 200,000 outputs."""

    SCAN_UP_TO = 4  # lookups by a scan of the paths before they are indexed

    def __init__(self, rels: list[str] | None, fps: bytes, width: int, sizes: array, mtimes: array, gen: str = "",
                 names: bytes = b""):
        self._rels, self.fp_bytes, self.width, self.sizes, self.mtimes = rels, fps, width, sizes, mtimes
        self.names = names  # the paths as saved, when `rels` is made from them only if asked for (ASCII)
        self.gen = gen                        # the saved state these columns are (see State.save)
        self.changed: dict[int, str] = {}     # fingerprints replaced since, by position
        self._where: dict[str, int] | None = None
        self._asked = 0

    @property
    def rels(self) -> list[str]:
        if self._rels is None:
            self._rels = self.names.decode("ascii").split("\0") if len(self.sizes) else []
            self.names = b""  # 10 MB at 100,000 articles: blobs() encodes the str again if it must
        return self._rels

    def chunks(self, size: int) -> list[tuple[int, int]]:
        """Where each run of about `size` paths starts in `names`: (byte offset, position), and
        after the last, (len(names) + 1, count). Found in C (a find and a count a run), so the paths
        of a run are split from the bytes by whoever checks it, not all made as str up front."""
        names, count = self.names, len(self.sizes)
        step = max(1, size * (len(names) // max(1, count)))
        out, at, position = [(0, 0)], 0, 0
        while (cut := names.find(b"\0", at + step)) >= 0:
            position += names.count(b"\0", at, cut + 1)
            at = cut + 1
            out.append((at, position))
        out.append((len(names) + 1, count))
        return out

    def fp(self, i: int) -> str:
        found = self.changed.get(i)
        if found is not None:
            return found
        w = self.width
        return self.fp_bytes[i * w:(i + 1) * w].rstrip(b"\0").decode("utf-8", "surrogatepass")

    def position(self, rel: str) -> int | None:
        if self._where is None:
            self._asked += 1
            if self._asked <= self.SCAN_UP_TO:
                return self._scanned_for(rel)
            self._where = {r: i for i, r in enumerate(self.rels)}
        return self._where.get(rel)

    def _scanned_for(self, rel: str) -> int | None:
        """rel's position, looked for in the saved bytes while the paths are not made str (an edit asks
        for its page's: the 177,208 paths at 100,000 articles were split for it, ~25 ms), else in the list;
        a path's position is the NULs before it."""
        if self._rels is not None or not len(self.sizes):
            try:
                return self.rels.index(rel)
            except ValueError:
                return None
        if not rel.isascii() or "\0" in rel:   # (the bytes are ASCII, a path holds no NUL)
            return None
        paths = b"\0" + self.names + b"\0"
        at = paths.find(b"\0" + rel.encode("ascii") + b"\0")
        return None if at < 0 else paths.count(b"\0", 0, at)

    def get(self, rel: str) -> tuple[str, int, int] | None:
        i = self.position(rel)
        return None if i is None else (self.fp(i), self.sizes[i], self.mtimes[i])

    def put(self, rel: str, entry: tuple[str, int, int]) -> bool:
        """Replace rel's entry; False when rel has none or its fingerprint is wider than the column's."""
        i = self.position(rel)
        if i is None or len(_padded(entry[0], 0)) > self.width or "\0" in entry[0]:
            return False
        self.changed[i], self.sizes[i], self.mtimes[i] = entry
        return True

    def count(self, fp: str) -> int:
        """How many entries have the fingerprint `fp` (not ''): searched in the bytes, not one by one."""
        w, pad = self.width, _padded(fp, self.width)
        if not fp or len(pad) != w:  # wider than every saved one: only a replaced entry could be it
            return sum(f == fp for f in self.changed.values())
        saved = sum(1 for m in re.finditer(re.escape(pad), self.fp_bytes) if m.start() % w == 0)
        return saved + sum((f == fp) - (self.fp_bytes[i * w:(i + 1) * w] == pad) for i, f in self.changed.items())

    def having(self, fp: str) -> list[str]:
        """The paths whose fingerprint is `fp` (not ''): searched in the bytes, as count does."""
        w, pad = self.width, _padded(fp, self.width)
        found = {m.start() // w for m in re.finditer(re.escape(pad), self.fp_bytes) if m.start() % w == 0} \
            if fp and len(pad) == w else set()
        found = (found - set(self.changed)) | {i for i, f in self.changed.items() if f == fp}
        return [self.rels[i] for i in sorted(found)]

    def fps(self) -> list[str]:
        return [self.fp(i) for i in range(len(self.rels))]

    def as_dict(self) -> dict[str, tuple[str, int, int]]:
        return dict(zip(self.rels, zip(self.fps(), self.sizes, self.mtimes)))

    @classmethod
    def of(cls, outputs: dict[str, tuple[str, int, int]]) -> "_Columns":
        width = max((len(_padded(e[0], 0)) for e in outputs.values()), default=0)
        return cls(list(outputs), b"".join(_padded(e[0], width) for e in outputs.values()), width,
                   array("q", [e[1] for e in outputs.values()]), array("q", [e[2] for e in outputs.values()]))

    def blobs(self) -> dict[str, bytes]:
        if self.changed:  # folded in: a whole write
            self.fp_bytes = b"".join(_padded(f, self.width) for f in self.fps())
            self.changed = {}
        names = self.names if self._rels is None else "\0".join(self.rels).encode("utf-8", "surrogatepass")
        return dict(zip(_COLUMNS, (names, self.fp_bytes,
                                   self.sizes.tobytes(), self.mtimes.tobytes())))

    def patch(self, db: sqlite3.Connection) -> None:
        """Write the replaced entries into the saved blobs in place (the same length, so SQLite's
        incremental blob I/O): a few bytes an edit, not 20 MB."""
        rowid = dict(db.execute(f"SELECT key, rowid FROM meta WHERE key IN ({','.join('?' * 4)})", _COLUMNS))
        fps, sizes, mtimes = (db.blobopen("meta", "value", rowid[k]) for k in _COLUMNS[1:])
        with fps, sizes, mtimes:
            for i, fp in sorted(self.changed.items()):
                fps.seek(i * self.width)
                fps.write(_padded(fp, self.width))
                for blob, column in ((sizes, self.sizes), (mtimes, self.mtimes)):
                    blob.seek(8 * i)
                    blob.write(column[i:i + 1].tobytes())


def _padded(fp: str, width: int) -> bytes:
    """A fingerprint as its column holds it: its bytes, NUL-padded to `width`."""
    return fp.encode("utf-8", "surrogatepass").ljust(width, b"\0")


@dataclass
class State:
    inputs: str = ""                       # digest of every input file's stat + config + options
    valid_until: datetime | None = None    # the output depends on the clock: rebuild after this
    counts: tuple[int, int] = (0, 0)       # articles, pages of the last good build
    left_out: dict[str, int] = field(default_factory=dict)
    recorded: dict[str, tuple[str, int, int]] | None = field(default_factory=dict)  # see `outputs`
    warnings: tuple[str, ...] = ()        # repeated by builds that find nothing changed
    search: dict[str, str] = field(default_factory=dict)  # search shard -> what it indexed ('' stale)
    search_files: dict[str, str] = field(default_factory=dict)  # search shard -> search.stamp() in public/
    built_at: datetime | None = None       # the clock the last build ran at: one set back since plans anew
    # As loaded, until a build needs the dict (`outputs`): a no-change build only stats the paths,
    # an edit reads and replaces a few entries (`entry`, `update`) and saves just those.
    columns: _Columns | None = field(default=None, repr=False, compare=False)
    # the pictures the last build read that no scan lists (content/_media/x.jpg): real path -> stamp
    # (content.stamp_of); a no-change build stats them, a few, not the folders the scans skip
    sources: dict[str, tuple[int, ...]] = field(default_factory=dict)
    ahead: tuple[str, ...] = ()            # the notes naming the stories dated ahead (site.dated_ahead)
    # static/'s and root/'s outputs known to hold their source's bytes: rel -> (source stamp, output
    # size, mtime_ns, inode) (write.Stage.known): the next build does not read them again while both are so;
    # and root/'s pages as assets.root_link_warnings found them: rel -> (stamp, names' digest, warnings).
    # Saved apart from the head, read only by a build that writes (BuildCache.published): a legacy
    # archive's 5,000 entries are ~1 MB of JSON that a no-change build would parse for nothing.
    # None: not read (the saved ones stand).
    copies: dict[str, tuple[int, ...]] | None = None
    root_pages: dict[str, tuple[tuple[int, ...], str, tuple[str, ...]]] | None = None
    # the input files whose stamps were racy when taken (content.Racy): real path -> (stamp, digest of the bytes)
    racy: dict[str, tuple[tuple[int, ...], str]] = field(default_factory=dict)
    racy_scan: str = ""   # the digest of content/'s scan (cache.Scan) when `racy` was found
    # content/.sitegen-published as the last build left it (ledger.Ledger.digest; "unwritten": it could not
    # write it): not in `inputs`, which a build's own rewrite of it would change, so the next build planned anew
    ledger: str = ""

    @property
    def outputs(self) -> dict[str, tuple[str, int, int]]:
        """rel -> (fingerprint, size, mtime_ns) of every output the last build left."""
        if self.recorded is None:
            self.recorded = self.columns.as_dict() if self.columns is not None else {}
            self.columns = None
        return self.recorded

    def output_count(self) -> int:
        """How many outputs the last build left, without making the dict of them all."""
        if self.recorded is None and self.columns is not None:
            return len(self.columns.sizes)
        return len(self.outputs)

    def entry(self, rel: str) -> tuple[str, int, int] | None:
        """One output's (fingerprint, size, mtime_ns), without making the dict of them all."""
        if self.recorded is None and self.columns is not None:
            return self.columns.get(rel)
        return self.outputs.get(rel)

    def printed(self, fp: str) -> list[str]:
        """The outputs recorded with the fingerprint `fp`, without making the dict of them all."""
        if self.recorded is None and self.columns is not None:
            return self.columns.having(fp)
        return [rel for rel, entry in self.outputs.items() if entry[0] == fp]

    def update(self, entries: dict[str, tuple[str, int, int]]) -> None:
        """Replace these outputs' entries (in place, as loaded, when each one has an entry)."""
        if self.recorded is None and self.columns is not None:
            entries = {rel: e for rel, e in entries.items() if not self.columns.put(rel, e)}
        if entries:
            self.outputs.update(entries)

    def page_prints(self) -> "PagePrints":
        return PagePrints(self)

    def fresh(self, rel: str, fingerprint: str, output: str) -> bool:
        """True when rel was last built from the same inputs and is untouched on disk."""
        entry = self.outputs.get(rel)
        if entry is None or entry[0] != fingerprint or not fingerprint:
            return False
        return _stat(os.path.join(output, rel)) == entry[1:]

    def rewritten(self, rel: str, output: str) -> bool:
        """True when rel on disk is not the file the last build recorded (or it recorded none)."""
        entry = self.entry(rel)
        return entry is None or _stat(os.path.join(output, rel)) != entry[1:]

    def outputs_intact(self, output: str, start: int = 0, stop: int | None = None) -> bool:
        """Every output (of those from start to stop) as the last build left it (size and mtime):
        the no-change build's check, 20,000 stats at 10,000 articles, so relative to an open folder
        and without tuples. No outputs at all is False."""
        rels, sizes, mtimes = self.output_stats()
        if start or stop is not None:
            if not rels:
                return False
            rels, sizes, mtimes = rels[start:stop], sizes[start:stop], mtimes[start:stop]
            if not rels:
                return True
        return _all_intact(output, rels, sizes, mtimes)

    def intact_runs(self, output: str, size: int) -> tuple[int, Callable[[int], bool]]:
        """The outputs in runs of about `size`: how many runs, and whether run i is all as the last
        build left it. Runs of paths kept as their saved ASCII bytes are split and stat()ed as
        bytes by whichever process checks them (see build._checking_outputs): 200,000 paths are
        never made str, nor shared with a forked child that would copy the pages they sit on."""
        columns = self.columns if self.recorded is None else None
        if columns is None or columns._rels is not None or not columns.names:
            count = self.output_count()
            return -(-count // size), lambda i: self.outputs_intact(output, i * size, min(count, (i + 1) * size))
        runs, names, sizes, mtimes = columns.chunks(size), columns.names, columns.sizes, columns.mtimes

        def intact(i: int) -> bool:
            (start, first), (end, _) = runs[i], runs[i + 1]
            paths = names[start:end - 1].split(b"\0")
            return _all_intact(output, paths, sizes[first:first + len(paths)], mtimes[first:first + len(paths)])
        return len(runs) - 1, intact

    def damaged_outputs(self, output: str, limit: int) -> list[str] | None:
        """The outputs not as the last build left them (touched, edited by hand or gone), or None
        when there are more than `limit` of them or public/ cannot be read."""
        return _not_as_left(output, *self.output_stats(), limit)

    def output_stats(self) -> tuple[Sequence[str], Sequence[int], Sequence[int]]:
        """(paths, sizes, mtimes) of the outputs, as loaded when they are still columns."""
        if self.recorded is None and self.columns is not None:
            return self.columns.rels, self.columns.sizes, self.columns.mtimes
        outputs = self.outputs
        return list(outputs), [e[1] for e in outputs.values()], [e[2] for e in outputs.values()]

    def head(self, gen: str, columns: _Columns) -> str:
        """The state but its outputs, as plain JSON (`n` outputs, fingerprints `width` bytes). ASCII:
        a file name that is not UTF-8 (static/caf\xe9.jpg, from an unzipped Windows archive) is a lone
        surrogate in `inputs` and `sources`, which SQLite cannot store as text (UnicodeEncodeError:
        watch's idle save died on it); escaped, json.loads gives the same name back."""
        return json.dumps({
            "inputs": self.inputs, "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "counts": self.counts, "left_out": self.left_out, "ahead": self.ahead, "warnings": self.warnings, "search": self.search,
            "search_files": self.search_files,
            "built_at": self.built_at.isoformat() if self.built_at else None, "sources": self.sources,
            "racy": self.racy, "racy_scan": self.racy_scan, "ledger": self.ledger,
            "gen": gen, "n": len(columns.sizes), "width": columns.width})   # (also a racy file's real path
        # under a folder named in Latin-1: rf50a 2)

    def dump(self, gen: str = "") -> tuple[str, dict[str, bytes]]:
        """The head and the outputs' columns (see _Columns): 20,000 outputs load in milliseconds."""
        columns = self.columns if self.recorded is None and self.columns is not None else _Columns.of(self.outputs)
        return self.head(gen, columns), columns.blobs()

    def save(self, db: sqlite3.Connection) -> None:
        """Into the cache's meta table, inside the caller's transaction. An edit of a state loaded
        from this database, with nothing saved over it since, writes its replaced entries in place."""
        gen = os.urandom(8).hex()
        columns = self.columns if self.recorded is None else None
        if columns is not None and columns.gen and _saved_gen(db) == columns.gen:
            columns.patch(db)
            head = self.head(gen, columns)
        else:
            head, blobs = self.dump(gen)
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", blobs.items())
        db.execute("INSERT OR REPLACE INTO meta VALUES ('state', ?)", (head,))
        if self.copies is not None:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('published', ?)",
                       (json.dumps({"copies": self.copies, "root_pages": self.root_pages or {}}),))
        if columns is not None:
            columns.gen = gen

    @classmethod
    def load(cls, head: str, blobs: dict[str, bytes], gen: bool = True) -> "State":
        """What dump() gave; ValueError (or another error of a damaged value) when it does not fit."""
        d = json.loads(head)
        until, n, width = d["valid_until"], d["n"], d["width"]
        names, fps, *numbers = (blobs[k] for k in _COLUMNS)
        if n and isinstance(names, bytes) and names.isascii():  # the paths made as str when first asked for
            rels, found = None, names.count(b"\0") + 1
        else:
            rels = names.decode("utf-8", "surrogatepass").split("\0") if n else []
            found, names = len(rels), b""
        sizes, mtimes = (array("q", b) for b in numbers)
        if not isinstance(fps, bytes) or not n == found == len(sizes) == len(mtimes) or len(fps) != n * width:
            raise ValueError("the state's output columns differ in length")
        built = d["built_at"]
        # by keyword: the fields after `columns` come from branches merged apart (copies and
        # root_pages are not in the head, they stay None until BuildCache.published reads them)
        return cls(inputs=str(d["inputs"]), valid_until=datetime.fromisoformat(until) if until else None,
                   counts=tuple(d["counts"]), left_out=dict(d["left_out"]), recorded=None,
                   warnings=tuple(d["warnings"]), search=dict(d["search"]),
                   search_files=dict(d.get("search_files", {})),  # an older sitegen's: none, nothing to compare with
                   built_at=datetime.fromisoformat(built) if built else None,
                   columns=_Columns(rels, fps, width, sizes, mtimes, str(d["gen"]) if gen else "", names),
                   sources={str(path): tuple(int(n) for n in stamp) for path, stamp in d.get("sources", {}).items()},
                   ahead=tuple(d.get("ahead", ())),
                   racy={str(path): (tuple(int(n) for n in stamp), str(digest))
                         for path, (stamp, digest) in d.get("racy", {}).items()},
                   racy_scan=str(d.get("racy_scan", "")), ledger=str(d.get("ledger", "")))


def _saved_gen(db: sqlite3.Connection) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = 'state'").fetchone()
    try:
        return json.loads(row[0]).get("gen") if row else None
    except (ValueError, AttributeError):
        return None


class PagePrints(Mapping):
    """The fingerprint of each page a state records (static files left out), read from it when
    asked: a rebuild from the saved plan compares a few pages, not a dict of 200,000."""

    def __init__(self, state: State):
        self.state = state

    def __getitem__(self, rel: str) -> str:
        entry = self.state.entry(rel)
        if entry is None or entry[0] == "static":
            raise KeyError(rel)
        return entry[0]

    def __len__(self) -> int:
        state = self.state
        if state.recorded is None and state.columns is not None:
            return len(state.columns.sizes) - state.columns.count("static")
        return sum(1 for e in state.outputs.values() if e[0] != "static")

    def __iter__(self) -> Iterator[str]:
        return (rel for rel, e in self.state.outputs.items() if e[0] != "static")


def _blob(value: object) -> bytes | None:
    return value if isinstance(value, bytes) else None


def _all_intact(output: str, rels: Sequence[str] | Sequence[bytes], sizes: Sequence[int], mtimes: Sequence[int]) -> bool:
    """Every file output/rels[i] has sizes[i] and mtimes[i] (False for none at all)."""
    return bool(rels) and _not_as_left(output, rels, sizes, mtimes, 0) == []


def _not_as_left(output: str, rels: Sequence[str] | Sequence[bytes], sizes: Sequence[int], mtimes: Sequence[int],
                 limit: int) -> list[str] | None:
    """The rels[i] whose file output/rels[i] is missing or has another size or mtime; None past `limit`."""
    try:
        folder = os.open(output, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    stat, found = os.stat, []
    try:
        for rel, size, mtime in zip(rels, sizes, mtimes):
            try:
                st = stat(rel, dir_fd=folder)
            except OSError:
                st = None
            if st is None or st.st_mtime_ns != mtime or st.st_size != size:
                found.append(rel)
                if len(found) > limit:
                    return None
        return found
    finally:
        os.close(folder)


def _stat(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def cached_paths(folder: Path) -> set[str] | None:
    """The content files the cache in `folder` holds rows for, whatever sitegen's version saved it
    (deploy --no-build: a story deleted since the last build); None without a readable cache."""
    try:
        db = sqlite3.connect(f"file:{folder / FILE}?mode=ro", uri=True)
        try:
            return {path for (path,) in db.execute("SELECT path FROM facts")}
        finally:
            db.close()
    except sqlite3.Error:
        return None


def _connect(path: Path) -> sqlite3.Connection:
    """The cache database for reading and writing. Write-ahead log, synced at checkpoints only: a
    save is still whole or absent after a kill or a crash (a crash may lose the last saves, which
    only costs the next build work), and a whole state of 20 MB (100,000 articles) is saved in
    0.3 s, not 1.3 s of journal and fsync."""
    # serve opens the cache in one thread and builds in another (never two at once)
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode = WAL")  # kept in the file; where unsupported, the default stays
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def _truncate_log(db: sqlite3.Connection) -> bool:
    """The write-ahead log folded in and emptied (a failed save's frames dropped); False when it could
    not be (a full disk: committed pages wait in it for room in the file)."""
    try:
        busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error:
        return False
    return not busy or not busy[0]


def _remove_db(path: Path) -> None:
    """The database and its log: a new file must never meet an old file's write-ahead log."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _open(path: Path, version: str) -> sqlite3.Connection | None:
    """The cache database, or None when it is missing, unreadable or another version's."""
    if not path.is_file():
        return None
    try:
        db = _connect(path)
        found = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        if found and found[0] == version:
            return db
        db.close()
    except sqlite3.Error:
        pass
    return None


def _of_another_sitegen(path: Path, version: str) -> bool:
    """Whether the unread cache at `path` is another sitegen's (format or code), not this one's
    under other settings (its version then begins as this one's does: see _version)."""
    mine = version.split("+", 2)
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            found = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return False
    return bool(found) and str(found[0]).split("+", 2)[:2] != mine[:2]


def _get(db: sqlite3.Connection | None, key: str, decode: Callable[[str], object] = codec.loads):
    """A meta value, decoded (codec's tagged JSON, or plain json.loads); None if missing or unreadable."""
    if db is None:
        return None
    try:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return decode(row[0]) if row else None
    except (sqlite3.Error, ValueError):  # codec.CodecError is a ValueError
        return None


@dataclass
class BuildCache:
    folder: Path
    state: State = field(default_factory=State)
    _db: sqlite3.Connection | None = None
    _stamps: dict[str, tuple[int, ...]] | None = None  # path -> stamp_of(its stat) of each row; read on first use
    _stamped: dict[str, tuple[int, ...]] = field(default_factory=dict)  # the stamps of the pending rows
    _scan: Scan | None = None  # content/ as the rows hold it, when known (see changed_files)
    _scan_read: bool = False   # _scan was looked up in the database
    _observed: bool = False    # _scan is this process's (observe), pending rows included
    _pending: dict[str, Article] = field(default_factory=dict)  # article rows to write
    _gone: set[str] = field(default_factory=set)      # article rows to delete
    _plan: tuple[dict | EncodedLayout | None, dict] | None = None  # (layout, only when it changed; the rest) to save
    _reader: tuple[int, sqlite3.Connection] | None = None  # (pid, connection) for reads in a forked worker
    _pid: int = field(default_factory=os.getpid)      # the process that opened _db
    _side: dict[str, Article] | None = None  # pending rows already in SIDE (prepare_rows), by path
    _unsaveable: set[str] = field(default_factory=set)  # pending articles the format cannot hold
    _aside: tuple[Aside, dict[str, Article]] | None = None  # prepare_rows running in a child, and its rows
    _staged: "EncodedLayout | None" = None  # layout rows already in SIDE (stage_layout)
    # paths whose rows moved on since the last good plan, with the article as that plan had it (see
    # unsettled); None: not read yet. _unsettled_saved: the database holds some.
    _unsettled: dict[str, Article | None] | None = None
    _unsettled_saved: bool = False
    # what else than a file's bytes its article depends on ([site] timezone and language: a time
    # without a zone, no `language:`), part of the version: a change of them reads every file again
    parsed_with: str = ""
    older: bool = False  # the cache found was another sitegen's (an upgrade): not read, a full rebuild

    @classmethod
    def load(cls, folder: Path, parsed_with: str = "") -> "BuildCache":
        db, state = _open(folder / FILE, _version(parsed_with)), State()
        older = db is None and (folder / FILE).is_file() and _of_another_sitegen(folder / FILE, _version(parsed_with))
        try:
            found = dict(db.execute(f"SELECT key, value FROM meta WHERE key IN ('state', {','.join('?' * 4)})",
                                    _COLUMNS)) if db else {}
            state = State.load(found.pop("state"), found) if found else state
        except (sqlite3.Error, ValueError, TypeError, KeyError, IndexError, AttributeError):
            pass  # an unreadable state: everything is rebuilt and compared with public/
        return cls(folder, state, db, parsed_with=parsed_with, older=older)

    def published(self) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[tuple[int, ...], str, tuple[str, ...]]]]:
        """The state's copies and root_pages (see State), read from the database on first use."""
        if self.state.copies is None or self.state.root_pages is None:
            saved = _get(self._db, "published", json.loads)
            try:
                self.state.copies = {str(rel): tuple(int(n) for n in stamp) for rel, stamp in saved["copies"].items()}
                self.state.root_pages = {str(rel): (tuple(int(n) for n in stamp), str(key), tuple(str(w) for w in said))
                                         for rel, (stamp, key, said) in saved["root_pages"].items()}
            except (TypeError, ValueError, KeyError, AttributeError):   # none saved, or damaged: compared anew
                self.state.copies, self.state.root_pages = {}, {}
        return self.state.copies, self.state.root_pages

    # Articles ----------------------------------------------------------------------------------
    def stamps(self) -> dict[str, tuple[int, ...]]:
        """Each cached article's file stat: what a build compares content/ with (no row decoded)."""
        if self._stamps is None:
            self._stamps = {}
            try:
                if self._db is not None:
                    self._stamps = {p: (m, s, c, i) for p, m, s, c, i
                                    in self._db.execute("SELECT path, mtime, size, ctime, ino FROM facts")}
            except sqlite3.Error:
                self._stamps = {}
                self._drop()
            for rel in self._gone:
                self._stamps.pop(rel, None)
            self._stamps.update(self._stamped)
        return self._stamps

    def changed_files(self, scan: Scan, files: Sequence[tuple[str, os.stat_result]]
                      ) -> tuple[list[tuple[str, os.stat_result]], bool]:
        """The files of content/ (`files`, as `scan` holds them) with no row or an older one, and
        whether the rows are of exactly these files. When the rows were saved from a scan of the
        same names (an edit), the columns are compared in C; else each file's stamp is looked up."""
        old = self._saved_scan()
        moved = scan.differing(old) if old is not None else None
        if moved is not None:
            return [files[i] for i in moved], True
        stamps = self.stamps()
        return [(rel, st) for rel, st in files if stamps.get(rel) != stamp_of(st)], False

    def observe(self, scan: Scan | None) -> None:
        """The rows now hold every file of `scan` as it was scanned (None: not all of them, e.g.
        a file that failed to parse keeps its older row); saved with them for the next build."""
        self._scan, self._scan_read, self._observed = scan, True, True

    def holds(self, paths: Iterable[str]) -> bool:
        """Every path has a row (saved or pending)."""
        if self._stamps is None and self._scan is not None and self._observed:
            return set(paths).issubset(self._scan.paths())
        return set(paths).issubset(self.stamps())

    def _saved_scan(self) -> Scan | None:
        if not self._scan_read:
            self._scan_read = True
            columns = [_get(self._db, f"scan.{c}", _blob) for c in _SCAN]
            if all(isinstance(c, bytes) for c in columns):
                self._scan = Scan(*columns)
        return self._scan

    def rows(self, paths: Iterable[str]) -> dict[str, Article]:
        """The cached articles at `paths` that the cache holds and can read (a row it cannot read
        is left out: the caller parses that file again)."""
        out = {p: self._pending[p] for p in paths if p in self._pending}
        rest = [p for p in paths if p not in out]
        db = self._connection()
        for i in range(0, len(rest) if db is not None else 0, _BATCH):
            chunk = rest[i:i + _BATCH]
            try:
                found = db.execute(f"SELECT path, data FROM articles WHERE path IN ({','.join('?' * len(chunk))})",
                                   chunk).fetchall()
            except sqlite3.Error:
                return out
            for path, data in found:
                try:
                    art = codec.loads(data, (Article, Correction))
                except codec.CodecError:
                    continue
                if isinstance(art, Article):
                    out[path] = art
        return out

    def noted(self, tags: int, authors: int) -> list[str]:
        """Paths of the articles with warnings, more than `tags` tags or more than `authors` authors
        (read from the rows' facts)."""
        found = {p for p, a in self._pending.items() if len(a.tags) > tags or len(a.authors) > authors or a.warnings}
        db = self._connection()
        try:
            if db is not None:
                found.update(p for p, in db.execute("SELECT path FROM facts WHERE warned OR tags > ? OR authors > ?",
                                                    (tags, authors))
                             if p not in self._pending)
        except sqlite3.Error:
            pass
        return sorted(found - self._gone)  # the rows of files that left content/ are going

    def pictured(self) -> set[str]:
        """Paths of the articles that show pictures."""
        found = {p for p, a in self._pending.items() if a.image or a.body_images}
        db = self._connection()
        try:
            if db is not None:
                found.update(p for p, in db.execute("SELECT path FROM facts WHERE pictured") if p not in self._pending)
        except sqlite3.Error:
            pass
        return found

    def heads(self) -> dict[str, tuple[datetime, str]]:
        """Each article's date and language (what the search shards are planned from)."""
        out: dict[str, tuple[datetime, str]] = {}
        db = self._connection()
        try:
            if db is not None:
                out = {p: (datetime.fromisoformat(d), lang)
                       for p, d, lang in db.execute("SELECT path, date, language FROM facts")}
        except sqlite3.Error:
            out = {}
        out.update((p, (a.date, a.language)) for p, a in self._pending.items())
        return out

    def remember(self, rel: str, st: os.stat_result, article: Article) -> None:
        self._stamped[rel] = stamp_of(st)
        if self._stamps is not None:
            self._stamps[rel] = self._stamped[rel]
        self._pending[rel] = article
        self._gone.discard(rel)
        self._unsaveable.discard(rel)

    def unsettled(self) -> dict[str, Article | None]:
        """Each path a build remembered a row of since the last good plan (a build that fails moves
        the rows on, not the plan): the article as that plan had it, without its body (None: a file
        it did not have). The next build counts these paths as changed from there. Saved with the
        rows; one that cannot be read leaves no saved plan to trust (state.inputs blanked)."""
        if self._unsettled is None:
            self._unsettled, text = {}, None
            try:
                row = self._db.execute("SELECT value FROM meta WHERE key = 'unsettled'").fetchone() if self._db else None
                text = row[0] if row else None
                pairs = codec.loads(text, (Article, Correction)) if text is not None else []
                self._unsettled = {rel: art for rel, art in pairs if art is None or isinstance(art, Article)}
            except (sqlite3.Error, ValueError, TypeError):  # codec.CodecError is a ValueError
                self.state = replace(self.state, inputs="")
            self._unsettled_saved = text is not None
        return self._unsettled

    def unsettle(self, befores: Mapping[str, Article | None]) -> None:
        """Rows remembered by the build now running (path -> the row before it): unsettled until
        the build ends well (settled); the first one since the last good plan is kept."""
        unsettled = self.unsettled()
        for rel, before in befores.items():
            if rel not in unsettled:
                unsettled[rel] = with_body(before, "") if before is not None else None

    def settled(self) -> None:
        """A build ended well: its plan is of the rows as they are."""
        self._unsettled = {}

    def _save_unsettled(self, db: sqlite3.Connection) -> None:
        if self._unsettled:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('unsettled', ?)", (self._unsettled_text(),))
            self._unsettled_saved = True
        elif self._unsettled_saved and self._unsettled is not None:  # a no-op statement after the first
            db.execute("DELETE FROM meta WHERE key = 'unsettled'")

    def _unsettled_text(self) -> str:
        """[[path, article or null], ...]: an article the format cannot hold is saved as null (the
        next build plans from scratch, as for a new file)."""
        items = []
        for rel, art in self._unsettled.items():
            try:
                text = codec.dumps(art)
            except (TypeError, ValueError):
                text = "null"
            items.append(f"[{json.dumps(rel)},{text}]")
        return "[" + ",".join(items) + "]"

    def forget(self, paths: Iterable[str]) -> None:
        """Drop these rows and the saved scan, so the next build parses the files again whatever
        their stamps say: a file whose bytes changed under an unchanged mtime and size (a tool that
        keeps them) failed its digest check on every later build, 'build again' never mending it."""
        paths, stamps = set(paths), self.stamps()
        for rel in paths:
            stamps.pop(rel, None)
            self._pending.pop(rel, None)
            self._stamped.pop(rel, None)
        self._scan, self._scan_read, self._observed = None, True, True
        if self._db is None:
            return
        # at once, not at the next save: a failed build saves nothing, and a new process reads this file
        db = self._db
        try:
            db.execute("BEGIN")
            db.executemany("DELETE FROM articles WHERE path = ?", [(rel,) for rel in paths])
            db.executemany("DELETE FROM facts WHERE path = ?", [(rel,) for rel in paths])
            db.execute("DELETE FROM meta WHERE key LIKE 'scan.%'")
            db.execute("COMMIT")
        except sqlite3.Error:
            if db.in_transaction:
                db.execute("ROLLBACK")
            self._drop()  # a cache that cannot forget them is not one to build from: the next build starts anew
            _remove_db(self.folder / FILE)

    def forget_except(self, keep: set[str]) -> None:
        stamps = self.stamps()
        for gone in set(stamps) - keep:
            del stamps[gone]
            self._pending.pop(gone, None)
            self._stamped.pop(gone, None)
            self._gone.add(gone)

    def _connection(self) -> sqlite3.Connection | None:
        """The database for reading in this process: a connection must not cross a fork, and
        render workers forked by a rebuild read the articles their pages show."""
        pid = os.getpid()
        if self._db is None or pid == self._pid:
            return self._db
        if self._reader is None or self._reader[0] != pid:
            try:
                self._reader = (pid, sqlite3.connect(f"file:{self.folder / FILE}?mode=ro", uri=True))
            except sqlite3.Error:
                return None
        return self._reader[1]

    # The plan ----------------------------------------------------------------------------------
    def saved_plan(self, inputs: str) -> tuple[dict, dict] | None:
        """The last build's plan (its layout, and the rest), when it is the build the state
        describes: a new process can then rebuild one edited article without planning again."""
        rest = _get(self._db, "plan")
        if not inputs or not isinstance(rest, dict) or rest.get("inputs") != inputs:
            return None
        layout = _get(self._db, "layout", json.loads)
        return (layout, rest) if isinstance(layout, dict) and layout.get("id") == rest.get("layout") else None

    def saved_addresses(self, layout: dict | None = None) -> dict[str, str]:
        """The content file at each story address of the last plan saved here (its layout's urls
        and paths), even in another sitegen's cache, which is not read otherwise: the first build
        after an upgrade that changes how addresses are made can still say which stories moved.
        {} when there is none to read. `layout`: this version's saved plan's, already decoded by
        the caller (not decoded twice)."""
        if layout is None:  # this version's: only the plan of the build its state describes
            layout = (self.saved_plan(self.state.inputs) or (None,))[0] if self._db is not None else self.older_layout()
        urls, paths = (layout.get("urls"), layout.get("paths")) if isinstance(layout, dict) else (None, None)
        if not (isinstance(urls, list) and isinstance(paths, list) and len(urls) == len(paths)
                and all(isinstance(x, str) for x in urls + paths)):
            return {}
        return dict(zip(urls, paths))

    def older_layout(self) -> dict | None:
        """The layout of the last plan another sitegen saved here (its urls, paths and terms, as this
        one's), for the notes of the first build after an upgrade; None when there is none to read."""
        path = self.folder / FILE
        if self._db is not None or not path.is_file():
            return None
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        except sqlite3.Error:
            return None
        try:
            layout = _get(db, "layout", json.loads)
        finally:
            db.close()
        return layout if isinstance(layout, dict) else None

    def older_digests(self, paths: Sequence[str]) -> dict[str, str]:
        """Each file's digest as a cache not read (older_layout's: another sitegen's, or saved under
        other settings) holds its row: whether a story that moved since that cache's plan was edited,
        which a build reading every file again cannot tell otherwise (site.moved_by_rules). The
        row's "digest" pair, the row not decoded as an Article (another version's has other fields).
        {} for this version's own cache (its rows are read) or none to read."""
        path = self.folder / FILE
        if self._db is not None or not paths or not path.is_file():
            return {}
        found: dict[str, str] = {}
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        except sqlite3.Error:
            return found
        try:
            for i in range(0, len(paths), _BATCH):
                chunk = list(paths[i:i + _BATCH])
                for rel, data in db.execute(f"SELECT path, data FROM articles WHERE path IN "
                                            f"({','.join('?' * len(chunk))})", chunk):
                    if (value := _row_digest(data)) is not None:
                        found[rel] = value
        except sqlite3.Error:
            pass
        finally:
            db.close()
        return found

    def page_rows(self, numbers: Sequence[int]) -> dict[int, list]:
        """Rows of the saved plan's pages by number (decoded JSON lists). ValueError when the
        cache cannot give one: the caller plans again instead of trusting it."""
        rows = self._numbered("SELECT n, data FROM pages WHERE n IN ({})", numbers, "the plan's pages")
        return {n: json.loads(data) for n, (data,) in rows.items()}

    def page_column(self, column: str) -> Iterator:
        """Every saved page's `output` (a string) or `data` (its decoded row), in page order."""
        db = self._connection()
        if db is None or column not in ("output", "data"):
            raise ValueError("no cache to read the plan's pages from")
        try:
            for value, in db.execute(f"SELECT {column} FROM pages ORDER BY n"):
                yield json.loads(value) if column == "data" else value
        except sqlite3.Error as exc:
            raise ValueError(f"the plan's pages: {exc}") from exc

    def page_values(self, field: int, where: int, equals: str) -> set:
        """The distinct values of field `field` of the saved pages whose field `where` is `equals`
        (rows as page_column's), picked from each row's JSON by SQLite: no row decoded here (a
        one-edit build at 100,000 articles decoded 177,208 of them for the feeds' editions, ~2 s)."""
        db = self._connection()
        if db is None:
            raise ValueError("no cache to read the plan's pages from")
        try:
            return {value for value, in db.execute("SELECT DISTINCT json_extract(data, ?) FROM pages "
                                                   "WHERE json_extract(data, ?) = ?", (f"$[{field}]", f"$[{where}]", equals))}
        except sqlite3.Error as exc:
            raise ValueError(f"the plan's pages: {exc}") from exc

    def page_outputs(self, count: int) -> list[str]:
        """Every saved page's output path, in page order: one blob saved with the layout (the
        `pages` table's rows hold each page's data too, so listing them reads 100 MB at 100,000
        articles), else the table's column. ValueError as page_column."""
        names = _get(self._connection(), "layout.outputs", _blob)
        found = names.decode("utf-8", "surrogatepass").split("\0") if names and count else []
        return found if names is not None and len(found) == count else list(self.page_column("output"))

    def page_deps(self, article: int) -> list[int]:
        """The numbers of the saved pages that show article `article`'s full text."""
        db = self._connection()
        if db is None:
            raise ValueError("no cache to read the plan's pages from")
        try:
            row = db.execute("SELECT pages FROM deps WHERE article = ?", (article,)).fetchone()
        except sqlite3.Error as exc:
            raise ValueError(f"the plan's pages: {exc}") from exc
        found = json.loads(row[0]) if row else []
        if not isinstance(found, list) or not all(isinstance(n, int) for n in found):
            raise ValueError("the plan's deps: a damaged row")
        return found

    def listed_rows(self, articles: Sequence[int]) -> dict[int, tuple[list, list | None]]:
        """Each article's related stories and label (None when the plan has no labels), decoded;
        ValueError when a row is missing (see page_rows)."""
        rows = self._numbered("SELECT article, related, label FROM listed WHERE article IN ({})", articles,
                              "the plan's articles")
        return {n: (json.loads(related), json.loads(label) if label else None) for n, (related, label) in rows.items()}

    def _numbered(self, query: str, numbers: Sequence[int], what: str) -> dict[int, tuple]:
        """Rows by number ({} in `query` takes the numbers' placeholders, in batches), the number
        first; ValueError unless every one is there."""
        db, out = self._connection(), {}
        if db is None:
            raise ValueError(f"no cache to read {what} from")
        wanted = sorted(set(numbers))
        try:
            for i in range(0, len(wanted), _BATCH):
                chunk = wanted[i:i + _BATCH]
                out.update((row[0], row[1:]) for row in db.execute(query.format(",".join("?" * len(chunk))), chunk))
        except sqlite3.Error as exc:
            raise ValueError(f"{what}: {exc}") from exc
        if len(out) != len(wanted):
            raise ValueError(f"{what} are missing rows")
        return out

    def listed_count(self) -> int:
        """Articles whose related stories and label are saved (numbered from 0), or -1."""
        return self._count("SELECT max(article) FROM listed")

    def page_count(self) -> int:
        """Pages saved (numbered from 0, written in one transaction), or -1 if unreadable."""
        return self._count("SELECT max(n) FROM pages")

    def _count(self, query: str) -> int:
        db = self._connection()
        if db is None:
            return -1
        try:
            found = db.execute(query).fetchone()[0]
        except sqlite3.Error:
            return -1
        return 0 if found is None else found + 1

    def keep_plan(self, layout: "dict | EncodedLayout | None", rest: dict) -> None:
        """The plan to save with the articles. A replan (no layout: its plan's stands) of a plan whose
        layout is not saved yet (a watcher defers its saves) keeps that layout to save: dropped, the
        cache named a layout it did not hold, and every new watch or serve planned the site anew at
        its first save (0.4 s of its 0.7 at 1,000 articles), losing the layout again at its second."""
        pending = self._plan
        if layout is None and pending is not None and pending[1].get("layout") == rest.get("layout"):
            layout = pending[0]   # (None too when it is saved already)
        self._plan = (layout, rest)

    def clean(self) -> None:
        """Remove a side file a failed or killed build left (the caller holds the site's lock)."""
        if self._side is None:
            (self.folder / SIDE).unlink(missing_ok=True)

    @property
    def pending(self) -> int:
        return len(self._pending)

    def prepare_rows_aside(self) -> None:
        """prepare_rows() in a forked child (aside.py), started by a cold build before it plans the
        site: the encoding (0.15 s of CPU for the 5,000-odd rows a 10,000-article parse leaves it)
        runs on the core that planning leaves idle instead of competing with the render workers.
        save() and settle() wait for it. Rows the parse wrote already (adopt_rows) are not encoded
        again; when it wrote them all, no child is needed."""
        done, odd = self._side or {}, self._unsaveable
        if all(done.get(rel) is art or rel in odd for rel, art in self._pending.items()):
            return

        def work() -> bytes:
            self.prepare_rows()
            if self._side is None:  # could not write the side file: the child fails, save() encodes
                raise OSError("no side file")
            return json.dumps(sorted(self._unsaveable)).encode()
        self._aside = (Aside(work), dict(self._pending))

    def settle(self) -> None:
        """Wait for prepare_rows_aside's child (killed if this process is interrupted meanwhile);
        its rows count as prepared only if it finished."""
        if self._aside is None:
            return
        aside, rows = self._aside
        self._aside, data = None, None
        try:
            data = aside.close()
        finally:
            if data is None:  # failed or interrupted: whatever it wrote is not to be trusted
                (self.folder / SIDE).unlink(missing_ok=True)
                self._side = None  # the rows a parse wrote there too
        if data is None:
            return
        self._side = rows
        self._unsaveable |= set(json.loads(data))

    def prepare_rows(self) -> None:
        """Encode the pending article rows into a side file (SIDE) that save() folds into the cache
        in one statement. A cold build runs this aside (prepare_rows_aside) while it plans, so the
        encoding (0.1 ms an article) is not added to the build's end; it only reads _pending."""
        done, side = self._side or {}, self.folder / SIDE
        pending = {rel: art for rel, art in self._pending.items() if done.get(rel) is not art}
        self._side = None
        try:
            cache_folder(self.folder)
            if not done:
                side.unlink(missing_ok=True)
            db = _side_db(side, "" if done else _ARTICLES)
            try:
                db.execute("BEGIN")
                db.executemany("INSERT INTO articles VALUES (?, ?)", self._encoded(pending.items()))
                db.execute("COMMIT")
            finally:
                db.close()
        except (OSError, sqlite3.Error):
            side.unlink(missing_ok=True)
            return  # save() encodes them itself, and reports a full disk there
        self._side = {**done, **pending}

    def adopt_rows(self, written: Iterable[str], unsaveable: Iterable[str]) -> None:
        """The rows a cold build's parse wrote into the side file (SideRows), of articles now
        pending (remember()): prepare_rows and save() encode only the others."""
        self._side = {rel: self._pending[rel] for rel in written}
        self._unsaveable |= set(unsaveable)

    def stage_layout(self, rows: "EncodedLayout") -> None:
        """Write a cold build's layout rows into the side file that becomes the cache, while its
        pages render (see _EarlyLayout): the build's end, when every other core is idle, then
        writes only the rest. Nothing is written unless the side file is to become the cache; on
        any failure the side file is dropped (save() encodes the article rows itself)."""
        if self._db is not None or (self._aside is None and self._side is None):
            return
        self.settle()
        if self._side is None:
            return
        side = self.folder / SIDE
        try:
            db = _side_db(side, _LAYOUT + _FACT_TABLE)
            try:
                db.execute("BEGIN")
                _insert_layout(db, rows)
                # and the articles' facts: known since the parse, else written at the build's end
                # (1,000 rows: 4 ms with every other core idle)
                _insert_facts(db, self._fact_rows())
                db.execute("COMMIT")
                db.execute("PRAGMA journal_mode = WAL")  # the cache's mode (_connect), unsynced here
            finally:
                db.close()
            _sync_data(side)
        except (OSError, sqlite3.Error):
            side.unlink(missing_ok=True)
            self._side = None
            return
        self._staged = rows

    def _encoded(self, items: Iterable[tuple[str, Article]]) -> Iterator[tuple[str, str]]:
        for rel, art in items:  # one at a time
            try:
                yield rel, _row(art)
            except TypeError:  # front matter the format cannot hold: parsed again next time
                self._unsaveable.add(rel)

    def save(self, articles: bool = True) -> None:
        """Write what changed, in one transaction: a full disk or a kill leaves the old cache."""
        self.settle()
        prepared = articles and self._side is not None
        if not prepared:
            self._staged = None  # the side file does not become this cache
        ready = self._side if prepared else {}
        attach = prepared and self._db is not None
        new = self._db is None
        if new:
            self._create(prepared)
        db = self._db
        try:
            self._save_beside(db, articles, ready, attach, prepared)
        except BaseException:   # a full disk: the log of the rolled-back save would hold its space (663 KB)
            if not _truncate_log(db) and new:   # its schema's pages, not folded in for want of room
                self._drop()
                _remove_db(self.folder / FILE)
            raise
        # the log folded into the file and emptied: a process that ends without closing (the
        # command exits at once) leaves no log for the next one to read back (227 MB after a
        # replan at 100,000 articles: 0.15 s of every later open)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for old in _OLD:
            (self.folder / old).unlink(missing_ok=True)

    def _create(self, prepared: bool) -> None:
        """The cache's file made anew (a first save here): on a cold build the side file, which
        holds every row, renamed into place; else an empty one with the schema."""
        path = self.folder / FILE
        cache_folder(self.folder)
        _remove_db(path)
        try:
            if prepared:  # a cold build: the side file holds every row, so it becomes the cache
                # (a kill before _save commits leaves a file without the version: no cache)
                (self.folder / SIDE).rename(path)
            self._db = _connect(path)
            self._db.executescript((_META if self._staged is not None else _OTHERS) if prepared else _SCHEMA)
        except BaseException:  # e.g. a full disk: no half-made cache; the next save starts anew
            self._drop()
            _remove_db(path)
            self._side = self._staged = None  # the rows are still pending: the next save encodes them
            raise
        if self._plan is not None and self._plan[0] is None:
            self._plan = None  # its layout was never saved here

    def _save_beside(self, db: sqlite3.Connection, articles: bool, ready: dict[str, Article], attach: bool,
                     prepared: bool) -> None:
        """_save, with the side file's rows attached when they are copied into an open cache; the
        side file is gone after, whatever happened."""
        if attach:  # outside the transaction: SQLite attaches no database inside one
            db.execute("ATTACH DATABASE ? AS side", (str(self.folder / SIDE),))
        try:
            self._save(db, articles, ready, attach)
        finally:
            if attach:
                db.execute("DETACH DATABASE side")
            if prepared:
                (self.folder / SIDE).unlink(missing_ok=True)
                self._side = None
            self._staged = None

    def _save(self, db: sqlite3.Connection, articles: bool, ready: dict[str, Article], attached: bool) -> None:
        db.execute("BEGIN")
        try:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (_version(self.parsed_with),))
            self.state.save(db)
            if articles:  # facts staged with the layout rows are in the file already
                self._save_articles(db, ready, attached, facts=self._staged is None)
                self._save_unsettled(db)
            layout = self._plan[0] if articles and self._plan is not None else None
            if self._staged is not None and layout is not self._staged:
                _clear_layout(db)  # the side file's rows are not this save's layout
            if articles and self._plan is not None:
                layout, rest = self._plan
                if layout is not None:
                    self._save_layout(db, layout, layout is self._staged)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('plan', ?)", (codec.dumps(rest),))
                self._plan = None
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:  # SQLite has already rolled back after some errors (a full disk)
                db.execute("ROLLBACK")
            raise

    @staticmethod
    def _save_layout(db: sqlite3.Connection, layout: "dict | EncodedLayout", staged: bool = False) -> None:
        """The layout's rows (see encode_layout), encoded here unless they were already, and
        written unless they are `staged` in the file already (stage_layout)."""
        rows = layout if isinstance(layout, EncodedLayout) else encode_layout(layout)
        if not staged:
            _clear_layout(db)
            _insert_layout(db, rows)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('layout.outputs', ?)", (rows.outputs,))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('layout', ?)", (rows.head,))

    def _save_articles(self, db: sqlite3.Connection, ready: dict[str, Article], attached: bool,
                       facts: bool = True) -> None:
        """`ready`: the rows prepare_rows wrote, in the attached side file or already in `db`.
        `facts`: write the pending articles' facts (else stage_layout wrote them)."""
        if attached:
            db.execute("INSERT OR REPLACE INTO articles SELECT path, data FROM side.articles")
        rest = ((rel, art) for rel, art in self._pending.items() if ready.get(rel) is not art)
        db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?)", self._encoded(rest))
        self._save_scan(db)  # once _unsaveable is known
        self._gone |= self._unsaveable
        if facts:
            _insert_facts(db, self._fact_rows())
        gone = [(rel,) for rel in self._gone]
        db.executemany("DELETE FROM articles WHERE path = ?", gone)
        db.executemany("DELETE FROM facts WHERE path = ?", gone)
        self._pending, self._gone, self._unsaveable, self._stamped = {}, set(), set(), {}

    def _fact_rows(self) -> list[tuple]:
        """The facts rows of the pending articles the format can hold."""
        stamps = self._stamped
        return [(rel, *stamps[rel], len(art.tags), len(art.authors), bool(art.warnings), bool(art.image or art.body_images),
                 art.date.isoformat(), art.language)
                for rel, art in self._pending.items() if rel not in self._unsaveable]

    def _save_scan(self, db: sqlite3.Connection) -> None:
        """The scan the rows now hold, or none when that is not known (rows written without one,
        a row the format cannot hold): the next build then compares file by file."""
        scan = self._scan
        if scan is not None and self._observed and not self._unsaveable:
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                           [(f"scan.{c}", getattr(scan, c)) for c in _SCAN])
        elif self._pending or self._gone or self._unsaveable or self._observed:
            db.execute("DELETE FROM meta WHERE key LIKE 'scan.%'")
            self._scan, self._observed = None, True

    def close(self) -> None:
        """Close this process's connections to the database, for a cache no longer used (watch and
        serve replace their Builder on each site.toml save: each old one kept cache.sqlite and its
        -wal open, two files a save until serve ran out: review51e 2). What was not saved is dropped,
        as a kill would. A forked child's copy of the parent's connection is left alone."""
        pid = os.getpid()
        if self._reader is not None and self._reader[0] == pid:
            self._reader[1].close()
            self._reader = None
        if pid == self._pid:
            self._drop()

    def _drop(self) -> None:
        """Forget a database that cannot be read; the next save starts a new one."""
        if self._db is not None:
            self._db.close()
            self._db = None


def _row_digest(data: object) -> str | None:
    """The "digest" field of an article row, or None: codec's dataclass, {"\\u0000": "@", "v": ["Article",
    [[name, value], ...]]}, read as plain JSON."""
    try:
        value = json.loads(data) if isinstance(data, (str, bytes)) else None
        pairs = value["v"][1] if isinstance(value, dict) and value.get("\x00") == "@" else ()
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    if not isinstance(pairs, list):
        return None
    digest = next((pair[1] for pair in pairs if isinstance(pair, list) and len(pair) == 2 and pair[0] == "digest"), None)
    return digest if isinstance(digest, str) else None


def _row(art: Article) -> str:
    """An article's row: the article without its body. Rows with the body made a first build read
    again every file whose body the parse had not kept, and encode and write every body: at 10,000
    articles 0.3 s of the parse's and the rows' children's CPU, and 50 MB of the cache's 75. A
    rebuild reads the few bodies its pages show from their files (content.article_body)."""
    return codec.dumps(without_body(art) if art.body else art)


class SideRows:
    """A cold build's article rows written into the side file (SIDE) by the process that parses
    them, while it holds their bodies: prepare_rows would read every file again. The parse's
    process then tells the cache which rows are there (BuildCache.adopt_rows). If the file cannot
    be written, no row counts as written (save() encodes them)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.written: list[str] = []
        self.unsaveable: list[str] = []   # articles the format cannot hold
        self._db: sqlite3.Connection | None = None
        self._broken = False

    def add(self, articles: Iterable[tuple[str, Article]]) -> None:
        """The articles' rows (see _row)."""
        if self._broken:
            return
        try:
            if self._db is None:
                side = cache_folder(self.folder) / SIDE
                side.unlink(missing_ok=True)
                self._db = _side_db(side, _ARTICLES)
                self._db.execute("BEGIN")
            for rel, art in articles:
                try:
                    data = _row(art)
                except TypeError:
                    self.unsaveable.append(rel)
                    continue
                self._db.execute("INSERT INTO articles VALUES (?, ?)", (rel, data))
                self.written.append(rel)
        except (OSError, sqlite3.Error):
            self._fail()

    def close(self) -> None:
        try:
            if self._db is not None:
                self._db.execute("COMMIT")
                self._db.close()
        except sqlite3.Error:
            self._fail()

    def discard(self) -> None:
        """Forget the rows (the process that wrote them failed): the file is not to be trusted."""
        self.written, self.unsaveable = [], []
        try:
            (self.folder / SIDE).unlink(missing_ok=True)
        except OSError:
            pass

    def _fail(self) -> None:
        self._broken = True
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self.discard()


def _side_db(side: Path, schema: str) -> sqlite3.Connection:
    """The side file, unjournalled: it is trusted only once renamed into place or folded in, and
    any failure before that deletes it. `schema`: the tables to make in it."""
    db = sqlite3.connect(side, isolation_level=None)
    db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + schema)
    return db


def _sync_data(path: Path) -> None:
    """The file's data on disk now, while the pages render (stage_layout), not when save() makes
    it the cache: there, switching the side file to the write-ahead log and the checkpoint synced
    its megabytes (8 fsyncs, 38-95 ms on this machine's ext4 at 1,000 articles) with every core
    idle. The side file is then already in WAL mode and clean: save() syncs only what it adds."""
    fd = os.open(path, os.O_RDONLY)
    try:
        getattr(os, "fdatasync", os.fsync)(fd)  # macOS has no fdatasync
    finally:
        os.close(fd)


def _clear_layout(db: sqlite3.Connection) -> None:
    for table in ("pages", "deps", "listed"):
        db.execute(f"DELETE FROM {table}")


def _insert_facts(db: sqlite3.Connection, rows: list[tuple]) -> None:
    db.executemany("INSERT OR REPLACE INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _insert_layout(db: sqlite3.Connection, rows: "EncodedLayout") -> None:
    db.executemany("INSERT INTO pages VALUES (?, ?, ?)", rows.pages)
    db.executemany("INSERT INTO deps VALUES (?, ?)", rows.deps)
    db.executemany("INSERT INTO listed VALUES (?, ?, ?)", rows.listed)


@dataclass(frozen=True)
class EncodedLayout:
    """A plan's layout as the cache's rows: `pages` (n, output, row), `deps` (article, pages),
    `listed` (article, related, label), and the meta values 'layout.outputs' and 'layout'."""
    pages: Iterable[tuple[int, str, str]]
    deps: Iterable[tuple[int, str]]
    listed: Iterable[tuple[int, str, str]]
    outputs: bytes
    head: str


def encode_layout(layout: dict, now: bool = False) -> EncodedLayout:
    """The layout as plain JSON (lists for tuples; restore makes them tuples), its pages
    (`layout["pages"]`: (output, row) each) and deps (article index -> page numbers) as rows.
    The rows are encoded as they are written, or `now` (a build encodes them while its pages
    render, so that its end, when every other core is idle, does not: see Builder.render_and_write)."""
    pages, deps, related, labels = layout["pages"], layout["deps"], layout["related"], layout["labels"]
    rest = {k: v for k, v in layout.items() if k not in ("pages", "deps", "related", "labels")}
    encode = _row_encoder()
    encoded = EncodedLayout(
        ((n, output, encode(row)) for n, (output, row) in enumerate(pages)),
        ((i, encode(ns)) for i, ns in deps.items()),
        ((i, encode(r), encode(labels[i]) if labels else "") for i, r in enumerate(related)),
        "\0".join([output for output, _ in pages]).encode("utf-8", "surrogatepass"),
        encode({**rest, "count": len(pages), "listed": len(related), "labelled": bool(labels)}))
    if now:
        encoded = EncodedLayout(list(encoded.pages), list(encoded.deps), list(encoded.listed),
                                encoded.outputs, encoded.head)
    return encoded


def _row_encoder() -> Callable[[Any], str]:
    """_ROW.encode for one layout's rows, less its set-up per call: JSONEncoder.encode makes a new
    C encoder for every row (3,646 page rows: 6.5 -> 4.0 ms; 177,000 at 100,000 articles, encoded
    at the build's end). The same C encoder, made once for the layout; its check for circular
    values keeps what an encoding that failed left, and that failure ends the layout with it."""
    from json.encoder import c_make_encoder, encode_basestring
    if c_make_encoder is None:  # a Python without the json module's C part
        return _ROW.encode
    r = _ROW
    encoder = c_make_encoder({}, r.default, encode_basestring, r.indent, r.key_separator, r.item_separator,
                             r.sort_keys, r.skipkeys, r.allow_nan)
    join = "".join
    return lambda value: join(encoder(value, 0))


class LazyArticles(Sequence):
    """site.articles of a plan restored from the cache: an article is read from its row when a
    page being rendered needs it, and only the most recent few hundred are kept. `load` turns
    paths into articles (from the cache, or parsed again when a row cannot be read)."""

    KEEP = 1024

    def __init__(self, paths: tuple[str, ...], load: Callable[[list[str]], dict[str, Article]],
                 changed: dict[int, Article] | None = None):
        self.paths, self._load, self.changed = paths, load, changed or {}
        self._recent: OrderedDict[int, Article] = OrderedDict()

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.paths)))]
        if index < 0:
            index += len(self.paths)
        found = self.changed.get(index)
        if found is not None:
            return found
        found = self._recent.get(index)
        if found is None:
            found = self._recent[index] = self._load([self.paths[index]])[self.paths[index]]
            if len(self._recent) > self.KEEP:
                self._recent.popitem(last=False)
        else:
            self._recent.move_to_end(index)
        return found

    def __iter__(self) -> Iterator[Article]:
        for start in range(0, len(self.paths), _BATCH):
            batch = self._load([p for i, p in enumerate(self.paths[start:start + _BATCH], start)
                                if i not in self.changed])
            for i in range(start, min(start + _BATCH, len(self.paths))):
                yield self.changed.get(i) or batch[self.paths[i]]

    def with_changes(self, changes: dict[int, Article]) -> "LazyArticles":
        return LazyArticles(self.paths, self._load, {**self.changed, **changes})


@dataclass(frozen=True)
class Scan:
    """content/'s files as columns: names NUL-separated (no name holds a NUL), then mtimes, sizes,
    ctimes and inode numbers as arrays of int64 (content.Stamp). Every build hashes them (10,000
    files in 2 ms, against 13 for a digest() of their tuples); the cache keeps the columns its rows
    were saved from, so an edit finds the changed file by comparing bytes, not 100,000 stamps one
    by one (see changed_files)."""
    names: bytes
    mtimes: bytes
    sizes: bytes
    ctimes: bytes
    inos: bytes

    @classmethod
    def of(cls, files: Sequence[tuple[str, os.stat_result]] | Listing) -> "Scan":
        if isinstance(files, Listing):  # the scan's own columns
            return cls("\0".join(files.names).encode("utf-8", "surrogatepass"), *(c.tobytes() for c in files.columns()))
        stamps = list(zip(*(stamp_of(st) for _, st in files))) or [()] * 4
        return cls("\0".join([rel for rel, _ in files]).encode("utf-8", "surrogatepass"),
                   *(array("q", column).tobytes() for column in stamps))

    def stamps(self) -> tuple[bytes, bytes, bytes, bytes]:
        return self.mtimes, self.sizes, self.ctimes, self.inos

    def paths(self) -> list[str]:
        """The files' names, in order (one split in C, not a list built file by file)."""
        return self.names.decode("utf-8", "surrogatepass").split("\0") if self.names or self.mtimes else []

    def digest(self) -> str:
        h = hashlib.blake2b(digest_size=12)
        for column in (self.names, *self.stamps()):
            h.update(column)
        return h.hexdigest()

    def differing(self, old: "Scan") -> list[int] | None:
        """The positions of the files whose stamp (mtime, size, ctime or inode) differs from `old`'s,
        or None when the two do not list the same files."""
        pairs = list(zip(self.stamps(), old.stamps()))
        if self.names != old.names or any(len(a) != len(b) for a, b in pairs):
            return None
        return sorted({i for a, b in pairs for i in _differing(a, b)})


_SCAN = ("names", "mtimes", "sizes", "ctimes", "inos")  # Scan's columns, each saved in meta as scan.<name>


def _differing(a: bytes, b: bytes, block: int = 4096) -> Iterator[int]:
    """Indexes of the int64s that differ between two columns of the same length: blocks compared
    in C, only a differing block item by item."""
    for start in range(0, len(a), block):
        if a[start:start + block] != b[start:start + block]:
            for i in range(start, min(start + block, len(a)), 8):
                if a[i:i + 8] != b[i:i + 8]:
                    yield i // 8


def digest(*parts: object) -> str:
    """A short hash of the parts' reprs, each ended by \x1f: one encode and one update for all
    (20,000 a build), the same value as hashing them one by one."""
    return digest_text("\x1f".join(map(repr, parts)) + "\x1f" if parts else "")


def digest_text(text: str) -> str:
    """digest() of parts given as the text it hashes: for a caller that keeps some parts' reprs."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
