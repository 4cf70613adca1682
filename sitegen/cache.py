"""The build cache in `.sitegen/`: what the last build read and wrote, so the next does only the difference.

Two files: `state.pickle` (small: a digest of every input's stat, when the output goes stale by
the clock alone, and each output's fingerprint) is read on every build; `articles.pickle`
(parsed articles keyed by file stat) only when something changed. The cache only ever saves
work: it is versioned, and a missing, stale or corrupt cache is rebuilt, never trusted.
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .config import cache_folder
from .content import Article

VERSION = 11  # bump when Article, fingerprints or output layout change


@dataclass
class State:
    inputs: str = ""                       # digest of every input file's stat + config + options
    valid_until: datetime | None = None    # the output depends on the clock: rebuild after this
    counts: tuple[int, int] = (0, 0)       # articles, pages of the last good build
    left_out: dict[str, int] = field(default_factory=dict)
    outputs: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # rel -> fingerprint, size, mtime_ns
    warnings: tuple[str, ...] = ()        # repeated by builds that find nothing changed

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


def _stat(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _load(path: Path):
    try:
        with open(path, "rb") as fh, _no_gc():
            version, payload = pickle.load(fh)
        return payload if version == VERSION else None
    except Exception:  # noqa: BLE001 - any unreadable cache is simply rebuilt
        return None


@contextmanager
def _no_gc():
    """Pickling makes no garbage, but 100,000s of new objects trigger collections that walk them
    all, over and over: 40% of the time of loading the article cache."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _save(path: Path, payload) -> None:
    cache_folder(path.parent)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh, _no_gc():
            pickle.dump((VERSION, payload), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk must not leave a temporary file per attempt
        raise


@dataclass
class BuildCache:
    folder: Path
    state: State = field(default_factory=State)
    _articles: dict[str, tuple[int, int, Article]] | None = None  # loaded on first use
    _plan: object = None   # the last build's plan (build.LastPlan), saved with the articles it shows
    dirty: bool = False

    @classmethod
    def load(cls, folder: Path) -> "BuildCache":
        state = _load(folder / "state.pickle")
        return cls(folder, state if isinstance(state, State) else State())

    @property
    def articles(self) -> dict[str, tuple[int, int, Article]]:
        if self._articles is None:
            loaded = _load(self.folder / "articles.pickle")
            ok = isinstance(loaded, tuple) and len(loaded) == 2 and isinstance(loaded[0], dict)
            self._articles, self._plan = loaded if ok else ({}, None)
        return self._articles

    def plan(self, inputs: str):
        """The last build's plan, when it is the build the state describes (else None): a new
        process can then rebuild one edited article without planning the whole site again."""
        self.articles  # noqa: B018 - the plan is stored with the articles
        plan = self._plan
        return plan if inputs and getattr(plan, "inputs", None) == inputs else None

    def keep_plan(self, plan: object) -> None:
        self._plan, self.dirty = plan, True

    def save(self, articles: bool = True) -> None:
        if articles and self.dirty and self._articles is not None:
            _save(self.folder / "articles.pickle", (self._articles, self._plan))
            self.dirty = False
        _save(self.folder / "state.pickle", self.state)

    def article(self, rel: str, st: os.stat_result) -> Article | None:
        entry = self.articles.get(rel)
        if entry and entry[0] == st.st_mtime_ns and entry[1] == st.st_size:
            return entry[2]
        return None

    def remember(self, rel: str, st: os.stat_result, article: Article) -> None:
        self.articles[rel] = (st.st_mtime_ns, st.st_size, article)
        self.dirty = True

    def forget_except(self, keep: set[str]) -> None:
        for gone in set(self.articles) - keep:
            del self.articles[gone]
            self.dirty = True


def digest(*parts: object) -> str:
    h = hashlib.blake2b(digest_size=12)
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()
