"""Cross-encoder reranker over a first stage's top-k.

The query and a candidate's best-matching index text are encoded *jointly* by e5
(``query: <utterance> </s> <candidate text>``), so every token of one side attends to the other.
The pair score is the cosine between the mean of the query-side token outputs and the mean of the
candidate-side token outputs, fused with the first-stage score:
``(1 - w) * first + w * cross``. The encoder is not fine-tuned for this (training a cross head
needs ~10 pair encodings per training text, too slow on this CPU), so this is a zero-shot
interaction model; it costs one batched forward of k pairs per query.
"""

from __future__ import annotations

import threading

import numpy as np
import torch

from models.retrieval.encoder import E5Encoder
from models.retrieval.index import Candidates
from models.retrieval.methods import Scorer


class CrossEncoderReranker:
    def __init__(self, enc: E5Encoder, first: Scorer, first_text_scores=None, k: int = 10,
                 weight: float = 0.5) -> None:
        self.name = f"cross-encoder rerank top-{k} of {first.name}"
        self.enc, self.first, self.k, self.weight = enc, first, k, weight
        self.candidates: Candidates = first.candidates
        # query -> [n_texts] first-stage per-text scores; None: the first stage scores candidates,
        # and each is paired with its canonical (first) index text
        self._text_scores = first_text_scores
        self._lock = threading.Lock()

    def _pair_batch(self, query: str, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        tok = self.enc.tokenizer
        q = tok.content_ids("query: " + query)[:62]
        seqs, qmask_rows = [], []
        for t in texts:
            c = tok.content_ids(t)[:62]
            seqs.append([tok.bos, *q, tok.eos, *c, tok.eos])
            qmask_rows.append(len(q) + 1)
        n = max(len(s) for s in seqs)
        ids = torch.full((len(seqs), n), tok.pad, dtype=torch.long)
        mask = torch.zeros((len(seqs), n), dtype=torch.bool)
        side = torch.zeros((len(seqs), n), dtype=torch.long)  # 1 = query side, 2 = candidate side
        for i, s in enumerate(seqs):
            ids[i, : len(s)] = torch.tensor(s)
            mask[i, : len(s)] = True
            side[i, 1 : qmask_rows[i]] = 1
            side[i, qmask_rows[i] + 1 : len(s) - 1] = 2
        return ids, mask, side

    def score(self, query: str) -> np.ndarray:
        cands = self.candidates
        if self._text_scores is None:
            per = self.first.score(query)
            top = np.argsort(-per)[: self.k]
            best_text = [cands.texts[int(cands.starts[c])] for c in top]
        else:
            text_scores = self._text_scores(query)
            per = cands.max_per_candidate(text_scores)
            top = np.argsort(-per)[: self.k]
            # the best-matching text of each top candidate
            best_text = []
            for c in top:
                rows = np.flatnonzero(cands.owner == c)
                best_text.append(cands.texts[rows[int(np.argmax(text_scores[rows]))]])
        with self._lock, torch.inference_mode():
            ids, mask, side = self._pair_batch(query, best_text)
            states = self.enc(ids, mask)
            qv = torch.nn.functional.normalize(self.enc.mean_pool(states, side == 1), dim=-1)
            cv = torch.nn.functional.normalize(self.enc.mean_pool(states, side == 2), dim=-1)
            cross = (qv * cv).sum(-1).numpy()
        out = np.full(len(cands.ids), -1.0, dtype=np.float32)
        out[top] = (1 - self.weight) * per[top] + self.weight * cross
        return out


def cross_reranker(enc: E5Encoder, cands: Candidates, k: int = 10,
                   answers: tuple[str, ...] | None = None) -> CrossEncoderReranker:
    """Rerank the served configuration's top-k (a served Poly head without answers: its per-text
    scores pick the text paired with the query)."""
    from models.retrieval.methods import BiEncoderScorer, PolyScorer
    from models.retrieval.poly import load_head
    from models.retrieval.retriever import WEIGHTS_DIR, build_scorer, read_served_config

    served = read_served_config()
    w = float(served.get("answer_weight", 0.0))
    if served.get("method") in ("head", "tuned") or (served.get("method") == "poly" and w):
        # the served first stage as served (without its trained reranker), over ``cands``
        first: Scorer = build_scorer({k: v for k, v in served.items() if k != "rerank"}, cands, answers)
        return CrossEncoderReranker(enc, first, None, k=k)
    if served.get("method") == "poly":
        head, _ = load_head(WEIGHTS_DIR / served["head"])
        first = PolyScorer(enc, cands, head, "text")
    else:
        first = BiEncoderScorer(enc, cands, "text")
    first.name = first.name.replace("(text)", "(max)")
    return CrossEncoderReranker(enc, first, first.score, k=k)
