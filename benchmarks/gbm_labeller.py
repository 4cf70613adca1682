"""Gradient boosting (LightGBM) as the line labeller, for the CRF-vs-GBM comparison the converter
issue asks for (`convert_accuracy.py --cv 5 --model gbm`); not shipped.

It sees the same features as the CRF (labeller.page_features: the line's own, its neighbours' at
±1 and ±2, windows and page position) but labels each line on its own, without the CRF's
transitions between labels. String features are one-hot columns, numbers are numeric columns.
Deterministic: one thread, fixed seed. Needs the `bench` extra (lightgbm).
"""
from __future__ import annotations

from collections import Counter

from sitegen.convert.labeller import LABELS, Labelled, page_features

PARAMS = {"objective": "multiclass", "num_class": len(LABELS), "learning_rate": 0.1, "num_leaves": 31,
          "min_data_in_leaf": 20, "feature_fraction": 0.5, "deterministic": True, "force_row_wise": True,
          "num_threads": 1, "seed": 1, "verbose": -1}
ROUNDS = 150


def _cells(f: dict) -> list[tuple[str, float]]:
    return [(k if isinstance(v, float) else f"{k}={v}", v if isinstance(v, float) else 1.0) for k, v in f.items()]


def _matrix(seqs: list[dict], columns: dict[str, int]):
    from scipy.sparse import csr_matrix
    rows, cols, vals = [], [], []
    for i, f in enumerate(seqs):
        for name, v in _cells(f):
            j = columns.get(name)
            if j is not None:
                rows.append(i), cols.append(j), vals.append(v)
    return csr_matrix((vals, (rows, cols)), shape=(len(seqs), len(columns)), dtype="float32")


class GbmLabeller:
    version = "gbm"

    def __init__(self, booster, columns: dict[str, int]):
        self.booster, self.columns = booster, columns

    @classmethod
    def train(cls, sequences: list[tuple[list[dict], list[str]]]) -> "GbmLabeller":
        import lightgbm as lgb
        counts = Counter(name for xs, _ in sequences for f in xs for name, _ in _cells(f))
        columns = {name: j for j, name in enumerate(sorted(n for n, c in counts.items() if c >= 2))}
        xs = [f for seq, _ in sequences for f in seq]
        ys = [LABELS.index(y) for _, labels in sequences for y in labels]
        booster = lgb.train(PARAMS, lgb.Dataset(_matrix(xs, columns), label=ys), num_boost_round=ROUNDS)
        return cls(booster, columns)

    def label(self, lines, roles, tz) -> Labelled | None:
        if not lines:
            return None
        probs = self.booster.predict(_matrix(page_features(lines, roles, tz), self.columns))
        best = probs.argmax(axis=1)
        t = LABELS.index("title")
        return Labelled(tuple(lines), tuple(LABELS[i] for i in best),
                        tuple(float(probs[k, i]) for k, i in enumerate(best)), tuple(float(p) for p in probs[:, t]))
