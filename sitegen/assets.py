"""Static files: the theme's templates/static/ and the site's static/, fingerprinted for caching.

`style.css` is published as `style.<hash>.css` so hosts can cache it for a year; templates ask
for `asset('static/style.css')` and get the fingerprinted URL.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .config import Config, leads_out, outside_message, published_static
from .write import Stage

FINGERPRINTED = (".css", ".js")


@dataclass(frozen=True)
class Static:
    outputs: dict[str, Path]      # output rel path -> source file
    mapping: dict[str, str]       # 'static/style.css' -> 'static/style.1a2b3c4d.css'
    errors: tuple[str, ...] = ()  # files that are links out of their folder: never published


def _sources(config: Config, errors: list[str]) -> dict[str, Path]:
    """'static/x' -> file; the site's static/ wins over the site's templates/static/, then the theme's.
    Hidden files and an editor's backups are not published (config.published_static), nor a link
    out of its folder (an error in `errors`)."""
    found: dict[str, Path] = {}
    for folder in config.static_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):  # (rglob does not enter linked folders)
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and published_static(rel):
                if path.is_symlink() and (real := leads_out(folder, rel)) is not None:
                    shown = _shown(config, folder)
                    errors.append(f"{shown}/{rel}: {outside_message(real, shown)}")
                    continue
                found.setdefault("static/" + rel, path)
    return found


def _shown(config: Config, folder: Path) -> str:
    """A static folder as messages name it: from the site's root when it is in the site."""
    return config.paths.static.rstrip("/") if folder == config.path("static") else str(folder)


def fingerprinted(rel: str, data: bytes) -> str:
    stem, dot, ext = rel.rpartition(".")
    return f"{stem}.{hashlib.blake2b(data, digest_size=4).hexdigest()}.{ext}"


def collect(config: Config) -> Static:
    outputs, mapping, errors = {}, {}, []
    for rel, path in _sources(config, errors).items():
        out = fingerprinted(rel, path.read_bytes()) if rel.endswith(FINGERPRINTED) else rel
        outputs[out], mapping[rel] = path, out
    return Static(outputs, mapping, tuple(errors))


def stage(static: Static, stage: Stage) -> list[str]:
    return [rel for rel, path in static.outputs.items() if stage.put(rel, path.read_bytes())]
