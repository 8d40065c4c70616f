"""RAD-NeRF on the CPU at 32x32: shapes, training lowers the loss, checkpoints round-trip."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from avatar.radnerf.config import tiny_config
from avatar.radnerf.encoding import _PRIMES, HashGrid
from avatar.radnerf.model import RadNerf
from avatar.radnerf.render import camera_rays, march_head, render_image
from avatar.radnerf.train import Trainer, TrainOptions, load_checkpoint

torch.set_num_threads(2)

OPTIONS = dict(head_steps=60, lip_steps=10, torso_steps=30, rays=128, occ_warmup=30, occ_every=10, progress=False)


def test_hash_grid_interpolates_and_learns():
    torch.manual_seed(0)
    grid = HashGrid(3, levels=4, features=2, log2_size=10, base_res=4, max_res=64)
    x = torch.rand(500, 3)
    assert grid(x).shape == (500, 8)
    # A grid is continuous: nearby points get nearby features.
    with torch.no_grad():
        grid.table.normal_()
    near = grid(x + 1e-5)
    assert torch.allclose(grid(x), near, atol=0.05)
    # ...and can fit a function of position.
    target = torch.sin(6 * x).sum(-1, keepdim=True)
    head = torch.nn.Linear(8, 1)
    opt = torch.optim.Adam([*grid.parameters(), *head.parameters()], lr=1e-2)
    first = None
    for _ in range(100):
        loss = torch.nn.functional.mse_loss(head(grid(x)), target)
        first = first if first is not None else float(loss.detach())
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert float(loss) < 0.2 * first


def test_field_and_render_shapes():
    cfg = tiny_config()
    model = RadNerf(cfg)
    pose = torch.eye(4)
    pose[2, 3] = -3.0
    rays = camera_rays(pose, cfg.intrinsics, cfg.height, cfg.width)
    assert rays.origins.shape == (32 * 32, 3)
    assert torch.allclose(rays.dirs.norm(dim=-1), torch.ones(32 * 32))
    windows = torch.randn(2, cfg.smooth_window, cfg.audio_window, cfg.audio_channels)
    code = model.audio_code(windows)
    assert code.shape == (2, cfg.audio_dim)
    rgb, alpha, ambient = march_head(model, rays.origins, rays.dirs, code[:1], torch.zeros(1, 1),
                                     num_steps=cfg.num_steps)
    assert rgb.shape == (1024, 3) and alpha.shape == (1024,)
    assert ambient.shape[1] == cfg.ambient_dim and ambient.abs().max() <= 1
    img = render_image(model, pose, code[:1], 0.0)
    assert img.shape == (32, 32, 3) and float(img.min()) >= 0 and float(img.max()) <= 1


def test_occupancy_grid_skips_empty_cells():
    cfg = tiny_config()
    model = RadNerf(cfg)
    pose = torch.eye(4)
    pose[2, 3] = -3.0
    rays = camera_rays(pose, cfg.intrinsics, cfg.height, cfg.width)
    code, eye = torch.zeros(1, cfg.audio_dim), torch.zeros(1, 1)
    _, dense_alpha, _ = march_head(model, rays.origins, rays.dirs, code, eye, num_steps=cfg.num_steps)
    assert bool((dense_alpha > 0).all())  # nothing measured yet: every sample is evaluated
    r = cfg.occ_res
    model.occupancy.density.zero_()
    model.occupancy.density[r // 2 - 2 : r // 2 + 2, r // 2 - 2 : r // 2 + 2, :] = 1.0  # a thin central rod
    _, alpha, _ = march_head(model, rays.origins, rays.dirs, code, eye, num_steps=cfg.num_steps)
    centre = (rays.pix - 16).abs().max(-1).values < 2
    assert bool((alpha[~centre & ((rays.pix - 16).abs().max(-1).values > 6)] == 0).all())
    assert bool((alpha[centre] > 0).all())


@pytest.fixture(scope="module")
def trained(clip, tmp_path_factory):
    data, _ = clip
    out = tmp_path_factory.mktemp("radnerf")
    torch.manual_seed(0)
    trainer = Trainer(RadNerf(tiny_config(num_steps=16)), data, TrainOptions(**OPTIONS), out, "cpu")
    before = trainer.evaluate()
    losses = [trainer.train_step() for _ in range(OPTIONS["head_steps"] + OPTIONS["lip_steps"])]
    face = trainer.evaluate()  # still over the ground-truth torso, like ``before``
    losses += [trainer.train_step() for _ in range(OPTIONS["torso_steps"])]
    after = trainer.evaluate()  # the learned torso now replaces the ground-truth one
    trainer.save()
    return trainer, out, losses, before, face, after


def test_training_lowers_loss_and_raises_heldout_psnr(trained):
    trainer, _, losses, before, face, after = trained
    head = losses[: OPTIONS["head_steps"]]
    assert np.mean(head[-10:]) < 0.5 * np.mean(head[:10])
    assert face["heldout_psnr"] > before["heldout_psnr"] + 2.0
    assert after["heldout_psnr"] > before["heldout_psnr"]
    assert after["heldout_frames"] == len(trainer.test_idx) == 4  # the last 10% of 40 frames
    assert after["stage"] == "torso"


def test_checkpoint_round_trip_and_resume(trained, clip):
    trainer, out, *_ = trained
    model, poses = load_checkpoint(out)
    assert np.allclose(poses, clip[0].poses)
    code = trainer.audio_code(np.array([5]))
    a = render_image(trainer.model.eval(), trainer._poses[5], code, 0.0)
    b = render_image(model, torch.from_numpy(poses[5]), code, 0.0)
    assert torch.allclose(a, b, atol=1e-5)
    resumed = Trainer(RadNerf(model.cfg), clip[0], TrainOptions(**{**OPTIONS, "torso_steps": 32}), out, "cpu")
    assert resumed.resume()
    assert resumed.step == trainer.step
    resumed.train_step()
    resumed.train_step()
    assert resumed.step == resumed.opt.total


def _int64_lookup(grid: HashGrid, x: torch.Tensor) -> torch.Tensor:
    """The lookup with int64 indices and a true remainder: the reference for the int32 bit tricks."""
    primes = torch.tensor(_PRIMES[: grid.in_dim], dtype=torch.long)
    offsets = grid.offsets.long()
    sizes = torch.diff(torch.cat([offsets, torch.tensor([grid.table.shape[0]])]))
    pos = x.clamp(0.0, 1.0 - 1e-6)[:, None, :] * grid.res[None, :, None]
    base = pos.floor()
    corner = base.long()[:, :, None, :] + grid.corners.long()[None, None]
    dense_idx = (corner * grid.strides.long()[None, :, None, :]).sum(-1)
    hashed = corner[..., 0] * primes[0]
    for k in range(1, grid.in_dim):
        hashed = torch.bitwise_xor(hashed, corner[..., k] * primes[k])
    idx = torch.where(grid.dense[None, :, None], dense_idx, hashed)
    idx = torch.remainder(idx, sizes[None, :, None]) + offsets[None, :, None]
    c, f = grid.corners[None, None].float(), (pos - base)[:, :, None, :]
    weight = (c * f + (1 - c) * (1 - f)).prod(-1)
    return (grid.table[idx] * weight[..., None]).sum(2).reshape(x.shape[0], grid.out_dim)


@pytest.mark.parametrize("dim", [1, 2, 3])
def test_int32_hash_picks_the_same_entries_as_int64(dim):
    torch.manual_seed(dim)
    grid = HashGrid(dim, levels=16, log2_size=14, max_res=4096)
    assert not bool(grid.dense.all()) or dim == 1  # hashed levels are exercised
    with torch.no_grad():
        grid.table.normal_()
        x = torch.rand(4000, dim)
        assert torch.equal(grid(x), _int64_lookup(grid, x))
