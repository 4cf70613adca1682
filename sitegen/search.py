"""Full-text search for static hosting: Pagefind indexes the article pages into public/pagefind/.

The index is sharded by period so that an edit re-indexes one shard, not the site: the newest
stories are the primary bundle in pagefind/, older ones one bundle each in pagefind/<YYYY-MM>/
(named by the shard's first month). The search page merges them (Pagefind's `mergeIndex`).
Shards are planned from the articles alone (`shards`), so the search page and the indexer agree.

The build indexes the shards whose pages changed into its stage, before anything is moved into
public/: the index lands with the pages it describes, or (on any failure) neither does.
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import re
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from html import unescape
from html.parser import HTMLParser
from importlib import import_module
from pathlib import Path
from typing import AnyStr, NamedTuple

from .config import CONFIG_FILE, SEARCH_BUNDLE
from .escaping import tail_as_text
from .write import WriteError, safe_join, same_bytes

BUNDLE = SEARCH_BUNDLE
FRAGMENTS = "fragment"  # a bundle's folder of one file a page (see stamp)
# Articles a shard is filled to, doubled while that would make more than MAX_SHARDS. Measured at
# 10,000 articles in Chromium (benchmarks/search_query.py, same busy machine): 30 shards of ~333
# answered a common word faster (median 2.3 s first query, 0.21 s again) than 10 of ~1,000
# (3.0 s, 0.83 s) or one index (3.8 s, 1.6 s): smaller indexes fetch smaller chunks per word.
SHARD_BASE = 250
MAX_SHARDS = 48
_SHARD_KEY = re.compile(r"\d{4}-\d{2}\Z")
_HEAD = re.compile(r"<head[\s>]", re.IGNORECASE)
_H1 = re.compile(r"<h1[\s>]", re.IGNORECASE)
MARKER = "data-pagefind-body"   # on the element that holds a story's own text (the theme's <article>)
_BODY = MARKER.encode()
_TAG = re.compile(rb"<([a-z][\w-]*)")
_ENDS_NAME = b" \t\n\r\f/>"
# inside the body: what makes counting its tags unsafe (comments, raw text) or is parsed apart
_RAW = re.compile(rb"<(?:!|script|style|textarea|title|xmp|plaintext|noembed|noframes|noscript|iframe|template|svg"
                  rb"|math)")
_TITLE_META = re.compile(rb"data-pagefind-meta=[\"']?[^\"'>]*title")


def owns(rel: str) -> bool:
    return rel == BUNDLE or rel.startswith(BUNDLE + "/")


def executable() -> Path | None:
    """Pagefind's extended binary where installed, as Pagefind's own Python API picks it: the
    standard one indexes a run of Chinese or Japanese text as one word, so '初雪' (first snow)
    found no story that did not have it alone between spaces or punctuation."""
    for module in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return import_module(module).get_executable()
        except (ImportError, FileNotFoundError):
            continue
    return None


# A build without it publishes the pages and leaves the index as it was (a warning, an error under
# --strict): sitegen installed by pip has no `make build` to run, and the search page copes.
MISSING = ("search: the pagefind binary is missing, so the search index is not updated: install "
           "pagefind[extended] into sitegen's environment (`pip install 'pagefind[extended]'` with its pip; "
           "in a sitegen checkout, `make build`), or set [search] enabled = false")   # (in the config file: missing)


def missing(settings: str) -> str:
    """MISSING, naming the config file in use (Config.file: `--config prod.toml`'s, not site.toml)."""
    return f"{MISSING} in {settings}"


def unmarked(template: str) -> str:
    """The warning for a story page template (`template`, as the site names it) with no MARKER in it
    or in what it uses: Pagefind then indexes the whole page, so the skip link, the masthead's name
    and description, menus and other stories' headlines became words of every story, and a search
    for the site's own name listed the whole archive (review53a 1)."""
    return (f"{template}: no {MARKER} on a story's page (in it or in the templates it uses), so search indexes "
            "each story's whole page: the site's name and description, menus and links around the story become "
            "words of every story, and a search for one of them finds them all; add data-pagefind-body to the "
            "element that holds the story (the theme's article.html has it on <article>)")


# Planning (no I/O) ---------------------------------------------------------------------------------
class Indexed(NamedTuple):
    """What the plan reads of an article: its date, and the language its page is indexed under."""
    date: datetime
    language: str


# Languages Pagefind cuts into words when a page or the search page is in them (the extended binary
# by a dictionary, its pagefind.js by Intl.Segmenter: `needsWordSegmentation`, which the tests check
# this against), and which have no stemmer: kept as they are, or '初雪' no longer finds its story. A
# Thai story indexed as English was one word a run between spaces: only a run's first word found it.
SEGMENTED = frozenset({"ja", "th", "zh"})


def index_language(language: str, search_language: str) -> str:
    """The language Pagefind indexes a story under, for the search page of its edition (in
    `search_language`): its own where they share a base language, else the page's. Pagefind
    stems a query with the search page's language only, merged indexes too (mergeIndex loads no
    stemmer of its own), so an Arabic story indexed by the Arabic stemmer was not found from an
    English page by its own headline word; indexed as English, index and query are stemmed alike
    (its words found as written, not their other forms). Chinese, Japanese and Thai keep their
    own (SEGMENTED)."""
    base, page = language.partition("-")[0], search_language.partition("-")[0]
    return language if base == page or base in SEGMENTED or page in SEGMENTED else search_language


def indexed(heads: Sequence, edition: Callable[[int], str], site_language: str) -> Sequence:
    """`heads` (each article's date and language, as site.articles) with each language the one its
    page is indexed under (index_language); `heads` itself when that changes none."""
    known: dict[tuple[str, str], str] = {}   # a site has few (language, edition) pairs
    languages = []
    for i, head in enumerate(heads):
        key = (head.language, edition(i) or site_language)
        found = known.get(key)
        if found is None:
            found = known[key] = index_language(*key)
        languages.append(found)
    if all(lang == own for (own, _), lang in known.items()):
        return heads
    return [Indexed(h.date, lang) for h, lang in zip(heads, languages)]


# The <html> tag's own lang attribute (never xml:lang, nor "lang" inside another attribute's value),
# quoted either way or not at all: group 1, 2 or 3 its value. A user's base.html wrote lang='..'.
_ATTR = r"""[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?"""
_HTML_LANG = re.compile(rf"""<html\b(?:\s+{_ATTR})*?\s+lang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
                        re.IGNORECASE)
_HTML_LANG_BYTES = re.compile(_HTML_LANG.pattern.encode(), re.IGNORECASE)
_HTML_TAG = re.compile(r"<html(?=[\s/>])", re.IGNORECASE)
_HTML_TAG_BYTES = re.compile(_HTML_TAG.pattern.encode(), re.IGNORECASE)
LANG_SCAN = 4096   # where a page's <html> tag is looked for first


class Unlabelled(ValueError):
    """A page without an <html> tag to give the language it is indexed under: Pagefind would index
    it under none, and the search page (planned as if it had one) would never load it."""


def in_language(html: AnyStr, language: str) -> AnyStr:
    """The page as Pagefind is to index it (text, or its UTF-8 bytes as read): its <html lang> the
    language it is indexed under (only the value replaced, its quotes kept; the attribute added
    where the tag has none). Raises Unlabelled when the page has no <html> tag. The tag is looked
    for near the start, then in the whole page (a base.html opening with a long comment: it failed
    the build), and its own lang read from it alone (read up to LANG_SCAN, one cut off there got a
    second lang)."""
    binary = isinstance(html, bytes)
    lang = language.encode() if binary else language
    tags = _HTML_TAG_BYTES if binary else _HTML_TAG
    tag = tags.search(html, 0, LANG_SCAN) or tags.search(html)
    if tag is None:
        raise Unlabelled(f"no <html> tag to mark with the language search indexes it under ({language}): "
                         'begin base.html (templates/base.html) with <html lang="{{ lang|bcp47 }}">')
    found = (_HTML_LANG_BYTES if binary else _HTML_LANG).match(html, tag.start())
    if found is None:
        return html[:tag.end()] + (b' lang="%s"' % lang if binary else f' lang="{lang}"') + html[tag.end():]
    group = next(g for g in (1, 2, 3) if found.group(g) is not None)
    if found.group(group) == lang:
        return html
    return html[:found.start(group)] + lang + html[found.end(group):]


_META = re.compile(rb"""data-pagefind-meta\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_META_KEY = re.compile(rb"\s*([^\s\[:,]+)")
_HTML_OPEN = re.compile(rb"<html\b((?:\s+" + _ATTR.encode() + rb")*)\s*/?>", re.IGNORECASE)
_ATTR_PAIR = re.compile(rb"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_LANG_CODE = re.compile(rb"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*\Z")


def with_own_language(page: bytes) -> bytes:
    """The page with its own language and direction (its <html lang dir>, before in_language gives
    it the one it is indexed under) recorded for its search result, where it records none itself:
    the search page marks each result with its story's `lang` and `dir` meta, and a site's own
    article.html without the theme's `data-pagefind-meta="lang[lang], dir[dir]"` left its results
    in the page's language (on an English page, a Swahili story read in an English voice). The meta
    goes on the <html> tag, which for_pagefind always sends."""
    recorded = {key.lower() for found in _META.finditer(page)
                for part in (found.group(1) or found.group(2) or found.group(3) or b"").split(b",")
                for key in _META_KEY.findall(part)[:1]}
    if b"lang" in recorded:
        return page
    tag = _HTML_OPEN.search(page, 0, LANG_SCAN) or _HTML_OPEN.search(page)
    attrs = {m[1].lower(): m[2] or m[3] or m[4] for m in _ATTR_PAIR.finditer(tag[1])} if tag else {}
    lang = attrs.get(b"lang")
    if not lang or not _LANG_CODE.match(lang):
        return page   # none to record (in_language refuses a page without <html>)
    # a static value runs to the attribute's end (commas too): last; dir read from the tag itself
    meta = (b"dir[dir], " if attrs.get(b"dir") else b"") + b"lang:" + lang
    at = tag.start() + len(b"<html")
    return page[:at] + b' data-pagefind-meta="' + meta + b'"' + page[at:]


@dataclass(frozen=True)
class Shard:
    key: str                     # '' for the primary (newest) bundle, else its first month 'YYYY-MM'
    articles: tuple[int, ...]    # indices into site.articles, oldest first
    languages: tuple[str, ...]   # the languages of those articles, sorted

    @property
    def folder(self) -> str:
        return f"{BUNDLE}/{self.key}" if self.key else BUNDLE


def shard_size(count: int) -> int:
    """Fixed for a range of site sizes, so shard boundaries only move when the site doubles."""
    size = SHARD_BASE
    while count > size * MAX_SHARDS:
        size *= 2
    return size


def shards(articles: tuple, tz) -> list[Shard]:
    """Whole months, oldest first, gathered until a shard holds shard_size() articles; the rest
    (the newest) is the primary bundle. New stories change only the primary one."""
    months: dict[str, list[int]] = {}
    for i in range(len(articles) - 1, -1, -1):  # site.articles are newest first
        months.setdefault(articles[i].date.astimezone(tz).strftime("%Y-%m"), []).append(i)
    size, groups, current = shard_size(len(articles)), [], []
    for month, indices in sorted(months.items()):
        if not current:
            groups.append((month, current))
        current.extend(indices)
        if len(current) >= size:
            current = []
    out = [Shard(month, tuple(ix), tuple(sorted({articles[i].language for i in ix}))) for month, ix in groups]
    primary = out.pop() if out else Shard("", (), ())  # with no article, an empty index for the search page
    return [*out, Shard("", primary.articles, primary.languages)]


def stamp(output: Path, key: str, every: bool = False, fragments: bool = True) -> str:
    """What a shard's bundle in public/ is like: the size and mtime of each of its top files
    (pagefind-entry.json, the scripts, each language's meta and wasm) and folders (fragment/,
    index/: a file deleted or added there changes the folder's mtime), ~12 stats; with `every`,
    then '.' and a digest of every other file's name, size and mtime (index/'s chunks, ~10% of
    the files), then, with `fragments`, '.' and one of fragment/'s (a file a page, the other 90%):
    only these see a file rewritten in place. '' when it is not there. The build records it after
    each switch and re-indexes a shard whose stamp differs: damaged or deleted index files are
    repaired, not left failing in the browser."""
    root = output / (f"{BUNDLE}/{key}" if key else BUNDLE)
    try:
        with os.scandir(root) as entries:
            found = sorted((e.name, e.stat(follow_symlinks=False)) for e in entries
                           if key or not _SHARD_KEY.match(e.name))  # the primary holds the others
        top = _digest(f"{name}:{st.st_mode}:{st.st_size}:{st.st_mtime_ns}" for name, st in found)
        if not every:
            return top
        rest = f"{top}.{_digest(_every_file(root, key, skip=FRAGMENTS))}"
        return f"{rest}.{_digest(_every_file(root / FRAGMENTS, 'all'))}" if fragments else rest
    except OSError:
        return ""


def _every_file(root: Path, key: str, skip: str = "") -> Iterable[str]:
    """'name:size:mtime' of each file under a shard's folder (not the older shards' in the primary's,
    nor its top folder `skip`)."""
    folders = [(root, "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for e in sorted(entries, key=lambda e: e.name):
                if e.is_dir(follow_symlinks=False):
                    if prefix or ((key or not _SHARD_KEY.match(e.name)) and e.name != skip):
                        folders.append((Path(e.path), f"{prefix}{e.name}/"))
                else:
                    st = e.stat(follow_symlinks=False)
                    yield f"{prefix}{e.name}:{st.st_size}:{st.st_mtime_ns}"


def _digest(lines: Iterable[str]) -> str:
    return hashlib.blake2b("\0".join(lines).encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def stale_files(output: Path, kept: set[str]) -> set[str]:
    """Files under public/pagefind/ that are not in a shard kept as it is (only the folders of the
    others are listed: a shard holds a file per article)."""
    root, out = output / BUNDLE, set()
    if not root.is_dir():
        return out
    for entry in os.scandir(root):
        key = entry.name if entry.is_dir(follow_symlinks=False) and _SHARD_KEY.match(entry.name) else ""
        if key in kept:
            continue
        if entry.is_dir(follow_symlinks=False):
            for folder, _, names in os.walk(entry.path):
                out.update(Path(folder, n).relative_to(output).as_posix() for n in names)
        else:
            out.add(f"{BUNDLE}/{entry.name}")
    return out


_FRAGMENT_URL = re.compile(rb'pagefind_dcd\{"url":"((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True)
class Outdated:
    """Why an index pagefind cannot update must go (see withdrawn): the pages it finds that are
    no longer published, those whose text changed since, and a fragment it could not read."""
    gone: list[str]
    edited: list[str]
    damaged: str = ""

    def __bool__(self) -> bool:
        return bool(self.gone or self.edited or self.damaged)


_TOKEN = re.compile(r"\w+|[.!?]|\x00")   # words, and what ends a sentence (\x00: an element's edge)
_INLINE = frozenset("a abbr b bdi bdo cite code data del dfn em i ins kbd mark q s samp small span strong sub sup "
                    "time u var".split())   # an element that is not one of these ends a sentence in the index
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_UNSEARCHED = frozenset("script style noscript template svg nav footer form".split())   # Pagefind skips them


class _IndexedText(HTMLParser):
    """What Pagefind indexes of a page (for_pagefind's HTML): the text of its data-pagefind-body
    elements (of the page when it has none) less data-pagefind-ignore elements and those Pagefind
    skips, pictures' alt texts, \x00 where an element other than an inline one begins or ends, \x01
    before the text of a <blockquote>, \x02 and \x03 around the text of an <em> or <i>."""

    def __init__(self, bodies: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []   # open elements, and whether their text counts
        self.counts = not bodies
        self.quoted = 0   # <blockquote> elements open
        self.stressed = 0   # <em> and <i> elements open

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag not in _INLINE:
            self.parts.append("\x00")
        if tag == "img" and self.counts and named.get("alt"):
            self.parts += [str(named["alt"]), "\x00"]
        if tag in _VOID:
            return
        self.stack.append((tag, self.counts))
        self.quoted += tag == "blockquote"
        self.stressed += tag in ("em", "i")
        if "data-pagefind-body" in named:
            self.counts = True
        if "data-pagefind-ignore" in named or tag in _UNSEARCHED:
            self.counts = False

    def handle_endtag(self, tag: str) -> None:
        if tag not in _INLINE:
            self.parts.append("\x00")
        if any(open_ == tag for open_, _ in self.stack):
            while self.stack:
                open_, self.counts = self.stack.pop()
                self.quoted -= open_ == "blockquote"
                self.stressed -= open_ in ("em", "i")
                if open_ == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self.counts:
            data = _MARKS.sub("", data)
            self.parts.append(("\x01" if self.quoted else "") + (f"\x02{data}\x03" if self.stressed else data))


def _sentences(text: str) -> list[tuple[str, ...]]:
    """The text's sentences, each as its words (casefolded): cut where a sentence or an element ends."""
    out, words = [], []
    for token in _TOKEN.findall(text.casefold()):
        if token in ".!?\x00":
            if words:
                out.append(tuple(words))
            words = []
        else:
            words.append(token)
    return out + ([tuple(words)] if words else [])


def _page_blocks(page: bytes) -> tuple[list[list[tuple[str, ...]]], frozenset[int]]:
    """The sentences of what Pagefind indexes of a page, block by block (the text between element
    edges), and which blocks (their index) are quotations (_quoted)."""
    sent = for_pagefind(page)
    parser = _IndexedText("data-pagefind-body" in sent)
    parser.feed(tail_as_text(sent))
    parser.close()
    blocks, quoted = [], set()
    for block in "".join(parser.parts).split("\x00"):
        if found := _sentences(_MARKS.sub("", block)):
            quoted |= {len(blocks)} if _quoted(block) else set()
            blocks.append(found)
    return blocks, frozenset(quoted)


_MARKS = re.compile("[\x01-\x03]")
_STRESSED = re.compile("\x02[^\x03]*\x03")
_OPENING = "\"'“‘«»„‚「『‹›"
_CLOSING = "\"'”’»«“‘」』›‹"


def _quoted(block: str) -> bool:
    """Whether a block (its _IndexedText parts) is a quotation: in a <blockquote>, or all of its
    text in quote marks ('“Police arrested ...”') or in <em>/<i> (a note's '*Police arrested ...*')."""
    if "\x01" in block:
        return True
    if "\x02" in block and not _STRESSED.sub("", block).strip(" \t\n.,;:"):
        return True
    text = _MARKS.sub("", block).strip().rstrip(".,;:")
    return len(text) > 2 and text[0] in _OPENING and text[-1] in _CLOSING


def _found_in_order(old: list[tuple[str, ...]], blocks: list[list[tuple[str, ...]]],
                    quoted: frozenset[int] = frozenset()) -> bool:
    """Whether each of the `old` sentences is one or more whole sentences of the `blocks`, in their
    order, and a block is either all old sentences or all new: the page is `old` with sentences or
    blocks added, and none taken out or changed. rf46e: a correction note quoting the claim it
    withdraws ('... said the following. "Police arrested the harbour master." That was wrong.') held
    the old sentence whole, so the index kept the claim; a block of new sentences holds none that
    counts (a sentence added to an old paragraph then counts as a change too: the index is redone).
    rf47b 6: nor does a block quoted (`quoted`: _quoted's) next to a block of new sentences, the note
    that introduces it ('An earlier version said:' > the claim) or follows it (rf47j 6): a quote
    that stood in the story before, between text that stands too, still counts."""
    new = [sentence for block in blocks for sentence in block]
    words = [w for sentence in new for w in sentence]
    edges, at = [0], 0
    for sentence in new:
        at += len(sentence)
        edges.append(at)
    starts, at = {edge: k for k, edge in enumerate(edges)}, 0
    matched: set[int] = set()   # the sentences of `new` an old one is
    for sentence in old:
        n = len(sentence)
        at = next((i for i in edges if i >= at and i + n in starts and tuple(words[i:i + n]) == sentence), -1)
        if at < 0:
            return False
        matched.update(range(starts[at], starts[at + n]))
        at += n
    olds, first = [], 0
    for block in blocks:
        olds.append(sum(k in matched for k in range(first, first + len(block))))
        first += len(block)
    for b, (old_ones, block) in enumerate(zip(olds, blocks)):
        beside_new = b > 0 and olds[b - 1] == 0 or b + 1 < len(blocks) and olds[b + 1] == 0
        if 0 < old_ones < len(block) or old_ones and beside_new and b in quoted:
            return False
    return True


def _lost_words(fragment: dict, page: Callable[[], bytes]) -> bool:
    """Whether the page, rendered anew, no longer says what its indexed text (`fragment`) holds: each
    sentence indexed must still be a sentence of the page, in the same order and in an old block (rf46a: a set of words
    kept the index of a correction whose note restated the claim taken out, 'An earlier version said
    police arrested the harbour master...', as each word was still there)."""
    try:
        new, quoted = _page_blocks(page())
    except (OSError, Unlabelled):   # gone, or no <html>: its text cannot be told the same
        return True
    title = _sentences(unescape(str(fragment.get("meta", {}).get("title", ""))))
    return not (_found_in_order(_sentences(unescape(str(fragment.get("content", "")))), new, quoted)
                and _found_in_order(title, new))


def withdrawn(output: Path, kept: set[str], published: set[str], changed: dict[str, Callable[[], bytes]]
              ) -> Outdated:
    """What public/pagefind/ still finds that it should not (MISSING: the index cannot be updated):
    the URLs in the fragments of the shards not `kept` as they are (the others list the same
    pages as when indexed) that are no longer published (taken down, deleted, moved), or whose
    page rendered anew (`changed`: its new text, read when asked) no longer has a sentence the
    index holds for it (a correction's removed words stay found, and shown in the excerpt, as long
    as the old text does: _lost_words). A page only added is in no fragment, a page only added to
    (a story beside it, a paragraph) keeps every sentence: the index just misses the new ones. A shard's fragments, one a page, ~250 of them."""
    gone, edited = set(), set()
    for rel in stale_files(output, kept):
        if f"/{FRAGMENTS}/" not in f"/{rel}":
            continue
        try:
            data = gzip.decompress((output / rel).read_bytes())
            found = _FRAGMENT_URL.match(data)
            url = json.loads(b'"%s"' % found.group(1)) if found else rel
            fragment = json.loads(data[len(b"pagefind_dcd"):]) if url in changed else {}
        except (OSError, EOFError, ValueError):   # unreadable: it may find anything
            return Outdated([], [], rel)
        if url not in published:
            gone.add(url)
        elif url in changed and _lost_words(fragment, changed[url]):
            edited.add(url)
    return Outdated(sorted(gone), sorted(edited))


def _some(urls: Sequence[str]) -> str:
    return f"{', '.join(urls[:3])}{' ...' if len(urls) > 3 else ''}"


def withdrawn_note(outdated: Outdated, settings: str) -> str:
    if outdated.damaged:
        why = f"The index is damaged ({outdated.damaged} cannot be read), so it may find anything"
    else:
        why = " and ".join(
            ([f"{len(outdated.gone)} page(s) no longer published ({_some(outdated.gone)})"] if outdated.gone else [])
            + ([f"the old text of {len(outdated.edited)} page(s) changed since ({_some(outdated.edited)})"]
               if outdated.edited else []))
        why = f"The index held {why}, found by those words until it is updated"
    return (f"{missing(settings)}. {why}: it was removed, and the search page says search is not available until a build "
            "with pagefind indexes the site again")


# Indexing ----------------------------------------------------------------------------------------
class PagefindError(Exception):
    pass


class Cancelled(Exception):
    """index_shards was stopped by its `cancel` event (watch/serve: a save came): nothing it made
    may be used, and the shards are indexed again later."""


class Indexer:
    """One `pagefind --service` process holding one index at a time (next() starts the next one in
    the same process). The `pagefind` package's async client sleeps 100 ms before reading each
    response (1,000 s for 10,000 pages), so we speak its documented wire format ourselves: base64
    JSON messages, each ended by a comma."""

    def __init__(self, binary: Path) -> None:
        # its stderr to a file, not a pipe nobody reads (which would fill and stop it): a Pagefind
        # that dies says why there, and the error shows its last lines
        self._stderr = tempfile.TemporaryFile()
        try:
            self.proc = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self._stderr)
        except BaseException:
            self._stderr.close()
            raise
        self._buffer, self._next = bytearray(), 0
        self.index = self.call({"type": "NewIndex", "config": {}})["index_id"]

    def stopped(self) -> PagefindError:
        """The error for a Pagefind that exited (its output ended, or a write found the pipe
        broken): its exit code and the last lines it wrote to stderr."""
        try:
            code = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:   # a closed pipe but still running: it is no use now
            self.proc.kill()
            code = self.proc.wait()
        return PagefindError(f"pagefind stopped (exit code {code})" + self._last_words())

    def _last_words(self, count: int = 5) -> str:
        try:
            self._stderr.seek(0, os.SEEK_END)
            self._stderr.seek(max(0, self._stderr.tell() - 4096))
            text = self._stderr.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""
        lines = [line.strip() for line in text.splitlines() if line.strip()][-count:]
        return ": " + " / ".join(lines) if lines else ""

    def next(self) -> None:
        """Drop the index written and start an empty one. The process's memory is reused: a new
        process per shard faulted in ~540 KB of fresh pages per page indexed, this ~300 KB."""
        self.call({"type": "DeleteIndex", "index_id": self.index})
        self.index = self.call({"type": "NewIndex", "config": {}})["index_id"]

    def send(self, payload: dict) -> None:
        self._next += 1
        message = {"message_id": self._next, "payload": payload}
        self.proc.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")

    def receive(self) -> tuple[int | None, dict]:
        """The next reply: (the id of the message it answers, its payload)."""
        end = self._buffer.find(b",")
        while end < 0:
            chunk = self.proc.stdout.read1(1 << 20)
            if not chunk:
                raise self.stopped()
            start = len(self._buffer)
            self._buffer += chunk
            end = self._buffer.find(b",", start)
        message = bytes(self._buffer[:end])
        del self._buffer[:end + 1]
        try:
            reply = json.loads(base64.b64decode(message))
            payload = reply["payload"]
        except (ValueError, KeyError, TypeError) as exc:
            raise PagefindError(f"unreadable reply from pagefind ({exc}): {message[:200]!r}") from None
        if payload.get("type") == "Error":
            raise PagefindError(payload.get("message", "unknown error"))
        return reply.get("message_id"), payload

    def call(self, payload: dict) -> dict:
        """Send one message and wait for its own reply (replies may come in any order)."""
        try:
            self.send(payload)
            self.proc.stdin.flush()
        except BrokenPipeError:
            raise self.stopped() from None
        while True:
            answered, reply = self.receive()
            if answered == self._next:
                return reply

    def add_pages(self, pages: Iterable[tuple[str, str]]) -> None:
        """(url, html) pairs; written from a thread while the replies are read, so neither pipe fills."""
        sent, failure = [0], []

        def feed() -> None:
            try:
                for url, html in pages:
                    self.send({"type": "AddFile", "index_id": self.index, "url": url,
                               "file_contents": html, "file_path": None})
                    sent[0] += 1
                self.proc.stdin.flush()
            except BaseException as exc:  # noqa: BLE001 - reported by the reading side
                failure.append(exc)
            finally:
                done.set()

        first, received = self._next + 1, 0
        done = threading.Event()
        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        while True:
            if received < sent[0]:
                answered, _ = self.receive()
                received += answered is not None and answered >= first
            elif done.is_set():
                break
            else:
                done.wait(0.005)
        writer.join()
        if failure:
            raise self.stopped() if isinstance(failure[0], BrokenPipeError) else failure[0]

    def write(self, folder: Path, live: Callable[[str], Path | None] = lambda rel: None) -> list[str]:
        """Write the bundle into folder. Pagefind's own WriteFiles replies before its (async) file
        writes are done, so the files are fetched and written here, complete when this returns.
        A file that live(rel) already holds with the same bytes is not written: an edit changes a
        few of a shard's 400 files, and each file written costs a create, a rename into public/
        and a link into the spare (their names are content hashes, so most stay). Returns those."""
        kept, made = [], set()
        for file in self.call({"type": "GetFiles", "index_id": self.index})["files"]:
            rel = Path(file["path"])
            if rel.is_absolute() or ".." in rel.parts:
                raise PagefindError(f"pagefind returned a file outside its bundle: {file['path']}")
            data = base64.b64decode(file["content"])
            if rel.as_posix() == "pagefind-entry.json":
                data = _sorted_entry(data)
            old = live(rel.as_posix())
            if old is not None and same_bytes(old, data):
                kept.append(rel.as_posix())
                continue
            if rel.parent not in made:  # ~1,000 fragments share one folder
                (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                made.add(rel.parent)
            (folder / rel).write_bytes(data)
        return kept

    def close(self, failed: bool = False) -> None:
        if failed:
            self.proc.kill()
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        finally:
            self._stderr.close()


Pages = list[tuple[str, Callable[[], bytes | str]]]    # a shard's (url, read the page) pairs


def index_shards(todo: list[tuple[Shard, Pages]], into: Path, workers: int, output: Path | None = None,
                 cancel: threading.Event | None = None, settings: str = CONFIG_FILE) -> tuple[str | None, set[str]]:
    """Index each shard's pages into `into`/<shard folder>; `workers` Pagefind processes, each
    indexing one shard at a time. Files that `output` (the live site) holds with the same bytes
    are left there, not written again. Returns an error message or None, and those files
    (relative to `into`). Raises Cancelled when `cancel` is set meanwhile: the Pagefind processes
    are killed at once (a shard takes a second or more, which a save in watch/serve waited for).
    `settings`: the config file's name, for MISSING's advice."""
    binary = executable()
    if binary is None:
        return missing(settings), set()
    from concurrent.futures import ThreadPoolExecutor
    queue = _ShardQueue(todo)
    live = _LivePaths(output)
    done = threading.Event()
    if cancel is not None:
        threading.Thread(target=_stop_on, args=(cancel, done, queue), daemon=True).start()
    try:
        count = max(1, min(workers, len(todo)))
        with ThreadPoolExecutor(count) as pool:
            futures = [pool.submit(_index_taken, queue, binary, into, live) for _ in range(count)]
            try:
                kept = {rel for future in futures for rel in future.result()}
            except KeyboardInterrupt:   # Ctrl-C, SIGTERM: the pool's exit waited out every running
                queue.stop()            # shard first (a build of 5,000 stories took 25 s to stop)
                raise
    except Unlabelled as exc:
        return f"search: {exc}", set()
    except (PagefindError, OSError, ValueError) as exc:
        if cancel is not None and cancel.is_set():
            raise Cancelled() from None   # its processes killed: their pipes broke
        return f"search: pagefind failed: {exc}", set()
    finally:
        done.set()
    if cancel is not None and cancel.is_set():
        raise Cancelled()   # the queue may have stopped handing out shards: an index of some of them
    return None, kept


def _stop_on(cancel: threading.Event, done: threading.Event, queue: "_ShardQueue") -> None:
    """Until `done`: once `cancel` is set, hand out no more shards and kill the running Pagefinds."""
    while not done.is_set():
        if cancel.wait(0.02):
            queue.stop()
            return


class _ShardQueue:
    """The shards still to index, longest first, so that no worker is left with a big shard while
    the others are done (the order changes no byte: each index is built from its own pages in
    their order). Empty once a worker failed, so the others stop after their current shard."""

    def __init__(self, todo: list[tuple[Shard, Pages]]):
        self._todo = sorted(todo, key=lambda item: -len(item[1]))
        self._lock = threading.Lock()
        self.failed = threading.Event()
        self._procs: list[subprocess.Popen] = []   # the workers' Pagefinds, for stop()

    def take(self) -> tuple[Shard, Pages] | None:
        with self._lock:
            return self._todo.pop(0) if self._todo and not self.failed.is_set() else None

    def started(self, proc: subprocess.Popen) -> None:
        """A worker's Pagefind: killed by stop(), at once when that came first."""
        with self._lock:
            self._procs.append(proc)
            if self.failed.is_set():
                proc.kill()

    def stop(self) -> None:
        """Cancelled: no more shards, and the Pagefinds killed (their workers' reads then fail)."""
        with self._lock:
            self.failed.set()
            for proc in self._procs:
                proc.kill()


class _LivePaths:
    """Where the live site holds a bundle's file (None: not there, or only through a symlink)."""

    def __init__(self, output: Path | None):
        self._output = output
        self._checked: set[str] = set()

    def __call__(self, folder: str, rel: str) -> Path | None:
        if self._output is None:
            return None
        try:
            path = safe_join(self._output, f"{folder}/{rel}", self._checked)  # not through a symlink out
        except WriteError:
            return None
        return None if path.is_symlink() else path  # nor a link put in its place: written anew


def _index_taken(queue: _ShardQueue, binary: Path, into: Path, live: _LivePaths) -> list[str]:
    """One worker: index shards from `queue` until it is empty, with one Pagefind process for all
    of them (a process a shard cost a third more page faults); the files left in the live site."""
    kept: list[str] = []
    indexer: Indexer | None = None
    try:
        while (item := queue.take()) is not None:
            shard, pages = item
            if indexer is None:
                indexer = Indexer(binary)
                queue.started(indexer.proc)
            else:
                indexer.next()
            indexer.add_pages((url, for_pagefind(read())) for url, read in pages)
            kept += (f"{shard.folder}/{rel}" for rel in
                     indexer.write(into / shard.folder, partial(live, shard.folder)))
    except BaseException:
        queue.failed.set()
        if indexer is not None:
            indexer.close(failed=True)
        raise
    if indexer is not None:
        indexer.close()
    return kept


def for_pagefind(page: bytes | str) -> str:
    """What is sent to Pagefind for a page (its UTF-8 bytes as read, or text): its
    data-pagefind-body element alone when nothing else can change the index (_body_only), else
    the page less its <head>."""
    data = page.encode("utf-8", "surrogatepass") if isinstance(page, str) else page
    if b"\r" in data:   # as a file read as text (universal newlines) gives it
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        page = data
    return _body_only(data) or _without_head(page if isinstance(page, str) else data.decode("utf-8"))


def _body_only(data: bytes) -> str | None:
    """The page's <html> tag and its one data-pagefind-body element (on the built-in theme's
    article page, 57% of what _without_head leaves): Pagefind's CPU a page 3.45 -> 3.13 ms (its
    HTML parsing: 1.55 -> 1.23 ms a page added), the same bundle. None (send more) unless what is
    outside cannot count: no other data-pagefind-* attribute there, no <h1> (Pagefind titles a page
    by its first), no <img> after the element unless the element has its own (see _own_image), and
    the element's end found by counting its tag, with no comment or raw text inside to fool the
    count. (An ancestor Pagefind ignores, a <nav> or <form>, does not matter: the body element's
    text counts all the same.) Plain searches in the lowercased bytes, ~30 us a page: HTML's names
    are ASCII and case-blind, and str.lower() of a page with one non-ASCII letter costs 0.1 ms."""
    low = data.lower()
    at = low.find(_BODY)
    if at < 0 or low.find(_BODY, at + len(_BODY)) >= 0:
        return None
    start = low.rfind(b"<", 0, at)
    tag = _TAG.match(low, start) if start >= 0 and b">" not in low[start:at] else None
    end = _element_end(low, start, tag[1]) if tag else -1
    if end < 0:
        return None
    before, inside, after = low[:start], low[start:end], low[end:]
    root = _tag_at(before, b"<html")
    close = data.find(b">", root) if root >= 0 else -1
    outside = before[:root] + before[close + 1:] if close >= 0 else before   # <html> is sent (its meta too)
    if (b"data-pagefind" in outside or b"data-pagefind" in after or b"<h1" in before or b"<h1" in after
            or b"<h1" not in inside or _RAW.search(inside) or (b"<img" in after and not _own_image(inside))):
        return None
    opening = data[root:close + 1]
    if close < 0 or opening.count(b'"') % 2 or opening.count(b"'") % 2:
        return None
    return (opening + b"<body>" + data[start:end] + b"</body></html>").decode("utf-8")


def _tag_at(low: bytes, opening: bytes, start: int = 0) -> int:
    """Where `opening` (b'<name') first opens a tag of that name in `low` from `start`, else -1."""
    at = low.find(opening, start)
    while at >= 0 and low[at + len(opening):at + len(opening) + 1] not in _ENDS_NAME:
        at = low.find(opening, at + 1)
    return at if at >= 0 and at + len(opening) < len(low) else -1


def _element_end(low: bytes, start: int, name: bytes) -> int:
    """Where the element opened at `start` ends (after its closing tag), -1 when it does not."""
    depth, at = 1, start + 1
    while depth:
        opens, closes = _tag_at(low, b"<" + name, at), _tag_at(low, b"</" + name, at)
        if closes < 0:
            return -1
        if 0 <= opens < closes:
            depth, at = depth + 1, opens + 1
        else:
            depth, at = depth - 1, closes + 1
    end = low.find(b">", at)
    return end + 1 if end >= 0 else -1


def _own_image(inside: bytes) -> bool:
    """Whether Pagefind's image for the page is sure to come from the body element: its image is
    the first <img> after the page's title is known (the first <h1>'s end, or a data-pagefind-meta
    title at its element's end), so one after the body's last </h1> when no meta names the title."""
    last = inside.rfind(b"</h1")
    return last >= 0 and inside.find(b"<img", last) >= 0 and not _TITLE_META.search(inside)


def _without_head(html: str) -> str:
    """The page less its <head> (a third of an article page: SEO tags, JSON-LD), which Pagefind
    parses but does not use unless it holds data-pagefind-* attributes, or the page has no <h1>
    (Pagefind then titles the result by its <title>). Same index, ~15% faster."""
    head = _HEAD.search(html)
    start, end = (head.start(), html.find("</head>")) if head else (-1, -1)
    if start < 0 or end < start or "data-pagefind" in html[start:end]:
        return html
    rest = html[end + len("</head>"):]
    return html[:start] + rest if _H1.search(rest) else html


def _sorted_entry(data: bytes) -> bytes:
    """Pagefind lists a multilingual bundle's languages in hash-map order, which differs from run
    to run; sorted, the same pages always give the same bytes (an edit build equals a clean one)."""
    return json.dumps(json.loads(data), ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def written(into: Path, shard: Shard) -> Iterable[str]:
    """The files a shard's index put in `into` (relative to it)."""
    root = into / shard.folder
    for folder, dirs, names in os.walk(root):
        if folder == str(root):
            dirs[:] = [d for d in dirs if not _SHARD_KEY.match(d)]  # the primary holds the others
        for name in names:
            yield Path(folder, name).relative_to(into).as_posix()
