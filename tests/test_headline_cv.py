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


_HEADLINES = ["Der Gemeinderat beschließt den neuen Radweg", "Die Stadtbibliothek öffnet am Sonntag",
              "Neue Buslinie verbindet zwei Ortsteile", "Das Freibad bleibt bis Oktober geöffnet",
              "Die Feuerwehr bekommt ein neues Löschfahrzeug", "Der Wochenmarkt zieht auf den Rathausplatz",
              "Schüler gewinnen den Landeswettbewerb", "Die Brücke über den Fluss wird saniert",
              "Ein neuer Spielplatz für die Innenstadt", "Das Stadtfest lockt tausende Besucher an"]


def _corpus(root: Path) -> Path:
    """25 one-article pages, each from its own site: a fold trains on 20, enough for a ranker (RANKER_MIN)."""
    import json
    corpus = root / "corpus"
    corpus.mkdir()
    body = TEXT.splitlines()[3:6]
    for k in range(25):
        title = f"{_HEADLINES[k % 10]} {['', 'heute', 'wieder'][k // 10]}".strip()
        name = f"traf-site{k}.de-{k:08x}"
        (corpus / f"{name}.txt").write_text("\n".join(["Startseite", "Lokales", title, *body, "Impressum"]) + "\n",
                                            encoding="utf-8")
        (corpus / f"{name}.json").write_text(json.dumps({"title": title, "must_include": [body[0][:40]]}),
                                             encoding="utf-8")
    return corpus


def test_train_fits_a_folds_labeller_and_ranker_as_convert_cv_cache_does_and_keeps_the_ranker_material(tmp_path):
    """`train` is `convert_cv_cache.py train` plus the ranker's material: the same files byte for byte
    (it once called train's held-out scorer without the labeller's settings, and failed)."""
    import pickle
    mod = _module()
    corpus = _corpus(tmp_path)
    (tmp_path / "hc").mkdir()
    (tmp_path / "cv").mkdir()
    model = mod._train(0, corpus, tmp_path / "hc")
    other = mod.cc._train(0, corpus, tmp_path / "cv")
    assert model.read_bytes() == other.read_bytes()
    assert mod.ranker_path(model).read_bytes() == mod.ranker_path(other).read_bytes()
    with open(tmp_path / "hc" / "fold0.ranker.pkl", "rb") as fh:
        names, pages, held = pickle.load(fh)
    assert len(names) == len(pages) == len(held) == 20 and all(p.titles for p in pages)
