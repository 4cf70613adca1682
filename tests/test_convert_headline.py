"""convert.headline: the ranker that picks the headline among the labeller's best candidates,
trained beside the labeller, loaded with it and part of its version."""
from __future__ import annotations

import pytest

from sitegen.convert import convert_text
from sitegen.convert.labeller import Labeller, ranker_path
from sitegen.convert.train import train_model

from test_convert_labeller import CONFIG, FIXTURES, GOLD, _pages


def _varied_pages(copies: int):
    """The hand-written corpus, each page `copies` times behind menus of different lengths."""
    menu = ["Home", "News", "Sport", "Weather", "Latest headlines"]
    return [("\n".join(menu[:k]) + "\n\n" + text, gold, saved)
            for k in range(copies) for text, gold, saved in _pages()]


@pytest.mark.slow
def test_headline_ranker_is_trained_beside_the_model_and_loaded_with_it(tmp_path):
    from sitegen.convert.train import RANKER_MIN
    pages = _varied_pages(4)
    assert len(pages) >= RANKER_MIN
    model = train_model(pages, tmp_path / "m.crfsuite")
    assert ranker_path(model).exists()
    again = train_model(pages, tmp_path / "again.crfsuite")
    assert ranker_path(model).read_bytes() == ranker_path(again).read_bytes()   # deterministic
    labeller = Labeller.load(model)
    assert labeller.ranker is not None
    bare = tmp_path / "bare.crfsuite"
    bare.write_bytes(model.read_bytes())
    assert Labeller.load(bare).version != labeller.version       # the ranker is part of the version
    for name, gold in GOLD.items():
        art = convert_text((FIXTURES / name).read_text(encoding="utf-8"), source=name, config=CONFIG,
                           labeller=labeller)
        assert art.title == gold["title"], name
    # Retrained on too few pages for a ranker: the old one goes, it would not fit the new model.
    train_model(_pages(), model)
    assert not ranker_path(model).exists() and Labeller.load(model).ranker is None


def test_ranker_picks_the_candidate_it_rates_highest(tmp_path):
    """Among the labeller's best candidates the ranker's choice wins, not the labeller's first."""
    from sitegen.convert.blocks import make_line
    from sitegen.convert.headline import Ranker, candidates
    from sitegen.convert.train import RANKER_PARAMS, _fit
    import pycrfsuite
    # A toy ranker that learned one thing: a headline has a byline under it.
    items = [([{"near_byline": 1.0}], ["yes"]), ([{"bias": 1.0}], ["no"])] * 10
    _fit(items, RANKER_PARAMS, tmp_path / "r.crfsuite")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(tmp_path / "r.crfsuite"))
    texts = ["Most read: storm hits coast", "Weather", "Sport", "Video", "Council backs new bridge",
             "By Jane Doe", "The council voted on Monday to build it."]
    lines = [make_line(k, t) for k, t in enumerate(texts)]
    titles = [0.6, 0.01, 0.01, 0.01, 0.3, 0.05, 0.02]
    labels = ["title", "other", "other", "other", "other", "byline", "body"]
    assert candidates(titles, labels)[0] == 0
    assert Ranker(tagger).pick([{} for _ in lines], labels, titles, lines) == 4


def test_candidates_are_not_lines_the_labeller_takes_for_the_body():
    """A paragraph is never the headline, however the ranker would rate its shape: taking it would
    also take it out of the body."""
    from sitegen.convert.headline import candidates
    titles, labels = [0.2, 0.7, 0.1], ["title", "body", "other"]
    assert candidates(titles, labels) == [0, 2]
    assert candidates([0.9], ["body"]) == [0]      # a page of one line still has a headline
