"""The dense score blended with the words the query shares with each entry.

Why: the KB holds many entries per topic (day-care cost, day-care hours, day care itself), and the
pooled e5 head often ranks a neighbour of the asked entry first when the person's own words
("주간 보호 그거 비용은") are in the entry's questions. A character 1–3-gram TF-IDF cosine of the query
to each entry's index texts joined into one document (the ``concat`` lexical scorer) adds that
evidence. Dev (810 held-out paraphrases, 2026-12-07), R@1 / MRR: 0.779 / 0.852 without it;
0.800 / 0.869 at weight 1.0 applied everywhere; with the band and floor below, see ``served.json``.

The blend only reorders: the close entries trade places, not scores (the first in the blended order
takes the best dense score, the second the second best, …), so the refusal threshold and the engine's
score bands and gaps mean what they meant (shifting scores instead, as the aspect prior does, widened
the gaps and lost a second point asked in one breath: 틀니 몇 살부터 … 얼마나). It reorders only the entries
the dense stage finds close to its best (within ``BAND``), and only when that best clears the
retriever's own threshold (``floor``, on the dense stage's scale). Without the floor, a shared word
lifted a KB entry over an out-of-domain line the dense stage was unsure of, and the engine, seeing the
entry's topic named, answered it (a clan's 족보 등본 with the property register's 등기부등본, a trip with
friends from the 경로당 with where the 경로당 is; development sets 23–29).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from models.retrieval.index import Candidates
from models.retrieval.methods import LexicalScorer

#: weights ``choose_lexical_weight`` tries on dev
WEIGHTS = (0.0, 0.4, 0.6, 0.8, 1.0, 1.2, 1.5)
#: how far below the dense best (the first stage's own scale) an entry may be and still be reordered
BAND = 0.15


class LexicalBlend:
    """``first``'s scores, the close entries reordered by dense + ``weight`` × the query's TF-IDF cosine
    to each entry's joined index texts (they trade places, not scores)."""

    def __init__(self, first, weight: float, band: float = BAND, floor: float | None = None) -> None:  # noqa: ANN001
        self.name = f"{first.name}, + lexical (w={weight:g}, band {band:g})"
        self.first, self.weight, self.band = first, float(weight), float(band)
        self.floor = None if floor is None else float(floor)
        self.candidates: Candidates = first.candidates
        self.lexical = LexicalScorer(first.candidates, "concat")

    def score(self, query: str) -> np.ndarray:
        per = self.first.score(query)
        if self.floor is not None and per.max() < self.floor:
            return per  # not sure the KB holds an answer: the engine's own rules decide, on the dense order
        near = np.flatnonzero(per >= per.max() - self.band)
        if len(near) < 2:
            return per
        blended = per[near] + self.weight * self.lexical.score(query)[near]
        out = per.copy()
        # the close entries trade places, not scores: the one the blend ranks first takes the best
        # dense score, the next the second best, … so the gaps the engine reads stay the dense stage's
        out[near[np.argsort(-blended, kind="stable")]] = np.sort(per[near])[::-1]
        return out


def with_lexical(first, lexical: dict) -> LexicalBlend:  # noqa: ANN001 - any scorer
    """``first`` blended as ``served.json``'s ``lexical`` describes (``weight``, ``band``, ``floor``)."""
    return LexicalBlend(first, float(lexical["weight"]), float(lexical["band"]), lexical.get("floor"))


def choose_lexical_weight(first, dev: Sequence, band: float = BAND,  # noqa: ANN001
                          floor: float | None = None) -> tuple[float, list[dict]]:
    """The weight with the best dev (MRR, R@1) over ``first``, and the table."""
    from models.retrieval.evaluate import rank_metrics

    rows = []
    for w in WEIGHTS:
        m = rank_metrics(LexicalBlend(first, w, band, floor) if w else first, dev)
        rows.append({"weight": w, "r1": round(m.r1, 4), "mrr": round(m.mrr, 4)})
    best = max(rows, key=lambda r: (r["mrr"], r["r1"]))
    return float(best["weight"]), rows
