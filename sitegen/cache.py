"""The build cache in `.sitegen/`: parsed articles keyed by file stat, and each output's inputs.

The cache only ever saves work: it is versioned, and a missing, stale or corrupt cache is
rebuilt from scratch, never trusted.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from .content import Article

VERSION = 3  # bump when Article, fingerprints or output layout change


@dataclass
class Manifest:
    """Output path -> (fingerprint of its inputs, size, mtime_ns) as last written."""
    outputs: dict[str, tuple[str, int, int]] = field(default_factory=dict)

    def fresh(self, rel: str, fingerprint: str, output: Path) -> bool:
        """True when rel was last built from the same inputs and is untouched on disk."""
        entry = self.outputs.get(rel)
        if entry is None or entry[0] != fingerprint:
            return False
        try:
            st = os.stat(output / rel)
        except OSError:
            return False
        return (st.st_size, st.st_mtime_ns) == entry[1:]


@dataclass
class BuildCache:
    folder: Path
    articles: dict[str, tuple[int, int, Article]] = field(default_factory=dict)  # path -> (mtime, size, art)
    manifest: Manifest = field(default_factory=Manifest)
    key: str = ""                     # config + options digest the manifest belongs to
    dirty: bool = False

    @classmethod
    def load(cls, folder: Path) -> "BuildCache":
        try:
            with open(folder / "cache.pickle", "rb") as fh:
                version, articles, outputs, key = pickle.load(fh)
            if version != VERSION:
                raise ValueError("old cache")
            return cls(folder, articles, Manifest(outputs), key)
        except Exception:  # noqa: BLE001 - any unreadable cache is simply rebuilt
            return cls(folder)

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f"cache.pickle.{os.getpid()}"
        with open(tmp, "wb") as fh:
            pickle.dump((VERSION, self.articles, self.manifest.outputs, self.key), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.folder / "cache.pickle")
        gitignore = self.folder / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text("*\n")
        self.dirty = False

    def article(self, rel: str, st: os.stat_result) -> Article | None:
        entry = self.articles.get(rel)
        if entry and entry[0] == st.st_mtime_ns and entry[1] == st.st_size:
            return entry[2]
        return None

    def remember(self, rel: str, st: os.stat_result, article: Article) -> None:
        self.articles[rel] = (st.st_mtime_ns, st.st_size, article)
        self.dirty = True


def digest(*parts: object) -> str:
    h = hashlib.blake2b(digest_size=12)
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()
