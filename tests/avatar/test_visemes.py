"""Mouth-shape mapping and mouth-track timing (no rendering)."""

from __future__ import annotations

import numpy as np
import pytest

from avatar.visemes import (
    HOP,
    HOPS_PER_FRAME,
    PARAMS,
    frame_target,
    shape_of,
    smooth_step,
    track_from_audio,
    track_from_visemes,
)
from streaming.types import OUTPUT_RATE, SAMPLES_PER_VIDEO_FRAME, VISEMES, VisemeEvent

OPEN, SPREAD, TEETH, PRESS = (PARAMS.index(p) for p in ("open", "spread", "teeth", "press"))


def test_every_viseme_label_has_a_distinct_shape():
    shapes = {v: tuple(shape_of(v)) for v in VISEMES}
    assert len(set(shapes.values())) == len(VISEMES)
    assert HOP * HOPS_PER_FRAME == SAMPLES_PER_VIDEO_FRAME


def test_shapes_follow_phonetics():
    assert shape_of("sil")[OPEN] == 0 and shape_of("M")[OPEN] == 0
    assert shape_of("M")[PRESS] > 0.5
    assert shape_of("A")[OPEN] > shape_of("E")[OPEN] > shape_of("I")[OPEN] > shape_of("S")[OPEN]
    assert shape_of("O")[SPREAD] < 0 and shape_of("U")[SPREAD] < shape_of("O")[SPREAD]
    assert shape_of("I")[SPREAD] > shape_of("E")[SPREAD] > 0
    assert shape_of("F")[TEETH] == 1 and shape_of("S")[TEETH] == 1


def test_unknown_label_is_a_neutral_half_open_mouth():
    v = shape_of("xyz")
    assert 0.2 < v[OPEN] < 0.6 and v[SPREAD] == 0


def test_viseme_track_timing_is_exact_to_the_hop():
    events = (VisemeEvent(start=10 * HOP, viseme="A", duration=5 * HOP),
              VisemeEvent(start=15 * HOP, viseme="M", duration=3 * HOP),
              VisemeEvent(start=18 * HOP, viseme="O", duration=4 * HOP))
    track = track_from_visemes(events, 30 * HOP + 7)
    assert track.shape == (31, len(PARAMS))
    assert np.all(track[:10, OPEN] == 0)
    assert np.all(track[10:15] == shape_of("A"))
    assert np.all(track[15:18] == shape_of("M"))
    assert np.all(track[18:22] == shape_of("O"))
    assert np.all(track[22:] == 0)


def _tone(freq: float, seconds: float, amp: float = 8000) -> np.ndarray:
    t = np.arange(int(seconds * OUTPUT_RATE)) / OUTPUT_RATE
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.int16)


def test_audio_track_opens_on_sound_and_closes_on_silence():
    pcm = np.concatenate([np.zeros(OUTPUT_RATE // 2, np.int16), _tone(220, 0.5), np.zeros(OUTPUT_RATE // 2, np.int16)])
    track = track_from_audio(pcm)
    hops = len(pcm) // HOP
    assert track.shape == (hops, len(PARAMS))
    assert np.all(track[:50, OPEN] == 0)
    assert track[55:95, OPEN].mean() > 0.6
    assert np.all(track[101:, OPEN] == 0)


def test_audio_track_rounds_dark_vowels_and_spreads_bright_ones():
    low = track_from_audio(_tone(300, 0.3))
    bright = track_from_audio((_tone(2600, 0.3).astype(np.int32) + _tone(180, 0.3, 1500)).astype(np.int16))
    assert low[5:-5, SPREAD].mean() < -0.3
    assert bright[5:-5, SPREAD].mean() > 0.3


def test_audio_track_marks_hiss_as_sibilant():
    rng = np.random.default_rng(0)
    noise = rng.normal(0, 1, OUTPUT_RATE // 3)
    spec = np.fft.rfft(noise)
    spec[np.fft.rfftfreq(len(noise), 1 / OUTPUT_RATE) < 5000] = 0
    hiss = (np.fft.irfft(spec, len(noise)) / np.abs(np.fft.irfft(spec, len(noise))).max() * 6000).astype(np.int16)
    track = track_from_audio(hiss)
    assert np.allclose(track[3:-3], shape_of("S")[[0, 1, 2, 3]] * [1, 1, 1, 0], atol=1e-6)


@pytest.mark.parametrize("onset_hop", [0, 1, 2, 3])
def test_frame_target_opens_when_any_part_of_the_slice_speaks(onset_hop):
    hops = np.zeros((HOPS_PER_FRAME, len(PARAMS)), np.float32)
    hops[onset_hop:] = shape_of("A")
    assert frame_target(hops)[OPEN] >= 0.8


def test_smoothing_has_no_onset_lag_and_keeps_bilabial_closures():
    closed, a, m = shape_of("sil"), shape_of("A"), shape_of("M")
    first = smooth_step(closed, a, a)
    assert first[OPEN] >= 0.8  # the onset frame is already open
    before = smooth_step(closed, closed, a)
    assert before[OPEN] < 0.2  # only a hint of anticipation one frame earlier
    assert smooth_step(a, m, a)[OPEN] <= 0.1  # M closes the lips even between open vowels
