"""benchmarks/convert_cv_cache.py's `--why`: a missed snippet's lines with the converter's reason."""
import importlib.util
import sys
from pathlib import Path

from sitegen.config import Config

ROOT = Path(__file__).resolve().parents[1]


def _module():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("convert_cv_cache", ROOT / "benchmarks" / "convert_cv_cache.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


PAGE = """Startseite
Politik
Der Gemeinderat beschließt den neuen Radweg entlang der Hauptstraße
Der Gemeinderat hat am Dienstagabend mit großer Mehrheit beschlossen, den neuen Radweg entlang der Hauptstraße noch in diesem Jahr zu bauen, wie die Verwaltung mitteilte.
Die Kosten von rund zwei Millionen Euro übernehmen zum größten Teil das Land und der Bund, den Rest zahlt die Gemeinde aus ihren Rücklagen für den Verkehr.
Die Bauarbeiten sollen im Frühjahr beginnen und im Herbst abgeschlossen sein, sagte der Bürgermeister nach der Sitzung vor den Zuhörern im Saal.
Newsletter abonnieren
Impressum
"""


def test_why_lists_a_missing_snippets_line_and_its_neighbours_with_the_reason(tmp_path):
    mod = _module()
    txt = tmp_path / "page.txt"
    txt.write_text(PAGE, encoding="utf-8")
    rows = mod._why(txt, ["Newsletter abonnieren", "Politik", "nicht auf der Seite"], Config(), None)
    first, menu, second = rows
    hit = next(r for r in first if r.lstrip().startswith(">>"))
    assert "Newsletter abonnieren" in hit and hit.split()[1] == "7" and "kept" not in hit     # dropped, with its reason
    assert any("kept: headline" in r and "Gemeinderat beschließt" in r for r in menu)
    assert any(r.split()[0] == "8" and "Impressum" in r for r in first)     # the line below it
    assert second == ["   (not on the page as one line)"]


def test_why_with_a_model_shows_each_lines_probability_of_being_the_body(tmp_path):
    from sitegen.convert.labeller import default_labeller
    mod = _module()
    txt = tmp_path / "page.txt"
    txt.write_text(PAGE, encoding="utf-8")
    rows = mod._why(txt, ["Newsletter abonnieren"], Config(), default_labeller())[0]
    probs = {}
    for r in rows:
        cells = r.replace(">>", "").split()
        probs[int(cells[0])] = float(cells[1].removeprefix("b="))
    assert set(probs) == {4, 5, 6, 7, 8} and all(0.0 <= p <= 1.0 for p in probs.values())
    assert probs[5] > 0.5 and probs[8] < 0.5      # a paragraph of the article; the imprint link
    assert not any(" b=" in r for r in mod._why(txt, ["Newsletter abonnieren"], Config(), None)[0])  # no model


def test_show_lists_an_author_miss_and_a_junk_author_with_the_gold():
    mod = _module()
    got = {"title": "T", "authors": ["Maria Kessler"], "date": None, "language": "de"}
    junk = {"name": "a", "authors": 0.0, "junk_authors": 1.0, "got": got, "gold": {"authors": "Jonas Weber"}}
    miss = {"name": "b", "authors": 0.0, "junk_authors": 0.0, "got": {**got, "authors": []}, "gold": {"authors": "Jonas Weber"}}
    right = {"name": "c", "authors": 1.0, "junk_authors": 0.0, "got": got, "gold": {"authors": "Maria Kessler"}}
    org = {"name": "d", "junk_authors": 1.0, "got": got, "gold": {"authors": "Empa"}}     # (no person gold: junk only)
    assert mod._author_line(junk) == "JUNK a: ['Maria Kessler'] (gold 'Jonas Weber')"
    assert mod._author_line(miss) == "AUTHORS b: [] (gold 'Jonas Weber')"
    assert mod._author_line(right) is None
    assert mod._author_line(org).startswith("JUNK d:")


def test_against_lists_what_a_change_added_and_removed_marked_by_the_gold():
    mod = _module()
    gold = {"must_include": ["250 g Butter"], "must_exclude": ["Newsletter abonnieren"]}
    before = {"title": "Rührkuchen", "authors": [], "paragraphs": ["Ein Kuchen.", "Newsletter abonnieren jetzt"]}
    after = {"title": "Rührkuchen", "authors": ["Eva Roth"], "paragraphs": ["Ein Kuchen.", "250 g Butter"]}
    assert mod._changes(before, after, gold) == ["  authors: [] -> ['Eva Roth']", "  + I  '250 g Butter'",
                                                 "  -  X 'Newsletter abonnieren jetzt'"]
    assert mod._changes(before, before, gold) == []


def test_held_out_pages_are_counted_by_how_their_snippet_scores_moved_never_named():
    mod = _module()
    out = {"title": "T", "authors": [], "paragraphs": ["Ein Absatz."]}
    same = mod._digest(out, {"must_include": 0.5, "must_exclude": 1.0})
    assert len(same[0]) == 40 and same[1:] == [0.5, 1.0]      # a digest and the two scores, no text
    more = mod._digest({**out, "paragraphs": ["Ein Absatz.", "250 g Butter"]}, {"must_include": 1.0, "must_exclude": 1.0})
    leak = mod._digest({**out, "paragraphs": ["Newsletter"]}, {"must_include": 0.5, "must_exclude": 0.5})
    quiet = mod._digest({**out, "title": "U"}, {"must_include": None, "must_exclude": None})
    before = {"a": same, "b": same, "c": same, "d": same, "e": same}
    now = {"a": same, "b": more, "c": leak, "d": quiet}                # ("e" not scored this time)
    assert mod._held_counts(before, now) == ("HELD-OUT pages changed: 3 (must_include up 1, down 0; "
                                             "must_exclude up 0, down 1)")


def test_against_shows_a_changed_standfirst_before_and_after_marked_by_the_gold():
    mod = _module()
    gold = {"must_include": ["Der Rat baut"], "must_exclude": ["info@example.ch"]}
    before = {"title": "T", "summary": "info@example.ch +41 52 000 00 00", "authors": [], "paragraphs": ["A."]}
    after = {**before, "summary": "Der Rat baut den Radweg noch in diesem Jahr."}
    assert mod._changes(before, after, gold) == ["  summary -  X 'info@example.ch +41 52 000 00 00'",
                                                 "  summary + I  'Der Rat baut den Radweg noch in diesem Jahr.'"]
    # (a file saved before the standfirst was recorded: no summary on either side, no change)
    old = {k: v for k, v in before.items() if k != "summary"}
    assert mod._changes(old, old, gold) == []


def test_changed_pages_are_the_dev_pages_scored_in_both_runs_whose_output_differs():
    mod = _module()
    out = {"title": "T", "authors": [], "paragraphs": ["A."]}
    before = {"a": out, "b": out, "c": out, mod.HELD: {"h": ["x", 1.0, 1.0]}}
    now = {"a": out, "b": {**out, "title": "U"}, "d": {**out, "title": "V"}, mod.HELD: {"h": ["y", 1.0, 1.0]}}
    assert mod.changed_pages(before, now) == ["b"]       # (d: new; the held-out digests are only counted)


def test_a_members_draw_is_seeded_keeps_the_page_order_and_takes_all_at_one():
    mod = _module()
    names = [f"p{k:02d}" for k in range(40)]
    first = mod.draw(names, 0.8, 7)
    assert len(first) == 32 and first == sorted(first) and set(first) <= set(names)
    assert mod.draw(names, 0.8, 7) == first and mod.draw(names, 0.8, 8) != first
    assert mod.draw(names, 1.0, 7) == names


def test_averaged_labeller_labels_each_line_by_the_mean_of_its_members_marginals(tmp_path):
    from sitegen.convert.extract import extract_lines, read_lines
    from sitegen.convert.labeller import LABELS, default_labeller, page_features
    mod = _module()
    single, tz = default_labeller(), Config().tz
    lines = read_lines(PAGE, patterns=[], always=[])
    ex = extract_lines(lines, tz)
    roles = ex.roles if ex else {}
    one = mod.Averaged([single.tagger], single.ranker)
    two = mod.Averaged([single.tagger, single.tagger], single.ranker)     # (the same model twice: the same mean)
    mean = one.marginals(page_features(lines, roles, tz))
    assert all(abs(sum(row) - 1.0) < 1e-6 for row in mean)
    got, twice = one.label(lines, roles, tz), two.label(lines, roles, tz)
    assert got.labels == twice.labels and got.headline == twice.headline
    assert got.title_scores == tuple(row[LABELS.index("title")] for row in mean)
    argmax = [LABELS[max(range(len(LABELS)), key=row.__getitem__)] for row in mean]
    moved = [k for k, y in enumerate(got.labels) if y != argmax[k]]
    assert len(moved) <= 1 and all(got.labels[k] == "standfirst" for k in moved)    # (only a passed-over lede)
    assert "body" in got.labels and lines[got.headline].text.startswith("Der Gemeinderat beschließt")


def test_averaged_marginals_are_the_mean_of_two_different_members(tmp_path):
    import pycrfsuite
    from sitegen.convert.extract import extract_lines, read_lines
    from sitegen.convert.labeller import LABELS, default_labeller, page_features
    from sitegen.convert.train import _fit
    mod = _module()
    tz = Config().tz
    lines = read_lines(PAGE, patterns=[], always=[])
    ex = extract_lines(lines, tz)
    xs = page_features(lines, ex.roles if ex else {}, tz)
    _fit([(xs, [LABELS[k % len(LABELS)] for k in range(len(xs))])], {"max_iterations": 20}, tmp_path / "b.crfsuite")
    other = pycrfsuite.Tagger()
    other.open(str(tmp_path / "b.crfsuite"))
    a, b = mod.Averaged([default_labeller().tagger]).marginals(xs), mod.Averaged([other]).marginals(xs)
    both = mod.Averaged([default_labeller().tagger, other]).marginals(xs)
    assert a != b
    assert all(abs(m - (p + q) / 2) < 1e-9 for ra, rb, rm in zip(a, b, both) for p, q, m in zip(ra, rb, rm))


def test_weight_averaged_labeller_of_one_member_infers_as_crfsuite_and_of_two_averages_the_weights(tmp_path):
    import pycrfsuite
    from sitegen.convert.extract import extract_lines, read_lines
    from sitegen.convert.labeller import LABELS, default_labeller, page_features
    from sitegen.convert.train import _fit
    mod = _module()
    tz = Config().tz
    lines = read_lines(PAGE, patterns=[], always=[])
    ex = extract_lines(lines, tz)
    xs = page_features(lines, ex.roles if ex else {}, tz)
    tagger = default_labeller().tagger
    labels, marg = mod.WeightAveraged([tagger]).decode(xs)
    tagger.set(xs)
    assert labels == tagger.tag()
    assert all(abs(row[j] - tagger.marginal(y, k)) < 1e-4 for k, row in enumerate(marg) for j, y in enumerate(LABELS))
    _fit([(xs, [LABELS[k % len(LABELS)] for k in range(len(xs))])], {"max_iterations": 20}, tmp_path / "b.crfsuite")
    other = pycrfsuite.Tagger()
    other.open(str(tmp_path / "b.crfsuite"))
    both = mod.WeightAveraged([tagger, other])
    attr, (y, w) = next((a, (y, w)) for (a, y), w in other.info().state_features.items()
                        if (a, y) not in tagger.info().state_features)
    assert both.state[attr][LABELS.index(y)] == w / 2        # (a weight only one member has, halved)
