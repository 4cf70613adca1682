"""content/*.md -> Article: the typed model of one article, parsed from front matter + Markdown.

Parsing is pure (`parse_article`); `load_articles` reads a folder and collects every error with
its file and line instead of stopping at the first.
"""
from __future__ import annotations

import copy
import hashlib
import marshal
import os
import re
import stat
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache, partial
from pathlib import Path
from time import time_ns
from typing import Any, Mapping, NamedTuple
from urllib.parse import quote, unquote, urlsplit
from zoneinfo import ZoneInfo

from . import LazyPattern
from .config import fixed_zone_said, leads_out, outside_message, site_zone, zone_advice
from .escaping import tail_as_text
from .langtag import bcp47, hreflang, language_tag, refined, replaced_region
from .spelling import names_differ


@lru_cache(maxsize=1)
def _front_matter() -> Any:
    """python-frontmatter's YAML handler (the project's chosen front-matter library), PyYAML's C safe
    loader behind it: loaded only for front matter that is not plain (see plain_front_matter). Its
    import took 15-25 ms, at the start of a first build's parse child and again in the build's
    process, for files that never used it."""
    import frontmatter
    return frontmatter.YAMLHandler()


@lru_cache(maxsize=1)
def _pairs_loader() -> type:
    """The handler's loader (PyYAML's C safe loader) made to give the top mapping's (key, value)
    nodes beside the values: a text key is then taken as written and a key given twice found. The
    pairs are copied before the values are built, as building flattens a '<<' merge in place."""
    import yaml

    class PairsLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        def get_single_data(self) -> tuple[list, Any]:
            root = self.get_single_node()
            pairs = list(root.value) if isinstance(root, yaml.MappingNode) else []
            return pairs, (self.construct_document(root) if root is not None else None)
    return PairsLoader


@lru_cache(maxsize=1)  # compiled when a file is first parsed: a build that parses nothing starts faster
def _fence() -> re.Pattern:
    """A '---' fence line as python-frontmatter's YAMLHandler finds it (its FM_BOUNDARY): its
    detect() is this pattern's match(), its split() this pattern's split(text, 2), here without
    importing it (tests/test_content.py holds the two equal)."""
    return re.compile(r"^-{3,}\s*$", re.MULTILINE)


def load_parsers() -> None:
    """Import what parsing a file needs now rather than at the first file: the command line does it
    while site.toml is validated aside (build.preload), on a core that is otherwise idle, so a
    file that is not plain YAML loads PyYAML in no process after. Not python-slugify: slug_of
    needs it only for a name that is not ASCII words and spaces (2 ms)."""
    _fence()
    _front_matter()
    _pairs_loader()


KNOWN_KEYS = frozenset({
    "title", "summary", "authors", "author", "date", "updated", "language", "tags", "slug", "source",
    "draft", "image", "image_alt", "alt", "caption", "credit", "focus", "corrections", "extra",
    "section", "timezone", "translation_of", "aliases", "pinned", "feed_id_date",
    # converter bookkeeping, carried through untouched
    "seed_hash", "content_hash", "date_source",
})


class ContentError(Exception):
    """A content file that cannot be used. str() is 'path:line: message — what to do'."""

    def __init__(self, path: str, message: str, line: int | None = None, key: str = ""):
        self.path, self.line, self.message, self.key = path, line, message, key  # key: parse_article finds its line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class ChangedWhileBuilt(ContentError):
    """A story's file changed between its parse and a later read of its body (a checkout, a sync, an
    editor still saving): never a page that mixes two versions; building again parses it anew.
    `path`: the file under the content folder, as for every ContentError."""

    def __init__(self, path: str):
        super().__init__(path, "changed while the site was built; build again")


@dataclass(frozen=True)  # no slots: the cache's codec fills its __dict__, and parse workers pickle it
class Correction:
    date: datetime
    text: str
    has_time: bool = True   # False: dated by its day alone (that day's midnight, as `date:` is)


@dataclass(frozen=True)  # no slots: the cache's codec fills its __dict__, and parse workers pickle it
class Article:
    path: str                      # relative to the content folder, posix
    title: str
    summary: str
    authors: tuple[str, ...]
    date: datetime                 # aware
    updated: datetime | None
    language: str
    tags: tuple[str, ...]
    slug: str
    body: str                      # Markdown
    draft: bool = False
    image: str = ""
    image_alt: str = ""
    image_caption: str = ""
    image_credit: str = ""
    image_focus: tuple[float, float] | None = None  # crops keep this point (x, y from 0 to 1) in view
    body_images: tuple[tuple[str, str], ...] = ()  # (source as written, alt) of each picture in the body
    corrections: tuple[Correction, ...] = ()
    from_seed: bool = False        # text came from a seed: raw HTML is never trusted
    extra: Mapping[str, Any] = field(default_factory=dict)
    digest: str = ""               # hash of the whole source file: the article's identity for caching
    unknown_keys: tuple[str, ...] = ()  # front-matter keys sitegen does not know (typos?): warned about
    notes: tuple[str, ...] = ()    # warnings about the front matter, made where it was parsed ('x.md:5: ...')
    section: str = ""              # the section's key in [sections]; '' = none named
    timezone: str = ""             # IANA zone the article's times are shown in; '' = the site's
    translation_of: str = ""       # path or slug of the article this one translates
    has_time: bool = True          # False: the source gave a day only, so no time of day is shown
    updated_has_time: bool = True  # the same for `updated:` (a day only: no "12:00 AM" invented)
    date_known: bool = True        # False: date_source first-conversion, a stand-in for the real date
    aliases: tuple[str, ...] = ()  # old site-relative URLs that redirect here ('/2026/12/old-slug/')
    # `feed_id_date:` the day its feed entries' ids name ('2026-11-27'; '' = the day of `date`): the
    # converter writes the stand-in day there, so setting the real date leaves the id alone
    feed_id_date: str = ""
    # each body link to a '.md' path (its href, markdown-it's); the lines are found again only for a
    # warning (body_link_lines), so an edit that moves a link leaves the site's plan standing
    body_links: tuple[str, ...] = ()
    # each body link to an address of the site itself ('/2026/11/x/', or absolute with base_url's
    # scheme and host), its href as markdown-it gives it: checked against what the build publishes
    # (site.site_link_warnings); in the plan's key, like body_links, so a new one is checked
    site_links: tuple[str, ...] = ()
    # the body held control characters, dropped where it was parsed (a note says where): article_body
    # drops them again from the body it reads back, and every other body is read back as it is
    controls_dropped: bool = False
    # the body's first raw HTML as written ('<iframe src=...', cut to 40 characters; '' none): shown
    # as text unless allow_html and written by hand; the site warns when allow_html is false (shown_as_text)
    raw_html: str = ""
    # `pinned:` an editor's lead story: it heads its fronts while the pin holds (True: until the key
    # is taken off; pinned_until, when given, is the moment it ends). Lists by date, feeds and
    # sitemaps ignore it (site.pinned_ids)
    pinned: bool = False
    pinned_until: datetime | None = None
    words: int = field(default=-1, compare=False)  # counted once, where the file is parsed (in parallel)

    def __post_init__(self) -> None:
        if self.words < 0:  # an article made without its body (without_body) keeps its count
            object.__setattr__(self, "words", word_count(self.body))

    @property
    def warnings(self) -> tuple[str, ...]:
        found = list(self.notes)
        if not self.date_known:
            day = self.date.date().isoformat()
            # a file an older converter wrote, edited since, has no feed_id_date: the fix keeps the id
            fix = ("delete the 'date_source: first-conversion' line" if self.feed_id_date else
                   f"replace the 'date_source: first-conversion' line with 'feed_id_date: {day}', which keeps "
                   f"its feed entries' id: feed readers do not show it again as new")
            found.append(f"{self.path}: the seed gave no date, so the day it was first converted stands in "
                         f"({day}); set the real one (date: YYYY-MM-DD) and {fix} (the story's address moves "
                         f"with its date: list the old one under 'aliases:' so links already shared keep working)")
        return tuple(found)

    @property
    def feed_id_day(self) -> str:
        """The day its feed entries' ids name (feeds.entry_id): `feed_id_date:`, else the day of
        `date` as written."""
        return self.feed_id_date or self.date.date().isoformat()

    def pinned_at(self, now: datetime) -> bool:
        """Whether the pin holds at the build's clock `now` (an expired pin is an ordinary story)."""
        return self.pinned and (self.pinned_until is None or now < self.pinned_until)

    @property
    def modified(self) -> datetime:
        """Last substantive change: the later of updated and the newest correction."""
        stamps = [self.date, *(c.date for c in self.corrections)]
        if self.updated:
            stamps.append(self.updated)
        return max(stamps)

    @property
    def modified_has_time(self) -> bool:
        """Whether `modified` has a known time of day: not when it is a day-only (or stand-in)
        `date:`, a day-only `updated:` or a correction dated by its day alone (as
        views.ArticleView.modified_attr says it)."""
        when = self.modified
        if when == self.date:
            return self.has_time and self.date_known
        if when == self.updated:
            return self.updated_has_time
        return any(c.has_time for c in self.corrections if c.date == when)


# str.split()'s ASCII whitespace as b" ", letters and digits as b"x", ASCII punctuation deleted
# (_PUNCTUATION): a word starts at each " x" (a token of punctuation alone, a table's '|', a list's
# '-', is none; '("a' and 'a.b' one word; one count in C, no regex). Beyond ASCII, each character
# by its UTF-8 first byte (word_count deletes the others): Latin-1's signs (U+0080-U+00BF),
# punctuation (U+2000-U+2FFF) and Chinese and Japanese (U+3000-U+9FFF) as spaces between words,
# the rest letters
_WORD_MARKS = bytes(32 if i == 0xc2 or 0xe2 <= i <= 0xe9 or chr(i).isspace() else 120 for i in range(256))
_PUNCTUATION = bytes(i for i in range(128) if not chr(i).isalnum() and not chr(i).isspace())
_UNMARKED = bytes(range(0x80, 0xc0)) + _PUNCTUATION   # a character's following bytes, and punctuation

# Markdown the reader does not read, each only looked for in a body with its mark: pictures, link and
# reference targets, HTML tags and comments, code fences. A chart's path or a source's URL counted as
# words: a Chinese story citing a source counted four times its text (review50h 4).
# A picture's title stays: the page shows it as the figure's caption (render's figure hook; rf50h 2).
# (Each behind one character, found by memchr: six two-character searches of a body cost more than the count.)
# Each run stops where the next one of its kind opens ('<', '![', '](', '<!--'): read to the line's
# end, an unclosed '<a' or '![a' tried again at each of its repeats cost a line's length squared (a
# title's, its cube: 13 KB of '![a](b "x" ' took 50 s; review51c 5). Not at any '[': a picture's
# address may hold brackets ('?crop[w]=900') and its title is a caption ('Source: [IMF]'; rf51c 1).
# The URL up to a title's quote is atomic: when the first ' "' has no closing '")' after it, no later one has.
# A link's target is read a run of characters at a time between its ']'s (the loop unrolled: one step a
# character cost 0.5 us of a bench body's 30; the same matches, perf52).
_NOT_A_PICTURE = r"(?:[^!{}\n]|!(?!\[))"   # one character of a picture's address or title: not where the next opens
_PICTURE = LazyPattern(r"!\[[^\[\]\n]*\](?:\((?:(?>" + _NOT_A_PICTURE.format(")") + r"*?[ \t][\"'])("
                       + _NOT_A_PICTURE.format("") + r"*?)[\"'][ \t]*|" + _NOT_A_PICTURE.format(")") + r"*)\)"
                       r"|\[[^\[\]\n]*\])")
_LINK_TARGET = LazyPattern(r"\]\([^\])\n]*(?:\](?!\()[^\])\n]*)*\)")   # a link's "](address)"


class _Comments:
    """'<!-- ... -->' anywhere, as `re.sub` would take them out, to the first '-->' whatever the comment
    holds (a commented-out comment too). A '<!--' after the body's last '-->' never closes, so it is
    not tried: each read to the body's end, a run of them cost its length squared (review51c 5, rf51c 1)."""
    groups = 0
    _OPENED = LazyPattern(r"<!--.*?-->", re.S)

    @classmethod
    def sub(cls, replacement: str, text: str) -> str:
        end = text.rfind("-->") + 3
        return cls._OPENED.sub(replacement, text[:end]) + text[end:] if end > 2 else text


_MARKUP = (("[", (("![", _PICTURE), ("](", _LINK_TARGET),
                  ("]:", LazyPattern(r"^[ \t]{0,3}\[(?!\^)[^\]\n]+\]:[^\n]*", re.M)))),
           ("<", (("<!--", _Comments), ("<", LazyPattern(r"</?[A-Za-z][A-Za-z0-9-]*(?:[\s/][^<>\n]*)?>")))),
           ("`", (("``", LazyPattern(r"^[ \t]*```[^\n]*", re.M)),)), ("~", (("~~~", LazyPattern(r"^[ \t]*~~~[^\n]*", re.M)),)))

# Scripts written without spaces between words, by the first bytes of their characters in UTF-8
# (bytes.count and a bytes regex: C's speed, no Python step a character), each with
# the code points a word has on average (no word segmenter is a dependency). A Chinese or Japanese
# character (U+3040-U+9FFF) is about a syllable: two a word, as reading-time estimates count them. A
# Thai, Lao, Khmer or Burmese word is a cluster of consonants, vowel signs and tone marks, each a
# code point: about five (six in Khmer, whose consonants stack). By script, not by the language
# code: 'yue', 'cmn' or a story mislabelled 'en' count alike (review50h 2, 5).
_SCRIPTS = ((tuple(bytes([b]) for b in range(0xe3, 0xea)), 2),
            ((b"\xe0\xb8", b"\xe0\xb9"), 5), ((b"\xe0\xba", b"\xe0\xbb"), 5), ((b"\xe1\x9e", b"\xe1\x9f"), 6),
            ((b"\xe1\x80", b"\xe1\x81", b"\xe1\x82"), 5))
# The other unspaced scripts' characters and the punctuation and spaces whose first byte others share
# (full-width marks, the Ogham space), as spaces between words
_UNSPACED = LazyPattern(rb"(?:\xe0[\xb8-\xbb][\x80-\xbf]|\xe1[\x80-\x82\x9e\x9f][\x80-\xbf]|\xe1\x9a\x80"
                        rb"|\xef\xbc[\x81-\x8f\x9a-\xa0\xbb-\xbf]|\xef\xbd[\x80\x9b-\xa5])+")
# Marks inside a word, joined as ASCII's ' and - are (_PUNCTUATION): the typographer's apostrophe
# U+2019 (smart quotes type "it’s", "l’équipe"), the hyphen U+2010, the non-breaking one, the soft
# hyphen and the middle dot (Catalan's "col·legi", French's "étudiant·e·s"). Their first bytes are
# spaces in _WORD_MARKS: "O’Brien’s" counted three words, "col·lectiu" two (rf50h 1, rf51b 1).
# With them the letters among U+2000-U+2FFF, U+2C00-U+2DFF (Glagolitic, Latin Extended-C, Coptic,
# Georgian's supplement, Tifinagh, Ethiopic Extended): a Tifinagh story counted no word (rf51b 2).
_JOINERS_E2, _JOINERS_C2 = LazyPattern(rb"\xe2\x80[\x90\x91\x99]"), LazyPattern(rb"\xc2[\xad\xb7]")   # deleted
_LETTERS_E2 = LazyPattern(rb"\xe2[\xb0-\xb7][\x80-\xbf]")   # as b"x", a letter
_INNER_E2 = LazyPattern(rb"\xe2(?:\x80[\x90\x91\x99]|[\xb0-\xb7])")   # either: is there work for the two above
# (Not \xe2 alone: an English story's curly quotes and dashes are U+2000-U+206F)
_UNSPACED_LEADS = LazyPattern(rb"[\xe3-\xe9]|\xe0[\xb8-\xbb]|\xe1[\x80-\x82\x9e\x9f]")


def reading_minutes(words: int, words_per_minute: int) -> int:
    """A story's reading time as its page and teasers show it: a minute at least."""
    return max(1, -(-words // words_per_minute))


def word_count(text: str) -> int:
    """The words a reader reads of a body: its Markdown's addresses, pictures and tags dropped
    (_MARKUP), each token with a letter or digit between spaces a word, and text in a script
    written without spaces by its code points (_SCRIPTS)."""
    for first, kinds in _MARKUP:
        if first in text:
            for mark, markup in kinds:
                if mark in text:
                    text = markup.sub(r" \1 " if markup.groups else " ", text)
    if text.isascii():  # no string for each word: 8 against 18 us a body
        words, marked = 0, b" " + text.encode("ascii").translate(_WORD_MARKS, _PUNCTUATION)
    else:
        words, marked = _unspaced_words(text.encode("utf-8"))
    return words + marked.count(b" x")


def _unspaced_words(data: bytes) -> tuple[int, bytes]:
    """The words of a UTF-8 body's unspaced scripts (_SCRIPTS), and the body marked as
    _WORD_MARKS says, with those scripts' characters as spaces."""
    words = 0
    if b"\xc2" in data:   # (memchr: most bodies have no Latin-1 sign)
        data = _JOINERS_C2.sub(b"", data)
    if _INNER_E2.search(data):   # one search behind a lead byte, found by a C loop: an `in` a joiner cost more
        data = _JOINERS_E2.sub(b"", data)
        if _LETTERS_E2.search(data):
            data = _LETTERS_E2.sub(b"x", data)
    if _UNSPACED_LEADS.search(data):
        cjk_punctuation = data.count(b"\xe3\x80")   # U+3000-U+303F, among _SCRIPTS' first
        words = sum((sum(map(data.count, starts)) - (cjk_punctuation if per == 2 else 0) + per // 2) // per
                    for starts, per in _SCRIPTS)
    if b"\xe0" in data or b"\xe1" in data or b"\xef" in data:
        data = _UNSPACED.sub(b" ", data)
    return words, b" " + data.translate(_WORD_MARKS, _UNMARKED)


_SENTENCE = LazyPattern(r"(?<=[.!?。！？])\s+")
# A full stop that ends no sentence: after a day or an ordinal ("Bis 25. November", "am 3.
# Spieltag"), an initial or a dotted initialism ("J. K. Rowling", "The U.S. Senate", "EE. UU.") or a
# title or abbreviation ("Dr. Weber", "St. Louis", "Sen. Warren", "Acme Inc. said"); or before a
# word in lower case or a number ("z. B. der", "ca. 300"). Joining two real sentences there only
# shortens the lede; a split there ended a front page's standfirst "… zur Unterstützung auf. Bis 25."
_NOT_AN_END = LazyPattern(
    r"\(?(?:\d{1,3}|(?:[^\W\d_]\.)*[^\W\d_]|([^\W\d_])\1|Dr|Prof|Mr|Mrs|Ms|Mme|Mlle|Sr|Sra|Jr|St|Ste|Nr|No|Vol|Abs|Art"
    r"|bzw|ca|vgl|usw|etc|Sen|Rep|Gov|Gen|Col|Capt|Lt|Sgt|Pres|Rev|Hon|Inc|Co|Corp|Ltd|Bros|Dept|Univ|Mt|Ft|vs|approx)\.")
# A first sentence shorter than this many words ("The U.S.", "Sen.") never stands alone: it is joined
# to the next one (and the pair cut at a word only when it is over the limit)
_FEWEST_WORDS = 3


_TOKEN = LazyPattern(r"\S+")


def _sentences(text: str) -> list[str]:
    """The text split after each full stop, '!' or '?' that ends a sentence. The word before a
    stop is read backwards from it, in the reversed text: the sentence so far split for its last
    word cost a run of initials ('J. K. ' x 8,000) its length squared (review51c 6)."""
    out, start, backwards, end = [], 0, text[::-1], len(text)
    for m in _SENTENCE.finditer(text):
        following = text[m.end():m.end() + 1]
        if following.islower() or following.isdigit() or _NOT_AN_END.fullmatch(
                text[end - _TOKEN.match(backwards, end - m.start()).end():m.start()]):
            continue
        out.append(text[start:m.start()])
        start = m.end()
    return [*out, text[start:]]


def _words(sentence: str) -> int:
    """word_count's words of a sentence in any language (a Chinese or Japanese one counted by its
    spaces was one 'word', always joined to the next: a long next one cut it mid-sentence)."""
    return word_count(sentence)


def lede(body: str, limit: int = 240, html: bool = False) -> str:
    """The first sentences of a body's first paragraph as the page shows its text: the standfirst
    of a story without a summary. Whole sentences up to `limit` characters, else a cut at a word.
    `html`: [build] allow_html (raw HTML is markup, its tags no text; else they are text)."""
    pieces = _sentences(_first_paragraph(body, html))
    # "The U.S." is no sentence: joined to the next. Not past `limit`, where the cut is made: each
    # join counted the joined text again, a run of wordless ones ('. . .') its length squared
    # (120 KB: a 35 s build; review51c 6)
    first, joined = pieces[0], 1
    while joined < len(pieces) and len(first) <= limit and _words(first) < _FEWEST_WORDS:
        first, joined = f"{first} {pieces[joined]}", joined + 1
    kept = ""
    for sentence in (first, *pieces[joined:]):
        if kept and len(kept) + 1 + len(sentence) > limit:
            break
        kept = f"{kept} {sentence}".strip()
    return cut_text(kept, limit)


@lru_cache(maxsize=2)
def block_parser(html: bool) -> Any:
    """The renderer's Markdown (CommonMark, tables, strikethrough, footnotes) with its block rules
    only: a lede reads one paragraph's inline text, not the whole body's; the import finds where
    code is."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    md = MarkdownIt("commonmark", {"html": html}).enable("table").enable("strikethrough").use(footnote_plugin)
    md.core.ruler.disable("inline")
    return md


# A link reference or footnote definition ("[r]: https://...", "[^1]: The note.") with the lines
# after it up to a blank one ("[r]:\n  https://x.org/", a footnote's indented second line)
LINK_DEFINITION = LazyPattern(r"^ {0,3}\[[^\]\n]+\]:.*(?:\n.*\S.*)*", re.MULTILINE)


def _first_paragraph(body: str, html: bool) -> str:
    """The text of the body's first paragraph that is not a lone picture, as markdown-it reads it:
    escapes and entities as their characters, code as written, a link's text, no footnote mark,
    a line break a space; with `html`, a raw HTML block's first text too (_html_text). Parsed from
    the body's start to a blank line after 400 characters (and the link and footnote definitions
    further on, parsed apart: the cut may fall inside an open code fence, <pre> or comment), the
    whole body only when that holds no paragraph: 130 us a lede against the whole body's 225-400
    and a regex's 60 (352 seeds' bodies, 5,400 characters). Blocks end at a blank line, so the
    cut changes no paragraph before it."""
    end = body.find("\n\n", 400)
    if end > 0:
        head = body[:end]
        definitions = "\n\n".join(LINK_DEFINITION.findall(body, end)) if "[" in head else ""
        found = _paragraph_text(head, html, definitions)
        if found is not None:
            return found
    return _paragraph_text(body, html) or ""


def _paragraph_text(body: str, html: bool, definitions: str = "") -> str | None:
    return next((text for _, text in paragraph_texts(body, html, definitions) if text), None)


def paragraph_texts(body: str, html: bool, definitions: str = "", every: bool = False) -> Iterator[tuple[str, str]]:
    """(its Markdown, its text as the lede reads it) for each paragraph of the body in order, and with
    `html` each raw HTML block's first paragraph (_html_text; with `every` all its paragraphs' texts,
    joined by a space: a summary's); never code. `definitions` (link and
    footnote definitions from elsewhere) are parsed into the references only: no text of theirs is
    a paragraph."""
    md, env = block_parser(html), {}
    tokens = md.parse(body, env)  # block rules: the paragraphs, link references and footnotes
    if definitions:
        md.parse(definitions, env)  # into the same env, after the body's own (the first one counts)
    for k, token in enumerate(tokens):
        if token.type == "html_block" and html:  # raw HTML written by hand: its text is shown
            yield token.content, _html_text(token.content, every)
        elif token.type == "inline" and tokens[k - 1].type == "paragraph_open":
            children: list = []
            md.inline.parse(token.content, md, env, children)
            yield token.content, " ".join("".join(_shown_text(c) for c in children).split())


def _shown_text(token: Any) -> str:
    if token.type in ("text", "text_special", "code_inline"):
        return token.content
    return " " if token.type in ("softbreak", "hardbreak") else ""  # tags, pictures, footnote marks


# Elements whose content is no paragraph's text: code, styles, headings (a Markdown heading is no lede
# either), embedded media's fallback text, and the furniture around a story: captions, asides, tables,
# forms, page headers and footers
UNSHOWN_TAGS = frozenset({"script", "style", "template", "noscript", "h1", "h2", "h3", "h4", "h5", "h6",
                           "figure", "figcaption", "aside", "nav", "table", "form", "header", "footer", "head",
                           "title", "dialog"})
# Unshown elements that may stand inside a paragraph's text ('<p>He said <iframe ...></iframe> more.</p>'):
# their content is skipped, the paragraph goes on after them
INLINE_UNSHOWN_TAGS = frozenset({"svg", "math", "iframe", "video", "audio", "object", "canvas", "button", "select",
                                  "label", "textarea"})
# Elements that start or end a block (a paragraph, a list item, ...); any other tag, known or not ('<font>',
# '<center>', a custom element), is inside a run of text
BLOCK_TAGS = UNSHOWN_TAGS | frozenset({"p", "div", "blockquote", "li", "ul", "ol", "dl", "dt", "dd", "section",
                                         "article", "main", "pre", "hr", "tr", "td", "th", "thead", "tbody",
                                         "tfoot", "caption", "details", "summary", "fieldset", "address",
                                         "body", "html"})
# Elements whose content is raw text to their end tag, no markup, as browsers read them: a
# script's '<a href=/y>' in a string, the embed code a <textarea> offers to copy
RAW_TEXT_TAGS = frozenset({"script", "style", "textarea", "title", "xmp"})
RAW_TEXT_END = {name: LazyPattern(rf"</{name}\s*>|\Z", re.I) for name in RAW_TEXT_TAGS}
# Elements holding a paragraph's text directly (other blocks, a list item or a section, are no lede)
_PARAGRAPH_TAGS = frozenset({"p", "div", "blockquote", "article", "main"})
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                        "source", "track", "wbr"})


def _html_text(markup: str, every: bool = False) -> str:
    """The first paragraph's text (with `every` all paragraphs' texts, joined by a space) of a raw HTML
    block ('<p>First. It goes on.</p><p>Second.</p>':
    'First. It goes on.'), tags removed and entities decoded by the stdlib's HTML parser: text held
    by a p (or a div, blockquote, article or main: two words at least as reading time counts them,
    'Advertisement' is no lede; so is text outside any element), never inside a script, style, comment,
    heading, figure, aside, table, form or embedded media (an iframe, a video, ... inside a p is skipped,
    the p goes on). Only block tags (BLOCK_TAGS) start or end a paragraph: '<font>', '<center>' or a tag
    unknown here is inside its text. Fed, never closed: an unclosed
    comment or script at a cut is no text."""
    from html.parser import HTMLParser

    class FirstBlock(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.pieces: list[str] = []
            self.open: list[str] = []  # the block elements around the text, innermost last
            self.holder = ""           # the element holding the pieces
            self.found: list[str] = []  # the paragraphs' texts

        def _end_block(self) -> None:
            text = " ".join("".join(self.pieces).split())
            if text and (self.holder == "p" or _words(text) >= 2):  # 'Advertisement' or '广告' is no lede
                self.found.append(text)
            self.pieces = []

        def _close(self, tag: str) -> None:
            if tag in self.open:
                del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]

        def _tag(self, tag: str, opens: bool) -> None:
            if tag == "br":
                self.pieces.append(" ")
                return
            if tag in INLINE_UNSHOWN_TAGS:  # skipped, the block around it goes on
                if opens:
                    self.open.append(tag)
                else:
                    self._close(tag)
                return
            if tag not in BLOCK_TAGS:
                return
            self._end_block()      # a block ended (or another began)
            if tag in _VOID_TAGS:
                return
            if opens:
                if tag == "p" and self.open and self.open[-1] == "p":
                    self.open.pop()  # '<p>One<p>Two': the first ends where the second begins
                self.open.append(tag)
            else:
                self._close(tag)

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            self._tag(tag, True)

        def handle_startendtag(self, tag: str, attrs: Any) -> None:  # '<br/>', '<hr/>': nothing inside
            self._tag(tag, True)
            if tag not in _VOID_TAGS and (tag in BLOCK_TAGS or tag in INLINE_UNSHOWN_TAGS) and tag in self.open:
                self.open.pop()

        def handle_endtag(self, tag: str) -> None:
            self._tag(tag, False)

        def handle_data(self, data: str) -> None:
            if (self.found and not every) or any(t in UNSHOWN_TAGS or t in INLINE_UNSHOWN_TAGS for t in self.open):
                return
            holder = self.open[-1] if self.open else ""  # text outside any element: a div's rule, two words
            if not holder or holder in _PARAGRAPH_TAGS:
                self.holder = holder
                self.pieces.append(data)

    parser = FirstBlock()
    parser.feed(markup)
    parser._end_block()
    return " ".join(parser.found if every else parser.found[:1])


# After these a Chinese or Japanese text may be cut: it has no spaces between its words (nor
# has Khmer or Burmese: their full stops and colons, '។ ៕ ៖', '၊ ။')
_CJK_BREAKS = frozenset("。！？、，；：」』）】។៕៖၊။")


# Thai, Lao, Burmese and Khmer: written without spaces between words, a space ends a phrase
@lru_cache(maxsize=1)  # compiled at its first use, which a build that finds nothing changed never reaches
def _unspaced_script() -> re.Pattern:
    return re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff]")


def unspaced(text: str) -> bool:
    """Whether the text holds a letter of Thai, Lao, Burmese or Khmer, written without spaces
    between words (Python's standard library has no dictionary to find where one ends)."""
    return _unspaced_script().search(text) is not None


# Thai and Lao vowels written before the consonant they follow in speech: no cut after one
_LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4")


def cut_text(text: str, limit: int) -> str:
    """The text, or its first `limit` characters or fewer and '…': at the last space, or after
    the last CJK punctuation mark when that is later (cut at its space, a Japanese paragraph
    naming 'Apple Watch' kept '米Apple…'); at `limit` when neither is in its second half, never
    between a character and its combining mark or joiner."""
    if len(text) <= limit:
        return text
    import unicodedata  # a long text only
    head = text[:limit]
    space = head.rfind(" ")
    end = max(space, max((i + 1 for i in range(limit - 1, limit // 2, -1) if head[i] in _CJK_BREAKS), default=-1))
    # A run without spaces is cut at the limit only where it is Chinese, Japanese, Korean, Thai,
    # Lao, Burmese or Khmer, whose words are not spaced ('กรุงเทพฯ วันนี้กรม...' was cut at its first
    # space: 'กรุงเทพฯ…'); a Latin one (a long address) is cut at its space, however early, as before.
    rest = head[space + 1:]
    if end <= limit // 2 and (space < 1 or _unspaced_script().search(rest)
                              or any(unicodedata.east_asian_width(c) in "WF" for c in rest)):
        end = limit
        while end > 1 and _inside_letter(text, end, unicodedata):
            end -= 1
    return head[:end].rstrip() + "…"


def _inside_letter(text: str, i: int, unicodedata) -> bool:
    """Whether a cut before text[i] splits one written letter: a mark (combining, or a vowel sign
    such as Thai's and Khmer's), a joiner or a variation selector after it, a virama or Khmer's
    coeng (a subscript consonant follows) or a Thai leading vowel before it."""
    after, before = text[i], text[i - 1]
    return (unicodedata.category(after) in ("Mn", "Mc", "Me") or after in "\u200d\ufe0e\ufe0f" or before == "\u200d"
            or unicodedata.combining(before) == 9 or before in _LEADING_VOWELS)


def _is_slug(text: str) -> bool:
    """Lowercase ASCII letters and digits in words joined by single hyphens, at most 80 characters."""
    bare = text.replace("-", "")
    return (len(text) <= 80 and bare.isascii() and bare.isalnum() and text == text.lower()
            and "--" not in text and not text.startswith("-") and not text.endswith("-"))


@lru_cache(maxsize=65536)  # tags and authors repeat across thousands of articles
def slug_of(text: str) -> str:
    """The one slug rule for tags, authors, sections and pictures: ASCII, lowercase, no path
    separators. A name with no letter or digit ('★', '#!', an emoji, right-to-left marks) is
    slugged by its characters' Unicode names ('black-star'): each such name gets a page of its own,
    where all of them shared /tags/untitled/ (an article's slug keeps 'untitled': see article_slug).
    A typographic apostrophe is a straight one: python-slugify dropped the first and made a hyphen
    of the second, so "Women’s" and "Women's" had two tag pages (womens, women-s); the hyphen
    is kept for both, as French and Italian elisions want it ("l’aéroport": l-aeroport).
    Unicode format characters (category Cf) are left out: python-slugify made a hyphen of a zero-width
    space and dropped a word joiner, so 'Bre\u200bxit', pasted from a page breaking long words, had a
    second page (bre-xit) headed as Brexit's (review47e). A name of them alone keeps their names."""
    if not text.isascii():
        text = text.translate(_APOSTROPHES)
        if not text.isprintable() and (bare := without_format(text)) != text:
            return _slugified(bare) or _symbols_slug(bare or text)
    return _slugified(text) or _symbols_slug(text)


def entry_of(entries: Mapping[str, object], name: str) -> str | None:
    """The key of authors.toml's or [tags]' entry for `name`: its own, or one typed another way (the
    same slug_of, and no other person by names_differ): the build's match (site, views.author_info),
    and the importer's for the slugs the entries set."""
    if name in entries:
        return name
    return next((n for n in entries if slug_of(n) == slug_of(name) and not names_differ(n, name)), None)


def without_format(text: str) -> str:
    """`text` without its Unicode format characters (category Cf: zero-width space and joiners, word
    joiner, soft hyphen, byte order mark, direction marks): none is seen, none is in a slug."""
    import unicodedata
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


# The format characters a name is shown without: invisible, they only make two names that read alike
# two (a zero-width space, a word joiner, a soft hyphen, a BOM, invisible operators and annotation
# marks); the joiners (U+200C, U+200D: Persian words, Indic letters, emoji) and direction marks stay.
@lru_cache(maxsize=1)  # compiled at its first use, which a build that finds nothing changed never reaches
def _invisible() -> re.Pattern:
    return re.compile("[\u00ad\u200b\u2060-\u2064\ufeff\ufff9-\ufffb]")


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})   # ’ ‘ ʼ


def article_slug(text: str) -> str:
    """An article's slug from its `slug:` or headline: slug_of's, but 'untitled' for a headline
    with no letter or digit, as it always was (a published article's address must not move)."""
    return _slugified(text) or "untitled"


def _slugified(text: str) -> str:
    """python-slugify's slug, '' for a text with no letter or digit."""
    if text.isascii() and _is_slug(plain := text.lower().replace(" ", "-").replace("/", "-")):
        return plain  # a slug already (a front matter's slug:), or ASCII words and single spaces or
        # slashes ("Nadia Quinn", most tags, the archive's "2024/05"): what python-slugify gives,
        # without its import (5 ms) and 8 us a name
    from slugify import slugify  # python-slugify loads when a file is parsed, not on every start
    return slugify(text, max_length=80, word_boundary=True, save_order=True)


def _symbols_slug(text: str) -> str:
    """A slug for a name of symbols alone, from the Unicode names of its characters ('#!' is
    'number-sign-exclamation-mark'); one cut to 80 characters ends in a hash of the whole name, so
    two long names never share it."""
    import unicodedata
    from slugify import slugify
    words = slugify(" ".join(unicodedata.name(c, f"u{ord(c):04x}") for c in text.strip()))
    if len(words) > 80:
        words = f"{words[:71].rstrip('-')}-{hashlib.blake2b(text.encode('utf-8'), digest_size=4).hexdigest()}"
    return words or "untitled"


def _unclosed(exc: Exception) -> bool:
    """A quote or bracket never closed: PyYAML finds the problem lines later, at the end (a closed
    one with a problem inside, '["a" "b"]' or a bad escape, has it on its own line)."""
    start, end = getattr(exc, "context_mark", None), getattr(exc, "problem_mark", None)
    return (str(getattr(exc, "context", None) or "").startswith(("while scanning a quoted scalar", "while parsing a flow"))
            and start is not None and end is not None and end.line > start.line)


def _line_of(exc: Exception, front: str) -> int | None:
    """The line to fix: where an unclosed quote or bracket opened, else where PyYAML stopped."""
    mark = getattr(exc, "context_mark" if _unclosed(exc) else "problem_mark", None)
    return _file_line(front, mark) if mark is not None else None


# To the end of a line as YAML reads it: its breaks are '\n', '\r', NEL (U+0085) and U+2028/U+2029,
# the last three no new line to an editor or to the rest of sitegen
_TO_YAML_BREAK = LazyPattern("[^\r\n\x85\u2028\u2029]*")


def _file_line(front: str, mark: Any) -> int:
    """The file's line (counted by '\n', as every other line sitegen names) of a PyYAML mark in
    `front`: mark.line counts YAML's breaks, and the front matter starts on the '---' line."""
    return front.count("\n", 0, mark.index) + 1


def _line_finder(front: str) -> Callable[[Any], int]:
    """_file_line for many marks in one front matter: its breaks found once, each mark's line by
    bisection (counting from the start for each of 10,000 aliases took 0.28 s)."""
    from bisect import bisect_left
    breaks = [found.start() for found in re.finditer("\n", front)]
    return lambda mark: bisect_left(breaks, mark.index) + 1


@lru_cache(maxsize=1)  # compiled at its first use, which a build that finds nothing changed never reaches
def _timestamp() -> re.Pattern:
    return re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2}))?")


@lru_cache(maxsize=1)
def _offset() -> re.Pattern:
    return re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
                      r"[ \t]*([-+][0-9]{1,2}(?::?[0-9]{2})?)")


def _bad_offset(front: str) -> tuple[int, str] | None:
    """(line, offset as written) of the first timestamp whose zone offset is a day or more."""
    for n, line in enumerate(front.split("\n"), 1):
        for found in _offset().finditer(line):
            if int(found[1][1:].split(":")[0][:2]) >= 24:
                return n, found[1]
    return None


def _impossible_date_line(front: str) -> int | None:
    """The line (of the file: the front matter starts on the '---' line) of the first timestamp no
    calendar has; PyYAML's ValueError for it carries no position."""
    for n, line in enumerate(front.split("\n"), 1):
        for found in _timestamp().finditer(line):
            try:
                datetime(*(int(part or 0) for part in found.groups()))
            except ValueError:
                return n
    return None


def has_time(value: Any) -> bool:
    """False for a day without a time of day: a YAML date (2019-11-19) or the same as a string."""
    if isinstance(value, datetime):
        return True
    if isinstance(value, date):
        return False
    return not (isinstance(value, str) and len(value.strip()) == 10)


def _as_datetime(value: Any, key: str, path: str, tz: ZoneInfo) -> datetime:
    found = _parse_datetime(value, tz)
    if found is None:
        raise ContentError(path, f"'{key}' is {value!r}; {_date_fix(value, key, tz)}", key=key)
    try:  # every time zone the site may show it in must still be a valid date
        found.astimezone(timezone(timedelta(hours=-24) + timedelta(microseconds=1)))
        found.astimezone(timezone(timedelta(hours=24) - timedelta(microseconds=1)))
    except OverflowError:
        raise ContentError(path, f"'{key}' is {found.isoformat()}, too close to the ends of the calendar; use a year "
                           "between 0002 and 9998", key=key) from None
    return found


# A day and time as newsrooms type them: '2026-12-01 8:30', '01/12/2026', '1.12.2026 8:30 PM'
@lru_cache(maxsize=1)  # compiled at its first use, which a build that finds nothing changed never reaches
def _everyday_pattern() -> re.Pattern:
    return re.compile(r"(?:(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})|(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y2>\d{4}))"
                      r"(?:[ T,]+(?P<h>\d{1,2})[:.h](?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?P<half>[AaPp]\.?[Mm]\.?)?)?")


def _date_fix(value: Any, key: str, tz: ZoneInfo) -> str:
    """What to write for a date that is not ISO 8601: the line's own date rewritten when it is in an
    everyday form (a one-digit hour, 8:30 PM, 01/12/2026, other digits than ASCII), both readings of a
    day and month that could be either; a time without an offset, in the story's zone, which the
    example's '+00:00' put off by the zone's offset (review47f)."""
    zone = getattr(tz, "key", str(tz))
    days = _everyday(value) if isinstance(value, str) else []
    if days:
        said = " or ".join(f"{key}: {day}" + (f" ({when})" if when else "") for day, when in days)
        timed = f" (a time without an offset is in {zone}, the story's time zone)" if len(days[0][0]) > 10 else ""
        return f"write it as ISO 8601: {said}{timed}"
    if zone == "UTC":
        return "write an ISO 8601 date such as 2025-01-17T09:30:00+00:00"
    return f"write an ISO 8601 date such as 2025-01-17 09:30 (a time without an offset is in {zone}, the story's time zone)"


def _everyday(value: str) -> list[tuple[str, str]]:
    """(the value as ISO 8601, which day it reads as when the day and month could be either) for a
    date in an everyday form; [] for none."""
    import unicodedata
    text = "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in value.strip())
    found = _everyday_pattern().fullmatch(text)
    if found is None:
        return []
    time_of_day = _clock(found)
    if time_of_day is None:
        return []
    if found["y"]:
        orders = [(int(found["y"]), int(found["mo"]), int(found["d"]))]
    else:
        a, b, year = int(found["a"]), int(found["b"]), int(found["y2"])
        # day first, then month first; '1.12.2026' is day first only (German, Russian, ...)
        orders = [(year, b, a), (year, a, b)] if a != b and found["sep"] != "." else [(year, b, a)]
    days = []
    for year, month, day in orders:
        try:
            days.append(date(year, month, day))
        except ValueError:
            continue
    return [(f"{d.isoformat()}{time_of_day}", f"{d.day} {_MONTHS[d.month - 1]}" if len(days) > 1 else "") for d in days]


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")   # not strftime's %B, which is the process locale's


def _clock(found: re.Match) -> str | None:
    """' 08:30' (' 20:30' for 8:30 PM) of an _EVERYDAY match, '' for a day alone, None for no time of day."""
    if found["h"] is None:
        return ""
    hour, minute, second = int(found["h"]), int(found["mi"]), int(found["s"] or 0)
    if found["half"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if found["half"][0] in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return f" {hour:02d}:{minute:02d}" + (f":{second:02d}" if found["s"] else "")


def _parse_datetime(value: Any, tz: ZoneInfo) -> datetime | None:
    """An aware datetime (a day without a time is that day's midnight in `tz`), or None."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tz)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    return None


def _clock_change_notes(path: str, text: str, meta: Mapping, tz: ZoneInfo) -> tuple[str, ...]:
    """A warning for a date or updated time without an offset that the story's time zone skipped
    (the clocks went forward: 2026-03-29 02:30 in Berlin never was, yet was published as 02:30+01:00)
    or had twice (they went back: 2026-10-25 02:30 silently took the first, +02:00)."""
    found: tuple[str, ...] = ()
    for key in ("date", "updated"):
        naive = _naive_time(meta.get(key))
        said = _clock_change(naive, tz, key) if naive is not None else ""
        if said:
            found += (f"{_where(path, text, key)}: '{key}: {meta[key]}' {said}",)
    return found


def _naive_time(value: Any) -> datetime | None:
    """The date-time a front matter value gives without an offset; None for one with an offset or a day alone."""
    if isinstance(value, str) and len(value.strip()) > 10:
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return value if isinstance(value, datetime) and value.tzinfo is None else None


def _clock_change(naive: datetime, tz: ZoneInfo, key: str) -> str:
    first, second = naive.replace(tzinfo=tz), naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return ""
    zone = getattr(tz, "key", str(tz))
    real = first.astimezone(timezone.utc).astimezone(tz)
    if real.replace(tzinfo=None) != naive:
        return (f"is a time that never was in {zone} (the clocks went forward), published as {first.isoformat()}, "
                f"the moment that was {real:%H:%M} there; write the time you meant with its offset, such as "
                f"'{key}: {real.isoformat()}'")
    return (f"was twice in {zone} (the clocks went back), and is read as the first, {first.isoformat()}; write "
            f"the offset to say which: {first.isoformat()} or {second.isoformat()}")


# The keys whose error leaves a story out rather than keeping its last build (build.LeftOut): a
# mistyped `draft: "true"` is a takedown, and keeping the page live is the unsafe side (review44j).
# Other generators' keys that hold a story are among them (_other_holds), lower case as Hugo reads them.
UNPUBLISHING_KEYS = frozenset({"draft", "published", "status", "publishdate", "pubdate", "expirydate", "unpublishdate"})


def _flag(meta: Mapping, key: str, path: str) -> bool:
    """A YAML boolean (true/false, yes/no); the text 'false' in quotes would silently mean true.
    An unpublishing key written with no value ('draft: # hold for legal', 'draft: ~') is an editor
    holding the story whose value a '#' or a slip emptied: read as false, it went live (review47f)."""
    value = meta.get(key, False)
    if isinstance(value, bool) or value is None and key not in UNPUBLISHING_KEYS:
        return bool(value)
    if value is None:
        raise ContentError(path, f"'{key}:' has no value (a '#' starts a YAML comment, which drops the rest of the "
                                 f"line); write {key}: true to hold the story or {key}: false to publish it", key=key)
    raise ContentError(path, f"'{key}' is {value!r}; write {key}: true or {key}: false (no quotes)", key=key)


def _other_holds(path: str, text: str, meta: Mapping, tz: ZoneInfo, when: datetime) -> None:
    """Raises for another generator's key that holds the story back (Jekyll's 'published: false',
    Pelican's 'status: draft' or 'hidden', Hugo's publishDate after the date or expiryDate): each was
    an unknown-key warning and the story went live at once, in a pasted or hand-written file, where
    the importer honours them (review47f). Read without the build's clock, so a parse stays one."""
    if meta.get("draft") is True:
        return
    for key, value in meta.items():
        low = str(key).lower()
        said = _other_hold(low, value, tz, when) if low in UNPUBLISHING_KEYS and low != "draft" else ""
        if said:
            raise ContentError(path, f"'{key}: {_shown(value)}' {said}", _key_line(text, str(key), exact=True) or 2,
                               key=low)


def _other_hold(low: str, value: Any, tz: ZoneInfo, when: datetime) -> str:
    """What an other generator's holding key says and what to write instead; '' when it holds nothing."""
    hold = "write draft: true in its place to hold the story, or delete the line to publish it"
    if low in ("published", "status") and isinstance(value, (bool, str)):
        said = str(value).strip().lower()
        if low == "published" and said in ("false", "no"):
            return f"is Jekyll's hold; sitegen's is draft: true: {hold}"
        if low == "status" and said in ("draft", "hidden"):
            kind = "hold" if said == "draft" else "unlisted page, which sitegen has no way to make"
            return f"is Pelican's {kind}; sitegen's hold is draft: true: {hold}"
        if low == "status" or isinstance(value, bool):
            return ""   # `published:` as text is read as a date below: '2026-12-09 10:00' is one to YAML only with seconds
    until = _parse_datetime(value, tz)
    if until is None:
        return ""
    if low in ("expirydate", "unpublishdate"):
        return ("is Hugo's expiry; sitegen has no expiry, so the story would stay up past it: write draft: true if "
                "that day has come, or delete the line to publish the story (and on that day delete its file or set "
                "draft: true)")
    if until > when:
        return (f"holds the story until later than its 'date:', as Hugo does; sitegen holds a story until its date: "
                f"write date: {_shown(value)} and delete this line")
    return ""


def _shown(value: Any) -> str:
    """A front-matter value as written back into a line: a date-time as 2026-12-01 10:00:00, the rest as text."""
    if isinstance(value, bool):
        return str(value).lower()
    return value.isoformat(" ") if isinstance(value, datetime) else str(value)


def _pinned(value: Any, path: str, tz: ZoneInfo) -> tuple[bool, datetime | None]:
    """`pinned:` as (pinned, until): true is held until the key goes; a date-time is the moment the
    pin ends, in the article's zone as `date:` is; a day alone holds through that day (an editor's
    "pinned until Sunday" keeps it on top all Sunday), so it ends at the next midnight."""
    if value is None or value is False:
        return False, None
    if value is True:
        return True, None
    if not isinstance(value, (str, date)) or _parse_datetime(value, tz) is None:
        raise ContentError(path, f"'pinned' is {value!r}; write pinned: true (no quotes) to keep the story on top of "
                                 "its fronts, or the date and time the pin ends (pinned: 2026-12-06 18:00), or "
                                 "pinned: false", key="pinned")
    until = _as_datetime(value, "pinned", path, tz)
    if not has_time(value):
        day = until.date()
        until = _as_datetime(day + timedelta(days=1) if day < date.max else day.max, "pinned", path, tz)
    return True, until


def _past_pin_note(path: str, text: str, value: Any, until: datetime, when: datetime) -> str:
    """The warning for a pin that ends before its story's own date: a year typed wrong ('pinned:
    2025-12-08' on a story of 2026-12-05) and the story, meant to lead, is never pinned (review47f)."""
    ends = (f"holds the pin through {_shown(value)}" if not has_time(value) else
            f"ends the pin at {until.astimezone(when.tzinfo):%Y-%m-%d %H:%M}")
    return (f"{_where(path, text, 'pinned')}: 'pinned: {_shown(value)}' {ends}, before the story's own date "
            f"({when:%Y-%m-%d %H:%M}), so the story is never pinned; check the year, or delete the line")


def _str_list(value: Any, key: str, path: str) -> tuple[str, ...]:
    return _names(value, key, path)[0]


def _names(value: Any, key: str, path: str) -> tuple[tuple[str, ...], dict[str, list[str]]]:
    """The list's names, each once as first written, and the names listed once as an earlier one
    (the earlier -> those), for _merged_notes."""
    if value is None:
        return (), {}
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise ContentError(path, f"'{key}' must be a list of names, e.g. {key}: [Jane Doe]", key=key)
    # One name typed two ways is one entry, as first written: by case alone, 'Zoë O’Brien' and the same
    # name from a Mac (NFD, straight apostrophe) were listed twice, both linking to /authors/zoe-o-brien/
    # (review41a). Two names that only slug alike (王伟 and 汪伟, 'C' and 'C++') both stay, so the site
    # warns that they share a page (site._terms); dropping the second lost a co-author's credit in silence.
    kept: list[str] = []
    by_slug: dict[str, list[str]] = {}
    merged: dict[str, list[str]] = {}
    for item in value:
        text = str(item)
        text = " ".join((text if text.isprintable() else _invisible().sub("", _CONTROLS.sub("", text))).split())
        alike = by_slug.setdefault(slug_of(text), []) if text else []
        same = next((other for other in alike if not names_differ(text, other)), None) if alike else None
        if text and same is None:   # names_differ only for the rare equal slug
            alike.append(text)
            kept.append(text)
        elif same is not None and text != same:
            merged.setdefault(same, []).append(text)
    return tuple(kept), merged


def _merged_notes(path: str, text: str, key: str, merged: dict[str, list[str]]) -> tuple[str, ...]:
    """A warning when two names a list gave as one are two: 'Wang Wei' is one name with 王伟 and
    with 汪伟, so [Wang Wei, 王伟, 汪伟] listed 'Wang Wei' alone, two co-authors gone unsaid (review46f)."""
    found = []
    for kept, names in merged.items():
        two = next(((a, b) for i, a in enumerate(names) for b in names[i + 1:] if names_differ(a, b)), None)
        if two:
            line = _key_line(text, key)
            noun = "authors" if key == "authors" else "tags"
            found.append(f"{path}:{line or 1}: the {noun} '{two[0]}' and '{two[1]}' are two, but each reads as "
                         f"'{kept}', listed before them, so the story lists '{kept}' for both; if they are two, "
                         f"list each in its own script and leave out '{kept}'")
    return tuple(found)


def _text(meta: Mapping, key: str, path: str, default: str = "") -> str:
    value = meta.get(key, default)
    if value is None:
        return default
    if not isinstance(value, (str, int, float)):
        raise ContentError(path, f"'{key}' must be text, got {type(value).__name__}", key=key)
    text = str(value)
    if not text.isprintable():  # rare: only then the regex. HTML and XML forbid C0/C1 controls ("\f", "\x01")
        text = _CONTROLS.sub("", text)
    return text.strip()


_CONTROLS = LazyPattern(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # not tab, newline, carriage return


def _without_controls(value: Any) -> Any:
    """`extra:` with the control characters dropped from its texts (keys too), at any depth, as
    _text drops them from the other keys: through `{{ article.extra.x }}` they reached the HTML and
    the feeds. Tab, newline and CR stay."""
    if isinstance(value, str):
        return value if value.isprintable() else _CONTROLS.sub("", value)
    if isinstance(value, dict):
        return {_without_controls(k): _without_controls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_controls(v) for v in value]
    return value


def _corrections(value: Any, path: str, tz: ZoneInfo) -> tuple[Correction, ...]:
    if not value:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ContentError(path, "'corrections' must be a list of {date: ..., text: ...} entries", key="corrections")
    items = []
    for entry in value:
        if "date" not in entry or not entry.get("text"):
            raise ContentError(path, "each correction needs a 'date' and a 'text'", key="corrections")
        text = entry["text"]
        if not isinstance(text, (str, int, float)) or isinstance(text, bool):  # as _text: no list shown as "['a', 'b']"
            raise ContentError(path, f"a correction's 'text' must be text, got {type(text).__name__}; write it as a "
                                     "sentence, in quotes if it holds ': ' or starts with '[' or '{'", key="corrections")
        text = str(text)  # a YAML escape ("\x07") is a control character, as in _text
        text = text if text.isprintable() else _CONTROLS.sub("", text)
        items.append(Correction(_as_datetime(entry["date"], "corrections.date", path, tz), text.strip(),
                                has_time(entry["date"])))
    return tuple(sorted(items, key=lambda c: c.date))


def _focus(value: Any, path: str) -> tuple[float, float] | None:
    if value is None:
        return None
    if (isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value)
            and all(0 <= v <= 1 for v in value)):
        return float(value[0]), float(value[1])
    raise ContentError(path, f"'focus' is {value!r}; write the point crops keep in view as [x, y], each from 0 "
                             "to 1 (focus: [0.5, 0.5] is the centre, [0, 0] the top left)", key="focus")


def _aliases(value: Any, path: str) -> tuple[str, ...]:
    """Old addresses of the article, each a URL path from the site's root as its own URL is written
    (without base_url's sub-path), made to end in '/' unless it names an .html file."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ContentError(path, "'aliases' must be a list of old addresses, e.g. aliases: [/2026/12/old-slug/]",
                           key="aliases")
    from .config import site_path, whole_address_path  # one rule for an address: [redirects] follow it too
    found: dict[str, None] = {}
    for item in value:
        whole = whole_address_path(item)
        if whole is not None:  # copied from the address bar: the path is what to write
            raise ContentError(path, f"alias {item.strip()!r} is a whole address; write its path alone, starting "
                                     f"with '/': aliases: [{whole}]", key="aliases")
        try:
            found[site_path(item)] = None
        except ValueError as exc:
            raise ContentError(path, f"alias {exc} (e.g. aliases: [/2026/12/old-slug/])", key="aliases") from None
    return tuple(found)


def _day(value: Any, key: str, path: str) -> str:
    """A day as YYYY-MM-DD ('' for none): YAML reads `2026-11-27` as a date, a quoted one as text."""
    if value is None or value == "":
        return ""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ContentError(path, f"'{key}' is {value!r}; write a day, YYYY-MM-DD (such as {key}: 2026-11-27)", key=key)


# What may start raw HTML (a tag, a closing tag, a comment) unless escaped: the test before parsing
_TAG_LIKE = LazyPattern(r"(?<!\\)<(?:[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)|/[A-Za-z]|!--)", re.MULTILINE)


@lru_cache(maxsize=1)
def _html_parser() -> Any:
    """The renderer's Markdown (CommonMark, tables, strikethrough, footnotes) with HTML on: plain
    CommonMark read '[^1]: <img src=..>' as a link definition, so a raw tag the page shows in its
    footnote was not found (review41j)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough").use(footnote_plugin)


def raw_html(body: str) -> str:
    """The body's first raw HTML as the renderer reads it (a block or an inline tag, not in code;
    in a footnote too), cut to 40 characters; '' when there is none (most bodies: no parse)."""
    if "<" not in body or not _TAG_LIKE.search(body):
        return ""
    for token in _html_parser().parse(body):
        found = token.content if token.type == "html_block" else next(
            (c.content for c in token.children or () if c.type == "html_inline"), "")
        if found.strip():
            first = found.strip().split("\n", 1)[0]
            first = first[:first.find(">") + 1] or first   # its first tag: a block's line may hold more
            return first if len(first) <= 40 else first[:39] + "…"
    return ""


# A reference a page's own address does not decide: another scheme, '//host', '/path' or '#part'
_NOT_RELATIVE = LazyPattern(r"[A-Za-z][A-Za-z0-9+.-]*:|[/#]")
_RAW_PICTURE_ATTRS = {"img": ("src", "srcset"), "source": ("src", "srcset")}
_MEDIA = frozenset({"picture", "video", "audio"})   # what a <source> is of
# Markdown's picture as an HTML block holds it, not read: '![alt](ref' up to the reference's end
# (from the last '![' before its ']': each earlier one ends at that ']' as well, on the same line, with the same
# address, but read on to it, and a line of '![' with no ']' cost its length squared, fuzz53)
_MARKDOWN_PICTURE = LazyPattern(r"!\[(?:[^\]\n!]|!(?!\[))*\]\(\s*<?([^)\s>]+)")
_ASCII_SPACE = " \t\n\f\r"


def raw_picture_lines(text: str) -> list[tuple[int, str, str]]:
    """(line, tag, reference) of each raw HTML <img>, or <source> of a <picture>, in a content file's
    text (as the renderer reads it with HTML on: not in code) naming a file by a relative reference:
    the page publishes no such file (a picture is published when Markdown shows it, ![..](file)), so
    the browser asks for it beside the page's address and finds nothing. Tag 'video'/'audio': a
    <source> of one (no picture: a Markdown picture of it fails the build). Tag 'markdown': a Markdown
    picture inside an HTML block, which CommonMark does not read: shown as text, never published.
    Read only for a warning."""
    found: list[tuple[int, str, str]] = []
    open_media: list[str] = []   # the <picture>, <video> or <audio> a <source> is in, across tokens
    open_raw: list[str] = []     # a raw-text element ('<textarea>'), its text no tags, across tokens
    for html, line, block in _raw_html_pieces(text):
        html, line = _after_raw_text(html, line, open_raw)
        found += _raw_pictures(html, line, open_media, open_raw)
        if block:
            found += [(line + html.count("\n", 0, m.start()), "markdown", m.group(1))
                      for m in _MARKDOWN_PICTURE.finditer(html)]
    return sorted(found)   # footnotes come last in the token stream, wherever they are written


def _raw_html_pieces(text: str) -> Iterator[tuple[str, int, bool]]:
    """(HTML, its first line in the file, whether a block) of each raw HTML block or inline tag in
    a content file's text, as the renderer reads it with HTML on (not in code; in footnotes too)."""
    text = text.removeprefix("\ufeff")
    parts = _fence().split(text, 2)
    if len(parts) != 3 or not _TAG_LIKE.search(parts[2]):
        return
    body = parts[2]
    first_line = text[:len(text) - len(body)].count("\n") + 1
    for token in _html_parser().parse(body):
        if not token.map:
            continue
        line = first_line + token.map[0]
        if token.type == "html_block":
            yield token.content, line, True
        for child in token.children or ():   # an inline tag at its own line of the paragraph
            if child.type == "html_inline":
                yield child.content, line, False
            line += _breaks(child)


def raw_unnamed_lines(text: str) -> list[tuple[int, str]]:
    """(line, tag) of each raw HTML <img> without alt and <iframe> without title in a content file's
    text: a screen reader says the picture's file name or nothing, and 'frame' (WCAG 1.1.1, 4.1.2,
    level A), as for a Markdown picture without alt, which is warned about (review44d). alt="" or a
    bare alt (a picture that only decorates), aria-label, aria-labelledby or role="presentation" name
    it enough; a tag hidden from assistive technology (aria-hidden, hidden, display:none, inside
    <noscript>, as Google Tag Manager's iframe is) needs no name (rf44l)."""
    found: list[tuple[int, str]] = []
    open_noscript: list[str] = []   # kept across pieces: '<noscript>' may be an inline tag of its own
    open_raw: list[str] = []        # so may '<textarea>', whose text runs on to a later piece
    for html, line, _ in _raw_html_pieces(text):
        found += _unnamed(*_after_raw_text(html, line, open_raw), open_noscript, open_raw)
    return sorted(found)


def _after_raw_text(html: str, line: int, open_raw: list[str]) -> tuple[str, int]:
    """`html` (at `line`) from the end of the raw-text element an earlier piece opened, if any
    (inline, '<textarea>' is a piece of its own, and the tags of its text are later ones)."""
    if not open_raw:
        return html, line
    end = RAW_TEXT_END[open_raw[-1]].search(html)
    if end.start() == len(html):
        return "", line
    open_raw.clear()
    return html[end.end():], line + html.count("\n", 0, end.end())


def _markup_parser(open_raw: list[str]) -> type:
    """The stdlib's HTML parser reading the text of each raw-text element (RAW_TEXT_TAGS) as text,
    as browsers and render do (its own: script and style only; rf45b: an <iframe> in a <textarea>
    of embed code to copy was warned as untitled, an error with --strict); `open_raw`: the one open
    at the end of the text, which the next piece goes on with (_after_raw_text)."""
    from html.parser import HTMLParser

    class Markup(HTMLParser):
        CDATA_CONTENT_ELEMENTS = tuple(sorted(RAW_TEXT_TAGS))

        def set_cdata_mode(self, elem: str, **how: Any) -> None:
            open_raw[:] = [elem]
            super().set_cdata_mode(elem, **how)

        def clear_cdata_mode(self) -> None:
            open_raw.clear()
            super().clear_cdata_mode()
    return Markup


_NAMED_BY = {"img": "alt", "iframe": "title"}


@lru_cache(maxsize=1)  # compiled at its first use, which a build that finds nothing changed never reaches
def _hidden_style() -> re.Pattern:
    return re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _unnamed(html: str, line: int, open_noscript: list[str], open_raw: list[str]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    class Unnamed(_markup_parser(open_raw)):  # type: ignore[misc]
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "noscript":
                open_noscript.append(tag)
            if tag not in _NAMED_BY or open_noscript:
                return
            given = dict(attrs)
            if _named(tag, given) or _hidden(given):
                return
            found.append((line + self.getpos()[0] - 1, tag))

        def handle_endtag(self, tag: str) -> None:
            if tag == "noscript" and open_noscript:
                open_noscript.pop()

    parser = Unnamed(convert_charrefs=True)
    parser.feed(tail_as_text(html))
    parser.close()
    return found


def _named(tag: str, given: dict[str, str | None]) -> bool:
    """An <img> with an alt attribute (a bare 'alt' is alt=""), an <iframe> with a title, or a tag
    with an accessible name or no role to name."""
    named = "alt" in given if tag == "img" else bool((given.get("title") or "").strip())
    return named or bool((given.get("aria-label") or "").strip()) or bool(given.get("aria-labelledby")) \
        or (given.get("role") or "").strip().lower() in ("presentation", "none")


def _hidden(given: dict[str, str | None]) -> bool:
    """A tag no assistive technology reads: aria-hidden="true", hidden, or a style hiding it."""
    return (given.get("aria-hidden") or "").strip().lower() == "true" or "hidden" in given \
        or bool(_hidden_style().search(given.get("style") or ""))


def _raw_pictures(html: str, line: int, open_media: list[str], open_raw: list[str]) -> list[tuple[int, str, str]]:
    """(line, tag, reference) of each <img>/<source> src or srcset in `html` (at `line`) that is
    relative; `open_media`: the <picture>/<video>/<audio> elements open before it, kept up to date;
    `open_raw`: the raw-text element open at its end (_markup_parser)."""
    found: list[tuple[int, str, str]] = []

    class Pictures(_markup_parser(open_raw)):  # type: ignore[misc]
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in _MEDIA:
                open_media.append(tag)
            shown = tag if tag != "source" or not open_media or open_media[-1] == "picture" else open_media[-1]
            for name, value in attrs:
                if name in _RAW_PICTURE_ATTRS.get(tag, ()) and value:
                    refs = srcset_urls(value) if name == "srcset" else [value.strip()]
                    found.extend((line + self.getpos()[0] - 1, shown, ref) for ref in refs
                                 if ref and not _NOT_RELATIVE.match(ref))

        def handle_endtag(self, tag: str) -> None:
            if tag in open_media:
                del open_media[len(open_media) - 1 - open_media[::-1].index(tag):]

    parser = Pictures(convert_charrefs=True)
    parser.feed(tail_as_text(html))
    parser.close()
    return found


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset as the HTML spec parses it (srcset_spans)."""
    return [url for _, url in srcset_spans(value)]


def srcset_spans(value: str) -> list[tuple[int, str]]:
    """(where it starts, URL) of each candidate of a srcset as the HTML spec parses it: a URL is a
    run of non-space characters (commas in it kept: 'data:image/png;base64,iVBOR..', Cloudinary's
    '/w_640,h_480/'), trailing commas cut; its descriptors run to the next comma outside parentheses.
    Splitting at every comma named 'iVBOR..' and 'h_480/a.jpg' as missing files (review41j)."""
    spans: list[tuple[int, str]] = []
    i, n = 0, len(value)
    while True:
        while i < n and (value[i] == "," or value[i] in _ASCII_SPACE):
            i += 1
        if i >= n:
            return spans
        start = i
        while i < n and value[i] not in _ASCII_SPACE:
            i += 1
        url = value[start:i]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            i = _descriptors_end(value, i)
        if url:
            spans.append((start, url))


def _descriptors_end(value: str, i: int) -> int:
    """Where a srcset candidate's descriptors end: the next comma not inside parentheses."""
    inside = False
    while i < len(value) and (value[i] != "," or inside):
        inside = value[i] == "(" or (inside and value[i] != ")")
        i += 1
    return i


# Lines that only the extended parser treats differently: tables, footnotes (also inline, "^[...]"), strikethrough, headings
# (which get anchors). Most news bodies have none and take the plain parser, a third faster.
# Substring tests first, then one regex anchored on '\n' (ten times cheaper than a re.M '^' scan).
_HEADING = LazyPattern(r"\n {0,3}(?:#{1,6}[ \t\n]|#{1,6}$|=+[ \t]*(?:\n|$)|-+[ \t]*(?:\n|$))")


def needs_extended(text: str) -> bool:
    """Whether the renderer takes its extended parser for a body (render.MarkdownRenderer.parser)."""
    return "|" in text or "[^" in text or "^[" in text or "~~" in text or _HEADING.search("\n" + text) is not None


def _picture_parser(body: str) -> Any:
    """The parser a body's pictures are read with: the one the renderer shows them by (footnotes or
    not). Plain CommonMark read a picture in a footnote's second, indented paragraph as code, which
    the renderer showed as a picture: never published, <img src="rain.png"> (review47c)."""
    return _picture_parsers()[needs_extended(body)]


@lru_cache(maxsize=1)
def _picture_parsers() -> tuple[Any, Any]:
    """The renderer's two parsers (plain, extended), but taking an inline picture of any scheme save
    data: URLs of other types than images publishes (data_picture): the page shows no other. markdown-it refuses
    file:, javascript: and vbscript:, leaving '![..](file:///home/jane/harbour.jpg)' (a browser's address
    of a picture, an editor's drop) as text on the page, the editor's path in it, and nothing said: read
    as a picture, images.resolve names it an error at its line and the story is left out (review53b 3).
    The picture alone: links, link definitions and <> addresses stay the renderer's, or one of those
    ran into a picture the page shows (a definition, then an indented line: code) and hid it from
    publishing, <img src="harbour.jpg"> (rr53f 1)."""
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import image
    from mdit_py_plugins.footnote import footnote_plugin
    plain = MarkdownIt("commonmark")
    extended = MarkdownIt("commonmark").enable("table").enable("strikethrough").use(footnote_plugin)
    for md in (plain, extended):
        md.inline.ruler.at("image", partial(_any_scheme_image, image, _AnySchemeImages(md, _any_but_other_data)))
    return plain, extended


# a data: URL of a picture images publishes as a file (its _DATA_URL's types): markdown-it's validateLink
# passes gif, png, jpeg and webp alone, so an SVG drawing or a JPEG labelled image/jpg (as converters
# label it) was printed as Markdown, its base64 as prose (review55b 4)
DATA_PICTURE_TYPES = r"png|jpe?g|pjpeg|webp|gif|svg\+xml"
_DATA_PICTURE = re.compile(rf"\s*data:image/(?:{DATA_PICTURE_TYPES})[;,]", re.IGNORECASE)


def data_picture(url: str) -> bool:
    return _DATA_PICTURE.match(url) is not None


def _any_but_other_data(url: str) -> bool:
    return not url.strip().lower().startswith("data:") or data_picture(url)


def with_data_pictures(md: Any) -> Any:
    """`md`, its pictures taking each data: URL images publishes (data_picture) besides what its
    validateLink passes: the renderer's parsers, which make the <img> of what body_images reads."""
    from markdown_it.rules_inline import image
    md.inline.ruler.at("image", partial(_any_scheme_image, image, _AnySchemeImages(md, data_picture)))
    return md


class _AnySchemeImages:
    """A parser as markdown-it's image rule sees it (state.md): its own, but for validateLink, which
    also passes what `takes` does, and for the tokens it skips in a picture's brackets, which its own
    rules read (links there too)."""

    def __init__(self, md: Any, takes: Callable[[str], bool]) -> None:
        self.md = md
        self.takes = takes
        self.inline = _OwnSkips(md)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.md, name)

    def validateLink(self, url: str) -> bool:  # noqa: N802 - markdown-it's name
        return self.md.validateLink(url) or self.takes(url)


class _OwnSkips:
    def __init__(self, md: Any) -> None:
        self.md = md

    def __getattr__(self, name: str) -> Any:
        return getattr(self.md.inline, name)

    def skipToken(self, state: Any) -> None:  # noqa: N802 - markdown-it's name
        loose, state.md = state.md, self.md
        try:
            self.md.inline.skipToken(state)
        finally:
            state.md = loose


def _any_scheme_image(image: Callable[[Any, bool], bool], loose: _AnySchemeImages, state: Any, silent: bool) -> bool:
    own, state.md = state.md, loose   # a parse's own state: a parser shared by threads is not changed
    try:
        return image(state, silent)
    finally:
        state.md = own


def body_images(body: str) -> tuple[tuple[str, str], ...]:
    """(source, alt) of every picture in a Markdown body, as the renderer's markdown-it reads them
    (references too), once a source; its alt '' when any use of it has none (a second use without
    one was hidden by the first's, so no warning asked for it)."""
    if "![" not in body:
        return ()
    found: dict[str, str] = {}
    stack = list(reversed(_picture_parser(body).parse(body)))
    while stack:
        token = stack.pop()
        if token.type == "image" and token.attrGet("src"):
            src, alt = str(token.attrGet("src")), token.content.strip()
            if src not in found or not alt:   # the first use's alt, or '' where any use has none
                found[src] = alt
        stack.extend(reversed(token.children or []))
    return tuple(found.items())


# '](' then a link's target up to its ')' (its ']' not escaped: _escaped): the test before parsing, on the
# file's text (a converted seed's text has its brackets escaped, '\\]')
_RAW_TARGET = LazyPattern(r"\]\(((?:[^()\n]|\([^()\n]*\))+)\)")   # (a leading '(?<!\\)(?:\\\\)*' costs 100x)
_INNER_SPACE = LazyPattern(r"\S[ \t]+\S")


# The four patterns below serve only a target with a space in it: compiled at the first one, not at every start.
# a link in a paragraph's text as markdown-it left it (\0: an escape, code, a tag or a real link; the
# label may hold them, and brackets in pairs: '![**Chart**](..)', '[Photo [AP]](..)')
@lru_cache(maxsize=1)
def _unread_link() -> re.Pattern:
    return re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(((?:[^()\n\0]|\([^()\n\0]*\))+)\)")


# a title after the address: ' "Photo: AP"', or one Markdown does not take (curly quotes, its own quote inside)
@lru_cache(maxsize=1)
def _good_title() -> re.Pattern:
    return re.compile(r"\"[^\"]*\"|'[^']*'|\([^()]*\)")


# (its opening mark -> the marks it may end with, the marks it may not hold). Told apart from the right,
# by a lookup at each space run: the pattern '(.*?)(?:\s+(...|'.*'))?' read a long space run or many
# quoted words quadratically (a 40,000-space target took 32 s, review52e 3)
_TITLE_MARKS = {'"': ('"', ""), "'": ("'", ""), "(": (")", "()"), "“": ("”", "”"), "„": ("“”", "“”"),
                "‘": ("’", "’"), "«": ("»", "»")}
_SPACE_RUN = LazyPattern(r"\s+")


# what makes prose in brackets an address: a '/', a scheme ('https:', 'mailto:'), or a file's suffix
@lru_cache(maxsize=1)
def _address_like() -> re.Pattern:
    return re.compile(r"/|^[A-Za-z][A-Za-z0-9+.-]*:\S|\.[A-Za-z][A-Za-z0-9]{0,4}(?:[#?]\S*)?$")


def _escaped(text: str, at: int) -> bool:
    """Whether the character at `at` is escaped: an odd number of backslashes before it."""
    start = at
    while start and text[start - 1] == "\\":
        start -= 1
    return (at - start) % 2 == 1


def _split_title(target: str) -> tuple[str, str | None]:
    """A link target's address and title (None without one): the title is all after the first space run
    that is followed by a quoted or bracketed rest ('My Chart.png "Photo: AP"'). A rest holds none of
    its closing marks but its last (quotes excepted: "a "b" c" is a title), known from where each
    mark last occurs before the end, so each run costs a lookup."""
    target = target.strip()
    last = {mark: target.rfind(mark, 0, len(target) - 1) for mark in "()”“’»"}
    for run in _SPACE_RUN.finditer(target):
        ends, holds = _TITLE_MARKS.get(target[run.end()], ("", ""))
        if (target[-1] in ends and len(target) - run.end() >= 2
                and all(last[mark] <= run.end() for mark in holds)):
            return target[:run.start()], target[run.end():]
    return target, None


def _unread_target(target: str) -> bool:
    """Whether a link's target (between '](' and ')') makes CommonMark leave the link as text, and is
    an address: a space in the address ('My Chart.png'), or a title it does not take (curly quotes).
    Code-like prose ('handlers[name](event, data)') is no address, and no warning."""
    if _INNER_SPACE.search(target) is None:
        return False
    address, title = _split_title(target)
    if title is not None and _good_title().fullmatch(title) and not re.search(r"\s", address):
        return False   # a link with a title: markdown-it made a link of it
    return _address_like().search(address) is not None


@lru_cache(maxsize=1)
def _surface_parser() -> Any:
    """The link parser with escapes kept apart from the text (text_join off): an escaped '\\[' is
    no bracket of a link."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    return (MarkdownIt("commonmark").enable("table").enable("strikethrough").use(footnote_plugin)
            .disable("text_join"))


# a file: address ('file:///home/jane/report.pdf', 'file://host/share/x', 'file:/C:/x'): a file on the writer's computer
_FILE_URL = LazyPattern(r"(?i)(?<![\w.+\-/?=&#%~])file:/+[^\s<>()\[\]\0\"'/][^\s<>()\[\]\0\"']*(?<![.,;:!?])")
# (a file named: not the scheme alone, 'file:///' in prose; not inside a web address; no full stop: rr54d 4)


def _spaced_target_notes(path: str, text: str, body: str) -> tuple[str, ...]:
    """A warning for each picture or link whose address holds a space ('![Chart](My Chart.png)', a
    phone's file name): CommonMark makes no picture or link of it, so the page showed the Markdown
    as text, and no missing-picture error said so. Looked for in the text markdown-it left of each
    paragraph, heading or cell (never in code, in a tag, or in escaped brackets). And one for each
    file: address so left ('[report](file:///home/jane/report.pdf)', an editor's drop, its <> or
    reference form too): markdown-it makes no link of it, and the page showed the editor's path."""
    spaced = "](" in body and any(_unread_target(m[1]) and not _escaped(body, m.start())
                                  for m in _RAW_TARGET.finditer(body))
    data = ("ata:" in body or "ATA:" in body) and _DATA_TARGET.search(body) is not None
    if not spaced and not data and ("ile:/" not in body and "ILE:/" not in body or _FILE_URL.search(body) is None):
        return ()   # most bodies: no second parse
    first_line = text[:len(text) - len(body)].count("\n") + 1
    lines = body.split("\n")
    found = []
    for token in _surface_parser().parse(body):
        if token.type != "inline" or not token.children or not token.map:
            continue
        surface = "".join(c.content if c.type == "text" else "\n" if c.type in ("softbreak", "hardbreak")
                          else "\0" + "\n" * _breaks(c) for c in token.children)
        for unread in _unread_link().finditer(surface):
            refused = unread[1] and _other_data(unread[3])
            if not refused and not _unread_target(unread[3]):
                continue
            line = _line_with(lines, token.map[0] + surface.count("\n", 0, unread.start()), token.map[1],
                              unread[3])
            found.append(f"{path}:{first_line + line}: {_data_fix(unread[0]) if refused else _spaced_fix(unread)}")
        for definition in _DATA_DEFINITION.finditer(surface) if data else ():
            line = _line_with(lines, token.map[0] + surface.count("\n", 0, definition.start()), token.map[1],
                              definition[1])
            found.append(f"{path}:{first_line + line}: {_data_definition_fix(definition[0])}")
        pictures = [m.span(3) for m in _unread_link().finditer(surface) if m[1]]   # images.resolve's error
        for local in _FILE_URL.finditer(surface):
            if any(a <= local.start() < b for a, b in pictures):
                continue
            line = _line_with(lines, token.map[0] + surface.count("\n", 0, local.start()), token.map[1], local[0])
            found.append(f"{path}:{first_line + line}: {_file_url_fix(local[0])}")
    return tuple(found)


# a data: URL as a link's or a definition's target, the test before parsing
_DATA_TARGET = re.compile(r"(?i)(?:\]\(|\]:)[ \t]*<?data:")
# a reference definition of a data: URL markdown-it left as text (it takes gif, png, jpeg and webp alone)
_DATA_DEFINITION = re.compile(r"(?im)^[ \t]*(\[[^\]\n]+\]:[ \t]*<?data:[^\s>]*)")


def _other_data(target: str) -> bool:
    """Whether a picture's target is a data: URL that neither markdown-it nor images takes (data_picture)."""
    address = target.strip().removeprefix("<")
    return address[:5].lower() == "data:" and not data_picture(address)


def _shown_start(markdown: str) -> str:
    return markdown if len(markdown) <= 60 else markdown[:59] + "…"


def _data_fix(picture: str) -> str:
    """What the page shows for a data: picture of a type sitegen does not publish (BMP, AVIF, text/html)."""
    return (f"the picture {_shown_start(picture)!r} is shown on the page as text, its data too: sitegen publishes a "
            "data: picture of PNG, JPEG, WebP, GIF or SVG; save it as one of those beside the story and name it "
            "(![what it shows](picture.png))")


def _data_definition_fix(definition: str) -> str:
    """What the page shows for a reference definition of a data: URL markdown-it refuses (an SVG's)."""
    return (f"the picture definition {_shown_start(definition)!r} is shown on the page as text, its data too, and "
            "the pictures naming it with it: a definition takes a data: URL of PNG, JPEG, WebP or GIF alone; "
            "write the data: URL in the picture itself, ![what it shows](data:...), or save it as a file beside "
            "the story and name it")


def _file_url_fix(url: str) -> str:
    """What the page shows for a file: address in a story, and what to do: readers cannot reach it."""
    name = unquote(urlsplit(url).path).rstrip("/").rpartition("/")[2] or "the file"
    return (f"'{url}' is a file on your computer, which readers cannot reach: no link is made of it, and the page "
            f"shows its path as text; copy {name} into static/ and link /static/{quote(name)} instead "
            "(or link its address on the web)")


def _spaced_fix(unread: re.Match) -> str:
    """What the page shows for a link Markdown left as text, and how to write it: a title in straight
    quotes, an address with a space in <> (or with %20). A label holding formatting, code or an
    escape is shown as '…' (the text markdown-it left has no trace of it)."""
    bang, label, target = unread[1], unread[2], unread[3]
    address, title = _split_title(target)
    kind = "picture" if bang else "link"
    shown = re.sub(r"\0+", "…", unread[0])
    keep = " (keeping its label)" if "\0" in label else ""
    label = label if len(label) <= 40 else label[:39] + "…"
    label = re.sub(r"\0+", "…", label)
    title = "" if title is None else " " + _straight_title(title)
    if not re.search(r"\s", address):
        return (f"the {kind} {shown!r} is shown on the page as text, as Markdown takes a title only in straight "
                f"quotes; a title needs straight quotes{keep}: {bang}[{label}]({address}{title})")
    escaped = re.sub(r"[ \t]", "%20", address)
    return (f"the {kind} {shown!r} is shown on the page as text, as Markdown takes no address with a space "
            f"in it; write it in <>{keep}: {bang}[{label}](<{address}>{title}) (or {escaped})")


def _straight_title(title: str) -> str:
    """A link's title as Markdown takes it: as written when it does, else in straight double quotes
    (its own '"' escaped)."""
    if _good_title().fullmatch(title):
        return title
    inner = title[1:-1].replace("\\", "\\\\").replace('"', '\\"')
    return f'"{inner}"'


def bare_picture_lines(text: str) -> dict[str, tuple[int, ...]]:
    """source -> the file's lines (1-based) of each use of a picture with no alt text: picture_lines."""
    return picture_lines(text, lambda src, alt: not alt.strip())


def file_named_picture_lines(text: str) -> dict[str, tuple[int, ...]]:
    """source -> the lines of each use of a picture whose alt text is a file's name (file_name_alt)."""
    return picture_lines(text, lambda src, alt: file_name_alt(alt, src))


_PICTURE_NAMES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".svg", ".heic", ".tif", ".tiff")


@lru_cache(maxsize=1)  # compiled at the first picture's alt text: most builds never need them
def _name_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """Letters and single spaces (what a person writes); a file name's ending (no space, no
    sentence); what a camera or phone names a picture ('IMG_1234', 'DSC01234',
    'PXL_20261201_093012345'); what an app names a picture it saves (WhatsApp's 'WhatsApp Image
    2024-03-01 at 10.15.32 (1)', macOS's 'Screenshot 2024-03-01 at 10.15.32', 'Screen Shot ... AM'
    before 2022: rf51b 4), in the Mac's language ('Bildschirmfoto ... um ...'), and
    GNOME's 'Screenshot from 2024-03-01 10-15-32' (rr52b 6)."""
    return (re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*"), re.compile(r"[a-z0-9]{1,5}"),
            re.compile(r"(?:img|dsc[fn]?|pxl|mvimg|gopr|dji|p|photo|image|screenshot)[ _-]?[\d_ -]*\d", re.IGNORECASE),
            re.compile(r"(?:whatsapp image|screen ?shot(?: from)?|bildschirmfoto|capture d[’']écran|captura de (?:pantalla|tela)"
                       r"|schermafbeelding|istantanea schermo|skärmavbild) \d{4}-\d\d-\d\d (?:(?:at|um|à|a las|às|om|alle|kl\.) )?"
                       r"\d{1,2}([.-])\d\d(?:\1\d\d)?(?:\s?[ap]m)?(?: \(\d+\))?"))


def file_name_alt(alt: str, src: str) -> bool:
    """Alt text that is a file's name, read aloud as 'IMG underscore 1234 dot jpg' and describing
    nothing (WCAG failure F30): the picture's own name, its stem where that is no plain words
    ('harbour-at-dawn', as drag-and-drop editors write it: GitHub's, Typora's; ![Harbour](harbour.jpg)
    is a word, if a short one), a camera's name ('IMG_1234') or any picture file's (review50f 2)."""
    said = alt.strip().casefold()
    name = unquote(src.rpartition("/")[2]).casefold()
    stem = name.rpartition(".")[0] or name
    base, dot, end = said.rpartition(".")
    words, extension, camera_name, saved_name = _name_patterns()
    bare = base if dot and extension.fullmatch(end) else said   # 'IMG_1234.jpg', not "Photo 1. The pier" (rf50f 1)
    return bool(said) and (said == name or said == stem and not words.fullmatch(stem)
                           or camera_name.fullmatch(bare) is not None or saved_name.fullmatch(bare) is not None
                           or said.endswith(_PICTURE_NAMES) and " " not in said)


def picture_lines(text: str, bare: Callable[[str, str], bool] | None = None) -> dict[str, tuple[int, ...]]:
    """source -> the file's lines (1-based) of each use of a picture (`bare`: those it is true of, by
    source and alt text), in a
    content file's text, references ('![][p]') included: a warning's or an error's lines, one a line
    (an Article keeps no text; prose naming the file is no use of it). markdown-it gives a paragraph's
    first line (the inline token's map); each picture is the next '![' of its paragraph's lines,
    looked for from the line breaks before it on (a break in a link's destination or a code span is no token of its own, so the count can only fall short)."""
    text = text.removeprefix("\ufeff")
    parts = _fence().split(text, 2)
    if "![" not in text or len(parts) != 3:
        return {}
    body = parts[2]
    first_line = text[:len(text) - len(body)].count("\n") + 1
    lines = body.split("\n")
    found: dict[str, list[int]] = {}
    for token in _picture_parser(body).parse(body):   # as body_images reads the body
        if token.type != "inline" or not token.children or not token.map:
            continue
        line, end = token.map
        at = (line, 0)   # where the next picture's '![' is looked for
        for child in token.children:
            if child.type == "image":
                at = _next_picture(lines, max(at, (line, 0)), end)
                if child.attrGet("src") and (bare is None or bare(str(child.attrGet("src")), child.content)):
                    found.setdefault(str(child.attrGet("src")), []).append(first_line + at[0])
                at = (at[0], at[1] + 2)
            line += _breaks(child)
    return {src: tuple(dict.fromkeys(at)) for src, at in found.items()}


def _next_picture(lines: list[str], at: tuple[int, int], end: int) -> tuple[int, int]:
    """(line, column) of the first '![' not escaped from `at` on, before line `end`; `at` if none."""
    for row in range(at[0], min(end, len(lines))):
        col = lines[row].find("![", at[1] if row == at[0] else 0)
        while col > 0 and lines[row][col - 1] == "\\":
            col = lines[row].find("![", col + 2)
        if col >= 0:
            return row, col
    return at


def _breaks(token: Any) -> int:
    """The line breaks an inline token spans (an image's alt text may hold some)."""
    if token.type in ("softbreak", "hardbreak"):
        return 1
    own = token.content.count("\n") if token.type == "html_inline" else 0
    return own + sum(_breaks(child) for child in token.children or ())


@lru_cache(maxsize=1)  # compiled at the first body that holds '.md': most builds never need it
def _md_patterns() -> tuple[re.Pattern, re.Pattern]:
    """A '.md' ending a link's path as a body's text holds it (the test before parsing), and a
    URL's scheme."""
    return re.compile(r"\.md(?:[#?)>\s]|$)", re.MULTILINE), re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def is_md_link(href: str) -> bool:
    """Whether a link's (normalized) href names a Markdown file by a path on this site: no scheme,
    not '//host/...', the part before '?' or '#' ending in '.md'."""
    path = href.split("#", 1)[0].split("?", 1)[0]
    return path.endswith(".md") and not href.startswith("//") and _md_patterns()[1].match(href) is None


@lru_cache(maxsize=1)
def _link_parser() -> Any:
    """CommonMark with the extended renderer's block rules (tables, footnotes: links inside them
    are links there too). Raw HTML is ON (MarkdownIt('commonmark') turns it on): a link or picture
    inside an HTML block is not found, though a renderer with [build] allow_html false shows it (rf47p)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").use(footnote_plugin)


def body_links(body: str, text: str = "") -> tuple[tuple[str, int], ...]:
    """(href, line) of each link in a Markdown body whose destination is a '.md' path, once per
    href (its first line). The href is markdown-it's (normalized: 'caf%C3%A9.md'), the key the
    renderers look the link up by. `text`: the whole file the body ends (for the lines; without
    it they count from the body's first line). A reference link's line is its paragraph's first."""
    # `in` first: 16.8M instructions for corpus-1000's bodies against sre's 23.1M (callgrind; sre
    # timed faster, 4.1 against 6.6 ms, under load: either is some 0.2% of a cold build's CPU)
    if ".md" not in body or _md_patterns()[0].search(body) is None:  # most bodies: no markdown-it parse
        return ()
    return _links(body, text, is_md_link)


def _links(body: str, text: str, wanted: Callable[[str], bool]) -> tuple[tuple[str, int], ...]:
    """(href, line) of each link in a Markdown body whose href is `wanted` (see body_links)."""
    text = text.removeprefix("\ufeff")
    first_line = text[:len(text) - len(body)].count("\n") + 1 if text.endswith(body) else 1
    lines = body.split("\n")
    found: dict[str, int] = {}
    stack = list(reversed(_link_parser().parse(body)))
    while stack:
        token = stack.pop()
        if token.type == "inline" and token.children:
            start, end = token.map or (0, 1)
            for child in token.children:
                href = str(child.attrGet("href") or "") if child.type == "link_open" else ""
                if href and href not in found and wanted(href):
                    found[href] = first_line + _line_with(lines, start, end, href)
        stack.extend(reversed(token.children or []))
    return tuple(found.items())


def body_link_lines(text: str, origin: str = "") -> dict[str, int]:
    """href -> line in the file of each body link to a '.md' path or to an address of the site
    (`origin`: see site_links), in a content file's text (a warning's line: an Article keeps no text)."""
    parts = _fence().split(text.removeprefix("\ufeff"), 2)
    if len(parts) != 3:
        return {}
    return {**dict(_links(parts[2], text, partial(is_site_link, origin))), **dict(body_links(parts[2], text))}


def site_origin(base_url: str) -> str:
    """'https://news.example.org/news/' -> 'https://news.example.org': what an absolute link to
    the site starts with (compared without regard to case)."""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def is_site_link(origin: str, href: str) -> bool:
    """Whether a (normalized) href names an address of the site: a root path ('/2026/11/x/', not
    '//host/x'), or an absolute URL on `origin`; a '.md' path is body_links', and '/' itself
    (the front page, always there) is none."""
    if href.startswith("/"):
        return not href.startswith("//") and href not in ("/", "/#") and not is_md_link(href)
    lowered = href[:len(origin) + 1].lower()
    return bool(origin) and lowered.startswith(origin) and lowered[len(origin):len(origin) + 1] in ("/", "")


_ROOT_LINK = LazyPattern(r"\][(:]\s*<?/(?!/)")  # '](/x', '](</x', '[r]: /x': a root link, maybe


def _may_link_site(body: str, origin: str) -> bool:
    """Whether a body may hold a link to the site, as its text holds it: the test before parsing
    (most bodies link elsewhere or nowhere: no markdown-it parse for them). No IGNORECASE regex:
    over corpus-10000's 44 MB of bodies that took 120-430 ms, these 45-100 ms (in a parse of ~1.5 s)."""
    if ("](" in body or "]:" in body) and _ROOT_LINK.search(body) is not None:
        return True
    host = origin[origin.find("://"):] if origin else ""
    i = body.find("://") if host else -1
    while i >= 0:
        if body[i:i + len(host)].lower() == host:
            return True
        i = body.find("://", i + 3)
    return False


def site_links(body: str, origin: str) -> tuple[str, ...]:
    """The href of each body link to an address of the site (is_site_link), once each."""
    if not _may_link_site(body, origin):
        return ()
    return tuple(href for href, _ in _links(body, "", partial(is_site_link, origin)))


def _line_with(lines: list[str], start: int, end: int, href: str) -> int:
    """The body line (0-based) among lines[start:end] that holds `href` as written (percent-decoded
    or not), else the line of a reference definition naming it ('[1]: ref.md'), else `start`."""
    from urllib.parse import unquote
    written = (f"]({href}", f"]({unquote(href)}", href, unquote(href))
    # the link's whole target first: '](/2026/12/' is also the start of '](/2026/12/story/)'
    whole = tuple(f"]({form}{end}" for form in dict.fromkeys((href, unquote(href))) for end in (")", " ", ">"))
    whole += tuple(f"](<{form}>" for form in dict.fromkeys((href, unquote(href))))
    for text in whole + written:
        for n in range(start, min(end, len(lines))):
            if text in lines[n]:
                return n
    for n, line in enumerate(lines):
        if line.lstrip(" ").startswith("[") and any(f"]: {text}" in line for text in written[2:]):
            return n
    return start


# Front matter as sitegen and its converter write it, read without PyYAML: one `key: value` line per
# known key, a value being a string (quoted without escapes, or plain and starting with a letter), an
# ISO timestamp, a one-line list of double-quoted strings, or a block list of such strings under
# `key:`. PyYAML composes a node tree first and resolves every scalar (about 80 us an article, most
# of a parse); this takes a tenth of that. Anything else, even a blank line, a comment or a character
# Python does not print, is left to PyYAML, and tests/test_content.py holds the two equal (Hypothesis).
@lru_cache(maxsize=1)  # compiled when a file is first parsed: a build that parses nothing starts faster
def _plain_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """A `key: value` line, an ISO timestamp, a one-line list of double-quoted strings."""
    return (re.compile(r"([a-z_]+):(?: (.+))?\Z"),
            re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:Z|([-+])([0-9]{2}):([0-9]{2}))?\Z"),
            re.compile(r'\[(?:"[^"\\]*"(?:, "[^"\\]*")*)?\]\Z'))


_RESOLVED_WORDS = frozenset(  # plain words YAML 1.1 reads as booleans or null, not strings
    "yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL".split())
_NOT_READ = object()


def _plain_scalar(value: str, lists: bool = True) -> Any:
    """The value of one scalar as PyYAML's safe loader gives it, or _NOT_READ."""
    first, last = value[0], value[-1]
    if first == '"':
        inner = value[1:-1]
        return inner if len(value) > 1 and last == '"' and '"' not in inner and "\\" not in inner else _NOT_READ
    if first == "'":
        inner = value[1:-1]
        return inner if len(value) > 1 and last == "'" and "'" not in inner else _NOT_READ
    if first.isascii() and first.isalpha():
        if last in " :" or ": " in value or " #" in value or value in _RESOLVED_WORDS:
            return _NOT_READ
        return value
    _, timestamp, quoted_list = _plain_patterns()
    if first == "[" and lists and quoted_list.match(value):
        return value[2:-2].split('", "') if len(value) > 2 else []
    stamp = timestamp.match(value) if first.isdigit() else None
    if stamp is None:
        return _NOT_READ
    year, month, day, hour, minute, second, sign, tz_hour, tz_minute = stamp.groups()
    try:  # a ValueError (2025-02-30, +25:00) is PyYAML's to raise
        tz = timezone.utc if last == "Z" else None
        if sign:
            delta = timedelta(hours=int(tz_hour), minutes=int(tz_minute))
            tz = timezone(-delta if sign == "-" else delta)
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), 0, tzinfo=tz)
    except ValueError:
        return _NOT_READ


def plain_front_matter(front: str) -> dict | None:
    """The front matter's keys and values when it is plain (see above), else None."""
    # Python's printable characters (no tab, CR, NEL, LS, PS, BOM, controls; no space but ' ') are
    # all printable for YAML too, and none of them breaks a line (a regex of YAML's set took 4 ms to
    # compile, on every start)
    if not front.replace("\n", " ").isprintable():
        return None
    key_line = _plain_patterns()[0]
    meta: dict[str, Any] = {}
    items: list | None = None  # the block list being read, under its `key:`
    for line in front.strip("\n").split("\n"):
        if line.startswith("- "):
            value = _plain_scalar(line[2:], lists=False) if items is not None and len(line) > 2 else _NOT_READ
            if value is _NOT_READ:
                return None
            items.append(value)
            continue
        if items == []:  # `key:` with no items is null, left to PyYAML
            return None
        found = key_line.match(line)
        if found is None or found[1] not in KNOWN_KEYS or found[1] in meta:  # a key twice: _yaml_front_matter says so
            return None
        if found[2] is None:
            items = meta[found[1]] = []
            continue
        value = _plain_scalar(found[2])
        if value is _NOT_READ:
            return None
        meta[found[1]], items = value, None
    return meta if meta and items != [] else None


def split_front_matter(text: str, path: str) -> tuple[dict, str]:
    meta, body, _ = _split_front_matter(text, path)
    return meta, body


def _split_front_matter(text: str, path: str) -> tuple[dict, str, tuple[str, ...]]:
    """The front matter's keys, the body, and warnings about the front matter (a value a ' #' cut)."""
    fence = _fence()
    text = text.removeprefix("\ufeff")
    try:
        if not fence.match(text):
            raise ValueError
        _, front, body = fence.split(text, 2)
        # the fence's \s* takes blank lines after the opening '---': put their breaks back, so that
        # a front matter line is named as the file counts it
        front = "\n" * text.count("\n", 0, fence.match(text).end()) + front
    except ValueError:  # no opening fence, or no closing one
        if fence.match(text):
            raise ContentError(path, "the front matter is never closed; end the YAML keys with a '---' line", 1) from None
        raise ContentError(path, _no_front_matter(text), 1) from None
    meta, notes = plain_front_matter(front), ()
    if meta is None:
        meta, notes = _yaml_front_matter(front, path)
    if not isinstance(meta, dict):
        raise ContentError(path, "front matter must be YAML keys (title: ..., date: ...)", 2)
    return meta, body, notes


def _no_front_matter(text: str) -> str:
    """Why a file has no front matter sitegen reads: another generator's kind (TOML between '+++'
    lines, JSON), a blank line above the '---', or none at all."""
    first = text.lstrip(" \t\r\n")[:3]
    if first == "+++":
        return "TOML front matter (between '+++' lines) is not read; write it as YAML between '---' lines"
    if first[:1] == "{":
        return "JSON front matter is not read; write it as YAML between '---' lines (title: ..., date: ...)"
    if first == "---" and _fence().match(text.lstrip(" \t\r\n")):
        return "a blank line above the front matter: the '---' line must be the file's first line; delete the lines above it"
    return "no front matter; start the file with a '---' line, the YAML keys, then '---'"


# Keys whose values are text: a plain 3.10, 007, 0123 (octal), 12:30 (base 60) or 0x1F is kept as
# written, never YAML 1.1's number (title: 12:30 was the title '750'); a plain yes/no/on/off is refused
TEXT_KEYS = frozenset({"title", "summary", "authors", "author", "tags", "slug", "section", "alt", "image_alt",
                       "caption", "credit", "image", "translation_of", "timezone", "language"})
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_BOOL_TAG = "tag:yaml.org,2002:bool"
_INDICATORS = "@`*&!|>[]{}\"'%?-,#"


def _yaml_front_matter(front: str, path: str) -> tuple[Any, tuple[str, ...]]:
    """Front matter that is not plain, read by python-frontmatter's YAML handler (imported here, at the
    first such file), and the warnings about it. Its top pairs come with the values: a key given
    twice is an error, a text key's value is taken as written (TEXT_KEYS), and a value a ' #' cut
    short is said."""
    import yaml
    try:
        if "*" in front:  # an alias (*name), or just an asterisk: written out, how large is it?
            _refuse_alias_bombs(front, path)
        pairs, meta = _front_matter().load(front, Loader=_pairs_loader())
        written = _written_texts(pairs, front, path)
        meta = meta or {}
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        fix = "fix the YAML"
        line = _line_of(exc, front)
        if line is None and getattr(exc, "position", None) is not None:  # a NUL or other character YAML refuses
            line = front.count("\n", 0, exc.position) + 1
        if (refused := _refused_character(exc)) is not None:   # not a quoting problem: quoting does not help
            problem, fix = refused
        elif _unclosed(exc):
            problem = f"a quote or bracket opened on this line is never closed: {problem}"
        elif (hidden := _invisible_in_structure(front, line)) is not None:  # pasted from a word processor
            line, problem, fix = hidden
        elif "mapping values are not allowed" in problem:  # `title: Brexit: the deal`, the usual cause
            fix = "a value holding ': ' must be quoted: title: \"Brexit: the deal\""
        elif (quoted := _indicator_fix(front, line)) is not None:
            fix = quoted
        fix += _comment_hint(front, _key_start(front, line), line)
        raise ContentError(path, f"front matter is not valid YAML ({problem}); {fix}", line) from None
    except ValueError as exc:  # PyYAML read a timestamp no calendar has (2025-02-30, month 13, hour 25)
        if (offset := _bad_offset(front)) is not None:  # +25:00: Python's words ('strictly between -timedelta...')
            raise ContentError(path, f"a time zone offset that does not exist ({offset[1]}); an offset runs from "
                                     "-23:59 to +23:59, e.g. 2025-01-17T09:30:00+01:00", offset[0]) from None
        raise ContentError(path, f"a date that does not exist ({exc}); write a real one such as "
                                 "2025-01-17T09:30:00+00:00", _impossible_date_line(front)) from None
    for key, texts in written.items() if isinstance(meta, dict) else ():
        for index, text in texts.items():
            if index is None:
                meta[key] = text
            elif key == "corrections":
                meta[key][index]["text"] = text
            else:
                meta[key][index] = text
    return meta, _comment_notes(pairs, front, path) if "#" in front else ()


# Characters pasted from a word processor or a web page that look like a space or like nothing, but
# that YAML reads as text: after a key's colon, in a key or in an indentation they break the front
# matter, or make a key that looks right and is unknown (review47f)
_LOOKS_BLANK = {"\u00a0": "a non-breaking space", "\u202f": "a narrow non-breaking space", "\u2007": "a figure space",
              "\u200b": "a zero-width space", "\u2060": "a word joiner", "\ufeff": "a zero-width no-break space"}


def _invisible_in_structure(front: str, upto: int | None) -> tuple[int, str, str] | None:
    """(line, problem, fix) for the first invisible character (_LOOKS_BLANK) where YAML reads the
    front matter's shape, on the line YAML stopped at (`upto`) or above it: in a line's indentation,
    in a key, or just after a key's colon or a list item's dash; None if there is none (one inside a
    value is text, as written)."""
    blank = " \t" + "".join(_LOOKS_BLANK)
    for n, line in enumerate(front.split("\n")[:upto], 1):
        if not any(c in line for c in _LOOKS_BLANK):
            continue
        body = line.lstrip(blank)
        key, colon, rest = body.partition(":")
        keyed = colon and not body.startswith(("-", "#", "'", '"'))
        plain = "".join(c for c in key if c not in _LOOKS_BLANK)
        lead = f"before '{plain}:'" if keyed and not line.startswith((" ", "\t")) else "in the indentation"
        spots = [(c, lead) for c in line[:len(line) - len(body)]]
        if keyed:
            spots += [(c, f"in the key '{plain}'") for c in key] + [(rest[:1], f"after '{plain}:'")]
        elif body.startswith("-"):
            spots.append((body[1:2], "after the list item's '-'"))
        found = next(((c, where) for c, where in spots if c in _LOOKS_BLANK), None)
        if found is not None and _cause_of_error(front, n, upto):
            what = f"{_LOOKS_BLANK[found[0]]} (U+{ord(found[0]):04X})"
            return n, f"{what} {found[1]}, invisible in an editor, which YAML reads as text, not as a space", \
                "delete it and type a plain space where one belongs"
    return None


def _cause_of_error(front: str, n: int, upto: int | None) -> bool:
    """Whether line n's invisible characters make the YAML error at `upto`: with them typed as YAML
    reads what they look like (a space, or nothing) the error goes or moves below it. A French
    'président\u00a0:' inside a `summary: >` block is text; the error was elsewhere (rf47o 1)."""
    import yaml
    lines = front.split("\n")
    lines[n - 1] = "".join(" " if c in "\u00a0\u202f\u2007" else "" if c in _LOOKS_BLANK else c for c in lines[n - 1])
    fixed = "\n".join(lines)
    try:
        yaml.safe_load(fixed)
    except yaml.YAMLError as exc:
        after = _line_of(exc, fixed)
        return after is None or upto is None or after > upto
    except Exception:   # YAML's shape is right now (a date no calendar has is another matter)
        return True
    return True


def shown_key(key: str) -> str:
    """A front-matter key as a message shows it: a character that prints as nothing or as a space
    (a zero-width space, a non-breaking space) escaped, '\\u200bsection', not a key that looks right."""
    return key if key.isprintable() else "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in key)


def _refused_character(exc: Exception) -> tuple[str, str] | None:
    """(problem, fix) for a character YAML does not allow anywhere (PyYAML's ReaderError: a control
    character, a noncharacter such as U+FFFF), else None. Told "a value starting
    with '"' must be quoted" for a value quoted already, the editor could not fix it (review41a)."""
    import unicodedata
    import yaml
    character = getattr(exc, "character", None)
    if not isinstance(exc, yaml.reader.ReaderError) or not isinstance(character, (int, str)) or character == "":
        return None
    code = character if isinstance(character, int) else ord(character[0])
    kind = "a control character" if unicodedata.category(chr(code)) == "Cc" else "a noncharacter"
    fix = "delete it: it is no text (an editor may show it as a box, or as nothing at all)"
    if (meant := _c1_meaning(chr(code))) is not None:   # 'summary: \x93will\x94': the quotes, not nothing
        fix = f"type '{meant}' in its place: U+{code:04X} is a Windows '{meant}' saved wrongly (read as Latin-1)"
    return f"unacceptable character #x{code:04x}: U+{code:04X} is {kind}, which YAML does not allow", fix


def _c1_meaning(character: str) -> str | None:
    """The Windows (cp1252) character a C1 control stands for, if any: its text read as Latin-1
    and saved makes '…' U+0085 and '“' U+0093. The converter turns them back (convert/seed.py); a
    hand-written file is told which to type, where 'delete it' ran words together (review41i)."""
    if not "\x80" <= character <= "\x9f":
        return None
    try:
        return character.encode("latin-1").decode("cp1252")
    except UnicodeDecodeError:   # the five codes cp1252 leaves undefined
        return None


def _quoted(value: str) -> str:
    """A value as YAML reads it back as written: in double quotes, else single."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _written_texts(pairs: list, front: str, path: str) -> dict[str, dict[int | None, str]]:
    """Refuse a key given twice (PyYAML keeps the last in silence), and a plain yes/no/on/off in a
    text key; key -> {item index (None: the value itself) -> text as written} of each plain number
    in a text key."""
    import yaml
    seen: dict[str, int] = {}
    written: dict[str, dict[int | None, str]] = {}
    file_line = _line_finder(front)
    for key_node, value_node in pairs:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key is None:
            continue
        line = file_line(key_node.start_mark)
        if key in seen:
            raise ContentError(path, f"'{key}' is given twice (lines {seen[key]} and {line}), and only the last "
                                     "would be read; keep one", line)
        seen[key] = line
        if key == "corrections":
            if texts := _correction_texts(value_node, path, file_line):
                written[key] = texts
            continue
        if key not in TEXT_KEYS:
            continue
        listed = isinstance(value_node, yaml.SequenceNode)
        for index, node in enumerate(value_node.value) if listed else ((None, value_node),):
            if not isinstance(node, yaml.ScalarNode) or node.style:  # plain: None, or "" from the C parser
                continue
            if node.tag == _BOOL_TAG:
                raise ContentError(path, _bool_message(key, node, value_node if listed else None, front),
                                   file_line(node.start_mark))
            if node.tag in _NUMBER_TAGS:
                written.setdefault(key, {})[index] = node.value
    return written


def _correction_texts(corrections: Any, path: str, file_line: Callable[[Any], int]) -> dict[int | None, str]:
    """A correction's `text` is text as a TEXT_KEYS value is: entry index -> a plain number as
    written (text: 12:30 was published as '750'); a plain yes/no/on/off refused."""
    import yaml
    written: dict[int | None, str] = {}
    for index, entry in enumerate(corrections.value if isinstance(corrections, yaml.SequenceNode) else ()):
        node = next((v for k, v in reversed(entry.value) if isinstance(k, yaml.ScalarNode) and k.value == "text"),
                    None) if isinstance(entry, yaml.MappingNode) else None   # the last 'text', as YAML keeps
        if not isinstance(node, yaml.ScalarNode) or node.style:
            continue
        if node.tag == _BOOL_TAG:
            raise ContentError(path, f"'text: {node.value}' in corrections is read by YAML as a yes or no, not as "
                                     f"the word; write text: {_quoted(node.value)}", file_line(node.start_mark))
        if node.tag in _NUMBER_TAGS:
            written[index] = node.value
    return written


def _bool_message(key: str, node: Any, listed: Any, front: str) -> str:
    """"'title: No' is read by YAML as false, not as the word; write title: "No"" (or for an item of a list).
    A flow list's other items as YAML reads them back: a quoted one quoted ("a, b" is one item), a
    map or a list as written (its value is no text: a map item crashed the build, review51c 1)."""
    import yaml
    word = "true" if node.value.lower() in ("yes", "true", "on") else "false"
    if listed is None:
        return f"'{key}: {node.value}' is read by YAML as {word}, not as the word; write {key}: {_quoted(node.value)}"
    if listed.flow_style:
        items = ", ".join(front[n.start_mark.index:n.end_mark.index] if not isinstance(n, yaml.ScalarNode)
                          else _quoted(n.value) if n.style or n.tag == _BOOL_TAG else n.value for n in listed.value)
        form = f"{key}: [{items}]"
    else:
        form = f"- {_quoted(node.value)}"
    return f"'{node.value}' in {key} is read by YAML as {word}, not as the word; write {form}"


def _comment_notes(pairs: list, front: str, path: str) -> tuple[str, ...]:
    """A warning for each plain text value (TEXT_KEYS) a ' #' cut short: YAML reads the rest of its
    line as a comment ('title: Why we're #1 again' is the title "Why we're"; 'title: #MeToo' none).
    Not for other keys: 'draft: true  # note' means true, and quoted it would be refused. One per
    line: an anchored value used again by an alias is the same node."""
    import yaml
    notes = []
    said = set()
    file_line = _line_finder(front)
    for key_node, value_node in pairs:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in TEXT_KEYS:
            continue
        items = value_node.value if isinstance(value_node, yaml.SequenceNode) else (value_node,)
        for node in items:
            if not isinstance(node, yaml.ScalarNode) or node.style:  # plain: None, or "" from the C parser
                continue
            rest = _TO_YAML_BREAK.match(front, node.end_mark.index)[0]  # to the end of the line as YAML reads it
            if re.match(r"[ \t]+#", rest) is None and not (node.value == "" and rest.startswith("#")):
                continue
            line = file_line(node.start_mark)
            if line in said:
                continue
            said.add(line)
            whole = (node.value + rest).strip() if node.value else rest.strip()
            form = f"{key}: {_quoted(whole)}" if not isinstance(value_node, yaml.SequenceNode) else f"- {_quoted(whole)}"
            kept = f"'{node.value}'" if node.value else "nothing"
            notes.append(f"{path}:{line}: '{key}' reads as {kept}: YAML takes a '#' after a space as the start of "
                         f"a comment and drops the rest of the line; to keep it, quote the value: {form} (a comment "
                         "goes on a line of its own)")
    return tuple(notes)


def _comment_lines(front: str) -> list[tuple[int, str]]:
    """(line, value as written) of each `key: value` or `- value` line whose unquoted value holds a
    '#' at its start or after a space: what a ' #' cut, for the errors that follow from it."""
    found = []
    for n, line in enumerate(front.split("\n")):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        head = re.match(r"\s*(?:-\s+|[^\s:#\"'][^:]*:\s+|[^\s:#\"'][^:]*:$)", line)
        value = line[head.end():].strip() if head else ""
        if value and value[0] not in "\"'" and re.search(r"(?:^|[\s\[,])#", value):
            found.append((n + 1, stripped))
    return found


def _comment_hint(front: str, first: int | None, last: int | None) -> str:
    """' (line 4: ...)' naming a line a '#' cut from `first` to `last` (the lines of the value in
    error), for an error YAML gives for it, else '': a cut on another line is not its cause."""
    if "#" not in front or first is None or last is None:
        return ""
    cuts = [(line, written) for line, written in _comment_lines(front) if first <= line <= last]
    if not cuts:
        return ""
    line, written = cuts[0]
    return (f"; on line {line} ('{written}') a '#' at the start of a value or after a space starts a YAML comment "
            "that drops the rest of the line: quote the value")


def _key_start(front: str, line: int | None) -> int | None:
    """The line of the top key whose value holds `line` (an error YAML met there may come from a
    ' #' on a line above it: a cut ']' leaves the list open to the end)."""
    if line is None:
        return None
    lines = front.split("\n")
    first = min(line, len(lines))
    while first > 1 and lines[first - 1][:1] in ("", " ", "\t", "-", "#"):
        first -= 1
    return first


def _value_lines(front: str, first: int | None) -> int | None:
    """The last line of the value of the top key on line `first` of `front` (the '---' line is 1):
    the lines after it that are indented or a '- ' item, as a block list is written."""
    if first is None:
        return None
    lines = front.split("\n")
    last = first
    while last < len(lines) and lines[last][:1] in (" ", "\t", "-"):
        last += 1
    return last


def _indicator_fix(front: str, line: int | None) -> str | None:
    """The quoting advice for a `key: value` line whose value starts with a character YAML reads
    as syntax ('[Update] Storm', '"Quote" he said', '*Breaking*', '@jack', '> Quoted'): the
    editor's own value, quoted (the inside of a value it quoted already); None for any other line."""
    if line is None:
        return None
    lines = front.split("\n")
    if not 0 <= line - 1 < len(lines):
        return None
    found = re.match(r"([A-Za-z_][\w-]*):[ \t]+(\S.*?)\s*$", lines[line - 1])
    if found is None or found[2][0] not in _INDICATORS:
        return None
    key, value = found[1], found[2]
    fix = f"a value starting with '{value[0]}' must be quoted: {key}: "
    if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
        # The editor's own quotes round a text holding that quote ('Titan's first map'): quoting the
        # whole again would publish the marks; the inside is the text, unless the marks belong to it.
        return fix + f"{_quoted(value[1:-1])} (or, if the outer marks are part of the text, {_quoted(value)})"
    return fix + _quoted(value)


# A front matter is a few hundred characters. Aliases make PyYAML share one object at every use,
# but the cache's JSON, the fingerprints and templates write each use out: nine levels of nine ('a
# YAML bomb', 400 bytes) are 387 million values, a build that never ends; an alias inside its own
# value ('&a [1, *a]') never ends either.
MAX_ALIASED = 1_000_000  # characters and values the aliases add, each use written out


def _refuse_alias_bombs(front: str, path: str) -> None:
    """Refuse front matter whose aliases add more than MAX_ALIASED once written out, or holding an
    alias inside the value it names, from PyYAML's events (before any object is built: a tag such
    as !!pairs makes tuples, and a long string counts by its length, which no walk of the built
    values would weigh): each alias adds what its anchor's node wrote."""
    import yaml
    written = added = 0
    first = None
    sizes: dict[str, int] = {}            # anchor -> what its node writes
    open_: list[tuple[str | None, int]] = []  # the collections not closed yet: (anchor, written at start)
    file_line = _line_finder(front)
    for event in yaml.parse(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, yaml.CollectionStartEvent):
            open_.append((event.anchor, written))
            written += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, at = open_.pop()
            if anchor is not None:
                sizes[anchor] = written - at
        elif isinstance(event, yaml.ScalarEvent):
            written += 1 + len(event.value)
            if event.anchor is not None:
                sizes[event.anchor] = 1 + len(event.value)
        elif isinstance(event, yaml.AliasEvent):
            line = file_line(event.start_mark)
            first = first or line
            if any(anchor == event.anchor for anchor, _ in open_):
                raise ContentError(path, f"the alias *{event.anchor} is inside the value it names (a value "
                                         "holding itself); write the value out instead", line)
            written += sizes.get(event.anchor, 0)
            added += sizes.get(event.anchor, 0)
            if added > MAX_ALIASED:
                raise ContentError(path, f"front matter's YAML aliases (*name) add more than {MAX_ALIASED:,} characters "
                                         "once written out; write the values out without aliases, and keep large data "
                                         "out of the front matter", first)


_LANGUAGE = LazyPattern(r"[a-z]{2,3}(-[a-z0-9]{2,8})*\Z")  # BCP 47 as Pagefind and lang="" take it


def _language(value: str, path: str) -> str:
    if not _LANGUAGE.match(value):
        raise ContentError(path, f"'language' is {value!r}; write a language code such as en, fr or pt-br",
                           key="language")
    return value


def parse_article(path: str, text: str, tz: ZoneInfo, default_language: str = "en", origin: str = "") -> Article:
    """Parse one content file's text. Raises ContentError naming the file and line. `origin`: the
    site's scheme and host (site_origin), for the body's absolute links to the site (site_links)."""
    if "<<<<<<<" in text and (line := conflict_line(text)) is not None:
        raise ContentError(path, "an unresolved merge conflict (this '<<<<<<<' line, then '=======' and '>>>>>>>' "
                                 "lines below it); keep the version you want, delete the marker lines, and save "
                                 "(and commit) the file again", line)
    try:
        return _parse_article(path, text, tz, default_language, origin)
    except ContentError as exc:
        if exc.line is not None or not exc.key:
            raise
        key = exc.key.split(".")[0]  # a list item a ' #' emptied ('- #MeToo') is refused as no name
        line = _key_line(text, key)
        if key in TEXT_KEYS and "#" in text:
            front = text.removeprefix("\ufeff").split("\n---", 1)[0]
            hint = _comment_hint(front, line, _value_lines(front, line))
        else:
            hint = ""
        raise ContentError(path, exc.message + hint, line, exc.key) from None


@lru_cache(maxsize=1)
def _conflict_markers() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """A fence line or a '<<<<<<<' line; then a '=======' line; then a '>>>>>>>' line."""
    return (re.compile(r"^(?: {0,3}(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)|<{7}(?:[ \r][^\n]*)?)$", re.MULTILINE),
            re.compile(r"^={7}\r?$", re.MULTILINE), re.compile(r"^>{7}(?:[ \r][^\n]*)?$", re.MULTILINE))


def conflict_line(text: str) -> int | None:
    """The line of a git merge conflict's '<<<<<<<' marker with a '=======' line and then a
    '>>>>>>>' one below it, if any: a conflict in the body built and published the markers, one in
    the front matter was reported as a YAML quoting problem. (A lone '=======' is Markdown, a
    heading's underline; markers inside a fenced code block are an article showing a conflict.)
    Once through the text: a file of 200,000 '<<<<<<<' lines, 28 ms."""
    start, middle, closing = _conflict_markers()
    fence = ""
    for found in start.finditer(text):
        run = found.group("fence")
        if fence:                                # inside a fenced block: only its closing fence counts
            if run and run[0] == fence[0] and len(run) >= len(fence) and not found.group("info").strip():
                fence = ""
        elif run:
            fence = run
        else:
            between = middle.search(text, found.end())
            if between is None or closing.search(text, between.end()) is None:
                return None
            return text.count("\n", 0, found.start()) + 1
    return None


@lru_cache(maxsize=1024)  # difflib's search, 0.2 ms, for every parse of a file with the key
def _close_key(key: str, written: frozenset[str]) -> str:
    """'; did you mean 'author'?' for a misspelt key ('auther'), else nothing; never a key the
    front matter has already and the unknown one holds whole (a deliberate 'subtitle:' beside
    'title:'; 'tittle:' beside it is still a misspelling)."""
    from .config import did_you_mean  # the one wording site.toml's keys get too; imported only for an unknown key
    if key.lower() in _OTHER_NAMES:  # no spelling is close: 'description' is not 'summary'
        return f"; did you mean '{_OTHER_NAMES[key.lower()]}'?"
    return did_you_mean(key.lower(), KNOWN_KEYS - {k for k in written if k in key})


# Keys other site generators (Hugo, Jekyll, Pelican) write for what sitegen names otherwise
_OTHER_NAMES = {"description": "summary", "excerpt": "summary", "lang": "language", "categories": "tags",
                "category": "section", "keywords": "tags", "publishdate": "date", "lastmod": "updated",
                "modified": "updated"}


def _notes(path: str, text: str, meta: Mapping, unknown: tuple[str, ...]) -> tuple[str, ...]:
    """Warnings about the front matter, each with its line: keys sitegen does not know, and a list
    of names written as one text ('tags: a, b' is the one tag 'a, b')."""
    found = [_unknown_note(path, text, meta, key) for key in unknown]
    for key, noun in (("tags", "tag"), ("authors", "author"), ("author", "author")):
        value = meta.get(key)
        if isinstance(value, str) and "," in value and _several(value):
            names = [" ".join(n.split()) for n in value.split(",")]
            found.append(f"{_where(path, text, key)}: '{key}: {value.strip()}' is one {noun}, commas and all; "
                         f"for {len(names)} {noun}s, write a list: {key}: [{', '.join(names)}] (for one {noun} "
                         f"with a comma in it: {key}: [\"{' '.join(value.split())}\"])")
    return tuple(found)


def _unknown_note(path: str, text: str, meta: Mapping, key: str) -> str:
    """The warning for a key sitegen does not know; one holding an invisible character (a zero-width
    space pasted before 'section:') is shown escaped and named, since it looks like the known key."""
    hidden = [c for c in key if c in _LOOKS_BLANK]
    if hidden:
        plain = "".join(c for c in key if c not in _LOOKS_BLANK)
        return (f"{_where(path, text, key)}: the key '{shown_key(key)}' holds {_LOOKS_BLANK[hidden[0]]} "
                f"(U+{ord(hidden[0]):04X}), invisible in an editor, so it is not '{plain}' and is ignored; delete the "
                f"key and type '{plain}:' again")
    return (f"{_where(path, text, key)}: unknown front-matter key '{shown_key(key)}' is ignored; check its spelling, "
            f"or put site-specific data under 'extra:'{_close_key(key, frozenset(map(str, meta)))}")


def _missing(path: str, text: str, meta: Mapping, key: str, fix: str) -> ContentError:
    """The error for a front matter without `key` (title, date): a key written but empty says so
    (with the '#' that emptied it, if one did); a key misspelt or capitalised ('titel:', 'Title:')
    is named with its line, since the unknown-key warning never shows once this error stops the file."""
    line = _key_line(text, key, exact=True)
    if key in meta and line is not None:
        front = text.removeprefix("\ufeff").split("\n")
        written = front[line - 1].strip()
        hint = ("; a '#' at the start of a value or after a space starts a YAML comment, which drops the rest of "
                f"the line: quote the value, {key}: {_quoted(written.split(':', 1)[1].strip())}"
                if "#" in written else "")
        return ContentError(path, f"'{key}' is empty; {fix.replace('add one', 'write one')}{hint}", line)
    for other in meta:
        if isinstance(other, str) and other not in KNOWN_KEYS and (
                other.strip().lower() == key or _close_key(other, frozenset(map(str, meta))).endswith(f"'{key}'?")):
            line = _key_line(text, other, exact=True)
            return ContentError(path, f"no '{key}' in the front matter: line {line} has '{shown_key(other)}:'; did you mean "
                                      f"'{key}'? (keys are lower case)", line or 2)
    return ContentError(path, f"no '{key}' in the front matter; {fix}", 2)


def _both_notes(path: str, text: str, meta: Mapping) -> tuple[str, ...]:
    """A warning for each key given beside its other spelling, which is then ignored: 'author'
    beside 'authors', 'image_alt' beside 'alt' (which names are meant is the editor's to say:
    merged, a wrong name would be published in silence)."""
    found = []
    for ignored, read in (("author", "authors"), ("image_alt", "alt")):
        if meta.get(ignored) is not None and meta.get(read) is not None:
            at, kept = _key_line(text, ignored, exact=True), _key_line(text, read, exact=True)
            found.append(f"{path}:{at}: '{ignored}:' (line {at}) is ignored beside '{read}:' (line {kept}); "
                         + ("put every name in authors: [...]" if read == "authors" else
                            "keep one of them (alt: is the one read)"))
    return tuple(found)


# What follows a comma in one name: 'Martin Luther King, Jr.' is one author
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"})


def _several(value: str) -> bool:
    """Whether a text with commas reads as several names rather than one with a suffix."""
    parts = [p.strip() for p in value.split(",")]
    return all(parts) and not all(p.rstrip(".").replace(".", "").lower() in _NAME_SUFFIXES for p in parts[1:])


def _where(path: str, text: str, key: str) -> str:
    line = _key_line(text, key, exact=True)
    return f"{path}:{line}" if line else path


def _key_line(text: str, key: str, exact: bool = False) -> int | None:
    """The line of the front matter's `key:` ('authors' may be written 'author', unless `exact`),
    None if not there."""
    starts = (f"{key}:", "author:") if key == "authors" and not exact else (f"{key}:",)
    for n, line in enumerate(text.removeprefix("\ufeff").split("\n")[1:], 2):
        if line.rstrip() == "---":
            return None
        if line.startswith(starts):
            return n
    return None


# Bytes a UTF-8 text may hold that are not a C0 control or DEL (tab, newline and CR are kept): what
# _may_hold_controls deletes. C1 controls are two bytes in UTF-8, \xc2 then \x80-\x9f.
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not (b < 32 and b not in b"\t\n\r" or b == 127))
_C1_UTF8 = LazyPattern(rb"\xc2[\x80-\x9f]")


def _may_hold_controls(data: bytes) -> bool:
    """Whether a file's UTF-8 bytes hold a control character (_CONTROLS) anywhere. One C pass that
    deletes every other byte, then a literal-prefix search for C1's lead byte: 7 us a 5 KB article,
    where _CONTROLS.search over the text took 35 (35 ms of a 1,000-article build's parse)."""
    return bool(data.translate(None, _NOT_CONTROL_BYTES)) or (b"\xc2" in data and _C1_UTF8.search(data) is not None)


def drop_controls(body: str) -> str:
    """A body without its control characters: a vertical tab or form feed (Word's line and page
    breaks) becomes a space, so the words either side stay two words; the rest are dropped."""
    return _CONTROLS.sub(lambda found: " " if found[0] in "\x0b\x0c" else "", body)


def _controls_note(path: str, text: str, body: str) -> str:
    """The warning for a body whose control characters were dropped: the line of the first, and
    which they were (U+0007, ...)."""
    found = _CONTROLS.findall(body)
    first = _CONTROLS.search(body)
    line = text[:len(text) - len(body)].count("\n") + body.count("\n", 0, first.start() if first else 0) + 1
    kinds = ", ".join(f"U+{ord(c):04X}" for c in sorted(set(found)))
    meant = ", ".join(f"'{m}' for U+{ord(c):04X}" for c in sorted(set(found)) if (m := _c1_meaning(c)) is not None)
    return (f"{path}:{line}: {len(found)} control character{'s' if len(found) > 1 else ''} ({kinds}) dropped from the "
            "body: invisible in an editor, they are not allowed in HTML or in XML feeds (they come with text pasted "
            "from Word, a PDF or a terminal); delete them from the file"
            + (f", typing the Windows characters saved wrongly (read as Latin-1) in their place: {meant}" if meant else ""))


def _no_body_note(path: str, text: str) -> str:
    """The warning for a story with nothing under its front matter: it built in silence, a page of
    its headline alone (and an empty entry in the feeds), when the text was lost in an edit or
    a paste. Named at the closing '---' line, where the text goes."""
    text = text.removeprefix("\ufeff")
    closing = [m.start() for m in _fence().finditer(text)][1]   # (the fence's \s* takes blank lines after it)
    line = text.count("\n", 0, closing) + 1
    return (f"{path}:{line}: no text under the front matter, so the story's page shows its headline alone; "
            "write the story below this '---' line (or set draft: true until it is written)")


def _parse_article(path: str, text: str, tz: ZoneInfo, default_language: str, origin: str = "") -> Article:
    meta, body, cut = _split_front_matter(text, path)
    title = _text(meta, "title", path)
    if not title:
        raise _missing(path, text, meta, "title", "add one")
    if "date" not in meta or meta["date"] is None:
        raise _missing(path, text, meta, "date", "add one, e.g. date: 2025-01-17T09:30:00+00:00")
    authors, merged = _names(meta.get("authors", meta.get("author")), "authors", path)
    tags, merged_tags = _names(meta.get("tags"), "tags", path)
    unknown = tuple(sorted(str(k) for k in meta if k not in KNOWN_KEYS))
    notes = cut + _notes(path, text, meta, unknown) + _both_notes(path, text, meta)
    if merged or merged_tags:  # rare: a name listed twice, typed two ways
        notes += _merged_notes(path, text, "authors", merged) + _merged_notes(path, text, "tags", merged_tags)
    if (written := _text(meta, "slug", path)) and not _slugified(written):
        notes += (f"{_where(path, text, 'slug')}: 'slug: {written}' has no letter or digit, so the story's address "
                  f"ends in /untitled/; write one such as slug: {article_slug(title)}",)
    if (body.isspace() or not body) and meta.get("draft") is not True and not _text(meta, "summary", path):
        notes += (_no_body_note(path, text),)  # (isspace stops at a body's first letter)
    notes += _spaced_target_notes(path, text, body)   # (the body as the file holds it: the lines)
    data = text.encode("utf-8")
    controls = _may_hold_controls(data) and _CONTROLS.search(body) is not None  # most files: one C pass
    if controls:  # the front matter's are dropped where each value is read (_text, _str_list)
        notes += (_controls_note(path, text, body),)
        body = drop_controls(body)
    image = _text(meta, "image", path)
    pictures = body_images(body)
    _refuse_credentials(path, text, image, pictures)
    extra = meta.get("extra") or {}
    if not isinstance(extra, dict):
        raise ContentError(path, "'extra' must be a mapping of keys to values", key="extra")
    extra = _without_controls(extra)
    language = _language(language_tag(_text(meta, "language", path, default_language)) or default_language, path)
    language = refined(language, default_language)  # 'en', as converted seeds say, on an en-gb site: en-gb
    zone = _text(meta, "timezone", path)
    tz = _zone(zone, path) if zone else tz
    notes += _fixed_zone_notes(path, text, zone) + _clock_change_notes(path, text, meta, tz)
    if "-" in language and meta.get("language"):   # a region: rare
        notes += _retired_region_notes(path, text, language)
    pinned, pinned_until = _pinned(meta.get("pinned"), path, tz)
    when = _as_datetime(meta["date"], "date", path, tz)
    if pinned_until is not None and pinned_until <= when:
        notes += (_past_pin_note(path, text, meta["pinned"], pinned_until, when),)
    if not UNPUBLISHING_KEYS.isdisjoint(str(k).lower() for k in meta):
        _other_holds(path, text, meta, tz, when)
    return Article(
        path=path,
        title=title,
        summary=_text(meta, "summary", path),
        authors=authors,
        date=when,
        updated=_as_datetime(meta["updated"], "updated", path, tz) if meta.get("updated") else None,
        language=language,
        tags=tags,
        slug=article_slug(_text(meta, "slug", path) or title),
        body=body.strip("\n") + "\n",
        draft=_flag(meta, "draft", path),
        image=image,
        image_alt=_text(meta, "alt", path) or _text(meta, "image_alt", path),
        image_caption=_text(meta, "caption", path),
        image_credit=_text(meta, "credit", path),
        image_focus=_focus(meta.get("focus"), path),
        body_images=pictures,
        corrections=_corrections(meta.get("corrections"), path, tz),
        # converted: `sitegen convert` writes both; a hand-written `source: Reuters` (a wire desk's
        # credit) alone made raw HTML shown as text in a story it never converted (review44j)
        from_seed=bool(meta.get("source")) and bool(meta.get("seed_hash")),
        extra=extra,
        digest=hashlib.blake2b(data, digest_size=12).hexdigest(),
        unknown_keys=unknown,
        notes=notes,
        section=slug_of(_text(meta, "section", path)) if meta.get("section") else "",
        timezone=zone,
        translation_of=_text(meta, "translation_of", path),
        has_time=has_time(meta["date"]),
        updated_has_time=has_time(meta["updated"]) if meta.get("updated") else True,
        date_known=_text(meta, "date_source", path) != "first-conversion",
        aliases=_aliases(meta.get("aliases"), path),
        feed_id_date=_day(meta.get("feed_id_date"), "feed_id_date", path),
        body_links=tuple(href for href, _ in body_links(body)) if ".md" in body else (),  # most: no call
        site_links=site_links(body, origin),
        controls_dropped=controls,
        raw_html=raw_html(body),
        pinned=pinned,
        pinned_until=pinned_until,
    )


def _refuse_credentials(path: str, text: str, image: str, pictures: tuple[tuple[str, str], ...]) -> None:
    """A picture's address holding a user name or password is an error, never published: it went
    into <img src>, og:image, JSON-LD and the feeds as written, for anyone to read, and browsers
    refuse to load a picture so addressed anyway (stripping it would publish a broken picture)."""
    for ref, lead in ((image, True), *((src, False) for src, _ in pictures)):
        if "@" not in ref:
            continue
        from .config import userinfo  # the one pattern site.toml's addresses are checked with too
        if userinfo().match(ref):
            shown = userinfo().sub(lambda m: m[0][:m[0].index("//") + 2] + "…@", ref, 1)
            line = _key_line(text, "image", exact=True) if lead else _line_holding(text, ref)
            raise ContentError(path, f"picture address {shown} holds a user name or password, which the published "
                                     "page, feeds and structured data would show to anyone (and browsers do not load "
                                     "such a picture); put the picture where readers can fetch it without one, or "
                                     "beside the article", line)


def _line_holding(text: str, ref: str) -> int | None:
    """The line of the file where `ref` (as written, or percent-decoded) first appears."""
    for written in (ref, unquote(ref)):
        at = text.find(written)
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return None


def without_body(art: Article) -> Article:
    """The article less its Markdown body (its word count, pictures and digest kept): what a parse
    worker sends back to a build, which would otherwise hold every body (750 MB at 100,000 articles)
    in the process every render worker forks from. article_body() reads the body again.
    A copy with its body emptied: replace() would call __init__ and check every field again (3 us
    against 10 us an article, in the parse workers)."""
    return with_body(art, "")


def with_body(light: Article, body: str) -> Article:
    """The article with `body` as its body, the rest shared: without_body() and, given its body back
    (article_body()), the article as the cache's row keeps it. A copy: replace() would call
    __init__ and count and check every field again (4 against 11 us)."""
    whole = copy.copy(light)
    object.__setattr__(whole, "body", body)
    return whole


def article_body(root: Path, art: Article) -> str:
    """The article's Markdown body: its own, or, for an article without_body(), read again from its
    file under root (the text after the front matter: no YAML is parsed). A file changed since it
    was parsed is an error, never a page that mixes two versions."""
    if art.body:  # a parsed body is never empty: it ends with a newline
        return art.body
    try:
        data, text = _read_text(os.path.join(root, art.path))
    except (OSError, UnicodeDecodeError):
        data, text = b"", ""
    if hashlib.blake2b(data, digest_size=12).hexdigest() != art.digest:
        raise ChangedWhileBuilt(art.path)
    _, _, body = _fence().split(text.removeprefix("\ufeff"), 2)
    return (drop_controls(body) if art.controls_dropped else body).strip("\n") + "\n"


def _read_text(path: str | Path) -> tuple[bytes, str]:
    """A content file's text as text mode reads it (every line ending, CR LF or a lone CR, a '\n')
    and that text's UTF-8 bytes (what an article's digest is of). One unbuffered read of the bytes,
    decoded here: read_text()'s text layer and isatty() took 30 us an article against 12."""
    with open(path, "rb", buffering=0) as fh:
        data = fh.read()
    text = data.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        data = text.encode("utf-8")
    return data, text


def _zone(name: str, path: str) -> ZoneInfo:
    """A story's own zone; refused with the advice [site] timezone gets ('est': a city's zone)."""
    zone = site_zone(name)
    if zone is None:
        advice = zone_advice(name) or "; write an IANA time zone such as Europe/Paris"
        raise ContentError(path, f"'timezone' is {name!r}{advice} (or remove the line to use the site's)",
                           key="timezone")
    return zone


def _retired_region_notes(path: str, text: str, language: str) -> tuple[str, ...]:
    """`language: en-UK` warned about at its line: UK is no ISO 3166 code (GB is). The page's lang
    and the edition's address keep it as written (pages published under it stay where they are);
    hreflang says 'en-gb', which Google reads (review46b: it said 'en-uk', which Google ignores)."""
    parts = language.split("-")
    at = 2 if len(parts) > 2 and len(parts[1]) == 4 else 1   # the region, after a script if any
    region = parts[at] if len(parts) > at else ""
    alpha, digits = region.isalpha() and len(region) == 2, region.isdigit() and len(region) == 3
    new = replaced_region(region) if alpha or digits else ""
    if not new:
        return ()
    fixed = bcp47("-".join([*parts[:at], new, *parts[at + 1:]]))
    return (f"{_where(path, text, 'language')}: 'language: {bcp47(language)}': search engines read a country by its "
            f"ISO 3166 two-letter code, which for '{region.upper()}' is {new.upper()}, so hreflang names this "
            f"story '{hreflang(language)}'; write 'language: {fixed}' (the page's lang attribute shows the code as "
            "written)",)


def _fixed_zone_notes(path: str, text: str, zone: str) -> tuple[str, ...]:
    """A story's `timezone: EST` warned about as [site]'s is (config.fixed_zone_said): a June 30
    evening in New York, 23:30 EST, was filed under July without a word (rf45k)."""
    said = fixed_zone_said(zone)
    return (f"{_where(path, text, 'timezone')}: 'timezone: {zone}' {said}",) if said else ()


def read_content(root: Path, rel: str, tz: ZoneInfo, default_language: str = "en", origin: str = "",
                 shown: str = "content") -> Article:
    """The article in content/`rel` (a posix path as scan_files gives it). `shown`: the folder as
    messages name it ([paths] content)."""
    if (real := leads_out(root, rel)) is not None:
        raise ContentError(rel, outside_message(real, shown))
    try:
        _, text = _read_text(os.path.join(root, rel))
    except UnicodeDecodeError as exc:
        raise _not_utf8(rel, exc) from None
    except PermissionError as exc:   # one file (chmod 000, another user's 0600): the rest builds, as for a
        # story that does not parse; it failed the whole build. A folder still stops it (Builder._unreadable).
        raise ContentError(rel, f"cannot be read ({exc.strerror}); check its owner and permissions (`chmod a+r`), "
                                "then build again") from None
    if text[:4].count("\x00") >= 2:  # UTF-16 without a byte-order mark: '-\0-\0' is valid UTF-8
        raise ContentError(rel, "UTF-16 text (a NUL byte beside every letter, no byte-order mark); save the file "
                                "as UTF-8", 1)
    return parse_article(rel, text, tz, default_language, origin)


def _not_utf8(rel: str, exc: UnicodeDecodeError) -> ContentError:
    """The line of the first byte that is not UTF-8, and what the file is when it says so (a
    UTF-16 file opens with a byte-order mark: 'byte 0' told an editor nothing)."""
    data = exc.object
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ContentError(rel, "UTF-16 text (it opens with a UTF-16 byte-order mark); save the file as UTF-8", 1)
    return ContentError(rel, f"not UTF-8 text (byte {exc.start}, {data[exc.start:exc.start + 1]!r}); save the file "
                             "as UTF-8", data.count(b"\n", 0, exc.start) + 1)


# Picture files a build looks for in content/ (images.py processes them; a build that finds
# nothing changed never loads it).
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".jfif", ".jpe", ".png", ".webp", ".svg", ".gif")
PICTURE_SUFFIXES += tuple(s.upper() for s in PICTURE_SUFFIXES)
# Markdown files an editor may mean as articles that are not read as one (only '*.md' is): said so
# and a page's text (a seed) put here, not in seeds/, where the converter reads it (review53c 3)
SEED_SUFFIXES = (".txt", ".TXT", ".text")
UNREAD_SUFFIXES = (".MD", ".Md", ".mD", ".markdown", ".MARKDOWN", ".Markdown", *SEED_SUFFIXES)


# Text files a site publishes at its root, not seeds: content/ads.txt was told to move to seeds/, where
# the converter would make a story of it (rr54a 4)
_AT_THE_ROOT = frozenset({"ads.txt", "app-ads.txt", "humans.txt", "llms.txt", "security.txt"})


def unread_warning(rel: str, seeds: str = "seeds", root: str = "root") -> str:
    """What a build says of a content file named like Markdown, or like a seed, that it does not read;
    `seeds`, `root`: the folders as site.toml names them (paths.seeds, paths.root), where a seed or a
    file published at the site's root is to go (rr54c 4: 'root/' moved it where no build looks)."""
    name = rel.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0]
    if name.lower() == "robots.txt":   # (a seed made of it would be a story: rr54a 4)
        return f"{rel}: not read: sitegen writes the site's robots.txt itself; delete this one"
    if name.lower() in _AT_THE_ROOT:
        root = root.rstrip("/")
        return (f"{rel}: not read: a file published as it is at the site's root goes in {root}/ ([paths] root); "
                f"move it to {root}/{'.well-known/' if name.lower() == 'security.txt' else ''}{name}")
    if name.endswith(SEED_SUFFIXES):
        seeds = seeds.rstrip("/")
        return (f"{rel}: not read: a page's text is a seed, converted into a story from {seeds}/, not content/; "
                f"move it to {seeds}/{stem}.txt (a story written by hand is {stem}.md with front matter)")
    return (f"{rel}: not read: sitegen reads articles only from files ending in '.md' (lower case); "
            f"rename it {stem}.md to publish it")


def is_private(rel: str) -> bool:
    """Whether a content path names a private article file ('_budget.md', '2026/#x.md'): never read."""
    name = rel.rsplit("/", 1)[-1]
    return name.endswith(".md") and name[:1] in ("_", "#")


_PRIVATE_SAID = ": not read: files whose names start with '_' or '#' are private (notes, drafts kept aside); "


def private_warning(rel: str) -> str:
    """What a build says of a content file named like an article that it does not read as one."""
    folder, _, name = rel.rpartition("/")
    public = (folder + "/" if folder else "") + (name.lstrip("_#") or "story.md")
    return (f"{rel}{_PRIVATE_SAID}rename it {public} to publish it, or set draft: true in it to keep it unpublished "
            "and checked")


def is_private_warning(warning: str) -> bool:
    """Whether a build's warning is a private_warning (a build finding nothing changed says the
    files there are now, not the last build's)."""
    return _PRIVATE_SAID in warning and warning.endswith("to keep it unpublished and checked")


def _skipped(name: str) -> bool:
    """Hidden, private and editor temp/backup files are never articles."""
    return name.startswith((".", "_", "#")) or name.endswith("~")


def scan_files(root: Path, suffix: str | tuple[str, ...] = "", *, private: bool = False) -> list[tuple[str, Stamp]]:
    """(relative posix path, stat) of every file under root, sorted; no Path objects. `private`:
    keep private files too ('_footer.html', 'static/_fonts/'), skipping only hidden and editor
    files: a theme's partials and static files are published whatever their names."""
    return list(scan_two(root, suffix, (), private=private)[0])


class Stamp(NamedTuple):
    """What a build keeps of a file's stat: a stat_result is ten times the size (60 MB for
    100,000 articles, held through a whole build). The change time and inode too: an edit that
    puts the old size and mtime back (cp -p, rsync -t, tar x, a restored backup) still sets the
    ctime (utime cannot), and a file put in place by a rename is another inode."""
    st_mtime_ns: int
    st_size: int
    st_ctime_ns: int = 0
    st_ino: int = 0


_COLUMNS = ("mtimes", "sizes", "ctimes", "inos")  # a Listing's stat columns, in Stamp's order


# git's "racily clean" rule (Documentation/technical/racy-git.txt): a file's mtime, ctime and size
# come from a clock of one tick (a jiffy on Linux, 1 s on ext4 with small inodes and some network
# file systems, 2 s on FAT), so a file saved, read by a build and saved again at the same size
# within one tick keeps its stamp. A stamp taken less than RACY_NS after its mtime is not trusted
# alone: its file's digest is kept with it and compared by the next build (Racy).
RACY_NS = 3 * 10**9


def file_digest(path: str) -> str:
    """The digest of a file's bytes (what a racy stamp is checked by)."""
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def memo_stamp(path: Path) -> tuple:
    """A key for memoising what a process made of a file (a catalog compiled): its stamp, and while
    the stamp is racy its digest too, as a save within the same tick keeps the stamp."""
    st = path.stat()
    stamp = stamp_of(st)
    return (*stamp, file_digest(str(path))) if st.st_mtime_ns >= time_ns() - RACY_NS else stamp


def _unsure(stamp: tuple[int, ...], digest: str) -> tuple[int, int, int, int]:
    """A stamp no stat gives (a negative ctime, from the digest): the file's saved stamp and rows,
    equal to its stat, are of other bytes, so every user of the stamp reads it again."""
    return stamp[0], stamp[1], -1 - int(digest[:15], 16), stamp[3]


class Racy:
    """The racy-clean rule for a build's stamps. `known`: path -> (stamp, digest of the bytes) of
    the files the last build found racy, as it saved them; `since`: time.time_ns() at this build's
    start, before its scans. sure() gives each stamp as the build should compare it, and `kept` is
    what to save for the next build: the files racy now (their digest read now, before the build
    reads them: a save after that read changes the bytes and the digest shows it), and a file whose
    bytes changed under its racy stamp (its rows may hold either version until its stamp moves). A
    file whose digest still holds once it is older than the window is trusted by its stamp again."""

    def __init__(self, known: Mapping[str, tuple[tuple[int, ...], str]], since: int):
        self.known, self.since = known, since
        self.kept: dict[str, tuple[tuple[int, ...], str]] = {}

    def sure(self, path: str, stamp: tuple[int, ...]) -> tuple[int, ...]:
        stamp = tuple(stamp)
        entry, racy = self.known.get(path), stamp[0] >= self.since - RACY_NS
        if not racy and (entry is None or tuple(entry[0]) != stamp):
            return stamp
        try:
            digest = file_digest(path)
        except OSError:   # gone or unreadable since the scan: whoever reads it says so
            return _unsure(stamp, "0")
        if entry is not None and tuple(entry[0]) == stamp and entry[1] != digest:
            self.kept[path] = entry
            return _unsure(stamp, digest)
        if racy:
            self.kept[path] = (stamp, digest)
        return stamp

    def recent(self, mtimes: Sequence[int]) -> list[int]:
        """The positions of the racy mtimes (one pass in C when there is none, the usual case)."""
        at = self.since - RACY_NS
        return [i for i, m in enumerate(mtimes) if m >= at] if mtimes and max(mtimes) >= at else []

    def listing(self, root: str, files: "Listing", recent: bool = True) -> "Listing":
        """`files` (under `root`, a folder's path ending in os.sep) with each stamp as sure() has
        it: only the racy files (unless not `recent`: the caller knows none is but the known ones)
        and the known ones under root are looked at."""
        names = files.names
        at = set(self.recent(files.mtimes) if recent else ())
        for path in self.known:
            if path.startswith(root):
                i = bisect_left(names, path[len(root):].replace(os.sep, "/"))
                if i < len(names) and root + names[i].replace("/", os.sep) == path:
                    at.add(i)
        changed = {}
        for i in sorted(at):
            stamp = files[i][1]
            sure = self.sure(root + names[i].replace("/", os.sep), stamp)
            if sure != stamp:
                changed[i] = sure
        if not changed:
            return files
        columns = [array("q", c) for c in files.columns()]
        for i, sure in changed.items():
            for column, value in zip(columns, sure):
                column[i] = value
        return Listing(list(names), *columns)


INO_BITS = (1 << 63) - 1  # an inode number in an int64 column (some file systems use all 64 bits)


def stamp_of(st: Stamp | os.stat_result) -> tuple[int, int, int, int]:
    """The stat's fields a stamp compares, as a tuple (what the cache's rows keep)."""
    return st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_ino & INO_BITS


@dataclass(frozen=True)
class Listing(Sequence):
    """Files under a folder, sorted by relative path, as columns: 100,000 files are scanned
    without a stat_result or a tuple kept for each. Reads as a sequence of (path, Stamp)."""
    names: list[str]
    mtimes: array
    sizes: array
    ctimes: array
    inos: array

    @classmethod
    def empty(cls) -> "Listing":
        return cls([], *(array("q") for _ in _COLUMNS))

    def columns(self) -> tuple[array, array, array, array]:
        return self.mtimes, self.sizes, self.ctimes, self.inos

    def __len__(self) -> int:
        return len(self.names)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self.names[i], Stamp(self.mtimes[i], self.sizes[i], self.ctimes[i], self.inos[i])

    def __iter__(self) -> Iterator[tuple[str, Stamp]]:
        return zip(self.names, map(Stamp, self.mtimes, self.sizes, self.ctimes, self.inos))

    @classmethod
    def of(cls, items: Iterable[tuple[str, Stamp | os.stat_result]]) -> "Listing":
        items = sorted(items, key=lambda item: item[0])
        stamps = [stamp_of(st) for _, st in items]
        return cls([rel for rel, _ in items], *(array("q", column) for column in zip(*stamps)) if stamps
                   else (array("q") for _ in _COLUMNS))


def scan_two(root: Path, suffix: str | tuple[str, ...], also: tuple[str, ...],
             private: bool = False) -> tuple[Listing, Listing]:
    """The files under root ending in `suffix`, and in the same walk those ending in `also` in any
    case ('Pic.Jpg' too: a picture missed here was never seen to change), each sorted by path.
    Hidden, private and editor files and folders are skipped (private ones kept with `private`), and so is the lost+found of a folder that is a
    mount point (a disk of its own); symlinks are followed, a folder seen before (a symlink loop) is
    not. A folder it may not read raises PermissionError naming it (its files
    are unseen, not deleted); a missing or vanished one has no files."""
    found, other = Listing.empty(), Listing.empty()
    starts: list[tuple[int, int]] = []
    skip = ".#" if private else "._#"
    also = tuple({s.lower() for s in also})
    _scan_folder(str(root), "", suffix, also, found, other, set(), starts, skip)
    return _sorted(found, [a for a, _ in starts]), _sorted(other, [b for _, b in starts])


def packed_scan(root: Path | str, suffix: str | tuple[str, ...], also: tuple[str, ...]) -> bytes:
    """scan_two() as bytes, for a forked child to hand its parent (see build.Builder's early scan):
    each listing's names NUL-joined (as cache.Scan keeps them) and its stat columns."""
    found, other = scan_two(Path(root), suffix, also)
    return marshal.dumps(tuple(part for listing in (found, other) for part in (
        "\0".join(listing.names).encode("utf-8", "surrogatepass"), *(c.tobytes() for c in listing.columns()))))


def unpacked_scan(data: bytes) -> tuple[Listing, Listing]:
    """packed_scan()'s listings; ValueError (or EOFError, TypeError) when `data` is not one."""
    parts, width = marshal.loads(data), 1 + len(_COLUMNS)
    if type(parts) is not tuple or len(parts) != 2 * width or not all(type(p) is bytes for p in parts):
        raise ValueError("not a packed scan")
    listings = []
    for names, *blobs in (parts[:width], parts[width:]):
        columns = [array("q") for _ in blobs]
        for column, blob in zip(columns, blobs):
            column.frombytes(blob)
        paths = names.decode("utf-8", "surrogatepass").split("\0") if names else []  # no file has an empty name
        if any(len(paths) != len(column) for column in columns):
            raise ValueError("a packed scan's columns differ in length")
        listings.append(Listing(paths, *columns))
    return listings[0], listings[1]


def _scan_folder(folder: str, prefix: str, suffix: str | tuple[str, ...], also: tuple[str, ...],
                 found: Listing, other: Listing, seen: set[tuple[int, int]], starts: list[tuple[int, int]],
                 skip: str = "._#") -> None:
    """scan_two's look at one folder, then its subfolders. Names are listed and each stat() is
    relative to the open folder: no DirEntry objects, no walk of the whole path a file (100,000
    files in 0.4 s of CPU against 0.7 with os.scandir). `starts`: where each folder's files begin
    in `found` and `other` (each folder's are in order: see _sorted)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except (FileNotFoundError, NotADirectoryError):  # missing or vanished folder; any other error
        return    # (a folder made unreadable: EACCES) goes up, or its files were dropped as deleted
    folders: list[str] = []
    try:
        here = os.fstat(fd)
        if (here.st_dev, here.st_ino) in seen:
            return
        seen.add((here.st_dev, here.st_ino))
        starts.append((len(found.names), len(other.names)))
        # the loop's names bound locally and the folder's columns extended once at its end: this
        # loop sees every file (callgrind, 10,000 files: 13.4k -> 12.9k instructions a file)
        stat_, is_dir, is_file = os.stat, stat.S_ISDIR, stat.S_ISREG
        names, mtimes, sizes, ctimes, inos = [], [], [], [], []
        o_names, o_mtimes, o_sizes, o_ctimes, o_inos = [], [], [], [], []
        for name in sorted(os.listdir(fd)):
            if name[0] in skip or name[-1] == "~":  # _skipped(), inlined
                if also and name[0] in "_#" and name.endswith(".md"):  # a private article: listed, to be warned of
                    _list_private(fd, name, (o_names, o_mtimes, o_sizes, o_ctimes, o_inos))
                continue
            try:
                st = stat_(name, dir_fd=fd)
            except PermissionError as exc:  # a folder one may list, not enter (r--): not deleted files
                raise PermissionError(exc.errno, exc.strerror, os.path.join(folder, name)) from None
            except OSError:  # deleted while we looked, or a broken symlink
                continue
            mode = st.st_mode
            if is_dir(mode):
                if name != "lost+found" or not os.path.ismount(os.path.realpath(folder)):  # a disk's own (0700); content -> /mnt/disk too
                    folders.append(name)
            elif is_file(mode):
                if name.endswith(suffix):
                    names.append(name)
                    mtimes.append(st.st_mtime_ns)
                    sizes.append(st.st_size)
                    ctimes.append(st.st_ctime_ns)
                    inos.append(st.st_ino & INO_BITS)
                elif also and name.lower().endswith(also):   # `also` is in lower case
                    o_names.append(name)
                    o_mtimes.append(st.st_mtime_ns)
                    o_sizes.append(st.st_size)
                    o_ctimes.append(st.st_ctime_ns)
                    o_inos.append(st.st_ino & INO_BITS)
        for into, got in ((found, (names, mtimes, sizes, ctimes, inos)),
                          (other, (o_names, o_mtimes, o_sizes, o_ctimes, o_inos))):
            into.names.extend([prefix + n for n in got[0]] if prefix else got[0])
            for column, values in zip(into.columns(), got[1:]):
                column.extend(values)
    except (FileNotFoundError, NotADirectoryError):  # vanished folder
        return
    finally:
        os.close(fd)
    for name in folders:
        _scan_folder(os.path.join(folder, name), prefix + name + "/", suffix, also, found, other, seen, starts, skip)


def _list_private(fd: int, name: str, columns: tuple[list, ...]) -> None:
    """List a file named '_x.md' or '#x.md' with the other files of content/ (private_warning)."""
    try:
        st = os.stat(name, dir_fd=fd)
    except OSError:
        return
    if stat.S_ISREG(st.st_mode):
        for column, value in zip(columns, (name, st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_ino & INO_BITS)):
            column.append(value)


def _sorted(listing: Listing, starts: list[int]) -> Listing:
    """The listing in path order. Each folder's files come sorted (`starts`: where each folder's
    begin), so they are all in order when each folder's first follows the file before it: one
    comparison a folder, not one a file (a flat folder of 100,000: 9 ms)."""
    names = listing.names
    if all(names[i - 1] < names[i] for i in starts if 0 < i < len(names)):
        return listing
    order = sorted(range(len(names)), key=names.__getitem__)
    return Listing([names[i] for i in order], *(array("q", [column[i] for i in order]) for column in listing.columns()))


def stat_content(root: Path, rel: str) -> os.stat_result | None:
    """The stat of one article source by the same rules as scan_two; None if it is not one."""
    parts = rel.replace(os.sep, "/").split("/")
    if not rel.endswith(".md") or any(not p or _skipped(p) or p == ".." for p in parts):
        return None
    try:
        st = os.stat(os.path.join(root, *parts))
    except OSError:
        return None
    return st if stat.S_ISREG(st.st_mode) else None


def _front_chunks(text: str) -> dict[str, Any]:
    """The front matter's top-level keys each read on its own (a key's line and the indented or
    list lines under it), so one that does not parse (a date typo, an unclosed quote) leaves the
    others readable; a key whose chunk does not parse maps to _UNREADABLE."""
    import yaml
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}
    chunks: dict[str, list[str]] = {}
    key = None
    for line in lines[1:]:
        if line.rstrip() == "---":
            break
        head = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if head is not None:
            key = head[1]
            chunks[key] = [line]
        elif key is not None:
            chunks[key].append(line)
    read: dict[str, Any] = {}
    for key, chunk in chunks.items():
        try:
            value = yaml.load("\n".join(chunk), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            read[key] = value[key] if isinstance(value, dict) and key in value else _UNREADABLE
        except (yaml.YAMLError, ValueError):   # ValueError: a date no calendar has, 2025-06-31 (review53c 5)
            read[key] = _UNREADABLE
    return read


_UNREADABLE = object()


def still_claims(art: Article, text: str, tz: ZoneInfo, address: Callable[[Article], str],
                 default_language: str = "en") -> bool:
    """Whether a story file that no longer parses still says, as far as its front matter's lines
    can each be read, what gave `art` (its last good version, kept as last built) its address:
    the address `address` (the plan's site.article_url) makes of its fields as written now
    (as_written) is art's, and its section, aliases and draft flag are art's. So every field the
    permalink names counts as the plan counts it: the language's edition, the day in the site's
    zone (rf45b: a story moved to the de edition, or past midnight in Berlin, still claimed its
    old address, and a newcomer taking it stopped the whole build). A value that cannot be read
    is no change: a date typo keeps the address its slug gives (rf44k)."""
    now = as_written(art, text, tz, default_language)
    return (address(now) == address(art)
            and (now.section, now.aliases, now.draft) == (art.section, art.aliases, art.draft))


def as_written(art: Article, text: str, tz: ZoneInfo, default_language: str = "en") -> Article:
    """`art` with what gives a story its address (slug or title, date and its zone, language, section, aliases,
    draft) as its file now says it, each front-matter line read on its own (_front_chunks) by the
    parser's own rules; a line that cannot be read or holds no valid value leaves art's."""
    meta = _front_chunks(text)
    path = art.path

    def read(key: str, parse: Callable[[Mapping], Any], then: Any) -> Any:
        if meta.get(key) is _UNREADABLE:
            return then
        try:  # (another key's unreadable value raises here too: _text refuses it)
            found = parse(meta)
        except (ContentError, TypeError, ValueError, AttributeError):
            return then
        return then if found is None else found
    # None: the story's own zone line unreadable or no zone; its date then stays art's, as a naive
    # time read in the site's zone moved the story (rf45k: a newcomer took its live page)
    zone = read("timezone", lambda m: _zone(z, path) if (z := _text(m, "timezone", path)) else tz, None)
    written = lambda m: _text(m, "slug", path) or _text(m, "title", path)  # noqa: E731
    return replace(
        art,
        slug=read("slug", lambda m: article_slug(w) if (w := written(m)) else None, art.slug),
        date=art.date if zone is None else read("date", lambda m: _as_datetime(m.get("date"), "date", path, zone),
                                                art.date),
        language=read("language", lambda m: refined(_language(
            language_tag(_text(m, "language", path, default_language)) or default_language, path), default_language),
            art.language),
        section=read("section", lambda m: slug_of(_text(m, "section", path)) if m.get("section") else "", art.section),
        aliases=read("aliases", lambda m: _aliases(m.get("aliases"), path), art.aliases),
        draft=read("draft", lambda m: _flag(m, "draft", path), art.draft),
        # the zone the address's day is taken in (site.story_local): the one read with the date
        timezone=art.timezone if zone is None else read("timezone", lambda m: _text(m, "timezone", path), art.timezone),
    )
