"""Audio format helpers: WebRTC frames in, analysis/output rates, loudness."""

from __future__ import annotations

from fractions import Fraction
from math import gcd

import av
import numpy as np
from scipy.signal import resample_poly

from streaming.types import ANALYSIS_RATE


class InboundResampler:
    """aiortc ``AudioFrame`` (48 kHz, stereo or mono) → 16 kHz mono int16 arrays. One per session."""

    def __init__(self, rate: int = ANALYSIS_RATE) -> None:
        self._resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)

    def __call__(self, frame: av.AudioFrame) -> np.ndarray:
        out = [f.to_ndarray().reshape(-1) for f in self._resampler.resample(frame)]
        return np.concatenate(out).astype(np.int16, copy=False) if out else np.zeros(0, np.int16)


def mono_frame(pcm: np.ndarray, sample_rate: int, index: int) -> av.AudioFrame:
    """The ``index``-th fixed-size frame of a mono int16 stream, timestamped by sample count."""
    frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
    frame.sample_rate = sample_rate
    frame.pts = index * len(pcm)
    frame.time_base = Fraction(1, sample_rate)
    return frame


def resample_int16(pcm: np.ndarray, src_rate: int, dst_rate: int) -> np.ndarray:
    """Polyphase resampling of a whole clip (TTS output → 48 kHz). Blocking; run off the loop."""
    if src_rate == dst_rate:
        return pcm.astype(np.int16, copy=False)
    g = gcd(src_rate, dst_rate)
    y = resample_poly(pcm.astype(np.float32), dst_rate // g, src_rate // g)
    return np.clip(np.round(y), -32768, 32767).astype(np.int16)


def rescale_position(samples: int, src_rate: int, dst_rate: int) -> int:
    return int(round(Fraction(samples * dst_rate, src_rate)))
