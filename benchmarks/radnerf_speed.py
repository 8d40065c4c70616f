"""RAD-NeRF rendering speed: ms per frame at a given resolution on whatever device is present.

    .venv/bin/python -m benchmarks.radnerf_speed --size 128 --frames 5 --json artifacts/radnerf_speed.json
    .venv/bin/python -m benchmarks.radnerf_speed --checkpoint ckpt/ --size 512   # a trained model

Without a checkpoint the model is freshly initialised with its occupancy grid unmeasured, so every
sample along every ray is evaluated: the worst case (a trained head skips most of the box).
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np
import torch

from avatar.radnerf.config import RadNerfConfig
from avatar.radnerf.encoding import fuse_hash_grids
from avatar.radnerf.model import RadNerf
from avatar.radnerf.render import render_image
from avatar.radnerf.train import load_checkpoint, pick_device


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--checkpoint", default=None)
    p.add_argument("--size", type=int, default=128, help="render resolution (without --checkpoint)")
    p.add_argument("--num-steps", type=int, default=None, help="samples per ray (default: the config's)")
    p.add_argument("--frames", type=int, default=5)
    p.add_argument("--device", default="auto")
    p.add_argument("--json", default="artifacts/radnerf_speed.json")
    p.add_argument("--fuse", action="store_true", help="compile the hash-grid lookups (torch.compile) first")
    p.add_argument("--profile", action="store_true", help="print the 15 costliest operators of one frame")
    args = p.parse_args(argv)
    dev = pick_device(args.device)
    if dev.type == "cpu":
        torch.set_num_threads(max(1, torch.get_num_threads()))
    if args.checkpoint:
        model, poses = load_checkpoint(args.checkpoint, dev)
        pose = torch.from_numpy(poses[0]).to(dev)
        occupied = model.occupancy.fraction_occupied()
    else:
        s = args.size
        cfg = RadNerfConfig(height=s, width=s, intrinsics=(1.2 * s, 1.2 * s, s / 2, s / 2), audio_kind="logmel",
                            audio_channels=16)
        model = RadNerf(cfg).to(dev).eval()
        pose = torch.eye(4, device=dev)
        pose[2, 3] = -3.0
        occupied = 1.0
    if args.num_steps:
        model.cfg.num_steps = args.num_steps
    cfg = model.cfg
    code = torch.zeros(1, cfg.audio_dim, device=dev)
    if args.fuse:
        fuse_hash_grids(model)
    render_image(model, pose, code, 0.0)  # warm-up (and compile)
    if args.profile:
        _profile(model, pose, code, dev)
    times = render_times(model, pose, torch.randn(args.frames, cfg.audio_dim, device=dev) * 0.1, dev)
    ms = 1000 * float(np.median(times))
    result = {
        "device": torch.cuda.get_device_name(0) if dev.type == "cuda" else f"cpu ({platform.processor() or 'unknown'}, "
                                                                               f"{torch.get_num_threads()} threads)",
        "resolution": [cfg.width, cfg.height],
        "samples_per_ray": cfg.num_steps,
        "occupied_fraction": occupied,
        "checkpoint": args.checkpoint,
        "frames": args.frames,
        "ms_per_frame_median": round(ms, 1),
        "ms_per_frame_all": [round(1000 * t, 1) for t in times],
        "fps": round(1000 / ms, 2),
        "peak_gpu_mem_mb": round(torch.cuda.max_memory_allocated() / 2**20) if dev.type == "cuda" else None,
        "fused": args.fuse,
        "torch": torch.__version__,
    }
    print(json.dumps(result, indent=2))
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    return 0


def sync(dev: torch.device) -> None:
    """Wait for the device's queued work (CUDA runs asynchronously), so that wall time measures it."""
    if dev.type == "cuda":
        torch.cuda.synchronize()


def render_times(model: RadNerf, pose: torch.Tensor, codes: torch.Tensor, dev: torch.device) -> list[float]:
    """Seconds per full-frame render, one per audio code in ``codes`` (K, audio_dim), eyes alternately
    open and closed; the caller warms the model up first."""
    times = []
    for i, code in enumerate(codes):
        sync(dev)
        t0 = time.perf_counter()
        render_image(model, pose, code[None], float(i % 2))
        sync(dev)
        times.append(time.perf_counter() - t0)
    return times


def _profile(model: RadNerf, pose: torch.Tensor, code: torch.Tensor, dev: torch.device) -> None:
    from torch.profiler import ProfilerActivity, profile

    acts = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if dev.type == "cuda" else [])
    with profile(activities=acts) as prof:
        render_image(model, pose, code, 0.0)
        sync(dev)
    key = "cuda_time_total" if dev.type == "cuda" else "cpu_time_total"
    print(prof.key_averages().table(sort_by=key, row_limit=15, max_name_column_width=40))


if __name__ == "__main__":
    raise SystemExit(main())
