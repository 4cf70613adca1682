"""site.toml -> one frozen, typed Config.

Validation is pydantic's: every unknown key and every bad value is reported at once, each with
its dotted name and what was expected. Defaults work with no site.toml at all.

The sections are standard dataclasses that pydantic validates (imported only then), and a
validated config is kept in the cache folder: a build that finds nothing changed starts in
well under half a second, a third of which pydantic's import and schema build would take.
"""
from __future__ import annotations

# datetime before zoneinfo, only to be in sys.modules first: zoneinfo's C part imports it through
# PyCapsule_Import, which (Python 3.11) turns any exception there into ImportError, and zoneinfo's
# `except ImportError` then falls back to its pure-Python ZoneInfo. A Ctrl-C or SIGTERM landing in that
# import of datetime was dropped: a watch or serve stopped 0-0.03 s into its start never ended (dev44h).
# Already imported, datetime is looked up there without running any Python code, so no stop lands in it.
import datetime
import errno
import hashlib
import os
import re
import stat
import sys
import types
from dataclasses import dataclass, field, fields, is_dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Callable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import LazyPattern
from .langtag import language_tag
from .spelling import names_differ

del datetime   # see above: only its import was wanted

CONFIG_FILE = "site.toml"
AUTHORS_FILE = "authors.toml"   # beside site.toml: a table per author name (bio, photo, links)
CONVERT_STATE = "convert-state.json"   # in the cache folder: what the converter made from which seed
OUTPUT_RECORD = ".sitegen-output"  # in the output folder: what sitegen wrote there (write.RECORD)


def shipped_theme() -> Path:
    """The theme shipped with sitegen: sitegen/theme/ as a wheel installs it (pyproject.toml maps
    the repository's templates/ there), else templates/ beside the package, as in a checkout and
    its editable install. Only the checkout's was looked for, so an installed sitegen had no theme
    and every build failed on a missing template."""
    package = Path(__file__).resolve().parent
    installed = package / "theme"
    return installed if installed.is_dir() else package.parent / "templates"


DEFAULT_THEME = shipped_theme()


def leads_out(folder: Path | str, rel: str) -> str | None:
    """Where folder/rel really is when a symlink on the way (the file, or a folder above it) leads
    out of `folder`, else None. A link in content/, seeds/ or static/ to ~/.ssh/id_rsa was read
    and published (secure35); links inside the folder, and the folder itself being a link
    (content -> desk-a), are fine. One lstat a part of `rel`; only a link is resolved in full."""
    path, lstat, is_link = os.fspath(folder), os.lstat, stat.S_ISLNK
    parts = rel.split("/")
    if rel.startswith("/") or ".." in parts:   # from text ('static//etc/x.jpg'): where it leads, links or not
        return _outside(folder, rel)
    try:
        for part in parts:
            path += "/" + part
            if is_link(lstat(path).st_mode):
                return _outside(folder, rel)
    except OSError:  # gone meanwhile, or never there: inside only if its real path is (rf47k)
        return _outside(folder, rel)
    return None


def _outside(folder: Path | str, rel: str) -> str | None:
    """folder/rel's real path when it is not inside folder, else None."""
    base, real = os.path.realpath(folder), os.path.realpath(os.path.join(folder, rel))
    return None if real.startswith(base.rstrip(os.sep) + os.sep) else real


def outside_message(real: str, folder: str, what: str = "the file") -> str:
    """What leads_out found, for 'FILE: ' to precede (`what`: what to copy in, for a linked folder
    'the seeds'). A link to nothing (its file moved or deleted) is said as such: 'a link to /x,
    outside seeds/' sent the editor looking for a file there."""
    if not os.path.lexists(real):
        return nowhere_message(real, folder)
    return (f"a link to {real}, outside {folder}/; sitegen reads and publishes only what is inside the site's "
            f"folders: copy {what} into {folder}/, or remove the link")


def nowhere_message(real: str, folder: str) -> str:
    """A link whose file (`real`, where it leads) does not exist, for 'FILE: ' to precede."""
    return (f"a link to {real}, which does not exist: the link leads nowhere (its file moved or was "
            f"deleted?); remove the link, or put the file itself in {folder}/ in its place")


WELL_KNOWN = ".well-known"   # RFC 8615: the one hidden folder root/ publishes (assets.root_files)
SEARCH_BUNDLE = "pagefind"   # public/'s folder of Pagefind's files (search.BUNDLE)


# a file still being written, under the name it has until it is whole: Firefox's and KDE's (and
# Nextcloud's, Transmission's) x.pdf.part, Chrome's and Edge's x.pdf.crdownload, old Edge's x.partial,
# Opera's x.opdownload, Safari's x.pdf.download/ folder, Chrome's File System Access x.crswap, JetBrains'
# safe-write x.css___jb_tmp___ (and ___jb_old___, the copy it replaces); published, half a file went live
# (Hugo and MkDocs publish them: Hugo's watcher alone skips temp names). Not .tmp, .bak or .orig: a user's
# data.tmp or report.orig may be meant, and each is whole (fix52b kept them published)
DOWNLOADING = (".part", ".crdownload", ".partial", ".opdownload", ".download", ".crswap", "___jb_tmp___",
               "___jb_old___")


def published_static(rel: str) -> bool:
    """Whether a file under a static folder ('css/site.css') is published: not one of not_yours, nor a
    download in progress (DOWNLOADING; the browser renames it when whole, which watch sees as a save).
    The watcher asks it too (watch.Sources.kind): a published name is a change, no other is."""
    return not not_yours(rel) and not any(downloading(part) for part in rel.split("/"))


def downloading(name: str) -> str:
    """The DOWNLOADING suffix a file or folder name ends in ('.part' of 'song.mp3.part'), else ''."""
    lower = name.lower()
    return next((suffix for suffix in DOWNLOADING if lower.endswith(suffix)), "")


def root_file(config: Config, rel: str) -> bool:
    """Whether root/ has a file published at `rel` ('ads.txt', '.well-known/security.txt'), as
    assets.root_files walks it: a stat."""
    return published_static(rel.removeprefix(WELL_KNOWN + "/")) and is_file(config.path("root") / rel)


def is_file(path: Path) -> bool:
    """Path.is_file() for a path built from a link or URL: a part longer than the file system takes
    (a percent-encoded Cyrillic slug of 161 letters is 1,900 bytes; most take 255) raised "File name
    too long", failing the whole build with an error naming no story (rf48k 1). No file has such a name."""
    try:
        return path.is_file()
    except OSError:   # ENAMETOOLONG; pathlib itself ignores only ENOENT, ENOTDIR, EBADF and ELOOP
        return False


def static_file_name(rel: str) -> str:
    """A path under static/ as its file's name: 'authors//ann.jpg' and './authors/ann.jpg' are
    'authors/ann.jpg', as asset() reads them (an author's photo so spelt was refused, rf48b). One
    leading out ('..', a leading '/') is left as it is, for the caller to refuse."""
    if ("./" not in rel and "//" not in rel) or rel.startswith("/") or ".." in rel.split("/"):
        return rel
    return os.path.normpath(rel)


def not_yours(rel: str) -> bool:
    """Whether a relative path ('a/b.txt') is hidden, or in a hidden folder (or a way out, '..'),
    or an editor's backup, autosave or lock ('x.txt~', '#x.txt#', Emacs's '.#x.txt', macOS's
    '._x.txt'): files a tool made beside the user's, never a seed nor published."""
    return any(part.startswith((".", "#")) or part.endswith("~") for part in rel.split("/"))


def not_a_seed(rel: str) -> bool:
    """Whether a *.txt path under seeds/ ('a/b.txt') is hidden, or in a hidden folder: Emacs's lock
    '.#x.txt', macOS's '._x.txt', a '.git' folder. Only that, not not_yours: the backups and
    autosaves it also skips ('x.txt~', '#x.txt#') never match *.txt, and '#1 council.txt' is a seed
    (skipped in silence in session 34, '0 converted')."""
    return any(part.startswith(".") for part in rel.split("/"))


def utf8_name(rel: str) -> bool:
    """Whether a file name read from the disk is UTF-8: one that is not ('caf\\xe9.md', made on
    Latin-1 systems or unpacked from an old zip) holds lone surrogates, which every write of the
    name (a YAML line, the cache's database, the terminal) failed on with a traceback."""
    return rel.isascii() or not any("\udc80" <= c <= "\udcff" for c in rel)


def shown_name(rel: str) -> str:
    """A file name as a message can print it: bytes that are not UTF-8 as '\\xe9'."""
    return os.fsencode(rel).decode("utf-8", "backslashreplace") if not utf8_name(rel) else rel


def not_utf8_message(rel: str) -> str:
    """The error for a file whose name, or a folder's on its path `rel`, is not UTF-8 (see utf8_name):
    the folder's is the one to rename ('rename the file' sent the editor to a name that was fine)."""
    parts = rel.split("/")
    bad = next((i for i, part in enumerate(parts[:-1]) if not utf8_name(part)), len(parts) - 1)
    name, which = ("the file name", "the file") if bad == len(parts) - 1 else \
        (f"the name of the folder {shown_name('/'.join(parts[:bad + 1]))}/", "that folder")
    return (f"{shown_name(rel)}: {name} is not UTF-8 text (made on another system, or unpacked from an old "
            f"archive?), which sitegen cannot record or publish; rename {which}, typing its name anew")


def no_room(exc: OSError) -> tuple[str, str]:
    """What a full disk (ENOSPC) ran out of, and what frees it. A disk with room but no free inodes
    (file entries: one a file or folder) fails only calls that make an entry, which name it: "out
    of disk space; free some space" sent the user to delete a large file, freeing one entry while
    `df -h` showed the disk far from full, and the next build failed the same. Judged once and kept
    on `exc`: call it before undoing what the run made (init, a build's stage), which frees entries."""
    said = getattr(exc, "sitegen_room", None)
    if said is None:
        said = ("out of inodes (file entries; `df -i` shows them) with disk space left",
                "delete files no longer needed (a large one frees one entry, as a small one does) or move the site "
                "to a disk with more inodes") if _no_inodes(exc) else ("out of disk space", "free some space")
        setattr(exc, "sitegen_room", said)
    return said


def _no_inodes(exc: OSError) -> bool:
    if exc.errno != errno.ENOSPC or exc.filename is None:   # a write() names no file: bytes, never an entry
        return False
    folder = os.path.abspath(os.fsdecode(exc.filename))
    while not os.path.exists(folder) and os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)
    try:
        disk = os.statvfs(folder)
    except OSError:
        return False
    return disk.f_files > 0 and disk.f_favail == 0   # f_files 0: inodes made as needed (btrfs)


WORKERS_PER_CORE = 4   # processes a core, at most: more only cost memory and forks ([build] workers = 1000 forked 1000)


def worker_count(asked: int) -> int:
    """The processes to run for `asked` workers (-j or [build] workers; 0: one a core), at most
    WORKERS_PER_CORE a core."""
    cores = os.cpu_count() or 1
    return min(asked or cores, WORKERS_PER_CORE * cores)


def workers_note(asked: int, flag: str) -> str | None:
    """Said when `asked` workers are more than run (see worker_count); `flag` names where it came from."""
    cores = os.cpu_count() or 1
    if asked <= WORKERS_PER_CORE * cores:
        return None
    return (f"{flag} {asked} is more than {WORKERS_PER_CORE} processes a core ({cores} here): "
            f"{worker_count(asked)} run at most, as more would only cost memory; 0 is one a core")


_STRICT = {"extra": "forbid"}  # pydantic config for every section: unknown keys are errors


class ConfigError(Exception):
    """site.toml could not be read or validated; str() lists every problem."""


class FoldersMissing(ConfigError):
    """site.toml moves a source folder to one that is not there: `folders`, whose making fixes it
    (watch/serve load site.toml again when one appears)."""

    def __init__(self, message: str, folders: tuple[Path, ...]):
        super().__init__(message)
        self.folders = folders


class Check:
    """A check pydantic runs after the type check (Annotated[str, Check(fn)]); fn raises ValueError.
    With alone=True fn is the whole check (for a union, whose type errors would read badly)."""

    def __init__(self, fn: Callable[[Any], Any], alone: bool = False):
        self.fn, self.alone = fn, alone

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema
        if self.alone:
            return core_schema.no_info_plain_validator_function(self.fn)
        return core_schema.no_info_after_validator_function(self.fn, handler(source))


# The patterns below that only site.toml's checks or an error message use are compiled at their
# first use, not at import: a build that finds nothing changed reads its config from the cache and
# never needs them (importing config compiled ~1.3 ms of patterns a no-change build did not use)
@lru_cache(maxsize=1)
def userinfo() -> re.Pattern:
    """A URL's 'user:password@' part, which a published address must not hold (content.py's pictures too)."""
    return re.compile(r"(?:[a-z][a-z0-9+.-]*:)?//[^/?#]*@", re.IGNORECASE)


@lru_cache(maxsize=1)
def _authority() -> re.Pattern:
    return re.compile(r"(?:[a-z][a-z0-9+.-]*:)?//([^/?#]*)", re.IGNORECASE)


def _published_address(value: str) -> str:
    """A published address (the logo, an author's photo or links): without 'user:password@', which
    every page, feed and JSON-LD block would show to anyone, and one a URL parser reads: a photo
    'https://[CDN_HOST]/jane.jpg' (a placeholder never filled in) raised ValueError in every page's
    and feed's urljoin, failing the whole build with errors naming no file (rf49e)."""
    if "@" in value and userinfo().match(value):
        raise ValueError("expected an address readers can fetch without a user name or password ('user:password@'), "
                         "which every page would publish: put the file in static/ or on a public server")
    try:
        urlsplit(value)
    except ValueError:   # only ever of the host ('//' and what follows up to '/', '?' or '#')
        found = _authority().match(value)
        host = found[1].rpartition("@")[2] if found else value
        why = ("is in brackets, which only an IP address is" if "[" in host and "]" in host
               else "has a '[' or ']' without its pair" if "[" in host or "]" in host
               else "holds a character that Unicode reads as '/', '?', '#', '@' or ':'")
        raise ValueError(f"expected a web address, not {value!r}: its host {host!r} {why}; write the real "
                         "address, or put the file in static/") from None
    return value


# What a browser drops from an address before reading its scheme: tabs and line breaks anywhere,
# controls and spaces at its ends (' java\tscript:' is 'javascript:')
_URL_DROPS = LazyPattern(r"[\t\n\r]")
_URL_ENDS = "".join(map(chr, range(0x21)))
_SCHEME = LazyPattern(r"[A-Za-z][A-Za-z0-9+.-]*:")


@lru_cache(maxsize=1)
def _picture_scheme() -> re.Pattern:
    return re.compile(r"(?:https?:)?//|data:image/", re.IGNORECASE)   # images.is_external's


def _picture_address(value: str) -> str:
    """The logo's or an author's photo: a file of the site, or a picture on the web (http(s)://,
    '//' or data:image/) as a lead's image: is. 'javascript:alert(1)' was published as the photo's
    <img src> and the Person's JSON-LD image, called a missing file of static/ (review51c 4)."""
    seen = _URL_DROPS.sub("", _published_address(value)).strip(_URL_ENDS)
    if _SCHEME.match(seen) and not _picture_scheme().match(seen):
        raise ValueError(f"expected a picture's address: a file of the site (static/jane.jpg), a web address "
                         f"(https://...) or a data:image/ URL, not {value!r}")
    return value


def _published_each(value: tuple[str, ...]) -> tuple[str, ...]:
    for each in value:
        _published_address(each)
    return value


def _author_links(value: tuple[str, ...]) -> tuple[str, ...]:
    """An author's pages elsewhere: web addresses (or mailto:), each a live link on the author's page.
    'javascript:...' was published as one, and ran on the site's address when clicked (secure35)."""
    for each in _published_each(value):
        parts = urlsplit(each.strip())
        web = parts.scheme.lower() in ("http", "https", "") and parts.netloc   # '' : '//x.example/
        if not (web or (parts.scheme.lower() == "mailto" and parts.path)) or each != each.strip():
            raise ValueError(f"expected each link as a web address, e.g. 'https://mastodon.social/@jane' (or "
                             f"'mailto:jane@example.org'), not {each!r}: each is a link on the author's page")
    return value


def _base_url(value: str) -> str:
    if value != value.strip(" ") and not _UNSAFE_URL.search(value.strip(" ")):
        # a paste's trailing space: percent-encoding it (the advice below) published '/news/%20' (review46g)
        raise ValueError(f"expected no space before or after the address: write '{value.strip(' ')}'")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("expected an absolute http(s) URL such as 'https://example.org/news/'")
    if parts.query or parts.fragment or "?" in value or "#" in value:
        # every address is base_url + path: '?ref=x#top' made canonical links '.../?ref=x#top/2025/...'
        raise ValueError("expected the site's address without '?' or '#' (a query or fragment), "
                         "e.g. 'https://example.org/news/'")
    if ":" in parts.netloc.rpartition("@")[2].rsplit("]", 1)[-1] and not _port(parts):  # after the host (not an
        # IPv6 one's): ':abc' or ':99999' was published in every canonical link, feed and sitemap
        raise ValueError("expected a port from 1 to 65535 after the host's ':' (or none), e.g. "
                         "'https://example.org:8443/news/'")
    if "@" in parts.netloc:  # published in every canonical link, feed and sitemap of the site
        raise ValueError("expected the site's public address without a user name or password "
                         "('user:password@'), which every page would publish: e.g. 'https://example.org/news/'")
    if not value.isascii() and value.isprintable():  # sitemaps and feeds take ASCII URLs (RFC 3986)
        raise ValueError(f"expected an ASCII URL: write it '{_ascii_url(parts)}' (the host in punycode, "
                         "the rest percent-encoded)")
    if _UNSAFE_URL.search(value) and value.isprintable():  # in every href as it is: an invalid URL on
        # each page (a newline or a tab has the control-character message of parse_config)
        raise ValueError("expected a URL without spaces, quotes or <>\\^`{|}: percent-encode them "
                         "('https://example.org/my%20news/')")
    _folder_address(parts)
    return _normal_url(parts)


def _folder_address(parts: Any) -> None:
    """Every address is base_url + path, so base_url must be a folder's: the front page's address
    pasted ('.../news/index.html') published '.../news/index.html/feed.xml' and canonical links to
    '.../index.html/2026/...', and an empty segment ('.../news//') '/news//feed.xml'; both built."""
    if "//" in parts.path:
        fixed = _normal_url(parts._replace(path=re.sub("/{2,}", "/", parts.path)))
        raise ValueError(f"expected no empty part ('//') in the path: write '{fixed}'")
    if any(_dots(part) for part in parts.path.split("/")):  # a browser goes to '/x/' for '/news/../x/',
        # so every canonical link and sitemap <loc> named an address other than the page's (review50f 3)
        fixed = _normal_url(parts._replace(path=_without_dots(parts.path)))
        raise ValueError(f"expected no '.' or '..' part in the path: write '{fixed}'")
    last = parts.path.rpartition("/")[2]
    if _FILE_NAME.search(last):
        folder = _normal_url(parts._replace(path=parts.path[:-len(last)]))
        raise ValueError(f"expected the site's folder address, not a file's ({last!r}): write '{folder}' "
                         f"(or '{_normal_url(parts)}' if {last!r} is a folder)")


def _dots(part: str) -> str:
    """'.' or '..' when a path part is one (or '%2e%2e', which browsers read as '..'), else ''."""
    plain = part.lower().replace("%2e", ".")
    return plain if plain in (".", "..") else ""


def _without_dots(path: str) -> str:
    """The path with its '.' and '..' parts resolved as RFC 3986 (5.2.4) does: '/news/../x/' -> '/x/'."""
    kept: list[str] = []
    parts = path.split("/")[1:]
    for i, part in enumerate(parts):
        dots = _dots(part)
        if dots == ".." and kept:
            kept.pop()
        if dots and i == len(parts) - 1:
            kept.append("")  # '/news/..' is the folder '/'
        elif not dots:
            kept.append(part)
    return "/" + "/".join(kept)


# a last path part with a file's extension ('index.html', 'default.aspx'): a page, not the site's folder
_FILE_NAME = LazyPattern(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")


def _normal_url(parts: Any) -> str:
    """The address as every page publishes it: scheme and host lower-case and no default port, as
    RFC 3986 compares them ('HTTPS://Example.ORG:443/News/' is 'https://example.org/News/'), so an
    Atom id or canonical link does not change when someone later tidies the spelling; ends in '/'.
    An address already so written is returned as it is."""
    scheme = parts.scheme.lower()
    host = parts.netloc.lower()
    default = {"http": ":80", "https": ":443"}[scheme]
    if host.endswith(default):
        host = host[:-len(default)]
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{scheme}://{host}{path}"


def _port(parts: Any) -> int | None:
    """A URL's port, None when it is empty, 0 or not a number from 1 to 65535."""
    try:
        return parts.port or None
    except ValueError:  # 'Port could not be cast to integer value', 'Port out of range'
        return None


_UNSAFE_URL = LazyPattern(r'[ "<>\\^`{|}]')


def _ascii_url(parts: Any) -> str:
    """An IRI's ASCII form, for the message: 'https://bücher.example/' -> 'https://xn--bcher-kva.example/'."""
    from urllib.parse import quote
    try:
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except UnicodeError:
        host = quote(parts.hostname or "")
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{quote(parts.path, safe='/%')}"


def _timezone(value: str) -> str:
    if site_zone(value) is None:
        raise ValueError(f"expected an IANA time zone such as 'Europe/London' or 'UTC'{zone_advice(str(value))}")
    return value


# Files of a machine's zoneinfo folder that load but name no zone a site may keep (review50f 5):
# 'localtime' is the building machine's own (a laptop in Berlin and a CI runner in UTC dated the same
# story apart), right/ holds leap-second files zoneinfo misreads (every date an hour off), posixrules
# is New York on Debian, Factory is '-00'; none is in the tzdata package a Windows or slim CI reads.
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})
_NOT_ZONE_FOLDERS = ("right/", "posix/")


def site_zone(name: str) -> ZoneInfo | None:
    """The IANA zone `name`, None when it is none. Not a lookup in available_timezones(): its walk of
    the zoneinfo folder takes 80 ms a build; ZoneInfo loads exactly its files, less those above."""
    if name in _NOT_ZONES or name.startswith(_NOT_ZONE_FOLDERS):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file, a folder (review50f 6)
        return None


# 'CEST', 'AEST', 'PDT': no fuzzy match (difflib offered 'EST', a fixed UTC-5), but the city zone
# of the usual ones; the rest are told to write a city's
_ABBREVIATION = LazyPattern(r"[A-Za-z]{2,5}")
_ABBREVIATED = {"CET": "Europe/Berlin", "CEST": "Europe/Berlin", "MEZ": "Europe/Berlin", "MESZ": "Europe/Berlin",
                "BST": "Europe/London", "GMT": "Europe/London", "WET": "Europe/Lisbon", "WEST": "Europe/Lisbon",
                "EET": "Europe/Athens", "EEST": "Europe/Athens", "MSK": "Europe/Moscow", "IST": "Asia/Kolkata",
                "JST": "Asia/Tokyo", "KST": "Asia/Seoul", "SGT": "Asia/Singapore", "HKT": "Asia/Hong_Kong",
                "AEST": "Australia/Sydney", "AEDT": "Australia/Sydney", "ACST": "Australia/Adelaide",
                "ACDT": "Australia/Adelaide", "AWST": "Australia/Perth", "NZST": "Pacific/Auckland",
                "NZDT": "Pacific/Auckland", "EST": "America/New_York", "EDT": "America/New_York",
                "CST": "America/Chicago", "CDT": "America/Chicago", "MST": "America/Denver",
                "MDT": "America/Denver", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
                "AKST": "America/Anchorage", "AKDT": "America/Anchorage", "HST": "Pacific/Honolulu"}


# IANA names of fixed offsets that summer time moves from (CET, EET, WET follow it), each with the
# city zone usually meant and one that keeps the offset all year. HST is none: Hawaii keeps no
# summer time, so 'HST' and 'Pacific/Honolulu' give every date alike (rf45b: it was warned, and
# --strict failed)
# GMT (and its aliases) is UTC+0 all year, but the UK and Ireland leave it in summer: a London desk's
# 23:30 on 30 June was filed as 1 July (rf45m 4)
_GMT = ("Europe/London", "UTC")
_FIXED = {"EST": ("America/New_York", "America/Panama"), "MST": ("America/Denver", "America/Phoenix"),
          "GMT": _GMT, "GMT0": _GMT, "GMT+0": _GMT, "GMT-0": _GMT, "Greenwich": _GMT}


def fixed_zone_warning(config: Config) -> list[str]:
    """A warning when [site] timezone is an abbreviation IANA keeps as a fixed offset that most of
    its places leave in summer: valid, but 'EST' is UTC-5 all year, so New York's summer dates were
    an hour off without a word. The zone of a place that keeps it (Arizona's) says so, unwarned."""
    zone = config.site.timezone
    said = fixed_zone_said(zone)
    return [f"{config.file}: [site] timezone = \"{zone}\" {said}"] if said else []


# IANA's Etc/GMT+N is UTC-N (POSIX's sign): 'Etc/GMT+5', as a UTC+5 desk reads it, dated every
# story 10 hours late and held back the morning's as dated ahead, where EST's hour was warned (review52c 4)
_ETC_OFFSET = LazyPattern(r"Etc/GMT([+-])(\d{1,2})")


def fixed_zone_said(zone: str) -> str:
    """What fixed_zone_warning says of `zone` after naming it ('' for a zone not so): a story's own
    `timezone: EST` is warned about in the same words at its line (content.py, rf45k)."""
    if (etc := _ETC_OFFSET.fullmatch(zone)) and int(etc[2]):
        return _posix_sign_said(etc[1], int(etc[2]))
    if zone not in _FIXED:
        return ""
    city, all_year = _FIXED[zone]
    return (f"is a fixed offset all year: it ignores summer time, so dates from spring to autumn are an hour off "
            f"where clocks change; write a city's zone, e.g. \"{city}\" (or \"{all_year}\", where {zone} holds all year)")


# A city zone at each whole-hour standard offset, for the advice: every offset was told "Asia/Karachi"
# (UTC+5) and "America/Sao_Paulo" (UTC-3), so a UTC-3 desk read Karachi as its zone (rr53c's Left)
_CITY_AT_OFFSET = {-11: "Pacific/Pago_Pago", -10: "Pacific/Honolulu", -9: "America/Anchorage",
                   -8: "America/Los_Angeles", -7: "America/Denver", -6: "America/Chicago",
                   -5: "America/New_York", -4: "America/Halifax", -3: "America/Sao_Paulo",
                   -2: "America/Noronha", -1: "Atlantic/Azores", 1: "Europe/Paris", 2: "Europe/Athens",
                   3: "Europe/Istanbul", 4: "Asia/Dubai", 5: "Asia/Karachi", 6: "Asia/Dhaka",
                   7: "Asia/Bangkok", 8: "Asia/Shanghai", 9: "Asia/Tokyo", 10: "Australia/Brisbane",
                   11: "Pacific/Noumea", 12: "Pacific/Auckland", 13: "Pacific/Tongatapu",
                   14: "Pacific/Kiritimati"}


def _city_there(sign: str, hours: int, minutes: int = 0, quote: str = "'") -> str:
    """'the zone of a city there, such as 'Asia/Karachi', ...' for UTC`sign``hours`:`minutes`."""
    city = None if minutes else _CITY_AT_OFFSET.get(hours if sign == "+" else -hours)
    such = f", such as {quote}{city}{quote}," if city else " (a region and a city's name),"
    return f"the zone of a city there{such} which follows its summer time too"


def _posix_sign_said(sign: str, hours: int) -> str:
    """fixed_zone_said of Etc/GMT`sign``hours`: its offset, the other sign, said first."""
    real, read = ("-" if sign == "+" else "+"), f"UTC{sign}{hours}"
    other = f"\"Etc/GMT{real}{hours}\", or better " if hours <= 12 else ""   # no Etc/GMT+13 or +14 (rr52f)
    city = _city_there(sign, hours, quote='"')
    return (f"is UTC{real}{hours} all year, not {read}: POSIX zone names flip the sign, so it is {hours} "
            f"hour{'s' if hours > 1 else ''} {'behind' if real == '-' else 'ahead of'} UTC; for {read} write "
            f"{other}{city}")


@lru_cache(maxsize=1)
def _offset() -> re.Pattern:
    return re.compile(r"(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d\d))?", re.IGNORECASE)


def zone_advice(value: str) -> str:
    """The advice after a refused time zone `value` ('; did you mean ...'), or ''; a story's own
    `timezone:` gets the site's (content.py: 'est' was told 'Europe/Paris', rf45k)."""
    from zoneinfo import available_timezones  # only on the way to an error message
    zones = {z for z in available_timezones() if z not in _NOT_ZONES and not z.startswith(_NOT_ZONE_FOLDERS)}
    return _zone_advice(value, zones)  # 'local time' was told "did you mean 'localtime'?"


def _zone_advice(value: str, zones: set[str]) -> str:
    """The zone meant: names are case-sensitive ('utc' got no word), and 'GMT+1' got 'did you mean
    GMT+0?', an hour off every date. An offset is an Etc/ zone, whose POSIX sign is the other way."""
    import difflib  # only on the way to an error message
    offset = _offset().fullmatch(value.strip())
    if offset is not None:
        sign, hours, minutes = offset[1], int(offset[2]), int(offset[3] or 0)
        if hours == minutes == 0:
            return "; did you mean 'UTC'?"
        city = _city_there(sign, hours, minutes)
        etc = f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"
        if minutes or etc not in zones:
            return f"; for UTC{sign}{hours}:{minutes:02} write {city}"
        return (f"; for UTC{sign}{hours} write {city} ('{etc}' is UTC{sign}{hours} all year too, but POSIX zone "
                f"names flip the sign, so it is warned about as it reads the other way)")   # (fix52c: Etc/GMT±N warned)
    word = value.strip()
    folded = {zone.casefold(): zone for zone in zones}
    meant = folded.get(word.casefold())   # 'cuba' is Cuba (rf45b: it was told 'Europe/Paris'); 'est' no zone
    if meant is None and (city := _city_zone(word, zones)):   # 'Cairo' was told "an abbreviation is not a zone"
        return f"; did you mean '{city}'? (a zone is named by its region and a city in it)"
    if _ABBREVIATION.fullmatch(word) and (meant is None or meant in _FIXED):
        city = _ABBREVIATED.get(word.upper(), "Europe/Paris")  # 'CEST' was sent to 'EST': New York's winter all year
        return f"; an abbreviation is not a zone: write a city's, e.g. '{city}', which follows its summer time too"
    if meant is not None:
        return f"; did you mean '{meant}'? (time zone names are case-sensitive)"
    close = difflib.get_close_matches(value.casefold(), sorted(folded), n=1, cutoff=0.7)
    return f"; did you mean '{folded[close[0]]}'?" if close else ""


# The regions of IANA's city zones ('US/Eastern', 'Etc/GMT+1' and the like are not cities)
_CITY_REGIONS = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/")
# Cities a newsroom names that have no zone of their own name: the zone of the city IANA names for them
_CITY_ALIASES = {"beijing": "Asia/Shanghai", "peking": "Asia/Shanghai", "delhi": "Asia/Kolkata",
                 "new_delhi": "Asia/Kolkata", "mumbai": "Asia/Kolkata", "bombay": "Asia/Kolkata",
                 "bangalore": "Asia/Kolkata", "washington": "America/New_York", "boston": "America/New_York",
                 "miami": "America/New_York", "san_francisco": "America/Los_Angeles", "seattle": "America/Los_Angeles",
                 "houston": "America/Chicago", "dallas": "America/Chicago", "montreal": "America/Toronto",
                 "munich": "Europe/Berlin", "frankfurt": "Europe/Berlin", "hamburg": "Europe/Berlin",
                 "milan": "Europe/Rome", "barcelona": "Europe/Madrid", "geneva": "Europe/Zurich",
                 "tel_aviv": "Asia/Jerusalem", "abu_dhabi": "Asia/Dubai", "osaka": "Asia/Tokyo",
                 "hanoi": "Asia/Ho_Chi_Minh", "ankara": "Europe/Istanbul", "islamabad": "Asia/Karachi",
                 "rio_de_janeiro": "America/Sao_Paulo", "brasilia": "America/Sao_Paulo",
                 "st_petersburg": "Europe/Moscow", "saint_petersburg": "Europe/Moscow",
                 # a city better known than the one IANA names a zone by it: Argentina's San Juan is an hour
                 # off Puerto Rico's all year (rf47o 2)
                 "san_juan": "America/Puerto_Rico", "wellington": "Pacific/Auckland"}


def _city_zone(word: str, zones: set[str]) -> str:
    """The zone a city's name alone names ('Cairo', 'new york', 'Beijing'), else ''. _CITY_ALIASES
    first: it names the city a newsroom means where IANA's zone of that name is another's ('San Juan'
    is Puerto Rico's, not Argentina's). Of two zones with the city's name ('America/Indianapolis',
    'America/Indiana/Indianapolis'), the longer: the shorter is an old name kept as a link."""
    city = "_".join(word.replace("-", " ").replace(".", " ").split()).casefold()
    if not city:
        return ""
    if _CITY_ALIASES.get(city, "") in zones:
        return _CITY_ALIASES[city]
    found = [z for z in zones if z.startswith(_CITY_REGIONS) and z.rsplit("/", 1)[1].casefold() == city]
    return max(found, key=lambda z: (z.count("/"), z)) if found else ""


# A language, its script and its region, as stories may say: 'en', 'en-gb', 'sr-latn', 'es-419'
_SITE_LANGUAGE = LazyPattern(r"[a-z]{2,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?\Z")


def _language(value: str) -> str:
    tag = language_tag(value)  # 'zh-CN' is 'zh' and 'en-GB' 'en-gb', as its stories say (sitegen.langtag)
    if not _SITE_LANGUAGE.match(tag):
        raise ValueError("expected a language code such as 'en', or with its region 'en-GB'")
    return tag


def _language_keys(value: dict[str, str]) -> dict[str, str]:
    """A table by edition ({ "de-AT" = "..." }) keyed as the editions are spelt ('de-at'): else it
    never matched, and the edition showed the main title. Which edition each key is for is
    site.edition_table's ('fr-FR' is the fr edition's); a key that is no language stays unused."""
    return {language_tag(key): text for key, text in value.items()}


def _section_name(value: str) -> str:
    """'' is the key; spaces alone were a masthead link with no words on every page and an empty
    <h1> on the section's front (review50f 7), as a blank [site] title is refused."""
    if value and not value.strip():
        raise ValueError('expected the name the menu shows, e.g. "Sport", not spaces (or no name: the key is shown)')
    return value


def _section_names(value: dict[str, str]) -> dict[str, str]:
    """An edition's name of a section: never empty, which is no fallback here (_section_name)."""
    blank = [key for key, text in value.items() if not text.strip()]
    if blank:
        raise ValueError(f"expected a name for each edition, e.g. {{ de = \"Welt\" }}, not empty text "
                         f"({', '.join(blank)}); remove the key to show the section's name there")
    return _language_keys(value)


PERMALINK_FIELDS = ("year", "month", "day", "slug", "language")


def _edition_path(value: str) -> str:
    if "{language}" not in value or not value.startswith("/") or not value.endswith("/") or value == "/{language}//":
        raise ValueError("expected a pattern like '/{language}/' (starts and ends with '/', contains {language})")
    return _no_way_out(value, "/{language}/")


def _no_way_out(value: str, example: str) -> str:
    """A permalink or edition path pattern with no part a browser resolves away: '..' or '.', as
    written or percent-encoded ('%2e%2e'), nor a backslash, which browsers read as '/'. '/../{slug}/'
    failed later on each story ('welcome.md: URL ... would escape the output folder'), and
    '/%2e%2e/{slug}/' was published at an address every browser asks for as /..: all 404 (review47e)."""
    from urllib.parse import unquote
    for part in value.split("/"):
        plain = unquote(part)
        if "\\" in plain:
            raise ValueError(f"the part '{part}' holds a backslash, which browsers read as '/'; "
                             f"write '/' between the parts, e.g. '{example}'")
        if plain in (".", ".."):
            what = f"'{part}'" + (f" ('{plain}' percent-encoded)" if part != plain else "")
            raise ValueError(f"the part {what} means {'the folder above' if plain == '..' else 'this folder'} to a "
                             f"browser, which resolves it away, so no page could be at that address; leave it out, "
                             f"e.g. '{example}'")
    return value


def _editions(value: Any) -> bool | tuple[str, ...]:
    if isinstance(value, bool):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(dict.fromkeys(_language(v) for v in value))  # ["zh", "zh-CN"] is one edition
    raise ValueError('expected true (an edition per language), false (one stream) or a list of '
                     'language codes such as ["de", "fr"]')


def _permalink(value: str) -> str:
    if "{slug}" not in value or not value.startswith("/") or not value.endswith("/"):
        raise ValueError("expected a pattern like '/{year}/{month}/{slug}/' (starts and ends with '/', contains {slug})")
    import string
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(value) if name is not None]
    except ValueError as exc:
        raise ValueError(f"not a valid pattern ({exc}); write fields as {{year}}, {{month}}, {{day}}, {{slug}}") from None
    for name, spec, conv in fields:
        if name not in PERMALINK_FIELDS or spec or conv:
            raise ValueError(f"unknown field {{{name}}}; use only " + ", ".join(f"{{{f}}}" for f in PERMALINK_FIELDS))
    return _no_way_out(value, "/{year}/{month}/{slug}/")


def _regexes(value: tuple[str, ...]) -> tuple[str, ...]:
    import re
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"{pattern!r} is not a valid regular expression ({exc})") from None
    return value


def _control_characters(data: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Keys (a list's item as '[i]' on its key) of strings holding control characters: a newline in
    base_url would inject a line into robots.txt, _headers or a feed. Boilerplate regexes may hold
    a tab on purpose."""
    if isinstance(data, dict):
        return [n for k, v in data.items() for n in _control_characters(v, (*path, str(k)))]
    if isinstance(data, (list, tuple)) and path != ("convert", "boilerplate"):
        return [n for i, v in enumerate(data) for n in _control_characters(v, (*path[:-1], f"{path[-1]}[{i}]"))]
    if isinstance(data, str) and any(ord(c) < 32 or ord(c) == 127 for c in data):
        return [path]
    return []


_PATH_REFUSED = LazyPattern(r"[?#\\\s\x00-\x1f\x7f]")      # in an address as written
_DECODED_REFUSED = LazyPattern(r"[\\\x00-\x1f\x7f-\x9f]")  # once decoded: a backslash or a control


@lru_cache(maxsize=1)
def _whole_address() -> re.Pattern:
    return re.compile(r"https?://[^/?#\s]+([^?#\s]*)", re.I)  # its path, without query or fragment


def whole_address_path(written: str) -> str | None:
    """The path of an address copied whole from the address bar ('https://host/news/x/?utm=y':
    '/news/x/'), the part to write instead; None for anything else."""
    whole = _whole_address().match(written.strip())
    return (whole.group(1) or "/") if whole else None


MAX_ADDRESS_BYTES = 1000   # an alias or [redirects] address, as a path in public/


def site_path(written: str) -> str:
    """An address on the site as a web server reads the request ('/caf%C3%A9' is the folder café/),
    made to end in '/' unless it names an .html file: an alias, or a [redirects] key or target.
    ValueError says what is wrong with it."""
    from urllib.parse import unquote
    written = written.strip()
    path = unquote(written)
    parts = path.split("/")
    if (not written.startswith("/") or written.startswith("//") or _PATH_REFUSED.search(written)
            or _DECODED_REFUSED.search(path) or any(p in (".", "..") for p in parts) or "" in parts[1:-1]):
        raise ValueError(f"{path!r} is not an address on this site; write the URL's path from the site's root, "
                         "starting with '/', without scheme, host, '..', '?' or '#'")
    hidden = next((p for p in parts if p.startswith(".") and p.casefold() != ".well-known"), None)
    if hidden is not None:  # '/.sitegen-output/x.xml' wedged every later build; web servers hide dot-names
        raise ValueError(f"{path!r} has a part starting with '.' ({hidden!r}): web servers hide such names, and "
                         "sitegen keeps its record of the output folder at /.sitegen-output; choose another "
                         "address (only /.well-known/ may start with '.')")
    if any(len(p.encode("utf-8")) > 255 for p in parts):  # each part is a folder or file name in public/
        raise ValueError(f"{path[:40] + '...'!r} has a part longer than 255 bytes, more than a file system takes "
                         "for a name (the build failed with 'File name too long'); shorten it")
    if len(path.encode("utf-8")) > MAX_ADDRESS_BYTES:  # public/'s own path and 'index.html' come on top
        raise ValueError(f"{path[:40] + '...'!r} is {len(path.encode('utf-8')):,} bytes long, more than the "
                         f"{MAX_ADDRESS_BYTES:,} an address may be: with the output folder's path its file's path "
                         "would be too long for a file system (macOS takes 1,024 bytes; the build failed with "
                         "'File name too long'); shorten it")
    return path if path == "/" or path.endswith(("/", ".html", ".htm")) else path + "/"


def _positive(value: int) -> int:
    if value < 1:
        raise ValueError("expected a positive integer")
    return value


def _not_negative(value: int) -> int:
    if value < 0:
        raise ValueError("expected 0 or a positive integer")
    return value


def _title(value: str) -> str:
    if not value.strip():  # an empty <title>, feed title and Google News name on every page
        raise ValueError('expected the site\'s name, e.g. "Harbour Times", not empty text')
    return value


def _host(value: str) -> str:
    if not value.strip():  # listened on every network, as "0.0.0.0" does
        raise ValueError('expected an address to listen on, e.g. "127.0.0.1" (this computer only) or "0.0.0.0" '
                         "(every network), not empty text")
    return value


@lru_cache(maxsize=1)
def _host_name() -> re.Pattern:
    return re.compile(r"(?=.{1,253}\Z)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]\Z", re.I)


def _cname(value: str) -> str:
    """A git target's CNAME file: the host name alone, as GitHub Pages reads it ('https://example.org/'
    was written as it was, and the custom domain did not take)."""
    if value and not _host_name().match(value.strip()):  # a newline's is the control characters' message
        host = urlsplit(value if "//" in value else "//" + value).hostname or ""
        hint = f': write cname = "{host}"' if host and host != value and _host_name().match(host) else ""
        raise ValueError(f"expected the site's host name alone, e.g. \"news.example.org\" (no scheme, path or port; "
                         f"a non-ASCII name in punycode){hint}")
    return value


@dataclass(frozen=True)
class SiteSection:
    __pydantic_config__ = _STRICT
    title: Annotated[str, Check(_title)] = "sitegen News"
    description: str = "News, published with sitegen."
    base_url: Annotated[str, Check(_base_url)] = "http://127.0.0.1:8000/"
    language: Annotated[str, Check(_language)] = "en"
    timezone: Annotated[str, Check(_timezone)] = "UTC"
    publisher: str = ""          # organisation name in JSON-LD and the Google News sitemap; defaults to the title (in an edition, its [site] titles one)
    logo: Annotated[str, Check(_picture_address)] = "static/logo.png"  # relative to the site root, or an absolute URL
    copyright: str = ""
    # Each language with articles is an edition under edition_path once there are two or more
    # (true); false keeps one stream; a list names the languages that get one (the rest stay in the main).
    editions: Annotated[bool | tuple[str, ...], Check(_editions, alone=True)] = True
    edition_path: Annotated[str, Check(_edition_path)] = "/{language}/"
    titles: Annotated[dict[str, str], Check(_language_keys)] = field(default_factory=dict)  # the title in an edition: { de = "Der Kurier" }
    descriptions: Annotated[dict[str, str], Check(_language_keys)] = field(default_factory=dict)  # the description in an edition


@dataclass(frozen=True)
class PathsSection:
    __pydantic_config__ = _STRICT
    seeds: str = "seeds"
    content: str = "content"
    templates: str = "templates"
    static: str = "static"       # site static files, copied over the theme's templates/static
    root: str = "root"           # files published unchanged at the site's root (ads.txt, .well-known/); may be missing
    output: str = "public"
    cache: str = ".sitegen"


@dataclass(frozen=True)
class BuildSection:
    __pydantic_config__ = _STRICT
    permalink: Annotated[str, Check(_permalink)] = "/{year}/{month}/{slug}/"
    page_size: Annotated[int, Check(_positive)] = 10
    allow_html: bool = False     # raw HTML in editor-written content; seed text is always escaped
    words_per_minute: Annotated[int, Check(_positive)] = 230
    related: Annotated[int, Check(_not_negative)] = 4
    workers: Annotated[int, Check(_not_negative)] = 0             # 0 = one per CPU core
    max_tags: Annotated[int, Check(_positive)] = 20  # per article; more are warned about and dropped
    max_authors: Annotated[int, Check(_positive)] = 50  # as max_tags: each name's page and feeds show the byline
    strict: bool = False


@dataclass(frozen=True)
class FeedsSection:
    __pydantic_config__ = _STRICT
    entries: Annotated[int, Check(_positive)] = 20  # 0 made empty feeds; -1 dropped the oldest entry (a slice)
    full_content: bool = True         # the site's feeds carry whole articles
    full_content_terms: bool = False  # tag and author feeds too (costly: ~1,600 feeds at 10,000 articles)
    per_tag: bool = True
    per_author: bool = True


@dataclass(frozen=True)
class SearchSection:
    __pydantic_config__ = _STRICT
    enabled: bool = True


@dataclass(frozen=True)
class ConvertSection:
    __pydantic_config__ = _STRICT
    max_tags: Annotated[int, Check(_not_negative)] = 8   # 0: the converter tags nothing
    boilerplate: Annotated[tuple[str, ...], Check(_regexes)] = ()  # extra lines (regexes) always dropped
    tag_aliases: dict[str, str] = field(default_factory=dict)  # spelling -> canonical tag
    stop_tags: tuple[str, ...] = ()            # never tags
    section_aliases: dict[str, str] = field(default_factory=dict)  # a seed's section label -> section key
    default_section: str = ""                  # section of a seed whose label matches none ('' = none)
    # A seed takes about 60 times its size in memory to convert (5 MB: 290 MB resident; 20 MB, the
    # old default, 1.1 GB and more, which a small CI container or VPS kills): a story is 5-50 KB.
    max_bytes: Annotated[int, Check(_positive)] = 5_000_000


def _slug(value: str) -> str:
    if value and (value != value.lower() or not all(c.isalnum() or c == "-" for c in value)):
        raise ValueError("expected a URL slug: lowercase letters, digits and '-' (e.g. 'world-news')")
    return value


@dataclass(frozen=True)
class SectionEntry:
    """One [sections.KEY] table: a desk of the newsroom, with its own front page at /{slug}/."""
    __pydantic_config__ = _STRICT
    name: Annotated[str, Check(_section_name)] = ""  # shown in the menu and above headlines; defaults to the key
    slug: Annotated[str, Check(_slug)] = ""  # URL folder; defaults to the key
    description: str = ""
    names: Annotated[dict[str, str], Check(_section_names)] = field(default_factory=dict)  # the name in other editions: { de = "Welt" }
    descriptions: Annotated[dict[str, str], Check(_language_keys)] = field(default_factory=dict)  # ... and the description: { de = "..." }


@dataclass(frozen=True)
class AuthorEntry:
    """One ["Author Name"] table of authors.toml: shown on the author's page and in JSON-LD."""
    __pydantic_config__ = _STRICT
    bio: str = ""
    photo: Annotated[str, Check(_picture_address)] = ""  # path under the site (static/jane.jpg) or an absolute URL
    links: Annotated[tuple[str, ...], Check(_author_links)] = ()  # the author's own pages elsewhere (sameAs)
    # the page's address, /authors/{slug}/: for two names that romanise alike (王伟, 王威: wang-wei)
    slug: Annotated[str, Check(_slug)] = ""


@dataclass(frozen=True)
class TagEntry:
    """One [tags."Name"] table of site.toml: a topic's own address, /tags/{slug}/ (公式 and 攻势
    are both 'gong-shi'). In site.toml, beside [sections]' slug: tags have no file of their own."""
    __pydantic_config__ = _STRICT
    slug: Annotated[str, Check(_slug)] = ""


@dataclass(frozen=True)
class DeploySection:
    __pydantic_config__ = _STRICT
    target: str = ""
    cname: Annotated[str, Check(_cname)] = ""


def _widths(value: tuple[int, ...]) -> tuple[int, ...]:
    if not value or any(w < 16 or w > 8192 for w in value):
        raise ValueError("expected a list of pixel widths between 16 and 8192, e.g. [320, 640, 960, 1280, 1600]")
    return tuple(sorted(set(value)))


def _quality(value: int) -> int:
    if not 1 <= value <= 100:
        raise ValueError("expected a quality from 1 to 100")
    return value


@dataclass(frozen=True)
class ImagesSection:
    """Pictures (sitegen/images.py): resized copies of every local image articles show."""
    __pydantic_config__ = _STRICT
    widths: Annotated[tuple[int, ...], Check(_widths)] = (320, 640, 960, 1280, 1600)
    quality: Annotated[int, Check(_quality)] = 80         # JPEG and WebP
    max_megapixels: Annotated[int, Check(_positive)] = 50  # larger sources are refused (memory, time)


def port_number(value: int) -> int:
    """A TCP port `sitegen serve` can listen on (0: any free one); the same rule for --port."""
    if not 0 <= value <= 65535:
        raise ValueError("expected a port from 1 to 65535 (0: any free port), e.g. 8000")
    return value


@dataclass(frozen=True)
class ServeSection:
    __pydantic_config__ = _STRICT
    host: Annotated[str, Check(_host)] = "127.0.0.1"
    port: Annotated[int, Check(port_number)] = 8000


@dataclass(frozen=True)
class Config:
    __pydantic_config__ = _STRICT
    site: SiteSection = field(default_factory=SiteSection)
    paths: PathsSection = field(default_factory=PathsSection)
    build: BuildSection = field(default_factory=BuildSection)
    feeds: FeedsSection = field(default_factory=FeedsSection)
    search: SearchSection = field(default_factory=SearchSection)
    convert: ConvertSection = field(default_factory=ConvertSection)
    deploy: DeploySection = field(default_factory=DeploySection)
    serve: ServeSection = field(default_factory=ServeSection)
    sections: dict[str, SectionEntry] = field(default_factory=dict)  # menu order, as site.toml lists them
    authors: dict[str, AuthorEntry] = field(default_factory=dict)    # from authors.toml, by name
    tags: dict[str, TagEntry] = field(default_factory=dict)          # by the tag's name, as stories spell it
    images: ImagesSection = field(default_factory=ImagesSection)
    # old address -> new one, for a renamed tag, author or section: { "/tags/corona/" = "/tags/coronavirus/" }
    redirects: dict[str, str] = field(default_factory=dict)
    root: str = "."              # folder of site.toml; set by load_config, not by the file
    file: str = CONFIG_FILE      # the config file's name in root (--config prod.toml), as messages name it; set by load_config
    authors_toml: tuple[str, ...] = ()  # the [authors] names authors.toml gave (the rest are site.toml's); set by load_config

    def author_entry(self, name: str) -> str:
        """Where an author's entry was written: authors.toml's ["Name"] or site.toml's [authors."Name"]."""
        return f"{AUTHORS_FILE}: [\"{name}\"]" if name in self.authors_toml else f"{self.file}: [authors.\"{name}\"]"

    # Resolved paths, all relative to the site root.
    def path(self, name: str) -> Path:
        return Path(self.root) / getattr(self.paths, name)

    def static_dirs(self) -> list[Path]:
        """Where static files come from: the site's static/ wins over the site's templates/static/,
        then the theme's (see assets.py)."""
        return [self.path("static"), *(d / "static" for d in self.template_dirs())]

    def template_dirs(self) -> list[Path]:
        """The site's templates first, so a site overrides any one template of the default theme."""
        dirs = [self.path("templates")]
        if DEFAULT_THEME.is_dir() and DEFAULT_THEME.resolve() != dirs[0].resolve():
            dirs.append(DEFAULT_THEME)
        return dirs

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.site.timezone)

    @property
    def base_path(self) -> str:
        """The URL path the site lives under: '/' or '/news/'."""
        return urlsplit(self.site.base_url).path or "/"

    def with_base_url(self, base_url: str) -> "Config":
        return replace(self, site=replace(self.site, base_url=base_url))

    def built_digest(self) -> str:
        """The settings a build reads, as a digest: all but [deploy] and [serve], which never reach
        the output (a deploy target set after a build made `deploy --no-build` refuse the build as
        older than site.toml, review46c 10). Fields and tables in their order (a menu's is output).
        Nor the file's name (`file`, for messages): public/ built from site.toml is prod.toml's too (rr52f 2)."""
        import json
        from dataclasses import asdict
        kept = asdict(replace(self, deploy=DeploySection(), serve=ServeSection(), file=CONFIG_FILE))
        return hashlib.sha256(json.dumps(kept, default=str).encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def _adapter() -> Any:
    from pydantic import TypeAdapter  # pydantic loads only when a config is validated
    if _PLUGIN_LOADER in sys.modules:  # pydantic's plugins were looked for already: nothing to save
        return TypeAdapter(Config)
    # Making a validator asks pydantic for its plugins (observability hooks found through package
    # entry points), which imports importlib.metadata and reads every installed package's metadata:
    # about 30 ms of a cold build's start, for hooks sitegen's own config does not use. The adapter
    # is made with a loader that finds none, the way PYDANTIC_DISABLE_PLUGINS=__all__ would, and
    # pydantic's own loader is back in place for anything else in the process.
    sys.modules[_PLUGIN_LOADER] = _NO_PLUGINS
    try:
        return TypeAdapter(Config)
    except (ImportError, AttributeError):
        pass  # a pydantic that wants more of its loader than get_plugins(): it loads its own below
    finally:
        if sys.modules.get(_PLUGIN_LOADER) is _NO_PLUGINS:
            del sys.modules[_PLUGIN_LOADER]
    return TypeAdapter(Config)


_PLUGIN_LOADER = "pydantic.plugin._loader"
_NO_PLUGINS = types.ModuleType(_PLUGIN_LOADER)
_NO_PLUGINS.get_plugins = lambda: ()  # type: ignore[attr-defined]


def plain_config(data: dict, root: Path | str = ".") -> Config | None:
    """The Config pydantic makes of `data`, made here when every value already has its field's
    exact type (str, int, bool; a list or tuple of them; a table) and passes its field's checks:
    what a site.toml holds. None for anything else, which pydantic then validates: it converts
    what it can and words every problem. Importing pydantic and building its schema cost more
    than a tenth of a second of CPU, a first build's longest step before it can parse;
    tests/test_config.py holds every Config made here equal to pydantic's, type for type."""
    try:
        return _plain(Config, {**data, "root": str(root)})
    except _NotPlain:
        return None


class _NotPlain(Exception):
    pass


def _plain(kind: Any, value: Any) -> Any:
    """`value` as a field of type `kind` holds it, or _NotPlain."""
    if kind is str or kind is int or kind is bool:
        if type(value) is not kind:
            raise _NotPlain
        return value
    origin = getattr(kind, "__origin__", None)
    if hasattr(kind, "__metadata__"):  # Annotated[base, Check(fn)]
        check = kind.__metadata__[0]
        try:
            return check.fn(value if check.alone else _plain(origin, value))
        except ValueError:  # pydantic words it
            raise _NotPlain from None
    if origin is tuple and kind.__args__[1:] == (Ellipsis,) and type(value) in (list, tuple):
        return tuple(_plain(kind.__args__[0], v) for v in value)
    if origin is dict and kind.__args__[0] is str and type(value) is dict:
        return {_plain(str, k): _plain(kind.__args__[1], v) for k, v in value.items()}
    if isinstance(kind, type) and is_dataclass(kind) and type(value) is dict:
        hints = _hints(kind)
        if not hints.keys() >= value.keys():  # an unknown key
            raise _NotPlain
        return kind(**{k: _plain(hints[k], v) for k, v in value.items()})
    raise _NotPlain


@lru_cache(maxsize=None)
def _hints(kind: type) -> dict[str, Any]:
    from typing import get_type_hints
    return get_type_hints(kind, include_extras=True)


def _format_errors(exc: Any, source: str, people: tuple[str, frozenset[str]] | None,
                   texts: dict[str, str] | None, found: dict[str, list[tuple[int, str]]]) -> set[tuple[str, ...]]:
    """pydantic's problems added to `found`, and the keys they are at. `people`: authors.toml's path
    and the names it gives (site.toml's own [authors] win); `texts`: each file's text, by the path
    the messages name it by, for the problems' lines."""
    told = set()
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        told.add(tuple(loc))
        if err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            meant = _synonym(loc) or did_you_mean(loc[-1], _keys_beside(loc, err.get("input")), OTHER_TOOLS_KEYS)
            msg = (_run_flag(loc) or _misplaced(loc, err.get("input"))
                   or f"unknown key; remove it or check its spelling{meant}")
        else:
            msg = (_table_words(err["type"], loc) or _TOML_TYPES.get(err["type"])
                   or err["msg"].removeprefix("Value error, "))
        _add(found, loc, f"{msg} (got {_toml_value(err.get('input'))})", source, people, texts)
    return told


def _table_words(kind: str, loc: list[str]) -> str | None:
    """What a table is written as where a value of another type stands: pydantic said "Input should
    be a dictionary or an instance of SectionEntry", and every table had the same example, { "U.S." =
    "United States" }, which misled for [redirects] and the titles."""
    if kind == "dataclass_type":
        if len(loc) == 1:
            return f"expected a table: [{loc[0]}] on a line of its own, its keys on the lines below"
        if loc[0] == "sections":
            return f'expected a table: [sections.{loc[1]}] on a line of its own, then name = "..." below it'
        return 'expected a table: ["Jane Doe"] on a line of its own, then bio = "..." below it'
    if kind == "dict_type" and loc[-1] in _TABLES:
        return _TABLES[loc[-1]]
    if kind == "dict_type":
        example = _TABLE_EXAMPLES.get(loc[-1], '{ key = "value" }')
        return f"expected a table in braces, e.g. {example} (or {{}} for none)"
    return None


_TABLES = {"sections": 'expected tables, one a section: [sections.world] on a line of its own, then name = "World" '
                       'below it',
           "authors": 'expected tables, one an author: ["Jane Doe"] in authors.toml, then bio = "..." below it',
           "tags": 'expected tables, one a tag: [tags."Tag Name"] on a line of its own, then slug = "tag-name" '
                   'below it',
           "redirects": 'expected a table: [redirects] on a line of its own, then "/tags/old/" = "/tags/new/" below it'}
_TABLE_EXAMPLES = {"titles": '{ de = "Der Kurier" }', "descriptions": '{ de = "Nachrichten aus aller Welt." }',
                   "names": '{ de = "Welt" }', "tag_aliases": '{ "U.S." = "United States" }',
                   "section_aliases": '{ "Wirtschaft" = "business" }'}


def _toml_value(value: Any) -> str:
    """A value in a message as site.toml wrote it where Python's spelling differs: true, not True."""
    return str(value).lower() if isinstance(value, bool) else repr(value)


# pydantic's words for a value of the wrong type ('Input should be a valid tuple') in TOML's, with
# an example to copy: site.toml is TOML, whose types are exact.
_WHOLE, _YES_NO, _LIST = "expected a whole number, without quotes, e.g. 10", "expected true or false, without " \
    "quotes", 'expected a list in square brackets, e.g. ["a", "b"] or [480, 960] (or [] for none)'
_TOML_TYPES = {"string_type": 'expected text in double quotes, e.g. "News"', "int_type": _WHOLE,
               "int_parsing": _WHOLE, "int_from_float": _WHOLE, "bool_type": _YES_NO, "bool_parsing": _YES_NO,
               "tuple_type": _LIST, "list_type": _LIST}   # tables: _table_words


def _loose(kind: Any, value: Any, loc: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], type, Any]]:
    """Where a value is not of its field's TOML type (a key, its type, the value): pydantic takes
    "3" or 3.0 for a number, 1, "yes" or "off" for true or false, and true for 1, without a word
    ([search] enabled = "off" turned search off). A TOML integer is a number where a float is asked;
    an array is a tuple field's. Keys pydantic refuses (unknown ones) are its to tell."""
    meta = getattr(kind, "__metadata__", None)
    if meta is not None:  # Annotated[base, Check(fn)]: the base's type, unless the check is the whole one
        return [] if meta[0].alone else _loose(kind.__origin__, value, loc)
    if kind in _TYPE_WORDS:
        exact = type(value) is kind or (kind is float and type(value) is int)
        return [] if exact else [(loc, kind, value)]
    origin = getattr(kind, "__origin__", None)
    if origin is tuple and type(value) is list:
        return [bad for i, v in enumerate(value) for bad in _loose(kind.__args__[0], v, (*loc, str(i)))]
    if origin is dict and type(value) is dict:
        return [bad for k, v in value.items() for bad in _loose(kind.__args__[1], v, (*loc, str(k)))]
    if isinstance(kind, type) and is_dataclass(kind) and type(value) is dict:
        hints = _hints(kind)
        return [bad for k, v in value.items() if k in hints for bad in _loose(hints[k], v, (*loc, k))]
    return []


_TYPE_WORDS = {str: _TOML_TYPES["string_type"], int: _WHOLE, bool: _YES_NO,
               float: "expected a number, without quotes, e.g. 1.5"}


def did_you_mean(word: str, known: list[str] | tuple[str, ...] | frozenset[str],
                 aliases: dict[str, str] | None = None) -> str:
    """'; did you mean 'page_size'?' for a misspelt key or name, or nothing when none is close. Case,
    '-' and '_' aside too: Hugo's `baseURL` got no suggestion (difflib, case-sensitive, finds
    'base_url' too far), and the advice left, 'remove it', built the site for 127.0.0.1 (review46c 8).
    `aliases`: another tool's names for a known one, by their folded form (_folded)."""
    close = _closest(word, sorted(known), aliases or {})
    return f"; did you mean '{close}'?" if close else ""


def _closest(word: str, names: list[str], aliases: dict[str, str]) -> str | None:
    """Another tool's name for one of `names`, else the one equal to `word` folded, else the closest
    as written, else the closest folded (difflib's 0.7 for the last two)."""
    import difflib  # only on the way to an error message
    folded: dict[str, str] = {}
    for name in names:
        folded.setdefault(_folded(name), name)
    mine = _folded(word)
    if aliases.get(mine) in names:
        return aliases[mine]
    if mine in folded:
        return folded[mine]
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.7) or \
        [folded[f] for f in difflib.get_close_matches(mine, list(folded), n=1, cutoff=0.7)]
    return close[0] if close else None


def _folded(word: str) -> str:
    """A name as did_you_mean compares it: 'baseURL', 'base-url' and 'BASE_URL' are 'baseurl'."""
    return word.casefold().replace("-", "").replace("_", "")


# Hugo's and Pelican's names for site.toml's keys that folding alone does not find (_folded forms)
OTHER_TOOLS_KEYS = {"siteurl": "base_url", "sitename": "title", "languagecode": "language", "defaultlang": "language",
                    "paginate": "page_size", "defaultpagination": "page_size", "pagersize": "page_size",
                    "publishdir": "output", "contentdir": "content", "staticdir": "static", "layoutdir": "templates",
                    "path": "content", "outputpath": "output"}


# Names newcomers from other tools write in a table, too far from sitegen's for difflib: (table, key
# folded) -> its key there, looked up above every table too (Jekyll's top-level `url`); and keys that
# are a run's choice here, a command-line flag, by (table or '' above every table, key folded): Hugo's
# buildDrafts, top level in its config. Folded: `[site] URL` got "unknown key; remove it" (rf48o 2).
# [serve] too: "show drafts in my preview" is written beside its host and port (rf49b 5).
SYNONYMS = {("site", "url"): "base_url", ("site", "lang"): "language", ("paths", "public"): "output",
            ("serve", "bind"): "host"}
RUN_FLAGS = {(table, key): flag for table in ("", "build", "serve") for words, flag in
             ((("drafts", "builddrafts"), "--drafts"), (("future", "buildfuture"), "--future")) for key in words}


def _synonym(loc: list[str]) -> str:
    """'; did you mean 'base_url'?' for another tool's name of a key of its table, or ''."""
    meant = SYNONYMS.get((loc[0], _folded(loc[-1]))) if len(loc) == 2 else None
    return f"; did you mean '{meant}'?" if meant else ""


def _run_flag(loc: list[str]) -> str | None:
    """What to do instead of a key that is a command-line flag here, or None."""
    flag = RUN_FLAGS.get(("".join(loc[:-1]), _folded(loc[-1]))) if len(loc) <= 2 else None
    command, others = ("serve", "build's") if loc[:-1] == ["serve"] else ("build", "serve's")
    return (f"no such key: it is a flag of each run; remove the line and give `sitegen {command} {flag}` (or "
            f"{others} or watch's) when a run wants it" if flag else None)


def _misplaced(loc: list[str], value: Any = None) -> str | None:
    """Where a key unknown at `loc` belongs, when it is a key of another table: 'unknown key; remove
    it' made a newcomer delete the base_url written above [site], and the site was built for 127.0.0.1."""
    if len(loc) > 2:   # in a table of the user's names ([sections.world], an author): its own keys, not a table's
        return None
    if _same_key(loc[-1], _keys_beside(loc, value)):   # [site] baseURL: its own table's key, misspelt (did_you_mean)
        return None
    homes = [(table, name) for table in _hints(Config) if table not in loc[:1]
             for name in [_home_key(table, loc[-1], value)] if name]
    if not homes:
        return None
    here = f"under [{loc[0]}]" if len(loc) > 1 else "above every table"
    renamed = [f"[{table}]" + (f" as '{name}'" if name != loc[-1] else "") for table, name in homes]
    return (f"belongs under {' or '.join(renamed)}, not {here}: move it below the [{homes[0][0]}] line (write that "
            "line if the file has none)")


def _home_key(table: str, word: str, value: Any) -> str | None:
    """The key of `table` that `word` (found outside it) is: its own name as another tool writes it, or
    its SYNONYMS there (Jekyll's top-level `url`: [site] base_url)."""
    fields = _keys_beside([table, word], value)
    meant = SYNONYMS.get((table, _folded(word)))
    return _same_key(word, fields) or (meant if meant in fields else None)


def _same_key(word: str, fields: list[str]) -> str | None:
    """The field `word` is, written as Hugo or Pelican write it (baseURL, SITEURL, paginate): case,
    '-' and '_' aside, or by OTHER_TOOLS_KEYS. Not difflib's close match: a typo of a key of the
    table it stands in is that key's, not another table's (review rf46d 1)."""
    mine = _folded(word)
    return next((f for f in fields if _folded(f) == mine), None) or \
        (OTHER_TOOLS_KEYS[mine] if OTHER_TOOLS_KEYS.get(mine) in fields else None)


def _keys_beside(loc: list[str], value: Any = None) -> list[str]:
    """The keys site.toml may write where the unknown key `loc` is (its table's fields), [] when
    that table's keys are names of the user's (sections, authors). Given the key's `value`, only the
    keys of its kind: Pelican's `PATH = "content"` was asked "did you mean 'paths'?", a table, which
    cannot hold it (rf47a), and a `[path]` table, a typo of [paths], was told to move under [paths]
    as 'content', a plain value (rf47j)."""
    kind: Any = Config
    parts = list(loc[:-1])
    while parts:
        if getattr(kind, "__origin__", None) is dict:   # a table of the user's names: [sections.world]
            kind, _ = kind.__args__[1], parts.pop(0)
        elif is_dataclass(kind) and parts[0] in _hints(kind):
            kind = _hints(kind)[parts.pop(0)]
        else:
            return []
    if not is_dataclass(kind):
        return []
    return [name for name, hint in _hints(kind).items() if not name.startswith("_") and name not in ("root", "file", "authors_toml")
            and (value is None or isinstance(value, dict) == _is_table(hint))]


def _is_table(hint: Any) -> bool:
    """Whether a field is written as a table: a dataclass, or a dict of the user's keys."""
    kind = getattr(hint, "__origin__", hint)
    kind = getattr(kind, "__origin__", kind)   # Annotated[dict[...], ...]
    return is_dataclass(kind) or kind is dict


def _add(found: dict[str, list[tuple[int, str]]], loc: list[str], msg: str, source: str,
         people: tuple[str, frozenset[str]] | None, texts: dict[str, str] | None) -> None:
    """One problem, under the file its value came from, with the value's line when it is known."""
    where, name, keys = _source_of(loc, source, people)
    line = _line_of(key_lines((texts or {}).get(where, "")), keys)
    found.setdefault(where, []).append((line or 0, f"  - {f'line {line}: ' if line else ''}{name or '(top level)'}: {msg}"))


def _source_of(loc: list[str], source: str,
               people: tuple[str, frozenset[str]] | None) -> tuple[str, str, tuple[str, ...]]:
    """The file a value came from, its name there and its keys in that file: an author's table is
    authors.toml's (["Jane Doe"].photo) unless site.toml has it (authors.Jane Doe.photo)."""
    if people and len(loc) >= 2 and loc[0] == "authors" and loc[1] in people[1]:
        return people[0], ".".join([f'["{loc[1]}"]', *loc[2:]]), tuple(loc[1:])
    return source, ".".join(loc), tuple(loc)


def _line_of(lines: dict[tuple[str, ...], int], keys: tuple[str, ...]) -> int | None:
    """The line of `keys`, else of the nearest table or key holding it (a list's item is its
    key's line, a key the file lacks its table's); None when the file has none of them."""
    for end in range(len(keys), 0, -1):
        if keys[:end] in lines:
            return lines[keys[:end]]
    return None


_TOML_KEY = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_TOML_KEYS = rf"{_TOML_KEY}(?:\s*\.\s*{_TOML_KEY})*"
_TOML_TABLE = rf"\[\[?\s*({_TOML_KEYS})\s*\]"   # patterns, compiled (by re's cache) only for a quoted key
_TOML_ASSIGN = rf"({_TOML_KEYS})\s*="
_BARE_KEY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Where each table and key of a TOML text is (line numbers from 1), by its dotted path:
    {("site", "timezone"): 6}. tomllib keeps no positions, and a problem pydantic finds in a value
    must name its line. Lines inside multi-line strings are skipped; anything this reads wrongly
    only costs a message its line number, never the value."""
    found: dict[tuple[str, ...], int] = {}
    implied: set[tuple[str, ...]] = set()   # tables only a longer path's line names so far
    table: tuple[str, ...] = ()
    in_string = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        was_in_string = in_string
        in_string ^= (line.count('"""') + line.count("'''")) % 2 == 1
        if was_in_string or not line or line.startswith("#"):
            continue
        if (named := _named_at(line)) is None:
            continue
        is_table, keys = named
        table = keys if is_table else table
        _key_line(found, implied, keys if is_table else table + keys, number)
    return found


def _named_at(line: str) -> tuple[bool, tuple[str, ...]] | None:
    """The table (True) or key (False) a stripped line names, as _TOML_TABLE and _TOML_ASSIGN read
    it, else None. Keys without quotes are split by hand: every build reads site.toml's lines
    (build._config_lines), and compiling the patterns cost a no-change build at 10,000 articles
    3.3M instructions (0.56%)."""
    if line.startswith("["):
        inner, close, _ = line[2 if line.startswith("[[") else 1:].partition("]")
        if '"' in inner or "'" in inner:
            m = re.match(_TOML_TABLE, line)
            return (True, _toml_keys(m.group(1))) if m else None
        keys = _bare_keys(inner) if close else None
        return (True, keys) if keys else None
    head, eq, _ = line.partition("=")
    if '"' in head or "'" in head:
        m = re.match(_TOML_ASSIGN, line)
        return (False, _toml_keys(m.group(1))) if m else None
    keys = _bare_keys(head) if eq else None
    return (False, keys) if keys else None


def _bare_keys(dotted: str) -> tuple[str, ...] | None:
    """'a . b ' -> ('a', 'b'): _TOML_KEYS' whole match of a text without quotes (None: not one)."""
    keys = tuple(part.strip() for part in dotted.split("."))
    return keys if all(key and _BARE_KEY.issuperset(key) for key in keys) else None


def _key_line(found: dict[tuple[str, ...], int], implied: set[tuple[str, ...]], keys: tuple[str, ...],
              number: int) -> None:
    """`keys` is at line `number`, and so is each table holding it that no line has named yet: a
    misspelt [section.world] is the unknown key 'section', which had no line (review46c 12)."""
    for end in range(1, len(keys)):
        if keys[:end] not in found:
            found[keys[:end]] = number
            implied.add(keys[:end])
    if keys not in found or keys in implied:   # its own line, over a longer path's
        found[keys] = number
        implied.discard(keys)


def _toml_keys(dotted: str) -> tuple[str, ...]:
    """'authors."Jane Doe" . bio' -> ('authors', 'Jane Doe', 'bio')."""
    import json
    keys = []
    for part in re.findall(_TOML_KEY, dotted):
        if part.startswith('"'):
            try:
                part = json.loads(part)
            except ValueError:  # an escape TOML has and JSON lacks (\e, \U...): close enough for a line
                part = part[1:-1]
        elif part.startswith("'"):
            part = part[1:-1]
        keys.append(part)
    return tuple(keys)


def _problems(found: dict[str, list[tuple[int, str]]]) -> str:
    """Each file's problems in the order of their lines (pydantic's is the fields' order)."""
    return "\n".join(f"{where}: {len(lines)} problem(s):\n" + "\n".join(text for _, text in sorted(lines, key=lambda p: p[0]))
                     for where, lines in found.items())


def parse_config(data: dict, root: Path | str = ".", source: str = CONFIG_FILE,
                 people: tuple[str, frozenset[str]] | None = None, texts: dict[str, str] | None = None) -> Config:
    """`people`: authors.toml's path and the author names taken from it, for the messages;
    `texts`: the text of each file read, by its path as the messages name it, for their lines."""
    config = plain_config(data, root)
    if config is None:  # something pydantic converts, or rejects: its words for the problems
        from pydantic import ValidationError
        wrong: dict[str, list[tuple[int, str]]] = {}
        told: set[tuple[str, ...]] = set()
        try:
            config = _adapter().validate_python({**data, "root": str(root)})
        except ValidationError as exc:
            told = _format_errors(exc, source, people, texts, wrong)
        for keys, kind, value in _loose(Config, {k: v for k, v in data.items() if k != "root"}):
            if keys not in told:  # taken by pydantic ("3" as 3), or told by it already
                _add(wrong, list(keys), f"{_TYPE_WORDS[kind]} (got {_toml_value(value)})", source, people, texts)
        if wrong:
            raise ConfigError(_problems(wrong))
    bad = _control_characters({k: v for k, v in data.items() if k != "root"})
    if bad:
        found: dict[str, list[tuple[int, str]]] = {}
        for keys in bad:
            _add(found, list(keys), "contains a control character (a newline, tab, ...); remove it", source, people, texts)
        raise ConfigError(_problems(found))
    _check_folders(config, source, texts)
    _check_section_keys(config, source, texts)
    _check_term_slugs(config, source, people, texts)
    if config.convert.tag_aliases:
        config = replace(config, convert=replace(config.convert, tag_aliases=_tag_aliases(
            config.convert.tag_aliases, source, texts)))
    if config.redirects:
        config = replace(config, redirects=_redirects(config.redirects, source, texts))
    # which file each author entry came from, for the warnings naming it (site.py)
    return replace(config, authors_toml=tuple(sorted(people[1]))) if people and people[1] else config


def _redirects(written: dict[str, str], source: str, texts: dict[str, str] | None) -> dict[str, str]:
    """[redirects] as addresses (site_path), each problem under its key with its line: a path that
    is no address, a feed (it follows its page), a loop. Whether a target is a page of the site,
    and a key none, only the plan knows (site.redirect_pages)."""
    found: dict[str, str] = {}
    keys: dict[str, str] = {}  # address -> the key as written, for the messages
    wrong: dict[str, list[tuple[int, str]]] = {}
    for old, new in written.items():
        try:
            foreign = foreign_feed(old, new)
            if not foreign and (old.strip().endswith(FEED_NAMES) or new.strip().endswith(FEED_NAMES)):
                raise ValueError("redirect the page, not its feed: a page's feeds follow it (write "
                                 '"/tags/old/" = "/tags/new/" and /tags/old/feed.xml serves /tags/new/feed.xml); '
                                 "another tool's feed address may name a feed of this site "
                                 '("/index.xml" = "/rss.xml")')
            path = site_path(old).rstrip("/") if foreign else site_path(old)
            found[path], keys[path] = site_path(new).rstrip("/") if foreign else site_path(new), old
        except ValueError as exc:
            _add(wrong, ["redirects", old], str(exc), source, None, texts)
    looped: set[str] = set()
    for path in found:
        loop = [] if path in looped else _loop(found, path)
        looped.update(loop)
        if loop:  # said once, at its first key
            _add(wrong, ["redirects", keys[path]], f"a loop ({' -> '.join(loop)}): no address would ever answer; "
                                                   "remove one of these lines", source, None, texts)
    if wrong:
        raise ConfigError(_problems(wrong))
    return found


FEED_NAMES = ("feed.xml", "rss.xml", "feed.json")  # a page's feeds, by file name (site.py writes them)


@lru_cache(maxsize=1)
def _feed_file() -> re.Pattern:
    return re.compile(r"/[^/]+\.(?:xml|rss|atom|json)\s*$", re.IGNORECASE)   # '/index.xml', '/feeds/all.atom.xml'


def foreign_feed(old: str, new: str) -> bool:
    """A [redirects] line from another tool's feed address (Hugo's /index.xml, Pelican's
    /feeds/all.atom.xml) to a feed of this site: the build writes a copy of that feed there, as a
    feed reader follows no HTML refresh. A page's own feed names follow the page instead."""
    def name(address: str) -> str:
        return address.strip().rsplit("/", 1)[-1]
    return bool(_feed_file().search(old)) and name(old) not in FEED_NAMES and name(new) in FEED_NAMES


def _loop(redirects: dict[str, str], start: str) -> list[str]:
    """The addresses `start` passes through back to itself, or [] when its redirects end at a page."""
    seen = [start]
    while (nxt := redirects.get(seen[-1])) is not None:
        if nxt == start:
            return [*seen, nxt]
        if nxt in seen:  # a loop further on: reported at its own keys
            return []
        seen.append(nxt)
    return []


def _check_term_slugs(config: Config, source: str, people: tuple[str, frozenset[str]] | None,
                      texts: dict[str, str] | None) -> None:
    """Two authors (or two tags) given one `slug` would share one page, one person credited with
    the other's stories: an error at each line but the first's."""
    found: dict[str, list[tuple[int, str]]] = {}
    for table, entries in (("authors", config.authors), ("tags", config.tags)):
        first: dict[str, str] = {}
        for name, entry in entries.items():
            other = first.setdefault(entry.slug, name) if entry.slug else name
            if other != name:
                _add(found, [table, name, "slug"], f"{entry.slug!r} is the slug of {other!r} too, and each "
                     f"{table[:-1]} needs an address of its own; pick another (e.g. \"{entry.slug}-2\")",
                     source, people, texts)
    if found:
        raise ConfigError(_problems(found))


def _check_section_keys(config: Config, source: str, texts: dict[str, str] | None) -> None:
    """[convert] default_section and section_aliases name sections by key: one naming none was
    dropped in silence (default_section = "wrold": no story got a section, no word)."""
    found: dict[str, list[tuple[int, str]]] = {}
    named = [(["convert", "default_section"], config.convert.default_section)] if config.convert.default_section else []
    named += [(["convert", "section_aliases", alias], key) for alias, key in config.convert.section_aliases.items()]
    for loc, key in named:
        if key not in config.sections:
            _add(found, loc, f"{key!r} is no section's key{_section_meant(config, key)}", source, None, texts)
    if found:
        raise ConfigError(_problems(found))


def _tag_aliases(aliases: dict[str, str], source: str, texts: dict[str, str] | None) -> dict[str, str]:
    """[convert] tag_aliases with each spelling's chain followed to its end, as the converter looks
    them up (case-blind): it took one step, so "Russia" = "Russian Federation" beside "Russian
    Federation" = "RF" tagged stories 'Russian Federation', and a loop ("Tehran" = "Teheran",
    "Teheran" = "Tehran") split one topic into two tag pages, both in silence (review46f). A loop
    is an error on its first key's line, as two keys one in case folded with other tags are on the
    second's (the converter kept the last, in silence: rf47a)."""
    folded = {k.casefold(): v for k, v in aliases.items()}
    keys: dict[str, str] = {}   # a spelling, case folded -> its first key as written
    for key in aliases:
        keys.setdefault(key.casefold(), key)
    ends: dict[str, str] = {}
    wrong: dict[str, list[tuple[int, str]]] = {}
    for key, target in aliases.items():
        if (first := keys[key.casefold()]) != key and names_differ(aliases[first], target):   # one tag: no matter
            _add(wrong, ["convert", "tag_aliases", key], f'"{key}" = "{target}" and "{first}" = "{aliases[first]}"'
                 f"{_line_said(first, key, source, texts)} are one spelling to the converter, which looks tags up "
                 "in any case, and name two tags; remove the line that is wrong", source, None, texts)
    told: set[frozenset[str]] = set()
    for key in aliases:
        names, target = [key], folded[key.casefold()]
        # a step to the spelling itself (another case: "corona" = "Corona") ends a chain
        while target.casefold() != names[-1].casefold() and target.casefold() in folded:
            if target.casefold() in (walked := [n.casefold() for n in names]):
                # the loop alone, not the chain that led into it ("US" -> "United States" <-> "USA")
                loop = frozenset(walked[walked.index(target.casefold()):])
                if loop not in told:
                    told.add(loop)
                    first = keys[min(loop, key=list(keys).index)]   # its first line
                    _add(wrong, ["convert", "tag_aliases", first], f"{_loop_said(folded, first)} is a loop: no "
                         "spelling is the tag's own; remove the line whose right side should be the tag, so the "
                         "others end at it", source, None, texts)
                break
            names.append(target)
            target = folded[target.casefold()]
        ends[key] = target
    if wrong:
        raise ConfigError(_problems(wrong))
    return ends


def _line_said(first: str, key: str, source: str, texts: dict[str, str] | None) -> str:
    """' (line 5)': where tag_aliases' `first` key is, when known and not on `key`'s line too."""
    lines = key_lines((texts or {}).get(source, ""))
    at, here = (_line_of(lines, ("convert", "tag_aliases", k)) for k in (first, key))
    return f" (line {at})" if at and at != here else ""


def _loop_said(folded: dict[str, str], key: str) -> str:
    """'"Tehran" -> "Teheran" -> "tehran"': a tag_aliases loop from `key` round to it."""
    names, target = [key], folded[key.casefold()]
    while target.casefold() != key.casefold():
        names.append(target)
        target = folded[target.casefold()]
    return " -> ".join(f'"{n}"' for n in (*names, target))


def _section_meant(config: Config, key: str) -> str:
    """What to write for a section key that is none: the key of a section so named or slugged, a
    close key, or how to add one."""
    if not config.sections:
        return f"; the site has no [sections]: add [sections.{key}] (see the README's Configuration), or remove this"
    by_name = {spelling.casefold(): k for k, e in config.sections.items() for spelling in (e.name, e.slug) if spelling}
    if key.casefold() in by_name:
        return f"; write its key, '{by_name[key.casefold()]}'"
    return (did_you_mean(key, tuple(config.sections)) or f"; the keys are {', '.join(map(repr, config.sections))}"
            ) + " (a key is the KEY of [sections.KEY])"


def _check_tildes(config: Config, source: str, texts: dict[str, str] | None) -> None:
    """No [paths] key may start with '~': it is not expanded, so cache = "~/.cache/news" made a
    folder named '~' in the site, which 'rm -rf ~' then ... (review50f 1); every key, not only
    output: a read one (root, seeds) would silently name no folder at all."""
    found: dict[str, list[tuple[int, str]]] = {}
    for key in (f.name for f in fields(PathsSection)):
        if getattr(config.paths, key).startswith("~"):
            _add(found, ["paths", key], f"{getattr(config.paths, key)!r}: '~' is not expanded (a folder named '~' "
                 f"would be made in the site); write the full path, e.g. {key} = \"/home/jane/{key}\"",
                 source, None, texts)
    if found:
        raise ConfigError(_problems(found))


def _check_folders(config: Config, source: str, texts: dict[str, str] | None) -> None:
    """The output folder is sitegen's to replace: it may not hold, or be, the site's own files; and
    no site folder may sit in another where it does harm (_why_apart): static = "content" published
    every draft as it was written, cache = "content" made git leave out every article (the cache's
    .gitignore says '*'). Others are fine: static = "templates/static" is what the README documents."""
    _check_tildes(config, source, texts)
    output = config.path("output").resolve()
    found: dict[str, list[tuple[int, str]]] = {}
    if Path(config.root, CONFIG_FILE).resolve().is_relative_to(output):  # said alone: it holds every other folder
        _add(found, ["paths", "output"], f"{config.paths.output!r} is {output}, which holds this {CONFIG_FILE}; a build "
             "replaces its output folder, so give it a folder of its own, e.g. output = \"public\"", source, None, texts)
        raise ConfigError(_problems(found))
    blamed: set[str] = set()  # each key once, with its first clash
    # root/ at its default is checked only when it is no other folder: `output = "root"` (a site older than
    # [paths] root) builds as before, its root/ read as none (assets.root_files)
    folders = {name: config.path(name).resolve() for name in _SOURCE_FOLDERS if name != "root" or _moved(config, "root")}
    for name, path in folders.items():
        if path.is_relative_to(output) and _blamed(config, "output", name)[0] == "output":
            if "output" in blamed:
                continue
            blamed.add("output")
            _add(found, ["paths", "output"], f"{config.paths.output!r} is the {name} folder or holds it ({path}); a "
                 "build replaces its output folder, so give it a folder of its own, e.g. output = \"public\"",
                 source, None, texts)
        elif path.is_relative_to(output) or output.is_relative_to(path):
            # the key site.toml moved: static = "public" was blamed on paths.output, told to write
            # output = "public", what it was (review46c 4)
            blame, other = _blamed(config, "output", name)
            if blamed.intersection({blame, other}):  # '' holding every folder is said once
                continue
            blamed.add(blame)
            _add(found, ["paths", blame], f"{getattr(config.paths, blame)!r} {_nesting(config, blame, other)}: a build "
                 "replaces its output folder, so it must be apart from the site's own folders; give each a folder "
                 f'of its own, e.g. {blame} = "{getattr(PathsSection, blame)}"', source, None, texts)
    names = list(folders)
    for i, first in enumerate(names):
        for second in names[i + 1:]:
            a, b = folders[first], folders[second]
            why = (_why_apart(first, second) if a.is_relative_to(b) else None) or \
                (_why_apart(second, first) if b.is_relative_to(a) else None)
            if why is not None:
                blame, other = _blamed(config, first, second)
                if blame in blamed:
                    continue
                blamed.add(blame)
                _add(found, ["paths", blame], f"{getattr(config.paths, blame)!r} {_nesting(config, blame, other)}: "
                     f"{why}; give each a folder of its own, e.g. {blame} = "
                     f'"{getattr(PathsSection, blame)}"', source, None, texts)
    if "root" in folders and "root" not in blamed:
        _check_root_apart_from_theme_static(config, folders["root"], found, source, texts)
    if found:
        raise ConfigError(_problems(found))


def _check_root_apart_from_theme_static(config: Config, root: Path, found: dict[str, list[tuple[int, str]]],
                                        source: str, texts: dict[str, str] | None) -> None:
    """root/ being, holding or inside a templates folder's static/ (a static_dirs() entry the paths keys
    do not name): every theme file was published twice, once unfingerprinted (rf48l 3), the harm refused
    for root = "static". templates/root/ sits beside templates/static/ and stays accepted."""
    for static in config.static_dirs()[1:]:
        static = static.resolve()
        if root == static or root.is_relative_to(static) or static.is_relative_to(root):
            how = "is" if root == static else "is inside" if root.is_relative_to(static) else "holds"
            _add(found, ["paths", "root"], f"{config.paths.root!r} {how} the templates' static folder ({static}): "
                 "the root folder's files are published as they are at the site's root, so static files would be "
                 'published twice (once unfingerprinted); give it a folder of its own, e.g. root = "root"',
                 source, None, texts)
            return


_SOURCE_FOLDERS = ("seeds", "content", "templates", "static", "root", "cache")


def _blamed(config: Config, first: str, second: str) -> tuple[str, str]:
    """Of two folders that clash, the one to name first: the one site.toml moved, else `second`."""
    return (first, second) if _moved(config, first) and not _moved(config, second) else (second, first)


def _moved(config: Config, name: str) -> bool:
    """Whether site.toml moved a folder from its default: the one a clash is blamed on. Compared as
    paths: "./templates" or "templates/" is the default folder, refused as missing when the line
    left out was not (rf44k)."""
    default = Path(config.root) / getattr(PathsSection, name)
    return os.path.abspath(config.path(name)) != os.path.abspath(default)


def _nesting(config: Config, name: str, other: str) -> str:
    """How folder `name` sits with `other`: 'is the content folder (paths.content = "content")'."""
    mine, theirs = config.path(name).resolve(), config.path(other).resolve()
    how = "is" if mine == theirs else "is inside" if mine.is_relative_to(theirs) else "holds"
    return f'{how} the {other} folder (paths.{other} = "{getattr(config.paths, other)}")'


def _why_apart(inner: str, outer: str) -> str | None:
    """The harm of folder `inner` being folder `outer` or inside it, or None: static inside templates
    (templates/static/, as the README has it) or templates inside static build as they always did,
    and refusing them failed an upgraded site. Static or templates inside content is refused: every
    .md there was read as an article and published raw as well, a draft's front matter and all. The root
    folder is, holds or is in static/, or is or holds templates/: refused (rf48c: root = "static" published
    every static file twice, once unfingerprinted; root = "templates" the template sources)."""
    if inner in ("content", "seeds", "cache") and outer in ("static", "templates", "root"):
        return ("static/ and templates/static/ are published as they are, and templates/ is read as the site's "
                "templates, so drafts, seeds or the build's cache would be on the web")
    if inner in ("static", "templates", "root") and outer == "content":
        return ("static/ and templates/static/ are published as they are, and every .md file under the content "
                "folder is read as an article, so a draft there would be on the web as it was written")
    if {inner, outer} == {"root", "static"} or (inner, outer) == ("templates", "root"):   # (templates/root/: documented)
        return ("the root folder's files are published as they are at the site's root, so static files would be "
                "published twice (once unfingerprinted) and templates as their sources")
    if "cache" in (inner, outer):
        return ("the cache folder is sitegen's own (its .gitignore of '*' makes git leave out every file there, "
                "and the previous site is kept in it)")
    if outer == "seeds" and inner in ("static", "templates"):
        return ("each .html or document file under the seeds folder is taken for a page saved in place of a seed: "
                "a warning for every one, on every convert")
    return None


def load_config(root: Path | str = ".", file: Path | str | None = None,
                meanwhile: Callable[[Path], None] | None = None, remember: bool = True) -> Config:
    """Read site.toml from `root` (missing file = all defaults). `meanwhile(cache folder)`: the
    caller's own start-up work (importing what it will run), done while site.toml is validated, if
    it must be; told the cache folder site.toml names (whether a build has one yet). `remember`:
    False for a command that writes nothing (import --dry-run): the validated config is not cached."""
    root = Path(root)
    path = Path(file) if file else root / CONFIG_FILE
    if not path.exists():
        if file:
            raise ConfigError(f"{path}: no such file; create it or run from the site's folder")
        return parse_config({}, root)
    raw = _read(path)
    people = path.parent / AUTHORS_FILE
    raw_people = _read(people) if people.is_file() else b""
    key = hashlib.blake2b(b"\0".join([raw, raw_people, os.fsencode(path.parent), _RULES]), digest_size=16).hexdigest()
    default_cache = path.parent / PathsSection.cache / CACHE_FILE
    config = _cached(key, default_cache)  # most sites keep the default cache folder: no TOML to read
    if config is not None:
        return _checked_on_every_load(config, path, raw, remember)
    data = _toml(raw, path)
    named = None  # authors.toml's path and the names it gives, for the messages
    texts = {str(path): _text(raw)}  # for the problems' line numbers
    if raw_people:
        theirs, ours = _toml(raw_people, people), data.get("authors", {})
        data["authors"] = {**theirs, **ours}
        named = (str(people), frozenset(theirs) - frozenset(ours if isinstance(ours, dict) else ()))
        texts[str(people)] = _text(raw_people)
    paths = data.get("paths")
    cache = paths.get("cache", PathsSection.cache) if isinstance(paths, dict) else PathsSection.cache
    stored = path.parent / cache / CACHE_FILE if isinstance(cache, str) and remember else None
    config = _cached(key, stored) if stored and stored != default_cache else None
    if config is None and stored and meanwhile is not None and plain_config(data, path.parent) is None:
        config = _validated_aside(key, data, path, stored, meanwhile)  # pydantic's import: aside
    if config is None:
        config = parse_config(data, path.parent, str(path), named, texts)
        if stored:
            _remember(key, config, stored)
    return _checked_on_every_load(config, path, raw, remember)


def _checked_on_every_load(config: Config, path: Path, raw: bytes, remember: bool) -> Config:
    """`config`, checked against what the cache's key (the files' bytes) does not see, so a cached
    config gets a fresh load's verdict: the folders, resolved through links (static/ made a link to
    content/ after a build published every draft's Markdown: review51e 1), the cache folder's owner
    (another site's [paths] cache may name it), the moved folders being there; named by its file."""
    _check_folders(config, str(path), {str(path): _text(raw)})
    _own_cache(config, path, raw, remember)
    config = _moved_folders_there(config, path, raw)
    # its name for the messages, not in the cache (whose key is the bytes): prod.toml's warnings named site.toml
    return config if config.file == path.name else replace(config, file=path.name)


CACHE_OWNER = "site"   # in the cache folder: the folder of the site whose cache it is


def _own_cache(config: Config, path: Path, raw: bytes, remember: bool) -> None:
    """A cache folder outside the site's folder ([paths] cache = "/var/cache/sitegen") that another
    site still in its folder recorded as its own: refused. Two sites sharing one mixed their last
    build's record, lock, spare copy and converter state: site B's failed build made site A's
    `deploy --no-build` refuse, naming B's file (review46c 11). One inside the site's folder (the
    default .sitegen/) is the site's wherever the folder moves; else one whose site is gone is taken
    over. Recorded when first used (`remember`: the command writes)."""
    cache, site = config.path("cache"), Path(config.root).resolve()
    mark = cache / CACHE_OWNER
    try:
        owner = mark.read_text(encoding="utf-8", errors="surrogateescape").strip()   # (as write_new wrote it)
    except (OSError, UnicodeDecodeError):
        owner = ""
    if owner == str(site):
        return
    if owner and not cache.resolve().is_relative_to(site) and Path(owner).is_dir():
        found: dict[str, list[tuple[int, str]]] = {}
        _add(found, ["paths", "cache"], f"{config.paths.cache!r} is the build cache of the site in {owner}: two sites "
             "cannot share one (each keeps its last build's record, its lock and its converter's state there); give "
             f'this site a folder of its own, e.g. cache = "{PathsSection.cache}" (or, if that site no longer uses '
             f"it, delete {mark})", str(path), None, {str(path): _text(raw)})
        raise ConfigError(_problems(found))
    if remember and cache.is_dir():   # made by the first write into it (its own or this one's)
        try:
            write_new(mark, f"{site}\n")
        except OSError:   # a read-only cache still builds (each command checks again)
            pass


_MOVABLE = ("seeds", "templates", "static")   # read, never made (content/ is the converter's to make)


def moved_folders(config: Config) -> tuple[Path, ...]:
    """The folders site.toml moved from their defaults that it reads and never makes (_MOVABLE):
    each must be there (_moved_folders_there), so watch takes one's removal as a config change."""
    return tuple(config.path(name) for name in _MOVABLE if _moved(config, name))


def _moved_folders_there(config: Config, path: Path, raw: bytes) -> Config:
    """`config`, when each folder site.toml moved from its default is there (checked on every load:
    a cached config too). [paths] templates = "themes" with the theme in theme/ built with the
    default theme, exit 0, not a word, even with --strict."""
    missing = [name for name in _MOVABLE if _moved(config, name) and not config.path(name).is_dir()]
    if not missing:
        return config
    found: dict[str, list[tuple[int, str]]] = {}
    for name in missing:
        _add(found, ["paths", name], f"{getattr(config.paths, name)!r}: no such folder ({config.path(name)}); create "
             f"it or fix the path (removing the line uses {getattr(PathsSection, name)}/)", str(path), None,
             {str(path): _text(raw)})
    raise FoldersMissing(_problems(found), tuple(config.path(name) for name in missing))


def _read(path: Path) -> bytes:
    """A config file's bytes; a folder given for it (--config site/) or one it cannot read is a
    ConfigError (exit 2), never a traceback."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise ConfigError(f"{path}: a folder, not a file; give the config file itself "
                          f"(e.g. --config {path / CONFIG_FILE})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read it ({exc.strerror or exc}); check its permissions") from None


def _validated_aside(key: str, data: dict, path: Path, stored: Path, meanwhile: Callable[[Path], None]) -> Config | None:
    """The config validated in a forked child while this process runs `meanwhile`: pydantic's
    import and schema build are a tenth of a second, a first build's longest step before it can
    fork anything else, and its imports do not need the config. The child sends what the cache
    keeps (see _cached), stored here too. None when the child failed (site.toml is invalid, say):
    the caller then validates here, which reports the problems."""
    from .aside import Aside
    from .codec import dumps
    child = Aside(lambda: dumps([key, parse_config(data, path.parent, str(path))]).encode("utf-8"))
    try:
        meanwhile(stored.parent)
    except BaseException:
        child.cancel()
        raise
    sent = child.close()
    config = _decoded(key, sent) if sent else None
    if config is not None:
        _store(sent, stored)
    return config


# This module's own version: a validated config is kept only as long as the rules that made it.
_RULES = str(Path(__file__).stat().st_mtime_ns).encode()


CACHE_FILE = "config.json"  # JSON (sitegen/codec.py), never a pickle: the cache folder may come from elsewhere


def _types() -> list[type]:
    """The dataclasses a cached config may be made of: this module's own."""
    return [v for v in globals().values() if isinstance(v, type) and is_dataclass(v) and v.__module__ == __name__]


def _toml(raw: bytes, path: Path) -> dict:
    import tomllib
    try:
        return tomllib.loads(_text(raw))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}{_toml_advice(str(exc))}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: {_not_utf8(raw, exc.start)}; save it as UTF-8") from None


def _not_utf8(raw: bytes, at: int) -> str:
    """Where a file stops being UTF-8: its line and byte, and what the byte is in Windows-1252 (the
    usual other encoding: 'Caf\xe9' from an editor that saved Latin-1)."""
    byte = raw[at:at + 1]
    try:
        meant = f", {byte.decode('cp1252')!r} in Windows-1252 or Latin-1"
    except UnicodeDecodeError:
        meant = ""
    line = raw.count(b"\n", 0, at) + 1
    return f"line {line}: not UTF-8 text (byte 0x{byte.hex()}{meant})"


def _toml_advice(said: str) -> str:
    """What to do about the TOML problems a new user meets first (tomllib's words name none)."""
    if said.startswith("Invalid value"):
        return '; text needs double quotes (title = "My News"); numbers, true and false none'
    if said.startswith("Cannot declare") and "twice" in said:
        return "; a table is declared once: merge its two parts into one"
    if said.startswith("Cannot overwrite a value"):
        return "; a key is given once in its table: remove one of the two"
    return ""


def _text(raw: bytes) -> str:
    """A TOML file's text, without the byte-order mark Windows Notepad puts first: content files
    may have one, and TOML's parser stopped at it ('Invalid statement (at line 1, column 1)')."""
    return raw.decode("utf-8").removeprefix("\ufeff")


def _cached(key: str, stored: Path) -> Config | None:
    """The config validated from the same site.toml bytes, if the cache folder has it."""
    try:
        return _decoded(key, stored.read_bytes())
    except OSError:  # missing or unreadable: validate again
        return None


def _decoded(key: str, data: bytes) -> Config | None:
    """The config in what _remember stores, if it was validated from the bytes `key` hashes."""
    from .codec import CodecError, loads
    try:
        found, config = loads(data, _types())
    except (CodecError, TypeError, ValueError):
        return None
    return config if found == key and isinstance(config, Config) else None


def _remember(key: str, config: Config, stored: Path) -> None:
    from .codec import dumps
    try:
        text = dumps([key, config]).encode("utf-8")
    except (TypeError, UnicodeEncodeError):  # a value the format cannot hold (a path not UTF-8): validated again each time
        return
    _store(text, stored)


def _store(data: bytes, stored: Path) -> None:
    tmp = stored.with_name(f"{CACHE_FILE}.{os.getpid()}.tmp")
    try:
        cache_folder(stored.parent)
        tmp.write_bytes(data)
        os.replace(tmp, stored)
        stored.with_name("config.pickle").unlink(missing_ok=True)  # the old format: never read
    except OSError:  # a read-only site (or a cache path that is a file) still builds, validating each time
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def write_new(path: Path, text: str) -> None:
    """Write one of the cache's own files anew, never through a link a repository committed at its name
    (`.sitegen/site -> ~/.bashrc`): whatever is there is removed first (the link, not its target), then
    the file made with O_EXCL | O_NOFOLLOW (rf49j 3, 4). For a name no one else writes (its .tmp, its mark)."""
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as out:   # (a folder's name not UTF-8 kept as its bytes)
        out.write(text)


def cache_folder(folder: Path) -> Path:
    """The cache folder (made if missing), ignored by git whatever the site's .gitignore says. One of
    this user's that its owner may not write is given rwx back: sitegen made it so under umask 0222,
    and every run failed on it after, whatever the umask (rf46a)."""
    folder.mkdir(parents=True, exist_ok=True)
    st = folder.stat()
    if st.st_mode & stat.S_IRWXU != stat.S_IRWXU and st.st_uid == os.geteuid():
        folder.chmod(stat.S_IMODE(st.st_mode) | stat.S_IRWXU)
    try:  # O_EXCL: never through a link (a dangling one would make its target outside the site)
        fd = os.open(folder / ".gitignore", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except FileExistsError:
        return folder
    with os.fdopen(fd, "w") as gitignore:
        gitignore.write("*\n")
    return folder
