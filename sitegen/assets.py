"""Static files: the theme's templates/static/ and the site's static/, fingerprinted for caching.

`style.css` is published as `style.<hash>.css` so hosts can cache it for a year; templates ask
for `asset('static/style.css')` and get the fingerprinted URL. A stylesheet's relative `@import` and
`url()` of another fingerprinted file are rewritten to that file's published name, and the hash of a
stylesheet covers every fingerprinted file it reaches that way (as Django's ManifestStaticFilesStorage
and Rails' Propshaft do): an edit of `extra.css` gives `style.css`, which imports it, a new name too.
"""
from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config, leads_out, outside_message, published_static
from .write import Stage

FINGERPRINTED = (".css", ".js")
# a stylesheet's references: url(x), url("x"), url('x'), and @import "x" / 'x' (its url() form is a url())
REFERENCE = re.compile(r"""(?P<head>(?:url\(\s*|@import\s*(?=["']))(?P<quote>["']?))(?P<ref>[^"')\s]+)(?P=quote)""", re.I)
NOT_RELATIVE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", re.I)   # data:, https:, //host, /root, #id


@dataclass(frozen=True)
class Static:
    outputs: dict[str, Path]      # output rel path -> source file
    mapping: dict[str, str]       # 'static/style.css' -> 'static/style.1a2b3c4d.css'
    errors: tuple[str, ...] = ()  # files that are links out of their folder: never published
    rewritten: dict[str, bytes] = field(default_factory=dict)  # output rel path -> its references rewritten


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
    errors: list[str] = []
    sources = _sources(config, errors)
    data = {rel: path.read_bytes() for rel, path in sources.items() if rel.endswith(FINGERPRINTED)}
    refs = {rel: _references(rel, raw, data) for rel, raw in data.items()}
    mapping = {rel: fingerprinted(rel, _hashed(rel, data, refs)) if rel in data else rel for rel in sources}
    rewritten = {mapping[rel]: _rewrite(rel, data[rel], mapping) for rel in data if refs[rel]}
    return Static({mapping[rel]: path for rel, path in sources.items()}, mapping, tuple(errors), rewritten)


def _target(rel: str, ref: str) -> str | None:
    """The source a stylesheet's relative reference names ('static/css/a.css', '../b.css?v=2' ->
    'static/b.css'), or None for an absolute one, a data: URL, or one leading out of static/."""
    if NOT_RELATIVE.match(ref):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(rel), re.split(r"[?#]", ref, maxsplit=1)[0]))
    return path if path.startswith("static/") else None


def _references(rel: str, raw: bytes, data: dict[str, bytes]) -> set[str]:
    """The fingerprinted files a stylesheet names (a .js file names none: it is not parsed)."""
    if not rel.endswith(".css"):
        return set()
    text = raw.decode("utf-8", "surrogateescape")
    return {t for m in REFERENCE.finditer(text) if (t := _target(rel, m["ref"])) in data and t != rel}


def _hashed(rel: str, data: dict[str, bytes], refs: dict[str, set[str]]) -> bytes:
    """What a file's name hashes: its bytes, and those of every fingerprinted file it reaches
    (imports of imports, a cycle too), so the name changes when any of them does. A file that
    reaches none hashes its bytes alone, as before references were followed."""
    seen, todo = set(), list(refs[rel])
    while todo:
        if (name := todo.pop()) not in seen:
            seen.add(name)
            todo += refs[name]
    seen.discard(rel)
    return data[rel] + b"".join(b"\0" + name.encode() + b"\0" + data[name] for name in sorted(seen))


def _rewrite(rel: str, raw: bytes, mapping: dict[str, str]) -> bytes:
    """A stylesheet with each relative reference to a fingerprinted file given that file's
    published name, relative as it was (a query or fragment after it kept)."""
    def named(match: re.Match) -> str:
        target, ref = _target(rel, match["ref"]), match["ref"]
        if target is None or mapping.get(target, target) == target:
            return match[0]
        rest = ref[len(re.split(r"[?#]", ref, maxsplit=1)[0]):]
        new = posixpath.relpath(mapping[target], posixpath.dirname(rel)) + rest
        return f"{match['head']}{new}{match['quote']}"
    return REFERENCE.sub(named, raw.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")


def stage(static: Static, stage: Stage) -> list[str]:
    return [rel for rel, path in static.outputs.items()
            if stage.put(rel, static.rewritten[rel] if rel in static.rewritten else path.read_bytes())]
