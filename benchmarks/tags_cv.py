"""The tag scorer measured by leave-one-sample-out over every judged sample, and its C2 and bars chosen
by nested cross-validation (session 33).

    python benchmarks/tags_cv.py [--corpus DIR] [--nested]

321 of the 352 dev pages are in some sample (A-N of benchmarks/tags_judged.md; the other 31, the earlier
English sample's sites, are judged apart, in its Session 33 tags33c section), so no new hand sample is left: each sample (a set of sites, no site in two) is held out in turn, the scorer
fitted on the others, and scored on the held-out sample's ranked candidates as extract_tags keeps
them (a candidate without a verdict counts as kept, neither right nor wrong). Printed per sample and
in all: right of the judged kept, kept a page, unjudged kept, pages with a right tag, pages with none.

  (a) session 32's setup: fitted on samples A-F (less the held-out one), C2 3, bars 0.5 and 0.7;
  (b) fitted on every other sample with the shipped C2 and bars (train_tags.C2, tags_model's bars);
  --nested: C2 and the bars chosen on the other samples alone (their own leave-one-out, `choose`),
  then fitted on them and scored on the held-out one. Without --nested, `choose` over all the
  samples prints the settings it picks (how the shipped ones were chosen).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.convert.tags_model import BODY_THRESHOLD, THRESHOLD, TagModel  # noqa: E402
from sitegen.convert.train_tags import C2, examples, train  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
C2S = (1.0, 3.0, 10.0, 30.0)
BARS = tuple(round(0.3 + 0.05 * i, 2) for i in range(12))         # 0.3 .. 0.85
BODY_BARS = BARS + (0.9, 0.95)


@dataclass
class Stat:
    right: int = 0
    judged: int = 0
    kept: int = 0
    unjudged: int = 0
    pages_right: int = 0
    pages: int = 0
    pages_none: int = 0

    def __iadd__(self, o: "Stat") -> "Stat":
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(o, f.name))
        return self

    @property
    def precision(self) -> float:
        return self.right / max(self.judged, 1)

    def __str__(self) -> str:
        return (f"{self.right} of {self.judged} right ({self.precision:.1%}), {self.kept} kept "
                f"({self.kept / max(self.pages, 1):.2f} a page, {self.unjudged} unjudged), pages with a right "
                f"tag {self.pages_right} of {self.pages}, with none {self.pages_none}")


def held_out_probabilities(rows, samples, fit_on, c2: float, tmp: str) -> dict[int, float]:
    """Each row of `samples` -> its probability from a scorer fitted on the judged rows of `fit_on`
    less the row's own sample."""
    prob = {}
    for s in samples:
        items = [(r[3], r[4]) for r in rows if r[0] in fit_on and r[0] != s and r[4] is not None]
        model = train(items, Path(tmp) / f"{s}.crfsuite", c2)
        prob.update({i: model.probability(r[3]) for i, r in enumerate(rows) if r[0] == s})
    return prob


def score(rows, pages: dict[str, str], samples, prob: dict[int, float], bar: float, body_bar: float) -> Stat:
    """The kept candidates of `samples`' pages (as TagModel.bar: the body bar for one the lead never names)."""
    bars = TagModel(None, bar, body_bar)
    kept: dict[str, list] = {p: [] for p, s in pages.items() if s in samples}
    for i, r in enumerate(rows):
        if r[0] in samples and prob[i] >= bars.bar(r[3]):
            kept[r[1]].append(r[4])
    st = Stat()
    for verdicts in kept.values():
        st += Stat(right=verdicts.count(True), judged=sum(v is not None for v in verdicts), kept=len(verdicts),
                   unjudged=verdicts.count(None), pages_right=int(True in verdicts), pages=1,
                   pages_none=int(not verdicts))
    return st


def choose(rows, pages, samples, floor: int, tmp: str) -> tuple[float, float, float]:
    """C2, bar and body bar whose leave-one-out over `samples` is the most precise while keeping at least
    `floor` pages with a right tag (ties: more right tags)."""
    best = None
    for c2 in C2S:
        prob = held_out_probabilities(rows, samples, samples, c2, tmp)
        for bar in BARS:
            for body in (b for b in BODY_BARS if b >= bar):
                st = score(rows, pages, samples, prob, bar, body)
                key = (st.precision, st.right)
                if st.pages_right >= floor and (best is None or key > best[0]):
                    best = (key, (c2, bar, body))
    assert best is not None, "no setting keeps the floor"
    return best[1]


def report(name: str, per: dict[str, Stat]) -> Stat:
    print(name)
    total = Stat()
    for s, st in per.items():
        print(f"  {s}: {st}")
        total += st
    print(f"  all: {total}")
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "seeds" / "dev")
    ap.add_argument("--nested", action="store_true", help="choose C2 and the bars inside each fold (slow: ~2 min)")
    args = ap.parse_args(argv)
    rows = examples(args.corpus, ROOT / "benchmarks" / "tags_judged.md", ROOT / "benchmarks" / "tags_judged_pages.txt",
                    until="", unjudged=True)
    from sitegen.convert.train_tags import judged
    names = (ROOT / "benchmarks" / "tags_judged_pages.txt").read_text(encoding="utf-8").split()
    _, pages = judged(ROOT / "benchmarks" / "tags_judged.md", names)
    pages = {p: s for p, s in pages.items() if (args.corpus / (p + ".txt")).exists()}
    samples = sorted(set(pages.values()))
    print(f"{len(rows)} ranked candidates ({sum(r[4] is not None for r in rows)} judged) on {len(pages)} pages, "
          f"samples {''.join(samples)}")
    with tempfile.TemporaryDirectory() as tmp:
        prob_a = held_out_probabilities(rows, samples, set("ACDEF"), 3.0, tmp)
        per_a = {s: score(rows, pages, {s}, prob_a, 0.5, 0.7) for s in samples}
        report("(a) session 32's setup: fitted on A-F, C2 3, bars 0.5/0.7", per_a)
        prob_b = held_out_probabilities(rows, samples, set(samples), C2, tmp)
        report(f"(b) fitted on every other sample, C2 {C2}, bars {THRESHOLD}/{BODY_THRESHOLD}",
               {s: score(rows, pages, {s}, prob_b, THRESHOLD, BODY_THRESHOLD) for s in samples})
        if not args.nested:
            floor = sum(st.pages_right for st in per_a.values())
            print(f"choose over all samples (floor: (a)'s {floor} pages with a right tag): "
                  f"C2, bar, body bar = {choose(rows, pages, set(samples), floor, tmp)}")
            return 0
        per, picked = {}, {}
        for s in samples:
            rest = set(samples) - {s}
            picked[s] = c2, bar, body = choose(rows, pages, rest, sum(per_a[x].pages_right for x in rest), tmp)
            prob = held_out_probabilities(rows, [s], rest | {s}, c2, tmp)
            per[s] = score(rows, pages, {s}, prob, bar, body)
        report("nested: C2 and bars chosen on the other samples (floor: (a)'s pages with a right tag there)", per)
        print("  chosen (C2, bar, body bar): " + ", ".join(f"{s} {v}" for s, v in picked.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
