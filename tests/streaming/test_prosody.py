"""The final pitch movement: synthetic voiced sounds with known contours, and espeak-ng's Korean
question intonation against a phrase cut off before a pause."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.webrtc_client import espeak_utterance
from streaming.audio import resample_int16
from streaming.prosody import final_pitch_slope, pitch_track

RATE = 16_000


def voiced(f0_start: float, f0_end: float, seconds: float = 0.6, rate: int = RATE) -> np.ndarray:
    """A glottal-pulse-like harmonic sound whose pitch glides geometrically from start to end."""
    t = np.arange(int(seconds * rate)) / rate
    f0 = f0_start * (f0_end / f0_start) ** (t / seconds)
    phase = 2 * np.pi * np.cumsum(f0) / rate
    wave = sum(np.sin(k * phase) / k for k in range(1, 8))
    return (6000 * wave / np.abs(wave).max()).astype(np.int16)


def with_silence(pcm: np.ndarray, seconds: float = 0.2) -> np.ndarray:
    return np.concatenate([pcm, np.zeros(int(seconds * RATE), np.int16)])


def test_tracks_a_steady_pitch():
    _, f0 = pitch_track(voiced(150, 150))
    assert np.nanmedian(f0) == pytest.approx(150, rel=0.02)
    assert np.mean(~np.isnan(f0)) > 0.8


@pytest.mark.parametrize(("start", "end", "sign"), [(120, 180, 1), (180, 120, -1), (140, 140, 0)])
def test_slope_follows_the_final_glide(start, end, sign):
    slope = final_pitch_slope(with_silence(np.concatenate([voiced(140, 140, 0.5), voiced(start, end, 0.3)])))
    assert slope is not None
    if sign == 0:
        assert abs(slope) < 0.1
    else:
        assert slope * sign > 0.8  # log2(1.5) octaves over 0.3 s ≈ 1.95 octaves/s, fitted over 0.25 s


def test_silence_and_noise_give_no_slope():
    assert final_pitch_slope(np.zeros(RATE, np.int16)) is None
    noise = (np.random.default_rng(0).standard_normal(RATE) * 3000).astype(np.int16)
    assert final_pitch_slope(noise) is None


def test_only_the_end_counts():
    """A rise long before the end (then a level stretch) is not a final rise."""
    pcm = with_silence(np.concatenate([voiced(110, 200, 0.4), voiced(200, 200, 0.8)]))
    assert abs(final_pitch_slope(pcm)) < 0.1


def _espeak(text: str) -> np.ndarray:
    return resample_int16(espeak_utterance(text), 48_000, RATE)


def test_espeak_questions_rise_and_broken_off_phrases_do_not():
    from streaming.turn_config import TurnConfig

    rise = TurnConfig().rise_threshold  # the served threshold (0.15 octave/s)
    for question in ("주민등록등본은 어디서 떼요?", "보청기 지원을 받을 수 있나요?"):
        slope = final_pitch_slope(_espeak(question))
        assert slope is not None and slope >= rise, (question, slope)
    for phrase in ("장기요양 등급을 그", "음 국민연금을"):
        slope = final_pitch_slope(_espeak(phrase))
        assert slope is None or slope < rise, (phrase, slope)
