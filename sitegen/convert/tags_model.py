"""The tag scorer: which of the ranked tag candidates an editor would keep.

The rules in tags.py find names and rank them; about half of what they ranked was wrong when
judged by hand (other stories' teasers, pieces of longer names, the site's own name, passing
mentions, common words). The scorer weighs each candidate's evidence (tags.tag_features: where it
is named, how often, inside longer names or not, its shape, the word lists) with a logistic
regression (crfsuite over one-item sequences, as the headline ranker: no second library). A
candidate is kept when its probability reaches THRESHOLD; a page keeps its most trusted one when
that reaches FLOOR (an even chance), and shows no name when it does not: an editor prefers fewer
tags to wrong ones (session 30: the page's best kept below an even chance was right 5 times in 21
on samples A-K, left out in turn). train_tags.py fits it on the tags judged by hand; the model
file is part of the converter's re-conversion key.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("model.tags.crfsuite")
# Session 30 (samples A-K, each scored by a scorer fitted on the others): at 0.6 and 0.5 the kept
# tags are 338 of 429 right (78.8%), against 373 of 509 (73.3%) at 0.5 with the best always kept;
# 35 right tags lost for 45 wrong ones, and every sample's share of right tags rises.
THRESHOLD = 0.6
FLOOR = 0.5


class TagModel:
    """A loaded tag scorer (crfsuite tagger over one-item sequences, labels yes/no)."""

    def __init__(self, tagger, threshold: float = THRESHOLD, floor: float = FLOOR):
        self.tagger = tagger
        self.threshold = threshold
        self.floor = floor

    def kept(self, probabilities: list[float]) -> list[bool]:
        """Which candidates stay: the trusted ones, and the page's most trusted one from the floor."""
        best = max(probabilities, default=0.0)
        return [p >= self.threshold or p == best and p >= self.floor for p in probabilities]

    def probability(self, features: dict) -> float:
        self.tagger.set([features])
        return self.tagger.marginal("yes", 0)


@lru_cache(maxsize=1)
def default_model() -> TagModel | None:
    if not MODEL_PATH.exists():
        return None
    import pycrfsuite
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_PATH))
    return TagModel(tagger)
