"""Keeping a retrained retriever on the score scale the dialogue engine was tuned on.

A retrained head ranks better but its scores drift: the same refusal rate sits at another
threshold, and the engine's threshold, clarify band and tie gaps (``models/dialogue/engine.py``)
are absolute numbers tuned on the development sets. Quantile matching over the same queries pairs
each new top-1 score with the previous retriever's top-1 score at the same rank, so the order of
the entries stays the new head's and the bands keep their meaning (``served.json``'s
``score_map``). ``train-retriever`` fits it against the served retriever before replacing it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[1] / "understanding" / "data"
CORPORA = ("intents.tsv", "out_of_scope.tsv")


class ScoreMap:
    """Piecewise-linear and strictly increasing between knots; slope one outside them."""

    def __init__(self, xs: list[float], ys: list[float]) -> None:
        self.xs, self.ys = np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)
        if len(self.xs) < 2 or np.any(np.diff(self.xs) <= 0) or np.any(np.diff(self.ys) <= 0):
            raise ValueError("score_map knots must be strictly increasing")

    @classmethod
    def from_config(cls, cfg: dict | None) -> ScoreMap | None:
        return None if not cfg else cls(cfg["from"], cfg["to"])

    def __call__(self, scores: np.ndarray) -> np.ndarray:
        s = np.asarray(scores, dtype=np.float64)
        out = np.interp(s, self.xs, self.ys)
        lo, hi = s < self.xs[0], s > self.xs[-1]
        out[lo] = s[lo] - self.xs[0] + self.ys[0]
        out[hi] = s[hi] - self.xs[-1] + self.ys[-1]
        return out.astype(np.float32)


def fit_score_map(new: np.ndarray, old: np.ndarray, knots: int = 41) -> dict:
    """Knots pairing the quantiles of ``new`` top-1 scores with those of ``old`` on the same queries
    (strictly increasing; repeated quantiles are dropped)."""
    q = np.linspace(0.0, 100.0, knots)
    xs, ys = np.percentile(new, q), np.percentile(old, q)
    keep = [0]
    for i in range(1, knots):
        if xs[i] > xs[keep[-1]] and ys[i] > ys[keep[-1]]:
            keep.append(i)
    return {"from": [round(float(xs[i]), 5) for i in keep], "to": [round(float(ys[i]), 5) for i in keep]}


def calibration_queries(dev_texts: Sequence[str], ood_texts: Sequence[str]) -> list[str]:
    """The queries both retrievers score: dev paraphrases, the OOD calibration half, and the intent
    and scope corpora (control, abuse, urgent and out-of-scope lines the engine also searches)."""
    qs = list(dev_texts) + list(ood_texts)
    for name in CORPORA:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()[1:]:
            if "\t" in line:
                qs.append(line.split("\t")[-1])
    return qs


def top1_scores(score: Callable[[str], np.ndarray], queries: Sequence[str]) -> np.ndarray:
    return np.asarray([float(np.max(score(q))) for q in queries], dtype=np.float64)


def keep_scale(config: dict, weights_dir: Path, queries: Sequence[str], reference: np.ndarray,
               reference_threshold: float, fitted_on: str) -> dict:
    """``config`` (a freshly trained retriever in ``weights_dir``) with a ``score_map`` onto the
    scale of ``reference`` (the served retriever's top-1 scores over ``queries``) and the served
    threshold; the head's own calibrated threshold is kept as ``head_threshold``."""
    from models.retrieval.retriever import build_retriever

    raw = {k: v for k, v in config.items() if k != "score_map"}
    fresh = build_retriever({**raw, "accept_threshold": 0.0}, weights_dir=weights_dir).scorer
    smap = fit_score_map(top1_scores(fresh.score, queries), reference)
    return {**raw, "score_map": {**smap, "fitted_on": fitted_on}, "head_threshold": raw["accept_threshold"],
            "accept_threshold": round(float(reference_threshold), 4)}
