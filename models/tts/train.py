"""Train or fine-tune an ESPnet JETS voice from a KSS-style corpus, with ESPnet's own GAN-TTS task.

Steps (each resumable; files land in ``out_dir``):

1. ``prepare``: read the corpus (wav files + ``path|text`` transcript), normalize the text with
   ``normalize_ko`` (digits and symbols become Hangul), resample to ``sample_rate`` if needed, write a
   Kaldi-style data directory (``wav.scp``, ``text``, shape files) and a jamo token list.
2. ``collect_stats``: ``GANTTSTask`` in ``--collect_stats`` mode (feature / pitch / energy statistics).
3. ``train``: ``GANTTSTask`` training of ``tts: jets`` with ``--resume true`` (a restart continues
   from ``checkpoint.pth``); ``init_model`` fine-tunes from an existing ``.pth``.

The trained voice is ``out_dir/exp`` (``config.yaml`` + ``latest.pth``); point the synthesizer's
``model_dir`` at it.
"""

from __future__ import annotations

import logging
import math
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from models.tts._espnet_compat import install_espnet_compat
from models.tts.normalize_ko import normalize

logger = logging.getLogger(__name__)

#: Jamo tokens for ESPnet's ``korean_jaso`` g2p: 19 initials, 21 medials, 27 finals, plus punctuation.
JAMO_TOKENS = (
    [chr(c) for c in range(0x1100, 0x1113)]
    + [chr(c) for c in range(0x1161, 0x1176)]
    + [chr(c) for c in range(0x11A8, 0x11C3)]
)
PUNCT_TOKENS = [".", ",", "?", "!"]
TRANSCRIPT_NAMES = ("transcript.v.1.4.txt", "transcript.txt", "metadata.csv", "metadata.txt")


class CorpusError(ValueError):
    """The corpus directory has no usable transcript or audio."""


@dataclass
class TrainOptions:
    corpus: Path
    out_dir: Path
    preset: str = "base"  # "base": ESPnet's JETS recipe sizes; "tiny": for tests and smoke runs
    sample_rate: int = 22050
    max_epoch: int = 200
    iters_per_epoch: int | None = None  # None: one pass over the corpus per epoch
    batch_size: int = 16
    ngpu: int = 0
    num_workers: int = 2
    init_model: Path | None = None  # fine-tune from these weights (a .pth of a compatible JETS model)
    seed: int = 0
    valid_count: int = 0  # utterances held out for validation (0: reuse a few training ones)
    extra_args: list[str] = field(default_factory=list)  # passed to GANTTSTask as they are


def read_corpus(corpus: Path) -> list[tuple[str, Path, str]]:
    """``(utt_id, wav_path, text)`` from a KSS-style corpus.

    Transcript lines are ``relative/path.wav|text`` or KSS's ``path|original|expanded|jamo|seconds|en``
    (the expanded, number-free column is used when present).
    """
    corpus = Path(corpus)
    transcript = next((corpus / n for n in TRANSCRIPT_NAMES if (corpus / n).exists()), None)
    if transcript is None:
        raise CorpusError(f"no transcript ({' / '.join(TRANSCRIPT_NAMES)}) in {corpus}")
    items = []
    for lineno, line in enumerate(transcript.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        cols = line.split("|")
        if len(cols) < 2:
            raise CorpusError(f"{transcript}:{lineno}: expected 'path|text'")
        wav = corpus / cols[0].strip()
        if not wav.exists() and (corpus / "wavs" / cols[0].strip()).exists():
            wav = corpus / "wavs" / cols[0].strip()
        if not wav.exists():
            raise CorpusError(f"{transcript}:{lineno}: missing audio {wav}")
        text = (cols[2] if len(cols) >= 3 and cols[2].strip() else cols[1]).strip()
        uid = f"utt{len(items):06d}_" + "".join(c if c.isalnum() else "_" for c in Path(cols[0]).stem)
        items.append((uid, wav, text))
    if not items:
        raise CorpusError(f"{transcript} lists no utterances")
    return items


def prepare(opts: TrainOptions) -> Path:
    """Write the Kaldi-style data directory and token list; returns ``out_dir/data``."""
    import soundfile as sf
    from scipy.signal import resample_poly

    install_espnet_compat()
    from espnet2.text.build_tokenizer import build_tokenizer

    data = Path(opts.out_dir) / "data"
    wav_dir = data / "wav"
    wav_dir.mkdir(parents=True, exist_ok=True)
    tokenizer = build_tokenizer(token_type="phn", g2p_type="korean_jaso")
    rows = []
    for uid, wav, text in read_corpus(opts.corpus):
        spoken = normalize(text)
        out_wav = wav_dir / f"{uid}.wav"
        if not out_wav.exists():
            audio, sr = sf.read(wav, dtype="float32", always_2d=True)
            audio = audio.mean(axis=1)
            if sr != opts.sample_rate:
                g = math.gcd(sr, opts.sample_rate)
                audio = resample_poly(audio, opts.sample_rate // g, sr // g).astype(np.float32)
            sf.write(out_wav, np.clip(audio, -1, 1), opts.sample_rate, subtype="PCM_16")
        n_samples = sf.info(out_wav).frames
        n_tokens = len(tokenizer.text2tokens(spoken))
        rows.append((uid, out_wav.resolve(), spoken, n_samples, n_tokens))
    tokens = ["<blank>", "<unk>", "<space>", *JAMO_TOKENS, *PUNCT_TOKENS, "<sos/eos>"]
    (data / "tokens.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    n_valid = opts.valid_count if 0 < opts.valid_count < len(rows) else 0
    splits = {
        "train": rows[n_valid:] if n_valid else rows,
        "valid": rows[:n_valid] if n_valid else rows[: 1 if len(rows) < 20 else 4],
    }
    for name, split in splits.items():
        d = data / name
        d.mkdir(exist_ok=True)
        (d / "wav.scp").write_text("".join(f"{u} {w}\n" for u, w, _, _, _ in split), encoding="utf-8")
        (d / "text").write_text("".join(f"{u} {t}\n" for u, _, t, _, _ in split), encoding="utf-8")
        (d / "speech_shape").write_text("".join(f"{u} {n}\n" for u, _, _, n, _ in split), encoding="utf-8")
        (d / "text_shape.phn").write_text(
            "".join(f"{u} {k},{len(tokens)}\n" for u, _, _, _, k in split), encoding="utf-8"
        )
    logger.info("prepared %d utterances (%d train) in %s", len(rows), len(splits["train"]), data)
    return data


def _hop(opts: TrainOptions) -> tuple[int, int]:
    return (1024, 256)


def jets_config(opts: TrainOptions) -> dict:
    """The ESPnet training config (``--config`` YAML) for the chosen preset."""
    n_fft, hop = _hop(opts)
    fs = opts.sample_rate
    feats = {
        "n_fft": n_fft,
        "hop_length": hop,
        "win_length": None,
        "fs": fs,
        "fmin": 0,
        "fmax": None,
        "n_mels": 80,
    }
    gen: dict = {"generator_upsample_scales": [8, 8, 2, 2], "generator_upsample_kernel_sizes": [16, 16, 4, 4]}
    disc: dict = {}
    if opts.preset == "tiny":
        gen.update(
            adim=32, aheads=2, elayers=1, eunits=64, dlayers=1, dunits=64, duration_predictor_chans=32,
            energy_predictor_chans=32, pitch_predictor_chans=32, pitch_predictor_layers=2, generator_channels=32,
            generator_resblock_kernel_sizes=[3], generator_resblock_dilations=[[1, 3]], segment_size=16,
            encoder_type="transformer", decoder_type="transformer",
        )  # fmt: skip
        disc = {
            "scales": 1,
            "scale_discriminator_params": {"channels": 16, "max_downsample_channels": 64, "max_groups": 4,
                                           "kernel_sizes": [15, 41, 5, 3], "downsample_scales": [2, 2, 4, 4, 1]},
            "periods": [2, 3],
            "period_discriminator_params": {"channels": 8, "max_downsample_channels": 32,
                                            "kernel_sizes": [5, 3], "downsample_scales": [3, 3, 3, 3, 1]},
        }  # fmt: skip
    elif opts.preset == "base":
        gen.update(
            adim=256, aheads=2, elayers=4, eunits=1024, dlayers=4, dunits=1024, encoder_type="transformer",
            decoder_type="transformer", segment_size=64,
        )  # fmt: skip
    else:
        raise ValueError(f"unknown preset {opts.preset!r} (base, tiny)")
    tts_conf: dict = {
        "sampling_rate": fs,
        "generator_params": gen,
        "mel_loss_params": {"fs": fs, "n_fft": n_fft, "hop_length": hop, "win_length": None, "window": "hann",
                            "n_mels": 80, "fmin": 0, "fmax": None, "log_base": None},
        "lambda_adv": 1.0, "lambda_mel": 45.0, "lambda_feat_match": 2.0, "lambda_var": 1.0, "lambda_align": 2.0,
        "cache_generator_outputs": True,
    }  # fmt: skip
    if disc:
        tts_conf["discriminator_params"] = disc
    return {
        "tts": "jets",
        "tts_conf": tts_conf,
        "feats_extract": "fbank",
        "feats_extract_conf": feats,
        "pitch_extract": "dio",
        "pitch_extract_conf": {
            "fs": fs,
            "n_fft": n_fft,
            "hop_length": hop,
            "f0max": 400,
            "f0min": 80,
            "reduction_factor": 1,
            "use_token_averaged_f0": False,
        },
        "energy_extract": "energy",
        "energy_extract_conf": {
            "fs": fs,
            "n_fft": n_fft,
            "hop_length": hop,
            "win_length": None,
            "reduction_factor": 1,
            "use_token_averaged_energy": False,
        },
        "optim": "adamw",
        "optim_conf": {"lr": 2.0e-4, "betas": [0.8, 0.99], "eps": 1.0e-9, "weight_decay": 0.0},
        "scheduler": "exponentiallr",
        "scheduler_conf": {"gamma": 0.999875},
        "optim2": "adamw",
        "optim2_conf": {"lr": 2.0e-4, "betas": [0.8, 0.99], "eps": 1.0e-9, "weight_decay": 0.0},
        "scheduler2": "exponentiallr",
        "scheduler2_conf": {"gamma": 0.999875},
        "generator_first": True,
        "grad_clip": -1,
        "best_model_criterion": [["train", "generator_g_mel_loss", "min"]],
        "keep_nbest_models": 3,
    }


def _common_args(opts: TrainOptions, data: Path) -> list[str]:
    return [
        "--use_preprocessor", "true", "--token_type", "phn", "--token_list", str(data / "tokens.txt"),
        "--g2p", "korean_jaso", "--cleaner", "none",
        "--train_data_path_and_name_and_type", f"{data / 'train' / 'text'},text,text",
        "--train_data_path_and_name_and_type", f"{data / 'train' / 'wav.scp'},speech,sound",
        "--valid_data_path_and_name_and_type", f"{data / 'valid' / 'text'},text,text",
        "--valid_data_path_and_name_and_type", f"{data / 'valid' / 'wav.scp'},speech,sound",
        "--ngpu", str(opts.ngpu), "--num_workers", str(opts.num_workers), "--seed", str(opts.seed),
    ]  # fmt: skip


def collect_stats(opts: TrainOptions, data: Path) -> Path:
    """Run ``GANTTSTask --collect_stats`` once; returns the stats directory."""
    install_espnet_compat()
    from espnet2.tasks.gan_tts import GANTTSTask

    stats = Path(opts.out_dir) / "stats"
    if (stats / "train" / "feats_stats.npz").exists():
        return stats
    config = Path(opts.out_dir) / "stats_config.yaml"
    cfg = jets_config(opts)
    config.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    args = [
        "--config", str(config), *_common_args(opts, data), "--collect_stats", "true",
        "--train_shape_file", str(data / "train" / "wav.scp"), "--valid_shape_file", str(data / "valid" / "wav.scp"),
        "--output_dir", str(stats), "--batch_type", "unsorted", "--batch_size", "1",
    ]  # fmt: skip
    logger.info("collecting feature statistics into %s", stats)
    GANTTSTask.main(cmd=args)
    return stats


def train(opts: TrainOptions) -> Path:
    """Prepare, collect statistics and train; returns the experiment directory (the voice's model_dir)."""
    install_espnet_compat()
    from espnet2.tasks.gan_tts import GANTTSTask

    out = Path(opts.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = prepare(opts)
    stats = collect_stats(opts, data)
    exp = out / "exp"
    cfg = jets_config(opts)
    cfg.update(
        normalize="global_mvn", normalize_conf={"stats_file": str(stats / "train" / "feats_stats.npz")},
        pitch_normalize="global_mvn", pitch_normalize_conf={"stats_file": str(stats / "train" / "pitch_stats.npz")},
        energy_normalize="global_mvn", energy_normalize_conf={"stats_file": str(stats / "train" / "energy_stats.npz")},
    )  # fmt: skip
    config = out / "train_config.yaml"
    config.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    n_train = sum(1 for _ in (data / "train" / "wav.scp").open(encoding="utf-8"))
    iters = opts.iters_per_epoch or max(1, math.ceil(n_train / opts.batch_size))
    args = [
        "--config", str(config), *_common_args(opts, data),
        "--train_shape_file", str(data / "train" / "text_shape.phn"),
        "--train_shape_file", str(data / "train" / "speech_shape"),
        "--valid_shape_file", str(data / "valid" / "text_shape.phn"),
        "--valid_shape_file", str(data / "valid" / "speech_shape"),
        "--batch_type", "sorted", "--batch_size", str(opts.batch_size),
        "--max_epoch", str(opts.max_epoch), "--num_iters_per_epoch", str(iters),
        "--output_dir", str(exp), "--resume", "true", "--log_interval", "1", "--use_tensorboard", "false", "--num_att_plot", "0",
    ]  # fmt: skip
    if opts.init_model:
        args += ["--init_param", str(opts.init_model)]
    args += list(opts.extra_args)
    logger.info(
        "training JETS (%s preset): %d epochs x %d iterations -> %s", opts.preset, opts.max_epoch, iters, exp
    )
    GANTTSTask.main(cmd=args)
    _export(exp)
    return exp


def _export(exp: Path) -> None:
    """Leave ``latest.pth`` (weights of the last epoch) next to ``config.yaml`` for the synthesizer."""
    epochs = sorted(exp.glob("*epoch.pth"), key=lambda p: int("".join(c for c in p.stem if c.isdigit()) or 0))
    if not epochs:
        return
    latest = exp / "latest.pth"
    if latest.is_symlink() or latest.exists():
        latest.unlink()
    shutil.copyfile(epochs[-1], latest)


def training_history(exp: Path, key: str = "generator_g_mel_loss") -> list[float]:
    """Per-epoch mean of a training statistic, read from ESPnet's ``checkpoint.pth`` reporter."""
    import torch

    ckpt = torch.load(Path(exp) / "checkpoint.pth", map_location="cpu", weights_only=False)
    stats = ckpt["reporter"]["stats"]
    out = []
    for epoch in sorted(stats):
        value = stats[epoch].get("train", {}).get(key)
        if value is not None:
            out.append(float(value))
    return out
