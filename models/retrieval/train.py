"""Training-set features, head training for several ``m`` and threshold calibration."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch

from models.knowledge import Entry
from models.retrieval.augment import spoken_variants, story_variants
from models.retrieval.encoder import E5Encoder
from models.retrieval.evaluate import Outcome, calibrate, top1
from models.retrieval.finetune import (
    FinetuneConfig,
    TunedEncoder,
    config_meta,
    finetune,
    load_tuned,
    save_adapter,
)
from models.retrieval.index import Candidates, embed_cached
from models.retrieval.methods import PolyScorer, Scorer
from models.retrieval.poly import PolyHead, TrainConfig, TrainData, load_head, save_head, train_head
from models.retrieval.qhead import HeadConfig, QueryHead, load_query_head, save_query_head, train_query_head
from models.retrieval.rerank import (
    PairScorer,
    RerankConfig,
    load_reranker,
    rescored,
    save_reranker,
    train_reranker,
)
from models.retrieval.said import said_queries, unsaid_queries
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


#: answer-fusion weights tried on dev (0 = questions only)
ANSWER_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0)


def _ranks(scores: np.ndarray, gold: np.ndarray) -> np.ndarray:
    g = scores[np.arange(len(scores)), gold]
    return 1 + (scores > g[:, None]).sum(1)


def dev_choice(base: np.ndarray, ans: np.ndarray, gold: np.ndarray,
               weights: tuple[float, ...] = ANSWER_WEIGHTS) -> list[dict]:
    """Dev R@1 / MRR of ``base + w * ans`` for each answer weight ``w`` (score matrices ``[Q, C]``)."""
    rows = []
    for w in weights:
        r = _ranks(base + w * ans, gold)
        rows.append({"answer_weight": w, "r1": float((r == 1).mean()), "mrr": float((1.0 / r).mean())})
    return rows


def poly_dev_matrices(enc: E5Encoder, cands: Candidates, answers: list[str], head: PolyHead, agg: str,
                      texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(poly scores, frozen query-answer cosines) of each text against every candidate."""
    scorer = PolyScorer(enc, cands, head, agg)
    base = np.stack([scorer.score(t) for t in texts])
    q = embed_cached(enc, texts)
    a = embed_cached(enc, answers, prefix="passage: ")
    return base, q @ a.T


def tuned_dev_matrices(tuned, cands: Candidates, answers: list[str], agg: str,
                       texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    emb = tuned.embed_cached(list(cands.texts))
    emb = cands.centroids(emb) if agg == "centroid" else emb
    a = tuned.embed_cached(answers, "passage: ")
    q = tuned.encode(texts)
    s = q @ emb.T
    return (s if agg == "centroid" else cands.max_per_candidate(s)), q @ a.T


QUERY_HEAD_FILE = "query_head.npz"


def head_dev_matrices(enc: E5Encoder, cands: Candidates, answers: list[str], head: QueryHead,
                      texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(question-side scores, answer-side cosines) of the query head for each text vs every candidate."""
    with torch.inference_mode():
        x = torch.from_numpy(embed_cached(enc, texts))
        c = head.candidates(torch.from_numpy(embed_cached(enc, list(cands.texts)))).numpy()
        a = torch.nn.functional.normalize(torch.from_numpy(embed_cached(enc, answers, prefix="passage: ")), dim=-1)
        base = cands.max_per_candidate(head.query(x).numpy() @ c.T)
        return base, head.query_for_answers(x).numpy() @ a.numpy().T


def train_query_head_on(enc: E5Encoder, cands: Candidates, answers: list[str], cfg: HeadConfig,
                        progress: bool = True, said: list[tuple[str, str]] | None = None,
                        unsaid_sets: set[str] | None = None) -> tuple[QueryHead, list[float]]:
    """Train the pooled query head on the KB index texts (training + extra paraphrases), their
    spoken-style variants (``augment``), the same after a life story (``story``), questions seniors
    said (``said.py``; ``said``: these (text, entry id) pairs instead of the packaged file), out-of-domain
    things said as "no entry" (``unsaid_sets``: from these development sets instead) and answers."""
    texts = embed_cached(enc, list(cands.texts))
    ans = embed_cached(enc, answers, prefix="passage: ")
    variants = source = None
    blocks = []  # each kind of variant embedded (and cached) on its own
    if cfg.augment > 0:
        blocks.append(spoken_variants(cands.texts, cfg.augment))
    if cfg.story > 0:
        blocks.append(story_variants(cands.texts, cfg.story))
    if blocks:
        variants = np.concatenate([embed_cached(enc, var_texts) for var_texts, _ in blocks])
        source = np.concatenate([src for _, src in blocks])
    said_emb = unsaid_emb = None
    if cfg.said_share > 0:
        said_texts, said_owner = said_queries(cands.ids, pairs=said)
        if said_texts:
            said_emb = (embed_cached(enc, said_texts), np.asarray(said_owner, dtype=np.int64))
            log.info("query head: %d said questions as training queries", len(said_texts))
    if cfg.unsaid_share > 0:
        unsaid_texts = unsaid_queries(unsaid_sets)
        if unsaid_texts:
            unsaid_emb = embed_cached(enc, unsaid_texts)
            log.info("query head: %d out-of-domain things said, for 'no entry'", len(unsaid_texts))
    return train_query_head(texts, cands.owner, ans, cfg, progress=progress, variants=variants,
                            variant_source=source, said=said_emb, unsaid=unsaid_emb)


RERANK_FILE = "reranker.npz"
#: rerank choices tried on dev: pair-score weights and "rescore only below this top-1 margin"
RERANK_WEIGHTS = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5)
RERANK_MARGINS = (None, 0.02, 0.05, 0.1, 0.2)


def rerank_dev_choice(base: np.ndarray, pairs: PairScorer, k: int, texts: list[str], gold: np.ndarray) -> list[dict]:
    """Dev R@1 / MRR of the first stage's scores ``base`` (``[Q, C]``) with each text's top ``k``
    rescored, for each (weight, margin)."""
    top = np.argsort(-base, axis=1, kind="stable")[:, :k]
    pair = np.stack([pairs.pair_scores(t, top[i]) for i, t in enumerate(texts)])
    rows = []
    for margin in RERANK_MARGINS:
        rescore = np.ones(len(texts), dtype=bool)
        if margin is not None:
            rescore = base[np.arange(len(texts)), top[:, 0]] - base[np.arange(len(texts)), top[:, 1]] < margin
        for w in RERANK_WEIGHTS:
            s = base.copy()
            for i in np.flatnonzero(rescore):
                s[i] = rescored(base[i], top[i], pair[i], w)
            r = _ranks(s, gold)
            rows.append({"k": k, "weight": w, "margin": margin, "rescored": float(rescore.mean()),
                         "r1": float((r == 1).mean()), "mrr": float((1.0 / r).mean())})
    return rows


def add_reranker(enc: E5Encoder, entries: tuple[Entry, ...], split: Split, chosen: dict, out_dir: Path,
                 cfg: RerankConfig, reuse: bool, progress: bool) -> tuple[dict | None, list[dict]]:
    """Train (or reuse) the cross-encoder reranker and pick its weight and margin on dev over the
    ``chosen`` first stage. Returns (the ``rerank`` config if it raises the first stage's dev R@1
    and MRR, the dev rows)."""
    from models.retrieval.retriever import build_retriever

    cands = kb_candidates(entries, split)
    path = out_dir / RERANK_FILE
    if not (reuse and path.exists()):
        head, losses = train_reranker(enc, cands, embed_cached(enc, list(cands.texts)), cfg, progress=progress)
        save_reranker(head, path, cfg, {"entries": len(entries), "final_loss": float(np.mean(losses[-20:]))})
    head, _ = load_reranker(path)  # the fp16 weights, as served
    first = build_retriever({**chosen, "accept_threshold": 0.0}, entries, out_dir).scorer
    dev = list(split.dev) or list(split.test)
    pos = {e.id: i for i, e in enumerate(entries)}
    gold = np.asarray([pos[ex.entry_id] for ex in dev])
    texts = [ex.text for ex in dev]
    base = np.stack([first.score(t) for t in texts])
    rows = rerank_dev_choice(base, PairScorer(enc, cands, head), cfg.k, texts, gold)
    for row in rows:
        log.info("rerank top-%d w=%.3f margin=%s (rescored %.2f): dev R@1 %.3f MRR %.3f", cfg.k, row["weight"],
                 row["margin"], row["rescored"], row["r1"], row["mrr"])
    best = max(rows, key=lambda r: (r["mrr"], r["r1"], -r["rescored"]))
    base_r = _ranks(base, gold)
    # served only if it puts more right answers first, not just nudges MRR (it costs an e5 forward)
    if best["r1"] <= float((base_r == 1).mean()) or best["mrr"] <= float((1.0 / base_r).mean()):
        return None, rows
    return {"file": RERANK_FILE, "k": cfg.k, "weight": best["weight"], "margin": best["margin"],
            "dev": {"r1": best["r1"], "mrr": best["mrr"], "rescored": best["rescored"]}}, rows


def train_and_save(enc: E5Encoder, entries: tuple[Entry, ...], split: Split, ms: list[int], out_dir: Path,
                   steps: int, seed: int, agg: str, adapt_layers: int = 0, progress: bool = True,
                   lora: FinetuneConfig | None = None, reuse_heads: bool = False,
                   query_head: HeadConfig | None = None, rerank: RerankConfig | None = None) -> dict:
    """Train one Poly head per ``m`` (or reuse the saved ones), with ``query_head`` the pooled query
    head, and with ``lora`` LoRA adapters on e5; choose the configuration (method, answer-fusion
    weight) with the best dev MRR; with ``rerank``, add the trained cross-encoder reranker over it
    when it raises dev R@1 and MRR; calibrate the refusal threshold on dev + OOD calibration
    questions, write the weights and ``served.json``."""
    cands = kb_candidates(entries, split)
    answers = [e.answer for e in entries]
    dev = list(split.dev) or list(split.test)
    dev_texts = [ex.text for ex in dev]
    pos = {e.id: i for i, e in enumerate(entries)}
    gold = np.asarray([pos[ex.entry_id] for ex in dev])
    options = []  # (mrr, r1, config, scorer factory)
    heads: dict[int, tuple[PolyHead, str]] = {}
    to_train = []
    for m in ms:
        if reuse_heads and (out_dir / f"poly_m{m}.npz").exists():
            head, meta = load_head(out_dir / f"poly_m{m}.npz")
            heads[m] = (head, meta.get("agg", agg))
        else:
            to_train.append(m)
    if to_train:
        data = train_data(enc, cands, upto=12 - adapt_layers)
        groups = topic_groups(entries)
        for m in to_train:
            cfg = TrainConfig(m=m, steps=steps, seed=seed, agg=agg, adapt_layers=adapt_layers)
            head, losses = train_head(data, cfg, progress=progress, groups=groups, enc=enc)
            save_head(head, out_dir / f"poly_m{m}.npz",
                      {"m": m, "steps": steps, "seed": seed, "agg": agg, "adapt_layers": adapt_layers,
                       "rank": cfg.rank, "entries": len(entries), "final_loss": float(np.mean(losses[-20:]))})
            heads[m] = (head, agg)
        del data
    for m, (head, hagg) in sorted(heads.items()):
        base, ans = poly_dev_matrices(enc, cands, answers, head, hagg, dev_texts)
        for row in dev_choice(base, ans, gold):
            log.info("poly m=%d + %.2f x answer: dev R@1 %.3f MRR %.3f", m, row["answer_weight"], row["r1"], row["mrr"])
            options.append((row["mrr"], row["r1"], {"method": "poly", "head": f"poly_m{m}.npz", "m": m, "agg": hagg,
                                                    "answer_weight": row["answer_weight"]}))
    qpath = out_dir / QUERY_HEAD_FILE
    if query_head is not None and not (reuse_heads and qpath.exists()):
        qh, losses = train_query_head_on(enc, cands, answers, query_head, progress=progress)
        save_query_head(qh, qpath, {**asdict(query_head), "entries": len(entries),
                                    "final_loss": float(np.mean(losses[-20:]))})
    if query_head is not None and qpath.exists():
        qh, _ = load_query_head(qpath)  # the fp16 weights, as served
        base, ans = head_dev_matrices(enc, cands, answers, qh, dev_texts)
        for row in dev_choice(base, ans, gold):
            log.info("query head + %.2f x answer: dev R@1 %.3f MRR %.3f", row["answer_weight"], row["r1"], row["mrr"])
            options.append((row["mrr"], row["r1"], {"method": "head", "head": QUERY_HEAD_FILE, "agg": "max",
                                                    "answer_weight": row["answer_weight"]}))
    frozen = TunedEncoder(enc, None)
    for tagg in ("max", "centroid"):  # the frozen bi-encoder with answer fusion (no training)
        base, ans = tuned_dev_matrices(frozen, cands, answers, tagg, dev_texts)
        for row in dev_choice(base, ans, gold):
            log.info("bi-encoder frozen (%s) + %.2f x answer: dev R@1 %.3f MRR %.3f", tagg, row["answer_weight"],
                     row["r1"], row["mrr"])
            options.append((row["mrr"], row["r1"], {"method": "tuned", "adapter": None, "agg": tagg,
                                                    "answer_weight": row["answer_weight"]}))
    if lora is not None:
        name = f"lora_top{lora.n_layers}_r{lora.rank}.npz"
        adapter, losses = finetune(enc, [split.train[e.id] for e in entries], answers, [e.topic for e in entries],
                                   lora, progress=progress)
        meta = {**config_meta(lora), "entries": len(entries), "final_loss": float(np.mean(losses[-20:]))}
        save_adapter(adapter, out_dir / name, meta)
        tuned = load_tuned(enc, out_dir / name)  # the fp16 weights, as served
        for tagg in ("max", "centroid"):
            base, ans = tuned_dev_matrices(tuned, cands, answers, tagg, dev_texts)
            for row in dev_choice(base, ans, gold):
                log.info("LoRA (%s) + %.2f x answer: dev R@1 %.3f MRR %.3f", tagg, row["answer_weight"], row["r1"],
                         row["mrr"])
                options.append((row["mrr"], row["r1"], {"method": "tuned", "adapter": name, "agg": tagg,
                                                        "answer_weight": row["answer_weight"]}))
    options.sort(key=lambda o: (o[0], o[1]), reverse=True)
    mrr, r1, chosen = options[0]
    rerank_rows: list[dict] = []
    if rerank is not None:
        rr, rerank_rows = add_reranker(enc, entries, split, chosen, out_dir, rerank, reuse_heads, progress)
        if rr is not None:
            chosen = {**chosen, "rerank": {k: v for k, v in rr.items() if k != "dev"}}
            mrr, r1 = rr["dev"]["mrr"], rr["dev"]["r1"]
    from models.retrieval.aspect import choose_weight
    from models.retrieval.retriever import build_retriever

    weight, aspect_rows = choose_weight(build_retriever({**chosen, "accept_threshold": 0.0}, entries, out_dir).scorer,
                                        entries, split)
    if weight:
        chosen = {**chosen, "aspect": {"weight": weight, "dev": aspect_rows}}
    from models.retrieval.blend import BAND, choose_lexical_weight

    dense = build_retriever({**chosen, "accept_threshold": 0.0}, entries, out_dir).scorer
    floor = round(calibrate_scorer(dense, split).chosen.threshold, 4)  # the blend acts above it only
    weight, lexical_rows = choose_lexical_weight(dense, split.dev, floor=floor)
    if weight:
        chosen = {**chosen, "lexical": {"weight": weight, "band": BAND, "floor": floor, "dev": lexical_rows}}
    scorer = build_retriever({**chosen, "accept_threshold": 0.0}, entries, out_dir).scorer
    cal = calibrate_scorer(scorer, split)
    config = {**chosen, "split_seed": 0, "accept_threshold": round(cal.chosen.threshold, 4),
              "calibration": cal.chosen.row(), "dev_chosen": {"mrr": mrr, "r1": r1},
              "dev": [{**o[2], "mrr": round(o[0], 4), "r1": round(o[1], 4)} for o in options],
              "dev_rerank": [{k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items()}
                             for r in rerank_rows]}
    (out_dir / "served.json").write_text(json.dumps(config, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return config


def fresh_head_loss(data: TrainData, m: int, steps: int, seed: int = 0) -> tuple[float, float]:
    """(first, last) loss of a short run: a smoke test that training makes progress."""
    cfg = TrainConfig(m=m, steps=steps, seed=seed, batch_entries=16, lr=5e-3, grouped=False)
    _, losses = train_head(data, cfg)
    return losses[0], losses[-1]


__all__ = ["PolyHead", "calibrate_scorer", "kb_candidates", "train_and_save", "train_data"]
