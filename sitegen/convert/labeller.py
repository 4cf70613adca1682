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
from pathlib import Path

from . import bylines
from .headline import Ranker, rule_pick
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
        scores = [self.tagger.marginal(y, i) for i, y in enumerate(labels)]
        titles = [self.tagger.marginal("title", i) for i in range(len(lines))]
        headline = self.ranker.pick(xs, labels, titles, lines) if self.ranker is not None else None
        return Labelled(tuple(lines), tuple(labels), tuple(scores), tuple(titles), headline)


NO_MODEL = Labeller()


@lru_cache(maxsize=1)
def default_labeller() -> Labeller:
    """The shipped model, loaded once per process; the rules alone when it is missing."""
    return Labeller.load(MODEL_PATH) if MODEL_PATH.exists() else NO_MODEL


_DIGIT_STR = tuple(str(k) for k in range(16))


def _bucket(n: float, edges: tuple[float, ...]) -> str:
    """The index of the first edge >= n, as a string ("0" .. str(len(edges)))."""
    return _DIGIT_STR[bisect_left(edges, n)]


def _has_date(ln: Line, tz: tzinfo) -> bool:
    return line_date(ln, tz, 30) is not None


def _names(ln: Line) -> list[str]:
    if ln.words < 2 or ln.words > 16 or (ln.lower_ratio > 0.6 and ln.words > 2
                                          and not bylines.BY_PREFIX.match(ln.text)):
        return []                 # a byline is short and mostly capitalised (or starts "By")
    return line_names(ln)


def _own(ln: Line, role: str, tz: tzinfo) -> dict[str, float | str]:
    """The line's own features. Flags are present (1.0) only when true: a CRF weight times 0 is 0."""
    text = ln.text
    last = text[-1:]
    digits = len(_DIGITS.findall(text)) if ln.words <= 40 else 0
    f: dict[str, float | str] = {
        "w": _bucket(ln.words, (0, 1, 2, 3, 5, 8, 12, 18, 25, 40, 80)),
        "end": last if last in ".!?:|,;)»\"”…" else ("d" if last.isdigit() else "a" if last.isalpha() else "x"),
        "nsent": _bucket(ln.sentences, (1, 2, 4)),
        "low": _bucket(ln.lower_ratio, (0.0, 0.2, 0.4, 0.6, 0.8, 0.99)),
        "dup": _bucket(ln.dup, (1, 2)),
        "dig": _bucket(digits / max(1, len(text)), (0.0, 0.1, 0.3)),
        "rule": role,
    }
    flags = (("sent", ln.ends_sentence), ("caps", ln.words >= 2 and shouting(text)), ("bul", ln.bullet),
             ("pat", ln.pattern), ("prose", ln.prose), ("cap", ln.words <= 70 and is_caption(ln)),
             ("date", digits > 0 and _has_date(ln, tz)), ("name", bool(_names(ln))),
             ("by", ln.words <= 40 and bool(bylines.BY_PREFIX.match(text))),
             ("url", bool(_URL.search(text))), ("at", "@" in text))
    for key, on in flags:
        if on:
            f[key] = 1.0
    m = _FIRST_WORD.match(text)
    if m and ln.words <= 20:
        f["first=" + m.group(0).lower()] = 1.0     # closed-class openers: "By", "Von", "Updated"
    return f


_SHARED = ("w", "end", "prose", "date", "name", "by", "rule", "pat", "bul", "cap", "low", "dup")
_NEIGHBOUR_NAMES = tuple((off, {key: f"{off}:{key}" for key in _SHARED}, f"{off}:edge") for off in (-2, -1, 1, 2))


_WINDOWS = (("name", 1, 4), ("date", 1, 4), ("by", 1, 4), ("prose", 1, 3),
            ("name", -3, -1), ("date", -3, -1), ("prose", -3, -1))
_WINDOW_NAMES = tuple(f"win{lo}{hi}:{key}" for key, lo, hi in _WINDOWS)
_DT = {d: str(d) for d in range(-3, 5)}


def _window_hits(counts: dict[str, list[int]], n: int) -> list[tuple[str, list[bool]]]:
    """Per window (in _WINDOWS order), whether each line has a line with its flag in that window.
    (Counts never decrease, so c[b] > c[a] implies b > a: the window is not empty.)"""
    out = []
    for (key, lo, hi), name in zip(_WINDOWS, _WINDOW_NAMES):
        c = counts[key]
        if lo > 0:
            hits = [c[min(n, k + hi + 1)] > c[min(n, k + lo)] for k in range(n)]
        else:
            hits = [c[k] > c[max(0, k + lo)] for k in range(n)]
        out.append((name, hits))
    return out


def _prefix_counts(flags: list[bool]) -> list[int]:
    """counts[i] = how many of flags[:i] are true (a window's count is a difference of two)."""
    counts = [0]
    for on in flags:
        counts.append(counts[-1] + on)
    return counts


def page_features(lines: list[Line], roles: dict[int, str], tz: tzinfo) -> list[dict]:
    """Features of every line, its neighbours' (±1, ±2), nearby name/date/prose lines, and its
    place on the page (position, the densest run of prose, distance from the rules' headline)."""
    n = len(lines)
    own = [_own(ln, roles.get(ln.index, "none"), tz) for ln in lines]
    counts = {key: _prefix_counts([key in o for o in own]) for key in ("name", "date", "by", "prose")}
    start, end = densest_run(lines)
    body_words = set().union(*(content_words(ln) for ln in lines[start:end + 1] if ln.prose))
    title_at = next((k for k, ln in enumerate(lines) if roles.get(ln.index) == "title"), None)
    next_prose: list[int | None] = [None] * n
    following = None
    for k in range(n - 1, -1, -1):
        next_prose[k] = following
        if lines[k].prose:
            following = k
    lede_words = content_words(lines[start]) if start < n else frozenset()
    # A headline is often repeated inside a longer line (breadcrumb, share text, "Title | Site").
    nkeys = [ln.cache.get("key") or norm_key(ln.text) for ln in lines]
    windows = _window_hits(counts, n)
    # Each line's shared features (in _SHARED order), as its neighbours copy them.
    shared = [[(key, o[key]) for key in _SHARED if key in o] for o in own]
    joined = "\n".join(nkeys[k] for k in range(n) if lines[k].words <= 60)
    out = []
    for k, ln in enumerate(lines):
        f = own[k]                          # (own[k] is read no more: `shared` holds its neighbours' copies)
        if 3 <= ln.words <= 25 and len(nkeys[k]) >= 12 and joined.count(nkeys[k]) > ln.dup:
            f["inside"] = 1.0
        f["bias"] = 1.0
        f["pos"] = _bucket(k / n, (0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9))
        f["lpos"] = math.log1p(k) / 7
        if start <= k <= end:
            f["run"] = "in"
        else:
            f["run"] = "before" if k < start else "after"
            f["dist_run"] = _bucket(start - k if k < start else k - end, (1, 3, 8, 20))
        if ln.words <= 40:                  # (a long line is prose whatever it shares)
            words = content_words(ln)
            f["share"] = _bucket(len(words & body_words) / len(words), (0.0, 0.3, 0.6, 0.99)) if words else "none"
            if words and lede_words and k != start:
                f["lede"] = _bucket(len(words & lede_words) / len(words), (0.0, 0.25, 0.5))
        if k > 0 and ln.index - lines[k - 1].index > 1:
            f["gap_b"] = 1.0
        if k + 1 < n and lines[k + 1].index - ln.index > 1:
            f["gap_a"] = 1.0
        for name, hits in windows:
            if hits[k]:
                f[name] = 1.0
        nxt = next_prose[k]
        f["to_prose"] = _bucket(nxt - k, (1, 2, 4, 8, 14)) if nxt is not None else "none"
        if title_at is not None:
            d = k - title_at
            f["dt"] = _DT[d] if -3 <= d <= 4 else ("far_before" if d < 0 else "far_after")
        for off, names, edge in _NEIGHBOUR_NAMES:
            j = k + off
            if 0 <= j < n:
                for key, value in shared[j]:
                    f[names[key]] = value
            else:
                f[edge] = 1.0
        out.append(f)
    return out


def date_lines(labelled: Labelled) -> list[Line]:
    """The lines labelled as the date line, the most confident first."""
    ranked = sorted((k for k, y in enumerate(labelled.labels) if y == "date"), key=lambda k: -labelled.scores[k])
    return [labelled.lines[k] for k in ranked]
