"""Scorers: query text -> one score per candidate (higher = better). Same ``Candidates`` for all.

- ``LexicalScorer``: char n-gram TF-IDF cosine.
- ``BiEncoderScorer``: frozen e5 cosine against cached candidate-text embeddings.
- ``PolyScorer``: Poly-encoder head over e5 token outputs (see ``poly``).
- ``CrossEncoderReranker``: rescoring the first stage's top-k with a joint encoding (see ``cross``).
"""

from __future__ import annotations

import threading
from typing import Protocol

import numpy as np
import torch

from models.retrieval.encoder import E5Encoder
from models.retrieval.index import Candidates, embed_cached
from models.retrieval.lexical import TfidfIndex
from models.retrieval.poly import PolyHead


class Scorer(Protocol):
    name: str
    candidates: Candidates

    def score(self, query: str) -> np.ndarray:
        """Scores ``[n_candidates]`` for one query. Thread-safe."""
        ...


def _reduce(cands: Candidates, text_scores: np.ndarray, agg: str) -> np.ndarray:
    """``agg``: "max" over a candidate's texts; "centroid" scores are already per candidate;
    "text" keeps per-text scores (a reranker's first stage)."""
    return cands.max_per_candidate(text_scores) if agg == "max" else text_scores


class LexicalScorer:
    def __init__(self, cands: Candidates, agg: str = "max") -> None:
        self.name = f"tfidf-char1-3 ({agg})"
        self.candidates, self.agg = cands, agg
        if agg == "max":
            self._index = TfidfIndex(list(cands.texts))
        else:  # one document per candidate: its texts concatenated
            docs = [" ".join(cands.texts[i] for i in np.flatnonzero(cands.owner == c)) for c in range(len(cands.ids))]
            self._index = TfidfIndex(docs)

    def score(self, query: str) -> np.ndarray:
        return _reduce(self.candidates, self._index.scores(query), self.agg)


class BiEncoderScorer:
    def __init__(self, enc: E5Encoder, cands: Candidates, agg: str = "max") -> None:
        self.name = f"bi-encoder e5 frozen ({agg})"
        self.candidates, self.agg, self.enc = cands, agg, enc
        emb = embed_cached(enc, list(cands.texts))
        self._emb = cands.centroids(emb) if agg == "centroid" else emb
        self._lock = threading.Lock()

    def embed_query(self, query: str) -> np.ndarray:
        with self._lock, torch.inference_mode():
            return self.enc.encode([query])[0]

    def score(self, query: str) -> np.ndarray:
        return _reduce(self.candidates, self._emb @ self.embed_query(query), self.agg)


class PolyScorer:
    def __init__(self, enc: E5Encoder, cands: Candidates, head: PolyHead, agg: str = "max") -> None:
        lora = f", LoRA top-{head.adapt_layers}" if head.adapt_layers else ""
        self.name = f"poly-encoder m={head.m}{lora} ({agg})"
        self.candidates, self.agg, self.enc, self.head = cands, agg, enc, head.attach(enc)
        emb = embed_cached(enc, list(cands.texts))
        if agg == "centroid":
            emb = cands.centroids(emb)
        with torch.inference_mode():
            self._cand = head.candidates(torch.from_numpy(emb))
        self._lock = threading.Lock()

    def score(self, query: str) -> np.ndarray:
        with self._lock, torch.inference_mode():
            ids, mask = self.enc.batch([query])
            ctx = self.head.contexts(self.enc(ids, mask, upto=self.head.cut), mask)
            s = self.head.score(ctx, self._cand)[0].numpy()
        return _reduce(self.candidates, s, self.agg)
