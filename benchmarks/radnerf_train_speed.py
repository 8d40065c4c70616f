"""RAD-NeRF training speed, held-out PSNR and the trained model's rendering speed on the synthetic clip.

    python -m benchmarks.radnerf_train_speed --size 512 --head-steps 1500 --lip-steps 300 --torso-steps 500 \\
        --device cuda --json artifacts/radnerf_train_512.json

The clip (``avatar.radnerf.synthetic``) is a drawn face, not a person: the PSNR shows that training
converges, the timings show what a stage costs per step on this device. A real clip costs the same per
step at the same resolution and ray count; it needs more steps.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from avatar.radnerf.config import RadNerfConfig
from avatar.radnerf.encoding import fuse_hash_grids
from avatar.radnerf.model import RadNerf
from avatar.radnerf.render import render_image
from avatar.radnerf.synthetic import synthetic_clip
from avatar.radnerf.train import Trainer, TrainOptions, pick_device
from benchmarks.radnerf_speed import render_times, sync


def _render_ms(model: RadNerf, clip, trainer: Trainer, dev: torch.device, frames: int) -> float:
    """Median ms per frame over ``frames`` renders of held-in audio codes, after one warm-up render."""
    pose = torch.from_numpy(clip.poses[0]).to(dev)
    codes = trainer.audio_code(np.arange(min(clip.n_frames, frames + 1)))
    render_image(model, pose, codes[:1], 0.0)
    times = render_times(model, pose, codes[torch.arange(frames, device=codes.device) % len(codes)], dev)
    return 1000 * float(np.median(times))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=128)
    p.add_argument("--frames", type=int, default=100, help="frames in the synthetic clip (10 %% held out)")
    p.add_argument("--head-steps", type=int, default=300)
    p.add_argument("--lip-steps", type=int, default=100)
    p.add_argument("--torso-steps", type=int, default=100)
    p.add_argument("--rays", type=int, default=4096)
    p.add_argument("--render-frames", type=int, default=20, help="frames timed with the trained model")
    p.add_argument("--fuse", action="store_true", help="also time the trained model with compiled hash grids")
    p.add_argument("--device", default="auto")
    p.add_argument("--out", default=None, help="checkpoint folder (default: a temporary one)")
    p.add_argument("--json", default="artifacts/radnerf_train_speed.json")
    args = p.parse_args(argv)
    dev = pick_device(args.device)
    clip, _ = synthetic_clip(args.frames, size=args.size)
    w, h = clip.size
    cfg = RadNerfConfig(height=h, width=w, intrinsics=tuple(float(v) for v in clip.intrinsics),
                        audio_kind=clip.audio_kind, audio_channels=int(clip.audio.shape[2]),
                        audio_window=int(clip.audio.shape[1]))
    options = TrainOptions(head_steps=args.head_steps, lip_steps=args.lip_steps, torso_steps=args.torso_steps,
                           rays=args.rays, progress=False, ckpt_every=10**9, eval_frames=5)
    out = Path(args.out or tempfile.mkdtemp(prefix="radnerf-bench-"))
    trainer = Trainer(RadNerf(cfg), clip, options, out, dev)
    per_stage: dict[str, list[float]] = {"head": [], "lips": [], "torso": []}
    t_start = time.perf_counter()
    while trainer.step < options.total:
        stage = options.stage_at(trainer.step)
        sync(dev)
        t0 = time.perf_counter()
        trainer.train_step()
        sync(dev)
        per_stage[stage].append(time.perf_counter() - t0)
    train_s = time.perf_counter() - t_start
    report = trainer.evaluate(options.eval_frames)
    trainer.save()

    model = trainer.model.eval()
    with torch.no_grad():
        render_ms = _render_ms(model, clip, trainer, dev, args.render_frames)
        fused_ms = None
        if args.fuse:
            fuse_hash_grids(model)
            fused_ms = _render_ms(model, clip, trainer, dev, args.render_frames)
    result = {
        "device": torch.cuda.get_device_name(0) if dev.type == "cuda" else "cpu",
        "torch": torch.__version__,
        "resolution": [w, h],
        "rays_per_step": args.rays,
        "samples_per_ray": cfg.num_steps,
        "steps": {k: len(v) for k, v in per_stage.items()},
        "ms_per_step_median": {k: round(1000 * float(np.median(v)), 1) for k, v in per_stage.items() if v},
        "train_wall_s": round(train_s, 1),
        "heldout_psnr_db": round(report["heldout_psnr"], 2) if report["heldout_psnr"] is not None else None,
        "occupied_fraction": round(float(model.occupancy.fraction_occupied()), 4),
        "trained_render_ms_median": round(render_ms, 1),
        "trained_render_fps": round(1000 / render_ms, 1),
        "trained_fused_render_ms_median": round(fused_ms, 1) if fused_ms else None,
        "trained_fused_render_fps": round(1000 / fused_ms, 1) if fused_ms else None,
        "peak_gpu_mem_mb": round(torch.cuda.max_memory_allocated() / 2**20) if dev.type == "cuda" else None,
        "checkpoint": str(out),
    }
    print(json.dumps(result, indent=2))
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
