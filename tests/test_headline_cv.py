"""benchmarks/headline_cv.py's `candidates`: where a page's headline is lost, counted and shown."""
import importlib.util
import sys
from pathlib import Path

from sitegen.config import Config
from sitegen.convert import train as tr
from sitegen.convert.headline import candidate_features, candidates

ROOT = Path(__file__).resolve().parents[1]

TEXT = """Startseite
Verkehr
Der Gemeinderat beschließt den neuen Radweg
Der Gemeinderat hat am Dienstagabend mit großer Mehrheit beschlossen, den neuen Radweg entlang der Hauptstraße noch in diesem Jahr zu bauen, wie die Verwaltung mitteilte.
Die Kosten von rund zwei Millionen Euro übernehmen zum größten Teil das Land und der Bund, den Rest zahlt die Gemeinde aus ihren Rücklagen für den Verkehr.
Die Bauarbeiten sollen im Frühjahr beginnen und im Herbst abgeschlossen sein, sagte der Bürgermeister nach der Sitzung vor den Zuhörern im Saal.
Impressum
"""
LABELS = ["other", "other", "title", "body", "body", "body", "other"]
TITLES = [0.02, 0.3, 0.9, 0.0, 0.0, 0.0, 0.01]      # the labeller's P(title): the headline first, the kicker second


def _module():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("headline_cv", ROOT / "benchmarks" / "headline_cv.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _page(gold_line: int) -> tr.Page:
    page = tr.page_sequence(TEXT, {"title": TEXT.splitlines()[gold_line]}, Config())
    assert [ln.text for ln in page.lines] == TEXT.splitlines() and page.titles == {gold_line}
    return page


def _ranker(tmp_path, mod, page):
    """A real ranker fitted to trust the labeller's first candidate (every rank-0 candidate "yes")."""
    items = [([candidate_features(k, r, page.xs, LABELS, TITLES, page.lines)], ["yes" if r == 0 else "no"])
             for r, k in enumerate(candidates(TITLES, LABELS))] * 5
    tr._fit(items, tr.RANKER_PARAMS, tmp_path / "r.crfsuite")
    return mod._ranker(tmp_path / "r.crfsuite")


def test_a_lost_headline_is_counted_and_its_candidates_shown_with_the_gold_and_the_pick(tmp_path):
    mod = _module()
    page = _page(gold_line=1)                       # the gold is the kicker, the ranker picks the headline
    counts, rows = mod.page_rows("p", page, LABELS, TITLES, _ranker(tmp_path, mod, page), show=True)
    assert counts == (False, False, True)           # not picked, not the first candidate, but a candidate
    assert rows[0] == "=== p: gold lines [1], pick 2"
    assert rows[1].startswith("   GOLD 1: other P=0.300 rank=1 'Verkehr'")
    pick = next(r for r in rows if r.startswith(" * "))
    gold = next(r for r in rows if r.startswith(" G "))
    assert "Der Gemeinderat beschließt" in pick and "P=0.900" in pick and "R=" in pick
    assert "'Verkehr'" in gold
    assert not any("Die Kosten" in r for r in rows)  # a body line is no candidate


def test_a_picked_headline_is_counted_and_not_shown(tmp_path):
    mod = _module()
    page = _page(gold_line=2)
    counts, rows = mod.page_rows("p", page, LABELS, TITLES, _ranker(tmp_path, mod, page), show=True)
    assert counts == (True, True, True) and rows == []
    counts, rows = mod.page_rows("p", _page(gold_line=1), LABELS, TITLES, _ranker(tmp_path, mod, page), show=False)
    assert counts == (False, False, True) and rows == []       # (held-out pages: counts only)
