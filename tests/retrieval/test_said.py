"""Questions seniors said as query-head training queries (models/retrieval/said.py)."""

from __future__ import annotations

import numpy as np
import torch

from models.knowledge import default_entries
from models.retrieval.said import LABELS_FILE, SETS_DIR, read_rows, read_said, said_queries, set_file


def test_every_label_names_a_said_row_and_a_kb_entry():
    rows = read_rows(LABELS_FILE)
    ids = {e.id for e in default_entries()}
    pairs = read_said()
    assert len(pairs) == len(rows) > 3000  # no label lost its row
    assert all(eid in ids for _, eid in pairs)
    assert {r["how"] for r in rows} <= {"judged", "labelled", "developer"}


def test_only_judged_development_sets_are_labelled():
    """A set is labelled only once it was answered and judged: the newest blind set stays unseen."""
    for number in {r["set"] for r in read_rows(LABELS_FILE)}:
        judged = SETS_DIR / ("judgements.tsv" if number == "1" else f"judgements{number}.tsv")
        assert set_file(number).exists() and judged.exists(), number


def test_said_queries_are_normalised_as_served_and_skip_unknown_entries():
    from models.understanding import build_understanding

    pairs = [("기초 연금 그거 어데서 신청하는교", "a"), ("등본 떼는 데", "gone")]
    texts, owners = said_queries(["a", "b"], pairs=pairs)
    assert owners == [0]
    assert texts == [build_understanding(lambda _: np.zeros(384)).normalize(pairs[0][0])]


def test_said_queries_train_the_head_toward_their_entries():
    from models.retrieval.encoder import load_encoder
    from models.retrieval.index import Candidates
    from models.retrieval.methods import HeadScorer
    from models.retrieval.qhead import FastQueryEncoder, HeadConfig, QueryHead
    from models.retrieval.split import split_entries
    from models.retrieval.train import train_query_head_on

    torch.set_num_threads(2)
    encoder = load_encoder()
    entries = default_entries()
    split = split_entries(entries)
    said = read_said()
    wanted = set(sorted({eid for _, eid in said})[:24])
    chosen = [e for e in entries if e.id in wanted]
    per_entry: dict[str, int] = {}
    pairs = []
    for t, eid in said:  # at most six per entry: the embeddings of the PyTorch port are the test's cost
        if eid in wanted and per_entry.get(eid, 0) < 6:
            per_entry[eid] = per_entry.get(eid, 0) + 1
            pairs.append((t, eid))
    cands = Candidates.build([(e.id, split.train[e.id]) for e in chosen])
    answers = tuple(e.answer for e in chosen)
    port = FastQueryEncoder(encoder, use_engine=False)
    texts, owners = said_queries(cands.ids, pairs=pairs)

    def r1(head: QueryHead) -> float:
        scorer = HeadScorer(port, cands, head, answers, 1.5)
        return float(np.mean([int(np.argmax(scorer.score(t))) == o for t, o in zip(texts, owners, strict=True)]))

    cfg = dict(steps=80, batch=64, lr=3e-3, augment=0, seed=0)
    without, _ = train_query_head_on(encoder, cands, list(answers), HeadConfig(**cfg, said_share=0.0), progress=False)
    with_said, _ = train_query_head_on(encoder, cands, list(answers), HeadConfig(**cfg, said_share=0.5),
                                       progress=False, said=pairs)
    assert r1(with_said) > r1(without) + 0.05
