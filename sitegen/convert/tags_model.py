"""The tag scorer: which of the ranked tag candidates an editor would keep.

The rules in tags.py find names and rank them; about half of what they ranked was wrong when
judged by hand (other stories' teasers, pieces of longer names, the site's own name, passing
mentions, common words). The scorer weighs each candidate's evidence (tags.tag_features: where it
is named, how often, inside longer names or not, its shape, the word lists) with a logistic
regression (crfsuite over one-item sequences, as the headline ranker: no second library). A
candidate is kept when its probability reaches THRESHOLD (an even chance); a page none of whose
candidates reaches it shows no name: an editor prefers no tag to a wrong one. (Until session 30 a
page kept its most trusted candidate in any case; below an even chance that one was right 5 times
in 21 on samples A-K, each scored by a scorer fitted on the others, and once in 6 on the held-out
sample L.) train_tags.py fits it on the tags judged by hand; the model file is part of the
converter's re-conversion key.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("model.tags.crfsuite")
# Session 30 tried 0.6: on A-K (left out in turn) 35 right tags lost for 45 wrong, but on the
# held-out sample L 7 right for 3 wrong; kept at 0.5.
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
