"""The tag scorer: which of the ranked tag candidates an editor would keep.

The rules in tags.py find names and rank them; about half of what they ranked was wrong when
judged by hand (other stories' teasers, pieces of longer names, the site's own name, passing
mentions, common words). The scorer weighs each candidate's evidence (tags.tag_features: where it
is named, how often, inside longer names or not, its shape, the word lists) with a logistic
regression (crfsuite over one-item sequences, as the headline ranker: no second library). A
candidate is kept when its probability reaches THRESHOLD; a page keeps its most trusted one in any
case (a page's tags are never emptied by the scorer). train_tags.py fits it on the tags judged by
hand; the model file is part of the converter's re-conversion key.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("model.tags.crfsuite")
THRESHOLD = 0.5


class TagModel:
    """A loaded tag scorer (crfsuite tagger over one-item sequences, labels yes/no)."""

    def __init__(self, tagger, threshold: float = THRESHOLD):
        self.tagger = tagger
        self.threshold = threshold

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
