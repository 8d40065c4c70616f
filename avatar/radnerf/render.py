"""Rays, ray marching through the head field (skipping empty cells of the occupancy grid) and
compositing head over torso over background.

Cameras use the OpenCV convention (x right, y down, z forward); ``c2w`` maps camera coordinates
to the canonical head space, in which the head sits inside ``[-bound, bound]^3``.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from avatar.radnerf.model import RadNerf


@dataclass
class Rays:
    origins: torch.Tensor  # (N, 3)
    dirs: torch.Tensor  # (N, 3) unit
    uv: torch.Tensor  # (N, 2) pixel centres in [-1, 1]
    pix: torch.Tensor  # (N, 2) long (x, y)


def camera_rays(c2w: torch.Tensor, intrinsics, height: int, width: int, pix: torch.Tensor | None = None) -> Rays:
    """Rays through pixel centres; ``pix`` (N, 2) long (x, y) picks pixels, default: all, row-major."""
    dev = c2w.device
    if pix is None:
        ys, xs = torch.meshgrid(torch.arange(height, device=dev), torch.arange(width, device=dev), indexing="ij")
        pix = torch.stack([xs.reshape(-1), ys.reshape(-1)], -1)
    fx, fy, cx, cy = intrinsics
    px = pix[:, 0].float() + 0.5
    py = pix[:, 1].float() + 0.5
    cam = torch.stack([(px - cx) / fx, (py - cy) / fy, torch.ones_like(px)], -1)
    dirs = cam @ c2w[:3, :3].T
    dirs = dirs / dirs.norm(dim=-1, keepdim=True)
    origins = c2w[:3, 3].expand_as(dirs)
    uv = torch.stack([px / width * 2 - 1, py / height * 2 - 1], -1)
    return Rays(origins, dirs, uv, pix)


def near_far(origins: torch.Tensor, dirs: torch.Tensor, bound: float):
    """Slab intersection with the box [-bound, bound]^3: near (N,), far (N,), hit (N,) bool."""
    safe = torch.where(dirs.abs() < 1e-9, torch.full_like(dirs, 1e-9), dirs)
    t0 = (-bound - origins) / safe
    t1 = (bound - origins) / safe
    near = torch.minimum(t0, t1).amax(-1).clamp(min=0.05)
    far = torch.maximum(t0, t1).amin(-1)
    hit = far > near
    return near, torch.where(hit, far, near + 1e-3), hit


def march_head(
    model: RadNerf,
    origins: torch.Tensor,
    dirs: torch.Tensor,
    audio: torch.Tensor,
    eye: torch.Tensor,
    *,
    num_steps: int,
    perturb: bool = False,
    use_occupancy: bool = True,
):
    """Volume-render the head field. ``audio`` (1 or N, A); ``eye`` (1 or N, 1).

    Returns rgb (N, 3) (premultiplied), alpha (N,), and the ambient coordinates of the evaluated
    samples (for the ambient regulariser).
    """
    n, dev = origins.shape[0], origins.device
    near, far, hit = near_far(origins, dirs, model.cfg.bound)
    steps = torch.arange(num_steps, device=dev, dtype=torch.float32)[None]
    jitter = torch.rand(n, num_steps, device=dev) if perturb else torch.full((n, num_steps), 0.5, device=dev)
    span = (far - near)[:, None]
    t = near[:, None] + span * (steps + jitter) / num_steps
    pts = origins[:, None] + dirs[:, None] * t[..., None]  # (N, S, 3)
    mask = hit[:, None].expand(n, num_steps)
    if use_occupancy:
        mask = mask & model.occupancy.occupied(pts.reshape(-1, 3)).reshape(n, num_steps)
    ray_idx = torch.arange(n, device=dev)[:, None].expand(n, num_steps)[mask]
    sel_pts = pts[mask]
    sel_dirs = dirs[ray_idx]
    sel_audio = audio.expand(n, -1)[ray_idx]
    sel_eye = eye.expand(n, -1)[ray_idx]
    sigma = torch.zeros(n, num_steps, device=dev)
    rgb = torch.zeros(n, num_steps, 3, device=dev)
    ambient = torch.zeros(0, model.cfg.ambient_dim, device=dev)
    if sel_pts.shape[0]:
        s, c, ambient = model.head(sel_pts, sel_dirs, sel_audio, sel_eye)
        sigma = sigma.masked_scatter(mask, s)
        rgb = rgb.masked_scatter(mask[..., None].expand(-1, -1, 3), c)
    delta = span / num_steps
    alpha = 1 - torch.exp(-sigma * delta)
    trans = torch.cumprod(torch.cat([torch.ones(n, 1, device=dev), 1 - alpha + 1e-10], -1), -1)[:, :-1]
    weights = alpha * trans
    return (weights[..., None] * rgb).sum(1), weights.sum(1).clamp(0, 1), ambient


def composite(
    model: RadNerf,
    rays: Rays,
    c2w: torch.Tensor,
    head_rgb: torch.Tensor,
    head_alpha: torch.Tensor,
    background: torch.Tensor,
    *,
    use_torso: bool,
):
    """head over (torso over background). ``background`` (N, 3). Returns rgb (N, 3), torso alpha."""
    if use_torso:
        t_rgb, t_alpha = model.torso(rays.uv, c2w)
        back = t_rgb * t_alpha[:, None] + (1 - t_alpha[:, None]) * background
    else:
        t_alpha = torch.zeros_like(head_alpha)
        back = background
    return head_rgb + (1 - head_alpha[:, None]) * back, t_alpha


@torch.no_grad()
def render_image(
    model: RadNerf,
    c2w: torch.Tensor,
    audio: torch.Tensor,
    eye: float,
    *,
    chunk: int | None = None,
    use_occupancy: bool = True,
    background: torch.Tensor | None = None,
) -> torch.Tensor:
    """Render one full frame at the model's resolution: (H, W, 3) float in [0, 1].

    ``chunk`` rays are marched at a time: 16k on a CPU, 64k on CUDA (fewer, larger kernels)."""
    cfg = model.cfg
    if chunk is None:
        chunk = 1 << 16 if c2w.device.type == "cuda" else 1 << 14
    rays = camera_rays(c2w, cfg.intrinsics, cfg.height, cfg.width)
    bg = (model.background if background is None else background).reshape(-1, 3)
    eye_t = torch.tensor([[eye]], device=c2w.device, dtype=torch.float32)
    out = torch.empty(rays.origins.shape[0], 3, device=c2w.device)
    use_torso = bool(model.torso_trained)
    for s in range(0, out.shape[0], chunk):
        sub = Rays(rays.origins[s : s + chunk], rays.dirs[s : s + chunk], rays.uv[s : s + chunk], rays.pix[s : s + chunk])
        rgb, alpha, _ = march_head(model, sub.origins, sub.dirs, audio, eye_t,
                                   num_steps=cfg.num_steps, use_occupancy=use_occupancy)
        out[s : s + chunk] = composite(model, sub, c2w, rgb, alpha, bg[s : s + chunk], use_torso=use_torso)[0]
    return out.reshape(cfg.height, cfg.width, 3).clamp(0, 1)
