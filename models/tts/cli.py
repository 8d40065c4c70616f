"""``silver-avatar train-tts``: train or fine-tune a JETS voice from a KSS-style corpus.

Example (GPU machine)::

    silver-avatar train-tts --corpus /data/kss --out voices/kss-jets --ngpu 1 --epochs 300

Then speak with it: ``{"tts": {"backend": "espnet", "model_dir": "voices/kss-jets/exp"}}``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

logger = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="silver-avatar train-tts", description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--corpus", type=Path, required=True, help="directory with wav files and transcript.txt (path|text)"
    )
    p.add_argument(
        "--out", type=Path, default=None, help="output directory (default: artifacts/tts/<corpus name>)"
    )
    p.add_argument(
        "--preset", choices=("base", "tiny"), default="base", help="model size (tiny: smoke tests)"
    )
    p.add_argument("--epochs", type=int, default=200)
    p.add_argument("--iters-per-epoch", type=int, default=None, help="default: one pass over the corpus")
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--sample-rate", type=int, default=22050)
    p.add_argument("--ngpu", type=int, default=None, help="default: 1 when CUDA is available, else 0")
    p.add_argument("--num-workers", type=int, default=2)
    p.add_argument("--valid-count", type=int, default=0, help="utterances held out for validation")
    p.add_argument("--init-model", type=Path, default=None, help="fine-tune from this .pth (same token list)")
    p.add_argument(
        "espnet_args", nargs="*", help="extra GANTTSTask arguments after --, e.g. -- --patience 10"
    )
    return p


def train_main(argv: list[str]) -> int:
    """Entry point of ``silver-avatar train-tts``; re-running the same command resumes training."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from models.tts._espnet_compat import espnet_available

    if not espnet_available():
        print(
            "train-tts needs the optional ESPnet extra: see docs/tts.md (pip install ...[tts])",
            file=sys.stderr,
        )
        return 2
    import torch

    from models.tts.train import CorpusError, TrainOptions, train, training_history

    ngpu = args.ngpu if args.ngpu is not None else int(torch.cuda.is_available())
    out = args.out or Path("artifacts") / "tts" / args.corpus.resolve().name
    opts = TrainOptions(
        corpus=args.corpus, out_dir=out, preset=args.preset, sample_rate=args.sample_rate, max_epoch=args.epochs,
        iters_per_epoch=args.iters_per_epoch, batch_size=args.batch_size, ngpu=ngpu, num_workers=args.num_workers,
        init_model=args.init_model, valid_count=args.valid_count, extra_args=list(args.espnet_args),
    )  # fmt: skip
    try:
        exp = train(opts)
    except CorpusError as exc:
        print(f"train-tts: {exc}", file=sys.stderr)
        return 2
    history = training_history(exp)
    if history:
        print(f"mel loss per epoch: first {history[0]:.2f}, last {history[-1]:.2f} ({len(history)} epochs)")
    print(f"voice ready: model_dir={exp}")
    print(f'use it with the TTS config {{"backend": "espnet", "model_dir": "{exp}"}}')
    return 0
