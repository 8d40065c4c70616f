"""Fine-tuning e5 itself (both sides) with LoRA adapters, for question and answer matching.

The Poly-encoder head only learns on top of *frozen* e5 features; here the encoder's top
``n_layers`` get low-rank adapters (``adapter.TopLayerLoRA``) shared by the query and the candidate
side, so candidate texts are re-embedded with the tuned encoder (and cached). Training: in-batch
negatives over batches made of whole topics (the other aspects of the same topic are the hard
negatives: nearly all errors of the frozen models are the right topic with the wrong aspect).
Each batch entry contributes one training paraphrase as the query and, as positives, another of
its training texts (``query: `` prefix, question-question) and its answer (``passage: ``
prefix, question-answer: the asymmetric task e5 was trained for). Only training texts and answers
are used; dev/test paraphrases never are. The frozen output of layer ``12 - n_layers`` of every
training text is computed once, so a step runs only the adapted layers.

The adapters are saved as fp16 ``.npz`` (rank 8 on 12 layers: ~1.2 MB).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from models.retrieval.adapter import TopLayerLoRA
from models.retrieval.encoder import E5Encoder
from models.retrieval.index import cache_dir
from models.retrieval.steps import run_steps
from models.retrieval.weights_file import frozen, load_weights, module_arrays, save_weights

log = logging.getLogger(__name__)

QUERY, PASSAGE = "query: ", "passage: "


class TunedEncoder:
    """The shared frozen e5 with LoRA adapters on its top ``adapter.n_layers`` layers (or none)."""

    def __init__(self, enc: E5Encoder, adapter: TopLayerLoRA | None, tag: str = "frozen") -> None:
        self.enc, self.adapter, self.tag = enc, adapter, tag
        self.hidden = enc.hidden
        self.cut = 12 - (adapter.n_layers if adapter is not None else 0)
        self._lock = threading.Lock()

    def top(self, states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Layer-``cut`` states -> final token states."""
        if self.adapter is None:
            return states
        return self.adapter(self.enc, states, mask)

    def states(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.top(self.enc(ids, mask, upto=self.cut), mask)

    def pooled(self, states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return nn.functional.normalize(self.enc.mean_pool(states, mask), dim=-1)

    @torch.inference_mode()
    def encode(self, texts: list[str], prefix: str = QUERY, batch_size: int = 32) -> np.ndarray:
        """L2-normalized mean-pooled embeddings ``[N, H]`` (the frozen ``E5Encoder.encode`` if untuned)."""
        res = np.empty((len(texts), self.hidden), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for s in range(0, len(texts), batch_size):
            idx = order[s : s + batch_size]
            ids, mask = self.enc.batch([texts[i] for i in idx], prefix)
            res[idx] = self.pooled(self.states(ids, mask), mask).numpy()
        return res

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return self.encode([text])[0]

    def embed_cached(self, texts: list[str], prefix: str = QUERY) -> np.ndarray:
        """``encode`` memoized on disk (file name hashes the encoder, the adapter, prefix and texts)."""
        from models.retrieval.index import _model_key, embed_cached

        if self.adapter is None:  # the frozen encoder: share the plain cache
            return embed_cached(self.enc, texts, prefix)
        h = hashlib.sha1("\x1f".join([_model_key(), self.tag, prefix, *texts]).encode()).hexdigest()[:20]
        path = cache_dir() / f"emb-{h}.npy"
        if path.exists():
            arr = np.load(path)
            if arr.shape == (len(texts), self.hidden):
                return arr
        arr = self.encode(texts, prefix)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(tmp, arr)
        tmp.replace(path)
        return arr


@dataclass
class FinetuneConfig:
    n_layers: int = 4
    rank: int = 8
    steps: int = 200
    batch_entries: int = 32
    lr: float = 1e-3
    weight_decay: float = 0.0
    scale: float = 20.0
    answer_weight: float = 1.0  # weight of the question -> answer loss
    grouped: float = 0.5  # share of steps whose batch is made of whole topics
    seed: int = 0


def save_adapter(adapter: TopLayerLoRA, path: Path, meta: dict) -> None:
    save_weights(path, module_arrays(adapter), meta)


def load_adapter(path: Path) -> tuple[TopLayerLoRA, dict[str, str]]:
    state, meta = load_weights(path)
    adapter = TopLayerLoRA(int(meta["n_layers"]), int(meta["rank"]))
    frozen(adapter, state)
    return adapter, meta


def file_tag(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()[:16]


def load_tuned(enc: E5Encoder, path: Path) -> TunedEncoder:
    adapter, _ = load_adapter(path)
    return TunedEncoder(enc, adapter, tag=f"{path.name}:{file_tag(path)}")


@torch.inference_mode()
def lower_states(enc: E5Encoder, texts: list[str], prefix: str, upto: int) -> list[torch.Tensor]:
    """Frozen layer-``upto`` token states of each text, unpadded (``[T_i, H]`` each)."""
    out: list[torch.Tensor] = [torch.empty(0)] * len(texts)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for s in range(0, len(texts), 32):
        idx = order[s : s + 32]
        ids, mask = enc.batch([texts[i] for i in idx], prefix)
        st = enc(ids, mask, upto=upto)
        for j, i in enumerate(idx):
            out[i] = st[j, : int(mask[j].sum())].clone()
    return out


def pad_states(seqs: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Unpadded ``[T_i, H]`` states -> (zero-padded ``[N, T, H]``, mask ``[N, T]``)."""
    t = max(s.shape[0] for s in seqs)
    x = torch.zeros((len(seqs), t, seqs[0].shape[1]))
    mask = torch.zeros((len(seqs), t), dtype=torch.bool)
    for i, s in enumerate(seqs):
        x[i, : s.shape[0]] = s
        mask[i, : s.shape[0]] = True
    return x, mask


def finetune(enc: E5Encoder, texts: list[tuple[str, ...]], answers: list[str], topics: list[str],
             cfg: FinetuneConfig, progress: bool = True) -> tuple[TopLayerLoRA, list[float]]:
    """Train LoRA adapters; ``texts[e]`` are entry ``e``'s training texts, ``answers[e]`` its answer."""
    torch.manual_seed(cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    cut = 12 - cfg.n_layers
    flat = [t for ts in texts for t in ts]
    owner = np.asarray([e for e, ts in enumerate(texts) for _ in ts])
    log.info("caching layer-%d states of %d texts and %d answers", cut, len(flat), len(answers))
    q_states = lower_states(enc, flat, QUERY, cut)
    a_states = lower_states(enc, answers, PASSAGE, cut)
    by_entry = [np.flatnonzero(owner == e) for e in range(len(texts))]
    usable = np.asarray([e for e in range(len(texts)) if len(by_entry[e]) >= 2])
    topic_ids = sorted(set(topics))
    by_topic = {t: [e for e in usable if topics[e] == t] for t in topic_ids}

    adapter = TopLayerLoRA(cfg.n_layers, cfg.rank, enc.hidden, seed=cfg.seed)
    tuned = TunedEncoder(enc, adapter)
    opt = torch.optim.AdamW(adapter.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr, total_steps=cfg.steps, pct_start=0.1)

    def batch_loss() -> torch.Tensor:
        if rng.random() < cfg.grouped:
            chosen: list[int] = []
            for t in rng.permutation(len(topic_ids)):
                chosen += by_topic[topic_ids[t]]
                if len(chosen) >= cfg.batch_entries:
                    break
            chosen = chosen[: cfg.batch_entries]
        else:
            chosen = list(rng.choice(usable, size=min(cfg.batch_entries, len(usable)), replace=False))
        qi, pi = [], []
        for e in chosen:
            a, b = rng.choice(by_entry[e], size=2, replace=False)
            qi.append(int(a))
            pi.append(int(b))
        x, m = pad_states([q_states[i] for i in qi] + [q_states[i] for i in pi])
        emb = tuned.pooled(tuned.top(x, m), m)
        q, p = emb[: len(qi)], emb[len(qi) :]
        target = torch.arange(len(qi))
        loss = nn.functional.cross_entropy(cfg.scale * q @ p.T, target)
        if cfg.answer_weight > 0:
            xa, ma = pad_states([a_states[e] for e in chosen])
            a_emb = tuned.pooled(tuned.top(xa, ma), ma)
            loss = loss + cfg.answer_weight * nn.functional.cross_entropy(cfg.scale * q @ a_emb.T, target)
        return loss

    losses = run_steps(adapter, opt, batch_loss, cfg.steps, sched=sched, progress=progress,
                       desc=f"lora top-{cfg.n_layers} r{cfg.rank}")
    return adapter, losses


def config_meta(cfg: FinetuneConfig) -> dict:
    return asdict(cfg)
