"""From seed text to article parts: headline, standfirst, byline, date, body, and what was dropped.

Pure: no disk, no clock. Positions below are indexes into the list of non-empty lines.
"""
from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Container
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain
from datetime import date as Day, datetime, tzinfo

from . import bylines
from .blocks import (_CJK, _HAS_URL, _URL_TAIL, END_LABELS, Line, classify, content_words, densest_run, is_caption,
                     line_date, line_names, make_line, marked, norm_key, shouting, table_cells)
from .dates import _MONTHS, PUBLISHED, UPDATED, find_date
from .given_names import is_given_name, opens_with_given_name
from .labeller import Labelled, date_lines

_CREDITS_END = re.compile(r"(?i)^\(?(?:additional )?(?:reporting|writing|editing|compiled|translated|"
                          r"contributing|with reporting)\b.*\bby\b|^\((?:reporting|writing|editing)\b")
_LABELLED_TEASER = re.compile(r"^[^:.!?]{2,30}:\s+\S.{5,}[^.!?:,;)\"”»]$")
_TRUNCATED = re.compile(r"(?:…|\.\.\.)$")
_RIGHTS = re.compile(r"(?i)©|ⓒ|\(c\)|copyright|저작권|版权")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_EMAIL = re.compile(r"\S@[\w-]+\.\w")
_HIDDEN_EMAIL = "[email protected]"     # an address as a protected page shows it
_CREDIT_MARK = re.compile(r"[©ⓒ]")          # a photo's credit (a caption's), not a sentence's
_BRACKETED = re.compile(r"^[\[(][^\[\]()]{1,80}[\])]$")
# What opens a page's reader comments: the comment form's prompt or its e-mail notice, or a count
# heading the thread ("11 Antworten zu “Title”", "5 Comments"). Nothing of the article follows.
_COMMENTS_OPEN = re.compile(
    r"(?i)(?:^|\|\s*)(?:leave a (?:reply|comment)|post a comment|add a comment|join the discussion|"
    r"(?:schreibe|schreiben sie) einen kommentar|hinterlasse(?:n sie)? eine?n? (?:antwort|kommentar)|"
    r"(?:neuen )?kommentar (?:verfassen|schreiben|hinterlassen|hinzufügen)|laisser un commentaire|"
    r"deja (?:un|tu) comentario|deixe (?:um|seu) comentário|(?:leser)?kommentare|(?:reader )?comments|"
    r"commentaires|comentarios|comentários|so können sie kommentieren)\s*[:.!]*$|"
    r"^(?:your email address will not be published|(?:deine|ihre) e-mail-adresse wird nicht veröffentlicht)|"
    r"^\d+\s+(?:comments?|responses?|replies|kommentare?|antworten|commentaires?|comentarios?)"
    r"(?:\s+(?:to|on|zu|auf|sur|en)\s+\S.*)?\s*[:.]?$")


@dataclass(frozen=True)
class Extraction:
    title: str
    summary: str
    authors: tuple[str, ...]
    date: datetime | None
    body: tuple[str, ...]
    dropped: tuple[tuple[int, str, str], ...]   # (1-based line number, text, reason)
    lines: tuple[str, ...]                      # every non-empty line (for language markers)
    roles: dict[int, str]                       # 0-based seed line -> what the rules made of it
    warnings: tuple[str, ...] = ()
    left_out: tuple[tuple[int, str], ...] = ()  # (1-based line, text) read like the story's, dropped unsure


def split_lines(text: str) -> list[Line]:
    raw = [ln.strip() for ln in text.split("\n")]
    out: list[Line] = []
    i = 0
    while i < len(raw):
        s = raw[i]
        if s:
            # A drop capital copied on its own line: "T" / "urkey, Poland and ..." -> one line.
            if len(s) == 1 and s.isalpha() and s.isupper():
                j = i + 1
                while j < len(raw) and not raw[j]:
                    j += 1
                if j < len(raw) and raw[j][:1].islower():
                    out.append(make_line(i, s + raw[j]))
                    i = j + 1
                    continue
            out.append(make_line(i, s))
        i += 1
    return out


def _is_dateline(ln: Line, tz: tzinfo) -> bool:
    return line_date(ln, tz, 16) is not None


_names = line_names


def _title_shaped(ln: Line, tz: tzinfo) -> bool:
    return (3 <= ln.words <= 25 and not ln.ends_sentence and not ln.bullet
            and not _is_dateline(ln, tz) and not _names(ln) and not is_caption(ln))


def _title_score(lines: list[Line], p: int, start: int, tz: tzinfo, body_words: set[str],
                 plain_after: int | None = None) -> float | None:
    """`plain_after`: how many lines between p and start are neither bullets nor boilerplate
    (counted here when not given; find_title counts them once for all its candidates)."""
    ln = lines[p]
    if not _may_be_title(ln, tz):
        return None
    if plain_after is None:
        plain_after = sum(1 for q in range(p + 1, start) if not (lines[q].bullet or lines[q].pattern))
    # (Each step takes the score and returns it: the sums are made in the same order as ever.)
    score = _own_shape_score(ln, plain_after)
    after = _header_block(lines, p)
    score = _score_by_lines_above(score, lines, p, tz)
    score = _score_by_lines_below(score, ln, p == start, after, tz)
    score = _teaser_list_score(score, lines, p, after, tz)
    # The headline is about what the body is about.
    words = content_words(ln)
    if words and body_words and not ln.prose:   # (a sentence always shares words with the body)
        score += 1.5 * len(words & body_words) / len(words)
    return score


def _may_be_title(ln: Line, tz: tzinfo) -> bool:
    if ln.pattern or ln.words < 3 or ln.words > 40 or _TRUNCATED.search(ln.text):
        return False
    if ln.sentences >= 3 or is_caption(ln) or _is_dateline(ln, tz) or _names(ln):
        return False
    return not ln.text.endswith((":", "|", ","))


def _own_shape_score(ln: Line, plain_after: int) -> float:
    """The line alone: its length, how far above the body it is, a bullet or a sentence's end."""
    if ln.words <= 3:
        score = 0.5
    elif ln.words <= 6:
        score = 1.8
    elif ln.words <= 16:
        score = 3.0
    elif ln.words <= 25:
        score = 2.6
    else:
        score = 1.5
    score -= min(2.0, 0.1 * plain_after)
    if ln.bullet:
        score -= 1.5
    if ln.text.endswith((".", "!")) and not _CJK.search(ln.text[:20]):
        score -= 1.0 if ln.prose else 0.7
    if ln.prose and ln.words > 25:
        score -= 1.5
    if ln.dup > 1:
        score += 0.4
    return score


def _header_block(lines: list[Line], p: int) -> list[Line]:
    """The header block under the candidate: up to 4 lines, up to the body's prose."""
    after: list[Line] = []
    for q in range(p + 1, min(len(lines), p + 12)):
        if lines[q].pattern or lines[q].bullet:
            continue
        if lines[q].prose and after and any(a.prose for a in after):
            break
        after.append(lines[q])
        if len(after) == 4:
            break
    return after


def _score_by_lines_above(score: float, lines: list[Line], p: int, tz: tzinfo) -> float:
    before = [lines[q] for q in range(max(0, p - 3), p) if not lines[q].pattern][-2:]
    if any(_is_dateline(b, tz) for b in before):
        score += 0.8
    if any(bylines.BY_PREFIX.match(b.text) and _names(b) for b in before):
        score -= 1.5                  # a byline comes after the headline, so this starts the body
    return score


def _score_by_lines_below(score: float, ln: Line, at_start: bool, after: list[Line], tz: tzinfo) -> float:
    """A byline, a name, a dateline or a standfirst under the candidate; `at_start`: it opens the
    run of prose."""
    by_line_below = any(_names(a) and bylines.BY_PREFIX.match(a.text) for a in after)
    if at_start and ln.prose and not by_line_below:
        score -= 2.0 if ln.words >= 12 else 1.5   # the first line of the run of prose: usually the lede
    if by_line_below:
        score += 3.0                  # the byline follows the headline
    elif any(_names(a) for a in after):
        score += 2.0                  # a name alone: likely the byline (or a menu item like it)
    elif any(_is_dateline(a, tz) for a in after):
        score += 2.0
    elif after and (after[0].prose or after[0].words >= 8 and after[0].lower_ratio >= 0.5):
        score += 1.2
    if after and after[0].words > ln.words and _standfirst_ok(after[0], tz):
        score += 0.6                  # a headline, then a longer standfirst
    elif after and after[0].words >= 5 and not after[0].bullet:
        score += 0.5
    return score


def _teaser_list_score(score: float, lines: list[Line], p: int, after: list[Line], tz: tzinfo) -> float:
    """A headline among other headlines is a teaser list."""
    prev = [lines[q] for q in range(p - 1, max(-1, p - 8), -1) if not lines[q].pattern][:2]
    if prev and after and _title_shaped(prev[0], tz) and _title_shaped(after[0], tz):
        score -= 1.5
    elif (len(prev) == 2 and all(_title_shaped(x, tz) for x in prev)) or (
            len(after) >= 2 and all(_title_shaped(x, tz) for x in after[:2])):
        score -= 3.0
    return score


def find_title(lines: list[Line], start: int, end: int, tz: tzinfo) -> int | None:
    body_words = set().union(*(content_words(ln) for ln in lines[start:end + 1]
                               if ln.prose and ln.index != lines[start].index))
    best: tuple[float, int] | None = None
    first = max(0, start - 40)
    # plain[p]: the lines after p and before start that are neither bullets nor boilerplate.
    plain = {}
    count = 0
    for p in range(min(len(lines), start + 1) - 1, first - 1, -1):
        plain[p] = count if p < start else 0
        if p < start and not (lines[p].bullet or lines[p].pattern):
            count += 1
    for p in range(first, min(len(lines), start + 1)):
        if p >= start and lines[p].prose and lines[p].words > 25:
            continue
        s = _title_score(lines, p, start, tz, body_words, plain[p])
        if s is not None and (best is None or s > best[0]):
            best = (s, p)
    if best is None:
        return None
    # "HomeSPORT NEWSBREAKING NEWS: Headline" next to "BREAKING NEWS: Headline": take the clean one.
    t = best[1]
    key = lines[t].text
    for q in range(max(0, t - 3), min(len(lines), t + 4)):
        other = lines[q].text
        if q != t and len(other) >= 0.5 * len(key) and other != key and key.endswith(other) \
                and not lines[q].pattern:
            return q
    return t


def _credit_only(ln: Line) -> bool:
    """'Photograph by X', 'Photo: X/AFP': a credit line, which makes the line above it a caption."""
    return ln.words <= 14 and is_caption(ln) and not ln.ends_sentence


def _closing(ln: Line) -> bool:
    return (ln.ends_sentence and ln.words >= 2 and ln.lower_ratio >= 0.5 and not ln.pattern
            and not ln.bullet and ln.dup == 1 and not is_caption(ln) and ln.text[-1:] in ".!?。")


def _standfirst_ok(ln: Line, tz: tzinfo) -> bool:
    if ln.pattern or ln.bullet or is_caption(ln) or _is_dateline(ln, tz) or _names(ln):
        return False
    return 5 <= ln.words <= 80 and ln.lower_ratio >= 0.3 and not _TRUNCATED.search(ln.text)


def _pick_date(cands: list[Line], tz: tzinfo) -> datetime | None:
    found = []
    for rank, ln in enumerate(cands):
        dt = find_date(ln.text if ln.words <= 25 else ln.text[-40:], tz)
        if dt is None:
            continue
        pri = 0 if PUBLISHED.search(ln.text) else (2 if UPDATED.search(ln.text) else 1)
        found.append((pri, rank, dt))
    return min(found)[2] if found else None


def _header(lines: list[Line], t: int, start: int, tz: tzinfo) -> tuple[int | None, int] | None:
    """(standfirst position or None, first body position) under the headline at `t`."""
    pos = t + 1
    while pos < len(lines) and lines[pos].pattern:
        pos += 1
    summary_pos = pos if pos < len(lines) and _standfirst_ok(lines[pos], tz) else None
    first = (summary_pos if summary_pos is not None else t) + 1
    # Byline or date lines between the headline and the densest run: the body starts after them.
    after_meta = max([q + 1 for q in range(first, min(start, len(lines)))
                      if _is_dateline(lines[q], tz) or bylines.names_in(lines[q].text, require_prefix=True)],
                     default=first)
    body_start = next((q for q in range(after_meta, len(lines)) if lines[q].prose
                       and not is_caption(lines[q]) and not _is_dateline(lines[q], tz)), None)
    if body_start is not None:
        return summary_pos, body_start
    if summary_pos is not None:
        return None, summary_pos         # the only paragraph is the body, not a standfirst
    return None


def _article_end(lines: list[Line], body_start: int, end: int, tz: tzinfo) -> int:
    if end < body_start:
        end = body_start + max(0, densest_run(lines[body_start:])[1])
    # A dated line after the body has started ends the article: teaser cards ("headline /
    # description / author, date") and comments follow. The card's headline and text go too.
    for q in range(body_start + 1, end + 1):
        ln = lines[q]
        if (_is_dateline(ln, tz) and not ln.prose and not UPDATED.match(ln.text)
                and not ln.raw.startswith(("—", "–", "-")) and (ln.words <= 6 or _names(ln))):
            cut = q - 1
            if cut > body_start and _title_shaped(lines[cut - 1], tz) and not lines[cut - 1].prose:
                cut -= 2              # headline + description of a teaser card
            elif cut > body_start and _title_shaped(lines[cut], tz):
                cut -= 1
            if cut >= body_start and any(x.prose for x in lines[body_start:cut + 1]):
                end = cut
            break
    # "Related", "Most read", "Comments": when no two paragraphs in a row follow, the article is over.
    for q in range(body_start + 2, end + 1):
        if lines[q].words <= 6 and END_LABELS.match(lines[q].text):
            after = lines[q + 1:q + 8]
            if not any(a.prose and b.prose for a, b in zip(after, after[1:])):
                end = q - 1
                break
    # Credits lines and short closing sentences right after the last paragraph belong to the article.
    while end + 1 < len(lines) and (_CREDITS_END.search(lines[end + 1].text) or _closing(lines[end + 1])):
        end += 1
    return end


def _sign_off(ln: Line) -> bool:
    """An article's closing credits: author name or contact, '[Photo: X]', '(Reporting by X)'."""
    return ln.words <= 14 and not ln.bullet and not ln.pattern and bool(
        _EMAIL.search(ln.text) or _BRACKETED.match(ln.text) or _CREDITS_END.search(ln.text)
        or is_caption(ln) or _names(ln))


def _rights_line(lines: list[Line], end: int) -> int | None:
    """The article's own rights line: a copyright notice closing its sign-off ('(Reporting by X)',
    then '© Reuters'; 'Author email', '[Photo: X]', then '저작권자 ⓒ ...'). It is published with
    the article, so kept. A notice straight after the last paragraph, or after a menu, is the
    site's footer, and so is a dated one ('© 2020 CBS Interactive Inc.'), wherever it stands."""
    signed = _CREDITS_END.search(lines[end].text) is not None
    for q in range(end + 1, min(len(lines), end + 5)):
        ln = lines[q]
        if _RIGHTS.search(ln.text) and ln.words <= 40 and not ln.bullet:
            return q if signed and not _YEAR.search(ln.text) else None
        if not _sign_off(ln):
            return None
        signed = True
    return None


_LOWER_WORD = re.compile(r"(?<![\w-])[^\W\d_A-ZÀ-ÖØ-Þ][^\W\d_]+")


class PageWords:
    """Words the page itself writes in lower case ('weniger', 'nach', 'star'), for `in` tests.
    Read from the page's lines at the first test: most pages ask only when a bare name is found."""
    __slots__ = ("_lines", "_words")

    def __init__(self, lines: list[Line]):
        self._lines = lines
        self._words: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            self._words = frozenset(chain.from_iterable(map(_lower_words, self._lines)))
        return word in self._words


def page_words(lines: list[Line]) -> PageWords:
    """Words the page itself writes in lower case ('weniger', 'nach', 'star')."""
    return PageWords(lines)


def _lower_words(ln: Line) -> list[str]:
    # Memoised on the line: the rules and the labeller's reading each ask for the whole page.
    found = ln.cache.get("lower_words")
    if found is None:
        found = ln.cache["lower_words"] = _lower_words_of(ln.text)
    return found


@lru_cache(maxsize=16384)
def _lower_words_of(text: str) -> tuple[str, ...]:
    """(Cached by text across the pages of a run: a third of the corpus's lines recur.)"""
    return tuple(_LOWER_WORD.findall(text))


def bare_names(ln: Line, lower: Container[str], given: bool = False, wide: bool = True,
               author: bool = False) -> list[str]:
    """The names of a line; without 'By' before them, only names whose first word the page never
    writes as an ordinary word: 'Weniger Werbung', 'Nach Oben', 'Star Struck' are the page's
    chrome, not its author (a name is not a word of the page's own text). `given`: and only names
    that open with a known given name ('Meistdiskutierte Artikel', 'Technischer Support' do not;
    `wide`: in the wider list, see given_names). `author`: the line read as the author's searches
    read it (bylines.author_line_names), not as the labeller's features."""
    names = list(bylines.author_line_names(ln.text)) if author else _names(ln)
    if bylines.BY_PREFIX.match(ln.text):
        return names
    return [n for n in names if n.split()[0].lower() not in lower and (not given or opens_with_given_name(n, wide))]


def _button(name: str) -> bool:
    """'Link Kopieren', 'Artikel Teilen': an interface verb, not a surname."""
    return bool(bylines.INTERFACE.intersection(name.casefold().split()))


def _credit(ln: Line) -> bool:
    """'Birgit Kelle (Bild: Facebook)', 'dpa/Jan Woitas', '© NAME': a photo credit, not a byline
    ('von NAME  Foto: © GEPA' opens with the by-marker: a byline with the photo's credit after it)."""
    return not bylines.BY_PREFIX.match(ln.text) and (is_caption(ln) or bool(bylines.PHOTO_CREDIT.search(ln.text)))


def _own_words(name: str, page: list[Line]) -> bool:
    """No word of `name` is written on a line of the page that lacks the whole name: a label's
    words recur ('Weitere Artikel' by 'Artikel-Archiv', 'Letzte Artikel' by 'Letzte
    Kommentare'), a person's do not."""
    whole = name.casefold()
    words = [w for w in whole.split() if w not in bylines._PARTICLES]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")
    return not any(pattern.search(t) for ln in page if whole not in (t := ln.text.casefold()))


def _authors(header: list[Line], tail: list[Line], lower: Container[str] = frozenset(),
             page: list[Line] | None = None) -> list[str]:
    """'By ...' near the headline or after the body, then names alone on lines under the headline,
    then a name alone right after the body."""
    if page is not None:      # (for the author only: the labeller reads the lines as trained)
        header, tail = [ln for ln in header if not _credit(ln)], [ln for ln in tail if not _credit(ln)]
    author = page is not None
    for ln in header + tail:
        if bylines.BY_PREFIX.match(ln.text) and (names := bare_names(ln, lower, author=author)):
            return names
    authors: list[str] = []
    # Under the headline, two capitalised words alone on a line are mostly the page's chrome
    # (51 of 60 such names in the corpus that open with no known given name), so a name there
    # must open with one.
    phrased = False
    for ln in header:
        names = bare_names(ln, lower, given=True, wide=author, author=author)   # (the features: Faker's list)
        if page is not None and _phrase(ln):
            phrased = phrased or bool(names)    # a headline naming someone: no author, nor one further on
            continue
        for name in names:
            if name not in authors and len(authors) < 6:
                authors.append(name)
    if authors or phrased:
        return authors
    # Right after the body, a name alone opens with a known given name, or it is one the list
    # lacks ("Faridah Abdulkadiri") straight after the last paragraph, heading no list ("Ähnliche
    # Artikel" over teaser links), with no word the page writes elsewhere ("Weitere Artikel" and
    # "Artikel-Archiv").
    # Without `page`, every name alone there: the lines the labeller's "rule" feature marks as
    # bylines, as the model was trained.
    for k, ln in enumerate(tail[:2]):
        alone = k == 0 and (len(tail) == 1 or tail[1].prose)
        names = [n for n in bare_names(ln, lower, author=author) if page is None or opens_with_given_name(n)
                 or alone and _own_words(n, page)]
        if names:
            return names
    return []


def _tail(lines: list[Line], end: int) -> list[Line]:
    """The lines right after the article, up to the first boilerplate label."""
    out = []
    for ln in lines[end + 1:end + 6]:
        if ln.pattern:
            break
        out.append(ln)
    return out[:4]


def _body(body_lines: list[Line], tz: tzinfo, dropped: dict[int, str], kept: list[int]) -> list[str]:
    """The paragraphs (and sub-headings) of the article; what goes is recorded in `dropped`."""
    body: list[str] = []
    # Where the page sets blocks off with blank lines, a sub-heading is set off too; a short line
    # glued between two paragraphs is an embedded video title or teaser.
    blanks = any(b.index - a.index > 1 for a, b in zip(body_lines, body_lines[1:]))
    for k, ln in enumerate(body_lines):
        prev_ok = k > 0 and body_lines[k - 1].prose
        next_ok = k + 1 < len(body_lines) and body_lines[k + 1].prose
        glued = blanks and prev_ok and next_ok and ln.index - body_lines[k - 1].index == 1 \
            and body_lines[k + 1].index - ln.index == 1
        if ln.pattern:
            dropped[ln.index] = "boilerplate (prompt, label or configured pattern)"
        elif is_caption(ln) or (k + 1 < len(body_lines) and _credit_only(body_lines[k + 1])
                                and ln.words <= 40):
            dropped[ln.index] = "photo caption or credit"
        elif not ln.prose and _LABELLED_TEASER.match(ln.text):
            dropped[ln.index] = "teaser link ('Label: headline')"
        elif ln.prose or _CREDITS_END.search(ln.text) or (_closing(ln) and ln.words >= 3):
            body.append(ln.raw if marked(ln) else ln.text)
            kept.append(ln.index)
        elif ln.bullet:
            dropped[ln.index] = "short list item (menu or teaser list)"
        elif ln.dup > 1:
            dropped[ln.index] = "repeated on the page"
        elif ln.words >= 7 and shouting(ln.text):
            dropped[ln.index] = "capitalised teaser link"
        elif 2 <= ln.words <= 15 and prev_ok and next_ok and not _is_dateline(ln, tz) and not glued:
            body.append(ln.text)          # a sub-heading between paragraphs
            kept.append(ln.index)
        elif glued and 2 <= ln.words <= 15:
            dropped[ln.index] = "short line glued between paragraphs (embedded video title or teaser)"
        elif _is_dateline(ln, tz):
            dropped[ln.index] = "date line"
        else:
            dropped[ln.index] = "short line outside the run of prose (label, teaser or button)"
    return body


def _holds(ln: Line, names: list[str]) -> bool:
    return bool(names) and ln.words <= 20 and any(a in ln.text or a.upper() in ln.text for a in names)


def _why_outside(ln: Line, where: str, authors: list[str], date: datetime | None, tz: tzinfo,
                 named: list[str]) -> str:
    if ln.bullet and ln.words <= 6:
        why = "list item (menu, share bar or teaser list)"       # most of a page: checked first
    elif _holds(ln, named):       # (the labeller reads this role: `named` as the model was trained)
        why = "byline (-> authors)" if _holds(ln, authors) else "byline (a name alone, not taken as the author)"
    elif date is not None and "date" in ln.cache and ln.cache["date"] == date:
        why = "date line (-> date)"
    elif ln.pattern:
        why = "boilerplate (prompt, label or configured pattern)"
    elif ln.bullet:
        why = "list item (menu, share bar or teaser list)"
    elif is_caption(ln):
        why = "photo caption or credit"
    else:
        why = "short line outside the article text"
    return f"{why}; {where}"


def read_lines(text: str, *, patterns: list[re.Pattern], always: list[re.Pattern]) -> list[Line]:
    """The page's non-empty lines with their shape features."""
    lines = split_lines(text)
    classify(lines, patterns, always)
    return lines


def extract(text: str, *, patterns: list[re.Pattern], always: list[re.Pattern], tz: tzinfo) -> Extraction | None:
    """Seed text -> article parts, or None when no headline followed by prose is found."""
    return extract_lines(read_lines(text, patterns=patterns, always=always), tz)


def extract_lines(lines: list[Line], tz: tzinfo) -> Extraction | None:
    """The rules over classified lines: article parts, or None when no headline followed by prose."""
    span = _article_span(lines, tz)
    if span is None:
        return None
    t, summary_pos, body_start, end = span
    header = lines[t + 1:body_start]
    tail = _tail(lines, end)
    lower = page_words(lines)
    authors = [a for a in _authors(header, tail, lower, lines) if not _button(a)]
    named = _authors(header, tail, lower)
    date = (_pick_date(header + lines[max(0, t - 4):t] + tail, tz)
            or _pick_date(lines[:t], tz) or _pick_date(lines[end + 1:], tz))
    dropped: dict[int, str] = {}
    kept: list[int] = []
    body = _body(lines[body_start:end + 1], tz, dropped, kept)
    if not body:
        return None
    rights = _rights_line(lines, end)
    if rights is not None:
        body.append(lines[rights].text)
        kept.append(lines[rights].index)
    _drop_outside(lines, t, (t, summary_pos, rights), body_start, end, dropped,
                  authors=authors, date=date, tz=tz, named=named)
    raw_of = {ln.index: ln.raw for ln in lines}
    return Extraction(
        title=lines[t].text,
        summary=lines[summary_pos].text if summary_pos is not None else "",
        authors=tuple(authors),
        date=date,
        body=tuple(body),
        dropped=tuple(sorted((i + 1, raw_of[i], why) for i, why in dropped.items())),
        lines=tuple(ln.raw for ln in lines),
        roles={**{i: _role(why) for i, why in dropped.items()}, **{i: "body" for i in kept},
               lines[t].index: "title",
               **({lines[summary_pos].index: "standfirst"} if summary_pos is not None else {})},
    )


def _article_span(lines: list[Line], tz: tzinfo) -> tuple[int, int | None, int, int] | None:
    """(headline, standfirst or None, the body's first line, its last), or None when the page has
    no headline over a run of prose."""
    if not lines:
        return None
    start, end = densest_run(lines)
    if end < start or not any(ln.prose for ln in lines[start:end + 1]):
        return None
    t = find_title(lines, start, end, tz)
    head = None if t is None else _header(lines, t, start, tz)
    if head is None:
        return None
    summary_pos, body_start = head
    return t, summary_pos, body_start, _article_end(lines, body_start, end, tz)


def _drop_outside(lines: list[Line], t: int, chosen: tuple[int | None, ...], body_start: int, end: int,
                  dropped: dict[int, str], *, authors: list[str], date: datetime | None, tz: tzinfo,
                  named: list[str]) -> None:
    """Every line outside the article (not a chosen line, nor between body_start and end, nor
    already dropped) into `dropped`, with why it is not the article's (`_why_outside`)."""
    for q, ln in enumerate(lines):
        if q in chosen or ln.index in dropped or body_start <= q <= end:
            continue
        where = ("before the headline (navigation, menus)" if q < t else
                 "between headline and body" if q < body_start else
                 "after the article (related links, comments, footer)")
        dropped[ln.index] = _why_outside(ln, where, authors, date, tz, named)


def _role(why: str) -> str:
    """A short name for a reason a line was dropped ('byline (-> authors); before...' -> 'byline')."""
    return why.split(";")[0].split(" (")[0].split(",")[0].strip()


_KICKER_QUOTE = re.compile(r"^[^\"„“”«»]{3,60}?[^\W\d_](?=[\"„“«»])")


# French typography spaces the double punctuation marks ("Paris : la ville", "vraiment ?").
_SPACED_PUNCTUATION = re.compile(r"\w [:;!?](?:\s|$)")


def spaced_punctuation(body: list[str]) -> bool:
    """Whether the article's own text spaces its colons (then a spaced colon is no kicker's mark)."""
    return any(_SPACED_PUNCTUATION.search(text) for text in body)


def typographic_colon(title: str, page: str) -> bool:
    """Whether the headline's spaced colon was set with a no-break space on the copied `page`
    ("gouvernement\u00a0: Jacques"): French typography, not a kicker's mark, even where the body
    has no spaced colon. (`_normalise` makes the no-break space a plain one, so only the copy shows it.)"""
    head, sep, _ = title.partition(" : ")
    return bool(sep) and head + "\u00a0:" in page


def repeated_core(text: str, others: set[str]) -> str:
    """The headline as the page repeats it alone: 'Lokales Lübeck So lief die Auktion ...' over a
    later line 'So lief die Auktion ...' is a kicker glued to the headline by the copy."""
    words = text.split()
    for cut in range(len(words) - 4, 0, -1):      # the shortest repeat first: "Lübeck So lief ..." too
        part = " ".join(words[cut:])
        if part[0].isupper() and part in others and len(part) >= 0.4 * len(text):
            return part
    return text


def clean_title(text: str, spaced: bool = False) -> str:
    """The headline without what the copy glued to it: a breadcrumb trail ("Home / Essays /
    Title"), a kicker set off by a spaced colon ("Kicker : Headline", unless the body spaces its
    colons too: `spaced`, or a lower-case word follows it: French typography continuing one
    sentence, "Grève à la SNCF : le trafic perturbé") or glued to a quote ('Kicker"Quote"')."""
    for sep in (" / ", " » ", " > ", " › "):
        parts = text.split(sep)
        if len(parts) >= 3 and len(parts[-1].split()) >= 2:
            return parts[-1]
    head, sep, rest = text.partition(" : ")
    if sep and not spaced and len(rest.split()) >= 3 and len(head.split()) <= 6 and not rest[0].islower():
        return rest
    m = _KICKER_QUOTE.match(text)
    if m and len(text[m.end():].split()) >= 3:
        return text[m.end():]
    return text


def _not_byline(ln: Line) -> bool:
    """A paragraph, a long line (unless it opens "Posted by ...") or a sentence: no marked byline."""
    return ((ln.prose or ln.words > 20) and not _POSTED_BY.match(ln.text)
            or ln.ends_sentence and ln.lower_ratio >= 0.5)


def _marked_names(lines: list[Line], k: int) -> list[str]:
    """The names after an explicit marker: 'By NAME', 'Posted by NAME at 2:33 PM', or a line whose
    marker ends the line above it ('10.12.2022 18:27 von' / 'Hinrich Neumann', 'Autor' / NAME)."""
    ln = lines[k]
    if _not_byline(ln) or bylines.SITE_CREDIT.match(ln.text) or _credit(ln):
        return []                   # not "By the end of the meeting, NAME had agreed."
    posted = _POSTED_BY.match(ln.text)
    names = bylines.author_names(_LABELLED_LIST.split(ln.text, 1)[0] if posted else ln.text, require_prefix=True)
    if not bylines.BY_PREFIX.match(ln.text):
        # Words before the marker: "Erstellt von NAME", but also "Der Startpunkt von Occupy Wallstreet".
        names = [n for n in names if opens_with_given_name(n)]
    if not names and k > 0 and bylines.ends_in_marker(lines[k - 1].text) and not _LIST_GOES_ON.search(ln.text) \
            and not _CREDIT_LABEL_ALONE.match(lines[k - 1].text):       # ('Photo by' / NAME: the photographer)
        names = bylines.author_names(_ROLE_NOTE.sub("", ln.text), marked=True)   # 'Autor*in' / 'NAME (Medizinredakteurin)'
    names = names or bylines.lead_name(ln.text) or bylines.uncased_byline_names(ln.text)
    return list(dict.fromkeys(names + _handled_co_authors(lines, k) if names else []))


# A social handle alone on its line, under the author's name in a byline block ('@aprilroach28').
_HANDLE = re.compile(r"^@\w{2,30}$")


def _handled_co_authors(lines: list[Line], k: int) -> list[str]:
    """The co-authors a byline block stacks under line k's name, each after the handle line of the
    name before ('By' / NAME / '@handle' / NAME / DATE): a name under a handle, opening with a
    given name ('Email Jane' is a button), goes on the block; a bare name right under the byline (no
    handle between) may be a photographer, so it does not."""
    names: list[str] = []
    while k + 2 < len(lines) and _HANDLE.match(lines[k + 1].text.strip()) and lines[k + 2].words <= 4 \
            and (more := bylines.author_names(lines[k + 2].text, marked=True)) and len(more) == 1 \
            and opens_with_given_name(more[0]) and not _button(more[0]):
        names.append(more[0])
        k += 2
    return names


# A name line that a list goes on from ('Herausgegeben von' / 'Gleb Albert,' / 'Brigitta Bernet,' ...):
# an editorial board or a team, not the byline under its marker.
_LIST_GOES_ON = re.compile(r"(?:,|\s(?:und|and|et|y|e))\s*$", re.I)


# A blog post's meta line, however long its tag list: 'Posted by NAME at 18:52 Tagged with: ...'.
_POSTED_BY = re.compile(r"(?:posted|written|geschrieben|veröffentlicht|publicado|publié) (?:by|von|por|par) ", re.I)
_LABELLED_LIST = re.compile(r"\s+[^\W\d_]+(?: [^\W\d_]+)?:\s")      # "... Tagged with: bildung, Eltern"
_ROLE_NOTE = re.compile(r"\s*\([^()]*\)$")


# A closing sign-off naming the story's contributors, not its writer (a closed class): 'Reporting by
# NAME; Editing by NAME', 'Additional reporting by NAME', 'Mitarbeit: NAME'.
_SIGN_OFF = re.compile(r"^(?:additional\s+)?(?:reporting|editing|writing)\s+by\b|^mitarbeit\s*:", re.I)


def _page_byline(lines: list[Line], signoffs: bool = True) -> list[str]:
    """The names of the page's marked bylines when they all name the same people: a byline the
    model and the headline missed. Teaser cards and comments name several people, so none.
    `signoffs`: a closing sign-off ('Reporting by NAME') counts as a marked byline."""
    # (_not_byline first: _marked_names finds nothing there, and it spares most lines the searches.)
    found = {tuple(names[:6]) for k, ln in enumerate(lines) if not (ln.bullet or ln.raw[:1] == "*")    # (a blogroll)
             and not _not_byline(ln) and (bylines.ANY_MARKER.search(ln.text) or k and bylines.ends_in_marker(lines[k - 1].text))
             and not bylines.COMMENT.match(ln.text) and (signoffs or not _SIGN_OFF.match(ln.text))
             and (names := _marked_names(lines, k))
             and all(map(opens_with_given_name, names))    # not "Autor" / "Hinweis Zum Sprachgebrauch"
             and not _in_teaser(lines, k)}
    return list(found.pop()) if len(found) == 1 else []


# A label that heads a link to another story, alone on its line ("Lesen Sie auch", "Read more:",
# "À lire aussi", "Related"): a closed class, as END_LABELS and _TEASER_LABEL.
_READ_NEXT = re.compile(
    r"(?i)^[>»›→▸]*\s*(?:(?:à |a )?lire aussi|voir aussi|(?:read|see) (?:also|more|next)|also read|"
    r"lesen sie (?:auch|mehr)|mehr lesen|auch interessant|mehr zum thema|weitere artikel|lee también|"
    r"te puede interesar|leia (?:também|mais)|veja também|related(?: articles| stories| posts| news)?|"
    r"you (?:may|might) (?:also )?like|recommended(?: for you)?|"
    # the lists of other stories by what they hold ('Das könnte Sie auch interessieren', 'Meistgelesen',
    # 'Most read', 'Ähnliche Beiträge', 'Sur le même sujet', 'Lo más leído'; not the labels that also
    # name a section over the article's own headline: 'Top News', 'Trending', 'Zum Thema')
    r"das könnte (?:sie|dich) (?:auch )?interessieren|meist ?gelesen(?:e (?:artikel|beiträge))?|"
    r"(?:most|meist) (?:read|popular|viewed|shared|kommentiert|geklickt)|"
    r"(?:ähnliche|verwandte) (?:artikel|beiträge|themen)|dazu passend|passend zum thema|"
    r"(?:auch|ebenfalls) lesenswert|lesetipps?|sur le même sujet|(?:à|a) lire (?:également|aussi)|"
    r"vous aimerez aussi|(?:noticias|artículos) relacionad[oa]s|lo más leído)"
    r"\s*[:.!»›>…]*$")


def _in_teaser(lines: list[Line], k: int) -> bool:
    """Line k is a teaser card's, not the article's: up to four lines under a read-next label,
    no paragraph of prose between ('Lesen Sie auch' / headline / 'von NAME' / 'vor 23 Stunden')."""
    for q in range(k - 1, max(-1, k - 5), -1):
        ln = lines[q]
        if ln.prose:
            return False
        if ln.words <= 6 and _READ_NEXT.match(ln.text):
            return True
    return False


def _unless_teaser(lines: list[Line], names: list[str]) -> list[str]:
    """`names` less those the page writes on short lines only inside teaser cards (see _in_teaser):
    the rules read a byline without knowing the card it stands in."""
    def in_cards(name: str) -> bool:
        low = name.casefold()
        holders = [k for k, ln in enumerate(lines) if ln.words <= 20 and low in ln.text.casefold()]
        return bool(holders) and all(_in_teaser(lines, k) for k in holders)
    return [n for n in names if not in_cards(n)]


# A byline under the headline whose name is one word, a handle, a first name or an outlet ('By Ela on
# 31. October, 2023', 'Posted by Konstantin 21.10.2019', 'von zahlenzauberin', 'By Daniel | Published:
# ...'): a marker opening the line (after a posting verb), the word, then the line's end or a date
# (not after a comma: 'Par ailleurs, le 12 mai ...', 'Por eso, en 2020 ...' open sentences).
_ONE_WORD_BY = re.compile(r"^(?:(?:posted|written|geschrieben|erstellt|veröffentlicht|publicado|publié)\s+)?"
                          r"(?:by|von|por|par)\s*:?\s+(?=[\w.@-]*[^\W\d_])[\w.@-]+(?![\w.@-])"
                          r"(?:$|\s*(?:on|am|um|at|le|el|em|[|»·•–—-])?\s*(?:[^\W\d_]+:?\s+){0,2}\d)", re.I)


def _one_word_byline(lines: list[Line], t: int, first: int) -> bool:
    """The page signs the article under its headline with one word: a name the author searches
    cannot read as a person's, so the names they find elsewhere (an author box, a recipe card, a
    contact) are someone else's or the same person's under another name, not what the page shows."""
    return any(_ONE_WORD_BY.match(lines[k].text) and not bylines.names_in(lines[k].text)
               for k in range(t + 1, min(len(lines), max(first, t) + 2, t + 8)))


def _without_menu_word(names: list[str], page: list[Line]) -> list[str]:
    """'Carola Pönisch Kultur' from '30. Oktober 2023 Carola Pönisch Kultur': a name's last word
    that is a line of its own on the page (the 'Kultur' of the menu) is the section, not a surname."""
    alone = {ln.text.casefold() for ln in page if ln.words == 1}
    return [n.rsplit(" ", 1)[0] if len(n.split()) >= 3 and n.split()[-1].casefold() in alone else n
            for n in names]


_LOWER_WORD3 = re.compile(r"(?<![\w-])[^\W\d_A-ZÀ-ÖØ-Þ][^\W\d_]{2,}")


_DATE_TAIL = re.compile(r"(?:[^\W\d_]+,?\s+)?\d.*$")    # "lundi 9 décembre 2019 à 09h08"


def _phrase(ln: Line, role: bool = False) -> bool:
    """A headline, caption or sentence holding a name, not a byline: a lower-case word besides the
    by-marker and the date ('Jean-Paul Delevoye, peu estimé par Jacques Chirac', a teaser's
    'Andreas GabalierKindheitstrauma mit Folgen'; 'Marie Merlet | lundi 9 décembre 2019' is one;
    and 'Christoph Hruschka sagt:' heads a reader's comment). `role`: a newsroom role after the
    name is the byline's too ('Helena Horton Environment reporter', 'Jane Doe, senior editor')."""
    text = _NOT_PROSE.sub(" ", ln.text)
    if role:
        text = bylines.without_role(text)
    text = bylines._SPLIT.sub(" | ", _DATE_TAIL.sub("", bylines.ANY_MARKER.sub(" ", text)))   # (and 'und')
    return bool(_LOWER_WORD3.search(text))


# What a byline holds in lower case that is no word of a sentence: a handle or an address ('@janedoe'),
# a news agency's code ('Jane Doe, dpa', 'Jane Doe (epd)'; a closed class).
_NOT_PROSE = re.compile(r"[\w.+-]*@[\w.-]+|(?<![\w-])(?:dpa|epd|kna|apa|sda|afp|sid|dts|ots|ddp|ap)(?![\w-])"
                        r"|,\s*(?:" + bylines.ROMANCE_ROLES + r")\s*$", re.I)   # ('Juan Pérez, corresponsal')


def _name_alone(ln: Line, lower: Container[str]) -> tuple[str, ...]:
    """The names of a short line holding nothing but names (and a date), each opening with a given
    name; none on a caption or phrase ('Michael Preetz – damals noch Stürmer'), a credit, a comment."""
    if ln.words > 8 or ln.prose or ln.raw[:1] == "*" or ln.bullet or _credit(ln) \
            or bylines.COMMENT.match(ln.text) or _LOWER_WORD3.search(bylines._SPLIT.sub(" | ", ln.text)):
        return ()                 # (the connectors of names, 'und', 'and', are no phrase's words)
    return tuple(n for n in bylines.author_names(ln.text) if opens_with_given_name(n)
                 and n.split()[0].lower() not in lower and not _button(n))


def _avatar_names(lines: list[Line], around: range) -> list[str]:
    """Names under an avatar's initials ('LP' over 'Luana Patriolino'): each one an author, the
    initials a picture's stand-in that only bylines and comments carry."""
    names = []
    for k in around:
        mark = lines[k].text
        if 2 <= len(mark) <= 3 and mark.isalpha() and mark.isupper():
            found = bylines.author_names(lines[k + 1].text)
            if len(found) == 1 and "".join(w[0] for w in found[0].split()) == mark and found[0] not in names:
                names.append(found[0])
    return names[:6]


_META_SPLIT = re.compile(r"\s+[|•·]\s+")
# A dated phrase that ends a byline ("NAME Zuletzt geändert am 06.11.2023", "NAME | Publicado hace
# 3 horas"): the dates' publishing and updating verbs (and German's "geändert"), a number after it.
_STATED = re.compile(rf"(?:{PUBLISHED.pattern}|{UPDATED.pattern}|\b(?:zuletzt )?geändert\b)(?=.*\d)", re.I)


# A reading time on a byline's meta line ('5 min read', 'Lesezeit: 3 Min.', 'Lesedauer 4 Minuten',
# '5 min de lecture', 'lectura de 5 minutos'): its words (a closed class).
_READING_WORDS = frozenset("min mins minute minutes minuten read lesezeit lesedauer lecture lectura minutos".split())
# A name in a run of capitalised words ('PRASHANT JHA', 'Anna Roth 12.03.2023'), particles inside.
_NAME_RUN = re.compile(r"(?<![\w'’.-])[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:\s+(?:(?:de|da|van|von|der|den|del|la|le|di|du)\s+)*"
                       r"[A-ZÀ-ÖØ-Þ][\w'’.-]*){1,3}")
# What a byline holds besides the name: a date's words (months, weekdays, 'Uhr', 'am'), a
# publishing or updating verb and a by-marker (those are cut before this test).
_DATE_WORDS = frozenset(_MONTHS) | frozenset(
    "montag dienstag mittwoch donnerstag freitag samstag sonntag monday tuesday wednesday thursday friday "
    "saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche lunes martes miércoles jueves "
    "viernes sábado domingo uhr am um on at le el de del vom the à".split()) | _READING_WORDS
_STATED_WORD = re.compile(rf"(?:{PUBLISHED.pattern}|{UPDATED.pattern})", re.I)
_WORD2 = re.compile(r"[^\W\d_]{2,}")


def _near_name(lines: list[Line], labels: list[str], t: int, first: int, lower: Container[str]) -> list[str]:
    """The one name standing alone (or with a date or a by-marker only) on a short line near the
    headline or the body's start (up to six lines above or under either), in any case ('PRASHANT
    JHA' over 'VOR 2 STUNDEN'): the byline no other search read. Not a caption, credit, comment or
    teaser card's; a name of three or four words has given names, initials or particles inside
    ('Green Future Awards' is none); several such names (a team box, teaser cards): none."""
    window = sorted(set(range(max(0, t - 6), t + 7)) | set(range(max(0, first - 6), first + 7)))
    found = set()
    body = [lines[k].text for k, y in enumerate(labels) if y == "body" and k != t]
    for k in window:
        if k >= len(lines) or k == t or labels[k] == "body":
            continue
        ln = lines[k]
        if ln.words > 12 or ln.prose or ln.bullet or _credit(ln) or bylines.COMMENT.match(ln.text) \
                or _in_teaser(lines, k):
            continue
        text = bylines._GLUED.sub(" | ", ln.text)       # 'Inga HoeltmannFollow'
        for m in _NAME_RUN.finditer(text):
            run = _RUN_BY.sub("", bylines._ROLE.sub("", m.group()).strip(" ."))      # 'Von Tim Ehlers'
            if any(w.casefold().strip(".") in _DATE_WORDS and w.casefold() not in bylines._PARTICLES
                   for w in run.split()):
                continue          # 'Min. Lesedauer': a reading time's words, not a name's
            name = bylines._name_like(run)
            rest = text[:m.start()] + " | " + text[m.end():]
            if not name or name.casefold() != run.casefold() or any(
                    w.casefold() not in _DATE_WORDS for w in _WORD2.findall(_STATED_WORD.sub(" ", bylines.ANY_MARKER.sub(" ", rest)))):
                continue          # more on the line than a name and a date ('NPC: Slave Shifle', 'Steffi Kaufratgeber, Katzen')
            if any(not (is_given_name(w) or w.casefold() in bylines._PARTICLES or len(w.strip(".")) == 1)
                   for w in run.split()[1:-1]):
                continue
            if opens_with_given_name(name) and name.split()[0].lower() not in lower \
                    and not _button(name) and bylines.plausible_author(name) and not _subject(name, body):
                found.add(name)
    return [found.pop()] if len(found) == 1 else []


# A by-marker opening a run of capitalised words ('Von Tim Ehlers'): not a given name.
_RUN_BY = re.compile(r"^(?:by|von|por|par)\s+(?=\S)", re.I)


def _named_nearby(lines: list[Line], labels: list[str], k: int, name: str) -> bool:
    """Line k's name alone is what a longer line within two lines of it is about: that line writes
    it after other words, with no by-marker (nor 'from', 'schreibt') before it ('Alexandria
    Douziech' by 'Meet Cultural Cultivation Artist Alexandria Douziech', 'MIRO Analytical' by
    '«Innosuisse Certificate» für MIRO Analytical: ...'): a headline's, teaser's or caption's
    subject, not the page's author. A name under a line ending in a by-marker is a byline, and one
    under the article's last paragraph its sign-off, however that paragraph names it."""
    if k and bylines.ends_in_marker(lines[k - 1].text):
        return False              # '10.12.2022 18:27 von' / NAME / 'Schreiben Sie NAME eine Nachricht'
    whole = re.compile(r"(?<!\w)" + re.escape(name.casefold()) + r"(?!\w)")  # not 'Li Wei' in 'Oli Weiss'
    signoff = "body" in labels[:k] and "body" not in labels[k:]     # under the article's last paragraph
    for q in range(max(0, k - 2), min(len(lines), k + 3)):
        text = lines[q].text.casefold()
        found = whole.search(text)
        pos = found.start() if found else -1
        if q != k and pos > 0 and not (signoff and labels[q] == "body") \
                and lines[q].words >= len(name.split()) + 3 \
                and not (bylines.ANY_MARKER.search(text[:pos]) or _WRITER_BEFORE.search(text[:pos])):
            return True
    return False


# 'More stories from NAME', 'Latest from NAME': a link to the author's page, as 'Mehr von NAME'; and
# a verb of writing before the name ('... wie sich das ändern kann, berichtet NAME', 'writes NAME'):
# a standfirst naming its writer (a closed class).
_WRITER_BEFORE = re.compile(r"\b(?:from|writes|reports|schreibt|berichtet|kommentiert|écrit|escribe)\s*$")


def _unless_about(lines: list[Line], labels: list[str], names: list[str]) -> list[str]:
    """`names`, or none when each stands alone on the page only where a line near it is about
    that person (see _named_nearby): the weak evidence of a name alone says 'no author' then."""
    return [] if names and all(_about(lines, labels, n) for n in names) else names


def _about(lines: list[Line], labels: list[str], name: str) -> bool:
    low = name.casefold()
    alone = [k for k, ln in enumerate(lines) if ln.text.strip(" .:").casefold() == low]
    return bool(alone) and all(_named_nearby(lines, labels, k, name) for k in alone)


def _subject(name: str, body: list[str]) -> bool:
    """The story's subject, not its author: the surname stands in two or more of the body's
    paragraphs, besides one that opens with the whole name (the author's bio). A name alone near
    the headline is a portrait's caption or the person the story is about as often as a byline;
    a byline's name seldom recurs in the article it signs."""
    surname = re.compile(r"(?<![\w-])" + re.escape(name.split()[-1].casefold()) + r"(?![\w-])")
    whole = name.casefold()
    return sum(bool(surname.search(low)) and not low.startswith(whole)
               for low in (text.casefold() for text in body)) >= 2


def _meta_line_name(ln: Line, tz: tzinfo) -> list[str]:
    """The one name of a dated meta line cut by separators ('04.02.2022 | 13:10 Uhr | Uta
    Helkenberg', 'Arne Sjöström | 30. Dezember 2022 | HR-Welt'): a segment that is a name and
    nothing else, opening with a given name, beside a segment that states the date."""
    stated = _STATED.search(ln.text)
    text = ln.text[:stated.start()] + " | " + ln.text[stated.start():] if stated and stated.start() else ln.text
    parts = _META_SPLIT.split(text)
    if not 2 <= len(parts) <= 6 or ln.words > 16 or not (stated or _is_dateline(ln, tz)):
        return []
    parts = [_RUN_BY.sub("", part.strip()) for part in parts]      # 'Von Jan Kupitz | 12.01.2023'
    names = [name for part in parts if (name := bylines._name_like(part)) and name == part.strip()
             and opens_with_given_name(name) and not _button(name)]
    return names if len(names) == 1 else []


def _dated_name(lines: list[Line], lower: Container[str], tz: tzinfo) -> list[str]:
    """A name alone on a date line or next to one, or over a job title ('Janic Cathomen,
    01.12.2021'; '28. November 2022' over 'Nadja Podbregar'; 'Christoph Hein' over 'Chefredakteur'):
    the article's author, when the page has one such name. Teaser cards give each story's date and
    author, and readers' comments theirs: so several names, or none before the first reply button
    or comments heading, where the comments start."""
    found = set()
    replies = next((k for k, ln in enumerate(lines) if ln.words <= 8 and bylines.COMMENTS.search(ln.text)), len(lines))
    dated = [ln.words <= 8 and _is_dateline(ln, tz) for ln in lines[:replies + 1]] + [False]
    for k, ln in enumerate(lines[:replies]):
        if ln.words > 8 or not (k + 1 < len(lines) and lines[k + 1].words <= 5 and bylines.names_a_role(
                lines[k + 1].text) or dated[k - 1] and k or dated[k] or dated[k + 1]
                or ln.words <= 5 and bylines.names_a_role(ln.text)):   # 'Harald Bauer Autor'
            continue
        if (names := _name_alone(ln, lower)) and not _in_teaser(lines, k):
            found.add(names[:6])
    return list(found.pop()) if len(found) == 1 else []


def _before_comments(lines: list[Line], body_at: list[int]) -> tuple[list[int], list[tuple[int, str]]]:
    """The body lines above the reader comments (the first comment-form prompt or count heading
    after the body has begun, or the post's closing meta line), and the ones below it with the
    reason they go. A prompt among the body's first lines (a comment link by the byline) opens
    nothing."""
    first = body_at[0]
    opener = next((k for k in range(first + 1, len(lines)) if lines[k].words <= 14
                   and _COMMENTS_OPEN.search(lines[k].text) or _POST_META.match(lines[k].text)), None)
    if opener is None or sum(1 for k in body_at if k < opener and lines[k].prose) < 2:
        return body_at, []
    return ([k for k in body_at if k < opener],
            [(k, "body (model), but below the post's end (reader comments or closing meta line)")
             for k in body_at if k >= opener])


# A blog post's closing meta line (theme templates): "This entry was posted in X. Bookmark the
# permalink.", "Veröffentlicht unter X | Hinterlasse einen Kommentar", "Filed under: X".
_POST_META = re.compile(
    r"(?i)^(?:this entry was (?:posted|filed) (?:in|under)\s|(?:dieser )?(?:eintrag|beitrag) wurde "
    r"(?:veröffentlicht|abgelegt) (?:in|unter)\s|veröffentlicht (?:in|unter)\s|abgelegt unter\b|"
    r"erstellt am .{5,60}abgelegt unter\s|posted in\s.*\b(?:tagged|bookmark)|filed under\b)")

# The heading of an about box, the author's or the site's: "Über den Autor", "Über Steffi 1009
# Artikel", "About us", "Zur Person", "Autor". (Not "Über die Geschichte des Orts": one or two
# words after "über", or a count of articles.)
_ABOUT_BOX = re.compile(
    r"(?i)^(?:(?:über|about|à propos(?: de)?|sobre)\s+(?:\S+(?:\s+\S+)?|\S+\s+\d[\d.]*\s+\w+)|"
    r"zur person|autor(?:in)?|authors?|l'auteur|wer hat das geschrieben\??)\s*:?$")


def _dropping(body_at: list[int], gone: list[tuple[int, str]]) -> tuple[list[int], list[tuple[int, str]]]:
    """The body's lines less those `gone` lists (with why), and that list, for `--report`."""
    drop = {k for k, _ in gone}
    return [k for k in body_at if k not in drop], gone


def _without_about_boxes(lines: list[Line], body_at: list[int],
                         authors: list[str] = ()) -> tuple[list[int], list[tuple[int, str]]]:
    """The body without the paragraphs of an about box: the body lines right under its heading
    (past a name line or two) or under the author's name alone on a line (the bio's heading),
    once two paragraphs of the article have been read."""
    inside, gone, read = set(body_at), [], 0
    for k in range(body_at[0], body_at[-1]):
        read += k in inside and lines[k].prose
        named = k not in inside and lines[k].text.strip(" :") in authors
        if read < 2 or lines[k].words > 5 or not (_ABOUT_BOX.match(lines[k].text) or named):
            continue
        q = k + 1
        while q < len(lines) and q not in inside and q - k <= 2 and lines[q].words <= 6:
            q += 1
        run = []
        while q in inside:
            run.append((q, "body (model), but under the heading of an about box (author or site bio)"))
            q += 1
        # Under the author's name, only a bio that ends the body (not a boxed quote within it),
        # and a bio's few paragraphs, not the article's rest under an author box inside it.
        if not named or q > body_at[-1] and sum(lines[j].prose for j, _ in run) <= 3:
            gone += run
    return _dropping(body_at, gone)


# A credit closing a caption: "... sinkt der Brustkorb ein. © Pferderevue", "... / (C) Kab Niang",
# or a closed class of picture labels in brackets: "... zieht, ist unklar (Symbolbild)."
_CREDIT_CLOSE = re.compile(r"(?i)\S.*(?:(?:©|ⓒ|\(c\))\s*[^\W\d_][^.!?©ⓒ]{0,50}|"
                           r"\((?:symbolbild|symbolfoto|archivbild|archivfoto|illustration)\))\.?$")


def _without_captions(lines: list[Line], body_at: list[int]) -> tuple[list[int], list[tuple[int, str]]]:
    """The body without the photo captions the model took for paragraphs: a line (up to 40 words)
    that a credit closes. The body's last line may be the article's own rights notice: kept."""
    gone = [(k, "body (model), but a photo caption (a credit closes it)") for k in body_at[:-1]
            if lines[k].words <= 40 and _CREDIT_CLOSE.match(lines[k].text)]
    return _dropping(body_at, gone)


# A closed class of labels that head a link to another story or an ad: "À lire aussi » Title",
# "Article suivant Title", "Weiterlesen über "Title"", ">> Mehr lesen: ...", "ANZEIGE - Heute
# mal ...". The labels that open ordinary sentences too ("Related", "Anzeige") only with a
# separator after them. (Arrows before the label are the link's.)
_TEASER_LABEL = re.compile(
    r"(?i)^[>»›→▸]*\s*(?:(?:à |a )?lire aussi|lire la suite|article (?:suivant|précédent)|(?:read|see) (?:also|more|next)|"
    r"also read|lesen sie (?:auch|mehr)|mehr lesen|auch interessant|weiterlesen|mehr zum thema|"
    r"(?:nächster|vorheriger) artikel|(?:next|previous) (?:article|story|post)|lee también|leer más|"
    r"te puede interesar|leia (?:também|mais))(?=[\s:»›>|–—-])|"
    r"^[>»›→▸]*\s*(?:related|anzeige|werbung|advertisement|sponsored|publicité|publicidad)\s*[:»›>|–—-]\s*\S")


def _without_teaser_links(lines: list[Line], body_at: list[int]) -> tuple[list[int], list[tuple[int, str]]]:
    """The body without the lines (up to 30 words) that a teaser or ad label opens: a link to
    another story, not the article's text."""
    gone = [(k, "body (model), but a teaser link or ad (a label opens it)") for k in body_at
            if lines[k].words <= 30 and _TEASER_LABEL.match(lines[k].text)]
    return _dropping(body_at, gone)


# The text speaking of itself: "Dieser Text wurde veröffentlicht unter der Lizenz ...", "This
# article was originally published on ...", "Cet article, initialement publié ..." (a
# demonstrative and a closed class of nouns for a text, opening the line).
_ABOUT_THE_TEXT = re.compile(
    r"(?i)^(?:note:\s*)?(?:dieser|diese|dies ist|this|cet|cette|este|esta|questo)\s+(?:\w+\s+)?"
    r"(?:text|artikel|beitrag|article|post|story|piece|artículo|nota|articolo)\b")


def _without_notes(lines: list[Line], body_at: list[int]) -> tuple[list[int], list[tuple[int, str]]]:
    """The body without the editor's notes about the text at its edges (among its first or last
    three lines, up to 40 words each): a disclaimer, a licence, where it first appeared, who paid
    for it. Within the article such a line is the article's ('This article explains ...')."""
    edges = set(body_at[:3] + body_at[-3:])
    gone = [(k, "body (model), but a note about the text at the body's edge (disclaimer, licence, "
                "first publication)") for k in sorted(edges)
            if lines[k].words <= 40 and _ABOUT_THE_TEXT.match(lines[k].text)]
    return _dropping(body_at, gone)


def _authors_bio(ln: Line, authors: list[str], tz: tzinfo) -> bool:
    """A paragraph opening with the author's full name and a lower-case word, the author in the
    third person: the bio ('Heiko Sauer is a Professor of Public Law ...', 'TIM ANDERSON has
    done ...'), not the article, which does not name its own author so. Not a byline glued to
    the article's first sentence ('Anna Roth und Ben Kalt, 4. März 2023. Der Kammerchor ...',
    see _glued_byline): only its byline is the page's."""
    return any(len(a.split()) >= 2 and ln.text.casefold().startswith(a.casefold() + " ")
               and ln.text[len(a) + 1:len(a) + 2].islower() for a in authors) \
        and _glued_byline(ln, authors, tz) is None


def _without_author_bios(lines: list[Line], body_at: list[int], authors: list[str],
                         tz: tzinfo) -> tuple[list[int], list[tuple[int, str]]]:
    """The body without the author's bio (a paragraph opening 'NAME is/lehrt/has ...'), when two
    paragraphs of the article remain."""
    gone = [(k, "body (model), but the author's bio (opens with the author's name)") for k in body_at
            if _authors_bio(lines[k], authors, tz)]
    kept, gone = _dropping(body_at, gone)
    return (kept, gone) if sum(lines[k].prose for k in kept) >= 2 else (body_at, [])


def _fill_gaps(lines: list[Line], labels: list[str], body_at: list[int], scores,
               roles: dict[int, str]) -> list[int]:
    """Sentences the model left out among the body's lines are the article's: one glued between
    two body lines, or a paragraph the model doubted (p < 0.8) within six lines of a body line.
    Captions (the rules' too), prompts and repeated lines stay out."""
    inside = set(body_at)

    def near(k: int, step: int) -> bool:
        return any(k + step * d in inside for d in range(1, 7))

    extra = [k for k in range(body_at[0] + 1, body_at[-1]) if k not in inside and labels[k] == "other"
             and _sentence(lines[k]) and not _rules_caption(lines, k, roles)
             and (between_body(lines, inside, k, roles)
                  or lines[k].prose and scores[k] < 0.8 and (near(k, -1) or near(k, 1)))]
    return sorted(inside.union(extra))


_ASIDE_ROLES = ("boilerplate", "photo caption or credit")
ASIDE_REACH = 2     # prompt, caption or boilerplate lines skipped on each side of a line between body lines


def _aside(ln: Line, roles: dict[int, str]) -> bool:
    """A line set into the story's text that is none of it: a prompt ('Read more: ...'), a caption."""
    return ln.pattern or is_caption(ln) or roles.get(ln.index) in _ASIDE_ROLES


def between_body(lines: list[Line], inside: set[int], k: int, roles: dict[int, str]) -> bool:
    """Whether the nearest lines above and below line k, past up to ASIDE_REACH prompts, captions
    or boilerplate lines on each side, are body lines: k is glued into the story's text. (Only the
    lines right above and below counted: a quote between a 'Read more:' link and a photo's caption
    was dropped in silence.)"""
    def nearest(step: int) -> bool:
        j = k + step
        for _ in range(ASIDE_REACH):
            if not (0 <= j < len(lines)) or j in inside or not _aside(lines[j], roles):
                break
            j += step
        return j in inside
    return nearest(-1) and nearest(1)


def _rules_caption(lines: list[Line], k: int, roles: dict[int, str]) -> bool:
    """The rules call line k a photo's caption, and not only because a credit line follows it that
    holds a caption of its own ('Firefighters at the scene. Photo: NAME' under a quote: the quote
    is the story's, the caption and credit are the line below)."""
    if roles.get(lines[k].index) != "photo caption or credit":
        return False
    below = lines[k + 1] if k + 1 < len(lines) else None
    return is_caption(lines[k]) or below is None or not (is_caption(below) and below.sentences >= 2)


def _doubted_tail(lines: list[Line], labels: list[str], body_at: list[int], scores,
                  roles: dict[int, str]) -> list[int]:
    """The body with the paragraphs the model doubted (p < 0.8) within six lines below its last
    line, each one reaching six lines further: the article's close. Called only when nothing
    marked the post's end (comments, closing meta line, bio)."""
    out, k = list(body_at), body_at[-1] + 1
    while k < len(lines) and k - out[-1] <= 6 and not _post_end(lines[k]):
        if labels[k] == "other" and scores[k] < 0.8 and lines[k].prose and _sentence(lines[k]) \
                and roles.get(lines[k].index) != "photo caption or credit":
            out.append(k)
        k += 1
    return out


def _without_stray_last(lines: list[Line], body_at: list[int]) -> tuple[list[int], list[tuple[int, str]]]:
    """The body without a last line standing alone six or more lines below the rest (a teaser,
    a login notice, a reader's comment), once the rest holds two paragraphs."""
    if len(body_at) < 3 or body_at[-1] - body_at[-2] <= 6 or sum(lines[k].prose for k in body_at[:-1]) < 2:
        return body_at, []
    return body_at[:-1], [(body_at[-1], "body (model), but alone far below the rest of the body")]


def _closing_paragraph(lines: list[Line], labels: list[str], body_at: list[int], authors: list[str],
                       tz: tzinfo) -> list[int]:
    """The body with the paragraph right under its last one when nothing but page furniture
    follows (the next line is short, four words at most, or there is none): the article's last
    paragraph, which the model, sure of itself, reads as the neighbour of the share bar or tags
    under it ('Deutschland ist ein Land, in der Fernsehserien ...' / 'Teilen Sie dies mit:').
    Its shape says paragraph: 8 words or more, ending a sentence or 15 words long, a third in
    lower case (German nouns), once on the page, no pattern, bullet, caption or author's bio.
    A teaser or a second paragraph under it is more prose, so the rule stands aside there; so
    does a line cut off with '...' or a line over a photo credit: a related story's teaser."""
    k = body_at[-1] + 1 if len(body_at) >= 2 else len(lines)
    if k >= len(lines) or labels[k] != "other" or not lines[body_at[-1]].prose:
        return body_at
    ln, below = lines[k], lines[k + 1] if k + 1 < len(lines) else None
    if ln.words < 8 or not (ln.ends_sentence or ln.words >= 15) or ln.lower_ratio < 0.3 or ln.dup > 1 \
            or ln.pattern or ln.bullet or is_caption(ln) or _authors_bio(ln, authors, tz) \
            or _TRUNCATED.search(ln.text) \
            or below is not None and (below.prose or below.words > 4 or is_caption(below)):
        return body_at
    return body_at + [k]


def _lead_paragraphs(lines: list[Line], labels: list[str], t: int, scores, roles: dict[int, str]) -> list[int]:
    """Paragraphs the model doubted (p < 0.9) among the seven lines under the headline: the
    article's opening (its only paragraph, when the model's body is a form or teaser list)."""
    end = next((k for k in range(t + 1, min(len(lines), t + 8)) if _post_end(lines[k])), t + 8)
    return [k for k in range(t + 1, min(len(lines), end)) if labels[k] == "other" and scores[k] < 0.9
            and lines[k].prose and _sentence(lines[k]) and roles.get(lines[k].index) != "photo caption or credit"]


def _post_end(ln: Line) -> bool:
    """The comments' opener or the post's closing meta line: nothing below is the article's."""
    return ln.words <= 14 and bool(_COMMENTS_OPEN.search(ln.text)) or bool(_POST_META.match(ln.text))


def _introduced_lists(lines: list[Line], body_at: list[int]) -> list[int]:
    """The body with the lines a body paragraph introduces with a colon, up to the next body line
    at most 15 lines on (a list, a table, code): recipes, spec sheets and results are the article's.
    A boilerplate line among them (an ad label) means the colon introduced something else."""
    inside, extra = set(body_at), []
    for k in body_at:
        q = next((q for q in range(k + 1, min(len(lines), k + 17)) if q in inside), None)
        if lines[k].text.endswith(":") and q is not None and q > k + 1 \
                and not any(lines[j].pattern for j in range(k + 1, q)):
            extra.extend(range(k + 1, q))
    return sorted(inside.union(extra))


def _list_and_close(lines: list[Line], body_at: list[int], tz: tzinfo) -> list[int]:
    """The body with a list the model left out, with the lead-in that introduces it and the
    sentences after it: a body line ending in ":" (or such a line at most two lines under a body
    line), two to fifteen items (marked lines, or short ones that are no sentence and open with no
    capital), then a sentence or a body line ("The cuts include:" / "- ..." / "- ..." / "Opposition
    councillors said ..."), and the sentences after that one. The article going on past its list
    (which `_introduced_lists` needs a body line for); a list with no prose after it may be a
    promo's, and a boilerplate, repeated or dated line among the items means it is no list."""
    if not body_at:
        return body_at
    inside, extra = set(body_at), []
    for k in range(body_at[0], min(len(lines), body_at[-1] + 3)):
        if not (lines[k].text.endswith(":") if k in inside else
                (k - 1 in inside or k - 2 in inside and lines[k - 1].words <= 3) and _lead_in(lines[k])):
            continue
        j = k + 1
        while j < len(lines) and j - k <= 15 and j not in inside and _item(lines[j], tz):
            j += 1
        if j - k - 1 < 2 or j >= len(lines) or _post_end(lines[j]):
            continue
        close = [j] if j in inside else []
        while j < len(lines) and j not in inside and _sentence(lines[j]) and not _post_end(lines[j]):
            close.append(j)
            j += 1
        if close:
            extra.extend(range(k, close[-1] + 1))
    return sorted(inside.union(extra))


def _lead_in(ln: Line) -> bool:
    return ln.text.endswith(":") and 2 <= ln.words <= 40 and ln.lower_ratio >= 0.5 and ln.dup == 1 \
        and not (ln.pattern or ln.bullet or is_caption(ln))


def _item(ln: Line, tz: tzinfo) -> bool:
    """A list item: a marked line, or a short line that is no sentence and opens with no capital
    (a teaser's headline, a menu's or a form's word does; a comment's date line is no item)."""
    return not (ln.pattern or is_caption(ln) or _post_end(ln) or ln.text.endswith(":") or ln.dup > 1
                or _is_dateline(ln, tz)) \
        and (ln.bullet or ln.words <= 15 and not ln.ends_sentence and not ln.text[:1].isupper())


def _tables(lines: list[Line], body_at: list[int]) -> list[int]:
    """The body with a table between two of its paragraphs: all the lines between them, two or more,
    split by '|' into the same number of cells (the model, trained on pages whose '|' lines are
    menus and bylines, drops a figures table; "nothing of the article is lost"). Not when a row is
    a boilerplate line."""
    extra: list[int] = []
    for a, b in zip(body_at, body_at[1:]):
        rows = range(a + 1, b)
        if len(rows) >= 2 and table_cells(lines[a + 1].text) \
                and len({len(table_cells(lines[k].text)) for k in rows}) == 1 \
                and not any(lines[k].pattern for k in rows):
            extra.extend(rows)
    return sorted(set(body_at).union(extra))


_NUMBERED = re.compile(r"^\d{1,2}[.)]\s")
# A line opening with an amount ('300 Gramm Butter', '1/2 cup milk', '½ TL Salz'), not a list's number ('1. ...').
_AMOUNT = re.compile(r"^(?:\d+(?:[.,/]\d+)?(?![.)\d])|[½¼¾⅓⅔⅛])\s*[^\W\d]")
_LEADING_NUMBER = re.compile(r"\d+")


def _counting(lines: list[Line], run: list[int]) -> bool:
    """The lines open with 1, 2, 3, ... in turn: a numbered list (a table of contents), no amounts."""
    firsts = [int(m.group()) for k in run if (m := _LEADING_NUMBER.match(lines[k].raw))]
    return len(firsts) == len(run) and all(b == a + 1 for a, b in zip(firsts, firsts[1:]))


def _quantity_lists(lines: list[Line], body_at: list[int], tz: tzinfo) -> list[int]:
    """The body with a list of amounts between two of its paragraphs: a recipe's ingredients
    ('300 Gramm Butter weich' / '6 mittelgroße Eier' / ...), three or more short lines opening
    with an amount of something, at most one other line between two of them: the model, sure of
    itself, calls each short line other. Not when a line of the run is boilerplate, a date line or
    long, nor a list numbered 1, 2, 3 (see _counting)."""
    extra: list[int] = []
    for a, b in zip(body_at, body_at[1:]):
        amounts = [k for k in range(a + 1, b) if (m := _AMOUNT.match(lines[k].raw))
                   and len(lines[k].raw[m.end() - 1:].split()) >= 2]      # an amount of something
        runs: list[list[int]] = []
        for k in amounts:
            if runs and k - runs[-1][-1] <= 2:
                runs[-1].append(k)
            else:
                runs.append([k])
        for run in runs:
            rows = range(run[0], run[-1] + 1)
            if len(run) >= 3 and not _counting(lines, run) and not any(
                    lines[k].pattern or lines[k].words > 12 or _is_dateline(lines[k], tz) for k in rows):
                extra.extend(rows)
    return sorted(set(body_at).union(extra))


def _with_subheads(lines: list[Line], body_at: list[int], t: int, tz: tzinfo) -> list[int]:
    """The body with the subheads between its paragraphs: a short line (2-8 words, opening with a
    capital, no full stop or colon at its end, once on the page) right between two paragraphs the
    body holds ("Pflegen und Reparieren", "Einschränkung ist «verschmerzbar»"). Not a caption, a
    credit or rights line, a dateline, a teaser or ad label, nor a line two lines under another
    heading-shaped line than the headline (heading / blurb / heading / blurb: a teaser list the body
    ran into; headline / lede / subhead is the article's)."""
    inside = set(body_at)

    def above(k: int) -> int:
        # (past a photo's caption or credit under the paragraph above)
        j = k - 1
        while j > k - 3 and j not in inside and (is_caption(lines[j]) or _credit_only(lines[j])):
            j -= 1
        return j

    def subhead(k: int) -> bool:
        ln, j = lines[k], above(k)
        return (j in inside and k + 1 in inside and lines[j].prose and lines[k + 1].prose
                and 2 <= ln.words <= 8 and not ln.text.endswith((".", ":")) and ln.dup == 1
                and ln.text[:1].isupper() and not (ln.pattern or is_caption(ln))
                and not (ln.bullet and not _NUMBERED.match(ln.raw))
                and not (_RIGHTS.search(ln.text) or _is_dateline(ln, tz) or _TEASER_LABEL.match(ln.text))
                and not (j - 1 != t and _title_shaped(lines[j - 1], tz) and not lines[j - 1].prose))

    extra = [k for k in range(body_at[0] + 1, body_at[-1]) if k not in inside and subhead(k)] if body_at else []
    return sorted(inside.union(extra))


def _header_paragraphs(lines: list[Line], labels: list[str], t: int, s: int | None, tz: tzinfo) -> list[int]:
    """The paragraphs between the headline and the first line the model labels body, when that
    line is at most twelve lines under the headline: a lede or first paragraph among the header's
    byline, date and photo lines (headline / lede / "DATE von NAME" / photo credit / paragraph /
    body), which the model left out however sure it was. Prose once on the page, labelled other;
    not the standfirst, a caption or a date line. Only over a body of two paragraphs or more (one
    line may be a login form's text the model took for the body, and a prompt stands over it)."""
    first = next((k for k in range(t + 1, min(len(lines), t + 13)) if labels[k] == "body"), None)
    if first is None or sum(1 for k in range(first, len(lines)) if labels[k] == "body" and lines[k].prose) < 2:
        return []
    return [k for k in range(t + 1, first) if k != s and labels[k] == "other" and lines[k].prose
            and lines[k].dup == 1 and not is_caption(lines[k]) and not _is_dateline(lines[k], tz)]


_NUMBER = re.compile(r"^(\d{1,3})[.)]\s")


def _numbered_items(lines: list[Line], body_at: list[int]) -> list[int]:
    """The body with the items of its numbered lists that the model left out: a list item numbered
    n between the body's items numbered below and above n (at most ten apart), in page order
    (items 36 and 38 in the body, 37 between them): its number places it in the article's list."""
    if not body_at:
        return body_at
    inside = set(body_at)
    num = {k: int(m.group(1)) for k in range(body_at[0], body_at[-1] + 1)
           if lines[k].bullet and (m := _NUMBER.match(lines[k].raw))}
    order = sorted(num)
    kept = [k for k in order if k in inside]
    extra = []
    for k in order:
        if k in inside or lines[k].pattern:
            continue
        i = bisect_left(kept, k)
        if 0 < i < len(kept) and num[kept[i - 1]] < num[k] < num[kept[i]] <= num[kept[i - 1]] + 10:
            extra.append(k)
    return sorted(inside.union(extra))


def _long_paragraphs(lines: list[Line], labels: list[str], body_at: list[int], tz: tzinfo,
                     authors: list[str] = ()) -> list[int]:
    """The body with the long paragraphs the model left out among its lines: 40 words or more,
    ending a sentence (or, within the body, a colon: a lead-in to a quote), mostly lower case,
    once on the page, not the author's bio, within fifteen lines of a body line between the
    body's first and last lines (each one taken reaching as far again), or within three lines
    below its last. The article going on past a box inside it (a table, a product box, an embed,
    a list of steps) that the model took for the article's end and did not take up again. Below
    the body, not past the comments' opener, the post's closing meta line, an about box's heading
    or a short dated line (a comment's or a teaser card's header)."""
    if not body_at:
        return body_at
    inside, last = set(body_at), body_at[-1]

    def long(k: int) -> bool:
        ln = lines[k]
        return (labels[k] == "other" and ln.prose and ln.words >= 40
                and (ln.ends_sentence or k < last and ln.text.endswith(":"))   # (a lead-in to a quote)
                and ln.lower_ratio >= 0.5 and ln.dup == 1
                and not (ln.pattern or ln.bullet or is_caption(ln) or _authors_bio(ln, authors, tz)))

    # Within the body: each paragraph taken reaches fifteen lines on for the next.
    kept = list(body_at)
    left = [k for k in range(body_at[0] + 1, last) if k not in inside and long(k)]
    grown = True
    while grown and left:
        grown = False
        for k in list(left):
            i = bisect_left(kept, k)
            if i > 0 and k - kept[i - 1] <= 15 or i < len(kept) and kept[i] - k <= 15:
                insort(kept, k)
                left.remove(k)
                grown = True
    # Below it, line by line, at most three lines past the last one taken.
    k, end = last + 1, last
    while k < len(lines) and k - end <= 3:
        ln = lines[k]
        if _post_end(ln) or ln.words <= 5 and _ABOUT_BOX.match(ln.text) or ln.words <= 10 and _is_dateline(ln, tz):
            break
        if long(k):
            kept.append(k)
            end = k
        k += 1
    return kept


def _ends_at_url(ln: Line) -> bool:
    """A sentence closing on an address and its full stop ("... finden sich unter
    https://example.com/x."): the line's shape reads the address off before its sentence test."""
    return ln.text.endswith(".") and bool(_URL_TAIL.search(ln.text[:-1]))


def _sentence(ln: Line) -> bool:
    return ((ln.ends_sentence or _ends_at_url(ln)) and ln.words >= 5 and ln.lower_ratio >= 0.5 and ln.dup == 1
            and not (ln.pattern or ln.bullet or is_caption(ln)))


def _standfirst(lines: list[Line], labels: list[str], scores, t: int, body: int) -> int | None:
    """The line the model labels standfirst that it is surest of, between the headline and the
    body, among those an editor would publish as one. A line above the headline is the site's
    slogan, a contact line or another story's ("No products in the cart.")."""
    head = norm_key(lines[t].text)
    under = [k for k in range(t + 1, body)
             if labels[k] == "standfirst" and not _no_standfirst(lines[k], head, lines[t].text)]
    if under:
        return max(under, key=lambda k: scores[k])
    # None labelled standfirst: the first line under the headline that the model takes for a second
    # headline and that reads as a standfirst (sentence case, no date, not the headline again): the
    # model hesitates between the two on a site it has not seen (p 0.59-0.70), and the line was lost.
    return next((k for k in range(t + 1, body) if labels[k] == "title" and _second_title_standfirst(lines[k])
                 and not _no_standfirst(lines[k], head, lines[t].text)), None)


def _second_title_standfirst(ln: Line) -> bool:
    """A line labelled title that reads as a standfirst: prose of UNSURE_WORDS words or more in
    sentence case, said once on the page, not cut off ('...')."""
    return (UNSURE_WORDS <= ln.words <= 80 and ln.lower_ratio >= 0.5 and ln.dup == 1
            and not (ln.pattern or ln.bullet or _TRUNCATED.search(ln.text) or shouting(ln.text)
                     or _CREDIT_IN.search(ln.text)))



def _no_standfirst(ln: Line, head: str, headline: str) -> bool:
    """The headline again, alone or after its kicker ("Auftragshoch bei FACC : HEADLINE"), or
    shortened; a photo's caption ("... Bild © NAME/site"); a contact or link line ("AFP/The Local -
    [email protected]", an image's address); a meta line ("Publicado el 11 de mayo", "Durée de
    l'audio 4:22")."""
    return (_headline_again(ln.text, head) or _headline_shortened(ln.text, headline) or is_caption(ln)
            or bool(_CREDIT_MARK.search(ln.text)) or bool(_EMAIL.search(ln.text)) or _HIDDEN_EMAIL in ln.text
            or bool(_HAS_URL.search(ln.text)) or _meta_line(ln))


_WORD = re.compile(r"\w+")


def _headline_shortened(text: str, headline: str) -> bool:
    """The headline's shorter version (a page's social or list title: "Hingucker beim Flugplatzfest:
    Zweite F13 kurz vor der Zulassung" under "Hingucker beim Flugplatzfest in Dessau: Zweite F13
    ..."): four words or more, at least 80% of them the headline's and in its order (one may move:
    "Für den HSV in der Oberliga?: Jansen kämpft um Trochowskis Comeback"), no longer than it.
    The same words in another order say something else ("Berlin plant neue Radwege für den Senat"
    under "Der Senat plant neue Radwege für Berlin")."""
    words = _WORD.findall(text.casefold())
    if len(words) < 4 or len(text) > len(headline):
        return False
    head = _WORD.findall(headline.casefold())
    in_head = set(head)
    shared = [w for w in words if w in in_head]
    return len(shared) >= 0.8 * len(words) and _in_order(shared, head) >= len(shared) - 1


def _in_order(words: list[str], head: list[str]) -> int:
    """How many of `words` appear in `head`'s order (their longest common subsequence)."""
    row = [0] * (len(head) + 1)
    for w in words:
        diagonal = 0
        for j, h in enumerate(head, 1):
            diagonal, row[j] = row[j], diagonal + 1 if w == h else max(row[j], row[j - 1])
    return row[-1]


# A short line that dates the page or times its audio: a publishing or updating verb with a date
# right after it ("Publicado el 11 de mayo", "Veröffentlicht am 3. März": no year, so no date line;
# not "Posted workers get 12 new rights"), or a clock figure closing a line that names a recording
# or a length ("Durée de l'audio 4:22", "Video 2:13"; not a score: "verlieren in Kiel mit 27:31")
_CLOCK_END = re.compile(r"\b\d{1,2}:\d\d(?::\d\d)?$")
_MEDIA = re.compile(r"\b(?:audio|vid[ée]o|dauer|länge|durée|duración|duration|length|min|podcast|listen|écouter|"
                    r"escuchar|anhören)\b", re.I)
_STATED_START = re.compile(rf"(?:{PUBLISHED.pattern}|{UPDATED.pattern}|\b(?:zuletzt )?geändert\b)\W*", re.I)
# Between the verb and its date: a preposition, an article or a day's name ("am", "le", "on Monday")
_BEFORE_DATE = frozenset("on at am um le el de del il op the hace vor em en in à a".split()) | _DATE_WORDS


def _meta_line(ln: Line) -> bool:
    return ln.words <= 8 and (_stated_date(ln.text) or bool(_CLOCK_END.search(ln.text) and _MEDIA.search(ln.text)))


def _stated_date(text: str) -> bool:
    """Whether the line opens with a publishing or updating verb and a date (a month, or a figure
    that reads as a date, after at most two prepositions or day names)."""
    verb = _STATED_START.match(text)
    if verb is None:
        return False
    words = text[verb.end():].split()
    for n, word in enumerate(words[:3]):
        word = word.strip(",;()").casefold()
        if word[:1].isdigit():
            return _date_figure(word, words[n + 1:n + 3])
        word = word.strip(".:")
        if word in _MONTHS:
            return True
        if word not in _BEFORE_DATE:
            return False
    return False


# A figure that reads as a date or a time: with a year ("2023", "12/3/2023"), or a day or time with its
# '.' or ':' ("3.", "12.01.", "14:20"); an hour's or day's count is _date_figure's (_TIME_UNITS)
_DATE_FIGURE = re.compile(r"\d{1,2}[.:]\d{0,2}\.?|.*(?<!\d)(?:1[89]|20)\d\d(?!\d).*|\d{1,2}[/-]\d{1,2}.*")
_TIME_UNITS = frozenset("min mins minute minutes minuten minutos minuti hour hours hr hrs h stunde stunden hora horas "
                        "heure heures ora ore uur day days tag tagen día días dia dias jour jours giorni".split())


def _date_figure(word: str, after: list[str]) -> bool:
    """A figure after a publishing verb is a date, not "Published in 12 languages" or "Updated: 3
    changes to the rules": see _DATE_FIGURE, a day before a month ("3 March", "11 de mayo"), or an
    hour's or day's count ("hace 3 horas", "vor 2 Stunden")."""
    if _DATE_FIGURE.fullmatch(word.rstrip(",")):
        return True
    following = [w.strip(",.:;()").casefold() for w in after]
    if following and following[0] in ("de", "of", "del"):
        following = following[1:]
    return bool(following) and (following[0] in _MONTHS or following[0] in _TIME_UNITS)


_KICKER_END = re.compile(r"\s*[:|–—]\s+|\s+-\s+")


def _headline_again(text: str, head: str) -> bool:
    """`text` is the headline (its norm_key `head`), alone or after a kicker and a separator. Not
    a sentence that merely ends in the headline's words ("In a tight race, Biden wins")."""
    if not head or not norm_key(text).endswith(head):
        return False
    # after any separator: the headline may hold one of its own ('Politics | Brexit: the deal is done')
    return norm_key(text) == head or any(norm_key(text[m.end():]) == head for m in _KICKER_END.finditer(text))


def from_labels(lab: Labelled, rules: Extraction | None, tz: tzinfo, *, page: str = "",
                listed: bool = True) -> Extraction | None:
    """Article parts from the labeller's line labels; the rules' values where the model finds none.
    Every line left out is listed in `dropped` with its label and the model's confidence (`listed`
    False: none is, for a caller that does not report them). `page`: the seed's text as copied
    (before `_normalise`), for what normalising hides."""
    lines, labels = list(lab.lines), list(lab.labels)
    t = lab.headline
    body_at = _labelled_body(lines, labels, t, rules)
    warnings: tuple[str, ...] = ()
    if not body_at:
        if rules is not None:
            return _with_page_authors(rules, lines)
        body_at = _longest_paragraph(lines, t)
        if not body_at:
            return None
        warnings = ("no article text recognised; kept the longest paragraph (or the short sentences "
                    "under the headline) — check the result with `sitegen convert --report -`",)
    s = _standfirst(lines, labels, lab.scores, t, body_at[0])
    authors = _page_authors(lab, lines, labels, t, body_at, rules, tz)
    if _signed(lines, t, authors, tz):      # the pick is the byline: the headline is the line over it
        return from_labels(replace(lab, headline=t - 1), rules, tz, page=page, listed=listed)
    warnings += _byline_unread(lab, lines, labels, t, body_at[0], authors)
    date = rules.date if rules is not None else None     # the model's date line: see convert_text
    # (after the authors: their search reaches a few lines past the model's last body line)
    roles = rules.roles if rules is not None else {}
    body_at, cut, opened = _article_body(lab, lines, labels, s, body_at, authors, roles, tz, date)
    return _extraction(lab, lines, labels, s, body_at, cut, authors, date, warnings, page, tz, opened, roles,
                       listed)


SURE_BYLINE = 0.9   # P(byline) over which a line under the headline that gives no name is warned about


def _byline_unread(lab: Labelled, lines: list[Line], labels: list[str], t: int, first: int,
                   authors: list[str]) -> tuple[str, ...]:
    """A warning when no author was found though the model is sure of a byline line between the
    headline and the body (no credit): a story published with no byline, said."""
    if authors:
        return ()
    k = next((k for k in range(t + 1, first) if labels[k] == "byline" and lab.scores[k] >= SURE_BYLINE
              and not _credit(lines[k]) and not is_caption(lines[k])), None)
    if k is None:
        return ()
    return (f"line {lines[k].index + 1} reads as the byline ('{lines[k].text[:60]}'), but no author's name was "
            "read from it: add 'authors: [NAME]' in the content file if it names the author",)


def _signed(lines: list[Line], t: int, authors: list[str], tz: tzinfo) -> bool:
    """Whether the headline picked is the article's byline: its words are the name of an author the
    page gives (alone, or after a by-marker: 'by Danilo Dietsch', 'Jossi Loibl'), and the line over it
    may be a headline (headline-sized, no names, no date line, no sentence ending in a full stop)."""
    if t == 0 or not authors:
        return False
    text = lines[t].text
    names = bylines.author_line_names(text)
    if not names or not set(names) <= set(authors):
        return False
    rest = bylines.BY_PREFIX.match(text)
    if norm_key(rest.group("rest") if rest else text) != norm_key("".join(names)):
        return False
    above = lines[t - 1]
    return _may_be_title(above, tz) and not above.prose and not above.text.endswith(".")


def _with_page_authors(rules: Extraction, lines: list[Line]) -> Extraction:
    """The rules' reading of a page the model finds no body in, its authors read as the model
    path reads them (see _proper), and with none under its headline, the page's marked byline
    ('von NAME | DATE' under a table the rules took for the article)."""
    authors = _proper(list(rules.authors), lines) or _proper(_page_byline(lines), lines)
    return replace(rules, authors=tuple(authors))


def _labelled_body(lines: list[Line], labels: list[str], t: int, rules: Extraction | None) -> list[int]:
    """The lines the model labels body (not the headline's), with the sign-offs the rules kept."""
    body_at = [k for k, y in enumerate(labels) if y == "body" and k != t]
    if body_at and rules is not None:
        # A sign-off after the body ("Reporting by ...") is the article's: the rules kept it.
        body_at = sorted(set(body_at) | {k for k, ln in enumerate(lines) if k > body_at[0]
                                          and labels[k] == "byline" and rules.roles.get(ln.index) == "body"})
    return body_at


def _longest_paragraph(lines: list[Line], t: int) -> list[int]:
    """With no body labelled and no rules' article: the longest paragraph of prose, else the short
    sentences under the headline; none when the page has neither."""
    prose = [k for k, ln in enumerate(lines) if ln.prose and k != t]
    # No paragraph of prose at all: the short sentences under the headline ("Walter: Germany.").
    short = [k for k in range(t + 1, len(lines)) if lines[k].ends_sentence and lines[k].words >= 2
             and not (lines[k].pattern or lines[k].bullet)]
    if not prose and not short:
        return []
    return [max(prose, key=lambda k: lines[k].chars)] if prose else short


def _page_authors(lab: Labelled, lines: list[Line], labels: list[str], t: int, body_at: list[int], rules: Extraction | None,
                  tz: tzinfo) -> list[str]:
    """The byline's names: a labelled or marked byline first, then the rules', then the other
    places a page names its author, nearest the headline first."""
    first = body_at[0] if body_at else len(lines)
    lower = page_words(lines)
    authors = _labelled_byline(lab, lines, labels, t, first, lower)
    searched = bool(authors)     # (a byline the model labelled, or a marked one under the headline)
    if not authors:
        authors = _authors_by_headline(lines, labels, t, body_at, rules, lower)
    avatars = _avatar_names(lines, range(max(0, t - 3), min(len(lines) - 1, first + 3)))
    if avatars and set(authors) <= set(avatars):  # "LP" / "Luana Patriolino" / "RF" / "Raphael Felice"
        authors = avatars
    if not authors:
        authors = _authors_elsewhere(lines, labels, t, first, lower, tz)
    if not searched and _one_word_byline(lines, t, first):
        authors = []  # 'By Ela on 31. October': the page signs with a handle, not 'Author: Michaela Vais' further on
    return _proper(authors, lines)


def _proper(names: list[str], lines: list[Line]) -> list[str]:
    """`names` less a menu's word, a button's, a counter's or a job title's after the name, and
    without the site's chrome, a company and a photographer. (Once, on what the searches chose: a
    search that found only such names means no author, not the next search's weaker guess.)"""
    proper = [p for n in _without_menu_word(names, lines) if (p := bylines.author_proper(n))]
    return [n for n in dict.fromkeys(proper) if bylines.plausible_author(n) and not _credited(lines, n)]


# A photo credit's label opening a name's line ('Foto: NAME', 'Photo by NAME', 'Bildquelle: NAME')
# or alone on the line above it ('Photo:' / NAME, 'Foto von' / NAME): a closed class of labels. Alone,
# it needs its colon or by-word: a bare 'Bilder' or 'Image' is a menu's item or an image's alt text.
_CREDIT_WORD = (r"(?:fotos?|photos?|photograph|photography|photographer|fotograf(?:ie|in)?|bild(?:er)?|"
                r"bildquelle|image|images|picture|credit|fotocredit|photo credit)")
_CREDIT_LABEL = re.compile(_CREDIT_WORD + r"\s*(?::|(?:by|von|de|par|por)(?:\s|:|$))", re.I)
_CREDIT_LABEL_ALONE = re.compile(_CREDIT_WORD + r"\s*(?:(?:by|von|de|par|por)\s*:?|:)\s*$", re.I)
# ... inside a line ('... bei Bad Soden-Salmünster - Fotos: NAME'): a caption, no standfirst.
_CREDIT_IN = re.compile(r"(?<!\w)" + _CREDIT_LABEL.pattern, re.I)


def _credited(lines: list[Line], name: str) -> bool:
    """The page writes `name` on short lines only as a photo credit (see _CREDIT_LABEL, _credit):
    the photographer, not the author. A line opening with a by-marker is a byline, whatever the
    line above it ('Photo:' / 'By NAME': the photo's credit lost its name)."""
    low = name.casefold()
    holders = [k for k, ln in enumerate(lines) if ln.words <= 20 and low in ln.text.casefold()]
    return bool(holders) and all(
        _credit(lines[k]) or _CREDIT_LABEL.match(lines[k].text)
        or k and _CREDIT_LABEL_ALONE.match(lines[k - 1].text) and not bylines.BY_PREFIX.match(lines[k].text)
        for k in holders)


def _labelled_byline(lab: Labelled, lines: list[Line], labels: list[str], t: int, first: int,
                     lower: Container[str]) -> list[str]:
    """The names of a marked byline between the headline and the body, else of the most confident
    byline line that names someone (co-authors share one line; a second line is usually a
    credit: "Reporting by ...")."""
    # A marked byline between the headline and the body first: "Von NAME | DATE" over a photo
    # credit the model labels a byline.
    authors = next((names[:6] for k in range(t + 1, min(first, t + 6))
                    if (names := _marked_names(lines, k)) and not _in_teaser(lines, k)), [])
    for k in sorted((k for k, y in enumerate(labels) if y == "byline" and not authors and not _credit(lines[k])
                     and not _phrase(lines[k], role=True) and not _in_teaser(lines, k)),
                    key=lambda k: (k > first, not bylines.BY_PREFIX.match(lines[k].text), -lab.scores[k])):
        authors = list(dict.fromkeys(n for n in bare_names(lines[k], lower, given=True, author=True) if not _button(n)))[:6]
        if authors and not bylines.BY_PREFIX.match(lines[k].text) \
                and all(_named_nearby(lines, labels, k, n) for n in authors):
            authors = []          # a headline's or caption's subject alone by it: the next byline
            continue
        if authors:
            if not bylines.BY_PREFIX.match(lines[k].text) and not _marked_names(lines, k):
                # A name alone, wherever it stands ('Kontakt' / NAME below the body's start, a
                # teaser card's author under a wrong headline), yields to the page's marked
                # byline ('Autoren' / NAME, 'von' / NAME), when it has one; above the body not to
                # a closing sign-off's contributors ('JANE DOE, Reuters' ... 'Reporting by NAME').
                authors = _page_byline(lines, signoffs=k > first) or authors
            break
    return authors


def _authors_by_headline(lines: list[Line], labels: list[str], t: int, body_at: list[int],
                         rules: Extraction | None, lower: Container[str]) -> list[str]:
    """With no byline found: the rules' authors, else a "By NAME" line nearest the headline, else a
    name on the date line under it."""
    first = body_at[0] if body_at else len(lines)
    authors: list[str] = []
    if rules is not None:
        authors = _unless_teaser(lines, _unless_about(lines, labels, list(rules.authors)))
    if not authors:  # a "By NAME" line from the headline to just after the body, nearest the headline
        last = (body_at[-1] if body_at else t) + 5
        near = sorted(range(max(0, t - 3), min(len(lines), last + 1)), key=lambda k: abs(k - t))
        authors = next((names[:6] for k in near if (names := _marked_names(lines, k)) and not _in_teaser(lines, k)), [])
    if not authors:  # "Julia Steinhoff / Oktober 25 2023": the name on the date line under the headline
        authors = next((names[:6] for k in range(t + 1, min(first, t + 6)) if labels[k] == "date"
                        and (names := [n for n in bylines.author_names(lines[k].text) if opens_with_given_name(n)
                                       and n.split()[0].lower() not in lower and not _button(n)])), [])
        authors = _unless_about(lines, labels, authors)
    return authors


def _authors_elsewhere(lines: list[Line], labels: list[str], t: int, first: int, lower: Container[str],
                       tz: tzinfo) -> list[str]:
    """The last places a page names its author: a meta line by the headline, a "Posted by" line
    anywhere, a name alone by the date line or near the headline."""
    # "04.02.2022 | 13:10 Uhr | NAME", "NAME | 30. Dezember 2022 | HR-Welt" by the headline
    authors = next((names for k in range(max(0, t - 2), min(len(lines), t + 10))
                    if (names := _meta_line_name(lines[k], tz))), [])
    authors = _unless_about(lines, labels, authors)
    if not authors:  # "Posted by NAME at 2:33 PM" far from a misplaced headline or body
        authors = _page_byline(lines)
    if not authors:  # "28. November 2022" / "Nadja Podbregar": a name alone by the date line
        authors = _unless_about(lines, labels, _dated_name(lines, lower, tz))
    if not authors:  # "PRASHANT JHA" / "VOR 2 STUNDEN" / HEADLINE: a name alone near the headline
        authors = _unless_about(lines, labels, _near_name(lines, labels, t, first, lower))
    return authors


def _article_body(lab: Labelled, lines: list[Line], labels: list[str], s: int | None, body_at: list[int], authors: list[str],
                  roles: dict, tz: tzinfo, date: datetime | None = None
                  ) -> tuple[list[int], list[tuple[int, str]], dict[int, tuple[str, str]]]:
    """The labelled body less what closes or interrupts an article (comments, bios, captions,
    teasers, notes, meta lines: each cut with its reason), with the lede and lists, tables and
    subheads; and the body lines a byline opens (see _bylines_opening)."""
    scores, t = lab.scores, lab.headline
    body_at, cut = _before_comments(lines, body_at)
    # The closing meta line itself goes even when too little was read above it to cut there.
    cut += [(k, "body (model), but the post's closing meta line") for k in body_at if _POST_META.match(lines[k].text)]
    body_at = [k for k in body_at if not _POST_META.match(lines[k].text)]
    body_at, bios = _without_about_boxes(lines, body_at, authors)
    cut += bios
    # (A bio opening with the author's name, unlike the cuts above, does not end the article.)
    body_at, named = _without_author_bios(lines, body_at, authors, tz)
    body_at = _fill_gaps(lines, labels, body_at, scores, roles)
    if not cut:
        body_at = _doubted_tail(lines, labels, body_at, scores, roles)
    cut += named
    body_at = sorted(set(body_at).union(_lead_paragraphs(lines, labels, t, scores, roles)))
    body_at, stray = _without_stray_last(lines, body_at)
    cut += stray
    body_at = _closing_paragraph(lines, labels, body_at, authors, tz)
    # (Before the lists: what an ad's "Wie wäre es mit:" introduces is no list of the article's.)
    body_at, captions = _without_captions(lines, body_at)
    body_at, teasers = _without_teaser_links(lines, body_at)
    body_at, notes = _without_notes(lines, body_at)
    cut += captions + teasers + notes
    body_at, repeats = _without_repeats(lines, _with_lede_and_lists(lines, labels, t, s, body_at, authors, tz))
    body_at, meta = _without_meta_edges(lines, body_at, authors, tz, _stated_days(lab, date, tz))
    return body_at, cut + repeats + meta, _bylines_opening(lines, body_at, authors, tz)


META_EDGE = 2       # lines at each end of the body where a byline or date line is looked for
META_WORDS = 16     # words a byline or date line may have: a longer line is never dropped as one

# What a byline or date line holds besides names and digits: the date's words, a publishing or
# updating verb, a by-marker, a count of comments, a reading time (closed classes, not a page's).
_META_WORDS = _DATE_WORDS | frozenset(
    "a las hrs h hs hr uhr posted published written by von por par comments comment kommentare kommentar "
    "comentarios comentario commentaires commentaire read and und y et e".split())   # (two authors: "A und B")
_META_BY = re.compile(r"(?i)^(?:(?:posted|written|published|geschrieben|verfasst|publicado|publié)\s+)?"
                      r"(?:by|von|por|par)\s+")


def _meta_edge(ln: Line, authors: list[str], tz: tzinfo, days: frozenset[Day] | None = None) -> bool:
    """A byline or date line that the model took for a paragraph: the author's name alone or
    after a by-marker ("Phil Helsel", "Posted by Alex Durán, AMP Project Marketing"), or a date
    with nothing but names and a date's, a count's or a reading time's words ("04 de mayo 2022 a
    las 09:01 hrs.", "By Ana Ruiz on 3 May 2023 | 4 Comments", "5 min read"). A date with neither
    a name nor a by-marker only on a day in `days` (the extraction's own: an event's "Samstag, 4.
    März 2023, 19 Uhr" or a live blog's day heading is the story's); None: any day."""
    if ln.words > META_WORDS or ln.bullet:
        return False
    text = _STATED_WORD.sub(" ", ln.text)
    named, by = False, _META_BY.match(ln.text)
    if by and _ONE_WORD_BY.match(ln.text) and ln.text[by.end():].split():   # 'By Ela on 31. October, 2023'
        authors = [*authors, ln.text[by.end():].split()[0]]          # (a handle signs it: see _one_word_byline)
    for name in sorted(authors, key=len, reverse=True):
        text, n = re.subn(r"(?<!\w)" + re.escape(name) + r"(?!\w)", " ", text, flags=re.I) if name else (text, 0)
        named = named or n > 0
    rest = [w.casefold() for w in _WORD2.findall(text)]
    if all(w in _META_WORDS for w in rest):
        return named or _own_date(ln, tz, None if by else days) or bool(rest) and any(
            w in _READING_WORDS for w in rest) and any(c.isdigit() for c in ln.text)
    # 'Posted by NAME, role': a by-marker, then the author's name first
    return bool(by) and ln.words <= 12 and any(ln.text[by.end():].startswith(a) for a in authors if a)


def _own_date(ln: Line, tz: tzinfo, days: frozenset[Day] | None) -> bool:
    """The line states a date, on one of `days` (any day when None)."""
    found = line_date(ln, tz, META_WORDS)
    return found is not None and (days is None or found.date() in days)


def _stated_days(lab: Labelled, date: datetime | None, tz: tzinfo) -> frozenset[Day]:
    """The days the extraction states as its own: the rules' date and the model's date lines'."""
    found = [date, *(line_date(ln, tz, META_WORDS) for ln in date_lines(lab))]
    return frozenset(d.date() for d in found if d is not None)


# Where a glued byline may end: a sentence's end or a "|" (a year's "2023." ends one, a day's "31." not).
_SENTENCE_END = re.compile(r"(?<=[.!?|])(?<!(?<!\d)\d\.)(?<!(?<!\d)\d\d\.)\s+(?=\S)")


def _bylines_opening(lines: list[Line], body_at: list[int], authors: list[str],
                     tz: tzinfo) -> dict[int, tuple[str, str]]:
    """The body's first or last META_EDGE lines that open with a byline glued to text ("By Ela on
    31. October, 2023 | 18 Comments. This post may contain ..."): a by-marker or the author's name
    first, up to a sentence's end or a "|", that _meta_edge reads as a byline or date line. Each
    such line's (byline, rest): the rest is published, the byline listed by `--report`; nothing of
    the line but its byline is lost."""
    edges = sorted(set(body_at[:META_EDGE] + body_at[-META_EDGE:]))
    return {k: split for k in edges if (split := _glued_byline(lines[k], authors, tz)) is not None}


def _glued_byline(ln: Line, authors: list[str], tz: tzinfo) -> tuple[str, str] | None:
    """(byline, rest) of a line opening with a byline glued to text: a by-marker or the author's
    name first, up to a sentence's end or a "|", that _meta_edge reads as a byline or date line;
    None for any other line, and for a whole meta line (see _without_meta_edges)."""
    text = ln.text
    if not (_META_BY.match(text) or any(a and text.startswith(a) for a in authors)) or _meta_edge(ln, authors, tz):
        return None
    cuts = [m for m in _SENTENCE_END.finditer(text) if len(text[:m.start()].split()) <= META_WORDS]
    meta = next((m for m in reversed(cuts) if _meta_edge(make_line(ln.index, text[:m.start()]), authors, tz)), None)
    return None if meta is None else (text[:meta.start()], text[meta.end():])


def _without_meta_edges(lines: list[Line], body_at: list[int], authors: list[str], tz: tzinfo,
                        days: frozenset[Day]) -> tuple[list[int], list[tuple[int, str]]]:
    """The body without a byline or date line among its first or last META_EDGE lines (the page's
    meta line the model read as a paragraph; a bare date only on one of `days`, the extraction's
    own), while two paragraphs of prose remain."""
    edges = sorted(set(body_at[:META_EDGE] + body_at[-META_EDGE:]))
    gone = [(k, "body (model), but a byline or date line at the body's edge") for k in edges
            if _meta_edge(lines[k], authors, tz, days)]
    kept, gone = _dropping(body_at, gone)
    return (kept, gone) if sum(lines[k].prose for k in kept) >= 2 else (body_at, [])


REPEAT_WORDS = 8    # words a paragraph needs for its second copy to be a page's repeat, not a refrain


def _without_repeats(lines: list[Line], body_at: list[int]) -> tuple[list[int], list[tuple[int, str]]]:
    """One copy of a paragraph the page shows by mistake twice: a dek printed again further down
    (its first copy among the body's first two paragraphs of 8+ words) or a box repeating the
    paragraph above it (the copies adjacent). The first copy stays: the lede, the language and the tags read it
    (dropping a German page's first copy made it English). A paragraph shown three times or more
    (a song's chorus), or twice apart later on (a quote repeated on purpose, an "Update:" line, a
    list's item), is the story's; so are short lines and lines of few lower-case words (code, a
    caption's "Zum Vergrößern bitte anklicken", a results list's "5. Dietrich, Susen 1993 WÜ ...")."""
    where: dict[str, list[int]] = {}
    rank: dict[int, int] = {}  # a paragraph's place among those of 8+ words: short lines above a dek
    for pos, k in enumerate(body_at):  # ("Foto: Archivo", "Por Redacción") do not push it down
        if lines[k].words >= REPEAT_WORDS:
            rank[pos] = len(rank)
            if lines[k].lower_ratio >= 0.5:
                where.setdefault(norm_key(lines[k].text), []).append(pos)
    drop = [(body_at[second], f"body (model), but the paragraph of line {lines[body_at[first]].index + 1} again")
            for first, second in (pos for pos in where.values() if len(pos) == 2)
            if rank[first] < 2 or second == first + 1]
    gone = {k for k, _ in drop}
    return [k for k in body_at if k not in gone], sorted(drop)


def _with_lede_and_lists(lines: list[Line], labels: list[str], t: int, s: int | None, body_at: list[int],
                         authors: list[str], tz: tzinfo) -> list[int]:
    lede = _header_paragraphs(lines, labels, t, s, tz)
    for rule in (_without_captions, _without_teaser_links, _without_notes):
        lede = rule(lines, lede)[0] if lede else []
    # (The lede first: a lede ending in a colon introduces the list under it.)
    body_at = sorted(set(body_at).union(lede))
    body_at = _introduced_lists(lines, body_at)
    body_at = _list_and_close(lines, body_at, tz)
    body_at = _long_paragraphs(lines, labels, body_at, tz, authors)
    body_at = _numbered_items(lines, body_at)
    body_at = _tables(lines, body_at)
    body_at = _quantity_lists(lines, body_at, tz)
    body_at = _broken_sentences(lines, labels, t, body_at)
    return _with_subheads(lines, body_at, t, tz)


def _broken_sentences(lines: list[Line], labels: list[str], t: int, body_at: list[int]) -> list[int]:
    """The body with the rest of a sentence the page broke over two lines, the model keeping one:
    a short line ending in a comma right above a body line that opens in lower case ('Liebe
    Leserinnen und Leser,' / 'vor sieben Jahren habe ich ...': a letter's salutation), or a line
    opening in lower case right under a body line ending in a comma (a list's next item: '...
    von 1,5 Metern,' / 'die Pflicht zur Kontakterfassung sowie'). The comma and the lower case say
    the two are one sentence, whatever the model made of the line alone."""
    inside = set(body_at)

    def loose(k: int) -> bool:     # a line left out that may be part of a sentence
        ln = lines[k]
        return (k not in inside and k != t and labels[k] == "other" and ln.dup == 1
                and not (ln.pattern or ln.bullet or is_caption(ln)))

    def opening(ln: Line) -> bool:  # not a meta line: tags or categories ('Posted in A, B, C,'), a byline
        return (ln.words <= 12 and ln.text.endswith(",") and ln.text.count(",") <= 2
                and not (_POST_META.match(ln.text) or bylines.BY_PREFIX.match(ln.text)))

    extra = [k - 1 for k in body_at if k - 1 >= 0 and loose(k - 1) and opening(lines[k - 1])
             and lines[k].text[:1].islower()]
    extra += [k + 1 for k in body_at if k + 1 < len(lines) and loose(k + 1)
              and lines[k].text.endswith(",") and lines[k + 1].text[:1].islower()]
    return sorted(inside.union(extra))


def _extraction(lab: Labelled, lines: list[Line], labels: list[str], s: int | None, body_at: list[int], cut: list[tuple[int, str]],
                authors: list[str], date, warnings: tuple[str, ...], page: str, tz: tzinfo,
                opened: dict[int, tuple[str, str]] | None = None, roles: dict[int, str] | None = None,
                listed: bool = True) -> Extraction:
    """The article's parts, and (`listed`) every line left out with its reason: a cut's, else its
    label's (and the byline opening a body line, `opened`: published without it). Each reason's
    text was 1.5% of a pool worker's time, and the pool's results dropped them unless a report
    was asked for."""
    t = lab.headline
    keep = {t, s, *body_at}
    why = dict(cut)
    opened = opened or {}
    dropped = () if not listed else tuple(sorted(
        [(ln.index + 1, ln.raw, why.get(k) or f"{labels[k]} (model, p={lab.scores[k]:.2f})")
         for k, ln in enumerate(lines) if k not in keep]
        + [(lines[k].index + 1, meta, "body (model), but the byline or date line opening this paragraph")
           for k, (meta, _) in opened.items()], key=lambda d: d[0]))
    title = repeated_core(lines[t].text, {ln.text for ln in lines})
    title = clean_title(title, spaced_punctuation([lines[k].text for k in body_at]) or typographic_colon(title, page))
    unsure = _left_out(lines, labels, lab.scores, body_at, keep, why, tz, t, roles or {})
    return Extraction(
        title=title,
        summary=lines[s].text if s is not None else "",
        authors=tuple(authors),
        date=date,
        body=tuple(opened[k][1] if k in opened else lines[k].raw if marked(lines[k]) else lines[k].text
                   for k in body_at),
        dropped=tuple(sorted(dropped + _kicker_cut(lines[t], title), key=lambda d: d[0])) if listed else (),
        lines=tuple(ln.raw for ln in lines),
        roles={},
        warnings=warnings,
        left_out=tuple((lines[k].index + 1, lines[k].raw) for k in unsure),
    )


def _kicker_cut(line: Line, title: str) -> tuple[tuple[int, str, str], ...]:
    """What repeated_core and clean_title cut from the headline's line (a kicker, a breadcrumb), as
    a dropped line: listed nowhere, it was lost in silence ('Die Zukunft der Arbeit"Wir ...')."""
    head, found, tail = line.text.partition(title)
    cut = " … ".join(part.strip() for part in (head, tail) if part.strip()) if found else ""
    return ((line.index + 1, cut, "kicker cut from the headline"),) if cut else ()


UNSURE = 0.9    # P(other) under which a dropped line's label counts as a doubt
UNSURE_REACH = 6    # lines below the body's last line still read as the story's close
UNSURE_WORDS = 8    # words a sentence needs to read like the story's


# The rules' cut of a body line that may still be the story's: a stray, its last paragraph set apart
# (on the dev pages, the teaser cut's lines were all "Lire aussi"/"Mehr lesen" links; the others,
# captions, bios, repeats, are sure).
_DOUBTED_CUTS = ("body (model), but alone far below",)
BYLINE_WORDS = 16   # a byline's most words ("By NAME and NAME, Political Correspondents, in CITY")


def _left_out(lines: list[Line], labels: list[str], scores, body_at: list[int], keep: set,
              why: dict[int, str], tz: tzinfo, t: int, roles: dict[int, str]) -> list[int]:
    """The dropped lines that read like the story's, for a warning ("nothing is silently lost": the
    editor is told where to look, not only `--report`): inside the body or at most UNSURE_REACH lines
    under it, a sentence (UNSURE_WORDS or more) or an item of a list a body line introduces with a
    colon, labelled other with a doubt (p < UNSURE) and cut by no rule; anywhere under the headline,
    such a sentence labelled body and cut by a doubted rule (_DOUBTED_CUTS: a stray last paragraph),
    and prose labelled a second title, a byline or a date with a doubt or too long for a byline (a
    standfirst, unstopped). A
    sentence between body lines (see between_body), no caption, is named whatever the model's
    confidence: the story's text around it says it is the story's."""
    if not body_at:
        return []
    out, listed = [], set()
    for j in body_at:
        if lines[j].text.endswith(":"):
            k = j + 1
            while k < len(lines) and k not in keep and _item(lines[k], tz):
                listed.add(k)
                k += 1
    story_like = [k for k in range(t + 1, len(lines)) if k not in keep and _sentence(lines[k])
                  and lines[k].words >= UNSURE_WORDS]
    out += [k for k in story_like if labels[k] == "body" and why.get(k, "").startswith(_DOUBTED_CUTS)]
    head = norm_key(lines[t].text)
    out += [k for k in range(t + 1, body_at[-1]) if labels[k] in ("title", "byline", "date") and k not in why
            and k not in keep and _prose(lines[k], tz) and (scores[k] < UNSURE or lines[k].words > BYLINE_WORDS)
            and not (labels[k] == "title" and _no_standfirst(lines[k], head, lines[t].text))]
    for k in range(body_at[0] + 1, min(len(lines), body_at[-1] + UNSURE_REACH + 1)):
        if k > body_at[-1] and _post_end(lines[k]):
            break
        if k in keep or k in why or labels[k] != "other":
            continue
        if scores[k] >= UNSURE and not (k < body_at[-1] and between_body(lines, set(body_at), k, roles)
                                        and not _rules_caption(lines, k, roles)):
            continue
        if _sentence(lines[k]) and lines[k].words >= UNSURE_WORDS or k in listed:
            out.append(k)
    return sorted(out)


def _prose(ln: Line, tz: tzinfo) -> bool:
    """A line of the story's prose, stopped or not (a standfirst), with no date in it: no byline."""
    return (ln.words >= UNSURE_WORDS and ln.lower_ratio >= 0.5 and ln.dup == 1
            and not (ln.pattern or ln.bullet or is_caption(ln) or _CREDIT_IN.search(ln.text))
            and find_date(ln.text, tz) is None)
