"""The learned line labeller: a linear-chain CRF (python-crfsuite) that labels every line of a page.

A page is a sequence of lines; each gets one of LABELS from features of itself and of its
neighbours (length, punctuation, case, position, repetition, date and name shapes, what the
shape rules made of it). The CRF learns from the annotated corpus which of those signals to trust
on pages from sites it has never seen; the rules' own decision is one feature among many, so the
model corrects them where the annotations disagree (`python -m sitegen.convert.train`).

The model file ships in the package (model.crfsuite) and is loaded once per process. Its version
(a hash of its bytes) goes into the conversion cache key, so a new model re-converts the seeds.
"""
from __future__ import annotations

import hashlib
import math
from bisect import bisect_left
import re
from dataclasses import dataclass
from datetime import tzinfo
from functools import lru_cache
from itertools import accumulate, repeat
from operator import gt
from pathlib import Path

from . import bylines
from .headline import Ranker, passed_lede, rule_pick, settle
from .blocks import Line, content_words, densest_run, is_caption, line_date, line_names, norm_key, shouting

LABELS = ("title", "standfirst", "byline", "date", "body", "other")
MODEL_PATH = Path(__file__).with_name("model.crfsuite")


def ranker_path(model: Path) -> Path:
    """The headline ranker trained with a labeller model: model.crfsuite -> model.headline.crfsuite."""
    return model.with_name(model.stem + ".headline" + model.suffix)

_URL = re.compile(r"https?://|www\.|\.(?:com|de|org|net)\b")
_DIGITS = re.compile(r"\d")
_FIRST_WORD = re.compile(r"^[^\W\d_]{1,14}\b")


@dataclass(frozen=True)
class Labelled:
    """A page's lines with the label the model gives each and the model's confidence in it."""
    lines: tuple[Line, ...]
    labels: tuple[str, ...]
    scores: tuple[float, ...]
    title_scores: tuple[float, ...]     # P(title) per line
    headline: int | None = None         # the headline's line (the ranker's choice); None: rule_pick's

    def __post_init__(self):
        if self.headline is None and self.lines:
            object.__setattr__(self, "headline", rule_pick(self.lines, self.title_scores))


class Labeller:
    """A loaded model (or none: `NO_MODEL` keeps the rules' decisions)."""

    def __init__(self, tagger=None, version: str = "rules", ranker: Ranker | None = None):
        self.tagger = tagger
        self.version = version
        self.ranker = ranker

    @classmethod
    def load(cls, path: Path) -> "Labeller":
        """The labeller at `path` and, when it was trained with one, its headline ranker; the
        version hashes both files."""
        import pycrfsuite
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        digest = hashlib.sha256(path.read_bytes())
        ranker = None
        if (rpath := ranker_path(path)).exists():
            ranker = Ranker(pycrfsuite.Tagger())
            ranker.tagger.open(str(rpath))
            digest.update(rpath.read_bytes())
        return cls(tagger, digest.hexdigest()[:12], ranker)

    def label(self, lines: list[Line], roles: dict[int, str], tz: tzinfo) -> Labelled | None:
        if self.tagger is None or not lines:
            return None
        xs = page_features(lines, roles, tz)
        self.tagger.set(xs)
        labels = self.tagger.tag()
        marginal = self.tagger.marginal      # (mapped in C: two calls a line)
        scores = list(map(marginal, labels, range(len(labels))))
        titles = list(map(marginal, repeat("title", len(lines)), range(len(lines))))
        pick = self.ranker.pick(xs, labels, titles, lines) if self.ranker is not None else rule_pick(lines, titles)
        headline = settle(lines, labels, titles, pick)
        if passed_lede(lines, labels, pick, headline):
            labels[pick], scores[pick] = "standfirst", marginal("standfirst", pick)
        return Labelled(tuple(lines), tuple(labels), tuple(scores), tuple(titles), headline)


NO_MODEL = Labeller()


@lru_cache(maxsize=1)
def default_labeller() -> Labeller:
    """The shipped model, loaded once per process; the rules alone when it is missing."""
    return Labeller.load(MODEL_PATH) if MODEL_PATH.exists() else NO_MODEL


def _buckets(key: str, edges: tuple[float, ...]):
    """The attribute "key:i" of a number, i the index of the first edge >= it: the name that
    pycrfsuite would join from the string feature {"key": "i"}, built once here instead of per use.
    A closure, not an object with __call__: Python 3.11 runs a call to a Python function inline
    but not one through a class's __call__ (0.24 against 0.38 µs; ten calls a line)."""
    names = tuple(f"{key}:{k}" for k in range(len(edges) + 1))

    def name(n: float) -> str:
        return names[bisect_left(edges, n)]
    return name


_W = _buckets("w", (0, 1, 2, 3, 5, 8, 12, 18, 25, 40, 80))
_NSENT = _buckets("nsent", (1, 2, 4))
_LOW = _buckets("low", (0.0, 0.2, 0.4, 0.6, 0.8, 0.99))
_DUP = _buckets("dup", (1, 2))
_DIG = _buckets("dig", (0.0, 0.1, 0.3))
_POS = _buckets("pos", (0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9))
_DIST_RUN = _buckets("dist_run", (1, 3, 8, 20))
_SHARE = _buckets("share", (0.0, 0.3, 0.6, 0.99))
_LEDE = _buckets("lede", (0.0, 0.25, 0.5))
_TO_PROSE = _buckets("to_prose", (1, 2, 4, 8, 14))
# (An empty line's last character "" is `in` any string: its end is "end:".)
_ENDS = {c: "end:" + c for c in ("", *".!?:|,;)»\"”…")}


def _has_date(ln: Line, tz: tzinfo) -> bool:
    return line_date(ln, tz, 30) is not None


def _names(ln: Line, by: bool) -> list[str]:
    """`by`: whether the line opens with a by-marker (BY_PREFIX; _text_attrs has matched it on
    every line of up to 40 words, so it is not matched again here)."""
    if ln.words < 2 or ln.words > 16 or (ln.lower_ratio > 0.6 and ln.words > 2 and not by):
        return []                 # a byline is short and mostly capitalised (or starts "By")
    return line_names(ln)


# The flags a line's neighbours copy: before "rule" in their copies, and after it.
_SHARED_FLAGS = (("prose", "date", "name", "by"), ("pat", "bul", "cap"))
# A line's own flags, in the order the model was trained on (bit i of a line's mask: _FLAGS[i]).
_FLAGS = ("sent", "caps", "bul", "pat", "prose", "cap", "date", "name", "by", "url", "at")


@lru_cache(maxsize=2048)
def _flag_attrs(mask: int) -> tuple[dict[str, float], frozenset[str]]:
    """The attributes of the flags set in `mask` (in _FLAGS order) and their set: a page's lines
    share a few dozen of the 2,048 masks, so each mask's dict and set are built once (and the
    set's hash, which keys what the neighbours copy, is computed once too)."""
    on = [key for i, key in enumerate(_FLAGS) if mask >> i & 1]
    return dict.fromkeys(on, 1.0), frozenset(on)


def _own(ln: Line, role: str, tz: tzinfo) -> tuple[dict[str, float], tuple]:
    """The line's own attributes (weight 1.0 each: a flag is present only when true, a CRF weight
    times 0 is 0), and the key of what its neighbours copy from it (`_neighbour_attrs`)."""
    words = ln.words
    digits, end, dig, caps, by, url, at, first = _text_attrs(ln.text, words)
    w, low, dup, rule = _W(words), _LOW(ln.lower_ratio), _DUP(ln.dup), "rule:" + role
    f = {w: 1.0, end: 1.0, _NSENT(ln.sentences): 1.0, low: 1.0, dup: 1.0, dig: 1.0, rule: 1.0}
    # (Each test runs whatever the others give, as each memoises its finding on the line.)
    cap = words <= 70 and is_caption(ln)
    date = digits > 0 and _has_date(ln, tz)
    name = bool(_names(ln, by))
    flags, on = _flag_attrs(ln.ends_sentence | caps << 1 | ln.bullet << 2 | ln.pattern << 3 | ln.prose << 4
                            | cap << 5 | date << 6 | name << 7 | by << 8 | url << 9 | at << 10)
    f.update(flags)
    if first is not None:
        f[first] = 1.0     # closed-class openers: "By", "Von", "Updated"
    return f, (w, end, rule, low, dup, on)


# What _own reads from the text alone (and its word count), cached across the pages of a run as
# the names and dates are: a third of the dev corpus's lines occur on an earlier page.
@lru_cache(maxsize=16384)
def _text_attrs(text: str, words: int) -> tuple[int, str, str, bool, bool, bool, bool, str | None]:
    last = text[-1:]
    digits = len(_DIGITS.findall(text)) if words <= 40 else 0
    end = _ENDS.get(last) or ("end:d" if last.isdigit() else "end:a" if last.isalpha() else "end:x")
    m = _FIRST_WORD.match(text) if words <= 20 else None     # (read only up to 20 words)
    return (digits, end, _DIG(digits / max(1, len(text))), words >= 2 and shouting(text),
            words <= 40 and bool(bylines.BY_PREFIX.match(text)), bool(_URL.search(text)), "@" in text,
            "first=" + m.group(0).lower() if m else None)


@lru_cache(maxsize=4096)
def _neighbour_attrs(w: str, end: str, rule: str, low: str, dup: str, on: frozenset[str]) -> tuple[dict, ...]:
    """What a line's neighbours at -2, -1, +1, +2 copy from it, as they name it ("-1:w:3"), in
    the order the model was trained on. Lines of the same shape recur: built once per shape."""
    before, after = ([key for key in keys if key in on] for keys in _SHARED_FLAGS)
    shared = (w, end, *before, rule, *after, low, dup)
    return tuple({f"{off}:{a}": 1.0 for a in shared} for off in (-2, -1, 1, 2))


_EDGES = ("-2:edge", "-1:edge", "1:edge", "2:edge")
_WINDOWS = (("name", 1, 4), ("date", 1, 4), ("by", 1, 4), ("prose", 1, 3),
            ("name", -3, -1), ("date", -3, -1), ("prose", -3, -1))
_WINDOW_NAMES = tuple(f"win{lo}{hi}:{key}" for key, lo, hi in _WINDOWS)
_DT = {d: f"dt:{d}" for d in range(-3, 5)}


def _window_hits(counts: dict[str, list[int]], n: int) -> list[list[bool]]:
    """Per window (in _WINDOWS order), whether each line has a line with its flag in that window.
    (Counts never decrease, so c[b] > c[a] implies b > a: the window is not empty.) The counts
    are padded past the page's ends (c[n] after, c[0] before), so that each window is one
    comparison of two shifted lists in C instead of a min() or max() per line."""
    out = []
    for key, lo, hi in _WINDOWS:
        c = counts[key]
        if lo > 0:          # c[min(n, k + hi + 1)] > c[min(n, k + lo)]
            pad = c + [c[n]] * (hi + 1)
            hits = list(map(gt, pad[hi + 1:hi + 1 + n], pad[lo:lo + n]))
        else:               # c[k] > c[max(0, k + lo)]
            pad = [c[0]] * -lo + c
            hits = list(map(gt, c[:n], pad[:n]))
        out.append(hits)
    return out


@lru_cache(maxsize=128)
def _window_attrs(row: tuple[bool, ...]) -> dict[str, float]:
    """A line's window attributes from its row of hits (one per window, in _WINDOWS order): a
    page's lines share a few of the 128 rows, so each row's dict is built once."""
    return {name: 1.0 for name, on in zip(_WINDOW_NAMES, row) if on}


def _prefix_counts(flags: list[bool]) -> list[int]:
    """counts[i] = how many of flags[:i] are true (a window's count is a difference of two)."""
    return list(accumulate(flags, initial=0))


def page_features(lines: list[Line], roles: dict[int, str], tz: tzinfo) -> list[dict[str, float]]:
    """Features of every line, its neighbours' (±1, ±2), nearby name/date/prose lines, and its
    place on the page (position, the densest run of prose, distance from the rules' headline).
    Each is a crfsuite attribute with its weight ({"w:3": 1.0}, not {"w": "3"}: the same attribute,
    without pycrfsuite joining the name and value of every feature of every line again)."""
    n = len(lines)
    own, keys = zip(*(_own(ln, roles.get(ln.index, "none"), tz) for ln in lines)) if lines else ((), ())
    counts = {key: _prefix_counts([key in o for o in own]) for key in ("name", "date", "by", "prose")}
    start, end = densest_run(lines)
    body_words = set().union(*(content_words(ln) for ln in lines[start:end + 1] if ln.prose))
    lede_words = content_words(lines[start]) if start < n else frozenset()
    # Two passes over the lines, each adding its attributes to every line's own in the order the
    # model was trained with (a pass a stage: no call per line added).
    _add_place(own, lines, _inside_longer(lines), body_words, lede_words, start, end)
    title_at = next((k for k, ln in enumerate(lines) if roles.get(ln.index) == "title"), None)
    windows = [_window_attrs(row) for row in zip(*_window_hits(counts, n))]
    shared = [_neighbour_attrs(*key) for key in keys]     # each line's, as its neighbours copy it
    _add_surroundings(own, lines, windows, _next_prose(lines), title_at, shared)
    return list(own)


def _inside_longer(lines: list[Line]) -> list[bool]:
    """A headline is often repeated inside a longer line (breadcrumb, share text, "Title | Site")."""
    nkeys = [ln.cache.get("key") or norm_key(ln.text) for ln in lines]
    joined = "\n".join(nkeys[k] for k in range(len(lines)) if lines[k].words <= 60)
    wanted = {key for ln, key in zip(lines, nkeys) if 3 <= ln.words <= 25 and len(key) >= 12}
    if len(joined) * len(wanted) > _SCAN_MOST:    # each key counted alone is quadratic: 22 s for a 6 MB seed
        counts = occurrences(joined, wanted)
    else:
        counts = {key: joined.count(key) for key in wanted}
    return [3 <= ln.words <= 25 and len(key) >= 12 and counts[key] > ln.dup for ln, key in zip(lines, nkeys)]


_SCAN_MOST = 50_000_000   # characters str.count may scan for one page (a long article's: 2 million)
_HEAD = 12                # every key counted is at least this long


def occurrences(text: str, keys: set[str]) -> dict[str, int]:
    """{key: text.count(key)} for keys of _HEAD characters or more, in one pass over the text: each
    position's next _HEAD characters are looked up among the keys' first ones, then, where many keys
    share them, among their next _HEAD characters, and so on (_Keys). Trying each key of a shared
    head in turn was quadratic in lines that start alike (a transcript's 'Councillor Smith: ...'
    lines: 8,000 took 18 times as long as 2,000, a 15 MB seed hours)."""
    root = _Keys.of(list(keys), 0)
    counts = dict.fromkeys(keys, 0)
    free = dict.fromkeys(keys, 0)     # where the key's next match may start (str.count's do not overlap)
    get, starts = root.longer.get, text.startswith
    for at in range(len(text) - _HEAD + 1):
        node = get(text[at:at + _HEAD])
        while node is not None:
            for key in node.few:
                if at >= free[key] and starts(key, at):
                    counts[key] += 1
                    free[key] = at + len(key)
            for key in node.shorter(text, at):
                if at >= free[key]:
                    counts[key] += 1
                    free[key] = at + len(key)
            node = node.next(text, at)
    return counts


_FEW = 4   # keys of a shared head tried one by one; more are split by their next _HEAD characters


@dataclass(slots=True)
class _Keys:
    """Keys sharing their first depth * _HEAD characters: a few tried in turn; else the shorter ones
    (under (depth + 1) * _HEAD characters) looked up by length, at most _HEAD lookups, and the
    longer ones by their next _HEAD characters, a node each."""
    depth: int
    few: tuple[str, ...]
    short: dict[int, set[str]]
    longer: dict[str, _Keys]

    @classmethod
    def of(cls, keys: list[str], depth: int) -> _Keys:
        if depth and len(keys) <= _FEW:
            return cls(depth, tuple(keys), {}, {})
        end = (depth + 1) * _HEAD
        short: dict[int, set[str]] = {}
        longer: dict[str, list[str]] = {}
        for key in keys:
            if len(key) < end:
                short.setdefault(len(key), set()).add(key)
            else:
                longer.setdefault(key[end - _HEAD:end], []).append(key)
        return cls(depth, (), short, {head: cls.of(group, depth + 1) for head, group in longer.items()})

    def shorter(self, text: str, at: int) -> list[str]:
        """The shorter keys that text holds at `at` (where it holds the node's first depth * _HEAD characters)."""
        return [part for n, group in self.short.items() if (part := text[at:at + n]) in group] if self.short else []

    def next(self, text: str, at: int) -> _Keys | None:
        """The node of the keys sharing text's next _HEAD characters after `at`'s first depth * _HEAD."""
        start = at + (self.depth + 1) * _HEAD
        return self.longer.get(text[start - _HEAD:start]) if self.longer else None


def _next_prose(lines: list[Line]) -> list[int | None]:
    """Each line's next line of prose below it (None: none)."""
    next_prose: list[int | None] = [None] * len(lines)
    following = None
    for k in range(len(lines) - 1, -1, -1):
        next_prose[k] = following
        if lines[k].prose:
            following = k
    return next_prose


def _add_place(own: tuple[dict, ...], lines: list[Line], inside: list[bool], body_words: set[str],
               lede_words: frozenset[str], start: int, end: int) -> None:
    """Each line's place: inside a longer line, its position, the densest run of prose (start to
    end), the words it shares with that run and its lede, a gap in the page's lines around it."""
    n = len(lines)
    for k, ln in enumerate(lines):
        f = own[k]
        if inside[k]:
            f["inside"] = 1.0
        f["bias"] = 1.0
        f[_POS(k / n)] = 1.0
        f["lpos"] = math.log1p(k) / 7
        if start <= k <= end:
            f["run:in"] = 1.0
        else:
            f["run:before" if k < start else "run:after"] = 1.0
            f[_DIST_RUN(start - k if k < start else k - end)] = 1.0
        if ln.words <= 40:                  # (a long line is prose whatever it shares)
            words = content_words(ln)
            f[_SHARE(len(words & body_words) / len(words)) if words else "share:none"] = 1.0
            if words and lede_words and k != start:
                f[_LEDE(len(words & lede_words) / len(words))] = 1.0
        if k > 0 and ln.index - lines[k - 1].index > 1:
            f["gap_b"] = 1.0
        if k + 1 < n and lines[k + 1].index - ln.index > 1:
            f["gap_a"] = 1.0


def _add_surroundings(own: tuple[dict, ...], lines: list[Line], windows: list[dict], next_prose: list[int | None],
                      title_at: int | None, shared: list[tuple[dict, ...]]) -> None:
    """Each line's surroundings: name, date and prose lines nearby, the distance to the next prose
    and to the rules' headline, and its neighbours' own attributes (`shared`: as they copy them)."""
    n = len(lines)
    for k, f in enumerate(own):
        f.update(windows[k])
        nxt = next_prose[k]
        f[_TO_PROSE(nxt - k) if nxt is not None else "to_prose:none"] = 1.0
        if title_at is not None:
            d = k - title_at
            f[_DT[d] if -3 <= d <= 4 else ("dt:far_before" if d < 0 else "dt:far_after")] = 1.0
        if 2 <= k < n - 2:                  # (most lines: all four neighbours on the page)
            f.update(shared[k - 2][0])
            f.update(shared[k - 1][1])
            f.update(shared[k + 1][2])
            f.update(shared[k + 2][3])
        else:
            for i, j in enumerate((k - 2, k - 1, k + 1, k + 2)):
                if 0 <= j < n:
                    f.update(shared[j][i])
                else:
                    f[_EDGES[i]] = 1.0


def date_lines(labelled: Labelled) -> list[Line]:
    """The lines labelled as the date line, the most confident first."""
    ranked = sorted((k for k, y in enumerate(labelled.labels) if y == "date"), key=lambda k: -labelled.scores[k])
    return [labelled.lines[k] for k in ranked]
