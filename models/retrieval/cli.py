"""``silver-avatar train-retriever`` and ``silver-avatar eval-retrieval``."""

from __future__ import annotations

import argparse
import fnmatch
import json
import logging
import time
from pathlib import Path

import numpy as np
import torch

from models.knowledge import default_entries
from models.retrieval.encoder import load_encoder
from models.retrieval.evaluate import outcome, rank_metrics, story_examples, top1
from models.retrieval.index import Candidates
from models.retrieval.methods import BiEncoderScorer, LexicalScorer, PolyScorer, Scorer
from models.retrieval.poly import load_head
from models.retrieval.retriever import SERVED_CONFIG, WEIGHTS_DIR, read_served_config
from models.retrieval.split import (
    Split,
    distractor_answers,
    distractor_candidates,
    heldout_judgements,
    ood_split,
    split_entries,
)

log = logging.getLogger(__name__)


def train_main(argv: list[str]) -> int:
    from models.retrieval.train import train_and_save

    p = argparse.ArgumentParser(prog="silver-avatar train-retriever", description=__doc__)
    p.add_argument("--m", type=int, nargs="*", default=[4, 16, 64],
                   help="numbers of poly codes to train (none given: no poly heads are trained or considered)")
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--agg", choices=["max", "centroid"], default="max")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--out-dir", type=Path, default=WEIGHTS_DIR)
    p.add_argument("--reuse-heads", action="store_true",
                   help="load the poly heads saved in --out-dir instead of training them again (training is "
                        "seeded and deterministic); missing ones are trained")
    p.add_argument("--lora-layers", type=int, default=0,
                   help="also fine-tune LoRA adapters on e5's top N layers (0: none; see finetune.py)")
    p.add_argument("--head-steps", type=int, default=400,
                   help="steps of the pooled query head (qhead.py; 0: do not train or consider it)")
    p.add_argument("--head-augment", type=int, default=2,
                   help="spoken-style variants per training text as extra query-head training queries (augment.py)")
    p.add_argument("--head-story", type=int, default=1,
                   help="story-preamble variants per training text as extra query-head training queries (augment.py)")
    p.add_argument("--said-share", type=float, default=0.5,
                   help="share of query-head steps that train on questions seniors said (said.py; 0: none)")
    p.add_argument("--unsaid-share", type=float, default=0.15,
                   help="share of query-head steps that train 'no entry' on out-of-domain things said (0: none)")
    p.add_argument("--rerank-steps", type=int, default=300,
                   help="steps of the trained cross-encoder reranker (rerank.py; 0: do not train or consider it)")
    p.add_argument("--rerank-layers", type=int, default=2, help="e5 top layers the reranker reads the pair jointly in")
    p.add_argument("--lora-rank", type=int, default=8)
    p.add_argument("--lora-steps", type=int, default=150)
    p.add_argument("--lora-lr", type=float, default=1e-3)
    p.add_argument("--new-scale", action="store_true",
                   help="serve the new head's own calibrated threshold and score scale instead of mapping its "
                        "scores onto the served retriever's (scale.py; the engine's bands were tuned on that)")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    torch.set_num_threads(args.threads)
    entries = default_entries()
    split = split_entries(entries)
    t0 = time.perf_counter()
    scale = None if args.new_scale or not SERVED_CONFIG.exists() else served_scale(split)
    from models.retrieval.finetune import FinetuneConfig

    lora = (FinetuneConfig(n_layers=args.lora_layers, rank=args.lora_rank, steps=args.lora_steps, lr=args.lora_lr,
                           seed=args.seed) if args.lora_layers > 0 else None)
    from models.retrieval.qhead import HeadConfig

    qcfg = (HeadConfig(steps=args.head_steps, seed=args.seed, augment=args.head_augment, story=args.head_story,
                       said_share=args.said_share, unsaid_share=args.unsaid_share)
            if args.head_steps > 0 else None)
    from models.retrieval.rerank import RerankConfig

    rcfg = (RerankConfig(steps=args.rerank_steps, joint_layers=args.rerank_layers, seed=args.seed)
            if args.rerank_steps > 0 else None)
    config = train_and_save(load_encoder(), entries, split, args.m, args.out_dir, args.steps, args.seed, args.agg,
                            lora=lora, reuse_heads=args.reuse_heads, query_head=qcfg, rerank=rcfg)
    if scale is not None:
        from models.retrieval.scale import keep_scale

        queries, reference, threshold = scale
        config = keep_scale(config, args.out_dir, queries, reference, threshold,
                            f"top-1 scores of the served retriever and this one over the same {len(queries)} queries "
                            f"(dev paraphrases, the OOD calibration half, the intent and scope corpora), "
                            f"{time.strftime('%Y-%m-%d')}")
        (args.out_dir / "served.json").write_text(json.dumps(config, indent=1, ensure_ascii=False) + "\n",
                                                  encoding="utf-8")
    print(json.dumps(config, indent=1, ensure_ascii=False))
    print(f"trained on {len(entries)} entries in {time.perf_counter() - t0:.0f} s -> {args.out_dir}")
    return 0


def served_scale(split: Split) -> tuple[list[str], np.ndarray, float]:
    """The calibration queries, the served retriever's top-1 scores over them and its threshold,
    read before training may overwrite its weights."""
    from models.retrieval.retriever import build_retriever
    from models.retrieval.scale import calibration_queries, top1_scores

    served = build_retriever(read_served_config())
    queries = calibration_queries([ex.text for ex in split.dev], ood_split()[0])
    return queries, top1_scores(served.scores, queries), served.accept_threshold


def _dev_weight(served: dict, **match: object) -> float:
    """The dev-chosen answer weight of a configuration in ``served.json``'s dev table (0 if absent)."""
    rows = [r for r in served.get("dev", []) if isinstance(r, dict) and all(r.get(k) == v for k, v in match.items())]
    return max(rows, key=lambda r: (r["mrr"], r["r1"]))["answer_weight"] if rows else 0.0


def eval_scorers(cands: Candidates, methods: list[str], agg: str, answers: tuple[str, ...],
                 entries: tuple = (), train: dict | None = None) -> list[Scorer]:
    """Every compared method; answer-fusion weights are the ones chosen on dev (``served.json``)."""
    from models.retrieval.finetune import TunedEncoder, load_tuned
    from models.retrieval.methods import TunedScorer

    enc = load_encoder()
    served = read_served_config()
    out: list[Scorer] = []
    for meth in methods:
        if meth == "lexical":
            out += [LexicalScorer(cands, "max"), LexicalScorer(cands, "concat")]
        elif meth == "biencoder":
            out += [BiEncoderScorer(enc, cands, "max"), BiEncoderScorer(enc, cands, "centroid")]
            for tagg in ("max", "centroid"):
                w = _dev_weight(served, method="tuned", adapter=None, agg=tagg)
                if w:
                    out.append(TunedScorer(TunedEncoder(enc, None), cands, answers, tagg, w))
        elif meth.startswith("poly"):
            for path in sorted(WEIGHTS_DIR.glob("poly_m*.npz"), key=lambda p: int(p.stem[6:])):
                head, meta = load_head(path)
                out.append(PolyScorer(enc, cands, head, meta.get("agg", agg)))
            for path in sorted(WEIGHTS_DIR.glob("poly_m*.npz"), key=lambda p: int(p.stem[6:])):
                w = _dev_weight(served, method="poly", head=path.name)
                if w:
                    head, meta = load_head(path)
                    out.append(PolyScorer(enc, cands, head, meta.get("agg", agg), answers, w))
        elif meth == "head":
            from models.retrieval.methods import HeadScorer
            from models.retrieval.qhead import load_query_head
            from models.retrieval.retriever import fast_query_encoder

            for path in sorted(WEIGHTS_DIR.glob("query_head*.npz")):
                qhead, _ = load_query_head(path)
                w = _dev_weight(served, method="head", head=path.name)
                out.append(HeadScorer(fast_query_encoder(), cands, qhead, answers, w))
        elif meth == "tuned":
            for path in sorted(WEIGHTS_DIR.glob("lora_*.npz")):
                tuned = load_tuned(enc, path)
                for tagg in ("max", "centroid"):
                    w = _dev_weight(served, method="tuned", adapter=path.name, agg=tagg)
                    out.append(TunedScorer(tuned, cands, answers, tagg, w))
        elif meth == "cross":
            from models.retrieval.cross import cross_reranker

            out.append(cross_reranker(enc, cands, answers=answers))
        elif meth == "rerank":
            out += trained_rerankers(served, cands, answers)
        elif meth in ("aspect", "blend") and served.get("aspect") and train is not None:
            from models.retrieval.aspect import with_aspect
            from models.retrieval.retriever import build_scorer

            scorer = with_aspect(build_scorer(served, cands, answers), float(served["aspect"]["weight"]), entries, train)
            if meth == "blend" and served.get("lexical"):  # as served: the aspect prior, then the lexical blend
                from models.retrieval.blend import with_lexical

                scorer = with_lexical(scorer, served["lexical"])
            out.append(scorer)
    return out


def trained_rerankers(served: dict, cands: Candidates, answers: tuple[str, ...]) -> list[Scorer]:
    """The trained cross-encoder reranker over the served first stage's top-k, over ``cands``:
    as served when it is, else with the weight dev scored best (``served.json``'s ``dev_rerank``);
    rescoring every query (and also as served when it is served with a margin)."""
    from models.retrieval.retriever import build_scorer
    from models.retrieval.train import RERANK_FILE

    rr = served.get("rerank")
    if rr is None:
        rows = [r for r in served.get("dev_rerank", []) if r.get("margin") is None]
        if not rows or not (WEIGHTS_DIR / RERANK_FILE).exists():
            return []
        best = max(rows, key=lambda r: (r["mrr"], r["r1"]))
        rr = {"file": RERANK_FILE, "k": best.get("k", 5), "weight": best["weight"], "margin": None}
    out = [build_scorer({**served, "rerank": {**rr, "margin": None}}, cands, answers)]
    if rr.get("margin") is not None:
        out.append(build_scorer({**served, "rerank": rr}, cands, answers))
    return out


def eval_main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="silver-avatar eval-retrieval", description=__doc__)
    p.add_argument("--candidates", type=int, default=1000, help="index size: KB entries + distractors")
    p.add_argument("--methods", nargs="+",
                   default=["lexical", "biencoder", "poly", "head", "tuned", "cross", "rerank", "aspect", "blend"])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--every", type=int, default=1,
                   help="use every N-th test query only (a quick latency re-run; accuracy needs all)")
    p.add_argument("--json", type=Path, default=Path("artifacts/retrieval_eval.json"))
    p.add_argument("--query-files", nargs="+", default=None, metavar="GLOB",
                   help="test (and refusal) queries only of entries from KB files matching a glob, e.g. 'c_*.toml' "
                        "(the index always holds every entry)")
    p.add_argument("--skip-query-files", nargs="+", default=None, metavar="GLOB",
                   help="leave out test queries of entries from KB files matching a glob")
    p.add_argument("--story", action="store_true",
                   help="also rank every test query said after a life story (evaluate.EVAL_STORIES): how much a "
                        "long preamble costs each method")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    torch.set_num_threads(args.threads)
    entries = default_entries()
    split = query_subset(split_entries(entries), entries, args.query_files, args.skip_query_files)
    groups = [(e.id, split.train[e.id]) for e in entries]
    n_pad = max(0, args.candidates - len(groups))
    distractors = list(distractor_candidates(n_pad, frozenset(e.topic for e in entries)))
    if len(distractors) < n_pad:
        log.warning("only %d distractors available, index has %d candidates", len(distractors),
                    len(groups) + len(distractors))
    cands = Candidates.build(groups + distractors)
    answers = tuple(e.answer for e in entries) + distractor_answers(distractors, frozenset(e.topic for e in entries))
    rows = []
    print(f"{len(entries)} entries, {len(split.test)} held-out test paraphrases, {len(cands.ids)} candidates "
          f"({len(distractors)} distractors)")
    judged = heldout_judgements()
    print(f"{'method':<36} {'R@1':>6} {'R@5':>6} {'MRR':>6} {'p50 ms':>7} {'p95 ms':>7} {'judged ok@1':>11}")
    for scorer in eval_scorers(cands, args.methods, "max", answers, entries, split.train):
        r = rank_metrics(scorer, split.test[:: args.every], judged)
        rows.append(r.row())
        ok = "-" if r.acceptable_at_1 is None else f"{r.acceptable_at_1:.3f}"
        print(f"{r.method:<36} {r.r1:6.3f} {r.r5:6.3f} {r.mrr:6.3f} {r.p50_ms:7.1f} {r.p95_ms:7.1f} {ok:>11}")
        if args.story:
            s = rank_metrics(scorer, story_examples(split.test[:: args.every]))
            s.method = f"{s.method} [after a story]"
            rows.append(s.row())
            print(f"{s.method:<36} {s.r1:6.3f} {s.r5:6.3f} {s.mrr:6.3f} {s.p50_ms:7.1f} {s.p95_ms:7.1f} {'-':>11}")
    served = read_served_config()
    refusal = served_refusal(split, served)
    print("served refusal (test paraphrases + held-out OOD half, KB-only index): "
          + json.dumps({k: v for k, v in refusal.items() if k != "tradeoff"}, ensure_ascii=False))
    print(f"{'threshold':>9} {'in-KB right':>11} {'in-KB wrong':>11} {'refused':>8} {'OOD accepted':>12}")
    for row in refusal["tradeoff"]:
        print(f"{row['threshold']:9.3f} {row['in_kb_correct']:11.3f} {row['in_kb_wrong']:11.3f} "
              f"{row['in_kb_refused']:8.3f} {row['ood_false_accept']:12.3f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    report = {"entries": len(entries), "test_queries": len(split.test), "query_files": args.query_files,
              "skip_query_files": args.skip_query_files, "candidates": len(cands.ids),
              "distractors": len(distractors), "threads": args.threads, "results": rows,
              "served": {k: v for k, v in served.items() if k != "dev"}, "refusal": refusal}
    args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {args.json}")
    return 0


def query_subset(split: Split, entries, include: list[str] | None, exclude: list[str] | None) -> Split:
    """``split`` with its dev/test queries limited to entries whose KB file matches a glob of
    ``include`` (all if None) and none of ``exclude``; the train texts (the index) are kept whole."""
    if include is None and exclude is None:
        return split
    keep = {e.id for e in entries
            if (include is None or any(fnmatch.fnmatch(e.source_file, g) for g in include))
            and not any(fnmatch.fnmatch(e.source_file, g) for g in exclude or ())}
    return Split(train=split.train, dev=tuple(ex for ex in split.dev if ex.entry_id in keep),
                 test=tuple(ex for ex in split.test if ex.entry_id in keep))


def served_refusal(split, served: dict) -> dict:
    """The served config's threshold applied to the test paraphrases and the report half of OOD."""
    from models.retrieval.retriever import build_retriever

    r = build_retriever(served)
    _, ood_rep = ood_split()
    ids, scores = top1(r.scorer, [ex.text for ex in split.test])
    ok = np.asarray([i == ex.entry_id for i, ex in zip(ids, split.test, strict=True)])
    _, ood_scores = top1(r.scorer, list(ood_rep))
    if r.score_map is not None:  # the threshold is on the engine's scale
        scores, ood_scores = r.score_map(scores), r.score_map(ood_scores)
    o = outcome(r.accept_threshold, ok, scores, ood_scores).row()
    o["n_in_kb"], o["n_ood"] = len(ok), len(ood_scores)
    th = r.accept_threshold  # the grid follows the score scale (answer fusion shifts it)
    grid = sorted({round(float(t), 2) for t in np.arange(th - 0.25, th + 0.26, 0.05)} | {round(th, 4)})
    o["tradeoff"] = [outcome(t, ok, scores, ood_scores).row() for t in grid]
    return o
