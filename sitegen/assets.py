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
    warnings: tuple[str, ...] = ()  # pictures published with their GPS location (gps_warnings)


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
    # any case: a host matching _headers' 'static/*.css' without case (Netlify) would keep an unhashed x.CSS a year
    data = {rel: path.read_bytes() for rel, path in sources.items() if rel.lower().endswith(FINGERPRINTED)}
    refs = {rel: _references(rel, raw, data) for rel, raw in data.items()}
    mapping = {rel: fingerprinted(rel, _hashed(rel, data, refs)) if rel in data else rel for rel in sources}
    rewritten = {mapping[rel]: _rewrite(rel, data[rel], mapping) for rel in data if refs[rel]}
    return Static({mapping[rel]: path for rel, path in sources.items()}, mapping, tuple(errors), rewritten,
                  warnings=tuple(gps_warnings(config, sources)))


GPS_SUFFIXES = (".jpg", ".jpeg", ".jfif", ".jpe", ".png", ".webp")   # the formats that carry EXIF


def gps_warnings(config: Config, sources: dict[str, Path]) -> list[str]:
    """A warning for each JPEG, PNG or WebP of the site's static/ whose EXIF holds a GPS location:
    static files are published as they are (they are the user's), and a phone's photo there, or an
    author's headshot, told every reader where it was taken (review44f). Pictures beside the
    articles are published as copies without it. The theme's files are not the user's photos."""
    folder = config.path("static")
    shown = _shown(config, folder)
    return [f"{shown}/{rel.removeprefix('static/')}: its EXIF holds a GPS location (where it was taken), and static "
            "files are published as they are: remove it (exiftool -gps:all= FILE) or put the picture beside the "
            "article, where sitegen publishes copies without it"
            for rel, path in sources.items()
            if rel.lower().endswith(GPS_SUFFIXES) and path.parent.is_relative_to(folder) and has_gps(path)]


def has_gps(path: Path) -> bool:
    """Whether a JPEG, PNG or WebP file's EXIF names a latitude or longitude, read from its headers
    alone (segments and chunks walked by their lengths): no Pillow for every build's static files."""
    try:
        with open(path, "rb") as fh:
            exif = _exif_block(fh)
    except OSError:
        return False
    return exif is not None and _gps_located(exif)


def _exif_block(fh) -> bytes | None:
    head = fh.read(12)
    if head[:2] == b"\xff\xd8":
        return _jpeg_exif(fh)
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return _chunk(fh, 8, True)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _chunk(fh, 12, False)
    return None


def _jpeg_exif(fh) -> bytes | None:
    at = 2
    while True:
        fh.seek(at)
        marker = fh.read(4)
        if len(marker) < 4 or marker[0] != 0xFF or marker[1] in (0xDA, 0xD9):   # start of scan: no more headers
            return None
        length = int.from_bytes(marker[2:4], "big")
        if length < 2:
            return None
        if marker[1] == 0xE1:
            data = fh.read(length - 2)
            if data.startswith(b"Exif\0\0"):
                return data[6:]
        at += 2 + length


def _chunk(fh, at: int, png: bool) -> bytes | None:
    """The EXIF chunk's data: a PNG's chunks are (length, name, data, crc), up to its first IDAT
    (eXIf comes before it); a WebP's (name, length, data, a pad byte to an even length)."""
    name = b"eXIf" if png else b"EXIF"
    while True:
        fh.seek(at)
        head = fh.read(8)
        if len(head) < 8:
            return None
        kind, size = (head[4:], int.from_bytes(head[:4], "big")) if png else (head[:4], int.from_bytes(head[4:], "little"))
        if kind == name:
            data = fh.read(size)
            return data[6:] if data.startswith(b"Exif\0\0") else data
        if png and kind == b"IDAT":
            return None
        at += 8 + size + (4 if png else size & 1)


def _gps_located(tiff: bytes) -> bool:
    """Whether EXIF (a TIFF header and IFDs) has a GPS IFD naming a latitude (2) or longitude (4)."""
    order = {b"II": "little", b"MM": "big"}.get(tiff[:2])
    if order is None:
        return False
    def number(at: int, size: int) -> int:
        return int.from_bytes(tiff[at:at + size], order) if at + size <= len(tiff) else -1
    def tags(ifd: int) -> dict[int, int]:   # tag -> its value (an offset for a GPS IFD pointer)
        count = number(ifd, 2)
        return {number(e, 2): number(e + 8, 4) for e in range(ifd + 2, ifd + 2 + 12 * max(count, 0), 12)}
    gps = tags(number(4, 4)).get(0x8825, -1)
    return gps > 0 and bool({2, 4} & set(tags(gps)))


def _target(rel: str, ref: str) -> str | None:
    """The source a stylesheet's relative reference names ('static/css/a.css', '../b.css?v=2' ->
    'static/b.css'), or None for an absolute one, a data: URL, or one leading out of static/."""
    if NOT_RELATIVE.match(ref):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(rel), re.split(r"[?#]", ref, maxsplit=1)[0]))
    return path if path.startswith("static/") else None


def _references(rel: str, raw: bytes, data: dict[str, bytes]) -> set[str]:
    """The fingerprinted files a stylesheet names (a .js file names none: it is not parsed)."""
    if not rel.lower().endswith(".css"):
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
