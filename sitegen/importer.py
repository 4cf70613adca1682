"""A Hugo or Pelican project's stories into content/ (`sitegen import`), upstream of content: it reads
the other tool's files as text (pelicanconf.py is parsed, never run) and writes content/ only, never
over a file it did not write or one edited since (content/.sitegen-import: ImportRecord). Each story keeps its old address under `aliases:`, so links already
shared redirect to the new one."""
from __future__ import annotations

import ast
import fnmatch
import hashlib
import itertools
import json
import os
import posixpath
import re
import shlex
import tomllib
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone, tzinfo
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence
from urllib.parse import quote, unquote, unquote_plus, urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from dateutil import parser as dateutil_parser
from markupsafe import Markup
from text_unidecode import unidecode

from .config import CONFIG_FILE, WELL_KNOWN, Config, published_static, site_path
from .content import (LINK_DEFINITION, PICTURE_SUFFIXES, ContentError, article_slug, block_parser, entry_of,
                      paragraph_texts, parse_article, read_content, scan_files, slug_of)
from .convert.writer import _UNION, COMMITTED_ATTRIBUTES, atomic_write
from .init import unedited_sample
from .langtag import language_tag, same_writing
from .rootfiles import refused

KINDS = ("hugo", "pelican")
_OTHER_FORMATS = {".html", ".htm", ".org", ".adoc", ".asciidoc", ".ad", ".rst", ".pandoc", ".pdc"}
_SHORTCODE = re.compile(r"\{\{[<%]")
_SHORTCODE_TAG = re.compile(r"\{\{[<%][^{}]*[%>]\}\}")   # '{{< youtube abc >}}', '{{% /note %}}'
_MORE = re.compile(r"[ \t]*<!--\s*more\s*-->[ \t]*\n?", re.IGNORECASE)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Yaml12Loader(_Loader):   # type: ignore[misc,valid-type]
    """A safe loader whose booleans are YAML 1.2's, as Hugo reads YAML: only true and false ('draft: yes'
    is the text "yes", so Hugo publishes it; 'title: Yes' is "Yes")."""


_BOOL = "tag:yaml.org,2002:bool"
_Yaml12Loader.yaml_implicit_resolvers = {first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
                                         for first, resolvers in _Loader.yaml_implicit_resolvers.items()}
_Yaml12Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """A date as PyYAML reads it; an impossible one ('2024-02-30') its text, as Hugo keeps it, not a
    ValueError that stopped the whole import (a bad `date:` then gets _when's error with its line)."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Yaml12Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class ImportProblem(Exception):
    """A story that cannot be imported: the source file, its line, what is wrong."""


class NotAProject(ImportProblem):
    """The folder given is no Hugo or Pelican project: a usage mistake (nothing was read), not a story."""


class NotPublished(Exception):
    """A story the old site never published (headless, not rendered, expired): noted, not imported."""


@dataclass(frozen=True)
class Story:
    """One story as sitegen's front matter and body, where it goes and what travels with it."""
    source: str                  # shown: the file under SRC
    target: str                  # relative to content/
    meta: dict[str, Any]
    body: str
    pictures: tuple[tuple[str, Path], ...] = ()   # (where under content/, the source file)
    warnings: tuple[str, ...] = ()
    group: str = ""              # the old site's translation key: the same for a story and its translations
    lists: tuple[tuple[str, str, str], ...] = ()   # (an old list page that listed it, this site's page, a comment)
    rank: tuple[bool, ...] = ()  # the lowest of a group is its original (in the old site's default language)
    links: tuple[str, ...] = ()  # the stories its refs ({filename} links) lead to, as `target`s
    old: str = ""                # its address on the old site (links relative to it are resolved: cross_links)
    refs: tuple[tuple[str, str, bool], ...] = ()   # (a ref outside a link, as written; the story; absolute)
    paged: tuple[tuple[str, str, str, Pagination], ...] = ()   # (old path, a list's first file, this site's, how)
    picture_olds: tuple[tuple[str, str], ...] = ()   # (a picture's address on the old site, where under content/)


@dataclass(frozen=True)
class Pagination:
    """How Pelican split a list over pages: DEFAULT_PAGINATION (or PAGINATED_TEMPLATES' own number),
    DEFAULT_ORPHANS, and PAGINATION_PATTERNS' (first page it is for, its SAVE_AS pattern)."""
    per_page: int
    orphans: int = 0
    patterns: tuple[tuple[int, str], ...] = ((1, "{name}{extension}"), (2, "{name}{number}{extension}"))

    def pages(self, save_as: str, count: int) -> list[str]:
        """The files of pages 2 and on of a list of `count` stories whose first page is `save_as`, as
        Pelican's Paginator names them ('index2.html', 'tag/x2.html', 'tag/x/index2.html')."""
        if self.per_page <= 0:
            return []
        total = -(-max(1, count - self.orphans) // self.per_page)
        name, extension = posixpath.splitext(save_as)
        folder, file = posixpath.split(save_as)
        fields = {"save_as": save_as, "url": save_as, "name": name, "extension": extension,
                  "base_name": folder if file in ("index.htm", "index.html") else name}
        out = []
        for number in range(2, total + 1):
            last = [p for first, p in self.patterns if first == -1 and number == total]
            rule = (last or [p for first, p in self.patterns if 0 <= first <= number] or [None])[-1]
            try:
                out += [rule.format(number=number, **fields).removeprefix("/")] if rule else []
            except (KeyError, IndexError, ValueError, AttributeError):
                continue
        return out


IMPORT_RECORD = ".sitegen-import"   # in content/: what the import wrote, committed with the articles


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Written:
    """What the import wrote to one file of content/, and from what."""
    digests: tuple[str, ...]       # the sha256 of its bytes; two while it is being rewritten, "" (no file yet)
    writer: tuple[str, ...] = ()   # (kind, SRC as given from the site's folder, the file under SRC); () unknown

    def mine(self, writer: tuple[str, ...]) -> bool:
        """Whether `writer` wrote it (a record from before writers were kept: any import's)."""
        return not self.writer or self.writer == writer


@dataclass
class ImportRecord:
    """content/.sitegen-import, committed with content/ (as the converter's .sitegen-convert): the sha256
    of the bytes the import last wrote to each file, and the source it wrote them from. Without it an import
    again could not tell its own file from an editor's: it kept every one that differed, so its own advice
    ("set base_url and import again", "fix it and import again") changed nothing, and it wrote a story an
    editor deleted back. A file whose bytes are the record's, from the same source, is rewritten; one that
    differs is a hand edit, kept; one another source wrote is kept (two blogs merged into one site: the
    second's posts/budget.md is no update of the first's, rf47n); a recorded file that is gone was deleted,
    not written again. Each file is added (with its old digest, or "" for none) before it is written, so a
    kill at any moment leaves it recorded (rf47n). One file a line, sorted, `file ["a.md", ["SHA256"], "hugo",
    "../old", "content/a.md"]`; git merges it line by line (content/.gitattributes), a line read twice
    (a merge, an append) adds its digests."""
    path: Path
    files: dict[str, Written] = field(default_factory=dict)   # file under content/ -> what was written
    text: str = ""

    @classmethod
    def load(cls, path: Path) -> "ImportRecord":
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return cls(path)
        record = cls(path, text=text)
        for line in text.splitlines():
            if found := _record_line(line):
                rel, written = found
                before = record.files.get(rel, Written(()))   # a line twice (an append, a merge): both digests
                digests = (*before.digests, *(d for d in written.digests if d not in before.digests))
                record.files[rel] = Written(digests, written.writer or before.writer)
        return record

    def add(self, rel: str, sha: str, writer: tuple[str, ...]) -> None:
        """Before `rel` is written with bytes of digest `sha`: appended to the file with its old digest (or ""
        for no file), so a kill between leaves either the import's, the record made whole first (a line a
        kill cut short). The caller sets the file's entry to `sha` alone once it is written."""
        before = self.files.get(rel)
        pending = Written((*(before.digests if before else ("",)), sha), writer)
        if self.text and not self.text.endswith("\n"):
            self.save()
        self.files[rel] = pending
        if not self.path.exists():
            self.save()
        else:
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(_record_text(rel, pending))
            self.text += _record_text(rel, pending)

    def save(self) -> None:
        """Written when it changed, whole or not at all (atomic_write); not made for no file. Its
        merge=union line is put in content/.gitattributes: two branches' imports merge (rf47n)."""
        if not self.files and not self.text:
            return
        text = "".join(["# sitegen import's record of the files it wrote: commit it with content/\n",
                        *(_record_text(rel, written) for rel, written in sorted(self.files.items()))])
        if text != self.text:
            atomic_write(self.path, text)
            self.text = text
        union_merge(self.path.parent, IMPORT_RECORD)


_SITEGEN_UNION = re.compile(r"/\.sitegen-[a-z]+ merge=union")   # the records' lines (the converter's, the import's)


def union_merge(folder: Path, name: str) -> None:
    """folder/.gitattributes with `/NAME merge=union`, so git merges the record NAME line by line (two
    branches' imports: no conflict, rf47n), as the converter writes its own: written when there is none
    (the converter's line with it: the converter writes its line only when there is no file), the line
    added to one of the records' lines alone; an editor's own is left as it is (README says to add it)."""
    path = folder / COMMITTED_ATTRIBUTES
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = _UNION
    except (OSError, UnicodeDecodeError):
        return
    lines = text.splitlines()
    if f"/{name} merge=union" in lines or not all(_SITEGEN_UNION.fullmatch(line) for line in lines):
        return
    atomic_write(path, text + ("" if not text or text.endswith("\n") else "\n") + f"/{name} merge=union\n")


def _record_text(rel: str, written: Written) -> str:
    return f"file {json.dumps([rel, list(written.digests), *written.writer], ensure_ascii=False)}\n"


def _record_line(line: str) -> tuple[str, Written] | None:
    """A `file` line's file and Written; None for another (a merge's conflict marker, a line cut short:
    that file is then no import's). `["a.md", "SHA"]` is fix47d's, whose writer was not kept."""
    kind, _, value = line.rstrip("\r").partition(" ")
    try:
        data = json.loads(value) if kind == "file" else None
    except ValueError:
        return None
    if not isinstance(data, list) or len(data) < 2:
        return None
    rel, shas, *writer = data
    shas = [shas] if isinstance(shas, str) else shas
    if not (isinstance(rel, str) and isinstance(shas, list) and all(isinstance(x, str) for x in [*shas, *writer])):
        return None
    return rel, Written(tuple(shas), tuple(writer))


@dataclass
class ImportSummary:
    kind: str
    dry_run: bool
    imported: list[str] = field(default_factory=list)
    identical: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)        # a different file already there, not the import's
    updated: list[str] = field(default_factory=list)     # of imported: its file rewritten (the import's own, unedited)
    edited: list[str] = field(default_factory=list)      # its file edited by hand since the import wrote it: kept
    deleted: list[str] = field(default_factory=list)     # its file deleted since the import wrote it: not again
    record: ImportRecord = field(default_factory=lambda: ImportRecord(Path(IMPORT_RECORD)), repr=False)
    src: Path = Path(".")     # the old project's folder
    origin: str = ""          # src as the record names it: from the site's folder ('../oldblog'), or absolute
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    planned: list[str] = field(default_factory=list)     # --dry-run: what would be written
    planned_set: set[str] = field(default_factory=set, repr=False)   # planned's lines: a look-up in O(1)
    warned: set[str] = field(default_factory=set, repr=False)        # warnings' lines, the same
    kept_errors: int = 0      # errors that name a kept file: its story is counted kept, not failed too
    redirects: dict[str, tuple[str, str]] = field(default_factory=dict)   # old list page -> (this site's, a comment)
    pictures: dict[str, str] = field(default_factory=dict)   # a picture's old address -> where under content/
    statics: list[tuple[str, Path]] = field(default_factory=list)   # (old address, file) of static files not carried
    sources: dict[str, Path] = field(default_factory=dict, repr=False)   # a picture's rel under content/ -> its file there
    texts: dict[str, str] = field(default_factory=dict, repr=False)   # each story written (dry: to write): rel -> its text
    rooted: list[str] = field(default_factory=list)    # root/'s files copied (or, dry, to copy) at old addresses
    root_same: list[str] = field(default_factory=list)  # root/'s files already there with the old site's bytes
    sample: str = ""          # init's sample story, unedited, when the import began: its file under content/

    def static_lines(self, settings: str = CONFIG_FILE) -> list[str]:
        """The old site's CNAME, which no story names and a copy into root/ does not keep for a git deploy:
        its line for the config file `settings` (the other static files no story named are copied into
        root/: to_root)."""
        lines = []
        for old, file in self.statics:
            if unquote(old).lstrip("/") == "CNAME":
                host = file.read_text(encoding="utf-8", errors="replace").strip().splitlines()[:1] or [""]
                lines.append(f"  {old}  ({file}): set [deploy] cname = {json.dumps(host[0])} in {settings} (a git "
                             "deploy writes CNAME)")
        return lines

    def redirect_lines(self) -> list[str]:
        """The [redirects] lines to paste into site.toml for the old site's list pages (TOML strings)."""
        def text(value: str) -> str:
            return json.dumps(value, ensure_ascii=False)
        return [f"{text(old)} = {text(new)}" + (f"   # {why}" if why else "")
                for old, (new, why) in sorted(self.redirects.items())]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.kept

    def line(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        more = "".join(f", {len(found)} {what}" for found, what in (
            (self.edited, "edited by hand (kept)"), (self.deleted, "deleted here (not written again)")) if found)
        updated = f" ({len(self.updated)} of them updated)" if self.updated else ""
        rooted = (f", {len(self.rooted)} {'would be ' if self.dry_run else ''}copied into root/ (published at their old "
                  "addresses)") if self.rooted else ""
        return (f"import {self.kind}: {len(self.imported)} {verb}{updated}, {len(self.identical)} identical, "
                f"{len(self.kept)} kept (a different file is there), {len(self.errors) - self.kept_errors} failed"
                f"{more}{rooted}")


# ---------------------------------------------------------------- front matter

def split_front(text: str, shown: str) -> tuple[dict[str, Any], str, int]:
    """(metadata, body, the body's first line) of a Hugo file: YAML `---`, TOML `+++` or JSON `{`."""
    for fence, load in (("---", _yaml), ("+++", _toml)):
        if text.startswith(fence + "\n") or text.startswith(fence + "\r\n"):
            lines = text.splitlines(keepends=True)
            end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == fence), None)
            if end is None:
                raise ImportProblem(f"{shown}:1: front matter opened with '{fence}' is never closed; "
                                   f"add a '{fence}' line after it")
            return _mapping(load("".join(lines[1:end]), shown), shown), "".join(lines[end + 1:]), end + 2
    if text.lstrip().startswith("{"):
        return _json(text, shown)
    return {}, text, 1


def _mapping(data: object, shown: str) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ImportProblem(f"{shown}:2: the front matter is not a set of 'key: value' lines")
    return data


def _yaml(text: str, shown: str) -> object:
    try:
        return yaml.load(text, Loader=_Yaml12Loader)  # noqa: S506 (a safe loader)
    except (yaml.YAMLError, ValueError) as exc:   # ValueError: a backstop for a value PyYAML cannot make
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        raise ImportProblem(f"{shown}:{line}: malformed YAML front matter "
                           f"({getattr(exc, 'problem', None) or exc}); fix it and import again") from None


def _toml(text: str, shown: str) -> object:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+)", str(exc))
        line = int(m.group(1)) + 1 if m else 2
        raise ImportProblem(f"{shown}:{line}: malformed TOML front matter ({exc}); fix it and import again") from None


def _json(text: str, shown: str) -> tuple[dict[str, Any], str, int]:
    start = len(text) - len(text.lstrip())
    try:
        data, end = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError as exc:
        raise ImportProblem(f"{shown}:{exc.lineno}: malformed JSON front matter ({exc.msg}); "
                           "fix it and import again") from None
    return _mapping(data, shown), text[end:].lstrip("\r\n"), text[:end].count("\n") + 2


# ---------------------------------------------------------------- values

def _names(value: object) -> list[str]:
    """A list of names from a list or a comma-separated string."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    return [str(v).strip() for v in items if v is not None and str(v).strip()]   # None: a stray '-' (was "None")


def _terms(value: object) -> list[str]:
    """A Hugo taxonomy's terms: a list, or a string that is one term (hugo 0.168 publishes
    'tags: "alpha, beta"' as /tags/alpha-beta/; Pelican's Tags line is split: pelican_list)."""
    return _names(value if isinstance(value, list) or value is None else [value])


def pelican_list(text: str) -> list[str]:
    """Pelican's rule for Tags and Authors: split on ';' when there is one, else on ','."""
    return _names(text.split(";") if ";" in text else text.split(","))


def key_lines(text: str, first_body_line: int) -> dict[str, int]:
    """The line each front-matter key is on (YAML, TOML, JSON or Pelican's 'Key: value'), for messages."""
    found: dict[str, int] = {}
    for n, line in enumerate(text.splitlines()[: first_body_line - 1], 1):
        m = re.match(r'\s*"?([A-Za-z_][\w-]*)"?\s*[:=]|\s*\[([A-Za-z_][\w-]*)\]\s*$', line)   # or TOML's [table]
        if m:
            found.setdefault((m.group(1) or m.group(2)).lower(), n)
    return found


def _when(value: object, shown: str, key: str, layouts: bool = True) -> date | datetime:
    """A date: ISO; with `layouts`, Hugo's other layouts too (_written_date; Pelican reads its own way)."""
    if isinstance(value, (date, datetime)):
        return value
    text = str(value).strip().replace("Z", "+00:00")
    for candidate in (text, text.replace("/", "-")):
        try:
            parsed = datetime.fromisoformat(candidate)
        except ValueError:
            continue
        return parsed.date() if len(candidate) == 10 else parsed
    written = _written_date(str(value).strip()) if layouts else None
    if written is not None:
        return written
    raise ImportProblem(f"{shown}: {key} {value!r} is no date sitegen reads; write it as 2024-05-01 or "
                       "2024-05-01 08:30, then import again")


# Go's time.String() and RFC 822/1123 write a zone's name after its offset ('-0700 MST'): the offset says it
_ZONE_NAME = re.compile(r"([+-]\d{2}:?\d{2})\s+\(?[A-Za-z]{1,6}\)?$")


def _written_date(text: str) -> date | datetime | None:
    """A date in one of the other layouts Hugo reads (cast.ToTimeE: RFC 1123(Z), RFC 822(Z), RFC 850,
    ANSIC, Go's time.String '2024-03-10 23:30:00 -0700 MST'), read with dateutil; None unless its day,
    month and year are all written (dateutil would fill a missing one in). A zone's name alone with no
    offset ('MST') is UTC, as Go reads a name it has no offset for."""
    text = _ZONE_NAME.sub(r"\1", text)
    try:
        read = [dateutil_parser.parse(text, default=datetime(year, month, month), tzinfos=_zero_offset)
                for year, month in ((2000, 1), (2001, 2))]
    except (ValueError, OverflowError, TypeError):
        return None
    if read[0] != read[1]:
        return None
    return read[0] if re.search(r"\d:\d\d", text) else read[0].date()


def _zero_offset(name: str | None, offset: int | None) -> tzinfo | None:
    """dateutil's zone for what the text wrote: its offset, else UTC for a name alone, else none."""
    if offset is not None:
        return timezone(timedelta(seconds=offset))
    return timezone.utc if name else None


@dataclass(frozen=True)
class HugoPaths:
    """How hugo 0.168 spells a title (a slug, a file's base name in a [permalinks] token) and a file's path
    in an address (checked against hugo on a table of names: tests/test_importer.py)."""
    lower: bool = True       # not disablePathToLower
    accents: bool = True     # not removePathAccents

    def title(self, text: object, slug: bool = False) -> str:
        """Its urlize: '%41' and '+' unescaped first (when the whole text unescapes), then sanitized;
        'Storm - what now' is storm-what-now, 'C++ tips' c-tips, 'Q&A: #1' qa-#1, a title's 'a/b' a-b
        (a slug's 'a/b' stays two folders)."""
        text = str(text).strip()
        if not re.search(r"%(?![0-9A-Fa-f]{2})", text):
            text = unquote_plus(text)
        text = _hugo_sanitize(text.strip())
        return self._finish(text if slug else text.replace("/", "-").replace("\\", "-"))

    def path(self, text: object) -> str:
        """A folder's or a file's name: each space a '-' ('My Story - two' is my-story---two), then sanitized
        ('C++ notes' c++-notes, '50% off' 50-off)."""
        return self._finish(_hugo_sanitize(str(text).replace(" ", "-")))

    def _finish(self, text: str) -> str:
        if not self.accents:
            text = unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                                                        if unicodedata.category(c) != "Mn"))
        return "".join("i" if c == "\u0130" else c.lower() for c in text) if self.lower else text   # Go's ToLower


def _hugo_sanitize(text: str) -> str:
    """Hugo's paths.Sanitize: letters, digits, marks and . / \\ _ # + ~ - @ (and '%' before two hex digits)
    kept, a run of spaces one '-' (none beside a '-'), anything else dropped; a text of kept
    characters only is left as it is ('a-----b')."""
    def kept(i: int, c: str) -> bool:
        return c != " " and (c.isalpha() or unicodedata.category(c) in ("Nd", "Mn", "Mc", "Me") or c in "./\\_#+~-@"
                             or c == "%" and bool(re.fullmatch(r"[0-9A-Fa-f]{2}", text[i + 1: i + 3])))
    if all(kept(i, c) for i, c in enumerate(text)):
        return text
    out: list[str] = []
    hyphen = was_hyphen = False
    for i, c in enumerate(text):
        if kept(i, c):
            was_hyphen = c == "-"
            if hyphen and not was_hyphen:
                out.append("-")
            hyphen = False
            out.append(c)
        elif c.isspace() and not was_hyphen:
            hyphen = True
    return "".join(out)


def _safe_path(url: str) -> bool:
    """An address that stays inside the site: no '.', '..', backslash or NUL part, a path from its root."""
    parts = url.split("/")
    return url.startswith("/") and "\\" not in url and "\0" not in url and not any(p in (".", "..") for p in parts)


def _address(url: str) -> str:
    url = url.strip()
    return url if url.startswith("/") else "/" + url


def _true(value: object) -> bool:
    """YAML's true, or a quoted "true" (Hugo reads both as true)."""
    return value is True or str(value).strip().lower() == "true"


def source_zone(name: str, config: Config, setting: str) -> tuple[tzinfo | None, list[str]]:
    """The zone the old site read its date-times without a zone in (`name`, '' for its default, UTC);
    None when it is site.toml's, so those dates are written as they are."""
    try:
        zone = ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return None, [f"{setting} {name!r} is no time zone sitegen knows; dates without a zone are read in "
                      f"{config.file}'s [site] timezone: check them"]
    same = zone.key in ("UTC", "Etc/UTC") and config.tz.key in ("UTC", "Etc/UTC") or zone.key == config.tz.key
    if same or not name:   # the old site's default (UTC) beside a zone chosen here: the choice stands
        return (None if same else zone), []
    # the dates keep their moment, but the site shows them in its own zone: a Paris story of 00:30 on
    # April 1 was shown at 10:30 PM on March 31 and filed under March, with no word of why
    return zone, [f"{setting} is {name!r}, {config.file}'s [site] timezone {config.site.timezone!r}: the stories keep "
                  f"their moments, shown in {config.site.timezone} (a late story on the day before); to show them "
                  f"as the old site did, write timezone = \"{zone.key}\" under [site] in {config.file}"]


def _in_calendar(when: date | datetime, shown: str, key: str) -> date | datetime:
    """`when`, a story's date or updated time, if every zone can show it, as the build asks of it
    (content._as_datetime): 9999-12-31T23:59:59-12:00 stopped the whole import with a traceback (rr54a 2)."""
    moment = when if isinstance(when, datetime) else datetime(when.year, when.month, when.day)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    try:
        for hours in (-24, 24):   # the widest offsets a zone may have: one microsecond short of a day
            moment.astimezone(timezone(timedelta(hours=hours) - timedelta(microseconds=1 if hours > 0 else -1)))
    except OverflowError:
        raise ImportProblem(f"{shown}: {key} {when.isoformat()} is too close to the ends of the calendar; use a year "
                            "between 0002 and 9998, then import again") from None
    return when


def _zoned(value: date | datetime, zone: tzinfo | None) -> date | datetime:
    """A date-time without a zone given the old site's zone (as an offset), so it keeps its instant."""
    if zone is None or not isinstance(value, datetime) or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=zone)


def _instant(value: date | datetime, zone: tzinfo | None) -> datetime:
    """A moment to compare with: a day is its midnight."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value if value.tzinfo else value.replace(tzinfo=zone or timezone.utc)


# ---------------------------------------------------------------- sitegen's side

def new_addresses(config: Config, meta: dict[str, Any]) -> set[str]:
    """Where sitegen may publish the story: the main edition's address and, for a story in another
    language, its edition's (which one depends on the whole site's languages: see site.edition_languages)."""
    language = meta.get("language") or config.site.language
    path = _new_path(config, meta)
    if same_writing(language, config.site.language):   # the main edition's story: never under /LANG/
        return {path}
    return {path, config.site.edition_path.format(language=language)[:-1] + path}


def _new_path(config: Config, meta: dict[str, Any]) -> str:
    """The story's address by [build] permalink, without its edition's /LANG/."""
    when = meta["date"]
    local = when.astimezone(config.tz) if isinstance(when, datetime) and when.tzinfo else when
    return config.build.permalink.format(
        year=f"{local.year:04d}", month=f"{local.month:02d}", day=f"{local.day:02d}",
        slug=meta["slug"], language=meta.get("language") or config.site.language)


def _edition(config: Config, meta: dict[str, Any]) -> str:
    """The edition the story is published in ('' the main one), as list_pages reads [site] editions."""
    language = meta.get("language") or config.site.language
    editions = config.site.editions
    apart = not same_writing(language, config.site.language) and (
        editions is True or isinstance(editions, tuple) and language_tag(language) in editions)
    return language_tag(language) if apart else ""


def unique_slugs(config: Config, stories: list[Story], present: dict[str, Present]) -> tuple[list[Story], list[str]]:
    """The stories, each at an address of its own: of two the old site had apart that one slug puts at
    one address here ('results' in /news/ and /sport/ in one month: the build stops on both), the earlier
    keeps it and the later gets 'results-2' (its old address stays under aliases:), with a warning. The
    stories content/ holds already keep their addresses: one imported before keeps the slug its file has
    (a numbered one too), and a new story does not take a written story's address (rf44l)."""
    out = [_slug_kept(story, present.get(story.target)) for story in stories]
    # the files there first (a re-import renumbers none of them), then the new ones by date
    order = sorted(range(len(out)), key=lambda i: (out[i].target not in present,
                                                    _instant(out[i].meta["date"], config.tz), out[i].source))
    taken = {p.at: (f"{config.paths.content.rstrip('/')}/{rel}", rel) for rel, p in present.items()}
    warnings, again = [], []
    for i in order:    # each story's own slug first: a story of its own 'results-2' keeps it
        at = (_edition(config, out[i].meta), _new_path(config, out[i].meta))
        holder = taken.setdefault(at, (out[i].source, out[i].target))
        again += [i] if holder[1] != out[i].target else []
    for i in again:
        meta, n = out[i].meta, 2
        first = (_edition(config, meta), _new_path(config, meta))
        while (at := (first[0], _new_path(config, {**meta, "slug": f"{meta['slug']}-{n}"}))) in taken:
            n += 1
        out[i] = replace(out[i], meta={**meta, "slug": f"{meta['slug']}-{n}"})
        taken[at] = (out[i].source, out[i].target)
        warnings.append(f"{out[i].source}: its address here, {first[0] and '/' + first[0]}{first[1]}, is "
                        f"{taken[first][0]}'s too (one slug in one {_period(config)}), so it is imported with "
                        f"'slug: {meta['slug']}-{n}' (its old address stays under aliases:); change the slug "
                        "if you like")
    return out, warnings


@dataclass(frozen=True)
class Present:
    """A story content/ holds already, as the build will publish it (site.article_url's rule)."""
    at: tuple[str, str]          # (edition, address)
    slug: str
    aliases: tuple[str, ...]     # its old addresses, as site_path spells them
    title: str = ""
    date: datetime | None = None   # aware


def present_files(config: Config) -> dict[str, Present]:
    """content/'s stories as they are: file (as a Story's target) -> Present; a file it cannot read is
    left out (the build says why)."""
    root = config.path("content")
    if not root.is_dir():
        return {}
    found = {}
    for rel, _ in scan_files(root, ".md"):
        try:
            art = read_content(root, rel, config.tz, config.site.language)
        except (ContentError, OSError, ValueError):
            continue
        meta = {"date": art.date, "slug": art.slug, "language": art.language}
        found[rel] = Present((_edition(config, meta), _new_path(config, meta)), art.slug, art.aliases, art.title,
                             art.date)
    return found


def _slug_kept(story: Story, present: Present | None) -> Story:
    """The story with the slug its file in content/ has when it was imported before with that slug or a
    number after it ('results-2', given by unique_slugs then): its address does not move."""
    slug = story.meta.get("slug")
    if present is None or not slug or present.slug == slug or not re.fullmatch(re.escape(slug) + r"-\d+", present.slug):
        return story
    return replace(story, meta={**story.meta, "slug": present.slug})


def _alias_key(alias: str) -> str:
    try:
        return site_path(alias)
    except ValueError:
        return alias


def already_there(config: Config, stories: list[Story], present: dict[str, Present], summary: ImportSummary
                  ) -> tuple[list[Story], list[Story], list[str]]:
    """(the stories to write, those imported before and moved since, a note for each). A story whose old
    address (under its aliases:) another file of content/ lists under aliases: is that story, imported before
    and moved or renamed by an editor, when the record says this source wrote that file (or the file it had,
    now gone), or it has the story's title and date: written again, it was a second copy under a numbered
    slug, and the build stopped on the two files claiming the address (review47d). Another site's story at
    that address (two blogs' /about/) is not it (rf47n): unique_aliases warns. Its `target` becomes that
    file, so links to it lead there."""
    listed: dict[str, str] = {}
    for rel, there in present.items():
        for alias in there.aliases:
            listed.setdefault(alias, rel)
    out, moved, notes = [], [], []
    for story in stories:
        old = story.old if story.old in (story.meta.get("aliases") or []) else ""
        rel = listed.get(_alias_key(old)) if old else None
        if rel is None or rel == story.target or not _moved_here(config, story, rel, present, summary):
            out.append(story)
            continue
        moved.append(replace(story, target=rel))
        notes.append(f"{story.source}: its old address {old} is listed under aliases: in content/{rel}, so "
                     "that is this story, imported before and moved since; not imported again")
    return out, moved, notes


def _moved_here(config: Config, story: Story, rel: str, present: dict[str, Present], summary: ImportSummary) -> bool:
    """Whether content/`rel` is `story` moved there: the record's writer of it, or of the story's own file
    (gone now), is this story's source, or it has the story's title and date."""
    writer = _writer(summary, story.source)
    files = summary.record.files
    if rel in files and files[rel].writer == writer:
        return True
    if story.target not in present and story.target in files and files[story.target].writer == writer:
        return True
    there = present[rel]
    return (there.title == story.meta.get("title") and there.date is not None
            and there.date == _instant(story.meta["date"], config.tz))


def unique_aliases(config: Config, stories: list[Story], present: dict[str, Present]
                   ) -> tuple[list[Story], list[str]]:
    """The stories, no old address listed twice: one that another story is published at here, or that
    an earlier story lists already (the old site had two pages at one address, and kept one), or another
    file of content/ lists (already_there took the stories whose first one it is), is left out of the
    later one's aliases: with a warning (the build stopped on both)."""
    pages = {_address_here(config, story.meta): story.source for story in stories}
    listed = {alias: f"content/{rel}" for rel, there in present.items() for alias in there.aliases}
    mine = {f"content/{story.target}": story.source for story in stories}
    order = sorted(range(len(stories)), key=lambda i: (_instant(stories[i].meta["date"], config.tz),
                                                        stories[i].source))
    out, warnings, taken = list(stories), [], {}
    for i in order:
        aliases, kept = stories[i].meta.get("aliases") or [], []
        for alias in aliases:
            there = listed.get(_alias_key(alias))
            other = pages.get(alias) or taken.get(alias) or (mine.get(there, there) if there else None)
            if other and other != stories[i].source:
                warnings.append(f"{stories[i].source}: its old address {alias} is {other}'s too (the old site had "
                                f"one page there), so it is not listed under aliases: (move it to this story's "
                                "aliases: if readers of that address want this one)")
            else:
                kept.append(alias)
                taken.setdefault(alias, stories[i].source)
        if len(kept) != len(aliases):
            out[i] = replace(stories[i], meta={**stories[i].meta, "aliases": kept})
    return out, warnings


def off_own_pages(config: Config, stories: list[Story]) -> tuple[list[Story], list[str]]:
    """The stories without an old address that is one of this site's own pages (the front page, a feed,
    404, /tags/, the list page of a tag, author or section of theirs), with a note naming the file: listed,
    the build stopped on 'the index page and aliases: both claim /' and left the story out ('/old/../',
    '/x/../index.html' or `aliases: ["/"]`, rr54g). Its readers get this site's page there."""
    from .site import SiteError, build_site, output_path
    try:   # the pages of a site without stories: the front page, the feeds, /tags/, 404...
        own = {output_path(page.url).casefold(): page.url for page in
               build_site(config, [], datetime.now(timezone.utc), drafts=True, future=True).pages}
    except SiteError:   # site.toml's sections clash: the build says it
        own = {}
    out, notes = [], []
    for story in stories:
        lists = {output_path(url).casefold(): url for url in list_pages(config, story.meta).values()}
        kept = []
        for alias in story.meta.get("aliases") or []:
            mine = _own_page(alias, own | lists)
            if mine is None:
                kept.append(alias)
            else:
                notes.append(f"{story.source}: the old address {alias!r} is this site's own {mine}, so it is not "
                             "listed under aliases: (readers of it get that page)")
        out.append(story if len(kept) == len(story.meta.get("aliases") or []) else
                   replace(story, meta={**story.meta, "aliases": kept}))
    return out, notes


def _own_page(alias: str, own: dict[str, str]) -> str | None:
    """The site's own address `alias` is written to, or inside (/feed.xml as an alias is feed.xml/index.html,
    in the feed's file), compared as a disk that ignores case does (/Feed.xml is feed.xml there); None if none."""
    from .site import SiteError, output_path
    try:
        file = output_path(site_path(alias)).casefold()
    except (ValueError, SiteError):
        return None
    parts = file.split("/")
    return next((own[key] for key in ("/".join(parts[:i]) for i in range(len(parts), 0, -1)) if key in own), None)


def cross_links(config: Config, src: Path, stories: list[Story]) -> tuple[list[Story], list[str]]:
    """Links between the stories as this site has them: a ref outside a link (hugo_shortcodes) as the
    story's address here (ref: its full URL, relref: from the site's root, as hugo wrote them), and a
    link to another story's old address ('../flood/' from /posts/storm/, 'flood.html', '/posts/flood/')
    as a link to its file ('/posts/flood.md', as a {filename} link); a relative link that leads to no
    story on the old site is written from the root ('../about/' as '/about/': relative to the new
    address it led elsewhere), with a warning. `src`: the old project (a file beside the story is kept)."""
    olds: dict[str, str] = {}
    for story in stories:
        for old in (story.old, *story.meta.get("aliases", [])):
            olds.setdefault(_address_key(old), story.target)
    pictures = _bundle_pictures(stories)
    here = {story.target: _address_here(config, story.meta) for story in stories}
    base = urlsplit(config.site.base_url)
    out, warnings = [], []
    for story in stories:
        body = story.body
        for text, target, absolute in story.refs:
            path, hash_, fragment = target.partition("#")
            if path in here:
                start = config.site.base_url.rstrip("/") if absolute else base.path.rstrip("/")
                body = body.replace(text, start + here[path] + hash_ + fragment)
        body, more, found = _old_links(body, story, olds, src, pictures)
        kept = tuple(w for w in story.warnings if not any(f"{ref!r} is not a file in the Hugo" in w for ref in found))
        out.append(replace(story, body=body, warnings=kept) if body != story.body else story)
        warnings += more
    return out, warnings


def _bundle_pictures(stories: list[Story]) -> dict[str, str]:
    """Each picture of a Hugo page bundle by the address hugo published it at (the page's old address and
    its path in the bundle: /2024/06/01/new-bridge/gallery/one.jpg) -> where it is copied under content/."""
    found: dict[str, str] = {}
    for story in stories:
        folder, _, name = story.target.rpartition("/")
        if not (story.old.endswith("/") and name.startswith("index")):
            continue
        for rel, _ in story.pictures:
            if rel.startswith(folder + "/"):
                found.setdefault(_address_key(story.old + rel[len(folder) + 1:]), rel)
    return found


def _address_here(config: Config, meta: dict[str, Any]) -> str:
    """The story's address on this site, from its root (its edition's /LANG/ first)."""
    edition = _edition(config, meta)
    return (config.site.edition_path.format(language=edition)[:-1] if edition else "") + _new_path(config, meta)


def _address_key(url: str) -> str:
    """An address as a look-up key: unescaped, '/a/index.html' and '/a' as '/a/' ('/a.html' kept)."""
    path = unquote(url)
    path = path[: -len("index.html")] if path.endswith("/index.html") else path
    return path if path.endswith("/") or posixpath.splitext(path)[1] else path + "/"


# A Markdown link's address ('[a](../flood/)', not a picture's), a link definition's ('[a]: flood.html')
# and a picture's ('![a](/2024/06/01/new-bridge/gallery/one.jpg)')
_MD_LINK = re.compile(r"(?<!!)\[(?:[^\[\]\n]|\[[^\]\n]*\])*\]\(\s*<?([^\s)>]+)|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)"
                      r"|!\[[^\]\n]*\]\(\s*<?([^\s)>]+)", re.MULTILINE)


def _old_links(body: str, story: Story, olds: dict[str, str], src: Path, pictures: dict[str, str]
               ) -> tuple[str, list[str], list[str]]:
    """The body with its links to the old site's story addresses made links to their files, and its
    pictures named by a bundle's old address those copied (cross_links); and those pictures' references."""
    warnings: list[str] = []
    found: list[str] = []

    def one(m: re.Match) -> str:
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        url = m.group(group)
        path, rest = re.match(r"([^#?]*)(.*)", url).groups()
        if not path or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|//|[{|]|%7B", url) or path.lower().endswith(_HUGO_MARKDOWN + (".mkd",)):
            return m.group(0)
        relative = not path.startswith("/")
        if relative and ((src / story.source).parent / unquote(path)).exists():
            return m.group(0)     # a file beside the story (a bundle's): where it is copied to, or named
        if relative and not story.old:
            return m.group(0)
        old = urlsplit(urljoin("http://old" + story.old, path)).path if relative else path
        picture = pictures.get(_address_key(old)) if group > 1 else None
        if picture:
            found.append(url)
            return m.group(0)[: m.start(group) - m.start()] + "/" + picture + m.group(0)[m.end(group) - m.start():]
        target = olds.get(_address_key(old)) if group < 3 else None
        if group == 3:
            return m.group(0)
        made = "/" + target + rest if target else old + rest if relative else url
        if relative and not target:
            warnings.append(f"{story.source}: the link {url!r} is relative to its old address ({story.old}) and led "
                            f"to {old}, no story imported; written as {old + rest}: check that this site has that "
                            "page, or link one it has")
        start, end = m.span(group)
        return m.group(0)[: start - m.start()] + made + m.group(0)[end - m.start():]
    return _MD_LINK.sub(one, body), warnings, found


def _period(config: Config) -> str:
    """What the permalink shares between two stories of one slug: 'day', 'month', 'year' or 'site'."""
    return next((p for p in ("day", "month", "year") if "{" + p + "}" in config.build.permalink), "site")


def _front_order(meta: dict[str, Any]) -> dict[str, Any]:
    order = ("title", "date", "updated", "authors", "section", "tags", "summary", "slug", "language",
             "translation_of", "draft", "image", "aliases", "extra")
    return {k: meta[k] for k in order if meta.get(k) not in (None, [], {}, "")}


def render(story: Story) -> str:
    front = yaml.dump(_front_order(story.meta), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{front}---\n{story.body.lstrip(chr(10))}".rstrip("\n") + "\n"


def old_base(url: object, config: Config, setting: str) -> tuple[str, list[str]]:
    """The path the old site's addresses start with that this site's do not ('/blog' for an old
    https://x.org/blog/ and a new https://x.org/), so its aliases are the addresses the old site had;
    '' and a note when the old site was on another host, or outside base_url's path."""
    old, new = urlsplit(str(url or "").strip()), urlsplit(config.site.base_url)
    path, here = "/" + old.path.strip("/"), "/" + new.path.strip("/")
    if path == "/":
        return "", []
    if old.netloc and old.netloc.lower() != new.netloc.lower():
        return "", [f"{setting} {str(url)!r} is on another host than {config.file}'s base_url ({config.site.base_url}): "
                    f"old addresses are listed without its {path}/; set base_url and import again if this site "
                    f"takes over that host, else redirect the old host's {path}/ to this site with a server rule"]
    if path == here or path.startswith(here.rstrip("/") + "/"):
        return path[len(here.rstrip("/")):].rstrip("/"), []
    return "", [f"{setting} {str(url)!r}: the old addresses under {path}/ are outside base_url's {here}/, where this "
                "site cannot publish redirects: redirect them with a server rule"]


def with_alias(config: Config, meta: dict[str, Any], old: str | None, shown: str,
               base: str = "") -> tuple[dict[str, Any], list[str]]:
    """The old address under aliases: unless it is the new one (or the story was never published);
    every alias under `base`, the old site's own path (old_base)."""
    warnings: list[str] = []
    aliases = [a for a in meta.get("aliases", [])]
    if old and not meta.get("draft"):
        aliases.insert(0, old)
    aliases = [base + a if a.startswith("/") else a for a in aliases]
    keep = []
    for given in aliases:
        a = _dots_resolved(given)
        if a is None or not _safe_path(a):
            warnings.append(f"{shown}: the old address {given!r} leads out of the site; it is not listed under "
                            "aliases:")
        elif why := _no_alias(a):   # the build would stop on it: '/.old/a/' (a hidden name), '/x y/'
            warnings.append(f"{shown}: the old address {a!r} is not listed under aliases: ({why})")
        elif a not in new_addresses(config, meta) and a not in keep:
            keep.append(a)
    return {**meta, "aliases": keep}, warnings


def _dots_resolved(url: str) -> str | None:
    """A path from the root with its '.' and '..' parts resolved, as a browser resolves the link and as
    Pelican's writer joined SAVE_AS under output/ ('/2023/04/../../a.html' was /a.html); None when a '..'
    climbs above the root. Another address is returned as it is."""
    if not url.startswith("/"):
        return url
    parts, out = url.split("/")[1:], []
    for part in parts:
        if part == "..":
            if not out:
                return None
            out.pop()
        elif part != ".":
            out.append(part)
    ends_in_folder = bool(out) and parts[-1] in (".", "..")
    return "/" + "/".join(out) + ("/" if ends_in_folder else "")


def _no_alias(address: str) -> str:
    """Why the build refuses `address` as an alias (config.site_path), '' when it takes it."""
    try:
        site_path(address)
    except ValueError as exc:
        return str(exc)
    return ""


def list_pages(config: Config, meta: dict[str, Any]) -> dict[str, str]:
    """This site's pages for a story's tags, authors and section, in its edition ('tag:Weather' ->
    '/tags/weather/', 'section:Local' -> '/local/', 'root' -> the edition's front page): what an old
    tag, author or category page becomes."""
    language = meta.get("language") or config.site.language
    editions = config.site.editions
    apart = not same_writing(language, config.site.language) and (
        editions is True or isinstance(editions, tuple) and language_tag(language) in editions)
    root = config.site.edition_path.format(language=language) if apart else "/"
    found = {f"tag:{t}": f"{root}tags/{term_slug(config, 'tag', t)}/" for t in meta.get("tags") or []}
    found |= {f"author:{a}": f"{root}authors/{term_slug(config, 'author', a)}/" for a in meta.get("authors") or []}
    if meta.get("section"):
        found[f"section:{meta['section']}"] = f"{root}{_section_slug(config, str(meta['section']))}/"
    return {"root": root, **found}


def term_slug(config: Config | None, what: str, name: str) -> str:
    """The slug of the page the build makes for the tag or author `name`: the one site.toml's [tags."X"] or
    authors.toml sets for it or for it typed another way (content.entry_of, the build's match), else
    slug_of(name). The old pages were sent to slug_of's, a page the build does not make once a slug is set
    (rr52b 1). A homophone the build numbers (-2) is not known here: that takes the whole site's stories."""
    entries = (config.tags if what == "tag" else config.authors) if config is not None else {}
    key = entry_of(entries, name)
    return (entries[key].slug if key is not None else "") or slug_of(name)


def feed_of(config: Config, page: str, name: str) -> str:
    """This site's feed `name` (rss.xml, feed.xml) of the list page `page`; '' when that list has none
    ([feeds] per_tag, per_author off): an old tag feed is not sent another list's stories."""
    kind = page.rstrip("/").rsplit("/", 2)[-2] if page.count("/") > 2 else ""
    off = kind == "tags" and not config.feeds.per_tag or kind == "authors" and not config.feeds.per_author
    return "" if off else page + name


def _section_slug(config: Config, name: str, configured: bool = False) -> str:
    """The slug of the [sections] entry a story's section names (by key, name or slug, as the build
    reads it), else the one its own name would have once added there ('' with `configured`)."""
    key = _section_key(config, name)
    if key:
        return config.sections[key].slug or slug_of(key)
    return "" if configured else slug_of(name)


def _section_key(config: Config, name: str) -> str:
    """The key of the [sections] entry `name` names (by key, name or slug, as the build reads it), else ''."""
    wanted = slug_of(name)
    for key, entry in config.sections.items():
        names = {slug_of(key), slug_of(entry.name or key), entry.slug, *(slug_of(n) for n in entry.names.values())}
        if wanted in names:
            return key
    return ""


def _hugo_section(config: Config, folder: str, section: str) -> tuple[str | None, list[str]]:
    """A story's Hugo section (its top folder) as its section here when site.toml's [sections] has it;
    else none, and the one warning (the same for each story of that section, said once) saying how to
    keep it."""
    key = _section_key(config, section)
    if key:
        return key, []
    slug = slug_of(section)
    return None, [f"{folder}/{section}/: Hugo's section {section!r} is no section in {config.file}'s [sections], so its "
                  f"stories are imported without one (its list page and feed redirect to the front page's); to keep "
                  f"it, add [sections.{slug}] with name = \"{section.replace('-', ' ').capitalize()}\" to {config.file} "
                  "before the import (a story imported already: write 'section: " + slug + "' in it)"]


def category_section(config: Config, out: dict[str, Any], tool: str, folder: str = ""
                     ) -> tuple[dict[str, Any], list[str]]:
    """The story with its one category (out's section) as its section when site.toml's [sections] has it
    (by key, name or slug, as the build reads it). Else, when its Hugo section (`folder`, a [sections]
    key) is one, the category is one of its tags and that section stays (the category took the story out
    of the section Hugo listed it in: review47d); else the category stays its section. Both with the one
    warning (the same for each story of it, said once) with the lines that make it a section: the build
    lists a story of a section site.toml lacks in none (its list page and feed 404s)."""
    category = out.get("section")
    if not category or _section_key(config, str(category)):
        return out, []
    add = (f"add [sections.{slug_of(str(category))}] with name = {json.dumps(str(category), ensure_ascii=False)} "
           f"to {config.file} and import again")
    if folder:
        tags = out["tags"] + ([category] if category not in out["tags"] else [])
        return {**out, "section": None, "tags": tags}, [
            f"{tool}'s category {category!r} is no section in {config.file}'s [sections], so its stories in a section "
            f"it has keep that section and get {category!r} as a tag (its list page and feed redirect to the "
            f"tag's); to make it their section instead, {add}"]
    return out, [f"{tool}'s category {category!r} is no section in {config.file}'s [sections], so its stories are in "
                 f"a section the build lists nowhere (no /{slug_of(str(category))}/ page or feed); to keep it, {add}"]


def markdown_text(markdown: object, definitions: str = "") -> Any:
    """Markdown as its reader saw it, plain text (sitegen's summary is text): 'The *mayor* &amp; the
    [council](https://example.org/) met.' is 'The mayor & the council met.' None for no text; a value
    that is no string (a YAML list) as it is, for the build to name."""
    if not isinstance(markdown, str):
        return markdown
    return " ".join(text for _, text in paragraph_texts(markdown, True, definitions, every=True) if text) or None


def pelican_text(value: str) -> str:
    """A Pelican Title:, tag, author or category as its pages showed it: Pelican puts them into its HTML
    unescaped (its Jinja has no autoescape), so 'Tom &amp; Jerry&rsquo;s <em>big</em> day' read
    "Tom & Jerry’s big day"; kept as written, sitegen's pages showed readers the markup. Read as HTML
    is (not markupsafe's striptags, which cuts from any '<' to the next '>': 'Costs <5% but profits
    >10%' was "Costs 10%"), its spaces collapsed."""
    shown = _ShownText()
    shown.feed(value)
    shown.close()
    return " ".join("".join(shown.parts).split())


class _ShownText(HTMLParser):
    """The text an HTML fragment shows: its characters' references read, its tags and comments left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def pelican_names(names: list[str]) -> list[str]:
    return [text for text in map(pelican_text, names) if text]


def without_more(body: str, summary: object) -> tuple[str, object]:
    """(the body without its `<!--more-->` marks, the summary): the text of the paragraphs before the
    first mark, as plain text, when the story has no summary (Hugo's manual summary; sitegen shows the
    mark as text). A mark in code (a block, a code span, a <pre>) is the code's text; a shortcode's tags
    are no summary's text (the words between them are); a mark inside a line is cut with the spaces
    around it, one space put back if there were any ('a <!--more--> b': 'a b'; 'word<!--more-->word':
    'wordword', as Hugo shows it)."""
    marks = _more_marks(body)
    if not marks:
        return body, summary
    if not summary:
        definitions = "\n\n".join(LINK_DEFINITION.findall(body))   # '[a link][r]' reads its '[r]: URL'
        summary = markdown_text(_SHORTCODE_TAG.sub("", body[: marks[0].start()]), definitions)
    kept, at = [], 0
    for m in marks:
        kept += [body[at: m.start()], _joint(m, body)]
        at = m.end()
    return "".join(kept) + body[at:], summary


def _joint(m: re.Match, body: str) -> str:
    """What stands where a mark is cut: nothing for a mark on a line of its own; after text, the line's
    end it took, else one space if it took spaces or tabs ('a <!--more--> b'), else nothing
    ('word<!--more-->word')."""
    if m.start() == 0 or body[m.start() - 1] == "\n":
        return ""
    if m.group().endswith("\n"):
        return "\n"
    if m.end() == len(body):
        return ""
    return " " if m.group().rstrip("\n") != m.group().strip(" \t\n") else ""


# A code span ('`<!--more-->`': a run of backticks up to the next run as long) and a <pre> element
# (a backtick after an odd number of backslashes is escaped: '\`' opens none, '\\`' one after a backslash)
_CODE_SPAN = re.compile(r"(?<![`\\])(?:\\\\)*(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)")
_PRE = re.compile(r"<pre\b[\s\S]*?(?:</pre\s*>|\Z)", re.IGNORECASE)


def _more_marks(body: str) -> list[re.Match]:
    """The `<!--more-->` marks outside code: fenced and indented blocks, as markdown-it reads them, and
    code spans and <pre> elements in a paragraph or raw HTML block. A body without a mark is not parsed
    (1.2 ms a 6 KB story against 0.005, /tmp/fix36h/bench.py)."""
    if "<!--" not in body or not _MORE.search(body):
        return []
    starts = [0, *(m.end() for m in re.finditer("\n", body)), len(body)]
    code: list[tuple[int, int]] = []   # (start, end) offsets in the body
    for token in block_parser(True).parse(body):   # the page's own parser
        if not token.map or token.type not in ("fence", "code_block", "inline", "html_block"):
            continue
        start, end = starts[min(token.map[0], len(starts) - 1)], starts[min(token.map[1], len(starts) - 1)]
        if token.type in ("fence", "code_block"):
            code.append((start, end))
            continue
        text = body[start:end]
        spans = [*_PRE.finditer(text), *(_CODE_SPAN.finditer(text) if token.type == "inline" else ())]
        code += [(start + m.start(), start + m.end()) for m in spans]
    return [m for m in _MORE.finditer(body) if not any(a <= m.start() < b for a, b in code)]


def shortcode_warnings(body: str, shown: str, first_line: int, done: Sequence[tuple[int, int]] = ()) -> list[str]:
    """One warning for each shortcode left in the text as written, quoting it (else its line). `done`: the
    spans hugo_shortcodes made Markdown (figure, ref, relref), in the body as written: its lines are the
    file's (a figure's caption over lines, made one line, and a `<!--more-->` line cut shifted them)."""
    found, start = [], 0
    covered = _covered(done)
    for n, line in enumerate(body.split("\n")):
        opens = {m.start() for m in _SHORTCODE.finditer(line) if not covered(start + m.start())}
        if opens:
            tags = [t.group() for t in _SHORTCODE_TAG.finditer(line) if t.start() in opens]
            found += [f"{shown}:{first_line + n}: a Hugo shortcode ({tag[:60]!r}) is left in the text as written; "
                      "sitegen shows it as text: replace it with Markdown (a link, a picture) or remove it"
                      for tag in (tags or [line.strip()])]
        start += len(line) + 1
    return found


def _covered(spans: Sequence[tuple[int, int]]) -> Callable[[int], bool]:
    """Whether a position lies in one of the spans, by bisection: each shortcode checked against every
    span cost a page of F figures and shortcodes F squared (3,000: 25 s of `sitegen import`, fuzz53)."""
    ordered = sorted(spans)
    starts, ends = [a for a, _ in ordered], list(itertools.accumulate((b for _, b in ordered), max))
    return lambda at: (i := bisect_right(starts, at)) > 0 and ends[i - 1] > at


# ---------------------------------------------------------------- Hugo

@dataclass(frozen=True)
class HugoSite:
    root: Path
    permalinks: dict[str, str]
    ugly: bool | dict[str, bool]        # uglyURLs: for all, or by section ([uglyURLs] posts = true)
    languages: dict[str, dict[str, str]] = field(default_factory=dict)   # [languages]: code -> its permalinks
    default_language: str = "en"        # defaultContentLanguage
    in_subdir: bool = False             # defaultContentLanguageInSubdir
    zone: tzinfo | None = None          # timeZone, None if site.toml's: date-times without a zone are in it
    folders: dict[str, str] = field(default_factory=lambda: {"content": ""})   # contentDir -> its language ('': any)
    cascade: object = None              # the config's own [cascade]: for every page it targets
    statics: tuple[str, ...] = ("static",)   # staticDir, a string or a list: the later one's file wins
    build_drafts: bool = False          # buildDrafts, buildExpired: the config published drafts, expired pages
    build_expired: bool = False
    indexes: dict[Path, object] = field(default_factory=dict, compare=False)   # _index.md -> its cascade, read once
    paths: HugoPaths = HugoPaths()      # disablePathToLower, removePathAccents
    base: str = ""                      # baseURL's path ('/blog') where base_url's has none: before each old address
    taxonomies: tuple[str, ...] = ("tags", "categories")   # [taxonomies]' plural names: each term had a page
    section_pages: bool = True          # not disableKinds = ["section"]: each section had its list page
    sole_section: str = ""              # the top folder holding every story: its list was the front page's
    dates: HugoDates = field(default_factory=lambda: HugoDates())   # [frontmatter]: where each date is read
    # multihost (a baseURL per language): each edition at its own host's root, no /LANG/; its baseURL's
    # path (old_base), None on another host than base_url's: its old addresses were never this site's
    editions: dict[str, str | None] = field(default_factory=dict)
    main: tuple[str, ...] = ()          # mainSections (or params.mainSections): the sections of the news, () unset

    @property
    def known_languages(self) -> frozenset[str]:
        """The languages a file name's '.fr' can be: the config's [languages] and its default one."""
        return frozenset({*self.languages, self.default_language})


def hugo_site(src: Path, config: Config) -> tuple[HugoSite, list[str]]:
    low = low_keys(hugo_config(src))   # Hugo's keys ignore case
    languages = {str(code).lower(): _permalinks(low_keys(conf).get("permalinks"))
                 for code, conf in (low.get("languages") or {}).items() if isinstance(conf, dict)}
    zone, notes = source_zone(str(low.get("timezone") or ""), config, "timeZone")
    base, more = old_base(low.get("baseurl"), config, "config: baseURL")
    notes += more
    editions = _editions(low, config, str(low.get("defaultcontentlanguage") or "en").lower(), notes)
    folders = _content_dirs(src, low, notes)
    if not _hugo_configured(src):   # hugo builds none without it: the old addresses are a guess
        notes.append(f"{src}: no hugo.toml, config.toml (.yaml, .json) or config/ folder, so Hugo's defaults are "
                     "used (old addresses /SECTION/SLUG/, no baseURL): if the old site had a config, give the folder "
                     "that holds it")
    statics = _static_dirs(src, low.get("staticdir"), notes)
    ugly = low.get("uglyurls")
    ugly = {str(k).lower(): _true(v) for k, v in ugly.items()} if isinstance(ugly, dict) else _true(ugly)
    return HugoSite(src, _permalinks(low.get("permalinks")), ugly, languages,
                    str(low.get("defaultcontentlanguage") or "en").lower(),
                    bool(low.get("defaultcontentlanguageinsubdir")), zone, folders, low.get("cascade"), statics,
                    _true(low.get("builddrafts")), _true(low.get("buildexpired")),
                    main=_main_sections(low), paths=HugoPaths(not _true(low.get("disablepathtolower")),
                                    not _true(low.get("removepathaccents"))), base=base,
                    taxonomies=_taxonomies(low), section_pages="section" not in _disabled(low),
                    dates=_hugo_dates(low.get("frontmatter")), editions=editions), notes


def _main_sections(low: dict[str, Any]) -> tuple[str, ...]:
    """mainSections, Hugo's own setting, else the params.mainSections themes read before it: the
    sections whose pages are the site's main ones (its front page's); () when unset."""
    given = low.get("mainsections") or low_keys(low.get("params")).get("mainsections")
    return tuple(_names(given if isinstance(given, list) else [given]))


def _editions(low: dict[str, Any], config: Config, default: str, notes: list[str]) -> dict[str, str | None]:
    """HugoSite.editions: every language with a baseURL of its own (Hugo's multihost mode, which
    publishes none under /LANG/). The default one on another host keeps old_base's rule (its addresses
    listed without its path, noted: the whole site moving host); another edition there gets none, as
    they were that host's (/posts/flood/ on example.de is not this site's /posts/flood/, the English
    story's), and one note naming the host (review49d 3: they were listed under a /de/ never published)."""
    editions: dict[str, str | None] = {}
    for code, conf in (low.get("languages") or {}).items():
        url = str(low_keys(conf).get("baseurl") or "").strip() if isinstance(conf, dict) else ""
        if not url:
            continue
        code, host = str(code).lower(), urlsplit(url).netloc.lower()
        if code == default or not host or host == urlsplit(config.site.base_url).netloc.lower():
            editions[code], more = old_base(url, config, f"config [languages.{code}] baseURL")
            notes += more
            continue
        editions[code] = None
        notes.append(f"config [languages.{code}] baseURL {url!r}: the {code} stories were published at {host}, another "
                     f"host than {config.file}'s base_url ({config.site.base_url}), so their old addresses are not "
                     f"listed under aliases: (this site cannot answer for {host}); redirect {host} to their new "
                     "addresses with a server rule there")
    return editions


def _disabled(low: dict[str, Any]) -> set[str]:
    kinds = low.get("disablekinds")
    return {str(k).lower() for k in kinds} if isinstance(kinds, list) else set()


def _taxonomies(low: dict[str, Any]) -> tuple[str, ...]:
    """The taxonomies whose term pages hugo published: [taxonomies]' plural names (tags, categories by
    default), none with disableKinds = ["term"]."""
    given = low.get("taxonomies")
    names = tuple(str(v).lower() for v in given.values()) if isinstance(given, dict) else ("tags", "categories")
    return () if "term" in _disabled(low) else names


def _static_dirs(src: Path, value: object, notes: list[str]) -> tuple[str, ...]:
    """staticDir (default static), a string or a list, each a plain folder inside SRC (others noted, not
    read); hugo 0.168 publishes the later folder's file where two have one."""
    if value is None:
        return ("static",)
    found = (_plain_folder(src, given, "config: staticDir", notes) for given in (value if isinstance(value, list)
                                                                                   else [value]))
    return tuple(f for f in found if f)


def _plain_folder(src: Path, value: object, where: str, notes: list[str]) -> str | None:
    """A folder setting as a path inside SRC ('static'); None, noted, for any other value."""
    path = (src / value).resolve() if isinstance(value, str) and value.strip() else None
    if path is None or not path.is_relative_to(src.resolve()) or path == src.resolve():
        notes.append(f"{where} {value!r} is not a plain folder inside the project; not read")
        return None
    return path.relative_to(src.resolve()).as_posix()


def _content_dirs(src: Path, low: dict[str, Any], notes: list[str]) -> dict[str, str]:
    """contentDir (default content) and each language's own ([languages.fr] contentDir = "content/fr"),
    plain strings inside SRC only, as folder -> the language of its stories ('' for the top one, whose
    stories say theirs by suffix). The top one is read unless every language has its own."""
    def folder(value: object, where: str) -> str | None:
        return None if value is None else _plain_folder(src, value, f"{where}: contentDir", notes)
    top = folder(low.get("contentdir"), "config") or "content"
    own = {}
    for code, conf in (low.get("languages") or {}).items():
        given = low_keys(conf).get("contentdir")
        path = folder(given, f"config [languages.{code}]")
        if path and path != top:
            own[path] = str(code).lower()
    langs = {str(c).lower() for c in (low.get("languages") or {})}
    return ({} if langs and langs <= set(own.values()) else {top: ""}) | own


def _permalinks(links: object) -> dict[str, str]:
    """[permalinks] as section -> pattern (its [permalinks.page] table too)."""
    if not isinstance(links, dict):
        return {}
    flat = {k: v for k, v in links.items() if isinstance(v, str)}
    page = links.get("page")
    flat.update({k: v for k, v in (page if isinstance(page, dict) else {}).items() if isinstance(v, str)})
    return flat


_CONFIG_NAMES = [f"{stem}.{ext}" for stem in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")]


def hugo_config(src: Path) -> dict[str, Any]:
    """The config hugo 0.168 builds with (its production environment), merged as Hugo merges it: the
    project's hugo.toml (else config.toml, .yaml, .json), then config/_default/, then config/production/,
    each later value winning; in a folder hugo.toml (config.toml) is the root and any other file the key
    it is named for (languages.toml is [languages], menus.fr.toml [languages.fr.menus]), in name order."""
    root = next((src / n for n in _CONFIG_NAMES if (src / n).is_file()), None)
    data = _hugo_config(root) if root else {}
    if not isinstance(low_keys(data).get("languages", {}), dict):
        raise ImportProblem(f"{root}: languages is not a table of languages ([languages.en], [languages.fr]; "
                            "hugo refuses it too): fix it and import again")
    for env in ("_default", "production"):
        folder = src / "config" / env
        files = sorted(p for p in folder.glob("*") if p.is_file() and p.suffix in (".toml", ".yaml", ".yml", ".json"))
        for path in sorted(files, key=lambda p: p.name not in _CONFIG_NAMES):   # the root file first
            part = _hugo_config(path)
            key, _, language = path.stem.partition(".")
            if path.name not in _CONFIG_NAMES:
                part = {key: part} if not language else {"languages": {language: {key: part}}}
            if not isinstance(low_keys(part).get("languages", {}), dict):
                raise ImportProblem(f"{path}: languages is not a table of languages ([languages.en], "
                                    "[languages.fr]; hugo refuses it too): fix it and import again")
            data = _merged(data, part)
    return data


def _merged(base: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    """`more` over `base`, tables merged key by key (keys in any case, as Hugo reads them)."""
    out = dict(base)
    for key, value in more.items():
        same = next((k for k in out if str(k).lower() == str(key).lower()), None)
        old = out.pop(same) if same is not None else None
        out[key] = _merged(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return out


def _hugo_config(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")     # a BOM, as hugo reads it
    except UnicodeDecodeError as exc:
        raise ImportProblem(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8 "
                            "(hugo refuses it too) and import again") from None
    try:
        data = tomllib.loads(text) if path.suffix == ".toml" else (
            json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_Yaml12Loader))  # noqa: S506
    except (ValueError, yaml.YAMLError) as exc:   # TOML's and JSON's errors are ValueErrors
        raise ImportProblem(f"{path}: cannot read it ({exc}); old addresses need its [permalinks]") from None
    return data if isinstance(data, dict) else {}


def _visible_files(content: Path) -> Iterator[tuple[Path, Path]]:
    """(file, its path in `content`) for every file not in or named as a hidden one, in name order."""
    for path in sorted(content.rglob("*")):
        rel = path.relative_to(content)
        if path.is_file() and not any(p.startswith(".") for p in rel.parts):
            yield path, rel


# The suffixes hugo 0.168 reads as Markdown, in any case (a.MD, b.Mdown; not .mkd, which Pelican reads)
_HUGO_MARKDOWN = (".md", ".markdown", ".mdown")


def _pandoc_line(src: Path, folder: str, rel: Path, reader: str = "", fence: str = "") -> str:
    """The pandoc command that converts an old site's story beside it, run from anywhere: the paths
    are the old project's (the import is run in the new site's folder, where they name nothing), and
    its folder is absolute ('../old' named nothing from elsewhere). `fence`: the story's front matter
    ('---', '+++': a Hugo story's), kept as it is and only the text after it given to pandoc, which
    read the front matter as a paragraph of the text."""
    given = f"-f {reader} " if reader else ""
    story, made = shlex.quote(f"{folder}/{rel}"), shlex.quote(f"{folder}/{rel.with_suffix('.md')}")
    cd = f"cd {shlex.quote(str(src.resolve()))} && "
    if not fence:
        return f"{cd}pandoc {given}-t markdown --standalone {story} -o {made}"
    front, rest = (shlex.quote(f"1,/^{fence}$/{do}") for do in "pd")   # ('-' and '+' are plain in sed's regex)
    return f"{cd}{{ sed -n {front} {story}; sed {rest} {story} | pandoc {given}-t markdown; }} > {made}"


# pandoc's reader for each suffix of a Hugo story it may convert (AsciiDoc from pandoc 3.8.3 on)
_PANDOC_READERS = {".html": "html", ".htm": "html", ".org": "org", ".adoc": "asciidoc", ".asciidoc": "asciidoc",
                   ".ad": "asciidoc", ".rst": "rst", ".pandoc": "markdown", ".pdc": "markdown"}


def _converted_beside(path: Path, suffixes: tuple[str, ...]) -> Path | None:
    """The Markdown file beside a story in another format, with its name (x.md beside x.rst): the one
    the import's pandoc line makes, which is imported in its place."""
    return next((md for md in map(path.with_suffix, suffixes) if md.is_file()), None)


def _converted_note(shown: str) -> str:
    return (f"{shown}: not imported: the Markdown file of its name beside it is (made from it as the import "
            "advises); delete it from the old project once that file reads right")


def _hugo_other_format(src: Path, folder: str, rel: Path) -> str:
    """The error for a Hugo story sitegen does not read, with the line that converts it."""
    path = src / folder / rel
    with path.open("rb") as file:
        first = file.readline().strip()
    fence = first.decode("ascii") if first in (b"---", b"+++") else ""
    line = _pandoc_line(src, folder, rel, _PANDOC_READERS[path.suffix.lower()], fence)
    older = (" (pandoc reads AsciiDoc from version 3.8.3 on; with an older one, put `asciidoctor -b docbook "
             "-o -` and `pandoc -f docbook` in its place)" if _PANDOC_READERS[path.suffix.lower()] == "asciidoc" else "")
    json = " (its JSON front matter given to pandoc: put it back at the top by hand)" if first == b"{" else ""
    return (f"{folder}/{rel}: not imported: sitegen reads Markdown only; convert it in the Hugo project "
            f"({line}){older}{json} and import again")


def hugo_files(src: Path, folder: str = "content", languages: frozenset[str] = frozenset({"en"}),
               others: tuple[str, ...] = (), main: tuple[str, ...] = ()) -> tuple[list[Path], list[str], list[str]]:
    """(the stories under its contentDir `folder`, notes on list pages, errors for stories in a format not
    imported); `languages`: the site's known ones, which decide what an index.fr.md is; `others`: the
    other languages' contentDirs inside it (content/fr in content/ is a language's, not a section);
    `main`: mainSections, the sections whose pages are stories (() every section's)."""
    stories, notes, errors = [], [], []
    for path, rel in _visible_files(src / folder):
        if path.suffix.lower() in _OTHER_FORMATS:
            if _converted_beside(path, _HUGO_MARKDOWN):
                notes.append(_converted_note(f"{folder}/{rel}"))
            else:
                errors.append(_hugo_other_format(src, folder, rel))
        if path.suffix.lower() not in _HUGO_MARKDOWN:
            continue
        if path.stem == "_index":
            notes.append(f"{folder}/{rel}: a Hugo list page (_index.md), not a story: not imported; sitegen makes "
                         "its own front, section and tag pages")
            continue
        bundle = _leaf_bundle(src / folder, rel, languages)
        if bundle:
            notes.append(f"{folder}/{rel}: a file of the page bundle {folder}/{bundle}/ (its index.md), which Hugo "
                         "publishes no page for: not imported; copy its text into the story if it belongs there")
            continue
        stories.append(path)
    stories, standing = _standing_pages(src / folder, stories, languages, tuple(src / o for o in others))
    stories, aside = _outside_main(src / folder, stories, main, tuple(src / o for o in others))
    notes += [f"{folder}/{section}/: a section outside the config's mainSections ({', '.join(main)}): its "
              f"{n} page{'s' if n > 1 else ''} {'are' if n > 1 else 'is'} not imported, as Hugo themes left "
              f"{'them' if n > 1 else 'it'} off the front page's news; add '{section}' to mainSections to import "
              f"{'them' if n > 1 else 'it'} as stories" for section, n in aside.items()]
    notes += [f"{folder}/{path.relative_to(src / folder).as_posix()}: a page outside every section, beside "
              f"{', '.join(sections)}: a standing page (About, contact), which Hugo themes leave out of the front "
              "page's news; not imported, as sitegen has no page type: publish it as static/"
              f"{path.stem if path.parent == src / folder else path.parent.name}.html, or move it into "
              f"{sections[0]} to import it as a story" for path, sections in standing]
    linked = _linked_folders(src / folder)
    base = src.resolve()
    errors += [f"{folder}/{rel}: a link to {real}, outside {src}: nothing in it is imported; copy the folder "
               f"into {src / folder}/ and import again" for rel, real in linked if not real.is_relative_to(base)]
    # hugo 0.168 publishes nothing under a linked folder of contentDir either (rf47k: a bundle linked from
    # the project's shared/ was left out without a word)
    notes += [f"{folder}/{rel}: a linked folder (to {real}): hugo publishes nothing in it, nor does the import; "
              f"if its stories belong to the site, put the folder in place of the link and import again"
              for rel, real in linked if real.is_relative_to(base)]
    return stories, notes, errors


def _standing_pages(content: Path, stories: list[Path], languages: frozenset[str] = frozenset({"en"}),
                    others: tuple[Path, ...] = ()) -> tuple[list[Path], list[tuple[Path, list[str]]]]:
    """(the stories, the regular pages at the top of contentDir beside sections, each with those sections):
    Hugo gives such a page no section and themes list only mainSections, so the old site's `hugo new
    about.md` never showed among the news. A site with no sections keeps its top pages as its stories.
    A leaf bundle at the top (content/trip/index.md) is a page with no section too, not a section, nor is
    another language's contentDir inside this one (content/fr) (rr54g)."""
    def at_top(p: Path) -> bool:   # a file of contentDir's own, or a leaf bundle's page there (content/about/)
        return p.parent == content or p.parent.parent == content and bundle_page(p.stem, languages)
    sections = sorted({f"{p.relative_to(content).parts[0]}/" for p in stories if not at_top(p)
                       and not any(p.is_relative_to(o) for o in others)})
    if not sections:
        return stories, []
    return [p for p in stories if not at_top(p)], [(p, sections) for p in stories if at_top(p)]


def _outside_main(content: Path, stories: list[Path], main: tuple[str, ...], others: tuple[Path, ...] = ()
                  ) -> tuple[list[Path], dict[str, int]]:
    """(the stories in mainSections or at the top, each other section -> how many pages it holds): Hugo's
    mainSections names the sections of the site's main pages, those its themes list on the front page, so
    a docs/ or projects/ section beside posts/ never showed among the news. () keeps every section's."""
    wanted = {m.strip("/").casefold() for m in main}
    if not any(p.relative_to(content).parts[0].casefold() in wanted for p in stories if p.parent != content):
        return stories, {}   # none of them here (a theme's example 'post' for posts/): Hugo's front page was empty
    kept, aside = [], {}
    for p in stories:
        top = p.relative_to(content).parts[0]
        if (not wanted or len(p.relative_to(content).parts) == 1 or top.casefold() in wanted
                or any(p.is_relative_to(o) for o in others)):
            kept.append(p)
        else:
            aside[top] = aside.get(top, 0) + 1
    return kept, aside


def _linked_folders(content: Path) -> list[tuple[str, Path]]:
    """Each folder link under `content` (none hidden), with where it leads: _visible_files' rglob
    enters no linked folder (nor does hugo), so a bundle linked in from elsewhere was left out
    without a word, '1 imported, 0 failed' (review47e, rf47k)."""
    import os   # (this walk alone uses it)
    found = []
    for top, dirs, _ in os.walk(content):   # a linked folder is listed in `dirs`, not entered
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [(path.relative_to(content).as_posix(), path.resolve()) for name in dirs
                  if (path := Path(top, name)).is_symlink()]
    return found


def bundle_page(stem: str, languages: frozenset[str]) -> bool:
    """index, or its translation into one of the site's languages (index.fr): a leaf bundle's page. hugo
    0.168 makes index.backup.md (index.fr.md with no fr) a file of the bundle, and alone in its folder a
    page of its own (/posts/c/index.backup/)."""
    name, dot, language = stem.partition(".")
    return name == "index" and (not dot or language.lower() in languages)


def _leaf_bundle(content: Path, rel: Path, languages: frozenset[str] = frozenset({"en"})) -> str:
    """The folder (relative to content/) of the leaf bundle that `rel` is a resource of, else '': a
    Markdown file beside a folder's index.md, or anywhere below it, is the bundle's and Hugo makes no
    page of it (checked with hugo 0.168: no page for post/x/notes.md)."""
    own = len(rel.parts) - 1 if bundle_page(Path(rel.name).stem, languages) else len(rel.parts)   # its own bundle's page
    for n in range(1, own):
        folder = content / Path(*rel.parts[:n])
        if any(p.is_file() and p.suffix.lower() in _HUGO_MARKDOWN and bundle_page(p.stem, languages)
               for p in folder.glob("index*")):
            return Path(*rel.parts[:n]).as_posix()
    return ""


def hugo_story(site: HugoSite, config: Config, path: Path, folder: str = "content",
               gone: frozenset[str] = frozenset()) -> Story:
    """`gone`: the stories (as `target`s) the import writes not, whose refs stay as written."""
    rel = path.relative_to(site.root / folder)
    shown = f"{folder}/{rel.as_posix()}"
    text = _read(path, site.root, shown)
    meta, body, first = split_front(text, shown)
    lines = key_lines(text, first)
    name, language = _hugo_name(path.stem, site)
    own = not language and site.folders.get(folder, "") not in ("", site.default_language)
    language = site.folders[folder] if own else language   # a language's own contentDir: its flood.md is flood-fr.md
    bundle = bundle_page(path.stem, site.known_languages) and len(rel.parts) > 1
    name = rel.parent.name if bundle else name
    sections = hugo_sections(site.root / folder, rel, bundle)
    low = low_keys(meta)   # Hugo's keys ignore case
    page = "/" + "/".join(rel.parent.parts if bundle else (*rel.parent.parts, name)).lower()   # Hugo's path: /posts/a
    inherited = {k: v for k, v in hugo_cascade(site, folder, rel, language or site.default_language, page).items()
                 if k not in low}      # its own keys win
    at = lambda key: (f"{shown} (its {key} set by the cascade in {inherited[key][1]})" if key in inherited  # noqa: E731
                      else f"{shown}:{lines.get(key, 1)}")
    meta = _file_dates(site, path, name, {**{k: v for k, (v, _) in inherited.items()}, **meta})
    low = low_keys(meta)
    expiring = _hugo_published(low, at, site.zone, site.build_expired)
    out, warnings = _hugo_meta(meta, at, name, site.zone, site.dates)
    out, more = category_section(config, out, "Hugo", _section_key(config, sections[0]) if sections else "")
    warnings += more
    if not out["section"] and sections:    # no one category: Hugo's section, its top folder
        out["section"], more = _hugo_section(config, folder, sections[0])
        # no section page was lost where hugo made none, or where it listed every story, as the front page does
        warnings += more if site.section_pages and sections[0] != site.sole_section else []
    warnings = expiring + warnings
    if out["draft"] and site.build_drafts:    # the old site's config published its drafts
        out["draft"] = None
        warnings.append(f"{at('draft')}: a draft, but the config's buildDrafts = true published it: imported "
                        "as a published story (add 'draft: true' to keep it back)")
    if out["draft"] and "draft" in inherited:
        warnings.append(f"{at('draft')}: draft: true, so Hugo never published it: imported as a draft")
    hugo_language = language or site.default_language
    given = str(meta.get("language") or language or (site.default_language if site.languages else ""))
    keep = language or (given and not same_writing(given, config.site.language))
    out["language"] = language_tag(given) if keep else None
    prefix = f"/{hugo_language}" if hugo_language != site.default_language or site.in_subdir else ""
    base = site.editions.get(hugo_language, site.base)
    prefix = "" if hugo_language in site.editions else prefix   # multihost: each edition at its host's root
    old = _hugo_old(site, low, out, sections, name, rel.parent.parts[: len(rel.parts) - 1 - bundle], hugo_language,
                    prefix, shown)
    # a token neither Hugo's nor a Go date layout (hugo refuses to build with it): no guessed address
    if re.search(r":\w", old) and "url" not in low:
        warnings.append(f"{shown}: its old address by [permalinks] ({old}) holds a token sitegen does not know; "
                        "not listed under aliases: (add the story's old address there by hand)")
        old = None
    out["aliases"], lost = _hugo_aliases(out["aliases"], old, prefix, shown)
    elsewhere = base is None   # an edition on another host: none of its old addresses was this site's (noted once)
    if elsewhere:
        out["aliases"], old, base = [], None, ""
    out, more = with_alias(config, out, old, shown, base)
    more = lost + more
    pictures, left, others = _bundle_files(path, shown) if bundle else ((), [], {})
    target = hugo_target(site, folder, rel)
    beside = target.rsplit("/", 1)[0] + "/" if "/" in target else ""    # the new file's folder
    pictures = tuple((beside + p.relative_to(path.parent).as_posix(), p) for p in pictures)   # as the text names them
    body, lost, links, refs = hugo_shortcodes(site, folder, rel, body, shown, first, gone)   # before the pictures
    warnings += lost
    body, raw = raw_static(body, first, shown, site.root, site.statics)
    warnings += raw
    statics, gone = static_pictures(site.root, _root_pictures(out.get("image"), body, first), shown, site.statics)
    if out.get("image") in gone:
        out["image"] = None     # as before: a lead picture not found would stop the build
    _shows_uncopied(body, out.get("image"), others, shown, first)
    body, out["summary"] = without_more(body, out.get("summary"))
    group = f"key:{low['translationkey']}" if low.get("translationkey") else f"path:{page}"   # as Hugo pairs them
    lists = () if out["draft"] or elsewhere else hugo_lists(site, config, low, out, sections, base + prefix)
    olds = [] if elsewhere else [(base + "/" + quote(rel), rel) for rel, _ in statics]   # static/ as it is
    if old and old.endswith("/"):      # a bundle's pictures beside its page
        olds += [(base + old + quote(rel[len(beside):]), rel) for rel, _ in pictures]
    return Story(shown, target, out, body, pictures + statics,
                 tuple(warnings + more + left + list(gone.values())), picture_olds=tuple(olds),
                 group=group, rank=(hugo_language != site.default_language,), lists=lists, links=links,
                 old=base + old if old else "", refs=refs)


def hugo_lists(site: HugoSite, config: Config, low: dict[str, Any], out: dict[str, Any], sections: list[str],
               prefix: str) -> tuple[tuple[str, str, str], ...]:
    """(old address, new one, a comment) of the list pages hugo published the story on, and of their RSS
    feeds (index.xml: this site's rss.xml of the same list): the front page's, each taxonomy term's
    (/tags/x/, /categories/x/: this site's tag or section page) and its section's (/posts/: the front
    page, or the section of that name here); another taxonomy's (/series/x/) has no page here: the
    front page, commented. A taxonomy's own page (/categories/, a list of its terms) is no feed's. `prefix`:
    before each (the old site's path, then /LANG/)."""
    new, cats = list_pages(config, out), _terms(low.get("categories"))
    terms = []
    for plural in site.taxonomies:
        for term in _terms(low.get(plural)):
            kind = {"tags": "tag", "authors": "author", "categories": "tag" if len(cats) > 1 else "section"}.get(plural)
            # a category no section here is a tag (category_section)
            target = new.get(f"{kind}:{term}") or (new.get(f"tag:{term}") if plural == "categories" else None)
            terms.append((f"/{plural}/{site.paths.path(term)}/", target or new["root"],   # hugo: /tags/c++/
                          "" if target else f"{plural}: no such list here: choose a page"))
    lists = [("/", new["root"], "")]
    if sections and site.section_pages:
        section = _section_slug(config, sections[0], configured=True)
        lists.append((f"/{site.paths.path(sections[0])}/", new["root"] + (section + "/" if section else ""), ""))
    feeds = [(old + "index.xml", feed, "") for old, target, why in lists + terms
             if not why and (feed := feed_of(config, target, "rss.xml"))]
    if site.ugly is True:   # hugo 0.168: a term's page is /tags/x.html (its feed still /tags/x/index.xml)
        terms = [(old[:-1] + ".html", target, why) for old, target, why in terms]
    indexes = {"tags": "tags/", "authors": "authors/"}
    lists += [(f"/{plural}/", new["root"] + indexes.get(plural, ""), "") for plural in site.taxonomies
              if _terms(low.get(plural))]
    return tuple((re.sub(r"[%?#\s]", lambda m: quote(m.group()), prefix + old), target, why)
                 for old, target, why in lists + terms + feeds)


def hugo_target(site: HugoSite, folder: str, rel: Path) -> str:
    """Where a Hugo story goes under content/: its path, a translation's 'flood.fr.md' (or flood.md in
    French's own contentDir) as flood-fr.md, a bundle's index.fr.md as index-fr.md."""
    name, language = _hugo_name(rel.stem, site)
    own = not language and site.folders.get(folder, "") not in ("", site.default_language)
    language = site.folders[folder] if own else language
    if bundle_page(rel.stem, site.known_languages) and len(rel.parts) > 1:
        return _target(rel.parent / f"index{'-' + language if language else ''}")
    return _target(rel.with_name(f"{rel.stem}.{language}{rel.suffix}") if own else rel)


# Hugo's built-in shortcodes sitegen has Markdown for: {{< figure src="a.jpg" >}}, {{< ref "a.md" >}} (and
# {{% relref %}}); an argument is "quoted", `raw`, or bare, named (src="a.jpg") or not
_HUGO_SHORTCODE = re.compile(r'\{\{([<%])\s*(figure|ref|relref)\s+'
                             r'((?:"(?:[^"\\\n]|\\.)*"|`[^`]*`|[^"`%>}\n])*?)\s*/?\s*[%>]\}\}')
# Hugo's escaped shortcode, shown as the shortcode's text: '{{</* figure src="x.jpg" */>}}' is '{{< figure src="x.jpg" >}}'
_ESCAPED_SHORTCODE = re.compile(r"\{\{([<%])/\*(.*?)\*/([%>])\}\}", re.DOTALL)
_SHORTCODE_OPEN = re.compile(r'\{\{([<%])\s*(figure|ref|relref)\s+')
# _HUGO_SHORTCODE's match once its end is known (endpos): its arguments end at the first place the close
# follows, which is the arguments' start or after a non-space (a space there would be a place before it);
# so the close is tried only there, and spaces are read once (_HUGO_SHORTCODE itself read a run of
# n spaces among the arguments n**3 times: 1.7 s at 1,000)
_SHORTCODE_TO_END = re.compile(r'\{\{([<%])\s*(figure|ref|relref)\s+((?:.*?\S)??)\s*+/?\s*+[%>]\}\}\Z', re.DOTALL)
_SPACES = re.compile(r'\s*')
_SHORTCODE_ARG = re.compile(r'(?:(\w+)=)?("(?:[^"\\]|\\.)*"|`[^`]*`|[^\s"`]+)')


def hugo_shortcodes(site: HugoSite, folder: str, rel: Path, body: str, shown: str = "", first: int = 1,
                    gone: frozenset[str] = frozenset()
                    ) -> tuple[str, list[str], tuple[str, ...], tuple[tuple[str, str, bool], ...]]:
    """Hugo's figure as a Markdown picture (its caption the picture's title, as sitegen captions it; a
    link around an uncaptioned one kept), ref and relref as a link from content/ to the imported story
    (README "Links between stories"), as pelican_links does for Pelican. One sitegen cannot resolve
    stays as written (shortcode_warnings names it); so does any other shortcode, and a ref to a story in
    `gone` (not imported: expired, or failed). A ref outside a link's (...) or a link definition (in an
    <a href>, or bare: hugo wrote the story's URL there) is left for cross_links, which writes the story's
    address here. Also the warnings, with their lines, the stories linked and those refs."""
    warnings: list[str] = []
    done: list[tuple[int, int]] = []
    links: list[str] = []
    refs: list[tuple[str, str, bool]] = []

    def one(m: re.Match) -> str:
        made = _markdown(m)
        done.extend([m.span()] if made else [])
        return made or m.group(0)

    def _markdown(m: re.Match) -> str:
        args = [(k or "", v[1:-1].replace('\\"', '"') if v[0] in '"`' else v)
                for k, v in _SHORTCODE_ARG.findall(m.group(3))]
        named, loose = {k.lower(): v for k, v in args if k}, [v for k, v in args if not k]
        if m.group(2) == "figure":
            picture, dropped, lost = _figure(named)
            at = f"{shown}:{line(m.start())}"
            if dropped:
                warnings.append(f"{at}: the figure's link ({dropped}) "
                                "is not kept: a picture in a link shows no caption here, and the caption is kept; "
                                "add the link to the text if readers need it")
            if lost:
                warnings.append(f"{at}: the figure's caption links to {', '.join(lost)}, not kept (a picture's caption "
                                "is plain text here; its words are): add the link to the text if readers need it")
            return picture
        target, fragment = _hugo_ref(site, folder, rel, named.get("path") or (loose[0] if loose else ""))
        if target in gone:     # the build's 'names no story' came too late, and said nothing of why
            done.append(m.span())
            warnings.append(f"{shown}:{line(m.start())}: {m.group(0)[:60]!r} names "
                            f"{target}, a story not imported (see its note or error): left as written, which "
                            "sitegen shows as text; link another story or remove it")
            return ""
        links.extend([target] if target else [])
        if target and not _in_link(body, m.start()):    # no link's: the address itself, written later
            done.append(m.span())
            refs.append((m.group(0), target + fragment, m.group(2) == "ref"))
            return m.group(0)
        return "/" + target + fragment if target else ""
    if "{{" not in body:
        return body, warnings, (), ()
    done += [m.span() for m in _ESCAPED_SHORTCODE.finditer(body, 0, _escapes_end(body))]
    line = line_finder(body, first)
    out = "".join(_sub_shortcodes(body, one))
    end = _escapes_end(out)
    out = _ESCAPED_SHORTCODE.sub(r"{{\1\2\3}}", out[:end]) + out[end:]
    return out, warnings + shortcode_warnings(body, shown, first, done), tuple(links), tuple(refs)


def _sub_shortcodes(body: str, one: Callable[[re.Match], str]) -> Iterator[str]:
    """_HUGO_SHORTCODE.sub(one, body)'s pieces, in time linear in the body: each opener's match
    ends where _ShortcodeEnds says, and _SHORTCODE_TO_END then matches only up to there."""
    ends, at = _ShortcodeEnds(body), 0
    for m in _SHORTCODE_OPEN.finditer(body):
        if m.start() < at:
            continue
        end = ends.after(m.end())
        if end >= 0:
            yield body[at:m.start()]
            yield one(_SHORTCODE_TO_END.match(body, m.start(), end))
            at = end
    yield body[at:]


class _ShortcodeEnds:
    """Where _HUGO_SHORTCODE's match ends from the arguments' start, or -1. Its arguments are read
    as tokens ("quoted", `raw`, one other character) up to the first place its close follows. From a
    given place, what follows does not depend on where the reading started, so each place is read
    once for the whole body: an unclosed opener's read is not repeated by the openers inside it
    (a long line of '{{< figure ' was quadratic)."""

    def __init__(self, body: str):
        self.body, self.ends, self.quoted, self.spaces = body, {}, {}, {}

    def after(self, x: int) -> int:
        path, end = [], -1
        while x >= 0:
            if x in self.ends:
                end = self.ends[x]
                break
            path.append(x)
            end = self._close(x)
            if end >= 0:
                break
            x = self._token(x)
        for y in path:
            self.ends[y] = end
        return end

    def _close(self, x: int) -> int:
        """The end of the close (spaces, a '/' or not, spaces, '>}}' or '%}}') at x, or -1."""
        b, w = self.body, self._space(x)
        w = self._space(w + 1) if b[w:w + 1] == "/" else w
        return w + 3 if b[w:w + 1] in ("%", ">") and b[w + 1:w + 3] == "}}" else -1

    def _space(self, x: int) -> int:
        if x not in self.spaces:
            end = _SPACES.match(self.body, x).end()
            for y in range(x, end + 1):     # up to the places a read further on filled
                if y in self.spaces:
                    break
                self.spaces[y] = end
        return self.spaces[x]

    def _token(self, x: int) -> int:
        """The end of the argument token at x, or -1."""
        c = self.body[x:x + 1]
        if c == '"':
            return self._quote(x + 1)
        if c == "`":
            j = self.body.find("`", x + 1)
            return j + 1 if j >= 0 else -1
        return -1 if c in ("", "%", ">", "}", "\n") else x + 1

    def _quote(self, j: int) -> int:
        """The end of a quoted argument read on from j, inside it: to its '"', a backslash taking the
        character after it; a line's end or a backslash before one ends it unclosed (-1)."""
        b, path, end = self.body, [], -1
        while True:
            if j in self.quoted:
                end = self.quoted[j]
                break
            path.append(j)
            c = b[j:j + 1]
            if c == '"':
                end = j + 1
                break
            if c in ("", "\n") or c == "\\" and b[j + 1:j + 2] in ("", "\n"):
                break
            j += 2 if c == "\\" else 1
        for y in path:
            self.quoted[y] = end
        return end


def _escapes_end(body: str) -> int:
    """Where the last escaped shortcode can end: after the last '*/>}}' or '*/%}}'. No match ends later, and
    _ESCAPED_SHORTCODE read on from each '{{</*' to the file's end for one: a broken file's unclosed ones cost
    its length squared (fuzz53)."""
    return max(body.rfind("*/>}}"), body.rfind("*/%}}")) + len("*/>}}")


def _in_link(body: str, at: int) -> bool:
    """Whether `at` is where a Markdown link's address starts: after '](' or a link definition's '[x]:'."""
    line = body[body.rfind("\n", 0, at) + 1: at]
    return bool(re.search(r"\]\(\s*<?$", line) or re.fullmatch(r"[ ]{0,3}\[[^\]]+\]:\s*<?", line))


def _figure(args: dict[str, str]) -> tuple[str, str, list[str]]:
    """![alt](src "caption"), the title, caption and attribution (attr: a photo credit, which Hugo shows
    after the caption) as the caption ('' without a src); the link not kept: sitegen captions a picture
    alone in its paragraph, not one in a link (Hugo shows both); and the addresses of the links in the
    caption and attribution (attrlink too), which a caption here cannot hold: their words are kept."""
    src, link = args.get("src", "").strip(), args.get("link", "").strip()
    if not src or re.search(r"[\s()<>]", src):
        return "", "", []
    lost = [m.group(2) for key in ("caption", "attr") for m in _CAPTION_LINK.finditer(args.get(key, ""))]
    lost += [args["attrlink"].strip()] if args.get("attrlink", "").strip() and args.get("attr", "").strip() else []
    alt = _one_line(args.get("alt", "")) or _plain_text(args.get("caption", "")) or _one_line(args.get("title", ""))
    said = " — ".join(t for t in (_plain_text(args.get("caption", "")), _plain_text(args.get("attr", ""))) if t)
    caption = " ".join(t for t in (_one_line(args.get("title", "")), said) if t)
    title = ' "' + caption.replace("\\", "\\\\").replace('"', '\\"') + '"' if caption else ""
    picture = "![" + re.sub(r"([\[\]\\])", r"\\\1", alt) + "](" + src + title + ")"
    if not link or re.search(r"[\s()<>]", link):
        return picture, "", lost
    return (picture, link, lost) if caption else (f"[{picture}]({link})", "", lost)


_CAPTION_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?([^\s)>]*)[^)]*\)")   # [Ann](https://ann.example)


def _one_line(text: str) -> str:
    """Words on one line: a caption over paragraphs (in `backticks`) broke the picture's Markdown, which
    was then published as text."""
    return " ".join(text.split())


def _plain_text(text: str) -> str:
    """A caption's words without Markdown's marks or HTML tags (Hugo's markdownify | plainify), on one line."""
    return _one_line(re.sub(r"[*_`]|<[^>]*>", "", _CAPTION_LINK.sub(r"\1", text)))   # a link's words, not its URL


def _hugo_ref(site: HugoSite, folder: str, rel: Path, value: str) -> tuple[str, str]:
    """The story a ref names, as its `target` under content/ ('posts/a.md'), and its '#fragment': the
    path from the content folder ('/posts/a.md'), else from the page's folder, then from the content
    folder, with or without its suffix ('posts/a'), a bundle by its folder ('posts/flood'); ('', '')
    when it names no story the import reads."""
    path, hash_, fragment = value.strip().partition("#")
    top = site.root / folder
    here = rel.parent if not bundle_page(rel.stem, site.known_languages) else rel.parent.parent
    bases = [path.lstrip("/")] if path.startswith("/") else [(here / path).as_posix(), path]
    found = next((f for f in (_hugo_page(top, posixpath.normpath(b), site) for b in bases if path) if f), None)
    if found is None and path and "/" not in path:     # a bare name: the one story of that name, as Hugo finds it
        stem = path[: -len(Path(path).suffix)] if Path(path).suffix.lower() in _HUGO_MARKDOWN else path
        named = {p.relative_to(top).parent.as_posix() if bundle_page(p.stem, site.known_languages) else
                 p.relative_to(top).with_suffix("").as_posix() for p in top.rglob("*")
                 if p.suffix.lower() in _HUGO_MARKDOWN and (p.stem == stem or p.parent.name == stem)}
        pages = [f for f in (_hugo_page(top, n, site) for n in named if n.rsplit("/", 1)[-1] == stem) if f]
        found = pages[0] if len(pages) == 1 else None
    return (hugo_target(site, folder, found), hash_ + fragment if fragment else "") if found else ("", "")


def _hugo_page(top: Path, base: str, site: HugoSite) -> Path | None:
    """The story file `base` names under the content folder `top` (as a file, without its suffix, or a
    bundle's folder), relative to `top`; None for a list page, a bundle's resource or no story."""
    if base.startswith("..") or base in (".", ""):
        return None
    stem = base[: -len(Path(base).suffix)] if Path(base).suffix.lower() in _HUGO_MARKDOWN else base
    names = [base] + [stem + s for s in _HUGO_MARKDOWN] + [f"{base}/index{s}" for s in _HUGO_MARKDOWN]
    for name in names:
        file = top / name
        if file.is_file() and file.suffix.lower() in _HUGO_MARKDOWN and file.stem != "_index" \
                and file.resolve().is_relative_to(top.resolve()):
            found = Path(name)
            return None if _leaf_bundle(top, found, site.known_languages) else found
    return None


def hugo_sections(content: Path, rel: Path, bundle: bool) -> list[str]:
    """The folders of the section a story is in, as Hugo's :sections: the nearest folder above it that is a
    section (the top one, or one with an _index.md), with every folder on the way (hugo 0.168: a/plain/more/x.md
    is in a, a/plain/deeper/x.md in a/plain/deeper when deeper has an _index.md and plain none)."""
    folders = rel.parent.parts[: len(rel.parent.parts) - bundle]
    for n in range(len(folders), 0, -1):
        if n == 1 or any((content / Path(*folders[:n])).glob("_index.*")):
            return list(folders[:n])
    return []


# What a cascade changes that decides whether and when Hugo publishes a page; other keys are not read
_PUBLICATION = ("draft", "headless", "build", "_build", "expirydate", "unpublishdate", "publishdate")


def hugo_cascade(site: HugoSite, folder: str, rel: Path, language: str, page: str) -> dict[str, tuple[object, str]]:
    """{key: (value, where it was set)} of the publication keys the story inherits from `cascade`: the
    config's, then each _index.md above it in its language (_index.fr.md for fr; hugo 0.168 gives a
    French story nothing from _index.md), the nearer one winning; an entry with a `_target` (`target`)
    only where its path, kind, lang and environment globs match the story ('/posts/**', page, fr,
    production)."""
    default = site.folders.get(folder) or site.default_language
    found: dict[str, tuple[object, str]] = {}
    sources = [(site.cascade, "the config's [cascade]")]
    for n in range(len(rel.parts)):
        d = site.root / folder / Path(*rel.parts[:n])
        names = [f"_index.{language}.md"] + (["_index.md"] if language == default else [])
        index = next((d / i for i in names if (d / i).is_file()), None)
        if index is not None:
            sources.append(_index_cascade(site, index, f"{folder}/{index.relative_to(site.root / folder).as_posix()}"))
    for value, where in sources:
        for entry in value if isinstance(value, list) else [value]:
            if isinstance(entry, dict) and _targets(entry, page, language):
                found.update({str(k).lower(): (v, where) for k, v in entry.items() if str(k).lower() in _PUBLICATION})
    return found


def _index_cascade(site: HugoSite, index: Path, shown: str) -> tuple[object, str]:
    """(an _index.md's cascade, 'content/x/_index.md:LINE' where it is), read once for all its stories."""
    if index not in site.indexes:
        try:
            text = _read(index, site.root, shown)
            meta, _, first = split_front(text, shown)
        except ImportProblem as exc:
            site.indexes[index] = exc
        else:
            low = low_keys(meta)
            site.indexes[index] = (low.get("cascade"), f"{shown}:{key_lines(text, first).get('cascade', 1)}")
    got = site.indexes[index]
    if isinstance(got, ImportProblem):   # its cascade may hold the story back: not imported on a guess
        raise ImportProblem(f"{got} (its cascade is read for the stories below it)")
    return got


def _targets(entry: dict, page: str, language: str) -> bool:
    """Whether a cascade entry's `_target` (`target`) globs take the story: a page, built for production."""
    low = low_keys(entry)
    target = low.get("_target", low.get("target"))
    if not isinstance(target, dict):
        return True
    have = {"path": page, "kind": "page", "lang": language, "environment": "production"}   # lang: before 0.150
    matrix = low_keys(low_keys(target).get("sites")).get("matrix")
    languages = low_keys(matrix).get("languages")     # hugo 0.150's target.sites.matrix.languages
    wanted = [languages] if isinstance(languages, str) else languages if isinstance(languages, list) else []
    return all(_glob(str(want).lower(), have[key]) for key, want in low_keys(target).items()
               if key in have and want not in (None, "")) and \
        (not wanted or any(_glob(str(w).lower(), language) for w in wanted))


def low_keys(value: object) -> dict[str, Any]:
    """A mapping's keys in lower case (Hugo's ignore case); {} for anything else."""
    return {str(k).lower(): v for k, v in value.items()} if isinstance(value, dict) else {}


_GLOB = {"**": ".*", "*": "[^/]*", "?": "[^/]", "{": "(?:", "}": ")", "[": "[", "]": "]"}


def _glob(pattern: str, text: str) -> bool:
    """Hugo's glob: '**' any path, '*' and '?' within one part, '{a,b}' either, '[ab]' a class."""
    rx, depth = [], 0
    for token in re.findall(r"\*\*|.", pattern, re.DOTALL):
        depth += (token == "{") - (token == "}")
        rx.append("|" if token == "," and depth > 0 else _GLOB.get(token, re.escape(token)))
    try:
        return re.fullmatch("".join(rx), text) is not None
    except re.error:     # an unclosed '{' or '[': matches nothing, as a glob Hugo cannot read
        return False


# ![alt](/images/a.jpg "t"), not //host/x; CommonMark's '<...>' form may hold spaces: ![a](</images/my pic.png>)
_MD_PICTURE = re.compile(r"!\[[^\]\n]*\]\(\s*(?:<(/(?!/)[^<>\n]+)>|(/(?!/)[^\s)<>]+))")


def line_finder(text: str, first: int) -> Callable[[int], int]:
    """The line of each offset in `text`, which starts on line `first`: its breaks found once, each
    offset's line by bisection. Counted from the text's start for each match, n pictures (links,
    shortcodes) read the text n times: an 18 MB story of 200,000 was still importing after 300 s."""
    breaks = [m.start() for m in re.finditer("\n", text)]
    return lambda at: first + bisect_left(breaks, at)


# A reference-style picture ('![Map][m]', '![m][]', '![m]') and a link definition ('[m]: /images/map.png')
_PICTURE_REF = re.compile(r"!\[([^\]\n]*)\](?:\[([^\]\n]*)\])?(?![(\[:])")
_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*(?:<([^<>\n]+)>|([^\s<>]+))", re.MULTILINE)


def _root_pictures(image: object, body: str, first: int) -> list[tuple[str, int]]:
    """(reference, line; 0 for the front matter) of each picture named from the site's root: '/images/a.jpg',
    inline or by a reference ('![Map][m]' and its '[m]: /images/map.png', on the definition's line)."""
    refs = [(image, 0)] if isinstance(image, str) and image.startswith("/") and not image.startswith("//") else []
    line = line_finder(body, first)
    refs += [(m.group(1) or m.group(2), line(m.start())) for m in _MD_PICTURE.finditer(body)]
    labels = {_label(m.group(2) or m.group(1)) for m in _PICTURE_REF.finditer(body)}
    defined = [(m.group(1), m.group(2) or m.group(3), line(m.start()))
               for m in _DEFINITION.finditer(body)]
    return refs + [(url, line) for label, url, line in defined
                   if _label(label) in labels and url.startswith("/") and not url.startswith("//")]


def _label(text: str) -> str:
    """A link label as CommonMark matches it: case and runs of spaces ignored."""
    return " ".join(text.split()).casefold()


# A raw <img> alone on its line, and its attributes
_RAW_IMG = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")


def raw_static(body: str, first: int, shown: str, src: Path, statics: tuple[str, ...]) -> tuple[str, list[str]]:
    """Raw HTML's <img src="/images/pic.jpg"> of a file in static/, which the build does not publish (it
    publishes the pictures Markdown shows): alone on its line with only src, alt and title, written as
    the Markdown picture (static_pictures then copies it); else a warning naming the file. A Markdown
    link to another file in static/ ('[budget](/files/budget.pdf)') is not copied: a warning too."""
    warnings: list[str] = []

    def img(m: re.Match) -> str:
        attrs = {k.lower(): html_unescape(v.strip("\"'")) for k, v in _ATTRIBUTE.findall(m.group(0))}
        file = _static_file(src, attrs.get("src", ""), statics)
        if file is None:
            return m.group(0)
        line_start = body.rfind("\n", 0, m.start()) + 1
        line_end = body.find("\n", m.end()) % (len(body) + 1)
        alone = not body[line_start: m.start()].strip(" ") and not body[m.end(): line_end].strip()
        if alone and set(attrs) <= {"src", "alt", "title"} and not re.search(r"[\s()<>]", attrs["src"]):
            title = attrs.get("title", "").replace("\\", "\\\\").replace('"', '\\"')
            return ("![" + re.sub(r"([\[\]\\])", r"\\\1", _one_line(attrs.get("alt", ""))) + "](" + attrs["src"]
                    + (f' "{_one_line(title)}"' if title else "") + ")")
        warnings.append(f"{shown}:{raw_line(m.start())}: {m.group(0)[:60]!r} names {file}, "
                        "which raw HTML does not publish here (the build publishes the pictures Markdown shows): "
                        f"write it as ![...]({attrs['src']}) on a line of its own and import again, or copy the "
                        f"file into this site's static/ and name /static/{attrs['src'].lstrip('/')}")
        return m.group(0)
    raw_line = line_finder(body, first)
    body = _RAW_IMG.sub(img, body) if "<" in body else body
    line = line_finder(body, first)   # the text as rewritten: a picture's alt made one line
    for m in _MD_LINK.finditer(body):
        url = m.group(1) or m.group(2) or ""     # not a picture's (group 3): static_pictures reads those
        file = _static_file(src, url, statics)
        if file is not None and Path(file).suffix.lower() not in PICTURE_SUFFIXES:
            warnings.append(f"{shown}:{line(m.start())}: the link {url!r} names {file}, "
                            f"which is not copied (sitegen copies pictures only): copy it into this site's static/ "
                            f"and link /static/{url.lstrip('/')}")
    return body, warnings


def _static_file(src: Path, url: str, statics: tuple[str, ...]) -> str | None:
    """'static/images/a.jpg' when `url` ('/images/a.jpg') names a file in the project's staticDir folders."""
    rel = unquote(url.split("#")[0].split("?")[0])
    if not _safe_path(rel) or rel.startswith("//") or rel == "/":
        return None
    return next((f"{d}/{rel.lstrip('/')}" for d in reversed(statics) if (src / d / rel.lstrip("/")).is_file()), None)


def static_pictures(src: Path, refs: list[tuple[str, int]], shown: str, statics: tuple[str, ...] = ("static",)
                    ) -> tuple[tuple[tuple[str, Path], ...], dict[str, str]]:
    """The pictures a Hugo story names from the site's root that are in its staticDir folders (SRC/static/
    by default; the last folder that has the file, as hugo publishes it), each to the same path under
    content/ (where sitegen finds '/images/a.jpg' too, so the text stays as it is; a file there with other
    bytes is kept and named, as any); and {reference: warning} for the others."""
    found, gone = {}, {}
    named = ", ".join(f"{d}/" for d in statics) or "static/"
    for ref, line in refs:
        rel = unquote(ref.split("#")[0].split("?")[0])
        where = f"{shown}:{line}" if line else f"{shown}: image"
        if not _safe_path(rel) or Path(rel).suffix.lower() not in PICTURE_SUFFIXES:
            gone[ref] = f"{where}: {ref!r} is no picture sitegen copies (JPEG, PNG, WebP, GIF, SVG under {named}): " \
                        "left as written; put the file in content/ at that path"
            continue
        files = (src / d / rel.lstrip("/") for d in reversed(statics))    # the last folder's file wins
        file = next((f for f in files if f.is_file() or f.is_symlink()), None)
        if file is None or file.is_symlink() or \
                not any(file.resolve().is_relative_to((src / d).resolve()) for d in statics):
            gone[ref] = f"{where}: {ref!r} is not a file in the Hugo project's {named} (a theme's?): not copied; " \
                        f"copy it to content/{rel.lstrip('/')} (sitegen build stops on a missing picture)"
        else:
            found[rel.lstrip("/")] = file
    return tuple(found.items()), gone


def _hugo_name(stem: str, site: HugoSite) -> tuple[str, str]:
    """('report', 'fr') for Hugo's translation 'report.fr' when fr is one of the config's [languages]
    (or its default language); (stem, '') otherwise: Hugo 0.168 publishes 'notes.on.md', and
    'same.fr.md' with no [languages], as a page named so, in the default language."""
    m = re.fullmatch(r"(.+)\.([a-z]{2,3}(?:-[a-z0-9]{2,8})*)", stem, re.IGNORECASE)
    known = site.known_languages
    return (m.group(1), m.group(2).lower()) if m and m.group(2).lower() in known else (stem, "")


def _hugo_published(low: dict[str, Any], at: Callable[[str], str], zone: tzinfo | None,
                    build_expired: bool = False) -> list[str]:
    """Raises NotPublished for a story Hugo never published: headless, build/_build render: never or link,
    or expiryDate (unpublishDate) past; the warning for one still to expire (sitegen has no expiry).
    `low`: the front matter, its keys in lower case (Hugo's ignore case)."""
    if _true(low.get("headless")):
        raise NotPublished(f"{at('headless')}: headless: true, so Hugo never published it: not imported")
    for key in ("build", "_build"):
        options = low.get(key)
        option = low_keys(options).get("render")
        value = "never" if option is False else str(option).strip().lower()
        if value in ("never", "false", "link"):   # 'link': listed and linked, but no page of its own
            raise NotPublished(f"{at(key)}: {key}: render: {value}, so Hugo never published it: not imported")
    key = "expirydate" if low.get("expirydate") else "unpublishdate"
    if low.get(key) and not build_expired:     # buildExpired = true: hugo publishes it still
        expiry = _when(low[key], at(key), key)
        if _instant(expiry, zone) <= datetime.now(timezone.utc):
            raise NotPublished(f"{at(key)}: expired on {expiry}, so Hugo no longer publishes it: not imported "
                               "(remove that line in the source and import again to publish it)")
        # kept under extra:, which no build reads: the story stayed up past the day Hugo pulls it
        return [f"{at(key)}: {'expiryDate' if key == 'expirydate' else 'unpublishDate'}: {expiry}: Hugo takes the story down then, sitegen has no "
                "expiry and keeps it up: on that day delete its file or set 'draft: true' in it"]
    return []


# Hugo's default [frontmatter] keys: its .Date is the first of _DATE_KEYS a story has, .PublishDate of
# _PUBLISH_KEYS (else the date), .Lastmod of _LASTMOD_KEYS
_DATE_KEYS = ("date", "publishdate", "pubdate", "published", "lastmod", "modified")
_PUBLISH_KEYS = ("publishdate", "pubdate", "published")
_LASTMOD_KEYS = ("lastmod", "modified")
# [frontmatter]'s handlers that read no key: the file's name ('2019-07-04-storm-hits.md') and its time
_FROM_NAME, _FROM_TIME = ":filename", ":filemodtime"


@dataclass(frozen=True)
class HugoDates:
    """Where hugo reads a story's .Date, .PublishDate and .Lastmod ([frontmatter]): keys in the order
    tried, and _FROM_NAME, _FROM_TIME (':git' is not read: the old project's history is not asked)."""
    date: tuple[str, ...] = _DATE_KEYS
    publish: tuple[str, ...] = _PUBLISH_KEYS
    lastmod: tuple[str, ...] = _LASTMOD_KEYS

    @property
    def handlers(self) -> frozenset[str]:
        return frozenset({*self.date, *self.publish, *self.lastmod})


def _hugo_dates(given: object) -> HugoDates:
    """[frontmatter] date, publishDate, lastmod: a list (or one name) each, ':default' its defaults;
    a publish date or lastmod that is the .Date's own key is that date (not an embargo, not an update)."""
    low = low_keys(given)

    def keys(name: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = low.get(name)
        value = [value] if isinstance(value, str) else value if isinstance(value, list) else [":default"]
        out = [k for v in value for k in (default if str(v).lower() == ":default" else [str(v).lower()])]
        return tuple(dict.fromkeys(out))
    date = keys("date", _DATE_KEYS)
    return HugoDates(date, tuple(k for k in keys("publishdate", _PUBLISH_KEYS) if k != "date"),
                     tuple(k for k in keys("lastmod", _LASTMOD_KEYS) if k not in ("date", *_PUBLISH_KEYS)))


def _file_dates(site: HugoSite, path: Path, name: str, meta: dict[str, Any]) -> dict[str, Any]:
    """The story's front matter with the dates [frontmatter] reads from elsewhere: its file's name
    ('2019-07-04-storm-hits': the day, and the slug 'storm-hits' when no slug is given and the name's
    date is the one hugo took, as hugo does) and its modification time."""
    found: dict[str, Any] = {}
    rest = ""
    if _FROM_NAME in site.dates.handlers:
        day, rest = _name_date(name)
        found[_FROM_NAME] = day
    if _FROM_TIME in site.dates.handlers:
        found[_FROM_TIME] = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).replace(microsecond=0)
    out = {**meta, **found}
    low = low_keys(out)
    took = {_first(low, keys) for keys in (site.dates.date, site.dates.publish, site.dates.lastmod)}
    if _FROM_NAME in took and rest and "slug" not in low_keys(meta):
        out["slug"] = rest
    return out


def _name_date(name: str) -> tuple[date | None, str]:
    """Hugo's date and slug from a file's name: a day in its first ten characters, the rest trimmed of
    ' -_' ('2019-07-04-storm-hits': 2019-07-04, 'storm-hits')."""
    try:
        return date.fromisoformat(name[:10]), name[10:].strip(" -_")
    except ValueError:
        return None, ""


def _first(low: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    return next((k for k in keys if low.get(k)), None)


def _hugo_date(low: dict[str, Any], at: Callable[[str], str], zone: tzinfo | None,
               dates: HugoDates = HugoDates()) -> date | datetime:
    """Hugo's .Date; a publish date after `date` is an embargo, Hugo's real date."""
    key = _first(low, dates.date)
    if key is None:
        raise ImportProblem(f"{at('date')}: no date; add 'date:' to its front matter and import again")
    when = _in_calendar(_zoned(_when(low[key], at(key), "date"), zone), at(key), "date")
    publish_key = _first(low, dates.publish)
    if key not in dates.publish and publish_key:
        publish = _in_calendar(_zoned(_when(low[publish_key], at(publish_key), publish_key), zone), at(publish_key),
                               publish_key)
        if _instant(publish, zone) > _instant(when, zone):
            when = publish
    return when


def _hugo_meta(meta: dict[str, Any], at: Callable[[str], str], name: str,
               zone: tzinfo | None = None, dates: HugoDates = HugoDates()) -> tuple[dict[str, Any], list[str]]:
    """Hugo's keys as sitegen's; the rest kept under extra:. One category is the section; several are tags."""
    low = low_keys(meta)
    if not low.get("title"):
        raise ImportProblem(f"{at('title')}: no title; add 'title:' to its front matter and import again")
    when = _hugo_date(low, at, zone, dates)
    _hugo_shapes(low, at, _hugo_shadowed(low))
    cats, tags = _terms(low.get("categories")), _terms(low.get("tags"))
    out: dict[str, Any] = {
        "title": str(low["title"]), "date": when,
        "authors": _hugo_authors(low, at),
        "section": cats[0] if len(cats) == 1 else None,
        "tags": tags + [c for c in cats if len(cats) > 1 and c not in tags],
        # Hugo renders a summary: as Markdown; a description: it shows as written
        "summary": markdown_text(low.get("summary")) or low.get("description"),
        "slug": article_slug(str(low.get("slug") or name)),     # sitegen's own rule: the address it publishes
        "draft": True if _true(low.get("draft")) else None,
        "aliases": _names(low.get("aliases")),     # as written: resolved against the old address later
    }
    last = _first(low, dates.lastmod)
    if last and _first(low, tuple(k for k in (*dates.date, *dates.publish) if k not in dates.lastmod)):
        updated = _zoned(_when(low[last], at(last), last), zone)    # (Go's zero time, 0001-01-01, is dropped)
        kept = _instant(updated, zone) > _instant(when, zone)
        out["updated"] = _in_calendar(updated, at(last), last) if kept else None
    warnings = _slug_warning(low.get("slug"), out["slug"], at("slug")) + _empty_entries(low, at)
    image = low.get("image") or (_names(low.get("images")) or [None])[0]
    out["image"], more = _image(image, at("image" if low.get("image") else "images"))
    used = {"title", *_DATE_KEYS, *dates.handlers, "authors", "author", "categories", "tags", "summary",
            "description", "slug", "draft", "aliases", "image", "images", "url"} - _hugo_shadowed(low)
    out["extra"] = {str(k): _plain(v) for k, v in meta.items() if str(k).lower() not in used}
    return out, warnings + more


# the keys sitegen maps to one text, and to a list of texts: any other shape, written with str(), would be
# Python's own notation ("['a', 'b']") published as a title, tag or picture
_HUGO_TEXTS = ("title", "slug", "summary", "description", "image")
_HUGO_LISTS = ("tags", "categories", "aliases", "images")


def _hugo_shapes(low: dict[str, Any], at: Callable[[str], str], shadowed: set[str]) -> None:
    """Refuses a mapped key that is a map or list where text is meant, naming its line (a shadowed one
    is kept under extra: as it is)."""
    for key in (k for k in _HUGO_TEXTS if k not in shadowed):
        if isinstance(low.get(key), (dict, list)):
            raise ImportProblem(f"{at(key)}: '{key}' is {_shape(low[key])}, not text; write it as text "
                                "and import again")
    for key in (k for k in _HUGO_LISTS if k not in shadowed):
        value = low.get(key)
        if _nested(value):
            raise ImportProblem(f"{at(key)}: '{key}' holds {_shape(value)}; write it as a list of "
                                "texts and import again")


def _empty_entries(low: dict[str, Any], at: Callable[[str], str]) -> list[str]:
    """A warning for each list key holding an empty entry (YAML's null: a stray '-', `[a, null]`), which
    is left out (_names, _bylines): nothing is lost, and the old file can be tidied (rr54g)."""
    return [f"{at(key)}: '{key}' has an empty entry (null, or a '-' with nothing after it); left out"
            for key in ("author", "authors", *_HUGO_LISTS)
            if isinstance(low.get(key), list) and any(v is None for v in low[key])]


def _nested(value: object) -> bool:
    """A map, or a list holding a map or list: no list of texts."""
    return isinstance(value, dict) or isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value)


def _shape(value: dict[Any, Any] | list[Any]) -> str:
    if isinstance(value, dict):
        return "a map"
    inner = [v for v in value if isinstance(v, (dict, list))]
    return "a list" if not inner else "a map in a list" if isinstance(inner[0], dict) else "a list in a list"


def _hugo_authors(low: dict[str, Any], at: Callable[[str], str]) -> list[str]:
    key = "authors" if low.get("authors") else "author"
    names = _bylines(low.get(key), one_name=key == "author")
    if names is None:
        raise ImportProblem(f"{at(key)}: '{key}' holds a map without 'name:' or a list in a list; write "
                            "each author's name as text and import again")
    return names


def _bylines(value: object, one_name: bool) -> list[str] | None:
    """Names from `author`/`authors`: text (`author: "Smith, John"` is one name), a list, or a map's
    `name` (Jekyll's `author: {name:, email:}`, which themes read as .name; the e-mail is never a byline);
    None when an item is none of these."""
    if isinstance(value, str) and one_name or isinstance(value, dict):
        value = [value]
    if isinstance(value, list):   # an empty entry (None) is left out, with _empty_entries' warning
        value = [low_keys(v).get("name") if isinstance(v, dict) else v for v in value if v is not None]
        if any(v is None or isinstance(v, (dict, list)) for v in value):
            return None
    return _names(value)


def _hugo_shadowed(low: dict[str, Any]) -> set[str]:
    """The keys sitegen maps whose value another key of the story overrides (`description` beside
    `summary`, `author` beside `authors`, `images` beyond the first or beside `image`): kept under
    extra: with the rest, not dropped in silence."""
    shadowed = set()
    if low.get("summary") and low.get("description") and low["description"] != low["summary"]:
        shadowed.add("description")
    author, authors = _bylines(low.get("author"), one_name=True), _bylines(low.get("authors"), one_name=False)
    if low.get("authors") and low.get("author") and not set(author or [None]) <= set(authors or []):
        shadowed.add("author")
    images = low.get("images")
    if _nested(images):    # no list of texts: shadowed only by `image:`, else _hugo_shapes refuses it (rr54g)
        return shadowed | ({"images"} if low.get("image") else set())
    images = _names(images)
    if images and (len(images) > 1 or low.get("image") and images != [low["image"]]):
        shadowed.add("images")
    return shadowed


def _plain(value: object) -> object:
    """A value YAML writes as it is (a TOML local time, say, as its text)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value if value is None or isinstance(value, (str, int, float, date)) else str(value)


def _slug_warning(given: object, slug: str, shown: str) -> list[str]:
    if given is not None and str(given) != slug and ("/" in str(given) or "\\" in str(given)):
        return [f"{shown}: slug {str(given)!r} is no plain name (it holds a path); imported as slug '{slug}'"]
    return []


def _image(value: object, shown: str) -> tuple[str | None, list[str]]:
    """A picture beside the story, an absolute URL, or one from the site's root (Hugo's static/: hugo_story
    copies it); another path is left to the editor."""
    if not value:
        return None, []
    text = str(value)
    if re.match(r"https?://", text) or ("/" not in text and "\\" not in text and not text.startswith(".")) \
            or (_safe_path(text) and not text.startswith("//")):
        return text, []
    return None, [f"{shown}: image {text!r} is not imported (not beside the story): copy the picture into "
                  "static/ or beside the new file and set 'image:'"]


def _hugo_old(site: HugoSite, low: dict[str, Any], out: dict[str, Any], sections: list[str], name: str,
              folders: tuple[str, ...], language: str, prefix: str, shown: str) -> str:
    """The address Hugo published the story at: url:, else [permalinks] for its section (the language's
    own if it has some), else /section/slug/; under `prefix` (/LANG/ for a language other than the
    default one, the default one too with defaultContentLanguageInSubdir) but for a url: from the root."""
    if low.get("url"):
        url = str(low["url"]).strip()
        return url if url.startswith("/") else prefix + _address(url)
    links = site.languages.get(language) or site.permalinks
    section = sections[0] if sections else ""     # the top folder: always a section
    pattern = links.get(section) or links.get("/" + section) if section else None
    slug = site.paths.title(low.get("slug") or "", slug=True)
    if pattern:
        key = _first(low, site.dates.date)
        when = _zoned(_when(low[key], shown, key), site.zone) if key else out["date"]   # Hugo's .Date, no embargo
        url = _hugo_pattern(pattern, when, out["title"], sections, slug, name, site.paths)
    else:   # `folders`: those above the page (a bundle's own is its name)
        url = "/" + "/".join([site.paths.path(p) for p in folders] + [slug or site.paths.path(name)]) + "/"
    # the folder hugo wrote, as a URL: '%', '#', '?' and spaces escaped (a '#' in it is no fragment)
    url = re.sub(r"[%?#\s]", lambda m: quote(m.group()), re.sub("/+", "/", prefix + url))
    ugly = site.ugly.get(section.lower(), False) if isinstance(site.ugly, dict) else site.ugly
    return url[:-1] + ".html" if ugly and url != "/" else url


def _hugo_aliases(given: list[str], page: str | None, prefix: str, shown: str) -> tuple[list[str], list[str]]:
    """Hugo's aliases where Hugo 0.168 wrote them: one from the root under the language's prefix, a
    relative one beside the page ('storm-old' for /2024/03/storm/ is /2024/03/storm-old/, '../x' resolved)."""
    out, warnings = [], []
    for alias in (a.strip() for a in given):
        if alias.startswith("/"):
            out.append(prefix + alias)
        elif page:
            url = posixpath.normpath(posixpath.join(posixpath.dirname(page.rstrip("/")), alias))
            out.append(url if url.endswith(".html") else url.rstrip("/") + "/")
        else:
            warnings.append(f"{shown}: alias {alias!r} is relative to an old address not known here; "
                            "not listed under aliases: (write it from the site's root)")
    return out, warnings


def _hugo_pattern(pattern: str, when: date | datetime, title: str, sections: list[str], slug: str, name: str,
                  paths: HugoPaths = HugoPaths()) -> str:
    """A [permalinks] pattern filled as hugo 0.168 fills it: its tokens, a `:sections[1:]` slice, and any
    other token that is a Go date layout (':2006', ':Jan', ':_2'), lower-cased, a space as '-'. `when`:
    the story's date (Hugo's .Date, in its own zone); `sections`: the folders of the section it is in."""
    moment = when if isinstance(when, datetime) else datetime(when.year, when.month, when.day)
    title, name, parts = paths.title(title), paths.title(name), [paths.path(p) for p in sections]
    fields = {"year": f"{moment.year:04d}", "month": f"{moment.month:02d}", "day": f"{moment.day:02d}",
              "monthname": _MONTHS[moment.month - 1].lower(), "weekday": str(moment.isoweekday() % 7),
              "weekdayname": _DAYS[moment.weekday()].lower(), "yearday": str(moment.timetuple().tm_yday),
              "section": parts[0] if parts else "", "title": title, "slug": slug or title, "filename": name,
              "slugorfilename": slug or name, "contentbasename": name, "slugorcontentbasename": slug or name}

    def token(m: re.Match) -> str:
        key, cut = m.group(1), m.group(2)
        if key.lower() == "sections":
            return "/".join(_sections_slice(parts, cut[1:-1]) if cut else parts)
        if key.lower() in fields and not cut:
            return fields[key.lower()]
        layout = _go_layout(key, moment)
        return m.group(0) if layout == key or cut else layout.lower().replace(" ", "-")
    url = re.sub(r":(\w+)(\[[^\]]*\])?", token, pattern)
    return _address(url if url.endswith((".html", "/")) else url + "/")


def _sections_slice(parts: list[str], cut: str) -> list[str]:
    """Hugo's `:sections[1:]`, `[last]`, `[0]`, `[:1]`: a Go slice whose bounds past the end give nothing."""
    bounds = cut.strip().lower().split(":")

    def at(text: str, low: bool) -> int:
        if text.strip() == "":
            return 0 if low else len(parts)
        if text.strip() == "last":
            return len(parts) - 1
        n = max(int(text), 0) if text.strip().isdigit() else 0
        return (-1 if low else len(parts)) if n >= len(parts) else n
    low = at(bounds[0], True)
    if low < 0:
        return []
    return parts[low: low + 1] if len(bounds) == 1 else parts[low: at(bounds[1], False)]


# Go's time layout elements a word can hold, as Go's time.Format finds them (longest first; '_2006' is
# '_' then the year; 'Jan' and 'Mon' not before a lower-case letter)
_GO_ELEMENT = re.compile(r"January|Jan(?![a-z])|Monday|Mon(?![a-z])|2006|002|0[1-6]|15|1|2|__2|_2(?!006)|3|4|5|PM|pm")


# Go's names, English whatever the process's locale (strftime's %B follows it)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _go_layout(layout: str, t: datetime) -> str:
    """`layout` formatted as Go's time.Format does, for the elements a [permalinks] token can hold."""
    hour12 = t.hour % 12 or 12
    month, day = _MONTHS[t.month - 1], _DAYS[t.weekday()]
    values = {"January": month, "Jan": month[:3], "Monday": day, "Mon": day[:3], "2006": f"{t.year:04d}",
              "06": f"{t.year % 100:02d}", "01": f"{t.month:02d}", "1": str(t.month), "02": f"{t.day:02d}",
              "2": str(t.day), "_2": f"{t.day:2d}", "002": f"{t.timetuple().tm_yday:03d}",
              "__2": f"{t.timetuple().tm_yday:3d}", "15": f"{t.hour:02d}", "03": f"{hour12:02d}", "3": str(hour12),
              "04": f"{t.minute:02d}", "4": str(t.minute), "05": f"{t.second:02d}", "5": str(t.second),
              "PM": "PM" if t.hour >= 12 else "AM", "pm": "pm" if t.hour >= 12 else "am"}
    return _GO_ELEMENT.sub(lambda m: values[m.group()], layout)


def _bundle_files(path: Path, shown: str) -> tuple[tuple[Path, ...], list[str], dict[str, bool]]:
    """The pictures in a bundle's folder and its sub-folders (copied to the same place beside the new
    index.md: the text names them so, 'gallery/one.jpg'), a warning for each other thing there, which
    is not copied, and those things' paths in the bundle (-> whether it is a link)."""
    pictures, left, others, folder = [], [], {}, path.parent
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if p == path or any(part.startswith(".") for part in rel.parts) or _under_link(folder, rel):
            continue
        if p.is_file() and not p.is_symlink() and p.suffix.lower() in PICTURE_SUFFIXES:
            pictures.append(p)
        elif (p.is_dir() or p.suffix.lower() in _HUGO_MARKDOWN) and not p.is_symlink():
            continue    # a folder is walked; Markdown is hugo_files's (each file a story of its own)
        else:
            left.append(f"{shown.rsplit('/', 1)[0]}/{rel.as_posix()}: in {shown}'s bundle, {_not_copied(p)}")
            others[rel.as_posix()] = p.is_symlink()
    return tuple(pictures), left, others


def _shows_uncopied(body: str, image: object, others: dict[str, bool], shown: str, first: int) -> None:
    """ImportProblem when the story shows (a Markdown picture, or `image:`) a file of its bundle that is
    not copied (four.avif, a picture the build cannot read): imported, it was '0 failed', and the build
    then left the story out ('image not found'; review47d)."""
    if isinstance(image, str) and (name := posixpath.normpath(unquote(image))) in others:
        raise ImportProblem(f"{shown}: its image: {image} is {_uncopied_fix(image, others[name])}")
    for m in _MD_LINK.finditer(body):
        url = m.group(3)
        if url is not None and (name := posixpath.normpath(unquote(url.split("#")[0].split("?")[0]))) in others:
            line = line_finder(body, first)(m.start())   # once: it raises
            raise ImportProblem(f"{shown}:{line}: shows {url}, which is {_uncopied_fix(url, others[name])}")


def _uncopied_fix(name: str, link: bool) -> str:
    if link:   # a JPEG behind a link is no format to convert (rf47n)
        return (f"a link, not copied (it may lead out of the project), so the build would leave the story out: "
                f"put the file itself at {posixpath.basename(name)} in the old project (or remove it from the "
                "story), then import again")
    return (f"not copied (sitegen publishes JPEG, PNG, WebP, GIF and SVG pictures), so the build would leave "
            f"the story out: convert {posixpath.basename(name)} to one of them in the old project (or remove it "
            "from the story), then import again")


def _under_link(folder: Path, rel: Path) -> bool:
    """Inside a linked folder of the bundle (the link itself is named, not what it leads to)."""
    return any((folder / Path(*rel.parts[:n])).is_symlink() for n in range(1, len(rel.parts)))


def _not_copied(p: Path) -> str:
    """Why a thing in a bundle is not copied, and what to do."""
    if p.is_symlink():
        return "a link: not copied (it may lead out of the project); put the file itself there"
    return "not a picture (JPEG, PNG, WebP, GIF, SVG): not copied; put it in static/ and link it from there"


# ---------------------------------------------------------------- Pelican

_DEFAULT_URL = "{slug}.html"
# Pelican's SLUG_REGEX_SUBSTITUTIONS: what its slugify does after transliterating ("Don't panic": dont-panic)
_SLUG_SUBS: tuple[tuple[str, str], ...] = ((r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-"))


@dataclass(frozen=True)
class PelicanConf:
    """What pelicanconf.py says about where articles were published and in which zone their dates are."""
    urls: tuple[str, str] = (_DEFAULT_URL, _DEFAULT_URL)    # ARTICLE_URL (its links), ARTICLE_SAVE_AS (its file)
    lang_urls: tuple[str, str] = ("{slug}-{lang}.html",) * 2   # ARTICLE_LANG_...: a Lang other than DEFAULT_LANG
    default_lang: str = "en"
    zone: tzinfo | None = None              # TIMEZONE (Pelican's default: UTC); None if site.toml's
    author: str = ""                        # AUTHOR: the author of an article with no Author(s)
    # the metadata Pelican reads from a file's name and path, and gives every article (DEFAULT_METADATA)
    filename_meta: str = r"(?P<date>\d{4}-\d{2}-\d{2}).*"
    path_meta: str = ""
    folder_category: bool = True            # USE_FOLDER_AS_CATEGORY
    default_category: str = "misc"
    default_meta: tuple[tuple[str, str], ...] = ()
    slug_subs: tuple[tuple[str, str], ...] = _SLUG_SUBS            # SLUG_REGEX_SUBSTITUTIONS
    category_subs: tuple[tuple[str, str], ...] = _SLUG_SUBS        # CATEGORY_REGEX_SUBSTITUTIONS
    author_subs: tuple[tuple[str, str], ...] = _SLUG_SUBS          # AUTHOR_REGEX_SUBSTITUTIONS
    slug_from_name: bool = False            # SLUGIFY_SOURCE = 'basename': the file's name, not the title
    article_paths: tuple[str, ...] = ("",)   # ARTICLE_PATHS, ARTICLE_EXCLUDES, PAGE_PATHS, PAGE_EXCLUDES: which
    article_excludes: tuple[str, ...] = ()   # files are articles (folders under content/)
    page_paths: tuple[str, ...] = ("pages",)
    page_excludes: tuple[str, ...] = ()
    preserve_case: bool = False             # SLUGIFY_PRESERVE_CASE
    ignore_files: tuple[str, ...] = ("**/.*",)   # IGNORE_FILES: globs on each file's and folder's name
    default_date: object = None             # DEFAULT_DATE: 'fs' (the file's time) or (2024, 5, 1, ...)
    slug_unicode: bool = False              # SLUGIFY_USE_UNICODE: slugs keep their letters (κρίση)
    translation_id: str = "slug"            # ARTICLE_TRANSLATION_ID: the key its translations share ('': none)
    unread: str = ""                        # why pelicanconf.py could not be read (a syntax error): a warning
    base: str = ""                          # SITEURL's path ('/blog') where base_url's has none
    # (kind, its _URL) of the list pages Pelican wrote for each article's tags, category, authors ('' none)
    list_urls: tuple[tuple[str, str], ...] = (("tag", "tag/{slug}.html"), ("category", "category/{slug}.html"),
                                              ("author", "author/{slug}.html"))
    tag_subs: tuple[tuple[str, str], ...] = _SLUG_SUBS             # TAG_REGEX_SUBSTITUTIONS
    # (its _SAVE_AS, this site's page) of the site's list pages: archives.html is /archive/ here
    index_pages: tuple[tuple[str, str], ...] = (("archives.html", "archive/"), ("tags.html", "tags/"),
                                                ("authors.html", "authors/"), ("categories.html", ""))
    feeds: tuple[tuple[str, str, str], ...] = ()   # (the list it is of, its file name here, its address there)
    # (template: index, tag, category, author; how Pelican paginated it) for each list it paginated
    paginated: tuple[tuple[str, Pagination], ...] = ()
    list_saves: tuple[tuple[str, str], ...] = (("tag", "tag/{slug}.html"), ("category", "category/{slug}.html"),
                                               ("author", "author/{slug}.html"))   # their _SAVE_AS
    index_save: str = "index.html"          # INDEX_SAVE_AS
    static_paths: tuple[str, ...] = ("images",)   # STATIC_PATHS: files and folders under content/ copied as they are
    # EXTRA_PATH_METADATA's 'path' (or 'save_as'): where one of them was published ('extra/CNAME' at 'CNAME')
    static_saves: tuple[tuple[str, str], ...] = ()
    content: str = "content"                # PATH: the folder of its articles, pages and statics ('.' the root)
    # with PATH the project's own folder: its folders Pelican's readers are not meant for (output/, the theme),
    # each with why, left unread
    skipped: tuple[tuple[str, str], ...] = ()

    def at(self, rel: object) -> str:
        """A file of PATH as the messages name it: its path in the project."""
        return str(rel) if self.content == "." else f"{self.content}/{rel}"


def pelican_conf(src: Path, config: Config) -> tuple[PelicanConf, list[str]]:
    """ARTICLE_URL and ARTICLE_SAVE_AS (ARTICLE_LANG_ too), DEFAULT_LANG, TIMEZONE, AUTHOR, the slug and
    path-metadata settings from pelicanconf.py when plain literals; else Pelican's defaults. The file is
    parsed, never run: it is code from elsewhere."""
    conf = src / "pelicanconf.py"
    if not conf.is_file():
        return _pelican_defaults(config, f"{conf.name}: not found")
    try:
        tree = ast.parse(conf.read_bytes())   # as Python reads a source file: a BOM, a coding line
    except (SyntaxError, ValueError) as exc:   # a warning: every old address then is a guess (see _pelican_plan)
        line = f":{exc.lineno}" if getattr(exc, "lineno", None) else ""
        conf, notes = _pelican_defaults(config, "")
        return replace(conf, unread=f"pelicanconf.py{line}: {getattr(exc, 'msg', exc)}: not read, so every old "
                       "address is Pelican's default /{slug}.html and its other settings too; fix it and import "
                       "again"), notes[1:]
    found = _pelican_settings(tree)
    notes = [f"pelicanconf.py: {key} is computed (not a plain literal, or set in a block); Pelican's default is "
             "used: check the stories it decides" for key in _SETTINGS if found.get(key) is _NOT_PLAIN]
    urls = _pelican_urls(found, "ARTICLE", PelicanConf.urls, notes)
    lang_urls = _pelican_urls(found, "ARTICLE_LANG", PelicanConf.lang_urls, notes)
    plain = {k: v for k, v in found.items() if isinstance(v, str) and v}
    zone, more = source_zone(plain.get("TIMEZONE", ""), config, "pelicanconf.py: TIMEZONE")
    site_url, where = _site_url(src, plain.get("SITEURL", ""))
    base, other = old_base(site_url, config, f"{where}: SITEURL")
    author = plain.get("AUTHOR", "").strip()
    slug_subs = _substitutions(found, "SLUG_REGEX_SUBSTITUTIONS", _SLUG_SUBS, notes)
    defaults = found.get("DEFAULT_METADATA")
    return PelicanConf(
        urls, lang_urls, plain.get("DEFAULT_LANG", "en"), zone, author,
        filename_meta=_pattern(found, "FILENAME_METADATA", PelicanConf.filename_meta, notes),
        path_meta=_pattern(found, "PATH_METADATA", "", notes),
        folder_category=bool(found.get("USE_FOLDER_AS_CATEGORY", True)),
        default_category=plain.get("DEFAULT_CATEGORY", "misc"),
        default_meta=tuple((str(k).lower(), str(v)) for k, v in defaults.items()) if isinstance(defaults, dict) else (),
        slug_subs=slug_subs,
        category_subs=_substitutions(found, "CATEGORY_REGEX_SUBSTITUTIONS", slug_subs, notes),
        author_subs=_substitutions(found, "AUTHOR_REGEX_SUBSTITUTIONS", slug_subs, notes),
        slug_from_name=found.get("SLUGIFY_SOURCE") == "basename",
        article_paths=_folders(found, "ARTICLE_PATHS", PelicanConf.article_paths, notes),
        article_excludes=_folders(found, "ARTICLE_EXCLUDES", (), notes),
        page_paths=_folders(found, "PAGE_PATHS", PelicanConf.page_paths, notes),
        page_excludes=_folders(found, "PAGE_EXCLUDES", (), notes),
        preserve_case=found.get("SLUGIFY_PRESERVE_CASE") is True,
        ignore_files=_folders(found, "IGNORE_FILES", PelicanConf.ignore_files, notes, "name patterns"),
        default_date=found.get("DEFAULT_DATE"), slug_unicode=found.get("SLUGIFY_USE_UNICODE") is True,
        translation_id=_translation_id(found.get("ARTICLE_TRANSLATION_ID", "slug"), notes), base=base,
        list_urls=_list_urls(found), tag_subs=_substitutions(found, "TAG_REGEX_SUBSTITUTIONS", slug_subs, notes),
        index_pages=_index_pages(found), feeds=_pelican_feeds(src, found), paginated=_paginated(found),
        list_saves=_list_saves(found), index_save=plain.get("INDEX_SAVE_AS", "index.html"),
        static_paths=_folders(found, "STATIC_PATHS", PelicanConf.static_paths, notes, "paths"),
        static_saves=_static_saves(found), content=(content := _content_path(src, plain.get("PATH"), notes)),
        skipped=_skipped(src, config, found) if content == "." else ()), notes + more + other


def _content_path(src: Path, given: str | None, notes: list[str]) -> str:
    """PATH, the content folder (pelican-quickstart writes 'content'), relative to pelicanconf.py's folder
    as Pelican reads it ('.': the project's own, rr54g); one that leaves the project is noted and content/
    read. Unset, Pelican reads the folder it runs in: content/ when there is one (quickstart's layout, built
    with `pelican content`), else the project's."""
    if given is None:
        return "content" if (src / "content").is_dir() else "."
    path = posixpath.normpath(given.replace("\\", "/"))
    if path == ".":
        return path
    if path.startswith(("/", "../")) or path == "..":
        notes.append(f"pelicanconf.py: PATH {given!r} is no folder inside the project; content/ is read: "
                     "copy the articles there, or give the folder PATH names")
        return "content"
    return path


def _skipped(src: Path, config: Config, found: dict[str, object]) -> tuple[tuple[str, str], ...]:
    """The folders of a project whose PATH is its own folder that hold no articles, each with why: what
    Pelican wrote (OUTPUT_PATH), its theme and plugins, this sitegen site's own folder, and a Python
    virtual environment's or node_modules' packages (their READMEs are no articles)."""
    plain = {k: v for k, v in found.items() if isinstance(v, (str, list, tuple))}
    named = [(plain.get("OUTPUT_PATH") or "output", "Pelican's OUTPUT_PATH, the site it wrote"),
             (plain.get("THEME") or "", "Pelican's THEME"),
             *((p, "in Pelican's PLUGIN_PATHS") for p in plain.get("PLUGIN_PATHS") or () if isinstance(p, str))]
    site = Path(config.root).resolve()
    if site.is_relative_to(src.resolve()):
        named.append((site.relative_to(src.resolve()).as_posix(), "this sitegen site's own folder"))
    out = [(path, why) for given, why in named if isinstance(given, str) and given
           and (path := posixpath.normpath(given.replace("\\", "/"))) not in (".", "..")
           and not path.startswith(("/", "../")) and (src / path).is_dir()]
    out += [(p.name, "a Python virtual environment" if (p / "pyvenv.cfg").is_file() else "node_modules' packages")
            for p in sorted(src.iterdir()) if p.is_dir() and ((p / "pyvenv.cfg").is_file() or p.name == "node_modules")]
    return tuple(dict(out).items())


def _static_saves(found: dict[str, object]) -> tuple[tuple[str, str], ...]:
    """EXTRA_PATH_METADATA's (file under content/, where Pelican published it) pairs."""
    value = found.get("EXTRA_PATH_METADATA")
    if not isinstance(value, dict):
        return ()
    return tuple((str(k).strip("/"), str(v.get("path") or v.get("save_as")).strip("/")) for k, v in value.items()
                 if isinstance(v, dict) and isinstance(v.get("path") or v.get("save_as"), str))


def _paginated(found: dict[str, object]) -> tuple[tuple[str, Pagination], ...]:
    """PAGINATED_TEMPLATES' lists (index, tag, category, author by default), each with DEFAULT_PAGINATION
    stories a page or its own number, DEFAULT_ORPHANS and PAGINATION_PATTERNS, when plain literals;
    none when DEFAULT_PAGINATION is False (Pelican's default: one page a list)."""
    per_page, orphans = found.get("DEFAULT_PAGINATION", False), found.get("DEFAULT_ORPHANS", 0)
    templates = found.get("PAGINATED_TEMPLATES", {"index": None, "tag": None, "category": None, "author": None})
    patterns = found.get("PAGINATION_PATTERNS", [(first, "", p) for first, p in Pagination.patterns])
    plain = isinstance(templates, dict) and isinstance(orphans, int) and isinstance(patterns, (list, tuple)) and all(
        isinstance(p, (list, tuple)) and len(p) == 3 and isinstance(p[0], int) and isinstance(p[2], str) for p in patterns)
    rules = tuple((p[0], p[2]) for p in patterns) if plain else ()
    out = []
    for name, own in templates.items() if plain else ():
        number = per_page if own is None else own
        if isinstance(number, int) and not isinstance(number, bool) and number > 0:
            out.append((str(name), Pagination(number, orphans, rules)))
    return tuple(out)


def _list_saves(found: dict[str, object]) -> tuple[tuple[str, str], ...]:
    """TAG_SAVE_AS, CATEGORY_SAVE_AS, AUTHOR_SAVE_AS when plain strings (else Pelican's default); none
    for a kind whose _SAVE_AS is '' (no page)."""
    out = []
    for kind, default in PelicanConf.list_saves:
        save = found.get(f"{kind.upper()}_SAVE_AS", default)
        if save:
            out.append((kind, save if isinstance(save, str) else default))
    return tuple(out)


def _list_urls(found: dict[str, object]) -> tuple[tuple[str, str], ...]:
    """TAG_URL, CATEGORY_URL, AUTHOR_URL when plain strings (else Pelican's default); a kind whose
    _SAVE_AS is '' (or False) Pelican wrote no page for."""
    out = []
    for kind, default in PelicanConf.list_urls:
        url, save = found.get(f"{kind.upper()}_URL"), found.get(f"{kind.upper()}_SAVE_AS")
        if save is None or isinstance(save, str) and save or save is _NOT_PLAIN:
            out.append((kind, _no_index(url) if isinstance(url, str) and url else default))
    return tuple(out)


def _index_pages(found: dict[str, object]) -> tuple[tuple[str, str], ...]:
    """ARCHIVES_SAVE_AS, TAGS_SAVE_AS, ... when plain strings (Pelican's default else), but those set to ''
    (Pelican wrote no such page)."""
    pages = []
    for (default, page), key in zip(PelicanConf.index_pages, ("ARCHIVES", "TAGS", "AUTHORS", "CATEGORIES")):
        save = found.get(f"{key}_SAVE_AS", default)
        if save:
            pages.append((save if isinstance(save, str) else default, page))
    return tuple(pages)


# Pelican's feed settings: (SETTING, its default, the list it is of, this site's feed of that list)
_PELICAN_FEEDS = (("FEED_ALL_ATOM", "feeds/all.atom.xml", "all", "feed.xml"), ("FEED_ALL_RSS", None, "all", "rss.xml"),
                  ("CATEGORY_FEED_ATOM", "feeds/{slug}.atom.xml", "category", "feed.xml"),
                  ("CATEGORY_FEED_RSS", None, "category", "rss.xml"),
                  ("AUTHOR_FEED_ATOM", "feeds/{slug}.atom.xml", "author", "feed.xml"),
                  ("AUTHOR_FEED_RSS", "feeds/{slug}.rss.xml", "author", "rss.xml"),
                  ("TAG_FEED_ATOM", None, "tag", "feed.xml"), ("TAG_FEED_RSS", None, "tag", "rss.xml"),
                  ("TRANSLATION_FEED_ATOM", "feeds/all-{lang}.atom.xml", "translation", "feed.xml"),
                  ("TRANSLATION_FEED_RSS", None, "translation", "rss.xml"))


def _pelican_feeds(src: Path, found: dict[str, object]) -> tuple[tuple[str, str, str], ...]:
    """(list, this site's feed name, Pelican's address) of each feed Pelican wrote: publishconf.py's
    setting first (`pelican -s publishconf.py` publishes with it), then pelicanconf.py's, then Pelican's
    default; None (quickstart's pelicanconf.py) is no feed."""
    publish = _publish_settings(src)
    feeds = []
    for key, default, kind, name in _PELICAN_FEEDS:
        value = publish.get(key, found.get(key, default))
        if isinstance(value, str) and value:
            feeds.append((kind, name, value))
    return tuple(feeds)


def _publish_settings(src: Path) -> dict[str, object]:
    """publishconf.py's settings (it reads pelicanconf.py's and sets its own), {} when none or unreadable."""
    publish = src / "publishconf.py"
    try:
        return _pelican_settings(ast.parse(publish.read_bytes())) if publish.is_file() else {}
    except (SyntaxError, ValueError, OSError):
        return {}


def _site_url(src: Path, given: str) -> tuple[str, str]:
    """(SITEURL, the file that says it): publishconf.py's, which `pelican -s publishconf.py` published
    with (it reads pelicanconf.py's and usually sets its own), when a plain string; else pelicanconf.py's."""
    value = _publish_settings(src).get("SITEURL")
    return (value, "publishconf.py") if isinstance(value, str) and value else (given, "pelicanconf.py")


def _translation_id(value: object, notes: list[str]) -> str:
    """ARTICLE_TRANSLATION_ID as one metadata key ('slug', Pelican's default); '' when None or False (no
    translations); another value (a list of keys) is noted and its translations not linked."""
    if isinstance(value, str) and value:
        return value.lower()
    if value not in (None, False, ""):
        notes.append("pelicanconf.py: ARTICLE_TRANSLATION_ID is not one plain key; translations are not linked "
                     "(add 'translation_of:' to each by hand)")
    return ""


_NOT_PLAIN = object()   # a setting pelicanconf.py computes: not known without running it
# The settings read here whose reader has no note of its own for a computed value (the URLs, patterns,
# substitutions and folders do)
_SETTINGS = ("PATH", "DEFAULT_LANG", "TIMEZONE", "AUTHOR", "USE_FOLDER_AS_CATEGORY", "DEFAULT_CATEGORY",
             "DEFAULT_METADATA", "SLUGIFY_SOURCE", "SLUGIFY_PRESERVE_CASE", "DEFAULT_DATE", "SLUGIFY_USE_UNICODE")


def _pelican_settings(tree: ast.Module) -> dict[str, object]:
    """NAME -> value of pelicanconf.py's top-level assignments, in order (`A = B = 'fr'`, `A: str = 'x'`), a
    value being a literal, a name set before to one, or dict(key=literal); _NOT_PLAIN for any other value
    and for a name set in a block (an if, a try: which branch ran is not known without running it)."""
    found: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):   # its body does not run here
            found[node.name] = _NOT_PLAIN
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            value = _literal(node.value, found)
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                found.update({n.id: value if isinstance(target, ast.Name) else _NOT_PLAIN
                              for n in ast.walk(target) if isinstance(n, ast.Name)})
        else:   # a block, `X += ...`, `for X in ...`: what it sets is computed
            found.update({n.id: _NOT_PLAIN for n in ast.walk(node) if isinstance(n, ast.Name)
                          and isinstance(n.ctx, ast.Store)})
    return found


def _literal(node: ast.expr, found: dict[str, object] | None = None) -> object:
    known = {k: v for k, v in (found or {}).items() if v is not _NOT_PLAIN}

    class Names(ast.NodeTransformer):   # a name set before to a literal is that literal
        def visit_Name(self, name: ast.Name) -> ast.AST:
            return ast.Constant(known[name.id]) if name.id in known and _constant(known[name.id]) else name

        def visit_Call(self, call: ast.Call) -> ast.AST:   # dict(status='draft')
            call = self.generic_visit(call)
            if isinstance(call.func, ast.Name) and call.func.id == "dict" and not call.args \
                    and all(k.arg for k in call.keywords):
                return ast.Dict([ast.Constant(k.arg) for k in call.keywords], [k.value for k in call.keywords])
            return call
    try:
        return ast.literal_eval(Names().visit(node))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _NOT_PLAIN


def _constant(value: object) -> bool:
    """A value ast.Constant can hold (a name bound to a list is left a name: literal_eval then refuses it)."""
    return value is None or isinstance(value, (str, bytes, int, float, complex, bool))


def _substitutions(found: dict[str, object], key: str, default: tuple[tuple[str, str], ...],
                   notes: list[str]) -> tuple[tuple[str, str], ...]:
    """A list of (regex, replacement) pairs, as Pelican's slugify applies them; the default if not plain."""
    value = found.get(key, default)
    if isinstance(value, (list, tuple)) and all(isinstance(p, (list, tuple)) and len(p) == 2
                                                 and all(isinstance(x, str) for x in p) for p in value):
        try:
            for pattern, _ in value:
                re.compile(pattern)
            return tuple((a, b) for a, b in value)
        except re.error as exc:
            notes.append(f"pelicanconf.py: {key} holds a pattern Python cannot read ({exc}); Pelican's default is used")
            return default
    notes.append(f"pelicanconf.py: {key} is not a plain list of (pattern, replacement) pairs; Pelican's default "
                 "is used: check the old addresses (list others under aliases: by hand)")
    return default


def _folders(found: dict[str, object], key: str, default: tuple[str, ...], notes: list[str],
             what: str = "folders") -> tuple[str, ...]:
    """A list of folders under content/ (Pelican takes a string there for its default, as here)."""
    value = found.get(key, list(default))
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    notes.append(f"pelicanconf.py: {key} is not a plain list of {what}; Pelican's default is used: check "
                 "which files were its articles")
    return default


def _pattern(found: dict[str, object], key: str, default: str, notes: list[str]) -> str:
    value = found.get(key, default)
    why = "not a plain string"
    if isinstance(value, str):
        try:
            return re.compile(value).pattern
        except re.error as exc:
            why = f"a pattern Python cannot read: {exc}"
    notes.append(f"pelicanconf.py: {key} is {why}; Pelican's default is used: check the stories' dates and slugs")
    return default


def _pelican_defaults(config: Config, why: str) -> tuple[PelicanConf, list[str]]:
    zone, notes = source_zone("", config, "Pelican's TIMEZONE")
    return PelicanConf(zone=zone), [f"{why}; old addresses are Pelican's default /{{slug}}.html", *notes]


def _pelican_urls(found: dict[str, object], prefix: str, default: tuple[str, str],
                  notes: list[str]) -> tuple[str, str]:
    """(_URL, _SAVE_AS): Pelican links the one and writes the other, and each is an old address (a server's
    rewrite served '{slug}' from '{slug}.html'); one not set is Pelican's default, as Pelican takes it."""
    out = []
    for key, fallback in zip((f"{prefix}_URL", f"{prefix}_SAVE_AS"), default):
        value = found.get(key, fallback)
        if not (isinstance(value, str) and value):
            notes.append(f"pelicanconf.py: {key} is not a plain string; old addresses are Pelican's "
                         f"default /{fallback} (list others under aliases: by hand)")
            value = fallback
        out.append(_no_index(value))
    return out[0], out[1]


def _no_index(url: str) -> str:
    """'posts/a/index.html' as the address a server serves it at: 'posts/a/'."""
    return url[: -len("index.html")] if url.endswith("/index.html") else url


_PELICAN_MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")   # what Pelican's Markdown reader reads


def pelican_kind(conf: PelicanConf, rel: Path) -> str:
    """'article', 'page' or '' for a file under content/, as Pelican sorts them: an article is under one
    of ARTICLE_PATHS ('' is all) and not under ARTICLE_EXCLUDES or PAGE_PATHS; a page under PAGE_PATHS
    and not PAGE_EXCLUDES or ARTICLE_PATHS."""
    def under(folders: tuple[str, ...]) -> bool:
        return any(not f.strip("/") or rel.as_posix().startswith(f.strip("/") + "/") for f in folders)
    if under(conf.article_paths) and not any(f.strip("/") and under((f,)) for f in conf.article_excludes
                                               + conf.page_paths):
        return "article"
    if under(conf.page_paths) and not any(f.strip("/") and under((f,)) for f in conf.page_excludes
                                            + conf.article_paths):
        return "page"
    return ""


def pelican_files(src: Path, conf: PelicanConf | None = None) -> tuple[list[Path], list[str], list[str]]:
    """(Markdown articles, notes on pages and files Pelican read as neither, errors for articles not
    imported: reStructuredText, HTML)."""
    conf = conf or PelicanConf()
    stories, errors = [], []
    notes = [f"{folder}/: {why}, holds no articles: not read" for folder, why in conf.skipped]
    for path, rel in _visible_files(src / conf.content):
        if any(rel.as_posix().startswith(folder + "/") for folder, _ in conf.skipped):
            continue
        suffix = path.suffix     # Pelican's readers take their suffixes in lower case only: a.MD is not read
        if suffix.lower() not in (".rst", ".html", ".htm", *_PELICAN_MARKDOWN):
            continue
        if suffix not in (".rst", ".html", ".htm", *_PELICAN_MARKDOWN):
            notes.append(f"{conf.at(rel)}: Pelican reads '{suffix.lower()}' files, not '{suffix}': it published "
                         "nothing of it: not imported")
            continue
        if any(fnmatch.fnmatchcase(part, glob) for part in rel.parts for glob in conf.ignore_files):
            notes.append(f"{conf.at(rel)}: in Pelican's IGNORE_FILES, so it published nothing of it: "
                         "not imported")
            continue
        kind = pelican_kind(conf, rel)
        if kind == "page":
            notes.append(f"{conf.at(rel)}: a Pelican page, not an article: not imported")
        elif not kind:
            notes.append(f"{conf.at(rel)}: not in Pelican's ARTICLE_PATHS, or in its ARTICLE_EXCLUDES: Pelican "
                         "published no article of it: not imported")
        elif suffix in (".rst", ".html", ".htm") and _converted_beside(path, _PELICAN_MARKDOWN):
            notes.append(_converted_note(f"{conf.at(rel)}"))
        elif suffix in (".rst", ".html", ".htm"):
            errors.append(f"{conf.at(rel)}: not imported: sitegen reads Markdown only; convert it in the Pelican "
                          f"project ({_pandoc_line(src, conf.content, rel, 'rst' if suffix == '.rst' else 'html')}, "
                          "then check its front matter) and import again")
        else:
            stories.append(path)
    return stories, notes, errors


def pelican_slug(text: str, subs: tuple[tuple[str, str], ...] = _SLUG_SUBS, preserve_case: bool = False,
                 use_unicode: bool = False) -> str:
    """Pelican's slugify (tags stripped, NFKC, transliterated unless SLUGIFY_USE_UNICODE, then its
    SLUG_REGEX_SUBSTITUTIONS: "Don't panic" is dont-panic by default), for its old addresses; sitegen's
    own slug is python-slugify's of it."""
    value = unicodedata.normalize("NFKC", Markup(str(text)).striptags())
    value = value if use_unicode else unidecode(value)
    for pattern, repl in subs:
        value = re.sub(unicodedata.normalize("NFKC", pattern), unicodedata.normalize("NFKC", repl), value,
                       flags=re.IGNORECASE)
    return (value if preserve_case else value.lower()).strip()


def pelican_date(value: str, shown: str, key: str) -> date | datetime:
    """A Pelican date: ISO as sitegen reads it, else as Pelican's get_date reads it (dateutil's parser:
    'Thu, 7 Mar 2024 10:20', '7 March 2024'; a part not given is today's, as in Pelican)."""
    try:
        return _when(value, shown, key, layouts=False)
    except ImportProblem:
        today = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
        try:
            return dateutil_parser.parse(re.sub(" +", " ", value), default=today)
        except (ValueError, OverflowError, TypeError):
            raise ImportProblem(f"{shown}: {key} {value!r} is no date sitegen reads; write it as 2024-05-01 or "
                                "2024-05-01 08:30, then import again") from None


def pelican_path_meta(conf: PelicanConf, rel: Path) -> dict[str, str]:
    """What Pelican reads from a file's place (its parse_path_metadata): FILENAME_METADATA on the name
    without its suffix (by default a leading date: 2024-05-06-brief.md), PATH_METADATA on the path in
    content/, then the folder the file is in as its category; the first to give a key wins."""
    checks = [(conf.filename_meta, rel.stem), (conf.path_meta, rel.as_posix())]
    if conf.folder_category:
        checks.append(("(?P<category>.*)", rel.parent.name))
    meta: dict[str, str] = {}
    for pattern, text in checks:
        m = re.match(pattern, text) if pattern and text else None
        for key, value in (m.groupdict().items() if m else ()):
            if value is not None:
                meta.setdefault(key.lower(), value)
    return meta


# Python-Markdown's meta extension, which Pelican's Markdown reader uses: an optional '---' line first,
# keys indented up to 3 spaces, a continuation line indented 4 or more; a blank line, '---' or '...'
# ends the block, and so does any other line, which is then the text's first
_META_BEGIN = re.compile(r"-{3}(\s.*)?$")
_META = re.compile(r"[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"[ ]{4,}(?P<value>.*)")
_META_END = re.compile(r"(-{3}|\.{3})(\s.*)?$")
# Pelican's DUPLICATES_DEFINITIONS_ALLOWED: for these a repeated key's first value counts
_FIRST_ONLY = {"tags", "date", "modified", "status", "category", "author", "save_as", "url", "authors", "slug"}


def pelican_meta(text: str) -> tuple[dict[str, Any], str, int]:
    """(the 'Key: value' lines as Pelican reads them (keys in lower case), the text, the text's first line)."""
    block = _yaml_block(text)
    if block is not None:
        return block
    lines, found, key, n = text.splitlines(keepends=True), {}, None, 0
    if lines and _META_BEGIN.match(lines[0].rstrip("\r\n")):
        n = 1
    while n < len(lines):
        line = lines[n].rstrip("\r\n").expandtabs(4)
        n += 1
        meta, more = _META.match(line), _META_MORE.match(line)
        if not line.strip() or _META_END.match(line):
            break
        if meta:
            key = meta.group("key").lower()
            found.setdefault(key, []).append(meta.group("value").strip())
        elif more and key:
            found[key].append(more.group("value").strip())
        else:
            n -= 1      # the text's first line
            break
    values = {k: v[0] if k in _FIRST_ONLY else " ".join(x for x in v if x) for k, v in found.items()}
    return values, "".join(lines[n:]), n + 1


def _yaml_block(text: str) -> tuple[dict[str, Any], str, int] | None:
    """A leading '---' block of YAML (pandoc --standalone's, which the import's own advice for a .rst
    story makes: 'author:' over '- Ann Lee', 'tags: |' over '  weather', 'date: "2024-03-03 10:20"')
    as pelican_meta's: each value sitegen reads as one line of text, a list joined with '; ' (Pelican's
    split for Tags and Authors), several 'author's as Authors; the other keys' values as YAML gave them
    (they go under extra:). Taken as YAML when it is no 'Key: value' lines, or when a value is quoted
    or block-styled (as pandoc writes a value with ': ' or '#', and the date), which Pelican's reader
    would keep, quotes and all. None for any other file: read as Pelican reads it."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        return None
    end = next((i for i in range(1, len(lines)) if _META_END.match(lines[i].rstrip("\r\n"))), None)
    body = [ln.rstrip("\r\n").expandtabs(4) for ln in lines[1:end or 1]]
    if end is None or all((_META.match(ln) and not _YAML_STYLED.match(ln)) or _META_MORE.match(ln)
                          for ln in body if ln.strip()):
        return None
    try:
        data = yaml.load("".join(lines[1:end]), Loader=yaml.BaseLoader)   # every value as its text, as Pelican's
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    values = {str(k).lower(): _yaml_text(v) if str(k).lower() in _PELICAN_READ else _yaml_value(v)
              for k, v in data.items()}
    if isinstance(data.get("author"), list) and len(data["author"]) > 1 and "authors" not in values:
        values["authors"] = values.pop("author")
    return values, "".join(lines[end + 1:]), end + 2


# A 'Key: value' line whose value YAML reads other than as written: quoted, or a block's '|' or '>'
_YAML_STYLED = re.compile(r"[ ]{0,3}[A-Za-z0-9_-]+:\s*(?:[\"'].*|[|>][-+0-9]*\s*)$")
# pandoc's YAML values are Markdown: "The mayor\'s plan", "Q&A \[live\]" (a backslash before ASCII punctuation)
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _yaml_text(value: object) -> str:
    """A value as one line; a list's items joined with '; ' (a mapping has no text: '')."""
    if isinstance(value, list):
        return "; ".join(_yaml_text(v) for v in value)
    return _one_line(_MARKDOWN_ESCAPE.sub(r"\1", value)) if isinstance(value, str) else ""


def _yaml_value(value: object) -> object:
    """A value sitegen does not read, kept as YAML gave it (a mapping, a list), its text unescaped."""
    if isinstance(value, dict):
        return {str(k): _yaml_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_yaml_value(v) for v in value]
    return _MARKDOWN_ESCAPE.sub(r"\1", value).strip() if isinstance(value, str) else value


def _pelican_default_date(default: object, path: Path, meta: dict[str, Any], shown: str) -> list[str]:
    """A story with no Date: dated as Pelican's DEFAULT_DATE dated it: 'fs', the file's modification time
    (as this copy has it: check it), or a tuple (2024, 5, 1); put in meta, with the warning to give."""
    try:
        when = datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0) if default == "fs" else \
            datetime(*default) if isinstance(default, (tuple, list)) else None
    except (TypeError, ValueError, OverflowError):
        when = None
    if when is None:
        return []
    meta["date"] = when
    how = "the file's modification time" if default == "fs" else "pelicanconf.py's DEFAULT_DATE"
    return [f"{shown}:1: no Date: line; dated {when} from {how}, as Pelican's DEFAULT_DATE dated it: add a "
            "'date:' line to the new file if that is not its date"]


def _pelican_status(value: str, at: str) -> str:
    """published, draft or hidden (Status in any case, as Pelican reads it); NotPublished for 'skip' and
    any other status, files Pelican skipped."""
    status = value.strip().lower() or "published"
    if status not in ("published", "draft", "hidden"):
        why = "skip" if status == "skip" else f"{value.strip()!r}, a status Pelican does not know"
        raise NotPublished(f"{at}: Status: {why}, so Pelican skipped it: not imported")
    return status


def pelican_story(src: Path, config: Config, conf: PelicanConf, path: Path,
                  named: dict[str, Path] | None = None, gone: frozenset[str] = frozenset()) -> Story:
    """`gone`: the stories (as `target`s) the import writes not, whose {filename} links stay as written."""
    rel = path.relative_to(src / conf.content)
    shown = conf.at(rel.as_posix())
    text = _read(path, src, shown)
    own, body, first = pelican_meta(text)
    meta = {**dict(conf.default_meta), **pelican_path_meta(conf, rel), **own}   # as Pelican: the file's lines win
    lines = key_lines(text, first)
    at = lambda key: f"{shown}:{lines.get(key, 1)}"  # noqa: E731
    dated = [] if meta.get("date") else _pelican_default_date(conf.default_date, path, meta, shown)
    if not meta.get("title") or not meta.get("date"):
        raise ImportProblem(f"{shown}:1: needs 'Title:' and 'Date:' lines; add them and import again")
    status = _pelican_status(meta.get("status", ""), at("status"))
    category = pelican_text(meta.get("category", ""))
    slug = meta.get("slug") or pelican_slug(rel.stem if conf.slug_from_name else meta["title"], conf.slug_subs,
                                            conf.preserve_case, conf.slug_unicode)
    out: dict[str, Any] = {
        "title": pelican_text(meta["title"]) or meta["title"],   # (a title all markup: what it was)
        "date": _in_calendar(_zoned(pelican_date(meta["date"], at("date"), "Date"), conf.zone), at("date"), "Date"),
        "authors": pelican_names(pelican_list(meta["authors"]) if meta.get("authors") else
                                 _names([meta.get("author") or conf.author])),
        "section": category or None, "tags": pelican_names(pelican_list(meta.get("tags", ""))),
        "summary": markdown_text(meta.get("summary")),   # Markdown to Pelican (FORMATTED_FIELDS)
        "slug": article_slug(slug),
        "language": language_tag(meta["lang"]) if meta.get("lang") else None,
        "draft": True if status == "draft" else None,
    }
    out, more = category_section(config, out, "Pelican")
    if meta.get("modified"):
        out["updated"] = _in_calendar(_zoned(pelican_date(meta["modified"], at("modified"), "Modified"), conf.zone),
                                      at("modified"), "Modified")
    out["extra"] = {k: v for k, v in own.items() if k not in (*_PELICAN_READ, conf.translation_id)}
    warnings = dated + _slug_warning(meta.get("slug"), out["slug"], at("slug")) + more
    if status == "hidden":
        warnings.append(f"{at('status')}: Status: hidden, so Pelican published it but listed it nowhere: imported "
                        "as a published story, which sitegen lists as any other (add 'draft: true' to keep it out)")
    body, pictures, more, links = pelican_links(src, path, body, shown, first, named, conf, gone, config)
    body, out["summary"] = without_more(body, out.get("summary"))
    warnings += more
    lang = meta.get("lang", "")    # Pelican compares it with DEFAULT_LANG as written: EN is not en
    urls = conf.lang_urls if lang and lang != conf.default_lang else conf.urls
    old, saved = (_address(_no_index(meta[own])) if meta.get(own) else _pelican_old(url, conf, out, meta, slug)
                  for own, url in zip(("url", "save_as"), urls))   # its own 'URL:' and 'Save_as:' lines win
    out["aliases"] = [saved] if saved and saved != old and not out["draft"] else []   # the file, when not the link
    out, more = with_alias(config, out, old, shown, conf.base)
    lists = pelican_lists(config, conf, out, category or conf.default_category) if status == "published" else ()
    paged = pelican_paged(config, conf, out, category or conf.default_category) if status == "published" else ()
    group = slug if conf.translation_id == "slug" else meta.get(conf.translation_id, "")
    rank = (meta.get("translation", "false").lower() != "false", (lang or conf.default_lang) != conf.default_lang)
    olds = tuple((conf.base + "/" + quote(file.relative_to(src / conf.content).as_posix()), dest)
                 for dest, file in pictures)
    return Story(shown, _target(rel), out, body, pictures, tuple(warnings + more), group=group and f"id:{group}",
                 picture_olds=olds,
                 rank=rank, lists=lists, links=links, old=conf.base + old if old else "", paged=paged)


# The story's own 'Key: value' lines sitegen reads; the rest (Description:, a plugin's Cover:, Series:)
# go under extra:, as Hugo's other keys do: they were dropped in silence
_PELICAN_READ = ("title", "date", "author", "authors", "category", "tags", "summary", "slug", "lang", "status",
                 "modified", "url", "save_as", "translation")


def pelican_lists(config: Config, conf: PelicanConf, out: dict[str, Any], category: str
                  ) -> tuple[tuple[str, str, str], ...]:
    """(old address, new one, '') of the list pages Pelican published the story on: its tags', category's
    and authors' (TAG_URL, ...: this site's tag, section, author page; the default category, which is no
    section here, the front page) and the site's archives.html, tags.html, ... (/archive/, /tags/, ...)."""
    new, pairs = list_pages(config, out), []
    for kind, url in conf.list_urls:
        names = out["tags"] if kind == "tag" else out["authors"] if kind == "author" else [category]
        subs = {"tag": conf.tag_subs, "author": conf.author_subs}.get(kind, conf.category_subs)
        for name in names:
            try:
                old = _address(url.format(slug=pelican_slug(name, subs, conf.preserve_case, conf.slug_unicode),
                                          name=name))
            except (KeyError, IndexError, ValueError, AttributeError):
                continue
            here = new.get(f"{'section' if kind == 'category' else kind}:{name}")
            here = here or (new.get(f"tag:{name}") if kind == "category" else None)   # category_section's tag
            pairs.append((old, here or new["root"], ""))
    pairs += [(_address(_no_index(save)), new["root"] + page, "") for save, page in conf.index_pages]
    lang = out.get("language") or ""
    translated = bool(lang) and not same_writing(lang, conf.default_lang)   # in TRANSLATION_FEED, not FEED_ALL
    meta_lang = lang or conf.default_lang
    for kind, name, feed in conf.feeds:   # each to the same list's feed here, written as a copy of it
        if kind == "all" and translated:   # TRANSLATION_FEED: one for each language, DEFAULT_LANG's too
            continue
        names = {"tag": out["tags"], "author": out["authors"], "category": [category]}.get(kind, [""])
        for term in names:
            page = new.get(f"{'section' if kind == 'category' else kind}:{term}") or new["root"]
            slug = pelican_slug(term, {"tag": conf.tag_subs, "author": conf.author_subs}.get(kind, conf.category_subs),
                                conf.preserve_case, conf.slug_unicode)
            try:
                old = _address(feed.format(slug=slug, lang=meta_lang))
            except (KeyError, IndexError, ValueError, AttributeError):
                continue
            pairs += [(old, feed_of(config, page, name), "")] if feed_of(config, page, name) else []
    return tuple((conf.base + old, target, why) for old, target, why in pairs)


def pelican_paged(config: Config, conf: PelicanConf, out: dict[str, Any], category: str
                  ) -> tuple[tuple[str, str, str, Pagination], ...]:
    """(the old site's path, the first page's file, this site's page, how Pelican paginated it) of each
    list Pelican paginated that the story was on: the front page (INDEX_SAVE_AS), its tags', category's
    and authors' pages."""
    new, paging = list_pages(config, out), dict(conf.paginated)
    found = [(conf.index_save, new["root"], paging["index"])] if "index" in paging else []
    for kind, save in conf.list_saves:
        names = out["tags"] if kind == "tag" else out["authors"] if kind == "author" else [category]
        subs = {"tag": conf.tag_subs, "author": conf.author_subs}.get(kind, conf.category_subs)
        for name in names if kind in paging else ():
            try:
                file = save.format(slug=pelican_slug(name, subs, conf.preserve_case, conf.slug_unicode), name=name)
            except (KeyError, IndexError, ValueError, AttributeError):
                continue
            found.append((file, new.get(f"{'section' if kind == 'category' else kind}:{name}") or new["root"],
                          paging[kind]))
    return tuple((conf.base, file.lstrip("/"), page, how) for file, page, how in found)


def paged_redirects(config: Config, stories: list[Story]) -> dict[str, tuple[str, str]]:
    """Pelican's pages 2 and on of each list it paginated (/index2.html, /tag/x2.html: as many as its
    stories filled, translations not counted, as Pelican lists originals only) -> this site's list."""
    counts: dict[tuple[str, str, str, Pagination], int] = {}
    for story in stories:
        for entry in story.paged if not story.meta.get("translation_of") else ():
            counts[entry] = counts.get(entry, 0) + 1
    found: dict[str, tuple[str, str]] = {}
    for (base, first, page, how), count in sorted(counts.items(), key=lambda item: item[0][:3]):
        for file in how.pages(first, count):
            found.setdefault(base + _address(_no_index(file)), (page, ""))
    return {old: new for old, new in found.items() if old not in config.redirects}


# (pandoc writes '{static}' in a link as '%7Bstatic%7D': a .rst story converted as the import advises)
_PELICAN_LINK = re.compile(r"(?:[{|]|%7B)(filename|static|attach|index|tags?|categor(?:y|ies)|authors?|archives)"
                           r"(?:[}|]|%7D)([^\s)\"'<>\]]*)")
_BRACED_LINK = re.compile(r"\]\(\s*\{(\w+)\}")    # a link to some other {what}: a plugin's


def _list_link(config: Config | None, what: str, value: str) -> tuple[str, str]:
    """(this site's page for Pelican's {tag}x, {category}x, {author}x, {index}, ...: the page list_pages
    maps the old one to, from the root; a warning, '' for none). They were left as written, broken links
    the build did not see (review47d)."""
    name = value.split("#")[0].split("?")[0]
    if what in ("tag", "author") and slug_of(name):
        return f"/{what}s/{term_slug(config, what, name)}/", ""
    if what == "category" and slug_of(name):
        slug = _section_slug(config, name) if config else slug_of(name)
        known = bool(config and _section_key(config, name))
        return f"/{slug}/", "" if known else (f"is written /{slug}/, the page of the section {name!r} once "
                                              f"{config.file if config else CONFIG_FILE}'s [sections] has it: add "
                                              f"[sections.{slug}], or link another page")
    pages = {"index": "/", "tags": "/tags/", "authors": "/authors/", "archives": "/archive/", "categories": "/"}
    if what in pages:
        return pages[what], ""
    return "", "is left as written and leads nowhere here: link the page's address on this site (/tags/x/, /) instead"


def pelican_links(src: Path, path: Path, body: str, shown: str, first: int, named: dict[str, Path] | None = None,
                  conf: PelicanConf = PelicanConf(), gone: frozenset[str] = frozenset(), config: Config | None = None
                  ) -> tuple[str, tuple[tuple[str, Path], ...], list[str], tuple[str, ...]]:
    """Pelican's intra-site links as sitegen's: {filename}/a.md (|filename| too) as a link from content/
    to the imported story, a {static}/{attach} picture copied to the same place under content/ (its
    folders named as the stories' are) and linked from there; others are left as written and warned
    about with their line, as is a link to a story in `gone` (not imported: skipped, or failed). `named`:
    where the import's stories so far put their pictures (a name taken by another file gets '-2'). Also
    the stories linked."""
    content, pictures, warnings, links = src / conf.content, {}, [], []
    named = {} if named is None else named

    def one(m: re.Match) -> str:
        what, value = m.group(1), m.group(2)
        at = f"{shown}:{line(m.start())}"
        if what not in ("filename", "static", "attach"):
            page, why = _list_link(config, what, unquote(value))
            if why:
                warnings.append(f"{at}: Pelican's link {m.group(0)!r} {why}")
            return page or m.group(0)
        rel, rest = _pelican_target(path.parent.relative_to(content), value)
        file = content / rel if rel else None
        if what == "filename" and file is not None and file.suffix in (".rst", ".html", ".htm"):
            made = _converted_beside(file, _PELICAN_MARKDOWN)     # {filename}x.rst: x.md, made from it, is imported
            file, rel = (made, Path(rel).with_suffix(made.suffix).as_posix()) if made else (file, rel)
        if file is None or not file.is_file() or not file.resolve().is_relative_to(content.resolve()):
            stops = " that `sitegen build` stops on" if what != "filename" else ""
            warnings.append(f"{at}: {m.group(0)!r} names no file in content/; left as written (a broken "
                            f"link{stops}): put the file there, or remove the link")
            return m.group(0)
        story = file.suffix in _PELICAN_MARKDOWN and pelican_kind(conf, Path(rel)) == "article"
        if what == "filename" and story and _target(Path(rel)) in gone:
            warnings.append(f"{at}: {m.group(0)!r} names {_target(Path(rel))}, a story not imported (see its note "
                            "or error): left as written (a broken link); link another story or remove it")
            return m.group(0)
        if what == "filename" and story:
            links.append(_target(Path(rel)))
            return "/" + _target(Path(rel)) + rest     # README "Links between stories": a path from content/
        if file.suffix.lower() in PICTURE_SUFFIXES and not file.is_symlink():
            *folders, name = rel.split("/")
            dest = _free_name("/".join([*(article_slug(f) for f in folders), name]), file, named)
            pictures[dest] = named[dest] = file
            return "/" + quote(dest) + rest
        if file.suffix in _PELICAN_MARKDOWN:   # a Pelican page (noted, not imported), not a file for static/
            warnings.append(f"{at}: {m.group(0)!r} names a Pelican page, which is not imported (see its note): left as "
                            "written (a broken link); link this site's page for it, or remove the link")
            return m.group(0)
        warnings.append(f"{at}: {m.group(0)!r} is no story or picture sitegen imports: left as written (a broken "
                        "link); put the file in sitegen's static/ folder and link it from there")
        return m.group(0)

    line = line_finder(body, first)
    out = _PELICAN_LINK.sub(one, body)
    out_line = line_finder(out, first)
    for m in _BRACED_LINK.finditer(out):
        if m.group(1) not in ("filename", "static", "attach") and not _PELICAN_LINK.match(out, m.start(1) - 1):
            warnings.append(f"{shown}:{out_line(m.start())}: a link to {{{m.group(1)}}} is left as written and leads "
                            "nowhere here: replace it with an address on this site")
    return out, tuple(pictures.items()), warnings, tuple(links)


def _free_name(dest: str, file: Path, pictures: dict[str, Path]) -> str:
    """dest, or 'chart-2.png' when another picture of the import already goes there: '/Images/chart.png'
    and '/images/chart.png' slug to one folder, and neither may silently replace the other."""
    stem, dot, suffix = dest.rpartition(".")
    n, name = 1, dest
    while pictures.get(name, file) != file:
        n += 1
        name = f"{stem}-{n}{dot}{suffix}"
    return name


def _pelican_target(folder: Path, value: str) -> tuple[str, str]:
    """(the file's path under content/, '' if it leads out; the #fragment or ?query): from content/ for
    '/a.md', else from the linking file's folder, as Pelican reads it."""
    m = re.match(r"([^#?]*)(.*)", value)
    name = unquote(m.group(1))
    joined = posixpath.normpath(name.lstrip("/") if name.startswith("/") else posixpath.join(folder.as_posix(), name))
    parts = joined.split("/")
    leads_out = not name or joined.startswith("..") or any(p.startswith(".") for p in parts)
    return ("" if leads_out else joined), m.group(2)


def _pelican_old(url: str, conf: PelicanConf, out: dict[str, Any], meta: dict[str, str], slug: str) -> str | None:
    """`url` filled as Pelican fills it: the article's metadata, its slug, date, language, and the slugs
    of its category (DEFAULT_CATEGORY when none) and first author."""
    category = pelican_slug(meta.get("category") or conf.default_category, conf.category_subs, conf.preserve_case,
                            conf.slug_unicode)
    author = out["authors"][0] if out["authors"] else ""
    fields = {**meta, "slug": slug, "date": out["date"], "lang": meta.get("lang") or conf.default_lang,
              "category": category, "author": pelican_slug(author, conf.author_subs, conf.preserve_case,
                                                                           conf.slug_unicode)}
    try:
        return _address(url.format(**fields))
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):   # a field this story lacks
        return None


# ---------------------------------------------------------------- files

def _read(path: Path, src: Path, shown: str) -> str:
    """A source file's text; one reached through a link out of SRC is refused (it is not the project's)."""
    if not path.resolve().is_relative_to(src.resolve()):
        raise ImportProblem(f"{shown}: a link to {path.resolve()}, outside {src}; not imported")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportProblem(f"{shown}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from None


def _target(rel: Path) -> str:
    """A sitegen-safe name under content/: each part slugged (no '..', no hidden file, ASCII)."""
    return "/".join(article_slug(p) for p in (*rel.parent.parts, rel.stem)) + ".md"


def _inside(content: Path, target: Path) -> bool:
    return target.resolve().is_relative_to(content.resolve())


def _make_folders(top: Path, target: Path) -> bool:
    """Make `target`'s missing folders under `top` one at a time, each checked inside `top` before it
    is made; False, with nothing made past it, at a link leading out (mkdir(parents=True) first made
    an old site's empty folders at such a link's target, and only then refused the copy: review49e)."""
    top.mkdir(parents=True, exist_ok=True)   # the site's own content/ or root/, as site.toml names it
    folder = top
    for part in target.parent.relative_to(top).parts:
        folder = folder / part
        if not _inside(top, folder):
            return False
        if not folder.is_dir():
            folder.mkdir()
    return True


def _place(content: Path, rel: str, data: bytes, summary: ImportSummary, writer: tuple[str, ...] = (),
           write: bool = True) -> str:
    """'new', 'identical', 'updated' (the import's own file, rewritten), 'edited' (the import's, edited by
    hand since: kept), 'deleted' (the import's, deleted since: not written again) or 'kept' (no file of
    this import's: never overwritten; one another source wrote too, rf47n); writes unless a dry run or not
    `write`. `writer`: (kind, SRC, the file under SRC) the bytes are from."""
    path = content / rel
    if not _inside(content, path):
        raise ImportProblem(f"content/{rel}: would be written outside content/ (a link in the way); not imported")
    recorded = summary.record.files.get(rel)
    if (path.exists() or path.is_symlink()) and not _is_sample(rel, path, summary):
        if not path.is_file():
            return "kept"
        there = _as_read(rel, path.read_bytes())
        if there == _as_read(rel, data):
            return "identical"
        if recorded is None or path.is_symlink() or not recorded.mine(writer):   # a link is an editor's
            return "kept"
        if digest(there) not in recorded.digests:
            return "edited"
        state = "updated"
    else:
        state = "new" if recorded is None or "" in recorded.digests else "deleted"
    if state != "deleted" and write and not summary.dry_run:
        if not _make_folders(content, path) or not _inside(content, path):
            raise ImportProblem(f"content/{rel}: would be written outside content/; not imported")
        try:
            summary.record.add(rel, digest(data), writer)   # first: a kill after the write leaves it the import's
        except OSError as exc:
            raise ImportProblem(f"content/{IMPORT_RECORD}: cannot be written ({exc.strerror}), so content/{rel} "
                                "is not written (an import again would keep it as no import's)") from None
        atomic_write(path, data)   # as the converter writes: whole or absent, the umask's permissions
        summary.record.files[rel] = Written((digest(data),), writer)
    return state


def _is_sample(rel: str, path: Path, summary: ImportSummary) -> bool:
    """Whether content/`rel` is init's sample, unedited, as import_site found it: written over like a
    file not there (a link is an editor's). Read again here: saved by its editor since the import began
    (the old site read, its pictures copied), it was written over all the same (rr53b 2); so edited, it
    is the editor's file from then on, kept as any other is."""
    if rel != summary.sample or path.is_symlink():
        return False
    if unedited_sample(path.parent) != path:
        summary.sample = ""   # no longer init's: nor said to be replaced (_drop_init_sample)
        return False
    return True


def _as_read(rel: str, data: bytes) -> bytes:
    """A story's bytes as the build reads them: a checkout's CRLF line ends (git's core.autocrlf, Git for
    Windows' default) as LF, so such a file is no hand edit (rf47n); a picture's as they are."""
    return data.replace(b"\r\n", b"\n") if rel.endswith(".md") else data


def _writer(summary: ImportSummary, file: str) -> tuple[str, ...]:
    return (summary.kind, summary.origin, file)


def _source_file(summary: ImportSummary, path: Path) -> str:
    """A picture's file as a writer names it: under SRC (a shared picture's is one file, whichever story)."""
    try:
        return path.resolve().relative_to(summary.src.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def write_story(content: Path, story: Story, summary: ImportSummary) -> None:
    text = render(story)
    files = [(story.target, text.encode("utf-8"), _writer(summary, story.source))]
    files += [(rel, p.read_bytes(), _writer(summary, _source_file(summary, p))) for rel, p in story.pictures]
    states = {rel: _place(content, rel, data, summary, writer, write=False) for rel, data, writer in files}
    summary.warnings += [w for w in story.warnings if w not in summary.warned]   # one said by many stories: once
    summary.warned.update(story.warnings)
    if _left(story, states, summary):
        return
    states = {rel: _place(content, rel, data, summary, writer) for rel, data, writer in files}
    summary.texts[story.target] = text   # the site to_root plans, dry run or not (_site_outputs)
    for rel, data, writer in files:
        known = summary.record.files.get(rel)
        if states[rel] == "identical" and not summary.dry_run and (known is None or known.mine(writer)):
            summary.record.files[rel] = Written((digest(data),), writer)   # another source's stays its
        elif states[rel] in ("edited", "deleted"):   # a picture of the story: the rest is written
            summary.notes.append(_left_note(rel, states[rel]))
    summary.pictures.update((old, rel) for old, rel in story.picture_olds if old not in summary.pictures)
    summary.sources.update(story.pictures)
    if not any(state in ("new", "updated") for state in states.values()):   # nothing written: a picture kept
        summary.identical.append(story.source)   # as edited or deleted here is noted above; it was '1 imported'
        return
    summary.imported.append(story.source)
    summary.updated += [story.source] if "updated" in states.values() else []
    if summary.dry_run:
        planned = [f"would {'update' if state == 'updated' else 'write'} content/{rel}"
                   for rel, state in states.items() if state in ("new", "updated")]
        new = [line for line in dict.fromkeys(planned) if line not in summary.planned_set]  # a shared picture once
        summary.planned += new
        summary.planned_set.update(new)


def _left(story: Story, states: dict[str, str], summary: ImportSummary) -> bool:
    """Whether the story is not written: a file of it that is no import's is in the way (an error; a
    story whose picture is taken is not written either: it would show the other one), or its text was
    edited by hand or deleted since the import wrote it (a note: a re-import of an edited site is no failure)."""
    kept = [rel for rel, state in states.items() if state == "kept"]
    if kept:
        summary.kept.append(story.source)
        summary.errors += [f"content/{rel}: exists and differs from {story.source}'s import; left as it is "
                           "(move it away, or rename the source, and import again)" for rel in kept]
        summary.kept_errors += len(kept)
        return True
    state = states[story.target]
    if state in ("edited", "deleted"):
        (summary.edited if state == "edited" else summary.deleted).append(story.source)
        summary.notes.append(_left_note(story.target, state))
        return True
    return False


def _left_note(rel: str, state: str) -> str:
    if state == "edited":
        return (f"content/{rel}: edited by hand since the import wrote it, so left as it is (to take the import's "
                f"version, delete the file and its line in content/{IMPORT_RECORD}, and import again)")
    return (f"content/{rel}: deleted since the import wrote it, so not written again (to import it again, delete "
            f"its line in content/{IMPORT_RECORD})")


# ---------------------------------------------------------------- the run

def import_site(config: Config, kind: str, src: Path, dry_run: bool = False) -> ImportSummary:
    """Import every story of the Hugo or Pelican project in `src` into config's content/ folder;
    NotAProject when `src` is none (nothing written)."""
    summary = ImportSummary(kind, dry_run, src=src, origin=_origin(config, src))
    if src.resolve() == Path(config.root).resolve():   # `sitegen import hugo .`: its content/ is no Hugo project's
        raise NotAProject(f"{src}: this site's own folder, not a {kind.title()} project; give the old site's folder")
    _check_kind(src, kind)
    content = config.path("content")
    summary.record = ImportRecord.load(content / IMPORT_RECORD)
    # init's sample goes once a story comes: no story of content/ (an old site's own welcome.md takes its file,
    # where it was refused as someone's, and the sample removed after, review52c 3)
    summary.sample = sample.name if (sample := unedited_sample(content)) else ""
    present = present_files(config)
    present.pop(summary.sample, None)
    stories, moved, notes = already_there(config, _stories(config, kind, src, summary), present, summary)
    stories, clashes = unique_slugs(config, stories, present)
    stories, ours = off_own_pages(config, stories)
    stories, twice = unique_aliases(config, stories, present)
    linked, more = cross_links(config, src, stories + moved)   # a link to a moved story: to where it is now
    stories = linked[: len(stories)]
    summary.notes += notes + ours
    summary.warnings += clashes + twice + more
    if not dry_run:
        content.mkdir(parents=True, exist_ok=True)
    before = _written_before(stories, summary)
    try:
        write_stories(content, stories, summary)
    finally:   # Ctrl-C, an error: what was written is in the record (each file was added before it)
        if not dry_run:
            _save_record(summary)
    summary.redirects = paged_redirects(config, stories) | list_redirects(config, stories)
    try:
        to_root(config, summary)
    finally:   # root/'s copies are in the record too (each added before it was written)
        if not dry_run:
            _save_record(summary)
    # not when each story was kept, failed or was someone's there already: nothing came beside it. One this
    # import wrote before counts: a run stopped before it got here left them, and its sample, for good
    if summary.imported or before & set(summary.identical):
        _drop_init_sample(content, summary)
    return summary


def _written_before(stories: list[Story], summary: ImportSummary) -> set[str]:
    """The sources of the stories an import of the same source wrote already, as the record says."""
    record = summary.record.files
    return {story.source for story in stories
            if (known := record.get(story.target)) is not None and known.mine(_writer(summary, story.source))}


def _hugo_configured(src: Path) -> str | None:
    """The Hugo config file (or config/ folder) in `src` that hugo_config reads, None if none."""
    return next((n for n in _CONFIG_NAMES if (src / n).is_file()), None) or next(
        (f"config/{env}/" for env in ("_default", "production") if (src / "config" / env).is_dir()), None)


def _check_kind(src: Path, kind: str) -> None:
    """NotAProject when `src` is the other tool's project (its config there, this one's not): a Hugo
    project imported as Pelican's got Pelican's addresses (old links broken) and exit 0, a Pelican one
    as Hugo's an error for each good story ('no title'). A folder without Hugo's config is no Hugo project
    when it is a sitegen site (the help's exit 2); else it is read with Hugo's defaults, noted (hugo_site),
    and one without pelicanconf.py with Pelican's (`pelican content` builds it)."""
    import shlex   # only on the way to an error message
    hugo = _hugo_configured(src)
    pelican = (src / "pelicanconf.py").is_file()
    if kind == "pelican" and hugo and not pelican:
        raise NotAProject(f"{src}: a Hugo project ({hugo}, no pelicanconf.py), not a Pelican one; import it with "
                          f"`sitegen import hugo {shlex.quote(str(src))}`")
    if kind == "hugo" and not hugo and pelican:
        raise NotAProject(f"{src}: a Pelican project (pelicanconf.py, no hugo.toml or config.toml), not a Hugo one; "
                          f"import it with `sitegen import pelican {shlex.quote(str(src))}`")
    if kind == "hugo" and not hugo and (src / "site.toml").is_file():   # its language: moved under extra:
        raise NotAProject(f"{src}: a sitegen site (site.toml, no hugo.toml or config.toml), not a Hugo project; "
                          "copy its content/ stories into this site's instead")


def _drop_init_sample(content: Path, summary: ImportSummary) -> None:
    """`sitegen init`'s sample story, unedited, removed (said): README's recipe, init then import,
    published it as the lead story beside the imported ones, and the next deploy put it live."""
    if summary.sample in summary.texts:   # an imported story of its name is written over it (_place)
        summary.notes.append(f"content/{summary.sample}: `sitegen init`'s sample story, unedited, "
                             f"{'would be' if summary.dry_run else 'is'} replaced by the imported story of that name")
        return
    sample = unedited_sample(content)
    if sample is None:
        return
    if not summary.dry_run:
        sample.unlink()
    summary.notes.append(f"content/{sample.name}: `sitegen init`'s sample story, unedited, "
                         f"{'would be' if summary.dry_run else 'is'} removed so that it is not published beside the "
                         "imported stories")


def write_stories(content: Path, stories: list[Story], summary: ImportSummary) -> None:
    taken: dict[str, str] = {}
    for story in stories:
        if story.target in taken:
            summary.errors.append(f"{story.source}: would be content/{story.target}, as {taken[story.target]} is; "
                                  "not imported: rename one of them and import again")
            continue
        taken[story.target] = story.source
        try:
            write_story(content, story, summary)
        except ImportProblem as exc:
            summary.errors.append(str(exc))


def _save_record(summary: ImportSummary) -> None:
    try:
        summary.record.save()
    except OSError as exc:
        summary.errors.append(f"content/{IMPORT_RECORD}: cannot be written ({exc.strerror}); an import again "
                              "would keep every file it wrote as edited by hand: import again once it can be")


def _origin(config: Config, src: Path) -> str:
    """The old project's folder as the record names its writer: relative to the site's folder, so a clone
    beside the same old project (another machine, the folders moved together) is the same source."""
    try:
        return Path(os.path.relpath(src.resolve(), Path(config.root).resolve())).as_posix()
    except ValueError:   # another drive (Windows)
        return src.resolve().as_posix()


def to_root(config: Config, summary: ImportSummary) -> None:
    """The old site's files at their old addresses, copied into root/ ([paths] root), which every build
    publishes at the site's root and git keeps with the site: each picture it published as it was (a
    story's, now resized under /images/: hotlinks and image searches) and each static file no story named
    (ads.txt, a verification file, a PDF). Printed as `cp` commands into public/ before, their copies lived
    in one checkout's public/ only, and a deploy from a clone or a CI job removed them (review47d 3, 4).
    A different file already in root/ is never overwritten: named. Those outside base_url's path are not
    this site's to publish, left out as before; CNAME is [deploy] cname's (static_lines)."""
    base, folder = urlsplit(config.site.base_url).path or "/", config.path("root")
    content = config.path("content")
    wanted = {old: summary.sources.get(rel, content / rel) for old, rel in summary.pictures.items()}
    wanted |= {old: file for old, file in summary.statics if unquote(old).lstrip("/") != "CNAME"}
    shown = config.paths.root.rstrip("/")
    taken = refused(_rels_under(base, wanted), _site_outputs(config, summary.texts))
    for old, file in sorted(wanted.items()):
        path = unquote(old, errors="surrogateescape")
        if (why := _unaddressable(path)) and path.startswith(base):
            summary.warnings.append(f"{_shown_file(file)}: not copied into {shown}/: {why}; rename it (and import "
                                    "again), its old address is a 404 here until then")
            continue
        if not (path.startswith(base) and _safe_path(path)):
            continue
        rel = path[len(base):].lstrip("/")
        if not published_static(rel.removeprefix(WELL_KNOWN + "/")):   # as config.root_file: an editor's name
            summary.warnings.append(f"{_shown_file(file)}: not copied into {shown}/: every build leaves out a name "
                                    "starting with '#' or '.' or ending in '~' (an editor's backup or lock); rename "
                                    "it (and import again), its old address is a 404 here until then")
            continue
        if rel in taken:
            mine = taken[rel]
            summary.warnings.append(f"{file}: the old site published it at {old}, where this site writes its own "
                                    f"{'files' if mine.endswith('/') else 'file'} ({mine}); not copied into {shown}/, "
                                    "which every build would refuse (merge what it needs into the site's own)")
            continue
        _copy_to_root(folder, shown, rel, file, summary, content)


def _rels_under(base: str, wanted: dict[str, Path]) -> set[str]:
    """The paths under root/ the old addresses in `wanted` would be copied to."""
    paths = (unquote(old, errors="surrogateescape") for old in wanted)
    return {path[len(base):].lstrip("/") for path in paths if path.startswith(base) and _safe_path(path)}


def _site_outputs(config: Config, texts: dict[str, str]) -> set[str]:
    """Every file the site's build writes, planned by the build's own rules (site.build_site) from the
    content folder's stories with the import's (`texts`: rel -> the text it wrote, or under --dry-run
    would write), drafts and stories dated ahead too (each is published one day): a hand list of five
    names let rss.xml, _headers or tags/index.html into root/, and every build after it failed (rf48c 2).
    Planned from content/ alone, a dry run, which writes nothing, left out the imported stories' pages
    and promised copies the import then refused (rf48l 2). Stories that do not parse are left out (the
    build says them); a site that does not plan gives the outputs of one without stories."""
    from .site import SiteError, build_site
    root, articles = config.path("content"), []
    for rel, _ in scan_files(root, ".md"):
        try:
            articles.append(parse_article(rel, texts[rel], config.tz, config.site.language) if rel in texts else
                            read_content(root, rel, config.tz, config.site.language,
                                         shown=config.paths.content.rstrip("/")))
        except (ContentError, OSError):
            continue
    for rel in texts.keys() - {a.path for a in articles}:   # not there yet (a dry run)
        try:
            articles.append(parse_article(rel, texts[rel], config.tz, config.site.language))
        except ContentError:
            continue
    now = datetime.now(timezone.utc)
    for some in (articles, []):
        try:
            return {page.output for page in build_site(config, some, now, drafts=True, future=True).pages}
        except (SiteError, ContentError):
            continue
    return set()


def _unaddressable(path: str) -> str:
    """Why a file at old address `path` cannot be published from root/ ('' if it can): every build refuses
    a name not in UTF-8 or holding a backslash (assets._addressable). The import raised UnicodeEncodeError
    on the first and dropped the second without a word (rf48c 4)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "its name is not UTF-8 (an old Latin-1 name?)"
    return "its name holds a backslash, which browsers read as '/' in a URL" if "\\" in path else ""


def _shown_file(file: Path) -> str:
    """A file's path for a message, a name not in UTF-8 shown with U+FFFD for its bytes."""
    return os.fsencode(file).decode("utf-8", "replace")


def _copy_to_root(folder: Path, shown: str, rel: str, file: Path, summary: ImportSummary, content: Path) -> None:
    """root/`rel` from the old site's `file`, by the import record's rules for content/'s files (_place): its
    key is the path from content/ ('../root/ads.txt'). Copies were not recorded (rf48c 5), so an import
    again wrote back a file the editor deleted and never updated one of its own left unedited."""
    target = folder / rel
    key = Path(os.path.relpath(target, content)).as_posix()
    writer = _writer(summary, _source_file(summary, file))
    recorded = summary.record.files.get(key)
    try:
        data = file.read_bytes()
        if target.exists() or target.is_symlink():
            there = target.read_bytes() if target.is_file() and not target.is_symlink() else None
            if there == data:
                summary.root_same.append(rel)
                if not summary.dry_run and (recorded is None or recorded.mine(writer)):
                    summary.record.files[key] = Written((digest(data),), writer)
                return
            if there is None or recorded is None or not recorded.mine(writer) or digest(there) not in recorded.digests:
                summary.warnings.append(f"{shown}/{rel}: there already and not {file}'s bytes; kept as it is, not "
                                        f"overwritten (copy {file} there yourself if the old site's is wanted)")
                return
        elif recorded is not None and "" not in recorded.digests:
            summary.notes.append(f"{shown}/{rel}: deleted since the import copied it there, so not copied again (to "
                                 f"copy it again, delete its line in content/{IMPORT_RECORD})")
            return
        if summary.dry_run:
            summary.rooted.append(rel)
            return
        if not _make_folders(folder, target) or not _inside(folder, target):
            raise OSError(0, "a link on the way leads out of it")
        summary.record.add(key, digest(data), writer)   # first: a kill after the write leaves it the import's
        atomic_write(target, data)
        summary.record.files[key] = Written((digest(data),), writer)
    except OSError as exc:
        summary.errors.append(f"{shown}/{rel}: cannot be copied from {file} ({exc.strerror or exc}); the old "
                              f"address {'/' + rel} is a 404 here until it is")
        return
    summary.rooted.append(rel)


def list_redirects(config: Config, stories: list[Story]) -> dict[str, tuple[str, str]]:
    """old list page -> (this site's, a comment): the [redirects] lines to print, but those site.toml has.
    A list the old site had once for all languages (Pelican's tag page) goes to the main edition's page."""
    first = sorted(stories, key=lambda s: not same_writing(s.meta.get("language") or config.site.language,
                                                           config.site.language))   # stable: else in order
    found: dict[str, tuple[str, str]] = {}
    for story in first:
        for old, new, why in story.lists:
            if old != new and old not in config.redirects:
                found.setdefault(old, (new, why))
    return found


# paths, notes, warnings, errors, how to make a story (given the stories not imported, its refs left as written),
# the old site's static files ((its address, the file)) but those the stories carried (their source files)
_Plan = tuple[list[Path], list[str], list[str], list[str], Callable[[Path, frozenset[str]], Story],
              Callable[[set[Path]], list[tuple[str, Path]]]]


def _left_behind(files: dict[str, Path], base: str, used: set[Path]) -> list[tuple[str, Path]]:
    """(old address, file) of the old site's published static files (address under the root -> file)
    that no story carried: ads.txt, a verification file, CNAME, a PDF; hidden ones but .well-known/ left out."""
    return sorted((base + "/" + quote(rel, errors="surrogateescape"), file) for rel, file in files.items()
                  if file.resolve() not in used and not any(p.startswith(".") and p != ".well-known" for p in rel.split("/")))


def _files_under(folder: Path) -> dict[str, Path]:
    """Every file under `folder` by its path there (links out of it left out, as the import reads none)."""
    if not folder.is_dir():
        return {}
    top = folder.resolve()
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*"))
            if p.is_file() and p.resolve().is_relative_to(top)}


def hugo_statics(site: HugoSite) -> dict[str, Path]:
    """Hugo's published static files: each staticDir's, the later folder's file winning, at the root."""
    found: dict[str, Path] = {}
    for folder in site.statics:
        found.update(_files_under(site.root / folder))
    return found


_PELICAN_SOURCES = (".md", ".markdown", ".mkd", ".mdown", ".rst", ".html", ".htm")   # its readers' files


def pelican_statics(src: Path, conf: PelicanConf) -> dict[str, Path]:
    """Pelican's published static files: STATIC_PATHS' (files or folders under content/, but the sources
    its article and page generators read: STATIC_EXCLUDE_SOURCES), each at its path there or
    EXTRA_PATH_METADATA's. A reader's file no generator reads (google123.html in an excluded 'extra/',
    Search Console's check) is published as it is, so listed (rf47n)."""
    content, saves, found = src / conf.content, dict(conf.static_saves), {}
    for given in conf.static_paths:
        path = content / given.strip("/")
        files = {given.strip("/"): path} if path.is_file() else {
            f"{given.strip('/')}/{rel}": p for rel, p in _files_under(path).items()}
        found |= {saves.get(rel, rel): p for rel, p in files.items()
                  if not _pelican_source(conf, rel, p) and p.resolve().is_relative_to(content.resolve())}
    return found


def _pelican_source(conf: PelicanConf, rel: str, path: Path) -> bool:
    """Whether Pelican's article or page generator reads content/`rel` (its get_files: each of ARTICLE_PATHS
    walked, the folders of ARTICLE_EXCLUDES and PAGE_PATHS below it, and IGNORE_FILES' names, left out;
    the same for pages), so its static generator leaves it out."""
    if path.suffix not in _PELICAN_SOURCES:
        return False
    return (_walked(conf.article_paths, (*conf.article_excludes, *conf.page_paths), conf.ignore_files, rel)
            or _walked(conf.page_paths, (*conf.page_excludes, *conf.article_paths), conf.ignore_files, rel))


def _walked(paths: tuple[str, ...], excludes: tuple[str, ...], ignores: tuple[str, ...], rel: str) -> bool:
    """Whether os.walk of one of `paths` reaches the file `rel` as Pelican prunes it: a folder below the
    walked one that is an exclude, or whose name is ignored, is not entered; the file's name not ignored."""
    parts, pruned = rel.split("/"), {posixpath.normpath(e.strip("/")) for e in excludes if e.strip("/")}
    if any(fnmatch.fnmatch(parts[-1], glob) for glob in ignores):
        return False
    for given in paths:
        top = [p for p in given.strip("/").split("/") if p]
        if parts[:len(top)] != top or len(parts) <= len(top):
            continue
        if not any("/".join(parts[:i + 1]) in pruned or any(fnmatch.fnmatch(parts[i], glob) for glob in ignores)
                   for i in range(len(top), len(parts) - 1)):
            return True
    return False


def _hugo_plan(config: Config, src: Path) -> _Plan:
    site, notes = hugo_site(src, config)
    paths, unread, where = [], [], {}
    for folder in site.folders:
        if not (src / folder).is_dir():
            raise NotAProject(f"{src}: no {folder}/ folder (its contentDir), so not a Hugo project; give the "
                                "project's folder")
        others = tuple(f for f in site.folders if f != folder and (src / f).is_relative_to(src / folder))
        found, more, bad = hugo_files(src, folder, site.known_languages, others, site.main)
        paths, notes, unread = paths + found, notes + more, unread + bad
        where.update(dict.fromkeys(found, folder))
    # a language's folder inside the top one (content/fr) is walked twice: its stories are read once, in
    # its language (where[] keeps the later, inner folder); hugo 0.168 publishes them in both at one address.
    # One its own walk left out (content/fr/about.md, a standing page there) is not the top folder's (rr54g)
    paths = [p for p in paths if not any(f != where[p] and p.is_relative_to(src / f) for f in site.folders
                                         if (src / f).is_relative_to(src / where[p]))]
    tops = {_top_folder(site, p.relative_to(src / where[p])) for p in paths}
    site = replace(site, sole_section=tops.pop() if len(tops) == 1 else "")
    return ([*dict.fromkeys(paths)], [*dict.fromkeys(notes)], [], [*dict.fromkeys(unread)],
            lambda p, gone: hugo_story(site, config, p, where[p], gone),
            lambda used: _left_behind(hugo_statics(site), site.base, used))


def _top_folder(site: HugoSite, rel: Path) -> str:
    """The top folder of a story's section ('' for one at contentDir's top, a bundle's folder there too)."""
    bundle = bundle_page(rel.stem, site.known_languages) and len(rel.parts) > 1
    return rel.parts[0] if len(rel.parts) > 1 + bundle else ""


def _pelican_plan(config: Config, src: Path) -> _Plan:
    conf, notes = pelican_conf(src, config)
    if not (src / conf.content).is_dir():
        said = "" if conf.content == "content" else " (pelicanconf.py's PATH)"
        raise NotAProject(f"{src}: no {conf.content}/ folder{said}, so not a Pelican project; give the project's "
                          "folder")
    paths, pages, unread = pelican_files(src, conf)
    named: dict[str, Path] = {}   # shared by the stories: the order they are read in is the same each run
    return paths, notes + pages, [conf.unread] if conf.unread else [], unread, \
        lambda p, gone: pelican_story(src, config, conf, p, named, gone), \
        lambda used: _left_behind(pelican_statics(src, conf), conf.base, used)


def _stories(config: Config, kind: str, src: Path, summary: ImportSummary) -> list[Story]:
    try:
        paths, notes, warnings, unread, make, statics = (_hugo_plan if kind == "hugo" else _pelican_plan)(config, src)
    except NotAProject:
        raise
    except ImportProblem as exc:
        summary.errors.append(str(exc))
        return []
    summary.notes += notes
    summary.warnings += warnings
    summary.errors += unread   # other formats are listed, never silently skipped
    made: dict[Path, Story] = {}
    for path in paths:
        try:
            made[path] = make(path, frozenset())
        except ImportProblem as exc:
            summary.errors.append(str(exc))
        except NotPublished as exc:
            summary.notes.append(str(exc))
    imported = {story.target for story in made.values()}
    for path, story in made.items():   # a link to a story skipped (expired) or failed: left as written, said
        if gone := frozenset(story.links) - imported:
            made[path] = make(path, gone)
    summary.statics = statics({file.resolve() for story in made.values() for _, file in story.pictures})
    return linked_translations(config, list(made.values()))


def linked_translations(config: Config, stories: list[Story]) -> list[Story]:
    """Each translation's `translation_of:` naming its original's new file, so the build links them
    (hreflang, "other languages"): stories the old site paired (Hugo: one path in each language, or one
    translationKey; Pelican: one slug, its ARTICLE_TRANSLATION_ID), the original chosen as the old site
    chose it (its default language; Pelican: not 'Translation: true'), the first by name on a tie."""
    groups: dict[str, list[int]] = {}
    for i, story in enumerate(stories):
        if story.group:
            groups.setdefault(story.group, []).append(i)
    out = list(stories)
    for members in groups.values():
        first = min(members, key=lambda i: stories[i].rank)
        original = stories[first]
        language = original.meta.get("language") or config.site.language
        for i in members:
            own = stories[i].meta.get("language") or config.site.language
            if i != first and not same_writing(own, language):
                out[i] = replace(stories[i], meta={**stories[i].meta, "translation_of": original.target})
    return out
