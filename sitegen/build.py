"""The pipeline, top to bottom: content -> articles -> site -> render -> public/.

`Builder.build()` reads like the steps it takes. Incremental rebuilds fall out of the same path:
every output's inputs are fingerprinted and only outputs whose fingerprint changed are rendered.
"""
from __future__ import annotations

import bisect
import errno
import gc
import os
import signal
import sqlite3
import time
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from functools import lru_cache, partial
from operator import attrgetter
from pathlib import Path
from collections import OrderedDict
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from typing import TYPE_CHECKING, Callable, Iterable, NamedTuple

from .cache import (FILE as CACHE_FILE, VERSION, BuildCache, EncodedLayout, LazyArticles, Scan, SideRows, State, digest,
                    digest_text, encode_layout)
from .config import (AUTHORS_FILE, Config, is_file, no_room, not_utf8_message, root_file, utf8_name, worker_count, write_new,
                     key_lines, workers_note)
from .content import (PICTURE_SUFFIXES, SEED_SUFFIXES, UNREAD_SUFFIXES, Article, ChangedWhileBuilt, ContentError, Listing,
                      article_body, lede, load_parsers, packed_scan, read_content, reading_minutes, scan_files, scan_two, site_origin,
                      stamp_of, stat_content, unpacked_scan, unread_warning, without_body, is_private,
                      private_warning, is_private_warning, still_claims, Racy, RACY_NS, Stamp, UNPUBLISHING_KEYS)
from .ledger import Ledger, LedgerError, ledger_text, parse_ledger, read_ledger, write_ledger
from .lock import WAIT, BusyError, LockError, build_lock
from .site import (FAR_AHEAD, LISTINGS, STORY_TEMPLATE, Page, Site, SiteError, Term, Moved, article_url, at_clock, build_site,
                   ledger_entries,
                   edition_languages, front_line, gone_listings, moved_addresses, moved_by_rules, output_path,
                   placeholder_logo,
                   term_script, with_link_lines, clash_error)
from .rootfiles import place
from .write import (SPARE_SUFFIX, ClashError, OutputError, PlaceError, folds_case, Record, SpareSync, Stage, WriteError, claim,
                    HOSTED, clash_place, clashes, catch_up_spare, clean_leftovers, own_files, read_record, recover_exchange,
                    clean_set_aside, finish_landing, linked_folder, refuse_held_mounts)

if TYPE_CHECKING:
    import threading
    from . import assets as assets_mod, images
    from .aside import Aside
    from .render import RenderError, Renderer, Theme

SERIAL_BELOW = 300  # pages: below this, forking workers costs more than it saves
DAMAGED_MAX = 256     # outputs touched since the last build made again from its plan, at least
CHECK_ASIDE = 20_000  # outputs: from here, stat()ing them in a child overlaps the scan of content/
CHECK_CHUNK = 1024    # outputs the child or the build's process claims at a time (~2.5 ms of stat())
FIRST_SPARE = 20_000  # outputs: from here a first build makes its spare copy of public/ while it saves the cache
SCAN_ASIDE = 128 << 20  # bytes of the last build's cache (~17,000 articles): from here an early scan runs aside
CONTENT_ALSO = PICTURE_SUFFIXES + UNREAD_SUFFIXES  # what the scan of content/ lists besides articles


def _seeds_inside(config: Config) -> str | None:
    """The seeds folder's path in the content folder ('inbox', '' for the same folder), or None when it
    is not in it: its seeds are where they belong, not a seed put in content/ (rr54a 1)."""
    content, seeds = config.path("content").resolve(), config.path("seeds").resolve()
    if not seeds.is_relative_to(content):
        return None
    rel = seeds.relative_to(content).as_posix()
    return "" if rel == "." else rel


def _under(rel: str, folder: str) -> bool:
    return not folder or rel.startswith(folder + "/")


_ThemeFacts = tuple[dict[str, str], dict[str, set[str]], frozenset[str]]  # Theme's digests, closure and shows


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False
    strict: bool = False
    progress: bool = False
    workers: int | None = None   # -j; None: [build] workers (0 there too: one a core)
    search: bool = True   # index with pagefind after writing; watch/serve defer it (a minute at 10k)
    defer_cache: bool = False  # watch/serve: keep the cache in memory, write it at flush() when idle
    force_output: bool = False  # build into a non-empty output folder that has no sitegen record
    locked: bool = False        # the caller holds the site's build lock (deploy: build, then publish)
    # serve's preview: stylesheets and scripts keep their names (served no-store, never deployed), so
    # a stylesheet's save rewrites that file alone, not every page that links it (2,238 pages, 6-9 s
    # at 1,000 stories: each named the new fingerprint, review48e)
    stable_assets: bool = False

    def under(self, config: Config) -> "BuildOptions":
        """These options for `config`'s site: its `[build] strict = true` asks what --strict asks."""
        return replace(self, strict=True) if config.build.strict and not self.strict else self

    def asked_workers(self, config: Config) -> int:
        """The workers asked for: -j's, else [build] workers (0: one a core). `options.workers or
        config's` took -j 0 for no -j, so it could not undo a site.toml's workers = 100 (review46c 6)."""
        return config.build.workers if self.workers is None else self.workers


# The option that includes what a build left out (site.publishable's reasons)
_INCLUDES = {"draft": "--drafts", "future": "--future"}
_LEFT_OUT = {"draft": ("draft", "drafts"), "future": ("story dated ahead", "stories dated ahead")}
PREVIEWS = ("drafts", "future")  # what an output's record says a --drafts/--future build published


@dataclass
class BuildResult:
    articles: int = 0
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    left_out: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)     # said once, never errors (not even with --strict)
    later: list[str] = field(default_factory=list)     # errors that leave the rest published (root/'s files: rootfiles)
    seconds: float = 0.0
    changed: list[str] = field(default_factory=list)   # outputs written or removed, for live reload
    # those of them that are static/'s and root/'s files (their sources' bytes, under their own names in
    # the preview), which any page may load: serve reloads every tab for one (LiveSite.publish)
    copied: list[str] = field(default_factory=list)
    output: str = "public/"   # as the summary names it (serve's preview: .sitegen/preview/)
    # the errors that are a story's file changed while this build read it (ChangedWhileBuilt): error ->
    # that file, as shown (content/x.md); a watcher builds again at once when they are all there is
    raced: dict[str, str] = field(default_factory=dict)
    # the errors that are a picture that could not be read -> its file (absolute; ImageSet.unreadable)
    unreadable_pictures: dict[str, str] = field(default_factory=dict)
    # the static files and pictures it may not read (absolute): a watcher builds on their chmod back
    denied: set[str] = field(default_factory=set)
    # story files that could not be read (not under --strict): file -> its error. They stop nothing:
    # the rest is built, each kept as last read (the cache's row) or left out; build() moves them to errors
    unread: dict[str, str] = field(default_factory=dict)
    unread_kept: set[str] = field(default_factory=set)   # those of them kept as last read
    unread_apart: set[str] = field(default_factory=set)  # those left out after a withdrawal (Builder._kept_apart)
    unread_at: int = 0        # where in `errors` they go: said in the order a build finds them
    published: bool = False   # this build's output was switched in (with errors: the rest of the site)
    # notes naming the stories left out as dated ahead and when they go out (site.dated_ahead), and a table
    # key for an edition to come that may be misspelt (site.misspelt_edition_keys): said by
    # every build that leaves them out, so not under -q (a cron job's log), unlike `notes`
    ahead: tuple[str, ...] = ()
    # notes a run says again whatever it finds (too many workers asked for): not under -q, as `ahead`
    # (a quiet cron build said it every run, review46c 5); a watcher's Builder says it once
    repeated: list[str] = field(default_factory=list)
    # the stories this build moved without keeping the old address (its notes say so): old -> new,
    # site-relative; serve's preview sends a tab still on the old one there (LiveSite.moved)
    moves: dict[str, str] = field(default_factory=dict)

    def moved(self, found: Moved) -> None:
        self.notes += found.notes
        self.moves.update(found.pairs)

    @property
    def ok(self) -> bool:
        return not self.errors

    def only_raced(self) -> list[str]:
        """The files named, when every error is one a file changed during the build (`raced`): a
        build again at once reads them anew (the failed one forgot their cache rows)."""
        errors = self.errors
        return sorted(set(self.raced.values())) if errors and all(e in self.raced for e in errors) else []

    @property
    def shown_warnings(self) -> list[str]:
        """The warnings to print: those --strict made errors are printed once, as errors."""
        made = {e[:-len(STRICT_NOTE)] for e in self.errors if e.endswith(STRICT_NOTE)}
        return [w for w in self.warnings if w not in made] if made else self.warnings

    def line(self, hints: bool = True) -> str:
        """`hints`: name the flag that includes what was left out (not for deploy, which refuses them)."""
        left = ", ".join(f"{n} {_LEFT_OUT[why][n != 1]}"
                         + (f" ({_INCLUDES[why]} includes {'it' if n == 1 else 'them'})" if hints else "")
                         for why, n in sorted(self.left_out.items()))
        status = ("ok" if self.ok else f"FAILED, {_count(len(self.errors), 'error')}, "
                  + (f"the rest published to {self.output}" if self.published else f"{self.output} left as it was"))
        # a build stopped before its plan counted nothing: "0 articles, 0 pages" would be untrue
        counted = (f": {_count(self.articles, 'article')}, {_count(self.pages, 'page')} "
                   f"({self.written} written, {self.unchanged} unchanged, {self.removed} removed)"
                   if self.ok or self.pages else "")
        return (f"build {status}{counted}"
                f"{', left out: ' + left if left else ''}"
                f"{', ' + _count(len(shown), 'warning') if (shown := self.shown_warnings) else ''}"
                f" in {self.seconds:.2f} s")


STRICT_NOTE = " (--strict makes warnings errors)"
# what became of a story file that could not be read, when the rest of the site was published
UNREAD_KEPT = "the story is kept as last built; fix it and build again"
UNREAD_LEFT_OUT = "the story is left out until fixed"
# a story withdrawn meanwhile (or this one's address moved): every list is built without it, its page kept
UNREAD_APART = "the story is left out of every list, as another story was withdrawn or its address moved, until fixed"
# recorded as the fingerprint of a page rendered without the stories kept as last built (Builder._held):
# a fingerprint no page has, so each build renders it again, without them until they are fixed
WITHOUT_KEPT = "without-kept"
OVERSIZE = "oversize"   # the fingerprint recorded for a page over render.PAGE_BYTES (see _oversize)


def _no_content_warning(config: Config) -> str:
    """A build with no content folder, which no conversion made: 'build ok: 0 articles', exit 0
    even under --strict, in a CI checkout without it (a submodule not checked out, a typo in
    [paths] content), whose job then uploaded the empty site (review46c 3). content_gone refuses
    it where public/ holds a build, and deploy always."""
    content = config.paths.content.rstrip("/")
    return (f"{content}/: no such folder, so the site has no stories; fix [paths] content in {config.file} or "
            "check the folder out (create it empty for a site without stories)")


def strict_errors(warnings: list[str]) -> list[str]:
    return [w + STRICT_NOTE for w in warnings]


class StoppedAfterSwitch(KeyboardInterrupt):
    """A stop (Ctrl-C, SIGTERM) that came once the output held the new build (while the cache was
    saved): `sitegen build` said 'terminated', exit 143, which its help says leaves public/ as it was.
    It carries the build's errors, warnings and notes, for the stop to say them (a build published with a
    story left out is a failed one: exit 1; a note said once, a file kept as not sitegen's, is said then or never)."""

    def __init__(self, output: str, errors: list[str] | None = None, warnings: list[str] | None = None,
                 notes: list[str] | None = None) -> None:
        super().__init__(output)
        self.output = output
        self.errors, self.warnings, self.notes = list(errors or ()), list(warnings or ()), list(notes or ())


LAST_BUILD = "last-build"   # in the cache folder: how the last build of the site's output went, and when it began


def in_cache(config: Config) -> bool:
    """Whether the output is inside the cache folder (serve's preview, .sitegen/preview/): no reader's site."""
    return config.path("output").resolve().is_relative_to(config.path("cache").resolve())


def note_outcome(config: Config, began: int, errors: list[str], published: bool = False) -> None:
    """Record the outcome of a build of the site's own output (not serve's preview, in the cache):
    `sitegen deploy --no-build` published the build before a failed one, exit 0, a retracted story
    still live. `began`: time.time_ns() at its start; a source changed after it is not in public/.
    `published`: with errors, the rest of the site was (a story that could not be read: BuildResult.unread).
    Written beside and renamed over: a full disk keeps the record before (written in place, it left
    an empty file, which deploy took for an older sitegen's none)."""
    import json
    cache = config.path("cache")
    if in_cache(config):
        return
    tmp = cache / f"{LAST_BUILD}.tmp"
    record = json.dumps({"ok": not errors, "began": began, "error": errors[0] if errors else "",
                         "published": published, "settings": config.built_digest()}) + "\n"
    try:
        write_new(tmp, record)
        os.replace(tmp, cache / LAST_BUILD)
    except OSError:   # a full disk, a cache not there or a file: the record before stands (deploy checks it)
        with suppress(OSError):
            tmp.unlink(missing_ok=True)


def built_with(config: Config) -> str | None:
    """The settings digest (Config.built_digest) the last build recorded, None if none is known."""
    import json
    try:
        return str(json.loads((config.path("cache") / LAST_BUILD).read_text(encoding="utf-8"))["settings"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def last_outcome(config: Config) -> tuple[bool, int, str, bool] | None:
    """note_outcome's record: (ok, began, first error, published), or None when there is none (a
    sitegen before session 38, a cache folder removed). ValueError, saying so, when it cannot be read."""
    import json
    path = config.path("cache") / LAST_BUILD
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ValueError(f"the record of the last build ({path}) cannot be read ({getattr(exc, 'strerror', exc)})") from None
    try:
        data = json.loads(text)
        return bool(data["ok"]), int(data["began"]), str(data.get("error", "")), bool(data.get("published"))
    except (ValueError, KeyError, TypeError):
        raise ValueError(f"the record of the last build ({path}) is {'empty' if not text else 'damaged'}") from None


def _os_error(exc: Exception, cache: Path | None = None) -> str:
    """One line for a failure of the machine rather than the input (a full disk says so once, naming
    the build cache's folder when that is the full one: the site's disk may have room). The build's
    status line says which output folder was left as it was (not always public/)."""
    if isinstance(exc, OSError) and not isinstance(exc, LockError):
        if exc.errno == errno.ENOSPC:
            ran_out, free = no_room(exc)
            if cache is not None and exc.filename and Path(os.path.abspath(exc.filename)).is_relative_to(cache):
                return f"{ran_out} in the build cache's folder {cache}/; {free} there and build again"
            return f"{ran_out} while writing the site; {free} and build again"
        where = f"{exc.filename}: " if exc.filename else ""
        advice = "; check its owner and permissions (and the folder's), then build again" \
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) else ""
        return f"{where}{exc.strerror or exc}{advice}"
    return str(exc)


def cache_problem(exc: OSError | sqlite3.Error) -> str:
    """Why the build cache could not be saved, in a few words ('out of disk space')."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return no_room(exc)[0]
    full = getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL"
    return "out of disk space" if full else (getattr(exc, "strerror", None) or str(exc))


def _them(items: Iterable[str], they: str = "them") -> str:
    """'them', 'they show' for several pages; 'it', 'it shows' for one."""
    return they if len(list(items)) != 1 else {"them": "it", "they show": "it shows"}[they]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def state_folder(config: Config) -> Path:
    """Where the build cache of this output folder lives: the cache folder for public/, a folder of
    its own for an output inside the cache folder (serve's preview, .sitegen/preview/). Each then
    compares with its own last build: one shared cache made every switch between `make serve` and
    `make build` a full rebuild (0.62 s instead of 0.01 s at 1,000 articles)."""
    cache, output = config.path("cache"), config.path("output")
    if output.parent.resolve() == cache.resolve():
        return cache / f"{output.name}.state"
    return cache


class Builder:
    """Builds one site; keeps its cache between builds (the watcher reuses one Builder)."""

    def __init__(self, config: Config, options: BuildOptions = BuildOptions(), scan_now: bool = False):
        """`scan_now`: the caller builds at once (`sitegen build`, after its conversion), so a large
        site's content/ may be scanned from now, in a child, while the cache loads (_early_scan)."""
        self.config, self.options = config, options
        self._early = _early_scan(config) if scan_now else None
        self.cache = BuildCache.load(state_folder(config), f"{config.site.timezone}|{config.site.language}|"
                                                           f"{site_origin(config.site.base_url)}")
        self.output = config.path("output")
        self.case_blind = folds_case(self.output)   # whether public/'s disk ignores case (build_site); again each plan
        self._own: tuple[str, ...] = ()    # write.own_files, read with the inputs (others_digest)
        self.memo: dict[tuple, str] = {}   # listing fingerprints' own parts by article identity, across builds
        self.last: LastPlan | None = None  # the last good plan, while this Builder lives (watch/serve)
        self.began = 0   # time.time_ns() when the running (or last) build began: its output's record says it
        self._workers_said = False   # the workers note (BuildResult.repeated): a watcher's first build says it
        self._theme: tuple[str, Theme] | None = None
        self._files: Listing | dict[str, os.stat_result] | None = None  # the last scan of content/
        self._pictures: list[tuple[str, ...]] = []       # and the pictures it found there
        self._racy: Racy | None = None   # this build's racy-clean rule (content.Racy), made before its scans
        self._static: list[tuple[str, ...]] = []  # the last scan of static/ (others_digest)
        self._static_from: dict[str, Path] = {}  # static output -> its source file (_clash_errors)
        self._private: list[str] = []    # and its private articles (_x.md, #x.md): named, never read
        self._misnamed: list[str] = []   # files in content/ whose names are not UTF-8: an error each
        self._intact: Callable[[], bool] = lambda: False      # see _checking_outputs
        self._seen: dict[str, str] = {}  # search shard -> its files' digest, checked by this build's _index
        self._shards: tuple[Site, tuple[Sequence, list]] | None = None  # see _shards_of
        self._ledger = Ledger()   # content/.sitegen-published as this build read it (_build)
        self._ledger_left = ""    # and its digest as this build leaves it (_save_ledger; State.ledger)

    def theme(self, others: str) -> Theme:
        """Templates loaded and compiled once while they (and the config) stay the same."""
        from .render import Theme  # Jinja and Markdown load only when something is rendered
        if self._theme is None or self._theme[0] != others:
            last = self.last
            self._theme = (others, Theme.load(self.config, last.theme if last and last.others == others else None))
        return self._theme[1]

    def build(self, now: datetime | None = None, hint: Iterable[str] | None = None) -> BuildResult:
        """Build; `hint` (content paths relative to content/ that a file watcher saw change) lets a
        rebuild re-stat just those files instead of scanning them all."""
        started, result = time.perf_counter(), BuildResult(output=self.config.paths.output.rstrip("/") + "/")
        began = self.began = time.time_ns()   # (the output's record keeps it: Stage.apply)
        if self.cache.older:  # said by the first build after an upgrade only (the cache it saves is this version's)
            self.cache.older = False
            result.notes.append("the build cache is another version of sitegen's (or of a library it uses), so this "
                                "build reads every story and renders every page again, once (only files whose bytes "
                                "changed are written)")
        if not self._workers_said:
            self._workers_said = True
            flag = "[build] workers =" if self.options.workers is None else "-j"
            if note := workers_note(self.options.asked_workers(self.config), flag):
                result.repeated.append(note)
        busy = False
        try:
            with build_lock(self.config) if not self.options.locked else nullcontext(), _few_collections():
                self._build(now, hint, result)
        except KeyboardInterrupt as exc:
            if not result.published or isinstance(exc, StoppedAfterSwitch):
                raise
            # the unread stories' errors first, the ones leaving the rest published last (a misnamed
            # file, root/'s): recorded without them, a failed build was 'ok' (rf45l, rf49e)
            result.errors[result.unread_at:result.unread_at] = self._unread_errors(result)
            result.errors += result.later
            note_outcome(self.config, began, result.errors, True)   # the cache's save was what it cut short
            raise StoppedAfterSwitch(result.output, result.errors, result.shown_warnings, result.notes) from exc
        except (LockError, OutputError, OSError) as exc:
            busy = isinstance(exc, BusyError)   # another's build: says nothing of public/
            result.errors += _os_error(exc, Path(os.path.abspath(self.config.path("cache")))).splitlines()
        finally:
            self._racy = None   # its digests are the build's: warm() after it reads its own
            if self._early is not None:  # a build that ended before its scan: the child is not wanted
                self._early.cancel()
                self._early = None
        result.errors[result.unread_at:result.unread_at] = self._unread_errors(result)
        result.errors += result.later
        result.seconds = time.perf_counter() - started
        if not busy:
            note_outcome(self.config, began, result.errors, result.published)
        return result

    def _unread_errors(self, result: BuildResult) -> list[str]:
        """The story files that could not be read, as errors: each saying what became of it when
        the rest was published (kept as last read, or left out), else as they are."""
        if not result.published:
            return list(result.unread.values())
        kept, apart = result.unread_kept, result.unread_apart
        return [f"{e} ({UNREAD_KEPT if rel in kept else UNREAD_APART if rel in apart else UNREAD_LEFT_OUT})"
                for rel, e in result.unread.items()]

    def _build(self, now: datetime | None, hint: Iterable[str] | None, result: BuildResult) -> None:
        now = now or datetime.now(self.config.tz)
        self.cache.clean()
        recover_exchange(self.output, self._spare())  # a killed switch's fallback: one scandir of the site's folder
        finish_landing(self.output, self._spare())    # a build killed right after its switch: one stat
        with self._checking_outputs():
            self._misnamed = []
            state = self.cache.state
            racy = self._racy = Racy(state.racy, time.time_ns())
            listed = self.scan(hint)
            scan = Scan.of(listed)
            if _not_utf8(scan.names):  # the scan's bytes: no second pass over 100,000 names
                # left out before the racy rule looks: a misnamed file's path is no row nor racy entry
                # (the state's head is UTF-8 text: a racy w\xe9.md failed the save with a traceback)
                listed = self._named(listed)
                scan = Scan.of(listed)
            # content/ stamped as when State.racy was found: a file racy now was racy then (the window only
            # moves on), so only those are looked at, not every mtime (2 ms at 100,000 stories)
            stamped = scan.digest()
            files = racy.listing(os.path.realpath(self.config.path("content")) + os.sep, listed,
                                 recent=stamped != state.racy_scan)
            others = self.others_digest()
            try:   # its bytes: a build that finds nothing changed reads no line of it (parse_ledger)
                self._ledger = read_ledger(self.config.path("content"), self.config.paths.content.rstrip("/"))
            except LedgerError as exc:
                result.errors.append(str(exc))
                return
            # saved with the rows these stamps make
            self.cache.state = replace(state, racy=racy.kept, racy_scan=stamped)
            scan = scan if files is listed else Scan.of(files)
            inputs = digest(VERSION, others, scan.digest())
            # a misnamed file is left out, said by every build, unchanged or not; the rest is built (one
            # such name stopped every story's edit, review49e), unless --strict: all or nothing
            misnamed = [not_utf8_message(f"{self.config.paths.content}/{rel}") for rel in self._misnamed]
            if self.options.strict:
                result.errors += misnamed
            else:
                result.later += misnamed
            if not self._misnamed and self.nothing_changed(inputs, now):
                self._racy_settled(racy, result)
                self.report_unchanged(result, now)
                self.apply_strict(result)
            else:
                try:   # a hand edit gone wrong: said with its line, never guessed at (ledger.py)
                    self._ledger = parse_ledger(self._ledger, self.config.paths.content.rstrip("/"))
                except LedgerError as exc:
                    result.errors.append(str(exc))
                    return
                refuse_held_mounts(self.output, self._spare())  # before the spare's sync writes into either
                clean_set_aside(self._spare())   # before the sync, which may set the spare aside anew
                sync = SpareSync(self.output, self._spare())  # meanwhile, in another process
                try:
                    self.load_and_write(files, scan, others, inputs, now, result, sync)
                except KeyboardInterrupt:   # a stop: the spare's sync is not waited for (2 s of a watch's
                    sync.cancel()           # Ctrl-C at 1,500 stories); the next build compares it whole
                    raise
                finally:
                    sync.close()
                    self.cache.settle()  # the rows being encoded aside, if the build ended before its save

    def load_and_write(self, files: Listing, scan: Scan, others: str, inputs: str,
                       now: datetime, result: BuildResult, sync: SpareSync) -> None:
        # A first build loads its templates (Jinja's import, their closure, compiling them) while
        # the articles are parsed in other processes: nothing of either waits for the other.
        first = self._theme is None and not self.cache.state.output_count() and self._workers(SERIAL_BELOW) > 1
        paths, changed, new = self.load_articles(files, scan, result,
                                                 (lambda: self._load_renderer(others)) if first else None)
        caps = self.config.build
        noted = self.read_articles(self.cache.noted(caps.max_tags, caps.max_authors), cap=False)
        if result.unread:  # a file that no longer parses: the cache's row is its last good version's (kept
            noted = {rel: art for rel, art in noted.items() if rel not in result.unread}  # as it was, unwarned)
        changed = self.cap_names(noted, changed, result)
        result.warnings += self._content_warnings(noted)
        self.apply_strict(result)
        if not result.ok:
            return
        if self.cache.pending >= SERIAL_BELOW and not self.options.defer_cache:
            self.cache.prepare_rows_aside()  # a cold build's rows, encoded on the core planning leaves idle
        # What exists now (articles, templates, the renderer's modules) lives until the build ends:
        # frozen, the collector's next pass does not walk it. A cold 1,000-article build's first
        # pass since it started came while planning: ~50,000 young objects walked, 9 ms of CPU
        # with the other core idle. render_pages freezes again (the plan); _few_collections undoes it.
        gc.freeze()
        articles: list[Article] = []  # read only when the site is planned again
        # a story kept as last read has no body to show: every page is compared with what public/ holds
        plan = None if new or result.unread else self.replan(changed, len(files), others, now, result)
        if plan is None:
            articles, plan = self._full_plan(paths, now, result)
            if plan.site is not None:  # only a new plan changes the site's tags, authors and sections
                layout = self._saved_layout()  # decoded once for both notes (12.6 MB at 100,000 articles)
                result.notes += self._gone_listings(plan.site, layout)
                result.moved(moved_by_rules(self.config, plan.site, self._last_addresses(layout), changed,
                                            self._last_wrote(), self.cache.older_digests))
        if result.unread:  # the next build reads them again, whatever else it finds unchanged (those the
            inputs = digest(inputs, "unread", *sorted(result.unread))   # plan left out too)
        if plan.site is None:
            return
        if changed:
            result.moved(moved_addresses(self.config, plan.site, changed, self._last_wrote()))
        result.ahead = plan.site.ahead
        found = self._site_warnings(plan.site)
        result.warnings += found
        if self.options.strict and found:
            result.errors += strict_errors(found)
        if result.ok:
            until = self.last.until if plan.todo is not None else valid_until(articles, plan.site, now)
            failed = self.render_and_write(plan, result, (inputs, others), until, sync)
            if failed is not None:   # stories whose pictures cannot be used: left out, the rest published
                self._leave_out(failed, paths, (inputs, others), now, result, sync)

    def _leave_out(self, pictures: images.ImageSet, paths: list[str], inputs: tuple[str, str], now: datetime,
                   result: BuildResult, sync: SpareSync) -> None:
        """Stories whose pictures cannot be used, as story files that cannot be read (BuildResult.unread):
        left out until fixed, the rest planned again and published, the next build planning anew. One
        half-copied photo stopped every story, a breaking one too, where a story that does not parse
        holds only itself (review44f). Each error said, the first of a story's as its unread one."""
        more = []
        for rel, errors in pictures.failed.items():
            result.unread[rel] = errors[0]
            more += errors[1:]
        articles, plan = self._full_plan([p for p in paths if p not in pictures.failed], now, result)
        if plan.site is not None and result.ok:
            inputs = (digest(inputs[0], "unread", *sorted(result.unread)), inputs[1])
            self.render_and_write(plan, result, inputs, valid_until(articles, plan.site, now), sync, hold=False)
        result.errors += [f"{e} ({UNREAD_LEFT_OUT})" if result.published else e for e in more]
        for error, source in pictures.unreadable.items():   # a watcher builds again once it is whole
            result.unreadable_pictures[error] = result.unreadable_pictures[f"{error} ({UNREAD_LEFT_OUT})"] = source

    def _content_warnings(self, noted: dict[str, Article]) -> list[str]:
        """The articles' own warnings, and one a file in content/ that looks like an article but is
        not read (x.MD, x.markdown, _x.md, #x.md)."""
        content, seeds, root = self.config.paths.content, self.config.paths.seeds, self.config.paths.root
        unread = [rel for rel, *_ in self._pictures if rel.endswith(UNREAD_SUFFIXES)]
        # a seed in a seeds folder set inside content/ ([paths] seeds = "content/seeds") is where it belongs
        inside = _seeds_inside(self.config) if any(rel.endswith(SEED_SUFFIXES) for rel in unread) else None
        return ([f"{content}/{w}" for a in noted.values() for w in a.warnings]
                + [f"{content}/{unread_warning(rel, seeds, root)}" for rel in unread
                   if not (inside is not None and rel.endswith(SEED_SUFFIXES) and _under(rel, inside))]
                + self._private_warnings())

    def _private_warnings(self) -> list[str]:
        """One warning a private article file (private_warning), and one for a content folder that
        is not there (_no_content_warning): said by every build, one that finds nothing changed too,
        as neither is in the inputs' digest (see scan)."""
        return ([f"{self.config.paths.content}/{private_warning(rel)}" for rel in self._private]
                + ([] if self.config.path("content").is_dir() else [_no_content_warning(self.config)]))

    def _full_plan(self, paths: list[str], now: datetime, result: BuildResult) -> tuple[list[Article], Plan]:
        """Every article read (from the cache) and the site planned from scratch; an article that
        cannot be read is an error (no site planned). A story kept as last read (result.unread_kept)
        whose old row the plan or its pictures fault (an address another story now takes, a picture
        since deleted) is left out and the site planned again without it, as a clean build plans it:
        its row says what the file no longer does, so it may neither stop the rest nor be blamed."""
        try:
            found = self.read_articles(paths)
        except ContentError as exc:
            result.errors.append(str(exc))
            return [], Plan(None)
        stale = self._stale_kept(result.unread_kept, found)
        keep: dict[str, str] = {}
        while True:
            said = len(result.errors)
            articles = [found[p] for p in paths]
            plan = self.plan(articles, now, result, stale)
            faulty, plan = self._kept_at_fault(plan, result.unread_kept, stale)
            if not faulty and plan.alone and not self.options.strict:   # --strict: all or nothing, as for a parse
                del result.errors[said:]     # each such story left out as one that cannot be read, the rest planned
                result.unread.update(plan.alone)
                result.unread_kept -= plan.alone.keys()
                paths = [p for p in paths if p not in plan.alone]
                continue
            if not faulty and (apart := self._kept_apart(plan.site, result.unread_kept)):
                keep.update(self._own_pages(plan.site, apart))   # planned again without them (Plan.keep)
                result.unread_kept -= apart
                result.unread_apart |= apart
                paths = [p for p in paths if p not in apart]
                continue
            if not faulty:
                plan = replace(plan, keep=keep) if keep else plan
                return articles, replace(plan, articles=tuple(articles)) if result.unread_kept else plan
            del result.errors[said:]
            result.unread_kept -= faulty
            paths = [p for p in paths if p not in faulty]

    def _kept_apart(self, site: Site | None, kept: set[str]) -> set[str]:
        """The stories kept as last read to plan without (all of them), when a story the last plan
        published is not published now (deleted, drafted, dated ahead), or a kept story is not
        where the last plan published it (a new permalink; left out by the build before, for
        this): its page needs the text the cache does not hold (rf44k: nothing was published until
        the fix). Else a page that shows a
        kept story needs its text, which the cache does not hold, so it stayed as last built,
        showing the withdrawn story, while the other pages of its list came from the plan with the
        kept story (rf44k: a story on the front page and page 2; a deleted story's full text in a
        tag feed whose other story was kept). Planned without them, every page is a clean build's;
        only their own pages stay, as last built (_own_pages)."""
        if not kept or site is None:
            return set()
        last = self._last_addresses()
        moved = any(last.get(site.urls[i]) != a.path for i, a in enumerate(site.articles) if a.path in kept)
        return set(kept) if moved or set(last.values()) - set(_paths(site.articles)) else set()

    def _own_pages(self, site: Site, apart: set[str]) -> dict[str, str]:
        """The pages of the stories planned without (_kept_apart) that public/ holds as the last build
        left them at the same address: kept there (output -> WITHOUT_KEPT, so the build after the fix
        renders them again, and each build before it plans without the story too)."""
        state, found = self.cache.state, {}
        for i, art in enumerate(site.articles):
            out = output_path(site.urls[i])
            if art.path in apart and state.entry(out) is not None and (self.output / out).is_file():
                found[out] = WITHOUT_KEPT
        return found

    def _stale_kept(self, kept: set[str], found: dict[str, Article]) -> set[str]:
        """The stories kept as last read whose file no longer says the address their row gives
        (content.still_claims: a new slug, day, edition, section or aliases): those a clash may drop.
        One whose file still says it keeps it, and a newcomer claiming it is told to move, as a clean
        build tells it once the story is fixed (rf44k: the newcomer took the live page, and the
        fixed story was then told to move). A file that cannot be read again is taken as the same."""
        if not kept:
            return set()
        stale, address = set(), self._address(found)
        for rel in kept:
            try:
                text = (self.config.path("content") / rel).read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if not still_claims(found[rel], text, self.config.tz, address, self.config.site.language):
                stale.add(rel)
        return stale

    def _address(self, found: dict[str, Article]) -> Callable[[Article], str]:
        """A story's address as the plan makes it (site.article_url) among the stories `found`: its
        row's, or, as its file says it now, with the editions the languages then make (a story
        turned German on a site with editions = true may make the de edition)."""
        config, then = self.config, edition_languages(self.config, list(found.values()))

        def address(art: Article) -> str:
            if art.language == found[art.path].language:
                return article_url(config, art, then)
            now = [art if path == art.path else other for path, other in found.items()]
            return article_url(config, art, edition_languages(config, now))
        return address

    def _kept_at_fault(self, plan: Plan, kept: set[str], stale: set[str]) -> tuple[set[str], Plan]:
        """The stories kept as last read that the plan's errors name (Plan.blamed) and whose files
        no longer say what their rows do (`stale`) or, when it stands, whose pictures are errors;
        and the plan, with kept stories its pictures collected here (Plan.pictures), before
        anything is rendered."""
        if not kept:
            return set(), plan
        if plan.site is None:
            return stale & plan.blamed, plan
        from . import images
        pictures = images.collect(self.config, plan.site.articles, self._workers(SERIAL_BELOW), self.options.progress)
        return kept & set(pictures.failed), replace(plan, pictures=pictures)

    def _last_owner(self, kept: set[str]) -> Callable[[str], str | None]:
        """The content file the last build published at an address (its plan: this process's, or
        the one the cache saved), read only when two stories claim one: that one is live, the other
        is asked to move (a story written late and backdated is the older by date, yet the new one).
        Never a story `kept` as last read whose file claims that address no more (_stale_kept)."""
        owners: list[dict[str, str]] = []

        def owner(url: str) -> str | None:
            if not owners:
                owners.append(self._last_addresses())
            found = owners[0].get(url)
            return None if found in kept else found
        return owner

    def _served(self) -> Callable[[str], bool]:
        """Whether a file under public/ that no page of the plan is stays served (a body link to it
        is no broken link): the search's files, and what is there that sitegen did not write (the
        user's: "not mine") or wrote and writes again (pictures, static files), not a page it
        wrote that this plan has not. Asked only for a link that misses the plan: a stat, and the
        output record read at the first question."""
        owned: list[set[str]] = []

        def served(rel: str) -> bool:
            from .search import BUNDLE  # see _search_intact
            if rel.startswith(BUNDLE + "/"):
                return True
            if root_file(self.config, rel):
                return True   # root/'s: published at the root by every build (a clash with a page is an error)
            if not is_file(self.output / rel):
                return False
            if not owned:
                record = read_record(self.output)
                owned.append(record.owned if record is not None else set())
            return rel not in owned[0] or not rel.endswith((".html", ".xml", ".json", ".txt"))
        return served

    def _shows_picture(self, art: Article, href: str) -> bool:
        """Whether a body link names a picture its story shows (see site_link_warnings)."""
        from .images import own_picture_links
        return bool(own_picture_links(self.config, art, (href,)))

    def _last_addresses(self, layout: dict | None = None) -> dict[str, str]:
        """`layout`: the cache's saved plan's, when already decoded (see _saved_layout)."""
        if self.last is not None:
            return dict(zip(self.last.site.urls, _paths(self.last.site.articles)))
        return self.cache.saved_addresses(layout)  # the first build after an upgrade: the older sitegen's plan

    def _saved_layout(self) -> dict | None:
        """The layout of the plan the cache saved, when this process has no plan of its own (None:
        it has one, or the cache holds none); another sitegen's after an upgrade, for the notes only."""
        if self.last is not None:
            return None
        saved = self.cache.saved_plan(self.cache.state.inputs)
        return saved[0] if saved is not None else self.cache.older_layout()

    def _last_wrote(self) -> Callable[[str], bool]:
        """Whether the last build wrote the page at a URL (its output record, read at the first
        question: only a build that moved a story asks)."""
        owned: list[set[str]] = []

        def wrote(url: str) -> bool:
            if not owned:
                record = read_record(self.output)
                owned.append(record.owned if record is not None else set())
            return output_path(url) in owned[0]
        return wrote

    def _gone_listings(self, site: Site, layout: dict | None) -> list[str]:
        """A note for each tag, author or section page the last build wrote that this plan has not
        (site.gone_listings), from the last plan: this process's, else the cache's (`layout`)."""
        if self.last is not None:
            last, paths = self.last.site, _paths(self.last.site.articles)
            terms = {table: getattr(last, table) for table, *_ in LISTINGS}
        elif (saved := _saved_listings(layout)) is not None:
            terms, paths = saved
        else:
            return []
        return gone_listings(self.config, site, terms, paths, self._last_wrote())

    def _site_warnings(self, site: Site) -> list[str]:
        """What planning found (e.g. a section site.toml does not list) and the theme's missing
        translations, each naming its file."""
        found = [w if w.startswith((self.config.file, AUTHORS_FILE)) else f"{self.config.paths.content}/{w}"
                 for w in with_link_lines(self.config, site.warnings)]
        from .i18n import catalog_warnings  # not before the parse child forks (see _load_renderer)
        from .seo import unsearchable
        searched = self.config.search.enabled and site.edition_of
        return (found + catalog_warnings(self.config.template_dirs(), interface_languages(site))
                + (unsearchable(self.config, site, *self._shards_of(site)) if searched else []))

    def _shards_of(self, site: Site) -> tuple[Sequence, list]:
        """The site's articles' heads (date, and the language each is indexed under: search.indexed)
        and its search shards (search.shards), planned once for the plan's site: the editions'
        warning and _index both need them (~0.25 s at 100,000 stories). Kept with the site itself,
        which a later plan replaces."""
        if self._shards is None or self._shards[0] is not site:
            from .search import indexed, shards
            heads = indexed(self._heads(site.articles), site.edition, self.config.site.language)
            self._shards = (site, (heads, shards(heads, self.config.tz)))
        return self._shards[1]

    def _load_renderer(self, others: str) -> None:
        """What rendering needs before the workers fork, loaded while the articles are parsed in
        another process (a first build): the renderer's imports (see preload), the templates,
        compiled, the site language's dates and interface words (else loaded by _warm, after
        planning, with every core but one idle) and what forking the render workers imports."""
        from .i18n import preload as i18n_preload  # here, beside the parse: render imports it anyway
        self.theme(others).preload()
        i18n_preload(self.config.template_dirs(), self.config.site.language)
        import multiprocessing.popen_fork, multiprocessing.queues  # noqa: F401, E401 - _render_parallel's (4 ms)
        # and what render_and_write and its stage import, else between planning and the fork (1 ms)
        import multiprocessing.synchronize, secrets  # noqa: F401, E401 - _SharedInts' lock, the record's token
        from . import assets  # noqa: F401

    def warm(self) -> None:
        """What a watcher's first rebuild loads that a first build finding nothing changed did not
        (_load_renderer's part, and the render path's other imports): loaded once the site is quiet
        (watch.DeferredWarm), or the first save paid for it. Only a head start: a failure (a broken
        template) is left to the build, which reports it."""
        self._load_renderer(self.others_digest())
        from . import feeds, images, sitemaps, write  # noqa: F401 - render_and_write's and the pages'

    # Steps ------------------------------------------------------------------------------------
    def scan(self, hint: Iterable[str] | None) -> Listing:
        root = self.config.path("content")
        if hint is None or self._files is None:  # one walk finds articles and pictures (see others_digest)
            self._files = None   # a scan that fails leaves none to patch: the next build scans all again
            try:
                found, pictures = self._scanned() or scan_two(root, ".md", CONTENT_ALSO)
            except PermissionError as exc:   # its stories unseen, not deleted: no build, public/ as it was
                raise self._unreadable(exc) from None
            pictures = self._named(pictures)  # (the articles' names: see _build)
            self._files = found  # made a dict only when a watcher's hint first needs one
            # x.MD, x.markdown: in the inputs' digest with the pictures, so adding one is a build that says so
            # a private file (_notes.md) is not: saved, it would have planned and rendered the whole site again
            self._pictures = [(rel, *stamp_of(st)) for rel, st in pictures if not is_private(rel)]
            self._private = [rel for rel in pictures.names if is_private(rel)]
            return found
        files = self._files = self._files if isinstance(self._files, dict) else dict(self._files)
        for rel in hint:
            if is_private(rel) and not _skipped_folder(rel):  # saved or deleted under watch: its warning follows it
                self._private = sorted({*self._private, rel} if (root / rel).is_file() else set(self._private) - {rel})
            st = stat_content(root, rel)
            if st is None:
                files.pop(rel, None)
            else:
                files[rel] = st
        return Listing.of(files.items())

    def listed(self, rel: str) -> Stamp | None:
        """The content file `rel` as the last scan listed it (None: not listed, or no scan kept)."""
        files = self._files
        if files is None:
            return None
        if isinstance(files, dict):
            return files.get(rel)
        at = bisect.bisect_left(files.names, rel)
        return files[at][1] if at < len(files.names) and files.names[at] == rel else None

    def _unreadable(self, exc: PermissionError, taken: str = "its stories for deleted") -> PermissionError:
        """The scan's error, naming the folder (or file) by its path from the site's folder (content/,
        static/, templates/; the default theme's by its full path)."""
        root = self.config.path("content")
        where = exc.filename or str(root)
        rel = os.path.relpath(where, self.config.root).replace(os.sep, "/")
        shown = where if rel.startswith("../") else rel
        return PermissionError(exc.errno, f"{shown}{'/' if os.path.isdir(where) else ''}: cannot be "
                               f"read ({exc.strerror}), so the build stopped rather than take {taken}; the "
                               "site was left as it was")

    def _named(self, listing: Listing) -> Listing:
        """The listing without the files whose names are not UTF-8 (config.utf8_name), each kept
        in self._misnamed for its error: cache, pages and messages all failed on such a name with
        a traceback."""
        if not _not_utf8("\0".join(listing.names).encode("utf-8", "surrogatepass")):
            return listing
        bad = [rel for rel in listing.names if not utf8_name(rel)]
        self._misnamed = sorted({*self._misnamed, *bad})
        return Listing.of(item for item in listing if utf8_name(item[0]))

    def _scanned(self) -> tuple[Listing, Listing] | None:
        """The early scan's listings, if one ran and ended well (else None: scanned here)."""
        early, self._early = self._early, None
        data = early.close() if early is not None else None
        try:
            return unpacked_scan(data) if data is not None else None
        except (ValueError, EOFError, TypeError):
            return None

    def others_digest(self) -> str:
        """Everything but content: templates (partials too) and static files by stat (content.Stamp),
        config, options."""
        try:
            rooted = self.config.path("root")   # root/'s files, its .well-known/ too (hidden: scan_files skips it)
            others = [self._sure(d, [(rel, *stamp_of(st)) for rel, st in scan_files(d, private=True)])
                      for d in (*self.config.template_dirs(), rooted, rooted / ".well-known", self.config.path("static"))]
        except PermissionError as exc:  # a template or static file unseen is not one deleted: no build
            raise self._unreadable(exc, "its files for deleted") from None
        self._static = others[-1]
        others.append(self._static_links())
        # pictures in content/, by stat: a replaced picture rebuilds the pages showing it
        # the config without its root: `--root .` and `--root /srv/news` are one site, not a new config
        self._own = own_files(self.output)   # _headers' (rf46a): one put in public/static/ renders it again
        pictures = self._sure(self.config.path("content"), self._pictures)
        return digest(replace(self.config, root="."), _config_lines(self.config), self.options.drafts, self.options.future, others, pictures,
                      *([self._own] if self._own else []), *(["stable assets"] if self.options.stable_assets else []))

    def _sure(self, folder: Path, rows: list[tuple]) -> list[tuple]:
        """Rows of (path under `folder`, *stamp) with each stamp as the racy-clean rule has it
        (content.Racy): only a racy file, or one the last build found racy, is read."""
        racy = self._racy or Racy(self.cache.state.racy, time.time_ns())  # (warm(): its kept are not saved)
        root, at, known = os.path.realpath(folder) + os.sep, racy.since - RACY_NS, racy.known  # (`--root .` or not)
        return [(row[0], *racy.sure(root + row[0], row[1:])) if row[1] >= at or root + row[0] in known else row
                for row in rows]

    def _smudged(self, sources: dict[str, tuple[int, ...]]) -> dict[str, tuple[int, ...]]:
        """The stamps of the pictures no scan lists (state.sources), a racy one (content.Racy) kept as
        no stat gives it: git's plain rule, as these are few, and a picture's digest is the image
        stage's (images.Sources): the next build plans again and sees whether its bytes changed."""
        at = (self._racy.since if self._racy else time.time_ns()) - RACY_NS
        return {path: (stamp[0], stamp[1], -1, stamp[3]) if stamp[0] >= at else stamp for path, stamp in sources.items()}

    def _racy_settled(self, racy: Racy, result: BuildResult) -> None:
        """A build that found nothing changed saves the racy files it found trusted by their stamps
        again (older than the window, their bytes as read), so later builds do not read them."""
        if racy.kept != racy.known and not self.options.defer_cache:  # (watch/serve: saved when idle)
            self.save_cache(result.warnings)

    def _static_links(self) -> list[tuple[str, str]]:
        """The linked folders static/ (and templates/static/) and root/ publish, each with where it leads: the scan above
        enters a folder once, so a link to one added or removed changed nothing it lists (rf47k, rf48c 1). root/'s are
        named from the site's folder (static/'s as before: a site without links in root/ keeps its digest)."""
        from . import assets  # the no-change build imports no more than it needs
        rooted = self.config.path("root")
        return [(f"{self.config.paths.root.rstrip('/')}/{rel}", real) if d == rooted else (rel, real)
                for d, links in assets.published_links(self.config) for rel, real in links]

    @contextmanager
    def _checking_outputs(self) -> Iterator[None]:
        """self._intact() says whether public/ is as the last build left it: asked for by the
        no-change check and by a new process about to use the saved plan; stat()ing 20,000 outputs
        once is enough. A new process with many outputs always asks, so a forked child stats them
        from the first while this process scans content/ on the other core (a thread gained
        nothing: both loops hold the GIL), and this process from the last once its scan is done,
        until the two meet (aside.BothEnds); a check nobody asked for is killed with the build
        (and its lock)."""
        state, output = self.cache.state, str(self.output)
        checking = None
        if self.last is None and state.counts[1] >= CHECK_ASIDE and state.output_count():
            from .aside import BothEnds
            checking = BothEnds(*state.intact_runs(output, CHECK_CHUNK))
            self._intact = lru_cache(maxsize=1)(checking.all)
        else:
            self._intact = lru_cache(maxsize=1)(partial(state.outputs_intact, output))
        try:
            yield
        finally:
            if checking is not None:
                checking.cancel()

    def nothing_changed(self, inputs: str, now: datetime) -> bool:
        state = self.cache.state
        return (state.inputs == inputs and state.ledger == self._ledger.digest
                and (state.valid_until is None or now < state.valid_until)
                and (state.built_at is None or now >= state.built_at) and self._sources_same()
                and self._intact() and self._search_intact())

    def _sources_same(self) -> bool:
        """Every picture the last build read that no scan lists (state.sources) is as it was then:
        one replaced or deleted in content/_media/ or .attachments/ was published but never seen
        to change (review42c)."""
        for path, stamp in self.cache.state.sources.items():
            try:
                if stamp_of(os.stat(path)) != stamp:
                    return False
            except OSError:
                return False
        return True

    def _unlisted(self, read: dict[str, tuple[int, ...]]) -> dict[str, tuple[int, ...]]:
        """The sources of `read` (the image stage's: real path -> stamp) that neither the scan of
        content/ nor that of static/ lists, whose stats the inputs' digest therefore lacks."""
        if not read:
            return {}
        listed = [(str(self.config.path(name).resolve()) + os.sep, {row[0] for row in rows})
                  for name, rows in (("content", self._pictures), ("static", self._static))]
        return {path: stamp for path, stamp in read.items()
                if not any(path.startswith(root) and path[len(root):].replace(os.sep, "/") in names
                           for root, names in listed)}

    def _search_intact(self) -> bool:
        """Every search shard indexed and in place (a killed or deferred index run is redone). Only
        each shard's top files and folders are stat()ed here: every file (_index) would be a stat a
        page, ~0.6 s more at 100,000 articles, where this whole build takes 0.4 s."""
        if not self.config.search.enabled or not self.options.search:
            return True
        from .search import BUNDLE  # not before: it imports subprocess, a no-change build's 5% of wall
        shards = self.cache.state.search
        return bool(shards) and all(record and (self.output / BUNDLE / key / "pagefind-entry.json").is_file()
                                    and not self._bundle_changed(key, every=False) for key, record in shards.items())

    def _bundle_changed(self, key: str, every: bool = True, fragments: bool = True) -> bool:
        """A shard's index files in public/ are not as the last build left them (search.stamp): a
        file damaged, deleted or added since. `every` file (fragment/'s only with `fragments`: a
        stat a page, 0.3-0.7 s at 100,000 stories) is stat()ed where the record has their
        digests (an older sitegen's has not), else only the top files and folders are: they miss a
        file rewritten in place. The digests that hold are kept for _stamps."""
        from .search import stamp
        known = self.cache.state.search_files.get(key)
        if not known:
            return False
        if not (every and known.count(".") == 2):
            return known.partition(".")[0] != stamp(self.output, key)
        want = known if fragments else known.rpartition(".")[0]
        if stamp(self.output, key, every=True, fragments=fragments) != want:
            return True
        self._seen[key] = known.partition(".")[2]
        return False

    def _stamps(self, shards: dict[str, str]) -> dict[str, str]:
        """Each shard's search.stamp() in public/ as this build leaves it, every file's digest
        included (after the switch: the folders are the spare's now, their mtimes new). A shard
        _index found intact and did not index keeps the digest it checked: the switch brings in
        the spare's links to the same files (same names, sizes and mtimes), and stat()ing each
        file again would double the check's cost (~6 us a file, ~0.6 s at 100,000 stories)."""
        seen, self._seen = self._seen, {}
        if not shards:
            return {}
        from .search import stamp
        return {key: (f"{stamp(self.output, key)}.{seen[key]}" if key in seen else stamp(self.output, key, every=True))
                for key in shards}

    def report_unchanged(self, result: BuildResult, now: datetime) -> None:
        state = self.cache.state
        result.articles, result.pages = state.counts
        result.left_out, result.unchanged = dict(state.left_out), state.counts[1]
        result.ahead = state.ahead
        said = at_clock(self.config, (w for w in state.warnings if not is_private_warning(w)
                                      and w != _no_content_warning(self.config)), state.built_at, now)
        result.warnings = said + self._private_warnings()

    def cap_names(self, noted: dict[str, Article], changed: dict[str, tuple[Article | None, Article]],
                  result: BuildResult) -> dict[str, tuple[Article | None, Article]]:
        """At most [build] max_tags tags and max_authors authors an article: each tag and each author
        gets pages and feeds listing the article's tags and byline, so an unbounded list would make
        the output grow with its square (4,000 pasted authors made 3.5 GB, review49e).
        `noted`: the articles with warnings or too many names, as parsed; read_articles caps the rest."""
        build = self.config.build
        for art in noted.values():
            for noun, names, cap, key in (("tags", art.tags, build.max_tags, "max_tags"),
                                          ("authors", art.authors, build.max_authors, "max_authors")):
                if len(names) > cap:
                    where = front_line(self.config, art, noun, exact=noun == "tags")   # 'author:' too
                    result.warnings.append(f"{self.config.paths.content}/{where}: {len(names)} {noun}, more than "
                                           f"[build] {key} = {cap}; only the first {cap} are used")
        return {rel: (self._capped(b), self._capped(a)) for rel, (b, a) in changed.items()}

    def _capped(self, art: Article | None) -> Article | None:
        tags, authors = self.config.build.max_tags, self.config.build.max_authors
        if art is None or (len(art.tags) <= tags and len(art.authors) <= authors):
            return art
        return replace(art, tags=art.tags[:tags], authors=art.authors[:authors])

    def apply_strict(self, result: BuildResult) -> None:
        """--strict: every warning is an error, found before anything is written."""
        if self.options.strict and result.warnings:
            result.errors += strict_errors(result.warnings)

    def load_articles(self, files: Listing, scan: Scan, result: BuildResult, meanwhile: Callable[[], None] | None = None
                      ) -> tuple[list[str], dict[str, tuple[Article | None, Article]], bool]:
        """Parse the files the cache does not hold as they are now; the paths of every article
        (read by read_articles when needed), what changed (path -> (before, after)), and whether a
        file the last good plan did not have is left out of it (the site is then planned anew)."""
        root, cache = self.config.path("content"), self.cache
        todo, same_files = cache.changed_files(scan, files)
        # a first build's parse child writes the rows of what it parses while it has the bodies
        rows = SideRows(cache.folder) if meanwhile is not None and not self.options.defer_cache else None
        parsed = parse_files(root, [rel for rel, _ in todo], self.config, self._workers(len(todo) // 4), meanwhile, rows)
        result.unread_at = len(result.errors)
        stats, changed = dict(todo if same_files else files), {}
        before = cache.rows([rel for rel, outcome in parsed.items() if not isinstance(outcome, str)])
        for rel, outcome in parsed.items():
            if isinstance(outcome, str) and self.options.strict:  # all or nothing: CI's choice
                result.errors.append(f"{self.config.paths.content}/{outcome}")
            elif isinstance(outcome, str):
                result.unread[rel] = f"{self.config.paths.content}/{outcome}"
            else:
                changed[rel] = (before.get(rel), outcome)
                cache.remember(rel, stats[rel], outcome)
        if rows is not None and rows.written:
            cache.adopt_rows(rows.written, rows.unsaveable)
        if not same_files:  # else no file left content/
            cache.forget_except(set(stats))
        failed = {rel for rel, outcome in parsed.items() if isinstance(outcome, str)}  # not in the cache
        cache.observe(None if failed else scan)
        if result.unread:  # one read before keeps that row: its last good version (not a LeftOut's)
            keepable = sorted(rel for rel in result.unread if not isinstance(parsed[rel], LeftOut))
            result.unread_kept = set(cache.rows(keepable))
            failed -= result.unread_kept
        paths = [rel for rel, _ in files if rel not in failed] if failed else scan.paths()
        return (paths, *self._since_good_plan(changed, paths, result))

    def _since_good_plan(self, changed: dict[str, tuple[Article | None, Article]], paths: list[str],
                         result: BuildResult) -> tuple[dict[str, tuple[Article | None, Article]], bool]:
        """`changed` counted from the last good plan, which the next build plans from: a build that
        failed since remembered its rows but kept no plan, so each path it changed is still changed,
        from the article as that plan had it (cache.unsettled); else the next edit of another story
        reused that plan with those rows (one story's new title on the front page, its own page old).
        A path that plan did not have is left out, not read (the site is planned anew, reading it
        then): after a failed first build, that was every story read twice by every build."""
        earlier = dict(self.cache.unsettled())
        if self.last is not None or self.cache.state.inputs:  # else no good plan: the next build plans anew too
            self.cache.unsettle({rel: before for rel, (before, _) in changed.items()})
        if not earlier:
            return changed, False
        present = set(paths)
        rest = [rel for rel in earlier if rel in present and rel not in changed]
        new = any(earlier[rel] is None for rel in rest)
        rest = [rel for rel in rest if earlier[rel] is not None]
        try:
            now = self.read_articles(rest, cap=False)
        except ContentError as exc:
            result.errors.append(str(exc))
            return changed, new
        return {**{rel: (earlier.get(rel, before), after) for rel, (before, after) in changed.items()},
                **{rel: (earlier[rel], now[rel]) for rel in rest}}, new

    def read_articles(self, paths: list[str], cap: bool = True) -> dict[str, Article]:
        """Articles from the cache (a row it cannot read is parsed again), capped to max_tags and max_authors."""
        found = self.cache.rows(paths)
        lost = [p for p in paths if p not in found]
        if lost:
            root = self.config.path("content")
            for rel, outcome in _parse_chunk(root, self.config.tz, self.config.site.language, lost,
                                             origin=site_origin(self.config.site.base_url),
                                             shown=self.config.paths.content.rstrip("/")).items():
                if isinstance(outcome, str):  # changed since this build scanned it: the next build says so
                    raise ContentError(f"{self.config.paths.content}/{outcome}")
                found[rel] = outcome
        return {p: self._capped(a) for p, a in found.items()} if cap else found

    def plan(self, articles: list[Article], now: datetime, result: BuildResult, stale: set[str] = frozenset()) -> Plan:
        """`stale`: stories kept as last read whose files claim their addresses no more (_stale_kept)."""
        try:
            self.case_blind = folds_case(self.output)   # once a plan: the disk may be another by the next build
            site = build_site(self.config, articles, now, drafts=self.options.drafts, future=self.options.future,
                              held=self._last_owner(stale), served=self._served(), case_blind=self.case_blind,
                              pictured=self._shows_picture, ledger=self._ledger.entries)
        except (SiteError, ContentError) as exc:
            result.errors.append(str(exc))
            if isinstance(exc, SiteError):
                return Plan(None, blamed=exc.paths, alone=exc.alone)
            return Plan(None, blamed=frozenset({exc.path}))
        result.articles, result.pages, result.left_out = len(site.articles), len(site.pages), site.left_out
        return Plan(site)

    def replan(self, changed: dict[str, tuple[Article | None, Article]], count: int, others: str, now: datetime,
               result: BuildResult) -> Plan | None:
        """The dependency graph's short cut: when only article bodies changed, the last plan stands
        and only the pages showing those bodies get new fingerprints. Outputs that are no longer as
        the last build left them (touched, edited by hand, deleted) are made again from it too.
        None: plan from scratch."""
        # A watcher's own last plan describes public/ unless someone else wrote there: only a new
        # process, or a build here for no other reason, asks which outputs were touched.
        damaged = self._damaged() if self.last is None or not changed else []
        if damaged is None or not (changed or damaged):  # many damaged, or the clock moved on
            return None
        if self.cache.state.ledger != self._ledger.digest:   # content/.sitegen-published edited (or pulled)
            return None
        if self.last is None:  # a new process: the last build's saved plan
            self.last = LastPlan.restore(self.cache, self.config, self.read_articles)
        last = self.last
        if last is None or last.partial:
            return None
        shows = self.theme(others).shows
        shown = (self.config.build.words_per_minute, "words" in shows, "lede" in shows, "reading time" in shows)
        if not _plan_stands(last, changed, count, others, now, shown) or \
                _lines_moved(last.site, changed, self.config.paths.content):
            return None
        touched = [last.index[rel] for rel in changed if rel in last.index]
        site = replace(last.site, articles=_with_changes(last.site.articles, changed, touched), now=now,
                       warnings=tuple(at_clock(self.config, last.site.warnings, last.site.now, now)))
        result.articles, result.pages, result.left_out = len(site.articles), len(site.pages), site.left_out
        fingerprints = _Prints(last.fingerprints)
        from . import images  # Pillow's side: only a build that renders
        pictures = images.collect(self.config, self._pictured(site.articles), self._workers(SERIAL_BELOW),
                                  self.options.progress, _paths(site.articles))
        prints = Fingerprints(site, self.config, last.assets, self.memo, self.theme(others), pictures)
        try:  # a restored plan's pages (and what they show) are read here: one that cannot be read is planned again
            todo = _changed_pages(last, touched, prints, fingerprints)
            again = {*damaged, *self.cache.state.printed(OVERSIZE)} - {page.output for page in todo}  # warned again
            pages = _pages_at(last.site.pages, again)
            if isinstance(last.site.pages, SavedPages):  # views' kept_editions reads every row, here where a damaged one plans again
                last.site.pages.editions_of("feed")
        except ValueError:
            self.last = None
            return None
        # what is left of `again` are static files and pictures: staged afresh by every build anyway
        return Plan(site, fingerprints, todo + pages, pictures, tuple(sorted(again - {p.output for p in pages})))

    def _damaged(self) -> list[str] | None:
        """The outputs public/ no longer holds as the last build left them, or None when that is
        more than a twentieth of them (a full plan then costs little more than making them again)."""
        if self._intact():
            return []
        state = self.cache.state
        return state.damaged_outputs(str(self.output), max(DAMAGED_MAX, state.counts[1] // 20))

    def _pictured(self, articles: tuple[Article, ...] | LazyArticles) -> Iterable[Article]:
        """The articles that show pictures (all the image stage looks at), read from the cache."""
        if not isinstance(articles, LazyArticles):
            return articles
        shown = self.cache.pictured()
        return [articles[i] for i, p in enumerate(articles.paths) if p in shown]

    def _heads(self, articles: tuple[Article, ...] | LazyArticles) -> Sequence:
        """Each article's date and language (all the search shards are planned from)."""
        if not isinstance(articles, LazyArticles):
            return articles
        heads = self.cache.heads()
        return [_Head(*heads[p]) for p in articles.paths]

    def _clash_errors(self, site: Site, found: list[tuple[str, str]]) -> list[str]:
        """An error for each output in the way of a file in public/ that is not sitegen's, or the
        reverse (write.clashes): naming what claims it when a page does, else the file alone."""
        wanted = {mine for mine, _ in found}
        at = [n for n, out in enumerate(_outputs(site.pages)) if out in wanted]
        pages = {p.output: p for p in (site.pages.many(at) if isinstance(site.pages, SavedPages)
                                       else [site.pages[n] for n in at])}
        return [clash_error(self.output, mine, theirs, pages[mine], site.articles, self.config) if mine in pages
                else f"{self.output / theirs}: not sitegen's (a file put there by hand), but the site now has an output "
                     f"{clash_place(self.output, mine, theirs)}{self._made_from(mine)}; move your file elsewhere and build again"
                for mine, theirs in found]

    def _made_from(self, output: str) -> str:
        """', made from static/fonts2/a.woff2' for a static output (a hand copy in public/static/fonts2/,
        made when linked folders were not published, was in the way of a file named by no source: rf47k)."""
        if (source := self._static_from.get(output)) is None:
            return ""
        from .assets import source_shown
        return f" ({output}, made from {source_shown(self.config, source)})"

    def render_and_write(self, plan: Plan, result: BuildResult, inputs: tuple[str, str],
                         until: datetime | None, sync: SpareSync | None = None, hold: bool = True
                         ) -> images.ImageSet | None:
        """`hold`: stories whose pictures cannot be used are given back (nothing written), for the
        caller to leave out (_leave_out); not under --strict, all or nothing."""
        from . import assets as assets_mod, images  # only a build that writes needs them
        output, state, site = self.output, self.cache.state, plan.site
        static = assets_mod.collect(self.config, stable=self.options.stable_assets, known=self.cache.published()[1],
                                    published=lambda: state.outputs)
        self._static_from = static.outputs
        pictures = plan.pictures or images.collect(self.config, site.articles, self._workers(SERIAL_BELOW),
                                                   self.options.progress)
        if hold and pictures.failed and not (self.options.strict or static.errors or result.errors):
            return pictures
        result.warnings += [*static.warnings, *pictures.warnings]
        result.unreadable_pictures.update(pictures.unreadable)
        result.denied |= pictures.denied
        if pictures.kept:   # pictures it may not read, kept as last built: said, the rest (and the story) published
            (result.errors if self.options.strict else result.later).extend(
                e for e in pictures.kept if e not in result.later)   # (_leave_out renders twice)
            inputs = (digest(inputs[0], "kept pictures", *pictures.kept), inputs[1])   # said by the next build too
        result.errors += [*static.errors, *pictures.errors] + (
            strict_errors([*static.warnings, *pictures.warnings]) if self.options.strict else [])
        if not result.ok:
            return
        theme = self.theme(inputs[1])
        fingerprints, todo, prints = self._to_render(plan, static.mapping, theme, pictures)
        result.errors += theme.block_errors(p.template for p in todo if p.template)  # read only if a block is lost
        if not result.ok:
            return
        produced = set(_outputs(site.pages)) | set(static.outputs) | set(pictures.outputs()) | set(plan.keep)
        record = claim(output, lambda: state.outputs, self.options.force_output, sync.record if sync else None,
                       self.config.file)
        rooted = place(static.root, self.config.paths.root.rstrip("/"), output, produced, record.owned)
        static, produced = replace(static, outputs={**static.outputs, **rooted.kept}), produced | set(rooted.kept)
        # (root/'s files place() kept are free to write: sitegen's, adopted, or the user's file there gone since)
        if found := clashes(produced, record.foreign - set(rooted.kept),
                            produced - record.owned if record.foreign else ()):
            result.errors += self._clash_errors(site, found)
            return
        if rooted.errors:   # said once the rest is published; the next build, whatever changed, says them again
            result.later += [e for e in rooted.errors if e not in result.later]   # (_leave_out renders twice)
            inputs = (digest(inputs[0], "root", *rooted.errors), inputs[1])
        result.notes += [n for n in rooted.notes if n not in result.notes]
        clean_leftovers(output)
        # watch/serve save no cache at the end to overlap a first build's spare with: they make it when idle
        stage = Stage(output, self._spare(), sync=sync, spare_from=None if self.options.defer_cache else FIRST_SPARE,
                      adopted=set(rooted.adopted), known=self.cache.published()[0])
        try:
            # root/'s files under images/ are published under their own names, as a user's are (_headers)
            unhashed = (*self._own, *sorted(rel for rel in static.root if rel.split("/", 1)[0].casefold() in HOSTED))
            job = RenderJob(site, static.mapping, theme, stage, prints, pictures, unhashed)
            layout = self._early_layout(plan, inputs[0], static.mapping, theme)
            staged, errors, printed, raced = render_pages(job, todo, self._workers(len(todo)), self.options.progress,
                                                          partial(layout.encode, self.cache) if layout else None)
            errors, big = _oversize(errors)
            result.warnings += big.values()
            result.errors += strict_errors(list(big.values())) if self.options.strict else []
            errors, raced, held, without, said = self._held(todo, errors, raced, result, job, plan)
            staged.update(without)
            result.raced.update((error, file) for error, (_, file) in raced.items())
            if raced:  # their rows are not the files' bytes: the next build reads them whatever their stamps say
                content = f"{self.config.paths.content}/"
                self.cache.forget(file.removeprefix(content) for _, file in raced.values())
            fingerprints = printed if prints else fingerprints
            for rel, fingerprint in {**held, **plan.keep}.items():  # as public/ holds them: the next build renders them again
                fingerprints[rel] = fingerprint
            fingerprints.update(dict.fromkeys(big, OVERSIZE))  # rendered again by every build: its warning too
            unread: dict[str, str] = {}
            copied, refused = assets_mod.stage(static, stage, unread, self.config.file)
            staged.update((rel, None) for rel in copied)
            errors += refused
            if unread:   # named, public/'s copy kept; the rest published (not under --strict: all or nothing)
                result.denied.update(str(static.outputs[rel]) for rel in unread)
                static, produced, said_unread = self._unread_static(static, produced, unread)
                (result.errors if self.options.strict else result.later).extend(said_unread)
                inputs = (digest(inputs[0], "unread static", *said_unread), inputs[1])   # said by the next build too
            done, refused = images.stage(pictures, self.config, stage)
            staged.update((rel, None) for rel in done)
            errors += refused
            static = replace(static, outputs={**static.outputs, **dict.fromkeys(pictures.outputs(), Path())})
            result.errors += errors
            redone = _redone(todo, staged, state, str(output)) if self.config.search.enabled else set()
            search_state, indexed, unindexed = self._search_into(site, staged, stage, result, redone, theme)
            if not result.ok:
                stage.discard()
                return
            stale = self._publish(stage, record, produced, staged, indexed, unindexed, site, result)
            result.published = True
            result.warnings += said + self._apart_warnings(plan.keep, result.unread_apart)
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt) and stage.switched():   # a stop just after the switch
                result.published = True
            if isinstance(exc, OSError):
                no_room(exc)   # what ran out, judged before the discard frees entries
            stage.discard()
            raise
        self._save_ledger(site, result)   # public/ holds what it records: a kill before leaves the old record
        result.written, result.removed = len(staged), len(stale)
        result.unchanged = len(site.pages) - sum(1 for s in staged if s in fingerprints)
        result.changed = sorted(set(staged) | stale)
        result.copied = sorted({*copied, *self._copies_removed(stale)})
        self._record(site, fingerprints, static, inputs, until, staged, stale, result.warnings,
                     [p.output for p in todo], plan.todo is not None, search_state, plan.again, layout,
                     self._unlisted(pictures.sources), bool(result.unread), stage.copies)

    def _save_ledger(self, site: Site, result: BuildResult) -> None:
        """content/.sitegen-published as this plan, now in public/, leaves it (site.ledger_entries), written
        only when its bytes change (a build that changed no term's feeds touches nothing in content/) and
        never by a preview (--drafts, --future, or serve's into the cache folder, which no reader sees: a
        tag only it showed would be told by the next real build once drafted, rev56a 1). One that cannot be
        written (a read-only content/) is said, and tried again by the next build (State.ledger)."""
        self._ledger_left = self._ledger.digest
        if self.options.drafts or self.options.future or in_cache(self.config):
            return
        entries = ledger_entries(site)
        text = ledger_text(entries)
        if text == self._ledger.text or (self._ledger.text is None and not entries):
            return
        if self._ledger_moved():   # a pull or an edit since this build read it: the next build reads that one
            return
        try:
            write_ledger(self.config.path("content"), text)
        except OSError as exc:
            self._ledger_left = "unwritten"
            where = f"{self.config.paths.content.rstrip('/')}/.sitegen-published"
            result.warnings.append(f"could not write {where} ({exc.strerror or exc}): the build is published, but a "
                                   "topic's or author's feed it published first goes (404) if its last story is taken "
                                   "down before a build can write it; make content/ writable (the next build tries again)")
            return
        self._ledger = Ledger(entries, text)
        self._ledger_left = self._ledger.digest

    def _ledger_moved(self) -> bool:
        """content/.sitegen-published is no longer the one this build read (a `git pull` meanwhile): written
        over, the pulled entries were lost (rev56a 7). Its digest stays the cache's, so the next build,
        finding it changed, plans in full with it."""
        try:
            return read_ledger(self.config.path("content"), "").text != self._ledger.text
        except LedgerError:
            return True

    def _copies_removed(self, stale: set[str]) -> set[str]:
        """The static/ and root/ files of the removed outputs `stale`: recorded as "static" by the last
        build (asked before _record replaces its record), as the pictures' renditions are too, whose
        pages changed with them."""
        from . import images   # (loaded: the build wrote)
        state = self.cache.state
        return {rel for rel in stale if (state.entry(rel) or ("",))[0] == "static" and not images.is_rendition(rel)}

    def _unread_static(self, static: assets_mod.Static, produced: set[str], unread: dict[str, str]
                       ) -> tuple[assets_mod.Static, set[str], list[str]]:
        """A static or root/ file that cannot be read (assets.stage's `unread`: output -> why), named with what
        to do, as a story that cannot be read is (content.read_content): the copy public/ holds is kept, one
        never published is left out (its record would stat a file not there). A stylesheet or script never
        published has no fingerprint (its bytes are unknown): the pages link it by its own name, a 404
        until it can be read, and the message says so (the build after the fix links its fingerprinted name)."""
        from .assets import FINGERPRINTED, source_shown
        said, gone = [], set()
        for rel, why in sorted(unread.items()):
            kept = os.path.isfile(self.output / rel)
            gone |= set() if kept else {rel}
            linked = (f": the pages link it by its own name, {static.base_path}{rel}, missing (404) until then"
                      if not kept and rel.lower().endswith(FINGERPRINTED) else "")
            said.append(f"{source_shown(self.config, static.outputs[rel])}: cannot be read ({why}); check its owner and "
                        f"permissions (`chmod a+r`), then build again ("
                        + ("public/ keeps the copy last published" if kept else f"not published{linked}") + ")")
        outputs = {rel: path for rel, path in static.outputs.items() if rel not in gone}
        return replace(static, outputs=outputs), produced - gone, said

    def _held(self, todo: list[Page], errors: list[str], raced: Raced, result: BuildResult, job: RenderJob,
              plan: Plan) -> tuple[list[str], Raced, dict[str, str], Staged, list[str]]:
        """The pages that needed the body of a story kept as last read (BuildResult.unread_kept),
        which the cache does not hold. When a story the last plan published is gone from its address
        (moved: one deleted or drafted plans the site without the kept stories, _kept_apart), each is
        rendered as a clean build makes it, without the kept stories (_without_kept), and so again by every build until the fix: else a withdrawn story
        stayed in the feeds and on the front page. The others are each left as public/ holds it. A
        warning names both. Returns the errors and `raced` less theirs, output -> the fingerprint to
        record (a held page's as recorded with it, WITHOUT_KEPT for one rendered without the kept
        stories: the build after the fix renders both again), what was staged, and the warnings to
        give once it is published (none when nothing is). A page public/ does not hold (deleted) is
        an error that fails the build, its row kept."""
        content, state = f"{self.config.paths.content}/", self.cache.state
        needing = {e: out_file for e, out_file in raced.items() if out_file[1].removeprefix(content) in result.unread_kept}
        if not needing:
            return errors, raced, {}, {}, []
        outputs = {out for out, _ in needing.values()}
        if not self._withdrawn(job.site):   # only those built without them before
            outputs = {out for out in outputs if (entry := state.entry(out)) is not None and entry[0] == WITHOUT_KEPT}
        redone, staged, errors_without, raced_without = self._without_kept(job, plan, outputs, result.unread_kept)
        held: dict[str, str] = dict.fromkeys(redone, WITHOUT_KEPT)
        urls = {page.output: page.url for page in todo}
        stands: list[str] = []
        for error in errors:
            out, file = needing.get(error, ("", ""))
            entry = state.entry(out) if out and out not in redone else None
            if not out:
                stands.append(error)
            elif entry is not None and (self.output / out).is_file():
                held[out] = entry[0]
            elif out not in redone:
                stands.append(f"{urls[out]}: {file}: does not parse, and {self.config.paths.output.rstrip('/')}/ holds no "
                              "copy of this page as last built to keep; fix it and build again")
        return (stands + errors_without, {**{e: r for e, r in raced.items() if e in stands}, **raced_without}, held,
                staged, self._held_warnings(needing, redone, held))

    def _withdrawn(self, site: Site) -> bool:
        """Whether a story the last plan published at an address is not there now (deleted, drafted,
        dated ahead, moved): a page left as last built would still show it, or link to it."""
        now = dict(zip(site.urls, _paths(site.articles)))
        return any(now.get(url) != path for url, path in self._last_addresses().items())

    def _without_kept(self, job: RenderJob, plan: Plan, outputs: set[str], kept: set[str]
                      ) -> tuple[set[str], Staged, list[str], Raced]:
        """The `outputs` rendered from the site planned without the `kept` stories, as a clean build
        plans it (those it has: not a kept story's own page): the outputs rendered, what was staged,
        the errors and those that are a story changed since it was parsed."""
        if not outputs:
            return set(), {}, [], {}
        try:
            site = build_site(self.config, [a for a in plan.articles if a.path not in kept], job.site.now,
                              drafts=self.options.drafts, future=self.options.future, served=self._served(),
                              case_blind=self.case_blind, pictured=self._shows_picture, ledger=self._ledger.entries)
        except (SiteError, ContentError):   # it plans: fewer stories claim fewer addresses (kept as last built then)
            return set(), {}, [], {}
        pages = [page for page in site.pages if page.output in outputs]
        staged, errors, _, raced = render_pages(replace(job, site=site, prints=None), pages, 1, False)
        errors, _ = _oversize(errors)   # said by the build that renders them with every story
        return {page.output for page in pages}, staged, errors, raced

    def _apart_warnings(self, keep: dict[str, str], apart: set[str]) -> list[str]:
        """What stays of the stories planned without after a withdrawal (_kept_apart): their own
        pages, as last built (their links to other stories too, one withdrawn among them maybe)."""
        if not keep:
            return []
        out, content = self.config.paths.output.rstrip("/"), self.config.paths.content.rstrip("/")
        files = ", ".join(f"{content}/{rel}" for rel in sorted(apart))
        return [f"{', '.join(f'{out}/{rel}' for rel in sorted(keep))}: left as last built (its links to other stories "
                f"too, one since withdrawn maybe), as {files} does not parse; every other page is built without it, "
                "as a clean build makes them; fix it and build again"]

    def _held_warnings(self, needing: Raced, redone: set[str], held: dict[str, str]) -> list[str]:
        """What became of the pages that needed a kept story's text: rendered without it, or left as
        last built (the editor learns that another story's change is not in them yet)."""
        out = self.config.paths.output.rstrip("/")
        files = ", ".join(sorted({file for _, file in needing.values()}))

        def named(rels: Iterable[str]) -> str:
            rels = sorted(rels)
            return ", ".join(f"{out}/{rel}" for rel in rels[:10]) + (f" and {len(rels) - 10} more" if len(rels) > 10 else "")
        said = []
        if redone:
            said.append(f"{named(redone)}: built without {files}, as a clean build makes {_them(redone)} (a story "
                        f"withdrawn or moved is not to stay in {_them(redone)}, and the text of {files} is not kept, "
                        "as it does not parse); fix it and build again")
        if left := [rel for rel in held if rel not in redone]:
            said.append(f"{named(left)}: left as last built, as {_them(left, 'they show')} the text of {files}, which "
                        "does not parse: other changes wait for its fix; fix it and build again")
        return said

    def _to_render(self, plan: Plan, assets: dict[str, str], theme: Theme, pictures: images.ImageSet
                   ) -> tuple[dict[str, str], list[Page], Fingerprints | None]:
        """The pages to render and their fingerprints, and the Fingerprints the render workers take
        them with when nothing here did (a first build: there is nothing to compare them with)."""
        site, state = plan.site, self.cache.state
        if plan.todo is not None:  # a replan: its pages, fingerprinted already
            return plan.fingerprints, plan.todo, None
        # a full plan: every output's inputs are compared with the last build's
        prints = Fingerprints(site, self.config, assets, self.memo, theme, pictures)
        if not state.outputs:  # nothing to compare with: render everything, and fingerprint in the workers
            return plan.fingerprints, list(site.pages), prints
        fingerprints = prints.all()
        output = str(self.output)
        return fingerprints, [p for p in site.pages if not state.fresh(p.output, fingerprints[p.output], output)], None

    def _early_layout(self, plan: Plan, inputs: str, assets: dict[str, str], theme: Theme) -> _EarlyLayout | None:
        """A new plan's layout, encoded while its pages render (see _EarlyLayout); a replan keeps its
        layout, a watcher encodes it when idle, and a very large site's waits for the end."""
        site = plan.site
        if plan.todo is not None or self.options.defer_cache or len(site.pages) > EARLY_LAYOUT_MAX:
            return None
        return _EarlyLayout(site, _layout_id(inputs, site), assets, (theme.digests, theme.closure, theme.shows))

    def _search_into(self, site: Site, staged: Staged, stage: Stage, result: BuildResult, redone: set[str],
                     theme: Theme) -> tuple[dict[str, str], Staged, set[str]]:
        """The search shards indexed into the stage when the build is good so far (watch/serve index
        later: index_search): each shard's record, the index files staged and the old ones to delete.
        `redone`: pages rendered anew whose bytes were there already (see _redone). A story page
        template without search.MARKER is said by every build that renders (search.unmarked)."""
        if not (result.ok and self.config.search.enabled):
            return {}, {}, set()
        from .search import MARKER, unmarked
        if site.articles and not theme.holds(STORY_TEMPLATE, MARKER):
            said = unmarked(f"{self.config.paths.templates.rstrip('/')}/{STORY_TEMPLATE}")
            result.warnings.append(said)
            result.errors += strict_errors([said]) if self.options.strict else []
        error, search_state, indexed, unindexed = self._index(site, staged, stage, self.options.search,
                                                              redone=redone)
        from .search import MISSING   # (loaded by _index)
        if error and error.startswith(MISSING):   # the pages published, pagefind/ as it was (or gone: _unindexed)
            result.warnings.append(error)
            result.errors += strict_errors([error]) if self.options.strict else []
        elif error:
            result.errors.append(error)
        return search_state, indexed, unindexed

    def _publish(self, stage: Stage, record: Record, produced: set[str], staged: Staged, indexed: Staged,
                 unindexed: set[str], site: Site, result: BuildResult) -> set[str]:
        """The stage switched in as the output (Stage.apply), the outputs this build did not produce
        removed: those it returns. Files found there that are not sitegen's are noted once."""
        # the index's files are this build's outputs too: the re-indexed shards' new files,
        # and the kept shards' files as the last build recorded them
        if self.config.search.enabled:  # else the old bundle is stale like any other output
            from . import search  # here: a site without search never loads it (subprocess, threads)
            produced |= {rel for rel in record.owned if search.owns(rel)} - unindexed | set(indexed)
        stale = record.owned - produced
        stage.staged = {**staged, **indexed}
        try:
            stage.apply(stale, produced, record, self._preview(site), self.config.site.base_url, self.began)
        except ClashError as exc:   # a file put in public/ since the last build: what claims the output named
            raise OutputError("\n".join(self._clash_errors(site, exc.found))) from None
        except PlaceError as exc:   # with the source of a static or root/ file
            raise OutputError(f"{exc.where}{self._made_from(exc.rel)}: {exc.why}") from None
        except KeyboardInterrupt:
            if stage.switched():   # rf46a: a stop after the switch said nothing of the files kept, and never would
                self._switch_notes(stage, record, result)
            raise
        self._switch_notes(stage, record, result)
        return stale

    def _switch_notes(self, stage: Stage, record: Record, result: BuildResult) -> None:
        """What the switch found, said once: files kept as not sitegen's, copies of another user's."""
        found = stage.found | (set() if record.token else record.foreign - stage.dropped)  # a folder claimed just now
        if stage.taken:   # rf45l: their owner can no longer write them in place, and was not told
            result.notes.append(f"{len(stage.taken)} file(s) of another user in {self.output} could not be hard-linked, "
                                "so the build copied them: the copies are your user's now, and their owner can no "
                                "longer write them in place: " + ", ".join(stage.taken[:10]) + (" ..." if len(stage.taken) > 10 else ""))
        if stage.dropped:
            result.notes.append(f"removed {len(stage.dropped)} file(s) an older sitegen left in {self.output} by mistake, "
                                "copies of yours beside them: " + ", ".join(sorted(stage.dropped)[:10])
                                + (" ..." if len(stage.dropped) > 10 else ""))
        if found:
            result.notes.append(f"{len(found)} file(s) in {self.output} are not sitegen's and were kept: "
                                + ", ".join(sorted(found)[:10]) + (" ..." if len(found) > 10 else ""))

    def _preview(self, site: Site) -> tuple[str, ...]:
        """What this build published that a plain one would not (drafts, future stories), kept in
        public/'s record: `sitegen deploy --no-build` refuses to publish a preview. Only a
        --drafts/--future build looks. A replan publishes the stories its plan did (drafts and dates
        are in _plan_key, and the plan ends when a story comes due: LastPlan.until): the plan's
        answer stands (a restored plan's articles were read one row each for it: 0.9 s of a 1.8 s
        rebuild at 5,000 articles). A new plan's articles are in memory."""
        if not (self.options.drafts or self.options.future):
            return ()
        if self.last is not None and self.last.site.pages is site.pages:
            return self.last.preview
        arts = site.articles
        drafts = self.options.drafts and any(a.draft for a in arts)
        future = self.options.future and any(a.date > site.now for a in arts)
        return (("drafts",) if drafts else ()) + (("future",) if future else ())

    def index_search(self, cancel: threading.Event | None = None) -> str | None:
        """Bring the search index up to date with the last build (watch/serve, once idle): the
        shards whose pages changed since they were indexed. A line to print, or None. Set,
        `cancel` stops it (search.Cancelled): nothing is applied, and a later call does it all."""
        last = self.last
        if last is None or not self.config.search.enabled:
            return None
        from . import search
        started = time.perf_counter()
        with build_lock(self.config) if not self.options.locked else nullcontext():
            record = read_record(self.output)
            if record is None:  # public/ is not the build this plan describes: the next build indexes
                return None
            stage = Stage(self.output, self._spare())
            try:
                error, shards, indexed, unindexed = self._index(last.site, {}, stage, cancel=cancel, fragments=True)
                if error and not unindexed:   # pagefind missing (a warning, as a build's) or failed
                    stage.discard()
                    return f"{'warning' if error.startswith(search.MISSING) else 'error'}: {error}"
                stage.staged = indexed
                unindexed &= record.owned   # a file of the user's own in a shard's folder stays
                stage.apply(unindexed, (record.owned - unindexed) | set(indexed), record)
            except BaseException:
                stage.discard()
                raise
        self.cache.state = replace(self.cache.state, search=shards, search_files=self._stamps(shards))
        if not self.options.defer_cache:
            self.cache.save(articles=False)
        if error:   # pagefind missing, and the index removed: it found pages taken down (_unindexed)
            return f"warning: {error}"
        return f"search index updated in {time.perf_counter() - started:.1f} s" if indexed or unindexed else None

    def _index(self, site: Site, staged: Staged, stage: Stage, run: bool = True, cancel: threading.Event | None = None,
               redone: set[str] = frozenset(), fragments: bool = False
               ) -> tuple[str | None, dict[str, str], Staged, set[str]]:
        """Index the search shards whose article pages changed into the stage (see search.py).
        A shard is re-indexed when its articles or one of their pages' bytes changed since it was
        indexed (a page staged now, or `redone`), or its files in public/ changed since the last
        build (fragment/'s only with `fragments`: watch/serve's idle pass). Returns an error, each
        shard's record (its articles' URLs; '' when it is out of date because run=False, or pagefind
        is missing: search.MISSING, nothing indexed), the index files staged and the old ones to delete."""
        from . import search
        old, records, todo = self.cache.state.search, {}, []
        self._seen = {}
        heads, bundles = self._shards_of(site)
        for shard in bundles:
            # article i's page has site.urls[i] (plan_pages): no need to read a restored plan's pages
            urls = [site.urls[i] for i in shard.articles]
            shown = [(url, output_path(url)) for url in urls]
            records[shard.key] = digest(search.SHARD_BASE, shard.key, shard.languages, urls)
            if (old.get(shard.key) != records[shard.key] or any(out in staged or out in redone for _, out in shown)
                    or not (self.output / shard.folder / "pagefind-entry.json").is_file()
                    or self._bundle_changed(shard.key, fragments=fragments)):
                todo.append((shard, [(url, partial(_page_text, stage.path if out in staged else self.output, out,
                                                   heads[i].language))
                                     for i, (url, out) in zip(shard.articles, shown)]))
        for shard, _ in todo:   # its files are new: stamped anew after the switch
            self._seen.pop(shard.key, None)
        missing = bool(run and todo) and search.executable() is None   # each build says so until it is installed
        if missing:
            changed = {url: text for shard, pages in todo for url, text in pages
                       if output_path(url) in staged or output_path(url) in redone}
            return self._unindexed(site, records, todo, changed)
        if not run:
            return None, {**records, **{shard.key: "" for shard, _ in todo}}, {}, set()
        error, same = search.index_shards(todo, stage.path, self._workers(sum(len(p) for _, p in todo)), self.output,
                                          cancel, self.config.file)
        if error:
            return error, old, {}, set()
        indexed = {rel: None for shard, _ in todo for rel in search.written(stage.path, shard)}
        kept = set(records) - {shard.key for shard, _ in todo}
        return None, records, indexed, search.stale_files(self.output, kept) - set(indexed) - same

    def _unindexed(self, site: Site, records: dict[str, str], todo: list, changed: dict
                   ) -> tuple[str, dict[str, str], Staged, set[str]]:
        """_index's answer when pagefind is missing (search.MISSING): the index stays as it was
        when it only misses pages or words added, else all of it goes (its files to delete, every
        shard's record ''): it still finds a page no longer published, or words a page rendered
        anew (`changed`: url -> its text) no longer has (a correction, a name taken out), or a
        fragment is unreadable.
        A story found by words taken down is worse than no search (the search page copes);
        failing the build instead would keep the story's page itself online."""
        from . import search
        kept = set(records) - {shard.key for shard, _ in todo}
        gone = search.withdrawn(self.output, kept, set(site.urls), changed)
        if not gone:
            return search.missing(self.config.file), {**records, **{shard.key: "" for shard, _ in todo}}, {}, set()
        return (search.withdrawn_note(gone, self.config.file), dict.fromkeys(records, ""), {},
                search.stale_files(self.output, set()))

    # Helpers ----------------------------------------------------------------------------------
    def _spare(self) -> Path:
        """Where the output's second copy lives: in the cache folder (ignored by git) when that is
        on the output's file system (a switch is a rename), else beside the output."""
        cache, output = self.config.path("cache"), self.output
        try:
            if os.stat(cache).st_dev == os.stat(output.parent).st_dev:
                return cache / f"{output.name}{SPARE_SUFFIX}"
        except OSError:
            pass
        return output.parent / f".{output.name}{SPARE_SUFFIX}"

    def _workers(self, pages: int) -> int:
        if pages < SERIAL_BELOW:
            return 1
        return worker_count(self.options.asked_workers(self.config))

    def _record(self, site: Site, fingerprints: dict[str, str], static: assets_mod.Static,
                inputs: tuple[str, str], until: datetime | None, staged: dict[str, tuple[int, int] | None],
                stale: set[str], warnings: list[str], rendered: list[str], replanned: bool,
                search_state: dict[str, str], again: tuple[str, ...] = (), early: "_EarlyLayout | None" = None,
                sources: dict[str, tuple[int, ...]] | None = None, unread: bool = False,
                copies: dict[str, tuple[int, ...] | None] | None = None) -> None:
        """Remember what was built from what, for the next build (on disk) and the next rebuild (here).
        `staged`: outputs written, with (size, mtime) when the writer knew it (moves keep both).
        `rendered`: the outputs rendered again, written or found with the same bytes: their files
        are recorded as they are now (a file touched since the last build would otherwise never
        match its record again, and every build after would plan the whole site anew); after a
        replan, the only pages whose record can change, besides `again` (the static files and
        pictures it found touched: staged anew if their bytes differ, recorded as they are).
        `early`: this plan's layout, encoded while the pages rendered if it was. `unread`: a story
        could not be read (BuildResult.unread): the next build plans anew (see LastPlan.partial).
        `copies`: the static and root/ files this build found or made the same as their sources (Stage.copies)."""
        stat = partial(_output_stat, str(self.output), staged)
        head = {"inputs": inputs[0], "valid_until": until, "built_at": site.now,
                "counts": (len(site.articles), len(site.pages)),
                "left_out": dict(site.left_out), "ahead": site.ahead, "warnings": tuple(warnings), "search": search_state,
                "search_files": self._stamps(search_state), "sources": self._smudged(sources or {}),
                "racy": self.cache.state.racy, "racy_scan": self.cache.state.racy_scan, "ledger": self._ledger_left}
        state = self.cache.state
        # the last build's still hold while their stamps do; an output no longer published is forgotten
        head["copies"] = {rel: c for rel, c in {**self.cache.published()[0], **(copies or {})}.items()
                          if c is not None and rel in static.outputs}   # (None: copied anew, not yet settled)
        head["root_pages"] = static.root_pages
        if replanned:  # the same outputs as last time: update just the re-rendered ones
            state.update({**{rel: (fingerprints[rel], *stat(rel)) for rel in rendered},
                          **{rel: ("static", *stat(rel)) for rel in again}})
            self.cache.state = replace(state, **head)
        else:
            outputs = _outputs_now(state.outputs, fingerprints, static.outputs, staged, stale, rendered, stat)
            self.cache.state = State(recorded=outputs, **head)
        self._keep_plan(site, fingerprints, static.mapping, inputs, until, early, unread)
        if not self.options.defer_cache:  # watch/serve write the cache when idle (flush)
            self.save_cache(warnings)

    def _keep_plan(self, site: Site, fingerprints: dict[str, str], assets: dict[str, str], inputs: tuple[str, str],
                   until: datetime | None, early: _EarlyLayout | None, unread: bool = False) -> None:
        """This plan as the last one, here (self.last) and in the cache: its layout as `early` encoded
        it while the pages rendered if that is still this plan's, else encoded now when the plan is
        new; a plan the last build made keeps its layout."""
        theme = self.theme(inputs[1])
        self.cache.settled()
        same = self.last if self.last and self.last.site.pages is site.pages else None
        early = early if early is not None and same is None and early.site is site else None
        self.last = LastPlan.of(site, fingerprints, assets, inputs, (theme.digests, theme.closure, theme.shows), until,
                                same, early.deps if early else None, self._preview(site), unread)
        if early is not None and early.rows is not None and early.layout_id == self.last.layout_id:
            self.cache.keep_plan(early.rows, self.last.dump(layout=False)[1])
        else:
            self.cache.keep_plan(*self.last.dump(layout=same is None))

    def close(self) -> None:
        """Let go of the cache's open files, for a Builder replaced by another (watch/serve)."""
        self.cache.close()

    def save_cache(self, warnings: list[str]) -> None:
        """public/ is already switched: a cache that cannot be saved costs the next build time, no more."""
        try:
            self.cache.save()
        except (OSError, sqlite3.Error) as exc:
            warnings.append(f"could not save the build cache in {self.config.paths.cache}/ ({cache_problem(exc)}); "
                            "public/ holds the new build, and the next build will redo the work")

    def flush(self, idle: bool = False, locked: bool = False, wait: float = WAIT) -> bool:
        """Write the article cache deferred by defer_cache (watch/serve call this when idle or at
        exit); when idle, also bring the spare copy of public/ up to date (catch_up_spare).
        Under the site's lock, waiting out another sitegen's build as a rebuild does: a build reads
        the cache when it starts and writes it back when it ends, patching what it read (the state's
        rows, the plan); saved unlocked, a watcher's flush could land between the two, and a cold
        build renames a new file over the cache while it is written. `locked`: the caller holds the
        lock (a rebuild that found its output removed): taken again, its release here would end the
        caller's too (POSIX locks are the process's, and closing any descriptor of the file frees them).
        `wait`: seconds to wait for the lock. False when another build held it that long (nothing saved)."""
        try:
            with build_lock(self.config, wait) if not locked else nullcontext():
                self.cache.save()
                if idle:
                    self._catch_up_quietly()
        except BusyError:
            return False
        return True

    def _catch_up_quietly(self) -> None:
        try:
            catch_up_spare(self.output, self._spare())
        except (OSError, WriteError):
            pass  # the cache is saved; the next build brings the spare up to date itself

    def catch_up_spare(self, cancel: threading.Event | None = None) -> bool:
        """Bring the spare copy of public/ up to date with it (watch/serve, once quiet; the caller
        holds the site's lock), so the next rebuild links nothing: see write.catch_up_spare.
        `cancel` set: write.Cancelled, and the next build does what is left."""
        return catch_up_spare(self.output, self._spare(), cancel)


def preload(cache: Path | None = None) -> None:
    """Import what a build that parses and renders runs (the front matter's YAML, Markdown, Jinja,
    the views): the command line does it while site.toml is validated aside (config.load_config).
    A first build (no cache yet in the folder `cache`) imports only what its parse child inherits:
    the renderer's imports (Jinja and the views: about a third of the work here) would make the
    validation's other core wait; they run in _load_renderer, beside the parse, on both cores."""
    load_parsers()
    import markdown_it  # noqa: F401 - the renderer's, and the parse's for bodies with pictures
    if cache is None or (cache / CACHE_FILE).exists():
        from . import render  # noqa: F401


@contextmanager
def _few_collections(young: int = 50_000):
    """A build makes millions of objects that live until it ends (articles, pages, views,
    rendered teasers) and almost no reference cycles; at Python's default threshold (700 new
    objects) the collector walks them about 500 times at 10,000 articles, 0.6 s of the parent's
    5 s. Forked render workers inherit the setting; a watcher gets the default back between builds."""
    before = gc.get_threshold()
    gc.set_threshold(young, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()  # what a build froze (see load_and_write): a watcher's next build may collect it


def _plan_stands(last: LastPlan, changed: dict[str, tuple[Article | None, Article]], count: int, others: str,
                 now: datetime, shown: tuple[int, bool, bool, bool]) -> bool:
    """The last plan holds for this build: the same files and templates, not run out by the clock
    nor made at a later one (a clock set back: what it published early goes again), and no changed
    article changed more than its body (see _plan_key), nor what its teasers show of the body
    (`shown`: listed()'s reading time, word count and lede), which pages other than those showing
    its full text show too."""
    return not (count != last.count or last.others != others
                or (last.until is not None and now >= last.until)
                or (last.site.now is not None and now < last.site.now)
                or any(before is None or _plan_key(before) != _plan_key(after)
                       or listed(before, *shown) != listed(after, *shown) for before, after in changed.values()))


def _lines_moved(site: Site, changed: dict[str, tuple[Article | None, Article]], content: str) -> bool:
    """Whether an edited file is one the plan's warnings or notes name at a line ('a.md:8: raw HTML
    ...', 'a.md:4: section ...'): the plan found the line, and an edit that keeps the plan (a paragraph
    added above, a comment above the key) moves it, so the build said the old line where a clean build
    says the new (review51e 4, 5). Planned again, as a clean build: rare, only such a story's edits."""
    edited = {rel for rel, (before, after) in changed.items() if before is None or before.digest != after.digest}
    if not edited:
        return False
    prefix = content.rstrip("/") + "/"
    return any(_file_at_line(said.removeprefix(prefix)) in edited for said in (*site.warnings, *site.ahead))


def _config_lines(config: Config) -> dict[tuple[str, ...], int]:
    """Where the config file writes each key: the plan's warnings name some at their line ('site.toml:11:
    [site] titles', a redirect's), and a comment added above moves them while the values the config is
    compared by stay, so the next build found nothing changed and said the old lines (rr52f 1)."""
    try:
        return key_lines(Path(config.root, config.file).read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        return {}


def _file_at_line(said: str) -> str:
    """The file a 'path:N: ...' message names at a line, else ''."""
    path, _, line = said.partition(": ")[0].rpartition(":")
    return path if line.isdigit() else ""


def _with_changes(articles: tuple[Article, ...] | LazyArticles, changed: dict[str, tuple[Article | None, Article]],
                  touched: list[int]) -> tuple[Article, ...] | LazyArticles:
    """The last plan's articles with the changed ones (at the indexes `touched`) as they are now."""
    if isinstance(articles, LazyArticles):
        return articles.with_changes({i: changed[articles.paths[i]][1] for i in touched})
    copy = list(articles)
    for i in touched:
        copy[i] = changed[copy[i].path][1]
    return tuple(copy)


def _changed_pages(last: LastPlan, touched: list[int], prints: Fingerprints, fingerprints: _Prints) -> list[Page]:
    """The pages showing a changed article's full text whose fingerprint changed, each one's new
    fingerprint put in `fingerprints`. Each page once: an author's feed shows many of the stories a
    burst of saves changed, and was rendered (and fingerprinted) once for each (review48e)."""
    todo = []
    for page in {page.output: page for i in touched for page in last.full_deps.get(i, ())}.values():
        fingerprints[page.output] = prints.page(page)
        if fingerprints[page.output] != last.fingerprints[page.output]:
            todo.append(page)
    return todo


def _output_stat(root: str, staged: Staged, rel: str) -> tuple[int, int]:
    """An output's (size, mtime_ns): as the writer knew it when it staged the file, else stat()ed."""
    known = staged.get(rel)
    if known is None:
        st = os.stat(os.path.join(root, rel))
        known = (st.st_size, st.st_mtime_ns)
    return known


def _outputs_now(old: dict[str, tuple[str, int, int]], fingerprints: dict[str, str], static: Iterable[str],
                 staged: Staged, stale: set[str], rendered: list[str], stat: Callable[[str], tuple[int, int]]
                 ) -> dict[str, tuple[str, int, int]]:
    """Every output's record after a full plan: its fingerprint, with its size and mtime stat()ed when
    this build wrote, removed or compared it, else as the last build recorded them."""
    # static files and pictures were all compared with their sources just now: stat them too
    outputs, again = {}, {*rendered, *static}
    for rel, fp in [*fingerprints.items(), *((r, "static") for r in static)]:
        if rel in staged or rel in stale or rel in again or rel not in old:
            outputs[rel] = (fp, *stat(rel))
        else:
            outputs[rel] = (fp, *old[rel][1:])
    return outputs


def _early_scan(config: Config) -> Aside | None:
    """content/'s scan (100,000 files: ~0.5 s of stat()s) started in a forked child, when the last
    build's cache says the site is large: it then overlaps what comes before the scan in this
    process (the cache's load, the output check's fork), where the other core idled. A build of a
    small site scans in-process (a fork and the listings' copy cost more than they overlap)."""
    try:
        if os.stat(state_folder(config) / CACHE_FILE).st_size < SCAN_ASIDE:
            return None
    except OSError:
        return None
    from .aside import Aside
    return Aside(partial(packed_scan, config.path("content"), ".md", CONTENT_ALSO))


def valid_until(articles: list[Article], site: Site, now: datetime) -> datetime | None:
    """When the output changes by the clock alone: a future article comes due, an article
    leaves the news sitemap's window, or a change dated ahead comes (its warning ends), or a story
    far ahead comes within site.FAR_AHEAD (its warning ends), or a pin ends (the fronts reorder)."""
    from .sitemaps import NEWS_WINDOW
    moments = [a.date for a in articles if a.date > now]
    moments += [a.date - FAR_AHEAD for a in articles if a.date - FAR_AHEAD > now]
    moments += [a.date + NEWS_WINDOW for a in site.articles if now - NEWS_WINDOW <= a.date <= now]
    moments += [a.modified for a in site.articles if a.modified > now]  # site.changes_ahead's warning ends
    moments += [a.pinned_until for a in site.articles if a.pinned_until is not None and a.pinned_until > now]
    return min(moments, default=None)


def _page_text(folder: Path, rel: str, language: str) -> bytes:
    """An article page as Pagefind indexes it: its own language recorded for its result
    (search.with_own_language), under `language` (search.in_language), as bytes for
    search.for_pagefind (read as text: 60 us a page, as bytes 7)."""
    from .search import Unlabelled, in_language, with_own_language
    with open(os.path.join(folder, rel), "rb") as fh:
        page = fh.read()
    try:
        return in_language(with_own_language(page), language)
    except Unlabelled as exc:
        raise Unlabelled(f"{rel}: {exc}") from None


def parse_files(root: Path, rels: list[str], config: Config, workers: int,
                meanwhile: Callable[[], None] | None = None, rows: SideRows | None = None) -> dict[str, Article | str]:
    """Parse content files, in worker processes when there are many; errors come back as text.
    `meanwhile`: this process's own work, done while other processes parse, if any do (a first
    build loads its templates): with one worker and SERIAL_BELOW files or more, or two workers
    (BESIDE_UP_TO), a forked child parses while it runs, and then both share what is left
    (_parse_beside); with more, a pool of `workers` processes. `rows`: where that
    child writes the cache rows of what it parses (rows.written names them once this returns).
    Articles come back without_body, except from _parse_beside with up to KEEP_BODIES files."""
    parse = partial(_parse_chunk, root, config.tz, config.site.language, origin=site_origin(config.site.base_url),
                    shown=config.paths.content.rstrip("/"))
    if workers <= 1 and (meanwhile is None or len(rels) < SERIAL_BELOW):
        return parse(rels)
    if workers <= BESIDE_UP_TO and meanwhile is not None:
        return _parse_beside(parse, rels, meanwhile, rows)
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context
    from .aside import die_with
    chunks = [rels[i::workers * 4] for i in range(workers * 4)]
    out: dict[str, Article | str] = {}
    with ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=die_with,
                             initargs=(os.getpid(),)) as pool:
        parts = pool.map(parse, chunks)
        if meanwhile is not None:
            meanwhile()
        for part in parts:
            out.update(part)
    return out


# Workers, at most, for which a first build parses in one child beside this process (_parse_beside)
# rather than in a pool: two processes are two cores' worth. On two cores the pool (two workers and
# this process, idle once `meanwhile` is done) ended a 10,000-article parse with one core idle while
# the other finished its last eighth of the files, pickled every article back, and wrote no cache
# rows, so the rows' child read all 10,000 files again (see docs/speed-log.md, session 28).
BESIDE_UP_TO = 2
PARSE_TICKETS = 2048  # at most: 2 bytes each, so a pipe holds them all before anyone reads
KEEP_BODIES = 2_000  # files, at most: a first build parsing beside its template load keeps their bodies


def _parse_beside(parse: Callable[..., dict[str, Article | str]], rels: list[str],
                  meanwhile: Callable[[], None], rows: SideRows | None = None) -> dict[str, Article | str]:
    """A forked child (aside.py) parses chunks of `rels` while this process runs `meanwhile`,
    then this process takes chunks too. Each chunk is a 2-byte ticket in a pipe that both read
    (a read of 2 bytes from a pipe is atomic), so no chunk is parsed twice and none waits for a
    process that is busy. The child's articles come back pickled; if it fails, its chunks are
    parsed here. With `rows`, the child also writes the cache rows of its articles (the core it
    runs on is idle once it has parsed, while this process loads templates); rows.written names
    them. Up to KEEP_BODIES files, the articles keep their bodies (see without_body): a few MB that
    the render workers would otherwise read again from every file, with the digest of each (5% of
    a worker's time at 1,000 articles). Their rows are then not written here but encoded by the
    cache's child (prepare_rows_aside) while the site is planned: encoding them added a quarter to
    the child's parse, on two busy cores, while planning leaves one idle."""
    import io  # noqa: F401 - before the fork: the child pickles what it parses
    import pickle  # noqa: F401
    whole = len(rels) <= KEEP_BODIES
    rows = None if whole else rows
    size = max(20, -(-len(rels) // PARSE_TICKETS))
    chunks = [rels[i:i + size] for i in range(0, len(rels), size)]
    r = _ticket_pipe(len(chunks))
    try:
        found, data = _parse_with_child(parse, partial(_take, r, chunks), whole, meanwhile, rows)
    finally:
        os.close(r)
    _add_theirs(found, data, rows)
    missing = [rel for rel in rels if rel not in found]  # the child failed (or could not fork)
    if missing:
        found.update(parse(missing, whole=whole))
    return {rel: found[rel] for rel in rels}  # in the order a serial parse gives


def _ticket_pipe(count: int) -> int:
    """A pipe holding the tickets 0..count-1, 2 bytes each, its writing end closed: its reading end."""
    r, w = os.pipe()
    try:
        os.write(w, b"".join(n.to_bytes(2, "little") for n in range(count)))
    finally:
        os.close(w)  # an empty pipe then reads as its end
    return r


def _take(r: int, chunks: list[list[str]]) -> Iterator[list[str]]:
    """The chunks whose tickets this process reads from the pipe, until it is empty."""
    while len(ticket := os.read(r, 2)) == 2:
        yield chunks[int.from_bytes(ticket, "little")]


def _parse_with_child(parse: Callable[..., dict[str, Article | str]], take: Callable[[], Iterator[list[str]]],
                      whole: bool, meanwhile: Callable[[], None], rows: SideRows | None
                      ) -> tuple[dict[str, Article | str], bytes | None]:
    """The child forked, `meanwhile` run here, then this process's share of the tickets: what this
    process parsed, and the child's bytes (None if it failed). Interrupted, the child is killed."""
    from .aside import Aside
    child = Aside(partial(_parsed_aside, parse, take, whole, rows))
    try:
        meanwhile()
        found = {k: v for chunk in take() for k, v in parse(chunk, whole=whole).items()}
    except BaseException:
        child.cancel()
        if rows is not None:
            rows.discard()
        raise
    return found, child.close()


def _parsed_aside(parse: Callable[..., dict[str, Article | str]], take: Callable[[], Iterator[list[str]]],
                  whole: bool, rows: SideRows | None) -> bytes:
    """The child's work: its chunks parsed and pickled, an end mark, then the rows it wrote."""
    import io
    import pickle
    # Each chunk is pickled once parsed (one pickler, so what chunks share is written once):
    # pickled at the end, the bodies held the parse's end up by 7 ms at 1,000 articles, while
    # spread over the parse, the tickets share that work out between the two processes.
    buf = io.BytesIO()
    out = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    for chunk in take():
        part = parse(chunk, whole=whole)
        if rows is not None:
            rows.add((rel, art) for rel, art in part.items() if not isinstance(art, str))
        out.dump(part)
    if rows is not None:
        rows.close()
    out.dump(None)  # the end of the parts, then the rows written
    out.dump((rows.written, rows.unsaveable) if rows is not None else ([], []))
    return buf.getvalue()


def _add_theirs(found: dict[str, Article | str], data: bytes | None, rows: SideRows | None) -> None:
    """The child's articles added to `found`, and the rows it wrote named in `rows`; if it failed,
    the rows it may have begun are discarded."""
    import io
    import pickle
    if data is not None:
        theirs = pickle.Unpickler(io.BytesIO(data))  # our own child's bytes
        while (part := theirs.load()) is not None:
            found.update(part)
        written, unsaveable = theirs.load()
        if rows is not None:
            rows.written, rows.unsaveable = written, unsaveable
    elif rows is not None:
        rows.discard()


def _parse_chunk(root: Path, tz, language: str, rels: list[str], whole: bool = False, origin: str = "",
                 shown: str = "content") -> dict[str, Article | str]:
    """`whole`: the articles with their bodies (else without_body); `origin`: see site_links; `shown`:
    the content folder as messages name it ([paths] content)."""
    out: dict[str, Article | str] = {}
    for rel in rels:
        try:
            art = read_content(root, rel, tz, language, origin, shown)
            out[rel] = art if whole else without_body(art)  # see without_body
        except ContentError as exc:
            out[rel] = LeftOut(exc) if exc.key in UNPUBLISHING_KEYS else str(exc)
    return out


class LeftOut(str):
    """A parse error that leaves its story out even when its last good version is in the cache
    (content.UNPUBLISHING_KEYS); a plain str keeps that version (BuildResult.unread_kept)."""


@dataclass(frozen=True)
class Plan:
    site: Site | None
    fingerprints: dict[str, str] = field(default_factory=dict)
    todo: list[Page] | None = None      # from replan: the only pages that can have changed
    pictures: images.ImageSet | None = None  # from replan (or with kept stories): the pictures, already collected
    again: tuple[str, ...] = ()         # from replan: static files and pictures touched since the last build
    blamed: frozenset[str] = frozenset()  # no site: the articles (paths) the error names (SiteError.paths)
    alone: dict[str, str] = field(default_factory=dict)  # no site: stories in the way of the site's own pages
    articles: tuple[Article, ...] = ()  # with stories kept as last read: every article it was planned from
    keep: dict[str, str] = field(default_factory=dict)  # outputs kept as last built, not of the plan (_own_pages)


def interface_languages(site: Site) -> list[str]:
    """The languages the theme's words are shown in: the site's, and each edition's."""
    return [site.config.site.language, *sorted({e for e in site.edition_of if e})]


def leads(page: Page) -> bool:
    """A front page whose first story leads, shown with its standfirst (index.html)."""
    return page.kind == "index" and page.number == 1 and bool(page.articles)


def _plan_key(art: Article) -> Article:
    """An article less its body: when this is unchanged, the site plan (order, URLs, taxonomies) is
    unchanged too, and so are its listings but for what they show of the body (see listed())."""
    return replace(art, body="", digest="")


@dataclass(frozen=True)
class LastPlan:
    site: Site
    fingerprints: dict[str, str]
    assets: dict[str, str]
    inputs: str                         # the build's input digest (State.inputs) when it was made
    others: str
    theme: _ThemeFacts                  # Theme digests, closure and shows, valid while `others` is
    until: datetime | None
    count: int                          # content files, drafts and future ones included
    index: dict[str, int]               # article path -> index in site.articles
    full_deps: "_Deps"                  # article index -> pages that show its full text
    layout_id: str = ""                 # names the site's layout in the cache; kept by a replan
    preview: tuple[str, ...] = ()       # what it publishes that a plain build would not (Builder._preview)
    # made while a story could not be read: pages that needed its body were left as they were, which
    # only a full plan's comparison of every page renders again once it is fixed (never replanned)
    partial: bool = False

    @classmethod
    def of(cls, site: Site, fingerprints: dict[str, str], assets: dict[str, str], inputs: tuple[str, str],
           theme: _ThemeFacts, until: datetime | None,
           previous: "LastPlan | None" = None, deps: "_Deps | None" = None,
           preview: tuple[str, ...] = (), partial: bool = False) -> "LastPlan":
        """`deps`: _Deps(site.pages), when the caller made it already (see Builder.render_and_write)."""
        if previous is not None:  # same plan as before: the indexes still hold
            index, full_deps = previous.index, previous.full_deps
        else:
            index = {path: i for i, path in enumerate(_paths(site.articles))}
            full_deps = deps if deps is not None and deps.pages is site.pages else _Deps(site.pages, theme[2])
        return cls(site, fingerprints, assets, inputs[0], inputs[1], theme, until,
                   site.left_out_total + len(site.articles), index, full_deps,
                   previous.layout_id if previous is not None else _layout_id(inputs[0], site), preview, partial)

    def dump(self, layout: bool) -> tuple[dict | None, dict]:
        """For the cache, as plain JSON: the site's layout (saved only when it is a new plan) and
        the rest. The articles are the cache's own rows, the fingerprints its state's."""
        site = self.site
        rest = {"inputs": self.inputs, "others": self.others, "layout": self.layout_id,
                "until": self.until.isoformat() if self.until else None, "now": site.now.isoformat() if site.now else None,
                "preview": self.preview, "partial": self.partial}
        if not layout:
            return None, rest
        return _layout(site, self.layout_id, self.full_deps, self.assets, self.theme), rest

    @classmethod
    def restore(cls, cache: BuildCache, config: Config,
                load: Callable[[list[str]], dict[str, Article]] | None = None) -> "LastPlan | None":
        """The plan the cache describes (see dump), or None if any part of it is missing. Its
        articles are read from the cache (`load`) only when a page needs them."""
        saved = cache.saved_plan(cache.state.inputs)
        if saved is None:
            return None
        layout, rest = saved
        try:
            site = _saved_site(cache, config, layout, rest, load)
            if site is None:
                return None
            # every output but the static files and pictures is a page (see _record)
            fingerprints = cache.state.page_prints()
            if len(fingerprints) != layout["count"]:
                return None
            theme = (dict(layout["theme"][0]), {k: set(v) for k, v in layout["theme"][1].items()},
                     frozenset(layout["theme"][2]))
            until = datetime.fromisoformat(rest["until"]) if rest["until"] else None
            preview = _saved_preview(rest["preview"])
            partial = rest.get("partial") is not False   # a plan saved without it: planned anew
        except (KeyError, TypeError, ValueError, IndexError):
            return None
        plan = cls.of(site, fingerprints, dict(layout["assets"]), (rest["inputs"], rest["others"]), theme, until,
                      preview=preview, partial=partial)
        return replace(plan, layout_id=layout["id"])


def _saved_preview(saved: object) -> tuple[str, ...]:
    if not (isinstance(saved, tuple) and all(kind in PREVIEWS for kind in saved)):
        raise ValueError(f"not a preview: {saved!r}")
    return saved


def _saved_site(cache: BuildCache, config: Config, layout: dict, rest: dict,
                load: Callable[[list[str]], dict[str, Article]] | None) -> Site | None:
    """The site a saved layout describes, its pages and listings read from the cache when needed;
    None when the layout's fields, articles, pages or listings are not the cache's. A layout that
    is not one raises KeyError, TypeError, ValueError or IndexError (LastPlan.restore catches them)."""
    if layout["fields"] != [_FIELDS[Page], _FIELDS[Term]]:
        return None
    terms = {name: {key: _unrow(Term, r) for key, r in layout["terms"][name]}
             for name in ("tags", "authors", "months", "sections")}
    paths = tuple(layout["paths"])
    if not cache.holds(paths):
        return None
    articles = LazyArticles(paths, load or cache.rows)
    count = layout["count"]
    if not isinstance(count, int) or cache.page_count() != count:
        return None
    pages = SavedPages(cache, count, _saved_editions(layout.get("feed_editions")))
    listed = _Listed(cache, len(paths))
    if layout["listed"] != len(paths) or cache.listed_count() != len(paths):
        return None
    return Site(config, articles, tuple(layout["urls"]),
                SavedRelated(listed), terms["tags"], terms["authors"], terms["months"],
                pages, dict(layout["left_out"]),
                datetime.fromisoformat(rest["now"]) if rest["now"] else None,
                sections=terms["sections"], labels=SavedLabels(listed, bool(layout["labelled"])),
                warnings=tuple(layout["warnings"]), edition_of=tuple(layout["edition_of"]),
                around=tuple(tuple(x) for x in layout["around"]),
                translations=tuple(tuple(x) for x in layout["translations"]), ahead=tuple(layout.get("ahead", ())),
                quiet_sections={key: _unrow(Term, r) for key, r in layout.get("quiet_sections", ())},
                drafted=tuple((e, datetime.fromisoformat(when)) for e, when in layout.get("drafted", ())),
                kept_tags={key: _unrow(Term, r) for key, r in layout.get("kept_tags", ())},
                kept_authors={key: _unrow(Term, r) for key, r in layout.get("kept_authors", ())},
                tag_slugs=dict(layout["tag_slugs"]), author_slugs=dict(layout["author_slugs"]))


def _saved_editions(saved: object) -> set[str] | None:
    """The feeds' editions a layout saved (None for a layout saved before them: its rows are asked)."""
    if saved is None:
        return None
    if not (isinstance(saved, list) and all(isinstance(e, str) for e in saved)):
        raise ValueError(f"not editions: {saved!r}")
    return set(saved)


_FIELDS = {cls: [f.name for f in fields(cls)] for cls in (Page, Term)}


EARLY_LAYOUT_MAX = 50_000  # pages: above, the rows (some 350 bytes a page in memory while rendering) wait for the end


class _EarlyLayout:
    """A new plan's layout for the cache, encoded (cache.encode_layout) while the render workers
    run: it depends on the plan alone, and at the end of a build, where _record saved it, every
    core but one is idle (3,646 page rows at 1,000 articles, a third of the build's serial end).
    `rows` stays None when the workers did not run in other processes: _record encodes it then."""

    def __init__(self, site: Site, layout_id: str, assets: dict[str, str],
                 theme: _ThemeFacts):
        self.site, self.layout_id, self.assets, self.theme = site, layout_id, assets, theme
        self.deps: _Deps | None = None
        self.rows: EncodedLayout | None = None

    def encode(self, cache: BuildCache) -> None:
        """Encode the rows, and on a cold build write them into the file that becomes the cache."""
        self.deps = _Deps(self.site.pages, self.theme[2])
        self.rows = encode_layout(_layout(self.site, self.layout_id, self.deps, self.assets, self.theme), now=True)
        cache.stage_layout(self.rows)


def _layout_id(inputs: str, site: Site) -> str:
    """Names a new plan's layout in the cache (LastPlan.layout_id)."""
    return digest(inputs, len(site.pages))


def _layout(site: Site, layout_id: str, deps: _Deps, assets: dict[str, str],
            theme: _ThemeFacts) -> dict:
    """A plan's layout for the cache, as plain JSON (see LastPlan.dump): it depends on the plan
    alone, so a build can encode it while its pages render (Builder.render_and_write)."""
    terms = {name: [[key, _row(t)] for key, t in table.items()]
             for name, table in (("tags", site.tags), ("authors", site.authors), ("months", site.months),
                                 ("sections", site.sections))}
    pages = site.pages
    if isinstance(pages, SavedPages):  # not expected (a restored plan is saved already), but whole
        pages = tuple(pages)
        deps = _Deps(pages, theme[2])
    return {"id": layout_id, "fields": [_FIELDS[Page], _FIELDS[Term]], "paths": _paths(site.articles),
            "urls": site.urls, "related": list(site.related), "pages": [(p.output, _row(p)) for p in pages],
            "deps": deps.rows, "terms": terms,
            "left_out": site.left_out, "assets": assets,
            "labels": list(site.labels), "warnings": site.warnings, "edition_of": site.edition_of,
            "around": site.around, "translations": site.translations, "ahead": site.ahead,
            "quiet_sections": [[key, _row(t)] for key, t in site.quiet_sections.items()],
            "drafted": [[e, when.isoformat()] for e, when in site.drafted],
            "kept_tags": [[key, _row(t)] for key, t in site.kept_tags.items()],
            "kept_authors": [[key, _row(t)] for key, t in site.kept_authors.items()],
            "tag_slugs": site.tag_slugs, "author_slugs": site.author_slugs,
            # views' kept_editions asks them of every edit: from the rows, a query over all 177,211 pages at 100,000 articles
            "feed_editions": sorted({p.edition for p in pages if p.kind == "feed"}),
            "theme": [theme[0], {k: sorted(v) for k, v in theme[1].items()}, sorted(theme[2])]}


def _redone(todo: list[Page], staged: Staged, state: State, output: str) -> set[str]:
    """Pages rendered anew whose bytes public/ held already, in a file another sitegen wrote since
    this build's record: a `watch` or `serve` build, whose search index waits for the site to be
    quiet. Their shard is indexed as if they were written now (it kept the old text). A page whose
    file is as recorded (a story's related list, same bytes) costs its shard nothing."""
    return {page.output for page in todo if page.output not in staged and state.rewritten(page.output, output)}


class _Prints(MutableMapping):
    """Pages' fingerprints: the last plan's, with a rebuild's changes over them, so each rebuild
    copies its few changes instead of 200,000 entries (the pages stay the last plan's)."""

    def __init__(self, base: Mapping[str, str]):
        self.base: Mapping[str, str] = base.base if isinstance(base, _Prints) else base
        self.changes: dict[str, str] = dict(base.changes) if isinstance(base, _Prints) else {}

    def __getitem__(self, rel: str) -> str:
        found = self.changes.get(rel)
        return self.base[rel] if found is None else found

    def __setitem__(self, rel: str, fingerprint: str) -> None:
        self.changes[rel] = fingerprint

    def __delitem__(self, rel: str) -> None:
        raise TypeError("a plan's pages are not removed by a rebuild")

    def __contains__(self, rel: object) -> bool:
        return rel in self.changes or rel in self.base

    def __iter__(self) -> Iterator[str]:
        return iter(self.base)

    def __len__(self) -> int:
        return len(self.base)


class _Head(NamedTuple):
    date: datetime
    language: str


class SavedPages(Sequence):
    """site.pages of a plan restored from the cache: each page is read from its row (cache.py's
    `pages` table) and made a Page when a rebuild uses it: one edit renders a few of 200,000
    pages at 100,000 articles, and decoding them all took seconds and 500 MB."""

    KEEP = 1024

    def __init__(self, cache: BuildCache, count: int, feeds: set[str] | None = None):
        self.cache, self.count = cache, count
        self._recent: OrderedDict[int, Page] = OrderedDict()
        self._editions: dict[str, set[str]] = {}  # editions_of's: the rows of a saved plan do not change
        if feeds is not None:  # saved with the layout (_layout): an edit reads no row for them
            self._editions["feed"] = feeds

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.many(range(*index.indices(self.count)))
        if index < 0:
            index += self.count
        if not 0 <= index < self.count:
            raise IndexError(index)
        return self.many([index])[0]

    def many(self, numbers: Iterable[int]) -> list[Page]:
        """Pages by number, read in one query (ValueError when a row is missing or damaged)."""
        numbers = list(numbers)
        missing = [n for n in numbers if n not in self._recent]
        for n, row in self.cache.page_rows(missing).items():
            self._recent[n] = _unrow(Page, row)
        out = [self._recent[n] for n in numbers]
        while len(self._recent) > self.KEEP:
            self._recent.popitem(last=False)
        return out

    def editions_of(self, kind: str) -> set[str]:
        """The editions of the pages of `kind` (views' kept_editions: the feeds'), read from the rows
        by SQLite, not by making each of 200,000 pages a Page."""
        if kind not in self._editions:
            names = _FIELDS[Page]
            self._editions[kind] = self.cache.page_values(names.index("edition"), names.index("kind"), kind)
        return self._editions[kind]

    def __iter__(self) -> Iterator[Page]:
        for n, row in enumerate(self.cache.page_column("data")):
            if n >= self.count:
                raise ValueError("the plan's pages have more rows than it says")
            yield _unrow(Page, row)

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # like a list

    def outputs(self) -> list[str]:
        return self.cache.page_outputs(self.count)


class _Listed:
    """Each article's related stories and label in a restored plan, read from the cache's rows
    (the `listed` table) when a page shows the article: 100,000 of each took 0.5 s to decode."""

    KEEP = 4096

    def __init__(self, cache: BuildCache, count: int):
        self.cache, self.count = cache, count
        self._recent: OrderedDict[int, tuple[tuple[int, ...], tuple[str, str] | None]] = OrderedDict()

    def many(self, indices: Iterable[int]) -> list[tuple[tuple[int, ...], tuple[str, str] | None]]:
        indices = list(indices)
        if any(not 0 <= i < self.count for i in indices):
            raise IndexError(indices)
        missing = [i for i in indices if i not in self._recent]
        for i, (related, label) in self.cache.listed_rows(missing).items():
            if not isinstance(related, list) or not all(type(j) is int for j in related) or not (
                    label is None or (isinstance(label, list) and len(label) == 2 and all(isinstance(x, str) for x in label))):
                raise ValueError("the plan's articles: a damaged row")
            self._recent[i] = (tuple(related), tuple(label) if label is not None else None)
        out = [self._recent[i] for i in indices]
        while len(self._recent) > self.KEEP:
            self._recent.popitem(last=False)
        return out

    def all(self) -> Iterator[tuple[tuple[int, ...], tuple[str, str] | None]]:
        for start in range(0, self.count, _LISTED_BATCH):
            yield from self.many(range(start, min(start + _LISTED_BATCH, self.count)))


_LISTED_BATCH = 500


class SavedRelated(Sequence):
    """site.related of a restored plan (see _Listed)."""

    def __init__(self, listed: _Listed):
        self.listed = listed

    def __len__(self) -> int:
        return self.listed.count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [r for r, _ in self.listed.many(range(*index.indices(len(self))))]
        return self.listed.many([index + len(self) if index < 0 else index])[0][0]

    def __iter__(self) -> Iterator[tuple[int, ...]]:
        return (r for r, _ in self.listed.all())


class SavedLabels(Sequence):
    """site.labels of a restored plan (see _Listed); empty when the plan had no labels."""

    def __init__(self, listed: _Listed, labelled: bool):
        self.listed, self.labelled = listed, labelled

    def __len__(self) -> int:
        return self.listed.count if self.labelled else 0

    def __getitem__(self, index):
        if not self.labelled:
            raise IndexError(index)
        if isinstance(index, slice):
            return [label for _, label in self.listed.many(range(*index.indices(len(self))))]
        return self.listed.many([index + len(self) if index < 0 else index])[0][1]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return (label for _, label in self.listed.all()) if self.labelled else iter(())


def lede_templates(shows: Iterable[str]) -> tuple[set[str], set[str]]:
    """The templates whose pages show the lede of each story they list, and of their first only
    (render.LEDE_ON, LEDE_FIRST_ON: a site's own templates calling teaser(..., lead=))."""
    from .render import LEDE_FIRST_ON, LEDE_ON  # loaded with the theme
    return ({s.removeprefix(LEDE_ON) for s in shows if s.startswith(LEDE_ON)},
            {s.removeprefix(LEDE_FIRST_ON) for s in shows if s.startswith(LEDE_FIRST_ON)})


class _Deps:
    """Article index -> the pages that show its full text: its own page, the feeds carrying it,
    the front page it leads (the lead's standfirst may come from its body) and the pages of a
    site's templates that lead with it (lede_templates of `shows`, the theme's). For a restored
    plan, read from the cache per article (the `deps` table)."""

    def __init__(self, pages: tuple[Page, ...] | SavedPages, shows: Iterable[str] = ()):
        self.pages = pages
        self.rows: dict[int, list[int]] = {}
        if isinstance(pages, SavedPages):
            return
        every, first = lede_templates(shows)
        for n, page in enumerate(pages):
            if page.kind in ("article", "feed") or page.template in every:
                for i in page.articles:
                    self.rows.setdefault(i, []).append(n)
            elif leads(page) or (page.template in first and page.articles):
                self.rows.setdefault(page.articles[0], []).append(n)

    def get(self, index: int, default=()) -> list[Page]:
        if isinstance(self.pages, SavedPages):
            return self.pages.many(self.pages.cache.page_deps(index)) or list(default)
        found = self.rows.get(index)
        return [self.pages[n] for n in found] if found else list(default)


def _pages_at(pages: tuple[Page, ...] | SavedPages, outputs: set[str]) -> list[Page]:
    """The pages whose output is one of `outputs` (a restored plan reads just those rows)."""
    if not outputs:
        return []
    numbers = [n for n, rel in enumerate(_outputs(pages)) if rel in outputs]
    return pages.many(numbers) if isinstance(pages, SavedPages) else [pages[n] for n in numbers]


def _outputs(pages: tuple[Page, ...] | SavedPages) -> list[str]:
    return pages.outputs() if isinstance(pages, SavedPages) else [p.output for p in pages]


def _paths(articles: tuple[Article, ...] | LazyArticles) -> list[str]:
    return list(articles.paths) if isinstance(articles, LazyArticles) else [a.path for a in articles]


def _row(obj: Page | Term) -> list:
    return list(_GETTERS[type(obj)](obj))


_GETTERS = {cls: attrgetter(*names) for cls, names in _FIELDS.items()}  # a row's fields in one C call


def _saved_listings(layout: dict | None) -> tuple[dict[str, dict[str, Term]], list[str]] | None:
    """The last plan's listing terms, by table, and its articles' paths, from the cache's `layout`;
    None when there is none, or it is not of the shape this sitegen writes (an older sitegen's, a
    damaged file): gone_listings hashes and compares those fields, so each is checked here."""
    try:
        layout = layout if layout is not None else {}
        terms = {table: {k: _unrow(Term, row) for k, row in layout["terms"][table]} for table, *_ in LISTINGS}
        paths = layout["paths"]
    except (KeyError, TypeError, ValueError):
        return None
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        return None
    for term in (t for table in terms.values() for t in table.values()):
        if not (isinstance(term.name, str) and isinstance(term.slug, str) and isinstance(term.url, str)
                and all(type(i) is int and i >= 0 for i in term.articles)):
            return None
    return terms, paths

def _unrow(cls: type, row: list):
    """A saved Page or Term (its one list field, `articles`, made a tuple again), made without
    the frozen dataclass's __init__: 200,000 pages at 100,000 articles, in a third of the time."""
    names = _FIELDS[cls]
    if not isinstance(row, list) or len(row) != len(names):
        raise ValueError(f"a saved {cls.__name__} that is not a row of {len(names)} fields")
    obj = object.__new__(cls)
    obj.__dict__.update(zip(names, row))
    if not isinstance(obj.articles, list) or (cls is Page and not all(type(i) is int for i in obj.articles)):
        raise ValueError(f"a saved {cls.__name__} whose articles are not indices")
    obj.__dict__["articles"] = tuple(obj.articles)
    return obj


# A page's own fields but its stories' indices into site.articles, which a story newer than all shifts
# by one on every page (review43d: adding one re-rendered all 5,650 pages of 2,000 stories for 213
# written): which stories it shows, in which order, and what of each, is in Fingerprints.page's `shown`.
_page_parts = attrgetter(*(name for name in _FIELDS[Page] if name != "articles"))


def _page_repr(page: Page) -> str:
    return repr(_page_parts(page))


def listed(art: Article, words_per_minute: int, words: bool, lede: bool, reading: bool) -> tuple:
    """What an ArticleView (views.Views._article) takes from the article itself, less its body: every
    field a teaser, a list or a neighbour's link can show (its authors' and topics' links are
    Fingerprints._term_links'). Its reading time in minutes and its word count only for a theme that
    shows them outside the story's own page (Theme.shows), as edits of the body change them;
    likewise the file's digest (for the lede, the body's first sentences) only for a theme that
    shows the lede in its teasers."""
    return (art.title, art.summary, art.date, art.updated, art.modified, art.language,
            reading_minutes(art.words, words_per_minute) if reading else -1, art.words if words else -1,
            art.image, art.image_alt,
            art.image_caption, art.image_credit, art.corrections, art.has_time, art.updated_has_time,
            art.date_known, art.timezone, art.section, art.from_seed, art.digest if lede else "", art.extra)


class Fingerprints:
    """Each output's inputs, hashed: what the page shows of each article, its templates, config."""

    ALWAYS = frozenset({"sitemap", "sitemap_index", "news_sitemap", "robots", "headers", "404", "search"})  # cheap: always rendered

    def __init__(self, site: Site, config: Config, assets: dict[str, str], memo: dict[tuple, str], theme: Theme,
                 pictures: images.ImageSet | None = None):
        self.site, self.theme, self.memo = site, theme, memo
        if pictures is None:
            from .images import ImageSet
            pictures = ImageSet()
        self.pictures = pictures
        # the section menu on every page ([name, url, count]): its counts only for a theme that shows them
        menu = tuple((t.name, t.url, len(t.articles) if "section counts" in theme.shows else 0)
                     for t in site.sections.values())
        # the editions for the switcher on every page
        # (and whether the logo is the card picture of pages without one: a new logo file changes it)
        photos = pictures.authors_digest()   # (none: the digest as before authors' photos were processed)
        # what url() reads beyond the path (a sub-path's own folder, root/'s files on a site with editions, rf50b 3)
        from .assets import root_files
        from .views import url_inputs
        urls = url_inputs(site, assets, pictures, lambda: root_files(config, []))
        # (and whether the logo is the theme's placeholder, no publisher's in the JSON-LD: by its content, rr55d 5)
        self.base = digest(config, sorted(assets.items()), sorted(set(site.edition_of)), menu, pictures.logo_card,
                           placeholder_logo(config),
                           *([photos] if photos else []), *([urls] if any(urls) else []))
        self._listed: dict[int, str] = {}  # this build's, by index: a page asks for a dozen
        self._ends: dict[str, tuple[str, str]] = {}  # template -> the reprs around a page's own parts
        # page kind -> its terms (made once, not a dict a page)
        self._terms = {"tag": site.tags, "author": site.authors, "archive": site.months, "section": site.sections}
        self._indexes = {"tags": site.tags, "authors": site.authors, "archives": site.months}
        self._links: dict[tuple[int, str, str], str] = {}  # see _term_links
        self._counts = "term counts" in theme.shows  # the story counts of its authors, topics, label
        self._scripts: dict[tuple[str, str], tuple[str, str]] = {}  # see _script
        self._template_dirs, self._words = config.template_dirs(), {}   # see _words_of
        self._shown = (config.build.words_per_minute, "words" in theme.shows, "lede" in theme.shows,
                       "reading time" in theme.shows)  # see listed()
        # templates whose pages show the lede of the stories they tease (render.LEDE_ON): keyed on their bodies
        self._ledes, self._first_ledes = lede_templates(theme.shows)

    def listing(self, index: int) -> str:
        """What a list, a teaser or a feed entry shows of an article: all its view shows but the body
        (what the article alone decides memoised across builds)."""
        found = self._listed.get(index)
        if found is None:
            found = self._listed[index] = self._listing(index)
        return found

    def _listing(self, index: int) -> str:
        site = self.site
        url, art = site.urls[index], site.articles[index]
        key = (url, art.digest, self.pictures.digest_of(art), self._shown)  # a replaced picture has a new key
        own = self.memo.get(key)
        if own is None:
            own = self.memo[key] = digest(url, key[2], listed(art, *self._shown))
        # the names, URLs (and story counts) of its authors, topics and label follow other stories
        label = site.labels[index] if site.labels else ("", "")
        return digest_text(own + self._term_links(index, art) + self._label(label))

    def _term_links(self, index: int, art: Article) -> str:
        """(name, heading, url, count) of each of an article's authors and tags, as Views._term_links shows
        them, as text (the count only for a theme that shows it), with their lang and dir there (one
        story of a topic turned English unmarks it on its Hebrew stories' pages); each made once
        a build (thousands of stories share an author or a topic)."""
        links, edition, out = self._links, self.site.edition(index), []
        for terms, names in ((self.site.authors, art.authors), (self.site.tags, art.tags)):
            for name in names:
                found = links.get((id(terms), edition, name))
                if found is None:
                    term = self.site.term(terms, index, name)
                    count = len(term.articles) if self._counts else -1
                    # the name as this story spells it (its byline, views._term_link) and the page's heading:
                    # a story re-spelt 'Jose Garcia' under an unchanged heading kept 'José García' in lists (rf50h 3)
                    script = self._script(term, self._words_of(edition))
                    found = f"{name!r}\x1e{term.name!r}\x1e{term.url!r}\x1e{count}\x1e{script!r}\x1d"  # repr(): no separator forged
                    links[id(terms), edition, name] = found
                out.append(found)
            out.append("\x1c")
        return "".join(out)

    def _words_of(self, edition: str) -> str:
        """The language of the theme's words on an edition's pages (Views.words_language)."""
        found = self._words.get(edition)
        if found is None:
            from .i18n import words_language   # not before the parse child forks (see _load_renderer)
            found = self._words[edition] = words_language(self._template_dirs, edition or self.site.config.site.language)
        return found

    def _script(self, term: Term, language: str) -> tuple[str, str]:
        """term_script, once a build per topic and language (a topic's pages each ask)."""
        found = self._scripts.get((term.url, language))
        if found is None:
            found = self._scripts[term.url, language] = term_script(self.site, term, language)
        return found

    def _label(self, label: tuple[str, str]) -> str:
        """repr() of (name, url, count) of an article's label, as Views._label shows it (the count
        only for a theme that shows it)."""
        kind, slug = label
        if not kind:
            return ""
        term = (self.site.sections if kind == "section" else self.site.tags)[slug]
        return repr((term.name, term.url, len(term.articles) if self._counts else -1))

    def page(self, page: Page) -> str:
        if page.kind in self.ALWAYS:
            return ""  # never 'fresh': re-rendered every build, written only if the bytes differ
        site, L = self.site, self.listing
        if page.kind == "article":
            i = page.articles[0]
            # newer and older each in its place (None: no such story): one story's two sides told apart, a
            # neighbour gone from one side to the other (a file renamed beside one of its date) renders it (rr54b 3)
            around = tuple(L(j) if 0 <= j < len(site.articles) else None for j in site.neighbours(i))
            others = site.translations[i] if site.translations else ()
            art = site.articles[i]
            shown: tuple = (art.digest, L(i), tuple(L(j) for j in site.related[i]), around, tuple(L(j) for j in others))
            if art.body_links:  # the URLs its links to other stories' files became (site.link_urls)
                shown += (site.link_urls(art),)
            if others:   # which are originals: x-default may name the original (views._default_version), and a
                # 'translation_of:' moved between two others left this one naming the old (rr54f 2); and how many
                # are newer: hreflang names the newest of a language (language_versions), and a file renamed
                # past a version of its language and date moved that name off or onto this page (rr55a 1)
                shown += (tuple(not site.articles[j].translation_of for j in others), sum(j < i for j in others))
            if site.held(i):   # noindex until the clock passes its date (valid_until ends the plan then)
                shown += ("held",)
        elif page.kind == "feed" and not page.articles:   # an empty one says its edition's newest change
            shown = (site.newest_change(page.edition),)
            # the one whose address it is: a kept tag and a kept author may share a key ('ann-lee', rev56a 6)
            kept = next((t for t in (site.kept_tags.get(page.term), site.kept_authors.get(page.term))
                         if t is not None and page.url.startswith(t.url)), None) if page.term else None
            if kept is not None:   # and a kept tag's or author's its name, as its drafts spell it (feed_info)
                shown += (kept.name,)
        elif page.kind == "feed":
            shown = tuple((a.digest, L(i), site.link_urls(a)) if (a := site.articles[i]).body_links else (a.digest, L(i))
                          for i in page.articles)
        elif page.kind == "alias":  # a redirect shows the story's address and headline
            art = site.articles[page.articles[0]] if page.articles else None  # else site.toml's: its term
            shown = (site.urls[page.articles[0]], art.title, art.language) if art is not None else ()
        elif page.kind in ("tags", "authors"):   # a name is marked with its stories' language (term_script)
            language = page.edition or site.config.site.language
            shown = tuple((t.name, t.url, len(t.articles), self._script(t, language))
                          for t in self._indexes[page.kind].values())
        elif page.kind in self._indexes:
            shown = tuple((t.name, t.url, len(t.articles)) for t in self._indexes[page.kind].values())
        else:  # a list: what it shows of each story, and the lead's standfirst (only index pages lead)
            shown = tuple(map(L, page.articles))
            if leads(page):
                lead = site.articles[page.articles[0]]
                shown += ("" if lead.summary else self._lede(lead),)
            if page.template in self._ledes:
                shown += tuple(site.articles[i].digest for i in page.articles)
            elif page.template in self._first_ledes and page.articles:
                shown += (site.articles[page.articles[0]].digest,)
        terms = self._terms.get(page.kind)
        term = terms.get(page.term) if terms is not None else None
        # a term page shows its article count too ("6 stories"), which changes when page 2 gains one
        counted = (term.name, len(term.articles)) if term else ""
        if page.kind in ("tag", "author") and term:   # its heading's lang and dir (term_script)
            counted += self._script(term, page.edition or site.config.site.language)
        # digest(self.base, page, counted, shown, the template's fingerprint), the reprs of the first
        # and last (the same on every page of a template: 20-odd hashes) made once
        ends = self._ends.get(page.template)
        if ends is None:
            ends = self._ends[page.template] = (repr(self.base) + "\x1f",
                                                "\x1f" + repr(self.theme.fingerprint(page.template)) + "\x1f")
        return digest_text(f"{ends[0]}{_page_repr(page)}\x1f{counted!r}\x1f{shown!r}{ends[1]}")

    def all(self) -> dict[str, str]:
        return {p.output: self.page(p) for p in self.site.pages}

    def _lede(self, lead: Article) -> str | None:
        """The lead's standfirst; None (a fingerprint no page has) if its file changed since it was
        parsed: the next build parses it again and renders this page."""
        try:
            config = self.site.config
            return lede(article_body(config.path("content"), lead), html=config.build.allow_html and not lead.from_seed)
        except ContentError:
            return None


# Rendering, in worker processes -------------------------------------------------------------------
@dataclass(frozen=True)
class RenderJob:
    """What every worker needs; inherited through fork, never pickled."""
    site: Site
    assets: dict[str, str]
    theme: Theme
    stage: Stage
    prints: Fingerprints | None     # set on a first build: workers fingerprint what they render
    pictures: images.ImageSet
    own: tuple[str, ...] = ()       # write.own_files: for _headers


Staged = dict[str, "tuple[int, int] | None"]   # output -> (size, mtime_ns) of the staged file
# the render errors that are a story changed since it was parsed (ChangedWhileBuilt) -> (the page's
# output, the story's file as shown: content/x.md); BuildResult.raced keeps the file
Raced = dict[str, tuple[str, str]]
_worker: tuple[Renderer, RenderJob] | None = None  # per worker process, set once by _init_worker


def _init_worker(job: RenderJob) -> None:
    from .render import Renderer
    global _worker
    _worker = (Renderer(job.site, job.assets, job.theme.env, job.pictures, job.own), job)


def _render_chunk(pages: list[Page]) -> tuple[Staged, list[str], dict[str, str], Raced]:
    """What was staged, the errors, the fingerprints (job.prints) and the errors that are a story
    changed since it was parsed, with the page's output and the story's file (see Raced)."""
    from .render import RenderError, RenderStopped, limited
    assert _worker is not None
    renderer, job = _worker
    staged: Staged = {}
    errors: list[str] = []
    raced: Raced = {}
    seconds = limited()   # a page's time limit (render.page_time_limit), looked up once a chunk
    for page in pages if not renderer.stopped else ():
        try:
            if seconds:
                signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
            renderer.big.clear()   # (the warmed renderer's, inherited)
            try:
                html = renderer.render(page)
            finally:
                if seconds:
                    signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            if page.output in renderer.big:   # a warning, said by every build until fixed (see _oversize)
                errors.append(f"{BIG}{page.output}{BIG}{renderer.big[page.output]}")
            written = job.stage.put(page.output, html)
            if written:
                staged[page.output] = written
        except RenderStopped as exc:  # a template with no end: each page after would wait as long (the build fails)
            errors.append(str(exc) + _story_of(job.site, page, exc))
            renderer.stopped = True
            break
        except RenderError as exc:
            errors.append(str(exc) + _story_of(job.site, page, exc))
        except WriteError as exc:
            errors.append(_write_error(job, page, exc))
        except ChangedWhileBuilt as exc:
            file = f"{job.site.config.paths.content}/{exc.path}"
            errors.append(f"{page.url}: {file}: {exc.message}")
            raced[errors[-1]] = (page.output, file)
        except OSError as exc:  # the disk, not the page: one message, and no use trying the next pages
            errors.append(_os_error(exc))
            break
        except Exception as exc:  # noqa: BLE001 - one bad page must not hide the others' errors
            errors.append(f"{page.url}: {type(exc).__name__}: {exc}")
    prints = {page.output: job.prints.page(page) for page in pages} if job.prints else {}
    return staged, errors, prints, raced


CHUNK = 100          # pages a worker renders between progress reports, at most
LAST_CHUNK = 8       # pages, at least: the chunks the workers end with (see _next_chunk)
ARTICLE_COST = 3     # an article page costs about three list pages (Markdown, full view, more markup)


def _chunks(pages: list[Page], size: int = CHUNK) -> list[list[Page]]:
    return [pages[i:i + size] for i in range(0, len(pages), size)]


def _skipped_folder(rel: str) -> bool:
    """Whether a content path is inside a folder the scan skips (hidden or private: '_drafts/')."""
    return any(part[:1] in "._#" for part in rel.split("/")[:-1])


def render_pages(job: RenderJob, pages: list[Page], workers: int, progress: bool,
                 meanwhile: Callable[[], None] | None = None
                 ) -> tuple[Staged, list[str], dict[str, str], Raced]:
    """Render and stage `pages`; what was staged, the errors, (with job.prints) fingerprints, and
    the errors that are a story changed while it was built (see _render_chunk).
    `meanwhile`: this process's own work, done while worker processes render, if any do."""
    from .render import page_time_limit
    global _worker
    staged: Staged = {}
    errors: list[str] = []
    prints: dict[str, str] = {}
    raced: Raced = {}
    bar = _progress(len(pages), progress)
    with page_time_limit():   # before _warm and the fork: the workers inherit its handler
        stopped = []
        if workers > 1:
            job.theme.preload()  # before the freeze: the compiled templates are shared read-only too
            stopped = _warm(job, pages)
        # The site is read-only from here on: freezing its objects keeps the garbage collector from
        # walking them after every few thousand allocations and, after fork, from copying the pages
        # they sit on into every worker (measured: 15% less CPU at 10,000 articles).
        gc.freeze()
        try:
            if stopped:  # a page with no end: the workers would each wait as long on it
                results: Iterable[tuple[Staged, list[str], dict[str, str], Raced, int]] = [
                    ({}, stopped, {}, {}, len(pages))]
            elif workers <= 1:
                _init_worker(job)
                results = ((*_render_chunk(chunk), len(chunk)) for chunk in _chunks(pages))
            else:
                results = _render_parallel(job, pages, workers, meanwhile)
            for s, e, p, r, n in results:
                staged.update(s)
                errors += e
                prints.update(p)
                raced.update(r)
                bar.update(n)
        finally:
            gc.unfreeze()  # a watcher's next build must be able to collect this site
            bar.close()
            _worker = None  # the renderer (a serial build's, or the warmed one): a watcher keeps no site between builds
    errors, said = _dedupe(errors)
    return staged, errors, prints, {said[e]: r for e, r in raced.items()}   # as the errors say them


WARM_KINDS = ("article", "tag", "feed")


def _warm(job: RenderJob, pages: list[Page]) -> list[str]:
    """The renderer made here, once, for the forked workers to inherit, and one page of each
    common kind rendered with it and thrown away: what the first page of each kind loads lazily
    (Babel and its locale data, the interface catalog, the Markdown parsers' rules, the shared
    chrome) is then loaded once instead of once per worker. A page that fails here is left for its
    worker, which reports it; one stopped for its time (render.PAGE_SECONDS) is returned instead."""
    from .render import RenderStopped, limited
    global _worker
    try:
        _init_worker(job)
    except Exception:  # noqa: BLE001 - each worker makes its own and reports what fails
        _worker = None
        return []
    assert _worker is not None
    renderer, wanted, seconds = _worker[0], set(WARM_KINDS), limited()
    for page in pages:
        if page.kind in wanted:
            wanted.discard(page.kind)
            try:
                if seconds:
                    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
                try:
                    renderer.render(page)
                finally:
                    if seconds:
                        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            except RenderStopped as exc:
                return [str(exc)]
            except Exception:  # noqa: BLE001 - reported when the page is rendered for real
                pass
            if not wanted:
                break
    return []


def _partition(pages: list[Page], parts: int, feeds_apart: bool = False) -> list[list[Page]]:
    """Pages in `parts` stretches of about equal cost, by the date of the stories they show.
    A story's teaser and view are made once per process that shows it: stretches of the archive
    keep many stories in one process instead of every process making every teaser (at 10,000
    articles each of two made the listing of ~70% of the stories). `feeds_apart`: the feeds after
    every other page, in one process (see _feeds_apart). No stretch is empty: a process is forked
    for each, and -j 24 forked 24 for a site with fewer pages to share."""
    keyed = sorted(pages, key=lambda p: (feeds_apart and p.kind == "feed",
                                         p.articles[len(p.articles) // 2] if p.articles else -1))
    costs = [ARTICLE_COST if p.kind == "article" else 1 for p in keyed]
    total, spent = sum(costs) or 1, 0
    out: list[list[Page]] = [[] for _ in range(parts)]
    for page, cost in zip(keyed, costs):
        out[min(parts - 1, spent * parts // total)].append(page)
        spent += cost
    return [part for part in out if part]


def _not_utf8(names: bytes) -> bool:
    """Whether file names, encoded with 'surrogatepass', hold one that is not UTF-8: its bytes were
    read as lone surrogates (U+DC80-U+DCFF), encoded as ED B2 xx or ED B3 xx, which UTF-8 text never
    holds. A memchr of the bytes (ED is rare: Hangul's lead byte), no name looked at one by one."""
    return b"\xed" in names and (b"\xed\xb2" in names or b"\xed\xb3" in names)


def _feeds_apart(site: Site) -> bool:
    """Whether the feeds go together to one process: when it keeps every story's entry heads
    (feeds.ENTRY_MEMO). Only feeds show them, and a feed lists a topic's newest stories, from all
    over the archive: spread by date, each of two processes made most of the heads (3,376 made at
    1,000 articles where 1,992 are needed); together, one makes them (callgrind, rendering the
    two stretches of a cold 1,000-article build: 3,280M -> 3,207M instructions, -2.2%). A larger
    site's heads do not fit: the process with the feeds made as many (20,904 against 21,105 at
    10,000 articles), and 1,754 more views of stories the other had shown."""
    from .feeds import ENTRY_MEMO  # loaded already: the renderer imports it
    return 2 * len(site.articles) <= ENTRY_MEMO  # an Atom and an RSS head a story


def _render_parallel(job: RenderJob, pages: list[Page], workers: int, meanwhile: Callable[[], None] | None = None
                     ) -> Iterable[tuple[Staged, list[str], dict[str, str], Raced, int]]:
    """One forked process per stretch (see _partition); a process that finishes early takes
    chunks from the far end of another's stretch, so a slow core does not hold the build up.
    `meanwhile` runs here once they have started."""
    import queue
    from multiprocessing import get_context
    parts = _partition(pages, workers, _feeds_apart(job.site))
    ctx = get_context("fork")  # children share the site, templates and stage copy-on-write
    bounds = _SharedInts(ctx, [n for part in parts for n in (0, len(part))])  # per stretch: next page, end
    results = ctx.Queue()
    procs = [ctx.Process(target=_work, args=(me, parts, bounds, results, job, os.getpid()), daemon=True)
             for me in range(len(parts))]
    for proc in procs:
        proc.start()
    try:
        if meanwhile is not None:
            meanwhile()
        finished = 0
        while finished < len(procs):
            try:
                item = results.get(timeout=1)
            except queue.Empty:
                dead = [p.exitcode for p in procs if p.exitcode not in (None, 0)]
                if dead:
                    yield {}, [f"a render process died (exit code {dead[0]}); out of memory? try [build] workers = 1"], {}, {}, 0
                    return
                continue
            if item is None:
                finished += 1
            else:
                yield item
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
            proc.join()


class _SharedInts:
    """ints in anonymous shared memory (a forked child's writes are seen by the others) and a lock:
    ctx.Array's job without importing multiprocessing.sharedctypes and ctypes (2.7 ms of the
    parent's CPU between planning and the workers' fork, every core but one idle)."""

    def __init__(self, ctx, values: list[int]):
        from .aside import shared_ints
        self.values = shared_ints(values)
        self._lock = ctx.Lock()

    def get_lock(self):
        return self._lock

    def __getitem__(self, i: int) -> int:
        return self.values[i]

    def __setitem__(self, i: int, value: int) -> None:
        self.values[i] = value


def _work(me: int, parts: list[list[Page]], bounds, results, job: RenderJob, parent: int) -> None:
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops us
    from .aside import die_with
    die_with(parent)
    try:
        if _worker is None or _worker[1] is not job:  # else inherited from _warm
            _init_worker(job)
        while (chunk := _next_chunk(me, parts, bounds)) is not None:
            results.put((*_render_chunk(chunk), len(chunk)))
    except Exception as exc:  # noqa: BLE001 - report, never hang the parent
        results.put(({}, [f"render process failed: {type(exc).__name__}: {exc}"], {}, {}, 0))
    finally:
        results.put(None)


def _next_chunk(me: int, parts: list[list[Page]], bounds) -> list[Page] | None:
    """The next pages of my stretch, else the last pages of the stretch with most left. CHUNK at a
    time while much is left (fewer messages), then fewer: a quarter of each worker's share of
    what is left, down to LAST_CHUNK. A worker that runs out waits only for the other's current
    chunk: with 100 pages a chunk to the end, the two workers of a cold 1,000-article build ended
    a median 28 ms apart at load 7 (one core idle meanwhile); ending in small chunks, 1 ms."""
    with bounds.get_lock():
        left = [bounds[2 * i + 1] - bounds[2 * i] for i in range(len(parts))]
        size = max(LAST_CHUNK, min(CHUNK, sum(left) // (4 * len(parts))))
        if left[me] > 0:
            start = bounds[2 * me]
            bounds[2 * me] = stop = start + min(size, left[me])
            return parts[me][start:stop]
        other = max(range(len(parts)), key=left.__getitem__)
        if left[other] <= 0:
            return None
        stop = bounds[2 * other + 1]
        bounds[2 * other + 1] = start = stop - min(size, left[other])
        return parts[other][start:stop]


BIG = "\x1e"   # around the output of a page over render.PAGE_BYTES, before its warning, among the errors
STORY = "\x1f"   # between a story page's error and the story's file (a unit separator: in no message)
ONE_STORY = "\x1d"   # the same, for an error named with its story only if no other page has it (a partial's)


def _write_error(job: RenderJob, page: Page, exc: WriteError) -> str:
    """A page refused by write.safe_join: through a folder link of the user's in public/ (one made
    since the last build that changed anything, so not yet in the record's foreign files) it is said
    as write.clashes' are, naming the story or setting; it named none (rf47k)."""
    output = job.stage.output
    linked = linked_folder(output, page.output)
    if linked is None:
        return str(exc)
    return clash_error(output, page.output, linked, page, job.site.articles, job.site.config)


def _story_of(site: Site, page: Page, exc: RenderError) -> str:
    """The story a page's error may depend on, for _dedupe to name: the one whose teaser failed,
    else a story page's own; '' for none. A partial's error is marked as such even on a page of no
    story: _dedupe names its story only when every page it failed on is that story's."""
    path = exc.story or (site.articles[page.articles[0]].path if page.kind == "article" and page.articles
                         and not exc.kind_wide else "")
    if exc.in_partial:
        return f"{ONE_STORY}{site.config.paths.content}/{path}" if path else ONE_STORY
    return f"{STORY}{site.config.paths.content}/{path}" if path else ""


def _oversize(errors: list[str]) -> tuple[list[str], dict[str, str]]:
    """The errors less the warnings of pages over render.PAGE_BYTES, and those: output -> warning.
    A warning, not an error: a valid site makes such pages too (a topics index of 94,000 topics, a
    story with a huge table, rf44m); each is recorded as OVERSIZE, so every build renders it again
    and warns until it is fixed, an incremental build as a clean one."""
    big = {}
    for e in errors:
        if e.startswith(BIG):
            output, _, said = e[1:].partition(BIG)
            big[output] = said
    return ([e for e in errors if not e.startswith(BIG)] if big else errors), big


def _dedupe(errors: list[str]) -> tuple[list[str], dict[str, str]]:
    """A broken template fails every page using it: report each message once, with a count and,
    when story pages failed, the first one's file by name: an error that depends on a story's
    data ('article.figure' is none here, so it has no attribute 'captoin') names a story that shows it.
    Returns those and each error given -> as said: what is keyed by an error (Raced) is keyed by
    what the build reports (a raced error said '... (on 2 pages)' was no longer known as raced,
    and a watcher failed a burst of saves instead of building again, review48e)."""
    counts: dict[str, int] = {}
    files: dict[str, str] = {}
    shared: set[str] = set()   # a partial's errors on pages of more than one story, or of none: no story named
    for e in errors:
        e, one, file = _marked(e)
        counts[e] = counts.get(e, 0) + 1
        if one == ONE_STORY and (not file or files.get(e, file) != file):
            shared.add(e)
        if file and (e not in files or file < files[e]):
            files[e] = file
    for e in shared:
        files.pop(e, None)
    said = {e: f"{e} (on {n} pages)" if n > 1 else e for e, n in counts.items()}
    for e, file in files.items():
        said[e] = (f"{said[e][:-1]}, the first {file})" if counts[e] > 1 else f"{e} (on {file}'s page)")
    return list(said.values()), {e: said[_marked(e)[0]] for e in errors}


def _marked(error: str) -> tuple[str, str, str]:
    """(the error, its mark, its story's file): a partial's (ONE_STORY) or a page's (STORY) mark."""
    return error.partition(ONE_STORY if ONE_STORY in error else STORY)


def _progress(total: int, enabled: bool):
    from .progress import bar
    return bar(total, enabled and total >= 500, unit="page", leave=False, dynamic_ncols=True)
