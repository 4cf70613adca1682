"""Static files: the theme's templates/static/ and the site's static/, fingerprinted for caching.

`style.css` is published as `style.<hash>.css` so hosts can cache it for a year; templates ask
for `asset('static/style.css')` and get the fingerprinted URL.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .config import Config, published_static
from .write import Stage

FINGERPRINTED = (".css", ".js")


@dataclass(frozen=True)
class Static:
    outputs: dict[str, Path]      # output rel path -> source file
    mapping: dict[str, str]       # 'static/style.css' -> 'static/style.1a2b3c4d.css'


def _sources(config: Config) -> dict[str, Path]:
    """'static/x' -> file; the site's static/ wins over the site's templates/static/, then the theme's.
    Hidden files and an editor's backups are not published (config.published_static)."""
    found: dict[str, Path] = {}
    for folder in config.static_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and published_static(rel):
                found.setdefault("static/" + rel, path)
    return found


def fingerprinted(rel: str, data: bytes) -> str:
    stem, dot, ext = rel.rpartition(".")
    return f"{stem}.{hashlib.blake2b(data, digest_size=4).hexdigest()}.{ext}"


def collect(config: Config) -> Static:
    outputs, mapping = {}, {}
    for rel, path in _sources(config).items():
        out = fingerprinted(rel, path.read_bytes()) if rel.endswith(FINGERPRINTED) else rel
        outputs[out], mapping[rel] = path, out
    return Static(outputs, mapping)


def stage(static: Static, stage: Stage) -> list[str]:
    return [rel for rel, path in static.outputs.items() if stage.put(rel, path.read_bytes())]
