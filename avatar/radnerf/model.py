"""The RAD-NeRF networks (after Tang et al. 2022, "Real-time Neural Radiance Talking Portrait
Synthesis via Audio-spatial Decomposition"), written from the paper's description.

* ``AudioEncoder``: a window of audio-encoder steps around one video frame -> a small audio code.
* ``AudioSmoother``: attention over the codes of neighbouring frames (temporal smoothing).
* ``HeadField``: the audio-spatial decomposition. Position x goes through a 3D hash grid; a small
  net maps (grid(x), audio code) to low-dimensional *ambient* coordinates w, which a separate 2D
  grid encodes. Density and colour come from [grid(x), grid(w), eye] and the view direction.
* ``TorsoField``: 2D: a pose-conditioned deformation of pixel coordinates, then a 2D grid -> rgba.
* ``OccupancyGrid``: a coarse density cache so ray marching can skip empty space.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from avatar.radnerf.config import RadNerfConfig
from avatar.radnerf.encoding import HashGrid, freq_encode, sh_encode


def mlp(n_in: int, hidden: int, n_out: int, layers: int = 2) -> nn.Sequential:
    mods: list[nn.Module] = []
    width = n_in
    for _ in range(layers - 1):
        mods += [nn.Linear(width, hidden), nn.ReLU(inplace=True)]
        width = hidden
    mods.append(nn.Linear(width, n_out))
    return nn.Sequential(*mods)


class AudioEncoder(nn.Module):
    """(B, K, C) window of encoder steps -> (B, audio_dim).

    Features are standardised per channel with the training clip's statistics (``set_stats``):
    what changes from frame to frame (loudness, phonetic content) becomes unit-sized instead of
    riding on a large constant offset. Weights start variance-preserving and biases at zero, so
    different audio gives clearly different codes from the first step."""

    def __init__(self, channels: int, window: int, dim: int, hidden: int = 64) -> None:
        super().__init__()
        self.register_buffer("mean", torch.zeros(channels))
        self.register_buffer("std", torch.ones(channels))
        self.proj = nn.Linear(channels, hidden)
        n_conv = max(1, int(math.ceil(math.log2(max(window, 2)))))
        self.convs = nn.ModuleList(nn.Conv1d(hidden, hidden, 3, stride=2, padding=1) for _ in range(n_conv))
        self.out = nn.Linear(hidden, dim)
        for layer in (self.proj, *self.convs, self.out):
            nn.init.kaiming_normal_(layer.weight, a=0.02, nonlinearity="leaky_relu")
            nn.init.zeros_(layer.bias)

    @torch.no_grad()
    def set_stats(self, features: torch.Tensor) -> None:
        """Per-channel mean and std of (..., C) features (channels that never change keep std 1)."""
        flat = features.reshape(-1, features.shape[-1]).float()
        self.mean.copy_(flat.mean(0))
        std = flat.std(0)
        self.std.copy_(torch.where(std > 1e-4, std, torch.ones_like(std)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = F.leaky_relu(self.proj((x - self.mean) / self.std), 0.02).transpose(1, 2)  # (B, hidden, K)
        for conv in self.convs:
            h = F.leaky_relu(conv(h), 0.02)
        return self.out(h.mean(-1))


class AudioSmoother(nn.Module):
    """Attention over a window of per-frame audio codes: (B, W, D) -> (B, D); it starts on the
    centre frame and learns how much of the neighbours to mix in."""

    def __init__(self, dim: int, window: int) -> None:
        super().__init__()
        self.score = nn.Sequential(
            nn.Conv1d(dim, 16, 3, padding=1),
            nn.LeakyReLU(0.02),
            nn.Conv1d(16, 4, 3, padding=1),
            nn.LeakyReLU(0.02),
        )
        self.attend = nn.Linear(4 * window, window)
        self.window = window
        with torch.no_grad():  # start by attending to the frame itself (~95 %): averaging 8 frames from
            self.attend.weight.mul_(0.01)  # the first step blurs every frame's code into its neighbours'
            self.attend.bias.zero_()
            self.attend.bias[window // 2] = 5.0

    def forward(self, codes: torch.Tensor) -> torch.Tensor:
        h = self.score(codes.transpose(1, 2)).flatten(1)  # (B, 4 * W)
        weights = torch.softmax(self.attend(h), dim=-1)  # (B, W)
        return (weights[..., None] * codes).sum(1)


class HeadField(nn.Module):
    """The audio-spatial decomposition: x -> 3D grid; (grid(x), position, audio, eye) -> ambient w in
    [-1, 1]^d -> 2D grid; [grid(x), grid(w), eye] -> density + geometry feature -> colour.

    The ambient net also sees a few sin/cos octaves of x: the hash features start near zero, and an
    ambient net that cannot tell the mouth from the forehead learns one global w per audio code
    (every region moves with the audio, none clearly). The eye closure is an ambient input too, so a
    blink moves w only around the eyes."""

    POS_FREQS = 3

    def __init__(self, cfg: RadNerfConfig) -> None:
        super().__init__()
        self.bound = cfg.bound
        self.grid = HashGrid(3, cfg.grid_levels, cfg.grid_features, cfg.grid_log2_size,
                             cfg.grid_base_res, cfg.grid_max_res)
        n_pos = 3 * (1 + 2 * self.POS_FREQS)
        self.ambient_net = mlp(self.grid.out_dim + n_pos + cfg.audio_dim + 1, cfg.hidden, cfg.ambient_dim, layers=3)
        self.amb_grid = HashGrid(cfg.ambient_dim, cfg.amb_levels, 2, cfg.amb_log2_size, 16, cfg.amb_max_res)
        self.sigma_net = mlp(self.grid.out_dim + self.amb_grid.out_dim + 1, cfg.hidden, 1 + cfg.geo_feat, 3)
        self.color_net = mlp(cfg.geo_feat + 9, cfg.hidden, 3, layers=3)

    def density(self, x: torch.Tensor, audio: torch.Tensor, eye: torch.Tensor):
        """x (N, 3) in [-bound, bound]; audio (N, A); eye (N, 1). Returns sigma (N,), geo, ambient."""
        unit = x / self.bound
        enc_x = self.grid((unit + 1) / 2)
        pos = freq_encode(unit, self.POS_FREQS)
        ambient = torch.tanh(self.ambient_net(torch.cat([enc_x, pos, audio, eye], dim=-1)))
        enc_w = self.amb_grid((ambient + 1) / 2)
        h = self.sigma_net(torch.cat([enc_x, enc_w, eye], dim=-1))
        sigma = F.softplus(h[:, 0] - 1.0) * 10.0  # "trunc-exp"-like activation, stable on CPU
        return sigma, h[:, 1:], ambient

    def forward(self, x, d, audio, eye):
        sigma, geo, ambient = self.density(x, audio, eye)
        rgb = torch.sigmoid(self.color_net(torch.cat([geo, sh_encode(d)], dim=-1)))
        return sigma, rgb, ambient


class TorsoField(nn.Module):
    """rgb and alpha at pixel coordinates uv in [-1, 1]^2, conditioned on the head pose."""

    def __init__(self, cfg: RadNerfConfig, n_freqs: int = 4) -> None:
        super().__init__()
        self.n_freqs = n_freqs
        self.pose_proj = nn.Linear(12, 8)
        self.deform = mlp(2 * (1 + 2 * n_freqs) + 8, cfg.hidden, 2, layers=3)
        self.grid = HashGrid(2, cfg.torso_levels, 2, cfg.torso_log2_size, 16, cfg.torso_max_res)
        self.net = mlp(self.grid.out_dim + 8, cfg.hidden, 4, layers=3)
        with torch.no_grad():  # start transparent: an untrained torso must not veil the background
            self.net[-1].bias[3] = -3.0

    def forward(self, uv: torch.Tensor, pose: torch.Tensor):
        """uv (N, 2); pose (4, 4) camera-to-head. Returns rgb (N, 3), alpha (N,)."""
        code = self.pose_proj(pose[:3, :4].reshape(1, 12)).expand(uv.shape[0], -1)
        duv = torch.tanh(self.deform(torch.cat([freq_encode(uv, self.n_freqs), code], dim=-1))) * 0.2
        enc = self.grid(((uv + duv) + 1) / 2)
        out = self.net(torch.cat([enc, code], dim=-1))
        return torch.sigmoid(out[:, :3]), torch.sigmoid(out[:, 3])


class OccupancyGrid(nn.Module):
    """A res^3 cache of the largest density seen in each cell (decayed), over random audio codes."""

    def __init__(self, res: int, bound: float) -> None:
        super().__init__()
        self.res, self.bound = res, bound
        # Negative = never measured = occupied: nothing is skipped until the first update.
        self.register_buffer("density", torch.full((res, res, res), -1.0))

    def cell_index(self, x: torch.Tensor) -> torch.Tensor:
        ijk = ((x / self.bound + 1) / 2 * self.res).long().clamp(0, self.res - 1)
        return (ijk[:, 0] * self.res + ijk[:, 1]) * self.res + ijk[:, 2]

    def occupied(self, x: torch.Tensor, threshold: float = 0.01) -> torch.Tensor:
        flat = self.density.reshape(-1)
        if float(flat[0]) < 0:
            return torch.ones(x.shape[0], dtype=torch.bool, device=x.device)
        thresh = min(float(flat.mean()), threshold)
        return flat[self.cell_index(x)] > thresh

    @torch.no_grad()
    def update(self, field: HeadField, audio_bank: torch.Tensor, decay: float = 0.95, chunk: int = 65536):
        """Re-evaluate density at one random point per cell with random audio codes and eye states."""
        r, dev = self.res, self.density.device
        ijk = torch.stack(torch.meshgrid(*[torch.arange(r, device=dev)] * 3, indexing="ij"), -1).reshape(-1, 3)
        x = ((ijk + torch.rand_like(ijk, dtype=torch.float32)) / r * 2 - 1) * self.bound
        fresh = torch.empty(x.shape[0], device=dev)
        for s in range(0, x.shape[0], chunk):
            xs = x[s : s + chunk]
            pick = torch.randint(0, audio_bank.shape[0], (xs.shape[0],), device=dev)
            eye = torch.rand(xs.shape[0], 1, device=dev)
            fresh[s : s + chunk] = field.density(xs, audio_bank[pick], eye)[0]
        old = self.density.reshape(-1)
        merged = fresh if float(old[0]) < 0 else torch.maximum(old * decay, fresh)
        self.density.copy_(merged.reshape(r, r, r))

    def fraction_occupied(self) -> float:
        flat = self.density.reshape(-1)
        if float(flat[0]) < 0:
            return 1.0
        return float((flat > min(float(flat.mean()), 0.01)).float().mean())


class RadNerf(nn.Module):
    def __init__(self, cfg: RadNerfConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.audio_encoder = AudioEncoder(cfg.audio_channels, cfg.audio_window, cfg.audio_dim)
        self.smoother = AudioSmoother(cfg.audio_dim, cfg.smooth_window)
        self.head = HeadField(cfg)
        self.torso = TorsoField(cfg)
        self.occupancy = OccupancyGrid(cfg.occ_res, cfg.bound)
        self.register_buffer("background", torch.zeros(cfg.height, cfg.width, 3))
        self.register_buffer("torso_trained", torch.tensor(False))

    def audio_code(self, windows: torch.Tensor) -> torch.Tensor:
        """windows (B, W, K, C): for each target frame the raw features of its W neighbours.

        Returns (B, audio_dim): per-frame codes, smoothed by attention over the window, normalised to
        zero mean and unit variance over their dimensions.
        """
        b, w, k, c = windows.shape
        codes = self.audio_encoder(windows.reshape(b * w, k, c)).reshape(b, w, -1)
        # Fixed scale: unbounded codes grew ~100x within 100 steps in some runs, saturated the ambient
        # net's tanh and froze the audio path for good (the mouth then never moved again).
        return F.layer_norm(self.smoother(codes), (codes.shape[-1],))
