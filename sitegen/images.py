"""Pictures: every local image an article shows, resized, cropped and re-encoded with Pillow.

The stage between content and site: articles -> `ImageSet` (what each picture became), which the
views turn into markup. Each source is processed once per (bytes, settings, focal point): the
results are kept in `.sitegen/images/<key>/`, made in parallel processes, and staged into
`public/images/` with the rest of the build, so a failed build leaves public/ as it was.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import io
import os
import re
import shutil
import threading
import time
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterable, Iterator
from urllib.parse import quote, unquote, unquote_to_bytes, urlsplit

from . import LazyPattern, library_version
from .config import (AUTHORS_FILE, Config, ImagesSection, is_file, leads_out, outside_message, published_static,
                     static_file_name)
from .content import (DATA_PICTURE_TYPES, RACY_NS, PICTURE_SUFFIXES, Article, file_digest, article_slug, bare_picture_lines,
                      file_name_alt, file_named_picture_lines, picture_lines, stamp_of)
from .assets import gif_blocks, gif_cut_short, holds_gps
from .write import Refused, Stage, WriteError

if TYPE_CHECKING:
    from xml.etree import ElementTree

    from PIL import Image as PILImage

VERSION = 6                       # bump when the outputs of the same settings change
# A picture's key, in its cache folder's and its published files' names: 64 bits. 32 clashed (one
# story showed another's picture, build ok) with odds of 1% at 10,000 pictures and 69% at 100,000;
# 64 make it 3 in 10 billion at 100,000, and collect() refuses a clash anyway.
KEY_BYTES = 8
OUTPUT = "images"                 # public/images/
# What Pillow must find in a file with each extension: a .jpg that is really a PNG is refused.
# .jfif and .jpe are JPEG's too (Chrome on Windows saves JPEGs as .jfif): published as .jpg (review47c)
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".jfif": "JPEG", ".jpe": "JPEG", ".png": "PNG", ".webp": "WEBP"}
MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXT = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PUBLISHED_AS = {**EXT, "GIF": "gif"}   # the suffix each format Pillow reads is published under
# Published as they are (a new name, same bytes): vector drawings, and GIFs, which may be animated.
AS_IS = {".svg": "image/svg+xml", ".gif": "image/gif"}
SUFFIXES = PICTURE_SUFFIXES   # picture files watched in content/
KINDS = (*dict.fromkeys(FORMATS.values()), *AS_IS)   # a job's kind (Job.kind)
PNG_WEBP = "lossless-widest"  # in a PNG's key: its WebP may be lossless (review44f), decided at the widest output (rf44m)
LOSSLESS_EFFORT = 80          # lossless WebP's "quality" is its effort: at method 2, 0-100 gave sizes within 5% (measured)
# Crops for social cards and structured data (Google asks for 16:9, 4:3 and 1:1 news images).
CARD = (1200, 630)
LD_RATIOS = {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1)}
LD_WIDTH = 1200
AUTHOR_PHOTO_WIDTH = 192        # the author page shows it 96 CSS px wide: sharp on a 2x screen
WEBP_MAX_SIDE = 16383             # pixels: libwebp encodes no wider or taller picture
BOMB_BYTES_PER_PIXEL = 0.01       # photos take 0.1-1 byte a pixel; far less is a decompression bomb
# Under a raised max_megapixels, over Pillow's own limit: only what deflate's best (about 1/1000 of a
# byte a pixel) reaches. A flat-colour palette map (16 colours, 10000x10000 in 757 KB: 0.0078) is real
# and was refused (rf48b); rf47p's bombs are 0.00097 (PNG) and 0.00074 (GIF).
RAISED_BOMB_BYTES_PER_PIXEL = 0.002
PILLOW_PIXELS = 1024 * 1024 * 1024 // 4 // 3   # Pillow's own MAX_IMAGE_PIXELS (89.5 MP), which it warns over


class ImageError(Exception):
    """An image an article needs cannot be used: names the article, the image and what to do."""


@dataclass(frozen=True)
class Variant:
    path: str          # output path under public/, e.g. 'images/harbour.1a2b3c4d5e6f7a8b.640.webp'
    width: int
    height: int
    mime: str
    length: int        # bytes: RSS enclosures say it


@dataclass(frozen=True)
class Picture:
    """One source image, processed. `renditions` by name: 'full' (uncropped), '16x9', '4x3',
    '1x1' (crops around the focal point, every configured width) and 'card' (1200x630)."""
    key: str
    width: int                     # the source, upright
    height: int
    renditions: dict[str, tuple[Variant, ...]]
    made_from: str = ""            # what its key is the digest of (Job.made_from): a cached one must match
    made_by: str = ""              # the encoder that made its files (Job.made_by): a cached one must match

    def variants(self, name: str, mime: str | None = None) -> tuple[Variant, ...]:
        return tuple(v for v in self.renditions.get(name, ()) if mime is None or v.mime == mime)

    def largest(self, name: str, mime: str | None = None) -> Variant:
        found = self.variants(name, mime) or self.variants(name)
        return max(found, key=lambda v: (v.width, v.mime != "image/webp"))

    def near(self, name: str, width: int) -> Variant:
        """The variant closest to `width`, in a format every crawler reads (not WebP when there is another)."""
        found = [v for v in self.variants(name) if v.mime != "image/webp"] or list(self.variants(name))
        return min(found, key=lambda v: (abs(v.width - width), v.width))

    def outputs(self) -> Iterable[Variant]:
        for variants in self.renditions.values():
            yield from variants


@dataclass(frozen=True)
class Settings:
    """What decides the bytes of every output, besides the source."""
    widths: tuple[int, ...]
    quality: int
    max_pixels: int

    @classmethod
    def of(cls, section: ImagesSection) -> "Settings":
        return cls(section.widths, section.quality, section.max_megapixels * 1_000_000)

    @property
    def digest(self) -> str:
        return hashlib.blake2b(repr((VERSION, self)).encode(), digest_size=8).hexdigest()


@dataclass(frozen=True)
class Job:
    source: str                    # absolute path
    name: str                      # slug for output names
    key: str
    focus: tuple[float, float]
    lead: bool                     # an article's own picture: crops for lists, cards and search engines too
    settings: Settings
    folder: str                    # the cache folder for this key
    made_from: str                 # what the key is the digest of: two inputs with one key are refused
    asked: tuple[str, str]         # the first article and reference that asked for it, for that error
    made_by: str                   # encoder(): a picture cached by another is made again (Picture.made_by)
    # the key in the uncropped outputs' names ('full', and an SVG's or GIF's one file): of the bytes and
    # settings alone, as they are, so a lead and a picture in the text, or two focal points, publish one
    # set: the key a picture in the text has always had (review47c: made twice, published twice)
    base: str = ""

    @property
    def kind(self) -> str:
        """What its suffix says the file is (JPEG for .jpg, .jpeg, .jfif, .jpe): judged apart from the same bytes named otherwise."""
        suffix = os.path.splitext(self.source)[1].lower()
        return FORMATS.get(suffix, suffix)


@dataclass
class ImageSet:
    """What the build's pictures became: looked up by article and reference, as the article wrote it."""
    pictures: dict[tuple[str, str], Picture] = field(default_factory=dict)  # (article path, ref) -> picture
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # the errors that are a picture Pillow could not read (truncated, corrupt) -> its file: one still
    # being copied in reads so, and a watcher builds again once it is whole (watch._being_written)
    unreadable: dict[str, str] = field(default_factory=dict)
    # the pictures the build may not read (chmod 0; kept as last built or left out): their chmod back is
    # a change to a watcher, though its errors name the story and the ref, never the file (rr53e 3)
    denied: set[str] = field(default_factory=set)
    logo_card: bool = False   # [site] logo suits a social card: the picture of pages without one (logo_fits_card)
    # each source file read (real path) -> its stamp (content.stamp_of) as read: the build keeps those
    # its scans do not list (a picture in content/_media/), whose change it would otherwise never see
    sources: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # each story (article path) -> its errors among `errors`, all of which are a story's: the build
    # leaves such a story out and publishes the rest, as it does a story file that cannot be read
    failed: dict[str, list[str]] = field(default_factory=dict)
    # each published picture file (its path under public/) -> the cache file holding its bytes: one made
    # under another name when two files hold the same bytes (_named)
    files: dict[str, str] = field(default_factory=dict)
    # a picture the build may not read (chmod 0) that its story keeps as last built (Sources.kept): its
    # error, said once the rest is published (an unreadable story file is kept so too; the picture took
    # its story down, pages and all: rr52d's Left)
    kept: list[str] = field(default_factory=list)

    def _fail(self, article: str, error: str) -> None:
        self.errors.append(error)
        self.failed.setdefault(article, []).append(error)

    def _put(self, at: tuple[str, str], picture: Picture, name: str, lead: bool, folder: str) -> None:
        """One use's picture, published under the name of the file it names (`name`), its cache files
        in `folder`: a lead's every copy, a picture in the text's or an author's photo the uncropped ones."""
        shown, made = _named(picture, name, lead)
        self.pictures[at] = shown
        self.files.update((path, os.path.join(folder, made[path].rsplit("/", 1)[-1])) for path in made)

    def get(self, article: str, ref: str) -> Picture | None:
        return self.pictures.get((article, ref))

    def digest_of(self, article: Article) -> str:
        """The keys of an article's pictures: pages showing them change when a picture does."""
        if not self.pictures:  # asked for every story of every list page: most sites have none
            return ""
        refs = (article.image, *(src for src, _ in article.body_images))
        return ",".join(p.key for r in refs if (p := self.pictures.get((article.path, r))))

    def outputs(self) -> dict[str, Variant]:
        return {v.path: v for p in self.pictures.values() for v in p.outputs()}

    def author_photo(self, photo: str) -> Variant | None:
        """authors.toml's photo as the author page shows it: a copy without its EXIF, in its own format."""
        picture = self.pictures.get((AUTHORS_FILE, photo))
        return picture.near("full", AUTHOR_PHOTO_WIDTH) if picture is not None else None

    def authors_digest(self) -> str:
        """The keys of authors.toml's photos: the author pages change when a photo does."""
        return ",".join(sorted(f"{r}={p.key}" for (a, r), p in self.pictures.items() if a == AUTHORS_FILE))


# A picture on another server: http(s) or scheme-relative, or an image's data: URL. Any other
# scheme is a file name, not found: 'javascript:alert(1)//://x' (any '://' counted before) went
# into <img src>, og:image, JSON-LD and the feeds' enclosure links as written (review27).
_EXTERNAL = LazyPattern(r"(?:https?:)?//|data:image/", re.IGNORECASE)


def is_external(ref: str) -> bool:
    return _EXTERNAL.match(ref) is not None


PICTURE_KEPT = "the story keeps the picture as last built"


def _os_fault(ref: str, exc: OSError) -> str:
    """A picture the machine would not give: one it may not read (chmod 000) said as a story file is,
    with what to do ('[Errno 13] Permission denied: /full/path' named no fix)."""
    if isinstance(exc, PermissionError):
        return (f"image '{_shown_ref(ref)}' cannot be read ({exc.strerror}); check its owner and permissions "
                "(`chmod a+r`), then build again")
    return f"image '{_shown_ref(ref)}': {exc}"


def web_address_fault(ref: str) -> str | None:
    """Why an external picture's address is no URL, said for its writer, or None. A host in brackets
    must be an IP address: 'https://[CDN_HOST]/x.jpg' (a CMS placeholder never filled in) or an
    unclosed '[' went unchecked, and the urljoin of its page and feeds raised ValueError, failing
    the whole build with an error naming no file (review49e). No host at all ('https://', '//', a
    CMS form's prefilled value never filled in) was published as the lead, og:image and a feed
    enclosure of nothing, or of the site's home page (review51c 2)."""
    if ref[:5].lower() == "data:":
        return None
    try:
        if not urlsplit(web_address(ref)).hostname:
            return (f"image '{_shown_ref(ref)}' is no web address: it has no host (a server's name after '//'); "
                    "write the picture's real address")
    except ValueError:
        host = _AUTHORITY.match(ref)[2].rpartition("@")[2]   # is_external's: always '//' and an authority
        why = (f"its host '{host}' is in brackets, which only an IP address is" if "[" in host and "]" in host
               else f"its host '{host}' opens a '[' it never closes" if "[" in host
               else f"its host '{host}' closes a ']' it never opens")   # 'cdn.example]' (rf49e)
        return f"image '{_shown_ref(ref)}' is no web address: {why}; write the picture's real address"
    return None


# What an address keeps as written: RFC 3986's reserved characters, which give it its structure
# (a '&' between query values is not '%26'), and '%', which starts an escape already made.
_URL_KEEPS = "!#$%&'()*+,/:;=?@[]~"
_NEEDS_ESCAPE = LazyPattern(r"[^A-Za-z0-9._~!#$&'()*+,/:;=?@\[\]-]|%(?![0-9A-Fa-f]{2})")
_AUTHORITY = LazyPattern(r"((?:[A-Za-z][A-Za-z0-9+.-]*:)?//)([^/?#]*)(.*)", re.DOTALL)


def web_address(url: str) -> str:
    """An external picture's address as a URL: a space, a quote, any other character no URL holds
    and non-ASCII percent-encoded (as UTF-8, as a browser requests an <img src> written so), a '%'
    that starts no escape as '%25', a non-ASCII host in IDNA. Escapes already made and the reserved
    characters stay, so an address written correctly is unchanged. og:image, JSON-LD and the feeds'
    enclosures published 'https://cdn.example/a b.jpg' with its space, which is no URL (review40b).
    The host by IDNA 2008 with UTS 46, as browsers map it: Python's 'idna' codec is IDNA 2003, which
    makes straße.de strasse.de, another domain."""
    if _NEEDS_ESCAPE.search(url) is None or url[:5].lower() == "data:":
        return url
    found = _AUTHORITY.match(url)
    head, authority, rest = found.groups() if found else ("", "", url)
    if not authority.isascii():
        user, at, host = authority.rpartition("@")
        name, colon, port = host.partition(":")
        try:
            authority = f"{user}{at}{_idna_host(name)}{colon}{port}"
        except UnicodeError:   # no host even as browsers read one (an empty label): percent-encoded below
            pass
    return head + "".join(_escaped(part) for part in (authority, rest))


_NO_HOST = LazyPattern(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")   # WHATWG's forbidden host code points, controls


def _idna_host(name: str) -> str:
    """A non-ASCII host in ASCII as browsers write it (WHATWG: UTS 46, not strict): IDNA 2008 refuses
    an emoji label or one holding '_' (😀.example, my_host.例え.jp), which browsers and feed readers
    still reach by punycode; those are mapped by UTS 46 without STD3 rules and each label punycoded.
    A UnicodeError for what is no host at all (an empty label: a..bücher.de)."""
    import idna  # only for a non-ASCII host
    try:
        return idna.encode(name, uts46=True, transitional=False).decode("ascii")
    except idna.IDNAError:
        mapped = idna.uts46_remap(name, std3_rules=False, transitional=False)
    labels = mapped.split(".")
    # a trailing dot is a root label; an empty one elsewhere, a character WHATWG forbids in a host
    # or a non-ASCII 'xn--' label names no host a browser asks for
    if "" in labels[:-1] or _NO_HOST.search(mapped) or any(not l.isascii() and l[:4] == "xn--" for l in labels):
        raise UnicodeError(f"no host: {name!r}")
    return ".".join(label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
                    for label in labels)


def _escaped(text: str) -> str:
    return quote(re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", text), safe=_URL_KEEPS)


def resolve(config: Config, article: Article, ref: str) -> Path:
    """A reference as an article wrote it, to a file: beside the article, in content/, in static/
    (a leading '/' means from the site's static or content folder). Never a file outside those."""
    content, static = config.path("content").resolve(), config.path("static").resolve()
    clean = ref.split("?", 1)[0].split("#", 1)[0]
    here = os.path.dirname(article.path)
    candidates: list[tuple[Path, str]] = []   # (folder, the file's path in it)
    # as written, then percent-decoded: Markdown hands '![..](<Brücke am Fluss.jpg>)' over as a URL,
    # 'Br%C3%BCcke%20am%20Fluss.jpg', which names no file; a file named with '?' or '#' ('Fire #2.png')
    # before the reference cut there ('chart.png?v=2'); each in both Unicode forms, since a Mac's
    # file names ('Bru\u0308cke.png') spell accents apart and editors join them
    for name in _spellings(ref, clean):
        if "\0" in name:   # 'pic%00.jpg' decoded: no file name holds a NUL (the build crashed on it, review41a)
            continue
        rel = name.lstrip("/")
        candidates += [(content, rel), (static, rel), (static, rel.removeprefix("static/"))] if name.startswith("/") \
            else [(content, os.path.join(here, rel)), (content, rel), (static, rel.removeprefix("static/"))]
    linked_out: tuple[str, Path] | None = None   # the first file there but through a link out of its folder
    for folder, rel in candidates:
        real = (folder / rel).resolve()   # non-strict: never raises for a missing or over-long name
        if not (real.is_relative_to(content) or real.is_relative_to(static)):
            # '../../etc/passwd', or a link out of the site: said as such, not 'not found' (review41a)
            if linked_out is None and os.path.lexists(folder / rel) and (out := leads_out(folder, rel)) is not None:
                linked_out = (out, folder)
            continue
        if is_file(real):   # not real.is_file(): Markdown's percent-encoded spelling of a 50-letter Cyrillic
            return real     # name, tried first, is over 255 bytes, "File name too long" (rf49a 6)
    shown = _shown_ref(ref)
    if linked_out is not None:
        out, folder = linked_out
        named = config.paths.content if folder == content else config.paths.static
        raise ImageError(f"image '{shown}': {outside_message(out, named.rstrip('/'))}")
    if ref[:5].lower() == "file:":  # a browser's address of a picture opened from the disk, an editor's drop
        name = unquote(urlsplit(ref).path).rstrip("/").rpartition("/")[2] or "picture.jpg"
        raise ImageError(f"image '{shown}' is a file on your computer, which readers cannot reach; copy it beside "
                         f"the article and write its name alone: {quote(name)}")
    if _SCHEME.match(ref):  # 'ftp://...', 'javascript:...': no file, and no picture a page can show
        raise ImageError(f"image '{shown}' is neither a file of the site nor a picture on the web; write an "
                         "http(s):// (or //) address, or a data:image/ URL, or put the file beside the article")
    nul = "; '%00' is a NUL character, which no file name holds" if "\0" in unquote(ref) else ""
    raise ImageError(f"image '{shown}' not found beside the article, in content/ or in static/{nul}; "
                     "check the file name, or add the file")


def own_picture_links(config: Config, article: Article, hrefs: Iterable[str]) -> dict[str, str]:
    """href -> the reference of a picture the story shows (its lead or one in its text) for each local
    link of `hrefs` naming that picture's file, however spelt ('./map.jpg', '/2025/map.jpg',
    'Harbour%20Map.jpg'): resolved as the picture is. The one rule for both views, which points such a
    link at the picture's published copy, and the build's link check, which must not call it broken
    (it did, failing --strict, rf48b)."""
    refs = [ref for ref in (article.image, *(src for src, _ in article.body_images)) if ref and not is_external(ref)]
    files: dict[Path, str] = {}
    for ref in refs:
        try:
            files.setdefault(resolve(config, article, ref), ref)
        except ImageError:
            continue
    found = {}
    for href in hrefs if files else ():
        if is_external(href) or not unquote(href.split("?", 1)[0].split("#", 1)[0]).endswith(PICTURE_SUFFIXES):
            continue
        try:
            ref = files.get(resolve(config, article, href))
        except ImageError:
            continue
        if ref is not None:
            found[href] = ref
    return found


def _shown_ref(ref: str) -> str:
    """A reference for a message: percent-decoded ('Brücke am Fluss.jpg'), unless that makes a
    control character ('%00', '%0A'), which would garble or cut the message: then as written, any
    control character in it escaped as '%00' is. A data: URL by its start: the rest is the picture's
    bytes, megabytes of base64 in a Google Docs export."""
    if _inline_data(ref) and len(ref) > 40:
        ref = f"{ref[:ref.find(',') + 9]}..."
    decoded = unquote(ref)
    if not _CONTROL.search(decoded):
        return decoded
    return _CONTROL.sub(lambda m: f"%{ord(m[0]):02X}", ref)


_CONTROL = LazyPattern(r"[\x00-\x1f\x7f]")


_SCHEME = LazyPattern(r"[a-z][a-z0-9+.-]+:", re.IGNORECASE)  # two letters at least: 'C:' is a drive


def _spellings(ref: str, clean: str) -> Iterable[str]:
    """The names a reference may give its file, in the order they are looked for."""
    names = dict.fromkeys((ref, unquote(ref), clean, unquote(clean)))
    if not all(n.isascii() for n in names):
        names.update((unicodedata.normalize(form, n), None) for n in tuple(names) for form in ("NFC", "NFD"))
    return names


def _slug(path: Path) -> str:
    """The picture's name in its published files. Letters outside ASCII are transliterated as
    article slugs are ('Brücke' -> 'brucke', not 'br-cke'; '北京' -> 'bei-jing', not 'image')."""
    stem = path.stem if path.stem.isascii() else article_slug(path.stem)  # '★.jpg': 'untitled', as it was
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:40] or "image"


class Sources:
    """Source digests by file stat (content.Stamp: mtime, size, ctime, inode), so a build re-reads
    only images that changed: a picture replaced under its old size and mtime has a new ctime."""

    def __init__(self, file: Path):
        self.file = file
        try:  # JSON, never a pickle: the cache folder may come from a shared CI cache
            self.known: dict[str, tuple[tuple[int, ...], str]] = {
                path: (tuple(int(n) for n in stamp), str(digest))
                for path, (stamp, digest) in json.loads(file.read_bytes()).items()}
        except Exception:  # noqa: BLE001 - missing, unreadable or an older format: hash again
            self.known = {}
        self.used: dict[str, tuple[tuple[int, ...], str]] = {}

    def digest(self, path: Path) -> str:
        st = path.stat()
        stamp = stamp_of(st)
        entry = self.known.get(str(path))
        if entry is None or entry[0] != stamp:
            # a racy stamp (content.Racy: changed within RACY_NS) is kept as none a stat gives, so the
            # next build hashes the file again: a save within the same tick keeps the stamp
            racy = st.st_mtime_ns >= time.time_ns() - RACY_NS
            entry = ((*stamp[:2], -1, stamp[3]) if racy else stamp, file_digest(str(path)))
        self.used[str(path)] = entry
        return entry[1]

    def kept(self, path: Path) -> str | None:
        """The digest the last build read `path` at, when the build may not read it now but its mtime,
        size and inode are as they were then (a chmod changes only the ctime): its processed copies
        are then the picture as last built. None otherwise (never read, or changed since)."""
        entry = self.known.get(str(path))
        try:
            stamp = stamp_of(path.stat())
        except OSError:
            return None
        if entry is None or entry[1] == "" or (entry[0][0], entry[0][1], entry[0][3]) != (stamp[0], stamp[1], stamp[3]):
            return None
        self.used[str(path)] = entry
        return entry[1]

    def save(self) -> None:
        """Best effort, as the build cache's save: a missing index costs the next build re-hashing the
        pictures, no more (a full cache disk failed every build, pictures or none, blaming the site's)."""
        if self.used == self.known:
            return
        tmp = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps(self.used), encoding="utf-8")
            os.replace(tmp, self.file)
        except OSError:
            tmp.unlink(missing_ok=True)


def collect(config: Config, articles: Iterable[Article], workers: int = 1, progress: bool = False,
            published: Iterable[str] | None = None) -> ImageSet:
    """Every picture the articles show, and authors.toml's photos, from the cache or processed now
    (in parallel). `published`: the paths of every story this build publishes (default: `articles`'),
    so the cache keeps the pictures of stories left out (drafts, future) for the build that shows them."""
    from .config import cache_folder
    folder = cache_folder(config.path("cache")) / "images"
    folder.mkdir(exist_ok=True)
    settings, sources, out = Settings.of(config.images), Sources(folder / "sources.json"), ImageSet()
    jobs: dict[tuple[str, str], Job] = {}
    wanted: dict[tuple[str, str], tuple[str, str]] = {}   # (article, ref) -> its job's (key, kind)
    names: dict[tuple[str, str], str] = {}   # (article or AUTHORS_FILE, ref) -> its own file's name (_slug)
    leads: dict[tuple[str, str], bool] = {}  # whether a picture is its article's lead (image:), for where()
    refused: set[tuple[str, str]] = set()    # (article, ref) of a web address said to be none, said once
    kept: dict[tuple[str, str], str] = {}    # (article, ref) of a picture kept as last built -> its error
    inline = Inline(folder.parent / INLINE)
    articles = list(articles)
    for art in articles:
        _alt_warnings(config, art, out.warnings)
        focus = art.image_focus or (0.5, 0.5)
        for ref, point, lead in [(art.image, focus, True), *((r, (0.5, 0.5), False) for r, _ in art.body_images)]:
            if not ref or (art.path, ref) in wanted or (art.path, ref) in refused:
                continue
            decoded = _inline_data(ref) and inline.takes(ref)
            if is_external(ref) and not decoded:
                if (fault := web_address_fault(ref)) is not None:
                    refused.add((art.path, ref))
                    out._fail(art.path, f"{where(config, art.path, ref, lead)}: {fault}")
                continue
            source = None
            try:
                source, digest = inline.file(ref) if decoded else (resolve(config, art, ref), None)
                try:
                    digest = digest or sources.digest(source)
                    animated = _animation(source)
                except PermissionError as exc:   # kept as last built, if it was, as a story file is
                    out.denied.add(str(source))
                    if decoded or (digest := sources.kept(source)) is None:
                        raise
                    animated, kept[(art.path, ref)] = None, f"{where(config, art.path, ref, lead)}: {_os_fault(ref, exc)}"
                if animated:
                    out.warnings.append(f"{where(config, art.path, ref, lead)}: image '{_shown_ref(ref)}' is an "
                                        f"animated {animated}: it is published as its first frame, a still; to show the "
                                        "animation, save it as a GIF (published as it is) or a video")
                job = _job(config, jobs, sources, settings, folder, source, point, lead, (art.path, ref), digest)
            except (ImageError, OSError) as exc:
                hint = other_case(config, art.path, ref) if source is None and not _SCHEME.match(ref) else ""
                out._fail(art.path, f"{where(config, art.path, ref, lead)}: " +
                          (str(exc) if isinstance(exc, ImageError) else _os_fault(ref, exc)) + hint)
                continue
            wanted[(art.path, ref)] = (job.key, job.kind)
            leads[(art.path, ref)] = lead
            names[(art.path, ref)] = _slug(Path(art.slug)) if decoded else _slug(source)
    photos = _author_photos(config, jobs, sources, settings, folder, out.warnings, out.errors, names)
    _shared(jobs, (wanted, photos))
    done = _run(list(jobs.values()), workers, progress)
    for (article, ref), id_ in wanted.items():
        result = done[id_]
        said = kept.pop((article, ref), None)   # a picture it may not read, at the digest it was last read at
        if said is not None and not isinstance(result, NotWritten):
            if isinstance(result, str):   # its copies had to be made again, reading the file: said as one it may
                out._fail(article, said)  # not read, not "corrupt or truncated picture", a wrong fix (rr53e 4)
            else:   # its copies there: the story keeps it as last built
                out.kept.append(f"{said} ({PICTURE_KEPT})")
                out._put((article, ref), result, names[(article, ref)], leads[(article, ref)], jobs[id_].folder)
        elif isinstance(result, str):
            out._fail(article, f"{where(config, article, ref, leads[(article, ref)])}: image '{_shown_ref(ref)}': {result}")
            if not isinstance(result, NotWritten):
                out.unreadable[out.errors[-1]] = jobs[id_].source
        else:
            out._put((article, ref), result, names[(article, ref)], leads[(article, ref)], jobs[id_].folder)
    for photo, id_ in photos.items():
        result = done[id_]
        if isinstance(result, str):   # the file as it is, as before authors' photos were processed
            out.warnings.append(f'{AUTHORS_FILE}: photo = "{photo}": {result}; it is published as it is')
        else:
            out._put((AUTHORS_FILE, photo), result, names[(AUTHORS_FILE, photo)], False, jobs[id_].folder)
    sources.save()
    inline.forget_others()
    out.sources = {path: stamp for path, (stamp, _) in sources.used.items()}
    shown = {a.path for a in articles} if published is None else set(published)
    used = {(k, a) for (a, _), (k, _) in wanted.items()} | {(k, AUTHORS_FILE) for k, _ in photos.values()}
    _forget_except(config, folder, used, shown)
    out.logo_card = logo_fits_card(config, out.warnings)
    return out


def _alt_warnings(config: Config, art: Article, warnings: list[str]) -> None:
    """A warning for the lead picture and each use of a picture in the text without alt text: a remote
    one's too (the page marked it alt="", a decoration, and --strict passed: review47c), and a data:
    URL's, quoted by its start: every picture of a Google Docs export is one, none with alt text, and
    a story's photos reached screen readers as nothing with no word said (review51a 6)."""
    if art.image and not art.image_alt:
        warnings.append(f"{where(config, art.path, art.image, True)}: image '{_shown_ref(art.image)}' has no 'alt' text; "
                        "describe the picture for readers who cannot see it (alt: ...)")
    elif art.image and file_name_alt(art.image_alt, art.image):
        warnings.append(f"{where(config, art.path, art.image, True)}: image '{art.image}' has a file name for its "
                        f"'alt' text ({art.image_alt!r}), read aloud as it is; describe the picture (alt: ...)")
    bare = [src for src, alt in art.body_images if not alt]
    uses = bare_uses(config, art.path) if bare else {}
    for src in dict.fromkeys(bare):
        for at in uses.get(src) or (where(config, art.path, src, False),):
            warnings.append(f"{at}: picture '{_shown_ref(src)}' in the text has no alt text; describe it "
                            "between the brackets: ![what it shows](...)")
    named = [src for src, alt in art.body_images if alt and file_name_alt(alt, src) and not _inline_data(src)]
    uses = bare_uses(config, art.path, file_named_picture_lines) if named else {}
    for src in dict.fromkeys(named):
        for at in uses.get(src) or (where(config, art.path, src, False),):
            warnings.append(f"{at}: picture '{unquote(src)}' in the text has a file name for alt text, read aloud "
                            "as it is; describe it between the brackets: ![what it shows](...)")


def _inline_data(ref: str) -> bool:
    return ref[:5].lower() == "data:"


INLINE = "inline"   # the cache's folder of data: pictures decoded to files
# a data: URL of a picture sitegen processes: its type, whether base64, its bytes (RFC 2397)
_DATA_URL = LazyPattern(rf"data:image/({DATA_PICTURE_TYPES})((?:;[^,;]*)*?)(;base64)?,(.*)", re.IGNORECASE | re.DOTALL)
_DATA_SUFFIX = {"png": ".png", "jpeg": ".jpg", "jpg": ".jpg", "pjpeg": ".jpg", "webp": ".webp", "gif": ".gif",
                "svg+xml": ".svg"}
# a picture's type by its first bytes: a data: URL's label can be wrong (a converter labelling every
# picture image/png), and a browser shows the bytes whatever it says (rf51c 2)
_MAGIC = ((LazyPattern(rb"\x89PNG\r\n\x1a\n"), ".png"), (LazyPattern(rb"\xff\xd8\xff"), ".jpg"),
          (LazyPattern(rb"GIF8[79]a"), ".gif"), (LazyPattern(rb"RIFF....WEBP", re.S), ".webp"))


class Inline:
    """The data: pictures of stories' text, each decoded to a file of the cache named by its bytes, and
    processed as a picture beside the story is: published once, resized, with its width and height. Left
    in the text, a Google Docs export's photo (a megabyte of base64) went whole into the page and each
    of the three feeds, polled by every reader (review51a 7). Not a source the build's stamps track:
    the story's own file holds the bytes, so its change is the picture's."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()

    def takes(self, ref: str) -> bool:
        return _DATA_URL.match(ref) is not None

    def file(self, ref: str) -> tuple[Path, str]:
        """The file holding the picture, and its digest (the job's key); written if missing."""
        import base64
        import binascii
        kind, _, encoded, data = _DATA_URL.match(ref).groups()
        try:
            raw = base64.b64decode(re.sub(r"\s+", "", unquote(data)), validate=True) if encoded \
                else unquote_to_bytes(data)
        except (binascii.Error, ValueError) as exc:
            raise ImageError(f"image '{_shown_ref(ref)}' is no picture: its base64 does not decode ({exc}); "
                             "save the picture as a file beside the story and name it") from exc
        digest = hashlib.sha256(raw).hexdigest()
        suffix = next((known for magic, known in _MAGIC if magic.match(raw)), _DATA_SUFFIX[kind.lower()])
        path = self.folder / f"{digest[:32]}{suffix}"
        self.used.add(path.name)
        if not path.is_file():
            self.folder.mkdir(exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(raw)
            os.replace(tmp, path)   # whole or not at all: a killed build leaves no half picture
        return path, digest

    def forget_others(self) -> None:
        """Drop decoded pictures this build did not use: each is made again from its story's text."""
        try:
            names = [e.name for e in os.scandir(self.folder) if e.name not in self.used]
        except OSError:
            return
        for name in names:
            (self.folder / name).unlink(missing_ok=True)


def _job(config: Config, jobs: dict[tuple[str, str], Job], sources: Sources, settings: Settings, folder: Path,
         source: Path, point: tuple[float, float], lead: bool, asked: tuple[str, str], digest: str | None = None) -> Job:
    """The job making this file's picture, shared by every use of the same bytes named with the same
    kind of suffix. The suffix is in the job's identity, not its key: the same bytes as anim.gif and
    meme.png were one job, so the first story's file decided whether the other's was refused, and
    its error named both stories (review44f). Same bytes give the same outputs, so the key stays."""
    suffix = source.suffix.lower()
    if suffix not in FORMATS and suffix not in AS_IS:
        raise ImageError(f"image '{_shown_ref(asked[1])}' is a {source.suffix or 'suffixless'} file; "
                         "use a JPEG, PNG, WebP, GIF or SVG picture")
    # a PNG's WebP is lossless since review44f: its outputs changed, so its key (and names) too
    digest, png = digest or sources.digest(source), PNG_WEBP if suffix == '.png' else ''
    made_from = f"{digest}{settings.digest}{point}{lead}{png}"
    key = picture_key(made_from)
    other = next((j for kind in KINDS if (j := jobs.get((key, kind))) is not None), None)
    if other is not None and other.made_from != made_from:
        first = f"'{other.asked[1]}' ({where(config, other.asked[0], other.asked[1], other.lead)})"
        raise ImageError(f"image '{_shown_ref(asked[1])}': {_clash(key, first)}")
    kind = FORMATS.get(suffix, suffix)
    base = picture_key(f"{digest}{settings.digest}{(0.5, 0.5)}{False}{png}")
    return jobs.setdefault((key, kind), Job(str(source), _slug(source), key, point, lead, settings, str(folder / key),
                                            made_from, asked, encoder(), base))


def _named(picture: Picture, name: str, lead: bool) -> tuple[Picture, dict[str, str]]:
    """The picture under a use's own file name, and each published path -> the made file's. A job (and
    its cache) is the bytes', named after the first use met, newest story first: a newer story whose
    lead was the same photo saved as agency-photo.jpg renamed an older one's wildfire.jpg copies, and
    its og:image, enclosure and <img> addresses, already shared and stored, led to deleted files
    (review48d). Each name now publishes its own copies, whichever stories come or go."""
    renditions: dict[str, tuple[Variant, ...]] = {}
    made: dict[str, str] = {}
    for rendition, variants in picture.renditions.items():
        if lead or rendition == "full":   # the crops are a lead's alone: the rest never show them
            renditions[rendition] = tuple(replace(v, path=f"{OUTPUT}/{name}.{_after_name(v.path)}") for v in variants)
            made.update((shown.path, v.path) for shown, v in zip(renditions[rendition], variants))
    return replace(picture, renditions=renditions), made


def _after_name(path: str) -> str:
    """A made file's name past the picture's name ('harbour.<key>.640.jpg' -> '<key>.640.jpg'): a
    name (_slug) holds no dot."""
    return path.rsplit("/", 1)[-1].partition(".")[2]


def _shared(jobs: dict[tuple[str, str], Job], uses: Iterable[dict]) -> None:
    """A picture in the text (or an author's photo) made by a lead's job of the same bytes and kind of
    suffix, whose outputs hold its own: one story's lead shown in another's text, or a lead shown again
    in its own text by another spelling ('Photos/DSC%200001.JPG'), was made twice. `uses`: the maps of
    each use to its job's (key, kind), changed in place; the jobs no use names any more are dropped."""
    leads: dict[tuple[str, str], Job] = {}
    for job in jobs.values():
        if job.lead:
            leads.setdefault((job.base, job.kind), job)
    moved = {id_: (lead.key, lead.kind) for id_, job in jobs.items()
             if not job.lead and (lead := leads.get((job.base, job.kind))) is not None}
    for use in uses:
        for at, id_ in use.items():
            use[at] = moved.get(id_, id_)
    for id_ in moved:
        del jobs[id_]


def _author_photos(config: Config, jobs: dict[tuple[str, str], Job], sources: Sources, settings: Settings,
                   folder: Path, warnings: list[str], errors: list[str], names: dict[tuple[str, str], str]
                   ) -> dict[str, tuple[str, str]]:
    """authors.toml's photos that are JPEG, PNG or WebP files of the site, as jobs (photo -> its job's
    (key, kind); `names` given each one's file name): the author page shows a copy without the file's
    EXIF, as an article's picture. A phone's headshot, often taken at home, was published with its GPS
    location (review44f)."""
    found: dict[str, tuple[str, str]] = {}
    for name, entry in config.authors.items():
        photo = entry.photo
        rel = photo.split("?", 1)[0].split("#", 1)[0].lstrip("/")
        if not photo or "://" in photo or photo in found or os.path.splitext(rel)[1].lower() not in FORMATS:
            continue
        try:
            source = _photo_source(config, rel)
            if source is None:
                continue   # site.missing_photos warns
            job = _job(config, jobs, sources, settings, folder, source, (0.5, 0.5), False, (AUTHORS_FILE, photo))
        except _LeadsOut as exc:
            errors.append(f'{config.author_entry(name)}: photo = "{photo}": {exc}')
            continue
        except (ImageError, OSError) as exc:
            warnings.append(f'{AUTHORS_FILE}: photo = "{photo}": {exc}; it is published as it is')
            continue
        found[photo] = (job.key, job.kind)
        names[(AUTHORS_FILE, photo)] = _slug(source)
    return found


class _LeadsOut(ImageError):
    """An author's photo whose file is outside the site's static folders: never read nor published."""


def _photo_source(config: Config, rel: str) -> Path | None:
    """authors.toml's photo ('static/authors/jane.jpg') as the file of a static folder that
    assets.py publishes, None when there is none (hidden, a backup, missing, not under static/).
    It was taken from wherever the path led: 'static/../../x.jpg', or a link in static/ to a
    folder outside, published any picture the build could read (review47e)."""
    if not rel.startswith("static/"):
        return None
    sub = rel.removeprefix("static/")
    if bad := _odd_part(sub):   # 'static//tmp/x.jpg' was the file /tmp/x.jpg, published (rf47k)
        raise _LeadsOut(f"{bad}; sitegen reads and publishes only what is inside the site's folders: name a file "
                        "in static/ (e.g. \"static/authors/jane.jpg\")")
    sub = static_file_name(sub)   # 'authors//ann.jpg' was refused, said to lead to the disk's root (rf48b)
    for d in config.static_dirs():
        if not (d / sub).is_file():
            continue
        if not published_static(sub):   # hidden, or a backup: assets.py does not publish it
            return None
        if (real := leads_out(d, sub)) is not None:
            raise _LeadsOut(outside_message(real, _static_shown(config, d)))
        return d / sub
    return None


def _odd_part(sub: str) -> str:
    """What in a path under static/ leads out of it: a '..', or an empty first part ('static//tmp/x.jpg':
    the rest read as an absolute path); '' when nothing does. An empty or '.' part further in
    ('authors//ann.jpg', './authors') names a folder of static/ like any other."""
    if ".." in sub.split("/"):
        return "'..' leads out of static/"
    return "'//' reads the rest as a path from the disk's root, outside static/" if sub.startswith("/") else ""


def _static_shown(config: Config, folder: Path) -> str:
    """A static folder as messages name it: from the site's root when it is the site's."""
    return config.paths.static.rstrip("/") if folder == config.path("static") else str(folder)


def other_case(config: Config, article: str, ref: str) -> str:
    """For a picture not found: ': did you mean ...?' naming a file whose path differs from the
    reference in case alone ('photo.jpg' for Photo.jpg, 'images/photo.jpg' for Images/photo.jpg),
    where resolve() looks; '' when none. A Mac's disk ignores case, so the story built there and
    failed on Linux (CI, the server). Each folder of the path is matched, not the last name alone:
    a folder differing in case got no hint (review41j). Likewise a path written with Windows' '\\'
    ('photos\\harbour.jpg', as Explorer's 'Copy as path' gives it): Windows finds the file, Linux reads
    the '\\' as part of one name, and the right name got 'check the file name' (review51a 5)."""
    content, static = config.path("content").resolve(), config.path("static").resolve()
    written = unquote(ref.split("?", 1)[0].split("#", 1)[0])
    rel = written.replace("\\", "/")
    bases = [content, static] if rel.startswith("/") else [(content / article).parent, content, static]
    for base in bases:
        tail = rel.lstrip("/")
        tail = tail.removeprefix("static/") if base == static else tail
        found = _by_case(base, tail, differs=rel != written)
        if found is None or not ((real := (base / found).resolve()).is_relative_to(content)
                                 or real.is_relative_to(static)):
            continue
        meant = rel[:len(rel) - len(tail)] + found
        why = ("a path's folders are parted by '/': '\\' is Windows' way, and Linux's disk, as on most build "
               "servers, reads it as part of a name") if rel != written else \
            "the names differ in case, which a Mac's disk ignores and Linux's, as on most build servers, does not"
        return f": did you mean '{meant}'? ({why})"
    return ""


def _by_case(base: Path, rel: str, differs: bool = False) -> str | None:
    """`rel` as the disk spells it under `base`, each part matched exactly or else regardless of
    case; None when a part matches nothing, the end is no file, or nothing differed in case (nor
    before, `differs`: in how it was written)."""
    folder, parts = base, []
    for part in rel.split("/"):
        if part in ("", ".", ".."):
            folder = folder.parent if part == ".." else folder
            parts.append(part)
            continue
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return None
        match = part if part in names else next((n for n in names if n.casefold() == part.casefold()), None)
        if match is None:
            return None
        differs |= match != part
        parts.append(match)
        folder = folder / match
    return "/".join(parts) if differs and folder.is_file() else None


def _animation(path: Path) -> str | None:
    """'WebP' or 'PNG' for a file of that suffix that says it is animated, read without Pillow:
    renditions are made of its first frame (Pillow's resize), and re-encoding every frame at every
    width, with its timing, was not worth it when a GIF is published as it is."""
    suffix = path.suffix.lower()
    if suffix not in (".webp", ".png"):
        return None
    with open(path, "rb") as fh:
        if suffix == ".png":
            return "PNG" if _animated_png(fh) else None
        head = fh.read(21)
    animated = len(head) == 21 and head[:4] == b"RIFF" and head[8:16] == b"WEBPVP8X" and bool(head[20] & 0x02)
    return "WebP" if animated else None


def _animated_png(fh: BinaryIO) -> bool:
    """Whether a PNG is an APNG: an acTL chunk before its first IDAT, chunks walked by their lengths.
    Every browser plays one; it was made a still without a word (review47c)."""
    if fh.read(8) != b"\x89PNG\r\n\x1a\n":
        return False
    while len(head := fh.read(8)) == 8 and head[4:8] not in (b"IDAT", b"IEND"):
        if head[4:8] == b"acTL":
            return True
        fh.seek(int.from_bytes(head[:4], "big") + 4, os.SEEK_CUR)   # its data and CRC
    return False


def encoder() -> str:
    """What encodes the pictures: Pillow's version (its wheels bring their libjpeg-turbo, libwebp and
    zlib). Not in the key, which names the published files: those stay the source's and settings' (a
    clean build with another Pillow names them alike), but a picture another Pillow made is made again,
    as a clean build would make it (review51e 3: an upgrade kept the old encoder's bytes for good)."""
    return library_version("pillow")


def is_rendition(rel: str) -> bool:
    """Whether output `rel` is named as a picture's published files are (images/<name>.<key>.<...>): a
    root/ file under images/ (an import's old address) is not."""
    return _RENDITION.fullmatch(rel) is not None


_RENDITION = LazyPattern(rf"{OUTPUT}/[a-z0-9-]+\.[0-9a-f]{{{2 * KEY_BYTES}}}\.[^/]+")


def picture_key(made_from: str) -> str:
    """The key of what a picture is made from (the source's digest, the settings, focal point, lead)."""
    return hashlib.blake2b(made_from.encode(), digest_size=KEY_BYTES).hexdigest()


def _clash(key: str, other: str) -> str:
    """Two pictures with one key would be published under the same names: one shown for the other."""
    return (f"its key ({key}) is another picture's, {other}, made from other bytes or another focal point: "
            "one would be shown in place of the other; export either file again (any change to its bytes "
            "gives it another key) and build again")


CARD_LOGO_SIDE = 200     # pixels, the shorter side at least: Facebook's least og:image
CARD_LOGO_RATIO = 1.25   # the longer side over the shorter, at most: X and Facebook crop a small card square


RASTER_SUFFIXES = (".png", ".gif", ".jpg", ".jpeg", ".jfif", ".jpe", ".webp")   # a logo of these is measured (an SVG is no card picture)


def logo_fits_card(config: Config, warnings: list[str]) -> bool:
    """Whether [site] logo can be a social card's picture: a file of the site's static folders (a
    remote one's size is unknown) at least 200x200 and roughly square. A newsroom's logo is most
    often a wordmark (Google's publisher logo is 600x60), which X cut to its middle letters.
    A raster logo whose size cannot be read is named in `warnings`: it silently lost the card."""
    path = config.site.logo.lstrip("/")
    if "://" in path or not path.startswith("static/"):
        return False
    found = next((f for d in config.static_dirs() if is_file(f := d / path.removeprefix("static/"))), None)
    size = raster_size(found) if found is not None else None
    if found is not None and size is None and found.suffix.lower() in RASTER_SUFFIXES:
        warnings.append(f'{config.file}: [site] logo = "{config.site.logo}": its width and height could not be read from '
                        "the file (damaged, or not the format its name says), so it is not the picture of pages "
                        "without one of their own; save it again as a PNG or JPEG")
    return size is not None and min(size) >= CARD_LOGO_SIDE and max(size) <= CARD_LOGO_RATIO * min(size)


def raster_size(path: Path) -> tuple[int, int] | None:
    """(width, height) of a PNG, GIF, JPEG or WebP file from its header, None for anything else:
    read without Pillow, whose import (40-100 ms) a build without pictures does not otherwise pay."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(32)
            if head[:2] == b"\xff\xd8":
                return _jpeg_size(fh)
    except OSError:
        return None
    if head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR" and len(head) >= 24:
        return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        return int.from_bytes(head[6:8], "little"), int.from_bytes(head[8:10], "little")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _webp_size(head)
    return None


def _webp_size(head: bytes) -> tuple[int, int] | None:
    kind = head[12:16]
    if kind == b"VP8 " and len(head) >= 30:
        return int.from_bytes(head[26:28], "little") & 0x3FFF, int.from_bytes(head[28:30], "little") & 0x3FFF
    if kind == b"VP8L" and len(head) >= 25:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if kind == b"VP8X" and len(head) >= 30:
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    return None


def _jpeg_size(fh: BinaryIO) -> tuple[int, int] | None:
    """The frame header's size: segments walked from the start by their lengths, seeking past each
    one's data (EXIF, XMP and colour profiles may run to megabytes before it)."""
    at = 2
    while True:
        fh.seek(at)
        segment = fh.read(9)
        if len(segment) < 4 or segment[0] != 0xFF:
            return None
        marker = segment[1]
        if marker == 0xFF:   # fill byte
            at += 1
            continue
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if len(segment) < 9:
                return None
            return int.from_bytes(segment[7:9], "big"), int.from_bytes(segment[5:7], "big")
        length = int.from_bytes(segment[2:4], "big")
        if length < 2:   # damaged: it would not move on
            return None
        at += 2 + length


def where(config: Config, article: str, ref: str, lead: bool) -> str:
    """'content/x.md:7', the line that names a picture: the front matter's 'image:' for the lead
    picture, else the first line of the text that shows it (content.picture_lines: a line of prose
    naming the file came first, review41c), else the first that holds its reference. Read only for
    an error."""
    path = f"{config.paths.content}/{article}"
    try:
        text = (config.path("content") / article).read_text(encoding="utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeError):
        return path
    if not lead and (shown := picture_lines(text).get(ref)):
        return f"{path}:{shown[0]}"
    lines = text.split("\n")
    closing = next((n for n, line in enumerate(lines[1:], 1) if line.rstrip() == "---"), 0)
    found = (next((n for n, line in enumerate(lines[1:closing], 1) if line.startswith("image:")), None) if lead else
             next((n for n, line in enumerate(lines[closing + 1:], closing + 1) if ref in line or unquote(ref) in line), None))
    return f"{path}:{found + 1}" if found is not None else path


def bare_uses(config: Config, article: str,
              lines_of: Callable[[str], dict[str, tuple[int, ...]]] = bare_picture_lines) -> dict[str, list[str]]:
    """source -> 'content/x.md:12' for each line of the text that shows the picture with no alt
    text (content.bare_picture_lines; or `lines_of`'s). Read only for a warning."""
    path = f"{config.paths.content}/{article}"
    try:
        text = (config.path("content") / article).read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return {}
    return {src: [f"{path}:{n}" for n in lines] for src, lines in lines_of(text).items()}


def _run(jobs: list[Job], workers: int, progress: bool) -> dict[tuple[str, str], Picture | str]:
    """Cached pictures as they are; the rest processed, in worker processes when there are several.
    By (key, kind): the same bytes under two kinds of suffix are two jobs, one refused."""
    done: dict[tuple[str, str], Picture | str] = {}
    todo = []
    for job in jobs:
        cached = _cached(job)
        if cached is None:
            todo.append(job)
        else:
            done[(job.key, job.kind)] = cached
    if not todo:
        return done
    from .progress import bar as progress_bar
    bar = progress_bar(len(todo), progress and len(todo) >= 10, unit="image", leave=False)
    try:
        if workers <= 1 or len(todo) == 1:
            for job in todo:
                done[(job.key, job.kind)] = process(job)
                bar.update()
        else:
            from concurrent.futures import ProcessPoolExecutor
            from multiprocessing import get_context
            from .aside import die_with
            with ProcessPoolExecutor(min(workers, len(todo)), mp_context=get_context("fork"), initializer=die_with,
                                     initargs=(os.getpid(),)) as pool:
                for job, result in zip(todo, pool.map(process, todo, chunksize=1)):
                    done[(job.key, job.kind)] = result
                    bar.update()
    finally:
        bar.close()
    return done


def _cached(job: Job) -> Picture | None:
    from .codec import loads  # JSON, never a pickle: the cache folder may come from a shared CI cache
    try:
        with open(os.path.join(job.folder, "picture.json"), "rb") as fh:
            picture = loads(fh.read(), (Picture, Variant))
    except Exception:  # noqa: BLE001 - missing or unreadable: process again
        return None
    ok = (isinstance(picture, Picture) and getattr(picture, "made_from", None) == job.made_from  # not a clash's
          and picture.made_by == job.made_by
          and _made_as(picture, job)
          and all(os.path.isfile(cache_file(job.folder, v)) for v in picture.outputs()))
    if ok and job.source.lower().endswith(".svg"):  # checked by today's rules (a key of its own would rename it)
        ok = os.path.isfile(os.path.join(job.folder, SVG_RULES))
    if ok and job.lead and job.source.lower().endswith(".gif"):   # made with its stills, when animated
        ok = os.path.isfile(os.path.join(job.folder, GIF_STILLS))
    if ok and job.source.lower().endswith(".gif"):   # copied without its metadata
        ok = os.path.isfile(os.path.join(job.folder, GIF_BARE))
    return picture if ok else None


def _made_as(picture: Picture, job: Job) -> bool:
    """Whether a cached picture is what this file makes: one renamed to a suffix its bytes are not (a
    PNG named .jpg) skipped _open's check: warm builds passed, a cold one failed. Raster outputs are
    WebP and the source's format (a WebP source: WebP alone; one too long for WebP, WEBP_MAX_SIDE: its
    format alone), as-is ones its type. The name in the made files' may be any use's: each use
    publishes them under its own (_named; a file renamed, harbour.png to quay.png, kept its old names)."""
    suffix = os.path.splitext(job.source)[1].lower()
    fmt = FORMATS.get(suffix)
    made = {v.mime for v in picture.variants("full")}
    expected = {AS_IS.get(suffix)} if fmt is None else {MIME["WEBP"], MIME[fmt]}
    photo = {MIME["WEBP"], MIME["JPEG"]} if fmt == "PNG" else expected   # a photo saved as PNG (_fallback)
    if made not in (expected, expected - {MIME["WEBP"]}, photo):
        return False
    own, base = f"{job.key}.", f"{job.base}."
    return (all(v.path.startswith(f"{OUTPUT}/") for v in picture.outputs())
            and all(_after_name(v.path).startswith(base) for v in picture.variants("full"))  # named by the
            and all(_after_name(v.path).startswith((own, base)) for v in picture.outputs()))  # bytes alone (review47c)


def cache_file(folder: str, variant: Variant) -> str:
    return os.path.join(folder, variant.path.rsplit("/", 1)[-1])


OWNERS = "owners.json"   # in the images cache: each kept picture's key -> the stories that showed it


def _forget_except(config: Config, folder: Path, used: set[tuple[str, str]], published: set[str]) -> None:
    """Drop cached pictures no story uses any more (the cache would grow with every edit), but keep
    those of a story this build leaves out (a draft, a future one) while its file is there: a build
    without --drafts threw a draft's pictures away, and the next `serve --drafts` made them again
    (4 s for one photo, review44f). `used`: this build's (key, story) pairs."""
    try:
        known = {str(k): [str(p) for p in v] for k, v in json.loads((folder / OWNERS).read_bytes()).items()}
    except Exception:  # noqa: BLE001 - missing or unreadable: only this build's are known
        known = {}
    owners: dict[str, list[str]] = {}
    for key, article in sorted(used):
        owners.setdefault(key, []).append(article)
    content = config.path("content")
    for key, articles in sorted(known.items()):   # a key this build uses keeps its left-out owners too: a
        left_out = [a for a in articles if a not in published and (content / a).is_file()]  # draft sharing it
        if left_out:   # with a published story lost it when that story was deleted (rf44m)
            owners[key] = sorted({*owners.get(key, ()), *left_out})
    for entry in os.scandir(folder):
        if entry.is_dir() and entry.name not in owners:
            shutil.rmtree(entry.path, ignore_errors=True)
    if owners != known:   # most builds change none
        tmp = folder / f"{OWNERS}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(owners, sort_keys=True), encoding="utf-8")
        os.replace(tmp, folder / OWNERS)


# Processing (in worker processes) -------------------------------------------------------------------
class CacheWriteError(Exception):
    """A picture's copies could not be written to the cache (a full disk, no permission)."""


class NotWritten(str):
    """process()'s error for a picture it read but could not write: the disk's fault, not the file's,
    so no watcher takes it for a picture still being copied in (ImageSet.unreadable)."""


def _written(path: str, data: bytes | None = None) -> None:
    """Write a file of the cache (`data` None: make the folder), an OSError said as what it is: a full
    cache disk was 'corrupt or truncated picture; export it again' (review47c)."""
    try:
        if data is None:
            os.makedirs(path)
        else:
            with open(path, "wb") as fh:
                fh.write(data)
    except OSError as exc:
        cache = os.path.dirname(os.path.dirname(path) if data is not None else path)   # .sitegen/images
        raise CacheWriteError(f"its resized copies could not be written to {cache} "
                              f"({exc.strerror or exc}); free space on that disk, or make the folder "
                              "writable, and build again") from exc


def process(job: Job) -> Picture | str:
    """One source into every rendition, written to the cache folder; an error comes back as text."""
    from PIL import Image, UnidentifiedImageError
    tmp = f"{job.folder}.{os.getpid()}.tmp"
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        _written(tmp)
        suffix = os.path.splitext(job.source)[1].lower()
        with _pillow_limit():
            picture = _as_is(job, suffix, tmp) if suffix in AS_IS else _renditions(job, _open(job), tmp)
        from .codec import dumps
        _written(os.path.join(tmp, "picture.json"), dumps(picture).encode("utf-8"))
        shutil.rmtree(job.folder, ignore_errors=True)
        try:
            os.rename(tmp, job.folder)  # whole or not at all: a killed build leaves no half entry
        except OSError as exc:
            raise CacheWriteError(f"its resized copies could not be moved into {job.folder} ({exc.strerror or exc}); "
                                  "make the folder writable, and build again") from exc
        return picture
    except CacheWriteError as exc:
        return NotWritten(exc)
    except ImageError as exc:
        return str(exc)
    except UnidentifiedImageError:
        return "not a picture Pillow can read (corrupt, or not JPEG/PNG/WebP); export it again as JPEG or PNG"
    except Image.DecompressionBombError as exc:
        return f"refused as a decompression bomb ({exc}); use a normal photo"
    except (OSError, SyntaxError, ValueError) as exc:  # Pillow's truncated/corrupt data errors
        return f"corrupt or truncated picture ({exc}); export it again or replace the file"
    except Exception as exc:  # noqa: BLE001 - Pillow's parsers raise more kinds on odd data (struct.error,
        # TypeError, IndexError): one picture's fault fails its story, never the site (review51a 1)
        return f"could not be read ({type(exc).__name__}: {exc}); export it again as JPEG or PNG"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


_PILLOW_LOCK = threading.Lock()


@contextlib.contextmanager
def _pillow_limit() -> Iterator[None]:
    """Pillow's own bomb limit off while one job runs: it refused twice its limit (2 x 89.5 MP) as it
    opened the file, before _check_size could allow a larger [images] max_megapixels (review47c).
    _check_size runs before any decoding and says which limit and what to do. The limit is Pillow's
    process-wide setting, so it is changed under a lock: two threads saving and restoring it in turn
    could leave it off for good (rf47p)."""
    from PIL import Image
    with _PILLOW_LOCK:
        limit = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = None
        try:
            yield
        finally:
            Image.MAX_IMAGE_PIXELS = limit




def _as_is(job: Job, suffix: str, folder: str) -> Picture:
    """A copy under a fingerprinted name, with its size when it says one (for width/height)."""
    with open(job.source, "rb") as fh:
        data = fh.read()
    width = height = 0
    if suffix == ".gif":
        import warnings
        from PIL import Image
        with warnings.catch_warnings():  # the size is checked below, with a message that says what to do
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != "GIF":
                    raise ImageError(_misnamed(image.format, job.source, "GIF"))
                width, height = image.size
        _check_size(job, width, height)  # published as it is, but every reader's browser decodes it
        if gif_cut_short(data):   # half copied: readers would get the top of it (review55b 3)
            raise ImageError(f"corrupt or truncated picture (its data ends inside a block, at byte {len(data):,}); "
                             "export it again or replace the file")
        data = _gif_bare(data)
        _written(os.path.join(folder, GIF_BARE), b"")
    else:
        root = _svg_checked(data)
        if isinstance(root, str):
            raise ImageError(root)
        _written(os.path.join(folder, SVG_RULES), b"")
        width, height = svg_size(root.attrib)
    name = f"{job.name}.{job.base}{suffix}"
    _written(os.path.join(folder, name), data)
    variant = Variant(f"{OUTPUT}/{name}", width, height, AS_IS[suffix], len(data))
    renditions = {"full": (variant,), "16x9": (variant,)}
    if suffix == ".gif" and job.lead:
        renditions.update(_gif_stills(job, data, folder))
        _written(os.path.join(folder, GIF_STILLS), b"")
    return Picture(job.key, width, height, renditions, job.made_from, job.made_by)


GIF_STILLS = "gif-stills-1"   # in a GIF lead's cache entry: made since an animated one has stills (_cached)
# in a GIF's cache entry: copied without its metadata (_gif_bare); one copied whole before is made again
# under its own name (a version in the key would rename every picture of the site)
GIF_BARE = "gif-bare-2"   # 2: one cut short is refused (a cached half GIF was published again)
# the application extensions a GIF is shown by: its loop count (Netscape's, and the older AnimExts'), its colour profile
GIF_SHOWN = (b"!\xffNETSCAPE2.0", b"!\xffANIMEXTS1.0", b"!\xffICCRGBG1012")


def _gif_bare(data: bytes) -> bytes:
    """A GIF's bytes without its comments and the application extensions it is not shown by (XMP,
    a tool's own), block by block, nothing encoded again: a story's GIF was published whole, the
    place its XMP said it was taken in (review53b 2) as every other picture's is removed. What follows
    the trailer goes too; a walk ended by a byte that starts no block keeps the rest as it is (one cut
    short inside a block is refused first: gif_cut_short)."""
    blocks = list(gif_blocks(data))
    if not blocks:
        return data
    kept = [data[:blocks[0][0]]]   # the header and global colour table
    kept += [data[start:end] for start, end, kind in blocks if kind in GIF_SHOWN or kind[:2] not in (b"!\xfe", b"!\xff")]
    start, end, kind = blocks[-1]
    return b"".join(kept) + (b"" if kind == b";" else data[end:])


def _gif_stills(job: Job, data: bytes, folder: str) -> dict[str, tuple[Variant, ...]]:
    """An animated GIF lead's crops, of its first frame: it was shared whole, a 2 MB og:image, JSON-LD
    image and feed enclosure (WhatsApp shows no preview over about 300 KB), and every list's thumbnail
    (review51a 4). Its story's page shows the GIF itself, the animation being its point."""
    from PIL import Image
    with Image.open(io.BytesIO(data)) as image:
        if not getattr(image, "is_animated", False):
            return {}
        frame = image.convert("RGBA")   # the first frame, its transparent colour as alpha
    if frame.getchannel("A").getextrema() == (255, 255):
        frame = frame.convert("RGB")
    src = Source(frame, "GIF", frame.size)
    both = ("WEBP", "PNG" if frame.mode == "RGBA" else "JPEG")
    return {"16x9": _variants(job, src, "16x9-", (16, 9), job.settings.widths, both, folder), **_shared_crops(job, src, folder)}


# What runs in an SVG opened on its own (its /images/ address, a "view image" click): on the site's
# own origin, a script there could do all a script of the site's could. <img> runs none of it.
# A file in an SVG's cache entry: one made before these rules or this size reader (svg_size, the
# viewBox since fix41c) is read again under its own key: a version in the key would rename the output.
SVG_RULES = "svg-checked-5"   # 4: sizes from width and height in any absolute unit (review44f); 5: embedded GPS
_SVG_ACTIVE = frozenset({"script", "iframe", "frame", "frameset", "embed", "object", "applet", "base",
                         "meta", "handler", "listener"})
_URL_SCHEME_NOISE = LazyPattern(r"[\x00-\x20]+")  # what browsers skip inside 'java\tscript:'


_SVG_LENGTH = LazyPattern(r"\s*([0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in|q)?\s*", re.IGNORECASE)
# CSS pixels in each absolute unit: what browsers make of an SVG's width and height
_SVG_UNITS = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0, "q": 96 / 101.6}


def svg_size(attrib: dict[str, str]) -> tuple[int, int]:
    """An SVG's size as browsers give an <img> of it: its width and height when both are absolute
    lengths (plain, px, pt, pc, mm, cm, in), one of them with the viewBox's proportions, else the
    viewBox's; (0, 0) when none says one. The viewBox alone was read: Inkscape's 210mm x 148mm page
    (viewBox 0 0 210 148) was shown 210 px wide, where Chromium draws it 794 (review44f). The
    attributes as parsed, so a viewBox in single quotes counts (review41c)."""
    # any case, as the pattern read it before: a size published stays (browsers read 'viewBox' only)
    box = re.split(r"[\s,]+", next((v for k, v in attrib.items() if k.lower() == "viewbox"), "").strip())
    try:
        width, height = (float(box[2]), float(box[3])) if len(box) == 4 else (0.0, 0.0)
    except ValueError:
        width = height = 0.0
    given = [_svg_length(attrib.get(side, "")) for side in ("width", "height")]
    if given[0] and given[1]:
        width, height = given[0], given[1]
    elif width > 0 and height > 0 and (given[0] or given[1]):   # one side; the other in the viewBox's proportion
        width, height = (given[0], given[0] * height / width) if given[0] else (given[1] * width / height, given[1])
    if not (0 < width < 1e6 and 0 < height < 1e6) or round(width) == 0 or round(height) == 0:
        return 0, 0
    return round(width), round(height)


def _svg_length(value: str) -> float:
    """A width or height in CSS pixels, 0 for none or one not absolute (a percentage, em)."""
    found = _SVG_LENGTH.fullmatch(value)
    return float(found[1]) * _SVG_UNITS[(found[2] or "").lower()] if found else 0.0


def svg_refusal(data: bytes) -> str | None:
    """Why an SVG may not be published (script, event attributes, javascript: links, a stylesheet
    that may be XSLT, not well-formed XML, not an SVG), or None."""
    root = _svg_checked(data)
    return root if isinstance(root, str) else None


def _svg_checked(data: bytes) -> ElementTree.Element | str:
    """The SVG's root element, or why it may not be published (svg_refusal). Read with expat, so
    entities ('&#106;avascript:') are seen decoded, as the browser sees them; expat limits entity bombs."""
    from xml.etree import ElementTree
    try:
        text = _svg_text(data)
    except SvgEncodingError as exc:
        return str(exc)
    except UnicodeError as exc:
        return f"not readable as the text it says it is ({exc}); save it again as UTF-8 SVG"
    if "<?xml-stylesheet" in text:
        return ("the SVG links a stylesheet (<?xml-stylesheet ...?>), which may transform it into a page with "
                "scripts; remove that line, or export the drawing again as plain SVG")
    try:
        root = ElementTree.fromstring(_XML_DECLARATION.sub("", text, count=1))  # it names the bytes' codec
    except ElementTree.ParseError as exc:
        return f"not well-formed SVG ({exc}); browsers show no picture for it: export it again"
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return "not an SVG drawing (its first element is not <svg>); export it again as SVG"
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""
        if name in _SVG_ACTIVE:
            return _svg_active(f"<{name}>")
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return _svg_active(f"an event attribute, {local}=")
            plain = _URL_SCHEME_NOISE.sub("", value).lower()
            if "javascript:" in plain or "vbscript:" in plain:
                return _svg_active(f"a javascript: address in {local}=")
        if _svg_located(element):
            return ("it embeds a photo whose metadata holds a GPS location (where it was taken), and an SVG is "
                    "published as it is: remove the location from the photo (exiftool -gps:all= -xmp:geotag= FILE) "
                    "and embed it again, or link it (<image href=\"photo.jpg\">) instead of embedding it")
    return root


# a picture embedded in an SVG (Inkscape's and Illustrator's "Embed"): in an href, or a style's url()
_EMBEDDED = re.compile(r"data:image/[\w.+-]+((?:;[^,;]*)*?)(;base64)?,([^\"')]*)", re.IGNORECASE)


def _svg_located(element: ElementTree.Element, depth: int = 0) -> bool:
    """Whether a picture `element` embeds (an attribute's data: URL, or its text's: a <style>) holds a
    GPS location: the photo's file goes in whole, EXIF and all, and the SVG is published byte for byte
    (review55b 2). An embedded SVG is read for its own, a few levels down."""
    import base64
    import binascii
    from xml.etree import ElementTree
    for value in (*element.attrib.values(), element.text or ""):
        for found in _EMBEDDED.finditer(value) if "data:" in value.lower() else ():
            try:
                data = base64.b64decode(re.sub(r"\s+", "", unquote(found[3]))) if found[2] \
                    else unquote_to_bytes(found[3])
            except (binascii.Error, ValueError):
                continue   # no picture a browser shows either
            if holds_gps(data):
                return True
            if depth < 3 and b"<svg" in data[:4096]:
                try:
                    inner = ElementTree.fromstring(_XML_DECLARATION.sub("", data.decode("utf-8", "replace"), count=1))
                except ElementTree.ParseError:
                    continue
                if any(_svg_located(e, depth + 1) for e in inner.iter()):
                    return True
    return False


# The codec a browser decodes each WHATWG encoding with (https://encoding.spec.whatwg.org/#names-and-labels;
# the labels naming each come from webencodings): where Python's codec of the same name is stricter, the
# superset browsers read (GBK as GB18030, Shift_JIS as Windows-31J...). A label browsers do not know (Python
# knows 'utf-7', 'unicode_escape'...) was decoded here while the browser read UTF-8: a comment here was a
# live <script> there. 'replacement' and 'x-user-defined' are not read as text by either: refused too.
# ISO-2022-JP is refused: its states differ (Python stays in JIS X 0208 after a newline or a second
# escape, Chromium does not: checked), and a stateful codec is where a check and a browser part ways.
_SVG_UNCHECKED = {"iso-2022-jp"}
_SVG_CODECS = {
    "utf-8": "utf-8", "ibm866": "cp866", "koi8-r": "koi8_r", "koi8-u": "koi8_u", "macintosh": "mac_roman",
    "x-mac-cyrillic": "mac_cyrillic", "windows-874": "cp874", "iso-8859-8-i": "iso8859_8",
    **{f"iso-8859-{n}": f"iso8859_{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)},
    **{f"windows-125{n}": f"cp125{n}" for n in range(9)},
    "gbk": "gb18030", "gb18030": "gb18030", "big5": "big5hkscs", "euc-jp": "euc_jp", "shift_jis": "cp932",
    "euc-kr": "cp949",
    # a UTF-16 label in the declaration of a file without UTF-16's first bytes: Chromium reads UTF-8
    "utf-16le": "utf-8", "utf-16be": "utf-8",
}
_XML_DECLARATION = LazyPattern(r"""\A<\?xml\s[^>]*?\?>""")  # not <?xml-stylesheet; none after a space, as browsers
_XML_ENCODING = LazyPattern(rb"""\A<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"'>]*)["']""")


class SvgEncodingError(LookupError):
    """An SVG's declared encoding that browsers do not decode as Python would."""


def _svg_text(data: bytes) -> str:
    """The SVG's text as a browser reads it: by its byte order mark, UTF-16's first bytes ('<?' without a
    mark) or its XML declaration's label as browsers take it (UTF-8 when none says). expat reads only
    UTF-8, UTF-16 with a mark and single-byte codecs: 'multi-byte encodings are not supported' failed a
    GB2312, Shift_JIS or Big5 drawing that browsers show; and the checks must read UTF-16's text too."""
    for mark, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(mark):
            return data.decode(codec)
    if data.startswith((b"<\x00?\x00", b"\x00<\x00?")):  # what Chromium takes for UTF-16 without a mark
        return data.decode("utf-16-le" if data[0] == ord("<") else "utf-16-be")
    declared = _XML_ENCODING.match(data)
    return data.decode(_svg_codec(declared[1].decode("latin-1")) if declared else "utf-8")


def _svg_codec(label: str) -> str:
    import webencodings
    encoding = webencodings.lookup(label)
    if encoding is not None and encoding.name in _SVG_UNCHECKED:
        raise SvgEncodingError(f"declares encoding {label!r}, which browsers read otherwise than sitegen can check; "
                               "save it as UTF-8 SVG")
    if encoding is None or encoding.name not in _SVG_CODECS:
        raise SvgEncodingError(f"declares encoding {label!r}, which browsers do not read; save it as UTF-8 SVG")
    return _SVG_CODECS[encoding.name]


def _svg_active(what: str) -> str:
    return (f"the SVG holds {what}: an SVG is published as it is, and opened at its own address its scripts "
            "would run on the site's; remove the scripting (or export the drawing as PNG)")


@dataclass
class Source:
    image: PILImage.Image          # upright; maybe decoded at 1/2, 1/4... of the file's size
    format: str                    # what the file is: JPEG, PNG, WEBP
    size: tuple[int, int]          # the file's full size, upright
    # a PNG's WebP: lossless when that is smaller, as on charts, maps, logos and screenshots; decided
    # at its first, widest output (what desktops and retina phones take; at 320 px lossy won on a chart
    # whose 1600 px lossless was 29% smaller, rf44m), so a photo saved as PNG is not encoded losslessly
    # at every width; when lossless won there, each width takes the smaller of the two. When lossy won
    # (a photo: a frame grab, a screenshot of one), its fallback and crops are JPEG, not megabyte PNGs
    lossless: bool | None = None
    # a palette PNG's colours (a 1x1 picture holding them): its copies are mapped back to them, or the
    # resize's blended edge colours made every copy heavier than the file itself (review49c 1)
    palette: PILImage.Image | None = None
    # a JPEG no wider than the widest output, upright as stored: its own bytes without their metadata
    # (_jpeg_stripped), the copy at its own width when a re-encode is no lighter (review49c 2)
    own: bytes | None = None
    # a JPEG's WebP: decided at its widest output; an already compressed photo's was heavier than its
    # JPEG, and then it has none (what browsers fetch would have cost more than the fallback)
    webp: bool | None = None


# Pillow's name for a format -> the format it is to browsers: a camera's JPEG holding a Multi-Picture
# Format preview (Sony, Panasonic, Canon, Fujifilm) Pillow calls "MPO"; browsers show it as the JPEG it
# is, and Pillow opens it at that first frame. It was refused as "MPO, not JPEG" (review47c).
_READ_AS = {"MPO": "JPEG"}


def _open(job: Job) -> Source:
    """The source, checked before decoding (format, size), decoded at the smallest scale that still
    gives the largest output (JPEG's DCT scaling: a 4000 px photo decodes at 2000 px, 3x faster),
    upright (EXIF orientation) and in a mode every encoder takes."""
    import warnings
    from PIL import Image
    with warnings.catch_warnings():  # sizes are checked below, with a message that says what to do
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        image = Image.open(job.source)
    expected = FORMATS[os.path.splitext(job.source)[1].lower()]
    found = _READ_AS.get(image.format, image.format)
    if found != expected:
        raise ImageError(_misnamed(found, job.source, expected))
    w, h = image.size
    _check_size(job, w, h)
    orientation = image.getexif().get(0x0112) or 1
    upright = (h, w) if orientation in (5, 6, 7, 8) else (w, h)
    # its coded pixels can be a copy: a JPEG published at its own width, stored upright, in RGB or grey
    own = _own_bytes(job.source) if found == "JPEG" and orientation == 1 and image.mode in ("RGB", "L") \
        and w <= max(job.settings.widths) else None
    if found == "JPEG":
        scale = min(1.0, max(max(job.settings.widths) / upright[0], LD_WIDTH / min(w, h)))
        image.draft(image.mode, (int(w * scale) + 1, int(h * scale) + 1))
    image.load()  # truncated data fails here, before anything is written
    icc = image.info.get("icc_profile")
    image = _turned(image, orientation)
    if image.mode == "CMYK":  # to sRGB through the file's own profile when it has one
        image, icc = _cmyk_to_rgb(image, icc), None
    elif image.mode.startswith("I"):  # a 16-bit greyscale PNG
        image = _deep_grey(image)
    elif isinstance(key := image.info.get("transparency"), tuple) and _png_depth(job.source) == 16:
        image = _deep_keyed(job.source, image, key)
    # a palette's transparent entry, or a PNG's one transparent colour (tRNS) of an RGB or grey picture
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    palette = _palette(image) if image.mode == "P" and not alpha else None
    if alpha and image.mode != "RGBA":
        image = image.convert("RGBA")
    # an alpha channel opaque everywhere (canvas exports, screenshot and design tools save photos so) is
    # no transparency: judged as such, a photo was shared as megabyte PNGs (rf49i)
    if alpha and image.getchannel("A").getextrema() == (255, 255):
        alpha = False
    if not alpha and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.info = {"icc_profile": icc} if icc else {}  # EXIF, XMP, comments: gone; the colour profile stays
    return Source(image, expected, upright, palette=palette, own=own)


def _turned(image: PILImage.Image, orientation: int) -> PILImage.Image:
    """The picture upright, by its EXIF orientation. Not ImageOps.exif_transpose: it writes the EXIF
    back (dropped just after anyway), and a phone's tag of the wrong type (ResolutionUnit as text) made
    that raise struct.error, which stopped the whole build (review51a 1). An upright picture is not
    copied: a big PNG was held twice (review49c 3)."""
    from PIL import Image
    turn = Image.Transpose
    method = {2: turn.FLIP_LEFT_RIGHT, 3: turn.ROTATE_180, 4: turn.FLIP_TOP_BOTTOM, 5: turn.TRANSPOSE,
              6: turn.ROTATE_270, 7: turn.TRANSVERSE, 8: turn.ROTATE_90}.get(orientation)
    return image if method is None else image.transpose(method)


def _own_bytes(path: str) -> bytes | None:
    with open(path, "rb") as fh:
        return _jpeg_stripped(fh.read())


_JPEG_KEPT = {0xE0: b"JFIF\0", 0xE2: b"ICC_PROFILE\0", 0xEE: b"Adobe"}   # how to read its colours
_IN_SCAN = {0, *range(0xD0, 0xD8)}   # after 0xFF in coded data: a stuffed zero, a restart marker


def _jpeg_stripped(data: bytes) -> bytes | None:
    """The JPEG's image without its metadata: APP segments other than JFIF, the ICC profile and Adobe's
    (colour transform), comments and whatever follows its end (an MPO's preview) dropped, so no EXIF,
    GPS or XMP is published; the coded pixels as they are. None for a file not read to its end."""
    out, i, n = [data[:2]], 2, len(data)
    if data[:2] != b"\xff\xd8":
        return None
    while i + 1 < n and data[i] == 0xFF:
        marker = data[i + 1]
        if marker == 0xFF:                   # fill before a marker
            i += 1
            continue
        if marker == 0xD9:
            return b"".join([*out, b"\xff\xd9"])
        end = i + 2 + int.from_bytes(data[i + 2:i + 4], "big")
        if end > n:
            return None
        app = 0xE0 <= marker <= 0xEF or marker == 0xFE
        if not app or marker in _JPEG_KEPT and data[i + 4:end].startswith(_JPEG_KEPT[marker]):
            out.append(data[i:end])
        i = end
        if marker == 0xDA:                   # coded data, to the next marker not a restart or a stuffed 0
            j = i
            while (j := data.find(b"\xff", j)) >= 0 and j + 1 < n and data[j + 1] in _IN_SCAN:
                j += 2
            if j < 0 or j + 1 >= n:
                return None
            out.append(data[i:j])
            i = j
    return None


def _palette(image: PILImage.Image) -> PILImage.Image:
    from PIL import Image
    holder = Image.new("P", (1, 1))
    holder.putpalette(image.getpalette())
    return holder


def _misnamed(found: str | None, source: str, expected: str) -> str:
    """A file whose bytes are not the format its suffix says: the suffix that would do, or that sitegen
    does not publish the format. 'rename it to .?' was said of a TIFF scan named .jpg, and a GIF named
    .png was not told .gif, which is published (review44f)."""
    said = f"the file is {found or 'not an image'} but named {os.path.splitext(source)[1]}"
    if found in PUBLISHED_AS:
        return f"{said}; rename it to .{PUBLISHED_AS[found]} or export it as {expected}"
    if found:
        return f"{said}; sitegen does not publish {found} pictures: export it as JPEG, PNG, WebP or GIF"
    return f"{said}; export it again as JPEG, PNG, WebP or GIF"


def _check_size(job: Job, w: int, h: int) -> None:
    """A picture over [images] max_megapixels is refused, one that says far more pixels than its
    bytes could hold as a decompression bomb: browsers decode every pixel of it too."""
    # the bomb test covers every picture Pillow alone would have warned about, not only those over the
    # setting: a raised max_megapixels let a 240 MP PNG of 233 KB be decoded (rf47p); up to the raised
    # setting, at the ratio bombs reach, so a flat-colour map gets through (rf48b)
    pixels, size = w * h, os.path.getsize(job.source)
    ratio = BOMB_BYTES_PER_PIXEL if pixels > job.settings.max_pixels else RAISED_BOMB_BYTES_PER_PIXEL
    if pixels > min(job.settings.max_pixels, PILLOW_PIXELS) and size / pixels < ratio:
        raise ImageError(f"declares {w}x{h} pixels in a {size // 1024} KB file: a decompression bomb? refused; "
                         "if it is a real picture (a flat-colour map or chart), export it as JPEG or WebP, "
                         "or at fewer pixels")
    if pixels > job.settings.max_pixels:
        raise ImageError(f"{w}x{h} is {pixels / 1e6:.0f} megapixels, over the limit of "
                         f"{job.settings.max_pixels // 1_000_000} ([images] max_megapixels); resize it first")


def _png_depth(path: str) -> int:
    """A PNG's bits per channel, from its header (Pillow does not say); 8 for any other file."""
    with open(path, "rb") as fh:
        head = fh.read(25)
    return head[24] if len(head) == 25 and head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR" else 8


def _deep_grey(image: PILImage.Image) -> PILImage.Image:
    """16-bit grey (0-65535) as 8-bit L, or LA when the file names a transparent grey (tRNS):
    convert() clips every value over 255, so grey 40000 came out white, and drops the tRNS key."""
    from PIL import Image, ImageMath
    wide = image.convert("I")
    grey = wide.point(lambda v: v * (1 / 257) + 0.5).convert("L")
    key = image.info.get("transparency")
    if not isinstance(key, int):
        return grey
    alpha = ImageMath.lambda_eval(lambda a: (a["wide"] != key) * 255, wide=wide).convert("L")
    return Image.merge("LA", (grey, alpha))


def _deep_keyed(path: str, image: PILImage.Image, key: tuple[int, int, int]) -> PILImage.Image:
    """A 48-bit PNG with one transparent colour (tRNS) as RGBA, the key compared in all 16 bits: Pillow
    keeps each pixel's high byte, so a colour differing from the key in its low byte alone went
    transparent too. The low bytes come from a second decoding of the file, read as little-endian."""
    import warnings
    from functools import reduce
    from PIL import Image, ImageChops
    with warnings.catch_warnings(), Image.open(path) as low:   # its size was checked (_check_size)
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        if [t.args for t in low.tile] != ["RGB;16B"]:   # (as Pillow 10-13 reads it)
            raise ImageError("a 48-bit PNG with a transparent colour (tRNS) that sitegen cannot read exactly; "
                             "export it with an alpha channel (RGBA) or at 8 bits per channel")
        low.tile = [t._replace(args="RGB;16L") for t in low.tile]
        low.load()
    same = []
    for part, colour in ((image, tuple(v >> 8 for v in key)), (low, tuple(v & 255 for v in key))):
        diff = ImageChops.difference(part, Image.new("RGB", part.size, colour))
        same += [band.point(lambda v: 255 if v == 0 else 0) for band in diff.split()]
    del image.info["transparency"]
    out = image.convert("RGBA")
    out.putalpha(ImageChops.invert(reduce(ImageChops.darker, same)))   # 0 where all six bytes are the key's
    return out


def _cmyk_to_rgb(image: PILImage.Image, icc: bytes | None) -> PILImage.Image:
    from PIL import ImageCms
    if icc:
        try:
            return ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                                             ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: the plain conversion below
    return image.convert("RGB")


def _renditions(job: Job, src: Source, folder: str) -> Picture:
    fmt = "PNG" if src.format == "JPEG" and src.image.mode == "RGBA" else src.format
    both = ("WEBP",) if fmt == "WEBP" else ("WEBP", fmt)
    widths = job.settings.widths
    made: dict[int, PILImage.Image] = {}  # the uncropped picture at each width, for crops to reuse
    renditions = {"full": _variants(job, src, "", None, widths, both, folder, made)}
    if not job.lead:  # a picture in the text is shown as it is, nowhere else
        return Picture(job.key, *src.size, renditions, job.made_from, job.made_by)
    # a lead already 16:9 is its own crop: the same files, not the same bytes again under the key's
    # names, which a phone that saw the front page downloaded again on the article's (review49c 4)
    whole = crop_box(src.image.size, (16, 9), job.focus) == (0, 0, *src.image.size)
    renditions["16x9"] = renditions["full"] if whole else \
        _variants(job, src, "16x9-", (16, 9), widths, both, folder, made)
    renditions.update(_shared_crops(job, src, folder))
    return Picture(job.key, *src.size, renditions, job.made_from, job.made_by)


def _shared_crops(job: Job, src: Source, folder: str) -> dict[str, tuple[Variant, ...]]:
    """A lead's one-off crops for what shares it: the social card, JSON-LD's 4:3 and 1:1."""
    single = (_single(src),)
    crops = {"card": _variants(job, src, "card-", CARD, (CARD[0],), single, folder)}
    crops.update((name, _variants(job, src, f"{name}-", ratio, (LD_WIDTH,), single, folder))
                 for name, ratio in LD_RATIOS.items() if name != "16x9")
    return crops


def _single(src: Source) -> str:
    """The format of a one-off crop for crawlers and feed readers: JPEG, or PNG for transparency
    (a transparent WebP's too: JPEG holds no alpha, and its lead picture failed the build) and for a
    PNG that lossless WebP suits (a chart); a photo saved as PNG's card was a 1 MB PNG, which WhatsApp
    shows no preview for (review49c 5)."""
    return "PNG" if src.image.mode == "RGBA" else _fallback("PNG", src) if src.format == "PNG" else "JPEG"


def _fallback(fmt: str, src: Source) -> str:
    """The format a copy is written in: a PNG's PNG copies are JPEG once its widest WebP showed it a
    photo (lossy won) and it has no transparency; 'full' is made first, widest and WebP first."""
    return "JPEG" if fmt == "PNG" and src.lossless is False and src.image.mode != "RGBA" else fmt


def crop_box(size: tuple[int, int], ratio: tuple[int, int] | None, focus: tuple[float, float]
             ) -> tuple[float, float, float, float]:
    """The largest box of `ratio` inside `size`, centred on the focal point as far as the edges allow."""
    w, h = size
    if ratio is None:
        return 0, 0, w, h
    cw, ch = min(w, h * ratio[0] / ratio[1]), min(h, w * ratio[1] / ratio[0])
    left = min(max(focus[0] * w - cw / 2, 0), w - cw)
    top = min(max(focus[1] * h - ch / 2, 0), h - ch)
    return left, top, left + cw, top + ch


def _variants(job: Job, src: Source, prefix: str, ratio: tuple[int, int] | None, widths: tuple[int, ...],
              formats: tuple[str, ...], folder: str, made: dict | None = None) -> tuple[Variant, ...]:
    """Resized copies of the crop, at each width the source can give (never upscaled). `made`: the
    uncropped picture by width; a crop as wide as the picture is cut from it, not resized again
    (a landscape photo's 16:9 crops: a third fewer resizes)."""
    from PIL import Image
    image = src.image
    box = crop_box(image.size, ratio, job.focus)
    full_width = box[0] == 0 and box[2] == image.width
    crop_w = int((box[2] - box[0]) * src.size[0] / image.width)  # in the file's pixels, not the draft's
    aspect = (box[3] - box[1]) / (box[2] - box[0])
    sizes = sorted({min(w, crop_w) for w in widths})
    if len(formats) > 1 and max(sizes[-1], round(sizes[-1] * aspect)) > WEBP_MAX_SIDE:
        # a long infographic: no WebP at any width, or browsers would take a blurred small one
        formats = tuple(f for f in formats if f != "WEBP")
    groups: list[list[Variant]] = []
    for width in reversed(sizes):   # widest first: a PNG's WebP is decided there (_webp_of_png), a JPEG's too
        formats = tuple(f for f in formats if f != "WEBP" or src.webp is not False)
        height = max(1, round(width * aspect))
        reuse = made.get(width) if made is not None and ratio is not None and full_width else None
        if reuse is not None:
            top = min(round(box[1] * reuse.height / image.height), reuse.height - height)
            resized = reuse.crop((0, top, width, top + height))
        else:  # reducing_gap: shrink by whole factors first, then Lanczos (1.1-4x faster, same look)
            resized = image.resize((width, height), Image.Resampling.LANCZOS, box=box, reducing_gap=2.0)
            if src.palette is not None:   # no dither: a diagram's flat colours stay flat
                resized = _repaletted(resized, src.palette)
            if made is not None and ratio is None:
                made[width] = resized
        groups.append([])
        own = src.own if ratio is None and width == src.size[0] else None
        encoded = {fmt: _encoded(resized, src, fmt, job.settings.quality, own)
                   for fmt in (_fallback(f, src) for f in formats)}
        if src.format == "JPEG" and src.webp is None and len(encoded) > 1:
            src.webp = len(encoded["WEBP"]) < len(encoded["JPEG"])
        for fmt, data in encoded.items():
            if fmt == "WEBP" and src.webp is False:
                continue
            name = f"{job.name}.{job.key if ratio else job.base}.{prefix}{width}.{EXT[fmt]}"
            _written(os.path.join(folder, name), data)
            groups[-1].append(Variant(f"{OUTPUT}/{name}", width, height, MIME[fmt], len(data)))
    return tuple(v for group in reversed(groups) for v in group)


def _encoded(image: PILImage.Image, src: Source, fmt: str, quality: int, own: bytes | None) -> bytes:
    """One copy's bytes: at a JPEG's own width, the file's own (stripped) when a re-encode is no lighter:
    a quality-70 wire photo re-encoded at 80 was 1.16x the file, for the same pixels (review49c 2)."""
    if fmt == "WEBP" and src.format == "PNG":
        return _webp_of_png(image, src, quality)
    data = _encode(image, fmt, quality)
    return own if own is not None and fmt == "JPEG" and len(own) <= len(data) else data


def _repaletted(image: PILImage.Image, palette: PILImage.Image) -> PILImage.Image:
    from PIL import Image
    out = image.quantize(palette=palette, dither=Image.Dither.NONE)
    out.info = image.info   # the colour profile
    return out


def _webp_of_png(image: PILImage.Image, src: Source, quality: int) -> bytes:
    """A PNG source's WebP: the smaller of lossy and lossless. Lossy alone made a 16-colour chart's WebP,
    the file browsers take, three times its PNG's bytes with its text smeared (review44f); lossless
    alone made a photo's ten times the lossy one's, and took 25x as long. Deterministic: the same
    pixels make the same choice."""
    lossy = _encode(image, "WEBP", quality)
    if src.lossless is False:
        return lossy
    lossless = _encode(image, "WEBP", LOSSLESS_EFFORT, lossless=True)
    if src.lossless is None:
        src.lossless = len(lossless) < len(lossy)
    return lossless if len(lossless) < len(lossy) else lossy


def _encode(image: PILImage.Image, fmt: str, quality: int, lossless: bool = False) -> bytes:
    buf = io.BytesIO()
    icc = image.info.get("icc_profile")
    extra = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        image = image.convert("RGB") if image.mode == "P" else image
        # optimised Huffman tables: measured 7% smaller than plain, and half progressive's time for 2% more
        image.save(buf, "JPEG", quality=quality, optimize=True, **extra)
    elif fmt == "WEBP":
        # method 2, not libwebp's default 4: measured twice as fast, and no bigger on photos. (AVIF
        # was measured too: 3-12x WebP's encoding time for files no smaller at like quality, so no.)
        image.save(buf, "WEBP", quality=quality, method=2, lossless=lossless, **extra)
    else:   # a palette's copy: zlib's best, as the optimisers that made the file use (a level-6 copy was heavier)
        image.save(buf, "PNG", compress_level=9 if image.mode == "P" else 6, **extra)
    return buf.getvalue()


# Staging -------------------------------------------------------------------------------------------------
def stage(images: ImageSet, config: Config, stage: Stage) -> tuple[list[str], list[str]]:
    """Stage every output public/ does not have yet. Names carry the source's key: a file of the
    same name and size in public/ holds these same bytes. Returns the staged outputs and the errors:
    a link of the user's out of public/ on their way (public/images -> /srv/media), written nothing through."""
    output = config.path("output")
    staged, refused = [], Refused(output, "pictures", config.file)
    # by path: a lead's 'full' copies and another's of the same bytes (a focal point apart) are one file
    for v in images.outputs().values():
        try:
            if os.path.getsize(output / v.path) == v.length:
                continue
        except OSError:
            pass
        with open(images.files[v.path], "rb") as fh:
            try:
                if stage.put(v.path, fh.read()):
                    staged.append(v.path)
            except WriteError as exc:
                refused.add(v.path, exc)
    return staged, refused.errors()
