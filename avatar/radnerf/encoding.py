"""Input encodings in pure PyTorch: a multi-resolution hash grid (Instant-NGP style), spherical
harmonics for view directions, and sin/cos frequencies for the torso's 2D deformation net.

The hash grid is written for clarity and portability, not speed: every level is evaluated in one
vectorised gather. A fused CUDA kernel could replace :class:`HashGrid` behind the same
``forward(x) -> features`` interface.
"""

from __future__ import annotations

import itertools
import math

import torch
from torch import nn

# Large primes for the spatial hash (the first is 1 so that a 1D grid degenerates to a plain table).
_PRIMES = (1, 2_654_435_761, 805_459_861, 3_674_653_429)


class HashGrid(nn.Module):
    """Multi-resolution grid encoding of points in ``[0, 1]^d``.

    Levels whose dense grid fits in ``2**log2_size`` entries are stored densely (no collisions);
    finer levels are hashed. Output: ``levels * features`` values per point, linearly interpolated
    from the ``2**d`` surrounding grid corners at each level.
    """

    def __init__(
        self,
        in_dim: int,
        levels: int = 12,
        features: int = 2,
        log2_size: int = 17,
        base_res: int = 16,
        max_res: int = 1024,
    ) -> None:
        super().__init__()
        if not 1 <= in_dim <= len(_PRIMES):
            raise ValueError(f"HashGrid supports 1..{len(_PRIMES)} input dims, got {in_dim}")
        self.in_dim, self.levels, self.features = in_dim, levels, features
        growth = math.exp((math.log(max_res) - math.log(base_res)) / max(levels - 1, 1))
        table = 2**log2_size
        res, sizes, dense = [], [], []
        for level in range(levels):
            r = int(math.floor(base_res * growth**level))
            n_dense = (r + 1) ** in_dim
            res.append(r)
            dense.append(n_dense <= table)
            sizes.append(min(n_dense, table))
        offsets = [0, *itertools.accumulate(sizes)][:-1]
        # Index constants are int32 (see ``_eager_lookup``); primes above 2**31 are stored as their two's
        # complement. None of these buffers is saved: they follow from the constructor's arguments.
        self.register_buffer("res", torch.tensor(res, dtype=torch.float32), persistent=False)
        self.register_buffer("offsets", torch.tensor(offsets, dtype=torch.int32), persistent=False)
        self.register_buffer("dense", torch.tensor(dense), persistent=False)
        strides = [[(r + 1) ** k for k in range(in_dim)] for r in res]
        self.register_buffer("strides", torch.tensor(strides, dtype=torch.int32), persistent=False)
        corners = list(itertools.product((0, 1), repeat=in_dim))
        self.register_buffer("corners", torch.tensor(corners, dtype=torch.int32), persistent=False)
        primes = [p - 2**32 if p >= 2**31 else p for p in _PRIMES[:in_dim]]
        self.register_buffer("primes", torch.tensor(primes, dtype=torch.int32), persistent=False)
        # A dense level's index is already below its size; a hashed level's size is the (power of two)
        # table, so the remainder is a bit mask.
        self.register_buffer("masks", torch.tensor([-1 if d else s - 1 for d, s in zip(dense, sizes, strict=True)],
                                                   dtype=torch.int32), persistent=False)
        self.table = nn.Parameter(torch.empty(sum(sizes), features).uniform_(-1e-4, 1e-4))

    @property
    def out_dim(self) -> int:
        return self.levels * self.features

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``x``: (N, d) in [0, 1] (clamped). Returns (N, levels * features)."""
        return self._lookup(x)

    def fuse(self, enabled: bool = True) -> None:
        """Fuse the lookup into a few kernels with ``torch.compile`` (for inference on CUDA), or go
        back to the eager lookup.

        The eager lookup runs some 20 separate elementwise kernels over (N, levels, corners) tensors;
        fused, the intermediates stay in registers. Shapes are dynamic: the number of occupied samples
        changes every frame."""
        self._lookup = torch.compile(self._eager_lookup, dynamic=True) if enabled else self._eager_lookup

    def _lookup(self, x: torch.Tensor) -> torch.Tensor:
        return self._eager_lookup(x)

    def _eager_lookup(self, x: torch.Tensor) -> torch.Tensor:
        x = x.clamp(0.0, 1.0 - 1e-6)
        pos = x[:, None, :] * self.res[None, :, None]  # (N, L, d)
        base = pos.floor()
        frac = pos - base
        # int32 indices: products wrap modulo 2**32 like Instant-NGP's uint32 hash, and the floored
        # remainder by a power-of-two table size keeps the same low bits, so the entries are those the
        # int64 arithmetic picks (dense indices stay below the table size) at half the memory traffic.
        corner = base.int()[:, :, None, :] + self.corners[None, None]  # (N, L, C, d)
        dense_idx = (corner * self.strides[None, :, None, :]).sum(-1, dtype=torch.int32)
        hashed = corner[..., 0] * self.primes[0]
        for k in range(1, self.in_dim):
            hashed = torch.bitwise_xor(hashed, corner[..., k] * self.primes[k])
        idx = torch.where(self.dense[None, :, None], dense_idx, hashed)
        idx = torch.bitwise_and(idx, self.masks[None, :, None]) + self.offsets[None, :, None]
        # Interpolation weight of each corner: product over dims of frac or (1 - frac).
        c = self.corners[None, None].to(x.dtype)  # (1, 1, C, d)
        f = frac[:, :, None, :]
        weight = (c * f + (1 - c) * (1 - f)).prod(-1)  # (N, L, C)
        feats = self.table[idx]  # (N, L, C, F)
        out = (feats * weight[..., None]).sum(2)
        return out.reshape(x.shape[0], self.out_dim)


def fuse_hash_grids(model: nn.Module, enabled: bool = True) -> None:
    """:meth:`HashGrid.fuse` on every hash grid inside ``model``."""
    for module in model.modules():
        if isinstance(module, HashGrid):
            module.fuse(enabled)

def sh_encode(d: torch.Tensor) -> torch.Tensor:
    """Real spherical harmonics up to degree 2 of unit directions (N, 3) -> (N, 9)."""
    x, y, z = d.unbind(-1)
    return torch.stack(
        [
            torch.full_like(x, 0.28209479),
            -0.48860251 * y,
            0.48860251 * z,
            -0.48860251 * x,
            1.09254843 * x * y,
            -1.09254843 * y * z,
            0.31539157 * (2 * z * z - x * x - y * y),
            -1.09254843 * x * z,
            0.54627421 * (x * x - y * y),
        ],
        dim=-1,
    )


def freq_encode(x: torch.Tensor, n_freqs: int) -> torch.Tensor:
    """NeRF positional encoding: x plus sin/cos at ``n_freqs`` octaves. (N, d) -> (N, d * (1 + 2n))."""
    scales = 2.0 ** torch.arange(n_freqs, device=x.device, dtype=x.dtype) * math.pi
    xs = x[..., None] * scales  # (N, d, n)
    return torch.cat([x, xs.sin().flatten(1), xs.cos().flatten(1)], dim=-1)
