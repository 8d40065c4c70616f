"""Ranking metrics, latency and refusal-threshold calibration on the held-out split."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import numpy as np

from models.retrieval.methods import Scorer
from models.retrieval.split import Example


@dataclass
class RankResult:
    method: str
    n_queries: int
    n_candidates: int
    r1: float
    r5: float
    mrr: float
    p50_ms: float
    p95_ms: float

    def row(self) -> dict:
        return asdict(self)


def gold_ranks(scorer: Scorer, examples: list[Example] | tuple[Example, ...]) -> tuple[np.ndarray, np.ndarray,
                                                                                       np.ndarray]:
    """(1-based rank of the gold candidate, top-1 score, per-query latency in ms)."""
    pos = {cid: i for i, cid in enumerate(scorer.candidates.ids)}
    ranks, tops, lat = [], [], []
    for ex in examples:
        t0 = time.perf_counter()
        s = scorer.score(ex.text)
        top = int(np.argmax(s))
        lat.append((time.perf_counter() - t0) * 1000)
        g = s[pos[ex.entry_id]]
        ranks.append(1 + int((s > g).sum()))
        tops.append(float(s[top]))
    return np.asarray(ranks), np.asarray(tops), np.asarray(lat)


def rank_metrics(scorer: Scorer, examples: list[Example] | tuple[Example, ...]) -> RankResult:
    ranks, _, lat = gold_ranks(scorer, examples)
    return RankResult(
        method=scorer.name,
        n_queries=len(ranks),
        n_candidates=len(scorer.candidates.ids),
        r1=float((ranks == 1).mean()),
        r5=float((ranks <= 5).mean()),
        mrr=float((1.0 / ranks).mean()),
        p50_ms=float(np.percentile(lat, 50)),
        p95_ms=float(np.percentile(lat, 95)),
    )


@dataclass
class Outcome:
    threshold: float
    in_kb_correct: float  # top-1 right and accepted
    in_kb_wrong: float  # top-1 wrong but accepted (a wrong answer)
    in_kb_refused: float
    ood_false_accept: float

    def row(self) -> dict:
        return asdict(self)


def top1(scorer: Scorer, texts: list[str]) -> tuple[list[str], np.ndarray]:
    ids, scores = [], []
    for t in texts:
        s = scorer.score(t)
        i = int(np.argmax(s))
        ids.append(scorer.candidates.ids[i])
        scores.append(float(s[i]))
    return ids, np.asarray(scores)


def outcome(threshold: float, in_ok: np.ndarray, in_scores: np.ndarray, ood_scores: np.ndarray) -> Outcome:
    acc = in_scores >= threshold
    return Outcome(
        threshold=float(threshold),
        in_kb_correct=float((acc & in_ok).mean()),
        in_kb_wrong=float((acc & ~in_ok).mean()),
        in_kb_refused=float((~acc).mean()),
        ood_false_accept=float((ood_scores >= threshold).mean()),
    )


def calibrate(in_ok: np.ndarray, in_scores: np.ndarray, ood_scores: np.ndarray,
              wrong_cost: float = 1.0, false_accept_cost: float = 1.0) -> Outcome:
    """Threshold maximizing ``correct - wrong_cost * wrong - false_accept_cost * false_accept``
    (rates). A wrong answer and an answered out-of-KB question cost the same as one missed right
    answer by default; ties go to the higher (safer) threshold."""
    cands = np.unique(np.concatenate([in_scores, ood_scores]))
    cands = np.concatenate([cands, [cands.max() + 1e-6]])
    best: Outcome | None = None
    best_u = -np.inf
    for th in cands:
        o = outcome(th, in_ok, in_scores, ood_scores)
        u = o.in_kb_correct - wrong_cost * o.in_kb_wrong - false_accept_cost * o.ood_false_accept
        if u >= best_u:
            best, best_u = o, u
    assert best is not None
    # put the threshold midway to the next lower score, so it is not exactly on a calibration point
    lower = cands[cands < best.threshold]
    if len(lower):
        best = outcome((best.threshold + lower.max()) / 2, in_ok, in_scores, ood_scores)
    return best
