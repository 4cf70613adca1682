"""The headline ranker measured alone: its training material cached, refitted in seconds.

    python benchmarks/headline_cv.py train  --corpus DIR --cache CACHE     (~3-5 min on 2 cores)
    python benchmarks/headline_cv.py refit  --corpus DIR --cache CACHE --out OUT   (~10 s)
    python benchmarks/headline_cv.py nested --corpus DIR --cache CACHE     (~10 s)
    python benchmarks/headline_cv.py candidates --corpus DIR --cache CACHE|OUT   (~15 s)

`train` fits each fold's labeller and headline ranker exactly as `train.train_model` does (the
files are byte for byte those of `convert_cv_cache.py train`, so `convert_cv_cache.py score
--cache CACHE` scores them) and keeps each fold's ranker material, the training pages and their
held-out candidate scores (`train._held_out_scores`, the slow part), in CACHE/fold{i}.ranker.pkl.

`refit` refits the five rankers from that material with the code as it is now (headline.py's
candidate features, train.py's ranker items and parameters) into OUT, beside copies of the
labellers: `convert_cv_cache.py score --cache OUT` then gives every metric. The labellers and
their scores are the cached ones, so a refit of unchanged code reproduces the rankers exactly
and a difference is the change's own, not a labeller retrain's noise (which moves 4-6 headlines
a fold).

`nested` is a lower-noise check on the development pages only (folds 1-3; folds 4-5 stay held
out): the dev pages in the ranker material of folds 4 and 5 (scored there by labellers that had
not seen them) are grouped by site into 4, 5 and 7 groups; a ranker fitted on the other groups
picks each page's headline line, and the gold-line picks are counted (each dev page six times).
Session 16: 25 ranker variants all fell within -6 / +16 picks of 1,272 of the unchanged ranker's
910, and none carried to folds 4-5.

`candidates` says where the headline is lost, with the labellers and rankers in CACHE (or a
refit's OUT): each fold's own pages are tagged by that fold's labeller, and the gold headline line
is counted where the converter picks it (ranker, then `settle`), where the labeller's first
candidate is it, and where it is among the ranker's candidates at all (the most a ranker can
pick); on the dev folds these are counts and, for each page whose gold line is not picked, the
candidates (label, P(title), the ranker's P; * the pick, G a gold line) and the gold lines' own
label, P and rank. Held-out folds: the three counts only.
"""
from __future__ import annotations

import argparse
import json
import pickle
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import convert_accuracy as ca  # noqa: E402
import convert_cv_cache as cc  # noqa: E402
from sitegen.config import Config  # noqa: E402
from sitegen.convert import train as tr  # noqa: E402
from sitegen.convert.labeller import ranker_path  # noqa: E402

GROUPINGS = (4, 5, 7)


def _train(i: int, corpus: Path, cache: Path) -> Path:
    names = [n for j, f in enumerate(cc._folds(corpus)) if j != i for n in f]
    config = Config()
    seqs = []
    for n in names:
        text = (corpus / f"{n}.txt").read_text(encoding="utf-8")
        gold = json.loads((corpus / f"{n}.json").read_text(encoding="utf-8"))
        seqs.append((n, tr.page_sequence(text, gold, config)))
    seqs = [(n, p) for n, p in seqs if p.xs]
    out = cache / f"fold{i}.crfsuite"
    tr._fit([(p.xs, p.ys) for _, p in seqs], tr.PARAMS, out)
    held = tr._held_out_scores([p for _, p in seqs], tr.RANKER_FOLDS, tr.PARAMS)
    tr._fit(tr._ranker_items([p for _, p in seqs], held), tr.RANKER_PARAMS, ranker_path(out))
    with open(cache / f"fold{i}.ranker.pkl", "wb") as fh:
        pickle.dump(([n for n, _ in seqs], [p for _, p in seqs], held), fh)
    return out


def _load(cache: Path, i: int):
    with open(cache / f"fold{i}.ranker.pkl", "rb") as fh:
        return pickle.load(fh)


def _refit(i: int, cache: Path, out: Path) -> Path:
    _names, seqs, held = _load(cache, i)
    model = out / f"fold{i}.crfsuite"
    shutil.copyfile(cache / f"fold{i}.crfsuite", model)
    tr._fit(tr._ranker_items(seqs, held), tr.RANKER_PARAMS, ranker_path(model))
    return model


def nested(corpus: Path, cache: Path) -> tuple[int, int]:
    import pycrfsuite
    from sitegen.convert.headline import Ranker
    folds = cc._folds(corpus)
    dev = {n for j in cc.DEV for n in folds[j]}
    picked = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ranker.crfsuite"
        for i in (j for j in range(cc.K) if j not in cc.DEV):
            names, seqs, held = _load(cache, i)
            data = [(n, p, h) for n, p, h in zip(names, seqs, held) if n in dev]
            for k in GROUPINGS:
                for group in map(set, ca.folds_by_site([n for n, _, _ in data], k)):
                    fit = [(p, h) for n, p, h in data if n not in group]
                    tr._fit(tr._ranker_items([p for p, _ in fit], [h for _, h in fit]), tr.RANKER_PARAMS, path)
                    tagger = pycrfsuite.Tagger()
                    tagger.open(str(path))
                    ranker = Ranker(tagger)
                    for n, p, (labels, titles) in data:
                        if n in group:
                            total += 1
                            picked += ranker.pick(p.xs, labels, titles, p.lines) in p.titles
                    tagger.close()
    return picked, total


def _tag_fold(i: int, corpus: Path, cache: Path) -> list[tuple[str, object, tuple[list[str], list[float]]]]:
    """Fold i's own pages (never seen by its labeller) as (name, Page, (labels, P(title) per line))."""
    import pycrfsuite
    tagger = pycrfsuite.Tagger()
    tagger.open(str(cache / f"fold{i}.crfsuite"))
    out = []
    for n in cc._folds(corpus)[i]:
        gold = json.loads((corpus / f"{n}.json").read_text(encoding="utf-8"))
        page = tr.page_sequence((corpus / f"{n}.txt").read_text(encoding="utf-8"), gold, Config())
        if page.xs:
            tagger.set(page.xs)
            out.append((n, page, (tagger.tag(), [tagger.marginal("title", j) for j in range(len(page.xs))])))
    tagger.close()
    return out


def _ranker(path: Path):
    import pycrfsuite
    from sitegen.convert.headline import Ranker
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return Ranker(tagger)


def page_rows(name: str, page, labels, titles, ranker, show: bool) -> tuple[tuple[bool, bool, bool], list[str]]:
    """(gold line picked, the labeller's first candidate is a gold line, a gold line is among the
    candidates) for one page, and, when `show` and the pick is not a gold line, its candidate table."""
    from sitegen.convert.headline import candidate_features, candidates, settle
    cands = candidates(titles, labels)
    pick = settle(page.lines, labels, titles, ranker.pick(page.xs, labels, titles, page.lines))
    counts = (pick in page.titles, settle(page.lines, labels, titles, cands[0]) in page.titles,
              any(k in page.titles for k in cands))
    if not show or counts[0]:
        return counts, []
    rows = [f"=== {name}: gold lines {sorted(page.titles)}, pick {pick}"]
    rows += [f"   GOLD {g}: {labels[g]} P={titles[g]:.3f} rank={cands.index(g) if g in cands else '-'} "
             f"{page.lines[g].text[:90]!r}" for g in sorted(page.titles)]
    for r, k in enumerate(cands):
        prob = ranker.probability(candidate_features(k, r, page.xs, labels, titles, page.lines))
        mark = "*" if k == pick else "G" if k in page.titles else " "
        rows.append(f" {mark} {k:4d} {labels[k]:10s} P={titles[k]:.3f} R={prob:.3f} {page.lines[k].text[:90]!r}")
    if pick not in cands:           # (settle may pick a line no candidate: the trail's headline)
        rows.append(f" * {pick:4d} {labels[pick]:10s} P={titles[pick]:.3f} {page.lines[pick].text[:90]!r}")
    return counts, rows


def _fold_candidates(i: int, corpus: Path, cache: Path) -> tuple[list[int], list[str]]:
    ranker, totals, rows = _ranker(ranker_path(cache / f"fold{i}.crfsuite")), [0, 0, 0, 0], []
    for name, page, (labels, titles) in _tag_fold(i, corpus, cache):
        if not page.titles:
            continue              # (the gold title is on no line as written: no line is right)
        counts, table = page_rows(name, page, labels, titles, ranker, show=i in cc.DEV)
        totals = [t + c for t, c in zip(totals, (*counts, 1))]
        rows += table
    return totals, rows


def candidates_report(corpus: Path, cache: Path, jobs: int) -> list[str]:
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        folds = list(pool.map(_fold_candidates, range(cc.K), [corpus] * cc.K, [cache] * cc.K))
    out = ["gold headline line: picked / the labeller's first candidate / among the candidates, of pages "
           "with the gold title on a line"]
    for name, part in (("dev1-3", cc.DEV), ("held4-5", [i for i in range(cc.K) if i not in cc.DEV])):
        t = [sum(folds[i][0][j] for i in part) for j in range(4)]
        out.append(f"{name:8} {t[0]} / {t[1]} / {t[2]} of {t[3]}")
    return out + [row for i in cc.DEV for row in folds[i][1]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("train", "refit", "nested", "candidates"))
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--out", type=Path, help="refit: the folder for the refitted models")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    if args.command == "nested":
        picked, total = nested(args.corpus, args.cache)
        print(f"nested (dev folds 1-3 only): gold headline line picked {picked}/{total} = {picked / total:.4f}")
        return 0
    if args.command == "candidates":
        print("\n".join(candidates_report(args.corpus, args.cache, args.jobs)))
        return 0
    if args.command == "refit" and args.out is None:
        ap.error("refit needs --out")
    dest = args.cache if args.command == "train" else args.out
    dest.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        if args.command == "train":
            jobs = pool.map(_train, range(cc.K), [args.corpus] * cc.K, [args.cache] * cc.K)
        else:
            jobs = pool.map(_refit, range(cc.K), [args.cache] * cc.K, [args.out] * cc.K)
        for path in jobs:
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
