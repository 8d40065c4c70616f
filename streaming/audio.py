"""Audio format helpers: WebRTC frames in, analysis/output rates, loudness."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from math import gcd

import av
import numpy as np
from scipy.signal import resample_poly

from streaming.types import ANALYSIS_RATE, SpeechAudio, VisemeEvent


class InboundResampler:
    """aiortc ``AudioFrame`` (48 kHz, stereo or mono) → 16 kHz mono int16 arrays. One per session."""

    def __init__(self, rate: int = ANALYSIS_RATE) -> None:
        self._resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)

    def __call__(self, frame: av.AudioFrame) -> np.ndarray:
        out = [f.to_ndarray().reshape(-1) for f in self._resampler.resample(frame)]
        return np.concatenate(out).astype(np.int16, copy=False) if out else np.zeros(0, np.int16)


def mono_frame(pcm: np.ndarray, sample_rate: int, index: int) -> av.AudioFrame:
    """The ``index``-th fixed-size frame of mono int16 audio, timestamped by sample count."""
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


def leading_silence(pcm: np.ndarray, sample_rate: int, threshold_dbfs: float = -50.0, keep_ms: float = 10.0) -> int:
    """Samples of silence before the first sound, less ``keep_ms`` (0 if the clip starts at once or is silent).

    TTS engines start many sentences with silence (espeak-ng: the closure of 죄, 저, 네: ~40 ms):
    at the start of a reply that is pure latency.
    """
    level = 32768.0 * 10 ** (threshold_dbfs / 20)
    loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) > level)
    if not len(loud):
        return 0
    return max(0, int(loud[0]) - int(sample_rate * keep_ms / 1000))


def trim_speech_start(speech: SpeechAudio, cut: int) -> SpeechAudio:
    """Drop the first ``cut`` samples of a sentence and move its mouth shapes with them."""
    if cut <= 0:
        return speech
    visemes = []
    for v in speech.visemes:
        start, end = max(0, v.start - cut), v.start + v.duration - cut
        if end > start:
            visemes.append(VisemeEvent(start, v.viseme, end - start))
    return replace(speech, pcm=speech.pcm[cut:], visemes=tuple(visemes))


def speech_at_rate(speech: SpeechAudio, rate: int) -> SpeechAudio:
    """A sentence resampled to ``rate`` with its mouth-shape timings moved into the same sample base."""
    if speech.sample_rate == rate:
        return speech
    src = speech.sample_rate
    visemes = tuple(
        VisemeEvent(rescale_position(v.start, src, rate), v.viseme, rescale_position(v.duration, src, rate))
        for v in speech.visemes
    )
    return replace(speech, pcm=resample_int16(speech.pcm, src, rate), sample_rate=rate, visemes=visemes)
