"""The level-onset detector that pauses the avatar before the VAD confirms speech."""

from __future__ import annotations

import numpy as np

from streaming.onset import LevelOnset

PACKET = 320  # 20 ms at 16 kHz


def noise(dbfs: float, n: int = PACKET, seed: int = 0) -> np.ndarray:
    amp = 32768 * 10 ** (dbfs / 20)
    return (np.random.default_rng(seed).standard_normal(n) * amp).astype(np.int16)


def test_speech_level_over_a_quiet_room_fires_in_the_first_packet():
    onset = LevelOnset()
    assert not any(onset.push(noise(-65, seed=i)) for i in range(50))
    assert onset.push(noise(-25, seed=99))


def test_a_steady_loud_background_is_learned_and_does_not_fire():
    onset = LevelOnset()
    fired = [onset.push(noise(-35, seed=i)) for i in range(400)]  # a television left on for 8 s
    assert any(fired[:5])  # it was a jump at first
    assert not any(fired[-100:])  # then it is the floor
    assert onset.push(noise(-10, seed=1000))  # a voice well above it still fires


def test_silence_and_faint_sounds_never_fire():
    onset = LevelOnset()
    assert not onset.push(np.zeros(PACKET, np.int16))
    assert not any(onset.push(noise(-55, seed=i)) for i in range(20))  # below the absolute minimum


def test_a_noise_that_goes_on_fires_once_when_learned_as_background():
    """A vacuum cleaner switched on: the session releases the unconfirmed hold and learns its level."""
    onset = LevelOnset()
    for i in range(20):
        onset.push(noise(-65, seed=i))
    assert onset.push(noise(-30, seed=100))
    onset.learn_background()
    assert not any(onset.push(noise(-30, seed=200 + i)) for i in range(50))
    assert onset.push(noise(-5, seed=300))  # speech well above the new floor still fires
