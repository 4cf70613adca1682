"""Watching the site's sources: watchdog events, debounced and classified, driving rebuilds.

The watcher only decides *when* to build and whether to reload the config or convert seeds
first; *what* to rebuild is the build's business (its fingerprints), never special-cased here.
"""
from __future__ import annotations

import itertools
import os
import re
import signal
import sqlite3
import sys
import threading
import time
import traceback
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .build import CACHE_FILE, Builder, BuildOptions, BuildResult, cache_problem, note_outcome, state_folder
from .config import (AUTHORS_FILE, CONFIG_FILE, DEFAULT_THEME, Config, ConfigError, FoldersMissing, load_config,
                     moved_folders, published_static)
from .content import PICTURE_SUFFIXES, stamp_of
from .ledger import LEDGER, Ledger
from .leftovers import sweep
from .lock import WAIT, BusyError, LockError, build_lock, lockable, waiting_note
from .pipeline import content_gone, convert_seeds, seeds_to_convert, warm_converter
from .stops import stop_inside
from .write import RECORD

SEED, CONTENT, TEMPLATE, STATIC, CONFIG = "seed", "content", "template", "static", "config"
QUIET = 0.06        # seconds without events before building: one save is often 3-6 events
CLOSED_QUIET = 0.015  # ... shorter when the last event closed a file written to, or renamed one into place: that save is complete
MAX_DELAY = 1.0     # build anyway when events never stop (a checkout of thousands of files)
SPARE_IDLE = 0.5    # seconds of quiet before the spare copy of public/ catches up (the next save then links nothing)
SEARCH_IDLE = 2.0   # seconds of quiet before the (slow) search index is refreshed
RACED_AGAIN = 2     # builds again at once when files changed while a build read them (see _build_settled)
RACED_FOR = 30.0    # seconds such builds go on after those while files still change (a long burst of saves)
SETTLING = 1.0      # seconds an empty content file just saved is taken for a save still writing it
WRITING_MAX = 10.0  # seconds a file still open for writing is held back from the batches (then built as it is)
WRITING_QUIET = 0.3  # seconds a picture that could not be read must stay unchanged before it is read again
CACHE_IDLE = 10.0   # seconds of quiet before the article cache is saved (~1 s of pickling at 10k)

# Editors' scratch files: vim swap and write-test (4913), emacs lock/autosave, backups, IDE temps.
_TEMP_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".swpx", ".tmp", ".temp", ".part", ".crswap", ".kate-swp",
                  "___jb_tmp___", "___jb_old___", ".bak", ".orig")


_PICTURES = tuple({s.lower() for s in PICTURE_SUFFIXES})  # a picture in a hidden folder is a source too

_SED_TEMP = re.compile(r"sed[A-Za-z0-9]{6}")  # `sed -i`'s file, renamed over the one it edits


def ignored(name: str) -> bool:
    """True for hidden, temporary and swap files, which never trigger a build. A name that only
    starts with '#' is a seed's ('#1 council.txt'); Emacs's autosave '#x#' ends with one too."""
    return (not name or name.startswith((".", "~")) or (name.startswith("#") and name.endswith("#"))
            or name.endswith(_TEMP_SUFFIXES)
            or name == "4913" or bool(_SED_TEMP.fullmatch(name)))


class Taken(str):
    """Why a serve must stop (Session.guard): another serve holds its preview now. Any other refusal
    (its cache folder cannot be locked: a file named .sitegen) fails a build only; serve stopped on
    it at a quiet tick (rf42j), though the server survives bad input."""


@dataclass(frozen=True)
class Change:
    kind: str          # seed, content, template, static, config
    path: str          # absolute
    folder: bool = False   # a folder's permissions or attributes: what it holds is scanned again
    attrib: bool = False   # a file's permissions or times only (chmod, touch): see Session.worth_building
    # when it was seen (time.time()): the `changed:` line's stamp. The print's time was when the build
    # after it ended: a fix saved while a 2 1/2-minute build ran read as saved when it was built (review44b)
    at: float = field(default=0.0, compare=False)


@dataclass(frozen=True)
class Sources:
    """Which folders hold which kind of source, and which paths the build itself writes."""
    root: str
    config_file: str
    folders: tuple[tuple[str, str], ...]   # (absolute folder, kind), deepest first
    written: tuple[str, ...]               # output and cache folders: never a source
    links: tuple[tuple[str, str], ...] = ()  # (a source folder's path that is a symlink, kind)
    # while site.toml names a folder that is not there (FoldersMissing): those folders (absolute),
    # each with its nearest ancestor there then (awaiting), whose making (or an ancestor's below
    # that one: mkdir -p) is a CONFIG change, loading site.toml again
    awaited: tuple[tuple[str, str], ...] = ()
    # the folders site.toml moved from their defaults (config.moved_folders), as events name them
    # and resolved: one removed (or an ancestor) is a CONFIG change, so the reload refuses it and
    # the last good build stays. It was a TEMPLATE change: the site was rebuilt, silently, in the
    # default theme, where a build then said FoldersMissing (rf45k)
    moved: tuple[str, ...] = ()
    published: str = ""   # the root folder (absolute): its .well-known/ is published, not a scratch folder

    @classmethod
    def of(cls, config: Config, config_file: Path | None = None) -> "Sources":
        absolute = lambda p: os.path.realpath(os.path.abspath(p))  # noqa: E731
        folders = {absolute(config.path("seeds")): SEED, absolute(config.path("content")): CONTENT,
                   absolute(config.path("static")): STATIC, absolute(config.path("root")): STATIC}
        # each named folder as events name it: its parent resolved (a root reached through a
        # symlink), itself not, so re-pointing the folder's own link is seen
        named = {_parent_resolved(config.path(name)): kind for name, kind in
                 (("seeds", SEED), ("content", CONTENT), ("static", STATIC), ("root", STATIC), ("templates", TEMPLATE))}
        for templates in {absolute(config.path("templates")), absolute(DEFAULT_THEME)}:
            folders.setdefault(templates, TEMPLATE)
            folders.setdefault(os.path.join(templates, "static"), STATIC)
        ordered = tuple(sorted(folders.items(), key=lambda item: -item[0].count(os.sep)))
        return cls(absolute(config.root), absolute(config_file or Path(config.root) / CONFIG_FILE), ordered,
                   (absolute(config.path("output")), absolute(config.path("cache"))),
                   tuple((path, kind) for path, kind in named.items() if os.path.islink(path)),
                   moved=tuple({f(p) for p in moved_folders(config) for f in (_parent_resolved, absolute)}),
                   published=absolute(config.path("root")))

    def kind(self, path: str) -> str | None:
        """The kind of source `path` is, or None when it is not one (or is a scratch file)."""
        if path == self.config_file or path == os.path.join(os.path.dirname(self.config_file), AUTHORS_FILE):
            return CONFIG
        if any(_inside(folder, path) and _inside(path, there) and path != there for folder, there in self.awaited):
            return CONFIG   # the folder site.toml names, or one on its way, made: in the site or not
            # (rf45b: templates = "../theme" was made and nothing was built)
        if any(_inside(folder, path) and not os.path.isdir(folder) for folder in self.moved):
            return CONFIG   # a moved folder, or one on its way, removed: its reload says so
        for link, kind in self.links:   # content -> elsewhere, pointed at another folder (ln -sfn)
            if path == link:
                return kind
        if any(_inside(path, w) for w in self.written):
            return None
        for folder, kind in self.folders:
            if _inside(path, folder):
                rel = os.path.relpath(path, folder)
                parts = rel.split(os.sep) if rel != "." else []
                if kind == CONTENT and parts == [LEDGER]:
                    return kind   # hidden, but an input: a line taken out ends a kept feed (rev56a 2)
                if folder == self.published and parts[:1] == [".well-known"]:
                    parts = parts[1:]   # root/.well-known/security.txt is published (assets.root_files)
                # a published folder's file is watched if and only if the build publishes it: its rule, not
                # the editors' scratch names (report.orig, data.tmp were published, and went stale: review52b 4)
                skip = (not published_static("/".join(parts)) if kind == STATIC
                        else any(part.startswith(".") for part in parts) or bool(parts and ignored(parts[-1])))
                if skip and not (kind in (CONTENT, STATIC) and parts[-1].lower().endswith(_PICTURES)):
                    return None   # but a picture: an article may show it from .attachments/ (review42c)
                return kind
        return None

    def watched(self) -> list[tuple[str, bool]]:
        """(folder, recursive) to observe: existing source folders, plus the root and the config's
        folder without recursion, which sees site.toml and source folders being created."""
        found = {os.path.dirname(self.config_file): False, self.root: False}
        for folder, _ in self.folders:
            if os.path.isdir(folder) and not any(_inside(folder, f) and found[f] for f in found if f != folder):
                found[folder] = True
        for _, there in self.awaited:   # its nearest ancestor there, which sees it (or the next step) made
            found.setdefault(there, False)
        return [(f, r) for f, r in found.items() if os.path.isdir(f)]


def awaiting(folders: Iterable[Path | str]) -> tuple[tuple[str, str], ...]:
    """Each missing folder, resolved and as events name it (a dangling link: its target made, or the
    link itself pointed elsewhere, `ln -sfn`: rf45k), with its nearest ancestor that is there now."""
    found = []
    for folder in folders:
        for named in dict.fromkeys((os.path.realpath(os.path.abspath(folder)), _parent_resolved(folder))):
            there = named
            while not os.path.isdir(there) and os.path.dirname(there) != there:
                there = os.path.dirname(there)
            found.append((named, there))
    return tuple(found)


def _parent_resolved(path: Path | str) -> str:
    """'/via/content' -> '/srv/site/content' when via -> /srv/site; content itself left a link."""
    path = os.path.abspath(path)
    return os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))


def _identity(folder: str) -> tuple[int, int]:
    try:
        st = os.stat(folder)
    except OSError:
        return (0, 0)
    return (st.st_dev, st.st_ino)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


class ChangeQueue:
    """Changes reported by watchdog's thread, handed out in debounced batches."""

    def __init__(self, closes: bool = False) -> None:
        """`closes`: the system reports a file's close after writing (see _reports_closes)."""
        self._cond = threading.Condition()
        self._pending: dict[str, Change] = {}
        self._first = self._last = 0.0
        self._closed = False
        self._interrupt: threading.Event | None = None   # see arm
        # files written to and not closed since (a picture copied in slowly: a network share, a
        # card; a story a program holds open) -> when first written so: where the system reports
        # closes, held back from the batches until closed, up to WRITING_MAX (see _held)
        self._writing: dict[str, float] = {}
        self._closes = closes

    def put(self, change: Change, closed: bool = False, writing: bool = False) -> None:
        """Queue a change; `closed` when the event closed a file after writing (the save is done),
        `writing` when it wrote to one that is still open."""
        with self._cond:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            if not (change.attrib and change.path in self._pending):   # a save's change stays one
                self._pending[change.path] = change
            self._last, self._closed = now, closed
            if writing:
                self._writing.setdefault(change.path, now)
            elif not change.attrib:   # closed, renamed, deleted: not being written
                self._writing.pop(change.path, None)
            if self._interrupt is not None:
                self._interrupt.set()
            self._cond.notify_all()

    def arm(self) -> threading.Event:
        """An event the next change sets (at once when one is waiting): what the idle search
        index stops for, so that a save never waits for it (1-2 s at 300 articles, 9 after a checkout)."""
        with self._cond:
            self._interrupt = threading.Event()
            if len(self._held(time.monotonic())) < len(self._pending):   # (not for files still open alone)
                self._interrupt.set()
            return self._interrupt

    def take(self, timeout: float, quiet: float = QUIET, closed_quiet: float = CLOSED_QUIET) -> list[Change]:
        """Wait up to `timeout` for a change, then until `quiet` seconds pass without another."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not self._pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return []
                self._cond.wait(left)
            while True:
                now = time.monotonic()
                held = self._held(now)
                if len(held) == len(self._pending):   # only files still open: wait for a close, or WRITING_MAX
                    until = min(deadline, min(self._writing[p] for p in held) + WRITING_MAX)
                    if now >= until:
                        return []   # (the caller's other work goes on; they stay pending)
                    self._cond.wait(until - now)
                    continue
                settle = self._last + (closed_quiet if self._closed else quiet)
                if held:   # one is still being written: the others wait for its close up to MAX_DELAY
                    settle = self._first + MAX_DELAY
                settle = min(settle, self._first + MAX_DELAY)
                if now >= settle:
                    break
                self._cond.wait(settle - now)
            return self._batch(held)

    def _held(self, now: float) -> set[str]:
        """The pending files still open for writing (where closes are reported), for less than
        WRITING_MAX: built at MAX_DELAY, a picture copied in with pauses longer than WRITING_QUIET was
        an error, and a story held open failed the build of every other save (review42h)."""
        if not self._closes:
            return set()
        return {p for p, since in self._writing.items() if p in self._pending and now - since < WRITING_MAX}

    def _batch(self, held: set[str]) -> list[Change]:
        """The pending changes but those `held`, which stay pending until their close."""
        batch = [c for p, c in self._pending.items() if p not in held]
        self._pending = {p: c for p, c in self._pending.items() if p in held}
        self._writing = {p: since for p, since in self._writing.items() if p in held}
        if self._pending:
            self._first = time.monotonic()
        return batch


class _Handler(FileSystemEventHandler):
    EVENTS = frozenset({"created", "modified", "deleted", "moved", "closed", "attrib"})

    def __init__(self, watcher: "Watcher") -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in self.EVENTS or (event.is_directory and event.event_type in ("modified", "closed")):
            return
        if event.event_type == "attrib":   # (watchdog 7+; before, a folder's chmod was one of its "modified")
            # chmod back of a folder a build could not read: its files are seen again; a file's
            # (touch, chmod) is built only if the last build could not read it (Session.worth_building)
            self.watcher.saw(os.fsdecode(event.src_path), folder=event.is_directory, attrib=not event.is_directory)
            return
        if event.event_type == "moved":   # a rename is whole at once: the atomic save of VS Code,
            self.watcher.saw(os.fsdecode(event.src_path))      # JetBrains, `sed -i` (temp + rename)
            self.watcher.saw(os.fsdecode(event.dest_path), closed=True)
        else:
            self.watcher.saw(os.fsdecode(event.src_path), closed=event.event_type == "closed",
                             writing=event.event_type == "modified")


def _reports_closes(observer: object) -> bool:
    """Whether the observer reports a file's close after writing (inotify's IN_CLOSE_WRITE: Linux);
    FSEvents, kqueue, Windows' and polling do not (nor does a closed event then ever come)."""
    return type(observer).__name__ == "InotifyObserver"


class Watcher:
    """A watchdog observer on the site's sources, feeding a ChangeQueue."""

    def __init__(self, sources: Sources) -> None:
        self.sources = sources
        self._observer = Observer()
        self.queue = ChangeQueue(closes=_reports_closes(self._observer))
        self._handler = _Handler(self)
        self._watches: dict[tuple[str, bool], tuple[object, tuple[int, int]]] = {}  # -> (watch, folder identity)

    def __enter__(self) -> "Watcher":
        self.retarget(self.sources)
        self._observer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._observer.stop()
        self._observer.join(timeout=5)

    def saw(self, path: str, closed: bool = False, folder: bool = False, attrib: bool = False,
            writing: bool = False) -> None:
        kind = self.sources.kind(path)
        if kind:
            self.queue.put(Change(kind, path, folder, attrib, time.time()), closed, writing)

    def retarget(self, sources: Sources) -> list[str]:
        """Observe `sources` (after a config change, or when a source folder was created or replaced).
        Returns the folders newly observed: what changed in them before now was seen by nobody."""
        self.sources = sources
        fresh: list[str] = []
        wanted = {key: _identity(key[0]) for key in sources.watched()}
        for key in [k for k, (_, ident) in self._watches.items() if wanted.get(k) != ident]:
            try:   # gone, or replaced by a new folder of the same name (rm -rf + checkout)
                self._observer.unschedule(self._watches.pop(key)[0])
            except (KeyError, OSError):
                pass
        for (folder, recursive), ident in wanted.items():
            if (folder, recursive) not in self._watches:
                try:
                    watch = self._observer.schedule(self._handler, folder, recursive=recursive)
                except OSError as exc:   # e.g. the inotify watch limit; keep serving, say how to fix it
                    print(f"warning: cannot watch {folder} ({exc}); changes there need a restart. On Linux, "
                          "raise fs.inotify.max_user_watches (sysctl)", file=sys.stderr)
                    continue
                self._watches[(folder, recursive)] = (watch, ident)
                fresh.append(folder)
        return fresh

    def catch_up(self, folders: list[str]) -> None:
        """A source folder observed only now (created or replaced since the last build: a copy, a
        checkout, mv and cp back) may have changed between the build's read and its watch (an
        edit then was never reported, and the preview stayed on the build before it): build once
        more. A build that finds nothing changed costs a stat of the sources."""
        for folder in folders:
            self.saw(folder)

    def changes(self, timeout: float) -> list[Change]:
        return self.queue.take(timeout)


PREVIEW = "preview"  # the preview's own output folder, inside the cache folder (.sitegen/preview/)


def preview_config(config: Config) -> Config:
    """The config a preview builds with: its output in the cache folder, never public/. A preview's
    links point at the preview's address, so built into public/ it replaced the site a deploy
    publishes (and a terminal build and the preview's rebuilds undid each other's pages)."""
    return replace(config, paths=replace(config.paths, output=f"{config.paths.cache}/{PREVIEW}"))


@dataclass(frozen=True)
class WatchSettings:
    """What the command line asked for, kept to rebuild the same way after a config reload."""
    options: BuildOptions = BuildOptions(search=False, defer_cache=True)
    convert: bool = True
    config_file: Path | None = None
    base_url: str | None = None
    quiet: bool = False
    preview: bool = False     # `serve`: build into the preview folder (preview_config), never public/
    # `serve` without --base-url: the preview's own http://host:port, under site.toml's sub-path as
    # it is at each reload (fixed at start, a new sub-path left the preview at the old one)
    preview_origin: str = ""

    def shape(self, config: Config) -> Config:
        """site.toml's config as this command builds with it: the first one and every reload (a
        reload that dropped the preview's folder built the preview into public/)."""
        if self.preview:
            config = preview_config(config)
        if self.base_url is not None:
            config = config.with_base_url(self.base_url if self.base_url.endswith("/") else self.base_url + "/")
        elif self.preview_origin:
            config = config.with_base_url(self.preview_origin + config.base_path)
        return config

    @classmethod
    def from_args(cls, args) -> "WatchSettings":
        options = BuildOptions(drafts=args.drafts, future=args.future, strict=args.strict,
                               workers=args.workers, search=False, defer_cache=True,
                               force_output=getattr(args, "force_output", False))
        return cls(options, not args.no_convert, getattr(args, "config", None),
                   getattr(args, "base_url", None), args.quiet)


@dataclass
class Outcome:
    """One rebuild: what triggered it and how it went."""
    changes: tuple[Change, ...] = ()
    result: BuildResult | None = None   # None when no build ran (bad site.toml, crash)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # e.g. the converter's summary line
    # What -q shows of the two lists above (it is in them too), each said once: the converter's
    # warnings and notes (a seed is converted once: `make serve` built with -q and then found the
    # seed converted) and the build's notes (a tag page gone, files not sitegen's kept)
    once: list[str] = field(default_factory=list)
    once_notes: list[str] = field(default_factory=list)
    strict: bool = False
    standing: list[str] = field(default_factory=list)  # seeds that failed to convert earlier, still unfixed
    headed: bool = False   # its '[12:00:01] changed: ...' line was said already, above a note (Session._note)

    @property
    def ok(self) -> bool:
        return not self.errors and not (self.strict and self.warnings)

    @property
    def problems(self) -> list[str]:
        """What failed the build: its errors, and its warnings under --strict."""
        return self.errors + (self.warnings if self.strict else [])

    @property
    def published(self) -> bool:
        """The build switched in a new output: with no errors, or with only stories that could not
        be read (BuildResult.unread), the rest of the site."""
        return self.result is not None and self.result.published

    @property
    def changed(self) -> list[str]:
        return self.result.changed if self.result else []

    @property
    def copied(self) -> list[str]:
        """Those of `changed` that are static/'s and root/'s files (BuildResult.copied)."""
        return self.result.copied if self.result else []

    @property
    def css_only(self) -> bool:
        """Only stylesheets changed, saved and written: a browser may swap them instead of reloading.
        A page the build rewrote with them (a template that inlines one in <style>, or asks whether it
        exists) must reload: swapped, the tab kept the old inlined rules (review52b 1). The preview
        keeps each stylesheet's name (stable_assets), so a stylesheet's save alone rewrites no page.
        The other saves of the batch only static files that changed no output: vim's write test '4913',
        an IDE's 'x.css___jb_tmp___', made and gone before the build, reloaded every tab (rr52d 1).
        A stylesheet's source map ('x.css.map', written with it by Sass or PostCSS) changes no page:
        a save of both reloaded every tab (rr53c)."""
        return (bool(self.changes) and all(c.kind == STATIC for c in self.changes)
                and any(c.path.endswith(".css") for c in self.changes)
                and all(path.endswith((".css", ".css.map")) for path in self.changed))


class Session:
    """A config and one Builder (whose cache makes rebuilds incremental), rebuilt on demand."""

    def __init__(self, config: Config, settings: WatchSettings) -> None:
        self.settings = settings
        self.config = config
        self.builder = self._builder()
        self.config_error: str | None = None
        self.sources = Sources.of(config, settings.config_file)
        self.folder = self.sources.root   # the site's folder, as it was named at the start (see gone)
        self.said: set[str] = set()  # warnings printed so far: later builds count them (describe)
        self.built = False  # a build has run: the output folder then holds its record (RECORD)
        self.had_content = False  # the last build read a content folder (see _content_gone)
        self._clocked: datetime | None = None  # the valid_until a rebuild on time was made for (see due)
        self.retry: tuple[tuple[Change, ...], bool, list[str] | None] | None = None  # see build_again
        # The last conversion's failures: a build that does not convert (the one its own content
        # files trigger, any edit) still carries them, or the preview's overlay vanished at once
        self.convert_errors: list[str] = []
        # Whether the last conversion warned under --strict, holding its seeds back: until one no
        # longer does, every build converts again and stops. A content edit alone did not convert
        # and published the rest, 'build ok' (deploy --no-build then published it: rf47j 3).
        self.held = False
        # The content files the last conversion wrote (real path: its stamp as the build after it
        # listed it): their own events, in the first batch after that build, are no change
        self._own: dict[str, tuple[int, ...]] = {}
        self._written: list[str] = []   # the conversion's files, until the build after it lists them
        self._unbuilt = False   # a --strict stop left content/ unbuilt: the next build scans it all
        self._last_errors: list[str] = []   # the last build's (see worth_building)
        self._last_denied: set[str] = set()   # the files it may not read, real paths (BuildResult.denied)
        # Asked about each site.toml reload before it takes effect: None, or why it is refused
        # (`serve` moves its preview lock with [paths] cache, and refuses a folder another holds)
        self.vet: Callable[[Config], str | None] | None = None
        # Asked before each build: None, or why it must not run (`serve` checks that it still
        # holds its preview lock: `rm -rf .sitegen` let a second serve rebuild the same folder)
        self.guard: Callable[[], str | None] | None = None
        # Asked on a quiet tick (serve): whether its lock's file is still the one it holds (see keep_hold)
        self.holding: Callable[[], bool] | None = None
        self.lost: str | None = None   # why this serve stopped: another one holds its preview now
        # Told each 'building again' note as it happens (watch and serve print it), else they wait in
        # the outcome's notes: a burst of ~35 s of builds again was silence, its notes printed at its end
        self.say: Callable[[str], None] | None = None

    @property
    def options(self) -> BuildOptions:
        """The command's options for the site.toml in force (its `[build] strict` too)."""
        return self.settings.options.under(self.config)

    def _builder(self) -> Builder:
        """A Builder for this config that leaves the site's lock to the session (see _build)."""
        self._stamp = _cache_stamp(self.config)   # the cache file it reads now
        return Builder(self.config, replace(self.options, locked=True))

    def _new_builder(self) -> None:
        """The builder made again, the old one's cache closed once the new one stands (if making it
        fails, the old is still whole): left open, each kept two files, and serve, which replaces
        it on every site.toml save, ran out of them (review51e 2)."""
        old, self.builder = self.builder, self._builder()
        old.close()

    def _built_elsewhere(self) -> bool:
        """Another sitegen (`sitegen build` in a terminal) saved this output's cache since the
        builder last read or wrote it: then the builder's memory of the output is older than the
        output. Rebuilding from it took the pages that build rewrote as unchanged (after a terminal
        `--drafts` build the draft's headline stayed in every list and teaser), and saving it put an
        older cache over the newer. The builder is made again from the newer cache (under the lock)."""
        if _cache_stamp(self.config) == self._stamp:
            return False
        self._new_builder()
        return True

    def gone(self) -> str | None:
        """Why nothing is left to watch, if so: the site's folder was deleted or moved away (`rm -rf`
        of the folder `sitegen watch` was started in, whose every relative path is then dead, and
        a new folder of its name is not it). Watching on crashed at the next save or stop (the
        current folder gone: a traceback), or saved the build cache into a new .sitegen/ made where
        the site had been. A deleted folder still stats, through the current folder, with no links.
        Or (serve) another serve took the preview (keep_hold): its build cache is that one's now."""
        if self.lost is not None:
            return self.lost
        try:
            if os.stat(self.config.root).st_nlink > 0:
                return None
        except OSError:
            pass
        return (f"{self.folder}: the site's folder is gone (deleted or moved away) while it was watched; stopped "
                "(the build cache is not saved): start sitegen again in the site's folder")

    def keep_hold(self) -> None:
        """On a quiet tick, serve's lock (Session.guard) checked as before a build: its file
        removed (`rm -rf .sitegen`), it is made and held again and the preview, gone with it, built
        again (retry); held by another serve, this one stops (lost, see gone). Checked only before
        a build, the preview 404ed until a save, and a second serve started meanwhile on the same
        folder, the first serving that one's pages, linked to its port."""
        if self.holding is None or self.guard is None or self.holding():
            return
        refused = self.guard()
        if isinstance(refused, Taken):
            self.lost = refused
        elif refused is not None:
            return   # the next build says why (a file where the cache folder was); not stopped
        elif self.built:
            self.retry = ((), False, None)   # a full build: hint None scans everything

    def first_build(self) -> Outcome:
        return self._build(Outcome(strict=self.options.strict), convert=self.settings.convert)

    def rebuild(self, changes: list[Change]) -> Outcome:
        outcome = Outcome(tuple(changes), strict=self.options.strict)
        kinds = {c.kind for c in changes}
        if CONFIG in kinds or self.config_error:
            self._reload_config(outcome)
            if self.config_error:
                return outcome
        # where the folders are now: a symlinked one may point elsewhere (the watcher retargets)
        self.sources = Sources.of(self.config, self.settings.config_file)
        return self._build(outcome, convert=self.settings.convert and bool(kinds & {SEED, CONFIG}),
                           hint=self._content_hint(changes))

    def worth_building(self, changes: list[Change]) -> list[Change]:
        """The batch without a file's chmod or touch (its bytes are what they were), unless the last
        build named the file in an error (`chmod 0` then `chmod 644`: it could not read it, and the
        error stood until another save), or it is site.toml while its error stands (no build ran to
        name it), nor the converter's own writes (unseen_own), nor the build's own of the published
        feeds record (its bytes as the last build left them: a rebuild for it would find nothing changed)."""
        errors, denied = self._last_errors, self._last_denied   # (a picture's error names no file: rr53e 3)
        kept = [c for c in changes if not c.attrib or (c.kind == CONFIG and self.config_error) or any(
            os.path.relpath(c.path, self.config.root) in e or c.path in e for e in errors)
            or (bool(denied) and os.path.realpath(c.path) in denied)]
        return self.unseen_own([c for c in kept if not self._own_ledger(c)])

    def _own_ledger(self, change: Change) -> bool:
        """`change` is content/.sitegen-published as the last build wrote or read it (State.ledger), and
        no error of the last build names it (restored after an edit gone wrong: the error must go)."""
        if change.kind != CONTENT or os.path.basename(change.path) != LEDGER or not self.built:
            return False
        if any(LEDGER in e for e in self._last_errors):
            return False
        try:
            text: str | None = Path(change.path).read_bytes().decode("utf-8")
        except FileNotFoundError:
            text = None
        except (OSError, UnicodeDecodeError):
            return False   # the build says what is wrong with it
        return Ledger(text=text).digest == self.builder.cache.state.ledger

    def unseen_own(self, changes: list[Change]) -> list[Change]:
        """The first batch after a build that converted, without the content files the conversion
        wrote that are still as that build listed them (mtime, size, ctime, inode): it read them, and another
        printed `changed: content/x.md`, a file nobody touched. One changed since is a real edit,
        kept. It compared the bytes with the converter's: an edit saved while that build ran, then
        undone, was dropped, the preview keeping the edit. Later batches are taken whole."""
        if not self._own or not changes:
            return changes
        own, self._own = self._own, {}
        kept = []
        for change in changes:
            real = os.path.realpath(change.path)
            if change.kind == CONTENT and not change.folder and real in own and _stamp(real) == own[real]:
                continue
            kept.append(change)
        return kept

    def due(self) -> bool:
        """The output has changed by the clock alone since the last build: a story dated in the
        future came due, or one left the news sitemap's window (the build's valid_until). Asked
        once per moment: a build that fails then is not retried until a save."""
        until = self.builder.cache.state.valid_until if self.built else None
        if until is None or until == self._clocked or datetime.now(timezone.utc) < until:
            return False
        self._clocked = until
        return True

    def on_time(self) -> Outcome:
        """The rebuild due() asks for, with no file changed."""
        outcome = Outcome(strict=self.options.strict)
        outcome.notes.append(f"[{datetime.now():%H:%M:%S}] rebuilt on time: a story dated in the future came due, "
                             "or one left the news sitemap's two days")
        return self._build(outcome, convert=False)

    def _content_hint(self, changes: list[Change]) -> list[str] | None:
        """When only article files changed, tell the build which (it re-stats just those);
        anything else (a folder moved or chmod-ed, a template, a seed) makes it scan everything."""
        content = os.path.realpath(os.path.abspath(self.config.path("content")))
        if not all(c.kind == CONTENT and not c.folder and c.path.endswith(".md") for c in changes):
            return None
        return [os.path.relpath(c.path, content).replace(os.sep, "/") for c in changes]

    def _reload_config(self, outcome: Outcome) -> None:
        try:
            config = self.settings.shape(load_config(self.config.root, self._config_file()))
        except FoldersMissing as exc:   # rf44k: making the folder, as the error asks, rebuilt nothing
            self.config_error = str(exc)
            self.sources = replace(self.sources, awaited=awaiting(exc.folders))
            outcome.errors.append(f"{exc}\n(the last good build is still served; it rebuilds when the folder is made "
                                  f"or {self.config.file} is fixed)")
            return
        except ConfigError as exc:
            self.config_error = str(exc)
            outcome.errors.append(f"{exc}\n(the last good build is still served; fix {self.config.file} to rebuild)")
            return
        refused = self.vet(config) if self.vet is not None else None
        if refused:   # kept as a config error: the next save tries the reload again
            self.config_error = refused
            outcome.errors.append(refused)
            return
        self.config_error = None
        self.config = config
        self.flush()
        self._new_builder()
        self.sources = Sources.of(config, self.settings.config_file)

    def _config_file(self) -> Path:
        """site.toml, which must still be there: load_config reads a missing one as all defaults
        (right for a site that never had one, which the command line refuses anyway), and a
        rebuild with those built another site (another output folder, base_url and title) into
        public/ while site.toml was moved away or between a checkout's delete and write."""
        path = Path(self.settings.config_file or Path(self.config.root) / CONFIG_FILE)
        if not path.is_file():
            raise ConfigError(f"{path}: not found (moved or deleted?); put it back to rebuild")
        return path

    def flush(self, idle: bool = False, locked: bool = False, wait: float = WAIT,
              waiting: Callable[[str], None] | None = None) -> bool:
        """Save what the builder keeps in memory between rebuilds (its article cache), unless
        another build saved a newer one since (_built_elsewhere); `locked`: under the site's lock
        already, or needing none (_cache_alone); False when another build held the lock `wait`
        seconds (see Builder.flush); `waiting`: site_lock's, told the holder when the wait begins."""
        locked = locked or self._cache_alone(idle)
        try:
            with build_lock(self.config, wait, waiting) if not locked else nullcontext():
                if not self._built_elsewhere():
                    self.builder.flush(idle, locked=True)
                    self._stamp = _cache_stamp(self.config)
            return True
        except BusyError:
            return False
        except LockError as exc:
            print(f"warning: could not save the build cache: {exc}", file=sys.stderr)
            return True  # not retried: the next build reads what it needs again
        except (OSError, sqlite3.Error) as exc:   # a full disk: sqlite's error, not an OSError
            print(f"warning: could not save the build cache in {self.config.paths.cache}/ ({cache_problem(exc)}); "
                  "the next build reads the articles again", file=sys.stderr)
            return True

    def _cache_alone(self, idle: bool) -> bool:
        """serve's build cache is in a folder of the preview's own (build.state_folder), which no
        other sitegen reads or writes while this one holds the preview (serve.hold_preview): its
        save (not the idle one, which also updates the spare copy) needs no site lock. Stopped
        while a terminal `sitegen build` of public/ held the site, serve waited up to 2 minutes for
        it, to save a file that build never touches."""
        return self.settings.preview and not idle

    def index_search(self, cancel: threading.Event | None = None) -> str | None:
        """The deferred search index (see DeferredSearch), under the site's lock like a build;
        `cancel` stops it (search.Cancelled)."""
        with build_lock(self.config, WAIT):
            return None if self._built_elsewhere() else self.builder.index_search(cancel)   # (that build indexed)

    def catch_up_spare(self, cancel: threading.Event | None = None) -> bool:
        """The spare copy of public/ made equal to it (see DeferredSpare), under the site's lock;
        False when another sitegen holds it (then that one's build does it). `cancel` stops it
        (write.Cancelled)."""
        try:
            with build_lock(self.config, 0):
                return self.builder.catch_up_spare(cancel)
        except BusyError:
            return False

    def _build(self, outcome: Outcome, convert: bool, hint: list[str] | None = None) -> Outcome:
        """Convert and build under the site's lock, waiting for another sitegen's build: a save
        seen by both `serve` and `watch` (or a terminal build) failed one of them, whose output
        then stayed stale until the next save. (Converting under it too: not two at once.)"""
        if self.guard is not None and (refused := self.guard()) is not None:
            if isinstance(refused, Taken):
                self.lost = refused   # said as it stops (gone), at once: no build
            else:
                outcome.errors.append(refused)
            return outcome
        try:
            # said when it waits: watch started during a cron's build printed nothing for up to
            # WAIT seconds, a hung terminal to its editor (review50f 9)
            with build_lock(self.config, WAIT, waiting_note(WAIT, self.settings.quiet)) as hold:
                sweep(self.config, hold.killed, self.settings.quiet)   # what a killed build left (its stage, ...)
                if self._content_gone(outcome, convert):   # before converting, which would make a new one
                    return outcome
                if self._built_elsewhere() or self._unbuilt:
                    hint = None   # what changed since that build: scanned, not only the files saved here
                warned = self._convert(outcome) if convert or self.held else False
                if not convert:
                    outcome.standing = list(self.convert_errors)
                if self._strict_stops(outcome, warned):
                    return outcome
                if self.built and not (self.config.path("output") / RECORD).is_file():
                    self._forget_output()
                result = self._build_settled(outcome, hint)
                if self.convert_errors:   # a seed that failed: a failed build, the rest published, as
                    # `sitegen build` records it (deploy --no-build refuses it, as it does a story not read)
                    note_outcome(self.config, 0, [*self.convert_errors, *result.errors], result.published)
                self._own = self._listed(self._written)
                self._written = []
                self._stamp = _cache_stamp(self.config)
                self._unbuilt = False
                self.built = True
                self.had_content = self.config.path("content").is_dir()
        except LockError as exc:
            outcome.errors.append(str(exc))
            if isinstance(exc, BusyError):  # built again once the site is free (run's quiet ticks)
                outcome.errors[-1] += "; this build is tried again when it is free"
                self.retry = (outcome.changes, convert, hint)
            return outcome
        except Exception as exc:  # noqa: BLE001 - a crash must not stop the watcher: report, keep watching
            if (stop := stop_inside(exc)) is not None:   # a Ctrl-C a clean-up's error replaced:
                raise stop                                  # a stop (watch's own), not "build crashed"
            where = traceback.extract_tb(exc.__traceback__)[-1]
            outcome.errors.append(f"{where.filename}:{where.lineno}: build crashed: {type(exc).__name__}: {exc}")
            self._new_builder()  # its cache may be half-updated
            return outcome
        outcome.result = result
        outcome.errors += result.errors
        self._last_errors = list(outcome.errors)
        self._last_denied = {os.path.realpath(path) for path in result.denied}
        outcome.warnings += result.shown_warnings  # not those --strict made errors: said once
        notes = [f"note: {n}" for n in result.notes]   # each about what this build changed: said once,
        outcome.notes += notes                            # and asking for an act (a redirect): -q shows
        outcome.once_notes += notes                       # them, as `build -q` does
        outcome.notes += [f"note: {n}" for n in (*result.repeated, *result.ahead)]  # said by each build, so not under -q
        return outcome

    def _build_settled(self, outcome: Outcome, hint: list[str] | None) -> BuildResult:
        """Build; when its only errors are files that changed while it ran (a checkout, a sync or a
        save still writing between the build's read of a story and its pages), build again at once
        with a full scan. Before, every page of such a file was an error (190 in one checkout of 215
        files), shown over the page in every open tab until the next batch of changes was built.
        So too when its only errors are content files a save was still writing (_being_written).
        Past RACED_AGAIN builds, again while RACED_FOR seconds have not passed: a burst still
        writing (sed -i over 500 stories: each build of ~5 s read some mid-burst) failed the third
        build, its errors shown in every tab until the next batch was built (review48e).
        Beside a real error too: one (a broken story) stopped the builds again for the whole burst,
        its raced errors and a false 'no front matter' shown beside it (rf48p 3); the real ones
        are shown once the rest has settled. A burst longer than RACED_FOR ends the builds again
        with its files' errors left out, said in one note (rf48p 4: 789 errors in every tab)."""
        started = first = time.time()
        result = self.builder.build(hint=hint)
        for again in itertools.count():
            raced = sorted({*_raced(result), *_being_written(self.config, result, started)})
            if not raced:
                break
            if again >= RACED_AGAIN and time.time() - first >= RACED_FOR:
                return self._still_changing(outcome, result, raced)
            if not _settled(self.config, raced):   # a file left empty: its error stands
                break
            self._note(outcome, f"note: {_listed(raced)} changed while the site was built; building again")
            started = time.time()
            result = self.builder.build()
        return result

    def _note(self, outcome: Outcome, note: str) -> None:
        if self.say is None:
            outcome.notes.append(note)
            return
        # its batch's line first: printed with the build's lines, it came below the notes, which read
        # as the batch's before (rf49b 6)
        if not outcome.headed and (line := header(outcome, self.config.root)):
            self.say(line)
            outcome.headed = True
        self.say(note)

    def _still_changing(self, outcome: Outcome, result: BuildResult, raced: list[str]) -> BuildResult:
        """The last build of a burst still going after RACED_FOR seconds: its raced files' errors left
        out (the watcher saw their saves, so the next batch builds them), the others kept. Published,
        their pages stay as last built: a note says so. Not published (a story changed while its page
        was rendered fails the whole build: rf49b 1), nothing the batch changed is in the output: one
        error says so, where the errors left out made the line 'build ok' for an output left as it was."""
        kept = [e for e in result.errors if _named_file(self.config, result, e) not in raced]
        said = f"{_listed(raced)} still changing after {RACED_FOR:g} s of builds"
        if not result.published:
            return replace(result, errors=[*kept, f"{said}, so nothing was published; the site is built again "
                                                  "once they stop changing"])
        note = f"note: {said}; their pages are kept as last built until the next build"
        outcome.notes.append(note)
        outcome.once_notes.append(note)   # (-q too: it stands for errors, which -q shows)
        return replace(result, errors=kept)

    def build_again(self) -> Outcome:
        """The build another sitegen's held the site through (WAIT seconds: a terminal build that
        converts many seeds): without it the output stayed stale until the next save."""
        changes, convert, hint = self.retry or ((), False, None)
        self.retry = None
        return self._build(Outcome(changes, strict=self.options.strict), convert, hint)

    def _content_gone(self, outcome: Outcome, convert: bool) -> bool:
        """The content folder the last build read is gone (moved away, or between a checkout's or a
        sync's delete and write): an error that keeps the last good build, as a missing site.toml
        is. Built, it was a site of no articles, every story's page removed from the output. The
        first build refuses as `sitegen build` does (pipeline.content_gone)."""
        content = self.config.path("content")
        if content.is_dir():
            return False
        if not self.had_content:
            gone = None if self.built else content_gone(self.config, convert)
            if gone:
                outcome.errors.append(gone)
            return gone is not None
        outcome.errors.append(f"{self.config.paths.content}/: not found (moved or deleted?); the last good build "
                              "is kept: put the folder back to rebuild")
        return True

    def _forget_output(self) -> None:
        """The output folder was removed since the last build (rm -rf public, `make clean` while
        serving): the builder's memory of the files it wrote there is wrong, and it wrote only
        the pages whose inputs changed ('12 written, 31 unchanged' into an empty public/, no
        index.html). A builder made afresh finds the folder gone and writes it whole."""
        self.flush(locked=True)  # inside _build's hold of the lock
        self._new_builder()

    def _listed(self, paths: list[str]) -> dict[str, tuple[int, ...]]:
        """The stamp (mtime, size, ctime, inode) of each of `paths` (real paths of content files) as
        the last build's listing has it; one it does not list is left out."""
        content = os.path.realpath(self.config.path("content"))
        found = {}
        for real in paths:
            stamp = self.builder.listed(os.path.relpath(real, content).replace(os.sep, "/"))
            if stamp is not None:
                found[real] = stamp_of(stamp)
        return found

    def _strict_stops(self, outcome: Outcome, warned: bool) -> bool:
        """Under --strict, a seed that failed (now, or earlier and still unfixed) or a converter's
        warning stops the build, the last good one kept, as `sitegen build --strict` stops: watch
        and serve --strict published the rest ('all or nothing', their help says)."""
        if not self.options.strict or not (self.convert_errors or warned):
            return False
        why = "seeds failed to convert" if self.convert_errors else "the converter warned"
        outcome.errors.append(f"--strict: {why} (see above), so the site was not built")
        note_outcome(self.config, 0, [why])   # a failed build: deploy --no-build says so
        self._last_errors = list(outcome.errors)
        self._unbuilt = True
        return True

    def _convert(self, outcome: Outcome) -> bool:
        """Convert the seeds into content/; whether the converter warned."""
        self.convert_errors = []
        self._written = []
        self.held = False
        if not seeds_to_convert(self.config):
            return False  # nothing to convert; the build reports content problems
        summary = convert_seeds(self.config, strict=self.options.strict)  # loads the converter
        self.held = self.options.strict and bool(summary.warnings)
        self._written = [os.path.realpath(p) for p in summary.written]
        self.convert_errors = list(summary.errors)
        outcome.errors += summary.errors
        notes = [f"note: {n}" for n in summary.notes]   # (not warnings: never a reason for --strict to stop)
        outcome.warnings += summary.warnings
        outcome.once += summary.warnings
        outcome.notes += notes
        outcome.once_notes += notes
        outcome.notes.append(summary.line())
        return bool(summary.warnings)


def _stamp(path: str) -> tuple[int, ...] | None:
    """The file's stamp (content.stamp_of); None when it is gone."""
    try:
        return stamp_of(os.stat(path))
    except OSError:
        return None


def _raced(result: BuildResult) -> list[str]:
    """The files of the errors that are a file changed during the build (BuildResult.raced), whatever
    the other errors are (only_raced: when they are all such)."""
    return sorted({result.raced[e] for e in result.errors if e in result.raced})


def _listed(names: list[str]) -> str:
    return f"{', '.join(names[:3])}{' and more' if len(names) > 3 else ''}"


def _named_file(config: Config, result: BuildResult, error: str) -> str | None:
    """The file an error is of as _raced and _being_written name it, or None."""
    if error in result.raced:
        return result.raced[error]
    if error in result.unreadable_pictures:
        return _from_root(config, result.unreadable_pictures[error])
    prefix = config.paths.content.rstrip("/") + "/"
    return prefix + error[len(prefix):].split(":", 1)[0] if error.startswith(prefix) else None


def _being_written(config: Config, result: BuildResult, started: float, settle: float = SETTLING) -> list[str]:
    """The content files errors name that were saved since the build started (it read an older or
    half-written file), or are empty and were saved in the last `settle` seconds (an in-place save
    between its truncation and its write). A burst of in-place saves built a story while it was
    empty in 24 of 58 builds: 'no front matter', shown in every tab. So too a picture that could not
    be read, saved since the build started or in the last `settle` seconds: one copied in slowly (4
    chunks 0.25 s apart) was built half-written, 'corrupt or truncated picture' for each story
    showing it, three builds in a row (review42a). Other errors (a file as the build read it, a
    template's) stand, and do not stop these being built again (rf48p 3)."""
    prefix = config.paths.content.rstrip("/") + "/"
    pictures = result.unreadable_pictures
    now = time.time()
    names: dict[str, bool] = {}   # as shown, from the site's folder -> whether it is a picture
    for e in result.errors:
        if e in pictures:
            names[_from_root(config, pictures[e])] = True
        elif e.startswith(prefix):
            names.setdefault(prefix + e[len(prefix):].split(":", 1)[0], False)
    return sorted(name for name, picture in names.items() if _saved_since(config, name, picture, started, now, settle))


def _saved_since(config: Config, name: str, picture: bool, started: float, now: float, settle: float) -> bool:
    """_being_written's test of one file; False when it is gone (its error stands)."""
    try:
        st = os.stat(Path(config.root) / name)
    except OSError:
        return False
    # (file times come from a clock up to a tick behind time.time())
    fresh = now - st.st_mtime <= settle and (picture or st.st_size == 0)
    return st.st_mtime >= started - 0.01 or fresh


def _from_root(config: Config, path: str) -> str:
    """A file as messages show it: from the site's folder when it is in it."""
    rel = os.path.relpath(path, config.root)
    return path if rel.startswith("..") else rel.replace(os.sep, "/")


def _settled(config: Config, names: list[str], quiet: float = QUIET, settle: float = SETTLING) -> bool:
    """Wait until the content files `names` (as errors name them) have not changed for `quiet`
    seconds and none is empty, up to `settle` seconds: built again at once, a burst of saves made
    the next build read a file mid-save too. False when one is still empty then (left so: its
    error stands); one removed meanwhile is settled (the build goes on without it). A picture
    (`names` are files from the site's folder) is to stay unchanged WRITING_QUIET seconds: one copied
    in slowly pauses between its chunks."""
    paths = [Path(config.root) / n for n in names]
    if not all(n.endswith(".md") for n in names):
        quiet = max(quiet, WRITING_QUIET)

    def stats() -> list[tuple[int, int] | None]:
        found = []
        for path in paths:
            try:
                st = os.stat(path)
                found.append((st.st_mtime_ns, st.st_size))
            except OSError:
                found.append(None)
        return found
    deadline, last, since = time.monotonic() + settle, stats(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.02)
        now, seen = time.monotonic(), stats()
        if seen != last:
            last, since = seen, now
        elif now - since >= quiet and all(s is None or s[1] > 0 for s in seen):
            return True
    return all(s is None or s[1] > 0 for s in last)   # still changing: built again all the same


def _cache_stamp(config: Config) -> tuple[int, int, int] | None:
    """The output's build cache file as it is now (every save checkpoints into it), None if none."""
    try:
        st = os.stat(state_folder(config) / CACHE_FILE)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


class DeferredSearch:
    """Re-indexing a changed search shard takes a second or more at 10,000 articles: do it once
    the site has been quiet for a moment, never in the edit -> reload path."""

    def __init__(self, idle: float = SEARCH_IDLE) -> None:
        self.idle = idle
        self.due: float | None = None
        self.failed = False   # the last index failed: out of date until a later one succeeds
        self.warned: str | None = None   # pagefind is missing: said once, as a build says it

    def built(self, outcome: Outcome, config: Config) -> None:
        if config.search.enabled and outcome.published:
            self.due = time.monotonic() + self.idle

    def tick(self, session: Session, arm: Callable[[], threading.Event]) -> str | None:
        """Index the shards the last builds changed, when due; returns a line to print. `arm`
        gives the event a save sets (ChangeQueue.arm): the index then stops at once for the
        rebuild, and is made again once the site is quiet. A stop meanwhile (KeyboardInterrupt)
        leaves it due, for finish(); so does a failure (Ctrl-C's SIGINT kills Pagefind too)."""
        from .search import Cancelled
        if self.due is None or time.monotonic() < self.due:
            return None
        try:
            line = session.index_search(arm())
        except Cancelled:
            self.due = time.monotonic() + self.idle
            return None
        except Exception as exc:  # noqa: BLE001 - the preview goes on; the next save retries
            line = f"error: search: {type(exc).__name__}: {exc}"
        self.due, self.failed = None, bool(line and line.startswith("error"))
        return self._once(line)

    def _once(self, line: str | None) -> str | None:
        """A warning (search.MISSING: the index cannot be made until pagefind is installed) said
        once a session, not at each save; another one (the index removed) is said too."""
        if not (line and line.startswith("warning")):
            return line
        said, self.warned = self.warned, line
        return None if line == said else line

    def finish(self, session: Session) -> None:
        """At watch's stop, the index still due is made now: dropped, a story taken down in the
        last 2 s stayed findable by search (its headline and text) in public/ until the next
        build (review42d). A second stop, Ctrl-C or SIGTERM, cancels it at once, saying so: a
        second SIGTERM did nothing (the index of 1,500 stories ran 12 s, past `docker stop`'s 10 s
        and its SIGKILL). serve's preview is nobody's but this server's: its next start indexes
        it once quiet."""
        from .search import Cancelled
        due, self.due = self.due is not None or self.failed, None
        if not due or session.settings.preview:
            return
        quiet = session.settings.quiet
        if self.warned is None:   # (without pagefind there is nothing to wait for: only a removal, if due)
            _print_search("updating the search index before stopping (Ctrl-C or SIGTERM again to leave it out "
                          "of date)", quiet)
        cancel = threading.Event()
        try:
            with _stop_again(cancel):
                line = session.index_search(cancel)
        except (Cancelled, KeyboardInterrupt):
            line = "error: search: stopped"
        except Exception as exc:  # noqa: BLE001 - said below; the build cache is still saved
            line = f"error: search: {type(exc).__name__}: {exc}"
        _print_search(self._once(line), quiet)
        if line and line.startswith("error"):
            print("warning: the search index is out of date: a story changed or taken down in the last build may "
                  "still be found by its old words; run `sitegen build` to update it", file=sys.stderr, flush=True)


class DeferredSpare:
    """A build switches public/ with its spare copy, which is then one build behind; the next
    build links into it every file this one changed (1,540 pages after a checkout: the first save
    after it took 2.6 s, the next 0.1 s). Done once the site is quiet instead, the save finds the
    spare current; a save stops it at once (the next build does the rest)."""

    def __init__(self, idle: float = SPARE_IDLE) -> None:
        self.idle = idle
        self.due: float | None = None

    def built(self) -> None:
        """After a build that succeeded, or anything else that switched public/ (the search index).
        Not after a failed one (run() does not call it): its spare is compared whole by the next build."""
        self.due = time.monotonic() + self.idle

    def tick(self, session: Session, arm: Callable[[], threading.Event]) -> str | None:
        from .write import Cancelled
        if self.due is None or time.monotonic() < self.due:
            return None
        self.due = None
        try:
            session.catch_up_spare(arm())
        except Cancelled:
            pass   # a save came: its build links what is left
        except Exception as exc:  # noqa: BLE001 - the preview goes on; the next build syncs the spare itself
            return f"warning: could not update the spare copy of the output: {exc}"
        return None

    def stop(self) -> None:
        self.due = None


class DeferredWarm:
    """The first save after watch or serve started paid for what its first build had not loaded
    (nothing changed: no page rendered) -- the renderer, the templates, the language's dates:
    0.6-0.8 s against 60-100 ms for later saves at 1,000 articles. Loaded once the site is first
    quiet instead; a save before then loads them itself. So is the converter with its models when
    the watcher converts seeds (pipeline.warm_converter): a first build with no seed changed loads
    none of them, and the first seed save paid 0.5-0.8 s more than later ones (review42a). One
    step a quiet tick, so a save that comes meanwhile waits for one step at most."""

    def __init__(self, idle: float = SPARE_IDLE) -> None:
        self.due: float | None = time.monotonic() + idle
        self.left = ["renderer", "converter"]

    def tick(self, session: Session, arm: Callable[[], threading.Event]) -> None:
        if self.due is None or time.monotonic() < self.due:
            return
        if not session.settings.convert and "converter" in self.left:
            self.left.remove("converter")
        if arm().is_set():   # a save is waiting: its build loads the renderer (one that comes meanwhile
            if self.left[0] == "renderer":   # waits for what is left, which it would have loaded itself);
                self.left.pop(0)             # the converter waits for a quiet tick
        else:
            step = self.left.pop(0)
            try:
                if step == "renderer":
                    session.builder.warm()
                else:
                    warm_converter(session.config)
            except Exception:  # noqa: BLE001 - only a head start: the next build reports what fails
                pass
        if not self.left:
            self.due = None


def run(session: Session, watcher: Watcher, report: Callable[[Outcome], None],
        stop: threading.Event, tick: float = 0.25, first: Outcome | None = None,
        ready: Callable[[], None] | None = None) -> None:
    """The loop: wait for a batch of changes, rebuild, report. Returns when `stop` is set.
    `first` is the first build's outcome: its search index is due once quiet too, or the
    preview's search page (a folder no plain build indexed) failed until the first save.
    `ready` prints the first build's lines and "watching ..." inside the loop's save-on-exit
    guard: printed before it, a stop that the line itself brought (its reader, having it, left)
    could land before the guard, and the build cache went unsaved (exit 0)."""
    indexer, spare, warm = DeferredSearch(), DeferredSpare(), DeferredWarm()
    if first is not None:
        indexer.built(first, session.config)
        spare.built()
    unsaved: float | None = time.monotonic()   # since when the article cache (deferred) is unsaved
    try:
        if ready is not None and not stop.is_set():   # (set: stopped during the first build)
            ready()
        while not stop.is_set():
            batch = [] if session.retry is not None else session.worth_building(watcher.changes(timeout=tick))
            if not batch and session.retry is None:
                session.keep_hold()
            if stop.is_set() or session.gone():   # stopped while waiting: no build, index or save begun after it
                break                             # (gone: the command says why it stops)
            if not batch and (session.retry is not None or session.due()):
                # a build another sitegen's held back, before the saves made meanwhile (its hint
                # names only its own files); a scheduled story goes live at its time, not at the next save
                outcome = session.build_again() if session.retry is not None else session.on_time()
                unsaved = time.monotonic()
                _built(outcome, session, indexer, spare)
                report(outcome)
                continue
            if not batch:
                _print_search(spare.tick(session, watcher.queue.arm), session.settings.quiet)
                warm.tick(session, watcher.queue.arm)
                indexed = indexer.tick(session, watcher.queue.arm)
                if indexed and not indexed.startswith("error"):
                    spare.built()   # the index switched public/ too
                _print_search(indexed, session.settings.quiet)
                if unsaved is not None and time.monotonic() - unsaved >= CACHE_IDLE and session.flush(idle=True, wait=0):
                    unsaved = None  # else another sitegen is building: tried again at the next quiet tick
                continue
            outcome = session.rebuild(batch)
            unsaved = time.monotonic()
            watcher.catch_up(watcher.retarget(session.sources))   # new config paths, or a source folder just created
            _built(outcome, session, indexer, spare)
            report(outcome)
    finally:
        spare.stop()
        if not session.gone():
            indexer.finish(session)
        if unsaved is not None and not session.gone() and not session.flush(wait=0):
            with _ctrl_c_again():
                session.flush(waiting=_waiting_to_save)


def _built(outcome: Outcome, session: Session, indexer: "DeferredSearch", spare: "DeferredSpare") -> None:
    """A build's index and spare copy made due before its line is printed: a stop that line
    brought (a script waiting for 'build ok' then stopping watch), landing between the two,
    left the index not due, and a story just taken down stayed findable by search."""
    indexer.built(outcome, session.config)
    if outcome.published:
        spare.built()


def _waiting_to_save(holder: str) -> None:
    """The stop's one line when its save of the build cache waits for another sitegen (watch's:
    that build may save the same cache file, and reads it when it starts)."""
    print(f"waiting for another sitegen's build to finish (process {holder}, up to {WAIT / 60:g} minutes), to save "
          "the build cache (Ctrl-C again to leave it unsaved: the next build reads the articles again)",
          file=sys.stderr, flush=True)


@contextmanager
def _ctrl_c_again() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt again meanwhile, as run()'s note promises: the command's
    handler (cli._stop_on_sigterm) ignores a second stop, which would break the first one's cleanup."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _stop_again(cancel: threading.Event) -> Iterator[None]:
    """A stop meanwhile, Ctrl-C or SIGTERM, sets `cancel`: the command's handler (cli._stop_on_sigterm)
    ignores a second stop. Only sets it: raised in the main thread, Ctrl-C's KeyboardInterrupt waited
    for the running Pagefinds (3.6 s), which `cancel` kills at once. Raised only in the wait for
    another sitegen's site lock (up to 2 minutes; nothing held yet). A process forked meanwhile dies
    of it, as before."""
    from .lock import _take, _take_all
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    main = os.getpid()

    def again(signum: int, frame) -> None:
        if os.getpid() != main:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
        cancel.set()
        if frame is not None and frame.f_code in (_take.__code__, _take_all.__code__):
            raise KeyboardInterrupt
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    ours = {sig: handler for sig, handler in previous.items()   # (not one started ignored: nohup, a
            if handler not in (signal.SIG_IGN, None)}              # shell's background job; nor C's)
    for sig in ours:
        signal.signal(sig, again)
    try:
        yield
    finally:
        for sig, handler in ours.items():
            signal.signal(sig, handler)


def _print_search(line: str | None, quiet: bool) -> None:
    if line and line.startswith(("error", "warning")):
        print(line, file=sys.stderr, flush=True)
    elif line and not quiet:
        print(line, flush=True)


# Terminal output ---------------------------------------------------------------------------------
def describe(outcome: Outcome, quiet: bool = False, root: str = ".",
             said: set[str] | frozenset[str] = frozenset()) -> list[tuple[str, bool]]:
    """Lines to print for an outcome, each with whether it goes to stderr. `said`: warnings this
    session printed already, counted instead of repeated at every save (a stand-in date's warning
    is four lines)."""
    lines: list[tuple[str, bool]] = []
    if not quiet and not outcome.headed and (line := header(outcome, root)):
        lines.append((line, False))
    warnings = outcome.once if quiet else outcome.warnings   # -q: what is said once only (Outcome.once)
    lines += [(f"warning: {w}", True) for w in warnings if w not in said]
    again = sum(w in said for w in warnings)
    if again:
        lines.append((f"warning: {again} earlier warning{'s' if again > 1 else ''} still appl"
                      f"{'y' if again > 1 else 'ies'} (printed above)", True))
    lines += [(note, False) for note in (outcome.once_notes if quiet else outcome.notes)]
    lines += [(f"error: {e}", True) for e in outcome.errors]
    if outcome.standing:   # said once (printed above when it failed), counted at each build until fixed
        n = len(outcome.standing)
        lines.append((f"error: {n} seed{'s' if n > 1 else ''} still fail{'' if n > 1 else 's'} to convert "
                      "(printed above)", True))
    if outcome.result is not None:
        lines.append((_summary(outcome), False))
    elif outcome.errors:
        lines.append(("build not run; the last good build stays in place", True))
    return lines


def header(outcome: Outcome, root: str) -> str | None:
    """'[12:00:01] changed: content/a.md, ...': the batch an outcome is of (its last save's time), or
    None for an outcome of no changes."""
    if not outcome.changes:
        return None
    seen = max(c.at for c in outcome.changes)
    stamp = (datetime.fromtimestamp(seen) if seen else datetime.now()).strftime("%H:%M:%S")
    names = sorted({_named(c.path, root) for c in outcome.changes})   # as the site names them
    return f"[{stamp}] changed: {', '.join(names[:3])}{f' and {len(names) - 3} more' if len(names) > 3 else ''}"


def _summary(outcome: Outcome) -> str:
    """The build's summary line counting the seeds that failed to convert, now or still, as
    `sitegen build` does: it said "build ok" for a build recorded failed (deploy --no-build refused it)."""
    result = outcome.result
    failed = [e for e in (*outcome.errors, *outcome.standing) if e not in result.errors]
    return replace(result, errors=[*failed, *result.errors]).line() if failed else result.line()


def _named(path: str, root: str) -> str:
    try:
        return os.path.relpath(path, root)
    except OSError:   # the current folder deleted during the build (Session.gone then stops the watch)
        return path


def print_outcome(outcome: Outcome, quiet: bool = False, root: str = ".", said: set[str] | None = None) -> None:
    """`said`: the session's warnings printed so far (see describe), updated here."""
    for text, to_stderr in describe(outcome, quiet, root, said if said is not None else frozenset()):
        print(text, file=sys.stderr if to_stderr else sys.stdout, flush=True)
    if said is not None:
        said.update(outcome.once if quiet else outcome.warnings)


def watch(config: Config, args, stop: threading.Event | None = None) -> int:
    """`sitegen watch`: build, then rebuild on every change until Ctrl-C (KeyboardInterrupt) or
    `stop` (the command's stop signal, set by Ctrl-C and SIGTERM: see cli._stop_on_sigterm)."""
    stop = threading.Event() if stop is None else stop
    session: Session | None = None
    try:
        lockable(config.path("cache"))
    except LockError as exc:   # no build could run: exit 2 at once, as serve does, not watch for good
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        settings = WatchSettings.from_args(args)
        session = Session(config, settings)
        session.say = None if settings.quiet else lambda note: print(note, flush=True)
        with Watcher(session.sources) as watcher:   # started first: saves during the first build count
            first = session.first_build()

            def ready() -> None:
                print_outcome(first, settings.quiet, session.config.root, session.said)
                print(f"watching {os.path.abspath(session.config.root)} for changes (Ctrl-C stops)", flush=True)
            run(session, watcher, lambda o: print_outcome(o, settings.quiet, session.config.root, session.said), stop,
                first=first, ready=ready)
    except KeyboardInterrupt:
        pass
    return stopped(session)


def stopped(session: Session | None) -> int:
    """watch's and serve's last line and exit status: run() returns when stopped, or when the
    site's folder is gone (Session.gone), which is exit 2, as starting them with no site is."""
    gone = session.gone() if session is not None else None
    if gone:
        print(f"error: {gone}", file=sys.stderr, flush=True)
        return 2
    print("\nstopped", flush=True)
    return 0
