"""The lexical blend: words the query shares with an entry reorder close dense scores, never the top score."""

from __future__ import annotations

import numpy as np

from models.retrieval.blend import LexicalBlend, choose_lexical_weight
from models.retrieval.index import Candidates
from models.retrieval.split import Example


class FlatDense:
    """A dense stage that cannot tell the entries apart (every score equal), plus a nudge per id."""

    name = "flat"

    def __init__(self, cands: Candidates, nudge: dict[str, float] | None = None) -> None:
        self.candidates = cands
        self.nudge = np.array([(nudge or {}).get(i, 0.0) for i in cands.ids], dtype=np.float32)

    def score(self, query: str) -> np.ndarray:
        return np.full(len(self.candidates.ids), 0.9, dtype=np.float32) + self.nudge


CANDS = Candidates.build([
    ("daycare-overview", ("주간보호가 뭐예요", "낮에 어르신 돌봐 주는 곳")),
    ("daycare-cost", ("주간보호 비용은 얼마예요", "주간보호 한 달에 돈 얼마 들어요")),
    ("daycare-hours", ("주간보호 몇 시까지 해요", "주간보호 이용 시간")),
])


def test_shared_words_pick_the_entry_and_the_best_score_stays():
    dense = FlatDense(CANDS, {"daycare-overview": 0.02})  # the dense stage leans to the overview
    blend = LexicalBlend(dense, 1.0)
    query = "주간 보호 그거 비용은 얼마나 들어요"
    scores = blend.score(query)
    assert CANDS.ids[int(np.argmax(dense.score(query)))] == "daycare-overview"
    assert CANDS.ids[int(np.argmax(scores))] == "daycare-cost"
    # only the order moves: the entries trade places, not scores (the threshold and the gaps between
    # the best and the next ones are the dense stage's own)
    assert np.allclose(np.sort(scores), np.sort(dense.score(query)))
    hours = blend.score("주간보호 몇 시까지 하나요")
    assert CANDS.ids[int(np.argmax(hours))] == "daycare-hours"


def test_only_entries_near_the_dense_best_are_reordered():
    """A shared word alone must not lift a far entry to the top (an out-of-domain line sharing a KB word)."""
    dense = FlatDense(CANDS, {"daycare-overview": 0.2, "daycare-hours": 0.15})  # cost is 0.2 below: outside
    blend = LexicalBlend(dense, 1.0, band=0.15)
    scores = blend.score("주간보호 비용은 얼마예요")
    ids = [CANDS.ids[i] for i in np.argsort(-scores)]
    assert ids[-1] == "daycare-cost"  # the exact question, but far: it stays below both close ones
    wide = LexicalBlend(dense, 1.0, band=0.5).score("주간보호 비용은 얼마예요")
    assert CANDS.ids[int(np.argmax(wide))] == "daycare-cost"


def test_below_the_floor_the_dense_order_stands():
    """Unsure the KB holds an answer at all, the blend leaves the order to the engine's own rules."""
    dense = FlatDense(CANDS, {"daycare-overview": 0.02})
    query = "주간 보호 그거 비용은 얼마나 들어요"
    unsure = LexicalBlend(dense, 1.0, floor=1.0).score(query)  # the dense best is 0.92
    assert np.array_equal(unsure, dense.score(query))
    sure = LexicalBlend(dense, 1.0, floor=0.9).score(query)
    assert CANDS.ids[int(np.argmax(sure))] == "daycare-cost"


def test_weight_is_chosen_on_dev_and_zero_means_the_dense_stage():
    dense = FlatDense(CANDS, {"daycare-overview": 0.02})
    dev = (Example("주간보호 비용은 얼마나 해요", "daycare-cost"), Example("주간보호 몇 시에 끝나요", "daycare-hours"))
    weight, rows = choose_lexical_weight(dense, dev)
    assert rows[0]["weight"] == 0.0 and rows[0]["r1"] == 0.0  # the flat dense stage gets both wrong
    assert weight > 0 and max(r["r1"] for r in rows) == 1.0


def test_the_served_retriever_blends_as_configured():
    from models.retrieval.retriever import load_retriever, read_served_config

    config = read_served_config()
    retriever = load_retriever()
    if config.get("lexical"):
        assert isinstance(retriever.scorer, LexicalBlend)
        assert retriever.scorer.weight == config["lexical"]["weight"]
        assert retriever.scorer.band == config["lexical"]["band"]
        assert retriever.scorer.floor == config["lexical"]["floor"] == config["head_threshold"]
        best = {r["weight"]: r for r in config["lexical"]["dev"]}
        assert max(best.values(), key=lambda r: (r["mrr"], r["r1"]))["weight"] == config["lexical"]["weight"]
