"""Split copied page text into lines and decide, from their shape, which are the article.

A page copied as text is one line per block (paragraph, menu item, button, caption). Each line
gets a few shape features (length, sentence punctuation, share of lower-case words, bullet or
link-list look, repetition on the page, a small configurable pattern list) and a value: prose is
worth its length, everything else costs a little. The article body is the densest run of prose,
found as the maximum-sum run of line values, so isolated short lines between paragraphs
(sub-headings, a caption) are bridged while menus, teaser lists and footers end the run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .bylines import names_in
from .dates import find_date

# (A German date is not a numbered item: "19. Oktober 2019", "28. Jan. 2022", "18. 05. 2014".)
BULLET = re.compile(r"^(?:[•·▪●◦‣∙*>»›\-–—]|\d{1,2}[.)](?![\s\u2009]+(?:[^\W\d_]{3,}\.?,?\s+|\d{1,2}\.\s?)(?:19|20)\d\d))\s+")
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*", re.U)
# The same matches, each giving its first character: what _shape reads of a word (its count and
# case), without a list of the words and a Python loop taking each one's first character.
_WORD_FIRST = re.compile(r"([^\W_])[^\W_]*(?:['’.\-][^\W_]+)*", re.U)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_URL_TAIL = re.compile(r"(?:\s+\S*(?:https?://|www\.|\.com/|pic\.twitter)\S*)+$")
_HAS_URL = re.compile(r"https?://|www\.|\.com/|pic\.twitter")
_SENT_CLOSERS = "\"'”’»)]"
# (The punctuation before its lookbehind: the scan then stops only at [.!?], 1.6x faster.)
_SENT_INNER = re.compile(r"(?:[.!?](?<=[a-zà-öø-ÿа-я]{2}[.!?])|[。！？])[\"'”’»)]*\s+\S")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?。！？])\s+")
_CREDIT_TAIL = re.compile(
    r"[(\[](?:[^()\[\]]*/[^()\[\]]*|\s*(?:photo|foto|bild|image|picture|credit|crédito|crédit|file|"
    r"archive|source|fuente|quelle|getty|ap|afp|reuters|epa|pa)\b[^()\[\]]*)[)\]]\.?$", re.I)
_CREDIT_END = re.compile(r"\b(?:photo(?:graph)?s?|foto|bild|image|picture|credit|crédito|crédit)"
                         r"(?:\s+by|\s*:)\s*[^.]{2,80}$", re.I)
_CREDIT_HEAD = re.compile(r"^(?:photo(?:graph)?s?|foto|bild|image|picture|credit|crédito|crédit)"
                          r"(?:\s+by|\s*:)", re.I)

# Copyright and legal notices, whatever their length.
_NOTICE = re.compile(r"^(?:copyright\b|©|ⓒ|\(c\)\s|all rights reserved)", re.I)

# Built-in patterns for what shape alone cannot tell: prompts and labels every site uses.
# Matched against short lines only (a whole paragraph mentioning "newsletter" stays).
DEFAULT_BOILERPLATE = (
    r"^(?:share|share this(?: story| article)?|tweet|email|print|comments?|reply|menu|search|close|"
    r"log ?in|log ?out|sign ?in|sign ?up|subscribe(?: now)?|register|advertisement|advertising|"
    r"sponsored(?: content)?|ad|ads|skip to (?:main )?content|back to top|read more|more|see more|"
    r"load more|show more|related(?: articles| stories| coverage| content| posts| links| internet links)?|"
    r"(?:most )?(?:popular|read|viewed|shared)|trending(?: now)?|more (?:stories|from .{0,40}|in .{0,40})|"
    r"recommended(?: for you)?|you may also like|you might also like|on now|live|watch|video|"
    r"follow us(?: on)?|newsletters?|cookie (?:policy|settings|preferences)|privacy(?: policy)?|"
    r"terms(?: of (?:use|service))?|contact(?: us)?|about(?: us)?|copyright|all rights reserved|"
    r"partager|compartir|compartilhar|teilen|condividi|udostępnij|publicité|anzeige|werbung|publicidad|"
    r"lire aussi|lire la suite|leia também|leia mais|lee también|mehr zum thema|weiterlesen|"
    r"czytaj (?:też|także|więcej)|poniżej dalsza część artykułu|jetzt abonnieren)\s*[:.!»›>…]*$",
    r"(?i)\b(?:cookies?|newsletter|subscribe|sign up|sign-up|log in|privacy policy|terms of (?:use|service)|"
    r"all rights reserved|copyright|©|ⓒ|javascript|ad ?blocker|opens in (?:a )?new window|click here|"
    r"(?:advertising|affiliate) (?:disclosure|disclaimer)|affiliate links?|may (?:earn|receive) (?:a )?(?:commission|compensation)|"
    r"advertisements?|(?:story|article|text) continues|continues (?:below|after)|weiter nach der anzeige|"
    r"la suite après|sigue leyendo|continúa (?:leyendo|después)|continua após|"
    r"join the conversation|comments? section|leave a comment|post a comment|moderat\w* (?:all )?comments|"
    r"follow us|download (?:the|our) app|get the app|news alerts|your inbox|delivered (?:weekday|daily|every)|abonnez|abonnieren|suscríbete|assine|"
    r"alle rechte vorbehalten|tous droits réservés|todos los derechos|무단전재|재배포 금지|版权所有)",
    r"(?i)^(?:read (?:more|also|next)|see also|related|more|also read|watch|listen|factbox|explainer|"
    r"lire aussi|voir aussi|leia (?:mais|também)|lea también|lesen sie auch|mehr zum thema|czytaj|"
    r"dowiedz się więcej|learn more|find out more|en savoir plus|saiba mais|más información)\s*[:|›»>]",
    r"(?i)^(?:slideshow|gallery|photos?|video|audio|podcast)\s*[(:]",
    r"^(?:\S+\s+){0,3}\|\s*$",       # "Politics |" section labels
    r"(?i)\b\d+\s+min(?:ute)?s?\s+read\b",
    r"(?i)^\d+\s+comments?$|^new,\s*\d+\s+comments?$",
    r"^\S*(?:@|https?://|www\.)\S*$",
)

# A social-media promo ('Follow BBC Nottingham on Facebook, X, or Instagram.'), matched on the line as
# written: "Follow", then "us" or a name of 1-5 words (checked capitalised in _social_promo), "on" and
# a list of platforms closing the sentence. "Follow the steps on WhatsApp to turn it on: ..." is prose.
# BBC's current wording names X as "X (formerly Twitter)", and some pages say "on" before each platform
# ("on Facebook, on X, and on Instagram").
_PLATFORM = r"(?i:facebook|x|twitter|instagram|tiktok|youtube|linkedin|threads|bluesky|whatsapp)(?: \((?i:formerly twitter)\))?"
_SOCIAL_PROMO = re.compile(
    rf"^Follow (?:us|(?P<name>[^\W\d_][\w&'’.-]*(?: [\w&'’.-]+){{0,4}}?)) on {_PLATFORM}"
    rf"(?:(?:,? (?:or|and) |, ?| ?/ ?)(?:on )?{_PLATFORM})*[.!:]?(?=\s|$)")
_ADDRESS = re.compile(r"@|https?://|www\.")


# Its lookaheads scan the rest of the line from every position: test for "cooki" first.
_COOKIE_BANNER = re.compile(
    r"(?=.*\bcooki)(?=.*\b(?:we use|accept|consent|settings|agree|zustimm|akzeptier|verwende|einverstanden|"
    r"utilis|acept|utilizamos|usamos|zgod|akceptuj))")


# Section labels that open what follows an article (related links, most read, comments).
END_LABELS = re.compile(
    r"^(?:related(?: articles| stories| coverage| content| posts| news| reading)?|more (?:stories|news|articles)"
    r"|more (?:from|in|on) .{1,40}|(?:most )?(?:popular|read|viewed|shared)(?: now| today)?|"
    r"you (?:may|might) (?:also )?like|recommended(?: for you)?|trending(?: now)?|read next|"
    r"see also|also read|\d*\s*comments?|leave a (?:reply|comment)|lire aussi|à lire aussi|voir aussi|"
    r"sur le même sujet|leia também|leia mais|veja também|lee también|más noticias|te puede interesar|"
    r"mehr zum thema|weitere artikel|das könnte sie auch interessieren|meistgelesen.*|czytaj (?:też|także)|"
    r"zobacz (?:też|także)|polecane|관련\s?기사|많이 본.*|相关(?:新闻|阅读)|热门.*)\s*[:.!»›>…]*$", re.I)


@dataclass
class Line:
    index: int                 # 0-based line number in the seed
    raw: str                   # stripped line as in the seed
    text: str                  # without a leading bullet
    bullet: bool
    words: int                 # words (CJK: characters / 2)
    chars: int
    lower_ratio: float         # share of words that start lower-case (1.0 for scripts without case)
    ends_sentence: bool
    sentences: int
    dup: int = 1               # times this text occurs on the page
    pattern: bool = False      # matches the boilerplate list (short lines only)
    prose: bool = False
    value: float = 0.0
    reason: str = ""           # why dropped, when dropped
    cache: dict = field(default_factory=dict)   # per-line memo for the extractor


def shouting(text: str) -> bool:
    """ALL CAPS text (in a script with capitals): teaser links, not sentences."""
    if not text.isupper():
        return False
    letters = [ch for ch in text if ch.isalpha()]
    cased = sum(1 for ch in letters if ch.isupper() or ch.islower())
    return bool(letters) and cased >= 0.8 * len(letters) and text.isupper()


# ASCII bytes that are not letters or digits: what norm_key drops from an ASCII line.
_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())


def norm_key(text: str) -> str:
    # Keeps what `[\W_]` does not match: str.isalnum is re's Unicode \w less "_" (checked on every
    # code point), 20% faster than the regex substitution. An ASCII line (two in three) is
    # lower-cased (its casefold) and filtered as bytes in one C call, 40% faster again.
    if text.isascii():
        return text.lower().encode().translate(None, _ASCII_NOT_ALNUM).decode()
    return "".join(filter(str.isalnum, text.casefold()))


def _ends_sentence(text: str) -> bool:
    """Sentence punctuation, then only closing quotes or brackets; or a closing quote. (What a
    regex search anchored at `$` tested, 5x faster: lines hold no newline.)"""
    core = text.rstrip(_SENT_CLOSERS)
    return bool(core) and core[-1] in ".!?。！？…" or bool(text) and text[-1] in "\"”»"


def make_line(index: int, raw: str) -> Line:
    text, bullet, n_words, lower_ratio, ends, sentences = _shape(raw)
    return Line(index=index, raw=raw, text=text, bullet=bullet, words=n_words, chars=len(text),
                lower_ratio=lower_ratio, ends_sentence=ends, sentences=sentences)


def marked(ln: Line) -> bool:
    """Whether the line opens with a list marker: a bullet, or a dash or star (which `bullet`, a
    feature the labeller was trained on, leaves out: dashes also open dialogue and datelines)."""
    return ln.bullet or ln.raw[:1] in "-–—*" and ln.text != ln.raw


def table_cells(text: str) -> list[str]:
    """A table row's cells ('Madrid | 12.300 | -2,1 %', '| a | b |'), or [] if the text is no row
    (no '|', or an empty cell: a menu's trailing separator)."""
    cells = text.strip("| ").split("|")
    return [c.strip() for c in cells] if len(cells) >= 2 and all(c.strip() for c in cells) else []


# A line's shape is a function of its text alone: cached across the pages of a run, as the
# names and dates below (a third of the dev corpus's lines occur on an earlier page).
@lru_cache(maxsize=16384)
def _shape(raw: str) -> tuple[str, bool, int, float, bool, int]:
    m = BULLET.match(raw)
    text = raw[m.end():].strip() if m else raw
    firsts = _WORD_FIRST.findall(text)       # (each word's first character)
    cjk = 0 if text.isascii() else len(_CJK.findall(text))
    n_words = len(firsts) + cjk // 2 if cjk else len(firsts)
    lower = sum(map(str.islower, firsts))
    cased = lower + sum(map(str.isupper, firsts))
    lower_ratio = lower / cased if cased else 1.0
    if cjk > 10:
        lower_ratio = max(lower_ratio, 0.8)
    return (text, bool(m and raw[0] not in "-–—*"), n_words, lower_ratio,
            _ends_sentence(_URL_TAIL.sub("", text) if _HAS_URL.search(text) else text),
            1 + len(_SENT_INNER.findall(text)))


# names_in and find_date are pure functions of the text (and zone): cached across the pages of a
# run, since a site's menus, bylines and footers recur on its every page (22% of the dev corpus's
# lines also occur on another page).
@lru_cache(maxsize=16384)
def _date_of(text: str, tz):
    return find_date(text, tz)


@lru_cache(maxsize=16384)
def _names_of(text: str) -> tuple[str, ...]:
    return tuple(names_in(text))


def line_date(ln: Line, tz, max_words: int):
    """The date the line states (memoised on the line), or None; longer lines are not date lines."""
    if ln.words > max_words:
        return None
    if "date" not in ln.cache:
        ln.cache["date"] = _date_of(ln.text, tz)
    return ln.cache["date"]


def line_names(ln: Line) -> list[str]:
    """The person names on a byline-shaped line (memoised on the line)."""
    if "names" not in ln.cache:
        ln.cache["names"] = list(_names_of(ln.text))     # (a list of its own per line, as before)
    return ln.cache["names"]


_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")


def content_words(ln: Line) -> frozenset[str]:
    """The line's words of four letters or more, casefolded (what a headline shares with the body).
    Memoised on the line: the rules' headline search and the labeller's features ask for most lines."""
    found = ln.cache.get("content")
    if found is None:
        found = ln.cache["content"] = _content_of(ln.text)
    return found


@lru_cache(maxsize=16384)
def _content_of(text: str) -> frozenset[str]:
    return frozenset(map(str.casefold, _CONTENT_WORD.findall(text)))


def _split_sentences(text: str, key: str) -> list[str]:
    """The keys of the line's sentences of 4 words or more; `key` is the whole line's."""
    parts = _SENTENCE_SPLIT.split(text)
    if len(parts) == 1:                 # one sentence: its key is the line's (most lines)
        return [key] if key and len(text.split()) >= 4 else []
    return [k for part in parts if len(part.split()) >= 4 and (k := norm_key(part))]


def is_caption(line: Line) -> bool:
    """Photo captions and credits: '... [File: Reuters]', '(Photo by X/Getty)', 'Photo: X'.
    (Memoised on the line: the rules and the labeller ask about most lines several times.)"""
    if line.words > 70:
        return False
    found = line.cache.get("caption")
    if found is None:
        found = line.cache["caption"] = _caption_text(line.text)
    return found


@lru_cache(maxsize=16384)
def _caption_text(text: str) -> bool:
    # (Each search only where it can match: a credit in brackets closes the line, and a
    # "Photo: ..." or "Photo by ..." credit has its colon or its "by"; re.I matches no other
    # code point to "b" or "y", so the lower-cased line shows every "by" the pattern sees.)
    return bool(
        text.endswith((")", "]", ").", "].")) and _CREDIT_TAIL.search(text) or _CREDIT_HEAD.match(text)
        or (":" in text or "by" in text.lower()) and _CREDIT_END.search(text))


def default_patterns() -> list[re.Pattern]:
    """DEFAULT_BOILERPLATE compiled for lower-cased lines (a case-sensitive pattern is several
    times faster): one list for the process, so that `classify` knows them by identity."""
    return _DEFAULT_PATTERNS


_DEFAULT_PATTERNS = [re.compile(p.removeprefix("(?i)")) for p in DEFAULT_BOILERPLATE]


def _matches_defaults(ln: Line, patterns: list[re.Pattern]) -> bool:
    """DEFAULT_BOILERPLATE (compiled case-sensitive, matched on the lower-cased line), in order,
    each tried only where it can match: this is the hot loop. With the default list (no other
    is ever passed but in tests), cached by the line's text across the pages of a run."""
    if patterns is _DEFAULT_PATTERNS:
        return _default_match(ln.text, ln.words)
    return _match_text(ln.text, ln.words, patterns)


@lru_cache(maxsize=16384)
def _default_match(text: str, words: int) -> bool:
    return _match_text(text, words, _DEFAULT_PATTERNS)


def _match_text(text: str, words: int, patterns: list[re.Pattern]) -> bool:
    low = text.lower()
    if len(patterns) != len(DEFAULT_BOILERPLATE):
        return any(p.search(low) for p in patterns)
    if words <= 8 and patterns[0].search(low):
        return True
    if text.startswith("Follow ") and _social_promo(text, words):
        return True
    if words > 14:
        # A paragraph that mentions "newsletter" or "sign up" mid-sentence is prose; one that
        # opens with the prompt ("Sign up for our ...") or a cookie banner (a closed set) is not.
        return bool(patterns[1].match(low) or "cooki" in low and _COOKIE_BANNER.search(low))
    if patterns[1].search(low):
        return True
    if any(ch in low for ch in ":|›»>") and patterns[2].search(low):
        return True
    if ("(" in low or ":" in low) and patterns[3].search(low):
        return True
    if low.endswith("|") and patterns[4].search(low):
        return True
    if "min" in low and patterns[5].search(low):
        return True
    if "comment" in low and patterns[6].search(low):
        return True
    return words <= 3 and ("@" in low or "http" in low or "www." in low) and bool(patterns[7].search(low))


def _social_promo(text: str, words: int) -> bool:
    """Whether the line opens with a social-media promo and says nothing else but where to send
    a story ("Send your story ideas to eastmidsnews@bbc.co.uk."): one short sentence with an address
    after it, never a colon clause or a second sentence of prose."""
    m = _SOCIAL_PROMO.match(text)
    if not m or m["name"] and not all(w[0].isupper() or w[0] == "&" for w in m["name"].split()):
        return False
    tail = text[m.end():].strip()
    if not tail:
        return True
    return words <= 25 and bool(_ADDRESS.search(tail)) and not re.search(r"[.!?:]\s", tail)


# The label a page sets on a line of its own before a picture's caption or credit (BBC: 'Image
# caption,' / CAPTION, 'Image source,' / CREDIT): a closed class of interface words.
_CAPTION_LABEL = re.compile(r"^(?:image|media|video|photo|picture) (?:caption|source|credit)\s*[,:]?$", re.I)


def _mark_labelled_captions(lines: list[Line]) -> None:
    """The line under a caption label is a caption (see is_caption), whatever its shape: a BBC
    caption ('The new line will run along Carlton Road') was taken for the headline."""
    for above, ln in zip(lines, lines[1:]):
        if above.words <= 3 and _CAPTION_LABEL.match(above.text):
            above.cache["caption"] = ln.cache["caption"] = ln.cache["labelled caption"] = True


def labelled_caption(ln: Line) -> bool:
    """Whether the line is under a caption label ('Image caption,'): never the headline."""
    return ln.cache.get("labelled caption", False)


# A line's key and its sentences' keys are a function of its text: cached across the pages of a run,
# as its shape is (a third of the dev corpus's lines occur on an earlier page).
@lru_cache(maxsize=16384)
def _keys_of(text: str, words: int) -> tuple[str, tuple[str, ...]]:
    key = norm_key(text)
    return key, tuple(_split_sentences(text, key)) if 4 <= words <= 120 else ()


def classify(lines: list[Line], patterns: list[re.Pattern], always: list[re.Pattern] = ()) -> None:
    """Set shape features and values. `patterns` apply to short lines, `always` to any line."""
    _mark_labelled_captions(lines)
    counts: dict[str, int] = {}
    sentence_counts: dict[str, int] = {}
    for ln in lines:
        key, sents = _keys_of(ln.text, ln.words)
        ln.cache["key"], ln.cache["sentences"] = key, sents
        counts[key] = counts.get(key, 0) + 1
        for sent in set(sents):
            sentence_counts[sent] = sentence_counts.get(sent, 0) + 1
    for ln in lines:
        ln.dup = counts[ln.cache["key"]]
        short = ln.words <= 14
        ln.pattern = bool(always) and any(p.search(ln.text) or p.search(ln.raw) for p in always) or bool(
            _NOTICE.match(ln.text)) or ((short or ln.sentences <= 3 and ln.words <= 45)
                                        and _matches_defaults(ln, patterns))
        long_enough = ln.words >= 8 or (ln.words >= 5 and ln.sentences >= 2)
        lead_in = ln.text.endswith((",", ":", ";")) and ln.words >= 6 and ln.lower_ratio >= 0.5
        sentence_like = ln.ends_sentence or ln.words >= 25 or lead_in
        ln.prose = long_enough and sentence_like and ln.lower_ratio >= 0.3 and not ln.pattern
        if ln.prose and ln.words < 25 and (ln.dup > 1 or any(
                sentence_counts.get(x, 0) > 1 for x in ln.cache["sentences"])):
            ln.prose = False                  # repeated teaser or prompt
        if ln.prose and ln.words >= 7 and shouting(ln.text):
            ln.prose = False
        if ln.prose and ln.words < 25 and ln.text.endswith(("…", "..")):
            ln.prose = False                  # a truncated teaser
        if ln.prose and is_caption(ln):
            ln.prose = False
        if ln.prose:
            ln.value = 1.0 + min(ln.chars, 600) / 120
            if ln.bullet and ln.words < 15:
                ln.value = 0.3
        elif ln.pattern:
            ln.value = -0.7
        elif ln.bullet:
            ln.value = -1.0
        elif (ln.words >= 3 and ln.text[-1:] in ".!?。" and ln.lower_ratio >= 0.5 and ln.dup == 1
              and not is_caption(ln)):
            ln.value = 0.1                    # a short sentence: tabloid paragraphs are like this
        elif ln.words <= 2:
            ln.value = -0.8
        else:
            ln.value = -0.6 - (0.4 if ln.dup > 1 else 0.0)


def densest_run(lines: list[Line]) -> tuple[int, int]:
    """(first, last) positions in `lines` of the maximum-sum run of values."""
    best, best_span = float("-inf"), (0, -1)
    cur, start = 0.0, 0
    for i, ln in enumerate(lines):
        if cur <= 0:
            cur, start = ln.value, i
        else:
            cur += ln.value
        if cur > best:
            best, best_span = cur, (start, i)
    return best_span
