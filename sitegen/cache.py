"""The build cache in `.sitegen/`: what the last build read and wrote, so the next does only the difference.

One SQLite file, `cache.sqlite`, in a format that cannot run code (sitegen/codec.py: a `.sitegen/`
restored from a shared CI cache is data, never a program):
- `meta`: the state (a digest of every input's stat, when the output goes stale by the clock,
  each output's fingerprint), read on every build; the last build's plan, saved only when the
  plan itself changed.
- `articles`: one row per content file (parsed article keyed by path, with the file's stat), read
  only when something changed; an edit rewrites one row.
The cache only ever saves work: it is versioned, and a missing, stale or corrupt cache is rebuilt,
never trusted.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import codec
from .config import cache_folder
from .content import Article, Correction

VERSION = 13  # bump when Article, fingerprints or output layout change (13: sections, editions, honest dates)
FILE = "cache.sqlite"
_OLD = ("state.pickle", "articles.pickle")  # the format before this one: never read, removed on save


@dataclass
class State:
    inputs: str = ""                       # digest of every input file's stat + config + options
    valid_until: datetime | None = None    # the output depends on the clock: rebuild after this
    counts: tuple[int, int] = (0, 0)       # articles, pages of the last good build
    left_out: dict[str, int] = field(default_factory=dict)
    outputs: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # rel -> fingerprint, size, mtime_ns
    warnings: tuple[str, ...] = ()        # repeated by builds that find nothing changed
    search: dict[str, str] = field(default_factory=dict)  # search shard -> what it indexed ('' stale)

    def fresh(self, rel: str, fingerprint: str, output: str) -> bool:
        """True when rel was last built from the same inputs and is untouched on disk."""
        entry = self.outputs.get(rel)
        if entry is None or entry[0] != fingerprint or not fingerprint:
            return False
        return _stat(os.path.join(output, rel)) == entry[1:]

    def outputs_intact(self, output: str) -> bool:
        """Every output as the last build left it (size and mtime): the no-change build's check,
        20,000 stats at 10,000 articles, so relative to an open folder and without tuples."""
        if not self.outputs:
            return False
        try:
            folder = os.open(output, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            return False
        try:
            for rel, (_, size, mtime) in self.outputs.items():
                try:
                    st = os.stat(rel, dir_fd=folder)
                except OSError:
                    return False
                if st.st_mtime_ns != mtime or st.st_size != size:
                    return False
            return True
        finally:
            os.close(folder)


    def dumps(self) -> str:
        """Plain JSON (read on every build, so no tagged objects: 20,000 outputs load in 20 ms)."""
        return json.dumps({
            "inputs": self.inputs, "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "counts": self.counts, "left_out": self.left_out, "warnings": self.warnings, "search": self.search,
            "outputs": [[rel, *entry] for rel, entry in self.outputs.items()]}, ensure_ascii=False)

    @classmethod
    def loads(cls, text: str) -> "State":
        d = json.loads(text)
        until = d["valid_until"]
        return cls(str(d["inputs"]), datetime.fromisoformat(until) if until else None, tuple(d["counts"]),
                   dict(d["left_out"]), {rel: (fp, size, mtime) for rel, fp, size, mtime in d["outputs"]},
                   tuple(d["warnings"]), dict(d["search"]))


def _stat(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _open(path: Path) -> sqlite3.Connection | None:
    """The cache database, or None when it is missing, unreadable or another version's."""
    if not path.is_file():
        return None
    try:
        # serve opens the cache in one thread and builds in another (never two at once)
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        found = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        if found and found[0] == str(VERSION):
            return db
        db.close()
    except sqlite3.Error:
        pass
    return None


def _get(db: sqlite3.Connection | None, key: str, types: tuple[type, ...] = ()):
    if db is None:
        return None
    try:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return codec.loads(row[0], types) if row else None
    except (sqlite3.Error, codec.CodecError):
        return None


@dataclass
class BuildCache:
    folder: Path
    state: State = field(default_factory=State)
    _db: sqlite3.Connection | None = None
    _articles: dict[str, tuple[int, int, Article]] | None = None  # loaded on first use
    _changed: set[str] = field(default_factory=set)   # article rows to write
    _gone: set[str] = field(default_factory=set)      # article rows to delete
    _plan: tuple[dict | None, dict] | None = None     # (layout, only when it changed; the rest) to save

    @classmethod
    def load(cls, folder: Path) -> "BuildCache":
        db, state = _open(folder / FILE), State()
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'state'").fetchone() if db else None
            state = State.loads(row[0]) if row else state
        except (sqlite3.Error, ValueError, TypeError, KeyError):
            pass  # an unreadable state: everything is rebuilt and compared with public/
        return cls(folder, state, db)

    @property
    def articles(self) -> dict[str, tuple[int, int, Article]]:
        if self._articles is None:
            self._articles = {}
            if self._db is not None:
                try:
                    for path, mtime, size, data in self._db.execute("SELECT path, mtime, size, data FROM articles"):
                        art = codec.loads(data, (Article, Correction))
                        if isinstance(art, Article):
                            self._articles[path] = (mtime, size, art)
                except (sqlite3.Error, codec.CodecError):
                    self._articles = {}
                    self._drop()
        return self._articles

    def saved_plan(self, inputs: str) -> tuple[dict, dict] | None:
        """The last build's plan (its layout, and the rest), when it is the build the state
        describes: a new process can then rebuild one edited article without planning again."""
        rest = _get(self._db, "plan")
        if not inputs or not isinstance(rest, dict) or rest.get("inputs") != inputs:
            return None
        layout = _get(self._db, "layout")
        return (layout, rest) if isinstance(layout, dict) and layout.get("id") == rest.get("layout") else None

    def keep_plan(self, layout: dict | None, rest: dict) -> None:
        self._plan = (layout, rest)

    def save(self, articles: bool = True) -> None:
        """Write what changed, in one transaction: a full disk or a kill leaves the old cache."""
        path = self.folder / FILE
        if self._db is None:
            cache_folder(self.folder)
            path.unlink(missing_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._db.executescript(
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                "CREATE TABLE articles (path TEXT PRIMARY KEY, mtime INTEGER, size INTEGER, data TEXT NOT NULL);")
            self._changed = set(self._articles or ())
            if self._plan is not None and self._plan[0] is None:
                self._plan = None  # its layout was never saved here
        db = self._db
        db.execute("BEGIN")
        try:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (str(VERSION),))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('state', ?)", (self.state.dumps(),))
            if articles and self._articles is not None:
                self._save_articles(db)
            if articles and self._plan is not None:
                layout, rest = self._plan
                if layout is not None:
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('layout', ?)", (codec.dumps(layout),))
                db.execute("INSERT OR REPLACE INTO meta VALUES ('plan', ?)", (codec.dumps(rest),))
                self._plan = None
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:  # SQLite has already rolled back after some errors (a full disk)
                db.execute("ROLLBACK")
            raise
        for old in _OLD:
            (self.folder / old).unlink(missing_ok=True)

    def _save_articles(self, db: sqlite3.Connection) -> None:
        rows = []
        for rel in self._changed:
            entry = self._articles.get(rel)
            if entry is not None:
                try:
                    rows.append((rel, entry[0], entry[1], codec.dumps(entry[2])))
                except TypeError:  # front matter the format cannot hold: parsed again next time
                    self._gone.add(rel)
        db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?)", rows)
        db.executemany("DELETE FROM articles WHERE path = ?", [(rel,) for rel in self._gone])
        self._changed, self._gone = set(), set()

    def _drop(self) -> None:
        """Forget a database that cannot be read; the next save starts a new one."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def article(self, rel: str, st: os.stat_result) -> Article | None:
        entry = self.articles.get(rel)
        if entry and entry[0] == st.st_mtime_ns and entry[1] == st.st_size:
            return entry[2]
        return None

    def remember(self, rel: str, st: os.stat_result, article: Article) -> None:
        self.articles[rel] = (st.st_mtime_ns, st.st_size, article)
        self._changed.add(rel)

    def forget_except(self, keep: set[str]) -> None:
        for gone in set(self.articles) - keep:
            del self.articles[gone]
            self._changed.discard(gone)
            self._gone.add(gone)


def digest(*parts: object) -> str:
    h = hashlib.blake2b(digest_size=12)
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()
