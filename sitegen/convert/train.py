"""Train the line labeller on annotated pages: NAME.txt + NAME.json (see labeller.py).

    python -m sitegen.convert.train --corpus DIR [--out sitegen/convert/model.crfsuite]

Line labels come from the annotations: the line that is the gold title; the lines holding
must_include snippets or gold_body paragraphs (and the prose between them) are body; lines
holding must_exclude snippets are other; the short line naming the gold author is the byline; the
short line stating the gold day nearest the headline is the date line. Where the annotations say
nothing about a line, the shape rules' decision stands. Deterministic (L-BFGS, fixed order).

The headline ranker (headline.py) is trained beside the labeller, into model.headline.crfsuite:
its examples are each page's candidate headline lines as scored by a labeller trained on the
other pages (`_held_out_scores`), so it learns how far to trust the labeller on an unseen site.
"""
from __future__ import annotations

import argparse
import ast
import json
import re
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..config import Config
from .blocks import Line
from .extract import extract_lines
from .headline import candidate_features, candidates
from .labeller import MODEL_PATH, page_features, ranker_path

PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 100, "feature.possible_transitions": True,
          "feature.minfreq": 2}
RANKER_PARAMS = {"c1": 0.0, "c2": 10.0, "max_iterations": 200}
RANKER_FOLDS = 4
RANKER_MIN = 20


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[^\w]+", " ", text).strip()


def _as_list(value) -> list[str]:
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v.strip()]
    if isinstance(value, str) and value.startswith("["):
        try:
            return _as_list(ast.literal_eval(value))
        except (ValueError, SyntaxError):
            return []
    return []


def _persons(author: str | None) -> list[str]:
    parts = re.split(r"\s*(?:,|;|/|&|\band\b|\bund\b|\by\b|\bet\b)\s*", author or "")
    return [_norm(p) for p in parts if len(_norm(p).split()) >= 2]


def title_lines(norms: list[str], gold: dict) -> list[int]:
    """The lines that hold the gold headline (alone, or with a little glued to it)."""
    title = _norm(gold.get("title") or "")
    return [k for k, t in enumerate(norms) if title and (t == title or (title in t and len(t) <= 1.3 * len(title)))]


def gold_labels(lines: list[Line], roles: dict[int, str], gold: dict, tz) -> list[str]:
    """One label per line: the rules' decision, overridden wherever the annotations speak."""
    rule = {"title": "title", "standfirst": "standfirst", "body": "body", "byline": "byline",
            "date line": "date"}
    labels = [rule.get(roles.get(ln.index, ""), "other") for ln in lines]
    norms = [_norm(ln.text) for ln in lines]
    body_at = _gold_body(lines, norms, labels, gold)
    first = body_at[0] if body_at else next((k for k, y in enumerate(labels) if y == "body"), len(lines))
    labels, t_at, first = _gold_title(norms, labels, gold, first)
    labels = _gold_bylines(lines, norms, labels, gold, t_at, first)
    return _gold_date(lines, labels, gold, t_at, first, tz)


def _gold_body(lines: list[Line], norms: list[str], labels: list[str], gold: dict) -> list[int]:
    """Label the gold body's lines (and the prose from the first snippet it must include to the
    last) body, what it must exclude other, in place; return the lines holding those snippets."""
    inc = [_norm(s) for s in _as_list(gold.get("must_include"))]
    exc = [_norm(s) for s in _as_list(gold.get("must_exclude"))]
    body_at = [k for k, t in enumerate(norms) if any(s and s in t for s in inc)]
    gold_body = _norm(gold.get("gold_body") or "")
    if gold_body:
        for k, t in enumerate(norms):
            if len(t) >= 20:
                labels[k] = "body" if t in gold_body else ("other" if labels[k] == "body" else labels[k])
    if body_at:
        for k in range(body_at[0], body_at[-1] + 1):
            if lines[k].prose:
                labels[k] = "body"
        for k in body_at:
            labels[k] = "body"
    for k, t in enumerate(norms):
        if any(s and s in t and len(s) >= 0.3 * len(t) for s in exc):
            labels[k] = "other"
    return body_at


def _gold_title(norms: list[str], labels: list[str], gold: dict, first: int) -> tuple[list[str], int | None, int]:
    """The gold headline's line (the last one at or above the body, else the first) is the one
    title; returns the labels, the title's line and the body's first line (not above the title)."""
    cands = title_lines(norms, gold)
    if not cands:
        return labels, next((k for k, y in enumerate(labels) if y == "title"), None), first
    before = [k for k in cands if k <= first]
    t_at = before[-1] if before else cands[0]
    labels = ["other" if y == "title" else y for y in labels]
    labels[t_at] = "title"
    return labels, t_at, max(first, t_at)


def _gold_bylines(lines: list[Line], norms: list[str], labels: list[str], gold: dict, t_at: int | None,
                  first: int) -> list[str]:
    """A byline names a gold author; a short line naming one near the title or after the body is one."""
    names = _persons(gold.get("author"))
    if not names:
        return labels
    labels = ["other" if y == "byline" and not any(n in norms[k] for n in names) else y
              for k, y in enumerate(labels)]
    for k, t in enumerate(norms):
        if lines[k].words <= 25 and any(n in t for n in names) and labels[k] != "title" \
                and (t_at is None or abs(k - t_at) <= 25 or k > first):
            labels[k] = "byline"
    return labels


def _gold_date(lines: list[Line], labels: list[str], gold: dict, t_at: int | None, first: int, tz) -> list[str]:
    """The one date line: the line stating the gold date nearest the title (or the body)."""
    day = str(gold.get("date") or "")[:10]
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", day):
        return labels
    from .dates import find_date
    dated = [k for k, ln in enumerate(lines) if ln.words <= 30 and labels[k] not in ("title", "body")
             and (d := find_date(ln.text, tz)) is not None and d.date().isoformat() == day]
    labels = ["other" if y == "date" else y for y in labels]
    if dated:
        anchor = t_at if t_at is not None else first
        labels[min(dated, key=lambda k: abs(k - anchor))] = "date"
    return labels


@dataclass(frozen=True)
class Page:
    """One training page: its lines, their features and gold labels, and the gold headline's lines."""
    lines: list[Line]
    xs: list[dict]
    ys: list[str]
    titles: frozenset[int]


def page_sequence(text: str, gold: dict, config: Config) -> Page:
    from .seed import _compiled, _normalise
    from .extract import read_lines
    patterns, always = _compiled(tuple(config.convert.boilerplate))
    lines = read_lines(_normalise(text), patterns=patterns, always=always)
    ex = extract_lines(lines, config.tz)
    roles = ex.roles if ex else {}
    return Page(lines, page_features(lines, roles, config.tz), gold_labels(lines, roles, gold, config.tz),
                frozenset(title_lines([_norm(ln.text) for ln in lines], gold)))


def _fit(items, params: dict, out: Path) -> None:
    """Train crfsuite on (features, labels) sequences and write the model to `out` whole."""
    import pycrfsuite
    trainer = pycrfsuite.Trainer(verbose=False)
    for xs, ys in items:
        trainer.append(xs, ys)
    trainer.set_params(params)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_model = Path(tmp) / "model.crfsuite"
        trainer.train(str(tmp_model))
        out.write_bytes(tmp_model.read_bytes())


def _held_out_scores(pages: list[Page], k: int, params: dict) -> list[tuple[list[str], list[float]]]:
    """Each page's labels and headline probabilities from a labeller trained without it: `k`
    contiguous chunks (pages sorted by name, so a site's pages mostly share one), each tagged by a
    model of the others. The ranker learns from these how far to trust the labeller on a new site."""
    import pycrfsuite
    out: list[tuple[list[str], list[float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fold.crfsuite"
        for i in range(k):
            lo, hi = i * len(pages) // k, (i + 1) * len(pages) // k
            _fit([(p.xs, p.ys) for p in pages[:lo] + pages[hi:]], params, path)
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            for p in pages[lo:hi]:
                tagger.set(p.xs)
                out.append((tagger.tag(), [tagger.marginal("title", j) for j in range(len(p.xs))]))
            tagger.close()
    return out


def _ranker_items(pages: list[Page], held_out) -> list[tuple[list[dict], list[str]]]:
    items = []
    for p, (labels, titles) in zip(pages, held_out):
        for rank, k in enumerate(candidates(titles, labels)):
            f = candidate_features(k, rank, p.xs, labels, titles, p.lines)
            items.append(([f], ["yes" if k in p.titles else "no"]))
    return items


def train_model(pages: list[tuple[str, dict, datetime | None]], out: Path, *, config: Config | None = None,
                params: dict | None = None) -> Path:
    """Train on (seed text, annotations, saved time) triples and write the labeller to `out` and
    its headline ranker beside it (`ranker_path`); with fewer than RANKER_MIN pages, no ranker.
    `params` overrides the labeller's crfsuite settings (PARAMS), for the fold labellers of the
    ranker too (benchmarks/convert_cv_cache.py --params)."""
    config = config or Config()
    params = {**PARAMS, **(params or {})}
    seqs = [p for text, gold, _saved in pages if (p := page_sequence(text, gold, config)).xs]
    out.parent.mkdir(parents=True, exist_ok=True)
    _fit([(p.xs, p.ys) for p in seqs], params, out)
    rpath = ranker_path(out)
    if len(seqs) >= RANKER_MIN:
        _fit(_ranker_items(seqs, _held_out_scores(seqs, RANKER_FOLDS, params)), RANKER_PARAMS, rpath)
    else:
        rpath.unlink(missing_ok=True)    # (ours: a ranker left from an earlier training would not fit)
    return out


def load_corpus(corpus: Path) -> list[tuple[str, dict, datetime]]:
    pages = []
    for js in sorted(corpus.glob("*.json")):
        txt = js.with_suffix(".txt")
        if txt.exists():
            saved = datetime.fromtimestamp(txt.stat().st_mtime, timezone.utc)
            pages.append((txt.read_text(encoding="utf-8"), json.loads(js.read_text(encoding="utf-8")), saved))
    return pages


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sitegen.convert.train",
                                 description="Train the converter's line labeller on annotated pages "
                                             "(NAME.txt + NAME.json pairs).")
    ap.add_argument("--corpus", type=Path, required=True, help="folder of NAME.txt + NAME.json pairs")
    ap.add_argument("--out", type=Path, default=MODEL_PATH, help=f"model file (default {MODEL_PATH})")
    args = ap.parse_args(argv)
    pages = load_corpus(args.corpus)
    if not pages:
        print(f"train: no NAME.txt + NAME.json pairs in {args.corpus}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    train_model(pages, args.out)
    ranker = ranker_path(args.out)
    also = f" and its headline ranker ({ranker.stat().st_size // 1024} KB)" if ranker.exists() else ""
    print(f"train: {len(pages)} pages -> {args.out} ({args.out.stat().st_size // 1024} KB){also} "
          f"in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
