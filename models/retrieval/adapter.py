"""Low-rank adapters (LoRA) on the top encoder layers, for the query side of the Poly-encoder.

The shared encoder stays frozen and untouched; ``TopLayerLoRA`` re-runs its top ``k`` layers with
``x @ A @ B * scale`` added to selected linear maps. Training then caches the frozen layer ``12-k``
outputs once and only runs ``k`` layers per step; the adapters are a few hundred kB.
"""

from __future__ import annotations

import torch
from torch import nn

from models.retrieval.encoder import E5Encoder

TARGETS = ("q", "v", "o", "fi", "fo")


class _LoRA(nn.Module):
    def __init__(self, n_in: int, n_out: int, rank: int, g: torch.Generator) -> None:
        super().__init__()
        self.a = nn.Parameter(torch.randn(n_in, rank, generator=g) / n_in**0.5)
        self.b = nn.Parameter(torch.zeros(rank, n_out))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x @ self.a) @ self.b


class TopLayerLoRA(nn.Module):
    def __init__(self, n_layers: int = 2, rank: int = 8, hidden: int = 384, ffn: int = 1536, heads: int = 12,
                 seed: int = 0) -> None:
        super().__init__()
        g = torch.Generator().manual_seed(seed + 1)
        self.n_layers, self.rank, self.heads = n_layers, rank, heads
        dims = {"q": (hidden, hidden), "v": (hidden, hidden), "o": (hidden, hidden), "fi": (hidden, ffn),
                "fo": (ffn, hidden)}
        self.deltas = nn.ModuleList(
            nn.ModuleDict({t: _LoRA(*dims[t], rank, g) for t in TARGETS}) for _ in range(n_layers))

    def forward(self, enc: E5Encoder, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Run the encoder's top ``n_layers`` on ``x`` (the frozen output of the layer below)."""
        attn = None if bool(mask.all()) else mask[:, None, None, :]
        layers = enc.layers[len(enc.layers) - self.n_layers :]
        for layer, d in zip(layers, self.deltas, strict=True):
            b, t, h = x.shape
            hd = h // self.heads

            def split(y: torch.Tensor, b: int = b, t: int = t, hd: int = hd) -> torch.Tensor:
                return y.view(b, t, self.heads, hd).transpose(1, 2)

            q = layer.q(x) + d["q"](x)
            v = layer.v(x) + d["v"](x)
            ctx = nn.functional.scaled_dot_product_attention(split(q), split(layer.k(x)), split(v), attn_mask=attn)
            ctx = ctx.transpose(1, 2).reshape(b, t, h)
            x = layer.ln1(x + layer.o(ctx) + d["o"](ctx))
            mid = nn.functional.gelu(layer.fi(x) + d["fi"](x))
            x = layer.ln2(x + layer.fo(mid) + d["fo"](mid))
        return x
