"""Fit the tag scorer (tags_model.py) on the tags judged by hand in benchmarks/tags_judged.md.

    python -m sitegen.convert.train_tags [--judged benchmarks/tags_judged.md] [--corpus DIR] [--cv]

Every ranked candidate the tagger still produces on a judged page, with a verdict, is an example.
Writes model.tags.crfsuite (a few kB; deterministic: the pages and the judged tags in file order,
L-BFGS from zero; since session 33 from every judgment, samples A-N); --cv prints the
leave-one-sample-out figures instead (train on the other samples, score the held-out one; a
sample is a set of sites, no site in two). benchmarks/tags_cv.py compares setups that way and
chooses C2 and the two bars (tags_model.THRESHOLD, BODY_THRESHOLD) by nested cross-validation.
"""
from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from .tags_model import MODEL_PATH, THRESHOLD, TagModel, default_model

# L2 weight: 10 since session 33 (was 3, chosen on A-F in session 18), chosen with the bars over
# every sample's leave-one-out (benchmarks/tags_cv.py: C2 in 1, 3, 10, 30).
C2 = 10.0
# The judgments read up to this heading: all of them. Until session 33 the shipped model was trained on
# samples A-F only ("## Session 18"), G-N being its held-out tests; every page of benchmarks/tags_judged_pages.txt (321 of
# the 352 dev pages) is in a sample now, so the held-out figure is leave-one-sample-out (--cv), and the model uses every judgment.
UNTIL = ""


def train(items: list[tuple[dict, bool]], out: Path, c2: float = C2) -> TagModel:
    import pycrfsuite
    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, right in items:
        trainer.append([feats], ["yes" if right else "no"])
    trainer.set_params({"c2": c2, "max_iterations": 500, "feature.possible_states": True})
    trainer.train(str(out))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(out))
    return TagModel(tagger)


# -- The judged tags (benchmarks/tags_judged.md) -----------------------------------------------

_VERDICT = re.compile(r"(?:^|[,;:(]\s*)(?:was |and )?([^,;:()✓✗]+?)\s(✓|✗)")
_SAMPLE = re.compile(r"^##+ .*?[Ss]ample ([A-Z])\b")
# Sample B (session 4) is the pages no change touched: a page it shares with a later sample is that one's.
_ORDER = "ACDEFGHIJKLMNOPQRSTUVWXYZ"


def judged(path: Path, pages: list[str], until: str = "") -> tuple[dict[tuple[str, str], bool], dict[str, str]]:
    """(page stem, tag) -> right, from every table of the file (a later call wins), and each page's
    sample: the first of the samples A, C, D, ... N (in that order) whose own section's table lists it (else B).
    `until`: the heading where reading stops (the judgments a model was trained on)."""
    norm = {p: re.sub(r"^(?:aeb|traf)-", "", p) for p in pages}

    def stem_of(cell: str) -> str | None:
        cell = cell.strip()
        hits = [p for p, n in norm.items() if n == cell or n.startswith(cell + "-") or n.startswith(cell + ".")]
        return hits[0] if len(hits) == 1 else None

    verdicts: dict[tuple[str, str], bool] = {}
    first_seen: dict[str, set[str]] = {}
    sample = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if until and line.startswith(until):
            break
        m = _SAMPLE.match(line)
        if line.startswith("#"):
            sample = m.group(1) if m and "again" not in line and "Samples" not in line else ""
            if line.startswith("## Session 13"):
                sample = "E"
            elif line.startswith("## Session 14"):
                sample = "F"
            elif line.startswith("## Session 19"):
                sample = "I"
            continue
        if not line.startswith("| ") or "---" in line:
            continue
        cells = line.strip().strip("|").split("|")
        stem = stem_of(cells[0])
        if stem is None:
            continue
        if sample and any("✓" in c or "✗" in c or "(none)" in c for c in cells[1:]):
            first_seen.setdefault(stem, set()).add(sample)
        for cell in cells[1:]:
            for tag, mark in _VERDICT.findall(cell):
                verdicts[(stem, tag.strip())] = mark == "✓"
    groups = {}
    for stem in pages:
        seen = first_seen.get(stem, set())
        groups[stem] = next((s for s in _ORDER if s in seen), "B")
    return verdicts, groups


def examples(corpus: Path, judged_path: Path, pages_path: Path, until: str = "", unjudged: bool = False):
    """Every ranked candidate of every judged page that has a verdict: (sample, page, tag, features, right);
    `unjudged`: the candidates without one too (right None), to count what a scorer would show."""
    from ..config import Config
    from .seed import SeedError, convert_text
    pages = pages_path.read_text(encoding="utf-8").split()
    verdicts, groups = judged(judged_path, pages, until)
    config = Config(root=str(corpus))
    out = []
    for stem in pages:
        path = corpus / (stem + ".txt")
        if not path.exists():
            continue
        captured: list[tuple[str, dict]] = []
        try:
            convert_text(path.read_text(encoding="utf-8"), source=path.name, config=config,
                         tag_candidates=captured)
        except SeedError:
            continue
        for name, feats in captured:
            right = verdicts.get((stem, name))
            if right is not None or unjudged:
                out.append((groups[stem], stem, name, feats, right))
    return out


def cross_validate(rows, threshold: float = THRESHOLD, c2: float = C2) -> None:
    samples = sorted({r[0] for r in rows})
    tot = {"before": [0, 0], "after": [0, 0]}
    with tempfile.TemporaryDirectory() as tmp:
        for s in samples:
            model = train([(r[3], r[4]) for r in rows if r[0] != s], Path(tmp) / f"{s}.crfsuite", c2)
            model.threshold = threshold
            model.body_threshold = max(threshold, model.body_threshold)
            held = [r for r in rows if r[0] == s]
            prob = {id(r): model.probability(r[3]) for r in held}
            kept = [r for r in held if prob[id(r)] >= model.bar(r[3])]      # as extract_tags
            b = (sum(r[4] for r in held), len(held))
            a = (sum(r[4] for r in kept), len(kept))
            pages_b = len({r[1] for r in held if r[4]})
            pages_a = len({r[1] for r in kept if r[4]})
            print(f"sample {s}: judged tags shown {b[0]} of {b[1]} right -> kept {a[0]} of {a[1]} "
                  f"({a[0] / max(a[1], 1):.0%}); pages with a right tag {pages_b} -> {pages_a}")
            for k, v in (("before", b), ("after", a)):
                tot[k][0] += v[0]
                tot[k][1] += v[1]
    print(f"all: {tot['before'][0]} of {tot['before'][1]} ({tot['before'][0] / tot['before'][1]:.0%}) -> "
          f"{tot['after'][0]} of {tot['after'][1]} ({tot['after'][0] / max(tot['after'][1], 1):.0%})")


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parents[2]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--judged", type=Path, default=root / "benchmarks" / "tags_judged.md")
    ap.add_argument("--pages", type=Path, default=root / "benchmarks" / "tags_judged_pages.txt")
    ap.add_argument("--corpus", type=Path, default=root.parent / "shared" / "seeds" / "dev")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--until", default=UNTIL,
                    help="read the judged file up to this heading (default '': every judgment, samples A-N, "
                         "as the shipped model; '## Session 18' reads samples A-F, session 18-32's training set)")
    ap.add_argument("--cv", action="store_true", help="leave-one-sample-out figures, no model written")
    ap.add_argument("--threshold", type=float, default=THRESHOLD)
    ap.add_argument("--c2", type=float, default=C2)
    args = ap.parse_args(argv)
    default_model.cache_clear()
    rows = examples(args.corpus, args.judged, args.pages, args.until)
    print(f"{len(rows)} judged candidates ({sum(r[4] for r in rows)} right) on {len({r[1] for r in rows})} pages")
    if args.cv:
        cross_validate(rows, args.threshold, args.c2)
        return 0
    train([(r[3], r[4]) for r in rows], args.out, args.c2)
    print(f"{args.out}: {args.out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
