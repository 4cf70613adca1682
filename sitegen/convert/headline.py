"""Which line is the headline: a second, learned look at the labeller's best candidates.

The line labeller gives every line a probability of being the headline, but it scores each line
in its own neighbourhood; on pages from unseen sites the true headline is often its second or
third choice, behind a section label, a byline or another story's headline. The ranker compares
the few best candidates on one page: each one's labeller probability and rank, the labels the
labeller put on the lines around it (a byline, a date or the body's first paragraph under it), its
distance from the body, and the line's own features. It is a logistic regression (crfsuite trained
on one-item sequences: no second library), fitted on candidates scored by labellers that had not
seen their pages (`train.py`), so it learns how far to trust the labeller on a new site.
`settle` then checks its pick against the page: the body under it, the site's breadcrumb trail,
a paragraph's length.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from .blocks import content_words, labelled_caption, norm_key

TOP = 8                    # candidates per page: the gold headline is among the top 8 on 93% of pages
_RANKS = tuple(str(k) for k in range(TOP))


def _full_stop(text: str) -> bool:
    return text.endswith(".") and not text.endswith("..")


def rule_pick(lines, title_scores) -> int:
    """Without a ranker: the most probable headline; one ending in a full stop counts a third (2%
    of the corpus's headlines do; the standfirst under them usually does), and under a shorter
    headline-shaped line that the model also rates, that line is the headline."""
    def score(k: int) -> float:
        return title_scores[k] * (0.33 if _full_stop(lines[k].text) else 1.0) * (not labelled_caption(lines[k]))
    t = max(range(len(lines)), key=score)
    above = next((k for k in range(t - 1, -1, -1) if not lines[k].pattern), None)
    if (above is not None and _full_stop(lines[t].text) and title_scores[above] >= 0.1
            and not lines[above].ends_sentence and lines[above].words < lines[t].words):
        return above
    return t


def candidates(title_scores, labels, lines=None) -> list[int]:
    """The TOP most probable headline lines, most probable first (ties: the earlier line); not the
    lines the labeller takes for the body (paragraphs, whatever a line-level shape suggests), nor,
    given the `lines`, a line the page labels a caption ('Image caption,' / CAPTION)."""
    order = sorted(range(len(title_scores)), key=lambda k: (-title_scores[k], k))
    if lines is not None:
        order = [k for k in order if not labelled_caption(lines[k])] or order
    return [k for k in order if labels[k] != "body"][:TOP] or order[:1]


def over_body(lines, labels, title_scores, t: int) -> int:
    """The headline re-anchored on the body: when a fifth or more of the words of the paragraphs
    the labeller takes for the body stand above the pick, the pick is a line inside or below the
    article (a related post's title, a teaser under it), and the headline is the likeliest
    candidate among the fifteen lines over the body's first paragraph (at least P(title) 0.1);
    without one, the pick stays."""
    body = [k for k, y in enumerate(labels) if y == "body" and k != t and lines[k].prose]
    if not body or body[0] > t:
        return t
    if sum(lines[k].words for k in body if k < t) < 0.2 * sum(lines[k].words for k in body):
        return t
    first = body[0]
    near = [k for k in candidates(title_scores, labels, lines) if first - 15 <= k < first and title_scores[k] >= 0.1]
    return max(near, key=lambda k: (title_scores[k], -k)) if near else t


# A breadcrumb trail's separators: "Home / News / Headline", "Start » Blog » Headline", "Forum>iPhone>Headline".
_CRUMB = re.compile(r" / | » | > | › |>|»|›")
TRAIL_REACH = 15           # lines under a trail where the page repeats its last crumb alone (1-13 on folds 1-3)
PARAGRAPH_WORDS = 30       # no gold headline of folds 1-3 has more than 21 words; a lede often has more
KICKER_WORDS = 4           # a last crumb shorter than this may be a section ('Premier League', 'Middle East')


def _trail_end(text: str) -> str | None:
    """The last crumb of a breadcrumb trail (3 crumbs or more, the last of 2 words or more)."""
    if not _CRUMB.search(text):
        return None
    crumbs = [c.strip() for c in _CRUMB.split(text)]
    return crumbs[-1] if len(crumbs) >= 3 and all(crumbs) and len(crumbs[-1].split()) >= 2 else None


def _kicker(lines, labels, title_scores, j: int, end: str) -> bool:
    """Whether line `j`, repeating a trail's short last crumb, is the section's name over the
    headline ('Home / Sport / Premier League', then 'Premier League', then the headline): the
    line right under it, not the body, is one the labeller rates likelier as the headline."""
    below = j + 1
    return (len(end.split()) < KICKER_WORDS and below < len(lines) and labels[below] != "body"
            and title_scores[below] > title_scores[j])


def by_trail(lines, labels, title_scores, t: int) -> int:
    """The headline the site's breadcrumb trail names: a trail ends at the page's own title, so a
    line under it that repeats its last crumb alone is the headline, whatever the ranker picked
    (a teaser, the standfirst, the lede, the trail itself). Only a trail over the body or opening it
    (a footer's links are no trail), and not a section's name over a likelier line (a trail may end
    at the section); a pick that says what the trail ends with stays."""
    first = next((k for k, y in enumerate(labels) if y == "body"), len(lines) - 1)
    for k in range(first + 1):
        end = _trail_end(lines[k].text)
        if end is None:
            continue
        key = norm_key(end)
        if norm_key(lines[t].text) == key:
            return t
        j = next((j for j in range(k + 1, min(len(lines), k + 1 + TRAIL_REACH)) if norm_key(lines[j].text) == key), None)
        if j is not None and not _kicker(lines, labels, title_scores, j, end):
            return j
    return t


def over_lede(lines, title_scores, t: int) -> int:
    """A pick of PARAGRAPH_WORDS words or more is the story's first paragraph, not its headline:
    the likeliest line of the five above it that the labeller rates P(title) 0.1 or more is."""
    if lines[t].words < PARAGRAPH_WORDS:
        return t
    above = [k for k in range(max(0, t - 5), t) if title_scores[k] >= 0.1]
    return max(above, key=lambda k: (title_scores[k], -k)) if above else t


def passed_lede(lines, labels, pick: int, t: int) -> bool:
    """Whether the model's headline `pick`, given up for the headline `t` above it, is a paragraph
    it labelled title: the story's lede, which reads as its standfirst (not a line to drop)."""
    return pick > t and labels[pick] == "title" and lines[pick].words >= PARAGRAPH_WORDS


def settle(lines, labels, title_scores, t: int) -> int:
    """The headline after the ranker's (or rule_pick's) pick `t`: re-anchored on the body, then
    on the site's breadcrumb trail, and never a paragraph."""
    t = over_body(lines, labels, title_scores, t)
    return over_echo(lines, labels, title_scores, over_lede(lines, title_scores, by_trail(lines, labels, title_scores, t)))


ECHO = 0.6          # share of a headline's words its lede repeats, at least, for the line over a pick
ECHO_PICK = 0.3     # ... and of the pick's words, at most: the pick is the standfirst under the headline
ECHO_WORDS = 8      # words the line over the pick needs: a shorter one is a kicker ('Bestseller-Autorin X im Talk')


def _echo(ln, lede_words: frozenset[str]) -> float | None:
    words = content_words(ln)
    return len(words & lede_words) / len(words) if len(words) >= 3 else None


def over_echo(lines, labels, title_scores, t: int) -> int:
    """A pick right under a headline-shaped line the labeller rates (P(title) 0.1 or more) whose
    words the body's first paragraph repeats (ECHO), when it repeats few of the pick's (ECHO_PICK):
    the pick is the standfirst, the line over it the headline (a Guardian page with 'By NAME' under
    its standfirst gave the standfirst as the headline)."""
    k = t - 1
    if k < 0 or title_scores[k] < 0.1 or labels[k] == "body" or _full_stop(lines[k].text) or lines[k].pattern \
            or lines[k].words < ECHO_WORDS:
        return t
    lede = next((j for j in range(t + 1, len(lines)) if labels[j] == "body" and lines[j].prose), None)
    if lede is None:
        return t
    words = content_words(lines[lede])
    above, pick = _echo(lines[k], words), _echo(lines[t], words)
    return k if above is not None and pick is not None and above >= ECHO and pick <= ECHO_PICK else t


def _bucket(n: float, edges: tuple[float, ...]) -> str:
    return str(bisect_left(edges, n))


def candidate_features(k: int, rank: int, line_features: list[dict], labels, title_scores, lines) -> dict:
    """Features of candidate line `k` (the `rank`-th most probable) on its page."""
    n = len(labels)
    p, best = title_scores[k], max(title_scores)
    f = {"c:" + key: value for key, value in line_features[k].items()}
    f.update({"p": p, "p_rel": p / best if best > 0 else 0.0, "rank": _RANKS[rank],
              "p_b": _bucket(p, (0.01, 0.05, 0.2, 0.5, 0.8)), "self": labels[k]})
    for off in (-2, -1, 1, 2, 3):
        j = k + off
        f[f"lab{off:+d}"] = labels[j] if 0 <= j < n else "edge"
    after = next((j for j in range(k + 1, n) if labels[j] == "body"), None)
    f["to_body"] = _bucket(after - k, (1, 2, 3, 5, 8, 15, 40)) if after is not None else "none"
    first = next((j for j in range(n) if labels[j] == "body"), None)
    if first is not None and first < k:
        f["body_above"] = _bucket(k - first, (3, 10, 40))
    near = labels[k + 1:k + 5]
    for label in ("byline", "date", "standfirst"):
        if label in near:
            f["near_" + label] = 1.0
    text = lines[k].text
    f["colon"] = 1.0 if ": " in text else 0.0
    f["one_word"] = 1.0 if lines[k].words <= 1 else 0.0
    f["stop"] = 1.0 if _full_stop(text) else 0.0
    return f


class Ranker:
    """A loaded headline ranker (crfsuite tagger over one-item sequences, labels yes/no)."""

    def __init__(self, tagger):
        self.tagger = tagger

    def probability(self, features: dict) -> float:
        self.tagger.set([features])
        return self.tagger.marginal("yes", 0)

    def pick(self, line_features: list[dict], labels, title_scores, lines) -> int:
        cands = candidates(title_scores, labels, lines)
        probs = [self.probability(candidate_features(k, r, line_features, labels, title_scores, lines))
                 for r, k in enumerate(cands)]
        return cands[max(range(len(cands)), key=lambda r: (probs[r], -r))]
