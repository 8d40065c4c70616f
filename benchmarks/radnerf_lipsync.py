"""RAD-NeRF lip sync and blinks on the synthetic clip: does the rendered mouth follow the audio, do the
eyes close on cue?

    .venv/bin/python -m benchmarks.radnerf_lipsync --json artifacts/radnerf_lipsync.json          # CPU, 32x32
    .venv/bin/python -m benchmarks.radnerf_lipsync --size 512 --device cuda --steps 1500,300,300 \\
        --json artifacts/radnerf_lipsync_512.json

Trains head -> lips -> torso on ``avatar.radnerf.synthetic`` (a drawn face whose mouth height follows
a tone's loudness and whose eyes close on known frames), then renders every held-out frame (the last
10 %) from its own audio and eye state and measures, the same way on ground truth and render:

* ``mouth_open_r``: Pearson r between the known mouth openness (the tone's envelope) and the dark
  area of the rendered mouth region (``synthetic.mouth_openness``); ``mouth_open_r_gt`` is the same
  measure on the ground-truth frames (the ceiling).
* ``blink_contrast`` / ``blink_contrast_gt``: mean eye-region luminance of closed-eye minus open-eye
  held-out frames, rendered / ground truth.
* ``heldout_psnr_db`` (whole frame, torso included), ``train_s``, ``render_ms`` (median per frame).

A PNG puts ground truth (top) over rendered (bottom) held-out frames (``--png``, default: next to
the JSON).
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from avatar.radnerf.config import RadNerfConfig, tiny_config
from avatar.radnerf.data import ClipData
from avatar.radnerf.model import RadNerf
from avatar.radnerf.synthetic import eye_luminance, mouth_openness, synthetic_clip
from avatar.radnerf.train import Trainer, TrainOptions, pick_device
from benchmarks.stats import machine


def bench_config(clip: ClipData, **overrides) -> RadNerfConfig:
    """The small model the CPU benchmark and tests train: ``tiny_config`` at the clip's resolution,
    with the finest grid level matched to it."""
    w, h = clip.size
    base = dict(height=h, width=w, intrinsics=tuple(float(v) for v in clip.intrinsics),
                audio_channels=int(clip.audio.shape[2]), audio_window=int(clip.audio.shape[1]),
                grid_max_res=max(128, 4 * w))
    return tiny_config(**{**base, **overrides})


def _sync(dev: torch.device) -> None:
    if dev.type == "cuda":
        torch.cuda.synchronize()


def _pearson(a: np.ndarray, b: np.ndarray) -> float | None:
    if len(a) < 3 or float(np.std(a)) == 0 or float(np.std(b)) == 0:
        return 0.0 if len(a) >= 3 else None
    return float(np.corrcoef(a, b)[0, 1])


def lipsync_metrics(trainer: Trainer, env: np.ndarray, frames: np.ndarray | None = None) -> dict:
    """Render ``frames`` (default: the held-out ones) and measure mouth, eyes, PSNR and render time."""
    data = trainer.data
    idx = trainer.test_idx if frames is None else frames
    rendered, times = [], []
    for f in idx:
        _sync(trainer.device)
        t0 = time.perf_counter()
        img = trainer.render_frame(int(f))
        _sync(trainer.device)
        times.append(time.perf_counter() - t0)
        rendered.append(img)
    gt = [data.images[f] for f in idx]
    mouth = np.array([mouth_openness(img) for img in rendered])
    mouth_gt = np.array([mouth_openness(img) for img in gt])
    eyes = np.array([eye_luminance(img) for img in rendered])
    eyes_gt = np.array([eye_luminance(img) for img in gt])
    closed = data.eye[idx] > 0.5

    def contrast(lum: np.ndarray) -> float | None:
        if not closed.any() or closed.all():
            return None
        return float(lum[closed].mean() - lum[~closed].mean())

    mse = [float(np.mean((r - g.astype(np.float32) / 255) ** 2)) for r, g in zip(rendered, gt, strict=True)]
    return {
        "frames": [int(f) for f in idx],
        "mouth_open_r": _pearson(env[idx], mouth),
        "mouth_open_r_gt": _pearson(env[idx], mouth_gt),
        "mouth_area_rendered": [round(float(v), 5) for v in mouth],
        "mouth_area_gt": [round(float(v), 5) for v in mouth_gt],
        "blink_contrast": contrast(eyes),
        "blink_contrast_gt": contrast(eyes_gt),
        "closed_eye_frames": int(closed.sum()),
        "heldout_psnr_db": float(np.mean([10 * math.log10(1 / max(m, 1e-10)) for m in mse])),
        "render_ms": 1000 * float(np.median(times)),
        "images": rendered,
    }


def side_by_side(gt: list[np.ndarray], rendered: list[np.ndarray], path: str | Path, scale: int = 4) -> None:
    """Write a PNG: ground-truth frames on the top row, rendered frames below, nearest-neighbour upscaled."""
    import cv2

    def row(imgs: list[np.ndarray]) -> np.ndarray:
        tiles = [(img * 255).round().astype(np.uint8) if img.dtype != np.uint8 else img for img in imgs]
        gap = np.full((tiles[0].shape[0], 1, 3), 255, np.uint8)
        return np.concatenate([x for t in tiles for x in (t, gap)][:-1], axis=1)

    top, bottom = row(gt), row(rendered)
    sheet = np.concatenate([top, np.full((1, top.shape[1], 3), 255, np.uint8), bottom], axis=0)
    sheet = np.repeat(np.repeat(sheet, scale, 0), scale, 1)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), sheet[..., ::-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=32, help="training and render resolution")
    p.add_argument("--frames", type=int, default=200, help="clip length (last 10 %% held out, 2 blinks among them)")
    p.add_argument("--steps", default="800,200,150", help="head,lips,torso steps")
    p.add_argument("--rays", type=int, default=512)
    p.add_argument("--device", default="cpu", help="cpu, cuda or auto")
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads (the cores are shared)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", default="artifacts/radnerf_lipsync.json")
    p.add_argument("--png", default=None, help="side-by-side GT / rendered PNG (default: JSON path, .png)")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    dev = pick_device(args.device)
    head, lips, torso = (int(v) for v in args.steps.split(","))
    torch.manual_seed(args.seed)
    clip, env = synthetic_clip(args.frames, seed=args.seed, size=args.size)
    cfg = bench_config(clip)
    options = TrainOptions(head_steps=head, lip_steps=lips, torso_steps=torso, rays=args.rays, progress=False,
                           ckpt_every=10**9, seed=args.seed, occ_warmup=min(256, head // 2), occ_every=16)
    trainer = Trainer(RadNerf(cfg), clip, options, tempfile.mkdtemp(prefix="radnerf-lipsync-"), dev)
    t0 = time.perf_counter()
    while trainer.step < options.total:
        trainer.train_step()
    _sync(dev)
    train_s = time.perf_counter() - t0
    m = lipsync_metrics(trainer, env)
    png = Path(args.png) if args.png else Path(args.json).with_suffix(".png")
    side_by_side([clip.images[f] for f in m["frames"]], m.pop("images"), png)
    result = {
        "benchmark": "radnerf_lipsync",
        "date": time.strftime("%Y-%m-%d"),
        "device": torch.cuda.get_device_name(0) if dev.type == "cuda" else "cpu",
        "machine": machine(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "size": args.size,
        "clip_frames": args.frames,
        "steps": {"head": head, "lips": lips, "torso": torso},
        "rays_per_step": args.rays,
        "samples_per_ray": cfg.num_steps,
        "train_s": round(train_s, 1),
        **{k: (round(v, 4) if isinstance(v, float) else v) for k, v in m.items()},
        "png": str(png),
    }
    text = json.dumps(result, indent=2)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(text)
    print(json.dumps({k: v for k, v in result.items() if not isinstance(v, list)}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
