"""convert_accuracy's 5-fold CV with the fold labellers trained once and cached, for a fast loop.

    python benchmarks/convert_cv_cache.py train --corpus DIR [--cache /tmp/recall/base]
    python benchmarks/convert_cv_cache.py score --corpus DIR [--cache ...] [--show] [--why]
    python benchmarks/convert_cv_cache.py train ... --folds 1,2,3 --params '{"c1": 0, "c2": 1}'

`train` fits each fold's labeller (and headline ranker) on the other folds exactly as
convert_accuracy's `_fold` does, into CACHE/fold{i}.crfsuite (~5 min on 2 cores). `score` scores
every page with its fold's cached model (~30 s): enough for a change that leaves the labeller's
inputs and training alone (extract.py's post-processing, the scorer). A change to the features
or the training labels needs `train` again. `--params` trains with other crfsuite settings than
train.PARAMS (a regularisation grid) and `--folds 1,2,3` trains or scores only those folds (the
others score nan): choose on the dev folds before training the held-out ones.

Dev/test discipline: folds 1-3 are for development and `--show` prints their wrong titles (the
converter's and the gold), their author misses and junk authors, and their missing and leaked
snippets only; folds 4-5 are held out and shown as scores only. A rule that helps folds 1-3 but
not 4-5 was fitted to the pages looked at.
`--why` prints, under each missing snippet of the dev folds, the page lines holding it and three
lines either side, each kept or dropped with the converter's reason (the model's label and its
confidence, or the rule that cut it): what a missed snippet's cause is read from.
`--save FILE` writes the dev folds' outputs (headline, standfirst, authors, paragraphs of each page) and
`--against FILE` prints, for each dev page whose output differs from that run, the paragraphs a
change added (+) or removed (-), each marked I when it holds a must_include snippet and X when it
holds a must_exclude one: what a rule takes and costs beyond the snippets, read before the scores.
Of the held-out folds it saves only a digest of each page's output and prints only counts: how
many pages a change touched there, and on how many of them must_include or must_exclude moved
(where a rule fires on pages never looked at, and whether it helps there), never which pages.
Its count of dev pages changed is the noise figure when the two runs differ only in a training
setting (100 -> 110 iterations moves 8 dev pages; c2 .05 -> .1 moves 22: session 36).

An averaged labeller (session 36's variance question; not what the converter ships):
`train --members K [--subsample F]` fits K labellers per fold (CACHE/fold{i}.m{j}.crfsuite; member j
on a seeded draw of F of the fold's training pages, all of them with F = 1) and `score --members K`
labels each line by the mean of the members' marginals (posterior decoding: each line's most
probable label under the mean, no Viterbi), with the single model's headline ranker from the same
CACHE (fold{i}.headline.crfsuite: `train` without --members writes it). `--members 1` is the
single model decoded per line instead of by Viterbi. `score --members K --weights` averages the
members' weights instead: one CRF, Viterbi-decoded, inferred in Python (`WeightAveraged`; with one
member, crfsuite's own labels and marginals), the cost-free variant had crfsuite a model writer.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import convert_accuracy as ca  # noqa: E402
from sitegen.config import Config  # noqa: E402
from sitegen.convert import labeller as lab  # noqa: E402
from sitegen.convert.headline import passed_lede, rule_pick, settle  # noqa: E402

K = 5
DEV = (0, 1, 2)                    # folds 1-3; folds 4-5 are held out
HELD = "(held-out digests)"      # the --save file's key for the held-out folds' digests
SHOWN = ("title", "authors", "junk_authors", "date", "language", "must_include", "must_exclude", "body_f1")


def _folds(corpus: Path) -> list[list[str]]:
    return ca.folds_by_site([t.stem for t, _ in ca._pairs(corpus)], K)


def _train(i: int, corpus: Path, cache: Path, params: dict | None = None) -> Path:
    from sitegen.convert.train import train_model
    train = [corpus / f"{n}.txt" for j, f in enumerate(_folds(corpus)) if j != i for n in f]
    pages = [(t.read_text(encoding="utf-8"), json.loads(t.with_suffix(".json").read_text(encoding="utf-8")),
              ca.seed_time(t)) for t in train]
    return train_model(pages, cache / f"fold{i}.crfsuite", config=Config(), params=params)


def draw(names: list[str], fraction: float, seed: int) -> list[str]:
    """A seeded draw of `fraction` of the training pages, in their order (all of them at 1)."""
    if fraction >= 1:
        return list(names)
    keep = set(random.Random(seed).sample(range(len(names)), round(fraction * len(names))))
    return [n for k, n in enumerate(names) if k in keep]


def _train_members(i: int, corpus: Path, cache: Path, members: int, fraction: float,
                   params: dict | None = None) -> list[Path]:
    """Fold i's K member labellers, member j on draw(..., seed 1000 i + j): labellers only."""
    from sitegen.convert.train import PARAMS, _fit, page_sequence
    names = [n for j, f in enumerate(_folds(corpus)) if j != i for n in f]
    seqs = {}
    for n in names:
        p = page_sequence((corpus / f"{n}.txt").read_text(encoding="utf-8"),
                          json.loads((corpus / f"{n}.json").read_text(encoding="utf-8")), Config())
        if p.xs:
            seqs[n] = (p.xs, p.ys)
    out = []
    for j in range(members):
        out.append(cache / f"fold{i}.m{j}.crfsuite")
        cache.mkdir(parents=True, exist_ok=True)
        _fit([seqs[n] for n in draw(list(seqs), fraction, 1000 * i + j)], {**PARAMS, **(params or {})}, out[-1])
    return out


def _averaged(cache: Path, i: int, members: int, weights: bool = False):
    """Fold i's averaged labeller over its `members` member models (their marginals, or with
    `weights` their weights) and the cache's fold ranker."""
    import pycrfsuite
    from sitegen.convert.headline import Ranker
    taggers = []
    for j in range(members):
        taggers.append(pycrfsuite.Tagger())
        taggers[-1].open(str(cache / f"fold{i}.m{j}.crfsuite"))
    ranker = Ranker(pycrfsuite.Tagger())
    ranker.tagger.open(str(cache / f"fold{i}.headline.crfsuite"))
    return (WeightAveraged if weights else Averaged)(taggers, ranker)


class Averaged(lab.Labeller):
    """Several CRF taggers as one labeller: each line's marginals averaged over them and the line
    labelled by its most probable label under that mean (posterior decoding); P(title) and the
    label's score are the mean's. The headline steps are Labeller.label's."""

    def __init__(self, taggers: list, ranker=None):
        super().__init__(taggers[0], f"averaged{len(taggers)}", ranker)
        self.taggers = taggers

    def marginals(self, xs: list[dict]) -> list[list[float]]:
        """Per line, the mean over the taggers of P(label) for each of LABELS."""
        n, k = len(xs), len(self.taggers)
        mean = [[0.0] * len(lab.LABELS) for _ in range(n)]
        for t in self.taggers:
            t.set(xs)
            for m, y in enumerate(lab.LABELS):
                for line, p in enumerate(map(t.marginal, [y] * n, range(n))):
                    mean[line][m] += p / k
        return mean

    def decode(self, xs: list[dict]) -> tuple[list[str], list[list[float]]]:
        """The page's labels and each line's P(label) for LABELS."""
        mean = self.marginals(xs)
        return [lab.LABELS[max(range(len(row)), key=row.__getitem__)] for row in mean], mean

    def label(self, lines, roles, tz):
        if not lines:
            return None
        xs = lab.page_features(lines, roles, tz)
        labels, mean = self.decode(xs)
        scores = [row[lab.LABELS.index(y)] for row, y in zip(mean, labels)]
        titles = [row[lab.LABELS.index("title")] for row in mean]
        pick = self.ranker.pick(xs, labels, titles, lines) if self.ranker is not None else rule_pick(lines, titles)
        headline = settle(lines, labels, titles, pick)
        if passed_lede(lines, labels, pick, headline):
            labels[pick], scores[pick] = "standfirst", mean[pick][lab.LABELS.index("standfirst")]
        return lab.Labelled(tuple(lines), tuple(labels), tuple(scores), tuple(titles), headline)


class WeightAveraged(Averaged):
    """One CRF whose weights are the members' mean (what a weight-averaged model file would be:
    no extra cost at convert time), run here in Python from the members' weights (Tagger.info):
    Viterbi labels and forward-backward marginals, as crfsuite's own for one member."""

    def __init__(self, taggers: list, ranker=None):
        super().__init__(taggers, ranker)
        m, k = len(lab.LABELS), len(taggers)
        self.state: dict[str, list[float]] = {}
        self.trans = [[0.0] * m for _ in range(m)]
        for t in taggers:
            info = t.info()
            for (attr, y), w in info.state_features.items():
                self.state.setdefault(attr, [0.0] * m)[lab.LABELS.index(y)] += w / k
            for (y0, y1), w in info.transitions.items():
                self.trans[lab.LABELS.index(y0)][lab.LABELS.index(y1)] += w / k

    def _emissions(self, xs: list[dict]) -> list[list[float]]:
        out = []
        for x in xs:
            row = [0.0] * len(lab.LABELS)
            for attr, value in x.items():
                attr, value = (f"{attr}:{value}", 1.0) if isinstance(value, str) else (attr, float(value))
                for j, w in enumerate(self.state.get(attr, ())):
                    row[j] += value * w
            out.append(row)
        return out

    def marginals(self, xs: list[dict]) -> list[list[float]]:
        return self.decode(xs)[1]

    def decode(self, xs: list[dict]) -> tuple[list[str], list[list[float]]]:
        emit, trans, ys = self._emissions(xs), self.trans, range(len(lab.LABELS))

        def lse(v: list[float]) -> float:
            top = max(v)
            return top + math.log(sum(math.exp(u - top) for u in v))
        fwd = [emit[0]]
        for e in emit[1:]:
            fwd.append([e[j] + lse([fwd[-1][p] + trans[p][j] for p in ys]) for j in ys])
        bwd = [[0.0] * len(ys)]
        for e in reversed(emit[1:]):
            bwd.append([lse([trans[j][q] + e[q] + bwd[-1][q] for q in ys]) for j in ys])
        bwd.reverse()
        z = lse(fwd[-1])
        marg = [[math.exp(f[j] + b[j] - z) for j in ys] for f, b in zip(fwd, bwd)]
        best, back = emit[0], []
        for e in emit[1:]:
            came = [max(ys, key=lambda p: best[p] + trans[p][j]) for j in ys]
            best = [best[p] + trans[p][j] + e[j] for j, p in enumerate(came)]
            back.append(came)
        path = [max(ys, key=best.__getitem__)]
        for came in reversed(back):
            path.append(came[path[-1]])
        return [lab.LABELS[j] for j in reversed(path)], marg


def _score(i: int, corpus: Path, cache: Path, why: bool = False, outputs: bool = False,
           members: int = 0, weights: bool = False) -> list[dict]:
    model = _averaged(cache, i, members, weights) if members else lab.Labeller.load(cache / f"fold{i}.crfsuite")
    config = Config()
    rows = [ca.score_page(corpus / f"{n}.txt", json.loads((corpus / f"{n}.json").read_text(encoding="utf-8")),
                          config, model) for n in _folds(corpus)[i]]
    if outputs:
        for r in rows:
            out = _output(corpus / f"{r['name']}.txt", config, model)
            r["output"] = out if i in DEV else _digest(out, r)
    if why and i in DEV:
        for r in rows:
            if r.get("missing"):
                r["why"] = _why(corpus / f"{r['name']}.txt", r["missing"], config, model)
    return rows


def _why(txt: Path, missing: list[str], config: Config, model, around: int = 3) -> list[list[str]]:
    """Per missing snippet, the lines holding it (or its first 20 characters, when the page has it
    glued or split) with `around` non-empty lines either side: "kept" or the reason it was dropped,
    and with a model, each line's P(body) ("b=0.54"): the Viterbi path can call "other" a line whose
    own probability of being the body is higher (a run of paragraphs between boilerplate)."""
    from sitegen.convert import convert_text
    text = txt.read_text(encoding="utf-8")
    art = convert_text(text, source=txt.name, config=config, labeller=model, saved=ca.seed_time(txt))
    reasons = {no - 1: reason for no, _raw, reason in art.dropped}
    body = _body_marginals(text, txt.name, config, model) if model is not None else {}
    seen = [(i, ln.strip()) for i, ln in enumerate(text.split("\n")) if ln.strip()]
    keys = [ca.norm(ln) for _, ln in seen]
    title, summary = ca.norm(art.title), ca.norm(art.summary)
    out = []
    for s in missing:
        want = ca.norm(s)
        hits = [k for k, key in enumerate(keys) if want in key] or [k for k, key in enumerate(keys) if want[:20] in key]
        rows = [] if hits else ["   (not on the page as one line)"]
        for h in hits[:2]:
            for k in range(max(0, h - around), min(len(seen), h + around + 1)):
                i, ln = seen[k]
                why = reasons.get(i) or ("kept: headline" if ca.norm(ln) == title else
                                         "kept: standfirst" if ca.norm(ln) == summary else "kept")
                pb = f"b={body[i]:.2f}" if i in body else ""
                rows.append(f"  {'>>' if k == h else '  '} {i + 1:5d} {pb:6} {why[:60]:60} {ln[:80]!r}")
        out.append(rows)
    return out


def _body_marginals(text: str, source: str, config: Config, model) -> dict[int, float]:
    """Each labelled line's P(body) (the CRF's marginal), by its 0-based line number in `text`."""
    from sitegen.convert.seed import _read
    read = _read(text, source, config, model)
    # (the labeller's tagger still holds this page: the ranker and the tag scorer have their own)
    return {ln.index: model.tagger.marginal("body", k) for k, ln in enumerate(read.lines)}


def _output(txt: Path, config: Config, model) -> dict:
    """A page's converted headline, standfirst, authors and paragraphs (for `--save` / `--against`)."""
    from sitegen.convert import convert_text
    art = convert_text(txt.read_text(encoding="utf-8"), source=txt.name, config=config, labeller=model,
                       saved=ca.seed_time(txt))
    return {"title": art.title, "summary": art.summary, "authors": list(art.authors),
            "paragraphs": list(art.paragraphs)}


def _digest(output: dict, row: dict) -> list:
    """A held-out page's output as a digest and its two snippet scores: enough to count the pages
    a change touches and how, nothing to read them by."""
    blob = json.dumps(output, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return [hashlib.sha1(blob).hexdigest(), row.get("must_include"), row.get("must_exclude")]


def _held_counts(before: dict, now: dict) -> str:
    """How many held-out pages changed, and on how many must_include / must_exclude went up or
    down (counts only)."""
    changed = [(before[n], now[n]) for n in now if n in before and before[n][0] != now[n][0]]

    def moved(j: int, up: bool) -> int:
        return sum(1 for b, a in changed if None not in (b[j], a[j]) and (a[j] > b[j] if up else a[j] < b[j]))
    return (f"HELD-OUT pages changed: {len(changed)} (must_include up {moved(1, True)}, down {moved(1, False)}; "
            f"must_exclude up {moved(2, True)}, down {moved(2, False)})")


def changed_pages(before: dict, now: dict) -> list[str]:
    """The dev pages whose output differs between two --save runs (both scored): their count is
    the noise figure when the runs differ only in a training setting."""
    return [n for n in sorted(now) if n != HELD and n in before and before[n] != now[n]]


def _changes(before: dict, after: dict, gold: dict) -> list[str]:
    """What changed on one page between two runs' outputs: the headline, authors and standfirst, then the
    paragraphs added (+) and removed (-), marked I (holds a must_include snippet) / X (must_exclude)."""
    inc = [ca.norm(s) for s in ca.as_list(gold.get("must_include")) if s]
    exc = [ca.norm(s) for s in ca.as_list(gold.get("must_exclude")) if s]

    def mark(p: str) -> str:
        key = ca.norm(p)
        return ("I" if any(s in key for s in inc) else " ") + ("X" if any(s in key for s in exc) else " ")
    out = [f"  {field}: {before.get(field)!r:.80} -> {after.get(field)!r:.80}"
           for field in ("title", "authors") if before.get(field) != after.get(field)]
    if before.get("summary") != after.get("summary"):   # (both in full, marked as the paragraphs)
        out += [f"  summary {sign} {mark(p)} {p[:160]!r}" for sign, p in (("-", before.get("summary") or ""),
                                                                           ("+", after.get("summary") or ""))]
    out += [f"  + {mark(p)} {p[:100]!r}" for p in after["paragraphs"] if p not in before["paragraphs"]]
    out += [f"  - {mark(p)} {p[:100]!r}" for p in before["paragraphs"] if p not in after["paragraphs"]]
    return out


def _mean(groups: list[list[dict]], metric: str) -> float:
    """The mean of the folds' means, as convert_accuracy's table."""
    means = [sum(v) / len(v) for g in groups if (v := [r[metric] for r in g if metric in r])]
    return sum(means) / len(means) if means else float("nan")


def _author_line(r: dict) -> str | None:
    """'JUNK' (an output author naming no one the gold names) or 'AUTHORS' (a person gold missed),
    with the output and the gold; None when the page's authors are right or not scored."""
    kind = "JUNK" if r.get("junk_authors") else "AUTHORS" if r.get("authors") == 0.0 else None
    return kind and f"{kind} {r['name']}: {r['got']['authors']} (gold {r['gold']['authors']!r})"


def _report(groups: list[list[dict]], show: bool) -> None:
    print(f"{'':8}" + " ".join(f"{m[:8]:>8}" for m in SHOWN))
    for name, part in (("dev1-3", [groups[i] for i in DEV]),
                       ("held4-5", [g for i, g in enumerate(groups) if i not in DEV]), ("all5", groups)):
        print(f"{name:8}" + " ".join(f"{_mean(part, m):8.3f}" for m in SHOWN))
    if show:                       # (the dev folds' pages only)
        for r in (r for i in DEV for r in groups[i]):
            if r.get("title") == 0.0:
                print(f"TITLE {r['name']}: {r['got']['title'][:80]!r} (gold {r['gold']['title'][:80]!r})")
            if line := _author_line(r):
                print(line)
            for j, s in enumerate(r.get("missing", [])):
                print(f"MISS {r['name']}: {s[:100]!r}")
                for row in r.get("why", [[]] * (j + 1))[j]:
                    print(row)
            for s in r.get("leaked", []):
                print(f"LEAK {r['name']}: {s[:100]!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("train", "score"))
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/recall/base"))
    ap.add_argument("--show", action="store_true", help="list the dev folds' wrong titles and authors, missing and leaked snippets")
    ap.add_argument("--why", action="store_true", help="with --show: each missing snippet's lines and why they were dropped")
    ap.add_argument("--save", type=Path, help="write the dev folds' outputs to this JSON file")
    ap.add_argument("--against", type=Path, help="list the dev pages whose output differs from a --save file")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--params", type=json.loads, default=None,
                    help='train: JSON overriding the labeller\'s crfsuite settings, e.g. \'{"c1": 0, "c2": 1}\'')
    ap.add_argument("--folds", type=lambda s: [int(f) - 1 for f in s.split(",")], default=list(range(K)),
                    help="only these folds (1-based, e.g. 1,2,3: the dev folds, for choosing; the others score as nan)")
    ap.add_argument("--members", type=int, default=0,
                    help="train K member labellers per fold / score their averaged marginals (see above)")
    ap.add_argument("--subsample", type=float, default=1.0,
                    help="train --members: each member on this seeded fraction of the fold's training pages")
    ap.add_argument("--languages", action="store_true",
                    help="score: also print the per-language table (every fold's held-back pages pooled)")
    ap.add_argument("--weights", action="store_true",
                    help="score --members: average the members' weights (one CRF, Viterbi), not their marginals")
    args = ap.parse_args(argv)
    outputs = bool(args.save or args.against)
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        if args.command == "train" and args.members:
            n = len(args.folds)
            for paths in pool.map(_train_members, args.folds, [args.corpus] * n, [args.cache] * n,
                                  [args.members] * n, [args.subsample] * n, [args.params] * n):
                print(*paths)
            return 0
        if args.command == "train":
            n = len(args.folds)
            for path in pool.map(_train, args.folds, [args.corpus] * n, [args.cache] * n, [args.params] * n):
                print(path)
            return 0
        scored = list(pool.map(_score, args.folds, [args.corpus] * len(args.folds), [args.cache] * len(args.folds),
                                [args.why] * len(args.folds), [outputs] * len(args.folds),
                                [args.members] * len(args.folds), [args.weights] * len(args.folds)))
        groups = [scored[args.folds.index(i)] if i in args.folds else [] for i in range(K)]
    _report(groups, args.show or args.why)
    if args.languages:
        print("\n".join(ca._language_table([r for g in groups for r in g])))
    if not outputs:
        return 0
    now = {r["name"]: r["output"] for i in DEV for r in groups[i]}
    now[HELD] = {r["name"]: r["output"] for i, g in enumerate(groups) if i not in DEV for r in g}
    if args.against:
        before = json.loads(args.against.read_text(encoding="utf-8"))
        if HELD in before:
            print(_held_counts(before[HELD], now[HELD]))
        changed = changed_pages(before, now)
        print(f"dev pages changed: {len(changed)} of {sum(1 for n in now if n != HELD and n in before)}")
        for name in changed:
            gold = json.loads((args.corpus / f"{name}.json").read_text(encoding="utf-8"))
            print(f"CHANGED {name}")
            print("\n".join(_changes(before[name], now[name], gold)))
    if args.save:
        args.save.write_text(json.dumps(now, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
