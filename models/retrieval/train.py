"""Training-set features, head training for several ``m`` and threshold calibration."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from models.knowledge import Entry
from models.retrieval.encoder import E5Encoder
from models.retrieval.evaluate import Outcome, calibrate, rank_metrics, top1
from models.retrieval.index import Candidates, embed_cached
from models.retrieval.methods import PolyScorer, Scorer
from models.retrieval.poly import PolyHead, TrainConfig, TrainData, save_head, train_head
from models.retrieval.split import Split, ood_split

log = logging.getLogger(__name__)


@torch.inference_mode()
def token_states(enc: E5Encoder, texts: list[str], batch_size: int = 32, upto: int = 12) -> tuple[torch.Tensor,
                                                                                                   torch.Tensor]:
    """Frozen token states ``[N, T, H]`` of layer ``upto`` (zero padded) and mask ``[N, T]``."""
    ids, mask = enc.batch(texts)
    states = torch.zeros((len(texts), ids.shape[1], enc.hidden))
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for s in range(0, len(texts), batch_size):
        idx = order[s : s + batch_size]
        sub_ids, sub_mask = enc.batch([texts[i] for i in idx])
        states[idx, : sub_ids.shape[1]] = enc(sub_ids, sub_mask, upto=upto)
    return states, mask


def train_data(enc: E5Encoder, cands: Candidates, upto: int = 12) -> TrainData:
    states, mask = token_states(enc, list(cands.texts), upto=upto)
    pooled = torch.from_numpy(embed_cached(enc, list(cands.texts)))
    return TrainData(states=states, mask=mask, pooled=pooled, owner=torch.from_numpy(cands.owner))


def kb_candidates(entries: tuple[Entry, ...], split: Split) -> Candidates:
    return Candidates.build([(e.id, split.train[e.id]) for e in entries])


@dataclass
class Calibration:
    chosen: Outcome
    dev_ood: Outcome  # the chosen threshold on the calibration data
    curve: list[dict]


def calibrate_scorer(scorer: Scorer, split: Split) -> Calibration:
    """Pick the refusal threshold on dev paraphrases (in-KB) + the calibration half of the OOD set."""
    ood_cal, _ = ood_split()
    dev = list(split.dev) or list(split.test)
    ids, scores = top1(scorer, [ex.text for ex in dev])
    ok = np.asarray([i == ex.entry_id for i, ex in zip(ids, dev, strict=True)])
    _, ood_scores = top1(scorer, list(ood_cal))
    chosen = calibrate(ok, scores, ood_scores)
    from models.retrieval.evaluate import outcome

    grid = np.round(np.linspace(min(scores.min(), ood_scores.min()), max(scores.max(), ood_scores.max()), 15), 3)
    curve = [outcome(t, ok, scores, ood_scores).row() for t in grid]
    return Calibration(chosen=chosen, dev_ood=chosen, curve=curve)


def topic_groups(entries: tuple[Entry, ...]) -> np.ndarray:
    topics = sorted({e.topic for e in entries})
    return np.asarray([topics.index(e.topic) for e in entries])


def train_and_save(enc: E5Encoder, entries: tuple[Entry, ...], split: Split, ms: list[int], out_dir: Path,
                   steps: int, seed: int, agg: str, adapt_layers: int = 0, progress: bool = True) -> dict:
    """Train one head per ``m``, pick the best on dev MRR, calibrate, write heads + served.json."""
    cands = kb_candidates(entries, split)
    data = train_data(enc, cands, upto=12 - adapt_layers)
    groups = topic_groups(entries)
    results = []
    for m in ms:
        cfg = TrainConfig(m=m, steps=steps, seed=seed, agg=agg, adapt_layers=adapt_layers)
        head, losses = train_head(data, cfg, progress=progress, groups=groups, enc=enc)
        name = f"poly_m{m}.npz"
        save_head(head, out_dir / name, {"m": m, "steps": steps, "seed": seed, "agg": agg,
                                         "adapt_layers": adapt_layers, "rank": cfg.rank,
                                         "entries": len(entries), "final_loss": float(np.mean(losses[-20:]))})
        dev = rank_metrics(PolyScorer(enc, cands, head, agg), list(split.dev) or list(split.test))
        log.info("m=%d dev R@1 %.3f MRR %.3f (loss %.3f -> %.3f)", m, dev.r1, dev.mrr, losses[0], losses[-1])
        results.append((dev.mrr, dev.r1, m, head, name))
    results.sort(key=lambda r: (r[0], r[1], -r[2]), reverse=True)
    _, _, m, head, name = results[0]
    cal = calibrate_scorer(PolyScorer(enc, cands, head, agg), split)
    config = {"method": "poly", "head": name, "m": m, "agg": agg, "split_seed": 0,
              "accept_threshold": round(cal.chosen.threshold, 4),
              "calibration": cal.chosen.row(), "dev": {r[2]: {"mrr": r[0], "r1": r[1]} for r in results}}
    (out_dir / "served.json").write_text(json.dumps(config, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return config


def fresh_head_loss(data: TrainData, m: int, steps: int, seed: int = 0) -> tuple[float, float]:
    """(first, last) loss of a short run: a smoke test that training makes progress."""
    cfg = TrainConfig(m=m, steps=steps, seed=seed, batch_entries=16, lr=5e-3, grouped=False)
    _, losses = train_head(data, cfg)
    return losses[0], losses[-1]


__all__ = ["PolyHead", "calibrate_scorer", "kb_candidates", "train_and_save", "train_data"]
