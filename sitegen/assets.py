"""Static files: the theme's templates/static/ and the site's static/, fingerprinted for caching.

`style.css` is published as `style.<hash>.css` so hosts can cache it for a year; templates ask
for `asset('static/style.css')` and get the fingerprinted URL. A stylesheet's relative `@import` and
`url()` of another fingerprinted file are rewritten to that file's published name, and the hash of a
stylesheet covers every fingerprinted file it reaches that way (as Django's ManifestStaticFilesStorage
and Rails' Propshaft do): an edit of `extra.css` gives `style.css`, which imports it, a new name too.
"""
from __future__ import annotations

import bisect
import hashlib
import os
import posixpath
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping
from urllib.parse import quote, unquote

from . import LazyPattern
from .config import CONFIG_FILE, WELL_KNOWN, Config, downloading, leads_out, not_yours, outside_message, published_static
from .write import Refused, Stage, WriteError, settled, source_stamp

FINGERPRINTED = (".css", ".js", ".mjs")   # .mjs: the usual name of a hand-written module (rf48k 2)
# a stylesheet's references: url(x), url("x"), url('x'), and @import "x" / 'x' (its url() form is a url())
REFERENCE = re.compile(r"""(?P<head>(?:url\(\s*|@import\s*(?=["']))(?P<quote>["']?))(?P<ref>[^"')\s]+)(?P=quote)""", re.I)
CSS_COMMENT = LazyPattern(r"/\*.*?\*/", re.S)   # a url() in one is no reference: vendor CSS keeps old ones there
NOT_RELATIVE = LazyPattern(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", re.I)   # data:, https:, //host, /root, #id
# an ES module's imports of a file by path: import "./x.js", import {a} from './x.js', export * from "../x.js",
# import("./x.js"), and new URL("./worker.js", import.meta.url) (a module worker's, rf48k 6), in a template
# literal too (import(`./locales/${lang}.js`): rf49a 8); a bare name ('lodash') is an import map's, never a
# file's path, and is left alone
MODULE_IMPORT = re.compile(r"""(?P<head>(?P<url>\bnew\s+URL\s*\(\s*)?(?(url)|\b(?:from|import)\s*(?:\(\s*)?)(?P<quote>["'`]))"""
                           r"""(?P<ref>(?:\.{1,2}/|/)[^"'`\s]+)(?P=quote)(?(url)(?=\s*,\s*import\.meta\.url\b))""")
# an import map's addresses: its JSON's string values ("lib": "./lib.js"), never its keys (rf48k 3)
IMPORT_MAP_VALUE = re.compile(r"""(?P<head>:\s*(?P<quote>"))(?P<ref>(?:\.{1,2}/|/)[^"\s]+)(?P=quote)""")
# a script's quoted file name that no import takes: pdf.js's 'workerSrc = "./pdfjs/pdf.worker.mjs"', a
# new Worker("w.js"), register("/static/sw.js"); compared with the fingerprinted files' names (rf49a 3)
SCRIPT_STRING = LazyPattern(r"""(?P<quote>["'`])(?P<ref>[^"'`\s:?#]+\.(?:m?js|css))(?:[?#][^"'`\s]*)?(?P=quote)""", re.I)
BARE_IMPORT = LazyPattern(r"""\b(?:from|import)\s*(?:\(\s*)?\Z""")   # what a string after it is: a module name
IMPORT_MAP_TAG = LazyPattern(r"""\btype\s*=\s*["']?importmap\b""", re.I)


# a root/ page's stale links as found (root_link_warnings): its source's stamp (write.source_stamp), the
# digest of the fingerprinted names it was searched for, and the warnings
RootPage = tuple[tuple[int, ...], str, tuple[str, ...]]


@dataclass(frozen=True)
class Static:
    outputs: dict[str, Path]      # output rel path -> source file
    mapping: dict[str, str]       # 'static/style.css' -> 'static/style.1a2b3c4d.css'
    errors: tuple[str, ...] = ()  # files that are links out of their folder: never published
    rewritten: dict[str, bytes] = field(default_factory=dict)  # output rel path -> its references rewritten
    warnings: tuple[str, ...] = ()  # pictures published with their GPS location (gps_warnings)
    html: dict[str, str] = field(default_factory=dict)  # static .html output -> its source's rel: rewritten when staged
    base_path: str = "/"            # the site's, for an .html's links from the root ('/news/static/x.css')
    root: dict[str, Path] = field(default_factory=dict)  # root/'s files: output rel path ('ads.txt') -> source
    root_pages: dict[str, RootPage] = field(default_factory=dict)  # root_link_warnings' findings, for the next build


def _sources(config: Config, errors: list[str], downloads: list[tuple[str, str]] | None = None) -> dict[str, Path]:
    """'static/x' -> file; the site's static/ wins over the site's templates/static/, then the theme's.
    Hidden files and an editor's backups are not published (config.published_static), nor a link
    out of its folder (an error in `errors`). `downloads`: given, told (as shown, 'static/x') each
    file or folder left out as a download still being written (config.downloading)."""
    found: dict[str, Path] = {}
    for folder in config.static_dirs():
        if not folder.is_dir():
            continue
        shown, left = _shown(config, folder), [] if downloads is not None else None
        files = walk(folder, shown, errors, downloads=left)[0]
        if downloads is not None:
            downloads += [(f"{shown}/{rel}", "static/" + rel) for rel in left]
        for rel in sorted(files, key=lambda rel: rel.split("/")):
            path = folder / rel
            if path.is_symlink() and (real := leads_out(folder, rel)) is not None:
                shown = _shown(config, folder)
                errors.append(f"{shown}/{rel}: {outside_message(real, shown)}")
                continue
            found.setdefault("static/" + rel, path)
    return found


LINKED_FOLDERS = 1000   # folders a static walk enters through links before it stops: static/{a,b,c} each linked to the others


def _files(folder: Path, shown: str, errors: list[str], well_known: bool = False) -> list[str]:
    """The published files under a static folder (posix paths from it), through linked folders
    that stay inside it; each linked folder leading out is an error in `errors`, not walked. rglob
    entered no linked folder, so one leading out was skipped without a word, its pages' links
    404ing (review47e), and one staying inside was not published either. `well_known`: the top
    .well-known/ folder is published too (root/'s: security.txt, apple-app-site-association)."""
    return walk(folder, shown, errors, well_known)[0]


def linked_folders(folder: Path, well_known: bool = False) -> list[tuple[str, str]]:
    """(path, real path) of each linked folder walk() enters: the build's digest of static/ (its
    scan enters a folder once by inode, so a second link to one changed nothing there, rf47k). Asked on
    every build, no-change ones too: the files are not listed (an isfile() each, more than the scan's cost)."""
    return sorted(walk(folder, "", [], well_known, files=False)[1])


def published_links(config: Config) -> list[tuple[Path, list[tuple[str, str]]]]:
    """Each folder published as it is (static/, templates/static/, the theme's, root/) with its linked
    folders (linked_folders): the build's no-change check and deploy's "changed since the build" both
    ask it, as neither's scan enters a link to a folder; root/ was left out of both, so a linked folder
    added to or removed from it was not seen and a retracted one stayed live (rf48c 1)."""
    tops = [(d, False) for d in config.static_dirs()] + [(config.path("root"), True)]
    return [(d, linked_folders(d, well_known)) for d, well_known in tops if d.is_dir()]


def walk(folder: Path, shown: str, errors: list[str], well_known: bool = False,
         files: bool = True, downloads: list[str] | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    """_files(), and each linked folder entered (path from `folder`, real path). A folder already on
    the chain above is not entered (static/en/de -> ../de beside static/de/en -> ../en looped to
    the kernel's 40-link limit, three such folders for ever: rf47k), and after LINKED_FOLDERS
    entered through links the walk enters no more, an error naming the link it stopped at.
    `downloads`: given, told each file left out as a download still being written, and each such
    folder ('x.download/'), for download_warnings."""
    out: list[str] = []
    linked: list[tuple[str, str]] = []
    top_real = os.path.realpath(folder)
    chains = {os.fspath(folder): (top_real, frozenset({top_real}))}   # folder -> (its real path, the chain's)
    for top, dirs, names in os.walk(folder, followlinks=True):
        here = os.path.relpath(top, folder).replace(os.sep, "/")
        prefix = "" if here == "." else here + "/"
        real_top, chain = chains.pop(top)
        reals = {d: _real(top, real_top, d) for d in dirs}
        if downloads is not None:
            downloads += [prefix + n + "/" for n in dirs if downloading(n) and not not_yours(n)] \
                + [prefix + n for n in names if downloading(n) and not not_yours(n)]
        dirs[:] = [d for d in dirs if (published_static(d) or (well_known and prefix + d == WELL_KNOWN))
                   and _addressable(prefix + d, shown, errors)
                   and _walked(folder, top, prefix + d, shown, errors)
                   and _entered(prefix + d, reals[d], chain, linked, shown, errors)]
        chains.update((os.path.join(top, d), (reals[d][0], chain | {reals[d][0]})) for d in dirs)
        if files:
            out += [prefix + n for n in names if published_static(n) and os.path.isfile(os.path.join(top, n))
                    and _addressable(prefix + n, shown, errors)]
    return out, linked


def download_warnings(downloads: list[tuple[str, str]], published: list[str]) -> list[str]:
    """A warning for each file (or folder) the last build published that is left out now as a download
    still being written ('song.part': left53 made build and watch skip them): it went from the site
    without a word on the first build after the upgrade. Once: the next build published it no more.
    `downloads`: (as shown, 'static/x' or 'static/x.download/'); `published`: the last build's outputs, sorted."""
    found = []
    for shown, out in downloads:
        at = bisect.bisect_left(published, out)
        if at < len(published) and (published[at] == out or out.endswith("/") and published[at].startswith(out)):
            suffix = downloading(shown.rstrip("/"))
            found.append(f"{shown}: no longer published, though the last build published it ({out}): a name ending "
                         f"in '{suffix}' is a download or a save still being written, which sitegen leaves out (README, "
                         f"Templates: static files); if it is whole, rename it without '{suffix}' (and the links to it)")
    return found


def _addressable(rel: str, shown: str, errors: list[str]) -> bool:
    """Whether a static file or folder's name can be a URL: one not in UTF-8 (a Latin-1 'lat\\xe9.txt')
    crashed the build saving its cache (rf47q), and a backslash, which browsers read as '/', failed it
    ('No such file or directory'); each is now an error naming it, the rest of the site built."""
    name = rel.rpartition("/")[2]
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        shown_rel = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        errors.append(f"{shown}/{shown_rel}: not published: its name is not UTF-8 (an old Latin-1 name?); rename it")
        return False
    if "\\" in name:
        errors.append(f"{shown}/{rel}: not published: its name holds a backslash, which browsers read as '/' in a "
                      "URL; rename it")
        return False
    return True


def _real(top: str, real_top: str, name: str) -> tuple[str, bool]:
    """(real path, whether a link) of folder `name` in `top`, whose real path is `real_top`: a realpath()
    only for a link, a plain folder's is its parent's plus its name. A realpath() for every folder made
    each no-change build of a site with an archive in root/ 3-4 times slower (rf48l 1)."""
    path = os.path.join(top, name)
    if os.path.islink(path):
        return os.path.realpath(path), True
    return os.path.join(real_top, name), False


def _entered(rel: str, real: tuple[str, bool], chain: frozenset[str], linked: list[tuple[str, str]], shown: str,
             errors: list[str]) -> bool:
    """Whether the walk enters folder/rel, whose (real path, whether a link) is `real`, given the real
    paths of the folders above it (`chain`); a linked one entered is added to `linked`."""
    real, is_link = real
    if real in chain:
        return False
    if not is_link:
        return True
    if len(linked) >= LINKED_FOLDERS:
        if len(linked) == LINKED_FOLDERS:
            linked.append((rel, ""))
            errors.append(f"{shown}/{rel}: not published: linked folders in {shown}/ lead into each other "
                          f"past {LINKED_FOLDERS} folders; link fewer folders to each other, or copy them")
        return False
    linked.append((rel, real))
    return True


def root_files(config: Config, errors: list[str]) -> dict[str, Path]:
    """root/'s files by the path they are published at ('ads.txt', '.well-known/security.txt'): as
    static/'s are walked (hidden files and editor backups skipped, links out of the folder errors),
    none when the folder is missing. Published unchanged, never fingerprinted."""
    folder, output = config.path("root"), config.path("output").resolve()
    if not folder.is_dir() or folder.resolve().is_relative_to(output) or output.is_relative_to(folder.resolve()):
        return {}   # the output itself (`output = "root"`, root left at its default: config._check_folders)
    shown = config.paths.root.rstrip("/")
    found: dict[str, Path] = {}
    for rel in sorted(_files(folder, shown, errors, well_known=True), key=lambda rel: rel.split("/")):
        path = folder / rel
        if path.is_symlink() and (real := leads_out(folder, rel)) is not None:
            errors.append(f"{shown}/{rel}: {outside_message(real, shown)}")
            continue
        found[rel] = path
    return found


def _walked(folder: Path, top: str, rel: str, shown: str, errors: list[str]) -> bool:
    """Whether the walk may enter folder/rel: not a link leading out of `folder` (an error naming it)."""
    path = os.path.join(folder, rel)
    if not os.path.islink(path):
        return True
    if (real := leads_out(folder, rel)) is not None and real != os.path.realpath(folder):  # (static/ itself: a loop)
        errors.append(f"{shown}/{rel}: {outside_message(real, shown, 'the files')}")
        return False
    return True


def _shown(config: Config, folder: Path) -> str:
    """A static folder as messages name it: from the site's root when it is in the site (the site's
    templates/static/ too: it was named by its full path, as the theme's is)."""
    if folder == config.path("static"):
        return config.paths.static.rstrip("/")
    root = Path(config.root)
    return folder.relative_to(root).as_posix() if folder.is_relative_to(root) else str(folder)


def fingerprinted(rel: str, data: bytes) -> str:
    stem, dot, ext = rel.rpartition(".")
    return f"{stem}.{hashlib.blake2b(data, digest_size=4).hexdigest()}.{ext}"


def collect(config: Config, stable: bool = False, known: Mapping[str, RootPage] | None = None,
            published: Callable[[], Iterable[str]] = tuple) -> Static:
    """`stable`: stylesheets and scripts published under their own names (BuildOptions.stable_assets).
    `known`: the last build's Static.root_pages; `published()`: the last build's outputs (a stylesheet
    that cannot be read keeps the name it was published under: see stage()), asked only then: the
    dict of them all is not made on every build (177,000 names at 100,000 articles)."""
    errors: list[str] = []
    downloads: list[tuple[str, str]] = []
    sources = _sources(config, errors, downloads)
    # any case: a host matching _headers' 'static/*.css' without case (Netlify) would keep an unhashed x.CSS a year
    data, unread = _fingerprinted_data(sources)
    outputs = sorted(published()) if downloads or unread and not stable else []
    # one that cannot be read keeps its last published name; those naming it name that copy (rr53e 1)
    kept: dict[str, str] = {}
    if unread and not stable:
        kept = {rel: _published_name(rel, outputs) for rel in unread}
    named = {**data, **{rel: name.encode() for rel, name in kept.items()}}   # what a reference to it hashes
    refs = {rel: _references(rel, raw, named, config.base_path) for rel, raw in data.items()} | dict.fromkeys(kept, set())
    mapping = {rel: fingerprinted(rel, _hashed(rel, named, refs)) if rel in data and not stable else rel for rel in sources}
    mapping.update(kept)
    errors += _overlong(config, sources, mapping)
    rewritten = {mapping[rel]: _rewrite(rel, data[rel], mapping, config.base_path) for rel in data if refs[rel]}
    html = {mapping[rel]: rel for rel in sources if rel.lower().endswith((".html", ".htm"))}
    root = root_files(config, errors)
    pages = root_link_warnings(config, root, mapping, known or {})
    return Static({mapping[rel]: path for rel, path in sources.items()}, mapping, tuple(errors), rewritten,
                  warnings=(*gps_warnings(config, sources), *dangling_warnings(config, sources, data),
                            *download_warnings(downloads, outputs),
                            *([] if stable else string_name_warnings(config, sources, data)),
                            *(w for _, _, found in pages.values() for w in found)),
                  html=html, base_path=config.base_path, root=root, root_pages=pages)


NAME_MAX = 255   # bytes in a file's name: ext4's, XFS's, APFS's, NTFS's (in UTF-16 units) limit


def _overlong(config: Config, sources: dict[str, Path], mapping: dict[str, str]) -> list[str]:
    """An error for each stylesheet or script whose fingerprinted name is over NAME_MAX, though its own
    is not: the build failed on writing it, naming sitegen's stage folder ('.public.stage-x/static/aaa….7bc2fb23.css:
    File name too long') and no fix (review53b)."""
    found = []
    for rel, out in mapping.items():
        name, published = rel.rpartition("/")[2].encode(), out.rpartition("/")[2].encode()
        if len(published) > NAME_MAX:
            found.append(f"{source_shown(config, sources[rel])}: not published: with the fingerprint sitegen adds to "
                         f"its name ('.{out.rsplit('.', 2)[1]}'), its published name would be {len(published)} bytes "
                         f"long, over the {NAME_MAX} a file name may have; shorten its name to "
                         f"{NAME_MAX - (len(published) - len(name))} bytes or fewer (and the references to it)")
    return found


def _fingerprinted_data(sources: dict[str, Path]) -> tuple[dict[str, bytes], set[str]]:
    """The stylesheets' and scripts' bytes (they are hashed and rewritten), and those that cannot be
    read (chmod 0, another account's 0600): one such file failed the whole build (left53 1)."""
    data: dict[str, bytes] = {}
    unread: set[str] = set()
    for rel, path in sources.items():
        if rel.lower().endswith(FINGERPRINTED):
            try:
                data[rel] = path.read_bytes()
            except PermissionError:
                unread.add(rel)
    return data, unread


def _published_name(rel: str, published: list[str]) -> str:
    """The fingerprinted name a stylesheet or script that cannot be read now was last published under
    ('static/style.1a2b3c4d.css'), so the pages keep linking the copy public/ keeps; `rel` if none."""
    stem, _, ext = rel.rpartition(".")
    pattern = re.compile(re.escape(stem) + r"\.[0-9a-f]{8}\." + re.escape(ext))
    return next((out for out in published if pattern.fullmatch(out)), rel)   # (`published` sorted)


def dangling_warnings(config: Config, sources: dict[str, Path], data: dict[str, bytes]) -> list[str]:
    """A warning for each url() or @import of a static stylesheet, and each module import by path of a
    script, that names no file the site publishes: a font not copied, a picture outside static/
    ('../img/x.png'), '/static/x.woff2' under a sub-path base_url, a deleted or misspelt lib.js; each was
    a 404 once deployed, and the build said nothing (review47g; a script's, rf48k 5)."""
    found = []
    for rel, raw in data.items():
        css = rel.lower().endswith(".css")
        text = raw.decode("utf-8", "surrogateescape")
        for match in _reference_pattern(rel).finditer(CSS_COMMENT.sub("", text) if css else text):
            built = not css and (match["ref"].endswith("/") or "${" in match["ref"])
            fix = _built_name(config.base_path, rel, match["ref"], data) if built else \
                _dangling(config.base_path, rel, match["ref"], sources)
            if fix:
                found.append(f"{source_shown(config, sources[rel])}: {_reference_shown(match)} {fix}")
    return found


def string_name_warnings(config: Config, sources: dict[str, Path], data: dict[str, bytes]) -> list[str]:
    """A warning for each quoted name in a script, outside an import, of a file published under its
    fingerprinted name only: a worker's or service worker's address, pdf.js's workerSrc. Such a string
    is not rewritten (it may be resolved against the page, not the script), so it was a silent 404 once
    deployed (rf49a 3); new URL(name, import.meta.url) is rewritten, and is what the warning advises."""
    found = []
    for rel, raw in data.items():
        if rel.lower().endswith(".css"):
            continue
        text = raw.decode("utf-8", "surrogateescape")
        imported = {m.start("quote") for m in MODULE_IMPORT.finditer(text)}
        for match in SCRIPT_STRING.finditer(text):
            ref, target = match["ref"], _resolved(rel, match["ref"], config.base_path)[0]
            bare = BARE_IMPORT.search(text, max(0, match.start() - 20), match.start())
            if match.start() in imported or target not in data or bare:
                continue   # an import's (rewritten), or a bare name's: an import map's, whose value is rewritten
            line = text.count("\n", 0, match.start()) + 1
            url = ref if ref.startswith(("./", "../", "/")) else "./" + ref   # (new URL's bare 'x.js' is no path to us)
            found.append(f"{source_shown(config, sources[rel])}:{line}: {ref!r} names {target}, which is published "
                         "under a fingerprinted name only, and a name in a string is not rewritten, so it leads "
                         f"nowhere once deployed (404); write new URL({url!r}, import.meta.url), which is given the "
                         "published name")
    return found


def root_link_warnings(config: Config, root: dict[str, Path], mapping: dict[str, str],
                       known: Mapping[str, RootPage]) -> dict[str, RootPage]:
    """Each root/ page's (.html) warnings, one for each link to a fingerprinted file by its source's name
    ('/static/style.css'): only style.<hash>.css is published, so it is a 404 (rf48k 7). root/'s files
    are published unchanged (README), so the link is said, not rewritten. A page is read only here, one
    at a time, and searched only when it holds such a file's name (most root/ files are no page); and
    not read again while its stamp and the fingerprinted names are as `known` has them: every build
    read every page, a legacy archive's 157 MB per story edit (rf49a 5)."""
    names = _html_names(Static({}, mapping))
    if names is None:
        return {}
    key = hashlib.blake2b(repr((sorted((s, o) for s, o in mapping.items() if s != o), config.base_path,
                                config.paths.root)).encode(), digest_size=8).hexdigest()
    found: dict[str, RootPage] = {}
    for rel, path in root.items():
        if not rel.lower().endswith((".html", ".htm")):
            continue
        try:
            st = os.stat(path)
            stamp = source_stamp(st)
            if (old := known.get(rel)) is not None and old[:2] == (stamp, key):
                found[rel] = old
                continue
            raw = path.read_bytes()
        except OSError:
            continue   # gone since the walk: the build says so when staging it
        said = tuple(_stale_links(config, rel, raw.decode("utf-8", "surrogateescape"), mapping)) \
            if names.search(raw) else ()
        found[rel] = (stamp if settled(st) else (), key, said)   # (a page changed just now is read again)
    return found


def _stale_links(config: Config, rel: str, text: str, mapping: dict[str, str]) -> list[str]:
    """root_link_warnings' for one page (`rel`: its path in public/, as static/'s 'static/x')."""
    shown = f"{config.paths.root.rstrip('/')}/{rel}"
    found = []
    for pattern in (HTML_REFERENCE, REFERENCE, MODULE_IMPORT):
        for match in pattern.finditer(text):
            target = _resolved(rel, match["ref"], config.base_path)[0]
            if target is not None and mapping.get(target, target) != target:
                line = text.count("\n", 0, match.start()) + 1
                found.append((line, f"{shown}:{line}: {match['ref']!r} names {target}, which is published only "
                              f"under its fingerprinted name ({mapping[target]}), so it leads nowhere (404); "
                              f"{config.paths.root.rstrip('/')}/'s files are published unchanged: move the page to "
                              "static/, whose pages' links are given the published names"))
    return [message for _, message in sorted(set(found))]


def _built_name(base_path: str, rel: str, ref: str, data: dict[str, bytes]) -> str:
    """For a script's import of a name built at run time ('import("./locales/" + lang + ".js")',
    import(`./locales/${lang}.js`), '"/static/locales/" + lang'): the files whose names start as the built
    one does that are published under fingerprinted names only, each a 404 (rf48k 6; the last two, rf49a 8)."""
    fixed = unquote(ref.split("${", 1)[0])   # what the name starts with whatever the run time adds
    if fixed.startswith("/"):   # from the site's root: static/'s files are under its base path
        if not fixed.startswith(base_path + "static/"):
            return ""
        folder, start = posixpath.split(fixed[len(base_path):])
    else:
        folder, start = posixpath.split(fixed)
        folder = posixpath.join(posixpath.dirname(rel), folder)
    prefix = posixpath.normpath(folder) + "/" + start
    hashed = sorted(name for name in data if name.startswith(prefix))
    if not hashed:
        return ""
    named = f"{prefix}'s scripts" if not start else f"the scripts it can name in {posixpath.dirname(prefix)}/"
    return (f"builds a file's name at run time, but {named} ({', '.join(hashed[:3])}"
            f"{', ...' if len(hashed) > 3 else ''}) are published under fingerprinted names only, so it "
            "finds none once deployed; import each by its full name ('./locales/en.js'), or bundle them")


def _reference_shown(match: re.Match) -> str:
    """A reference as a warning names it: @import 'x.css', url(x.png), import './lib.js'."""
    if match.re is MODULE_IMPORT:
        return f"new URL({match['ref']!r})" if match["url"] else f"import {match['ref']!r}"
    return f"@import {match['ref']!r}" if match["head"].lower().startswith("@") else f"url({match['ref']})"


def _dangling(base_path: str, rel: str, ref: str, sources: dict[str, Path]) -> str:
    """What is wrong with a stylesheet's or script's reference `ref` and what to write, or '' when it names a
    published file (or something sitegen does not publish: another host, a data: URL, a fragment)."""
    path = unquote(re.split(r"[?#]", ref, maxsplit=1)[0])
    if not path or path.startswith("//") or (NOT_RELATIVE.match(path) and not path.startswith("/")):
        return ""   # a fragment alone, another host, a scheme's (data:, https:)
    if path.startswith("/"):   # from the host's root: the site's files are under its base path
        if path.startswith(base_path + "static/"):
            target = path[len(base_path):]
            return "" if target in sources else f"names no file of static/ ({target}); add it or fix the name"
        if base_path != "/" and path.startswith("/static/") and path[1:] in sources:
            return (f"misses the site's sub-path {base_path}, so it leads nowhere once deployed; write it relative "
                    f"to {_what(rel)} ({_relative(path[1:], rel)})")
        return ""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
    if not target.startswith("static/"):
        return ("leads out of static/, and only static/ is published; put the file in static/ and name it relative "
                f"to {_what(rel)}")
    return "" if target in sources else f"names no file of static/ ({target}); add it or fix the name (relative to {_what(rel)})"


def _what(rel: str) -> str:
    return "the stylesheet" if rel.lower().endswith(".css") else "the script"


def _relative(target: str, rel: str) -> str:
    """`target` named from `rel`'s folder, as a module import must ('./lib.js': 'lib.js' is a bare name)."""
    path = posixpath.relpath(target, posixpath.dirname(rel))
    return path if path.startswith("../") or rel.lower().endswith(".css") else "./" + path


def source_shown(config: Config, path: Path) -> str:
    """A static file as messages name it: from the site's root when it is in the site's static/ (or root/)."""
    for folder in config.static_dirs():
        if path.is_relative_to(folder):
            return f"{_shown(config, folder)}/{path.relative_to(folder).as_posix()}"
    if path.is_relative_to(rooted := config.path("root")):
        return f"{config.paths.root.rstrip('/')}/{path.relative_to(rooted).as_posix()}"
    return str(path)


# the formats that carry EXIF or XMP (a phone's HEIC, HEIF or AVIF photo, a scanner's or camera export's TIFF too)
GPS_SUFFIXES = (".jpg", ".jpeg", ".jfif", ".jpe", ".png", ".webp", ".gif", ".avif", ".heic", ".heif", ".tif", ".tiff")


def gps_warnings(config: Config, sources: dict[str, Path]) -> list[str]:
    """A warning for each picture of the site's static/ (GPS_SUFFIXES) whose EXIF or XMP holds a GPS location:
    static files are published as they are (they are the user's), and a phone's photo there, or an
    author's headshot, told every reader where it was taken (review44f). Pictures beside the
    articles are published as copies without it. The theme's files are not the user's photos."""
    folder = config.path("static")
    shown = _shown(config, folder)
    return [f"{shown}/{rel.removeprefix('static/')}: its metadata holds a GPS location (where it was taken), and "
            "static files are published as they are: remove it (exiftool -gps:all= -xmp:geotag= FILE) or put the "
            "picture beside the article, where sitegen publishes copies without it"
            for rel, path in sources.items()
            if rel.lower().endswith(GPS_SUFFIXES) and path.parent.is_relative_to(folder) and has_gps(path)]


def has_gps(path: Path) -> bool:
    """Whether a JPEG, PNG, WebP, GIF, HEIF/AVIF or TIFF file's EXIF or XMP names a latitude or longitude, read from its
    headers alone (segments, chunks and blocks walked by their lengths): no Pillow for every build's static
    files. XMP too: Adobe's exports (Lightroom, Photoshop) write the location there as well, and
    `exiftool -gps:all=` removes the EXIF copy alone, so the warning went and the place stayed (review51a 2)."""
    try:
        with open(path, "rb") as fh:
            return _located(fh)
    except OSError:
        return False


def holds_gps(data: bytes) -> bool:
    """has_gps of a picture's bytes: a photo embedded in an SVG as a data: URL (images._svg_checked)."""
    import io
    return _located(io.BytesIO(data))


def _located(fh) -> bool:
    return any(_gps_located(data) if kind == "exif" else _xmp_gps().search(data) is not None
               for kind, data in _metadata(fh))


# XMP's GPS properties, as an attribute (exif:GPSLatitude="51,30.2N") or an element, whatever the prefix.
# The prefix from where its run of name characters starts: tried inside one too, a long token read to
# its end at each character, its length squared (rf51c 4)
@lru_cache(maxsize=1)  # compiled at the first picture with XMP: not at every build's start
def _xmp_gps() -> re.Pattern:
    return re.compile(rb"(?<![\w.-])[\w.-]+:GPS(?:Latitude|Longitude)(?:\s*=|>)")


_XMP_APP1 = b"http://ns.adobe.com/xap/1.0/\0"


def _metadata(fh) -> Iterator[tuple[str, bytes]]:
    """The file's metadata blocks, ('exif', its TIFF data) or ('xmp', its packet)."""
    head = fh.read(12)
    if head[:2] == b"\xff\xd8":
        yield from _jpeg_metadata(fh)
    elif head[:8] == b"\x89PNG\r\n\x1a\n":
        yield from _png_metadata(fh)
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        for kind, data in _chunks(fh, 12, False, (b"EXIF", b"XMP ")):
            yield ("exif", data.removeprefix(b"Exif\0\0")) if kind == b"EXIF" else ("xmp", data)
    elif head[:6] in (b"GIF87a", b"GIF89a"):   # XMP in an application extension (Photoshop, exiftool: review53b 2)
        yield from (("xmp", part) for part in _gif_xmp(fh))
    elif head[:4] in (b"II*\0", b"MM\0*"):   # the file is EXIF's TIFF itself; XMP in its tag 700
        tiff = _FileView(fh)
        yield "exif", tiff
        yield from (("xmp", packet) for packet in _tiff_xmp(tiff))
    elif head[4:8] == b"ftyp":   # HEIF/AVIF: EXIF and XMP are items of the meta box (review55b 1)
        yield from _isobmff_metadata(fh)


METADATA_LIMIT = 64 << 20   # bytes of one metadata block read (a TIFF's XMP, a HEIF item): past it, a file's damage


class _FileView:
    """A file's bytes as far as _gps_located reads them, by slices (`view[at:end]`), sought and read
    when asked: a scanned TIFF of hundreds of MB holds its few IFDs anywhere in it."""

    def __init__(self, fh):
        self.fh = fh
        self.size = fh.seek(0, os.SEEK_END)

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, part: slice) -> bytes:
        start, stop = part.start or 0, min(self.size if part.stop is None else part.stop, self.size)
        if stop <= start:
            return b""
        self.fh.seek(start)
        return self.fh.read(min(stop - start, METADATA_LIMIT))


def _tiff_xmp(tiff: _FileView) -> Iterator[bytes]:
    """The XMP packet of a TIFF's first IFD (tag 700, XMLPacket), where Lightroom writes the place too."""
    order = "little" if tiff[:2] == b"II" else "big"
    ifd = int.from_bytes(tiff[4:8], order)
    count = int.from_bytes(tiff[ifd:ifd + 2], order)
    for entry in range(ifd + 2, ifd + 2 + 12 * count, 12):
        field = tiff[entry:entry + 12]
        if len(field) == 12 and int.from_bytes(field[:2], order) == 700:
            size, at = int.from_bytes(field[4:8], order), int.from_bytes(field[8:], order)
            yield field[8:8 + size] if size <= 4 else tiff[at:at + size]
            return


def _isobmff_metadata(fh) -> Iterator[tuple[str, bytes]]:
    """The EXIF and XMP items of a HEIF or AVIF file (an iPhone's HEIC, Android's 'high efficiency'
    photos): named in its meta box's iinf ('Exif', or 'mime' of XMP's type), found by its iloc."""
    meta = _box(fh, 0, fh.seek(0, os.SEEK_END), b"meta")
    if meta is None:
        return
    boxes = dict(_boxes(meta, 4))   # (a full box: its version and flags first)
    kinds = _iinf_items(boxes.get(b"iinf", b""))
    for item, (method, extents) in _iloc_items(boxes.get(b"iloc", b"")).items():
        kind = kinds.get(item)
        if kind is None or method not in (0, 1):
            continue
        data = b"".join(boxes.get(b"idat", b"")[at:at + size] if method else _read(fh, at, size)
                        for at, size in extents)
        if kind == "exif" and len(data) >= 4:   # a 4-byte offset to its TIFF header ('Exif\0\0' before it)
            yield "exif", data[4 + int.from_bytes(data[:4], "big"):]
        elif kind == "xmp":
            yield "xmp", data


def _read(fh, at: int, size: int) -> bytes:
    fh.seek(at)
    return fh.read(min(size, METADATA_LIMIT))


def _box(fh, at: int, end: int, name: bytes) -> bytes | None:
    """The content of the top-level box `name` of the file at `fh`, walked by the boxes' sizes."""
    while at + 8 <= end:
        head = _read(fh, at, 16)
        size, kind, skip = int.from_bytes(head[:4], "big"), head[4:8], 8
        if size == 1 and len(head) == 16:
            size, skip = int.from_bytes(head[8:16], "big"), 16
        elif size == 0:
            size = end - at
        if size < skip:
            return None
        if kind == name:
            return _read(fh, at + skip, size - skip)
        at += size
    return None


def _boxes(data: bytes, at: int) -> Iterator[tuple[bytes, bytes]]:
    """(name, content) of each box in `data` from `at`; a full box's content starts with its version."""
    while at + 8 <= len(data):
        size, kind, skip = int.from_bytes(data[at:at + 4], "big"), data[at + 4:at + 8], 8
        if size == 1:
            size, skip = int.from_bytes(data[at + 8:at + 16], "big"), 16
        elif size == 0:
            size = len(data) - at
        if size < skip:
            return
        yield kind, data[at + skip:at + size]
        at += size


def _iinf_items(iinf: bytes) -> dict[int, str]:
    """item ID -> 'exif' or 'xmp', of the item infos (infe, versions 2 and 3) of an iinf box."""
    if not iinf:
        return {}
    found = {}
    for kind, infe in _boxes(iinf, 6 if iinf[0] == 0 else 8):
        if kind != b"infe" or infe[:1] not in (b"\2", b"\3"):
            continue
        wide = infe[0] == 3
        item = int.from_bytes(infe[4:8] if wide else infe[4:6], "big")
        rest = infe[10:] if wide else infe[8:]   # (after the protection index)
        if rest[:4] == b"Exif":
            found[item] = "exif"
        elif rest[:4] == b"mime" and rest[4:].split(b"\0", 2)[1:2] == [b"application/rdf+xml"]:   # (after its name)
            found[item] = "xmp"
    return found


def _iloc_items(iloc: bytes) -> dict[int, tuple[int, list[tuple[int, int]]]]:
    """item ID -> (construction method: 0 in the file, 1 in idat; [(offset, length)...]) of an iloc box."""
    if len(iloc) < 8:
        return {}
    version = iloc[0]
    sizes = (iloc[4] >> 4, iloc[4] & 15, iloc[5] >> 4, iloc[5] & 15 if version in (1, 2) else 0)
    offset_size, length_size, base_size, index_size = sizes
    def number(at: int, size: int) -> int:
        return int.from_bytes(iloc[at:at + size], "big")
    count_size = 2 if version < 2 else 4
    count, at, found = number(6, count_size), 6 + count_size, {}
    for _ in range(count):
        if at >= len(iloc):
            break
        item, at = number(at, count_size), at + count_size
        method = 0
        if version in (1, 2):
            method, at = number(at, 2) & 15, at + 2
        base, at = number(at + 2, base_size), at + 2 + base_size   # (after the data reference index)
        extents, at = number(at, 2), at + 2
        parts = []
        for _ in range(extents):
            at += index_size
            offset, length = number(at, offset_size), number(at + offset_size, length_size)
            parts.append((base + offset, length))
            at += offset_size + length_size
        found[item] = (method, parts)
    return found


XMP_PART = 1 << 20   # bytes of a GIF's XMP block _gif_xmp yields at a time (its last few again at the next's start)


def _gif_xmp(fh) -> Iterator[bytes]:
    """The XMP application extensions of a GIF open at `fh`, as its bytes run (sub-block lengths and
    all: GIF's XMP is written so), in parts of XMP_PART overlapping by 4 KB (more than a GPS property's
    name). Streamed: the blocks are walked by their lengths through a buffered reader, the pictures'
    data skipped, so a static GIF of hundreds of MB is no longer read whole into memory (s53 Left).
    Read, not mapped: a file cut short while mapped (an export saved over it as a watcher's build reads
    it) made the walk touch pages past its new end, a SIGBUS that killed the process (rr53f 2); cut
    short while read, the walk ends."""
    fh.seek(10)
    flags = fh.read(1)
    if not flags:
        return
    fh.seek(13 + _colour_table(flags[0]))
    while True:
        kind = fh.read(1)
        if kind == b"," and len(head := fh.read(9)) == 9:
            fh.seek(_colour_table(head[8]) + 1, os.SEEK_CUR)   # (+1: the LZW code size)
            if not _skip_sub_blocks(fh):
                return
        elif kind == b"!" and len(label := fh.read(1)) == 1:
            name = fh.read(12) if label == b"\xff" else b""
            fh.seek(-len(name), os.SEEK_CUR)   # (the name is the blocks' first sub-block)
            if kind + label + name[1:] == GIF_XMP:
                yield from _xmp_parts(fh)
            elif not _skip_sub_blocks(fh):
                return
        else:   # the trailer, a byte that starts no block, or the file's end
            return


def _skip_sub_blocks(fh) -> bool:
    """Past the sub-blocks at `fh` (and the empty one ending them); False when the file ends first."""
    while (size := fh.read(1)) and size[0]:
        fh.seek(size[0], os.SEEK_CUR)
    return bool(size)


def _xmp_parts(fh) -> Iterator[bytes]:
    """The bytes of the sub-blocks at `fh` (an XMP block's), in overlapping parts (_gif_xmp); none
    when the file ends before the empty sub-block ending them (a block cut short is no location)."""
    part = bytearray()
    while (size := fh.read(1)) and size[0]:
        data = fh.read(size[0])
        if len(data) < size[0]:
            return
        part += size + data
        if len(part) >= XMP_PART:
            yield bytes(part)
            del part[:-4096]
    if size:
        yield bytes(part)


GIF_XMP = b"!\xffXMP DataXMP"   # gif_blocks' kind of the application extension holding XMP


def gif_blocks(data: bytes) -> Iterator[tuple[int, int, bytes]]:
    """(start, end, kind) of each block of a GIF after its header and global colour table (which end
    where the first starts): kind b',' a picture, b';' the trailer (the last), b'!' and its label an
    extension, an application's with its name too (GIF_XMP). Walked by the lengths of its sub-blocks,
    nothing decoded; a block cut short, or a byte that starts none, ends the walk."""
    if len(data) < 13:
        return
    at = 13 + _colour_table(data[10])
    while at < len(data):
        kind = data[at:at + 1]
        if kind == b";":
            yield at, at + 1, kind
            return
        if kind == b"," and at + 10 <= len(data):
            end = _sub_blocks_end(data, at + 11 + _colour_table(data[at + 9]))   # (+1: the LZW code size)
        elif kind == b"!" and at + 2 <= len(data):
            kind = data[at:at + 2] + (data[at + 3:at + 14] if data[at + 1] == 0xFF else b"")
            end = _sub_blocks_end(data, at + 2)
        else:
            return
        if end > len(data):
            return
        yield at, end, kind
        at = end


def gif_cut_short(data: bytes) -> bool:
    """Whether a GIF ends inside its colour table or a block (half copied): a browser shows the part
    there is, the top of a chart over grey. One lacking only its trailer, or with bytes after its last
    block that start none, is whole to a browser."""
    end = 13 + _colour_table(data[10]) if len(data) > 10 else len(data) + 1
    kind = b""
    for _, end, kind in gif_blocks(data):
        pass
    return kind != b";" and (end > len(data) or data[end:end + 1] in (b",", b"!"))


def _colour_table(flags: int) -> int:
    """The bytes of the colour table a GIF's screen or picture descriptor's flags say follows it."""
    return 3 << ((flags & 7) + 1) if flags & 0x80 else 0


def _sub_blocks_end(data: bytes, at: int) -> int:
    """Where the sub-blocks from `at` end: after the empty one (past the data's end: cut short)."""
    while at < len(data) and data[at]:
        at += data[at] + 1
    return at + 1


def _jpeg_metadata(fh) -> Iterator[tuple[str, bytes]]:
    at = 2
    while True:
        fh.seek(at)
        marker = fh.read(4)
        if len(marker) < 4 or marker[0] != 0xFF or marker[1] in (0xDA, 0xD9):   # start of scan: no more headers
            return
        length = int.from_bytes(marker[2:4], "big")
        if length < 2:
            return
        if marker[1] == 0xE1:
            data = fh.read(length - 2)
            if data.startswith(b"Exif\0\0"):
                yield "exif", data[6:]
            elif data.startswith(_XMP_APP1):
                yield "xmp", data[len(_XMP_APP1):]
        at += 2 + length


def _png_metadata(fh) -> Iterator[tuple[str, bytes]]:
    """eXIf, the XMP packet of an iTXt chunk ('XML:com.adobe.xmp', deflated or not), and the EXIF
    ImageMagick keeps in a zTXt chunk as hex ('Raw profile type exif'), which Pillow reads as EXIF."""
    for kind, data in _chunks(fh, 8, True, (b"eXIf", b"iTXt", b"zTXt")):
        try:
            if kind == b"eXIf":
                yield "exif", data.removeprefix(b"Exif\0\0")
            elif kind == b"iTXt" and data.startswith(b"XML:com.adobe.xmp\0"):
                packet = data[len(b"XML:com.adobe.xmp\0"):]
                text = packet[2:].split(b"\0", 2)[-1]   # past its language and translated keyword
                if packet[:1] == b"\1":
                    yield from (("xmp", piece) for piece in _inflated(text))
                else:
                    yield "xmp", text
            elif kind == b"zTXt" and data.startswith(b"Raw profile type exif\0"):
                unpacker = zlib.decompressobj()
                hexed = unpacker.decompress(data[len(b"Raw profile type exif\0") + 1:], _EXIF_HEX_MOST)
                if unpacker.unconsumed_tail:   # larger than EXIF ever is: a bomb, not a camera's
                    continue
                yield "exif", bytes.fromhex(hexed.split(b"\n", 3)[-1].decode("ascii")).removeprefix(b"Exif\0\0")
        except (zlib.error, ValueError):   # damaged: nothing read from it
            continue


# Deflate packs up to ~1,000 to 1: a metadata chunk is inflated a piece at a time (and XMP's pieces
# overlap by more than a property's name), so a small crafted PNG in static/ never takes gigabytes
# (rr52c 1); past 64 MB (a real packet is kilobytes) it is no camera's and is read no further.
_PIECE, _OVERLAP, _XMP_MOST, _EXIF_HEX_MOST = 1 << 20, 4096, 64 << 20, 1 << 20


def _inflated(packed: bytes) -> Iterator[bytes]:
    """A deflated XMP packet as overlapping pieces: a GPS property split between two is whole in one."""
    unpacker, tail = zlib.decompressobj(), b""
    for _ in range(_XMP_MOST // _PIECE):
        piece = unpacker.decompress(packed, _PIECE)   # its input all taken, it may still hold output
        packed = unpacker.unconsumed_tail
        if not piece:
            return
        yield tail + piece
        tail = piece[-_OVERLAP:]


def _chunks(fh, at: int, png: bool, names: tuple[bytes, ...]) -> Iterator[tuple[bytes, bytes]]:
    """(name, data) of each chunk named in `names`, the rest skipped by their lengths: a PNG's chunks
    are (length, name, data, crc), its text ones before its IDAT or after them; a WebP's (name,
    length, data, a pad byte to an even length)."""
    while True:
        fh.seek(at)
        head = fh.read(8)
        if len(head) < 8:
            return
        kind, size = (head[4:], int.from_bytes(head[:4], "big")) if png else (head[:4], int.from_bytes(head[4:], "little"))
        if kind == b"IEND":
            return
        if kind in names:
            yield kind, fh.read(size)
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
    path = posixpath.normpath(posixpath.join(posixpath.dirname(rel), _path_of(ref)))
    return path if path.startswith("static/") else None


def _references(rel: str, raw: bytes, data: dict[str, bytes], base_path: str) -> set[str]:
    """The fingerprinted files a stylesheet names, or a script imports as a module by its path: an
    'import ... from "./lib.js"' was left naming lib.js, which no build publishes (rf48b); from the
    site's root too ('/news/static/lib.js', rf48k 4)."""
    text = raw.decode("utf-8", "surrogateescape")
    return {t for m in _reference_pattern(rel).finditer(text)
            if (t := _resolved(rel, m["ref"], base_path)[0]) in data and t != rel}


def _resolved(rel: str, ref: str, base_path: str) -> tuple[str | None, bool]:
    """The static source a reference of `rel` names, and whether it names it from the site's root
    ('/news/static/x.css' under base path '/news/'; '' for none: relative ones only)."""
    path = _path_of(ref)
    if base_path and path.startswith(base_path + "static/"):
        return posixpath.normpath(path[len(base_path):]), True
    return _target(rel, ref), False


def _path_of(ref: str) -> str:
    """The file a reference names: before its query or fragment, percent-decoded ('my%20lib.js' is
    static/'s 'my lib.js'; compared undecoded, it was neither renamed nor warned: rf49a 4)."""
    return unquote(re.split(r"[?#]", ref, maxsplit=1)[0])


def _reference_pattern(rel: str) -> re.Pattern[str]:
    return REFERENCE if rel.lower().endswith(".css") else MODULE_IMPORT


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


def _rewrite(rel: str, raw: bytes, mapping: dict[str, str], base_path: str) -> bytes:
    """A stylesheet or script with each reference to a fingerprinted file, relative or from the site's
    root, given that file's published name."""
    text = raw.decode("utf-8", "surrogateescape")
    return _reference_pattern(rel).sub(_renamer(rel, mapping, base_path), text).encode("utf-8", "surrogateescape")


def _renamer(rel: str, mapping: dict[str, str], base_path: str) -> Callable[[re.Match], str]:
    """A reference match (REFERENCE's or HTML_REFERENCE's) -> the text with the fingerprinted file's
    published name, relative as it was (a query or fragment after it kept); with `base_path`, one from
    the site's root ('/news/static/x.css') too, from the root as it was."""
    def named(match: re.Match) -> str:
        ref = match["ref"]
        path = re.split(r"[?#]", ref, maxsplit=1)[0]
        target, rooted = _resolved(rel, ref, base_path)
        if target is None or mapping.get(target, target) == target:
            return match[0]
        new = base_path + mapping[target] if rooted else posixpath.relpath(mapping[target], posixpath.dirname(rel))
        new = quote(new) if unquote(path) != path else new   # encoded as it was ('my%20lib.<hash>.js')
        if match.re in (MODULE_IMPORT, IMPORT_MAP_VALUE) and not new.startswith(("/", "./", "../")):
            new = "./" + new   # 'lib.1a2b.js' alone is a bare name to a module import: an import map's, no path
        return f"{match['head']}{new}{ref[len(path):]}{match['quote']}"
    return named


# an HTML tag's href= and src= values, quoted or not
HTML_REFERENCE = LazyPattern(r"""(?P<head>\b(?:href|src)\s*=\s*(?P<quote>["']?))(?P<ref>[^"'\s>]+)(?P=quote)""", re.I)
# what of an HTML file holds links: a <style> block (with its tag), or a tag (quoted values may hold '>');
# text between them does not, nor '&lt;link href=...&gt;' in a code sample (rf47l 7); a <script> block's
# code is all taken as links (`s.src = "app.js"` loads the file), and its module imports (rf48b)
@lru_cache(maxsize=1)  # compiled at the first static .html file: not at every build's start (a no-change build's)
def _html_part() -> re.Pattern:
    return re.compile(r"""(?P<style><style\b(?:[^>"']|"[^"]*"|'[^']*')*>)(?P<css>.*?)(?=</style\s*>)"""
                      r"""|(?P<script><script\b(?:[^>"']|"[^"]*"|'[^']*')*>)(?P<code>.*?)(?=</script\s*>)"""
                      r"""|<[a-z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>""", re.I | re.S)


def _html_rewrite(rel: str, raw: bytes, mapping: dict[str, str], base_path: str) -> bytes:
    """A static .html file (README's About page) whose links to a fingerprinted stylesheet or script are
    given its published name, as a stylesheet's are: only static/style.<hash>.css is published, so
    <link href="style.css"> in static/about.html was a 404, the page unstyled, silently (review47g). A
    link relative to the file or from the site's root, in a tag's href= or src=, a style="" attribute's
    url(), or a <style> block's @import and url() (rf47l 6)."""
    named = _renamer(rel, mapping, base_path)
    def part(match: re.Match) -> str:
        if match["style"] is not None:
            return HTML_REFERENCE.sub(named, match["style"]) + REFERENCE.sub(named, match["css"])
        if match["script"] is not None and IMPORT_MAP_TAG.search(match["script"]):
            return match["script"] + IMPORT_MAP_VALUE.sub(named, match["code"])
        if match["script"] is not None:
            code = MODULE_IMPORT.sub(named, match["code"])
            return HTML_REFERENCE.sub(named, match["script"]) + REFERENCE.sub(named, HTML_REFERENCE.sub(named, code))
        return REFERENCE.sub(named, HTML_REFERENCE.sub(named, match[0]))
    return _html_part().sub(part, raw.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")


def _html_names(static: Static) -> re.Pattern[bytes] | None:
    """What a static .html file must hold to name a fingerprinted file: one of their file names. Most
    pages (a legacy archive's thousands) are then read and published without a regex over them."""
    names = {spelt.encode() for rel, out in static.mapping.items() if out != rel
             for spelt in {posixpath.basename(rel), quote(posixpath.basename(rel))}}   # 'my%20style.css' too
    return re.compile(b"|".join(map(re.escape, sorted(names)))) if names else None


def stage(static: Static, stage: Stage, unread: dict[str, str],
          settings: str = CONFIG_FILE) -> tuple[list[str], list[str]]:
    """Stages the static files; a static .html naming a fingerprinted file is rewritten here, one at a
    time: done in collect(), every .html of static/ was read and held in memory on every build (5,000
    legacy pages: 4-6 s and 290 MB before anything else, rf47l 2). The others are compared and copied
    without being read into memory (Stage.put_file: a root/ video, rf48c 6). Returns the staged
    outputs and the errors: a link of the user's out of public/ on their way (public/static -> /srv/x).
    (root/'s files under such a link were left out before: rootfiles.place.)
    `unread`: each output whose source cannot be read (chmod 0, another account's 0600), with why:
    left as public/ holds it, for the caller to name (one such file failed the whole build: left53 1).
    `settings`: the config file the advice names (Config.file)."""
    names = _html_names(static) if static.html else None
    refused = Refused(stage.output, "files", settings)
    def staged(rel: str, path: Path) -> tuple[int, int] | None:
        if rel in static.rewritten:
            return stage.put(rel, static.rewritten[rel])
        try:
            if names is None or rel not in static.html:
                return stage.put_file(rel, path)
            raw = path.read_bytes()
        except PermissionError as exc:
            if exc.filename != os.fspath(path):   # public/'s copy, compared: the output's own error, as before
                raise
            unread[rel] = exc.strerror
            return None
        if names.search(raw):
            raw = _html_rewrite(static.html[rel], raw, static.mapping, static.base_path)
        return stage.put(rel, raw)
    done = []
    for rel, path in static.outputs.items():
        try:
            if staged(rel, path):
                done.append(rel)
        except WriteError as exc:
            refused.add(rel, exc)
    return done, refused.errors()
