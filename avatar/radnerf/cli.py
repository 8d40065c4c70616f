"""``silver-avatar train-radnerf``: preprocess a talking video and train a RAD-NeRF head on it."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="silver-avatar train-radnerf", description=__doc__)
    src = p.add_mutually_exclusive_group()
    src.add_argument("--video", help="talking video (1-5 min, one face, static camera and background)")
    src.add_argument("--frames-dir", help="folder of frames (*.png/*.jpg, 25 fps) plus one .wav")
    p.add_argument("--out", required=True, help="checkpoint directory (outside the repository)")
    p.add_argument("--size", type=int, default=256, help="training resolution (square)")
    p.add_argument("--audio", choices=("whisper", "logmel"), default="whisper", help="audio features")
    p.add_argument("--max-frames", type=int, default=None)
    p.add_argument("--head-steps", type=int, default=20_000)
    p.add_argument("--lip-steps", type=int, default=5_000)
    p.add_argument("--torso-steps", type=int, default=10_000)
    p.add_argument("--rays", type=int, default=4096, help="rays per step")
    p.add_argument("--num-steps", type=int, default=None, help="samples per ray (default from the config)")
    p.add_argument("--tiny", action="store_true", help="a tiny network (smoke runs on a CPU)")
    p.add_argument("--device", default="auto")
    p.add_argument("--resume", action="store_true", help="continue from the checkpoint in --out")
    p.add_argument("--eval-frames", type=int, default=None, help="cap on held-out frames rendered for PSNR")
    p.add_argument("--no-progress", action="store_true")
    return p


def train_main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    out = Path(args.out)
    data_path = out / "data.npz"
    from avatar.radnerf.config import RadNerfConfig, tiny_config
    from avatar.radnerf.data import ClipData
    from avatar.radnerf.model import RadNerf
    from avatar.radnerf.preprocess import PreprocessError, prepare_clip, read_folder, read_video
    from avatar.radnerf.train import Trainer, TrainOptions

    if data_path.exists() and (args.resume or not (args.video or args.frames_dir)):
        clip = ClipData.load(data_path)
        log.info("using prepared clip %s (%d frames)", data_path, clip.n_frames)
    elif args.video or args.frames_dir:
        try:
            raw = read_video(args.video, args.max_frames) if args.video else read_folder(args.frames_dir, args.max_frames)
            channels = 512 if args.audio == "whisper" else 16
            clip = prepare_clip(raw, args.size, args.audio, audio_channels=channels, progress=not args.no_progress)
        except (PreprocessError, FileNotFoundError) as err:
            print(f"train-radnerf: {err}", file=sys.stderr)
            return 2
        out.mkdir(parents=True, exist_ok=True)
        clip.save(data_path)
        log.info("prepared %d frames at %dx%d into %s", clip.n_frames, *clip.size, data_path)
    else:
        print("train-radnerf: give --video or --frames-dir (or --resume with a prepared --out)", file=sys.stderr)
        return 2

    w, h = clip.size
    shape = dict(height=h, width=w, intrinsics=tuple(float(v) for v in clip.intrinsics), audio_kind=clip.audio_kind,
                 audio_channels=int(clip.audio.shape[2]), audio_window=int(clip.audio.shape[1]))
    if args.num_steps:
        shape["num_steps"] = args.num_steps
    cfg = tiny_config(**shape) if args.tiny else RadNerfConfig(**shape)
    if args.resume and (out / "config.json").exists():
        cfg = RadNerfConfig.load(out / "config.json")
    options = TrainOptions(head_steps=args.head_steps, lip_steps=args.lip_steps, torso_steps=args.torso_steps,
                           rays=args.rays, progress=not args.no_progress, eval_frames=args.eval_frames,
                           ckpt_every=max(100, min(1000, (args.head_steps + args.lip_steps + args.torso_steps) // 10)))
    trainer = Trainer(RadNerf(cfg), clip, options, out, args.device)
    if args.resume:
        trainer.resume()
    log.info("training on %s: %d train / %d held-out frames, %d steps", trainer.device, len(trainer.train_idx),
             len(trainer.test_idx), options.total)
    report = trainer.run()
    print(json.dumps(report, indent=2))
    return 0
