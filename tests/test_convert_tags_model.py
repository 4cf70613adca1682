"""The tag scorer (sitegen/convert/tags_model.py, tags.tag_features, train_tags.py): a learned check on each
ranked tag candidate, trained on the tags judged by hand in benchmarks/tags_judged.md."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from sitegen.convert.german_nouns import GermanNouns
from sitegen.convert.tags import extract_tags, tag_features
from sitegen.convert.tags_model import MODEL_PATH, TagModel, default_model
from sitegen.convert.train_tags import UNTIL, judged, train

TITLE = "Marcell Jansen kämpft um Piotr Trochowskis Comeback beim HSV"
BODY = ["Läuft Piotr Trochowski künftig wieder für den HSV auf? Seit dieser Woche trainiert er mit. "
        "Marcell Jansen ist bereits fester Bestandteil des Teams.",
        "Jansen weiß: Das ist keine leichte Liga. Trochowski will auf seinen Körper hören, sagte Jansen.",
        "Der HSV spielt in der Oberliga Hamburg. Jansen hofft, dass Trochowski bleibt.",
        "Zum Vergrößern bitte anklicken. Zum Vergrößern bitte anklicken. Zum Vergrößern bitte anklicken.",
        "Auch in Deutschland und der Schweiz gibt es solche Ligen, sagte er in Graz."]


def _tags(**kw) -> list[str]:
    return extract_tags(TITLE, "", BODY, max_tags=8, aliases={}, stop=(), language="de", **kw)


def test_the_scorer_is_shipped_small_and_loaded_once():
    assert MODEL_PATH.exists() and MODEL_PATH.stat().st_size < 100_000
    assert default_model() is default_model() is not None


def test_the_scorer_drops_an_interface_word_the_rules_keep_and_keeps_the_people():
    rules = _tags(model=None)
    assert "Vergrößern" in rules                       # a capitalised verb of a photo caption
    got = _tags()
    assert "Vergrößern" not in got
    assert {"Marcell Jansen", "Piotr Trochowski", "HSV"} <= set(got)
    assert got == [t for t in rules if t in got]       # a filter: the rules' order, nothing new


def test_a_page_shows_no_name_the_scorer_does_not_trust():
    rules = set(_tags(model=None))
    assert not set(_tags(model=TagModel(default_model().tagger, threshold=1.01))) & rules   # trusts nothing
    assert set(_tags(model=TagModel(default_model().tagger, threshold=0.0, body_threshold=0.0))) == rules  # all


def test_a_name_the_lead_never_names_needs_a_higher_bar():
    # A coach named in one late paragraph: a passing mention, which the scorer half trusts.
    body = BODY + ["Trainer Stefan Maier lobt ihn. Stefan Maier sagt, er sei fit."]
    model = default_model()
    cands: list[tuple[str, dict]] = []
    extract_tags(TITLE, "", body, max_tags=8, aliases={}, stop=(), language="de", candidates=cands)
    feats = dict(cands)
    assert model.bar(feats["Marcell Jansen"]) == model.threshold == 0.5        # in the headline
    assert model.bar(feats["Stefan Maier"]) == model.body_threshold > model.threshold
    # Bars on either side of the coach's probability (the shipped scorer's own is refit now and then):
    p = model.probability(feats["Stefan Maier"])
    assert p < model.probability(feats["Marcell Jansen"])

    def tags(threshold: float, body_threshold: float) -> list[str]:
        return extract_tags(TITLE, "", body, max_tags=8, aliases={}, stop=(), language="de",
                            model=TagModel(model.tagger, threshold, body_threshold))

    got = tags(p - 0.01, p + 0.01)
    assert "Stefan Maier" not in got and {"Marcell Jansen", "Piotr Trochowski"} <= set(got)
    assert "Stefan Maier" in tags(p - 0.01, p - 0.01)      # one bar for all, as before session 32


def test_candidates_are_handed_out_with_their_features():
    cands: list[tuple[str, dict]] = []
    _tags(model=None, candidates=cands)
    names = [n for n, _ in cands]
    assert names == _tags(model=None)
    feats = dict(cands)
    assert feats["Marcell Jansen"]["first_given"] == 1.0 and feats["Marcell Jansen"]["title"] == 1.0
    assert feats["Marcell Jansen"]["part_refs"] >= "2"     # "Jansen" alone, again and again
    assert feats["Vergrößern"]["first_given"] == 0.0


def test_a_word_only_ever_inside_a_longer_run_is_glued():
    text = "Microsoft ends support for Windows XP. Users of Windows XP should update. XP is old."
    f = tag_features("XP", Counter({"XP": 3}), rank=0, score=3.0, top=3.0, title="", summary="",
                     body=[text], text=text, language="en", page=[], nouns=GermanNouns())
    g = tag_features("Microsoft", Counter({"Microsoft": 1}), rank=1, score=2.0, top=3.0, title="",
                     summary="", body=[text], text=text, language="en", page=[], nouns=GermanNouns())
    assert f["glued"] == "2" and f["count"] == "2" and f["last"] >= "3"
    assert g["glued"] == "0" and g["first"] == "0"


def _features(title: str, body: list[str]) -> dict[str, dict]:
    cands: list[tuple[str, dict]] = []
    extract_tags(title, "", body, max_tags=8, aliases={}, stop=(), language="en", model=None, candidates=cands)
    return dict(cands)


def test_a_title_before_a_full_name_is_no_glue():
    body = ["Russian President Vladimir Putin and Iranian President Masoud Pezeshkian signed a treaty in Moscow.",
            "Pezeshkian said the deal would last. Putin agreed.",
            "Trade between Russia and Iran is small, Pezeshkian added.",
            "Later Pezeshkian flew home to Tehran."]
    f = _features("Russia and Iran sign a treaty", body)["Masoud Pezeshkian"]
    assert f["glued"] == "0"                # "Iranian President" is a title, not part of the name
    assert f["part_refs"] == "2"            # named again by the surname: that feature's job


def test_a_persons_surname_alone_is_not_counted_as_a_mention_of_the_full_name():
    # Session 33 (tags33c): counting "says Helou" as more mentions of "Leslie Helou" raised quoted
    # experts on held-out English pages (11 tags gained, none right); part_refs keeps that evidence.
    body = ["The study of vitamins was led by Leslie Helou, a dietitian in Ohio.",
            "Vitamins help, says Helou. Most people need them.",
            "Take them daily, Helou said."]
    f = _features("Vitamins every day", body)["Leslie Helou"]
    assert f["count"] == "0" and f["paras"] == "0" and f["last"] == "0"
    assert f["part_refs"] == "2"


def test_a_title_word_is_no_glue_only_when_titles_are_given():
    from sitegen.convert.tags import _mentions
    text = "Iranian President Masoud Pezeshkian visited Moscow. Masoud Pezeshkian met Vladimir Putin there."
    pos, glued = _mentions(["Masoud Pezeshkian"], text, "en", GermanNouns(), frozenset({"President"}))
    assert len(pos) == 2 and glued == 0
    assert _mentions(["Masoud Pezeshkian"], text, "en", GermanNouns())[1] == 1     # no titles: glued


def test_a_title_is_what_the_page_shows_to_be_one():
    from sitegen.convert.tags import _is_title
    text = "the minister and the president met; the new rules start"
    titles = frozenset({"President"})
    assert _is_title("President", "", "en", titles)                 # before several names on the page
    assert _is_title("Chancellor", "", "en", frozenset())           # an English common word
    assert _is_title("Premier", text.replace("minister", "premier"), "de", frozenset())   # written in lower case
    assert _is_title("President-elect", "", "en", frozenset()) and _is_title("Mr", "", "en", frozenset())
    assert not _is_title("New", text, "en", frozenset({"New"}))   # a place's first word ("New York")
    assert not _is_title("Chancellor", "", "de", frozenset())       # the English list on English pages only
    assert not _is_title("Masoud", text, "en", frozenset())
    # a hyphen before a capital is a double given name, in any script's capitals (final33: 'É' read as small)
    assert not _is_title("Anne-Élise", "", "fr", frozenset()) and not _is_title("Anne-Marie", "", "fr", frozenset())


def test_the_site_name_in_the_pages_menus_counts_as_outside_the_article():
    text = "The ZDF reported on sport in New York."
    page = ["ZDF", "Mein ZDF", "ZDF Mediathek", text, "ZDF heute", "Impressum ZDF"]
    f = tag_features("ZDF", Counter({"ZDF": 1}), rank=0, score=2.0, top=2.0, title="", summary="",
                     body=[text], text=text, language="de", page=page, nouns=GermanNouns())
    assert f["outside"] == "2"


def test_the_judged_tables_are_read_per_page_and_sample(tmp_path):
    md = tmp_path / "judged.md"
    md.write_text("""# Tags judged
## Sample A: `--seed 2026`
| page | before | after |
|---|---|---|
| example.com | Foo ✓, Bar Baz ✗ | Foo ✓ (was Foo Corp ✗) |
## Sample B: `--seed 2027`
| page | tags |
|---|---|
| other.org-12345678 | Qux ✓ |
| example.com | Bar Baz ✓ |
## Session 14: sample F
| page | before |
|---|---|
| third.net | (none) |
## Session 32: sample N (`--seed 2039 -n 21`, held out), judged on main's code first
### Sample N (`--seed 2039 -n 21`, held out), main's tags
| page | tags |
|---|---|
| fourth.de-0a1b2c3d | Quux ✗ |
## Session 32: the tags that change on samples A-M (developed on)
| page | sample | removed | new |
|---|---|---|---|
| other.org-12345678 | B | Qux ✓ | - |
""", encoding="utf-8")
    verdicts, groups = judged(md, ["traf-example.com-abcdef12", "traf-other.org-12345678", "aeb-third.net-0",
                                   "traf-fourth.de-0a1b2c3d"])
    assert verdicts[("traf-example.com-abcdef12", "Foo")] is True
    assert verdicts[("traf-example.com-abcdef12", "Foo Corp")] is False
    assert verdicts[("traf-example.com-abcdef12", "Bar Baz")] is True        # the later call wins
    assert verdicts[("traf-other.org-12345678", "Qux")] is True
    assert verdicts[("traf-fourth.de-0a1b2c3d", "Quux")] is False
    # Sample N is a sample (session 33; it read as B), and a table about several samples is none of them.
    assert groups == {"traf-example.com-abcdef12": "A", "traf-other.org-12345678": "B", "aeb-third.net-0": "F",
                      "traf-fourth.de-0a1b2c3d": "N"}


def test_the_scorer_is_fitted_on_every_judged_sample():
    # Since session 33 (was samples A-F): every sample's pages (321 of the 352 dev pages) are trained on.
    bench = Path(__file__).resolve().parents[1] / "benchmarks"
    pages = (bench / "tags_judged_pages.txt").read_text(encoding="utf-8").split()
    verdicts, groups = judged(bench / "tags_judged.md", pages, UNTIL)
    assert {groups[page] for page, _ in verdicts} == set("ACDEFGHIJKLMN")
    assert len(verdicts) >= 1300


def test_training_is_deterministic(tmp_path: Path):
    items = [({"bias": 1.0, "title": float(i % 2), "count": str(i % 3)}, i % 2 == 0 or i % 3 == 1)
             for i in range(40)]
    a, b = tmp_path / "a.crfsuite", tmp_path / "b.crfsuite"
    train(items, a)
    model = train(items, b)
    assert a.read_bytes() == b.read_bytes()
    assert model.probability({"bias": 1.0, "title": 0.0, "count": "0"}) > \
        model.probability({"bias": 1.0, "title": 1.0, "count": "2"})
