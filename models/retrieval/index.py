"""Candidates and their cached frozen-encoder features.

A *candidate* is a knowledge-base entry. It is represented by its *index texts*: the canonical
question and its training paraphrases (never dev/test text). Each text is embedded with the
frozen e5 encoder ("query: " prefix: matching a question against questions is a symmetric task);
scorers aggregate per entry (max over texts, or the centroid). Embeddings are cached on disk under
``~/.cache/silver-avatar/retrieval`` keyed by the encoder file and the exact texts.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.retrieval.encoder import E5Encoder, default_model_path

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    root = os.environ.get("SILVER_AVATAR_CACHE") or Path.home() / ".cache" / "silver-avatar"
    d = Path(root) / "retrieval"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _model_key() -> str:
    p = default_model_path()
    st = p.stat()
    return f"{p.name}:{st.st_size}"


def embed_cached(enc: E5Encoder, texts: list[str], prefix: str = "query: ") -> np.ndarray:
    """``enc.encode(texts, prefix)``, memoized on disk (the file name hashes model + prefix + texts)."""
    h = hashlib.sha1("\x1f".join([_model_key(), prefix, *texts]).encode()).hexdigest()[:20]
    path = cache_dir() / f"emb-{h}.npy"
    if path.exists():
        arr = np.load(path)
        if arr.shape == (len(texts), enc.hidden):
            return arr
    arr = enc.encode(texts, prefix=prefix)
    tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
    np.save(tmp, arr)
    tmp.replace(path)
    return arr


@dataclass(frozen=True)
class Candidates:
    """Flattened index texts: ``texts[i]`` belongs to candidate ``owner[i]`` (index into ``ids``)."""

    ids: tuple[str, ...]
    texts: tuple[str, ...]
    owner: np.ndarray  # int64 [n_texts], sorted ascending

    @classmethod
    def build(cls, groups: list[tuple[str, tuple[str, ...]]]) -> Candidates:
        ids, texts, owner = [], [], []
        for ci, (cid, ctexts) in enumerate(groups):
            ids.append(cid)
            texts += list(ctexts)
            owner += [ci] * len(ctexts)
        return cls(tuple(ids), tuple(texts), np.asarray(owner, dtype=np.int64))

    @property
    def starts(self) -> np.ndarray:
        return np.searchsorted(self.owner, np.arange(len(self.ids)))

    def max_per_candidate(self, text_scores: np.ndarray) -> np.ndarray:
        """Reduce ``[..., n_texts]`` scores to ``[..., n_candidates]`` by max."""
        return np.maximum.reduceat(text_scores, self.starts, axis=-1)

    def centroids(self, emb: np.ndarray) -> np.ndarray:
        """L2-normalized mean embedding per candidate."""
        sums = np.add.reduceat(emb, self.starts, axis=0)
        return sums / np.linalg.norm(sums, axis=1, keepdims=True).clip(1e-9)
