"""Poly-encoder head (Humeau et al. 2019) over the frozen e5 encoder, and its training.

Context (the user's utterance): ``m`` learned codes attend over the encoder's token outputs,
giving ``m`` context vectors. Candidate: the frozen e5 embedding of an index text, through a linear
projection. The candidate vector then attends over the ``m`` context vectors; the score is the
cosine between the attended context and the candidate. A KB entry's score is the max over its
index texts (``agg="max"``) or the score of its centroid (``agg="centroid"``).

With codes near zero the attention is uniform, i.e. mean pooling, and with identity projections
the untrained head equals the frozen bi-encoder: training starts from that and only has to improve.
Trained on the KB's training paraphrases with in-batch negatives (one query per entry in a batch,
the other entries' index texts as negatives; the query's own text is left out of its positive).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from models.retrieval.adapter import TopLayerLoRA
from models.retrieval.encoder import E5Encoder
from models.retrieval.steps import run_steps
from models.retrieval.weights_file import frozen, load_weights, save_weights

log = logging.getLogger(__name__)


class PolyHead(nn.Module):
    """``m`` codes + projections; optionally LoRA adapters on the encoder's top ``adapt_layers``
    layers for the query side (then ``contexts`` takes the frozen states of layer ``12 - adapt_layers``)."""

    def __init__(self, hidden: int = 384, m: int = 16, seed: int = 0, adapt_layers: int = 0, rank: int = 8) -> None:
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        self.m, self.adapt_layers = m, adapt_layers
        self.adapter = TopLayerLoRA(adapt_layers, rank, hidden, seed=seed) if adapt_layers else None
        self.encoder: E5Encoder | None = None  # frozen layers the adapter re-runs; set by attach()
        self.codes = nn.Parameter(torch.randn(m, hidden, generator=g) * 0.02)
        self.ctx_proj = nn.Linear(hidden, hidden)
        self.cand_proj = nn.Linear(hidden, hidden)
        self.log_scale = nn.Parameter(torch.tensor(float(np.log(20.0))))
        with torch.no_grad():
            for lin in (self.ctx_proj, self.cand_proj):
                lin.weight.copy_(torch.eye(hidden))
                lin.bias.zero_()

    def attach(self, enc: E5Encoder) -> PolyHead:
        object.__setattr__(self, "encoder", enc)  # not a submodule: never saved or trained
        return self

    @property
    def cut(self) -> int:
        """The encoder layer whose (frozen) output ``contexts`` expects."""
        return 12 - self.adapt_layers

    def contexts(self, states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Token states ``[B, T, H]`` (of layer ``cut``) -> ``m`` context vectors ``[B, m, H]``."""
        if self.adapter is not None:
            assert self.encoder is not None, "call attach(encoder) first"
            states = self.adapter(self.encoder, states, mask)
        logits = torch.einsum("mh,bth->bmt", self.codes, states)
        logits = logits.masked_fill(~mask[:, None, :], float("-inf"))
        ctx = torch.softmax(logits, dim=-1) @ states
        return self.ctx_proj(ctx)

    def candidates(self, emb: torch.Tensor) -> torch.Tensor:
        """Frozen candidate embeddings ``[C, H]`` -> projected, normalized ``[C, H]``."""
        return nn.functional.normalize(self.cand_proj(emb), dim=-1)

    @staticmethod
    def score(ctx: torch.Tensor, cand: torch.Tensor) -> torch.Tensor:
        """Cosine scores ``[B, C]`` between each context (attended by each candidate) and candidate."""
        att = torch.softmax(torch.einsum("ch,bmh->bcm", cand, ctx), dim=-1)
        final = nn.functional.normalize(att @ ctx, dim=-1)  # [B, C, H]
        return torch.einsum("bch,ch->bc", final, cand)

    def state_arrays(self) -> dict[str, np.ndarray]:
        return {k: v.detach().cpu().numpy().astype(np.float32) for k, v in self.state_dict().items()}


def save_head(head: PolyHead, path: Path, meta: dict[str, str | int | float]) -> None:
    """Write the head as ``.npz`` (float16 weights; the file stays well under 5 MB)."""
    save_weights(path, head.state_arrays(), meta)


def load_head(path: Path) -> tuple[PolyHead, dict[str, str]]:
    state, meta = load_weights(path)
    head = PolyHead(hidden=state["codes"].shape[1], m=state["codes"].shape[0],
                    adapt_layers=int(meta.get("adapt_layers", 0)), rank=int(meta.get("rank", 8)))
    frozen(head, state)
    return head, meta


@dataclass
class TrainData:
    """Frozen features of every training text: token states for the query side, pooled for the
    candidate side, and which entry (0..E-1) each text belongs to."""

    states: torch.Tensor  # [N, T, H]
    mask: torch.Tensor  # [N, T]
    pooled: torch.Tensor  # [N, H]
    owner: torch.Tensor  # [N]


@dataclass
class TrainConfig:
    m: int = 16
    steps: int = 400
    batch_entries: int = 64
    lr: float = 2e-3
    weight_decay: float = 1e-4
    agg: str = "max"
    seed: int = 0
    adapt_layers: int = 0
    rank: int = 8
    grouped: bool = False  # True: batches made of whole topics: same-topic entries are the hard negatives


def batch_loss(head: PolyHead, data: TrainData, qidx: torch.Tensor, agg: str) -> torch.Tensor:
    """In-batch-negative cross entropy for queries ``qidx`` (one per distinct entry)."""
    ents = data.owner[qidx]  # [B]
    in_batch = torch.isin(data.owner, ents)
    cand_idx = torch.nonzero(in_batch).squeeze(1)  # texts of the batch's entries
    cand_owner = data.owner[cand_idx]
    ctx = head.contexts(data.states[qidx], data.mask[qidx])
    if agg == "max":
        cand = head.candidates(data.pooled[cand_idx])
        s = head.score(ctx, cand)  # [B, Ct]
        own = cand_idx[None, :] == qidx[:, None]
        s = s.masked_fill(own, -2.0)  # leave the query's own text out
        member = cand_owner[None, :] == ents[:, None]  # [B(entry), Ct]
        per_entry = torch.where(member[None, :, :], s[:, None, :], torch.tensor(-2.0)).amax(-1)  # [B, B]
    else:
        onehot = (cand_owner[None, :] == ents[:, None]).float()  # [B, Ct]
        sums = onehot @ data.pooled[cand_idx]  # [B, H]
        sums_lo = sums[None, :, :].repeat(len(qidx), 1, 1)  # [Bq, Be, H]
        diag = torch.arange(len(qidx))
        sums_lo[diag, diag] -= data.pooled[qidx]
        cents = nn.functional.normalize(sums_lo, dim=-1)
        cand = nn.functional.normalize(head.cand_proj(cents), dim=-1)  # [Bq, Be, H]
        att = torch.softmax(torch.einsum("qeh,qmh->qem", cand, ctx), dim=-1)
        final = nn.functional.normalize(att @ ctx, dim=-1)
        per_entry = (final * cand).sum(-1)
    logits = per_entry * head.log_scale.exp()
    return nn.functional.cross_entropy(logits, torch.arange(len(qidx)))


def sample_batch(data: TrainData, n_entries: int, rng: np.random.Generator,
                 groups: np.ndarray | None = None) -> torch.Tensor:
    """One random training text from each of ~``n_entries`` distinct entries with >= 2 texts. With
    ``groups`` (a topic id per entry), whole topics are drawn until the batch is full."""
    owner = data.owner.numpy()
    counts = np.bincount(owner)
    ents = np.flatnonzero(counts >= 2)
    if groups is None:
        chosen = rng.choice(ents, size=min(n_entries, len(ents)), replace=False)
    else:
        picked: list[int] = []
        for gid in rng.permutation(int(groups.max()) + 1):
            picked += [int(e) for e in ents if groups[e] == gid]
            if len(picked) >= n_entries:
                break
        chosen = np.asarray(picked)
    idx = [rng.choice(np.flatnonzero(owner == e)) for e in chosen]
    return torch.as_tensor(np.asarray(idx), dtype=torch.long)


def train_head(data: TrainData, cfg: TrainConfig, progress: bool = False, groups: np.ndarray | None = None,
               enc: E5Encoder | None = None) -> tuple[PolyHead, list[float]]:
    """Train a head from scratch, seeded; returns it (in eval mode) and the loss per step.
    ``data.states`` must be the encoder's layer ``12 - cfg.adapt_layers`` outputs."""
    torch.manual_seed(cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    head = PolyHead(hidden=data.states.shape[-1], m=cfg.m, seed=cfg.seed, adapt_layers=cfg.adapt_layers,
                    rank=cfg.rank)
    if enc is not None:
        head.attach(enc)
    opt = torch.optim.AdamW(head.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr, total_steps=cfg.steps, pct_start=0.1)

    def loss() -> torch.Tensor:
        qidx = sample_batch(data, cfg.batch_entries, rng, groups if cfg.grouped else None)
        return batch_loss(head, data, qidx, cfg.agg)

    losses = run_steps(head, opt, loss, cfg.steps, sched=sched, progress=progress, desc=f"poly m={cfg.m}")
    return head, losses
