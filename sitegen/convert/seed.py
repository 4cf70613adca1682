"""One seed's text -> ConvertedArticle: the lines read and labelled, then the headline, byline,
date, language, tags and body paragraphs taken from them. Pure (no files); writer.py writes them."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Callable, Iterator

from ..config import Config
from . import language
from .blocks import BULLET, Line, default_patterns
from .extract import Extraction, extract_lines, from_labels, read_lines
from .dates import dateline_date, find_date, past_marker, stated_when
from .labeller import Labelled, Labeller, date_lines, default_labeller
from .markdown import body
from .sections import seed_section
from .tags import extract_tags


class SeedError(Exception):
    """A seed that cannot be converted; the message names the file and what to do."""


@dataclass(frozen=True)
class ConvertedArticle:
    source: str                      # seed path relative to the seeds folder (posix)
    title: str
    summary: str
    authors: tuple[str, ...]
    date: date | datetime | None     # None: not stated in the seed; a date: no time of day stated
    language: str
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]      # body paragraphs as plain text
    dropped: tuple[tuple[int, str, str], ...]   # (line number, text, why)
    warnings: tuple[str, ...] = ()
    section: str = ""                # key of a [sections] entry, from the label above the headline
    left_out: tuple[tuple[int, str], ...] = ()   # (line number, text) dropped that read like the story's
    draft: bool = False              # no article found: written with draft: true (see _boilerplate_draft)
    date_counted: str = ""           # the line `date` was counted back from the seed's saved time by ("2 days ago")

    @property
    def body_markdown(self) -> str:
        return body(self.paragraphs)

    @property
    def plain_text(self) -> str:
        return "\n\n".join([self.title, self.summary, *self.paragraphs])


@lru_cache(maxsize=32)
def _compiled(extra: tuple[str, ...]) -> tuple[list[re.Pattern], list[re.Pattern]]:
    # Matched against lower-cased lines: a case-sensitive pattern is several times faster.
    always = [re.compile(p, re.I) for p in extra]
    return default_patterns(), always


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f]")   # (not \x1c-\x1e: line breaks, see _LINE_BREAKS)


def _check_text(text: str, source: str, max_bytes: int, settings: str) -> None:
    if len(text) > max_bytes:   # `settings`: the config file in use (Config.file: --config prod.toml's)
        raise SeedError(f"{source}: larger than convert.max_bytes ({max_bytes} bytes) — "
                        f"split it or raise convert.max_bytes in {settings} (converting takes about 60 times "
                        "a seed's size in memory)")
    if not text.strip():
        raise SeedError(f"{source}: empty — paste the article's text into it or delete the file")
    # By the share of control characters (in the first 4 KB) and of NULs (in all of it): one stray
    # NUL in the first 4 KB refused a text seed, the same NUL later on was dropped in silence. A
    # few are dropped wherever they are, as other control characters are (_normalise).
    sample = text[:4096]
    controls = len(_CONTROL.findall(sample))
    nuls = text.count("\x00")
    too_many_nuls = nuls > max(8, len(text) // 50)
    if too_many_nuls or controls > max(8, len(sample) // 50):
        why = (f"contains {nuls} NUL bytes, so it looks binary" if too_many_nuls or sample.count("\x00") * 2 >= controls
               else "looks binary")
        raise SeedError(f"{source}: {why}, not text — seeds must be text copied from a page "
                        "(save it as .txt, UTF-8)")


# Unicode's 66 noncharacters (U+FDD0-U+FDEF, and the last two of each plane, U+FFFE, U+10FFFF): never
# text. Kept, U+FFFE in a headline reached the page, its JSON-LD and feed.json, while the XML feeds
# (which forbid U+FFFE and U+FFFF) dropped it: news:title and the headline differed (review52a).
# Two classes: one of the Basic Multilingual Plane's, which re tests a character against in one lookup,
# and the other planes' noncharacters, matched only in a text with a character beyond that plane (36
# of the 352 dev seeds). The one class of both took 0.47 ms a seed, tried range by range on each character.
_NOT_TEXT = re.compile("[\u200b-\u200f\u2060\ufeff\ufdd0-\ufdef\ufffe\uffff]")   # zero-width, and noncharacters
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_NOT_TEXT_ASTRAL = re.compile("[" + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF)
                                            for plane in range(0x10000, 0x110000, 0x10000)) + "]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0, DEL and C1: never text, and content.py warns on them
# Every character of the Basic Multilingual Plane that _as_written changes once CR and tab are
# replaced: _CONTROLS' (which hold _C1's, _LINE_BREAKS' but U+2029, and VT), _NOT_TEXT's, U+2028 and
# U+2029. A text without one and with nothing beyond that plane (303 of the 352 dev seeds) needs none
# of its six scans.
_REWRITTEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u2060\ufeff\ufdd0-\ufdef\ufffe\uffff]")


# C1 controls as the cp1252 characters they were: Windows text read as Latin-1 and saved as UTF-8
# turns '…' into U+0085 and ’ “ ” – into U+0092-U+0096 (browsers read such text as cp1252 too,
# WHATWG). Dropped, 'said\x85the result' was 'saidthe result' (review41a). The five bytes cp1252
# leaves undefined (U+0081, U+008D, U+008F, U+0090, U+009D) are still dropped with the other controls.
_C1 = re.compile(r"[\x80-\x9f]")
_C1_AS_CP1252 = {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


# The other line breaks str.splitlines knows (NEL, U+0085, is cp1252's '…' above): FF, the
# file/group/record separators, U+2029, which editors show as lines (VT and U+2028: below). Deleted as controls, 'a.m.\x0bThe' was 'a.m.The'; U+2028 reached the headline's <h1>.
_LINE_BREAKS = re.compile(r"[\x0c\x1c-\x1e\u2029]")
# VT and U+2028 break a line inside a paragraph (a headline set on two lines, a quote): as line
# breaks, 'City council approves\x0bnew flood barrier' lost its first half from the headline (a
# line of its own, dropped as 'other'). In a text of lines they are a space; in one with no other
# line breaks (a tool that wrote them for every line) they are its lines.
_SOFT_BREAKS = re.compile(r"[\x0b\u2028]")


def _soft_breaks(text: str) -> str:
    """`text` (its hard line breaks "\n") with its soft ones as spaces or, if it has only them, as lines."""
    if not _SOFT_BREAKS.search(text):
        return text
    lines = sum(1 for line in text.split("\n") if line.strip())
    return _SOFT_BREAKS.sub(" " if lines > 2 else "\n", text)


def line_ends(text: str) -> str:
    """`text` with its line breaks as the converter reads them ("\n"), as _normalise makes them:
    CRLF and a lone CR (old Mac files, some CMS exports), FF and the separators; VT and U+2028 too
    where they are the only breaks. For the line numbers of what is said about a seed."""
    return _soft_breaks(_LINE_BREAKS.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n")))


def reading_text(text: str) -> str:
    """`text` as the converter reads it (split_lines, its no-break spaces kept for the body): each
    line stripped, no blank lines at its end. A seed's seed_hash is of this, so a re-save that
    cannot change what is read (a byte-order mark, UTF-16, trailing spaces, blank lines added at
    the end) is no change to it."""
    return _stripped(_as_written(text))


def _stripped(text: str) -> str:
    return "\n".join([line.strip() for line in text.split("\n")]).rstrip("\n")


class ReadingPieces:
    """reading_text of a text given piece by piece, given back piece by piece (to be hashed): a seed
    over max_bytes is hashed so, never held whole (a multi-GB file saved over a converted seed was
    read whole for its hash). A soft line break is read once the text is known to have more than
    two lines, or has ended (_soft_breaks): the text from it held until then. feed() raises
    NotStreamable where it would hold over `most` characters (that text, or a run of spaces inside
    a line, kept until the line goes on or ends)."""

    def __init__(self, most: int = 1 << 20) -> None:
        self.most = most
        self.cr = False          # a piece's last CR, held: CRLF split between two pieces is one break
        self.started = False     # the line has a character that is no space
        self.spaces = ""         # the spaces since its last one (dropped if the line ends)
        self.breaks = 0          # the line breaks since the last character written (dropped at the end)
        self.lines = 0           # the lines with a character that is no space (_soft_breaks'), counted to 3
        self.inline = False      # the line being counted has one
        self.held = ""           # the text from a soft line break on, while fewer lines were counted

    def feed(self, text: str, final: bool = False) -> Iterator[str]:
        if self.cr:
            text, self.cr = "\r" + text, False
        if not final and text.endswith("\r"):
            text, self.cr = text[:-1], True
        if self.lines < 3:
            self._count(text, final)
        if self.held or _SOFT_BREAKS.search(text):
            if self.lines < 3 and not final:
                self.held += text
                if len(self.held) > self.most:
                    raise NotStreamable("a soft line break before a third line")
                return
            text = (self.held + text).replace("\r\n", "\n").replace("\r", "\n")   # (first, as _as_written: 'CR VT' is no CRLF)
            text, self.held = _SOFT_BREAKS.sub(" " if self.lines > 2 else "\n", text), ""
        for i, piece in enumerate(_as_written(text).split("\n")):
            if i:
                self.started, self.spaces, self.breaks = False, "", self.breaks + 1
            piece = self.spaces + piece if self.started else piece.lstrip()
            core = piece.rstrip()
            self.spaces = piece[len(core):]
            if len(self.spaces) > self.most:
                raise NotStreamable("a long run of spaces")
            if core:
                while self.breaks:
                    n = min(self.breaks, self.most)
                    self.breaks -= n
                    yield "\n" * n
                self.started = True
                yield core

    def _count(self, text: str, final: bool) -> None:
        """Counts the lines of a piece as _soft_breaks counts the whole text's."""
        for i, line in enumerate(_visible_lines(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")):
            if i:
                self.lines, self.inline = self.lines + self.inline, False
            self.inline = self.inline or bool(line.strip())
        if final:
            self.lines, self.inline = self.lines + self.inline, False


class NotStreamable(Exception):
    """A text ReadingPieces cannot read piece by piece."""


# The UTF-8 bytes of what _as_written changes or decoding drops: CR and tab, C0 controls and DEL (found
# by bytes.translate, 20 times faster than a regex's class), C1 controls, the zero-width characters,
# U+2028/U+2029, a byte-order mark and the noncharacters (U+FDD0-U+FDEF; every plane's last two end
# in \xbf\xbe or \xbf\xbf): each a literal prefix, which re scans for fast.
_CONTROL_BYTES = bytes([*range(0x00, 0x0a), *range(0x0b, 0x20), 0x7f])
_REWRITTEN_UTF8 = tuple(re.compile(p) for p in (rb"\xc2[\x80-\x9f]", rb"\xe2\x80[\x8b-\x8f\xa8\xa9]",
                                                rb"\xe2\x81\xa0", rb"\xef\xbb\xbf", rb"\xef\xb7[\x90-\xaf]",
                                                rb"\xbf[\xbe\xbf]"))


def reading_text_of(data: bytes) -> str | None:
    """reading_text of a seed's bytes when they are UTF-8 that _as_written leaves as it is (CRLF
    apart): most seeds, read without its regex passes over the text (0.35 ms a 10 KB seed, and
    every run hashes every seed); None for the others."""
    data = data.replace(b"\r\n", b"\n")
    if len(data.translate(None, _CONTROL_BYTES)) != len(data) or any(p.search(data) for p in _REWRITTEN_UTF8):
        return None
    try:
        return _stripped(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def _normalise(text: str) -> str:
    """The text the lines are read from: no-break spaces as plain ones (the line features and the
    model were made so); _no_break_spaces puts them back into the body."""
    return _as_written(text).replace("\u00a0", " ")


def _no_break_spaces(body: tuple[str, ...], written: str) -> tuple[str, ...]:
    """The body's paragraphs with the no-break spaces their lines have in the seed: French '12\u00a0000
    euros', 'déclaré\u00a0:' (a plain space lets a narrow screen break the line there). A paragraph
    is its line (Line.raw), or its line without the bullet (Line.text), and the space is one
    character for one, so the line as written gives it back by position."""
    if "\u00a0" not in written:
        return body
    seen: dict[str, str] = {}
    for line in (line.strip() for line in written.split("\n") if "\u00a0" in line):
        plain = line.replace("\u00a0", " ")
        seen.setdefault(plain, line)
        if m := BULLET.match(plain):
            text = plain[m.end():].strip()
            seen.setdefault(text, line[len(line) - len(text):])
    return tuple(seen.get(p, p) for p in body)


def _as_written(text: str) -> str:
    """Line breaks as "\n", tabs as spaces, invisible and control characters and noncharacters dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if _REWRITTEN.search(text) is None and (text.isascii() or _ASTRAL.search(text) is None):
        return text                     # (one scan instead of six: 0.2 ms a seed)
    return _CONTROLS.sub("", _soft_breaks(_visible_lines(text)))


def _visible_lines(text: str) -> str:
    """`text` (its CRs and tabs read) as _soft_breaks counts its lines: without its invisible
    characters and noncharacters, its C1 controls as cp1252's, its other line breaks as "\n"."""
    if not text.isascii():              # (an ASCII text has no zero-width character to scan for)
        text = _NOT_TEXT.sub("", text)
        if _ASTRAL.search(text):
            text = _NOT_TEXT_ASTRAL.sub("", text)
        if _C1.search(text):
            text = text.translate(_C1_AS_CP1252)
    return _LINE_BREAKS.sub("\n", text)


def convert_text(text: str, *, source: str, config: Config, labeller: Labeller | None = None,
                 saved: datetime | None = None, tag_candidates: list | None = None) -> ConvertedArticle:
    """Seed text -> article parts. Pure: no disk, no clock. Raises SeedError on unusable input.

    `labeller`: the line model (default: the shipped one; NO_MODEL: the shape rules alone).
    `saved`: when the page was saved (the seed's mtime), for relative dates ("2 days ago").
    `tag_candidates`: a list that collects every ranked tag candidate with its features (the tag
    scorer's trainer)."""
    read = _read(text, source, config, labeller)
    return _finish(read, _language(read, config), source, config, saved, tag_candidates)


def convert_texts(jobs: list[tuple[str, str, datetime | None]], config: Config,
                  dropped: bool = True) -> list[ConvertedArticle | str]:
    """convert_text over several (text, source, saved) seeds: an article, or its failure's
    message (`_contained`), for each (the pool's workers convert their chunks so). The same articles, made
    stage by stage: every seed's lines read and labelled, then every seed's language detected,
    then the rest. Lingua's detection looks trigrams up in tens of megabytes of models: called
    back to back, its tables stay in the CPU's caches (0.85 ms of CPU a page on the benchmark's
    seeds against 1.7 ms when each page's other stages ran between; the whole conversion 3% less).
    `dropped` False: the articles without their dropped lines, which only a report lists."""
    reads = [_contained(source, _read, text, source, config, None, dropped) for text, source, _ in jobs]
    langs = [r if isinstance(r, _Failed) else _contained(source, _language, r, config)
             for r, (_, source, _) in zip(reads, jobs)]
    return [r if isinstance(r, _Failed) else lang if isinstance(lang, _Failed) else
            _contained(source, _finish, r, lang, source, config, saved, None)
            for r, lang, (_, source, saved) in zip(reads, langs, jobs)]


class _Failed(str):
    """A seed's failure message, told apart from a stage's own str results (a language)."""


def _contained(source: str, stage: Callable, *args):  # -> the stage's result | _Failed
    """stage(*args), or the message of its failure: a SeedError's own, or, for an error of the
    converter itself, one naming the file, so that one odd seed never stops the others."""
    try:
        return stage(*args)
    except SeedError as exc:
        return _Failed(exc)
    except Exception as exc:  # a bug: the seed fails alone, loudly, and the run goes on
        return _Failed(f"{source}: the converter failed on this seed ({type(exc).__name__}: {exc}) — "
                "a bug in sitegen: please report it with this file; the other seeds were converted")


@dataclass(frozen=True)
class _Read:
    """A seed read: its lines, the extraction (the rules', then the labels'), the labelling."""
    lines: list[Line]
    ex: Extraction
    lab: Labelled | None
    draft: bool = False
    written: str = ""          # the text as _as_written gives it (its no-break spaces)


def _no_article(text: str, source: str) -> str | None:
    """Why a seed of a line or two gave no article, and what to do; None for a longer one (see
    _boilerplate_draft). A headline pasted alone was told to 'add the headline as the first line',
    which it already was. `text`: normalised (its lines as the converter reads them)."""
    written = [line for line in text.split("\n") if line.strip()]
    if len(written) > 2:
        return None
    lines = f"{len(written)} {'line' if len(written) == 1 else 'lines'}"
    if max(map(len, written), default=0) > 300:  # an article with its line breaks lost
        return (f"{source}: no article found: the text is {lines.replace('line', 'long line')} with no line "
                "breaks — put the headline on the first line and each paragraph on a line of its own")
    return (f"{source}: no article found: only {lines} of text, and a headline alone is not a story — paste "
            "the whole article (its headline, then its paragraphs) into the file")


def _boilerplate_draft(lines: list[Line], source: str) -> Extraction:
    """A seed of several lines with no article in them (a page's navigation and boilerplate only),
    as a draft holding every line. As an error, it stopped every other story's build ('build not
    started: seeds failed to convert'); as a story, it would publish the chrome. Its headline is the
    seed's name: the slug it gives stays the story's once the seed holds the article (the first
    line's was 'Zum Inhalt springen')."""
    texts = tuple(ln.raw for ln in lines)
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    return Extraction(title=name.rsplit(".", 1)[0] or name, summary="", authors=(), date=None, body=texts,
                      dropped=(), lines=texts,
                      roles={}, warnings=(
                          "no article found (no headline followed by paragraphs of prose; only navigation or "
                          "boilerplate?), so it is converted as a draft (draft: true: not published) holding every "
                          "line of the seed — paste the article's text into the seed, its headline first, or delete "
                          "the seed",))


_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_TAG_LINE = re.compile(r"\s*<[!/]?[a-zA-Z].*>\s*$")


def _html_message(source: str) -> str:
    return (f"{source}: no article found: this is a page's HTML source (its tags), not its text — open the "
            "page in a browser, select all of its text (not View Source), and paste that into the file")


def _html_source(text: str) -> bool:
    """Whether a seed is a page's HTML source ("save page as", or view-source copied): it starts
    as a page does, or most of its first 200 lines are tags ('<p>...</p>': converted, they were
    the story's paragraphs, tags and all). A story that quotes a tag is none."""
    if _HTML_START.match(text, 0, 2000):
        return True
    sample = text[:100_000]
    if "<" not in sample:               # (most seeds: 0.04 ms a seed less)
        return False
    written = [line for line in sample.splitlines()[:400] if line.strip()][:200]
    return len(written) >= 3 and sum(1 for line in written if _TAG_LINE.match(line)) * 2 > len(written)


def _read(text: str, source: str, config: Config, labeller: Labeller | None, dropped: bool = True) -> _Read:
    _check_text(text, source, config.convert.max_bytes, config.file)
    if _html_source(text):   # a page's source converted into its tags as the story
        raise SeedError(_html_message(source))
    patterns, always = _compiled(tuple(config.convert.boilerplate))
    written = _as_written(text)
    normal = written.replace("\u00a0", " ")
    lines = read_lines(normal, patterns=patterns, always=always)
    ex = extract_lines(lines, config.tz)
    lab = (labeller or default_labeller()).label(lines, ex.roles if ex else {}, config.tz)
    if lab is not None:
        ex = from_labels(lab, ex, config.tz, page=text, listed=dropped)
    if ex is None:
        why = _no_article(normal, source)
        if why is not None:
            raise SeedError(why)
        return _Read(lines, _boilerplate_draft(lines, source), lab, draft=True, written=written)
    return _Read(lines, ex, lab, written=written)


def _language(read: _Read, config: Config) -> str:
    ex = read.ex
    body_text = "\n".join(ex.body)
    return language.detect(ex.summary + "\n" + body_text, language.page_marker(list(ex.lines)),
                           config.site.language)


def _finish(read: _Read, lang: str, source: str, config: Config, saved: datetime | None,
            tag_candidates: list | None) -> ConvertedArticle:
    ex, lab, lines = read.ex, read.lab, read.lines
    date, counted = _stated_date(lab, ex.date, lang, saved, config)
    tags = extract_tags(ex.title, ex.summary, list(ex.body), max_tags=config.convert.max_tags,
                        aliases=dict(config.convert.tag_aliases), stop=tuple(config.convert.stop_tags),
                        language=lang, page=[ln.text for ln in lines], authors=tuple(ex.authors),
                        candidates=tag_candidates)
    return ConvertedArticle(source=source, title=ex.title, summary=ex.summary, authors=ex.authors,
                            date=date, language=lang, tags=tuple(tags),
                            paragraphs=_no_break_spaces(ex.body, read.written),
                            dropped=ex.dropped,
                            warnings=ex.warnings or consent_page(ex.title, ex.body, ex.lines) or short_body(ex.body),
                            section=seed_section(ex.lines, ex.title, config), left_out=ex.left_out,
                            draft=read.draft, date_counted=counted)


SHORT_BODY = 100  # characters: of folds 1-3's 212 pages only a paywall's (62) is under it; the next, 111, is warned of already


def short_body(paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    """A warning for a body too short to be an article: a paywall, teaser or consent page converts
    to a headline over one line of its form ("Your email address is already registered")."""
    chars = sum(len(p) for p in paragraphs)
    if chars >= SHORT_BODY:
        return ()
    return (f"the body is only {chars} characters: a paywall, teaser or consent page? Check the result with "
            "`sitegen convert --report -`, paste the whole article into the seed or delete it",)


# A consent dialog's answers (a news page's footer links 'Manage cookies', 'Privacy settings' too)
_CONSENT_BUTTONS = re.compile(r"\b(?:accept all|reject all|alle akzeptieren|alle ablehnen|tout accepter|"
                              r"tout refuser|aceptar todo|rechazar todo)\b", re.I)
# A cookie-consent dialog's words (a closed class: the few phrases such dialogs use), by kind.
# Copied alone, the dialog converted into a published story of its one paragraph, unwarned
# (over 100 characters, the short-body warning missed it).
_CONSENT_WORDS = (
    re.compile(r"\bcookies?\b", re.I),
    re.compile(r"\b(?:consent|einwilligung|zustimmung|consentement|consentimiento|consenso|toestemming)", re.I),
    re.compile(r"\b(?:our|\d+) partners\b|\bpartner(?:n|s)?\b.{0,40}\b(?:speichern|store|access)"
               r"|\bnos partenaires\b|\bsocios\b", re.I),
    re.compile(r"\b(?:personal data|personenbezogene|données personnelles|datos personales|dati personali)"
               r"|\b(?:unique )?identifiers\b|\bpersonali[sz]ed (?:ads|advertising)\b", re.I),
    re.compile(r"\b(?:accept all|reject all|manage (?:options|preferences|cookies)|privacy settings|"
               r"alle akzeptieren|alle ablehnen|tout accepter|tout refuser|aceptar todo|rechazar todo)\b", re.I),
)
CONSENT_BODY = 1500   # characters: a consent dialog's text; a story about cookies is longer
# How a dialog tells itself from a news story in its words (a brief on a GDPR fine has all
# their kinds): it speaks as the site to the reader ('We and our partners ... your device'), or
# its accept/reject buttons stand as lines of their own.
_CONSENT_WE = re.compile(r"\b(?:we|our|us|wir|unser(?:e[mnrs]?)?|nous|nos|notre|nosotros|nuestr[oa]s?|"
                         r"utilizamos|usamos)\b", re.I)
_CONSENT_YOU = re.compile(r"\b(?:you|your|vous|votre|vos|usted|tu|tus)\b", re.I)
_CONSENT_SIE = re.compile(r"(?<=[a-zäöüß,] )(?:Sie|Ihre[mnrs]?|Ihr|Ihnen)\b")   # mid-sentence: not 'they'


def consent_page(title: str, paragraphs: tuple[str, ...], lines: tuple[str, ...] = ()) -> tuple[str, ...]:
    """A warning for a short body in a consent dialog's words (three kinds of them or more) that
    addresses the reader as the site, or whose seed holds a button line: the page's banner was
    copied, not its story. `lines`: the seed's lines (the buttons, dropped from the body)."""
    if sum(len(p) for p in paragraphs) >= CONSENT_BODY:
        return ()
    text = "\n".join((title, *paragraphs))
    if sum(1 for words in _CONSENT_WORDS if words.search(text)) < 3:
        return ()
    button = any(len(line) < 40 and _CONSENT_BUTTONS.search(line) for line in (*paragraphs, *lines))
    address = _CONSENT_WE.search(text) and (_CONSENT_YOU.search(text) or _CONSENT_SIE.search(text))
    if not (button or address):
        return ()
    return ("the body reads like a cookie-consent dialog, not a story: the page's banner was copied, not its "
            "article? Paste the article's text into the seed, or delete the seed",)


def _stated_date(lab, fallback: datetime | None, lang: str, saved: datetime | None,
                 config: Config) -> tuple[date | datetime | None, str]:
    """The date on the model's most confident date line that states one, else the rules' date,
    and the line it was counted back from `saved` by ("" if not: the writer keeps such a day while
    the line stays the same). A date with no time of day stays a `date` (the rules' fallback: a
    midnight time counts as none)."""
    for ln in date_lines(lab) if lab is not None else []:
        found = stated_when(ln.text, language=lang, saved=saved, tz=config.tz)
        if found is not None:
            return found[0], ln.text.strip() if found[1] else ""
    if fallback is None and lab is not None:
        fallback = _date_near_title(lab, config)
    if fallback is None and lab is not None and saved is not None:
        found = _relative_under_title(lab, lang, saved, config)
        if found is not None:
            return found
    if fallback is not None and (fallback.hour, fallback.minute, fallback.second) == (0, 0, 0):
        return fallback.date(), ""
    return fallback, ""


RELATIVE_REACH = 8     # lines under the headline where a date line of the page's own may stand
RELATIVE_WORDS = 6     # words a date line may have ('Published 1 day ago', 'vor 2 Stunden')
# A reading time ('4 Min Read', 'Lesezeit: 3 Min.'), which dateparser reads as minutes ago: a closed class.
_READING_TIME = re.compile(r"\b(?:read|reading time|lesezeit|lesedauer|lecture|lectura|leitura|tempo di lettura)\b", re.I)


# A past relative date says so: "2 hours ago", "vor 2 Stunden", "há 3 dias", "3 дня назад" (the page's
# language's words, dates.past_marker), or it is led by its label ("Published 1 day ago"). Without the
# marker dateparser reads a series line ("10 days in Kyiv"), a countdown ("6 days to go") or a span
# ("Last 7 days") as a date.
_PAST_LABEL = re.compile(r"^(?:published|updated|posted)\b", re.I)
# A clip's running time ('Watch: 2 min', '7 min listen'): a duration, whatever dateparser makes of it.
_MEDIA_TIME = re.compile(r"\b(?:listen|watch)\b", re.I)


def _relative_under_title(lab, lang: str, saved: datetime, config: Config) -> tuple[date | datetime, str] | None:
    """No date found by the regex forms: a short line between the headline and the body that
    dateparser reads ('2 hours ago', '1 day ago': the labeller calls them other, and README's
    promise that they are counted from the seed's mtime was not kept), resolved against `saved`."""
    t = lab.headline
    for k in range(t + 1, min(len(lab.lines), t + 1 + RELATIVE_REACH)):
        ln = lab.lines[k]
        if lab.labels[k] == "body":
            break
        if ln.words <= RELATIVE_WORDS and not ln.pattern:
            found = _relative_when(ln.text, lang, saved, config)
            if found is not None:
                return found[0], ln.text.strip() if found[1] else ""
    return None


def relative_date(text: str, lang: str, saved: datetime, config: Config) -> date | datetime | None:
    """The day a past relative date line ('2 hours ago') gives, counted back from `saved`; None for
    a line without the past marker, a reading or running time, or a day after `saved`."""
    found = _relative_when(text, lang, saved, config)
    return found[0] if found is not None else None


def _relative_when(text: str, lang: str, saved: datetime, config: Config) -> tuple[date | datetime, bool] | None:
    """relative_date's date and whether it was counted back from `saved` (dates.stated_when)."""
    if not (_PAST_LABEL.search(text) or past_marker(lang).search(text)) or _READING_TIME.search(text) \
            or _MEDIA_TIME.search(text):
        return None
    found = stated_when(text, language=lang, saved=saved, tz=config.tz)
    if found is None:
        return None
    latest = saved if isinstance(found[0], datetime) else saved.astimezone(config.tz).date()
    return found if found[0] <= latest else None


def _date_near_title(lab, config: Config) -> datetime | None:
    """No date line recognised: the date stated nearest the headline (within 20 lines, above
    first on a tie), rather than one in a card, a widget or the footer."""
    t = lab.headline
    for d in range(1, 21):
        for k in (t - d, t + d):
            if 0 <= k < len(lab.lines):
                ln = lab.lines[k]
                found = find_date(ln.text, config.tz) if ln.words <= 30 else dateline_date(ln.text, config.tz)
                if found is not None:
                    return found
    return None

