"""A trained cross-encoder reranker over the first stage's top-k ("late" joint encoding).

The zero-shot cross-encoder (``cross``) barely moves the ranking: e5 was never trained to score a
pair it reads jointly. Training a full cross-encoder needs ~k joint encodings of every training
text per step, too slow for this 2-core CPU. So the pair is read jointly only in e5's top
``joint_layers``: the query and the candidate each run through the frozen lower layers on their
own (the candidate's states are cached once; the query's are one forward), then their token
states are concatenated and the top layers, with trained LoRA adapters and a learned segment
vector on the candidate side, let every token of one side attend to the other. A small MLP over
``[u, v, u*v, |u-v|]`` (mean of each side's outputs) gives the pair score. Training: listwise
cross entropy of the true entry among the ``k`` entries the frozen bi-encoder ranks highest for a
training text (its own text left out; see ``candidate_sets``), over the KB's training texts only. At query time the pair score is added to the first stage's score of each of its top ``k``:
``first + weight * (pair - best pair)`` (``weight`` chosen on dev, see ``rescored``); the rest
keep their first-stage order below.

A candidate is represented by its canonical question (the first index text): short, so a pair is
~35 tokens, and it names the aspect plainly.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from models.retrieval.adapter import TopLayerLoRA
from models.retrieval.encoder import E5Encoder
from models.retrieval.finetune import QUERY, lower_states, pad_states
from models.retrieval.index import Candidates
from models.retrieval.methods import Scorer
from models.retrieval.steps import run_steps
from models.retrieval.weights_file import frozen, load_weights, module_arrays, save_weights

log = logging.getLogger(__name__)
F = nn.functional


@dataclass
class RerankConfig:
    joint_layers: int = 2
    rank: int = 16
    k: int = 5  # candidates per training query: the frozen bi-encoder's top k, the true one included
    steps: int = 300
    batch: int = 32
    lr: float = 1e-3
    seed: int = 0


class PairHead(nn.Module):
    def __init__(self, joint_layers: int = 2, rank: int = 16, hidden: int = 384, seed: int = 0) -> None:
        super().__init__()
        self.joint_layers = joint_layers
        self.lora = TopLayerLoRA(joint_layers, rank, hidden, seed=seed)
        self.segment = nn.Parameter(torch.zeros(hidden))
        self.mlp = nn.Sequential(nn.Linear(4 * hidden, hidden), nn.GELU(), nn.Linear(hidden, 1))
        with torch.no_grad():
            self.mlp[2].weight.zero_()
            self.mlp[2].bias.zero_()

    def forward(self, enc: E5Encoder, q: torch.Tensor, qmask: torch.Tensor, c: torch.Tensor,
                cmask: torch.Tensor) -> torch.Tensor:
        """Pair scores ``[P]`` of ``P`` pairs: query states ``q [P, Tq, H]`` and candidate states
        ``c [P, Tc, H]`` (both the frozen output of layer ``12 - joint_layers``), with masks."""
        x = torch.cat([q, c + self.segment], dim=1)
        m = torch.cat([qmask, cmask], dim=1)
        out = self.lora(enc, x, m)
        tq = q.shape[1]
        u = F.normalize(enc.mean_pool(out[:, :tq], qmask), dim=-1)
        v = F.normalize(enc.mean_pool(out[:, tq:], cmask), dim=-1)
        return self.mlp(torch.cat([u, v, u * v, (u - v).abs()], dim=-1)).squeeze(-1)


def candidate_sets(emb: np.ndarray, owner: np.ndarray, n_entries: int, k: int) -> np.ndarray:
    """For each index text (as a query): the ``k`` entries the frozen bi-encoder ranks highest, its
    own text left out, with its true entry first (put in for the k-th if it ranks lower).

    The true entry comes from the same ranking as its rivals, as at query time, where the reranker
    sees the first stage's top k. (Drawing rivals from the 8 most similar *wrong* entries instead
    scored the same on dev, 2026-11-26.) ``emb``: normalized ``[N, H]``."""
    s = emb @ emb.T
    np.fill_diagonal(s, -2.0)
    starts = np.searchsorted(owner, np.arange(n_entries))
    per = np.maximum.reduceat(s, starts, axis=1)
    top = np.argsort(-per, axis=1)[:, :k]
    out = np.empty_like(top)
    for i, row in enumerate(top):
        rivals = [int(e) for e in row if e != owner[i]][: k - 1]
        out[i] = [int(owner[i]), *rivals]
    return out


def train_reranker(enc: E5Encoder, cands: Candidates, emb: np.ndarray, cfg: RerankConfig,
                   progress: bool = False) -> tuple[PairHead, list[float]]:
    """Train a ``PairHead`` on the KB index texts (``cands``; ``emb`` their frozen embeddings)."""
    torch.manual_seed(cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    cut = 12 - cfg.joint_layers
    texts = list(cands.texts)
    log.info("caching layer-%d states of %d texts", cut, len(texts))
    states = lower_states(enc, texts, QUERY, cut)
    canon = cands.starts
    sets = candidate_sets(emb, cands.owner, len(cands.ids), cfg.k)
    # a canonical question as the query would be paired with itself: train on the other texts
    usable = np.asarray([i for i in range(len(texts)) if i not in set(canon.tolist())])
    head = PairHead(cfg.joint_layers, cfg.rank, enc.hidden, seed=cfg.seed)
    opt = torch.optim.AdamW(head.parameters(), lr=cfg.lr, weight_decay=0.0)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr, total_steps=cfg.steps, pct_start=0.1)

    def batch_loss() -> torch.Tensor:
        qidx = rng.choice(usable, size=min(cfg.batch, len(usable)), replace=False)
        qs, cs = [], []
        for i in qidx:
            for e in sets[i]:
                qs.append(states[i])
                cs.append(states[int(canon[e])])
        q, qm = pad_states(qs)
        c, cm = pad_states(cs)
        logits = head(enc, q, qm, c, cm).view(len(qidx), cfg.k)
        return F.cross_entropy(logits, torch.zeros(len(qidx), dtype=torch.long))

    losses = run_steps(head, opt, batch_loss, cfg.steps, sched=sched, progress=progress,
                       desc=f"reranker top-{cfg.joint_layers} joint")
    return head, losses


def save_reranker(head: PairHead, path: Path, cfg: RerankConfig, meta: dict) -> None:
    save_weights(path, module_arrays(head), {**asdict(cfg), **meta})


def load_reranker(path: Path) -> tuple[PairHead, dict[str, str]]:
    state, meta = load_weights(path)
    head = PairHead(int(meta["joint_layers"]), int(meta["rank"]), state["segment"].shape[0])
    frozen(head, state)
    return head, meta


class PairScorer:
    """Pair scores of one query against chosen candidates (their canonical questions' cached states)."""

    def __init__(self, enc: E5Encoder, cands: Candidates, head: PairHead) -> None:
        self.enc, self.head = enc, head
        self.cut = 12 - head.joint_layers
        self._cand = lower_states(enc, [cands.texts[int(s)] for s in cands.starts], QUERY, self.cut)
        self._lock = threading.Lock()

    def pair_scores(self, query: str, candidates: np.ndarray) -> np.ndarray:
        with self._lock, torch.inference_mode():
            ids, mask = self.enc.batch([query], QUERY)
            qs = self.enc(ids, mask, upto=self.cut)[0, : int(mask[0].sum())]
            q, qm = pad_states([qs] * len(candidates))
            c, cm = pad_states([self._cand[int(i)] for i in candidates])
            return self.head(self.enc, q, qm, c, cm).numpy()


class RerankedScorer:
    """``first`` stage, then its top ``k`` rescored (``rescored``); the others keep their first-stage
    order below them. With ``margin``, only queries whose first stage is unsure (top-1
    ahead of top-2 by less than ``margin``) are rescored: the rest keep the first stage's scores and
    its latency."""

    def __init__(self, first: Scorer, pairs: PairScorer, k: int = 5, weight: float = 1.0,
                 margin: float | None = None) -> None:
        when = "" if margin is None else f", when margin < {margin:g}"
        self.name = f"{first.name}, trained cross-encoder rerank top-{k} (w={weight:g}{when})"
        self.first, self.pairs, self.k, self.weight, self.margin = first, pairs, k, float(weight), margin
        self.candidates: Candidates = first.candidates

    def score(self, query: str) -> np.ndarray:
        per = self.first.score(query)
        top = np.argsort(-per, kind="stable")[: self.k]
        if self.margin is not None and len(top) > 1 and per[top[0]] - per[top[1]] >= self.margin:
            return per
        return rescored(per, top, self.pairs.pair_scores(query, top), self.weight)


#: how far below the rescored top-k every other candidate is put
BELOW = 1000.0


def rescored(first: np.ndarray, top: np.ndarray, pair: np.ndarray, weight: float) -> np.ndarray:
    """``first`` with ``top`` rescored: ``first + weight * (pair - max(pair))``. Pair scores are
    logits with an arbitrary offset; taking the best pair's as zero keeps a rescored score on the
    first stage's scale (a top-1 both stages agree on keeps its score), so one refusal threshold
    serves rescored and untouched queries alike."""
    out = first - BELOW
    out[top] = first[top] + weight * (pair - pair.max())
    return out
