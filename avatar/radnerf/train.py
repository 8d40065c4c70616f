"""Training: head, then lip fine-tuning, then torso; checkpoints, resume, held-out PSNR.

One step = one training frame (its audio condition) and a batch of its pixels, as in RAD-NeRF.

* head: the GT image's non-head pixels (torso + background) are the background the head is
  composited on, so the head field only has to explain the head.
* lips: the same loss with most rays drawn inside the mouth box, fine-tuning the audio path.
* torso: the head is frozen; the 2D torso field is composited between head and background and
  learns the whole image, with its alpha nudged towards the torso mask.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from tqdm import tqdm

from avatar.radnerf.config import RadNerfConfig
from avatar.radnerf.data import ClipData
from avatar.radnerf.features import smoothing_windows
from avatar.radnerf.model import RadNerf
from avatar.radnerf.render import camera_rays, composite, march_head, render_image

log = logging.getLogger(__name__)

STAGES = ("head", "lips", "torso")


@dataclass
class TrainOptions:
    head_steps: int = 20_000
    lip_steps: int = 5_000
    torso_steps: int = 10_000
    rays: int = 4096
    lr_grid: float = 1e-2
    lr_net: float = 5e-3
    lr_audio: float = 2e-3  # audio encoder + smoother: at 5e-3 their codes blew up or collapsed in some runs
    occ_every: int = 16
    occ_warmup: int = 256
    ckpt_every: int = 1000
    ambient_weight: float = 0.0  # L1 on the ambient coordinates; see docs/radnerf.md before raising it
    alpha_weight: float = 0.1
    lip_fraction: float = 0.5
    dynamic_fraction: float = 0.25  # rays drawn where the training frames change most (mouth, eyes)
    balance_eye: bool = True  # draw frames so that rare eye states (blinks) come up as often as open eyes
    seed: int = 0
    progress: bool = True
    eval_frames: int | None = None  # cap on held-out frames rendered for the PSNR report

    def stage_at(self, step: int) -> str:
        if step < self.head_steps:
            return "head"
        if step < self.head_steps + self.lip_steps:
            return "lips"
        return "torso"

    def lr_factor(self, step: int) -> float:
        """Learning-rate factor: x0.1 over head + lips; the torso (new parameters) starts again at 1."""
        face = self.head_steps + self.lip_steps
        if step < face or self.torso_steps == 0:
            return 0.1 ** min(step / max(face, 1), 1.0)
        return 0.1 ** min((step - face) / self.torso_steps, 1.0)

    @property
    def total(self) -> int:
        return self.head_steps + self.lip_steps + self.torso_steps


def pick_device(device: str = "auto") -> torch.device:
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(device)


class Trainer:
    def __init__(self, model: RadNerf, data: ClipData, options: TrainOptions, out_dir: str | Path,
                 device: str | torch.device = "auto") -> None:
        self.device = pick_device(device) if isinstance(device, str) else device
        self.model = model.to(self.device)
        self.data, self.opt, self.out = data, options, Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self.train_idx, self.test_idx = data.split()
        self.step = 0
        self.gen = np.random.default_rng(options.seed)
        torch.manual_seed(options.seed)
        grids = [p for n, p in model.named_parameters() if n.endswith("table")]
        audio = [p for n, p in model.named_parameters() if n.startswith(("audio_encoder.", "smoother."))]
        nets = [p for n, p in model.named_parameters()
                if not n.endswith("table") and not n.startswith(("audio_encoder.", "smoother."))]
        self.optim = torch.optim.Adam(
            [{"params": grids, "lr": options.lr_grid}, {"params": nets, "lr": options.lr_net},
             {"params": audio, "lr": options.lr_audio}], eps=1e-15
        )
        self.sched = torch.optim.lr_scheduler.LambdaLR(self.optim, lambda s: options.lr_factor(s))
        self.model.background.copy_(torch.from_numpy(data.background).float().div(255))
        self.model.audio_encoder.set_stats(torch.from_numpy(data.audio[self.train_idx]).to(self.device))
        self._smooth = smoothing_windows(data.n_frames, model.cfg.smooth_window)
        self._poses = torch.from_numpy(data.poses).float().to(self.device)
        self._dynamic = dynamic_pixels(data.images[self.train_idx])
        self._frame_p = eye_balanced_weights(data.eye[self.train_idx]) if options.balance_eye else None

    # -- one frame's inputs -------------------------------------------------------------------
    def audio_code(self, frames: np.ndarray) -> torch.Tensor:
        windows = torch.from_numpy(self.data.audio[self._smooth[frames]]).to(self.device)  # (B, W, K, C)
        return self.model.audio_code(windows)

    def _sample_pixels(self, f: int, stage: str) -> torch.Tensor:
        h, w = self.data.images.shape[1:3]
        n = self.opt.rays
        xs, ys = np.zeros(0, np.int64), np.zeros(0, np.int64)
        if stage == "lips":  # a share in the mouth box; the rest as in the head stage (eyes keep their rays)
            x0, y0, x1, y1 = (int(v) for v in self.data.lip_boxes[f])
            n_lip = int(n * self.opt.lip_fraction)
            xs = self.gen.integers(x0, max(x1, x0 + 1), n_lip)
            ys = self.gen.integers(y0, max(y1, y0 + 1), n_lip)
        # a share where the frames change, half the rest on the head, the rest anywhere
        n_dyn = int((n - len(xs)) * self.opt.dynamic_fraction)
        flat = self.gen.choice(h * w, size=n_dyn, p=self._dynamic)
        ys_h, xs_h = np.nonzero(self.data.head_masks[f])
        n_head = (n - len(xs) - n_dyn) // 2 if len(xs_h) else 0
        pick = self.gen.integers(0, max(len(xs_h), 1), n_head)
        xs = np.concatenate([xs, flat % w, xs_h[pick]])
        ys = np.concatenate([ys, flat // w, ys_h[pick]])
        n_in = len(xs)
        xs = np.concatenate([xs, self.gen.integers(0, w, n - n_in)])
        ys = np.concatenate([ys, self.gen.integers(0, h, n - n_in)])
        return torch.from_numpy(np.stack([xs, ys], -1)).long()

    def _pixels(self, array: np.ndarray, pix: torch.Tensor) -> torch.Tensor:
        vals = array[pix[:, 1].numpy(), pix[:, 0].numpy()]
        t = torch.from_numpy(np.ascontiguousarray(vals)).to(self.device)
        return t.float().div(255) if vals.dtype == np.uint8 else t.float()

    # -- training -----------------------------------------------------------------------------
    def train_step(self) -> float:
        stage = self.opt.stage_at(self.step)
        f = int(self.gen.choice(self.train_idx, p=self._frame_p))
        pix = self._sample_pixels(f, stage)
        c2w = self._poses[f]
        rays = camera_rays(c2w, self.model.cfg.intrinsics, *self.data.images.shape[1:3], pix=pix.to(self.device))
        gt = self._pixels(self.data.images[f], pix)
        bg = self._pixels(self.data.background, pix)
        head_mask = self._pixels(self.data.head_masks[f], pix)
        eye = torch.tensor([[float(self.data.eye[f])]], device=self.device)
        use_occ = self.step >= self.opt.occ_warmup
        self.model.train()
        if stage == "torso":
            with torch.no_grad():
                code = self.audio_code(np.array([f]))
                rgb, alpha, _ = march_head(self.model, rays.origins, rays.dirs, code, eye,
                                           num_steps=self.model.cfg.num_steps, perturb=True, use_occupancy=True)
            pred, t_alpha = composite(self.model, rays, c2w, rgb, alpha, bg, use_torso=True)
            torso_mask = self._pixels(self.data.torso_masks[f], pix)
            loss = F.mse_loss(pred, gt) + self.opt.alpha_weight * ((t_alpha - torso_mask) ** 2 * (1 - head_mask)).mean()
        else:
            code = self.audio_code(np.array([f]))
            rgb, alpha, ambient = march_head(self.model, rays.origins, rays.dirs, code, eye,
                                             num_steps=self.model.cfg.num_steps, perturb=True, use_occupancy=use_occ)
            back = torch.where(head_mask[:, None] > 0.5, bg, gt)  # GT torso + background behind the head
            pred = rgb + (1 - alpha[:, None]) * back
            loss = F.mse_loss(pred, gt) + self.opt.alpha_weight * (alpha * (1 - head_mask)).mean()
            if ambient.numel():
                loss = loss + self.opt.ambient_weight * ambient.abs().mean()
        self.optim.zero_grad(set_to_none=True)
        loss.backward()
        self.optim.step()
        self.sched.step()
        self.step += 1
        if stage == "torso":
            self.model.torso_trained.fill_(True)
        elif self.step % self.opt.occ_every == 0:
            self.update_occupancy()
        return float(loss.detach())

    @torch.no_grad()
    def update_occupancy(self) -> None:
        frames = self.gen.choice(self.train_idx, size=min(64, len(self.train_idx)), replace=False)
        self.model.occupancy.update(self.model.head, self.audio_code(frames))

    def run(self) -> dict:
        """Train the remaining steps of every stage, checkpointing along the way; returns the report."""
        losses: list[float] = []
        while self.step < self.opt.total:
            stage = self.opt.stage_at(self.step)
            end = {"head": self.opt.head_steps, "lips": self.opt.head_steps + self.opt.lip_steps}.get(stage, self.opt.total)
            bar = tqdm(total=end, initial=self.step, desc=f"radnerf {stage}", disable=not self.opt.progress, leave=False)
            while self.step < end:
                losses.append(self.train_step())
                bar.update(1)
                if self.step % 50 == 0:
                    bar.set_postfix(loss=f"{np.mean(losses[-50:]):.4f}")
                if self.step % self.opt.ckpt_every == 0:
                    self.save()
            bar.close()
            log.info("stage %s done at step %d, loss %.5f", stage, self.step, np.mean(losses[-50:]) if losses else math.nan)
        self.save()
        report = {"steps": self.step, "final_loss": float(np.mean(losses[-50:])) if losses else None,
                  **self.evaluate(self.opt.eval_frames)}
        (self.out / "report.json").write_text(json.dumps(report, indent=2))
        return report

    # -- evaluation ---------------------------------------------------------------------------
    @torch.no_grad()
    def render_frame(self, f: int) -> np.ndarray:
        """Render training/held-out frame ``f`` from its own pose, audio and eye state."""
        self.model.eval()
        code = self.audio_code(np.array([f]))
        background = None
        if not bool(self.model.torso_trained):  # before the torso stage: GT torso behind the head
            keep = np.where(self.data.head_masks[f][..., None], self.data.background, self.data.images[f])
            background = torch.from_numpy(keep).float().div(255).to(self.device)
        img = render_image(self.model, self._poses[f], code, float(self.data.eye[f]), background=background)
        return img.cpu().numpy()

    def evaluate(self, max_frames: int | None = None) -> dict:
        idx = self.test_idx if max_frames is None else self.test_idx[:max_frames]
        psnrs = []
        for f in idx:
            pred = self.render_frame(int(f))
            mse = float(np.mean((pred - self.data.images[f].astype(np.float32) / 255) ** 2))
            psnrs.append(10 * math.log10(1.0 / max(mse, 1e-10)))
        return {"heldout_psnr": float(np.mean(psnrs)) if psnrs else None, "heldout_frames": len(psnrs),
                "stage": self.opt.stage_at(max(self.step - 1, 0))}

    # -- checkpoints --------------------------------------------------------------------------
    def save(self) -> None:
        save_checkpoint(self.model, self.data.poses, self.out)
        torch.save({"optim": self.optim.state_dict(), "sched": self.sched.state_dict(), "step": self.step,
                    "options": asdict(self.opt)}, self.out / "train_state.pt")

    def resume(self) -> bool:
        """Continue from ``out_dir`` if it holds a checkpoint; returns whether one was found."""
        state_path = self.out / "train_state.pt"
        if not state_path.exists():
            return False
        self.model.load_state_dict(torch.load(self.out / "model.pt", map_location=self.device)["model"])
        state = torch.load(state_path, map_location=self.device)
        self.optim.load_state_dict(state["optim"])
        self.sched.load_state_dict(state["sched"])
        self.step = int(state["step"])
        self.gen = np.random.default_rng(self.opt.seed + self.step)
        log.info("resumed from %s at step %d", self.out, self.step)
        return True


def dynamic_pixels(images: np.ndarray, floor: float = 0.05) -> np.ndarray:
    """Where the clip changes: per-pixel std over frames (N, H, W, 3) -> a flat sampling distribution
    (H * W,), with ``floor`` of the mass spread evenly so that no pixel is never drawn."""
    std = images.astype(np.float32).std(0).mean(-1).reshape(-1)
    uniform = np.full_like(std, 1.0 / std.size)
    if float(std.sum()) <= 0:
        return uniform
    return (1 - floor) * std / std.sum() + floor * uniform


def eye_balanced_weights(eye: np.ndarray, bins: int = 4) -> np.ndarray:
    """Frame sampling probabilities under which each occupied eye-closure bin is drawn equally
    often (blinks are a few percent of a clip; uniform sampling barely shows them to the model)."""
    which = np.clip((np.asarray(eye, dtype=np.float64) * bins).astype(int), 0, bins - 1)
    counts = np.bincount(which, minlength=bins)
    w = 1.0 / counts[which]
    return w / w.sum()


def save_checkpoint(model: RadNerf, poses: np.ndarray, out_dir: str | Path) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.json").write_text(model.cfg.to_json())
    tmp = out / "model.pt.tmp"
    torch.save({"model": model.state_dict(), "poses": torch.from_numpy(np.asarray(poses, dtype=np.float32))}, tmp)
    tmp.replace(out / "model.pt")


def load_checkpoint(checkpoint_dir: str | Path, device: str | torch.device = "cpu") -> tuple[RadNerf, np.ndarray]:
    """(model in eval mode on ``device``, training poses (N, 4, 4))."""
    ckpt = Path(checkpoint_dir)
    cfg = RadNerfConfig.load(ckpt / "config.json")
    model = RadNerf(cfg)
    state = torch.load(ckpt / "model.pt", map_location="cpu")
    model.load_state_dict(state["model"])
    return model.to(device).eval(), state["poses"].numpy()


__all__ = ["STAGES", "TrainOptions", "Trainer", "load_checkpoint", "save_checkpoint"]
